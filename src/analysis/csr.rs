//! A compact adjacency (compressed sparse row) that every analysis runs on.
//!
//! A view of the model (see `model::view`) is turned into a [`Csr`] once per
//! command; the algorithms in this module's siblings take `&Csr` and node
//! indices `0..n` (`u32`), and know nothing of countries or files.

use crate::model::{EdgeSummary, Filter, Folding, Graph, Strength, View, ViewEdge, Weight};

/// A simple graph (no self-loops, no parallel edges) in compressed sparse row
/// form, with one `f64` weight per stored arc.
///
/// An undirected graph stores every edge as two arcs, so that
/// [`Csr::neighbors`] lists all neighbours of a node. Parallel input edges are
/// merged into one arc whose weight is the sum of theirs; self-loops are
/// dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    directed: bool,
}

impl Csr {
    /// Builds an undirected simple graph on nodes `0..n` from `(u, v, weight)`
    /// edges. Each edge is stored as the arcs `u -> v` and `v -> u`.
    ///
    /// Edges naming a node `>= n` are ignored.
    ///
    /// # Examples
    /// ```
    /// use egov_graph::analysis::Csr;
    /// let g = Csr::undirected(3, [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 2, 1.0)]);
    /// assert_eq!(g.edge_count(), 2);
    /// assert_eq!(g.neighbors(1), &[0, 2]);
    /// assert_eq!(g.weights(1), &[2.0, 1.0]);
    /// ```
    pub fn undirected(n: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>) -> Csr {
        let arcs = edges
            .into_iter()
            .flat_map(|(u, v, w)| [(u, v, w), (v, u, w)]);
        Csr::build(n, arcs, false)
    }

    /// Builds a directed simple graph on nodes `0..n` from `(u, v, weight)`
    /// arcs; [`Csr::neighbors`] then lists out-neighbours.
    pub fn directed(n: usize, arcs: impl IntoIterator<Item = (u32, u32, f64)>) -> Csr {
        Csr::build(n, arcs, true)
    }

    /// Builds from arcs that, read in the order `arcs` gives them, fill
    /// every row with strictly increasing targets (as a view's pairs in
    /// `(a, b)` order do): two passes and no sort. Arcs that do not (or
    /// that repeat) are handled by the general build instead, so the
    /// result is always the same as [`Csr::directed`]'s.
    fn from_ordered<I>(n: usize, arcs: impl Fn() -> I, directed: bool) -> Csr
    where
        I: Iterator<Item = (u32, u32, f64)>,
    {
        let keep = |&(u, v, _): &(u32, u32, f64)| u != v && (u as usize) < n && (v as usize) < n;
        let mut offsets = vec![0usize; n + 1];
        for (u, _, _) in arcs().filter(keep) {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let m = offsets[n];
        let mut targets = vec![0u32; m];
        let mut weights = vec![0.0f64; m];
        let mut next = offsets.clone();
        let mut ordered = true;
        for (u, v, w) in arcs().filter(keep) {
            let at = next[u as usize];
            if at > offsets[u as usize] && targets[at - 1] >= v {
                ordered = false;
                break;
            }
            targets[at] = v;
            weights[at] = w;
            next[u as usize] += 1;
        }
        if !ordered {
            return Csr::build(n, arcs(), directed);
        }
        Csr {
            offsets,
            targets,
            weights,
            directed,
        }
    }

    fn build(n: usize, arcs: impl IntoIterator<Item = (u32, u32, f64)>, directed: bool) -> Csr {
        // A counting sort by source, then each row by target (stable, so
        // parallel arcs add up in input order), then parallel arcs merged:
        // O(V + E log d) for the largest degree d, with no sort of all arcs.
        let list: Vec<(u32, u32, f64)> = arcs
            .into_iter()
            .filter(|&(u, v, _)| u != v && (u as usize) < n && (v as usize) < n)
            .collect();
        let mut starts = vec![0usize; n + 1];
        for &(u, _, _) in &list {
            starts[u as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut rows: Vec<(u32, f64)> = vec![(0, 0.0); list.len()];
        let mut next = starts.clone();
        for (u, v, w) in list {
            let at = &mut next[u as usize];
            rows[*at] = (v, w);
            *at += 1;
        }
        let mut offsets = vec![0usize; n + 1];
        let mut targets: Vec<u32> = Vec::with_capacity(rows.len());
        let mut weights: Vec<f64> = Vec::with_capacity(rows.len());
        for u in 0..n {
            let row = &mut rows[starts[u]..starts[u + 1]];
            row.sort_by_key(|&(v, _)| v);
            let begin = targets.len();
            for &(v, w) in row.iter() {
                if targets.len() > begin && targets.last() == Some(&v) {
                    if let Some(x) = weights.last_mut() {
                        *x += w;
                    }
                    continue;
                }
                targets.push(v);
                weights.push(w);
            }
            offsets[u + 1] = targets.len();
        }
        Csr {
            offsets,
            targets,
            weights,
            directed,
        }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The number of edges: arcs for a directed graph, undirected edges
    /// (half the arcs) for an undirected one.
    pub fn edge_count(&self) -> usize {
        if self.directed {
            self.targets.len()
        } else {
            self.targets.len() / 2
        }
    }

    /// Whether the graph is directed.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// The (out-)neighbours of `u`, in increasing order.
    pub fn neighbors(&self, u: u32) -> &[u32] {
        let u = u as usize;
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// The weights of the arcs to [`Csr::neighbors`]`(u)`, in the same order.
    pub fn weights(&self, u: u32) -> &[f64] {
        let u = u as usize;
        &self.weights[self.offsets[u]..self.offsets[u + 1]]
    }

    /// The (out-)degree of `u` in the simple graph.
    pub fn degree(&self, u: u32) -> usize {
        let u = u as usize;
        self.offsets[u + 1] - self.offsets[u]
    }

    /// The weight of the arc `u -> v`, if there is one.
    pub fn weight(&self, u: u32, v: u32) -> Option<f64> {
        let nbrs = self.neighbors(u);
        nbrs.binary_search(&v).ok().map(|i| self.weights(u)[i])
    }

    /// The graph with every arc reversed (in-neighbours become
    /// out-neighbours). An undirected graph is returned unchanged.
    pub fn reversed(&self) -> Csr {
        if !self.directed {
            return self.clone();
        }
        let n = self.node_count();
        let arcs = (0..n as u32).flat_map(|u| {
            self.neighbors(u)
                .iter()
                .zip(self.weights(u))
                .map(move |(&v, &w)| (v, u, w))
        });
        Csr::build(n, arcs, true)
    }
}

impl Csr {
    /// The undirected compact graph of the ties `filter` keeps between the
    /// nodes of `folding`: the same graph as
    /// `View::new(g, folding.level(), filter).csr(false, weight)`, built
    /// straight from the edges without merging them into [`ViewEdge`]s
    /// (no list of the edges behind each tie, no order of first
    /// appearance), for analyses that need only the graph.
    ///
    /// Each kept edge is filed under both of its (folded) ends in edge
    /// order; each row is then sorted by the other end (stably, so a
    /// tie's strength is summed in edge order, as the view sums it) and
    /// its parallel arcs merged.
    ///
    /// Complexity: O(V + E log d) for the largest degree d.
    pub fn of_ties(g: &Graph, folding: &Folding, filter: &Filter, weight: Weight) -> Csr {
        let filter = &*filter.effective(g);
        let n = folding.node_count();
        let strength = Strength::new(g);
        let hops = weight == Weight::Hops;
        // The kept edges' folded ends (and strengths), in edge order.
        let mut ends: Vec<(u32, u32)> = Vec::new();
        let mut strengths: Vec<f64> = Vec::new();
        let mut starts = vec![0usize; n + 1];
        g.for_each_edge_summary(|e: EdgeSummary| {
            if !filter.keeps_summary(&e) {
                return;
            }
            let (Some(u), Some(v)) = (folding.fold(e.from), folding.fold(e.to)) else {
                return;
            };
            if u == v {
                return;
            }
            starts[u as usize + 1] += 1;
            starts[v as usize + 1] += 1;
            ends.push((u, v));
            if !hops {
                strengths.push(strength.of(&e));
            }
        });
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut offsets = vec![0usize; n + 1];
        let (targets, weights) = if hops {
            let mut rows = vec![0u32; starts[n]];
            for &(u, v) in &ends {
                for (a, b) in [(u, v), (v, u)] {
                    let at = &mut next[a as usize];
                    rows[*at] = b;
                    *at += 1;
                }
            }
            drop(ends);
            let mut targets: Vec<u32> = Vec::with_capacity(rows.len());
            for u in 0..n {
                let row = &mut rows[starts[u]..starts[u + 1]];
                row.sort_unstable();
                let begin = targets.len();
                for &v in row.iter() {
                    if targets.len() == begin || targets.last() != Some(&v) {
                        targets.push(v);
                    }
                }
                offsets[u + 1] = targets.len();
            }
            let weights = vec![1.0; targets.len()];
            (targets, weights)
        } else {
            let mut rows = vec![(0u32, 0.0f64); starts[n]];
            for (&(u, v), &w) in ends.iter().zip(&strengths) {
                for (a, b) in [(u, v), (v, u)] {
                    let at = &mut next[a as usize];
                    rows[*at] = (b, w);
                    *at += 1;
                }
            }
            drop(ends);
            drop(strengths);
            let mut targets: Vec<u32> = Vec::with_capacity(rows.len());
            let mut weights: Vec<f64> = Vec::with_capacity(rows.len());
            for u in 0..n {
                let row = &mut rows[starts[u]..starts[u + 1]];
                // Stable: parallel arcs add up in edge order.
                row.sort_by_key(|&(v, _)| v);
                let begin = targets.len();
                for &(v, w) in row.iter() {
                    if targets.len() > begin && targets.last() == Some(&v) {
                        if let Some(x) = weights.last_mut() {
                            *x += w;
                        }
                        continue;
                    }
                    targets.push(v);
                    weights.push(w);
                }
                offsets[u + 1] = targets.len();
            }
            if weight == Weight::Cost {
                for w in &mut weights {
                    *w = 1.0 / w.max(f64::MIN_POSITIVE);
                }
            }
            (targets, weights)
        };
        Csr {
            offsets,
            targets,
            weights,
            directed: false,
        }
    }
}

impl View {
    /// The view as a compact graph. Undirected: every merged edge both ways.
    /// Directed: directed kinds one way, symmetric kinds both ways.
    ///
    /// Built here, in analysis, from the view's public ties
    /// ([`View::edges_by_pair`]): the model knows nothing of [`Csr`].
    ///
    /// Complexity: O(V + E) for a view's ties (already in pair order).
    pub fn csr(&self, directed: bool, weight: Weight) -> Csr {
        let w = |e: &ViewEdge| match weight {
            Weight::Hops => 1.0,
            Weight::Strength => e.strength,
            Weight::Cost => 1.0 / e.strength.max(f64::MIN_POSITIVE),
        };
        let n = self.node_count();
        // The pairs in `(a, b)` order fill every row in increasing order:
        // row u gets its lower neighbours (from earlier pairs) before its
        // higher ones (from its own pairs).
        // What the build reads of each pair, gathered once in pair order:
        // the build passes over the arcs twice, and the pairs lie in first-
        // appearance order, so reading them in place would be two passes of
        // random reads over the whole view.
        let ties: Vec<(u32, u32, f64, bool, bool)> = self
            .edges_by_pair()
            .map(|e| (e.a, e.b, w(e), e.forward, e.backward))
            .collect();
        if directed {
            let arcs = || {
                ties.iter().flat_map(|&(a, b, x, forward, backward)| {
                    let f = forward.then_some((a, b, x));
                    let r = backward.then_some((b, a, x));
                    f.into_iter().chain(r)
                })
            };
            Csr::from_ordered(n, arcs, true)
        } else {
            let arcs = || {
                ties.iter()
                    .flat_map(|&(a, b, x, _, _)| [(a, b, x), (b, a, x)])
            };
            Csr::from_ordered(n, arcs, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_parallel_edges_and_drops_self_loops() {
        let g = Csr::undirected(4, [(0, 1, 1.0), (1, 0, 2.0), (2, 2, 5.0), (2, 3, 1.0)]);
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbors(0), &[1]);
        assert_eq!(g.weight(0, 1), Some(3.0));
        assert_eq!(g.degree(2), 1);
        assert_eq!(g.weight(2, 2), None);
    }

    #[test]
    fn directed_graph_reverses() {
        let g = Csr::directed(3, [(0, 1, 1.0), (0, 2, 1.0), (2, 1, 1.0)]);
        assert_eq!(g.edge_count(), 3);
        let r = g.reversed();
        assert_eq!(r.neighbors(1), &[0, 2]);
        assert_eq!(r.neighbors(0), &[] as &[u32]);
    }

    #[test]
    fn ordered_build_equals_the_general_one_and_falls_back_when_unordered() {
        let ordered = [
            (0, 1, 1.0),
            (0, 2, 2.0),
            (1, 0, 1.0),
            (1, 2, 3.0),
            (2, 0, 2.0),
        ];
        let a = Csr::from_ordered(3, || ordered.into_iter(), true);
        assert_eq!(a, Csr::directed(3, ordered));
        let unordered = [(0, 2, 2.0), (0, 1, 1.0), (0, 1, 4.0), (2, 2, 1.0)];
        let b = Csr::from_ordered(3, || unordered.into_iter(), true);
        assert_eq!(b, Csr::directed(3, unordered));
        assert_eq!(b.weight(0, 1), Some(5.0));
    }

    #[test]
    fn ignores_out_of_range_nodes() {
        let g = Csr::undirected(2, [(0, 5, 1.0), (0, 1, 1.0)]);
        assert_eq!(g.edge_count(), 1);
    }

    fn idf(s: &str) -> crate::model::Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn directed_view_csr_reads_directed_kinds_one_way() {
        use crate::model::{Edge, EdgeKind, Filter, Graph, Level, Node, NodeKind};
        // kr's minister visits kz: at the country level, kr -> kz only.
        let mut g = Graph::new();
        let kr = g
            .add_node(Node::new(idf("kr"), NodeKind::Country, "KR"))
            .unwrap_or_else(|e| panic!("{e}"));
        let kz = g
            .add_node(Node::new(idf("kz"), NodeKind::Country, "KZ"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut min = Node::new(idf("hong"), NodeKind::Person, "Hong");
        min.country = Some(idf("kr"));
        let min = g.add_node(min).unwrap_or_else(|e| panic!("{e}"));
        let _ = kr;
        g.add_edge(min, kz, Edge::new(EdgeKind::Visit))
            .unwrap_or_else(|e| panic!("{e}"));
        let v = View::new(&g, Level::Country, &Filter::default());
        let d = v.csr(true, Weight::Hops);
        assert_eq!(d.neighbors(0), &[1]);
        assert!(d.neighbors(1).is_empty());
        assert_eq!(v.csr(false, Weight::Hops).neighbors(1), &[0]);
    }

    mod prop {
        use super::*;
        use crate::analysis::{distances, shortest_path};
        use crate::model::{Edge, EdgeKind, Filter, Graph, Level, Node, NodeKind, PartialDate};
        use proptest::prelude::*;

        /// A random graph: countries 0..c, ministries each in a country,
        /// and random edges of random kinds between any two nodes.
        fn random_graph(
            c: usize,
            ministries: Vec<usize>,
            edges: Vec<(usize, usize, usize)>,
        ) -> Graph {
            let mut g = Graph::new();
            let mut ix = Vec::new();
            for i in 0..c {
                ix.push(
                    g.add_node(Node::new(idf(&format!("c{i}")), NodeKind::Country, "C"))
                        .unwrap(),
                );
            }
            for (j, &home) in ministries.iter().enumerate() {
                let mut n = Node::new(idf(&format!("m{j}")), NodeKind::Ministry, "M");
                n.country = Some(idf(&format!("c{}", home % c)));
                ix.push(g.add_node(n).unwrap());
            }
            let kinds = [
                EdgeKind::Mou,
                EdgeKind::Export,
                EdgeKind::Visit,
                EdgeKind::Borders,
            ];
            for (a, b, k) in edges {
                let (a, b) = (ix[a % ix.len()], ix[b % ix.len()]);
                if a != b {
                    // Dates of many ages, so that strengths differ.
                    let mut e = Edge::new(kinds[k % kinds.len()]);
                    e.date = PartialDate::new(
                        2000 + ((a.index() * 7 + b.index() * 3 + k) % 25) as i16,
                        None,
                        None,
                    );
                    g.add_edge(a, b, e).unwrap();
                }
            }
            g
        }

        proptest! {
            #[test]
            fn ties_build_the_same_csr_as_the_view(
                c in 2usize..8,
                ministries in proptest::collection::vec(0usize..8, 0..8),
                edges in proptest::collection::vec((0usize..16, 0usize..16, 0usize..4), 0..40),
                level in 0usize..3,
                weight in 0usize..3,
                context: bool,
            ) {
                let g = random_graph(c, ministries, edges);
                let level = [Level::Country, Level::Org, Level::All][level];
                let weight = [Weight::Hops, Weight::Strength, Weight::Cost][weight];
                let filter = Filter { context, ..Filter::default() };
                let view = View::new(&g, level, &filter);
                let direct = Csr::of_ties(&g, &view, &filter, weight);
                prop_assert_eq!(direct, view.csr(false, weight));
            }

            #[test]
            fn every_path_hop_is_a_view_tie_and_none_is_shorter(
                c in 2usize..8,
                ministries in proptest::collection::vec(0usize..8, 0..8),
                edges in proptest::collection::vec((0usize..16, 0usize..16, 0usize..4), 0..30),
                level in 0usize..3,
                s in 0u32..8, t in 0u32..8,
            ) {
                let g = random_graph(c, ministries, edges);
                let level = [Level::Country, Level::Org, Level::All][level];
                let v = View::new(&g, level, &Filter::default());
                let csr = v.csr(false, Weight::Hops);
                let n = v.node_count() as u32;
                let (s, t) = (s % n, t % n);
                let dist = distances(&csr, s);
                match shortest_path(&csr, s, t, false) {
                    Some(p) => {
                        prop_assert_eq!(p.nodes.len() as u32 - 1, dist[t as usize].unwrap_or(u32::MAX));
                        for w in p.nodes.windows(2) {
                            let tie = v.between(w[0], w[1]);
                            prop_assert!(tie.is_some_and(|e| !v.behind(e).is_empty()));
                            // Every edge behind the tie joins nodes that fold to its ends.
                            for &e in v.behind(tie.unwrap()) {
                                let e = g.edge(e).unwrap();
                                let ends = [v.fold(e.from).unwrap(), v.fold(e.to).unwrap()];
                                prop_assert!(ends.contains(&w[0]) && ends.contains(&w[1]));
                            }
                        }
                    }
                    None => prop_assert!(dist[t as usize].is_none()),
                }
            }
        }
    }
}
