//! `egov show NODE`: one node, its edges grouped by kind, with dates and
//! citations.
//!
//! At the `country` level (the default) a country's ties are its own and
//! those of every ministry, agency and person that folds into it, as the
//! other commands count them: each tie names the partner as the view sees
//! it (a country), the body that acted for this node ("via") and, when the
//! partner acted through one of its bodies, that body ("counterpart").
//! Ties among the country's own bodies (part_of, affiliation) fold away.

use std::collections::BTreeMap;

use egov_graph::model::{EdgeKind, EdgeView, Filter, Folding, Graph, Level, NodeKind, PartialDate};
use egov_graph::reference::Layer;
use egov_graph::Error;
use petgraph::stable_graph::NodeIndex;
use serde_json::{json, Value};

use super::args::Format;
use super::output::{citation_line, edge_json, money, node_json, plural};
use super::{Out, Outcome};

/// How many of a country's bodies and people the table names when there
/// are more than [`MEMBERS_LISTED`].
const MEMBERS_SHOWN: usize = 30;

/// Up to this many, the table names them all.
const MEMBERS_LISTED: usize = 40;

/// Prints the node (as it stood on `as_of`, when given), and for a
/// country what the reference layer says of it.
pub fn run(
    g: &Graph,
    layer: Option<&Layer>,
    query: &str,
    level: Level,
    as_of: Option<&str>,
    format: Format,
    out: &mut Out,
) -> Result<Outcome, Error> {
    let ix = g.resolve(query)?;
    let folding = Folding::new(g, level);
    // The graph nodes this node stands for at the level: itself and, when
    // it is a node of the view, every node folded into it. A body asked
    // for at the country level (`show kr-moi`) is shown with its own ties.
    let ours: Vec<NodeIndex> = match (folding.position(ix), folding.fold(ix)) {
        (Some(x), _) => g
            .node_indices()
            .filter(|&m| folding.fold(m) == Some(x))
            .collect(),
        _ => vec![ix],
    };
    let rolled = folding.position(ix).is_some();
    let is_ours = |m: NodeIndex| ours.contains(&m);
    // The partner as the view sees it (the node itself when it is ours).
    let partner = |m: NodeIndex| -> NodeIndex {
        if is_ours(m) || !rolled {
            return m;
        }
        folding.fold(m).and_then(|v| folding.node(v)).unwrap_or(m)
    };
    let Some(node) = g.node(ix) else {
        return Ok(Outcome::Nothing);
    };
    let as_of = as_of
        .map(|d| {
            d.parse::<PartialDate>()
                .map_err(|e| Error::Invalid(format!("--as-of: {e}")))
        })
        .transpose()?;
    let filter = Filter {
        kinds: Some(EdgeKind::ALL.iter().copied().collect()),
        include_planned: true,
        as_of,
        ..Filter::default()
    };
    let mut by_kind: BTreeMap<EdgeKind, Vec<EdgeView<'_>>> = BTreeMap::new();
    let mut undated = 0;
    for e in ours.iter().flat_map(|&m| g.edges_of(m)) {
        if !filter.keeps(e.edge) || (is_ours(e.from) && is_ours(e.to) && ours.len() > 1) {
            continue;
        }
        undated +=
            usize::from(as_of.is_some() && e.edge.date.is_none() && e.edge.kind.is_cooperation());
        by_kind.entry(e.edge.kind).or_default().push(e);
    }
    if let (Some(d), true) = (as_of, undated > 0) {
        eprintln!(
            "egov: --as-of {d}: {undated} undated tie{} kept (no date to compare)",
            if undated == 1 { "" } else { "s" }
        );
    }
    let reference = match (layer, node.kind) {
        (Some(l), NodeKind::Country) => reference_rows(l, node.id.as_str(), as_of),
        _ => Vec::new(),
    };
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
    // For an edge of this node: the arrow read from this node, the partner
    // at the level, the body of ours that acted (when not the node itself)
    // and the partner's body (when it folds into the partner).
    let ends = |e: &EdgeView<'_>| {
        let (mine, theirs) = if is_ours(e.from) && (e.from == ix || !is_ours(e.to)) {
            (e.from, e.to)
        } else {
            (e.to, e.from)
        };
        let arrow = if e.edge.kind.is_symmetric() {
            "--"
        } else if mine == e.from {
            "->"
        } else {
            "<-"
        };
        let other = partner(theirs);
        let via = (mine != ix).then_some(mine);
        let counterpart = (other != theirs).then_some(theirs);
        (arrow, other, via, counterpart)
    };
    let id_of = |m: Option<NodeIndex>| m.and_then(|m| g.node_id(m)).map(str::to_string);

    if format == Format::Json {
        let edges: serde_json::Map<String, Value> = by_kind
            .iter()
            .map(|(k, list)| {
                (
                    k.as_str().to_string(),
                    list.iter()
                        .map(|e| {
                            let (_, other, via, counterpart) = ends(e);
                            let mut j = edge_json(g, e);
                            j["with"] = json!(id_of(Some(other)));
                            j["via"] = json!(id_of(via));
                            j["counterpart"] = json!(id_of(counterpart));
                            j
                        })
                        .collect(),
                )
            })
            .collect();
        let reference: Vec<Value> = reference
            .iter()
            .map(|r| json!({"what": r[0], "with": r[1], "period": r[2], "sources": r[3]}))
            .collect();
        out.json(&json!({
            "level": level.as_str(),
            "node": node_json(g, node),
            "members": members,
            "edges": edges,
            "reference": reference,
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
    for (k, v) in &node.attrs {
        fields.push(vec![k.clone(), v.clone()]);
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
    // CSV is one table of the node's ties (edges, then the reference
    // layer's rows), with one header; the node's fields are in the table
    // and JSON outputs.
    if format == Format::Table {
        if ours.len() > 1 {
            fields.push(vec![
                "level".into(),
                format!(
                    "{}: the ties below include those of the {} folded into it",
                    level.as_str(),
                    plural(ours.len() - 1, "body or person")
                        .replace("body or persons", "bodies and people")
                ),
            ]);
        }
        out.table(format, &["field", "value"], fields);
    }

    let mut rows = Vec::new();
    for (kind, list) in &by_kind {
        if format == Format::Table {
            out.line(format!("\n{kind} ({})", list.len()));
        }
        for e in list {
            let (arrow, other, via, counterpart) = ends(e);
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
            for (k, v) in &x.attrs {
                detail.push(format!("{k}: {v}"));
            }
            if let Some(d) = &x.derived {
                detail.push(format!("derived: {d}"));
            }
            let cites: Vec<String> = x.cite.iter().map(|c| citation_line(g, c)).collect();
            let date = period(x.date, x.end_date, *kind == EdgeKind::MemberOf);
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
                match (via, counterpart) {
                    (Some(v), Some(c)) => out.line_fit(format!(
                        "       via {}; counterpart {}",
                        name_of(v),
                        g.node_id(c).unwrap_or_default()
                    )),
                    (Some(v), None) => out.line_fit(format!("       via {}", name_of(v))),
                    (None, Some(c)) => out.line_fit(format!("       counterpart {}", name_of(c))),
                    (None, None) => {}
                }
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
                    via.map(name_of).unwrap_or_default(),
                    counterpart.map(name_of).unwrap_or_default(),
                    date,
                    detail.join("; "),
                    cites.join(" "),
                    x.id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                ]);
            }
        }
    }
    if format == Format::Csv {
        for r in reference {
            let [what, with, period, sources] = <[String; 4]>::try_from(r).unwrap_or_default();
            rows.push(vec![
                what,
                "--".into(),
                with,
                String::new(),
                String::new(),
                period,
                "reference layer".into(),
                sources,
                String::new(),
            ]);
        }
        out.table(
            format,
            &[
                "kind",
                "direction",
                "with",
                "via",
                "counterpart",
                "date",
                "details",
                "sources",
                "id",
            ],
            rows,
        );
    } else if !reference.is_empty() {
        out.line("\nreference layer (land borders and memberships; --context none leaves it out)");
        out.table(format, &["what", "with", "period", "sources"], reference);
    }
    Ok(Outcome::Found)
}

/// A date, or a span `start – end` (an open span for a membership).
fn period(start: Option<PartialDate>, end: Option<PartialDate>, span: bool) -> String {
    let s = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    if end.is_some() || (span && start.is_some()) {
        format!("{} – {}", s(start), s(end)).trim().to_string()
    } else {
        s(start)
    }
}

/// The layer's land borders and membership periods of country `id` (on
/// `as_of`, when given), as table rows.
fn reference_rows(l: &Layer, id: &str, as_of: Option<PartialDate>) -> Vec<Vec<String>> {
    let Some(c) = l.country(id).filter(|c| c.alpha2 == id) else {
        return Vec::new();
    };
    let name = |code: &str| {
        l.country(code)
            .map(|o| format!("{} ({code})", o.name))
            .unwrap_or_else(|| code.to_string())
    };
    let mut rows = Vec::new();
    for b in &l.borders {
        let other = if b.a == c.alpha2 {
            &b.b
        } else if b.b == c.alpha2 {
            &b.a
        } else {
            continue;
        };
        let what = match &b.via {
            Some(v) => format!("border (via {v})"),
            None => "border".to_string(),
        };
        rows.push(vec![what, name(other), String::new(), b.sources.join("; ")]);
    }
    let mut ms = l.memberships_of(&c.alpha2);
    ms.retain(|m| as_of.is_none_or(|d| m.holds_on(d)));
    ms.sort_by(|a, b| (&a.org, a.start).cmp(&(&b.org, b.start)));
    for m in ms {
        let org = l
            .organization(&m.org)
            .map(|o| o.aliases.first().unwrap_or(&o.name).clone())
            .unwrap_or_else(|| m.org.clone());
        let mut p = period(m.start, m.end, true);
        if p.is_empty() {
            p = "(start not recorded)".into();
        }
        rows.push(vec![m.status.clone(), org, p, m.sources.join("; ")]);
    }
    rows
}
