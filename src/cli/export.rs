//! `egov export FORMAT [-o PATH]`: the graph in another format. DOT is
//! written here; the data formats by `export_formats`.
//!
//! This file also turns the diagram flags (shared with `egov render`) into
//! a [`Selection`] and [`DotOptions`] for the library's DOT writer.

use std::collections::{BTreeMap, HashMap, HashSet};

use egov_graph::analysis::{self, Measure, PathQuery};
use egov_graph::io::dot::style::Mark;
use egov_graph::io::dot::{
    self, Clustering, ContextEdges, Dialect, DotOptions, EdgeLabels, Layout, Page, RankDir,
    Selection,
};
use egov_graph::model::{Filter, Graph, Level, NodeKind, RegionKind, View, Weight};
use egov_graph::paint::{self, ColorBy, Paint};
use egov_graph::{render, store, Error};
use petgraph::stable_graph::NodeIndex;

use super::args::{
    ClusterArg, ContextArg, DiagramArgs, ExportArgs, ExportFormat, LabelsArg, LayoutArg, PresetArg,
    RankDirArg,
};
use super::{view, Out, Outcome};

/// Diagrams with more nodes than this are refused without `--force`.
pub const NODE_LIMIT: usize = 300;

/// Writes the export to `-o` or stdout.
pub fn run(g: &Graph, a: &ExportArgs, out: &mut Out) -> Result<Outcome, Error> {
    let text = match a.format {
        ExportFormat::Dot => match diagram(g, &a.diagram, Dialect::Graphviz, None)? {
            Some(d) => d.dot,
            None => return Ok(Outcome::Nothing),
        },
        ExportFormat::Html => return super::map::run(g, &a.diagram, a.output.as_deref()),
        data => return super::export_formats::run(g, data, a.output.as_deref(), out),
    };
    match &a.output {
        Some(path) => store::write_atomic(path, text.as_bytes())?,
        None => out.line(text.trim_end()),
    }
    Ok(Outcome::Found)
}

/// A diagram ready to render.
#[derive(Debug)]
pub struct Diagram {
    /// The DOT text.
    pub dot: String,
    /// How many graph nodes it draws.
    pub nodes: usize,
}

/// Builds the diagram the flags ask for. `None` when there is nothing to
/// draw (no path, every edge filtered out): the reason is printed. Above
/// `limit` (default [`NODE_LIMIT`]) nodes it is an error unless `--force`.
pub fn diagram(
    g: &Graph,
    a: &DiagramArgs,
    dialect: Dialect,
    limit: Option<(usize, &str)>,
) -> Result<Option<Diagram>, Error> {
    let mut filter = view::filter(g, &a.view)?;
    let context = if a.view.no_context {
        ContextEdges::None
    } else {
        match a.context {
            ContextArg::All => ContextEdges::All,
            ContextArg::Partners => ContextEdges::Partners,
            ContextArg::None => ContextEdges::None,
        }
    };
    if context == ContextEdges::None {
        filter.context = false;
    }
    let level = if a.spreaders {
        Level::Country
    } else {
        view::level(&a.view)
    };
    // The spreaders picture draws every border and membership among the
    // countries it picks (they are what the score counts).
    let context = if a.spreaders && context == ContextEdges::Partners {
        ContextEdges::All
    } else {
        context
    };
    let v = View::new(g, level, &filter);
    let (mut sel, what) = if a.spreaders {
        spreaders_selection(g, a, &v, &filter)?
    } else if let Some(q) = &a.ego {
        let center = view::resolve(g, &v, q)?;
        let ego = analysis::ego(&v.csr(false, Weight::Hops), center, a.depth);
        let keep: HashSet<u32> = ego.iter().map(|&(x, _)| x).collect();
        let mut sel = Selection::among(g, &v, Some(&keep));
        if let Some(c) = v.node(center) {
            sel.highlight_nodes.insert(c);
        }
        sel.keep_nodes = keep.iter().filter_map(|&x| v.node(x)).collect();
        let what = format!(
            "Ego network of {}, depth {}",
            view::node(g, &v, center)
                .map(|n| n.name.as_str())
                .unwrap_or(""),
            a.depth
        );
        (sel, what)
    } else if let [from, to] = a.path.as_slice() {
        // The path `egov path` prints with the same flags.
        let q = PathQuery {
            level,
            filter: filter.clone(),
            ..PathQuery::new(from.as_str(), to.as_str())
        };
        let found = analysis::path(g, &q)?;
        let (Some(s), Some(t)) = (v.fold(found.from), v.fold(found.to)) else {
            return Ok(None);
        };
        let Some(p) = found.paths.first() else {
            eprintln!(
                "egov: no path from {} to {} in this view (level {}; try --level all or fewer filters)",
                view::label(g, &v, s),
                view::label(g, &v, t),
                level_name(level)
            );
            return Ok(None);
        };
        let nodes: Vec<u32> = p.nodes.iter().filter_map(|&ix| v.fold(ix)).collect();
        let sel = if a.only_path {
            Selection::path(g, &v, &nodes)
        } else {
            let mut sel = Selection::among(g, &v, None);
            sel.highlight_path(g, &v, &nodes);
            sel
        };
        let name = |x| {
            view::node(g, &v, x)
                .map(|n| n.name.clone())
                .unwrap_or_default()
        };
        let hops = nodes.len().saturating_sub(1);
        let what = format!(
            "Shortest path: {} → {} ({hops} hop{})",
            name(s),
            name(t),
            if hops == 1 { "" } else { "s" }
        );
        (sel, what)
    } else {
        (
            Selection::among(g, &v, None),
            "E-government cooperation network".to_string(),
        )
    };
    narrow(g, &v, &mut sel, a)?;
    sel.keep_context(g, context);
    if !a.spreaders {
        // The spreaders picture keeps a region's members without a tie.
        sel.drop_isolated(g);
    }
    if sel.is_empty() {
        eprintln!("egov: nothing to draw: no edge is left in this view (try fewer filters)");
        return Ok(None);
    }
    let (max, why) = limit.unwrap_or((NODE_LIMIT, "a readable diagram"));
    if sel.nodes.len() > max && !a.force {
        return Err(Error::Invalid(format!(
            "the diagram would have {} nodes, more than {max} ({why}); draw a part with --ego ID, --kinds KINDS, --no-context or --level country, or pass --force",
            sel.nodes.len()
        )));
    }
    let title = a.title.clone().unwrap_or_else(|| {
        format!(
            "{what}\nlevel {}; {}{}",
            level_name(level),
            context_words(context),
            filter_words(a)
        )
    });
    let mut opts = DotOptions {
        title: (!title.trim().is_empty()).then_some(title),
        labels: match a.labels {
            LabelsArg::None => EdgeLabels::None,
            LabelsArg::Date => EdgeLabels::Date,
            LabelsArg::Full => EdgeLabels::Full,
        },
        cluster: match a.cluster {
            ClusterArg::Country => Clustering::Country,
            ClusterArg::Region => Clustering::Region,
            ClusterArg::None => Clustering::None,
        },
        rankdir: match a.rankdir {
            RankDirArg::LR => RankDir::LeftRight,
            RankDirArg::TB => RankDir::TopBottom,
        },
        no_legend: a.no_legend,
        dialect,
        ..DotOptions::default()
    };
    sel.paint = paint(g, &v, &sel, a)?;
    let dot = look(g, &v, &sel, &mut opts, a, context)?;
    Ok(Some(Diagram {
        dot,
        nodes: sel.nodes.len(),
    }))
}

/// The spreaders picture: the source; for each region (`--region`, or
/// every UN sub-region with a spreader) its eligible spreaders, labelled
/// with their rank (as `egov spreaders` orders them), score and stated-hub
/// mark; the region's members (with `--region`: all of them, else those
/// the spreaders reach) in the region's box; with `--region`, the brokers
/// in a box of their own; the organisations the links run through; and
/// every tie among them.
fn spreaders_selection(
    g: &Graph,
    a: &DiagramArgs,
    v: &View,
    filter: &Filter,
) -> Result<(Selection, String), Error> {
    let from = a.from.as_deref().unwrap_or_default();
    let source = g.resolve(from)?;
    let sp = analysis::Spreading::new(g, v, filter, source, analysis::LayerWeights::default())
        .ok_or_else(|| Error::Invalid(format!("'{from}' is not part of this view")))?;
    let source = v.fold(source).and_then(|s| v.node(s)).unwrap_or(source);
    let mut reports: Vec<analysis::RegionSpreaders> = match &a.region {
        Some(r) => vec![sp.region(&g.region(r)?)],
        None => g
            .regions()
            .iter()
            .filter(|r| r.kind == RegionKind::SubRegion)
            .map(|r| sp.region(r))
            .filter(|r| !r.spreaders.is_empty())
            .collect(),
    };
    let mut picked: BTreeMap<NodeIndex, Option<String>> = BTreeMap::new();
    let mut marks: BTreeMap<NodeIndex, Mark> = BTreeMap::new();
    let mut notes: BTreeMap<NodeIndex, String> = BTreeMap::new();
    for r in &mut reports {
        super::spreaders::sort_by_evidence(g, r);
        let boxed = Some(r.region.name.clone());
        if a.region.is_some() {
            for &m in r.region.members.iter().chain(&r.region.organization) {
                picked.insert(m, boxed.clone());
            }
        }
        for (i, s) in r.spreaders.iter().enumerate() {
            picked.insert(s.node, boxed.clone());
            let hub = match super::spreaders::hub_words(g, s) {
                "yes" => "\nstated hub".to_string(),
                "derived" => "\nhub (derived)".to_string(),
                _ => String::new(),
            };
            let elsewhere: Vec<String> = s
                .other_designations
                .iter()
                .filter_map(|&e| g.edge(e)?.edge.region.clone())
                .collect();
            let elsewhere = if elsewhere.is_empty() {
                String::new()
            } else {
                format!("\nnamed hub for {}", elsewhere.join(", "))
            };
            marks.insert(
                s.node,
                if hub.is_empty() {
                    Mark::Spreader
                } else {
                    Mark::StatedHub
                },
            );
            notes.insert(
                s.node,
                format!("#{} spreader, score {:.2}{hub}{elsewhere}", i + 1, s.score),
            );
            for l in &s.links {
                picked.entry(l.node).or_insert_with(|| boxed.clone());
                for &o in &l.organizations {
                    picked.entry(o).or_insert(None);
                }
            }
        }
        if a.region.is_some() {
            let apart = Some(format!("brokers (outside {})", r.region.name));
            for b in &r.brokers {
                picked.insert(b.node, apart.clone());
                marks.insert(b.node, Mark::Broker);
                let to: Vec<&str> = b.links.iter().filter_map(|l| g.node_id(l.node)).collect();
                notes.insert(
                    b.node,
                    format!("broker ({}) to {}", b.role.name(), to.join(", ")),
                );
                for l in &b.links {
                    for &o in &l.organizations {
                        picked.entry(o).or_insert(None);
                    }
                }
            }
        }
    }
    picked.insert(source, None);
    marks.insert(source, Mark::Source);
    notes.insert(source, "source".to_string());
    let keep: HashSet<u32> = picked.keys().filter_map(|&n| v.fold(n)).collect();
    let mut sel = Selection::among(g, v, Some(&keep));
    for (n, label) in picked {
        sel.groups.insert(n, label.unwrap_or_default());
    }
    sel.marks = marks;
    sel.notes = notes;
    let name = g.node_name(source).unwrap_or_default();
    let into = a
        .region
        .as_deref()
        .map_or("each UN sub-region".to_string(), |_| {
            reports
                .first()
                .map(|r| r.region.name.clone())
                .unwrap_or_default()
        });
    let what = format!(
        "Spreaders from {name} into {into}: its cooperation partners there, score = tie x coverage"
    );
    Ok((sel, what))
}

/// The node kinds `--kinds-nodes` names (blank entries ignored).
pub(super) fn node_kinds(a: &DiagramArgs) -> Result<Vec<NodeKind>, Error> {
    a.kinds_nodes
        .iter()
        .filter(|k| !k.trim().is_empty())
        .map(|k| k.parse::<NodeKind>().map_err(Error::Invalid))
        .collect()
}

/// The node filters and undated events: `--kinds-nodes`, `--top`, and
/// with `--since`/`--until` the undated events left out (or kept dashed
/// with `--undated`).
fn narrow(g: &Graph, v: &View, sel: &mut Selection, a: &DiagramArgs) -> Result<(), Error> {
    if a.view.since.is_some() || a.view.until.is_some() {
        sel.undated_events(g, a.undated);
    }
    if !a.kinds_nodes.is_empty() {
        let kinds = node_kinds(a)?;
        sel.keep_nodes(|n| g.node_kind(n).is_some_and(|k| kinds.contains(&k)));
    }
    if let Some(n) = a.top {
        let m = match &a.size_by {
            Some(m) => m.parse::<Measure>().map_err(Error::Invalid)?,
            None => Measure::Degree,
        };
        let values = paint::view_measure(v, m)?;
        sel.keep_top(n, |ix| {
            v.position(ix)
                .and_then(|x| values.get(x as usize).copied())
                .unwrap_or(0.0)
        });
    }
    Ok(())
}

/// `--color-by` and `--size-by`.
fn paint(g: &Graph, v: &View, sel: &Selection, a: &DiagramArgs) -> Result<Paint, Error> {
    let color: ColorBy = match &a.color_by {
        Some(c) => c.parse().map_err(Error::Invalid)?,
        None => ColorBy::Kind,
    };
    let size = a
        .size_by
        .as_deref()
        .map(|m| m.parse::<Measure>().map_err(Error::Invalid))
        .transpose()?;
    let nodes: Vec<NodeIndex> = sel.nodes.iter().copied().collect();
    paint::paint(g, v, &nodes, color, size)
}

/// The command line as typed, for a caption.
fn command_line() -> String {
    let mut words = vec!["egov".to_string()];
    words.extend(std::env::args().skip(1).map(|w| {
        if w.is_empty() || w.contains(|c: char| c.is_whitespace() || c == '"') {
            format!("\"{}\"", w.replace('"', "\\\""))
        } else {
            w
        }
    }));
    words.join(" ")
}

/// The page, layout engine and pinned positions; writes the DOT. On a page
/// the fonts are grown until the smallest text is 14 pt once the picture
/// is scaled to the page (when Graphviz is there to measure it).
fn look(
    g: &Graph,
    v: &View,
    sel: &Selection,
    opts: &mut DotOptions,
    a: &DiagramArgs,
    context: ContextEdges,
) -> Result<String, Error> {
    opts.page = a.preset.map(|p| match p {
        PresetArg::Briefing => Page::A4Landscape,
        PresetArg::Slide => Page::Wide,
    });
    opts.layout = match a.layout {
        Some(LayoutArg::Dot) => Layout::Dot,
        Some(LayoutArg::Neato) => Layout::Neato,
        Some(LayoutArg::Sfdp) => Layout::Sfdp,
        Some(LayoutArg::Circo) => Layout::Circo,
        None if opts.page.is_some() => Layout::Neato,
        None => Layout::Dot,
    };
    if opts.page.is_some() {
        opts.caption = Some(dot::caption(g, sel, &command_line()));
    }
    // Graphviz measures and places only for pages and spring layouts.
    let needs = opts.page.is_some() || opts.layout != Layout::Dot;
    let graphviz =
        needs && opts.dialect == Dialect::Graphviz && render::graphviz_version().is_some();
    if !graphviz {
        return Ok(dot::write_dot(g, sel, opts));
    }
    // The whole view, drawn as the default picture is, for positions.
    // Positions from the whole view when an engine is asked for; a page
    // without one lays out its part alone, as compact as it goes.
    let whole = if opts.layout == Layout::Dot || a.layout.is_none() {
        None
    } else {
        let mut w = Selection::among(g, v, None);
        w.keep_context(g, context);
        w.drop_isolated(g);
        let nodes: Vec<NodeIndex> = w.nodes.iter().copied().collect();
        w.paint.size = sel
            .paint
            .size_title
            .is_some()
            .then(|| paint::paint(g, v, &nodes, ColorBy::Kind, size_of(a)))
            .transpose()?
            .map(|p| p.size)
            .unwrap_or_default();
        (w.nodes.len() <= NODE_LIMIT && w.nodes.len() > sel.nodes.len()).then_some(w)
    };
    let on_page = opts.page.is_some();
    // Where each node goes before packing: its place in the whole view's
    // layout, or on a page its place in its own part's layout, turned a
    // quarter if that is taller than wide.
    let base: Option<HashMap<NodeIndex, render::Placed>> = if let Some(w) = &whole {
        let plain = DotOptions {
            labels: EdgeLabels::None,
            no_legend: true,
            title: None,
            layout: opts.layout,
            // The fonts the picture has (a page's are 14 pt, not 11).
            font_scale: if on_page {
                dot::PAGE_MIN_FONT / 11.0
            } else {
                1.0
            },
            ..DotOptions::default()
        };
        let (_, at) = render::graphviz_layout(&dot::write_dot(g, w, &plain))?;
        Some(placed_nodes(sel, &at))
    } else if on_page {
        let (_, at) = render::graphviz_layout(&dot::write_dot(g, sel, opts))?;
        let mut own = placed_nodes(sel, &at);
        let xs = || own.values().map(|p| p.x);
        let ys = || own.values().map(|p| p.y);
        let span = |v: Vec<f64>| {
            v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
        };
        if span(ys().collect()) > span(xs().collect()) {
            for p in own.values_mut() {
                (p.x, p.y) = (p.y, -p.x);
            }
        }
        Some(own)
    } else {
        None
    };
    let mut draw = |spread: f64, stretch: f64| -> Result<String, Error> {
        opts.spread = spread;
        if let Some(base) = &base {
            let (ids, mut placed): (Vec<NodeIndex>, Vec<render::Placed>) = base
                .iter()
                .map(|(&n, &p)| {
                    let x = p.x * stretch;
                    (n, render::Placed { x, ..p })
                })
                .unzip();
            // Room for an edge label between two boxes.
            render::pack(&mut placed, 72.0 * spread);
            opts.positions = ids
                .into_iter()
                .zip(placed)
                .map(|(n, p)| (n, (p.x, p.y)))
                .collect();
        }
        Ok(dot::write_dot(g, sel, opts))
    };
    if on_page {
        let (text, smallest) = render::fit_page(&mut draw)?;
        if smallest < dot::PAGE_MIN_FONT - 0.05 {
            eprintln!(
                "egov: the smallest text is {smallest:.1} pt on the page; draw fewer nodes (--top N) for larger text"
            );
        }
        Ok(text)
    } else {
        draw(1.0, 1.0)
    }
}

/// The drawn nodes' places in a layout, by node.
fn placed_nodes(
    sel: &Selection,
    at: &HashMap<String, render::Placed>,
) -> HashMap<NodeIndex, render::Placed> {
    sel.nodes
        .iter()
        .filter_map(|&n| at.get(&dot::node_id(n)).map(|&p| (n, p)))
        .collect()
}

fn size_of(a: &DiagramArgs) -> Option<Measure> {
    a.size_by.as_deref().and_then(|m| m.parse().ok())
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Country => "country",
        Level::Org => "org",
        Level::All => "all",
    }
}

fn context_words(c: ContextEdges) -> &'static str {
    match c {
        ContextEdges::All => "all borders and memberships",
        ContextEdges::Partners => "borders and memberships of partners",
        ContextEdges::None => "no borders or memberships",
    }
}

fn filter_words(a: &DiagramArgs) -> String {
    let v = &a.view;
    let mut parts = Vec::new();
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
    parts.iter().map(|p| format!("; {p}")).collect()
}
