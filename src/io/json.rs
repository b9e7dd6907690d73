//! NetworkX node-link JSON: written by [`write_json`], read by
//! [`read_json`].
//!
//! ```text
//! {"directed": true, "multigraph": true,
//!  "graph": {"name": "egov-graph", "sources": [{"id", "title", …}]},
//!  "nodes": [{"id": "kr", "kind": "country", "name": …, "cite": [{"source", "quote"}]}],
//!  "edges": [{"source": "kr", "target": "kz", "key": 0, "kind": "mou", …}]}
//! ```
//!
//! This is what `networkx.node_link_data` writes and
//! `networkx.node_link_graph` reads (NetworkX ≥ 3.4 names the edge list
//! `edges`; older files name it `links`, which the reader also accepts).
//! Lists and citations are JSON arrays; extra attributes are plain members.
//! The reader reports problems as `file:line:col` of the member at fault.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use super::fields::{self, Entry};
use super::LineIndex;
use crate::model::{Diagnostic, Graph, Input, Loc};

/// Writes `g` as pretty-printed node-link JSON.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// let v: serde_json::Value = serde_json::from_str(&egov_graph::io::write_json(&g)).unwrap();
/// assert_eq!(v["nodes"].as_array().unwrap().len(), g.node_count());
/// ```
pub fn write_json(g: &Graph) -> String {
    let sources: Vec<Ordered> = g
        .sources()
        .iter()
        .map(|s| {
            Ordered(
                fields::source_fields(s)
                    .into_iter()
                    .map(|(k, f)| (k, f.to_json()))
                    .collect(),
            )
        })
        .collect();
    let nodes: Vec<Ordered> = g
        .nodes()
        .map(|(_, n)| {
            let mut m = vec![("id".to_string(), json!(n.id.as_str()))];
            m.extend(
                fields::node_fields(n)
                    .into_iter()
                    .filter(|(k, _)| k != "id")
                    .map(|(k, f)| (k, f.to_json())),
            );
            Ordered(m)
        })
        .collect();
    // A key numbers the edges between the same ordered pair, as NetworkX does.
    let mut keys: HashMap<(usize, usize), u32> = HashMap::new();
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let edges: Vec<Ordered> = g
        .edges()
        .map(|e| {
            let key = keys.entry((e.from.index(), e.to.index())).or_insert(0);
            let mut m = vec![
                ("source".to_string(), json!(id_of(e.from))),
                ("target".to_string(), json!(id_of(e.to))),
                ("key".to_string(), json!(*key)),
            ];
            *key += 1;
            // An attribute may not take the place of the edge's own members.
            m.extend(
                fields::edge_fields(e.edge)
                    .into_iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "source" | "target" | "key"))
                    .map(|(k, f)| (k, f.to_json())),
            );
            Ordered(m)
        })
        .collect();
    let doc = DocOut {
        directed: true,
        multigraph: true,
        graph: GraphOut {
            name: "egov-graph",
            sources,
        },
        nodes,
        edges,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(serde::Serialize)]
struct DocOut {
    directed: bool,
    multigraph: bool,
    graph: GraphOut,
    nodes: Vec<Ordered>,
    edges: Vec<Ordered>,
}

#[derive(serde::Serialize)]
struct GraphOut {
    name: &'static str,
    sources: Vec<Ordered>,
}

/// A JSON object whose members keep the order they were given in
/// (`serde_json::Map` sorts them), so that `id` comes first.
struct Ordered(Vec<(String, Value)>);

impl serde::Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow, default)]
    graph: Option<&'a RawValue>,
    #[serde(borrow, default)]
    nodes: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    edges: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    links: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct GraphAttrs<'a> {
    #[serde(borrow, default)]
    sources: Option<Vec<&'a RawValue>>,
}

struct Reader<'t> {
    text: &'t str,
    file: Arc<str>,
    lines: LineIndex,
    input: Input,
}

impl<'t> Reader<'t> {
    fn offset(&self, raw: &str) -> usize {
        (raw.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    fn loc(&self, offset: usize) -> Loc {
        self.lines.loc(&self.file, offset)
    }

    fn error(&mut self, offset: usize, message: String) {
        let loc = self.loc(offset);
        self.input
            .diagnostics
            .push(Diagnostic::error(Some(loc), message));
    }

    /// The members of a JSON object, each with the place of its name.
    fn entries(&mut self, raw: &RawValue, what: &str) -> Option<Vec<Entry>> {
        let start = self.offset(raw.get());
        let map: Map<String, Value> = match serde_json::from_str(raw.get()) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                self.error(start, format!("each {what} must be a JSON object"));
                return None;
            }
            Err(e) => {
                self.error(start, format!("{what}: {e}"));
                return None;
            }
        };
        let places = member_offsets(raw.get());
        Some(
            map.into_iter()
                .map(|(key, value)| {
                    let at = places.get(&key).copied().unwrap_or(0);
                    Entry {
                        loc: self.loc(start + at),
                        key,
                        value,
                    }
                })
                .collect(),
        )
    }
}

/// Where each member name of a JSON object starts, relative to the object.
fn member_offsets(obj: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let bytes = obj.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut expect_key = false;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && bytes[i] == b'{';
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect_key = true,
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expect_key && depth == 1 {
                    if let Some(Ok(key)) = obj
                        .get(start..=i.min(bytes.len() - 1))
                        .map(serde_json::from_str::<String>)
                    {
                        out.entry(key).or_insert(start);
                    }
                    expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Reads node-link JSON. `file` names it in diagnostics. Sources come from
/// `graph.sources`; nodes need `id` and `kind`, edges `source`, `target`
/// and `kind`; any other member becomes a text attribute.
pub fn read_json(file: &str, text: &str) -> Input {
    let mut r = Reader {
        text,
        file: Arc::from(file),
        lines: LineIndex::new(text),
        input: Input::default(),
    };
    let doc: Doc<'_> = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let loc = Loc::new(&r.file, e.line() as u32, e.column() as u32);
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            r.input.diagnostics.push(Diagnostic::error(
                Some(loc),
                format!("not node-link JSON: {message}"),
            ));
            return r.input;
        }
    };
    if let Some(g) = doc.graph {
        match serde_json::from_str::<GraphAttrs<'_>>(g.get()) {
            Ok(attrs) => {
                for raw in attrs.sources.unwrap_or_default() {
                    let at = r.loc(r.offset(raw.get()));
                    if let Some(entries) = r.entries(raw, "source") {
                        let read = fields::source(entries, at);
                        r.input.diagnostics.extend(read.diagnostics);
                        r.input.sources.extend(read.record);
                    }
                }
            }
            Err(e) => {
                let at = r.offset(g.get());
                r.error(
                    at,
                    format!("'graph' must be an object whose 'sources' is a list: {e}"),
                );
            }
        }
    }
    let Some(nodes) = doc.nodes else {
        r.input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&r.file, 0, 0)),
            "not node-link JSON: no 'nodes' list",
        ));
        return r.input;
    };
    for raw in nodes {
        let at = r.loc(r.offset(raw.get()));
        if let Some(entries) = r.entries(raw, "node") {
            let read = fields::node(entries, at);
            r.input.diagnostics.extend(read.diagnostics);
            r.input.nodes.extend(read.record);
        }
    }
    for raw in doc.edges.or(doc.links).unwrap_or_default() {
        let at = r.loc(r.offset(raw.get()));
        if let Some(mut entries) = r.entries(raw, "edge") {
            // NetworkX's multigraph key numbers parallel edges; we have no use for it.
            entries.retain(|e| e.key != "key");
            let read = fields::edge(entries, at);
            r.input.diagnostics.extend(read.diagnostics);
            r.input.edges.extend(read.record);
        }
    }
    r.input
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_member_names_at_the_top_level_only() {
        let obj = r#"{"id": "a", "cite": [{"id": 1}], "k\"ey": {"x": 1}, "n": 2}"#;
        let m = member_offsets(obj);
        assert_eq!(m.get("id"), Some(&1));
        assert_eq!(m.get("k\"ey").map(|&i| &obj[i..i + 3]), Some("\"k\\"));
        assert_eq!(m.get("n").map(|&i| &obj[i..i + 3]), Some("\"n\""));
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn reports_members_by_line_and_column() {
        let text = "{\"nodes\": [\n  {\"id\": \"kr\", \"kind\": \"country\", \"name\": \"Korea\", \"region\": \"Eastern Asia\"},\n  {\"id\": \"kz\",\n   \"kind\": \"nation\"}\n],\n\"links\": [{\"source\": \"kr\", \"target\": \"kz\", \"kind\": \"mou\", \"key\": 0}]}";
        let input = read_json("g.json", text);
        let m: Vec<String> = input.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(input.nodes.len(), 1);
        assert_eq!(input.edges.len(), 1, "'links' is read as the edge list");
        assert!(
            m.iter()
                .any(|s| s.starts_with("g.json:4:4: 'kind': unknown node kind 'nation'")),
            "{m:?}"
        );
        assert!(
            input.edges[0].edge.attrs.is_empty(),
            "'key' is not an attribute"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let input = read_json("g.json", "{\"nodes\": [\n  {\"id\": \"kr\",}\n]}");
        let m = input.diagnostics[0].to_string();
        assert!(m.starts_with("g.json:2:"), "{m}");
        assert!(m.contains("not node-link JSON"), "{m}");
    }
}
