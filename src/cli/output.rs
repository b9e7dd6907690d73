//! Printing results: Markdown-style tables for people, JSON for scripts,
//! CSV for spreadsheets, and the JSON shapes of nodes, edges and citations
//! that every command shares.

use std::io::Write;

use comfy_table::{presets, Table};
use egov_graph::model::{Citation, EdgeView, Graph, Node};
use serde_json::{json, Map, Value};

use super::args::Format;

/// Text to print, built in memory first so that a closed pipe is handled in
/// one place.
#[derive(Debug, Default)]
pub struct Out {
    text: String,
}

impl Out {
    /// A line of text.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }

    /// Pretty JSON.
    pub fn json(&mut self, v: &Value) {
        let s =
            serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        self.line(s);
    }

    /// A table, in the chosen format (JSON is handled by the caller).
    pub fn table(&mut self, format: Format, header: &[&str], rows: Vec<Vec<String>>) {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let _ = w.write_record(header);
                for r in &rows {
                    let _ = w.write_record(r);
                }
                let bytes = w.into_inner().unwrap_or_default();
                self.text.push_str(&String::from_utf8_lossy(&bytes));
            }
            _ => {
                let mut t = Table::new();
                t.load_style(presets::ASCII_MARKDOWN);
                t.set_header(header.to_vec());
                for r in rows {
                    t.add_row(r);
                }
                self.line(t.to_string());
            }
        }
    }

    /// Writes everything to stdout. A closed pipe (`egov … | head`) is not
    /// an error.
    pub fn flush(self) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(self.text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v.into());
    }
}

/// A citation as JSON: `{"source", "quote", "title", "file"}`.
pub fn citation_json(g: &Graph, c: &Citation) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), json!(c.source.as_str()));
    put(&mut m, "quote", c.quote.clone());
    if let Some(s) = g.source(c.source.as_str()) {
        m.insert("title".into(), json!(s.title));
        put(&mut m, "file", s.file.clone());
        put(&mut m, "url", s.url.clone());
    }
    Value::Object(m)
}

/// A node as JSON; empty fields are left out.
pub fn node_json(g: &Graph, n: &Node) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(n.id.as_str()));
    m.insert("name".into(), json!(n.name));
    m.insert("kind".into(), json!(n.kind.as_str()));
    if !n.aliases.is_empty() {
        m.insert("aliases".into(), json!(n.aliases));
    }
    put(&mut m, "country", n.country.as_ref().map(|c| c.to_string()));
    put(&mut m, "region", n.region.clone());
    put(&mut m, "note", n.note.clone());
    if !n.attrs.is_empty() {
        m.insert("attrs".into(), json!(n.attrs));
    }
    if !n.cite.is_empty() {
        m.insert(
            "citations".into(),
            n.cite.iter().map(|c| citation_json(g, c)).collect(),
        );
    }
    Value::Object(m)
}

/// An edge as JSON, its ends as ids; empty fields are left out.
pub fn edge_json(g: &Graph, e: &EdgeView<'_>) -> Value {
    let id = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let x = e.edge;
    let mut m = Map::new();
    put(&mut m, "id", x.id.as_ref().map(|i| i.to_string()));
    m.insert("source".into(), json!(id(e.from)));
    m.insert("target".into(), json!(id(e.to)));
    m.insert("kind".into(), json!(x.kind.as_str()));
    if x.is_planned() {
        m.insert("status".into(), json!(x.status.as_str()));
    }
    put(&mut m, "date", x.date.map(|d| d.to_string()));
    put(&mut m, "end_date", x.end_date.map(|d| d.to_string()));
    put(&mut m, "date_note", x.date_note.clone());
    put(&mut m, "place", x.place.clone());
    put(&mut m, "amount_usd", x.amount_usd);
    put(&mut m, "what", x.what.clone());
    if !x.topics.is_empty() {
        m.insert("topics".into(), json!(x.topics));
    }
    put(&mut m, "role", x.role.clone());
    put(&mut m, "region", x.region.clone());
    put(&mut m, "derived", x.derived.clone());
    put(&mut m, "note", x.note.clone());
    if !x.attrs.is_empty() {
        m.insert("attrs".into(), json!(x.attrs));
    }
    m.insert(
        "citations".into(),
        x.cite.iter().map(|c| citation_json(g, c)).collect(),
    );
    Value::Object(m)
}

/// A citation in one line: `"quote" (file or source id)`.
pub fn citation_line(g: &Graph, c: &Citation) -> String {
    let whence = g
        .source(c.source.as_str())
        .and_then(|s| s.file.clone())
        .unwrap_or_else(|| c.source.to_string());
    match &c.quote {
        Some(q) => format!("\"{q}\" ({whence})"),
        None => format!("({whence})"),
    }
}

/// An amount of dollars, short: `$133.54M` (the diagrams' format).
pub use egov_graph::io::dot::style::money;
