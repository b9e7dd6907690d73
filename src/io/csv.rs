//! Reads node, edge and source tables from CSV, told apart by their headers.
//!
//! - an edges table has `source` and `target` columns (Gephi's `Source`,
//!   `Target`), and `kind` (or Gephi's `Type` when it holds an edge kind);
//! - a sources table has `id` and `title` and no `kind`;
//! - a nodes table has `id` (Gephi's `Id`), `kind`, and `name` or `label`.
//!
//! Headers are matched case-insensitively. Known columns fill the model's
//! fields; any other column is kept as a text attribute. List fields
//! (`aliases`, `topics`) are `;`-separated or a JSON array of strings;
//! `cite` holds a JSON array of `{"source", "quote"}` objects or a bare
//! source id. The writer is `super::csv_write`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{
    Citation, Diagnostic, Edge, EdgeKind, Id, Input, InputEdge, InputNode, InputSource, Loc,
    Located, Node, NodeKind, PartialDate, Source,
};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Table {
    Nodes,
    Edges,
    Sources,
}

/// Reads one CSV file's text. `file` names it in diagnostics.
pub fn read_csv(file: &str, text: &str) -> Input {
    let file: Arc<str> = Arc::from(file);
    let mut input = Input::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            input.diagnostics.push(Diagnostic::error(
                Some(Loc::new(&file, 1, 0)),
                format!("CSV: {e}"),
            ));
            return input;
        }
    };
    if headers.iter().all(|h| h.is_empty()) {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 0, 0)),
            "empty CSV file: expected a header such as 'id,name,kind' or 'source,target,kind'",
        ));
        return input;
    }
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let table = if col(&["source"]).is_some() && col(&["target"]).is_some() {
        Table::Edges
    } else if col(&["id"]).is_some() && col(&["title"]).is_some() && col(&["kind"]).is_none() {
        Table::Sources
    } else if col(&["id"]).is_some() {
        Table::Nodes
    } else {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 1, 0)),
            format!(
                "cannot tell what this table holds from its header '{}': a nodes table needs 'id,name,kind', an edges table 'source,target,kind', a sources table 'id,title'",
                headers.join(",")
            ),
        ));
        return input;
    };
    if table == Table::Nodes && col(&["kind"]).is_none() {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 1, 0)),
            "nodes table has no 'kind' column (country, ministry, agency, organization or person)",
        ));
        return input;
    }
    if table == Table::Edges && col(&["kind", "type"]).is_none() {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 1, 0)),
            "edges table has no 'kind' column (mou, forum, export, ...)",
        ));
        return input;
    }
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                let message = match e.kind() {
                    ::csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("row has {len} fields but the header has {expected_len}")
                    }
                    ::csv::ErrorKind::Utf8 { .. } => "row is not valid UTF-8".to_string(),
                    _ => format!("CSV: {e}"),
                };
                input
                    .diagnostics
                    .push(Diagnostic::error(Some(Loc::new(&file, line, 0)), message));
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        let loc = Loc::new(&file, line, 0);
        let mut row = Row {
            cells: headers
                .iter()
                .map(String::as_str)
                .zip(record.iter())
                .collect(),
            loc: loc.clone(),
            diags: Vec::new(),
        };
        match table {
            Table::Nodes => {
                if let Some(n) = row.node() {
                    input.nodes.push(n);
                }
            }
            Table::Edges => {
                if let Some(e) = row.edge() {
                    input.edges.push(e);
                }
            }
            Table::Sources => {
                if let Some(s) = row.source() {
                    input.sources.push(s);
                }
            }
        }
        input.diagnostics.extend(row.diags);
    }
    input
}

struct Row<'a> {
    cells: HashMap<&'a str, &'a str>,
    loc: Loc,
    diags: Vec<Diagnostic>,
}

impl<'a> Row<'a> {
    fn fail(&mut self, message: String) {
        self.diags
            .push(Diagnostic::error(Some(self.loc.clone()), message));
    }

    /// Takes the first non-empty cell among `names`, removing them all.
    fn take(&mut self, names: &[&str]) -> Option<String> {
        let mut found = None;
        for n in names {
            if let Some(v) = self.cells.remove(*n) {
                let v = v.trim();
                if found.is_none() && !v.is_empty() {
                    found = Some(v.to_string());
                }
            }
        }
        found
    }

    fn id(&mut self, names: &[&str], what: &str) -> Option<Id> {
        let Some(text) = self.take(names) else {
            self.fail(format!("{what} is empty"));
            return None;
        };
        match text.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(format!("{what}: {e}"));
                None
            }
        }
    }

    fn opt_id(&mut self, name: &str) -> Option<Id> {
        let text = self.take(&[name])?;
        match text.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(format!("{name}: {e}"));
                None
            }
        }
    }

    fn date(&mut self, name: &str) -> Option<PartialDate> {
        let text = self.take(&[name])?;
        match text.parse() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(format!("{name}: {e}"));
                None
            }
        }
    }

    /// A list cell: `;`-separated text, or a JSON array of strings (which
    /// the CSV writer uses when an item holds a `;`).
    fn list(&mut self, name: &str) -> Vec<String> {
        let Some(s) = self.take(&[name]) else {
            return Vec::new();
        };
        if s.starts_with('[') {
            match serde_json::from_str::<Vec<String>>(&s) {
                Ok(items) => return items,
                Err(e) => {
                    self.fail(format!("{name}: not a JSON list of strings: {e}"));
                    return Vec::new();
                }
            }
        }
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    }

    fn cite(&mut self) -> Vec<Citation> {
        let Some(text) = self.take(&["cite", "citations"]) else {
            return Vec::new();
        };
        if text.starts_with('[') {
            #[derive(serde::Deserialize)]
            struct Raw {
                source: String,
                quote: Option<String>,
            }
            match serde_json::from_str::<Vec<Raw>>(&text) {
                Ok(raw) => {
                    let mut out = Vec::new();
                    for r in raw {
                        match r.source.parse() {
                            Ok(source) => out.push(Citation {
                                source,
                                quote: r.quote,
                            }),
                            Err(e) => self.fail(format!("cite: {e}")),
                        }
                    }
                    out
                }
                Err(e) => {
                    self.fail(format!(
                        "cite: not a JSON list of {{\"source\", \"quote\"}} objects: {e}"
                    ));
                    Vec::new()
                }
            }
        } else {
            match text.parse() {
                Ok(source) => vec![Citation {
                    source,
                    quote: None,
                }],
                Err(e) => {
                    self.fail(format!("cite: {e}"));
                    Vec::new()
                }
            }
        }
    }

    fn attrs(&mut self) -> std::collections::BTreeMap<String, String> {
        self.cells
            .drain()
            .filter(|(k, v)| !k.is_empty() && !v.trim().is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn node(&mut self) -> Option<InputNode> {
        let id = self.id(&["id"], "id");
        let kind = match self.take(&["kind"]).map(|k| k.parse::<NodeKind>()) {
            Some(Ok(k)) => Some(k),
            Some(Err(e)) => {
                self.fail(e);
                None
            }
            None => {
                self.fail("kind is empty".into());
                None
            }
        };
        let name = self.take(&["name", "label"]);
        let mut node = Node::new(
            id.clone()?,
            kind?,
            name.unwrap_or_else(|| id.clone().map(|i| i.to_string()).unwrap_or_default()),
        );
        node.aliases = self.list("aliases");
        node.country = self.opt_id("country");
        node.region = self.take(&["region"]);
        node.note = self.take(&["note"]);
        node.cite = self.cite();
        node.attrs = self.attrs();
        let n = node.cite.len();
        Some(InputNode {
            node,
            loc: self.loc.clone(),
            country_loc: None,
            cite_locs: vec![self.loc.clone(); n],
        })
    }

    fn edge(&mut self) -> Option<InputEdge> {
        let from = self.id(&["source"], "source");
        let to = self.id(&["target"], "target");
        let kind_text = self.take(&["kind"]);
        let type_text = self.take(&["type"]);
        let kind = match kind_text
            .or_else(|| type_text.clone().filter(|t| t.parse::<EdgeKind>().is_ok()))
        {
            Some(k) => match k.parse::<EdgeKind>() {
                Ok(k) => Some(k),
                Err(e) => {
                    self.fail(e);
                    None
                }
            },
            None => {
                self.fail("kind is empty".into());
                None
            }
        };
        let mut edge = Edge::new(kind.unwrap_or(EdgeKind::Mou));
        edge.date = self.date("date");
        edge.end_date = self.date("end_date");
        edge.date_note = self.take(&["date_note"]);
        edge.place = self.take(&["place"]);
        if let Some(a) = self.take(&["amount_usd"]) {
            match a.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..1e15).contains(&x) => edge.amount_usd = Some(x),
                Ok(x) if x < 0.0 => self.fail(format!("amount_usd must not be negative (got {a})")),
                _ => self.fail(format!(
                    "amount_usd '{a}' is not a usable number of dollars"
                )),
            }
        }
        edge.what = self.take(&["what"]);
        edge.topics = self.list("topics");
        edge.role = self.take(&["role"]);
        edge.region = self.take(&["region"]);
        edge.derived = self.take(&["derived"]);
        edge.note = self.take(&["note"]);
        edge.cite = self.cite();
        edge.attrs = self.attrs();
        if let Some(t) = type_text.filter(|t| t.parse::<EdgeKind>().is_err()) {
            let t = t.to_ascii_lowercase();
            if t != "directed" && t != "undirected" {
                edge.attrs.insert("type".into(), t);
            }
        }
        kind?;
        let n = edge.cite.len();
        Some(InputEdge {
            from: Located {
                value: from?,
                loc: self.loc.clone(),
            },
            to: Located {
                value: to?,
                loc: self.loc.clone(),
            },
            edge,
            loc: self.loc.clone(),
            cite_locs: vec![self.loc.clone(); n],
        })
    }

    fn source(&mut self) -> Option<InputSource> {
        let id = self.id(&["id"], "id")?;
        let title = self.take(&["title"]).unwrap_or_default();
        let source = Source {
            id,
            title,
            publisher: self.take(&["publisher"]),
            author: self.take(&["author"]),
            date: self.date("date"),
            file: self.take(&["file"]),
            url: self.take(&["url"]),
            note: self.take(&["note"]),
        };
        self.diags
            .iter()
            .all(|d| !d.is_error())
            .then(|| InputSource {
                source,
                loc: self.loc.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gephi_style_tables() {
        let nodes = read_csv("n.csv", "Id,Label,Kind,Region,Population\nkr,Korea,country,Eastern Asia,51\nkz,Kazakhstan,Country,Central Asia,\n");
        assert!(nodes.diagnostics.is_empty(), "{:?}", nodes.diagnostics);
        assert_eq!(nodes.nodes.len(), 2);
        assert_eq!(nodes.nodes[0].node.name, "Korea");
        assert_eq!(
            nodes.nodes[0]
                .node
                .attrs
                .get("population")
                .map(String::as_str),
            Some("51")
        );
        let edges = read_csv("e.csv", "Source,Target,Type,Kind,Date,amount_usd\nkr,kz,Undirected,mou,2016-11,\nkr,kz,Directed,export,,8710000\n");
        assert!(edges.diagnostics.is_empty(), "{:?}", edges.diagnostics);
        assert_eq!(edges.edges[1].edge.kind, EdgeKind::Export);
        assert_eq!(edges.edges[1].edge.amount_usd, Some(8_710_000.0));
        assert!(edges.edges[0].edge.attrs.is_empty());
    }

    #[test]
    fn reports_bad_rows_by_line() {
        let input = read_csv(
            "e.csv",
            "source,target,kind,date\nkr,kz,mou,2017-13-40\nkr,kz\nkr,kz,treaty,\n",
        );
        let m: Vec<String> = input.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            m.iter()
                .any(|s| s.starts_with("e.csv:2: date: '2017-13-40'")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s == "e.csv:3: row has 2 fields but the header has 4"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s.starts_with("e.csv:4: unknown edge kind 'treaty'")),
            "{m:?}"
        );
    }

    #[test]
    fn refuses_tables_it_cannot_recognise() {
        let m = read_csv("x.csv", "a,b\n1,2\n").diagnostics;
        assert!(m[0]
            .to_string()
            .contains("cannot tell what this table holds"));
        let m = read_csv("x.csv", "").diagnostics;
        assert!(m[0].to_string().contains("empty CSV file"), "{m:?}");
    }
}
