//! A compact adjacency (compressed sparse row) that every analysis runs on.
//!
//! A view of the model (see `model::view`) is turned into a [`Csr`] once per
//! command; the algorithms in this module's siblings take `&Csr` and node
//! indices `0..n` (`u32`), and know nothing of countries or files.

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
    pub(crate) fn from_ordered<I>(n: usize, arcs: impl Fn() -> I, directed: bool) -> Csr
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
}
