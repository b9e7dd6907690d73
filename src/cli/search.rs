//! `egov search TEXT`: ids, names and aliases that match, best first.

use egov_graph::model::Graph;
use serde_json::json;

use super::args::Format;
use super::{Out, Outcome};

/// Prints the matches; nothing found is exit 1.
pub fn run(g: &Graph, text: &str, limit: usize, format: Format, out: &mut Out) -> Outcome {
    let hits = g.search(text, limit);
    let rows: Vec<(&egov_graph::Node, f64, &str)> = hits
        .iter()
        .filter_map(|m| g.node(m.index).map(|n| (n, m.score, m.matched.as_str())))
        .collect();
    match format {
        Format::Json => out.json(&json!(rows
            .iter()
            .map(|(n, score, matched)| json!({
                "id": n.id.as_str(),
                "name": n.name,
                "kind": n.kind.as_str(),
                "score": (score * 1000.0).round() / 1000.0,
                "matched": matched,
            }))
            .collect::<Vec<_>>())),
        _ => {
            if rows.is_empty() {
                eprintln!("egov: nothing matches '{text}'");
            } else {
                out.table(
                    format,
                    &["id", "name", "kind", "matched", "score"],
                    rows.iter()
                        .map(|(n, score, matched)| {
                            vec![
                                n.id.to_string(),
                                n.name.clone(),
                                n.kind.to_string(),
                                matched.to_string(),
                                format!("{score:.2}"),
                            ]
                        })
                        .collect(),
                );
            }
        }
    }
    if rows.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Found
    }
}
