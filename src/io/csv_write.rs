//! Writes a graph as Gephi-style CSV tables that `super::csv` reads back:
//! `nodes.csv` (`Id,Label,kind,…`), `edges.csv` (`Source,Target,Type,kind,…`,
//! `Type` being `Directed` or `Undirected` from the edge kind) and
//! `sources.csv` (`id,title,…`).
//!
//! Every field has a column, then one column per extra attribute. Lists are
//! `;`-joined (a JSON array when an item itself holds a `;`, starts with
//! `[` or has surrounding blanks); citations are a JSON array of
//! `{"source", "quote"}` objects in the `cite` column.

use crate::error::{Error, Result};
use crate::model::Graph;

use super::fields::{
    attr_names, edge_fields, node_fields, source_fields, Field, EDGE_FIELDS, NODE_FIELDS,
    SOURCE_FIELDS,
};

/// The three tables of a CSV export, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTables {
    /// `nodes.csv`.
    pub nodes: String,
    /// `edges.csv`.
    pub edges: String,
    /// `sources.csv`.
    pub sources: String,
}

impl CsvTables {
    /// The file names and texts, in the order to write them.
    pub fn files(&self) -> [(&'static str, &str); 3] {
        [
            ("nodes.csv", self.nodes.as_str()),
            ("edges.csv", self.edges.as_str()),
            ("sources.csv", self.sources.as_str()),
        ]
    }
}

/// A list cell: `;`-joined when that reads back unchanged, else JSON.
fn list_cell(items: &[String]) -> String {
    let plain = items
        .iter()
        .all(|s| !s.is_empty() && !s.contains(';') && s.trim() == s && !(s.starts_with('[')));
    if plain {
        items.join(";")
    } else {
        serde_json::Value::from(items.to_vec()).to_string()
    }
}

fn cell(f: &Field<'_>) -> String {
    match f {
        Field::List(items) => list_cell(items),
        other => other.to_text(),
    }
}

/// Fills a row: `fixed` columns first, then known fields and attributes by
/// name.
fn row(fixed: Vec<String>, fields: Vec<(String, Field<'_>)>, columns: &[String]) -> Vec<String> {
    let mut out = fixed;
    for c in columns {
        let v = fields
            .iter()
            .find(|(k, _)| k == c)
            .map(|(_, f)| cell(f))
            .unwrap_or_default();
        out.push(v);
    }
    out
}

fn table(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let bad = |e: ::csv::Error| Error::Invalid(format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(bad)?;
    for r in rows {
        w.write_record(&r).map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Invalid(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Invalid(format!("cannot write CSV: {e}")))
}

/// Writes `g` as the three CSV tables.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// let t = egov_graph::io::write_csv(&g).unwrap();
/// assert!(t.nodes.starts_with("Id,Label,kind,"));
/// assert!(t.edges.starts_with("Source,Target,Type,id,kind,"));
/// ```
pub fn write_csv(g: &Graph) -> Result<CsvTables> {
    let known = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    // Nodes: `name` is Gephi's Label.
    let mut node_cols: Vec<String> = known(NODE_FIELDS)
        .into_iter()
        .filter(|c| c != "name")
        .collect();
    node_cols.extend(attr_names(g.nodes().map(|(_, n)| &n.attrs)));
    let mut header = vec!["Id".to_string(), "Label".to_string()];
    header.extend(node_cols.iter().cloned());
    let nodes = table(
        header,
        g.nodes().map(|(_, n)| {
            row(
                vec![n.id.to_string(), n.name.clone()],
                node_fields(n),
                &node_cols,
            )
        }),
    )?;

    let mut edge_cols = known(EDGE_FIELDS);
    edge_cols.extend(attr_names(g.edges().map(|e| &e.edge.attrs)));
    let mut header = vec!["Source".into(), "Target".into(), "Type".into()];
    header.extend(edge_cols.iter().cloned());
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let edges = table(
        header,
        g.edges().map(|e| {
            let ty = if e.edge.kind.is_symmetric() {
                "Undirected"
            } else {
                "Directed"
            };
            row(
                vec![id_of(e.from), id_of(e.to), ty.to_string()],
                edge_fields(e.edge),
                &edge_cols,
            )
        }),
    )?;

    let mut source_cols = vec!["id".to_string()];
    source_cols.extend(known(SOURCE_FIELDS));
    let sources = table(
        source_cols.clone(),
        g.sources()
            .iter()
            .map(|s| row(Vec::new(), source_fields(s), &source_cols)),
    )?;
    Ok(CsvTables {
        nodes,
        edges,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::read_csv;
    use crate::model::{Citation, Edge, EdgeKind, Node, NodeKind};

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn tricky_text_survives_the_csv_reader() {
        let mut g = Graph::new();
        let mut a = Node::new(id("kr"), NodeKind::Country, "대한민국, \"Korea\"\nline two");
        a.aliases = vec!["a;b".into(), "<&>".into()];
        a.attrs.insert("population".into(), "51".into());
        let a = g.add_node(a).unwrap_or_else(|e| panic!("{e}"));
        let b = g
            .add_node(Node::new(id("kz"), NodeKind::Country, "Kazakhstan"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut e = Edge::new(EdgeKind::Export);
        e.amount_usd = Some(133_540_000.5);
        e.topics = vec!["x".into(), "y".into()];
        e.cite = vec![Citation {
            source: id("s1"),
            quote: Some("he said, \"fine\"".into()),
        }];
        g.add_edge(a, b, e.clone())
            .unwrap_or_else(|e| panic!("{e}"));
        let t = write_csv(&g).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            t.edges.contains(",Directed,kr--kz:export,export,"),
            "{}",
            t.edges
        );
        assert!(t.edges.contains(",x;y,"), "{}", t.edges);

        let nodes = read_csv("nodes.csv", &t.nodes);
        assert!(nodes.diagnostics.is_empty(), "{:?}", nodes.diagnostics);
        let n = &nodes.nodes[0].node;
        assert_eq!(n.name, "대한민국, \"Korea\"\nline two");
        assert_eq!(n.aliases, ["a;b", "<&>"]);
        assert_eq!(n.attrs.get("population").map(String::as_str), Some("51"));
        assert_eq!(nodes.nodes[1].node.attrs.len(), 0);
        let edges = read_csv("edges.csv", &t.edges);
        assert!(edges.diagnostics.is_empty(), "{:?}", edges.diagnostics);
        // As stored: with the default id the graph gave it.
        let stored = g.edges().next().map(|x| x.edge.clone());
        assert_eq!(
            stored
                .as_ref()
                .and_then(|x| x.id.as_ref())
                .map(|i| i.as_str()),
            Some("kr--kz:export")
        );
        assert_eq!(Some(edges.edges[0].edge.clone()), stored);
    }
}
