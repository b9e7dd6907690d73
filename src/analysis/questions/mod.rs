//! One function per question a command asks, for a crate user as for the
//! `egov` binary: [`path`](fn@path) between two actors, [`hubs`](fn@hubs)
//! ranked by centrality.
//!
//! Each takes the graph and a query struct (with `Default` where a query
//! has no required part, and documented fields in place of positional
//! flags), builds the view it needs, runs the algorithms of this module's
//! parent, and returns a plain typed answer that names graph nodes by
//! their [`NodeIndex`](petgraph::stable_graph::NodeIndex): the binary only
//! parses flags, calls one of these and prints the answer as a table, JSON
//! or CSV.

mod hubs;
mod path;

pub use hubs::{hubs, HubRow, HubsAnswer, HubsMetric, HubsQuery};
pub use path::{path, FoundPath, Hop, PathAnswer, PathQuery, PathsWanted};

use crate::model::{Folding, Graph};
use crate::{Error, Result};

/// The view node `query` (an id, name or alias) stands for: the node
/// itself, or the view node it folds into (at the country level, `kr-moi`
/// means `kr`).
///
/// # Errors
/// [`Error::UnknownNode`] when nothing matches `query`;
/// [`Error::NotInView`] when the node folds into no node of the view.
pub fn view_node(g: &Graph, folding: &Folding, query: &str) -> Result<u32> {
    let ix = g.resolve(query)?;
    folding.fold(ix).ok_or_else(|| Error::NotInView {
        query: query.to_string(),
    })
}
