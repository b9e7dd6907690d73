//! The data model: ids, partial dates, kinds, records, the [`Graph`] and
//! its analysis views.
//!
//! Nothing here reads or writes files or knows about the command line;
//! `io` and `store` turn files into these types, `analysis` computes on
//! views of them.

pub mod collection;
pub(crate) mod column;
mod date;
mod edge_id;
mod fold;
mod graph;
mod id;
mod input;
mod kind;
pub(crate) mod packed;
mod partition;
mod record;
mod region;
mod search;
mod validate;
mod view;

/// The hasher of the tables keyed by ids and strings when a graph is
/// validated or packed: fast on short keys, seeded per process.
type Fast = foldhash::fast::RandomState;

pub use date::{InvalidDate, PartialDate};
pub use edge_id::{default_base as default_edge_id, EdgeId, EdgeIds, MAX_EDGE_ID_LEN};
pub use fold::fold as fold_text;
pub use graph::{Dataset, EdgeSummary, EdgeView, Graph, OwnedEdge};
pub use id::{Id, InvalidId, MAX_ID_LEN};
pub use input::{
    Diagnostic, Input, InputEdge, InputNode, InputSource, Loc, Located, Open, Severity,
};
pub use kind::{EdgeKind, EdgeStatus, NodeKind};
pub use partition::{Groups, Partition};
pub use record::{Citation, Edge, Node, Source};
pub use region::{Region, RegionKind};
pub use search::Match;
pub use validate::{validate, validate_parts, Checked};
pub use view::{
    tie_strength, Filter, Folding, Level, Members, Strength, Ties, View, ViewEdge, Weight,
};
