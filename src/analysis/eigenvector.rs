//! Eigenvector centrality by power iteration, and the error shared with
//! [`super::pagerank`] when a power iteration does not converge.

use super::Csr;
use std::fmt;

/// A power iteration stopped after its iteration limit without meeting its
/// tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotConverged {
    /// The number of iterations made.
    pub iterations: usize,
}

impl fmt::Display for NotConverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "power iteration did not converge in {} iterations",
            self.iterations
        )
    }
}

impl std::error::Error for NotConverged {}

/// Eigenvector centrality of every node: the components of the leading
/// (left) eigenvector of the adjacency matrix, so that a node is central
/// when the nodes pointing to it are.
///
/// Matches NetworkX's
/// [`eigenvector_centrality(G, max_iter, tol, weight=...)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.centrality.eigenvector_centrality.html)
/// step for step: start from all ones scaled to sum 1; each iteration
/// computes `x + Aᵀx` (the identity shift that stops oscillation on
/// bipartite graphs), divides by its Euclidean norm (or by 1 if that is 0),
/// and stops once the L1 change is below `n · tol`.
///
/// On a graph that is not connected the result depends on the start vector:
/// the component with the largest eigenvalue dominates and the others decay
/// towards (but do not reach) 0, and components with equal largest
/// eigenvalues share the mass. Isolated nodes keep a small non-zero value.
///
/// # Arguments
/// * `g`: the graph; for a directed graph, arc `u -> v` adds `u`'s value
///   to `v`.
/// * `weighted`: multiply by the arc weights; otherwise every arc counts 1.
/// * `max_iter`: the iteration limit (NetworkX's default is 100).
/// * `tol`: the tolerance per node (NetworkX's default is `1e-6`).
///
/// # Returns
/// One value per node with Euclidean norm 1 (empty for an empty graph,
/// where NetworkX raises an error instead).
///
/// # Errors
/// [`NotConverged`] when `max_iter` iterations do not reach the tolerance,
/// as for a directed acyclic graph.
///
/// # Complexity
/// O(max_iter · (V + E)) time, O(V) memory.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{eigenvector, Csr};
/// // In a triangle every node is equally central: 1/√3 each.
/// let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
/// let x = eigenvector(&g, false, 100, 1e-6)?;
/// assert!(x.iter().all(|v| (v - 1.0 / 3f64.sqrt()).abs() < 1e-6));
/// # Ok::<(), egov_graph::analysis::NotConverged>(())
/// ```
pub fn eigenvector(
    g: &Csr,
    weighted: bool,
    max_iter: usize,
    tol: f64,
) -> Result<Vec<f64>, NotConverged> {
    let n = g.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut last = vec![0.0; n];
    for _ in 0..max_iter {
        std::mem::swap(&mut x, &mut last);
        x.copy_from_slice(&last);
        for u in 0..n as u32 {
            let xu = last[u as usize];
            if weighted {
                for (&v, &w) in g.neighbors(u).iter().zip(g.weights(u)) {
                    x[v as usize] += xu * w;
                }
            } else {
                for &v in g.neighbors(u) {
                    x[v as usize] += xu;
                }
            }
        }
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        x.iter_mut().for_each(|v| *v /= norm);
        let change: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        if change < n as f64 * tol {
            return Ok(x);
        }
    }
    Err(NotConverged {
        iterations: max_iter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < tol)
    }

    #[test]
    fn star_centre_is_sqrt_of_leaf_count_times_a_leaf() {
        // Star with 4 leaves: eigenvalue 2, centre = 2 · leaf, norm 1
        // gives centre 1/√2 and leaves 1/(2√2).
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        let x = eigenvector(&g, false, 100, 1e-6).unwrap_or_default();
        let c = 1.0 / 2f64.sqrt();
        assert!(close(&x, &[c, c / 2.0, c / 2.0, c / 2.0, c / 2.0], 1e-5));
    }

    #[test]
    fn path_of_three() {
        // Eigenvector (1, √2, 1) / 2.
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let x = eigenvector(&g, false, 100, 1e-8).unwrap_or_default();
        assert!(close(&x, &[0.5, 1.0 / 2f64.sqrt(), 0.5], 1e-6));
    }

    #[test]
    fn weights_scale_the_contributions() {
        // A heavier edge 0-1 moves mass towards 0 and 1.
        let g = Csr::undirected(3, [(0, 1, 3.0), (1, 2, 1.0)]);
        let x = eigenvector(&g, true, 1000, 1e-10).unwrap_or_default();
        // A = [[0,3,0],[3,0,1],[0,1,0]]: λ = √10, x ∝ (3, √10, 1).
        let s = (9.0f64 + 10.0 + 1.0).sqrt();
        assert!(close(&x, &[3.0 / s, 10f64.sqrt() / s, 1.0 / s], 1e-6));
    }

    #[test]
    fn directed_cycle_is_uniform_and_dag_does_not_converge() {
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        let x = eigenvector(&g, false, 100, 1e-6).unwrap_or_default();
        let u = 1.0 / 3f64.sqrt();
        assert!(close(&x, &[u, u, u], 1e-5));
        let dag = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let err = eigenvector(&dag, false, 10, 1e-6);
        assert_eq!(err, Err(NotConverged { iterations: 10 }));
        let message = NotConverged { iterations: 10 }.to_string();
        assert_eq!(message, "power iteration did not converge in 10 iterations");
    }

    #[test]
    fn edgeless_and_tiny_graphs() {
        assert_eq!(
            eigenvector(&Csr::undirected(0, []), false, 100, 1e-6),
            Ok(vec![])
        );
        assert_eq!(
            eigenvector(&Csr::undirected(1, []), false, 100, 1e-6),
            Ok(vec![1.0])
        );
        // No edges: the start vector is only renormalised, to 1/√n each.
        let x = eigenvector(&Csr::undirected(4, []), false, 100, 1e-6).unwrap_or_default();
        assert!(close(&x, &[0.5; 4], 1e-12));
    }

    #[test]
    fn disconnected_graph_favours_the_denser_component() {
        // Triangle 0-1-2 (λ = 2) and edge 3-4 (λ = 1): with the shift the
        // edge decays like (2/3)^k but is not exactly 0 when converged.
        let g = Csr::undirected(5, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0)]);
        let x = eigenvector(&g, false, 100, 1e-6).unwrap_or_default();
        assert!(x[0] > 0.57 && (x[0] - x[1]).abs() < 1e-12 && (x[1] - x[2]).abs() < 1e-12);
        assert!(x[3] > 0.0 && x[3] < 1e-3 && x[3] == x[4]);
    }

    #[test]
    fn parallel_edges_and_self_loops_are_merged_and_dropped() {
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 0, 1.0), (1, 1, 1.0), (1, 2, 1.0)]);
        let x = eigenvector(&g, false, 100, 1e-8).unwrap_or_default();
        assert!(close(&x, &[0.5, 1.0 / 2f64.sqrt(), 0.5], 1e-6));
    }
}
