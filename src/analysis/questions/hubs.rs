//! The hubs question: which nodes are central, by one or more measures.

use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use crate::analysis::{self, Csr};
use crate::model::{Filter, Folding, Graph, Level, NodeKind, Partition, Weight};
use crate::{Error, Result};

/// A node measure [`hubs`](fn@hubs) computes and ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HubsMetric {
    /// Degree centrality: neighbours / (n - 1) (NetworkX `degree_centrality`).
    Degree,
    /// Normalised betweenness (Brandes; NetworkX `betweenness_centrality`).
    Betweenness,
    /// Closeness, Wasserman–Faust for disconnected graphs.
    Closeness,
    /// Eigenvector centrality.
    Eigenvector,
    /// PageRank, alpha 0.85.
    Pagerank,
    /// Burt's constraint; ranked least constrained first.
    Constraint,
    /// Burt's effective size.
    EffectiveSize,
    /// Participation coefficient over [`HubsQuery::modules`] (Guimerà–Amaral).
    Participation,
    /// Within-module degree z-score over [`HubsQuery::modules`].
    WithinModuleZ,
}

impl HubsMetric {
    /// The five centralities, in the order `hubs --metric all` prints them.
    pub const CENTRALITIES: [HubsMetric; 5] = [
        HubsMetric::Degree,
        HubsMetric::Betweenness,
        HubsMetric::Closeness,
        HubsMetric::Eigenvector,
        HubsMetric::Pagerank,
    ];

    /// The lower-case name (as JSON keys and table headers print it).
    pub fn as_str(self) -> &'static str {
        match self {
            HubsMetric::Degree => "degree",
            HubsMetric::Betweenness => "betweenness",
            HubsMetric::Closeness => "closeness",
            HubsMetric::Eigenvector => "eigenvector",
            HubsMetric::Pagerank => "pagerank",
            HubsMetric::Constraint => "constraint",
            HubsMetric::EffectiveSize => "effective_size",
            HubsMetric::Participation => "participation",
            HubsMetric::WithinModuleZ => "within_module_z",
        }
    }
}

/// What [`hubs`](fn@hubs) is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct HubsQuery {
    /// How far nodes fold together (default: country).
    pub level: Level,
    /// Which edges count (default: every tie and the context edges).
    pub filter: Filter,
    /// The measures computed, in this order (default: the five
    /// centralities, [`HubsMetric::CENTRALITIES`]).
    pub metrics: Vec<HubsMetric>,
    /// The measures ranked by: the first, highest first (constraint:
    /// lowest first), its ties by the second, and so on; then by degree
    /// (more neighbours first), then by name. A measure named here that
    /// `metrics` lacks is computed and shown after them. Empty (the
    /// default): the first of `metrics`.
    pub sort: Vec<HubsMetric>,
    /// Leave out nodes without a tie in the view (default: they are listed,
    /// after every node with one).
    pub connected_only: bool,
    /// Use tie strength: as a length (1/strength) for betweenness and
    /// closeness, as a weight for the others (NetworkX's conventions).
    /// Default: every tie counts 1.
    pub weighted: bool,
    /// Estimate betweenness from this many sampled sources; `None` (the
    /// default) is exact.
    pub samples: Option<usize>,
    /// Rank only nodes of these kinds; empty (the default) ranks all.
    pub node_kinds: Vec<NodeKind>,
    /// The modules of participation and the within-module z-score
    /// (default: region).
    pub modules: Partition,
    /// At most this many rows (default 20).
    pub top: usize,
}

impl Default for HubsQuery {
    fn default() -> HubsQuery {
        HubsQuery {
            level: Level::default(),
            filter: Filter::default(),
            metrics: HubsMetric::CENTRALITIES.to_vec(),
            sort: Vec::new(),
            connected_only: false,
            weighted: false,
            samples: None,
            node_kinds: Vec::new(),
            modules: Partition::Region,
            top: 20,
        }
    }
}

/// One ranked node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubRow {
    /// The graph node (its view node stands for it and what folds into it).
    #[serde(skip)]
    pub node: NodeIndex,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its neighbours in the view (ties of any kind the view keeps).
    pub degree: usize,
    /// Its region, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The value of each of [`HubsAnswer::metrics`], in that order.
    pub values: Vec<f64>,
}

/// What [`hubs`](fn@hubs) answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubsAnswer {
    /// The measures of each row's `values`.
    pub metrics: Vec<HubsMetric>,
    /// The ranked nodes, first first.
    pub rows: Vec<HubRow>,
}

/// Ranks the nodes of the view `q` describes by centrality.
///
/// # Arguments
/// * `g`: the graph.
/// * `q`: the view, the measures, the one ranked by and how many rows.
///
/// # Returns
/// The top `q.top` nodes: those with a tie in the view first, ranked by
/// `q.sort` (highest first; lowest for constraint; NaN, Burt's measures of
/// a node without ties, last), then by degree, then by name (then id).
///
/// # Errors
/// [`Error::NotConverged`] when eigenvector or PageRank does not converge;
/// an error of [`Folding::groups`] when `q.modules` names no attribute of the
/// view's nodes (participation, within-module z).
///
/// # Complexity
/// That of the measures: O(V·E) for betweenness and closeness (O(k·E)
/// sampled), O(V + E) per iteration for eigenvector and PageRank; then
/// O(V + top·log top) to pick and sort the rows.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{hubs, HubsMetric, HubsQuery};
/// let g = egov_graph::builtin::graph()?;
/// let q = HubsQuery {
///     metrics: vec![HubsMetric::Pagerank],
///     top: 3,
///     ..HubsQuery::default()
/// };
/// let a = hubs(&g, &q)?;
/// assert_eq!(a.rows.len(), 3);
/// assert!(a.rows[0].values[0] >= a.rows[1].values[0]);
/// # Ok::<(), egov_graph::Error>(())
/// ```
pub fn hubs(g: &Graph, q: &HubsQuery) -> Result<HubsAnswer> {
    // The folded nodes and the compact graph straight from the edges: the
    // ranking needs no list of the edges behind each tie.
    let v = Folding::new(g, q.level);
    let lengths = Csr::of_ties(
        g,
        &v,
        &q.filter,
        if q.weighted {
            Weight::Cost
        } else {
            Weight::Hops
        },
    );
    let strengths: Csr = if q.weighted {
        Csr::of_ties(g, &v, &q.filter, Weight::Strength)
    } else {
        lengths.clone()
    };
    let mut wanted = q.metrics.clone();
    for m in &q.sort {
        if !wanted.contains(m) {
            wanted.push(*m);
        }
    }
    let sort: Vec<HubsMetric> = if q.sort.is_empty() {
        wanted.first().copied().into_iter().collect()
    } else {
        q.sort.clone()
    };
    let mut values: Vec<(HubsMetric, Vec<f64>)> = Vec::new();
    for &m in &wanted {
        let x = match m {
            HubsMetric::Degree => analysis::degree_centrality(&lengths),
            HubsMetric::Betweenness => match q.samples {
                Some(k) => analysis::betweenness_sampled(&lengths, q.weighted, true, k, 1),
                None => analysis::betweenness(&lengths, q.weighted, true),
            },
            HubsMetric::Closeness => analysis::closeness(&lengths, q.weighted),
            HubsMetric::Eigenvector => analysis::eigenvector(&strengths, q.weighted, 10_000, 1e-13)
                .map_err(|e| Error::NotConverged {
                    what: "eigenvector centrality",
                    reason: e.to_string(),
                })?,
            HubsMetric::Pagerank => analysis::pagerank(&strengths, 0.85, q.weighted, 100, 1e-6)
                .map_err(|e| Error::NotConverged {
                    what: "pagerank",
                    reason: e.to_string(),
                })?,
            // Burt's measures and the module roles weigh ties by strength
            // when weighted, as NetworkX's `weight=`.
            HubsMetric::Constraint => analysis::constraint(&strengths),
            HubsMetric::EffectiveSize => analysis::effective_size(&strengths),
            HubsMetric::Participation | HubsMetric::WithinModuleZ => {
                let modules = v.groups(g, &q.modules)?;
                if m == HubsMetric::Participation {
                    analysis::participation(&strengths, &modules.of)
                } else {
                    analysis::within_module_z(&strengths, &modules.of)
                }
            }
        };
        values.push((m, x));
    }
    // Highest first, but least constrained first (brokerage opportunity);
    // NaN (Burt's measures of an isolated node) last.
    let keys: Vec<Vec<f64>> = sort
        .iter()
        .filter_map(|m| {
            let sign = if *m == HubsMetric::Constraint {
                -1.0
            } else {
                1.0
            };
            let (_, x) = values.iter().find(|(w, _)| w == m)?;
            Some(
                x.iter()
                    .map(|&y| {
                        if y.is_nan() {
                            f64::NEG_INFINITY
                        } else {
                            sign * y
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    let degree = |x: u32| lengths.degree(x);
    let mut order: Vec<u32> = (0..v.node_count() as u32)
        .filter(|&x| !q.connected_only || degree(x) > 0)
        .filter(|&x| {
            q.node_kinds.is_empty()
                || v.node(x)
                    .and_then(|ix| g.node_kind(ix))
                    .is_some_and(|k| q.node_kinds.contains(&k))
        })
        .collect();
    // Nodes with a tie first; then the keys, highest first; then degree;
    // then name and id: a total order, so the top `q.top` can be picked out
    // before sorting them (a million nodes need not be sorted).
    let name = |x: u32| v.node(x).and_then(|ix| g.node_name(ix)).unwrap_or("");
    let id = |x: u32| v.node(x).and_then(|ix| g.node_id(ix)).unwrap_or("");
    let rank = |x: &u32, y: &u32| {
        let (x, y) = (*x, *y);
        (degree(y) > 0)
            .cmp(&(degree(x) > 0))
            .then_with(|| {
                keys.iter()
                    .map(|k| k[y as usize].total_cmp(&k[x as usize]))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .then_with(|| degree(y).cmp(&degree(x)))
            .then_with(|| name(x).cmp(name(y)))
            .then_with(|| id(x).cmp(id(y)))
    };
    if q.top == 0 {
        order.clear();
    } else if order.len() > q.top {
        order.select_nth_unstable_by(q.top - 1, rank);
        order.truncate(q.top);
    }
    order.sort_by(rank);
    let rows = order
        .iter()
        .filter_map(|&x| {
            let node = v.node(x)?;
            let n = g.node(node)?;
            Some(HubRow {
                node,
                id: n.id.to_string(),
                name: n.name.clone(),
                kind: n.kind,
                degree: degree(x),
                region: n.region.clone(),
                values: values.iter().map(|(_, vals)| vals[x as usize]).collect(),
            })
        })
        .collect();
    Ok(HubsAnswer {
        metrics: values.iter().map(|(m, _)| *m).collect(),
        rows,
    })
}
