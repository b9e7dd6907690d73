//! `egov export FORMAT [-o PATH]`: the graph in another format. DOT is
//! written here; the data formats by `export_formats`.
//!
//! This file also turns the diagram flags (shared with `egov render`) into
//! a [`Selection`] and [`DotOptions`] for the library's DOT writer.

use std::collections::{BTreeMap, HashSet};

use egov_graph::analysis;
use egov_graph::io::dot::style::Mark;
use egov_graph::io::dot::{
    self, Clustering, ContextEdges, Dialect, DotOptions, EdgeLabels, RankDir, Selection,
};
use egov_graph::model::{Filter, Graph, Level, RegionKind, View, Weight};
use egov_graph::{store, Error};
use petgraph::stable_graph::NodeIndex;

use super::args::{
    ClusterArg, ContextArg, DiagramArgs, ExportArgs, ExportFormat, LabelsArg, RankDirArg,
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
    let mut filter = view::filter(&a.view)?;
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
        let what = format!(
            "Ego network of {}, depth {}",
            view::node(g, &v, center)
                .map(|n| n.name.as_str())
                .unwrap_or(""),
            a.depth
        );
        (sel, what)
    } else if let [from, to] = a.path.as_slice() {
        let s = view::resolve(g, &v, from)?;
        let t = view::resolve(g, &v, to)?;
        let Some(p) = analysis::shortest_path(&v.csr(false, Weight::Hops), s, t, false) else {
            eprintln!(
                "egov: no path from {} to {} in this view (level {}; try --level all or fewer filters)",
                view::label(g, &v, s),
                view::label(g, &v, t),
                level_name(level)
            );
            return Ok(None);
        };
        let sel = if a.only_path {
            Selection::path(g, &v, &p.nodes)
        } else {
            let mut sel = Selection::among(g, &v, None);
            sel.highlight_path(g, &v, &p.nodes);
            sel
        };
        let name = |x| {
            view::node(g, &v, x)
                .map(|n| n.name.clone())
                .unwrap_or_default()
        };
        let hops = p.nodes.len().saturating_sub(1);
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
    let opts = DotOptions {
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
    };
    Ok(Some(Diagram {
        dot: dot::write_dot(g, &sel, &opts),
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
