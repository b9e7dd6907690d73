//! The property graph queries run on: nodes with labels and properties,
//! typed relationships with properties, adjacency lists both ways.
//!
//! [`PropertyGraph::from_graph`] maps the e-government graph onto it (labels
//! are node kinds in PascalCase plus `Source`, relationship types the edge
//! kinds in UPPER_SNAKE, properties the record's fields; docs/query.md has
//! the table). A scratch graph ([`PropertyGraph::new`]) takes any labels,
//! types and properties: the conformance runner and `--scratch` use it.
//! A relationship of a symmetric kind (`MOU`, `BORDERS`, ...) is stored once
//! and matches a directed pattern either way round.

use std::collections::BTreeMap;

use super::value::{NodeId, RelId, Value};
use crate::model::{Citation, EdgeKind, Graph, NodeKind};

/// A node's labels and properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeData {
    /// Labels, in the order added.
    pub labels: Vec<String>,
    /// Properties (never null-valued).
    pub props: BTreeMap<String, Value>,
}

/// A relationship's type, ends and properties.
#[derive(Debug, Clone, PartialEq)]
pub struct RelData {
    /// The type.
    pub ty: String,
    /// Start node.
    pub start: NodeId,
    /// End node.
    pub end: NodeId,
    /// Properties (never null-valued).
    pub props: BTreeMap<String, Value>,
    /// Matches a directed pattern either way round.
    pub symmetric: bool,
}

/// An in-memory property graph; deleted entities leave holes so ids stay.
#[derive(Debug, Clone, Default)]
pub struct PropertyGraph {
    nodes: Vec<Option<NodeData>>,
    rels: Vec<Option<RelData>>,
    out: Vec<Vec<RelId>>,
    inc: Vec<Vec<RelId>>,
}

/// `member_of` -> `MemberOf`.
pub fn pascal(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

impl PropertyGraph {
    /// An empty scratch graph.
    pub fn new() -> PropertyGraph {
        PropertyGraph::default()
    }

    /// The e-government graph as a property graph (see the module doc).
    pub fn from_graph(g: &Graph) -> PropertyGraph {
        let mut pg = PropertyGraph::new();
        let cite = |c: &[Citation]| -> Value {
            Value::List(
                c.iter()
                    .map(|c| {
                        let mut m = BTreeMap::new();
                        m.insert("source".to_string(), Value::Str(c.source.to_string()));
                        put(&mut m, "quote", c.quote.clone());
                        if let Some(s) = g.source(c.source.as_str()) {
                            put(&mut m, "file", s.file.clone());
                            put(&mut m, "url", s.url.clone());
                        }
                        Value::Map(m)
                    })
                    .collect(),
            )
        };
        let mut at = std::collections::HashMap::new();
        for (ix, n) in g.nodes() {
            let mut p = BTreeMap::new();
            p.insert("id".to_string(), Value::Str(n.id.to_string()));
            p.insert("name".to_string(), Value::Str(n.name.clone()));
            if !n.aliases.is_empty() {
                p.insert("aliases".into(), strs(&n.aliases));
            }
            put(&mut p, "country", n.country.as_ref().map(|c| c.to_string()));
            put(&mut p, "region", n.region.clone());
            put(&mut p, "note", n.note.clone());
            if !n.cite.is_empty() {
                p.insert("citations".into(), cite(&n.cite));
            }
            for (k, v) in &n.attrs {
                p.entry(k.clone()).or_insert_with(|| Value::Str(v.clone()));
            }
            let id = pg.add_node(vec![label_of(n.kind)], p);
            at.insert(ix, id);
        }
        for s in g.sources() {
            let mut p = BTreeMap::new();
            p.insert("id".to_string(), Value::Str(s.id.to_string()));
            p.insert("title".to_string(), Value::Str(s.title.clone()));
            put(&mut p, "publisher", s.publisher.clone());
            put(&mut p, "author", s.author.clone());
            put(&mut p, "date", s.date.map(|d| d.to_string()));
            put(&mut p, "file", s.file.clone());
            put(&mut p, "url", s.url.clone());
            put(&mut p, "note", s.note.clone());
            put(&mut p, "collection", s.collection.clone());
            pg.add_node(vec!["Source".into()], p);
        }
        for e in g.edges() {
            let (Some(&a), Some(&b)) = (at.get(&e.from), at.get(&e.to)) else {
                continue;
            };
            let x = e.edge;
            let mut p = BTreeMap::new();
            p.insert(
                "status".to_string(),
                Value::Str(x.status.as_str().to_string()),
            );
            put(&mut p, "id", g.edge_id(e.index).map(str::to_string));
            put(&mut p, "date", x.date.map(|d| d.to_string()));
            put(&mut p, "end_date", x.end_date.map(|d| d.to_string()));
            put(&mut p, "date_note", x.date_note.clone());
            put(&mut p, "place", x.place.clone());
            if let Some(a) = x.amount_usd {
                p.insert("amount_usd".into(), Value::Float(a));
            }
            put(&mut p, "what", x.what.clone());
            if !x.topics.is_empty() {
                p.insert("topics".into(), strs(&x.topics));
            }
            put(&mut p, "role", x.role.clone());
            put(&mut p, "region", x.region.clone());
            put(&mut p, "derived", x.derived.clone());
            put(&mut p, "note", x.note.clone());
            p.insert("citations".into(), cite(&x.cite));
            for (k, v) in &x.attrs {
                p.entry(k.clone()).or_insert_with(|| Value::Str(v.clone()));
            }
            let r = pg.add_rel(type_of(x.kind), a, b, p);
            if let Some(Some(r)) = pg.rels.get_mut(r) {
                r.symmetric = x.kind.is_symmetric();
            }
        }
        pg
    }

    /// Adds a node.
    pub fn add_node(&mut self, labels: Vec<String>, props: BTreeMap<String, Value>) -> NodeId {
        self.nodes.push(Some(NodeData { labels, props }));
        self.out.push(Vec::new());
        self.inc.push(Vec::new());
        self.nodes.len() - 1
    }

    /// Adds a relationship from `start` to `end`.
    pub fn add_rel(
        &mut self,
        ty: String,
        start: NodeId,
        end: NodeId,
        props: BTreeMap<String, Value>,
    ) -> RelId {
        let id = self.rels.len();
        self.rels.push(Some(RelData {
            ty,
            start,
            end,
            props,
            symmetric: false,
        }));
        if let Some(o) = self.out.get_mut(start) {
            o.push(id);
        }
        if let Some(i) = self.inc.get_mut(end) {
            i.push(id);
        }
        id
    }

    /// A live node.
    pub fn node(&self, id: NodeId) -> Option<&NodeData> {
        self.nodes.get(id).and_then(Option::as_ref)
    }

    /// A live node, to change.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut NodeData> {
        self.nodes.get_mut(id).and_then(Option::as_mut)
    }

    /// A live relationship.
    pub fn rel(&self, id: RelId) -> Option<&RelData> {
        self.rels.get(id).and_then(Option::as_ref)
    }

    /// A live relationship, to change.
    pub fn rel_mut(&mut self, id: RelId) -> Option<&mut RelData> {
        self.rels.get_mut(id).and_then(Option::as_mut)
    }

    /// Every live node id.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some())
            .map(|(i, _)| i)
    }

    /// Every live relationship id.
    pub fn rel_ids(&self) -> impl Iterator<Item = RelId> + '_ {
        self.rels
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_some())
            .map(|(i, _)| i)
    }

    /// Relationships starting at `n`.
    pub fn outgoing(&self, n: NodeId) -> &[RelId] {
        self.out.get(n).map_or(&[], Vec::as_slice)
    }

    /// Relationships ending at `n`.
    pub fn incoming(&self, n: NodeId) -> &[RelId] {
        self.inc.get(n).map_or(&[], Vec::as_slice)
    }

    /// Deletes a relationship; false if it was gone already.
    pub fn delete_rel(&mut self, id: RelId) -> bool {
        let Some(r) = self.rels.get_mut(id).and_then(Option::take) else {
            return false;
        };
        if let Some(o) = self.out.get_mut(r.start) {
            o.retain(|&x| x != id);
        }
        if let Some(i) = self.inc.get_mut(r.end) {
            i.retain(|&x| x != id);
        }
        true
    }

    /// Deletes a node (its relationships must be gone); false if it was gone.
    pub fn delete_node(&mut self, id: NodeId) -> bool {
        self.nodes.get_mut(id).and_then(Option::take).is_some()
    }

    /// Whether a node is live.
    pub fn has_node(&self, id: NodeId) -> bool {
        self.node(id).is_some()
    }

    /// Number of live nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.is_some()).count()
    }

    /// Number of live relationships.
    pub fn rel_count(&self) -> usize {
        self.rels.iter().filter(|r| r.is_some()).count()
    }
}

/// The label of a node kind: `Country`, `Ministry`, ...
pub fn label_of(k: NodeKind) -> String {
    pascal(k.as_str())
}

/// The relationship type of an edge kind: `MOU`, `MEMBER_OF`, ...
pub fn type_of(k: EdgeKind) -> String {
    k.as_str().to_ascii_uppercase()
}

fn put(m: &mut BTreeMap<String, Value>, k: &str, v: Option<String>) {
    if let Some(v) = v {
        m.insert(k.to_string(), Value::Str(v));
    }
}

fn strs(v: &[String]) -> Value {
    Value::List(v.iter().map(|s| Value::Str(s.clone())).collect())
}
