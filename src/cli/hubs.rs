//! `egov hubs`: nodes ranked by centrality.

use egov_graph::analysis::{self, Csr};
use egov_graph::model::{Graph, NodeKind, Partition, Weight};
use egov_graph::Error;
use serde_json::{json, Map, Value};

use super::args::{Format, HubsArgs, Metric};
use super::{view, Out, Outcome};

const MEASURES: [Metric; 5] = [
    Metric::Degree,
    Metric::Betweenness,
    Metric::Closeness,
    Metric::Eigenvector,
    Metric::Pagerank,
];

fn name(m: Metric) -> &'static str {
    match m {
        Metric::All => "all",
        Metric::Degree => "degree",
        Metric::Betweenness => "betweenness",
        Metric::Closeness => "closeness",
        Metric::Eigenvector => "eigenvector",
        Metric::Pagerank => "pagerank",
        Metric::Constraint => "constraint",
        Metric::EffectiveSize => "effective_size",
        Metric::Participation => "participation",
        Metric::WithinModuleZ => "within_module_z",
    }
}

/// Computes and prints the ranking.
pub fn run(g: &Graph, a: &HubsArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let v = view::build(g, &a.view)?;
    let kinds: Vec<NodeKind> = a
        .node_kinds
        .iter()
        .map(|k| k.parse::<NodeKind>().map_err(Error::Invalid))
        .collect::<Result<_, _>>()?;
    let wanted: Vec<Metric> = if a.metric == Metric::All {
        MEASURES.to_vec()
    } else {
        vec![a.metric]
    };
    let sort_by = if a.metric == Metric::All {
        Metric::Betweenness
    } else {
        a.metric
    };
    // Betweenness and closeness read weights as lengths, eigenvector and
    // PageRank as strengths (NetworkX's conventions).
    let lengths = v.csr(
        false,
        if a.weighted {
            Weight::Cost
        } else {
            Weight::Hops
        },
    );
    let strengths: Csr = if a.weighted {
        v.csr(false, Weight::Strength)
    } else {
        lengths.clone()
    };
    let mut values: Vec<(Metric, Vec<f64>)> = Vec::new();
    for &m in &wanted {
        let x = match m {
            Metric::Degree => analysis::degree_centrality(&lengths),
            Metric::Betweenness => match a.samples {
                Some(k) => analysis::betweenness_sampled(&lengths, a.weighted, true, k, 1),
                None => analysis::betweenness(&lengths, a.weighted, true),
            },
            Metric::Closeness => analysis::closeness(&lengths, a.weighted),
            Metric::Eigenvector => analysis::eigenvector(&strengths, a.weighted, 10_000, 1e-13)
                .map_err(|e| Error::Invalid(format!("eigenvector centrality: {e}")))?,
            Metric::Pagerank => analysis::pagerank(&strengths, 0.85, a.weighted, 100, 1e-6)
                .map_err(|e| Error::Invalid(format!("pagerank: {e}")))?,
            // Burt's measures and the module roles weigh ties by strength
            // with --weighted, as NetworkX's `weight=`.
            Metric::Constraint => analysis::constraint(&strengths),
            Metric::EffectiveSize => analysis::effective_size(&strengths),
            Metric::Participation | Metric::WithinModuleZ => {
                let modules = v.groups(g, &Partition::parse(&a.by))?;
                if m == Metric::Participation {
                    analysis::participation(&strengths, &modules.of)
                } else {
                    analysis::within_module_z(&strengths, &modules.of)
                }
            }
            Metric::All => continue,
        };
        values.push((m, x));
    }
    // Highest first, but least constrained first (brokerage opportunity);
    // NaN (Burt's measures of an isolated node) last.
    let sign = if sort_by == Metric::Constraint {
        -1.0
    } else {
        1.0
    };
    let key: Vec<f64> = values
        .iter()
        .find(|(m, _)| *m == sort_by)
        .map(|(_, x)| {
            x.iter()
                .map(|&y| {
                    if y.is_nan() {
                        f64::NEG_INFINITY
                    } else {
                        sign * y
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut order: Vec<u32> = (0..v.node_count() as u32)
        .filter(|&x| {
            kinds.is_empty()
                || v.node(x)
                    .and_then(|ix| g.node_kind(ix))
                    .is_some_and(|k| kinds.contains(&k))
        })
        .collect();
    // Highest first, ties by id: a total order, so the top `a.top` can be
    // picked out before sorting them (a million nodes need not be sorted,
    // nor their records built to compare ids).
    let id = |x: u32| v.node(x).and_then(|ix| g.node_id(ix)).unwrap_or("");
    let rank = |x: &u32, y: &u32| {
        key[*y as usize]
            .total_cmp(&key[*x as usize])
            .then_with(|| id(*x).cmp(id(*y)))
    };
    if a.top == 0 {
        order.clear();
    } else if order.len() > a.top {
        order.select_nth_unstable_by(a.top - 1, rank);
        order.truncate(a.top);
    }
    order.sort_by(rank);
    match format {
        Format::Json => {
            let rows: Vec<Value> = order
                .iter()
                .map(|&x| {
                    let mut m = Map::new();
                    if let Value::Object(base) = view::node_ref_json(g, &v, x) {
                        m.extend(base);
                    }
                    for (metric, vals) in &values {
                        m.insert(name(*metric).into(), json!(vals[x as usize]));
                    }
                    Value::Object(m)
                })
                .collect();
            out.json(&json!(rows));
        }
        _ => {
            let mut header = vec!["rank", "id", "name", "kind"];
            header.extend(values.iter().map(|(m, _)| name(*m)));
            let rows = order
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let n = view::node(g, &v, x);
                    let mut r = vec![
                        (i + 1).to_string(),
                        view::id(g, &v, x),
                        n.map(|n| n.name.clone()).unwrap_or_default(),
                        n.map(|n| n.kind.to_string()).unwrap_or_default(),
                    ];
                    r.extend(
                        values
                            .iter()
                            .map(|(_, vals)| format!("{:.4}", vals[x as usize])),
                    );
                    r
                })
                .collect();
            out.table(format, &header, rows);
        }
    }
    Ok(if order.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Found
    })
}
