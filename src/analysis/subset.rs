//! Betweenness restricted to paths from a set of sources to a set of
//! targets: the core of the "regional spreader" score.
//!
//! It shares the breadth-first Brandes kernel of [`super::betweenness`].

use super::betweenness::brandes;
use super::Csr;

/// Subset betweenness: for every node `v`, the sum over `s` in `sources` and
/// `t` in `targets` with `t != s` of `sigma_st(v) / sigma_st`, the fraction
/// of shortest `s`–`t` paths (counted in hops) that pass through `v`, where
/// `v` is neither `s` nor `t`.
///
/// This is NetworkX's
/// [`betweenness_centrality_subset(G, sources, targets, normalized=False)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.centrality.betweenness_centrality_subset.html)
/// **without its undirected factor 1/2**: for an undirected graph with at
/// least three nodes, NetworkX's value is half of this one (so this one is
/// NetworkX's times 2); for a directed graph they are equal. With
/// `sources == targets` on an undirected graph this counts every unordered
/// pair twice, once from each end.
///
/// # Arguments
/// * `g`: the graph; paths follow arc directions when it is directed.
/// * `sources`, `targets`: node indices. Each is taken as a set (a repeated
///   node counts once, where NetworkX would count a repeated source twice);
///   indices `>= n` are ignored.
///
/// # Returns
/// One raw (unnormalized) value per node, indexed by node.
///
/// # Complexity
/// O(|sources|·E) time, O(V + E) memory per thread; the sources are
/// shared among [`std::thread::available_parallelism`] threads.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{betweenness_subset, Csr};
/// // Path 0 - 1 - 2 - 3: from 0 to 3 the path crosses 1 and 2.
/// let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
/// assert_eq!(betweenness_subset(&g, &[0], &[3]), vec![0.0, 1.0, 1.0, 0.0]);
/// // From 0 to 2 only 1 is crossed.
/// assert_eq!(betweenness_subset(&g, &[0], &[2]), vec![0.0, 1.0, 0.0, 0.0]);
/// ```
pub fn betweenness_subset(g: &Csr, sources: &[u32], targets: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let mut is_source = vec![false; n];
    let mut ends = vec![0.0; n];
    let mut unique_sources = Vec::new();
    for &s in sources {
        if let Some(seen) = is_source.get_mut(s as usize) {
            if !*seen {
                *seen = true;
                unique_sources.push(s);
            }
        }
    }
    for &t in targets {
        if let Some(e) = ends.get_mut(t as usize) {
            *e = 1.0;
        }
    }
    brandes(g, &unique_sources, Some(&ends), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn star_centre_between_leaf_sources_and_targets() {
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        // Sources {1, 2}, targets {3, 4}: four pairs, all through 0.
        assert!(close(
            &betweenness_subset(&g, &[1, 2], &[3, 4]),
            &[4.0, 0.0, 0.0, 0.0, 0.0]
        ));
        // A target that is also a source is skipped for itself only.
        assert!(close(
            &betweenness_subset(&g, &[1, 2], &[1, 2]),
            &[2.0, 0.0, 0.0, 0.0, 0.0]
        ));
    }

    #[test]
    fn ties_split_and_targets_do_not_count_themselves() {
        // Square 0-1-2-3-0 plus pendant 4 on 2. From 0 to 4: 0-1-2-4 and
        // 0-3-2-4, so 1 and 3 get 1/2 each and 2 gets 1.
        let g = Csr::undirected(
            5,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 0, 1.0),
                (2, 4, 1.0),
            ],
        );
        assert!(close(
            &betweenness_subset(&g, &[0], &[4]),
            &[0.0, 0.5, 1.0, 0.5, 0.0]
        ));
        // Adding target 2 adds the 0-2 pair through 1 and 3, not 2 itself.
        assert!(close(
            &betweenness_subset(&g, &[0], &[2, 4]),
            &[0.0, 1.0, 1.0, 1.0, 0.0]
        ));
    }

    #[test]
    fn equals_full_betweenness_with_all_nodes_undirected_twice() {
        let g = Csr::undirected(
            5,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
            ],
        );
        let all: Vec<u32> = (0..5).collect();
        let full = super::super::betweenness(&g, false, false);
        let doubled: Vec<f64> = full.iter().map(|b| 2.0 * b).collect();
        assert!(close(&betweenness_subset(&g, &all, &all), &doubled));
    }

    #[test]
    fn directed_subset_follows_arcs() {
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        assert!(close(&betweenness_subset(&g, &[0], &[2]), &[0.0, 1.0, 0.0]));
        assert!(close(&betweenness_subset(&g, &[2], &[0]), &[0.0, 0.0, 0.0]));
    }

    #[test]
    fn unreachable_targets_disconnected_and_bad_indices_add_nothing() {
        let g = Csr::undirected(5, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        assert!(close(
            &betweenness_subset(&g, &[0, 0, 99], &[2, 3, 99]),
            &[0.0, 1.0, 0.0, 0.0, 0.0]
        ));
        assert!(close(&betweenness_subset(&g, &[], &[2]), &[0.0; 5]));
        assert!(betweenness_subset(&Csr::undirected(0, []), &[0], &[0]).is_empty());
        assert_eq!(
            betweenness_subset(&Csr::undirected(1, []), &[0], &[0]),
            vec![0.0]
        );
    }
}
