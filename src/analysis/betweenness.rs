//! Shortest-path betweenness centrality (Brandes' algorithm), exact and
//! sampled.
//!
//! This file also owns the single-source kernels that [`super::subset`] and
//! [`super::closeness`] reuse: a breadth-first search and a Dijkstra search,
//! each with flat buffers reused from one source to the next, and a driver
//! that spreads the sources over the machine's cores with
//! [`std::thread::scope`]. Every thread keeps its own accumulator; they are
//! summed in thread order at the end, so a result depends only on the number
//! of threads, and differs between thread counts by float rounding only.

use super::heap::Entry;
use super::Csr;
use std::collections::BinaryHeap;

/// Sources handed to a thread at a time. Thread `t` of `T` takes chunks
/// `t, t + T, t + 2T, ...`, which balances the work without any shared
/// counter and keeps the result deterministic for a given thread count.
const CHUNK: usize = 32;

/// Betweenness centrality of every node: for each node `v`, the sum over
/// ordered pairs `(s, t)` of distinct nodes other than `v` of the fraction of
/// shortest `s`–`t` paths that pass through `v`.
///
/// Matches NetworkX's
/// [`betweenness_centrality(G, normalized=normalized, weight=...,
/// endpoints=False)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.centrality.betweenness_centrality.html),
/// including its rescaling: for an undirected graph every unordered pair is
/// counted once (the raw sums are halved); with `normalized`, values are
/// divided by `(n - 1)(n - 2)` (directed and undirected alike, after the
/// halving is left out), so they lie in `[0, 1]`. Graphs with fewer than
/// three nodes are not rescaled (all values are 0).
///
/// Brandes, U. (2001). A faster algorithm for betweenness centrality.
/// *Journal of Mathematical Sociology* 25(2), 163–177.
///
/// # Arguments
/// * `g`: the graph; for a directed graph paths follow arc directions.
/// * `weighted`: use the arc weights as lengths (Dijkstra); otherwise every
///   arc has length 1 (breadth-first search). Weights should be positive:
///   with zero-length arcs ties may be counted differently from NetworkX,
///   and negative lengths give meaningless results (but no panic).
/// * `normalized`: divide by the number of pairs, as described above.
///
/// # Returns
/// One value per node, indexed by node.
///
/// # Complexity
/// O(V·E) time unweighted, O(V·E + V²·log V) weighted; O(V + E) memory per
/// thread. The sources are shared among
/// [`std::thread::available_parallelism`] threads.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{betweenness, Csr};
/// // The path 0 - 1 - 2: only 1 lies between two others.
/// let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
/// assert_eq!(betweenness(&g, false, false), vec![0.0, 1.0, 0.0]);
/// assert_eq!(betweenness(&g, false, true), vec![0.0, 1.0, 0.0]);
/// ```
pub fn betweenness(g: &Csr, weighted: bool, normalized: bool) -> Vec<f64> {
    let n = g.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let mut bc = brandes(g, &sources, None, weighted);
    rescale(&mut bc, g.is_directed(), normalized, None);
    bc
}

/// An estimate of [`betweenness`] from `samples` source nodes drawn at
/// random without replacement, scaled up to the whole graph.
///
/// Matches NetworkX's `betweenness_centrality(G, k=samples, ...)` with
/// `endpoints=False`, except for which sources are drawn (they come from
/// [`sample_sources`]`(n, samples, seed)`, not from Python's `random`). As in
/// NetworkX 3.6, a sampled node's own sum is scaled by `n - 1` over
/// `samples - 1` (it cannot be its own source) and every other node's by
/// `n - 1` over `samples`, then halved for an undirected graph, or divided
/// by `(samples - 1)(n - 2)` and `samples·(n - 2)` when `normalized`.
///
/// # Arguments
/// * `g`, `weighted`, `normalized`: as for [`betweenness`].
/// * `samples`: the number of sources. `samples >= n` computes the exact
///   [`betweenness`] (NetworkX refuses `k > n`).
/// * `seed`: the seed of the deterministic generator that draws sources.
///
/// # Returns
/// One value per node. Where the estimate is undefined it is `NaN`, as in
/// NetworkX: for the sampled node when `samples == 1`, and for every node
/// when `samples == 0` (NetworkX raises `ZeroDivisionError`), in graphs with
/// at least three nodes.
///
/// # Complexity
/// O(samples·E) time unweighted; O(V + E) memory per thread.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{betweenness, betweenness_sampled, Csr};
/// let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
/// let estimate = betweenness_sampled(&g, false, true, 2, 7);
/// assert_eq!(estimate.len(), 4);
/// // Asking for every node gives the exact values.
/// assert_eq!(betweenness_sampled(&g, false, true, 4, 7), betweenness(&g, false, true));
/// ```
pub fn betweenness_sampled(
    g: &Csr,
    weighted: bool,
    normalized: bool,
    samples: usize,
    seed: u64,
) -> Vec<f64> {
    let n = g.node_count();
    if samples >= n {
        return betweenness(g, weighted, normalized);
    }
    let sources = sample_sources(n, samples, seed);
    let mut bc = brandes(g, &sources, None, weighted);
    rescale(&mut bc, g.is_directed(), normalized, Some(&sources));
    bc
}

/// The source nodes [`betweenness_sampled`] uses: `min(samples, n)` distinct
/// nodes of `0..n`, drawn by a partial Fisher–Yates shuffle driven by
/// SplitMix64 seeded with `seed`. The same arguments always give the same
/// nodes, on every platform.
///
/// # Examples
/// ```
/// use egov_graph::analysis::sample_sources;
/// let s = sample_sources(10, 3, 42);
/// assert_eq!(s.len(), 3);
/// assert_eq!(s, sample_sources(10, 3, 42));
/// assert_eq!(sample_sources(2, 5, 42).len(), 2);
/// ```
pub fn sample_sources(n: usize, samples: usize, seed: u64) -> Vec<u32> {
    let k = samples.min(n);
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    let mut state = seed;
    for i in 0..k {
        let range = (n - i) as u64;
        // Lemire's multiply-shift maps a 64-bit draw onto 0..range.
        let j = i + ((u128::from(splitmix64(&mut state)) * u128::from(range)) >> 64) as usize;
        nodes.swap(i, j);
    }
    nodes.truncate(k);
    nodes
}

/// One step of SplitMix64 (Steele, Lea and Flood, 2014).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// NetworkX's `_rescale` with `endpoints=False`.
fn rescale(bc: &mut [f64], directed: bool, normalized: bool, sampled: Option<&[u32]>) {
    let n = bc.len();
    if n < 3 {
        return; // NetworkX: N = n - 1 < 2, every value is 0
    }
    let big_n = (n - 1) as f64;
    let correction = if directed { 1.0 } else { 2.0 };
    match sampled {
        None => {
            let scale = if normalized {
                1.0 / (big_n * (big_n - 1.0))
            } else {
                big_n / (big_n * correction)
            };
            if scale != 1.0 {
                bc.iter_mut().for_each(|b| *b *= scale);
            }
        }
        Some(sources) => {
            let k = sources.len() as f64;
            let (scale_source, scale_other) = if normalized {
                (1.0 / ((k - 1.0) * (big_n - 1.0)), 1.0 / (k * (big_n - 1.0)))
            } else {
                (big_n / ((k - 1.0) * correction), big_n / (k * correction))
            };
            let scale_source = if sources.len() > 1 {
                scale_source
            } else {
                f64::NAN
            };
            let scale_other = if sources.is_empty() {
                f64::NAN
            } else {
                scale_other
            };
            let mut is_source = vec![false; n];
            for &s in sources {
                is_source[s as usize] = true;
            }
            for (b, &src) in bc.iter_mut().zip(&is_source) {
                *b *= if src { scale_source } else { scale_other };
            }
        }
    }
}

/// Raw (unscaled) Brandes sums over the given sources, spread over threads.
///
/// `ends[t]` weighs paths ending at `t` (NetworkX's subset betweenness uses
/// 1 for targets and 0 otherwise); `None` weighs every end 1. Paths ending at
/// their own source are never counted. Sources must be `< n`.
pub(super) fn brandes(g: &Csr, sources: &[u32], ends: Option<&[f64]>, weighted: bool) -> Vec<f64> {
    let n = g.node_count();
    if weighted {
        for_each_source(
            n,
            sources,
            || Dijkstra::new(n),
            |d, s, acc| {
                d.run(g, s);
                d.accumulate(g, s, ends, acc);
                d.reset();
            },
        )
    } else {
        for_each_source(
            n,
            sources,
            || Bfs::new(n),
            |b, s, acc| {
                b.run(g, s);
                b.accumulate(g, ends, acc);
                b.reset();
            },
        )
    }
}

/// Runs `run(state, source, accumulator)` for every source, on up to
/// [`std::thread::available_parallelism`] threads, each with its own state
/// (made by `init`) and its own accumulator of length `n`; returns the sum
/// of the accumulators, added in thread order.
pub(super) fn for_each_source<S, I, F>(n: usize, sources: &[u32], init: I, run: F) -> Vec<f64>
where
    I: Fn() -> S + Sync,
    F: Fn(&mut S, u32, &mut [f64]) + Sync,
{
    let chunks = sources.len().div_ceil(CHUNK);
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(chunks)
        .max(1);
    let work = |t: usize| {
        let mut state = init();
        let mut acc = vec![0.0; n];
        for chunk in sources.chunks(CHUNK).skip(t).step_by(threads) {
            for &s in chunk {
                run(&mut state, s, &mut acc);
            }
        }
        acc
    };
    if threads == 1 {
        return work(0);
    }
    let parts: Vec<Vec<f64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                scope.spawn(move || work(t))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut total = vec![0.0; n];
    for part in parts {
        for (t, p) in total.iter_mut().zip(part) {
            *t += p;
        }
    }
    total
}

/// Breadth-first search from one source with path counts, in buffers that
/// are reset (only where touched) for the next source.
pub(super) struct Bfs {
    /// Distance from the source; `u32::MAX` when not reached.
    pub(super) dist: Vec<u32>,
    /// Number of shortest paths from the source.
    sigma: Vec<f64>,
    /// `(end + delta) / sigma` of nodes whose dependency is known, else 0.
    coef: Vec<f64>,
    /// Reached nodes in visiting order (non-decreasing distance).
    pub(super) order: Vec<u32>,
    /// `order[level_ends[d - 1]..level_ends[d]]` are the nodes at distance
    /// `d` (with `level_ends[-1]` taken as 0).
    level_ends: Vec<usize>,
    /// Dependencies of the current level, by position in `order`.
    delta: Vec<f64>,
}

impl Bfs {
    pub(super) fn new(n: usize) -> Bfs {
        Bfs {
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            order: Vec::with_capacity(n),
            level_ends: Vec::new(),
            delta: vec![0.0; n],
        }
    }

    /// Distances, path counts and levels from `s`.
    pub(super) fn run(&mut self, g: &Csr, s: u32) {
        let (dist, sigma, order) = (&mut self.dist, &mut self.sigma, &mut self.order);
        dist[s as usize] = 0;
        sigma[s as usize] = 1.0;
        order.push(s);
        let mut head = 0;
        let mut d = 0;
        while head < order.len() {
            let end = order.len();
            self.level_ends.push(end);
            d += 1;
            while head < end {
                let v = order[head];
                head += 1;
                let sv = sigma[v as usize];
                for &w in g.neighbors(v) {
                    let w = w as usize;
                    let dw = dist[w];
                    if dw == u32::MAX {
                        dist[w] = d;
                        sigma[w] = sv;
                        order.push(w as u32);
                    } else if dw == d {
                        sigma[w] += sv;
                    }
                }
            }
        }
    }

    /// Adds every reached node's dependency on the source to `acc`.
    ///
    /// Levels are walked from the deepest up; a level's coefficients are
    /// published only once the whole level is done, so at that time `coef`
    /// is non-zero exactly on the next level, the only successors a node can
    /// have. The inner loop then needs no distance test.
    fn accumulate(&mut self, g: &Csr, ends: Option<&[f64]>, acc: &mut [f64]) {
        let levels = self.level_ends.len();
        for l in (1..levels).rev() {
            let (start, end) = (self.level_ends[l - 1], self.level_ends[l]);
            let deepest = l + 1 == levels;
            for i in start..end {
                let v = self.order[i];
                let mut sum = 0.0;
                if !deepest {
                    for &w in g.neighbors(v) {
                        sum += self.coef[w as usize];
                    }
                }
                let dv = self.sigma[v as usize] * sum;
                self.delta[i] = dv;
                acc[v as usize] += dv;
            }
            for i in start..end {
                let v = self.order[i] as usize;
                let e = ends.map_or(1.0, |e| e[v]);
                self.coef[v] = (e + self.delta[i]) / self.sigma[v];
            }
        }
    }

    /// Clears what the last search touched.
    pub(super) fn reset(&mut self) {
        for &v in &self.order {
            self.dist[v as usize] = u32::MAX;
            self.coef[v as usize] = 0.0;
        }
        self.order.clear();
        self.level_ends.clear();
    }
}

/// Dijkstra's search from one source with path counts, in reusable buffers.
pub(super) struct Dijkstra {
    /// Distance from the source; infinite when not reached.
    pub(super) dist: Vec<f64>,
    sigma: Vec<f64>,
    coef: Vec<f64>,
    settled: Vec<bool>,
    /// Settled nodes in order (non-decreasing distance).
    pub(super) order: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Dijkstra {
    pub(super) fn new(n: usize) -> Dijkstra {
        Dijkstra {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            settled: vec![false; n],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    /// Distances and path counts from `s`, arc weights as lengths.
    pub(super) fn run(&mut self, g: &Csr, s: u32) {
        self.dist[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        self.heap.push(Entry { dist: 0.0, node: s });
        while let Some(Entry { node: v, .. }) = self.heap.pop() {
            let vi = v as usize;
            if self.settled[vi] {
                continue;
            }
            self.settled[vi] = true;
            self.order.push(v);
            let (dv, sv) = (self.dist[vi], self.sigma[vi]);
            for (&w, &len) in g.neighbors(v).iter().zip(g.weights(v)) {
                let w = w as usize;
                if self.settled[w] {
                    continue;
                }
                let alt = dv + len;
                if alt < self.dist[w] {
                    self.dist[w] = alt;
                    self.sigma[w] = sv;
                    self.heap.push(Entry {
                        dist: alt,
                        node: w as u32,
                    });
                } else if alt == self.dist[w] {
                    self.sigma[w] += sv;
                }
            }
        }
    }

    /// Adds every settled node's dependency on the source to `acc`.
    ///
    /// Nodes are walked in reverse settling order; `coef` is non-zero only
    /// on nodes already walked, i.e. settled later, so an arc `v -> w` with
    /// `dist[v] + len == dist[w]` and a non-zero `coef[w]` is exactly a
    /// shortest-path DAG arc, as NetworkX records them.
    fn accumulate(&mut self, g: &Csr, s: u32, ends: Option<&[f64]>, acc: &mut [f64]) {
        for &v in self.order.iter().rev() {
            if v == s {
                continue;
            }
            let vi = v as usize;
            let dv = self.dist[vi];
            let mut sum = 0.0;
            for (&w, &len) in g.neighbors(v).iter().zip(g.weights(v)) {
                if dv + len == self.dist[w as usize] {
                    sum += self.coef[w as usize];
                }
            }
            let delta = self.sigma[vi] * sum;
            acc[vi] += delta;
            let e = ends.map_or(1.0, |e| e[vi]);
            self.coef[vi] = (e + delta) / self.sigma[vi];
        }
    }

    /// Clears what the last search touched.
    pub(super) fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.coef[v] = 0.0;
            self.settled[v] = false;
        }
        self.order.clear();
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    fn path(n: u32) -> Csr {
        Csr::undirected(n as usize, (1..n).map(|i| (i - 1, i, 1.0)))
    }

    #[test]
    fn path_of_five_peaks_in_the_middle() {
        // Pairs through 1: {0,2},{0,3},{0,4} = 3; through 2: {0,3},{0,4},{1,3},{1,4} = 4.
        let g = path(5);
        assert!(close(
            &betweenness(&g, false, false),
            &[0.0, 3.0, 4.0, 3.0, 0.0]
        ));
        // Normalized: raw ordered sums / (4 * 3) = (2 * raw) / 12.
        assert!(close(
            &betweenness(&g, false, true),
            &[0.0, 0.5, 4.0 / 6.0, 0.5, 0.0]
        ));
    }

    #[test]
    fn star_center_carries_every_pair() {
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        // C(4, 2) = 6 leaf pairs, all through 0.
        assert!(close(
            &betweenness(&g, false, false),
            &[6.0, 0.0, 0.0, 0.0, 0.0]
        ));
        assert!(close(
            &betweenness(&g, false, true),
            &[1.0, 0.0, 0.0, 0.0, 0.0]
        ));
    }

    #[test]
    fn triangle_with_pendant() {
        // Triangle 0-1-2, pendant 3 on 2: 2 lies between 3 and both 0 and 1.
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]);
        assert!(close(&betweenness(&g, false, false), &[0.0, 0.0, 2.0, 0.0]));
    }

    #[test]
    fn ties_split_paths_evenly() {
        // Square 0-1-2-3-0: 0 to 2 goes through 1 or 3, half each.
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]);
        assert!(close(&betweenness(&g, false, false), &[0.5, 0.5, 0.5, 0.5]));
    }

    #[test]
    fn weights_change_the_shortest_paths() {
        // 0-2 directly costs 5, through 1 costs 2: 1 lies between 0 and 2.
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0)]);
        assert!(close(&betweenness(&g, true, false), &[0.0, 1.0, 0.0]));
        assert!(close(&betweenness(&g, false, false), &[0.0, 0.0, 0.0]));
        // Equal-length alternatives split: 0-2 direct costs 2, as does 0-1-2.
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 2.0)]);
        assert!(close(&betweenness(&g, true, false), &[0.0, 0.5, 0.0]));
    }

    #[test]
    fn directed_paths_follow_arcs() {
        // 0 -> 1 -> 2 and 2 -> 3: 1 lies on 0->2, 0->3; 2 on 0->3, 1->3.
        let g = Csr::directed(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert!(close(&betweenness(&g, false, false), &[0.0, 2.0, 2.0, 0.0]));
        // Normalized by (n - 1)(n - 2) = 6 without halving.
        assert!(close(
            &betweenness(&g, false, true),
            &[0.0, 1.0 / 3.0, 1.0 / 3.0, 0.0]
        ));
        assert!(close(&betweenness(&g, true, false), &[0.0, 2.0, 2.0, 0.0]));
    }

    #[test]
    fn disconnected_components_are_independent() {
        // Two paths of three nodes: each middle node has 1.
        let g = Csr::undirected(6, [(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0)]);
        assert!(close(
            &betweenness(&g, false, false),
            &[0.0, 1.0, 0.0, 0.0, 1.0, 0.0]
        ));
        assert!(close(
            &betweenness(&g, true, false),
            &[0.0, 1.0, 0.0, 0.0, 1.0, 0.0]
        ));
    }

    #[test]
    fn parallel_edges_and_self_loops_do_not_count() {
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 0, 1.0), (1, 1, 1.0), (1, 2, 1.0)]);
        assert!(close(&betweenness(&g, false, false), &[0.0, 1.0, 0.0]));
    }

    #[test]
    fn tiny_graphs_are_all_zero() {
        assert!(betweenness(&Csr::undirected(0, []), false, true).is_empty());
        assert_eq!(betweenness(&Csr::undirected(1, []), false, true), vec![0.0]);
        let g = Csr::undirected(2, [(0, 1, 1.0)]);
        assert_eq!(betweenness(&g, true, true), vec![0.0, 0.0]);
    }

    #[test]
    fn many_sources_over_threads_match_hand_values() {
        // A path of 200 nodes: node i lies between i * (199 - i) pairs.
        let g = path(200);
        let bc = betweenness(&g, false, false);
        let expected: Vec<f64> = (0..200).map(|i| (i * (199 - i)) as f64).collect();
        assert!(close(&bc, &expected));
        assert!(close(&betweenness(&g, true, false), &expected));
    }

    #[test]
    fn sampled_sources_are_distinct_and_reproducible() {
        let s = sample_sources(100, 30, 9);
        let mut sorted = s.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 30);
        assert!(s.iter().all(|&v| v < 100));
        assert_eq!(s, sample_sources(100, 30, 9));
        assert_ne!(s, sample_sources(100, 30, 10));
        assert!(sample_sources(0, 3, 1).is_empty());
    }

    #[test]
    fn sampled_scaling_follows_networkx() {
        // Star with centre 0 and leaves 1..=4, n - 1 = 4.
        let g = Csr::undirected(5, (1..5).map(|i| (0, i, 1.0)));
        let sources = sample_sources(5, 2, 3);
        // From a leaf source, the centre lies on paths to the 3 other
        // leaves; from the centre, on none.
        let raw0 = sources.iter().filter(|&&s| s != 0).count() as f64 * 3.0;
        let bc = betweenness_sampled(&g, false, false, 2, 3);
        let centre_scale = if sources.contains(&0) {
            4.0 / 2.0
        } else {
            4.0 / 4.0
        };
        assert!((bc[0] - raw0 * centre_scale).abs() < 1e-12);
        assert!(bc[1..].iter().all(|&b| b == 0.0));
        let bcn = betweenness_sampled(&g, false, true, 2, 3);
        let centre_scale = if sources.contains(&0) {
            1.0 / 3.0
        } else {
            1.0 / 6.0
        };
        assert!((bcn[0] - raw0 * centre_scale).abs() < 1e-12);
    }

    #[test]
    fn sampled_estimate_is_undefined_without_enough_sources() {
        let g = path(4);
        assert!(betweenness_sampled(&g, false, true, 0, 1)
            .iter()
            .all(|b| b.is_nan()));
        let one = betweenness_sampled(&g, false, true, 1, 1);
        let s = sample_sources(4, 1, 1)[0] as usize;
        assert!(one[s].is_nan());
        assert_eq!(one.iter().filter(|b| b.is_nan()).count(), 1);
    }
}
