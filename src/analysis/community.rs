//! Communities: groups of nodes more tied among themselves than to the
//! rest, found by Louvain modularity optimisation or by label propagation,
//! and the modularity of any partition.
//!
//! Both methods run on an undirected [`Csr`] and read its weights as tie
//! strengths (a view's `Weight::Strength`, or 1 per edge for hops); both
//! are deterministic for a given seed. Leiden (Traag, Waltman and van Eck
//! 2019) is not implemented: its refinement step, which guarantees
//! connected communities, is left for later; [`louvain`] ends with a
//! multi-level refinement instead (Rotta and Noack 2011), which walks the
//! levels back down and lets nodes of each level move again.

use super::Csr;
use crate::model::{View, Weight};

/// How communities are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommunityMethod {
    /// Louvain modularity optimisation ([`louvain`]).
    Louvain,
    /// Asynchronous label propagation ([`label_propagation`]).
    LabelPropagation,
}

/// A partition of the nodes into communities.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// The community of each node: `community[v]` is in `0..count`.
    /// Communities are numbered by size, largest first; equal sizes by
    /// their smallest node.
    pub community: Vec<u32>,
    /// How many communities there are.
    pub count: usize,
    /// The partition's modularity at the resolution it was found with
    /// (see [`modularity`]).
    pub modularity: f64,
}

impl Partition {
    /// The members of each community, in node order: `members()[c]` lists
    /// the nodes of community `c`.
    pub fn members(&self) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); self.count];
        for (v, &c) in self.community.iter().enumerate() {
            out[c as usize].push(v as u32);
        }
        out
    }
}

/// Finds communities with `method`, at `resolution` (used by Louvain and by
/// the modularity reported), deterministic for `seed`.
///
/// This is the one entry point for commands and other analyses (e.g. a
/// "by community" grouping): it returns the partition numbered by size and
/// its modularity.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{communities, CommunityMethod, Csr};
/// // Two triangles joined by one edge.
/// let g = Csr::undirected(6, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0),
///     (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)]);
/// let p = communities(&g, CommunityMethod::Louvain, 1.0, 1);
/// assert_eq!(p.count, 2);
/// assert_eq!(p.community[0], p.community[2]);
/// assert_ne!(p.community[2], p.community[3]);
/// assert!((p.modularity - 5.0 / 14.0).abs() < 1e-12);
/// ```
pub fn communities(g: &Csr, method: CommunityMethod, resolution: f64, seed: u64) -> Partition {
    let raw = match method {
        CommunityMethod::Louvain => louvain(g, resolution, seed),
        CommunityMethod::LabelPropagation => label_propagation(g, seed),
    };
    let (community, count) = by_size(&raw);
    let modularity = modularity(g, &community, resolution);
    Partition {
        community,
        count,
        modularity,
    }
}

/// The communities of a view's nodes, weighted as its tie strengths
/// (`view.csr(false, Weight::Strength)`): what `egov communities` prints,
/// and the `community` of a node for anything grouped by community.
/// `partition.community[v]` is the community of view node `v`.
///
/// Complexity: that of [`communities`], plus building the view's CSR.
pub fn view_communities(
    view: &View,
    method: CommunityMethod,
    resolution: f64,
    seed: u64,
) -> Partition {
    communities(&view.csr(false, Weight::Strength), method, resolution, seed)
}

/// The modularity of a partition of an undirected graph:
/// `Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]`, where `m` is the total edge
/// weight, `L_c` the weight of the edges inside community `c`, `d_c` the
/// summed weighted degree of its nodes and `γ` the resolution.
///
/// Matches NetworkX's
/// [`modularity(G, communities, weight="weight", resolution=γ)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.community.quality.modularity.html)
/// for an undirected graph (Newman 2004; Reichardt and Bornholdt 2006 for
/// the resolution). A graph without edges has modularity 0 (NetworkX
/// divides by zero).
///
/// # Arguments
/// * `g`: an undirected graph; weights are tie strengths.
/// * `community`: the community of each node (any labels).
/// * `resolution`: `γ`; below 1 favours larger communities, above 1
///   smaller ones.
///
/// # Complexity
/// O(V + E).
///
/// # Examples
/// ```
/// use egov_graph::analysis::{modularity, Csr};
/// let g = Csr::undirected(4, [(0, 1, 1.0), (2, 3, 1.0)]);
/// assert!((modularity(&g, &[0, 0, 1, 1], 1.0) - 0.5).abs() < 1e-12);
/// assert!((modularity(&g, &[0, 1, 2, 3], 1.0) + 0.25).abs() < 1e-12);
/// ```
pub fn modularity(g: &Csr, community: &[u32], resolution: f64) -> f64 {
    let n = g.node_count().min(community.len());
    let labels = community
        .iter()
        .copied()
        .max()
        .map_or(0, |c| c as usize + 1);
    let mut inside = vec![0.0f64; labels];
    let mut degree = vec![0.0f64; labels];
    let mut total = 0.0;
    for u in 0..n {
        let cu = community[u] as usize;
        for (&v, &w) in g.neighbors(u as u32).iter().zip(g.weights(u as u32)) {
            total += w;
            degree[cu] += w;
            if community.get(v as usize) == Some(&community[u]) {
                inside[cu] += w;
            }
        }
    }
    // Every edge was seen from both ends.
    let m = total / 2.0;
    if m <= 0.0 {
        return 0.0;
    }
    inside
        .iter()
        .zip(&degree)
        .map(|(l, d)| l / 2.0 / m - resolution * (d / (2.0 * m)).powi(2))
        .sum()
}

/// Louvain communities: the partition found by repeatedly moving single
/// nodes to the neighbouring community that raises the modularity most,
/// then merging each community into one node and starting again, until no
/// move raises it (Blondel, Guillaume, Lambiotte and Lefebvre, "Fast
/// unfolding of communities in large networks", J. Stat. Mech. 2008).
///
/// The same procedure as NetworkX's
/// [`louvain_communities(G, weight="weight", resolution=γ, seed=…)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.community.louvain.louvain_communities.html):
/// nodes are visited in a shuffled order (SplitMix64 seeded with `seed`,
/// not Python's `random`, so partitions differ from NetworkX's seed for
/// seed), a node moves only for a strictly positive gain, and levels stop
/// when no node moves. Then, as in the multi-level refinement of Rotta and
/// Noack ("Multilevel local search algorithms for modularity clustering",
/// ACM JEA 2011), the levels are walked back down and each level's nodes
/// may move singly again from the partition found: this can only raise the
/// modularity, and leaves no original node that could raise it by moving.
/// Louvain's result depends on the order of visits, so this runs it from
/// four orders drawn from `seed` and keeps the partition of highest
/// modularity (the first on a tie).
///
/// # Arguments
/// * `g`: an undirected graph; weights are tie strengths (use 1 per edge
///   for an unweighted graph).
/// * `resolution`: `γ` of [`modularity`].
/// * `seed`: the order in which nodes are visited.
///
/// # Returns
/// The community of each node, numbered `0..k` by first appearance.
///
/// # Complexity
/// O(E) per pass over the nodes; a few passes per level, O(log V) levels
/// in practice, four runs.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{louvain, Csr};
/// let g = Csr::undirected(4, [(0, 1, 1.0), (2, 3, 1.0)]);
/// assert_eq!(louvain(&g, 1.0, 7), [0, 0, 1, 1]);
/// ```
pub fn louvain(g: &Csr, resolution: f64, seed: u64) -> Vec<u32> {
    let mut rng = SplitMix64(seed);
    let mut best: Option<(f64, Vec<u32>)> = None;
    for _ in 0..RESTARTS {
        let found = louvain_once(g, resolution, rng.next_u64());
        let q = modularity(g, &found, resolution);
        if best.as_ref().is_none_or(|(b, _)| q > *b) {
            best = Some((q, found));
        }
    }
    best.map(|(_, p)| p).unwrap_or_default()
}

/// How many node orders [`louvain`] tries.
const RESTARTS: usize = 4;

/// One run of Louvain with the refinement, from the order `seed` gives.
fn louvain_once(g: &Csr, resolution: f64, seed: u64) -> Vec<u32> {
    let n = g.node_count();
    let base = Level::from_csr(g);
    let m = base.degree.iter().sum::<f64>() / 2.0;
    if m <= 0.0 {
        return (0..n as u32).collect();
    }
    let mut rng = SplitMix64(seed);
    // Coarsen: every level with the community of each of its nodes (the
    // node it becomes on the next level).
    let mut levels: Vec<(Level, Vec<u32>)> = Vec::new();
    let mut level = base;
    loop {
        let (moved, local) = level.move_nodes(m, resolution, &mut rng, None);
        if !moved {
            break;
        }
        let (local, k) = renumber(&local);
        let next = level.aggregate(&local, k);
        levels.push((level, local));
        level = next;
    }
    // Refine (Rotta and Noack 2011): back down the levels, each level's
    // nodes start in their community from above and move singly again.
    let mut top: Vec<u32> = (0..level.adj.len() as u32).collect();
    while let Some((level, up)) = levels.pop() {
        let start = up.iter().map(|&u| top[u as usize]).collect();
        top = level.move_nodes(m, resolution, &mut rng, Some(start)).1;
    }
    renumber(&top).0
}

/// Label propagation communities: every node starts with its own label
/// and, visited in a random order, takes the label carried by the largest
/// weight among its neighbours (ties broken at random), until every node
/// has a label that is among its neighbours' heaviest (Raghavan, Albert
/// and Kumara, "Near linear time algorithm to detect community structures
/// in large-scale networks", Phys. Rev. E 2007).
///
/// The procedure of NetworkX's
/// [`asyn_lpa_communities(G, weight="weight", seed=…)`](https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.community.label_propagation.asyn_lpa_communities.html),
/// with SplitMix64 as the random source. Fast, but it optimises nothing:
/// its modularity is usually below Louvain's. A node without neighbours
/// keeps its own label. Stops after 1,000 rounds at most.
///
/// # Returns
/// The community of each node, numbered `0..k` by first appearance.
///
/// # Complexity
/// O(E) per round.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{label_propagation, Csr};
/// let g = Csr::undirected(4, [(0, 1, 1.0), (2, 3, 1.0)]);
/// assert_eq!(label_propagation(&g, 3), [0, 0, 1, 1]);
/// ```
pub fn label_propagation(g: &Csr, seed: u64) -> Vec<u32> {
    let n = g.node_count();
    let mut label: Vec<u32> = (0..n as u32).collect();
    let mut rng = SplitMix64(seed);
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut weight = vec![0.0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut best: Vec<u32> = Vec::new();
    for _ in 0..1000 {
        rng.shuffle(&mut order);
        let mut stable = true;
        for &u in &order {
            if g.neighbors(u).is_empty() {
                continue;
            }
            for (&v, &w) in g.neighbors(u).iter().zip(g.weights(u)) {
                let l = label[v as usize] as usize;
                if weight[l] == 0.0 {
                    touched.push(l as u32);
                }
                weight[l] += w;
            }
            let top = touched
                .iter()
                .map(|&l| weight[l as usize])
                .fold(f64::NEG_INFINITY, f64::max);
            best.clear();
            best.extend(
                touched
                    .iter()
                    .copied()
                    .filter(|&l| weight[l as usize] >= top),
            );
            best.sort_unstable();
            if !best.contains(&label[u as usize]) {
                stable = false;
                label[u as usize] = best[rng.below(best.len())];
            }
            for &l in &touched {
                weight[l as usize] = 0.0;
            }
            touched.clear();
        }
        if stable {
            break;
        }
    }
    renumber(&label).0
}

/// One level of Louvain: a weighted graph with self-loops.
struct Level {
    /// Neighbours and weights, without self-loops.
    adj: Vec<Vec<(u32, f64)>>,
    /// Each node's self-loop weight (edges inside a merged community).
    loops: Vec<f64>,
    /// Weighted degree: the neighbours' weights plus twice the self-loop.
    degree: Vec<f64>,
}

impl Level {
    fn from_csr(g: &Csr) -> Level {
        let n = g.node_count();
        let adj: Vec<Vec<(u32, f64)>> = (0..n as u32)
            .map(|u| {
                g.neighbors(u)
                    .iter()
                    .copied()
                    .zip(g.weights(u).iter().copied())
                    .collect()
            })
            .collect();
        let degree = adj
            .iter()
            .map(|a| a.iter().map(|&(_, w)| w).sum())
            .collect();
        Level {
            adj,
            loops: vec![0.0; n],
            degree,
        }
    }

    /// Moves single nodes between communities while the modularity rises.
    /// Starts from `start` (singletons when `None`). Returns whether any
    /// node moved, and each node's community.
    fn move_nodes(
        &self,
        m: f64,
        resolution: f64,
        rng: &mut SplitMix64,
        start: Option<Vec<u32>>,
    ) -> (bool, Vec<u32>) {
        let n = self.adj.len();
        let mut comm: Vec<u32> = start.unwrap_or_else(|| (0..n as u32).collect());
        let mut total = vec![0.0f64; n];
        for (u, &c) in comm.iter().enumerate() {
            total[c as usize] += self.degree[u];
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut order);
        let mut to = vec![0.0f64; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut moved_any = false;
        // A move must gain more than rounding can produce.
        let eps = 1e-12 * m.max(1.0);
        loop {
            let mut moved = false;
            for &u in &order {
                let u = u as usize;
                let k = self.degree[u];
                let own = comm[u];
                for &(v, w) in &self.adj[u] {
                    let c = comm[v as usize];
                    if !seen[c as usize] {
                        seen[c as usize] = true;
                        touched.push(c);
                    }
                    to[c as usize] += w;
                }
                total[own as usize] -= k;
                // Gain of joining c, up to a common factor 1/m:
                // w(u, c) − γ · total(c) · k / 2m.
                let gain = |c: u32| to[c as usize] - resolution * total[c as usize] * k / (2.0 * m);
                let mut best = own;
                let mut best_gain = gain(own);
                for &c in &touched {
                    let x = gain(c);
                    if x > best_gain + eps {
                        best = c;
                        best_gain = x;
                    }
                }
                total[best as usize] += k;
                if best != own {
                    comm[u] = best;
                    moved = true;
                    moved_any = true;
                }
                for &c in &touched {
                    to[c as usize] = 0.0;
                    seen[c as usize] = false;
                }
                touched.clear();
            }
            if !moved {
                break;
            }
        }
        (moved_any, comm)
    }

    /// The graph of communities: one node per community (`comm` numbered
    /// `0..k`), the weights between communities summed, the weights inside
    /// each one kept as its self-loop.
    fn aggregate(&self, comm: &[u32], k: usize) -> Level {
        let mut merged: Vec<Vec<(u32, f64)>> = vec![Vec::new(); k];
        let mut loops = vec![0.0f64; k];
        for (u, list) in self.adj.iter().enumerate() {
            let cu = comm[u];
            loops[cu as usize] += self.loops[u];
            for &(v, w) in list {
                let cv = comm[v as usize];
                if cu == cv {
                    // Seen from both ends.
                    loops[cu as usize] += w / 2.0;
                } else {
                    merged[cu as usize].push((cv, w));
                }
            }
        }
        for list in &mut merged {
            list.sort_by_key(|&(c, _)| c);
            let mut out: Vec<(u32, f64)> = Vec::with_capacity(list.len());
            for &(c, w) in list.iter() {
                match out.last_mut() {
                    Some(last) if last.0 == c => last.1 += w,
                    _ => out.push((c, w)),
                }
            }
            *list = out;
        }
        let degree = merged
            .iter()
            .zip(&loops)
            .map(|(a, l)| a.iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * l)
            .collect();
        Level {
            adj: merged,
            loops,
            degree,
        }
    }
}

/// Labels renumbered `0..k` by first appearance, and `k`.
fn renumber(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut map = std::collections::HashMap::new();
    let out = labels
        .iter()
        .map(|&l| {
            let next = map.len() as u32;
            *map.entry(l).or_insert(next)
        })
        .collect();
    (out, map.len())
}

/// Labels renumbered by community size, largest first (equal sizes by
/// their smallest node), and the number of communities.
fn by_size(labels: &[u32]) -> (Vec<u32>, usize) {
    let (first, k) = renumber(labels);
    let mut size = vec![0usize; k];
    for &c in &first {
        size[c as usize] += 1;
    }
    // First-appearance numbering already orders by smallest node.
    let mut order: Vec<u32> = (0..k as u32).collect();
    order.sort_by(|a, b| size[*b as usize].cmp(&size[*a as usize]).then(a.cmp(b)));
    let mut rank = vec![0u32; k];
    for (r, &c) in order.iter().enumerate() {
        rank[c as usize] = r as u32;
    }
    (first.iter().map(|&c| rank[c as usize]).collect(), k)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): the seeded order of visits.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (Lemire's multiply-shift).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A Fisher–Yates shuffle.
    fn shuffle(&mut self, items: &mut [u32]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three 5-cliques in a ring, joined by single edges.
    fn ring_of_cliques() -> Csr {
        let mut edges = Vec::new();
        for c in 0..3u32 {
            for a in 0..5 {
                for b in a + 1..5 {
                    edges.push((c * 5 + a, c * 5 + b, 1.0));
                }
            }
            edges.push((c * 5, ((c + 1) % 3) * 5 + 1, 1.0));
        }
        Csr::undirected(15, edges)
    }

    #[test]
    fn louvain_finds_the_cliques_for_every_seed() {
        let g = ring_of_cliques();
        for seed in 0..10 {
            let p = communities(&g, CommunityMethod::Louvain, 1.0, seed);
            assert_eq!(p.count, 3, "seed {seed}");
            for c in 0..3 {
                let first = p.community[c * 5];
                assert!((0..5).all(|i| p.community[c * 5 + i] == first));
            }
            assert!((p.modularity - modularity(&g, &p.community, 1.0)).abs() < 1e-15);
        }
    }

    #[test]
    fn label_propagation_finds_the_cliques() {
        let g = ring_of_cliques();
        let p = communities(&g, CommunityMethod::LabelPropagation, 1.0, 5);
        assert_eq!(p.count, 3);
        assert_eq!(p.members()[0].len(), 5);
    }

    #[test]
    fn same_seed_same_partition_and_resolution_matters() {
        let g = ring_of_cliques();
        assert_eq!(louvain(&g, 1.0, 42), louvain(&g, 1.0, 42));
        // A tiny resolution merges everything connected.
        let p = communities(&g, CommunityMethod::Louvain, 0.01, 1);
        assert_eq!(p.count, 1);
    }

    #[test]
    fn isolated_nodes_and_empty_graphs_are_their_own_communities() {
        let g = Csr::undirected(3, []);
        let p = communities(&g, CommunityMethod::Louvain, 1.0, 1);
        assert_eq!(p.count, 3);
        assert_eq!(p.modularity, 0.0);
        let p = communities(
            &Csr::undirected(0, []),
            CommunityMethod::LabelPropagation,
            1.0,
            1,
        );
        assert_eq!(p.count, 0);
    }

    #[test]
    fn weights_decide_between_two_groupings() {
        // A square whose two heavy sides pair the nodes.
        let g = Csr::undirected(4, [(0, 1, 5.0), (1, 2, 1.0), (2, 3, 5.0), (3, 0, 1.0)]);
        let p = communities(&g, CommunityMethod::Louvain, 1.0, 9);
        assert_eq!(p.community[0], p.community[1]);
        assert_eq!(p.community[2], p.community[3]);
        assert_ne!(p.community[1], p.community[2]);
    }
}
