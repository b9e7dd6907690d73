//! `egov stats`: how many nodes, edges and sources, by kind.

use std::collections::BTreeMap;

use egov_graph::model::{EdgeKind, Graph, NodeKind};
use serde_json::json;

use super::args::Format;
use super::{Out, Outcome};

/// Prints the counts.
pub fn run(g: &Graph, format: Format, out: &mut Out) -> Outcome {
    let mut nodes: BTreeMap<&str, usize> = NodeKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    for (_, n) in g.nodes() {
        *nodes.entry(n.kind.as_str()).or_default() += 1;
    }
    let mut edges: BTreeMap<&str, usize> = EdgeKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    let mut cited = 0;
    for e in g.edges() {
        *edges.entry(e.edge.kind.as_str()).or_default() += 1;
        cited += usize::from(!e.edge.cite.is_empty());
    }
    match format {
        Format::Json => out.json(&json!({
            "nodes": g.node_count(),
            "edges": g.edge_count(),
            "sources": g.sources().len(),
            "cited_edges": cited,
            "nodes_by_kind": nodes,
            "edges_by_kind": edges,
        })),
        _ => {
            let mut rows = vec![
                vec!["nodes".into(), "".into(), g.node_count().to_string()],
                vec!["edges".into(), "".into(), g.edge_count().to_string()],
                vec!["sources".into(), "".into(), g.sources().len().to_string()],
                vec!["edges citing a source".into(), "".into(), cited.to_string()],
            ];
            rows.extend(
                nodes
                    .iter()
                    .filter(|(_, &c)| c > 0)
                    .map(|(k, c)| vec!["node".into(), k.to_string(), c.to_string()]),
            );
            rows.extend(
                edges
                    .iter()
                    .filter(|(_, &c)| c > 0)
                    .map(|(k, c)| vec!["edge".into(), k.to_string(), c.to_string()]),
            );
            out.table(format, &["what", "kind", "count"], rows);
        }
    }
    Outcome::Found
}
