//! Hop distances from one node and the neighbourhood (ego network) around it.
//!
//! Plain breadth-first search over a [`Csr`]: arcs of a directed graph are
//! followed in their direction. Weighted paths between two nodes live in
//! `shortest.rs`.

use std::collections::VecDeque;

use super::shortest::is_node;
use super::Csr;

/// Returns the number of hops from `s` to every node, `None` where a node
/// cannot be reached (all `None` if `s` is not a node).
///
/// # Complexity
/// O(V + E), one breadth-first search.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{distances, Csr};
/// let g = Csr::directed(4, [(0, 1, 1.0), (1, 2, 1.0), (3, 0, 1.0)]);
/// assert_eq!(distances(&g, 0), vec![Some(0), Some(1), Some(2), None]);
/// ```
///
/// Matches NetworkX `single_source_shortest_path_length`.
pub fn distances(g: &Csr, s: u32) -> Vec<Option<u32>> {
    bfs(g, s, u32::MAX)
}

/// Returns the nodes within `depth` hops of `center` with their hop distance:
/// the center first, then by distance, then by index. Empty if `center` is
/// not a node.
///
/// # Complexity
/// O(V + E) for the search plus O(R log R) to sort the R nodes found.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{ego, Csr};
/// let g = Csr::undirected(5, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 4, 1.0)]);
/// assert_eq!(ego(&g, 1, 1), vec![(1, 0), (0, 1), (2, 1)]);
/// ```
///
/// Matches the node set of NetworkX `ego_graph(G, center, radius=depth)`
/// (following out-arcs in a directed graph, as `undirected=False` does).
pub fn ego(g: &Csr, center: u32, depth: u32) -> Vec<(u32, u32)> {
    let mut found: Vec<(u32, u32)> = bfs(g, center, depth)
        .into_iter()
        .enumerate()
        .filter_map(|(v, d)| d.map(|d| (v as u32, d)))
        .collect();
    found.sort_unstable_by_key(|&(v, d)| (d, v));
    found
}

/// Breadth-first hop distances from `s`, not expanding beyond `depth`.
fn bfs(g: &Csr, s: u32, depth: u32) -> Vec<Option<u32>> {
    let mut dist = vec![None; g.node_count()];
    if !is_node(g, s) {
        return dist;
    }
    dist[s as usize] = Some(0);
    let mut queue = VecDeque::from([(s, 0u32)]);
    while let Some((u, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        for &v in g.neighbors(u) {
            if dist[v as usize].is_none() {
                dist[v as usize] = Some(d + 1);
                queue.push_back((v, d + 1));
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::super::shortest::tests::{floyd, grid, small_graph};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unreachable_nodes_have_no_distance() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (2, 3, 1.0)]);
        assert_eq!(distances(&g, 0), vec![Some(0), Some(1), None, None]);
        let one_way = Csr::directed(2, [(0, 1, 1.0)]);
        assert_eq!(distances(&one_way, 1), vec![None, Some(0)]);
    }

    #[test]
    fn out_of_range_center_gives_nothing() {
        let g = Csr::undirected(2, [(0, 1, 1.0)]);
        assert_eq!(distances(&g, 7), vec![None, None]);
        assert!(ego(&g, 7, 3).is_empty());
    }

    #[test]
    fn ego_lists_center_then_by_distance_then_index() {
        let g = grid(3, 3);
        assert_eq!(ego(&g, 4, 0), vec![(4, 0)]);
        assert_eq!(ego(&g, 4, 1), vec![(4, 0), (1, 1), (3, 1), (5, 1), (7, 1)]);
        let two = ego(&g, 0, 2);
        assert_eq!(two, vec![(0, 0), (1, 1), (3, 1), (2, 2), (4, 2), (6, 2)]);
        let directed = Csr::directed(3, [(1, 0, 1.0), (1, 2, 1.0)]);
        assert_eq!(ego(&directed, 0, 5), vec![(0, 0)]);
    }

    proptest! {
        #[test]
        fn distances_and_ego_match_floyd(g in small_graph(), s in 0u32..7, depth in 0u32..4) {
            let n = g.node_count() as u32;
            let s = s % n;
            let d = &floyd(&g, false)[s as usize];
            let hops: Vec<Option<u32>> = d
                .iter()
                .map(|&x| x.is_finite().then_some(x as u32))
                .collect();
            prop_assert_eq!(&distances(&g, s), &hops);
            let mut expected: Vec<(u32, u32)> = hops
                .iter()
                .enumerate()
                .filter_map(|(v, h)| h.filter(|&h| h <= depth).map(|h| (v as u32, h)))
                .collect();
            expected.sort_by_key(|&(v, h)| (h, v));
            prop_assert_eq!(ego(&g, s, depth), expected);
        }
    }
}
