//! Closeness centrality: how near a node is to the nodes that can reach it.
//!
//! It runs the single-source searches of [`super::betweenness`] from every
//! node, spread over threads the same way.

use super::betweenness::{for_each_source, Bfs, Dijkstra};
use super::Csr;

/// Closeness centrality of every node, with the Wasserman–Faust correction
/// for graphs that are not connected.
///
/// For a node `u` that `r - 1` other nodes reach (in a directed graph,
/// nodes with a path *to* `u`, as NetworkX uses incoming distances) at a
/// total distance `d`, the value is `(r - 1) / d · (r - 1) / (n - 1)`, and
/// 0 when `d == 0` or `n == 1`.
///
/// Matches NetworkX's
/// [`closeness_centrality(G, distance=..., wf_improved=True)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.centrality.closeness_centrality.html).
///
/// # Arguments
/// * `g`: the graph.
/// * `weighted`: use the arc weights as lengths (Dijkstra); otherwise every
///   arc has length 1.
///
/// # Returns
/// One value in `[0, 1]` per node (for lengths `>= 1`), indexed by node.
///
/// # Complexity
/// O(V·E) time unweighted, O(V·E + V²·log V) weighted; O(V + E) memory per
/// thread, plus a reversed copy of a directed graph.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{closeness, Csr};
/// // Path 0 - 1 - 2: the middle is at distance 1 + 1, the ends 1 + 2.
/// let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
/// let c = closeness(&g, false);
/// assert!((c[1] - 1.0).abs() < 1e-12);
/// assert!((c[0] - 2.0 / 3.0).abs() < 1e-12);
/// ```
pub fn closeness(g: &Csr, weighted: bool) -> Vec<f64> {
    let reversed;
    let g = if g.is_directed() {
        reversed = g.reversed();
        &reversed
    } else {
        g
    };
    let n = g.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let value = move |reached: usize, total: f64| {
        if total > 0.0 && n > 1 {
            let others = reached as f64 - 1.0;
            (others / total) * (others / (n as f64 - 1.0))
        } else {
            0.0
        }
    };
    if weighted {
        for_each_source(
            n,
            &sources,
            || Dijkstra::new(n),
            |d, s, out| {
                d.run(g, s);
                // Summed in settling order, as NetworkX sums its dict.
                let total: f64 = d.order.iter().map(|&v| d.dist[v as usize]).sum();
                out[s as usize] = value(d.order.len(), total);
                d.reset();
            },
        )
    } else {
        for_each_source(
            n,
            &sources,
            || Bfs::new(n),
            |b, s, out| {
                b.run(g, s);
                let total: u64 = b.order.iter().map(|&v| u64::from(b.dist[v as usize])).sum();
                out[s as usize] = value(b.order.len(), total as f64);
                b.reset();
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn path_and_star() {
        // Path of 4: ends at 1+2+3 = 6, inner at 1+1+2 = 4.
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert!(close(&closeness(&g, false), &[0.5, 0.75, 0.75, 0.5]));
        // Star of 5: centre 4/4, leaves 4/(1 + 2·3).
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        let leaf = 4.0 / 7.0;
        assert!(close(&closeness(&g, false), &[1.0, leaf, leaf, leaf, leaf]));
    }

    #[test]
    fn triangle_with_pendant() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]);
        // 0: 1+1+2 = 4; 2: 3; 3: 1+2+2 = 5.
        assert!(close(&closeness(&g, false), &[0.75, 0.75, 1.0, 0.6]));
    }

    #[test]
    fn disconnected_graph_is_scaled_by_reach() {
        // Path 0-1-2 and edge 3-4, isolated 5; n - 1 = 5.
        let g = Csr::undirected(6, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let c = closeness(&g, false);
        let expected = [
            (2.0 / 3.0) * (2.0 / 5.0),
            1.0 * (2.0 / 5.0),
            (2.0 / 3.0) * (2.0 / 5.0),
            1.0 / 5.0,
            1.0 / 5.0,
            0.0,
        ];
        assert!(close(&c, &expected));
    }

    #[test]
    fn directed_uses_incoming_distances() {
        // 0 -> 1 -> 2: nothing reaches 0; 1 is reached by 0; 2 by 1 and 0.
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let c = closeness(&g, false);
        assert!(close(&c, &[0.0, 1.0 * 0.5, (2.0 / 3.0) * 1.0]));
    }

    #[test]
    fn weights_are_lengths() {
        // 0 -2- 1 -3- 2: distances from 1 sum to 5, from 0 to 2 + 5.
        let g = Csr::undirected(3, [(0, 1, 2.0), (1, 2, 3.0)]);
        assert!(close(
            &closeness(&g, true),
            &[2.0 / 7.0, 2.0 / 5.0, 2.0 / 8.0]
        ));
    }

    #[test]
    fn parallel_edges_and_self_loops() {
        // Parallel unit edges merge (unweighted distance stays 1).
        let g = Csr::undirected(2, [(0, 1, 1.0), (0, 1, 1.0), (1, 1, 1.0)]);
        assert!(close(&closeness(&g, false), &[1.0, 1.0]));
    }

    #[test]
    fn tiny_graphs() {
        assert!(closeness(&Csr::undirected(0, []), false).is_empty());
        assert_eq!(closeness(&Csr::undirected(1, []), false), vec![0.0]);
        assert_eq!(closeness(&Csr::directed(1, []), true), vec![0.0]);
    }
}
