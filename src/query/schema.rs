//! The shape of a property graph as a table: each label and relationship
//! type with how many elements carry it and the property keys they have,
//! for the shell's `:schema`.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::PropertyGraph;
use super::value::Value;
use super::Table;

/// One row per node label, then one per relationship type (by name):
/// `element` (`label` or `type`), `name`, `count`, `properties` (the keys
/// seen on them, sorted, comma-separated). A symmetric type is marked `(either direction)`.
pub fn schema(g: &PropertyGraph) -> Table {
    let mut labels: BTreeMap<&str, (i64, BTreeSet<&str>)> = BTreeMap::new();
    for id in g.node_ids() {
        let Some(n) = g.node(id) else { continue };
        for l in &n.labels {
            let e = labels.entry(l.as_str()).or_default();
            e.0 += 1;
            e.1.extend(n.props.keys().map(String::as_str));
        }
    }
    let mut types: BTreeMap<&str, (i64, BTreeSet<&str>, bool)> = BTreeMap::new();
    for id in g.rel_ids() {
        let Some(r) = g.rel(id) else { continue };
        let e = types.entry(r.ty.as_str()).or_default();
        e.0 += 1;
        e.1.extend(r.props.keys().map(String::as_str));
        e.2 |= r.symmetric;
    }
    let keys = |s: &BTreeSet<&str>| Value::Str(s.iter().copied().collect::<Vec<_>>().join(", "));
    let mut rows = Vec::new();
    for (name, (count, props)) in &labels {
        rows.push(vec![
            Value::Str("label".into()),
            Value::Str(format!(":{name}")),
            Value::Int(*count),
            keys(props),
        ]);
    }
    for (name, (count, props, symmetric)) in &types {
        let name = if *symmetric {
            format!("[:{name}] (either direction)")
        } else {
            format!("[:{name}]")
        };
        rows.push(vec![
            Value::Str("type".into()),
            Value::Str(name),
            Value::Int(*count),
            keys(props),
        ]);
    }
    Table {
        columns: ["element", "name", "count", "properties"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}
