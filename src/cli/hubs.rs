//! `egov hubs`: nodes ranked by centrality ([`analysis::hubs`]).

use egov_graph::analysis::{self, HubsMetric, HubsQuery};
use egov_graph::model::{Graph, NodeKind, Partition};
use egov_graph::Error;
use serde_json::{json, Map, Value};

use super::args::{Format, HubsArgs, Metric};
use super::{view, Out, Outcome};

/// The library's measure for a `--metric` value (`None`: all).
fn metric(m: Metric) -> Option<HubsMetric> {
    Some(match m {
        Metric::All => return None,
        Metric::Degree => HubsMetric::Degree,
        Metric::Betweenness => HubsMetric::Betweenness,
        Metric::Closeness => HubsMetric::Closeness,
        Metric::Eigenvector => HubsMetric::Eigenvector,
        Metric::Pagerank => HubsMetric::Pagerank,
        Metric::Constraint => HubsMetric::Constraint,
        Metric::EffectiveSize => HubsMetric::EffectiveSize,
        Metric::Participation => HubsMetric::Participation,
        Metric::WithinModuleZ => HubsMetric::WithinModuleZ,
    })
}

/// Computes and prints the ranking.
pub fn run(g: &Graph, a: &HubsArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let node_kinds: Vec<NodeKind> = a
        .node_kinds
        .iter()
        .map(|k| k.parse::<NodeKind>().map_err(Error::Invalid))
        .collect::<Result<_, _>>()?;
    let (metrics, mut sort) = match metric(a.metric) {
        Some(m) => (vec![m], vec![m]),
        None => (
            HubsMetric::CENTRALITIES.to_vec(),
            vec![HubsMetric::Betweenness],
        ),
    };
    if !a.sort.is_empty() {
        sort = a.sort.iter().filter_map(|&m| metric(m)).collect();
        if sort.len() < a.sort.len() {
            return Err(Error::Invalid(
                "--sort takes measures (degree, betweenness, ...), not all".into(),
            ));
        }
    }
    // Tables are for reading: nodes without a tie say nothing there.
    let connected_only = a.connected || (format == Format::Table && !a.with_isolated);
    let q = HubsQuery {
        level: view::level(&a.view),
        filter: view::filter(g, &a.view)?,
        metrics,
        sort,
        connected_only,
        weighted: a.weighted,
        samples: a.samples,
        node_kinds,
        modules: Partition::parse(&a.by),
        top: a.top,
    };
    let answer = analysis::hubs(g, &q)?;
    match format {
        Format::Json => {
            let rows: Vec<Value> = answer
                .rows
                .iter()
                .map(|r| {
                    let mut m = Map::new();
                    m.insert("id".into(), json!(r.id));
                    m.insert("name".into(), json!(r.name));
                    m.insert("kind".into(), json!(r.kind.as_str()));
                    if let Some(region) = &r.region {
                        m.insert("region".into(), json!(region));
                    }
                    for (metric, x) in answer.metrics.iter().zip(&r.values) {
                        m.insert(metric.as_str().into(), json!(x));
                    }
                    Value::Object(m)
                })
                .collect();
            out.json(&json!(rows));
        }
        _ => {
            let mut header = vec!["rank", "id", "name", "kind"];
            header.extend(answer.metrics.iter().map(|m| m.as_str()));
            let rows = answer
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut cells = vec![
                        (i + 1).to_string(),
                        r.id.clone(),
                        r.name.clone(),
                        r.kind.to_string(),
                    ];
                    // Tables round to 4 decimals; CSV keeps every digit.
                    cells.extend(r.values.iter().map(|x| match format {
                        Format::Csv => x.to_string(),
                        _ => format!("{x:.4}"),
                    }));
                    cells
                })
                .collect();
            // The kind stays whole; the name is what gives way.
            out.table_keeping(format, &header, rows, &["kind"]);
        }
    }
    Ok(if answer.rows.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Found
    })
}
