//! `egov spreaders --from S [--region R]`: the partners that carry S's ties
//! into a region.

use egov_graph::analysis::{self, RegionSpreaders};
use egov_graph::model::{Graph, Region, RegionKind};
use egov_graph::Error;
use serde_json::{json, Value};

use super::args::{Format, SpreadersArgs};
use super::output::{citation_json, citation_line};
use super::{view, Out, Outcome};

/// Ranks and prints the spreaders.
pub fn run(g: &Graph, a: &SpreadersArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let v = view::build(g, &a.view)?;
    let source = g.resolve(&a.from)?;
    let source_view = v
        .fold(source)
        .ok_or_else(|| Error::Invalid(format!("'{}' is not part of this view", a.from)))?;
    let source = v.node(source_view).unwrap_or(source);
    let (regions, top): (Vec<Region>, usize) = match &a.region {
        Some(r) => (vec![g.region(r)?], a.top.unwrap_or(5)),
        None => (g.regions(), a.top.unwrap_or(3)),
    };
    let mut reports: Vec<RegionSpreaders> = regions
        .iter()
        .map(|r| analysis::spreaders(g, &v, source, r))
        .filter(|r| a.region.is_some() || !r.spreaders.is_empty())
        .collect();
    if a.region.is_none() {
        // Strongest regions first: by their best spreader's score.
        reports.sort_by(|x, y| {
            let best = |r: &RegionSpreaders| r.spreaders.first().map_or(0.0, |s| s.score);
            best(y)
                .total_cmp(&best(x))
                .then_with(|| x.region.name.cmp(&y.region.name))
        });
    }
    for r in &mut reports {
        r.spreaders.truncate(top);
    }
    let source_id = g.node(source).map(|n| n.id.to_string()).unwrap_or_default();
    let id = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let name = |ix| g.node(ix).map(|n| n.name.clone()).unwrap_or_default();
    let designation_cites = |edges: &[petgraph::stable_graph::EdgeIndex]| -> Vec<Value> {
        edges
            .iter()
            .filter_map(|&e| g.edge(e))
            .flat_map(|e| {
                e.edge
                    .cite
                    .iter()
                    .map(|c| citation_json(g, c))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    match format {
        Format::Json => {
            let regions: Vec<Value> = reports
                .iter()
                .map(|r| {
                    json!({
                        "region": r.region.name,
                        "kind": match r.region.kind { RegionKind::SubRegion => "m49", RegionKind::Membership => "membership" },
                        "organization": r.region.organization.map(id),
                        "targets": r.targets,
                        "reachable": r.reachable,
                        "spreaders": r.spreaders.iter().map(|s| json!({
                            "id": id(s.node),
                            "name": name(s.node),
                            "score": s.score,
                            "tie_strength": s.tie_strength,
                            "reach": s.reach,
                            "designated_hub": !s.designations.is_empty(),
                            "designation_derived": s.designations.iter().filter_map(|&e| g.edge(e)).any(|e| e.edge.derived.is_some()),
                            "hub_for_other_region": s.other_designations.iter().filter_map(|&e| g.edge(e)).filter_map(|e| e.edge.region.clone()).collect::<Vec<_>>(),
                            "citations": designation_cites(&s.designations),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.json(&json!({"source": source_id, "regions": regions}));
        }
        _ => {
            let mut rows = Vec::new();
            for r in &reports {
                for (i, s) in r.spreaders.iter().enumerate() {
                    let hub = if s.designations.is_empty() {
                        let other: Vec<String> = s
                            .other_designations
                            .iter()
                            .filter_map(|&e| g.edge(e))
                            .filter_map(|e| e.edge.region.clone())
                            .collect();
                        if other.is_empty() {
                            "no".to_string()
                        } else {
                            format!("no (named for {})", other.join(", "))
                        }
                    } else if s
                        .designations
                        .iter()
                        .filter_map(|&e| g.edge(e))
                        .all(|e| e.edge.derived.is_some())
                    {
                        "yes (derived)".to_string()
                    } else {
                        "yes".to_string()
                    };
                    let quote = s
                        .designations
                        .iter()
                        .filter_map(|&e| g.edge(e))
                        .flat_map(|e| e.edge.cite.first())
                        .map(|c| citation_line(g, c))
                        .next()
                        .unwrap_or_default();
                    rows.push(vec![
                        format!("{} ({}/{} reached)", r.region.name, r.reachable, r.targets),
                        (i + 1).to_string(),
                        format!("{} ({})", name(s.node), id(s.node)),
                        format!("{:.3}", s.score),
                        format!("{:.2}", s.tie_strength),
                        s.reach.to_string(),
                        hub,
                        quote,
                    ]);
                }
            }
            if format == Format::Table {
                out.line(format!(
                    "Spreaders from {} ({source_id}), level {:?}",
                    name(source),
                    v.level()
                ));
            }
            out.table(
                format,
                &[
                    "region",
                    "rank",
                    "country",
                    "score",
                    "tie",
                    "reach",
                    "stated hub",
                    "source",
                ],
                rows,
            );
        }
    }
    let any = reports.iter().any(|r| !r.spreaders.is_empty());
    if !any {
        eprintln!("egov: no country carries paths from {source_id} into that region (it is unreachable, or every member is a direct partner)");
    }
    Ok(if any {
        Outcome::Found
    } else {
        Outcome::Nothing
    })
}
