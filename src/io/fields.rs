//! The fields of sources, nodes and edges as named values, shared by the
//! interchange formats (CSV, JSON, GraphML, GEXF, Neo4j).
//!
//! Writers ask [`node_fields`], [`edge_fields`] and [`source_fields`] for a
//! record's fields in a fixed order, known fields first and then the
//! record's extra attributes. Readers of formats whose records are maps of
//! named values (JSON node-link, GraphML) hand them to [`node`], [`edge`]
//! and [`source`], which turn them into model records and say what is
//! wrong, place by place. The CSV reader has its own cell rules
//! (`super::csv`), which these follow: lists may be `;`-joined text or a
//! JSON array, citations a JSON array or a bare source id.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::model::{
    Citation, Diagnostic, Edge, EdgeKind, Id, InputEdge, InputNode, InputSource, Loc, Located,
    Node, NodeKind, PartialDate, Source,
};

/// The known node fields, in the order writers put them.
pub(crate) const NODE_FIELDS: &[&str] = &[
    "kind", "name", "aliases", "country", "region", "note", "cite",
];

/// The known edge fields, in the order writers put them.
pub(crate) const EDGE_FIELDS: &[&str] = &[
    "id",
    "kind",
    "status",
    "date",
    "end_date",
    "date_note",
    "place",
    "amount_usd",
    "what",
    "topics",
    "role",
    "region",
    "derived",
    "note",
    "cite",
];

/// The known source fields (besides `id`), in the order writers put them.
pub(crate) const SOURCE_FIELDS: &[&str] = &[
    "title",
    "publisher",
    "author",
    "date",
    "file",
    "url",
    "note",
    "collection",
];

/// One field's value, typed as far as the model types it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field<'a> {
    /// Text (names, notes, dates, kinds, ids).
    Text(String),
    /// A number (`amount_usd`).
    Number(f64),
    /// A list of strings (`aliases`, `topics`).
    List(&'a [String]),
    /// Citations.
    Cites(&'a [Citation]),
}

impl Field<'_> {
    /// The value as JSON: lists and citations as arrays.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Field::Text(s) => Value::String(s.clone()),
            Field::Number(x) => json!(x),
            Field::List(items) => json!(items),
            Field::Cites(c) => cites_json(c),
        }
    }

    /// The value as one piece of text: numbers as Rust prints them (which
    /// reads back exactly), lists and citations as JSON arrays.
    pub(crate) fn to_text(&self) -> String {
        match self {
            Field::Text(s) => s.clone(),
            Field::Number(x) => x.to_string(),
            Field::List(_) | Field::Cites(_) => self.to_json().to_string(),
        }
    }
}

/// Citations as a JSON array of `{"source", "quote"}` objects (`quote`
/// left out when there is none).
pub(crate) fn cites_json(cites: &[Citation]) -> Value {
    Value::Array(
        cites
            .iter()
            .map(|c| match &c.quote {
                Some(q) => json!({"source": c.source.as_str(), "quote": q}),
                None => json!({"source": c.source.as_str()}),
            })
            .collect(),
    )
}

fn text(out: &mut Vec<(String, Field<'_>)>, name: &str, value: Option<String>) {
    if let Some(v) = value {
        out.push((name.to_string(), Field::Text(v)));
    }
}

/// A node's fields that have a value: known fields in [`NODE_FIELDS`]
/// order (empty lists left out), then its attributes.
pub(crate) fn node_fields(n: &Node) -> Vec<(String, Field<'_>)> {
    let mut out = Vec::new();
    text(&mut out, "kind", Some(n.kind.as_str().to_string()));
    text(&mut out, "name", Some(n.name.clone()));
    if !n.aliases.is_empty() {
        out.push(("aliases".into(), Field::List(&n.aliases)));
    }
    text(&mut out, "country", n.country.as_ref().map(Id::to_string));
    text(&mut out, "region", n.region.clone());
    text(&mut out, "note", n.note.clone());
    cites_and_attrs(&mut out, &n.cite, &n.attrs);
    out
}

/// An edge's fields that have a value, as [`node_fields`].
pub(crate) fn edge_fields(e: &Edge) -> Vec<(String, Field<'_>)> {
    let mut out = Vec::new();
    text(&mut out, "id", e.id.as_ref().map(|i| i.to_string()));
    text(&mut out, "kind", Some(e.kind.as_str().to_string()));
    if !e.status.is_default() {
        text(&mut out, "status", Some(e.status.as_str().to_string()));
    }
    text(&mut out, "date", e.date.map(|d| d.to_string()));
    text(&mut out, "end_date", e.end_date.map(|d| d.to_string()));
    text(&mut out, "date_note", e.date_note.clone());
    text(&mut out, "place", e.place.clone());
    if let Some(a) = e.amount_usd {
        out.push(("amount_usd".into(), Field::Number(a)));
    }
    text(&mut out, "what", e.what.clone());
    if !e.topics.is_empty() {
        out.push(("topics".into(), Field::List(&e.topics)));
    }
    text(&mut out, "role", e.role.clone());
    text(&mut out, "region", e.region.clone());
    text(&mut out, "derived", e.derived.clone());
    text(&mut out, "note", e.note.clone());
    cites_and_attrs(&mut out, &e.cite, &e.attrs);
    out
}

/// The fields nodes and edges share at the end: citations, then the extra
/// attributes by name.
fn cites_and_attrs<'a>(
    out: &mut Vec<(String, Field<'a>)>,
    cite: &'a [Citation],
    attrs: &std::collections::BTreeMap<String, String>,
) {
    if !cite.is_empty() {
        out.push(("cite".into(), Field::Cites(cite)));
    }
    for (k, v) in attrs {
        out.push((k.clone(), Field::Text(v.clone())));
    }
}

/// A source's fields that have a value (`id` first).
pub(crate) fn source_fields(s: &Source) -> Vec<(String, Field<'static>)> {
    let mut out = Vec::new();
    text(&mut out, "id", Some(s.id.to_string()));
    text(&mut out, "title", Some(s.title.clone()));
    text(&mut out, "publisher", s.publisher.clone());
    text(&mut out, "author", s.author.clone());
    text(&mut out, "date", s.date.map(|d| d.to_string()));
    text(&mut out, "file", s.file.clone());
    text(&mut out, "url", s.url.clone());
    text(&mut out, "note", s.note.clone());
    text(&mut out, "collection", s.collection.clone());
    out
}

/// The names of every attribute in `maps`, sorted, for writers that need
/// one column per attribute.
pub(crate) fn attr_names<'a>(
    maps: impl Iterator<Item = &'a BTreeMap<String, String>>,
) -> Vec<String> {
    let mut names: Vec<String> = maps.flat_map(|m| m.keys().cloned()).collect();
    names.sort();
    names.dedup();
    names
}

/// One named value read from a file, with its place.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The field's name.
    pub key: String,
    /// Its value: strings, numbers, arrays or objects as the format gives them.
    pub value: Value,
    /// Where it was written.
    pub loc: Loc,
}

/// Turns one record's entries into a model record, collecting what is
/// wrong. Each getter removes the entries it reads; the rest become
/// attributes (nodes, edges) or warnings (sources).
struct Fields {
    entries: Vec<Entry>,
    loc: Loc,
    diags: Vec<Diagnostic>,
}

impl Fields {
    fn fail(&mut self, loc: &Loc, message: String) {
        self.diags
            .push(Diagnostic::error(Some(loc.clone()), message));
    }

    fn take(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        let e = self.entries.remove(i);
        // A repeated field: keep the first, report the others.
        while let Some(j) = self.entries.iter().position(|x| x.key == key) {
            let dup = self.entries.remove(j);
            self.fail(
                &dup.loc,
                format!("'{key}' is given twice (first at {})", e.loc),
            );
        }
        Some(e)
    }

    /// A text field; numbers and booleans are taken as their text, null as
    /// absent.
    fn text(&mut self, key: &str) -> Option<(String, Loc)> {
        let e = self.take(key)?;
        match e.value {
            Value::String(s) => Some((s, e.loc)),
            Value::Number(n) => Some((n.to_string(), e.loc)),
            Value::Bool(b) => Some((b.to_string(), e.loc)),
            Value::Null => None,
            other => {
                self.fail(
                    &e.loc,
                    format!("'{key}' must be text, not {}", type_name(&other)),
                );
                None
            }
        }
    }

    fn opt(&mut self, key: &str) -> Option<String> {
        self.text(key).map(|(s, _)| s)
    }

    fn id(&mut self, key: &str, what: &str) -> Option<Located<Id>> {
        let Some((text, loc)) = self.text(key) else {
            let at = self.loc.clone();
            self.fail(&at, format!("{what} has no '{key}'"));
            return None;
        };
        match text.trim().parse::<Id>() {
            Ok(id) => Some(Located { value: id, loc }),
            Err(e) => {
                self.fail(&loc, format!("'{key}': {e}"));
                None
            }
        }
    }

    fn opt_id(&mut self, key: &str) -> Option<Located<Id>> {
        let (text, loc) = self.text(key)?;
        if text.trim().is_empty() {
            return None;
        }
        match text.trim().parse::<Id>() {
            Ok(id) => Some(Located { value: id, loc }),
            Err(e) => {
                self.fail(&loc, format!("'{key}': {e}"));
                None
            }
        }
    }

    fn kind<K: std::str::FromStr<Err = String>>(&mut self, what: &str) -> Option<K> {
        let Some((text, loc)) = self.text("kind") else {
            let at = self.loc.clone();
            self.fail(&at, format!("{what} has no 'kind'"));
            return None;
        };
        match text.parse::<K>() {
            Ok(k) => Some(k),
            Err(e) => {
                self.fail(&loc, format!("'kind': {e}"));
                None
            }
        }
    }

    fn date(&mut self, key: &str) -> Option<PartialDate> {
        let (text, loc) = self.text(key)?;
        if text.trim().is_empty() {
            return None;
        }
        match text.trim().parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(&loc, format!("'{key}': {e}"));
                None
            }
        }
    }

    fn amount(&mut self, key: &str) -> Option<f64> {
        let e = self.take(key)?;
        let x = match &e.value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().is_empty() => return None,
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Null => return None,
            _ => None,
        };
        match x {
            Some(x) if x.is_finite() && (0.0..1e15).contains(&x) => Some(x),
            Some(x) if x < 0.0 => {
                self.fail(&e.loc, format!("'{key}' must not be negative (got {x})"));
                None
            }
            _ => {
                self.fail(
                    &e.loc,
                    format!(
                        "'{key}' is not a usable amount (a finite number of dollars below 10^15): {}",
                        e.value
                    ),
                );
                None
            }
        }
    }

    /// A list: a JSON array of strings, or text holding one (as GraphML and
    /// CSV cells do), or `;`-separated text.
    fn list(&mut self, key: &str) -> Vec<String> {
        let Some(e) = self.take(key) else {
            return Vec::new();
        };
        let value = match e.value {
            Value::String(s) if s.trim_start().starts_with('[') => {
                match serde_json::from_str::<Value>(&s) {
                    Ok(v) => v,
                    Err(err) => {
                        self.fail(
                            &e.loc,
                            format!("'{key}' looks like a JSON list but is not one: {err}"),
                        );
                        return Vec::new();
                    }
                }
            }
            Value::String(s) => {
                return s
                    .split(';')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect()
            }
            v => v,
        };
        match value {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s),
                        other => self.fail(
                            &e.loc,
                            format!("'{key}' items must be text, not {}", type_name(&other)),
                        ),
                    }
                }
                out
            }
            Value::Null => Vec::new(),
            other => {
                self.fail(
                    &e.loc,
                    format!("'{key}' must be a list of text, not {}", type_name(&other)),
                );
                Vec::new()
            }
        }
    }

    /// Citations: a JSON array of `{"source", "quote"}` objects or source
    /// ids, or text holding one, or a bare source id.
    fn cite(&mut self) -> (Vec<Citation>, Vec<Loc>) {
        let Some(e) = self.take("cite") else {
            return (Vec::new(), Vec::new());
        };
        let value = match e.value {
            Value::String(s) if s.trim_start().starts_with('[') => {
                match serde_json::from_str::<Value>(&s) {
                    Ok(v) => v,
                    Err(err) => {
                        self.fail(
                            &e.loc,
                            format!("'cite': not a JSON list of {{\"source\", \"quote\"}} objects: {err}"),
                        );
                        return (Vec::new(), Vec::new());
                    }
                }
            }
            Value::String(s) if s.trim().is_empty() => return (Vec::new(), Vec::new()),
            v @ Value::String(_) => Value::Array(vec![v]),
            v @ Value::Object(_) => Value::Array(vec![v]),
            v => v,
        };
        let items = match value {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            other => {
                self.fail(
                    &e.loc,
                    format!(
                        "'cite' must be a list of {{\"source\", \"quote\"}} objects, not {}",
                        type_name(&other)
                    ),
                );
                Vec::new()
            }
        };
        let mut cites = Vec::new();
        for item in items {
            let (source, quote) = match item {
                Value::String(s) => (s, None),
                Value::Object(mut m) => {
                    let source = match m.remove("source") {
                        Some(Value::String(s)) => s,
                        _ => {
                            self.fail(
                                &e.loc,
                                "each citation needs a 'source' (a source id)".into(),
                            );
                            continue;
                        }
                    };
                    let quote = match m.remove("quote") {
                        Some(Value::String(q)) => Some(q),
                        None | Some(Value::Null) => None,
                        Some(_) => {
                            self.fail(&e.loc, "a citation's 'quote' must be text".into());
                            None
                        }
                    };
                    if let Some(k) = m.keys().next() {
                        self.fail(
                            &e.loc,
                            format!("unknown citation field '{k}'; expected source, quote"),
                        );
                    }
                    (source, quote)
                }
                other => {
                    self.fail(
                        &e.loc,
                        format!(
                            "a citation must be an object or a source id, not {}",
                            type_name(&other)
                        ),
                    );
                    continue;
                }
            };
            match source.trim().parse::<Id>() {
                Ok(source) => cites.push(Citation { source, quote }),
                Err(err) => self.fail(&e.loc, format!("citation source: {err}")),
            }
        }
        let locs = vec![e.loc; cites.len()];
        (cites, locs)
    }

    /// Whatever was not read, as text attributes (null left out).
    fn attrs(&mut self) -> BTreeMap<String, String> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .filter_map(|e| match e.value {
                Value::Null => None,
                Value::String(s) => Some((e.key, s)),
                other => Some((e.key, other.to_string())),
            })
            .collect()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// What reading one record gave: the record when it is usable, and what is
/// wrong with it.
pub(crate) struct Read<T> {
    pub record: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A node from its entries (`id`, `kind`, `name` or `label`, …); unknown
/// entries become attributes. A node without a name is named by its id.
pub(crate) fn node(entries: Vec<Entry>, loc: Loc) -> Read<InputNode> {
    let mut f = Fields {
        entries,
        loc,
        diags: Vec::new(),
    };
    let id = f.id("id", "node");
    let kind = f.kind::<NodeKind>("node");
    let name = f.opt("name");
    let label = f.opt("label");
    let aliases = f.list("aliases");
    let country = f.opt_id("country");
    let region = f.opt("region");
    let note = f.opt("note");
    let (cite, cite_locs) = f.cite();
    let attrs = f.attrs();
    let record = match (id, kind) {
        (Some(id), Some(kind)) => {
            let name = name.or(label).unwrap_or_else(|| id.value.to_string());
            let mut node = Node::new(id.value, kind, name);
            node.aliases = aliases;
            node.country = country.as_ref().map(|c| c.value.clone());
            node.region = region;
            node.note = note;
            node.cite = cite;
            node.attrs = attrs;
            Some(InputNode {
                node,
                loc: id.loc,
                country_loc: country.map(|c| c.loc),
                cite_locs,
            })
        }
        _ => None,
    };
    Read {
        record,
        diagnostics: f.diags,
    }
}

/// An edge from its entries (`source`, `target`, `kind`, …); unknown
/// entries become attributes.
pub(crate) fn edge(entries: Vec<Entry>, loc: Loc) -> Read<InputEdge> {
    let mut f = Fields {
        entries,
        loc: loc.clone(),
        diags: Vec::new(),
    };
    let from = f.id("source", "edge");
    let to = f.id("target", "edge");
    let kind = f.kind::<EdgeKind>("edge");
    let mut edge = Edge::new(kind.unwrap_or(EdgeKind::Mou));
    if let Some((text, at)) = f.text("id") {
        if !text.trim().is_empty() {
            match text.trim().parse() {
                Ok(id) => edge.id = Some(id),
                Err(e) => f.fail(&at, format!("'id': {e}")),
            }
        }
    }
    if let Some((text, at)) = f.text("status") {
        if !text.trim().is_empty() {
            match text.parse() {
                Ok(s) => edge.status = s,
                Err(e) => f.fail(&at, format!("'status': {e}")),
            }
        }
    }
    edge.date = f.date("date");
    edge.end_date = f.date("end_date");
    edge.date_note = f.opt("date_note");
    edge.place = f.opt("place");
    edge.amount_usd = f.amount("amount_usd");
    edge.what = f.opt("what");
    edge.topics = f.list("topics");
    edge.role = f.opt("role");
    edge.region = f.opt("region");
    edge.derived = f.opt("derived");
    edge.note = f.opt("note");
    let (cite, cite_locs) = f.cite();
    edge.cite = cite;
    edge.attrs = f.attrs();
    let record = match (from, to, kind) {
        (Some(from), Some(to), Some(_)) => Some(InputEdge {
            from,
            to,
            edge,
            loc,
            cite_locs,
        }),
        _ => None,
    };
    Read {
        record,
        diagnostics: f.diags,
    }
}

/// A source from its entries (`id`, `title`, …); an unknown entry is an
/// error, since a source has no room for it.
pub(crate) fn source(entries: Vec<Entry>, loc: Loc) -> Read<InputSource> {
    let mut f = Fields {
        entries,
        loc,
        diags: Vec::new(),
    };
    let id = f.id("id", "source");
    let title = f.text("title");
    if title.is_none() {
        let at = f.loc.clone();
        f.fail(&at, "source has no 'title'".into());
    }
    let source = id
        .zip(title)
        .map(|(id, (title, _))| (id.loc, Source::new(id.value, title)));
    let publisher = f.opt("publisher");
    let author = f.opt("author");
    let date = f.date("date");
    let file = f.opt("file");
    let url = f.opt("url");
    let note = f.opt("note");
    let collection = f.opt("collection");
    for e in std::mem::take(&mut f.entries) {
        f.fail(
            &e.loc,
            format!(
                "unknown source field '{}'; known fields: id, {}",
                e.key,
                SOURCE_FIELDS.join(", ")
            ),
        );
    }
    let record = source.map(|(loc, mut s)| {
        s.publisher = publisher;
        s.author = author;
        s.date = date;
        s.file = file;
        s.url = url;
        s.note = note;
        s.collection = collection;
        InputSource { source: s, loc }
    });
    Read {
        record,
        diagnostics: f.diags,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn entries(pairs: &[(&str, Value)]) -> Vec<Entry> {
        let file: Arc<str> = Arc::from("t");
        pairs
            .iter()
            .enumerate()
            .map(|(i, (k, v))| Entry {
                key: k.to_string(),
                value: v.clone(),
                loc: Loc::new(&file, i as u32 + 1, 1),
            })
            .collect()
    }

    fn at() -> Loc {
        Loc::new(&Arc::from("t"), 1, 1)
    }

    #[test]
    fn node_fields_read_back_as_the_same_node() {
        let mut n = Node::new(
            "kr".parse().unwrap_or_else(|e| panic!("{e}")),
            NodeKind::Country,
            "대한민국 \"Korea\"",
        );
        n.aliases = vec!["a;b".into(), "South Korea".into()];
        n.region = Some("Eastern Asia".into());
        n.cite = vec![Citation {
            source: "s1".parse().unwrap_or_else(|e| panic!("{e}")),
            quote: Some("said, \"yes\"".into()),
        }];
        n.attrs.insert("population".into(), "51".into());
        let mut pairs = vec![("id".to_string(), json!("kr"))];
        pairs.extend(node_fields(&n).into_iter().map(|(k, v)| (k, v.to_json())));
        let pairs: Vec<(&str, Value)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let read = node(entries(&pairs), at());
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(read.record.map(|r| r.node), Some(n));
    }

    #[test]
    fn lists_and_citations_may_be_text() {
        let read = edge(
            entries(&[
                ("source", json!("kr")),
                ("target", json!("kz")),
                ("kind", json!("export")),
                ("amount_usd", json!("8710000")),
                ("topics", json!("[\"a;b\",\"c\"]")),
                ("cite", json!("src-1")),
                ("weight", json!(2.5)),
            ]),
            at(),
        );
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let e = read
            .record
            .map(|r| r.edge)
            .unwrap_or_else(|| Edge::new(EdgeKind::Mou));
        assert_eq!(e.amount_usd, Some(8_710_000.0));
        assert_eq!(e.topics, ["a;b", "c"]);
        assert_eq!(e.cite[0].source.as_str(), "src-1");
        assert_eq!(e.attrs.get("weight").map(String::as_str), Some("2.5"));
    }

    #[test]
    fn bad_values_are_reported_at_their_place() {
        let read = edge(
            entries(&[
                ("source", json!("kr")),
                ("target", json!("K Z")),
                ("kind", json!("treaty")),
                ("date", json!("2017-13-01")),
                ("amount_usd", json!(-3)),
            ]),
            at(),
        );
        let m: Vec<String> = read.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(read.record.is_none());
        assert!(
            m.iter().any(|s| s.starts_with("t:2:1: 'target': id 'K Z'")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s.starts_with("t:3:1: 'kind': unknown edge kind 'treaty'")),
            "{m:?}"
        );
        assert!(m.iter().any(|s| s.starts_with("t:4:1: 'date':")), "{m:?}");
        assert!(
            m.iter()
                .any(|s| s.starts_with("t:5:1: 'amount_usd' must not be negative")),
            "{m:?}"
        );
    }

    #[test]
    fn sources_refuse_unknown_fields() {
        let read = source(
            entries(&[
                ("id", json!("s1")),
                ("title", json!("T")),
                ("colour", json!("red")),
            ]),
            at(),
        );
        assert!(read.record.is_some());
        assert!(read.diagnostics[0]
            .to_string()
            .contains("unknown source field 'colour'"));
    }
}
