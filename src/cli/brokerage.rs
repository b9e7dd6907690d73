//! `egov brokerage`: Gould–Fernandez brokerage roles of every node.

use egov_graph::analysis::{self, BrokerageOptions, Role, Roles};
use egov_graph::model::{Graph, Partition};
use egov_graph::Error;
use serde_json::{json, Map, Value};

use super::args::{BrokerageArgs, Format};
use super::{view, Out, Outcome};

/// Counts and prints the roles, most brokerage first.
pub fn run(g: &Graph, a: &BrokerageArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    let v = view::build(g, &a.view)?;
    let options = BrokerageOptions {
        partition: Partition::parse(&a.by),
        directed: a.directed,
    };
    let report = analysis::brokerage_report(g, &v, &options)?;
    let total = |x: u32| report.roles[x as usize].count(Role::Total);
    let id = |x: u32| view::id(g, &v, x);
    let mut order: Vec<u32> = (0..v.node_count() as u32).collect();
    order.sort_by(|&x, &y| total(y).cmp(&total(x)).then_with(|| id(x).cmp(&id(y))));
    order.truncate(a.top);
    let group = |x: u32| report.groups.label(x).map(str::to_string);
    let name = |x: u32| {
        view::node(g, &v, x)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    match format {
        Format::Json => {
            let per_role = |f: &dyn Fn(Role) -> Value| -> Value {
                let m: Map<String, Value> = Role::ALL
                    .iter()
                    .map(|&r| (r.name().to_string(), f(r)))
                    .collect();
                Value::Object(m)
            };
            let nodes: Vec<Value> = order
                .iter()
                .map(|&x| {
                    let r: &Roles = &report.roles[x as usize];
                    json!({
                        "id": id(x),
                        "name": name(x),
                        "group": group(x),
                        "counts": per_role(&|role| json!(r.count(role))),
                        // serde_json writes a NaN z (sna's 0/0) as null.
                        "z": per_role(&|role| json!(r.z_score(role))),
                    })
                })
                .collect();
            out.json(&json!({"partition": options.partition.name(), "nodes": nodes}));
        }
        Format::Csv => {
            let mut header = vec!["id", "name", options.partition.name()];
            header.extend(Role::ALL.iter().map(|r| r.name()));
            let z_names: Vec<String> = Role::ALL
                .iter()
                .map(|r| format!("z_{}", r.name()))
                .collect();
            header.extend(z_names.iter().map(String::as_str));
            let rows = order
                .iter()
                .map(|&x| {
                    let r = &report.roles[x as usize];
                    let mut row = vec![id(x), name(x), group(x).unwrap_or_default()];
                    row.extend(Role::ALL.iter().map(|&role| r.count(role).to_string()));
                    // An empty cell where sna's z is NaN.
                    row.extend(Role::ALL.iter().map(|&role| {
                        let z = r.z_score(role);
                        if z.is_finite() {
                            z.to_string()
                        } else {
                            String::new()
                        }
                    }));
                    row
                })
                .collect();
            out.table(format, &header, rows);
        }
        Format::Table => {
            let brokers: Vec<u32> = order.iter().copied().filter(|&x| total(x) > 0).collect();
            out.line_wrap(format!(
                "Brokerage by {}, level {}, {}: open two-paths i -> v -> j by the groups of i, v, j",
                options.partition.name(),
                v.level(),
                if a.directed { "directed kinds one way" } else { "every tie both ways" },
            ));
            out.line_wrap(
                "coord A-A-A, itin A-B-A, repr A-A-B, gate A-B-B, liaison A-B-C; \
                 * more than chance (z >= 2 against sna's null model)",
            );
            let header = [
                "rank",
                "node",
                options.partition.name(),
                "coord",
                "itin",
                "repr",
                "gate",
                "liaison",
                "total",
                "z total",
            ];
            let rows = brokers
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let r = &report.roles[x as usize];
                    let mut row = vec![
                        (i + 1).to_string(),
                        format!("{} ({})", shorten(&name(x), 24), id(x)),
                        group(x).map_or_else(|| "-".into(), |s| shorten(&s, 18)),
                    ];
                    row.extend(Role::ALL.iter().map(|&role| {
                        let mark = if r.z_score(role) >= 2.0 { "*" } else { "" };
                        format!("{}{mark}", r.count(role))
                    }));
                    let z = r.z_score(Role::Total);
                    row.push(if z.is_finite() {
                        format!("{z:.1}")
                    } else {
                        "-".into()
                    });
                    row
                })
                .collect();
            out.table(format, &header, rows);
            let idle = order.len() - brokers.len();
            if idle > 0 {
                out.line(format!("({idle} more of the top {} broker nothing)", a.top));
            }
        }
    }
    Ok(if order.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Found
    })
}

/// `s` cut to `max` characters, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
