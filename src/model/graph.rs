//! The [`Graph`]: nodes and edges, the sources they cite, and an index from
//! id, name and alias to node.
//!
//! The graph is the in-memory form of a database. It has two forms behind
//! one API. A graph built record by record (or from a [`Dataset`]) is a
//! petgraph `StableDiGraph` of full records with hash indexes: easy to
//! change. A graph opened from a database file is [`Packed`]: columns and
//! interned strings, whose full records are built only when asked for, so
//! that opening a million-edge file takes milliseconds. The first change
//! to a packed graph turns it into the first form. Analysis never runs on
//! either directly but on a view (see [`super::view`]), which reads only
//! the cheap per-edge facts ([`Graph::edge_summaries`]).

use std::collections::{HashMap, HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use super::fold::fold;
use super::packed::{Packed, NONE};
use super::{Edge, EdgeKind, Id, Node, NodeKind, PartialDate, Source};
use crate::error::{Error, Result};

/// The serialisable form of a graph: sources, nodes, and edges whose ends are
/// positions in `nodes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Every source, in the order they were added.
    pub sources: Vec<Source>,
    /// Every node, in the order they were added.
    pub nodes: Vec<Node>,
    /// Every edge as `(from, to, edge)`, `from` and `to` indexing `nodes`.
    pub edges: Vec<(u32, u32, Edge)>,
}

/// One edge of the graph with its ends.
#[derive(Debug, Clone, Copy)]
pub struct EdgeView<'g> {
    /// The edge's index.
    pub index: EdgeIndex,
    /// The node it starts from.
    pub from: NodeIndex,
    /// The node it goes to.
    pub to: NodeIndex,
    /// The edge's data.
    pub edge: &'g Edge,
}

/// One edge with its ends, built for the caller alone (see
/// [`Graph::edge_alone`]).
#[derive(Debug, Clone)]
pub struct OwnedEdge {
    /// The edge's index.
    pub index: EdgeIndex,
    /// The node it starts from.
    pub from: NodeIndex,
    /// The node it goes to.
    pub to: NodeIndex,
    /// The edge's data.
    pub edge: Edge,
}

impl OwnedEdge {
    /// The edge as an [`EdgeView`] borrowing from it.
    pub fn view(&self) -> EdgeView<'_> {
        EdgeView {
            index: self.index,
            from: self.from,
            to: self.to,
            edge: &self.edge,
        }
    }
}

/// The facts about an edge that views and counts need, read without
/// building the full [`Edge`] record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeSummary {
    /// The edge's index.
    pub index: EdgeIndex,
    /// The node it starts from.
    pub from: NodeIndex,
    /// The node it goes to.
    pub to: NodeIndex,
    /// What it records.
    pub kind: EdgeKind,
    /// When it happened.
    pub date: Option<PartialDate>,
    /// Whether it cites a source.
    pub cited: bool,
    /// Whether it is only planned (`status = "planned"`).
    pub planned: bool,
}

/// A graph of e-government relations.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    Owned(Box<Owned>),
    Packed(Box<Frozen>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Owned(Box::default())
    }
}

/// The changeable form: full records in a petgraph graph, hash indexes.
#[derive(Debug, Clone, Default)]
struct Owned {
    inner: StableDiGraph<Node, Edge>,
    sources: Vec<Source>,
    source_index: HashMap<Id, usize>,
    ids: HashMap<Id, NodeIndex>,
    names: HashMap<String, Vec<NodeIndex>>,
    edge_ids: crate::model::EdgeIds,
}

/// The opened form: packed columns, and an index of the (few) sources.
#[derive(Debug, Clone)]
struct Frozen {
    packed: Packed,
    source_index: HashMap<Id, usize>,
}

impl Owned {
    fn add_node(&mut self, node: Node) -> Result<NodeIndex> {
        if self.ids.contains_key(&node.id) {
            return Err(Error::Invalid(format!(
                "a node with id '{}' already exists",
                node.id
            )));
        }
        let id = node.id.clone();
        let keys: Vec<String> = std::iter::once(node.name.as_str())
            .chain(node.aliases.iter().map(String::as_str))
            .map(fold)
            .collect();
        let ix = self.inner.add_node(node);
        self.ids.insert(id, ix);
        for key in keys {
            let list = self.names.entry(key).or_default();
            if !list.contains(&ix) {
                list.push(ix);
            }
        }
        Ok(ix)
    }

    fn add_source(&mut self, source: Source) -> Result<()> {
        if self.source_index.contains_key(&source.id) {
            return Err(Error::Invalid(format!(
                "a source with id '{}' already exists",
                source.id
            )));
        }
        self.source_index
            .insert(source.id.clone(), self.sources.len());
        self.sources.push(source);
        Ok(())
    }

    /// Adds an edge between existing nodes, giving it its default id when
    /// it has none; fails if its id is taken.
    fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, mut edge: Edge) -> Result<EdgeIndex> {
        let (Some(a), Some(b)) = (self.inner.node_weight(from), self.inner.node_weight(to)) else {
            return Err(Error::Invalid(
                "an edge names a node that is not in the graph".into(),
            ));
        };
        match &edge.id {
            Some(id) => {
                if !self.edge_ids.claim(id.as_str()) {
                    return Err(Error::Invalid(format!(
                        "an edge with id '{id}' already exists"
                    )));
                }
            }
            None => {
                let base = crate::model::default_edge_id(
                    a.id.as_str(),
                    b.id.as_str(),
                    edge.kind,
                    edge.date,
                );
                edge.id = Some(crate::model::EdgeId::trusted(
                    &self.edge_ids.claim_default(base),
                ));
            }
        }
        Ok(self.inner.add_edge(from, to, edge))
    }

    /// The changeable form of a packed graph. Its ids are unique and its
    /// edge ends in range (checked when it was opened), so nothing is lost.
    fn thaw(p: &Packed) -> Owned {
        let mut o = Owned::default();
        for s in &p.sources {
            let _ = o.add_source(s.clone());
        }
        for i in 0..p.node_count() {
            let _ = o.add_node(p.make_node(i));
        }
        for i in 0..p.edge_count() {
            let (Some(&a), Some(&b)) = (p.edge_from.get(i), p.edge_to.get(i)) else {
                continue;
            };
            let (a, b) = (NodeIndex::new(a as usize), NodeIndex::new(b as usize));
            if o.inner.contains_node(a) && o.inner.contains_node(b) {
                let e = p.make_edge(i);
                if let Some(id) = &e.id {
                    o.edge_ids.claim(id.as_str());
                }
                o.inner.add_edge(a, b, e);
            }
        }
        o
    }
}

fn node_ix(i: u32) -> NodeIndex {
    NodeIndex::new(i as usize)
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// A graph over packed columns that [`Packed::check`] accepted.
    pub(crate) fn from_packed(packed: Packed) -> Graph {
        let source_index = packed
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Graph {
            repr: Repr::Packed(Box::new(Frozen {
                packed,
                source_index,
            })),
        }
    }

    /// The packed columns, when the graph was opened from a file and not
    /// changed since.
    pub(crate) fn packed(&self) -> Option<&Packed> {
        match &self.repr {
            Repr::Packed(f) => Some(&f.packed),
            Repr::Owned(_) => None,
        }
    }

    /// Whether the graph is in its compact, opened form (records built on
    /// demand) rather than its changeable form.
    pub fn is_compact(&self) -> bool {
        self.packed().is_some()
    }

    fn owned(&mut self) -> &mut Owned {
        if let Repr::Packed(f) = &self.repr {
            self.repr = Repr::Owned(Box::new(Owned::thaw(&f.packed)));
        }
        match &mut self.repr {
            Repr::Owned(o) => o,
            // Just replaced by the owned form above.
            Repr::Packed(_) => unreachable!("a packed graph was thawed above"),
        }
    }

    /// Adds a source; fails if its id is taken.
    pub fn add_source(&mut self, source: Source) -> Result<()> {
        self.owned().add_source(source)
    }

    /// Adds a node; fails if its id is taken.
    pub fn add_node(&mut self, node: Node) -> Result<NodeIndex> {
        self.owned().add_node(node)
    }

    /// Adds an edge between two existing nodes. An edge without an id gets
    /// its default one (see `model::edge_id`); one whose id is taken is
    /// refused.
    pub fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: Edge) -> Result<EdgeIndex> {
        self.owned().add_edge(from, to, edge)
    }

    /// The id of the edge at `ix`, without building its record.
    pub fn edge_id(&self, ix: EdgeIndex) -> Option<&str> {
        match &self.repr {
            Repr::Owned(o) => o
                .inner
                .edge_weight(ix)
                .and_then(|e| e.id.as_ref())
                .map(|id| id.as_str()),
            Repr::Packed(f) => {
                (ix.index() < f.packed.edge_count()).then(|| f.packed.edge_id_str(ix.index()))
            }
        }
    }

    /// The edge with this exact id.
    pub fn find_edge(&self, id: &str) -> Option<EdgeIndex> {
        match &self.repr {
            Repr::Owned(o) => o
                .inner
                .edge_indices()
                .find(|&e| o.inner[e].id.as_ref().is_some_and(|x| x.as_str() == id)),
            Repr::Packed(f) => f.packed.find_edge(id).map(EdgeIndex::new),
        }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        match &self.repr {
            Repr::Owned(o) => o.inner.node_count(),
            Repr::Packed(f) => f.packed.node_count(),
        }
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        match &self.repr {
            Repr::Owned(o) => o.inner.edge_count(),
            Repr::Packed(f) => f.packed.edge_count(),
        }
    }

    /// One more than the largest node index: the length of a table indexed
    /// by node.
    pub fn node_bound(&self) -> usize {
        match &self.repr {
            Repr::Owned(o) => o
                .inner
                .node_indices()
                .map(|i| i.index() + 1)
                .max()
                .unwrap_or(0),
            Repr::Packed(f) => f.packed.node_count(),
        }
    }

    /// The node at `ix`.
    pub fn node(&self, ix: NodeIndex) -> Option<&Node> {
        match &self.repr {
            Repr::Owned(o) => o.inner.node_weight(ix),
            Repr::Packed(f) => f.packed.node(ix.index()),
        }
    }

    /// The id of the node at `ix`, without building its record.
    pub fn node_id(&self, ix: NodeIndex) -> Option<&str> {
        match &self.repr {
            Repr::Owned(o) => o.inner.node_weight(ix).map(|n| n.id.as_str()),
            Repr::Packed(f) => {
                let p = &f.packed;
                p.node_id.get(ix.index()).map(|&s| p.strings.str(s))
            }
        }
    }

    /// The name of the node at `ix`, without building its record.
    pub fn node_name(&self, ix: NodeIndex) -> Option<&str> {
        match &self.repr {
            Repr::Owned(o) => o.inner.node_weight(ix).map(|n| n.name.as_str()),
            Repr::Packed(f) => {
                let p = &f.packed;
                p.node_name.get(ix.index()).map(|&s| p.strings.str(s))
            }
        }
    }

    /// The kind of the node at `ix`, without building its record.
    pub fn node_kind(&self, ix: NodeIndex) -> Option<NodeKind> {
        match &self.repr {
            Repr::Owned(o) => o.inner.node_weight(ix).map(|n| n.kind),
            Repr::Packed(f) => f.packed.node_kind.get(ix.index()).copied(),
        }
    }

    /// The node that the `country` field of the node at `ix` names, when
    /// the graph holds it.
    pub fn country_of(&self, ix: NodeIndex) -> Option<NodeIndex> {
        match &self.repr {
            Repr::Owned(o) => {
                let c = o.inner.node_weight(ix)?.country.as_ref()?;
                o.ids.get(c.as_str()).copied()
            }
            Repr::Packed(f) => match f.packed.node_country_ix.get(ix.index()) {
                Some(&c) if c != NONE => Some(node_ix(c)),
                _ => None,
            },
        }
    }

    /// The node with this exact id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        match &self.repr {
            Repr::Owned(o) => o.ids.get(id).copied(),
            Repr::Packed(f) => f.packed.find(id).map(node_ix),
        }
    }

    /// The node with this exact id.
    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.index_of(id).and_then(|ix| self.node(ix))
    }

    /// Every node's index, in order.
    pub fn node_indices(&self) -> Box<dyn Iterator<Item = NodeIndex> + '_> {
        match &self.repr {
            Repr::Owned(o) => Box::new(o.inner.node_indices()),
            Repr::Packed(f) => Box::new((0..f.packed.node_count()).map(NodeIndex::new)),
        }
    }

    /// Every node, in index order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.node_indices()
            .filter_map(move |ix| self.node(ix).map(|n| (ix, n)))
    }

    /// Every edge, in index order.
    pub fn edges(&self) -> Box<dyn Iterator<Item = EdgeView<'_>> + '_> {
        match &self.repr {
            Repr::Owned(o) => Box::new((&o.inner).edge_references().map(|e| EdgeView {
                index: e.id(),
                from: e.source(),
                to: e.target(),
                edge: e.weight(),
            })),
            Repr::Packed(f) => Box::new(
                (0..f.packed.edge_count()).filter_map(move |i| self.edge(EdgeIndex::new(i))),
            ),
        }
    }

    /// The facts views and counts need about every edge, in index order,
    /// without building full records.
    pub fn edge_summaries(&self) -> Box<dyn Iterator<Item = EdgeSummary> + '_> {
        match &self.repr {
            Repr::Owned(o) => Box::new((&o.inner).edge_references().map(|e| EdgeSummary {
                index: e.id(),
                from: e.source(),
                to: e.target(),
                kind: e.weight().kind,
                date: e.weight().date,
                cited: !e.weight().cite.is_empty(),
                planned: e.weight().is_planned(),
            })),
            Repr::Packed(f) => {
                let p = &f.packed;
                let ends = p.edge_from.iter().zip(&p.edge_to);
                Box::new(
                    ends.zip(&p.edge_kind)
                        .enumerate()
                        .map(|(i, ((&a, &b), &kind))| EdgeSummary {
                            index: EdgeIndex::new(i),
                            from: node_ix(a),
                            to: node_ix(b),
                            kind,
                            date: p.edge_date(i),
                            cited: p.edge_cited(i),
                            planned: p.edge_planned(i),
                        }),
                )
            }
        }
    }

    /// Calls `f` with the summary of every edge, in index order: the
    /// fastest way through all edges (no boxed iterator).
    pub fn for_each_edge_summary(&self, mut f: impl FnMut(EdgeSummary)) {
        match &self.repr {
            Repr::Owned(_) => self.edge_summaries().for_each(f),
            Repr::Packed(fr) => {
                let p = &fr.packed;
                // Each column once as a slice: a borrowed column costs a
                // check on every access.
                let (from, to, kinds): (&[u32], &[u32], &[EdgeKind]) =
                    (&p.edge_from, &p.edge_to, &p.edge_kind);
                let (dates, cites): (&[u32], &[u32]) = (&p.edge_date, &p.edge_cite);
                let planned = p.planned_bits();
                let cols = from.iter().zip(to).zip(kinds).zip(dates).zip(cites);
                for (i, ((((&a, &b), &kind), &date), &cite)) in cols.enumerate() {
                    f(EdgeSummary {
                        index: EdgeIndex::new(i),
                        from: node_ix(a),
                        to: node_ix(b),
                        kind,
                        date: super::packed::date(date),
                        cited: cite != 0,
                        planned: super::packed::is_set(planned, i),
                    });
                }
            }
        }
    }

    /// How many edges start or end at `ix` (a loop counts twice).
    pub fn degree(&self, ix: NodeIndex) -> usize {
        match &self.repr {
            Repr::Owned(o) => {
                o.inner.edges_directed(ix, Direction::Outgoing).count()
                    + o.inner.edges_directed(ix, Direction::Incoming).count()
            }
            Repr::Packed(f) => {
                f.packed.out_edges(ix.index()).len() + f.packed.in_edges(ix.index()).len()
            }
        }
    }

    /// Calls `f` with the summary of every edge that starts or ends at
    /// `ix`: outgoing ones first, then incoming ones, each in edge order; a
    /// loop once. Reads only the cheap per-edge facts, like
    /// [`Graph::for_each_edge_summary`].
    pub fn for_each_edge_at(&self, ix: NodeIndex, mut f: impl FnMut(EdgeSummary)) {
        match &self.repr {
            Repr::Owned(o) => {
                for dir in [Direction::Outgoing, Direction::Incoming] {
                    let mut list: Vec<_> = o.inner.edges_directed(ix, dir).collect();
                    list.sort_by_key(|e| e.id());
                    for e in list {
                        if dir == Direction::Incoming && e.source() == e.target() {
                            continue;
                        }
                        f(EdgeSummary {
                            index: e.id(),
                            from: e.source(),
                            to: e.target(),
                            kind: e.weight().kind,
                            date: e.weight().date,
                            cited: !e.weight().cite.is_empty(),
                            planned: e.weight().is_planned(),
                        });
                    }
                }
            }
            Repr::Packed(fr) => {
                let p = &fr.packed;
                let (from, to, kinds): (&[u32], &[u32], &[EdgeKind]) =
                    (&p.edge_from, &p.edge_to, &p.edge_kind);
                let (dates, cites): (&[u32], &[u32]) = (&p.edge_date, &p.edge_cite);
                let planned = p.planned_bits();
                let i = ix.index();
                let out = p.out_edges(i).iter().map(|&e| (e, false));
                let into = p.in_edges(i).iter().map(|&e| (e, true));
                for (e, incoming) in out.chain(into) {
                    let e = e as usize;
                    let (Some(&a), Some(&b), Some(&kind), Some(&date), Some(&cite)) = (
                        from.get(e),
                        to.get(e),
                        kinds.get(e),
                        dates.get(e),
                        cites.get(e),
                    ) else {
                        continue;
                    };
                    if incoming && a == b {
                        continue;
                    }
                    f(EdgeSummary {
                        index: EdgeIndex::new(e),
                        from: node_ix(a),
                        to: node_ix(b),
                        kind,
                        date: super::packed::date(date),
                        cited: cite != 0,
                        planned: super::packed::is_set(planned, e),
                    });
                }
            }
        }
    }

    /// The most recent year of any dated edge.
    pub fn latest_year(&self) -> Option<i16> {
        match &self.repr {
            Repr::Packed(f) => f
                .packed
                .edge_date
                .iter()
                .max()
                .filter(|&&d| d != 0)
                .and_then(|&d| super::packed::unpack_date(d).ok().flatten())
                .map(|d| d.year()),
            Repr::Owned(_) => self
                .edge_summaries()
                .filter_map(|e| e.date.map(|d| d.year()))
                .max(),
        }
    }

    /// The edge at `ix`.
    pub fn edge(&self, ix: EdgeIndex) -> Option<EdgeView<'_>> {
        match &self.repr {
            Repr::Owned(o) => {
                let (from, to) = o.inner.edge_endpoints(ix)?;
                let edge = o.inner.edge_weight(ix)?;
                Some(EdgeView {
                    index: ix,
                    from,
                    to,
                    edge,
                })
            }
            Repr::Packed(f) => {
                let (from, to) = packed_ends(&f.packed, ix)?;
                Some(EdgeView {
                    index: ix,
                    from,
                    to,
                    edge: f.packed.edge(ix.index())?,
                })
            }
        }
    }

    /// The kind of edge `ix`, without building its record.
    pub fn edge_kind(&self, ix: EdgeIndex) -> Option<EdgeKind> {
        match &self.repr {
            Repr::Owned(o) => o.inner.edge_weight(ix).map(|e| e.kind),
            Repr::Packed(f) => f.packed.edge_kind.get(ix.index()).copied(),
        }
    }

    /// Edge `ix` built on its own and not kept: for a caller that reads a
    /// few scattered edges once. ([`Graph::edge`] on a compact graph builds
    /// and keeps the records of the edges numbered around it too, which
    /// pays off for a scan, not for a few hundred edges spread over a
    /// million.)
    pub fn edge_alone(&self, ix: EdgeIndex) -> Option<OwnedEdge> {
        match &self.repr {
            Repr::Owned(_) => self.edge(ix).map(|e| OwnedEdge {
                index: e.index,
                from: e.from,
                to: e.to,
                edge: e.edge.clone(),
            }),
            Repr::Packed(f) => {
                let (from, to) = packed_ends(&f.packed, ix)?;
                Some(OwnedEdge {
                    index: ix,
                    from,
                    to,
                    edge: f.packed.make_edge(ix.index()),
                })
            }
        }
    }

    /// Every edge that starts or ends at `ix`, outgoing first.
    pub fn edges_of(&self, ix: NodeIndex) -> Vec<EdgeView<'_>> {
        let mut out: Vec<EdgeView<'_>> = Vec::new();
        match &self.repr {
            Repr::Owned(o) => {
                for dir in [Direction::Outgoing, Direction::Incoming] {
                    for e in o.inner.edges_directed(ix, dir) {
                        if dir == Direction::Incoming && e.source() == e.target() {
                            continue;
                        }
                        out.push(EdgeView {
                            index: e.id(),
                            from: e.source(),
                            to: e.target(),
                            edge: e.weight(),
                        });
                    }
                }
            }
            Repr::Packed(f) => {
                let p = &f.packed;
                let incoming = p
                    .in_edges(ix.index())
                    .iter()
                    .filter(|&&e| p.edge_from.get(e as usize) != p.edge_to.get(e as usize));
                for &e in p.out_edges(ix.index()).iter().chain(incoming) {
                    out.extend(self.edge(EdgeIndex::new(e as usize)));
                }
            }
        }
        out.sort_by_key(|e| e.index);
        out
    }

    /// Every source, in the order added.
    pub fn sources(&self) -> &[Source] {
        match &self.repr {
            Repr::Owned(o) => &o.sources,
            Repr::Packed(f) => &f.packed.sources,
        }
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        let i = match &self.repr {
            Repr::Owned(o) => o.source_index.get(id),
            Repr::Packed(f) => f.source_index.get(id),
        };
        i.and_then(|&i| self.sources().get(i))
    }

    /// The nodes whose name or an alias folds to `key`, in index order.
    pub(super) fn named(&self, key: &str) -> Vec<NodeIndex> {
        match &self.repr {
            Repr::Owned(o) => o.names.get(key).cloned().unwrap_or_default(),
            Repr::Packed(f) => f.packed.find_name(key).into_iter().map(node_ix).collect(),
        }
    }

    /// The id, name and aliases of the node at `ix`.
    pub(super) fn texts(&self, ix: NodeIndex) -> Vec<&str> {
        match &self.repr {
            Repr::Owned(o) => o
                .inner
                .node_weight(ix)
                .map(|n| {
                    std::iter::once(n.id.as_str())
                        .chain(std::iter::once(n.name.as_str()))
                        .chain(n.aliases.iter().map(String::as_str))
                        .collect()
                })
                .unwrap_or_default(),
            Repr::Packed(f) => f.packed.texts(ix.index()).collect(),
        }
    }

    /// The serialisable form of the graph.
    pub fn to_dataset(&self) -> Dataset {
        if let Some(p) = self.packed() {
            return Dataset {
                sources: p.sources.clone(),
                nodes: (0..p.node_count()).map(|i| p.make_node(i)).collect(),
                edges: (0..p.edge_count())
                    .map(|i| {
                        let end = |c: &[u32]| c.get(i).copied().unwrap_or(0);
                        (end(&p.edge_from), end(&p.edge_to), p.make_edge(i))
                    })
                    .collect(),
            };
        }
        let mut position: HashMap<NodeIndex, u32> = HashMap::new();
        let mut nodes = Vec::with_capacity(self.node_count());
        for (ix, node) in self.nodes() {
            position.insert(ix, nodes.len() as u32);
            nodes.push(node.clone());
        }
        let edges = self
            .edges()
            .filter_map(|e| {
                Some((
                    *position.get(&e.from)?,
                    *position.get(&e.to)?,
                    e.edge.clone(),
                ))
            })
            .collect();
        Dataset {
            sources: self.sources().to_vec(),
            nodes,
            edges,
        }
    }

    /// The graph packed into columns (see [`Packed`]), as a database file
    /// stores it.
    pub(crate) fn to_packed(&self) -> Packed {
        if let Some(p) = self.packed() {
            return p.clone();
        }
        let mut position: HashMap<NodeIndex, u32> = HashMap::with_capacity(self.node_count());
        let mut nodes = Vec::with_capacity(self.node_count());
        for (ix, node) in self.nodes() {
            position.insert(ix, nodes.len() as u32);
            nodes.push(node);
        }
        let edges: Vec<(u32, u32, &Edge)> = self
            .edges()
            .filter_map(|e| Some((*position.get(&e.from)?, *position.get(&e.to)?, e.edge)))
            .collect();
        Packed::build(self.sources(), &nodes, &edges)
    }

    /// Builds a read-only, compact graph from its serialisable form, with the
    /// checks of [`Graph::from_dataset`] (unique ids, existing ends) and of
    /// an opened database file, without building the changeable form
    /// first: for large generated graphs that are only saved and read.
    /// The first change to it turns it into the changeable form.
    pub fn compact_from_dataset(data: &Dataset) -> Result<Graph> {
        let edges: Vec<(u32, u32, &Edge)> =
            data.edges.iter().map(|(a, b, e)| (*a, *b, e)).collect();
        let nodes: Vec<&Node> = data.nodes.iter().collect();
        Graph::compact_from_parts(&data.sources, &nodes, &edges)
    }

    /// [`Graph::compact_from_dataset`] from borrowed parts: edge ends are
    /// positions in `nodes`.
    pub fn compact_from_parts(
        sources: &[Source],
        nodes: &[&Node],
        edges: &[(u32, u32, &Edge)],
    ) -> Result<Graph> {
        let n = nodes.len();
        if let Some(&(from, to, _)) = edges
            .iter()
            .find(|(a, b, _)| *a as usize >= n || *b as usize >= n)
        {
            return Err(Error::Invalid(format!(
                "an edge names node position {} but there are {n} nodes",
                from.max(to)
            )));
        }
        let mut given = crate::model::EdgeIds::default();
        if let Some(id) = edges
            .iter()
            .filter_map(|(_, _, e)| e.id.as_ref())
            .find(|id| !given.claim(id.as_str()))
        {
            return Err(Error::Invalid(format!(
                "an edge with id '{id}' already exists"
            )));
        }
        let packed = Packed::build(sources, nodes, edges);
        let ids = |i: u32| nodes.get(i as usize).map(|n| &n.id);
        if let Some(w) = packed.id_order.windows(2).find(|w| ids(w[0]) == ids(w[1])) {
            let id = ids(w[0]).map(|i| i.to_string()).unwrap_or_default();
            return Err(Error::Invalid(format!(
                "a node with id '{id}' already exists"
            )));
        }
        let mut seen = HashSet::new();
        if let Some(s) = sources.iter().find(|s| !seen.insert(&s.id)) {
            return Err(Error::Invalid(format!(
                "a source with id '{}' already exists",
                s.id
            )));
        }
        packed
            .check()
            .map_err(|e| Error::Invalid(format!("the graph cannot be stored compactly: {e}")))?;
        Ok(Graph::from_packed(packed))
    }

    /// Builds a graph from its serialisable form, checking that ids are unique
    /// and that every edge's ends exist.
    pub fn from_dataset(data: Dataset) -> Result<Graph> {
        let mut o = Owned::default();
        for s in data.sources {
            o.add_source(s)?;
        }
        let mut index = Vec::with_capacity(data.nodes.len());
        for n in data.nodes {
            index.push(o.add_node(n)?);
        }
        // The ids given first, then the defaults, as `Packed::build` does.
        let mut edges = data.edges;
        let mut given = crate::model::EdgeIds::default();
        for (_, _, e) in &edges {
            if let Some(id) = &e.id {
                if !given.claim(id.as_str()) {
                    return Err(Error::Invalid(format!(
                        "an edge with id '{id}' already exists"
                    )));
                }
            }
        }
        o.edge_ids = given;
        let mut defaults = Vec::new();
        for (i, (from, to, e)) in edges.iter().enumerate() {
            if e.id.is_none() {
                let name = |x: u32| {
                    index
                        .get(x as usize)
                        .and_then(|&ix| o.inner.node_weight(ix))
                        .map_or(String::new(), |n| n.id.to_string())
                };
                let base = crate::model::default_edge_id(&name(*from), &name(*to), e.kind, e.date);
                defaults.push((i, o.edge_ids.claim_default(base)));
            }
        }
        for (i, id) in defaults {
            if let Some((_, _, e)) = edges.get_mut(i) {
                e.id = Some(crate::model::EdgeId::trusted(&id));
            }
        }
        for (from, to, edge) in edges {
            let (Some(&a), Some(&b)) = (index.get(from as usize), index.get(to as usize)) else {
                return Err(Error::Invalid(format!(
                    "an edge names node position {} but there are {} nodes",
                    from.max(to),
                    index.len()
                )));
            };
            o.inner.add_edge(a, b, edge);
        }
        Ok(Graph {
            repr: Repr::Owned(Box::new(o)),
        })
    }
}

/// The ends of packed edge `ix`, if there is one.
fn packed_ends(p: &Packed, ix: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
    let i = ix.index();
    Some((node_ix(*p.edge_from.get(i)?), node_ix(*p.edge_to.get(i)?)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{EdgeKind, NodeKind};

    fn id(s: &str) -> Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Kazakhstan and Korea (each with an alias) tied by an MOU, and a
    /// French minister: the model's test fixture.
    pub(crate) fn sample() -> Graph {
        let mut g = Graph::new();
        let mut kz = Node::new(id("kz"), NodeKind::Country, "Kazakhstan");
        kz.aliases.push("Republic of Kazakhstan".into());
        let mut kr = Node::new(id("kr"), NodeKind::Country, "Republic of Korea");
        kr.aliases.push("South Korea".into());
        let mut fr = Node::new(id("fr-min"), NodeKind::Person, "Jean-Vincent Placé");
        fr.country = Some(id("fr"));
        let a = g.add_node(kz).unwrap_or_else(|e| panic!("{e}"));
        let b = g.add_node(kr).unwrap_or_else(|e| panic!("{e}"));
        g.add_node(fr).unwrap_or_else(|e| panic!("{e}"));
        g.add_edge(b, a, Edge::new(EdgeKind::Mou))
            .unwrap_or_else(|e| panic!("{e}"));
        g
    }

    #[test]
    fn compact_graph_from_a_dataset_equals_the_built_one_and_checks_it() {
        let spec = crate::generate::Spec::with_edges(3_000, 2);
        let data = crate::generate::generate(&spec, &mut |_| {}).unwrap();
        let compact = Graph::compact_from_dataset(&data).unwrap();
        assert!(compact.is_compact());
        let built = Graph::from_dataset(data.clone()).unwrap();
        assert_eq!(compact.to_dataset(), built.to_dataset());
        let mut twice = data.clone();
        twice.nodes.push(twice.nodes[0].clone());
        let err = Graph::compact_from_dataset(&twice).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        let mut dangling = data;
        dangling.edges[0].1 = 1 << 30;
        assert!(Graph::compact_from_dataset(&dangling).is_err());
    }

    #[test]
    fn dataset_round_trip_keeps_everything() {
        let g = sample();
        let d = g.to_dataset();
        let g2 = Graph::from_dataset(d.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g2.to_dataset(), d);
    }

    #[test]
    fn dataset_with_dangling_edge_is_refused() {
        let mut d = sample().to_dataset();
        d.edges.push((0, 99, Edge::new(EdgeKind::Mou)));
        assert!(Graph::from_dataset(d).is_err());
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut g = sample();
        assert!(g
            .add_node(Node::new(id("kz"), NodeKind::Country, "Again"))
            .is_err());
    }
}
