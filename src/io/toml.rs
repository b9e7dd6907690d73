//! Reads the curated TOML files (`[[source]]`, `[[node]]`, `[[edge]]`)
//! into an [`Input`], with a `file:line:col` place for every value.
//!
//! Parsing keeps going after a bad value so that one run reports every
//! problem in a file; checks between records are `model::validate`'s.

use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::LineIndex;
use crate::model::{
    Citation, Diagnostic, Edge, EdgeKind, Id, Input, InputEdge, InputNode, InputSource, Loc,
    Located, Node, NodeKind, PartialDate, Source,
};

/// A table's known fields for an "unknown field" message: its id fields,
/// then the fields every format shares (`io::fields`).
fn known(ids: &[&'static str], fields: &[&'static str]) -> Vec<&'static str> {
    ids.iter().chain(fields).copied().collect()
}

/// The node fields a TOML table may hold: the shared ones and `attrs`.
static TOML_NODE_FIELDS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| [super::fields::NODE_FIELDS, &["attrs"]].concat());

/// The edge fields a TOML table may hold: the shared ones and `attrs`.
static TOML_EDGE_FIELDS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| [super::fields::EDGE_FIELDS, &["attrs"]].concat());

/// Reads one TOML file's text. `file` names it in diagnostics.
pub fn read_toml(file: &str, text: &str) -> Input {
    let file: Arc<str> = Arc::from(file);
    let lines = LineIndex::new(text);
    let mut input = Input::default();
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let loc = e.span().map(|s| lines.loc(&file, s.start));
            let message = e.message().trim().trim_end_matches('.').to_string();
            input
                .diagnostics
                .push(Diagnostic::error(loc, format!("TOML syntax: {message}")));
        }
        return input;
    }
    let mut r = Reader {
        file,
        lines,
        diags: Vec::new(),
    };
    for (key, value) in doc.get_ref() {
        let name: &str = key.get_ref();
        let tables = match (name, value.get_ref()) {
            ("source" | "node" | "edge", DeValue::Array(a)) => a,
            ("source" | "node" | "edge", _) => {
                r.error(
                    key.span().start,
                    format!("'{name}' must be written as [[{name}]] tables"),
                );
                continue;
            }
            _ => {
                r.error(key.span().start, format!("unknown table '{name}'; a data file holds [[source]], [[node]] and [[edge]] tables"));
                continue;
            }
        };
        for t in tables.iter() {
            let DeValue::Table(table) = t.get_ref() else {
                r.error(
                    t.span().start,
                    format!("each '{name}' entry must be a table"),
                );
                continue;
            };
            let f = Fields::new(&mut r, table, t.span().start);
            match name {
                "source" => {
                    if let Some(s) = f.source() {
                        input.sources.push(s);
                    }
                }
                "node" => {
                    if let Some(n) = f.node() {
                        input.nodes.push(n);
                    }
                }
                _ => {
                    if let Some(e) = f.edge() {
                        input.edges.push(e);
                    }
                }
            }
        }
    }
    input.diagnostics.extend(r.diags);
    input
}

struct Reader {
    file: Arc<str>,
    lines: LineIndex,
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn loc(&self, offset: usize) -> Loc {
        self.lines.loc(&self.file, offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let loc = self.loc(offset);
        self.diags.push(Diagnostic::error(Some(loc), message));
    }
}

/// The fields of one table, read one by one; whatever is left over at the
/// end is an unknown field.
struct Fields<'r, 'i> {
    r: &'r mut Reader,
    table: &'r DeTable<'i>,
    start: usize,
    used: Vec<&'static str>,
    failed: bool,
}

impl<'r, 'i> Fields<'r, 'i> {
    fn new(r: &'r mut Reader, table: &'r DeTable<'i>, start: usize) -> Self {
        Fields {
            r,
            table,
            start,
            used: Vec::new(),
            failed: false,
        }
    }

    fn fail(&mut self, offset: usize, message: impl Into<String>) {
        self.failed = true;
        self.r.error(offset, message);
    }

    fn get(&mut self, key: &'static str) -> Option<&'r Spanned<DeValue<'i>>> {
        self.used.push(key);
        self.table.get(key)
    }

    fn string(&mut self, key: &'static str) -> Option<(String, usize)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), v.span().start)),
            other => {
                self.fail(
                    v.span().start,
                    format!("'{key}' must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn opt(&mut self, key: &'static str) -> Option<String> {
        self.string(key).map(|(s, _)| s)
    }

    fn required(&mut self, key: &'static str, what: &str) -> Option<(String, usize)> {
        let got = self.string(key);
        if got.is_none() && self.table.get(key).is_none() {
            let at = self.start;
            self.fail(at, format!("{what} has no '{key}'"));
        }
        got
    }

    fn id(&mut self, key: &'static str, what: &str) -> Option<Located<Id>> {
        let (text, at) = self.required(key, what)?;
        match text.parse::<Id>() {
            Ok(id) => Some(Located {
                value: id,
                loc: self.r.loc(at),
            }),
            Err(e) => {
                self.fail(at, e.to_string());
                None
            }
        }
    }

    fn opt_id(&mut self, key: &'static str) -> Option<Located<Id>> {
        let (text, at) = self.string(key)?;
        match text.parse::<Id>() {
            Ok(id) => Some(Located {
                value: id,
                loc: self.r.loc(at),
            }),
            Err(e) => {
                self.fail(at, format!("'{key}': {e}"));
                None
            }
        }
    }

    fn date(&mut self, key: &'static str) -> Option<PartialDate> {
        let v = self.get(key)?;
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) => d.to_string(),
            DeValue::Integer(i) => i.as_str().to_string(),
            other => {
                self.fail(
                    v.span().start,
                    format!(
                        "'{key}' must be a date such as \"2016-11\", not {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        match text.parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(v.span().start, format!("'{key}': {e}"));
                None
            }
        }
    }

    fn amount(&mut self, key: &'static str) -> Option<f64> {
        let v = self.get(key)?;
        let at = v.span().start;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|x| x as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.fail(
                    at,
                    format!(
                        "'{key}' must be a number of US dollars, not {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        match parsed {
            Some(x) if x.is_finite() && (0.0..1e15).contains(&x) => Some(x),
            Some(x) if x < 0.0 => {
                self.fail(at, format!("'{key}' must not be negative (got {x})"));
                None
            }
            _ => {
                self.fail(
                    at,
                    format!(
                        "'{key}' is not a usable amount (a finite number of dollars below 10^15)"
                    ),
                );
                None
            }
        }
    }

    fn strings(&mut self, key: &'static str) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.fail(
                v.span().start,
                format!("'{key}' must be a list of strings, e.g. [\"a\", \"b\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(s.to_string()),
                other => self.fail(
                    item.span().start,
                    format!("'{key}' items must be strings, not {}", other.type_str()),
                ),
            }
        }
        out
    }

    /// `attrs = { key = "value", … }`: attributes of the data's own (a
    /// number or boolean is kept as its text).
    fn attrs(&mut self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let Some(v) = self.get("attrs") else {
            return out;
        };
        let DeValue::Table(t) = v.get_ref() else {
            self.fail(
                v.span().start,
                "'attrs' must be a table such as { delegates = \"10\" }",
            );
            return out;
        };
        for (k, x) in t.iter() {
            let text = match x.get_ref() {
                DeValue::String(s) => s.to_string(),
                DeValue::Integer(i) => i.as_str().to_string(),
                DeValue::Float(f) => f.as_str().to_string(),
                DeValue::Boolean(b) => b.to_string(),
                other => {
                    self.fail(
                        x.span().start,
                        format!(
                            "attribute '{}' must be text, a number or a boolean, not {}",
                            k.get_ref(),
                            other.type_str()
                        ),
                    );
                    continue;
                }
            };
            out.insert(k.get_ref().to_string(), text);
        }
        out
    }

    fn cite(&mut self) -> (Vec<Citation>, Vec<Loc>) {
        let mut cites = Vec::new();
        let mut locs = Vec::new();
        let Some(v) = self.get("cite") else {
            return (cites, locs);
        };
        let items: Vec<&Spanned<DeValue<'i>>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::Table(_) => vec![v],
            other => {
                self.fail(v.span().start, format!("'cite' must be a list of {{ source = \"…\", quote = \"…\" }} tables, not {}", other.type_str()));
                return (cites, locs);
            }
        };
        for item in items {
            let at = item.span().start;
            let DeValue::Table(t) = item.get_ref() else {
                self.fail(
                    at,
                    "each citation must be a table { source = \"…\", quote = \"…\" }",
                );
                continue;
            };
            for (k, _) in t.iter() {
                if !matches!(k.get_ref().as_ref(), "source" | "quote") {
                    self.fail(
                        k.span().start,
                        format!(
                            "unknown citation field '{}'; expected source, quote",
                            k.get_ref()
                        ),
                    );
                }
            }
            let source = match t.get("source").map(|s| (s.get_ref(), s.span().start)) {
                Some((DeValue::String(s), sat)) => match s.parse::<Id>() {
                    Ok(id) => Some((id, sat)),
                    Err(e) => {
                        self.fail(sat, format!("citation source: {e}"));
                        None
                    }
                },
                Some((_, sat)) => {
                    self.fail(sat, "citation 'source' must be a string (a source id)");
                    None
                }
                None => {
                    self.fail(at, "citation has no 'source'");
                    None
                }
            };
            let quote = match t.get("quote").map(|q| (q.get_ref(), q.span().start)) {
                Some((DeValue::String(q), _)) => Some(q.to_string()),
                Some((_, qat)) => {
                    self.fail(qat, "citation 'quote' must be a string");
                    None
                }
                None => None,
            };
            if let Some((source, sat)) = source {
                cites.push(Citation { source, quote });
                locs.push(self.r.loc(sat));
            }
        }
        (cites, locs)
    }

    /// Reports fields not read.
    fn finish(self, what: &str, known: &[&str]) {
        for (k, _) in self.table.iter() {
            let name: &str = k.get_ref();
            if !self.used.contains(&name) {
                self.r.error(
                    k.span().start,
                    format!(
                        "unknown field '{name}' in [[{what}]]; known fields: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    fn source(mut self) -> Option<InputSource> {
        let id = self.id("id", "[[source]]");
        let title = self.required("title", "[[source]]");
        let source = Source {
            id: id.as_ref()?.value.clone(),
            title: title?.0,
            publisher: self.opt("publisher"),
            author: self.opt("author"),
            date: self.date("date"),
            file: self.opt("file"),
            url: self.opt("url"),
            note: self.opt("note"),
            collection: self.opt("collection"),
        };
        let loc = id?.loc;
        // A record with a bad optional field is kept, so that checks between
        // records still run; its errors block the build.
        self.finish("source", &known(&["id"], super::fields::SOURCE_FIELDS));
        Some(InputSource { source, loc })
    }

    fn node(mut self) -> Option<InputNode> {
        let id = self.id("id", "[[node]]");
        let kind = self.kind::<NodeKind>();
        let name = self.required("name", "[[node]]");
        let aliases = self.strings("aliases");
        let country = self.opt_id("country");
        let region = self.opt("region");
        let note = self.opt("note");
        let (cite, cite_locs) = self.cite();
        let attrs = self.attrs();
        let id = id?;
        let mut node = Node::new(id.value, kind?, name?.0);
        node.aliases = aliases;
        node.country = country.as_ref().map(|c| c.value.clone());
        node.region = region;
        node.note = note;
        node.cite = cite;
        node.attrs = attrs;
        self.finish("node", &known(&["id"], &TOML_NODE_FIELDS));
        Some(InputNode {
            node,
            loc: id.loc,
            country_loc: country.map(|c| c.loc),
            cite_locs,
        })
    }

    fn kind<K: std::str::FromStr<Err = String>>(&mut self) -> Option<K> {
        let (text, at) = self.required("kind", "this table")?;
        match text.parse::<K>() {
            Ok(k) => Some(k),
            Err(e) => {
                self.fail(at, e);
                None
            }
        }
    }

    fn edge(mut self) -> Option<InputEdge> {
        let from = self.id("from", "[[edge]]");
        let to = self.id("to", "[[edge]]");
        let kind = self.kind::<EdgeKind>();
        let mut edge = Edge::new(kind.unwrap_or(EdgeKind::Mou));
        if let Some((text, at)) = self.string("id") {
            match text.parse() {
                Ok(id) => edge.id = Some(id),
                Err(e) => self.fail(at, format!("'id': {e}")),
            }
        }
        if let Some((text, at)) = self.string("status") {
            match text.parse() {
                Ok(s) => edge.status = s,
                Err(e) => self.fail(at, format!("'status': {e}")),
            }
        }
        edge.date = self.date("date");
        edge.end_date = self.date("end_date");
        edge.date_note = self.opt("date_note");
        edge.place = self.opt("place");
        edge.amount_usd = self.amount("amount_usd");
        edge.what = self.opt("what");
        edge.topics = self.strings("topics");
        edge.role = self.opt("role");
        edge.region = self.opt("region");
        edge.derived = self.opt("derived");
        edge.note = self.opt("note");
        let (cite, cite_locs) = self.cite();
        edge.cite = cite;
        edge.attrs = self.attrs();
        let loc = self.r.loc(self.start);
        self.finish("edge", &known(&["from", "to"], &TOML_EDGE_FIELDS));
        kind?;
        Some(InputEdge {
            from: from?,
            to: to?,
            edge,
            loc,
            cite_locs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(input: &Input) -> Vec<String> {
        input.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn reads_sources_nodes_and_edges() {
        let text = r#"
[[source]]
id = "a1"
title = "An article"
date = 2017-04-30

[[node]]
id = "kr"
kind = "country"
name = "Republic of Korea"
aliases = ["South Korea"]
region = "Eastern Asia"

[[edge]]
from = "kr"
to = "kz"
kind = "mou"
date = "2016-11"
amount_usd = 8_710_000
cite = [{ source = "a1", quote = "signed" }]
"#;
        let input = read_toml("t.toml", text);
        assert!(input.diagnostics.is_empty(), "{:?}", messages(&input));
        assert_eq!(
            input.sources[0]
                .source
                .date
                .map(|d| d.to_string())
                .as_deref(),
            Some("2017-04-30")
        );
        assert_eq!(input.nodes[0].node.aliases, ["South Korea"]);
        assert_eq!(input.nodes[0].loc.to_string(), "t.toml:8:6");
        let e = &input.edges[0];
        assert_eq!(e.edge.amount_usd, Some(8_710_000.0));
        assert_eq!(e.to.loc.to_string(), "t.toml:16:6");
        assert_eq!(e.edge.cite[0].quote.as_deref(), Some("signed"));
    }

    #[test]
    fn reports_every_bad_value_with_its_place() {
        let text = r#"[[edge]]
from = "Kr"
to = "kz"
kind = "treaty"
date = "2017-13-40"
amount_usd = -5
colour = "red"

[[edge]]
from = "kr"
to = "kz"
kind = "export"
amount_usd = "lots"
"#;
        let input = read_toml("bad.toml", text);
        let m = messages(&input);
        let has = |needle: &str| m.iter().any(|s| s.contains(needle));
        assert!(has("bad.toml:2:8: id 'Kr' has the character 'K'"), "{m:#?}");
        assert!(has("bad.toml:4:8: unknown edge kind 'treaty'"), "{m:#?}");
        assert!(
            has("bad.toml:5:8: 'date': '2017-13-40' is not a real date"),
            "{m:#?}"
        );
        assert!(
            has("bad.toml:6:14: 'amount_usd' must not be negative"),
            "{m:#?}"
        );
        assert!(has("bad.toml:7:1: unknown field 'colour'"), "{m:#?}");
        assert!(
            has("bad.toml:13:14: 'amount_usd' must be a number"),
            "{m:#?}"
        );
        assert_eq!(
            input.edges.len(),
            1,
            "an edge with a bad kind or id is dropped"
        );
        assert_eq!(
            input.edges[0].edge.amount_usd, None,
            "a bad amount is dropped, the edge kept"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let input = read_toml("s.toml", "[[node]]\nid = \"kr\nkind = 1\n");
        let m = messages(&input);
        assert!(m[0].starts_with("s.toml:2:"), "{m:?}");
        assert!(m[0].contains("TOML syntax"), "{m:?}");
    }
}
