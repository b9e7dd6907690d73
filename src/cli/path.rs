//! `egov path A B`: the shortest cooperation path(s), each hop explained by
//! the edges and citations behind it.

use egov_graph::analysis::{self, FoundPath, PathQuery, PathsWanted};
use egov_graph::model::{EdgeView, Graph};
use egov_graph::Error;
use petgraph::stable_graph::NodeIndex;
use serde_json::{json, Value};

use super::args::{Format, PathArgs};
use super::output::{citation_json, citation_line, edge_json, money, plural};
use super::{view, Out, Outcome};

/// The most paths `--all` prints.
const ALL_LIMIT: usize = 100;

/// Finds and prints the paths; no path is exit 1.
pub fn run(g: &Graph, a: &PathArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let q = PathQuery {
        from: a.from.clone(),
        to: a.to.clone(),
        level: view::level(&a.view),
        filter: view::filter(g, &a.view)?,
        directed: a.directed,
        weighted: a.weighted,
        wanted: match (a.k, a.all) {
            (Some(k), _) => PathsWanted::K(k),
            (None, true) => PathsWanted::All(ALL_LIMIT),
            (None, false) => PathsWanted::Shortest,
        },
    };
    let answer = analysis::path(g, &q)?;
    let paths = &answer.paths;
    if paths.is_empty() {
        let how = if a.directed { "directed " } else { "" };
        // Only looked for when there is no path (a pass over the edges).
        let planned = if !a.view.include_planned && g.edge_summaries().any(|e| e.planned) {
            ", --include-planned"
        } else {
            ""
        };
        eprintln!(
            "egov: no {how}path from {} to {} in this view (level {}; try --level all, fewer filters{planned}, or without --directed)",
            label(g, answer.from),
            label(g, answer.to),
            answer.level
        );
        if format == Format::Json {
            out.json(&json!({"paths": []}));
        }
        return Ok(Outcome::Nothing);
    }
    match format {
        Format::Json => {
            let list: Vec<Value> = paths.iter().map(|p| path_json(g, p)).collect();
            out.json(&json!({"paths": list}));
        }
        Format::Csv => {
            let mut rows = Vec::new();
            for (i, p) in paths.iter().enumerate() {
                for (hop, h) in p.hops.iter().enumerate() {
                    for e in &h.evidence {
                        let quote = e
                            .edge
                            .cite
                            .iter()
                            .map(|c| citation_line(g, c))
                            .collect::<Vec<_>>()
                            .join(" ");
                        rows.push(vec![
                            (i + 1).to_string(),
                            (hop + 1).to_string(),
                            id(g, h.from),
                            id(g, h.to),
                            e.edge.kind.to_string(),
                            e.edge.date.map(|d| d.to_string()).unwrap_or_default(),
                            quote,
                        ]);
                    }
                }
            }
            out.table(
                format,
                &["path", "hop", "from", "to", "kind", "date", "citation"],
                rows,
            );
        }
        Format::Table => {
            for (i, p) in paths.iter().enumerate() {
                let names: Vec<String> = p.nodes.iter().map(|&x| label(g, x)).collect();
                let cost = if a.weighted {
                    format!("cost {:.3}", p.cost)
                } else {
                    plural(p.nodes.len().saturating_sub(1), "hop")
                };
                let mut line = format!("path {} ({cost}): {}", i + 1, names.join(" -> "));
                if out
                    .width()
                    .is_some_and(|w| line.chars().count() > usize::from(w))
                {
                    // Too long with names: the ids, so that both ends show.
                    let ids: Vec<String> = p.nodes.iter().map(|&x| id(g, x)).collect();
                    line = format!("path {} ({cost}): {}", i + 1, ids.join(" -> "));
                }
                out.line_fit(line);
                for h in &p.hops {
                    let kinds: Vec<String> =
                        h.evidence.iter().map(|e| e.edge.kind.to_string()).collect();
                    out.line(format!(
                        "  {} -- {}: {}",
                        id(g, h.from),
                        id(g, h.to),
                        kinds.join(", ")
                    ));
                    if a.explain {
                        for e in &h.evidence {
                            out.line_fit(format!("    {}", describe(g, &e.view())));
                            for c in &e.edge.cite {
                                out.line_fit(format!("      {}", citation_line(g, c)));
                            }
                        }
                    }
                }
                if i + 1 < paths.len() {
                    out.line("");
                }
            }
        }
    }
    Ok(Outcome::Found)
}

/// The id of graph node `ix`.
fn id(g: &Graph, ix: NodeIndex) -> String {
    g.node_id(ix).unwrap_or_default().to_string()
}

/// `Name (id)` of graph node `ix`.
fn label(g: &Graph, ix: NodeIndex) -> String {
    match (g.node_name(ix), g.node_id(ix)) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        _ => String::new(),
    }
}

/// One edge in a line: `2016-11 mou kr-moi -- kz-mic (Seoul)`.
fn describe(g: &Graph, e: &EdgeView<'_>) -> String {
    let id = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let arrow = if e.edge.kind.is_symmetric() {
        "--"
    } else {
        "->"
    };
    let mut s = format!("{} {} {arrow} {}", e.edge.kind, id(e.from), id(e.to));
    if let Some(d) = e.edge.date {
        s = format!("{d} {s}");
    }
    let mut extra = Vec::new();
    if let Some(a) = e.edge.amount_usd {
        extra.push(money(a));
    }
    if let Some(p) = &e.edge.place {
        extra.push(p.clone());
    }
    if e.edge.derived.is_some() {
        extra.push("derived".into());
    }
    if !extra.is_empty() {
        s.push_str(&format!(" ({})", extra.join("; ")));
    }
    if let Some(id) = &e.edge.id {
        s.push_str(&format!("  id {id}"));
    }
    s
}

fn path_json(g: &Graph, p: &FoundPath) -> Value {
    let edges: Vec<Value> = p
        .hops
        .iter()
        .filter_map(|h| {
            let best = h.evidence.first()?;
            Some(json!({
                "source": id(g, h.from),
                "target": id(g, h.to),
                "kind": best.edge.kind.as_str(),
                "date": best.edge.date.map(|d| d.to_string()),
                "citations": best.edge.cite.iter().map(|c| citation_json(g, c)).collect::<Vec<_>>(),
                "strength": h.strength,
                "evidence": h.evidence.iter().map(|e| edge_json(g, &e.view())).collect::<Vec<_>>(),
            }))
        })
        .collect();
    json!({
        "nodes": p.nodes.iter().map(|&x| id(g, x)).collect::<Vec<_>>(),
        "edges": edges,
        "cost": p.cost,
    })
}
