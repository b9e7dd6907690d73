//! The records of format versions 1 to 4, frozen as those versions encode
//! them (see the migration rule in docs/data-format.md).
//!
//! bincode is positional: a field added to a model record changes how every
//! record after it decodes. Version 5 added `Source::collection` and
//! `Edge::status`, so the old shapes live on here: version 1 files encode a
//! whole [`Dataset`] of them, versions 2 to 4 the [`Source`] list at the
//! head of their compact payload. Each converts to the current record with
//! the new fields empty (`collection` none, `status` realised); nothing is
//! lost. These types must never change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{self, Citation, EdgeKind, EdgeStatus, Id, NodeKind, PartialDate};

/// A source as versions 1 to 4 store it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Source {
    id: Id,
    title: String,
    publisher: Option<String>,
    author: Option<String>,
    date: Option<PartialDate>,
    file: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

/// A node as version 1 stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Node {
    id: Id,
    kind: NodeKind,
    name: String,
    aliases: Vec<String>,
    country: Option<Id>,
    region: Option<String>,
    note: Option<String>,
    cite: Vec<Citation>,
    attrs: BTreeMap<String, String>,
}

/// An edge as version 1 stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Edge {
    kind: EdgeKind,
    date: Option<PartialDate>,
    end_date: Option<PartialDate>,
    date_note: Option<String>,
    place: Option<String>,
    amount_usd: Option<f64>,
    what: Option<String>,
    topics: Vec<String>,
    role: Option<String>,
    region: Option<String>,
    derived: Option<String>,
    note: Option<String>,
    cite: Vec<Citation>,
    attrs: BTreeMap<String, String>,
}

/// A version 1 payload.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct Dataset {
    sources: Vec<Source>,
    nodes: Vec<Node>,
    edges: Vec<(u32, u32, Edge)>,
}

impl From<Source> for model::Source {
    fn from(s: Source) -> model::Source {
        model::Source {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            author: s.author,
            date: s.date,
            file: s.file,
            url: s.url,
            note: s.note,
            collection: None,
        }
    }
}

impl From<Node> for model::Node {
    fn from(n: Node) -> model::Node {
        model::Node {
            id: n.id,
            kind: n.kind,
            name: n.name,
            aliases: n.aliases,
            country: n.country,
            region: n.region,
            note: n.note,
            cite: n.cite,
            attrs: n.attrs,
        }
    }
}

impl From<Edge> for model::Edge {
    fn from(e: Edge) -> model::Edge {
        model::Edge {
            id: None,
            kind: e.kind,
            status: EdgeStatus::Realised,
            date: e.date,
            end_date: e.end_date,
            date_note: e.date_note,
            place: e.place,
            amount_usd: e.amount_usd,
            what: e.what,
            topics: e.topics,
            role: e.role,
            region: e.region,
            derived: e.derived,
            note: e.note,
            cite: e.cite,
            attrs: e.attrs,
        }
    }
}

impl From<Dataset> for model::Dataset {
    fn from(d: Dataset) -> model::Dataset {
        model::Dataset {
            sources: d.sources.into_iter().map(Into::into).collect(),
            nodes: d.nodes.into_iter().map(Into::into).collect(),
            edges: d
                .edges
                .into_iter()
                .map(|(a, b, e)| (a, b, e.into()))
                .collect(),
        }
    }
}

/// The old shape of a current source, for writing old files (tests); the
/// fields versions 1 to 4 lack are dropped.
pub(crate) fn source(s: &model::Source) -> Source {
    Source {
        id: s.id.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        author: s.author.clone(),
        date: s.date,
        file: s.file.clone(),
        url: s.url.clone(),
        note: s.note.clone(),
    }
}

/// The old shape of a current dataset, for tests that write version 1
/// files; the fields version 1 lacks are dropped.
#[cfg(test)]
pub(crate) fn dataset(d: &model::Dataset) -> Dataset {
    let node = |n: &model::Node| Node {
        id: n.id.clone(),
        kind: n.kind,
        name: n.name.clone(),
        aliases: n.aliases.clone(),
        country: n.country.clone(),
        region: n.region.clone(),
        note: n.note.clone(),
        cite: n.cite.clone(),
        attrs: n.attrs.clone(),
    };
    let edge = |e: &model::Edge| Edge {
        kind: e.kind,
        date: e.date,
        end_date: e.end_date,
        date_note: e.date_note.clone(),
        place: e.place.clone(),
        amount_usd: e.amount_usd,
        what: e.what.clone(),
        topics: e.topics.clone(),
        role: e.role.clone(),
        region: e.region.clone(),
        derived: e.derived.clone(),
        note: e.note.clone(),
        cite: e.cite.clone(),
        attrs: e.attrs.clone(),
    };
    Dataset {
        sources: d.sources.iter().map(source).collect(),
        nodes: d.nodes.iter().map(node).collect(),
        edges: d.edges.iter().map(|(a, b, e)| (*a, *b, edge(e))).collect(),
    }
}
