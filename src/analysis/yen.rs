//! The k shortest loopless paths between two nodes (Yen's algorithm).
//!
//! Built on the backward search of `shortest.rs`: each "spur" search masks out
//! the nodes of the root path and the arcs already taken from the spur node.

use std::collections::HashSet;

use super::shortest::{
    is_node, path_cost, read_path, reverse, same_length, search_to_target, Mask, Path,
};
use super::Csr;

/// Returns the `k` shortest simple (loopless) paths from `s` to `t`, cheapest
/// first.
///
/// # Arguments
/// * `g`: the graph; arcs of a directed graph are followed in their direction.
/// * `s`, `t`: source and target node indices.
/// * `k`: the most paths to return.
/// * `weighted`: `false` counts hops; `true` sums the arc weights (expected
///   positive, see [`shortest_path`](super::shortest_path)).
///
/// # Returns
/// Up to `k` distinct simple paths in non-decreasing order of cost; fewer if
/// the graph has fewer simple paths from `s` to `t`, none if `t` is
/// unreachable or `k` is 0. Paths of equal cost come in lexicographic order
/// of their node indices, so the result is the first `k` of all simple paths
/// sorted by (cost, nodes). `s == t` gives the single one-node path.
///
/// # Complexity
/// O(k · L · (V + E) log V) weighted, O(k · L · (V + E)) in the number of
/// searches unweighted, for paths of at most L nodes: one search per spur
/// node of each path found, plus the bookkeeping of the candidate list.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{k_shortest_paths, Csr};
/// // 0 -> 1 -> 3 costs 2, 0 -> 2 -> 3 costs 3, 0 -> 3 costs 4.
/// let g = Csr::directed(4, [(0, 1, 1.0), (1, 3, 1.0), (0, 2, 1.0), (2, 3, 2.0), (0, 3, 4.0)]);
/// let paths = k_shortest_paths(&g, 0, 3, 5, true);
/// let costs: Vec<f64> = paths.iter().map(|p| p.cost).collect();
/// assert_eq!(costs, vec![2.0, 3.0, 4.0]);
/// assert_eq!(paths[2].nodes, vec![0, 3]);
/// ```
///
/// Reference: J. Y. Yen, "Finding the k shortest loopless paths in a
/// network", Management Science 17(11), 1971. Yields the same costs, in the
/// same order, as NetworkX `shortest_simple_paths`.
pub fn k_shortest_paths(g: &Csr, s: u32, t: u32, k: usize, weighted: bool) -> Vec<Path> {
    let mut found: Vec<Vec<u32>> = Vec::new();
    if k == 0 || !is_node(g, s) || !is_node(g, t) {
        return Vec::new();
    }
    let rev = reverse(g);
    let labels = search_to_target(g, &rev, t, s, weighted, &Mask::NONE);
    let Some(first) = read_path(g, &labels, s, t, weighted, &Mask::NONE) else {
        return Vec::new();
    };
    found.push(first);

    let mut candidates: Vec<(f64, Vec<u32>)> = Vec::new();
    let mut seen: HashSet<Vec<u32>> = found.iter().cloned().collect();
    let mut removed = vec![false; g.node_count()];
    while found.len() < k {
        let Some(last) = found.last() else { break };
        for i in 0..last.len().saturating_sub(1) {
            let root = &last[..=i];
            let spur = last[i];
            // Arcs out of the spur node already used by a found path with the
            // same root: a new path must leave the root another way.
            let blocked: Vec<u32> = found
                .iter()
                .filter(|p| p.len() > i + 1 && p[..=i] == *root)
                .map(|p| p[i + 1])
                .collect();
            removed.fill(false);
            for &x in &root[..i] {
                removed[x as usize] = true;
            }
            let mask = Mask {
                removed: &removed,
                from: spur,
                blocked: &blocked,
            };
            let labels = search_to_target(g, &rev, t, spur, weighted, &mask);
            if let Some(tail) = read_path(g, &labels, spur, t, weighted, &mask) {
                let mut nodes = root[..i].to_vec();
                nodes.extend(tail);
                if seen.insert(nodes.clone()) {
                    candidates.push((path_cost(g, &nodes, weighted), nodes));
                }
            }
        }
        let Some(best) = cheapest(&candidates) else {
            break;
        };
        found.push(candidates.swap_remove(best).1);
    }
    found
        .into_iter()
        .map(|nodes| Path {
            cost: path_cost(g, &nodes, weighted),
            nodes,
        })
        .collect()
}

/// The position of the cheapest candidate; among equal costs, the
/// lexicographically smallest path.
fn cheapest(candidates: &[(f64, Vec<u32>)]) -> Option<usize> {
    let min = candidates
        .iter()
        .map(|c| c.0)
        .min_by(|a, b| a.total_cmp(b))?;
    candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| same_length(c.0, min))
        .min_by(|(_, a), (_, b)| a.1.cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::super::shortest::tests::{assert_valid, simple_paths, small_graph};
    use super::*;
    use proptest::prelude::*;

    fn nodes_of(paths: &[Path]) -> Vec<Vec<u32>> {
        paths.iter().map(|p| p.nodes.clone()).collect()
    }

    #[test]
    fn k_larger_than_the_number_of_simple_paths_returns_them_all() {
        // A square 0-1-2-3-0 has two simple paths from 0 to 2.
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]);
        let paths = k_shortest_paths(&g, 0, 2, 10, false);
        assert_eq!(nodes_of(&paths), vec![vec![0, 1, 2], vec![0, 3, 2]]);
    }

    #[test]
    fn yen_classic_example() {
        // The example of the Wikipedia article on Yen's algorithm:
        // C=0 D=1 E=2 F=3 G=4 H=5, directed.
        let g = Csr::directed(
            6,
            [
                (0, 1, 3.0),
                (0, 2, 2.0),
                (1, 3, 4.0),
                (2, 1, 1.0),
                (2, 3, 2.0),
                (2, 4, 3.0),
                (3, 4, 2.0),
                (3, 5, 1.0),
                (4, 5, 2.0),
            ],
        );
        let paths = k_shortest_paths(&g, 0, 5, 3, true);
        assert_eq!(
            nodes_of(&paths),
            vec![vec![0, 2, 3, 5], vec![0, 2, 4, 5], vec![0, 1, 3, 5]]
        );
        let costs: Vec<f64> = paths.iter().map(|p| p.cost).collect();
        assert_eq!(costs, vec![5.0, 7.0, 8.0]);
    }

    #[test]
    fn unweighted_counts_hops() {
        let g = Csr::undirected(4, [(0, 3, 10.0), (0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let hops = k_shortest_paths(&g, 0, 3, 2, false);
        assert_eq!(nodes_of(&hops), vec![vec![0, 3], vec![0, 1, 2, 3]]);
        let cheap = k_shortest_paths(&g, 0, 3, 2, true);
        assert_eq!(nodes_of(&cheap), vec![vec![0, 1, 2, 3], vec![0, 3]]);
        assert_eq!(cheap[1].cost, 10.0);
    }

    #[test]
    fn nothing_when_unreachable_or_k_is_zero() {
        let g = Csr::directed(3, [(0, 1, 1.0), (2, 1, 1.0)]);
        assert!(k_shortest_paths(&g, 0, 2, 3, false).is_empty());
        assert!(k_shortest_paths(&g, 0, 1, 0, false).is_empty());
        assert!(k_shortest_paths(&g, 0, 9, 3, false).is_empty());
        assert_eq!(
            nodes_of(&k_shortest_paths(&g, 1, 1, 3, true)),
            vec![vec![1]]
        );
    }

    #[test]
    fn grid_paths_come_cheapest_first_and_distinct() {
        let g = super::super::shortest::tests::grid(10, 10);
        let paths = k_shortest_paths(&g, 0, 99, 60, false);
        assert_eq!(paths.len(), 60);
        for p in &paths {
            assert_valid(&g, p, 0, 99, false);
        }
        // C(18, 9) = 48620 paths of 18 hops come before any longer one.
        assert!(paths.iter().all(|p| p.cost == 18.0));
        let distinct: HashSet<_> = paths.iter().map(|p| p.nodes.clone()).collect();
        assert_eq!(distinct.len(), 60);
        assert!(nodes_of(&paths).windows(2).all(|w| w[0] < w[1]));
    }

    proptest! {
        #[test]
        fn k_shortest_paths_are_the_k_cheapest_simple_paths(
            g in small_graph(), weighted in any::<bool>(), s in 0u32..7, t in 0u32..7,
            k in 0usize..12,
        ) {
            let n = g.node_count() as u32;
            let (s, t) = (s % n, t % n);
            let paths = k_shortest_paths(&g, s, t, k, weighted);
            for p in &paths {
                assert_valid(&g, p, s, t, weighted);
            }
            prop_assert!(paths.windows(2).all(|w| w[0].cost <= w[1].cost));
            // Brute force sorts by (cost, nodes), the order promised.
            let brute = simple_paths(&g, s, t, weighted);
            prop_assert_eq!(&paths[..], &brute[..k.min(brute.len())]);
        }
    }
}
