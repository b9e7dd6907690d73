//! `egov render -o map.html` and `egov export html`: the interactive map.
//!
//! Turns the diagram flags into what the map draws (the view's nodes, or
//! an ego network; every tie the view keeps), computes the metrics and the
//! spreader overlay with `analysis`, and hands them to
//! [`egov_graph::io::html`], which lays out and writes the page.

use std::collections::HashSet;
use std::path::Path;

use egov_graph::analysis::{self, CommunityMethod, LayerWeights, Measure};
use egov_graph::io::html::{self, MapContent, Metric, SpreaderRegion};
use egov_graph::model::{Graph, Level, View, Weight};
use egov_graph::paint::{self, ColorBy};
use egov_graph::{store, Error};
use petgraph::stable_graph::NodeIndex;

use super::args::{ContextArg, DiagramArgs};
use super::{view, Outcome};

/// Whether `path` names an HTML file (`.html`, `.htm`).
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Writes the map to `output` (stdout when `None`).
pub fn run(g: &Graph, a: &DiagramArgs, output: Option<&Path>) -> Result<Outcome, Error> {
    let Some((content, view)) = content(g, a)? else {
        return Ok(Outcome::Nothing);
    };
    let page = html::write_map(g, &view, &content)?;
    match output {
        Some(path) => {
            store::write_atomic(path, page.as_bytes())?;
            eprintln!(
                "wrote {} ({} nodes, {} edges, {} KB)",
                path.display(),
                content.nodes.len(),
                content.edges.len(),
                page.len().div_ceil(1024)
            );
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(page.as_bytes()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::io("stdout", e));
                }
            }
        }
    }
    Ok(Outcome::Found)
}

/// What the map draws. `None` when there is nothing to draw (the reason
/// is printed).
fn content(g: &Graph, a: &DiagramArgs) -> Result<Option<(MapContent, View)>, Error> {
    let mut filter = view::filter(g, &a.view)?;
    // Every border and membership the view keeps is embedded (the page
    // hides them with its filters), so that a path found in the page is
    // the one `egov path` finds with the same flags.
    if a.context == ContextArg::None {
        filter.context = false;
    }
    let level = view::level(&a.view);
    let v = View::new(g, level, &filter);
    let hops = v.csr(false, Weight::Hops);
    let mut c = MapContent::default();
    let mut what = "E-government cooperation network".to_string();
    let keep: Option<HashSet<u32>> = if let Some(q) = &a.ego {
        let center = view::resolve(g, &v, q)?;
        if let Some(ix) = v.node(center) {
            c.highlight.push(ix);
        }
        what = format!(
            "Ego network of {}, depth {}",
            view::node(g, &v, center)
                .map(|n| n.name.as_str())
                .unwrap_or(""),
            a.depth
        );
        Some(
            analysis::ego(&hops, center, a.depth)
                .into_iter()
                .map(|(x, _)| x)
                .collect(),
        )
    } else {
        None
    };
    if let [from, to] = a.path.as_slice() {
        let s = view::resolve(g, &v, from)?;
        let t = view::resolve(g, &v, to)?;
        match analysis::shortest_path(&hops, s, t, false) {
            Some(p) => {
                what = format!(
                    "Shortest path: {} → {}",
                    view::label(g, &v, s),
                    view::label(g, &v, t)
                );
                c.path = p.nodes;
            }
            None => {
                eprintln!(
                    "egov: no path from {} to {} in this view (try --level all or fewer filters)",
                    view::label(g, &v, s),
                    view::label(g, &v, t)
                );
                return Ok(None);
            }
        }
    }
    let kept = |x: u32| keep.as_ref().is_none_or(|k| k.contains(&x));
    let path_nodes: HashSet<u32> = c.path.iter().copied().collect();
    let only_path = a.only_path && !c.path.is_empty();
    let in_map = |x: u32| {
        if only_path {
            path_nodes.contains(&x)
        } else {
            kept(x)
        }
    };
    c.nodes = (0..v.node_count() as u32).filter(|&x| in_map(x)).collect();
    let size_by = a
        .size_by
        .as_deref()
        .map(|m| m.parse::<Measure>().map_err(Error::Invalid))
        .transpose()?;
    let color_by = a
        .color_by
        .as_deref()
        .map(|c| c.parse::<ColorBy>().map_err(Error::Invalid))
        .transpose()?;
    // --kinds-nodes and --top, as the static diagrams read them; the ego
    // centre and the path always stay.
    let keep_always: HashSet<u32> = c
        .highlight
        .iter()
        .filter_map(|&ix| v.position(ix))
        .chain(c.path.iter().copied())
        .collect();
    if !a.kinds_nodes.is_empty() {
        let kinds = super::export::node_kinds(a)?;
        c.nodes.retain(|&x| {
            keep_always.contains(&x)
                || v.node(x)
                    .and_then(|ix| g.node_kind(ix))
                    .is_some_and(|k| kinds.contains(&k))
        });
    }
    if let Some(n) = a.top {
        let values = paint::view_measure(&v, size_by.unwrap_or(Measure::Degree))?;
        let value = |x: u32| values.get(x as usize).copied().unwrap_or(0.0);
        let mut ranked = c.nodes.clone();
        ranked.sort_by(|&x, &y| value(y).total_cmp(&value(x)).then(x.cmp(&y)));
        let top: HashSet<u32> = ranked.into_iter().take(n).collect();
        c.nodes
            .retain(|x| top.contains(x) || keep_always.contains(x));
    }
    let drawn: HashSet<u32> = c.nodes.iter().copied().collect();
    for ve in v.edges() {
        if !drawn.contains(&ve.a) || !drawn.contains(&ve.b) {
            continue;
        }
        if only_path {
            let on_path = c
                .path
                .windows(2)
                .any(|w| (w[0] == ve.a && w[1] == ve.b) || (w[0] == ve.b && w[1] == ve.a));
            if !on_path {
                continue;
            }
        }
        c.edges.extend_from_slice(v.behind(ve));
    }
    c.edges.sort_unstable();
    if c.nodes.is_empty() {
        eprintln!("egov: nothing to draw in this view (try fewer filters)");
        return Ok(None);
    }
    html::check_size(c.nodes.len(), c.edges.len())?;
    c.metrics = metrics(&v)?;
    // A measure asked for that the page does not carry yet.
    for m in [
        size_by,
        color_by.and_then(|c| match c {
            ColorBy::Measure(m) => Some(m),
            _ => None,
        }),
    ]
    .into_iter()
    .flatten()
    {
        if !c.metrics.iter().any(|x| x.key == m.as_str()) {
            c.metrics.push(Metric {
                key: m.as_str().to_string(),
                about: format!("{} (as egov hubs --metric {})", m.as_str(), m.as_str()),
                values: paint::view_measure(&v, m)?,
            });
        }
    }
    c.size_by = size_by.map(|m| m.as_str().to_string());
    c.color_by = color_by.map(|k| match k {
        ColorBy::Kind => "kind".to_string(),
        ColorBy::Region => "region".to_string(),
        ColorBy::Community => "community".to_string(),
        ColorBy::Measure(m) => m.as_str().to_string(),
    });
    // As `egov communities` with its defaults.
    c.communities =
        Some(analysis::view_communities(&v, CommunityMethod::Louvain, 1.0, 1).community);
    if a.spreaders || a.from.is_some() {
        c.spreaders = spreaders(g, a)?;
    } else {
        c.spreaders = spreaders_from_busiest(g, a)?;
    }
    c.show_spreaders = a.spreaders;
    if let Some((from, _)) = &c.spreaders {
        if a.spreaders {
            what.push_str(&format!(
                " — top spreaders from {}",
                g.node_name(*from).unwrap_or("")
            ));
        }
    }
    c.title = a.title.clone().unwrap_or(what);
    c.subtitle = subtitle(level, a);
    Ok(Some((c, v)))
}

/// Degree, PageRank and betweenness of every view node, computed on the
/// whole view (not only the drawn part).
fn metrics(v: &View) -> Result<Vec<Metric>, Error> {
    let hops = v.csr(false, Weight::Hops);
    let strengths = v.csr(false, Weight::Strength);
    let degree: Vec<f64> = (0..v.node_count() as u32)
        .map(|x| hops.degree(x) as f64)
        .collect();
    let pagerank = analysis::pagerank(&strengths, 0.85, true, 100, 1e-6)
        .map_err(|e| Error::Invalid(format!("pagerank: {e}")))?;
    let betweenness = analysis::betweenness(&hops, false, true);
    Ok(vec![
        Metric {
            key: "degree".into(),
            about: "partners: how many other nodes of the view it has a tie with".into(),
            values: degree,
        },
        Metric {
            key: "pagerank".into(),
            about: "PageRank on tie strengths (as egov hubs --metric pagerank --weighted)".into(),
            values: pagerank,
        },
        Metric {
            key: "betweenness".into(),
            about:
                "betweenness centrality, normalised, by hops (as egov hubs --metric betweenness)"
                    .into(),
            values: betweenness,
        },
    ])
}

type Overlay = Option<(NodeIndex, Vec<SpreaderRegion>)>;

/// The spreader overlay from `--from` (as `egov spreaders --from`
/// computes it, on the country view with the same filters).
fn spreaders(g: &Graph, a: &DiagramArgs) -> Result<Overlay, Error> {
    let Some(from) = &a.from else {
        return Ok(None);
    };
    let source = g.resolve(from)?;
    overlay(g, a, source)
}

/// Without `--from`: the overlay from the country with the most
/// cooperation ties, so that the page can show it.
fn spreaders_from_busiest(g: &Graph, a: &DiagramArgs) -> Result<Overlay, Error> {
    let mut count = vec![0usize; g.node_bound()];
    for e in g.edge_summaries() {
        if e.kind.is_cooperation() {
            for n in [e.from, e.to] {
                if let Some(c) = g.country_of(n).or(Some(n)) {
                    if g.node_kind(c) == Some(egov_graph::model::NodeKind::Country) {
                        if let Some(slot) = count.get_mut(c.index()) {
                            *slot += 1;
                        }
                    }
                }
            }
        }
    }
    let best = count
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(&x.0)))
        .map(|(i, _)| NodeIndex::new(i));
    match best {
        Some(b) => overlay(g, a, b),
        None => Ok(None),
    }
}

fn overlay(g: &Graph, a: &DiagramArgs, source: NodeIndex) -> Result<Overlay, Error> {
    let filter = view::filter(g, &a.view)?;
    let countries = View::new(g, Level::Country, &filter);
    let Some(sp) =
        analysis::Spreading::new(g, &countries, &filter, source, LayerWeights::default())
    else {
        return Ok(None);
    };
    let source = countries
        .fold(source)
        .and_then(|s| countries.node(s))
        .unwrap_or(source);
    let regions = match &a.region {
        Some(r) => vec![g.region(r)?],
        None => g.regions(),
    };
    let mut out = Vec::new();
    for r in &regions {
        let report = sp.region(r);
        if report.spreaders.is_empty() {
            continue;
        }
        out.push(SpreaderRegion {
            region: r.name.clone(),
            spreaders: report
                .spreaders
                .iter()
                .take(3)
                .map(|s| (s.node, s.score))
                .collect(),
        });
    }
    out.sort_by(|x, y| {
        let best = |r: &SpreaderRegion| r.spreaders.first().map_or(0.0, |s| s.1);
        best(y)
            .total_cmp(&best(x))
            .then_with(|| x.region.cmp(&y.region))
    });
    Ok(Some((source, out)))
}

fn subtitle(level: Level, a: &DiagramArgs) -> String {
    let v = &a.view;
    let mut parts = vec![format!(
        "level {}",
        match level {
            Level::Country => "country",
            Level::Org => "org",
            Level::All => "all",
        }
    )];
    if !v.kinds.is_empty() {
        parts.push(format!("kinds {}", v.kinds.join(",")));
    }
    if !v.exclude_kinds.is_empty() {
        parts.push(format!("without {}", v.exclude_kinds.join(",")));
    }
    if let Some(s) = &v.since {
        parts.push(format!("since {s}"));
    }
    if let Some(u) = &v.until {
        parts.push(format!("until {u}"));
    }
    if v.no_context || a.context == ContextArg::None {
        parts.push("no borders or memberships".into());
    }
    parts.join("; ")
}
