//! The records the graph holds: sources, nodes, edges and their citations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{EdgeId, EdgeKind, EdgeStatus, Id, NodeKind, PartialDate};

/// Where a fact comes from: an article or a named public reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// How citations name it.
    pub id: Id,
    /// Headline or reference name.
    pub title: String,
    /// Newspaper, agency or body.
    pub publisher: Option<String>,
    /// Author, where printed.
    pub author: Option<String>,
    /// Publication date.
    pub date: Option<PartialDate>,
    /// For the seed articles: the file name in `shared/seeds/`.
    pub file: Option<String>,
    /// A public address.
    pub url: Option<String>,
    /// Free text, e.g. how an undated article was dated.
    pub note: Option<String>,
    /// The collection the source belongs to (`seeds` for the seed
    /// articles, a publisher's name for curated reports), so that commands
    /// can restrict themselves to some collections.
    pub collection: Option<String>,
}

impl Source {
    /// A source with only the required fields set.
    pub fn new(id: Id, title: impl Into<String>) -> Source {
        Source {
            id,
            title: title.into(),
            publisher: None,
            author: None,
            date: None,
            file: None,
            url: None,
            note: None,
            collection: None,
        }
    }
}

/// A reference from a node or edge to the source that reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Citation {
    /// The source's id.
    pub source: Id,
    /// A short exact quote; may be absent for reference tables.
    pub quote: Option<String>,
}

/// An actor: a country, ministry, agency, organization or person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: Id,
    /// What it is.
    pub kind: NodeKind,
    /// Display name.
    pub name: String,
    /// Other names that resolve to this node.
    pub aliases: Vec<String>,
    /// The country a body or person belongs to.
    pub country: Option<Id>,
    /// A country's UN M49 sub-region.
    pub region: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// Where the node's facts come from.
    pub cite: Vec<Citation>,
    /// Further attributes from imported tables, kept as text.
    pub attrs: BTreeMap<String, String>,
}

impl Node {
    /// A node with only the required fields set.
    pub fn new(id: Id, kind: NodeKind, name: impl Into<String>) -> Node {
        Node {
            id,
            kind,
            name: name.into(),
            aliases: Vec::new(),
            country: None,
            region: None,
            note: None,
            cite: Vec::new(),
            attrs: BTreeMap::new(),
        }
    }
}

/// A relation between two nodes (the ends are kept by the graph).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Its stable id. Every edge of a graph has one: given in the data, or
    /// a default made from its ends, kind and date when the graph is built
    /// (see `model::edge_id`).
    pub id: Option<EdgeId>,
    /// What it records.
    pub kind: EdgeKind,
    /// Whether it happened or is only announced.
    pub status: EdgeStatus,
    /// When it happened.
    pub date: Option<PartialDate>,
    /// The end of a span (an affiliation, a membership).
    pub end_date: Option<PartialDate>,
    /// How the date was resolved from the text.
    pub date_note: Option<String>,
    /// Where it happened.
    pub place: Option<String>,
    /// Money involved, in US dollars.
    pub amount_usd: Option<f64>,
    /// What was exported or done.
    pub what: Option<String>,
    /// Subjects covered.
    pub topics: Vec<String>,
    /// A person's role (affiliation).
    pub role: Option<String>,
    /// The region named (hub designation).
    pub region: Option<String>,
    /// Present when the edge or a value on it is inferred: the reasoning.
    pub derived: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// The sources that report it.
    pub cite: Vec<Citation>,
    /// Further attributes from imported tables, kept as text.
    pub attrs: BTreeMap<String, String>,
}

impl Edge {
    /// Whether it is only announced (`status = "planned"`).
    pub fn is_planned(&self) -> bool {
        self.status == EdgeStatus::Planned
    }

    /// An edge of `kind` with no other field set.
    pub fn new(kind: EdgeKind) -> Edge {
        Edge {
            id: None,
            kind,
            status: EdgeStatus::Realised,
            date: None,
            end_date: None,
            date_note: None,
            place: None,
            amount_usd: None,
            what: None,
            topics: Vec::new(),
            role: None,
            region: None,
            derived: None,
            note: None,
            cite: Vec::new(),
            attrs: BTreeMap::new(),
        }
    }
}
