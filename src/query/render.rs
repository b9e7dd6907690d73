//! Values as text (Cypher literal notation, as the openCypher TCK writes
//! results: `(:A {name: 'b'})`, `[:T]`, `<(:A)-[:T]->(:B)>`), as a short
//! table cell (a relationship with its citations), and as JSON.

use std::collections::BTreeMap;

use super::graph::PropertyGraph;
use super::value::{format_float, NodeId, RelId, Value};

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn props(m: &BTreeMap<String, Value>, g: &PropertyGraph) -> String {
    if m.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}: {}", literal(v, g)))
        .collect();
    format!(" {{{}}}", parts.join(", "))
}

fn node_text(
    id: usize,
    g: &PropertyGraph,
    p: &dyn Fn(&BTreeMap<String, Value>) -> String,
) -> String {
    match g.node(id) {
        Some(d) => {
            let labels: String = d.labels.iter().map(|l| format!(":{l}")).collect();
            let body = format!("{labels}{}", p(&d.props));
            format!("({})", body.trim_start())
        }
        None => "(deleted)".into(),
    }
}

fn rel_text(
    id: usize,
    g: &PropertyGraph,
    p: &dyn Fn(&BTreeMap<String, Value>) -> String,
) -> String {
    match g.rel(id) {
        Some(d) => format!("[:{}{}]", d.ty, p(&d.props)),
        None => "[deleted]".into(),
    }
}

fn path_text(
    nodes: &[usize],
    rels: &[usize],
    g: &PropertyGraph,
    n: &dyn Fn(usize) -> String,
    r: &dyn Fn(usize) -> String,
) -> String {
    let mut s = String::from("<");
    let mut cur = nodes.first().copied();
    if let Some(c) = cur {
        s += &n(c);
    }
    for (i, &rel) in rels.iter().enumerate() {
        let next = nodes.get(i + 1).copied();
        let forward = match (g.rel(rel), cur) {
            (Some(d), Some(c)) => d.start == c,
            _ => true,
        };
        if forward {
            s += &format!("-{}->", r(rel));
        } else {
            s += &format!("<-{}-", r(rel));
        }
        if let Some(x) = next {
            s += &n(x);
        }
        cur = next;
    }
    s + ">"
}

/// A value in Cypher literal notation, every property shown.
pub fn literal(v: &Value, g: &PropertyGraph) -> String {
    let p = |m: &BTreeMap<String, Value>| props(m, g);
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Str(s) => quote(s),
        Value::List(xs) => format!(
            "[{}]",
            xs.iter()
                .map(|x| literal(x, g))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", literal(v, g)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Node(n) => node_text(*n, g, &p),
        Value::Rel(r) => rel_text(*r, g, &p),
        Value::Path(path) => {
            path_text(&path.nodes, &path.rels, g, &|n| node_text(n, g, &p), &|r| {
                rel_text(r, g, &p)
            })
        }
    }
}

/// A value as a table cell: nodes by label, id and name; relationships by
/// type, date and every citation (`"quote" (file)`); strings bare; other
/// values as literals.
pub fn cell(v: &Value, g: &PropertyGraph) -> String {
    let short_node = |m: &BTreeMap<String, Value>| -> String {
        let kept: BTreeMap<String, Value> = m
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "id" | "name" | "title"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if kept.is_empty() {
            props(m, g)
        } else {
            props(&kept, g)
        }
    };
    let short_rel = |m: &BTreeMap<String, Value>| -> String {
        // The egov graph's relationships (they carry citations) show their
        // id, date, amount and a status other than realised; others all.
        let egov = m.contains_key("citations");
        let kept: BTreeMap<String, Value> = m
            .iter()
            .filter(|(k, v)| {
                !egov
                    || matches!(k.as_str(), "id" | "date" | "amount_usd")
                    || (k.as_str() == "status" && **v != Value::Str("realised".into()))
            })
            .filter(|(k, _)| k.as_str() != "citations")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        props(&kept, g)
    };
    match v {
        Value::Str(s) => s.clone(),
        Value::Node(n) => node_text(*n, g, &short_node),
        Value::Rel(r) => {
            let mut s = rel_text(*r, g, &short_rel);
            if let Some(Value::List(cs)) = g.rel(*r).and_then(|d| d.props.get("citations")) {
                for c in cs {
                    if let Value::Map(m) = c {
                        let whence = match (m.get("file"), m.get("source")) {
                            (Some(Value::Str(f)), _) => f.clone(),
                            (_, Some(Value::Str(s))) => s.clone(),
                            _ => String::new(),
                        };
                        match m.get("quote") {
                            Some(Value::Str(q)) => s += &format!(" \"{q}\" ({whence})"),
                            _ => s += &format!(" ({whence})"),
                        }
                    }
                }
            }
            s
        }
        Value::Path(path) => path_text(
            &path.nodes,
            &path.rels,
            g,
            &|n| node_text(n, g, &short_node),
            &|r| rel_text(r, g, &short_rel),
        ),
        Value::List(xs)
            if xs
                .iter()
                .any(|x| matches!(x, Value::Node(_) | Value::Rel(_) | Value::Path(_))) =>
        {
            format!(
                "[{}]",
                xs.iter().map(|x| cell(x, g)).collect::<Vec<_>>().join(", ")
            )
        }
        other => literal(other, g),
    }
}

/// A value as JSON: nodes as `{labels, properties}`, relationships as
/// `{type, start, end, properties}` (ends by their `id` property where they
/// have one), paths as `{nodes, relationships}`.
pub fn to_json(v: &Value, g: &PropertyGraph) -> serde_json::Value {
    use serde_json::{json, Map};
    let pm = |m: &BTreeMap<String, Value>| -> serde_json::Value {
        serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), to_json(v, g)))
                .collect::<Map<_, _>>(),
        )
    };
    let end = |n: usize| match g.node(n).and_then(|d| d.props.get("id")) {
        Some(v) => to_json(v, g),
        None => json!(n),
    };
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(json!(format_float(*f)), serde_json::Value::Number),
        Value::Str(s) => json!(s),
        Value::List(xs) => serde_json::Value::Array(xs.iter().map(|x| to_json(x, g)).collect()),
        Value::Map(m) => pm(m),
        Value::Node(n) => match g.node(*n) {
            Some(d) => json!({"labels": d.labels, "properties": pm(&d.props)}),
            None => serde_json::Value::Null,
        },
        Value::Rel(r) => match g.rel(*r) {
            Some(d) => {
                json!({"type": d.ty, "start": end(d.start), "end": end(d.end), "properties": pm(&d.props)})
            }
            None => serde_json::Value::Null,
        },
        Value::Path(p) => json!({
            "nodes": p.nodes.iter().map(|&n| to_json(&Value::Node(n), g)).collect::<Vec<_>>(),
            "relationships": p.rels.iter().map(|&r| to_json(&Value::Rel(r), g)).collect::<Vec<_>>(),
        }),
    }
}

/// A JSON value as a Cypher value (integers stay integers).
pub fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(xs) => Value::List(xs.iter().map(from_json).collect()),
        serde_json::Value::Object(m) => {
            Value::Map(m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// The evidence of a row, as `path --explain` prints it: each
/// relationship the row holds (directly, in a list or map, or walked by a
/// path), once and in order, as `start -[:TYPE]-> end  id ID` followed by
/// its citations, one `"quote" (file)` line each (indented by two spaces).
/// Nodes and values without relationships give no lines.
pub fn evidence(row: &[Value], g: &PropertyGraph) -> Vec<String> {
    fn collect(v: &Value, out: &mut Vec<RelId>) {
        match v {
            Value::Rel(r) if !out.contains(r) => out.push(*r),
            Value::Path(p) => p.rels.iter().for_each(|r| collect(&Value::Rel(*r), out)),
            Value::List(xs) => xs.iter().for_each(|x| collect(x, out)),
            Value::Map(m) => m.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    let mut rels = Vec::new();
    row.iter().for_each(|v| collect(v, &mut rels));
    let mut lines = Vec::new();
    for r in rels {
        let Some(d) = g.rel(r) else { continue };
        let end_id = |n: NodeId| match g.node(n).and_then(|x| x.props.get("id")) {
            Some(Value::Str(s)) => s.clone(),
            _ => format!("#{n}"),
        };
        let arrow = if d.symmetric { "-" } else { "->" };
        let mut head = format!("{} -[:{}]{arrow} {}", end_id(d.start), d.ty, end_id(d.end));
        if let Some(Value::Str(date)) = d.props.get("date") {
            head = format!("{date} {head}");
        }
        if let Some(Value::Str(id)) = d.props.get("id") {
            head += &format!("  id {id}");
        }
        lines.push(head);
        match d.props.get("citations") {
            Some(Value::List(cs)) if !cs.is_empty() => {
                for c in cs {
                    let Value::Map(m) = c else { continue };
                    let whence = match (m.get("file"), m.get("source")) {
                        (Some(Value::Str(f)), _) => f.clone(),
                        (_, Some(Value::Str(s))) => s.clone(),
                        _ => String::new(),
                    };
                    lines.push(match m.get("quote") {
                        Some(Value::Str(q)) => format!("  \"{q}\" ({whence})"),
                        _ => format!("  ({whence})"),
                    });
                }
            }
            _ => lines.push("  (no citation)".into()),
        }
    }
    lines
}
