//! Neo4j: the files [`write_neo4j`] makes for a graph, so that it can move
//! to a database server.
//!
//! - `nodes.csv`, `sources.csv`, `edges.csv` and `cites.csv` for
//!   `neo4j-admin database import full`, with typed headers: `id:ID(Actor)`,
//!   `:LABEL` (`Actor;Country`), `:START_ID(Actor)`, `:END_ID(Actor)`,
//!   `:TYPE` (`MOU`, `EXPORT`, …), `amount_usd:double`, `aliases:string[]`
//!   and `topics:string[]` (`;`-separated). `cites.csv` links each node to
//!   the sources it cites (`CITES`, with the `quote`); every node and
//!   relationship also keeps its citations as JSON text in `cite`.
//! - `import.cypher`, which builds the same graph with `MERGE` (sources and
//!   nodes) and `CREATE` (relationships) statements, for `cypher-shell -f`
//!   on an empty database.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::model::{EdgeKind, Graph, NodeKind};

use super::fields::{self, Field, EDGE_FIELDS, NODE_FIELDS, SOURCE_FIELDS};

/// The files of a Neo4j export, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neo4jImport {
    /// `nodes.csv`: one row per node.
    pub nodes: String,
    /// `sources.csv`: one row per source.
    pub sources: String,
    /// `edges.csv`: one row per edge.
    pub edges: String,
    /// `cites.csv`: one row per node citation.
    pub cites: String,
    /// `import.cypher`: the same graph as Cypher statements.
    pub cypher: String,
}

impl Neo4jImport {
    /// The file names and texts, in the order to write them.
    pub fn files(&self) -> [(&'static str, &str); 5] {
        [
            ("nodes.csv", self.nodes.as_str()),
            ("sources.csv", self.sources.as_str()),
            ("edges.csv", self.edges.as_str()),
            ("cites.csv", self.cites.as_str()),
            ("import.cypher", self.cypher.as_str()),
        ]
    }
}

/// A node kind as a Neo4j label (`Country`, `Ministry`, …).
pub fn label(kind: NodeKind) -> String {
    let s = kind.as_str();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// An edge kind as a Neo4j relationship type (`MOU`, `HUB_DESIGNATION`, …).
pub fn rel_type(kind: EdgeKind) -> String {
    kind.as_str().to_ascii_uppercase()
}

/// The header suffix of a typed column.
fn typed(name: &str) -> String {
    match name {
        "amount_usd" => "amount_usd:double".into(),
        "aliases" | "topics" => format!("{name}:string[]"),
        other => other.into(),
    }
}

/// A CSV cell: lists `;`-joined (neo4j-admin's array delimiter), citations
/// as JSON text.
fn cell(f: &Field<'_>) -> String {
    match f {
        Field::List(items) => items.join(";"),
        other => other.to_text(),
    }
}

fn csv_table(rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let bad = |e: String| Error::Invalid(format!("cannot write CSV: {e}"));
    for r in rows {
        w.write_record(&r).map_err(|e| bad(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| bad(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| bad(e.to_string()))
}

fn by_name(fields: &[(String, Field<'_>)], cols: &[String]) -> Vec<String> {
    cols.iter()
        .map(|c| {
            fields
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, f)| cell(f))
                .unwrap_or_default()
        })
        .collect()
}

/// A Cypher string literal: single-quoted, with `\`, `'`, and control
/// characters escaped.
pub fn cypher_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A property key: plain when it is an identifier, else in backticks.
fn cypher_key(k: &str) -> String {
    let plain = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        k.to_string()
    } else {
        format!("`{}`", k.replace('`', "``"))
    }
}

fn cypher_value(f: &Field<'_>) -> String {
    match f {
        Field::Text(s) => cypher_string(s),
        // `{:?}` keeps the decimal point, so Neo4j stores a float.
        Field::Number(x) => format!("{x:?}"),
        Field::List(items) => {
            let inner: Vec<String> = items.iter().map(|s| cypher_string(s)).collect();
            format!("[{}]", inner.join(", "))
        }
        Field::Cites(_) => cypher_string(&f.to_text()),
    }
}

fn cypher_map(fields: &[(String, Field<'_>)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, f)| format!("{}: {}", cypher_key(k), cypher_value(f)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Writes the Neo4j import files for `g`.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// let n = egov_graph::io::write_neo4j(&g).unwrap();
/// assert!(n.nodes.starts_with("id:ID(Actor),:LABEL,"));
/// assert!(n.cypher.contains("MERGE (n:Actor {id: 'kr'})"));
/// ```
pub fn write_neo4j(g: &Graph) -> Result<Neo4jImport> {
    let node_attrs = fields::attr_names(g.nodes().map(|(_, n)| &n.attrs));
    let mut node_cols: Vec<String> = NODE_FIELDS.iter().map(|s| s.to_string()).collect();
    node_cols.extend(node_attrs);
    let mut rows = vec![[
        vec!["id:ID(Actor)".to_string(), ":LABEL".to_string()],
        node_cols.iter().map(|c| typed(c)).collect(),
    ]
    .concat()];
    for (_, n) in g.nodes() {
        let mut r = vec![n.id.to_string(), format!("Actor;{}", label(n.kind))];
        r.extend(by_name(&fields::node_fields(n), &node_cols));
        rows.push(r);
    }
    let nodes = csv_table(rows)?;

    let source_cols: Vec<String> = SOURCE_FIELDS.iter().map(|s| s.to_string()).collect();
    let mut rows = vec![[
        vec!["id:ID(Source)".to_string(), ":LABEL".to_string()],
        source_cols.clone(),
    ]
    .concat()];
    for s in g.sources() {
        let mut r = vec![s.id.to_string(), "Source".to_string()];
        r.extend(by_name(&fields::source_fields(s), &source_cols));
        rows.push(r);
    }
    let sources = csv_table(rows)?;

    let mut edge_cols: Vec<String> = EDGE_FIELDS.iter().map(|s| s.to_string()).collect();
    edge_cols.extend(fields::attr_names(g.edges().map(|e| &e.edge.attrs)));
    let mut rows = vec![[
        vec![
            ":START_ID(Actor)".to_string(),
            ":END_ID(Actor)".to_string(),
            ":TYPE".to_string(),
        ],
        edge_cols.iter().map(|c| typed(c)).collect(),
    ]
    .concat()];
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    for e in g.edges() {
        let mut r = vec![id_of(e.from), id_of(e.to), rel_type(e.edge.kind)];
        r.extend(by_name(&fields::edge_fields(e.edge), &edge_cols));
        rows.push(r);
    }
    let edges = csv_table(rows)?;

    let mut rows = vec![vec![
        ":START_ID(Actor)".to_string(),
        ":END_ID(Source)".to_string(),
        ":TYPE".to_string(),
        "quote".to_string(),
    ]];
    for (_, n) in g.nodes() {
        for c in &n.cite {
            rows.push(vec![
                n.id.to_string(),
                c.source.to_string(),
                "CITES".into(),
                c.quote.clone().unwrap_or_default(),
            ]);
        }
    }
    let cites = csv_table(rows)?;

    Ok(Neo4jImport {
        nodes,
        sources,
        edges,
        cites,
        cypher: cypher(g),
    })
}

fn cypher(g: &Graph) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "// egov-graph: {} nodes, {} edges, {} sources.\n// Run on an empty database: cypher-shell -f import.cypher",
        g.node_count(),
        g.edge_count(),
        g.sources().len()
    );
    s.push_str("CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;\n");
    s.push_str(
        "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;\n",
    );
    for src in g.sources() {
        let f: Vec<_> = fields::source_fields(src)
            .into_iter()
            .filter(|(k, _)| k != "id")
            .collect();
        let _ = writeln!(
            s,
            "MERGE (s:Source {{id: {}}}) SET s += {};",
            cypher_string(src.id.as_str()),
            cypher_map(&f)
        );
    }
    for (_, n) in g.nodes() {
        let _ = writeln!(
            s,
            "MERGE (n:Actor {{id: {}}}) SET n:{} SET n += {};",
            cypher_string(n.id.as_str()),
            label(n.kind),
            cypher_map(&fields::node_fields(n))
        );
    }
    for (_, n) in g.nodes() {
        for c in &n.cite {
            let props = match &c.quote {
                Some(q) => format!(" {{quote: {}}}", cypher_string(q)),
                None => String::new(),
            };
            let _ = writeln!(
                s,
                "MATCH (n:Actor {{id: {}}}), (s:Source {{id: {}}}) CREATE (n)-[:CITES{props}]->(s);",
                cypher_string(n.id.as_str()),
                cypher_string(c.source.as_str()),
            );
        }
    }
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    for e in g.edges() {
        let _ = writeln!(
            s,
            "MATCH (a:Actor {{id: {}}}), (b:Actor {{id: {}}}) CREATE (a)-[:{} {}]->(b);",
            cypher_string(&id_of(e.from)),
            cypher_string(&id_of(e.to)),
            rel_type(e.edge.kind),
            cypher_map(&fields::edge_fields(e.edge))
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cypher_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(cypher_string("it's"), r"'it\'s'");
        assert_eq!(cypher_string("a\\b\nc"), r"'a\\b\nc'");
        assert_eq!(cypher_string("한국 \"x\""), "'한국 \"x\"'");
        assert_eq!(cypher_key("population (m)"), "`population (m)`");
        assert_eq!(cypher_key("amount_usd"), "amount_usd");
        assert_eq!(cypher_value(&Field::Number(133_540_000.0)), "133540000.0");
    }

    #[test]
    fn kinds_become_labels_and_types() {
        assert_eq!(label(NodeKind::Organization), "Organization");
        assert_eq!(rel_type(EdgeKind::HubDesignation), "HUB_DESIGNATION");
    }
}
