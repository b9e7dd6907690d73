//! `egov timeline [NODE]`: events in date order, each with its citation.

use egov_graph::model::{EdgeKind, Folding, Graph, OwnedEdge};
use egov_graph::Error;
use serde_json::json;

use super::args::{Format, TimelineArgs};
use super::output::{citation_line, edge_json, money};
use super::{view, Out, Outcome};

/// Prints the events; none is exit 1.
pub fn run(g: &Graph, a: &TimelineArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let mut filter = view::filter(g, &a.view)?;
    if filter.kinds.is_none() {
        // Borders and memberships are facts, not events of cooperation.
        filter.context = false;
    }
    // Only the folding of nodes is needed (which node is the centre), not
    // the merged ties.
    let v = Folding::new(g, view::level(&a.view));
    let center = a
        .node
        .as_deref()
        .map(|q| view::resolve(g, &v, q))
        .transpose()?;
    // Chosen from the edges' summaries; only the events kept are built, each
    // alone (on a large graph a node's events lie all over the file).
    let mut events: Vec<OwnedEdge> = g
        .edge_summaries()
        .filter(|e| filter.keeps_summary(e))
        .filter(|e| a.undated || e.date.is_some())
        .filter(|e| center.is_none_or(|c| v.fold(e.from) == Some(c) || v.fold(e.to) == Some(c)))
        .filter_map(|e| g.edge_alone(e.index))
        .collect();
    // A node's timeline shows its membership periods, as `show` does:
    // ended ones too (they are its history), unless --as-of asks for the
    // graph as it stood on a date.
    if let Some(c) = center.filter(|_| filter.kinds.is_none() && !a.view.no_context) {
        let mut mf = filter.clone();
        mf.context = true;
        mf.kinds = Some([EdgeKind::MemberOf].into());
        if a.view.as_of.is_none() {
            mf.ended.clear();
        }
        events.extend(
            g.edge_summaries()
                .filter(|e| e.kind == EdgeKind::MemberOf && mf.keeps_summary(e))
                .filter(|e| a.undated || e.date.is_some())
                .filter(|e| v.fold(e.from) == Some(c))
                .filter_map(|e| g.edge_alone(e.index)),
        );
    }
    // Dated first, in date order (partial dates before the more precise ones
    // they contain), then undated; ties keep the data's order.
    events.sort_by_key(|e| (e.edge.date.is_none(), e.edge.date, e.index));
    let name = |ix| g.node_name(ix).unwrap_or_default().to_string();
    let id = |ix| g.node_id(ix).unwrap_or_default().to_string();
    match format {
        Format::Json => out.json(&json!(events
            .iter()
            .map(|e| edge_json(g, &e.view()))
            .collect::<Vec<_>>())),
        Format::Csv => {
            let rows = events
                .iter()
                .map(|e| {
                    vec![
                        e.edge.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.edge.kind.to_string(),
                        id(e.from),
                        id(e.to),
                        e.edge.place.clone().unwrap_or_default(),
                        e.edge.amount_usd.map(|x| x.to_string()).unwrap_or_default(),
                        e.edge
                            .cite
                            .iter()
                            .map(|c| citation_line(g, c))
                            .collect::<Vec<_>>()
                            .join(" "),
                        e.edge.status.to_string(),
                        e.edge
                            .id
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            out.table(
                format,
                &[
                    "date",
                    "kind",
                    "from",
                    "to",
                    "place",
                    "amount_usd",
                    "citation",
                    "status",
                    "id",
                ],
                rows,
            );
        }
        Format::Table => {
            for e in &events {
                let date = e
                    .edge
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into());
                let arrow = if e.edge.kind.is_symmetric() {
                    "--"
                } else {
                    "->"
                };
                let mut line = format!(
                    "{date:<10}  {:<11} {} {arrow} {}",
                    e.edge.kind.as_str(),
                    name(e.from),
                    name(e.to)
                );
                if e.edge.is_planned() {
                    line.push_str("  (planned)");
                }
                if e.edge.kind == EdgeKind::MemberOf {
                    // The period, and the status where it is not member.
                    let d = |x: Option<egov_graph::model::PartialDate>| {
                        x.map(|d| d.to_string()).unwrap_or_default()
                    };
                    let period = format!(
                        "{} {} – {}",
                        e.edge.role.as_deref().unwrap_or("member"),
                        d(e.edge.date),
                        d(e.edge.end_date)
                    );
                    line.push_str(&format!("  {}", period.trim_end()));
                }
                if let Some(x) = e.edge.amount_usd {
                    line.push_str(&format!("  {}", money(x)));
                }
                if let Some(p) = &e.edge.place {
                    line.push_str(&format!("  [{p}]"));
                }
                // The id ends the line when it fits, else it has a line of
                // its own (an id cut in two cannot be copied).
                let mut id_line = None;
                if let Some(id) = &e.edge.id {
                    let with = format!("{line}  id {id}");
                    let fits = out
                        .width()
                        .is_none_or(|w| with.chars().count() <= usize::from(w));
                    if fits {
                        line = with;
                    } else {
                        id_line = Some(format!("{:12}id {id}", ""));
                    }
                }
                out.line_wrap(line);
                if let Some(l) = id_line {
                    out.line(l);
                }
                for c in &e.edge.cite {
                    out.line_fit(format!("{:12}{}", "", citation_line(g, c)));
                }
            }
        }
    }
    Ok(if events.is_empty() {
        eprintln!("egov: no events match");
        Outcome::Nothing
    } else {
        Outcome::Found
    })
}
