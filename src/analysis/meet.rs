//! The fewest-hops path between two view nodes, found by searching from both
//! ends at once straight on the graph, without building the view's merged
//! ties or a [`Csr`](super::Csr).
//!
//! On a million-edge graph, merging every edge into a view costs far more
//! than the search: a breadth-first search from both ends touches only the
//! neighbourhoods of the two ends until they meet. The answer is the one
//! [`shortest_path`](super::shortest_path) gives on the full view (the
//! lexicographically smallest of the shortest paths, by view index), which
//! the tests check.

use petgraph::stable_graph::NodeIndex;

use super::Path;
use crate::model::{EdgeSummary, Filter, Folding, Graph, Members};

const UNSEEN: u32 = u32::MAX;

/// Returns the lexicographically smallest path with the fewest hops from
/// view node `s` to view node `t`, searching `g` through the folded node
/// map `view` (a [`Folding`]; a full view gives its own) with the ties
/// `filter` keeps, without merging them.
///
/// # Arguments
/// * `directed`: read directed kinds one way, as
///   `View::csr(true, _)` does.
///
/// # Returns
/// The path (view nodes, `s` first and `t` last; the cost is the number of
/// hops); `None` when `t` cannot be reached or either is not a view node.
/// `s == t` gives the one-node path.
///
/// # Complexity
/// O(V) to set up, then proportional to the edges at the nodes within
/// about half the distance of each end (the smaller side grows first),
/// instead of O(V + E) for the view.
///
/// Gives the same path as [`shortest_path`](super::shortest_path) on
/// `view.csr(directed, Weight::Hops)` of the full view.
pub fn fewest_hops(
    g: &Graph,
    view: &Folding,
    filter: &Filter,
    s: u32,
    t: u32,
    directed: bool,
) -> Option<Path> {
    let nodes = walk(g, view, filter, s, t, directed)?;
    Some(Path {
        cost: nodes.len().saturating_sub(1) as f64,
        nodes,
    })
}

fn walk(
    g: &Graph,
    view: &Folding,
    filter: &Filter,
    s: u32,
    t: u32,
    directed: bool,
) -> Option<Vec<u32>> {
    let n = view.node_count();
    if s as usize >= n || t as usize >= n {
        return None;
    }
    if s == t {
        return Some(vec![s]);
    }
    let members = view.members();
    let search = Search {
        g,
        view,
        filter,
        members: &members,
        directed,
    };
    let mut ds = vec![UNSEEN; n];
    let mut dt = vec![UNSEEN; n];
    ds[s as usize] = 0;
    dt[t as usize] = 0;
    // Every layer of the forward search (for marking the nodes on shortest
    // paths); only the current layer of the backward one.
    let mut layers: Vec<Vec<u32>> = vec![vec![s]];
    let mut back = vec![t];
    loop {
        let front = layers.last()?;
        if front.is_empty() || back.is_empty() {
            return None;
        }
        let forward = search.cost(front) <= search.cost(&back);
        let (layer, dist, other, reverse) = if forward {
            (front.as_slice(), &mut ds, &dt, false)
        } else {
            (back.as_slice(), &mut dt, &ds, true)
        };
        let depth = dist[layer[0] as usize] + 1;
        let mut next = Vec::new();
        let mut met = false;
        for &x in layer {
            search.arcs(x, reverse, |y| {
                if dist[y as usize] == UNSEEN {
                    dist[y as usize] = depth;
                    next.push(y);
                    met |= other[y as usize] != UNSEEN;
                }
            });
        }
        if forward {
            layers.push(next);
        } else {
            back = next;
        }
        if met {
            break;
        }
    }
    // Forward layers 0..=f and backward ones 0..=b are complete and
    // f + b is the distance. A node of forward layer i lies on a shortest
    // path when it reaches the last layer's meeting nodes (those the
    // backward search saw) through layers i + 1, i + 2, …
    let f = layers.len() - 1;
    let mut good = vec![false; n];
    for &y in &layers[f] {
        good[y as usize] = dt[y as usize] != UNSEEN;
    }
    // (Layer 0 is `s` alone, on every path.)
    for i in (1..f).rev() {
        for &y in &layers[i + 1] {
            if !good[y as usize] {
                continue;
            }
            search.arcs(y, true, |x| {
                if ds[x as usize] == i as u32 {
                    good[x as usize] = true;
                }
            });
        }
    }
    // Walk from `s`, always to the lowest-numbered next node on a shortest
    // path: through the marked forward layers, then down the backward
    // distances.
    let mut path = vec![s];
    let mut u = s;
    for i in 0..f {
        let mut best = UNSEEN;
        if i == 0 {
            // Layer 1 is every next node of `s`: no need to read its ties.
            best = layers[1]
                .iter()
                .copied()
                .filter(|&y| good[y as usize])
                .min()
                .unwrap_or(UNSEEN);
        } else {
            search.arcs(u, false, |y| {
                if y < best && ds[y as usize] == i as u32 + 1 && good[y as usize] {
                    best = y;
                }
            });
        }
        if best == UNSEEN {
            return None;
        }
        path.push(best);
        u = best;
    }
    while u != t {
        let want = dt[u as usize].checked_sub(1)?;
        let mut best = UNSEEN;
        if want == 0 {
            // One hop from `t` means an arc to `t`.
            best = t;
        } else {
            search.arcs(u, false, |y| {
                if y < best && dt[y as usize] == want {
                    best = y;
                }
            });
        }
        if best == UNSEEN {
            return None;
        }
        path.push(best);
        u = best;
    }
    Some(path)
}

/// What the search reads the graph through.
struct Search<'a> {
    g: &'a Graph,
    view: &'a Folding,
    filter: &'a Filter,
    members: &'a Members,
    directed: bool,
}

impl Search<'_> {
    /// Calls `f(y)` for every arc `x -> y` (or `y -> x` when `reverse`),
    /// once per edge behind it.
    fn arcs(&self, x: u32, reverse: bool, mut f: impl FnMut(u32)) {
        let (view, directed) = (self.view, self.directed);
        view.for_each_tie_at(
            self.g,
            self.filter,
            self.members,
            x,
            |y, e: &EdgeSummary| {
                if !directed || follows(view, x, y, e, reverse) {
                    f(y);
                }
            },
        );
    }

    /// The work of expanding a layer: the edges at its members.
    fn cost(&self, layer: &[u32]) -> usize {
        layer
            .iter()
            .flat_map(|&x| self.members.of(x))
            .map(|m: NodeIndex| self.g.degree(m))
            .sum()
    }
}

/// Whether the tie `e` between `x` and `y` gives the arc `x -> y`, or
/// `y -> x` when `reverse`.
fn follows(view: &Folding, x: u32, y: u32, e: &EdgeSummary, reverse: bool) -> bool {
    if reverse {
        view.follows(y, e)
    } else {
        view.follows(x, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::shortest_path;
    use crate::model::{Edge, EdgeKind, Level, Node, NodeKind, PartialDate, Ties, View, Weight};
    use proptest::prelude::*;

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap()
    }

    /// Countries, ministries in them, people affiliated with ministries,
    /// and random dated edges of random kinds (symmetric and directed).
    fn random_graph(
        c: usize,
        ministries: &[usize],
        people: &[usize],
        edges: &[(usize, usize, usize, i16)],
    ) -> Graph {
        let mut g = Graph::new();
        let mut ix = Vec::new();
        for i in 0..c {
            let n = Node::new(id(&format!("c{i}")), NodeKind::Country, "C");
            ix.push(g.add_node(n).unwrap());
        }
        let mut bodies = Vec::new();
        for (j, &home) in ministries.iter().enumerate() {
            let mut n = Node::new(id(&format!("m{j}")), NodeKind::Ministry, "M");
            n.country = Some(id(&format!("c{}", home % c)));
            let m = g.add_node(n).unwrap();
            bodies.push(m);
            ix.push(m);
        }
        for (j, &at) in people.iter().enumerate() {
            let p = g
                .add_node(Node::new(id(&format!("p{j}")), NodeKind::Person, "P"))
                .unwrap();
            if let Some(&m) = bodies.get(at % bodies.len().max(1)) {
                g.add_edge(p, m, Edge::new(EdgeKind::Affiliation)).unwrap();
            }
            ix.push(p);
        }
        let kinds = [
            EdgeKind::Mou,
            EdgeKind::Export,
            EdgeKind::Visit,
            EdgeKind::Borders,
            EdgeKind::Project,
        ];
        for &(a, b, k, year) in edges {
            let (a, b) = (ix[a % ix.len()], ix[b % ix.len()]);
            let mut e = Edge::new(kinds[k % kinds.len()]);
            e.date = PartialDate::new(2000 + year, None, None).filter(|_| year > 0);
            g.add_edge(a, b, e).unwrap();
        }
        g
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn same_path_and_ties_as_the_full_view(
            c in 1usize..6,
            ministries in proptest::collection::vec(0usize..6, 0..10),
            people in proptest::collection::vec(0usize..10, 0..8),
            edges in proptest::collection::vec((0usize..30, 0usize..30, 0usize..5, 0i16..20), 0..45),
            level in 0usize..3,
            directed: bool,
            filtered: bool,
            packed: bool,
            s in 0u32..30, t in 0u32..30,
        ) {
            let g = random_graph(c, &ministries, &people, &edges);
            let g = if packed {
                Graph::compact_from_dataset(&g.to_dataset()).unwrap()
            } else {
                g
            };
            let level = [Level::Country, Level::Org, Level::All][level];
            let mut filter = Filter::default();
            if filtered {
                filter.exclude.insert(EdgeKind::Visit);
                filter.since = PartialDate::new(2008, None, None);
            }
            let full = View::new(&g, level, &filter);
            let n = full.node_count() as u32;
            let (s, t) = (s % n, t % n);
            let want = shortest_path(&full.csr(directed, Weight::Hops), s, t, false);
            let bare = Folding::new(&g, level);
            prop_assert_eq!(bare.nodes(), full.nodes());
            let got = fewest_hops(&g, &bare, &filter, s, t, directed);
            prop_assert_eq!(&got, &want);
            if let Some(p) = got {
                let along = Ties::along(&g, &bare, &filter, &p.nodes);
                for w in p.nodes.windows(2) {
                    let (x, y) = (along.between(w[0], w[1]).unwrap(), full.between(w[0], w[1]).unwrap());
                    let facts = |e: &crate::model::ViewEdge| (e.a, e.b, e.forward, e.backward, e.count, e.strength);
                    prop_assert_eq!(facts(x), facts(y));
                    prop_assert_eq!(along.behind(x), full.behind(y));
                }
            }
        }
    }

    #[test]
    fn unreachable_and_out_of_range_give_nothing() {
        let g = random_graph(3, &[0, 1], &[], &[(3, 4, 0, 5)]);
        let v = Folding::new(&g, Level::All);
        let f = Filter::default();
        assert!(fewest_hops(&g, &v, &f, 0, 1, false).is_none());
        assert!(fewest_hops(&g, &v, &f, 0, 99, false).is_none());
        let p = fewest_hops(&g, &v, &f, 3, 4, false).unwrap();
        assert_eq!((p.nodes, p.cost), (vec![3, 4], 1.0));
        // `mou` is symmetric: followed both ways even when directed.
        assert!(fewest_hops(&g, &v, &f, 4, 3, true).is_some());
    }
}
