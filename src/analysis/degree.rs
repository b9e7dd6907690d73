//! Degree centrality: the share of other nodes a node is adjacent to.

use super::Csr;

/// Degree centrality of every node: its degree divided by `n - 1`.
///
/// For a directed graph the degree is in-degree plus out-degree, so a node
/// with arcs both to and from every other node has 2. Every node of a graph
/// with at most one node has 1.
///
/// Matches NetworkX's
/// [`degree_centrality`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.centrality.degree_centrality.html)
/// on the simple graph (the [`Csr`] has merged parallel edges and dropped
/// self-loops, which NetworkX's degree would count twice).
///
/// # Arguments
/// * `g`: the graph.
///
/// # Returns
/// One value per node, indexed by node.
///
/// # Complexity
/// O(V + E) time, O(V) memory.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{degree_centrality, Csr};
/// let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
/// assert_eq!(degree_centrality(&g), vec![0.5, 1.0, 0.5]);
/// ```
pub fn degree_centrality(g: &Csr) -> Vec<f64> {
    let n = g.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let mut degree: Vec<usize> = (0..n as u32).map(|u| g.degree(u)).collect();
    if g.is_directed() {
        for u in 0..n as u32 {
            for &v in g.neighbors(u) {
                degree[v as usize] += 1;
            }
        }
    }
    let scale = 1.0 / (n as f64 - 1.0);
    degree.into_iter().map(|d| d as f64 * scale).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_centre_touches_everyone() {
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        assert_eq!(degree_centrality(&g), vec![1.0, 0.25, 0.25, 0.25, 0.25]);
    }

    #[test]
    fn directed_counts_in_and_out() {
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 0, 1.0), (0, 2, 1.0)]);
        assert_eq!(degree_centrality(&g), vec![1.5, 1.0, 0.5]);
    }

    #[test]
    fn parallel_edges_self_loops_and_isolated_nodes() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 0, 1.0), (2, 2, 1.0), (1, 3, 1.0)]);
        let third = 1.0 / 3.0;
        assert_eq!(degree_centrality(&g), vec![third, 2.0 * third, 0.0, third]);
    }

    #[test]
    fn tiny_graphs() {
        assert!(degree_centrality(&Csr::undirected(0, [])).is_empty());
        assert_eq!(degree_centrality(&Csr::directed(1, [])), vec![1.0]);
        assert_eq!(degree_centrality(&Csr::undirected(2, [])), vec![0.0, 0.0]);
    }
}
