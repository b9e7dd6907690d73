//! GEXF 1.3 for Gephi (and NetworkX `read_gexf`), written by
//! [`write_gexf`].
//!
//! The graph is dynamic with `timeformat="date"`: an edge's `date` becomes
//! its `start` (a partial date's first day: `2016-11` → `2016-11-01`) and
//! its `end_date` its `end` (the last day: `2019` → `2019-12-31`, so that a
//! span "until 2019" covers 2019), which is what Gephi's timeline slider
//! reads. The dates as written (`2016-11`) are kept as attributes too.
//! Node names are GEXF labels; every other field is a typed attribute
//! (`amount_usd` a double, the rest strings, lists and citations as JSON).
//! Sources are not records in GEXF: citations name them by id.

use quick_xml::events::{BytesEnd, Event};

use super::fields::{self, EDGE_FIELDS, NODE_FIELDS};
use super::xml;
use crate::error::{Error, Result};
use crate::model::Graph;

const NS: &str = "http://gexf.net/1.3";

/// Writes `g` as GEXF 1.3.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// let text = egov_graph::io::write_gexf(&g).unwrap();
/// assert!(text.contains(r#"timeformat="date""#));
/// ```
pub fn write_gexf(g: &Graph) -> Result<String> {
    write(g).map_err(|e| Error::Invalid(format!("cannot write GEXF: {e}")))
}

/// The attribute columns of one class: known fields, then extra attributes
/// with ids `x0`, `x1`, … (their titles are free text).
fn columns(known: &[&str], attrs: Vec<String>) -> Vec<(String, String, &'static str)> {
    let mut out: Vec<(String, String, &'static str)> = known
        .iter()
        .map(|k| {
            let ty = if *k == "amount_usd" {
                "double"
            } else {
                "string"
            };
            (k.to_string(), k.to_string(), ty)
        })
        .collect();
    out.extend(
        attrs
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("x{i}"), t, "string")),
    );
    out
}

fn write(g: &Graph) -> std::io::Result<String> {
    let node_known: Vec<&str> = NODE_FIELDS
        .iter()
        .copied()
        .filter(|f| *f != "name")
        .collect();
    let node_cols = columns(
        &node_known,
        fields::attr_names(g.nodes().map(|(_, n)| &n.attrs)),
    );
    // An edge's id is the <edge> element's own `id`.
    let edge_known: Vec<&str> = EDGE_FIELDS.iter().copied().filter(|f| *f != "id").collect();
    let edge_cols = columns(
        &edge_known,
        fields::attr_names(g.edges().map(|e| &e.edge.attrs)),
    );
    let mut w = xml::writer()?;
    w.write_event(Event::Start(xml::start(
        "gexf",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    )))?;
    w.write_event(Event::Start(xml::start("meta", &[])))?;
    xml::text_element(
        &mut w,
        "creator",
        &[],
        concat!("egov-graph ", env!("CARGO_PKG_VERSION")),
    )?;
    xml::text_element(
        &mut w,
        "description",
        &[],
        "International e-government relations: countries, bodies and people, and the MOUs, forums, projects and exports between them",
    )?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    w.write_event(Event::Start(xml::start(
        "graph",
        &[
            ("defaultedgetype", "directed"),
            ("mode", "dynamic"),
            ("timeformat", "date"),
        ],
    )))?;
    for (class, cols) in [("node", &node_cols), ("edge", &edge_cols)] {
        w.write_event(Event::Start(xml::start(
            "attributes",
            &[("class", class), ("mode", "static")],
        )))?;
        for (id, title, ty) in cols.iter() {
            w.write_event(Event::Empty(xml::start(
                "attribute",
                &[("id", id), ("title", title), ("type", ty)],
            )))?;
        }
        w.write_event(Event::End(BytesEnd::new("attributes")))?;
    }
    let col_id = |cols: &[(String, String, &str)], title: &str| {
        cols.iter()
            .find(|(_, t, _)| t == title)
            .map(|(id, _, _)| id.clone())
    };

    w.write_event(Event::Start(xml::start("nodes", &[])))?;
    for (_, n) in g.nodes() {
        w.write_event(Event::Start(xml::start(
            "node",
            &[("id", n.id.as_str()), ("label", &n.name)],
        )))?;
        let values: Vec<(String, String)> = fields::node_fields(n)
            .into_iter()
            .filter_map(|(k, f)| Some((col_id(&node_cols, &k)?, f.to_text())))
            .collect();
        attvalues(&mut w, &values)?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;

    w.write_event(Event::Start(xml::start("edges", &[])))?;
    let id_of = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    for (i, e) in g.edges().enumerate() {
        let start = e.edge.date.map(|d| d.first_day().to_string());
        let end = e
            .edge
            .end_date
            .filter(|end| e.edge.date.is_none_or(|d| end.last_day() >= d.first_day()))
            .map(|d| d.last_day().to_string());
        let id = e
            .edge
            .id
            .as_ref()
            .map_or_else(|| i.to_string(), |x| x.to_string());
        let (from, to) = (id_of(e.from), id_of(e.to));
        let mut attrs: Vec<(&str, &str)> = vec![
            ("id", &id),
            ("source", &from),
            ("target", &to),
            ("label", e.edge.kind.as_str()),
        ];
        if let Some(s) = &start {
            attrs.push(("start", s));
        }
        if let Some(s) = &end {
            attrs.push(("end", s));
        }
        w.write_event(Event::Start(xml::start("edge", &attrs)))?;
        let values: Vec<(String, String)> = fields::edge_fields(e.edge)
            .into_iter()
            .filter_map(|(k, f)| Some((col_id(&edge_cols, &k)?, f.to_text())))
            .collect();
        attvalues(&mut w, &values)?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    Ok(xml::finish(w))
}

fn attvalues(
    w: &mut quick_xml::Writer<Vec<u8>>,
    values: &[(String, String)],
) -> std::io::Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    w.write_event(Event::Start(xml::start("attvalues", &[])))?;
    for (id, v) in values {
        w.write_event(Event::Empty(xml::start(
            "attvalue",
            &[("for", id), ("value", v)],
        )))?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, EdgeKind, Node, NodeKind};

    #[test]
    fn partial_dates_become_day_intervals() {
        let mut g = Graph::new();
        let id = |s: &str| s.parse().unwrap_or_else(|e| panic!("{e}"));
        let a = g
            .add_node(Node::new(id("kr"), NodeKind::Country, "Korea <&>"))
            .unwrap_or_else(|e| panic!("{e}"));
        let b = g
            .add_node(Node::new(id("kz"), NodeKind::Country, "Kazakhstan"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut e = Edge::new(EdgeKind::Mou);
        e.date = "2016-11".parse().ok();
        e.end_date = "2019".parse().ok();
        g.add_edge(a, b, e).unwrap_or_else(|e| panic!("{e}"));
        let text = write_gexf(&g).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            text.contains(r#"start="2016-11-01" end="2019-12-31""#),
            "{text}"
        );
        assert!(
            text.contains(r#"<attvalue for="date" value="2016-11"/>"#),
            "{text}"
        );
        assert!(text.contains(r#"label="Korea &lt;&amp;&gt;""#), "{text}");
    }
}
