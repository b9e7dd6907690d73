//! Pure functions over a compact graph: paths, centralities, spreaders.
//!
//! Nothing here reads files or knows about flags. A command builds a view of
//! the model, turns it into a [`Csr`] once, and calls these functions with
//! node indices `0..n`. One algorithm family per file; the public API is
//! re-exported flat from here (as petgraph's `algo/mod.rs` does).

mod csr;
mod heap;

pub use csr::Csr;

// Paths: shortest, all shortest, k shortest (Yen), hop distances, ego.
mod hops;
mod meet;
mod shortest;
mod yen;
pub use hops::{distances, ego};
pub use meet::fewest_hops;
pub use shortest::{all_shortest_paths, shortest_path, Path};
pub use yen::k_shortest_paths;

// Centrality (one algorithm per file).
mod betweenness;
mod closeness;
mod degree;
mod eigenvector;
mod holes;
mod modules;
mod pagerank;
mod subset;
pub use betweenness::{betweenness, betweenness_sampled, sample_sources};
pub use closeness::closeness;
pub use degree::degree_centrality;
pub use eigenvector::{eigenvector, NotConverged};
pub use holes::{constraint, effective_size};
pub use modules::{participation, within_module_z};
pub use pagerank::pagerank;
pub use subset::betweenness_subset;
// End of centrality.

// Regional spreaders.
mod spreaders;
pub use spreaders::{
    broker_role, Broker, Layer, LayerWeights, Link, RegionSpreaders, Spreader, Spreading,
};

// Brokerage roles (Gould and Fernandez).
mod brokerage;
pub use brokerage::{brokerage, brokerage_report, BrokerageOptions, BrokerageReport, Role, Roles};

// Communities.
mod community;
pub use community::{
    communities, label_propagation, louvain, modularity, view_communities, CommunityMethod,
    Partition,
};

// One name per centrality (diagrams size and colour nodes by them).
mod measure;
pub use measure::{measure, Measure};

// The questions the commands ask, one function each.
mod questions;
pub use questions::{
    hubs, path, view_node, FoundPath, Hop, HubRow, HubsAnswer, HubsMetric, HubsQuery, PathAnswer,
    PathQuery, PathsWanted,
};
