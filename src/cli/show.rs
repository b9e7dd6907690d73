//! `egov show NODE`: one node, its edges grouped by kind, with dates and
//! citations.

use std::collections::BTreeMap;

use egov_graph::model::{EdgeKind, EdgeView, Graph};
use egov_graph::Error;
use serde_json::{json, Value};

use super::args::Format;
use super::output::{citation_line, edge_json, money, node_json};
use super::{Out, Outcome};

/// How many of a country's bodies and people the table names when there
/// are more than [`MEMBERS_LISTED`].
const MEMBERS_SHOWN: usize = 30;

/// Up to this many, the table names them all.
const MEMBERS_LISTED: usize = 40;

/// Prints the node.
pub fn run(g: &Graph, query: &str, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let ix = g.resolve(query)?;
    let Some(node) = g.node(ix) else {
        return Ok(Outcome::Nothing);
    };
    let mut by_kind: BTreeMap<EdgeKind, Vec<EdgeView<'_>>> = BTreeMap::new();
    for e in g.edges_of(ix) {
        by_kind.entry(e.edge.kind).or_default().push(e);
    }
    for list in by_kind.values_mut() {
        list.sort_by_key(|e| (e.edge.date, e.index));
    }
    // The nodes whose `country` is this node, read without building every
    // node's record.
    let members: Vec<&str> = g
        .node_indices()
        .filter(|&m| g.country_of(m) == Some(ix))
        .filter_map(|m| g.node_id(m))
        .collect();
    let name_of = |ix| {
        g.node(ix)
            .map(|n| format!("{} ({})", n.name, n.id))
            .unwrap_or_default()
    };

    if format == Format::Json {
        let edges: serde_json::Map<String, Value> = by_kind
            .iter()
            .map(|(k, list)| {
                (
                    k.as_str().to_string(),
                    list.iter().map(|e| edge_json(g, e)).collect(),
                )
            })
            .collect();
        out.json(&json!({
            "node": node_json(g, node),
            "members": members,
            "edges": edges,
        }));
        return Ok(Outcome::Found);
    }

    let mut fields = vec![
        vec!["id".to_string(), node.id.to_string()],
        vec!["name".into(), node.name.clone()],
        vec!["kind".into(), node.kind.to_string()],
    ];
    if !node.aliases.is_empty() {
        fields.push(vec!["aliases".into(), node.aliases.join("; ")]);
    }
    if let Some(c) = &node.country {
        fields.push(vec![
            "country".into(),
            g.index_of(c.as_str())
                .map(name_of)
                .unwrap_or_else(|| c.to_string()),
        ]);
    }
    if let Some(r) = &node.region {
        fields.push(vec!["region".into(), r.clone()]);
    }
    if let Some(n) = &node.note {
        fields.push(vec!["note".into(), n.clone()]);
    }
    for c in &node.cite {
        fields.push(vec!["source".into(), citation_line(g, c)]);
    }
    if !members.is_empty() {
        // A table cell of a thousand ids would widen every row of the table;
        // CSV and JSON list them all.
        let listed = if format == Format::Table && members.len() > MEMBERS_LISTED {
            format!(
                "{}, … and {} more (--format json lists them all)",
                members[..MEMBERS_SHOWN].join(", "),
                members.len() - MEMBERS_SHOWN
            )
        } else {
            members.join(", ")
        };
        fields.push(vec!["bodies and people".into(), listed]);
    }
    out.table(format, &["field", "value"], fields);

    for (kind, list) in &by_kind {
        if format == Format::Table {
            out.line(format!("\n{kind} ({})", list.len()));
        }
        let mut rows = Vec::new();
        for e in list {
            let (arrow, other) = if e.from == ix {
                (if kind.is_symmetric() { "--" } else { "->" }, e.to)
            } else {
                (if kind.is_symmetric() { "--" } else { "<-" }, e.from)
            };
            let x = e.edge;
            let mut detail: Vec<String> = Vec::new();
            if x.is_planned() && format != Format::Table {
                detail.push("planned".into());
            }
            if let Some(a) = x.amount_usd {
                detail.push(money(a));
            }
            for s in [&x.role, &x.region, &x.place, &x.what]
                .into_iter()
                .flatten()
            {
                detail.push(s.clone());
            }
            if let Some(d) = &x.derived {
                detail.push(format!("derived: {d}"));
            }
            let cites: Vec<String> = x.cite.iter().map(|c| citation_line(g, c)).collect();
            let date = x.date.map(|d| d.to_string()).unwrap_or_default();
            if format == Format::Table {
                let mut parts = vec![format!("  {arrow} {}", name_of(other))];
                if !date.is_empty() {
                    parts.push(date.clone());
                }
                if x.is_planned() {
                    parts.push("(planned)".into());
                }
                if let Some(id) = &x.id {
                    parts.push(format!("id {id}"));
                }
                out.line_wrap(parts.join("  "));
                if !detail.is_empty() {
                    out.line_fit(format!("       {}", detail.join("; ")));
                }
                for c in &cites {
                    out.line_fit(format!("       {c}"));
                }
            } else {
                rows.push(vec![
                    kind.to_string(),
                    arrow.to_string(),
                    name_of(other),
                    date,
                    detail.join("; "),
                    cites.join(" "),
                    x.id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                ]);
            }
        }
        if format == Format::Csv {
            out.table(
                format,
                &[
                    "kind",
                    "direction",
                    "with",
                    "date",
                    "details",
                    "sources",
                    "id",
                ],
                rows,
            );
        }
    }
    Ok(Outcome::Found)
}
