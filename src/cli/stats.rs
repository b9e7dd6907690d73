//! `egov stats`: how many nodes, edges and sources, by kind.

use std::collections::BTreeMap;

use egov_graph::model::{EdgeKind, Graph, NodeKind};
use serde_json::json;

use super::args::Format;
use super::{Out, Outcome};

/// Prints the counts.
pub fn run(g: &Graph, format: Format, out: &mut Out) -> Outcome {
    let mut nodes: BTreeMap<&str, usize> = NodeKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    for k in g.node_indices().filter_map(|ix| g.node_kind(ix)) {
        *nodes.entry(k.as_str()).or_default() += 1;
    }
    // Summaries, not full records: counting a million edges must not
    // build a million records.
    let mut by_kind = [0usize; EdgeKind::ALL.len()];
    let mut cited = 0;
    for e in g.edge_summaries() {
        by_kind[e.kind as usize] += 1;
        cited += usize::from(e.cited);
    }
    let edges: BTreeMap<&str, usize> = EdgeKind::ALL
        .iter()
        .map(|&k| (k.as_str(), by_kind[k as usize]))
        .collect();
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
