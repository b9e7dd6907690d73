//! `egov path A B`: the shortest cooperation path(s), each hop explained by
//! the edges and citations behind it.

use egov_graph::analysis::{self, Path};
use egov_graph::model::{
    tie_strength, EdgeView, Folding, Graph, OwnedEdge, Ties, ViewEdge, Weight,
};
use egov_graph::Error;
use serde_json::{json, Value};

use super::args::{Format, PathArgs};
use super::output::{citation_json, citation_line, edge_json, money, plural};
use super::{view, Out, Outcome};

/// The most paths `--all` prints.
const ALL_LIMIT: usize = 100;

/// Finds and prints the paths; no path is exit 1.
pub fn run(g: &Graph, a: &PathArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let plain = !a.weighted && a.k.is_none() && !a.all;
    let (v, ties, s, t, paths) = if plain {
        // The fewest hops: searched from both ends on the graph itself,
        // then only the ties along the path are merged for printing.
        let filter = view::filter(g, &a.view)?;
        let bare = Folding::new(g, view::level(&a.view));
        let s = view::resolve(g, &bare, &a.from)?;
        let t = view::resolve(g, &bare, &a.to)?;
        let paths: Vec<Path> = analysis::fewest_hops(g, &bare, &filter, s, t, a.directed)
            .into_iter()
            .collect();
        let along: Vec<u32> = paths.first().map(|p| p.nodes.clone()).unwrap_or_default();
        let ties = Ties::along(g, &bare, &filter, &along);
        (bare, ties, s, t, paths)
    } else {
        let v = view::build(g, &a.view)?;
        let s = view::resolve(g, &v, &a.from)?;
        let t = view::resolve(g, &v, &a.to)?;
        let weight = if a.weighted {
            Weight::Cost
        } else {
            Weight::Hops
        };
        let csr = v.csr(a.directed, weight);
        let paths: Vec<Path> = if let Some(k) = a.k {
            analysis::k_shortest_paths(&csr, s, t, k, a.weighted)
        } else if a.all {
            analysis::all_shortest_paths(&csr, s, t, a.weighted, ALL_LIMIT)
        } else {
            analysis::shortest_path(&csr, s, t, a.weighted)
                .into_iter()
                .collect()
        };
        let (v, ties) = v.into_parts();
        (v, ties, s, t, paths)
    };
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
            view::label(g, &v, s),
            view::label(g, &v, t),
            v.level()
        );
        if format == Format::Json {
            out.json(&json!({"paths": []}));
        }
        return Ok(Outcome::Nothing);
    }
    let latest = g.latest_year().unwrap_or(2000);
    match format {
        Format::Json => {
            let list: Vec<Value> = paths
                .iter()
                .map(|p| path_json(g, &v, &ties, p, latest))
                .collect();
            out.json(&json!({"paths": list}));
        }
        Format::Csv => {
            let mut rows = Vec::new();
            for (i, p) in paths.iter().enumerate() {
                for (hop, pair) in p.nodes.windows(2).enumerate() {
                    let Some(ve) = ties.between(pair[0], pair[1]) else {
                        continue;
                    };
                    for e in evidence(g, &ties, ve, latest) {
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
                            view::id(g, &v, pair[0]),
                            view::id(g, &v, pair[1]),
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
                let names: Vec<String> = p.nodes.iter().map(|&x| view::label(g, &v, x)).collect();
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
                    let ids: Vec<String> = p.nodes.iter().map(|&x| view::id(g, &v, x)).collect();
                    line = format!("path {} ({cost}): {}", i + 1, ids.join(" -> "));
                }
                out.line_fit(line);
                for pair in p.nodes.windows(2) {
                    let Some(ve) = ties.between(pair[0], pair[1]) else {
                        continue;
                    };
                    let ev = evidence(g, &ties, ve, latest);
                    let kinds: Vec<String> = ev.iter().map(|e| e.edge.kind.to_string()).collect();
                    out.line(format!(
                        "  {} -- {}: {}",
                        view::id(g, &v, pair[0]),
                        view::id(g, &v, pair[1]),
                        kinds.join(", ")
                    ));
                    if a.explain {
                        for e in &ev {
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

/// The edges behind a hop, strongest first. Each is built alone: a hop
/// between two countries of a large graph has hundreds of edges scattered
/// over the file.
fn evidence(g: &Graph, ties: &Ties, ve: &ViewEdge, latest: i16) -> Vec<OwnedEdge> {
    let mut ev: Vec<OwnedEdge> = ties
        .behind(ve)
        .iter()
        .filter_map(|&i| g.edge_alone(i))
        .collect();
    ev.sort_by(|x, y| {
        tie_strength(&y.edge, latest)
            .total_cmp(&tie_strength(&x.edge, latest))
            .then_with(|| x.index.cmp(&y.index))
    });
    ev
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

fn path_json(g: &Graph, v: &Folding, ties: &Ties, p: &Path, latest: i16) -> Value {
    let edges: Vec<Value> = p
        .nodes
        .windows(2)
        .filter_map(|pair| {
            let ve = ties.between(pair[0], pair[1])?;
            let ev = evidence(g, ties, ve, latest);
            let best = ev.first()?;
            Some(json!({
                "source": view::id(g, v, pair[0]),
                "target": view::id(g, v, pair[1]),
                "kind": best.edge.kind.as_str(),
                "date": best.edge.date.map(|d| d.to_string()),
                "citations": best.edge.cite.iter().map(|c| citation_json(g, c)).collect::<Vec<_>>(),
                "strength": ve.strength,
                "evidence": ev.iter().map(|e| edge_json(g, &e.view())).collect::<Vec<_>>(),
            }))
        })
        .collect();
    json!({
        "nodes": p.nodes.iter().map(|&x| view::id(g, v, x)).collect::<Vec<_>>(),
        "edges": edges,
        "cost": p.cost,
    })
}
