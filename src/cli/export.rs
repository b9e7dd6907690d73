//! `egov export FORMAT [-o PATH]`: the graph in another format. DOT is
//! written here; the data formats by `export_formats`.
//!
//! This file also turns the diagram flags (shared with `egov render`) into
//! a [`Selection`] and [`DotOptions`] for the library's DOT writer.

use std::collections::{BTreeMap, HashSet};

use egov_graph::analysis;
use egov_graph::io::dot::{
    self, Clustering, ContextEdges, Dialect, DotOptions, EdgeLabels, RankDir, Selection,
};
use egov_graph::model::{Graph, Level, View, Weight};
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
    let level = view::level(&a.view);
    let v = View::new(g, level, &filter);
    let (mut sel, mut what) = if let Some(q) = &a.ego {
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
    if a.highlight_spreaders {
        if let Some(from) = &a.from {
            // Scored with the view's own filter: `--context none` only
            // hides borders from the picture, it does not change the score.
            let scoring = view::filter(&a.view)?;
            highlight_spreaders(g, &scoring, &mut sel, from, a.region.as_deref())?;
            what.push_str(&format!(
                " — top spreaders from {from}{}",
                a.region
                    .as_deref()
                    .map(|r| format!(" into {r}"))
                    .unwrap_or_default()
            ));
        }
    }
    sel.keep_context(g, context);
    sel.drop_isolated(g);
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

/// Highlights the top spreader of each region (or of `region`) from
/// `from`, computed on the country view as `egov spreaders` does, and notes
/// the region and score under its name. The source is highlighted too.
fn highlight_spreaders(
    g: &Graph,
    filter: &egov_graph::model::Filter,
    sel: &mut Selection,
    from: &str,
    region: Option<&str>,
) -> Result<(), Error> {
    let countries = View::new(g, Level::Country, filter);
    let source = g.resolve(from)?;
    let Some(sp) = analysis::Spreading::new(
        g,
        &countries,
        filter,
        source,
        analysis::LayerWeights::default(),
    ) else {
        return Ok(());
    };
    let source = countries
        .fold(source)
        .and_then(|s| countries.node(s))
        .unwrap_or(source);
    let regions = match region {
        Some(r) => vec![g.region(r)?],
        None => g.regions(),
    };
    sel.highlight_nodes.insert(source);
    let mut notes: BTreeMap<NodeIndex, Vec<String>> = BTreeMap::new();
    for r in &regions {
        let report = sp.region(r);
        if let Some(top) = report.spreaders.first() {
            if sel.nodes.contains(&top.node) {
                sel.highlight_nodes.insert(top.node);
                notes
                    .entry(top.node)
                    .or_default()
                    .push(format!("spreader: {} {:.2}", r.name, top.score));
            }
        }
    }
    for (n, lines) in notes {
        sel.notes.insert(n, lines.join("\n"));
    }
    Ok(())
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
