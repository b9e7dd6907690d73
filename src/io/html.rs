//! The interactive map: one self-contained HTML file (`egov render -o
//! map.html`, `egov export html`).
//!
//! The page embeds the drawn part of a [`View`] as JSON (nodes with their
//! positions and metrics, every graph edge with its citations, the
//! sources), our own script (`html/map.js`) and style (`html/map.css`).
//! It loads nothing from the network. Positions are computed here, before
//! the page is written, by [`layout`] (Graphviz when installed, else a
//! seeded force-directed layout of our own), so the page opens on a
//! finished picture and two runs give the same file.
//!
//! What to draw and the metrics come from the caller (the command line
//! computes them with `analysis`); this module only lays out and writes.
//! The page's path search follows the rules of
//! [`shortest_path`](crate::analysis::shortest_path): fewest hops, ties
//! towards lower view indices, which is why nodes are embedded in view
//! order.

pub mod layout;

use std::collections::{BTreeMap, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::model::{EdgeKind, Graph, NodeKind, View};

/// The most nodes a map holds: above it the page no longer pans smoothly
/// (see docs/performance.md).
pub const MAX_NODES: usize = 10_000;
/// The most edges a map holds.
pub const MAX_EDGES: usize = 40_000;

/// A value per drawn node that the page can size or colour by.
#[derive(Debug, Clone)]
pub struct Metric {
    /// Short key (`degree`, `pagerank`).
    pub key: String,
    /// What the legend says it is.
    pub about: String,
    /// One value per view node, by view index.
    pub values: Vec<f64>,
}

/// One region's top spreaders (see `egov spreaders`).
#[derive(Debug, Clone)]
pub struct SpreaderRegion {
    /// The region's name.
    pub region: String,
    /// `(node, score)`, best first.
    pub spreaders: Vec<(NodeIndex, f64)>,
}

/// What the page draws and how it opens.
#[derive(Debug, Clone, Default)]
pub struct MapContent {
    /// The drawn view nodes (view indices).
    pub nodes: Vec<u32>,
    /// The drawn graph edges (each folds to two drawn view nodes).
    pub edges: Vec<EdgeIndex>,
    /// Metrics to size and colour by.
    pub metrics: Vec<Metric>,
    /// A community number per view node, by view index, when computed.
    pub communities: Option<Vec<u32>>,
    /// The spreader overlay: the source and each region's spreaders.
    pub spreaders: Option<(NodeIndex, Vec<SpreaderRegion>)>,
    /// Whether the page opens with the spreader overlay shown.
    pub show_spreaders: bool,
    /// Nodes to open selected and outlined (an ego's centre).
    pub highlight: Vec<NodeIndex>,
    /// A path to open with (view nodes, in order).
    pub path: Vec<u32>,
    /// The title line.
    pub title: String,
    /// What the view is (level, filters), under the title.
    pub subtitle: String,
    /// The metric to size by when the page opens (`None`: by kind).
    pub size_by: Option<String>,
    /// What to colour by when the page opens (`kind`, `region`,
    /// `community` or a metric key).
    pub color_by: Option<String>,
}

/// Checks the map is small enough to open smoothly; the error says how
/// to draw a part.
pub fn check_size(nodes: usize, edges: usize) -> Result<()> {
    if nodes > MAX_NODES || edges > MAX_EDGES {
        return Err(Error::Invalid(format!(
            "the map would have {nodes} nodes and {edges} edges, more than {MAX_NODES} nodes or {MAX_EDGES} edges (a page that stays smooth); draw a part with --top N, --ego ID, --level country, --kinds KINDS or --no-context"
        )));
    }
    Ok(())
}

/// Writes the page.
///
/// Errors: the map is too large ([`check_size`]).
pub fn write_map(g: &Graph, view: &View, c: &MapContent) -> Result<String> {
    check_size(c.nodes.len(), c.edges.len())?;
    let data = map_data(g, view, c);
    let json = serde_json::to_string(&data)
        .map_err(|e| Error::Invalid(format!("cannot write the map's data: {e}")))?;
    Ok(page(&c.title, &json))
}

/// The HTML around the data: the style, the script, and the data in a
/// `<script type="application/json">` block (with `<` escaped, so no text
/// in the data can close the block).
fn page(title: &str, json: &str) -> String {
    let safe = json.replace('<', "\\u003c");
    let mut out = String::with_capacity(TEMPLATE.len() + CSS.len() + SCRIPT.len() + safe.len());
    // Only the template's own text is scanned for `{{…}}`, never what is
    // put in.
    let mut rest = TEMPLATE;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            return out;
        };
        match &after[..j] {
            "title" => out.push_str(&escape_html(title)),
            "css" => out.push_str(CSS),
            "script" => out.push_str(SCRIPT),
            "data" => out.push_str(&safe),
            other => {
                out.push_str("{{");
                out.push_str(other);
                out.push_str("}}");
            }
        }
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    out
}

const TEMPLATE: &str = include_str!("html/map.html");
const CSS: &str = include_str!("html/map.css");
const SCRIPT: &str = include_str!("html/map.js");

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The region a node is coloured by: its own, or its country's.
fn region_of(g: &Graph, ix: NodeIndex) -> Option<String> {
    let n = g.node(ix)?;
    if let Some(r) = &n.region {
        return Some(r.clone());
    }
    let c = g.country_of(ix)?;
    g.node(c)?.region.clone()
}

fn map_data(g: &Graph, view: &View, c: &MapContent) -> Value {
    let mut order: Vec<u32> = c.nodes.clone();
    order.sort_unstable();
    order.dedup();
    // Page index of each drawn view node: view order, so that the page's
    // ties break as `egov path`'s do.
    let page_of: HashMap<u32, usize> = order.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let members = view.members();
    let labels: Vec<String> = order
        .iter()
        .map(|&v| {
            view.node(v)
                .and_then(|ix| g.node_name(ix))
                .map(short_label)
                .unwrap_or_default()
        })
        .collect();
    let mut drawn: Vec<(usize, usize, EdgeIndex)> = Vec::new();
    for &e in &c.edges {
        let Some(ev) = g.edge(e) else { continue };
        let end = |n| view.fold(n).and_then(|v| page_of.get(&v).copied());
        if let (Some(s), Some(t)) = (end(ev.from), end(ev.to)) {
            if s != t {
                drawn.push((s, t, e));
            }
        }
    }
    drawn.sort_by_key(|d| d.2);
    let pairs: Vec<(usize, usize)> = drawn.iter().map(|&(s, t, _)| (s, t)).collect();
    let (lay, engine) = layout::layout(&labels, &pairs);

    let mut sources: Vec<Value> = Vec::new();
    let mut source_at: HashMap<String, usize> = HashMap::new();
    let mut cite = |list: &[crate::model::Citation]| -> Vec<Value> {
        list.iter()
            .map(|ci| {
                let key = ci.source.to_string();
                let at = match source_at.get(&key) {
                    Some(&i) => i,
                    None => {
                        let s = g.source(&key);
                        let mut o = Map::new();
                        o.insert("id".into(), json!(key));
                        if let Some(s) = s {
                            o.insert("title".into(), json!(s.title));
                            put(&mut o, "publisher", s.publisher.as_deref());
                            put(&mut o, "author", s.author.as_deref());
                            put(&mut o, "date", s.date.map(|d| d.to_string()).as_deref());
                            put(&mut o, "file", s.file.as_deref());
                            put(&mut o, "url", s.url.as_deref());
                            put(&mut o, "note", s.note.as_deref());
                            put(&mut o, "collection", s.collection.as_deref());
                        }
                        sources.push(Value::Object(o));
                        source_at.insert(key, sources.len() - 1);
                        sources.len() - 1
                    }
                };
                match &ci.quote {
                    Some(q) => json!([at, q]),
                    None => json!([at]),
                }
            })
            .collect()
    };

    let metric_of = |m: &Metric, v: u32| m.values.get(v as usize).copied().unwrap_or(0.0);
    let mut nodes = Vec::with_capacity(order.len());
    for (i, &v) in order.iter().enumerate() {
        let Some(ix) = view.node(v) else { continue };
        let Some(n) = g.node(ix) else { continue };
        let mut o = Map::new();
        o.insert("id".into(), json!(n.id.as_str()));
        o.insert("name".into(), json!(n.name));
        o.insert("label".into(), json!(labels[i]));
        o.insert("kind".into(), json!(n.kind.as_str()));
        o.insert("v".into(), json!(v));
        if !n.aliases.is_empty() {
            o.insert("aliases".into(), json!(n.aliases));
        }
        if let Some(cn) = n.country.as_ref() {
            o.insert("country".into(), json!(cn.as_str()));
        }
        put(&mut o, "region", region_of(g, ix).as_deref());
        put(&mut o, "note", n.note.as_deref());
        if !n.attrs.is_empty() {
            o.insert("attrs".into(), json!(n.attrs));
        }
        if !n.cite.is_empty() {
            o.insert("cite".into(), json!(cite(&n.cite)));
        }
        let folded: Vec<&str> = members
            .of(v)
            .filter(|&m| m != ix)
            .filter_map(|m| g.node_id(m))
            .collect();
        if !folded.is_empty() {
            o.insert("members".into(), json!(folded));
        }
        let (x, y) = lay.get(i).copied().unwrap_or((0.0, 0.0));
        o.insert("x".into(), json!(round1(x)));
        o.insert("y".into(), json!(round1(y)));
        let m: Map<String, Value> = c
            .metrics
            .iter()
            .map(|m| (m.key.clone(), json!(round6(metric_of(m, v)))))
            .collect();
        o.insert("m".into(), Value::Object(m));
        if let Some(cs) = &c.communities {
            if let Some(k) = cs.get(v as usize) {
                o.insert("community".into(), json!(k));
            }
        }
        nodes.push(Value::Object(o));
    }

    let mut edges = Vec::with_capacity(drawn.len());
    for &(s, t, e) in &drawn {
        let Some(ev) = g.edge(e) else { continue };
        let x = ev.edge;
        let mut o = Map::new();
        o.insert("id".into(), json!(edge_id(g, e)));
        o.insert("s".into(), json!(s));
        o.insert("t".into(), json!(t));
        o.insert("kind".into(), json!(x.kind.as_str()));
        o.insert("group".into(), json!(group(x.kind)));
        o.insert("sym".into(), json!(x.kind.is_symmetric()));
        o.insert("from".into(), json!(g.node_id(ev.from).unwrap_or("")));
        o.insert("to".into(), json!(g.node_id(ev.to).unwrap_or("")));
        if let Some(d) = x.date {
            o.insert("date".into(), json!(d.to_string()));
            o.insert("first".into(), json!(d.first_day().to_string()));
        }
        put(&mut o, "end", x.end_date.map(|d| d.to_string()).as_deref());
        put(&mut o, "dateNote", x.date_note.as_deref());
        put(&mut o, "place", x.place.as_deref());
        if let Some(a) = x.amount_usd {
            o.insert("amount".into(), json!(a));
        }
        put(&mut o, "what", x.what.as_deref());
        if !x.topics.is_empty() {
            o.insert("topics".into(), json!(x.topics));
        }
        put(&mut o, "role", x.role.as_deref());
        put(&mut o, "region", x.region.as_deref());
        put(&mut o, "derived", x.derived.as_deref());
        put(&mut o, "note", x.note.as_deref());
        if x.is_planned() {
            o.insert("status".into(), json!("planned"));
        }
        if !x.attrs.is_empty() {
            o.insert("attrs".into(), json!(x.attrs));
        }
        if !x.cite.is_empty() {
            o.insert("cite".into(), json!(cite(&x.cite)));
        }
        edges.push(Value::Object(o));
    }

    let id_of = |ix: NodeIndex| g.node_id(ix).unwrap_or("").to_string();
    let spreaders = c.spreaders.as_ref().map(|(from, regions)| {
        json!({
            "from": id_of(*from),
            "regions": regions.iter().map(|r| json!({
                "region": r.region,
                "spreaders": r.spreaders.iter().map(|&(n, s)| json!([id_of(n), round6(s)])).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    });
    let metrics: BTreeMap<&str, &str> = c
        .metrics
        .iter()
        .map(|m| (m.key.as_str(), m.about.as_str()))
        .collect();
    json!({
        "title": c.title,
        "subtitle": c.subtitle,
        "level": match view.level() {
            crate::model::Level::Country => "country",
            crate::model::Level::Org => "org",
            crate::model::Level::All => "all",
        },
        "layout": layout::describe(&engine),
        "nodes": nodes,
        "edges": edges,
        "sources": sources,
        "metrics": metrics,
        "metricOrder": c.metrics.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(),
        "communities": c.communities.is_some(),
        "spreaders": spreaders,
        "showSpreaders": c.show_spreaders && c.spreaders.is_some(),
        "highlight": c.highlight.iter().map(|&n| id_of(n)).collect::<Vec<_>>(),
        "path": c.path.iter().filter_map(|v| view.node(*v)).map(id_of).collect::<Vec<_>>(),
        "sizeBy": c.size_by,
        "colorBy": c.color_by,
        "nodeKinds": NodeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "edgeKinds": EdgeKind::ALL.iter().map(|k| json!([k.as_str(), group(*k)])).collect::<Vec<_>>(),
    })
}

/// The id the page gives a graph edge (`data-edge-id`): the edge's own id
/// (`Graph::edge_id`), else `e` and its index in the graph.
pub fn edge_id(g: &Graph, e: EdgeIndex) -> String {
    g.edge_id(e)
        .map(String::from)
        .unwrap_or_else(|| format!("e{}", e.index()))
}

/// The filter group of an edge kind in the page. An edge list's `tie` (no
/// kind given) is filed with cooperation: it is a relation the analyst
/// recorded, not a statement such as a hub designation.
fn group(k: EdgeKind) -> &'static str {
    if k.is_cooperation() || k == EdgeKind::Tie {
        "cooperation"
    } else if k.is_context() {
        "context"
    } else if k.is_structural() {
        "structure"
    } else {
        "statement"
    }
}

fn put(o: &mut Map<String, Value>, key: &str, v: Option<&str>) {
    if let Some(v) = v {
        o.insert(key.into(), json!(v));
    }
}

/// A node's label on the map: its name, cut at 24 characters.
fn short_label(name: &str) -> String {
    const MAX: usize = 24;
    if name.chars().count() <= MAX {
        return name.to_string();
    }
    let cut: String = name.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round6(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e6).round() / 1e6
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_at_a_character_boundary() {
        assert_eq!(short_label("Korea"), "Korea");
        let long = "대한민국 행정안전부 전자정부국 국제협력과 담당자";
        let s = short_label(long);
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 24);
    }

    #[test]
    fn the_data_block_cannot_be_closed_by_a_quote() {
        let p = page("a < b", r#"{"q":"</script><script>alert(1)</script>"}"#);
        assert!(!p.contains("</script><script>alert"));
        assert!(p.contains("a &lt; b"));
    }

    #[test]
    fn too_large_maps_are_refused_with_a_suggestion() {
        let e = check_size(MAX_NODES + 1, 10).err().map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("--ego")));
        assert!(check_size(MAX_NODES, MAX_EDGES).is_ok());
    }
}
