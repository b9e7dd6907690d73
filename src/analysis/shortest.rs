//! Shortest paths between two nodes: one, all, and the search they share.
//!
//! Every function takes a [`Csr`] and node indices; a directed graph is
//! followed along its arcs, an undirected one both ways. Path searches run
//! backwards from the target (on [`Csr::reversed`]) so that the path can then
//! be read forwards choosing the lowest-numbered node at every step: that is
//! what makes ties deterministic. The k-shortest-paths search in `yen.rs`
//! reuses `search_to_target` and `read_path` with nodes and arcs masked out.

use std::borrow::Cow;
use std::collections::{BinaryHeap, VecDeque};

use super::heap::Entry;
use super::Csr;

/// A path as a list of node indices, from source to target, with its cost.
///
/// The cost is the number of arcs for an unweighted search and the sum of the
/// arc weights for a weighted one. A path from a node to itself has one node
/// and cost `0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The nodes, source first and target last.
    pub nodes: Vec<u32>,
    /// The number of hops (unweighted) or the sum of arc weights (weighted).
    pub cost: f64,
}

/// Returns one shortest path from `s` to `t`, or `None` if `t` cannot be
/// reached from `s` (or either index is not a node).
///
/// # Arguments
/// * `g`: the graph; arcs of a directed graph are followed in their direction.
/// * `s`, `t`: source and target node indices.
/// * `weighted`: `false` counts hops (breadth-first search); `true` uses the
///   arc weights as lengths (Dijkstra). Weights are expected to be positive;
///   with zero, negative or NaN weights the result is still a valid path but
///   need not be the cheapest.
///
/// # Returns
/// The path and its cost. Ties are broken towards lower node indices: of all
/// shortest paths, the one whose node sequence is lexicographically smallest
/// is returned (the second node is the lowest-numbered one that starts a
/// shortest path, and so on). Weighted costs that differ by less than one part
/// in 10¹² count as equal. `s == t` gives the one-node path of cost 0.
///
/// # Complexity
/// O(V + E) unweighted, O((V + E) log V) weighted (plus O(E log E) to reverse
/// a directed graph).
///
/// # Examples
/// ```
/// use egov_graph::analysis::{shortest_path, Csr};
/// // A square 0-1-2-3-0: two shortest paths from 0 to 2, the one via 1 wins.
/// let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]);
/// let p = shortest_path(&g, 0, 2, false).unwrap();
/// assert_eq!(p.nodes, vec![0, 1, 2]);
/// assert_eq!(p.cost, 2.0);
/// ```
///
/// Matches NetworkX `shortest_path` (`method="dijkstra"` when weighted) in
/// cost; NetworkX breaks ties by insertion order, this function by index.
pub fn shortest_path(g: &Csr, s: u32, t: u32, weighted: bool) -> Option<Path> {
    if !is_node(g, s) || !is_node(g, t) {
        return None;
    }
    let rev = reverse(g);
    let labels = search_to_target(g, &rev, t, s, weighted, &Mask::NONE);
    let nodes = read_path(g, &labels, s, t, weighted, &Mask::NONE)?;
    Some(Path {
        cost: path_cost(g, &nodes, weighted),
        nodes,
    })
}

/// Returns every shortest path from `s` to `t`, at most `limit` of them, in
/// lexicographic order of their node indices.
///
/// # Arguments
/// * `g`, `s`, `t`, `weighted`: as for [`shortest_path`].
/// * `limit`: the most paths to return; the number of shortest paths can grow
///   exponentially with the size of the graph (a grid has binomially many).
///
/// # Returns
/// The shortest paths, all of the same cost; empty if `t` is unreachable or
/// `limit` is 0. `s == t` gives the single one-node path.
///
/// # Complexity
/// One search as in [`shortest_path`], then O(L · Δ) per returned path of
/// length L in a graph of maximum degree Δ: every step of the enumeration
/// extends a prefix that is known to reach `t`, so nothing is wasted before
/// the limit.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{all_shortest_paths, Csr};
/// let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]);
/// let paths = all_shortest_paths(&g, 0, 2, false, 10);
/// let nodes: Vec<_> = paths.iter().map(|p| p.nodes.clone()).collect();
/// assert_eq!(nodes, vec![vec![0, 1, 2], vec![0, 3, 2]]);
/// ```
///
/// Matches NetworkX `all_shortest_paths` (as a set; the order here is
/// lexicographic).
pub fn all_shortest_paths(g: &Csr, s: u32, t: u32, weighted: bool, limit: usize) -> Vec<Path> {
    let mut out = Vec::new();
    if limit == 0 || !is_node(g, s) || !is_node(g, t) {
        return out;
    }
    let rev = reverse(g);
    let labels = search_to_target(g, &rev, t, s, weighted, &Mask::NONE);
    if labels.rank[s as usize] == UNSETTLED {
        return out;
    }
    // Depth-first over the arcs that lie on shortest paths, lowest index
    // first. Each such arc leads to a node settled earlier, so every branch
    // ends at `t` and the order of completion is lexicographic.
    let mut nodes = vec![s];
    let mut cursor = vec![0usize];
    while let (Some(&u), Some(&from)) = (nodes.last(), cursor.last()) {
        if u == t {
            out.push(Path {
                cost: path_cost(g, &nodes, weighted),
                nodes: nodes.clone(),
            });
            if out.len() >= limit {
                break;
            }
            nodes.pop();
            cursor.pop();
            continue;
        }
        match successor(g, &labels, u, from, weighted, &Mask::NONE) {
            Some(i) => {
                if let Some(c) = cursor.last_mut() {
                    *c = i + 1;
                }
                nodes.push(g.neighbors(u)[i]);
                cursor.push(0);
            }
            None => {
                nodes.pop();
                cursor.pop();
            }
        }
    }
    out
}

pub(super) fn is_node(g: &Csr, u: u32) -> bool {
    (u as usize) < g.node_count()
}

/// The graph to search backwards on: itself if undirected.
pub(super) fn reverse(g: &Csr) -> Cow<'_, Csr> {
    if g.is_directed() {
        Cow::Owned(g.reversed())
    } else {
        Cow::Borrowed(g)
    }
}

/// The length of an arc of weight `w`.
fn length(w: f64, weighted: bool) -> f64 {
    if weighted {
        w
    } else {
        1.0
    }
}

/// Whether two path lengths are equal up to rounding (one part in 10¹²).
pub(super) fn same_length(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// The cost of a path whose consecutive nodes are arcs of `g`.
pub(super) fn path_cost(g: &Csr, nodes: &[u32], weighted: bool) -> f64 {
    nodes
        .windows(2)
        .map(|a| length(g.weight(a[0], a[1]).unwrap_or(f64::NAN), weighted))
        .fold(0.0, |sum, x| sum + x)
}

/// Nodes and arcs a search must avoid: the nodes flagged in `removed` (an
/// empty slice removes none) and the arcs from `from` to any of `blocked`.
pub(super) struct Mask<'a> {
    pub(super) removed: &'a [bool],
    pub(super) from: u32,
    pub(super) blocked: &'a [u32],
}

impl Mask<'_> {
    pub(super) const NONE: Mask<'static> = Mask {
        removed: &[],
        from: u32::MAX,
        blocked: &[],
    };

    fn removes(&self, v: u32) -> bool {
        self.removed.get(v as usize).copied().unwrap_or(false)
    }

    fn blocks(&self, u: u32, v: u32) -> bool {
        u == self.from && self.blocked.contains(&v)
    }
}

pub(super) const UNSETTLED: usize = usize::MAX;

/// Distances to the target and the order in which nodes were settled.
pub(super) struct ToTarget {
    dist: Vec<f64>,
    pub(super) rank: Vec<usize>,
}

/// The nodes waiting to be settled: a FIFO queue for unit lengths
/// (breadth-first search), a priority queue otherwise (Dijkstra).
enum Frontier {
    Queue(VecDeque<Entry>),
    Heap(BinaryHeap<Entry>),
}

impl Frontier {
    fn new(weighted: bool, start: u32) -> Frontier {
        if weighted {
            Frontier::Heap(BinaryHeap::from([Entry {
                dist: 0.0,
                node: start,
            }]))
        } else {
            Frontier::Queue(VecDeque::from([Entry {
                dist: 0.0,
                node: start,
            }]))
        }
    }

    fn push(&mut self, e: Entry) {
        match self {
            Frontier::Queue(q) => q.push_back(e),
            Frontier::Heap(h) => h.push(e),
        }
    }

    fn pop(&mut self) -> Option<Entry> {
        match self {
            Frontier::Queue(q) => q.pop_front(),
            Frontier::Heap(h) => h.pop(),
        }
    }
}

/// Searches from `t` backwards over `rev` (the reverse of `g`), avoiding
/// `mask`, until `stop` is settled. Every settled node other than `t` then
/// has an arc, in `g`, to a node settled before it that lies on one of its
/// shortest paths to `t`; [`next_hop`] reads those arcs.
pub(super) fn search_to_target(
    g: &Csr,
    rev: &Csr,
    t: u32,
    stop: u32,
    weighted: bool,
    mask: &Mask,
) -> ToTarget {
    let n = g.node_count();
    let mut dist = vec![f64::INFINITY; n];
    let mut rank = vec![UNSETTLED; n];
    let mut settled = 0usize;
    if !is_node(g, t) || mask.removes(t) {
        return ToTarget { dist, rank };
    }
    dist[t as usize] = 0.0;
    let mut frontier = Frontier::new(weighted, t);
    while let Some(Entry { dist: d, node: v }) = frontier.pop() {
        if rank[v as usize] != UNSETTLED || d > dist[v as usize] {
            continue;
        }
        rank[v as usize] = settled;
        settled += 1;
        if v == stop {
            break;
        }
        // `u -> v` is an arc of `g` for every `u` listed here.
        for (&u, &w) in rev.neighbors(v).iter().zip(rev.weights(v)) {
            if rank[u as usize] != UNSETTLED || mask.removes(u) || mask.blocks(u, v) {
                continue;
            }
            let nd = d + length(w, weighted);
            if nd < dist[u as usize] {
                dist[u as usize] = nd;
                frontier.push(Entry { dist: nd, node: u });
            }
        }
    }
    ToTarget { dist, rank }
}

/// The position, at or after `from` in `g.neighbors(u)`, of the first
/// neighbour `v` such that `u -> v` starts a shortest path from `u` to the
/// target and `v` was settled before `u`.
fn successor(
    g: &Csr,
    labels: &ToTarget,
    u: u32,
    from: usize,
    weighted: bool,
    mask: &Mask,
) -> Option<usize> {
    let du = labels.dist[u as usize];
    let ru = labels.rank[u as usize];
    let nbrs = g.neighbors(u);
    let ws = g.weights(u);
    (from..nbrs.len()).find(|&i| {
        let v = nbrs[i];
        labels.rank[v as usize] < ru
            && !mask.blocks(u, v)
            && same_length(labels.dist[v as usize] + length(ws[i], weighted), du)
    })
}

/// The lowest-numbered next node on a shortest path from `u` to the target.
fn next_hop(g: &Csr, labels: &ToTarget, u: u32, weighted: bool, mask: &Mask) -> Option<u32> {
    successor(g, labels, u, 0, weighted, mask).map(|i| g.neighbors(u)[i])
}

/// Reads the lexicographically smallest shortest path from `s` to `t` off
/// the labels of a [`search_to_target`] that settled `s`.
pub(super) fn read_path(
    g: &Csr,
    labels: &ToTarget,
    s: u32,
    t: u32,
    weighted: bool,
    mask: &Mask,
) -> Option<Vec<u32>> {
    if labels.rank.get(s as usize).copied().unwrap_or(UNSETTLED) == UNSETTLED {
        return None;
    }
    let mut nodes = vec![s];
    let mut u = s;
    // The rank strictly decreases at every step, so this ends.
    while u != t {
        u = next_hop(g, labels, u, weighted, mask)?;
        nodes.push(u);
    }
    Some(nodes)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nodes_of(paths: &[Path]) -> Vec<Vec<u32>> {
        paths.iter().map(|p| p.nodes.clone()).collect()
    }

    /// A `w × h` grid, node `x + w·y`, unit weights.
    pub(in crate::analysis) fn grid(w: u32, h: u32) -> Csr {
        let mut edges = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let u = x + w * y;
                if x + 1 < w {
                    edges.push((u, u + 1, 1.0));
                }
                if y + 1 < h {
                    edges.push((u, u + w, 1.0));
                }
            }
        }
        Csr::undirected((w * h) as usize, edges)
    }

    #[test]
    fn path_graph_has_one_path_end_to_end() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let p = shortest_path(&g, 3, 0, false);
        assert_eq!(
            p,
            Some(Path {
                nodes: vec![3, 2, 1, 0],
                cost: 3.0
            })
        );
        assert_eq!(all_shortest_paths(&g, 0, 3, false, 10).len(), 1);
    }

    #[test]
    fn path_to_itself_is_one_node() {
        let g = Csr::undirected(2, [(0, 1, 1.0)]);
        let p = Path {
            nodes: vec![1],
            cost: 0.0,
        };
        assert_eq!(shortest_path(&g, 1, 1, true), Some(p.clone()));
        assert_eq!(all_shortest_paths(&g, 1, 1, false, 5), vec![p]);
    }

    #[test]
    fn cycle_has_two_shortest_paths_to_the_opposite_node() {
        let g = Csr::undirected(
            6,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (5, 0, 1.0),
            ],
        );
        let all = all_shortest_paths(&g, 0, 3, false, 10);
        assert_eq!(nodes_of(&all), vec![vec![0, 1, 2, 3], vec![0, 5, 4, 3]]);
        assert!(all.iter().all(|p| p.cost == 3.0));
        assert_eq!(
            shortest_path(&g, 0, 3, false).map(|p| p.nodes),
            Some(vec![0, 1, 2, 3])
        );
        // From the other side the lower neighbour is 2, not 4.
        assert_eq!(
            shortest_path(&g, 3, 0, false).map(|p| p.nodes),
            Some(vec![3, 2, 1, 0])
        );
    }

    #[test]
    fn grid_corner_to_corner_has_binomially_many_paths() {
        let g = grid(4, 3);
        // 3 steps right and 2 down: C(5, 2) = 10 paths.
        let all = all_shortest_paths(&g, 0, 11, false, 100);
        assert_eq!(all.len(), 10);
        assert_eq!(all[0].nodes, vec![0, 1, 2, 3, 7, 11]);
        assert_eq!(all[9].nodes, vec![0, 4, 8, 9, 10, 11]);
        assert!(nodes_of(&all).windows(2).all(|w| w[0] < w[1]));
        assert_eq!(all_shortest_paths(&g, 0, 11, false, 3), all[..3].to_vec());
        assert_eq!(
            shortest_path(&g, 0, 11, false).map(|p| p.nodes),
            Some(vec![0, 1, 2, 3, 7, 11])
        );
    }

    #[test]
    fn large_grid_stops_at_the_limit() {
        // C(60, 30) ≈ 1.2e17 shortest paths: only the limit is built.
        let g = grid(31, 31);
        let all = all_shortest_paths(&g, 0, 31 * 31 - 1, false, 5);
        assert_eq!(all.len(), 5);
        assert!(all.iter().all(|p| p.nodes.len() == 61));
    }

    #[test]
    fn long_paths_do_not_recurse() {
        let n = 200_000u32;
        let g = Csr::directed(n as usize, (0..n - 1).map(|u| (u, u + 1, 1.0)));
        let p = shortest_path(&g, 0, n - 1, true);
        assert_eq!(p.map(|p| p.nodes.len()), Some(n as usize));
        assert_eq!(all_shortest_paths(&g, 0, n - 1, false, 3).len(), 1);
    }

    #[test]
    fn disconnected_nodes_have_no_path() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (2, 3, 1.0)]);
        assert_eq!(shortest_path(&g, 0, 3, false), None);
        assert_eq!(shortest_path(&g, 0, 3, true), None);
        assert!(all_shortest_paths(&g, 0, 3, false, 10).is_empty());
    }

    #[test]
    fn out_of_range_nodes_give_nothing() {
        let g = Csr::undirected(2, [(0, 1, 1.0)]);
        assert_eq!(shortest_path(&g, 0, 2, false), None);
        assert_eq!(shortest_path(&g, 9, 0, true), None);
        assert!(all_shortest_paths(&g, 5, 0, false, 10).is_empty());
        assert!(all_shortest_paths(&g, 0, 1, false, 0).is_empty());
    }

    #[test]
    fn directed_arcs_are_followed_one_way() {
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        assert_eq!(
            shortest_path(&g, 0, 2, false).map(|p| p.nodes),
            Some(vec![0, 1, 2])
        );
        // Against the arcs the only way is round the cycle.
        assert_eq!(
            shortest_path(&g, 1, 0, false).map(|p| p.nodes),
            Some(vec![1, 2, 0])
        );
        let one_way = Csr::directed(2, [(0, 1, 1.0)]);
        assert_eq!(shortest_path(&one_way, 1, 0, false), None);
    }

    #[test]
    fn cheapest_weighted_path_takes_more_hops() {
        // 0 - 3 directly costs 10; 0 - 1 - 2 - 3 costs 3.
        let g = Csr::undirected(4, [(0, 3, 10.0), (0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let hops = shortest_path(&g, 0, 3, false);
        assert_eq!(hops.map(|p| (p.nodes, p.cost)), Some((vec![0, 3], 1.0)));
        let cheap = shortest_path(&g, 0, 3, true);
        assert_eq!(
            cheap.map(|p| (p.nodes, p.cost)),
            Some((vec![0, 1, 2, 3], 3.0))
        );
    }

    #[test]
    fn weighted_ties_go_to_lower_indices() {
        // 0-2-4 and 0-1-3-4 and 0-3-4 all cost 2.
        let g = Csr::undirected(
            5,
            [
                (0, 2, 1.0),
                (2, 4, 1.0),
                (0, 1, 0.5),
                (1, 3, 0.5),
                (0, 3, 1.0),
                (3, 4, 1.0),
            ],
        );
        let all = all_shortest_paths(&g, 0, 4, true, 10);
        assert_eq!(
            nodes_of(&all),
            vec![vec![0, 1, 3, 4], vec![0, 2, 4], vec![0, 3, 4]]
        );
        assert_eq!(
            shortest_path(&g, 0, 4, true).map(|p| p.nodes),
            Some(vec![0, 1, 3, 4])
        );
    }

    #[test]
    fn rounding_does_not_split_ties() {
        // 0.1 + 0.2 != 0.3 in floating point, but the two paths tie.
        let g = Csr::directed(4, [(0, 1, 0.1), (1, 3, 0.2), (0, 2, 0.3), (2, 3, 1e-300)]);
        assert_eq!(all_shortest_paths(&g, 0, 3, true, 10).len(), 2);
    }

    #[test]
    fn parallel_edges_merge_and_self_loops_vanish() {
        // The two 0-1 edges merge into one of weight 4; the loop on 1 is gone.
        let g = Csr::undirected(
            3,
            [
                (0, 1, 2.0),
                (1, 0, 2.0),
                (1, 1, 0.1),
                (0, 2, 1.0),
                (2, 1, 2.0),
            ],
        );
        let p = shortest_path(&g, 0, 1, true);
        assert_eq!(p.map(|p| (p.nodes, p.cost)), Some((vec![0, 2, 1], 3.0)));
        assert_eq!(all_shortest_paths(&g, 0, 1, false, 10).len(), 1);
    }

    #[test]
    fn odd_weights_still_give_valid_paths() {
        let g = Csr::directed(
            4,
            [
                (0, 1, 0.0),
                (1, 0, 0.0),
                (1, 2, -1.0),
                (2, 3, f64::NAN),
                (0, 3, 5.0),
            ],
        );
        for t in 0..4 {
            if let Some(p) = shortest_path(&g, 0, t, true) {
                assert!(p.nodes.windows(2).all(|a| g.weight(a[0], a[1]).is_some()));
            }
            assert!(all_shortest_paths(&g, 0, t, true, 10).len() <= 10);
        }
    }

    // ---- Brute-force oracles, shared with `yen.rs`. ----

    /// All-pairs shortest costs by Floyd–Warshall (`INFINITY` if unreachable).
    pub(in crate::analysis) fn floyd(g: &Csr, weighted: bool) -> Vec<Vec<f64>> {
        let n = g.node_count();
        let mut d = vec![vec![f64::INFINITY; n]; n];
        for (u, row) in d.iter_mut().enumerate() {
            row[u] = 0.0;
            for (&v, &w) in g.neighbors(u as u32).iter().zip(g.weights(u as u32)) {
                row[v as usize] = length(w, weighted);
            }
        }
        for m in 0..n {
            let through = d[m].clone();
            for row in d.iter_mut() {
                let to_m = row[m];
                for (x, &from_m) in row.iter_mut().zip(&through) {
                    if to_m + from_m < *x {
                        *x = to_m + from_m;
                    }
                }
            }
        }
        d
    }

    /// Every simple path from `s` to `t` with its cost, sorted by (cost,
    /// nodes).
    pub(in crate::analysis) fn simple_paths(g: &Csr, s: u32, t: u32, weighted: bool) -> Vec<Path> {
        fn walk(g: &Csr, t: u32, stack: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
            let Some(&u) = stack.last() else { return };
            if u == t {
                out.push(stack.clone());
                return;
            }
            for &v in g.neighbors(u) {
                if !stack.contains(&v) {
                    stack.push(v);
                    walk(g, t, stack, out);
                    stack.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(g, t, &mut vec![s], &mut out);
        let mut paths: Vec<Path> = out
            .into_iter()
            .map(|nodes| Path {
                cost: path_cost(g, &nodes, weighted),
                nodes,
            })
            .collect();
        paths.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.nodes.cmp(&b.nodes)));
        paths
    }

    /// Asserts that `p` is a simple path from `s` to `t` along arcs of `g`
    /// whose cost is the sum of its arcs.
    pub(in crate::analysis) fn assert_valid(g: &Csr, p: &Path, s: u32, t: u32, weighted: bool) {
        assert_eq!(p.nodes.first(), Some(&s));
        assert_eq!(p.nodes.last(), Some(&t));
        let mut sum = 0.0;
        for a in p.nodes.windows(2) {
            let w = g.weight(a[0], a[1]);
            assert!(w.is_some(), "{} -> {} is not an arc", a[0], a[1]);
            sum += length(w.unwrap_or(0.0), weighted);
        }
        assert!(
            (p.cost - sum).abs() < 1e-9,
            "cost {} != sum {}",
            p.cost,
            sum
        );
        let distinct: std::collections::HashSet<_> = p.nodes.iter().collect();
        assert_eq!(distinct.len(), p.nodes.len(), "{:?} is not simple", p.nodes);
    }

    /// Small random graphs with weights in multiples of 1/4 (exact sums, so
    /// ties are real ties), directed or not.
    pub(in crate::analysis) fn small_graph() -> impl Strategy<Value = Csr> {
        (1usize..=7, any::<bool>()).prop_flat_map(|(n, directed)| {
            let edge = (0..n as u32, 0..n as u32, 1u8..=12);
            proptest::collection::vec(edge, 0..=n * 3).prop_map(move |edges| {
                let edges = edges
                    .into_iter()
                    .map(|(u, v, w)| (u, v, f64::from(w) / 4.0));
                if directed {
                    Csr::directed(n, edges)
                } else {
                    Csr::undirected(n, edges)
                }
            })
        })
    }

    proptest! {
        #[test]
        fn shortest_path_matches_floyd_and_the_tie_rule(
            g in small_graph(), weighted in any::<bool>(), s in 0u32..7, t in 0u32..7,
        ) {
            let n = g.node_count() as u32;
            let (s, t) = (s % n, t % n);
            let d = floyd(&g, weighted)[s as usize][t as usize];
            match shortest_path(&g, s, t, weighted) {
                None => prop_assert!(d.is_infinite()),
                Some(p) => {
                    assert_valid(&g, &p, s, t, weighted);
                    prop_assert!((p.cost - d).abs() < 1e-9);
                    // The lexicographically first of the cheapest paths.
                    let brute = simple_paths(&g, s, t, weighted);
                    prop_assert_eq!(Some(&p.nodes), brute.first().map(|b| &b.nodes));
                }
            }
        }

        #[test]
        fn all_shortest_paths_are_exactly_the_cheapest_simple_paths(
            g in small_graph(), weighted in any::<bool>(), s in 0u32..7, t in 0u32..7,
            limit in 1usize..6,
        ) {
            let n = g.node_count() as u32;
            let (s, t) = (s % n, t % n);
            let brute = simple_paths(&g, s, t, weighted);
            let mut cheapest: Vec<Vec<u32>> = brute
                .iter()
                .filter(|p| p.cost == brute[0].cost)
                .map(|p| p.nodes.clone())
                .collect();
            cheapest.sort();
            let all = all_shortest_paths(&g, s, t, weighted, usize::MAX);
            for p in &all {
                assert_valid(&g, p, s, t, weighted);
            }
            prop_assert_eq!(&nodes_of(&all), &cheapest);
            let limited = all_shortest_paths(&g, s, t, weighted, limit);
            prop_assert_eq!(&limited[..], &all[..limit.min(all.len())]);
        }
    }
}
