//! `egov communities`: groups of actors more tied among themselves than to
//! the rest (Louvain or label propagation on the view's tie strengths),
//! with the partition's modularity.

use egov_graph::analysis::{self, CommunityMethod};
use egov_graph::model::Graph;
use egov_graph::Error;
use serde_json::json;

use super::args::{CommunitiesArgs, CommunityMethodArg, Format};
use super::{view, Out, Outcome};

/// The library method a flag names, and its name in the output.
pub fn method(m: CommunityMethodArg) -> (CommunityMethod, &'static str) {
    match m {
        CommunityMethodArg::Louvain => (CommunityMethod::Louvain, "louvain"),
        CommunityMethodArg::Label => (CommunityMethod::LabelPropagation, "label"),
    }
}

/// Finds and prints the communities.
pub fn run(
    g: &Graph,
    a: &CommunitiesArgs,
    format: Format,
    out: &mut Out,
) -> Result<Outcome, Error> {
    if !(a.resolution.is_finite() && a.resolution > 0.0) {
        return Err(Error::Invalid(format!(
            "--resolution must be a positive number, not {}",
            a.resolution
        )));
    }
    let v = view::build(g, &a.view)?;
    let (m, name) = method(a.method);
    let p = analysis::view_communities(&v, m, a.resolution, a.seed);
    let members = p.members();
    let id = |x: &u32| view::id(g, &v, *x);
    let sorted_ids = |list: &[u32]| {
        let mut ids: Vec<String> = list.iter().map(id).collect();
        ids.sort();
        ids
    };
    if format == Format::Json {
        out.json(&json!({
            "method": name,
            "resolution": a.resolution,
            "seed": a.seed,
            "modularity": p.modularity,
            "communities": members.iter().enumerate().map(|(c, list)| json!({
                "id": c,
                "members": sorted_ids(list),
            })).collect::<Vec<_>>(),
        }));
        return Ok(Outcome::Found);
    }
    // Nodes without a tie in the view are communities of one: listed in
    // JSON (the partition is whole), counted but not listed in tables.
    let tied = |x: u32| v.edges().iter().any(|e| e.a == x || e.b == x);
    let loners = members
        .iter()
        .filter(|l| l.len() == 1 && !tied(l[0]))
        .count();
    let mut rows = Vec::new();
    for (c, list) in members.iter().enumerate() {
        if list.len() == 1 && !tied(list[0]) {
            continue;
        }
        let mut named: Vec<(String, String, String)> = list
            .iter()
            .map(|&x| {
                let n = view::node(g, &v, x);
                (
                    n.map(|n| n.name.clone()).unwrap_or_default(),
                    id(&x),
                    n.map(|n| n.kind.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        named.sort();
        for (nm, i, k) in named {
            rows.push(vec![c.to_string(), i, nm, k]);
        }
    }
    if format == Format::Table {
        let groups = members.len() - loners;
        out.line(format!(
            "{groups} {} ({name}, resolution {}, seed {}), modularity {:.4}{}",
            if groups == 1 {
                "community"
            } else {
                "communities"
            },
            a.resolution,
            a.seed,
            p.modularity,
            if loners > 0 {
                format!(
                    "; {loners} node{} without ties left out",
                    if loners == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        ));
    }
    out.table(format, &["community", "id", "name", "kind"], rows);
    Ok(Outcome::Found)
}
