//! What a diagram draws: a [`Selection`] of nodes and edges taken from a
//! [`View`], and which of them to emphasise.
//!
//! A diagram draws every graph edge the view keeps (a multigraph: an MOU
//! and a forum between the same two actors are two lines), with its ends
//! folded to the view's level, so at the `country` level an MOU between
//! two ministries is drawn between their countries.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::style::Mark;
use crate::model::{EdgeKind, Graph, NodeKind, View};
use crate::paint::Paint;

/// One drawn edge: a graph edge with its ends folded to view nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnEdge {
    /// The graph edge (its kind, date, amount and citations).
    pub edge: EdgeIndex,
    /// The node drawn at its tail.
    pub from: NodeIndex,
    /// The node drawn at its head.
    pub to: NodeIndex,
    /// Lay it out head first (written `to -> from` with `dir=back`), so a
    /// highlighted path reads in one direction; arrows are unchanged.
    pub flip: bool,
}

/// The nodes and edges to draw, and what to emphasise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Drawn nodes (graph nodes that are view nodes).
    pub nodes: BTreeSet<NodeIndex>,
    /// Drawn edges, in graph order.
    pub edges: Vec<DrawnEdge>,
    /// Nodes drawn with a heavy red border (a path, an ego's centre).
    pub highlight_nodes: BTreeSet<NodeIndex>,
    /// Nodes drawn whatever edges are left to them (an ego's members, so
    /// the picture draws the nodes `egov neighbors` lists).
    pub keep_nodes: BTreeSet<NodeIndex>,
    /// Edges drawn heavier (a path's hops).
    pub highlight_edges: BTreeSet<EdgeIndex>,
    /// Draw everything not highlighted in grey, so the highlight stands out.
    pub fade_others: bool,
    /// A line added under a node's name (e.g. "spreader: Central Asia 0.229").
    pub notes: BTreeMap<NodeIndex, String>,
    /// A node's part in an analysis, drawn as its outline and named in the
    /// legend (see [`Mark`]).
    pub marks: BTreeMap<NodeIndex, Mark>,
    /// Boxes by label, replacing the country or region boxes when not
    /// empty; a node under `""` or missing is drawn unboxed.
    pub groups: BTreeMap<NodeIndex, String>,
    /// Node colours and sizes by region, community or a measure (see
    /// [`crate::paint`]); empty draws every node in its kind's style.
    pub paint: Paint,
    /// Undated events kept in a picture limited to dates (`--undated`):
    /// drawn dashed, and named in the legend.
    pub undated: BTreeSet<EdgeIndex>,
}

/// Which context edges (`borders`, `member_of`) a diagram keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextEdges {
    /// Every one the view keeps.
    All,
    /// Those with at least one end that takes part in a cooperation edge
    /// of the diagram: a partner's neighbours and memberships, not the
    /// borders of countries the data says nothing else about.
    #[default]
    Partners,
    /// None.
    None,
}

impl Selection {
    /// The view nodes `keep` accepts (all of them for `None`) and every
    /// graph edge the view keeps between two of them.
    ///
    /// Complexity: O(V + E).
    pub fn among(g: &Graph, view: &View, keep: Option<&HashSet<u32>>) -> Selection {
        let kept = |v: u32| keep.is_none_or(|k| k.contains(&v));
        let nodes = (0..view.node_count() as u32)
            .filter(|&v| kept(v))
            .filter_map(|v| view.node(v))
            .collect();
        let mut edges = Vec::new();
        for ve in view.edges() {
            if !kept(ve.a) || !kept(ve.b) {
                continue;
            }
            for &ix in view.behind(ve) {
                let Some(e) = g.edge(ix) else { continue };
                let end = |n| view.fold(n).and_then(|v| view.node(v));
                if let (Some(from), Some(to)) = (end(e.from), end(e.to)) {
                    edges.push(DrawnEdge {
                        edge: ix,
                        from,
                        to,
                        flip: false,
                    });
                }
            }
        }
        edges.sort_by_key(|e| e.edge);
        Selection {
            nodes,
            edges,
            ..Selection::default()
        }
    }

    /// The nodes of `path` (view nodes in order) and the graph edges behind
    /// each hop, all highlighted.
    pub fn path(g: &Graph, view: &View, path: &[u32]) -> Selection {
        let mut sel = Selection::default();
        sel.highlight_path(g, view, path);
        sel.edges.sort_by_key(|e| e.edge);
        sel
    }

    /// Adds `path` to the selection (if missing) and highlights its nodes
    /// and the edges behind each hop; everything else is faded.
    pub fn highlight_path(&mut self, g: &Graph, view: &View, path: &[u32]) {
        for &v in path {
            if let Some(n) = view.node(v) {
                self.nodes.insert(n);
                self.highlight_nodes.insert(n);
            }
        }
        let present: HashSet<EdgeIndex> = self.edges.iter().map(|e| e.edge).collect();
        for pair in path.windows(2) {
            let Some(ve) = view.between(pair[0], pair[1]) else {
                continue;
            };
            for &ix in view.behind(ve) {
                self.highlight_edges.insert(ix);
                if present.contains(&ix) {
                    continue;
                }
                let Some(e) = g.edge(ix) else { continue };
                let end = |n| view.fold(n).and_then(|v| view.node(v));
                if let (Some(from), Some(to)) = (end(e.from), end(e.to)) {
                    self.edges.push(DrawnEdge {
                        edge: ix,
                        from,
                        to,
                        flip: false,
                    });
                }
            }
        }
        // Orient each hop's edges along the path for the layout.
        let mut against = HashSet::new();
        for pair in path.windows(2) {
            if let (Some(u), Some(v)) = (view.node(pair[0]), view.node(pair[1])) {
                against.insert((v, u));
            }
        }
        for e in &mut self.edges {
            if self.highlight_edges.contains(&e.edge) && against.contains(&(e.from, e.to)) {
                e.flip = true;
            }
        }
        self.fade_others = true;
    }

    /// Leaves out context edges as `policy` says. Highlighted edges stay.
    pub fn keep_context(&mut self, g: &Graph, policy: ContextEdges) {
        let kind = |e: &DrawnEdge| g.edge(e.edge).map(|x| x.edge.kind);
        let partners: HashSet<NodeIndex> = self
            .edges
            .iter()
            .filter(|e| kind(e).is_some_and(EdgeKind::is_cooperation))
            .flat_map(|e| [e.from, e.to])
            .collect();
        let highlighted = self.highlight_edges.clone();
        self.edges.retain(|e| {
            let context = kind(e).is_some_and(EdgeKind::is_context);
            if !context || highlighted.contains(&e.edge) {
                return true;
            }
            // An ego member reached by a border or membership of the centre.
            let kept = |n| self.keep_nodes.contains(n);
            let centre = |n| self.highlight_nodes.contains(n);
            if kept(&e.from) && kept(&e.to) && (centre(&e.from) || centre(&e.to)) {
                return true;
            }
            match policy {
                ContextEdges::All => true,
                ContextEdges::Partners => partners.contains(&e.from) || partners.contains(&e.to),
                ContextEdges::None => false,
            }
        });
    }

    /// Leaves out nodes that take part in nothing but structure: a body or
    /// person whose only drawn edges are `part_of` or `affiliation`, and
    /// then any node left without a drawn edge. Countries stay while a
    /// kept body belongs to them; highlighted nodes always stay.
    pub fn drop_isolated(&mut self, g: &Graph) {
        let structural =
            |e: &DrawnEdge| g.edge(e.edge).is_some_and(|x| x.edge.kind.is_structural());
        let is_country = |n: NodeIndex| g.node(n).is_some_and(|x| x.kind == NodeKind::Country);
        let active: HashSet<NodeIndex> = self
            .edges
            .iter()
            .filter(|e| !structural(e))
            .flat_map(|e| [e.from, e.to])
            .collect();
        let keep: BTreeSet<NodeIndex> = self
            .highlight_nodes
            .union(&self.keep_nodes)
            .copied()
            .collect();
        let keep = &keep;
        let first: HashSet<NodeIndex> = self
            .nodes
            .iter()
            .copied()
            .filter(|&n| active.contains(&n) || keep.contains(&n) || is_country(n))
            .collect();
        self.edges
            .retain(|e| first.contains(&e.from) && first.contains(&e.to));
        let touched: HashSet<NodeIndex> = self.edges.iter().flat_map(|e| [e.from, e.to]).collect();
        self.nodes
            .retain(|n| first.contains(n) && (touched.contains(n) || keep.contains(n)));
    }

    /// For a picture limited to dates: leaves out the undated events
    /// (cooperation edges without a date; a view keeps them, since they may
    /// fall in any range), or with `keep` keeps them and marks them, to be
    /// drawn dashed and named in the legend. Context and structural edges
    /// (borders, memberships, `part_of`) are not events and stay.
    /// Highlighted edges always stay.
    pub fn undated_events(&mut self, g: &Graph, keep: bool) {
        let undated: BTreeSet<EdgeIndex> = self
            .edges
            .iter()
            .filter(|e| {
                g.edge(e.edge)
                    .is_some_and(|x| x.edge.kind.is_cooperation() && x.edge.date.is_none())
            })
            .map(|e| e.edge)
            .collect();
        if keep {
            self.undated = undated;
        } else {
            let hl = &self.highlight_edges;
            self.edges
                .retain(|e| !undated.contains(&e.edge) || hl.contains(&e.edge));
        }
    }

    /// Keeps only the nodes `keep` accepts, and highlighted ones, and the
    /// edges between kept nodes.
    pub fn keep_nodes(&mut self, keep: impl Fn(NodeIndex) -> bool) {
        let hl = self.highlight_nodes.clone();
        self.nodes.retain(|&n| hl.contains(&n) || keep(n));
        let nodes = &self.nodes;
        self.edges
            .retain(|e| nodes.contains(&e.from) && nodes.contains(&e.to));
    }

    /// Keeps the `n` nodes with the highest `score` (ties by node order),
    /// and highlighted ones, and the edges among them.
    pub fn keep_top(&mut self, n: usize, score: impl Fn(NodeIndex) -> f64) {
        let mut ranked: Vec<NodeIndex> = self
            .nodes
            .iter()
            .copied()
            .filter(|x| !self.highlight_nodes.contains(x))
            .collect();
        ranked.sort_by(|a, b| score(*b).total_cmp(&score(*a)).then(a.cmp(b)));
        let room = n.saturating_sub(self.highlight_nodes.len().min(n));
        let top: HashSet<NodeIndex> = ranked.into_iter().take(room).collect();
        self.keep_nodes(|x| top.contains(&x));
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Filter, Level, Node};

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// kr -mou- kz -borders- uz, ru -borders- cn (no partner), kz-mic part of kz.
    fn sample() -> Graph {
        let mut g = Graph::new();
        let mut add = |i: &str, k: NodeKind, c: Option<&str>| {
            let mut n = Node::new(id(i), k, i.to_uppercase());
            n.country = c.map(id);
            g.add_node(n).unwrap_or_else(|e| panic!("{e}"))
        };
        let kr = add("kr", NodeKind::Country, None);
        let kz = add("kz", NodeKind::Country, None);
        let uz = add("uz", NodeKind::Country, None);
        let ru = add("ru", NodeKind::Country, None);
        let cn = add("cn", NodeKind::Country, None);
        let mic = add("kz-mic", NodeKind::Ministry, Some("kz"));
        add("xx", NodeKind::Country, None);
        let mut e = |a, b, k| {
            g.add_edge(a, b, Edge::new(k))
                .unwrap_or_else(|e| panic!("{e}"));
        };
        e(kr, mic, EdgeKind::Mou);
        e(kz, uz, EdgeKind::Borders);
        e(ru, cn, EdgeKind::Borders);
        e(mic, kz, EdgeKind::PartOf);
        g
    }

    fn ids(g: &Graph, sel: &Selection) -> Vec<String> {
        sel.nodes
            .iter()
            .filter_map(|&n| g.node(n))
            .map(|n| n.id.to_string())
            .collect()
    }

    #[test]
    fn country_level_draws_a_ministrys_mou_between_countries() {
        let g = sample();
        let v = View::new(&g, Level::Country, &Filter::default());
        let mut sel = Selection::among(&g, &v, None);
        sel.keep_context(&g, ContextEdges::Partners);
        sel.drop_isolated(&g);
        assert_eq!(ids(&g, &sel), ["kr", "kz", "uz"]);
        let mou = sel.edges.first().unwrap_or_else(|| panic!("no edge"));
        assert_eq!(g.node(mou.to).map(|n| n.id.as_str()), Some("kz"));
    }

    #[test]
    fn context_policies() {
        let g = sample();
        let v = View::new(&g, Level::Org, &Filter::default());
        let count = |p| {
            let mut s = Selection::among(&g, &v, None);
            s.keep_context(&g, p);
            s.edges.len()
        };
        assert_eq!(count(ContextEdges::All), 4);
        assert_eq!(count(ContextEdges::None), 2);
        // kz-mic is the partner at this level, not kz: no border survives.
        assert_eq!(count(ContextEdges::Partners), 2);
        let v = View::new(&g, Level::Country, &Filter::default());
        let mut s = Selection::among(&g, &v, None);
        s.keep_context(&g, ContextEdges::Partners);
        assert_eq!(s.edges.len(), 2, "mou and kz-uz border");
    }

    #[test]
    fn path_highlights_its_hops_and_fades_the_rest() {
        let g = sample();
        let v = View::new(&g, Level::Country, &Filter::default());
        let pos = |s: &str| {
            g.index_of(s)
                .and_then(|ix| v.fold(ix))
                .unwrap_or_else(|| panic!("{s}"))
        };
        let path = [pos("kr"), pos("kz"), pos("uz")];
        let only = Selection::path(&g, &v, &path);
        assert_eq!(ids(&g, &only), ["kr", "kz", "uz"]);
        assert_eq!(only.edges.len(), 2);
        assert_eq!(only.highlight_edges.len(), 2);
        let mut all = Selection::among(&g, &v, None);
        all.highlight_path(&g, &v, &path);
        all.keep_context(&g, ContextEdges::None);
        assert_eq!(all.edges.len(), 2, "the path's border stays");
        assert!(all.fade_others);
    }
}
