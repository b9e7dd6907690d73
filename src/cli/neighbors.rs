//! `egov neighbors NODE`: the ego network within `--depth` hops.

use egov_graph::analysis;
use egov_graph::model::{Graph, Weight};
use egov_graph::Error;
use serde_json::json;

use super::args::{Format, NeighborsArgs};
use super::output::plural;
use super::{view, Out, Outcome};

/// Prints the nodes by distance, then the edges among them.
pub fn run(g: &Graph, a: &NeighborsArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let v = view::build(g, &a.view)?;
    let center = view::resolve(g, &v, &a.node)?;
    let csr = v.csr(false, Weight::Hops);
    let ego = analysis::ego(&csr, center, a.depth);
    let inside: std::collections::HashSet<u32> = ego.iter().map(|&(x, _)| x).collect();
    let edges: Vec<_> = v
        .edges()
        .iter()
        .filter(|e| inside.contains(&e.a) && inside.contains(&e.b))
        .collect();
    let kinds = |e: &egov_graph::model::ViewEdge| -> Vec<String> {
        let mut k: Vec<String> = v
            .behind(e)
            .iter()
            .filter_map(|&i| g.edge_kind(i))
            .map(|k| k.to_string())
            .collect();
        k.sort();
        k.dedup();
        k
    };
    match format {
        Format::Json => out.json(&json!({
            "center": view::id(g, &v, center),
            "depth": a.depth,
            "nodes": ego.iter().map(|&(x, d)| {
                let mut n = view::node_ref_json(g, &v, x);
                n["distance"] = json!(d);
                n
            }).collect::<Vec<_>>(),
            "edges": edges.iter().map(|e| json!({
                "source": view::id(g, &v, e.a),
                "target": view::id(g, &v, e.b),
                "count": e.count,
                "strength": e.strength,
                "kinds": kinds(e),
            })).collect::<Vec<_>>(),
        })),
        _ => {
            let rows = ego
                .iter()
                .skip(1)
                .map(|&(x, d)| {
                    let tie = v
                        .between(center, x)
                        .map(|e| kinds(e).join(", "))
                        .unwrap_or_default();
                    let n = view::node(g, &v, x);
                    vec![
                        d.to_string(),
                        view::id(g, &v, x),
                        n.map(|n| n.name.clone()).unwrap_or_default(),
                        n.map(|n| n.kind.to_string()).unwrap_or_default(),
                        tie,
                    ]
                })
                .collect();
            if format == Format::Table {
                out.line(format!(
                    "{} and {} within {}; {} among them",
                    view::label(g, &v, center),
                    plural(ego.len().saturating_sub(1), "node"),
                    plural(a.depth as usize, "hop"),
                    plural(edges.len(), "edge")
                ));
            }
            out.table(
                format,
                &["distance", "id", "name", "kind", "direct tie"],
                rows,
            );
        }
    }
    Ok(Outcome::Found)
}
