//! GraphML: written by [`write_graphml`] for NetworkX (`read_graphml`),
//! yEd and Gephi, read back by [`read_graphml`].
//!
//! Every field has a typed `<key>` (`attr.type` `string`, or `double` for
//! `amount_usd`); lists and citations are JSON text; the sources travel as
//! one graph-level `sources` value (a JSON list). Nodes also carry a
//! `label` (their name), which Gephi and yEd show. Edges are directed, as
//! NetworkX requires of one graph: the kind says whether it is symmetric.
//!
//! The reader takes GraphML from other tools too: undeclared types are
//! text, `<default>` values apply, yEd's graphics keys are skipped, and
//! unknown keys become text attributes. Nested graphs and hyperedges are
//! refused. Problems are reported as `file:line:col` of the element.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use quick_xml::events::{BytesEnd, Event};
use quick_xml::Reader;
use serde_json::Value;

use super::fields::{self, Entry, EDGE_FIELDS, NODE_FIELDS};
use super::xml;
use super::LineIndex;
use crate::error::{Error, Result};
use crate::model::{Diagnostic, Graph, Input, Loc};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

struct KeyDecl {
    id: String,
    domain: &'static str,
    name: String,
    ty: &'static str,
}

fn declare(domain: &'static str, prefix: &str, known: &[&str], attrs: Vec<String>) -> Vec<KeyDecl> {
    let mut out: Vec<KeyDecl> = known
        .iter()
        .map(|name| KeyDecl {
            id: format!("{prefix}_{name}"),
            domain,
            name: name.to_string(),
            ty: if *name == "amount_usd" {
                "double"
            } else {
                "string"
            },
        })
        .collect();
    for (i, name) in attrs.into_iter().enumerate() {
        out.push(KeyDecl {
            id: format!("{prefix}_attr{i}"),
            domain,
            name,
            ty: "string",
        });
    }
    out
}

/// Writes `g` as GraphML.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// let text = egov_graph::io::write_graphml(&g).unwrap();
/// assert!(text.contains(r#"attr.name="amount_usd" attr.type="double""#));
/// ```
pub fn write_graphml(g: &Graph) -> Result<String> {
    write(g).map_err(|e| Error::Invalid(format!("cannot write GraphML: {e}")))
}

fn write(g: &Graph) -> std::io::Result<String> {
    let mut node_known = vec!["label"];
    node_known.extend(NODE_FIELDS);
    let node_keys = declare(
        "node",
        "n",
        &node_known,
        fields::attr_names(g.nodes().map(|(_, n)| &n.attrs)),
    );
    // An edge's id is the <edge> element's own `id`.
    let edge_known: Vec<&str> = EDGE_FIELDS.iter().copied().filter(|f| *f != "id").collect();
    let edge_keys = declare(
        "edge",
        "e",
        &edge_known,
        fields::attr_names(g.edges().map(|e| &e.edge.attrs)),
    );
    let key_id = |keys: &[KeyDecl], name: &str| {
        keys.iter()
            .find(|k| k.name == name)
            .map(|k| k.id.clone())
            .unwrap_or_default()
    };

    let mut w = xml::writer()?;
    let root = xml::start(
        "graphml",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    w.write_event(Event::Start(root))?;
    let sources_key = KeyDecl {
        id: "g_sources".into(),
        domain: "graph",
        name: "sources".into(),
        ty: "string",
    };
    for k in std::iter::once(&sources_key)
        .chain(&node_keys)
        .chain(&edge_keys)
    {
        w.write_event(Event::Empty(xml::start(
            "key",
            &[
                ("id", &k.id),
                ("for", k.domain),
                ("attr.name", &k.name),
                ("attr.type", k.ty),
            ],
        )))?;
    }
    w.write_event(Event::Start(xml::start(
        "graph",
        &[("id", "egov"), ("edgedefault", "directed")],
    )))?;
    let sources: Vec<Value> = g
        .sources()
        .iter()
        .map(|s| {
            Value::Object(
                fields::source_fields(s)
                    .into_iter()
                    .map(|(k, f)| (k, f.to_json()))
                    .collect(),
            )
        })
        .collect();
    xml::text_element(
        &mut w,
        "data",
        &[("key", "g_sources")],
        &Value::Array(sources).to_string(),
    )?;
    for (_, n) in g.nodes() {
        w.write_event(Event::Start(xml::start("node", &[("id", n.id.as_str())])))?;
        xml::text_element(&mut w, "data", &[("key", "n_label")], &n.name)?;
        for (name, f) in fields::node_fields(n) {
            xml::text_element(
                &mut w,
                "data",
                &[("key", &key_id(&node_keys, &name))],
                &f.to_text(),
            )?;
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    for (i, e) in g.edges().enumerate() {
        let id = e
            .edge
            .id
            .as_ref()
            .map_or_else(|| format!("e{i}"), |x| x.to_string());
        let (from, to) = (id_of(e.from), id_of(e.to));
        w.write_event(Event::Start(xml::start(
            "edge",
            &[("id", &id), ("source", &from), ("target", &to)],
        )))?;
        for (name, f) in fields::edge_fields(e.edge)
            .into_iter()
            .filter(|(k, _)| k != "id")
        {
            xml::text_element(
                &mut w,
                "data",
                &[("key", &key_id(&edge_keys, &name))],
                &f.to_text(),
            )?;
        }
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    Ok(xml::finish(w))
}

/// A `<key>` as read.
struct Key {
    name: String,
    ty: String,
    domain: String,
    default: Option<String>,
    /// yEd's graphics and other `yfiles.type` keys: not data.
    skip: bool,
}

/// The node or edge being read.
struct Record {
    edge: bool,
    loc: Loc,
    entries: Vec<Entry>,
    given: HashSet<String>,
}

/// The `<data>` (or `<default>`) being read.
struct Data {
    key: String,
    loc: Loc,
    text: String,
    /// Depth of elements nested inside it (yEd's graphics), skipped.
    depth: u32,
    default: bool,
}

struct State {
    file: Arc<str>,
    lines: LineIndex,
    input: Input,
    keys: HashMap<String, Key>,
    key: Option<String>,
    record: Option<Record>,
    data: Option<Data>,
    graphs: u32,
}

impl State {
    fn loc(&self, offset: usize) -> Loc {
        self.lines.loc(&self.file, offset)
    }

    fn error(&mut self, loc: Loc, message: impl Into<String>) {
        self.input
            .diagnostics
            .push(Diagnostic::error(Some(loc), message));
    }

    fn value(key: &Key, text: String) -> Value {
        match key.ty.as_str() {
            "double" | "float" | "int" | "long" => match text.trim().parse::<f64>() {
                Ok(x) => serde_json::Number::from_f64(x).map_or(Value::String(text), Value::Number),
                Err(_) => Value::String(text),
            },
            "boolean" => match text.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text),
            },
            _ => Value::String(text),
        }
    }

    fn end_data(&mut self, d: Data) {
        if d.default {
            if let Some(k) = self.key.as_ref().and_then(|id| self.keys.get_mut(id)) {
                k.default = Some(d.text);
            }
            return;
        }
        let Some(key) = self.keys.get(&d.key) else {
            self.error(
                d.loc,
                format!("<data> names key '{}', which no <key> declares", d.key),
            );
            return;
        };
        if key.skip {
            return;
        }
        let name = key.name.clone();
        let value = Self::value(key, d.text);
        match self.record.as_mut() {
            Some(r) => {
                r.given.insert(d.key);
                r.entries.push(Entry {
                    key: name,
                    value,
                    loc: d.loc,
                });
            }
            None if name == "sources" => self.sources(value, d.loc),
            // Other graph-level data (a name, a description) has no place in
            // the model.
            None => {}
        }
    }

    fn sources(&mut self, value: Value, loc: Loc) {
        let parsed = match value {
            Value::String(s) => serde_json::from_str::<Value>(&s),
            v => Ok(v),
        };
        let Ok(Value::Array(items)) = parsed else {
            self.error(
                loc,
                "graph 'sources' must be a JSON list of {\"id\", \"title\", …} objects",
            );
            return;
        };
        for item in items {
            let Value::Object(m) = item else {
                self.error(loc.clone(), "each source must be a JSON object");
                continue;
            };
            let entries = m
                .into_iter()
                .map(|(key, value)| Entry {
                    key,
                    value,
                    loc: loc.clone(),
                })
                .collect();
            let read = fields::source(entries, loc.clone());
            self.input.diagnostics.extend(read.diagnostics);
            self.input.sources.extend(read.record);
        }
    }

    fn end_record(&mut self) {
        let Some(mut r) = self.record.take() else {
            return;
        };
        let domain = if r.edge { "edge" } else { "node" };
        for (id, k) in &self.keys {
            if let Some(d) = &k.default {
                if !k.skip && !r.given.contains(id) && (k.domain == domain || k.domain == "all") {
                    r.entries.push(Entry {
                        key: k.name.clone(),
                        value: Self::value(k, d.clone()),
                        loc: r.loc.clone(),
                    });
                }
            }
        }
        if r.edge {
            let read = fields::edge(r.entries, r.loc);
            self.input.diagnostics.extend(read.diagnostics);
            self.input.edges.extend(read.record);
        } else {
            let read = fields::node(r.entries, r.loc);
            self.input.diagnostics.extend(read.diagnostics);
            self.input.nodes.extend(read.record);
        }
    }
}

/// Reads GraphML. `file` names it in diagnostics. Nodes need an `id` and a
/// `kind` value, edges `source`, `target` and a `kind` value.
pub fn read_graphml(file: &str, text: &str) -> Input {
    let mut s = State {
        file: Arc::from(file),
        lines: LineIndex::new(text),
        input: Input::default(),
        keys: HashMap::new(),
        key: None,
        record: None,
        data: None,
        graphs: 0,
    };
    let mut reader = Reader::from_str(text);
    let mut seen_root = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let loc = s.loc(reader.error_position() as usize);
                s.error(loc, format!("XML: {e}"));
                return s.input;
            }
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(_) | Event::Empty(_) if s.data.is_some() => {
                // Markup inside <data> (yEd's graphics): skipped.
                if let Some(d) = s.data.as_mut().filter(|_| !empty) {
                    d.depth += 1;
                }
            }
            Event::Start(e) | Event::Empty(e) => {
                let loc = s.loc(at);
                let local = e.local_name();
                let name: &str = local.as_ref();
                let mut attrs: HashMap<String, String> = HashMap::new();
                for a in e.attributes() {
                    match a {
                        Ok(a) => {
                            let k = a.key.local_name().as_ref().to_string();
                            match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                                Ok(v) => {
                                    attrs.insert(k, v.into_owned());
                                }
                                Err(err) => s.error(loc.clone(), format!("XML: {err}")),
                            }
                        }
                        Err(err) => s.error(loc.clone(), format!("XML: {err}")),
                    }
                }
                // `yfiles.type` has a dot, so local_name keeps it whole.
                let get = |k: &str| attrs.get(k).cloned();
                match name {
                    "graphml" => seen_root = true,
                    _ if !seen_root => {
                        s.error(
                            loc,
                            format!(
                                "not GraphML: the document starts with <{name}>, not <graphml>"
                            ),
                        );
                        return s.input;
                    }
                    "key" => {
                        let Some(id) = get("id") else {
                            s.error(loc, "<key> has no 'id'");
                            continue;
                        };
                        let key = Key {
                            name: get("attr.name").unwrap_or_else(|| id.clone()),
                            ty: get("attr.type").unwrap_or_else(|| "string".into()),
                            domain: get("for").unwrap_or_else(|| "all".into()),
                            default: None,
                            skip: attrs.contains_key("yfiles.type"),
                        };
                        s.keys.insert(id.clone(), key);
                        s.key = (!empty).then_some(id);
                    }
                    "default" if s.key.is_some() && !empty => {
                        s.data = Some(Data {
                            key: String::new(),
                            loc,
                            text: String::new(),
                            depth: 0,
                            default: true,
                        });
                    }
                    "graph" => {
                        s.graphs += 1;
                        if s.graphs > 1 || s.record.is_some() {
                            s.error(
                                loc,
                                "nested graphs are not supported; flatten the graph first",
                            );
                            return s.input;
                        }
                    }
                    "node" | "edge" => {
                        if s.graphs == 0 {
                            s.error(loc.clone(), format!("<{name}> outside a <graph>"));
                        }
                        let mut entries = Vec::new();
                        let ends: &[&str] = if name == "node" {
                            &["id"]
                        } else {
                            &["id", "source", "target"]
                        };
                        for k in ends {
                            if let Some(v) = get(k) {
                                entries.push(Entry {
                                    key: k.to_string(),
                                    value: Value::String(v),
                                    loc: loc.clone(),
                                });
                            }
                        }
                        s.record = Some(Record {
                            edge: name == "edge",
                            loc,
                            entries,
                            given: HashSet::new(),
                        });
                        if empty {
                            s.end_record();
                        }
                    }
                    "hyperedge" => {
                        s.error(loc, "hyperedges are not supported");
                    }
                    "data" => {
                        let Some(key) = get("key") else {
                            s.error(loc, "<data> has no 'key'");
                            continue;
                        };
                        let d = Data {
                            key,
                            loc,
                            text: String::new(),
                            depth: 0,
                            default: false,
                        };
                        if empty {
                            s.end_data(d);
                        } else {
                            s.data = Some(d);
                        }
                    }
                    // <desc>, <port>, <locator> and the like carry no data.
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(d) = s.data.as_mut().filter(|d| d.depth == 0) {
                    d.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(d) = s.data.as_mut().filter(|d| d.depth == 0) {
                    d.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name: &str = &r.xml10_content();
                match xml::resolve_ref(name) {
                    Some(c) => {
                        if let Some(d) = s.data.as_mut().filter(|d| d.depth == 0) {
                            d.text.push_str(&c);
                        }
                    }
                    None => {
                        let loc = s.loc(at);
                        s.error(loc, format!("unknown entity '&{name};'"));
                    }
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if let Some(d) = s.data.as_mut() {
                    if d.depth > 0 {
                        d.depth -= 1;
                        continue;
                    }
                }
                match name {
                    "data" | "default" => {
                        if let Some(d) = s.data.take() {
                            s.end_data(d);
                        }
                    }
                    "key" => s.key = None,
                    "node" | "edge" => s.end_record(),
                    "graph" => s.graphs = s.graphs.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        s.error(Loc::new(&s.file, 0, 0), "not GraphML: no <graphml> element");
    }
    s.input
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_defaults_and_skips_yed_graphics() {
        let text = r#"<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="k" for="node" attr.name="kind" attr.type="string"><default>country</default></key>
  <key id="r" for="node" attr.name="region" attr.type="string"/>
  <key id="g" for="node" yfiles.type="nodegraphics"/>
  <key id="a" for="edge" attr.name="amount_usd" attr.type="double"/>
  <key id="ek" for="edge" attr.name="kind"/>
  <graph edgedefault="directed">
    <node id="kr"><data key="r">Eastern &amp; Asia</data>
      <data key="g"><y:ShapeNode><y:NodeLabel>Korea</y:NodeLabel></y:ShapeNode></data></node>
    <node id="kz"><data key="r">Central Asia</data></node>
    <edge source="kr" target="kz"><data key="ek">export</data><data key="a">8710000</data></edge>
  </graph>
</graphml>"#;
        let input = read_graphml("y.graphml", text);
        assert!(input.diagnostics.is_empty(), "{:?}", input.diagnostics);
        assert_eq!(input.nodes.len(), 2);
        let kr = &input.nodes[0].node;
        assert_eq!(kr.name, "kr", "no name or label: named by its id");
        assert_eq!(kr.region.as_deref(), Some("Eastern & Asia"));
        assert!(kr.attrs.is_empty(), "{:?}", kr.attrs);
        assert_eq!(input.edges[0].edge.amount_usd, Some(8_710_000.0));
    }

    #[test]
    fn reports_elements_by_line() {
        let text = "<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"kind\"/>\n<graph>\n<node id=\"kr\"><data key=\"k\">nation</data></node>\n<node id=\"x\"><data key=\"zz\">1</data></node>\n<edge source=\"kr\"/>\n</graph>\n</graphml>\n";
        let input = read_graphml("b.graphml", text);
        let m: Vec<String> = input.diagnostics.iter().map(|d| d.to_string()).collect();
        let has = |p: &str| m.iter().any(|s| s.starts_with(p));
        assert!(
            has("b.graphml:4:15: 'kind': unknown node kind 'nation'"),
            "{m:#?}"
        );
        assert!(has("b.graphml:5:14: <data> names key 'zz'"), "{m:#?}");
        assert!(has("b.graphml:6:1: edge has no 'target'"), "{m:#?}");
    }

    #[test]
    fn malformed_xml_is_reported_with_its_line() {
        let input = read_graphml(
            "m.graphml",
            "<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n",
        );
        let m = input.diagnostics[0].to_string();
        assert!(m.starts_with("m.graphml:4:"), "{m}");
        assert!(m.contains("XML"), "{m}");
    }
}
