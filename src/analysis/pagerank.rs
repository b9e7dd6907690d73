//! PageRank by power iteration, pulling along incoming arcs.

use super::{Csr, NotConverged};

/// Below this many arcs one thread is faster than spawning two per
/// iteration.
const PARALLEL_ARCS: usize = 200_000;

/// PageRank of every node: the stationary distribution of a random surfer
/// who follows an out-arc with probability `alpha` (chosen in proportion to
/// the arc weights) and otherwise jumps to a node chosen uniformly; from a
/// node without out-arcs it jumps uniformly.
///
/// Matches NetworkX's
/// [`pagerank(G, alpha, max_iter=max_iter, tol=tol, weight=...)`](https://networkx.org/documentation/stable/reference/algorithms/link_analysis/generated/networkx.algorithms.link_analysis.pagerank_alg.pagerank.html)
/// with uniform personalization and dangling distribution: start from
/// `1/n` each, iterate `x ← alpha · (xP + d · 1/n) + (1 - alpha) · 1/n`
/// where `d` is the mass on dangling nodes, and stop once the L1 change is
/// below `n · tol`. An undirected graph counts every edge as two arcs.
///
/// # Arguments
/// * `g`: the graph.
/// * `alpha`: the damping factor (NetworkX's default is 0.85).
/// * `weighted`: split a node's rank among its out-arcs in proportion to
///   their weights; otherwise equally. A node whose out-weights sum to 0 is
///   dangling.
/// * `max_iter`: the iteration limit (NetworkX's default is 100).
/// * `tol`: the tolerance per node (NetworkX's default is `1e-6`).
///
/// # Returns
/// One value per node, summing to 1 (empty for an empty graph).
///
/// # Errors
/// [`NotConverged`] when `max_iter` iterations do not reach the tolerance.
///
/// # Complexity
/// O(max_iter · (V + E)) time, O(V + E) memory for the incoming arcs. The
/// pull loop is split over two threads on graphs with many arcs.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{pagerank, Csr};
/// // Node 1 is pointed to by both others.
/// let g = Csr::directed(3, [(0, 1, 1.0), (2, 1, 1.0), (1, 0, 1.0)]);
/// let pr = pagerank(&g, 0.85, false, 100, 1e-6)?;
/// assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// assert!(pr[1] > pr[0] && pr[0] > pr[2]);
/// # Ok::<(), egov_graph::analysis::NotConverged>(())
/// ```
pub fn pagerank(
    g: &Csr,
    alpha: f64,
    weighted: bool,
    max_iter: usize,
    tol: f64,
) -> Result<Vec<f64>, NotConverged> {
    let n = g.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let incoming = Incoming::new(g, weighted);
    let inv_out: Vec<f64> = (0..n as u32)
        .map(|u| {
            let out: f64 = if weighted {
                g.weights(u).iter().sum()
            } else {
                g.degree(u) as f64
            };
            if out == 0.0 {
                0.0
            } else {
                1.0 / out
            }
        })
        .collect();
    let dangling: Vec<u32> = (0..n as u32)
        .filter(|&u| inv_out[u as usize] == 0.0)
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    let split = incoming.split();
    for _ in 0..max_iter {
        for ((s, &xu), &inv) in share.iter_mut().zip(&x).zip(&inv_out) {
            *s = xu * inv;
        }
        let dangling_mass: f64 = dangling.iter().map(|&u| x[u as usize]).sum();
        let base = alpha * dangling_mass * uniform + (1.0 - alpha) * uniform;
        let err = match split {
            Some(mid) => {
                let (lo_next, hi_next) = next.split_at_mut(mid);
                let (lo_x, hi_x) = x.split_at(mid);
                let (incoming, share) = (&incoming, &share);
                let (hi, lo) = crate::par::join(
                    move || incoming.pull(mid, hi_next, hi_x, share, alpha, base),
                    || incoming.pull(0, lo_next, lo_x, share, alpha, base),
                );
                lo + hi
            }
            None => incoming.pull(0, &mut next, &x, share.as_slice(), alpha, base),
        };
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * tol {
            return Ok(x);
        }
    }
    Err(NotConverged {
        iterations: max_iter,
    })
}

/// Incoming arcs in compressed sparse row form: `sources[offsets[v]..
/// offsets[v + 1]]` point to `v`, with their weights if weighted.
struct Incoming {
    offsets: Vec<usize>,
    sources: Vec<u32>,
    weights: Option<Vec<f64>>,
}

impl Incoming {
    /// Transposes `g` by a counting sort (an undirected graph is its own
    /// transpose).
    fn new(g: &Csr, weighted: bool) -> Incoming {
        let n = g.node_count();
        let mut offsets = vec![0usize; n + 1];
        if g.is_directed() {
            for u in 0..n as u32 {
                for &v in g.neighbors(u) {
                    offsets[v as usize + 1] += 1;
                }
            }
        } else {
            for u in 0..n as u32 {
                offsets[u as usize + 1] = g.degree(u);
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let arcs = offsets[n];
        let mut sources = vec![0u32; arcs];
        let mut weights = if weighted {
            vec![0.0; arcs]
        } else {
            Vec::new()
        };
        if g.is_directed() {
            let mut fill = offsets.clone();
            for u in 0..n as u32 {
                for (&v, &w) in g.neighbors(u).iter().zip(g.weights(u)) {
                    let slot = fill[v as usize];
                    fill[v as usize] += 1;
                    sources[slot] = u;
                    if weighted {
                        weights[slot] = w;
                    }
                }
            }
        } else {
            for u in 0..n as u32 {
                let range = offsets[u as usize]..offsets[u as usize + 1];
                sources[range.clone()].copy_from_slice(g.neighbors(u));
                if weighted {
                    weights[range].copy_from_slice(g.weights(u));
                }
            }
        }
        Incoming {
            offsets,
            sources,
            weights: weighted.then_some(weights),
        }
    }

    /// Where to cut the nodes so that both halves pull about as many arcs,
    /// or `None` when the graph is too small to be worth two threads.
    fn split(&self) -> Option<usize> {
        let arcs = self.sources.len();
        let two = std::thread::available_parallelism().is_ok_and(|p| p.get() >= 2);
        if !two || arcs < PARALLEL_ARCS {
            return None;
        }
        let mid = self.offsets.partition_point(|&o| o < arcs / 2);
        let n = self.offsets.len() - 1;
        (mid > 0 && mid < n).then_some(mid)
    }

    /// Computes `next[i] = alpha · Σ share[u]·w(u, v) + base` for the nodes
    /// `v = first + i`, and returns `Σ |next[i] - x[i]|`.
    fn pull(
        &self,
        first: usize,
        next: &mut [f64],
        x: &[f64],
        share: &[f64],
        alpha: f64,
        base: f64,
    ) -> f64 {
        let bounds = &self.offsets[first..=first + next.len()];
        let mut err = 0.0;
        for ((out, &old), w) in next.iter_mut().zip(x).zip(bounds.windows(2)) {
            let (a, b) = (w[0], w[1]);
            let sum: f64 = match &self.weights {
                Some(weights) => self.sources[a..b]
                    .iter()
                    .zip(&weights[a..b])
                    .map(|(&u, &wt)| share[u as usize] * wt)
                    .sum(),
                None => self.sources[a..b].iter().map(|&u| share[u as usize]).sum(),
            };
            let new = alpha * sum + base;
            err += (new - old).abs();
            *out = new;
        }
        err
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < tol)
    }

    #[test]
    fn symmetric_graphs_are_uniform() {
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        let pr = pagerank(&g, 0.85, false, 100, 1e-6).unwrap_or_default();
        assert!(close(&pr, &[1.0 / 3.0; 3], 1e-9));
    }

    #[test]
    fn star_solves_the_two_state_equations() {
        // Star with k = 4 leaves: c = 0.15/5 + 0.85·4·l, l = 0.15/5 + 0.85·c/4,
        // so c = (0.03 + 0.85·4·0.03) / (1 - 0.85²).
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        let pr = pagerank(&g, 0.85, false, 1000, 1e-12).unwrap_or_default();
        let c = (0.03 + 0.85 * 4.0 * 0.03) / (1.0 - 0.85 * 0.85);
        let l = (1.0 - c) / 4.0;
        assert!(close(&pr, &[c, l, l, l, l], 1e-9));
    }

    #[test]
    fn dangling_nodes_jump_uniformly() {
        // 0 -> 1, and 1 is dangling: its rank x1 is spread over both nodes,
        // so x0 = 0.075 + 0.85·x1/2.
        let g = Csr::directed(2, [(0, 1, 1.0)]);
        let pr = pagerank(&g, 0.85, false, 1000, 1e-12).unwrap_or_default();
        // With x0 + x1 = 1: x1 = 0.925 / 1.425.
        let x1 = 0.925 / 1.425;
        assert!(close(&pr, &[1.0 - x1, x1], 1e-9));
    }

    #[test]
    fn weights_split_rank_in_proportion() {
        // 0 -> 1 (weight 3), 0 -> 2 (weight 1), 1 and 2 point back to 0.
        let g = Csr::directed(3, [(0, 1, 3.0), (0, 2, 1.0), (1, 0, 1.0), (2, 0, 1.0)]);
        let pr = pagerank(&g, 0.85, true, 1000, 1e-12).unwrap_or_default();
        // x0 = 0.05 + 0.85(x1 + x2) = 0.05 + 0.85(1 - x0) → x0 = 0.9/1.85.
        let x0 = 0.9 / 1.85;
        let x1 = 0.05 + 0.85 * 0.75 * x0;
        assert!(close(&pr, &[x0, x1, 1.0 - x0 - x1], 1e-9));
        let unweighted = pagerank(&g, 0.85, false, 1000, 1e-12).unwrap_or_default();
        assert!((unweighted[1] - unweighted[2]).abs() < 1e-12);
    }

    #[test]
    fn disconnected_parallel_and_self_loop_edges() {
        // Two separate edges, one given twice and with a self-loop: all equal.
        let g = Csr::undirected(4, [(0, 1, 1.0), (0, 1, 1.0), (1, 1, 1.0), (2, 3, 1.0)]);
        let pr = pagerank(&g, 0.85, true, 100, 1e-6).unwrap_or_default();
        assert!(close(&pr, &[0.25; 4], 1e-9));
    }

    #[test]
    fn tiny_graphs_and_failure() {
        assert_eq!(
            pagerank(&Csr::undirected(0, []), 0.85, false, 100, 1e-6),
            Ok(vec![])
        );
        assert_eq!(
            pagerank(&Csr::directed(1, []), 0.85, false, 100, 1e-6),
            Ok(vec![1.0])
        );
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        assert_eq!(
            pagerank(&g, 0.85, false, 1, 1e-12),
            Err(NotConverged { iterations: 1 })
        );
    }

    #[test]
    fn two_threads_agree_with_one() {
        // A directed ring with chords, big enough to be split over threads.
        let n = 80_000u32;
        let arcs = (0..n).flat_map(|i| {
            [
                (i, (i + 1) % n, 1.0),
                (i, (i * 7 + 3) % n, 2.0),
                (i, (i / 2) % n, 1.0),
            ]
        });
        let g = Csr::directed(n as usize, arcs);
        assert!(
            Incoming::new(&g, true).split().is_some()
                || std::thread::available_parallelism().map_or(true, |p| p.get() < 2)
        );
        let pr = pagerank(&g, 0.85, true, 100, 1e-6).unwrap_or_default();
        assert_eq!(pr.len(), n as usize);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // Reference: the same iteration on one thread, without the split.
        let incoming = Incoming::new(&g, true);
        let inv: Vec<f64> = (0..n)
            .map(|u| 1.0 / g.weights(u).iter().sum::<f64>())
            .collect();
        let mut x = vec![1.0 / n as f64; n as usize];
        for _ in 0..100 {
            let share: Vec<f64> = x.iter().zip(&inv).map(|(a, b)| a * b).collect();
            let mut next = vec![0.0; n as usize];
            let err = incoming.pull(0, &mut next, &x, &share, 0.85, 0.15 / n as f64);
            x = next;
            if err < n as f64 * 1e-6 {
                break;
            }
        }
        assert!(close(&pr, &x, 1e-15));
    }
}
