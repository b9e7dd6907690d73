//! Burt's structural holes: constraint and effective size of every node's
//! ego network, as NetworkX's `constraint` and `effective_size` define them.
//!
//! Both read the *mutual weight* `a(u, v) = w(u → v) + w(v → u)` and its
//! share of `u`'s total, `p(u, v) = a(u, v) / Σₓ a(u, x)`; a graph built
//! with weight 1 on every tie gives the unweighted measures.

use super::Csr;

/// The mutual weights as an undirected graph: `a(u, v)` on the edge `u–v`.
/// (An undirected input counts each edge twice, which every share below
/// divides out.)
fn mutual(g: &Csr) -> Csr {
    let n = g.node_count();
    Csr::undirected(
        n,
        (0..n as u32).flat_map(|u| {
            g.neighbors(u)
                .iter()
                .zip(g.weights(u))
                .map(move |(&v, &w)| (u, v, w))
        }),
    )
}

/// `Σₓ a(u, x)` and `maxₓ a(u, x)` of every node.
fn totals(m: &Csr) -> (Vec<f64>, Vec<f64>) {
    let n = m.node_count() as u32;
    let sum = (0..n).map(|u| m.weights(u).iter().sum()).collect();
    let max = (0..n)
        .map(|u| m.weights(u).iter().copied().fold(0.0, f64::max))
        .collect();
    (sum, max)
}

/// `a / total`, 0 when the total is 0 (NetworkX's convention).
fn share(a: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        a / total
    }
}

/// Burt's constraint of every node: how much its ties lead to contacts that
/// are tied to each other, so that it has no hole to broker.
///
/// `c(v) = Σ_{j ∈ N(v)} (p(v, j) + Σ_{q ∈ N(v)} p(v, q) p(q, j))²`, where
/// `N(v)` are `v`'s neighbours (either direction) and `p` the share of
/// mutual weight (see the module docs). Low constraint means brokerage
/// opportunity: a star's centre scores `1/k` with `k` leaves, each leaf 1.
///
/// Matches NetworkX's
/// [`constraint(G, weight=...)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.structuralholes.constraint.html).
///
/// # Arguments
/// * `g`: the graph; its arc weights are the tie weights (1 everywhere for
///   the unweighted measure).
///
/// # Returns
/// One value per node; NaN for a node without neighbours (as NetworkX).
///
/// # Complexity
/// O(V + Σᵥ deg(v)²) time, O(V + E) memory.
///
/// # Reference
/// Burt, R. S. (2004). Structural holes and good ideas. *American Journal
/// of Sociology* 110(2): 349–399.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{constraint, Csr};
/// // A star with three leaves: the centre 1/3, each leaf 1.
/// let g = Csr::undirected(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
/// let c = constraint(&g);
/// assert!((c[0] - 1.0 / 3.0).abs() < 1e-12);
/// assert!((c[1] - 1.0).abs() < 1e-12);
/// ```
pub fn constraint(g: &Csr) -> Vec<f64> {
    let m = mutual(g);
    let n = m.node_count();
    let (sum, _) = totals(&m);
    // `p_v[j]` for the neighbours of the node at hand, 0 elsewhere;
    // `near[j] == v + 1` marks them (a tie of weight 0 has p = 0).
    let mut p_v = vec![0.0f64; n];
    let mut near = vec![0u32; n];
    let mut indirect = vec![0.0f64; n];
    (0..n as u32)
        .map(|v| {
            let nbrs = m.neighbors(v);
            if nbrs.is_empty() {
                return f64::NAN;
            }
            for (&j, &a) in nbrs.iter().zip(m.weights(v)) {
                p_v[j as usize] = share(a, sum[v as usize]);
                near[j as usize] = v + 1;
            }
            for &q in nbrs {
                let p_vq = p_v[q as usize];
                for (&j, &a) in m.neighbors(q).iter().zip(m.weights(q)) {
                    // Only v's neighbours are summed over as j.
                    if near[j as usize] == v + 1 {
                        indirect[j as usize] += p_vq * share(a, sum[q as usize]);
                    }
                }
            }
            let c = nbrs
                .iter()
                .map(|&j| (p_v[j as usize] + indirect[j as usize]).powi(2))
                .sum();
            for &j in nbrs {
                p_v[j as usize] = 0.0;
                indirect[j as usize] = 0.0;
            }
            c
        })
        .collect()
}

/// Burt's effective size of every node: its number of contacts less their
/// redundancy, the ties among them.
///
/// `e(v) = Σ_{u ∈ N(v)} (1 − Σ_{w ∈ N(v)} p(v, w) m(u, w))`, with `m(u, w) =
/// a(u, w) / maxₓ a(u, x)`. Unweighted, it equals Borgatti's `n − 2t/n`
/// for `n` contacts with `t` ties among them.
///
/// Matches NetworkX's
/// [`effective_size(G, weight=...)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.structuralholes.effective_size.html).
///
/// # Arguments
/// * `g`: the graph; its arc weights are the tie weights.
///
/// # Returns
/// One value per node; NaN for a node without neighbours (as NetworkX).
///
/// # Complexity
/// O(V + Σᵥ deg(v)²) time, O(V + E) memory.
///
/// # Reference
/// Burt, R. S. (1992). *Structural Holes: The Social Structure of
/// Competition*. Harvard University Press. Borgatti, S. P. (1997).
/// Structural holes: unpacking Burt's redundancy measures. *Connections*
/// 20(1): 35–38.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{effective_size, Csr};
/// // A triangle with a pendant 3 on node 0: 0 has 3 contacts, one tie
/// // among them (1-2), so 3 - 2/3.
/// let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 3, 1.0)]);
/// let e = effective_size(&g);
/// assert!((e[0] - (3.0 - 2.0 / 3.0)).abs() < 1e-12);
/// ```
pub fn effective_size(g: &Csr) -> Vec<f64> {
    let m = mutual(g);
    let n = m.node_count();
    let (sum, max) = totals(&m);
    let mut p_v = vec![0.0f64; n];
    (0..n as u32)
        .map(|v| {
            let nbrs = m.neighbors(v);
            if nbrs.is_empty() {
                return f64::NAN;
            }
            for (&w, &a) in nbrs.iter().zip(m.weights(v)) {
                p_v[w as usize] = share(a, sum[v as usize]);
            }
            let e = nbrs
                .iter()
                .map(|&u| {
                    let r: f64 = m
                        .neighbors(u)
                        .iter()
                        .zip(m.weights(u))
                        .map(|(&w, &a)| p_v[w as usize] * share(a, max[u as usize]))
                        .sum();
                    1.0 - r
                })
                .sum();
            for &w in nbrs {
                p_v[w as usize] = 0.0;
            }
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_is_fully_constrained_and_redundant() {
        // Each node: two contacts tied to each other. p = 1/2 everywhere,
        // constraint 2 · (1/2 + 1/4)² = 1.125; effective size 2 - 2/2 = 1.
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        for c in constraint(&g) {
            assert!((c - 1.125).abs() < 1e-12);
        }
        for e in effective_size(&g) {
            assert!((e - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn isolated_nodes_are_nan_and_weights_matter() {
        let g = Csr::undirected(3, [(0, 1, 1.0)]);
        assert!(constraint(&g)[2].is_nan());
        assert!(effective_size(&g)[2].is_nan());
        // Path 1 - 0 - 2 with weights 3 and 1: p(0,1) = 3/4, p(0,2) = 1/4,
        // no ties among the contacts: constraint 9/16 + 1/16.
        let w = Csr::undirected(3, [(0, 1, 3.0), (0, 2, 1.0)]);
        assert!((constraint(&w)[0] - 10.0 / 16.0).abs() < 1e-12);
        assert!((effective_size(&w)[0] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn directed_arcs_are_read_as_mutual_ties() {
        // 0 → 1 and 1 → 0 weigh 2 together against 0 → 2's 1.
        let d = Csr::directed(3, [(0, 1, 1.0), (1, 0, 1.0), (0, 2, 1.0)]);
        let u = Csr::undirected(3, [(0, 1, 2.0), (0, 2, 1.0)]);
        assert_eq!(constraint(&d), constraint(&u));
        assert_eq!(effective_size(&d), effective_size(&u));
    }
}
