//! The path question: how two actors are linked, each hop with the edges
//! (and so the citations) behind it.

use petgraph::stable_graph::NodeIndex;

use crate::analysis::{self, Path};
use crate::model::{tie_strength, Filter, Folding, Graph, Level, OwnedEdge, Ties, View, Weight};
use crate::Result;

use super::view_node;

/// Which paths to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathsWanted {
    /// One shortest path (ties broken towards lower view indices).
    #[default]
    Shortest,
    /// Every shortest path, at most this many.
    All(usize),
    /// The `k` shortest loopless paths (Yen), shortest first.
    K(usize),
}

/// What [`path`](fn@path) is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct PathQuery {
    /// Where the path starts: an id, name or alias (see [`Graph::resolve`]);
    /// at the country level a ministry means its country.
    pub from: String,
    /// Where it ends, as `from`.
    pub to: String,
    /// How far nodes fold together (default: country).
    pub level: Level,
    /// Which edges count (default: every tie and the context edges).
    pub filter: Filter,
    /// Follow edges in their direction only (default: both ways).
    pub directed: bool,
    /// Cheapest by cost 1/strength instead of fewest hops, so that strong,
    /// recent ties are preferred (default: fewest hops).
    pub weighted: bool,
    /// One path, every shortest one, or the k shortest.
    pub wanted: PathsWanted,
}

impl PathQuery {
    /// The fewest-hops path from `from` to `to` on the default view.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> PathQuery {
        PathQuery {
            from: from.into(),
            to: to.into(),
            level: Level::default(),
            filter: Filter::default(),
            directed: false,
            weighted: false,
            wanted: PathsWanted::default(),
        }
    }
}

/// One hop of a path: two view nodes and the edges that tie them.
#[derive(Debug, Clone)]
pub struct Hop {
    /// The node the hop leaves (the graph node its view node stands for).
    pub from: NodeIndex,
    /// The node it reaches.
    pub to: NodeIndex,
    /// The merged tie's strength (see [`tie_strength`]).
    pub strength: f64,
    /// The edges behind the tie, strongest first (ties by edge index).
    pub evidence: Vec<OwnedEdge>,
}

/// A path found.
#[derive(Debug, Clone)]
pub struct FoundPath {
    /// The nodes, `from` first and `to` last.
    pub nodes: Vec<NodeIndex>,
    /// Hops (unweighted) or the sum of costs (weighted).
    pub cost: f64,
    /// One per consecutive pair of `nodes`.
    pub hops: Vec<Hop>,
}

/// What [`path`](fn@path) answers.
#[derive(Debug, Clone)]
pub struct PathAnswer {
    /// The node `from` resolved to (at the query's level).
    pub from: NodeIndex,
    /// The node `to` resolved to.
    pub to: NodeIndex,
    /// The level the path was searched at.
    pub level: Level,
    /// The paths, shortest first; empty when `to` cannot be reached.
    pub paths: Vec<FoundPath>,
}

/// Finds how `q.from` and `q.to` are linked in the view `q` describes.
///
/// # Arguments
/// * `g`: the graph.
/// * `q`: the two ends, the view (level, filter, direction) and which paths.
///
/// # Returns
/// The resolved ends and the paths found, each hop with the edges behind
/// it. No path is an answer with no paths, not an error.
///
/// # Errors
/// [`Error::UnknownNode`](crate::Error::UnknownNode) when an end matches
/// no node; [`Error::NotInView`](crate::Error::NotInView) when it folds
/// into no node of the view.
///
/// # Complexity
/// The fewest hops between two nodes are searched from both ends on the
/// graph itself ([`fewest_hops`](super::super::fewest_hops)), without
/// building the view; the other searches build the view (O(V + E)) and run
/// BFS, Dijkstra, all shortest paths or Yen on it.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{path, PathQuery};
/// let g = egov_graph::builtin::graph()?;
/// let a = path(&g, &PathQuery::new("fr", "kr"))?;
/// let p = &a.paths[0];
/// assert_eq!(p.nodes.first(), Some(&a.from));
/// assert_eq!(p.hops.len(), p.nodes.len() - 1);
/// # Ok::<(), egov_graph::Error>(())
/// ```
pub fn path(g: &Graph, q: &PathQuery) -> Result<PathAnswer> {
    let plain = !q.weighted && q.wanted == PathsWanted::Shortest;
    let (folding, ties, s, t, paths) = if plain {
        // The fewest hops: searched from both ends on the graph itself,
        // then only the ties along the path are merged.
        let bare = Folding::new(g, q.level);
        let s = view_node(g, &bare, &q.from)?;
        let t = view_node(g, &bare, &q.to)?;
        let paths: Vec<Path> = analysis::fewest_hops(g, &bare, &q.filter, s, t, q.directed)
            .into_iter()
            .collect();
        let along: Vec<u32> = paths.first().map(|p| p.nodes.clone()).unwrap_or_default();
        let ties = Ties::along(g, &bare, &q.filter, &along);
        (bare, ties, s, t, paths)
    } else {
        let v = View::new(g, q.level, &q.filter);
        let s = view_node(g, &v, &q.from)?;
        let t = view_node(g, &v, &q.to)?;
        let weight = if q.weighted {
            Weight::Cost
        } else {
            Weight::Hops
        };
        let csr = v.csr(q.directed, weight);
        let paths: Vec<Path> = match q.wanted {
            PathsWanted::K(k) => analysis::k_shortest_paths(&csr, s, t, k, q.weighted),
            PathsWanted::All(limit) => analysis::all_shortest_paths(&csr, s, t, q.weighted, limit),
            PathsWanted::Shortest => analysis::shortest_path(&csr, s, t, q.weighted)
                .into_iter()
                .collect(),
        };
        let (f, ties) = v.into_parts();
        (f, ties, s, t, paths)
    };
    let latest = g.latest_year().unwrap_or(2000);
    let node = |x: u32| folding.node(x).unwrap_or_default();
    let paths = paths
        .iter()
        .map(|p| FoundPath {
            nodes: p.nodes.iter().map(|&x| node(x)).collect(),
            cost: p.cost,
            hops: p
                .nodes
                .windows(2)
                .filter_map(|pair| {
                    let ve = ties.between(pair[0], pair[1])?;
                    Some(Hop {
                        from: node(pair[0]),
                        to: node(pair[1]),
                        strength: ve.strength,
                        evidence: evidence(g, ties.behind(ve), latest),
                    })
                })
                .collect(),
        })
        .collect();
    Ok(PathAnswer {
        from: node(s),
        to: node(t),
        level: q.level,
        paths,
    })
}

/// The edges behind a hop, strongest first. Each is built alone: a hop
/// between two countries of a large graph has hundreds of edges scattered
/// over the file.
fn evidence(
    g: &Graph,
    behind: &[petgraph::stable_graph::EdgeIndex],
    latest: i16,
) -> Vec<OwnedEdge> {
    let mut ev: Vec<OwnedEdge> = behind.iter().filter_map(|&i| g.edge_alone(i)).collect();
    ev.sort_by(|x, y| {
        tie_strength(&y.edge, latest)
            .total_cmp(&tie_strength(&x.edge, latest))
            .then_with(|| x.index.cmp(&y.index))
    });
    ev
}
