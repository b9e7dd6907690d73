//! Regional spreaders: which partners carry a source's ties into a region.
//!
//! For a source country `s` and a region `R`, a country `v` scores the share
//! of shortest paths from `s` to the countries of `R` (other than `v`) that
//! pass through `v`, averaged over those countries. Beside the score the
//! report gives `v`'s own tie strength to `s`, how many countries of `R` it
//! touches directly, and whether a source states `v` as a hub
//! (`hub_designation`). docs/analysis.md explains the measure and where it
//! misleads.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::{betweenness_subset, distances, Csr};
use crate::model::{EdgeKind, Graph, NodeKind, Region, View, Weight};

/// The spreader score of every node for paths from `source` to `targets`.
///
/// `score[v] = Σ_{t ∈ T, t ≠ v} σ_st(v) / σ_st  ÷  |T ∖ {v}|`, where `T` is
/// `targets` without `source`, `σ_st` the number of shortest `s`–`t` paths
/// and `σ_st(v)` those through `v`: the share of shortest paths into the
/// region that pass through `v`. The source scores 0; a node whose `T ∖ {v}`
/// is empty scores 0; an unreachable target adds 0 for everyone.
///
/// It equals NetworkX's
/// `betweenness_centrality_subset(G, sources=[s], targets=T - {v})[v]`
/// times 2 (NetworkX halves undirected values) divided by `|T - {v}|`.
///
/// # Arguments
/// - `g`: the graph; hop counts (weights are ignored).
/// - `source`: the country the model spreads from.
/// - `targets`: the region's members.
///
/// # Returns
/// One score per node, in `[0, 1]`.
///
/// # Complexity
/// One breadth-first search and one accumulation: O(V + E).
///
/// # Examples
/// ```
/// use egov_graph::analysis::{spread_scores, Csr};
/// // 0 reaches the region {3, 4} only through 1 (to 3 and 4) or 2 (to 3).
/// let g = Csr::undirected(5, [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0), (1, 4, 1.0)]);
/// let s = spread_scores(&g, 0, &[3, 4]);
/// assert!((s[1] - 0.75).abs() < 1e-12); // half the paths to 3, all to 4
/// assert!((s[2] - 0.25).abs() < 1e-12);
/// ```
pub fn spread_scores(g: &Csr, source: u32, targets: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let mut t: Vec<u32> = targets
        .iter()
        .copied()
        .filter(|&x| x != source && (x as usize) < n)
        .collect();
    t.sort_unstable();
    t.dedup();
    let raw = betweenness_subset(g, &[source], &t);
    raw.iter()
        .enumerate()
        .map(|(v, &r)| {
            let own = usize::from(t.binary_search(&(v as u32)).is_ok());
            let denom = t.len() - own;
            if v as u32 == source || denom == 0 {
                0.0
            } else {
                r / denom as f64
            }
        })
        .collect()
}

/// One candidate spreader.
#[derive(Debug, Clone, PartialEq)]
pub struct Spreader {
    /// The country (a graph node).
    pub node: NodeIndex,
    /// Its score (see [`spread_scores`]).
    pub score: f64,
    /// The summed strength of its direct ties to the source in the view (0
    /// if none).
    pub tie_strength: f64,
    /// How many countries of the region (other than itself) it touches
    /// directly in the view.
    pub reach: usize,
    /// `hub_designation` edges from the source's side naming it a hub for
    /// this region.
    pub designations: Vec<EdgeIndex>,
    /// `hub_designation` edges naming it a hub for another region.
    pub other_designations: Vec<EdgeIndex>,
}

/// The spreaders of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSpreaders {
    /// The region.
    pub region: Region,
    /// Its members in the view, other than the source.
    pub targets: usize,
    /// How many of them the source reaches at all.
    pub reachable: usize,
    /// Countries with a score above 0, best first (then by tie strength,
    /// then id).
    pub spreaders: Vec<Spreader>,
}

/// Ranks the countries that carry `source`'s ties into `region`, on the
/// undirected hop graph of `view`.
///
/// # Complexity
/// O(V + E) for the scores, plus one pass over the edges for ties and
/// designations.
pub fn spreaders(g: &Graph, view: &View, source: NodeIndex, region: &Region) -> RegionSpreaders {
    let csr = view.csr(false, Weight::Hops);
    let Some(s) = view.fold(source) else {
        return RegionSpreaders {
            region: region.clone(),
            targets: 0,
            reachable: 0,
            spreaders: Vec::new(),
        };
    };
    let mut targets: Vec<u32> = region
        .members
        .iter()
        .filter_map(|&m| view.fold(m))
        .filter(|&t| t != s)
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let scores = spread_scores(&csr, s, &targets);
    let dist = distances(&csr, s);
    let reachable = targets
        .iter()
        .filter(|&&t| dist.get(t as usize).is_some_and(Option::is_some))
        .count();
    let region_key = crate::model::fold_text(&region.name);
    // The source's hub designations, read once: (edge, view node named,
    // whether for this region). Only hub_designation edges are built in
    // full, so a large database is not decoded edge by edge.
    let mut hub_edges = Vec::new();
    g.for_each_edge_summary(|e| {
        if e.kind == EdgeKind::HubDesignation && view.fold(e.from) == Some(s) {
            hub_edges.push(e.index);
        }
    });
    let hubs: Vec<(EdgeIndex, u32, bool)> = hub_edges
        .into_iter()
        .filter_map(|ix| {
            let e = g.edge(ix)?;
            let to = view.fold(e.to)?;
            let same = e
                .edge
                .region
                .as_deref()
                .is_some_and(|r| crate::model::fold_text(r) == region_key);
            Some((ix, to, same))
        })
        .collect();
    let mut out: Vec<Spreader> = Vec::new();
    for (v, &score) in scores.iter().enumerate() {
        let v = v as u32;
        let Some(node) = view.node(v) else { continue };
        if score <= 0.0 || g.node(node).is_none_or(|n| n.kind != NodeKind::Country) {
            continue;
        }
        let reach = csr
            .neighbors(v)
            .iter()
            .filter(|x| targets.binary_search(x).is_ok())
            .count();
        let tie_strength = view.between(s, v).map_or(0.0, |e| e.strength);
        let (mut designations, mut other_designations) = (Vec::new(), Vec::new());
        for &(ix, to, same) in &hubs {
            if to == v {
                if same {
                    designations.push(ix);
                } else {
                    other_designations.push(ix);
                }
            }
        }
        out.push(Spreader {
            node,
            score,
            tie_strength,
            reach,
            designations,
            other_designations,
        });
    }
    let id = |x: &Spreader| g.node(x.node).map(|n| n.id.clone());
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.tie_strength.total_cmp(&a.tie_strength))
            .then_with(|| id(a).cmp(&id(b)))
    });
    RegionSpreaders {
        region: region.clone(),
        targets: targets.len(),
        reachable,
        spreaders: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_not_counted_against_itself() {
        // 0 - 1 - 2, region {1, 2}: 1 carries every path to 2; its own
        // membership does not dilute its score.
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let s = spread_scores(&g, 0, &[1, 2]);
        assert_eq!(s, vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn unreachable_targets_add_nothing_and_ties_split() {
        // 0 reaches 3 through 1 or 2 equally; 4 is cut off.
        let g = Csr::undirected(5, [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)]);
        let s = spread_scores(&g, 0, &[3, 4]);
        assert!(
            (s[1] - 0.25).abs() < 1e-12 && (s[2] - 0.25).abs() < 1e-12,
            "{s:?}"
        );
        assert_eq!(s[0], 0.0);
    }

    #[test]
    fn source_in_targets_and_empty_region_score_zero() {
        let g = Csr::undirected(2, [(0, 1, 1.0)]);
        assert_eq!(spread_scores(&g, 0, &[0]), vec![0.0, 0.0]);
        assert_eq!(spread_scores(&g, 0, &[]), vec![0.0, 0.0]);
    }
}
