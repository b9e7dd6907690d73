//! Graphviz DOT: the diagram writer.
//!
//! [`write_dot`] turns a [`Selection`] of a graph (built from a
//! [`View`](crate::model::View) by the caller) into DOT text, written with
//! the `dot-writer` crate and styled by kind (see [`style`]): a shape per
//! node kind, a colour and line style per edge kind, exports drawn wider
//! by amount, bodies and people clustered inside their country, a legend
//! and a title. [`crate::render`] turns the text into pictures.
//!
//! `dot-writer` escapes nothing and quotes only some values. Every value
//! written here goes through one helper (`Put::put`): always quoted, and
//! escaped by [`escape`]. Node ids are `n{index}`, so user text never
//! appears outside a quoted value.

use std::collections::{BTreeMap, BTreeSet};

use dot_writer::{Attributes, DotWriter, Scope};
use petgraph::stable_graph::NodeIndex;

use crate::model::{Edge, EdgeKind, Graph, Node, NodeKind};

mod select;
pub mod style;

pub use select::{ContextEdges, DrawnEdge, Selection};

/// What edge labels say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EdgeLabels {
    /// Nothing.
    None,
    /// The date, and an export's amount.
    #[default]
    Date,
    /// Kind, date, amount, place, role and region.
    Full,
}

/// How nodes are grouped into boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clustering {
    /// A box per country holding the country and its ministries,
    /// agencies and people (when it has any).
    #[default]
    Country,
    /// A box per UN M49 sub-region, holding its countries' boxes.
    Region,
    /// No boxes.
    None,
}

/// The layout's main direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankDir {
    /// Left to right.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
}

/// Which renderer the DOT is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Graphviz: clusters, every shape, tooltips.
    #[default]
    Graphviz,
    /// The pure-Rust `layout-rs` renderer: no clusters, boxes only,
    /// whole-number line widths.
    Simple,
}

/// Which Graphviz engine lays the picture out (the `layout` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Layers along `rankdir`, with country boxes.
    #[default]
    Dot,
    /// Springs (stress majorisation); no boxes.
    Neato,
    /// Springs for large graphs; no boxes.
    Sfdp,
    /// A circle; no boxes.
    Circo,
}

impl Layout {
    /// The engine's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }
}

/// A page the picture fills (`--preset briefing`, `--preset slide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// A4 landscape, 297 × 210 mm.
    A4Landscape,
    /// A 16:9 slide, 13.33 × 7.5 in.
    Wide,
}

impl Page {
    /// Width and height in inches.
    pub fn inches(self) -> (f64, f64) {
        match self {
            Page::A4Landscape => (11.69, 8.27),
            Page::Wide => (13.33, 7.5),
        }
    }
}

/// The smallest text on a page, in points, once the picture is scaled to
/// the page.
pub const PAGE_MIN_FONT: f64 = 14.0;

/// The margin around a picture on a page, in inches (inside the page).
pub const PAGE_PAD: f64 = 0.1;

/// How to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DotOptions {
    /// The title on top (none when `None`).
    pub title: Option<String>,
    /// What edge labels say.
    pub labels: EdgeLabels,
    /// How nodes are grouped.
    pub cluster: Clustering,
    /// Layout direction.
    pub rankdir: RankDir,
    /// Leave out the legend.
    pub no_legend: bool,
    /// The renderer the DOT is for.
    pub dialect: Dialect,
    /// The layout engine ([`Layout::Dot`] draws country boxes; the others
    /// do not).
    pub layout: Layout,
    /// Fill this page (sizes, 14 pt text, legend and caption below the
    /// picture, parallel events of one kind merged into one line).
    pub page: Option<Page>,
    /// Text under the picture: sources, dates, the command (see
    /// [`caption`]).
    pub caption: Option<String>,
    /// Every font is multiplied by this (0 counts as 1).
    pub font_scale: f64,
    /// Spacing between nodes is multiplied by this (0 counts as 1): what a
    /// page lowers so that the picture fits it with 14 pt text (see
    /// `render::fit_page`).
    pub spread: f64,
    /// Fixed positions in points, per node (a layout computed once for a
    /// whole view and reused by its parts).
    pub positions: BTreeMap<NodeIndex, (f64, f64)>,
}

impl DotOptions {
    fn k(&self) -> f64 {
        if self.font_scale > 0.0 {
            self.font_scale
        } else {
            1.0
        }
    }

    fn spread(&self) -> f64 {
        if self.spread > 0.0 {
            self.spread
        } else {
            1.0
        }
    }

    /// The base font size of nodes and edge labels.
    fn font(&self) -> f64 {
        match self.page {
            Some(_) => PAGE_MIN_FONT * self.k(),
            None => 11.0 * self.k(),
        }
    }

    fn edge_font(&self) -> f64 {
        match self.page {
            Some(_) => PAGE_MIN_FONT * self.k(),
            None => 9.0 * self.k(),
        }
    }

    /// Whether the legend is the compact row in the graph label (Graphviz)
    /// rather than a box of sample nodes (the built-in renderer).
    fn html_legend(&self) -> bool {
        self.dialect == Dialect::Graphviz
    }
}

/// Node labels are wrapped at this many characters.
const WRAP: usize = 22;

/// Escapes text for a quoted DOT string: `\` → `\\`, `"` → `\"`, a line
/// break (`\n`, `\r\n` or `\r`) → `\n` (a centred line break in Graphviz),
/// other control characters → a space. Everything else, Hangul included,
/// is kept as UTF-8.
///
/// ```
/// use egov_graph::io::dot::escape;
/// assert_eq!(escape(r#"a "b" \N"#), r#"a \"b\" \\N"#);
/// assert_eq!(escape("한국\r\n정부"), r"한국\n정부");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// User text as Graphviz should show it. Graphviz reads HTML entities
/// (`&amp;`, `&#9;`) even in plain labels, so every `&` is written as
/// `&amp;`; layout-rs reads them literally, so [`Dialect::Simple`] keeps
/// text as it is. [`escape`] is applied after this, by `Put::put`.
fn shown(opts: &DotOptions, text: &str) -> String {
    match opts.dialect {
        Dialect::Graphviz => text.replace('&', "&amp;"),
        Dialect::Simple => text.to_string(),
    }
}

/// The one way values are written: quoted and escaped.
trait Put {
    fn put(&mut self, name: &str, value: &str) -> &mut Self;
}

impl<A: Attributes> Put for A {
    fn put(&mut self, name: &str, value: &str) -> &mut Self {
        self.set(name, &escape(value), true)
    }
}

/// Wraps `text` at spaces so no line is longer than `width` characters
/// (a longer word keeps its own line). Existing line breaks are kept.
///
/// ```
/// use egov_graph::io::dot::wrap;
/// assert_eq!(wrap("Ministry of the Interior", 12), "Ministry of\nthe Interior");
/// ```
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The label of a node as drawn: its name, wrapped.
pub fn node_label(node: &Node) -> String {
    wrap(&node.name, WRAP)
}

/// The DOT id of a node: `n{index}`.
pub fn node_id(ix: NodeIndex) -> String {
    format!("n{}", ix.index())
}

/// Writes the selection as a DOT digraph.
///
/// Nodes are grouped as `opts.cluster` says; symmetric kinds are drawn
/// without arrowheads; `part_of` edges inside their country's box are left
/// invisible (the box says it) but still shape the layout. The legend lists
/// the node and edge kinds drawn.
///
/// Complexity: O(V log V + E).
pub fn write_dot(g: &Graph, sel: &Selection, opts: &DotOptions) -> String {
    let mut bytes = Vec::new();
    {
        let mut w = DotWriter::from(&mut bytes);
        w.set_pretty_print(true);
        let mut root = w.digraph();
        graph_defaults(&mut root, opts);

        let groups = if opts.layout == Layout::Dot {
            clusters(g, sel, opts)
        } else {
            Groups {
                regions: BTreeMap::new(),
            }
        };
        let mut boxed: BTreeMap<NodeIndex, String> = BTreeMap::new();
        for (region, countries) in &groups.regions {
            if region.is_empty() {
                for (country, members) in countries {
                    write_cluster(&mut root, g, sel, opts, *country, members, &mut boxed);
                }
            } else {
                let mut r = root.cluster();
                r.put("label", &shown(opts, region))
                    .put("style", "rounded,dashed")
                    .put("color", "#8f8f8f")
                    .put("fontsize", "13")
                    .put("fontcolor", "#555555");
                for (country, members) in countries {
                    write_cluster(&mut r, g, sel, opts, *country, members, &mut boxed);
                }
            }
        }
        for &ix in &sel.nodes {
            if !boxed.contains_key(&ix) {
                write_node(&mut root, g, sel, opts, ix);
            }
        }
        let mut drawn_kinds = BTreeSet::new();
        let groups = edge_groups(g, sel, opts.page.is_some());
        let pair_labels = pair_labels(g, &groups, opts);
        for (i, group) in groups.into_iter().enumerate() {
            let e = group[0];
            let Some(ev) = g.edge(e.edge) else { continue };
            let same_box = matches!(
                (boxed.get(&e.from), boxed.get(&e.to)),
                (Some(a), Some(b)) if a == b
            );
            let hidden = ev.edge.kind == EdgeKind::PartOf
                && same_box
                && !sel.highlight_edges.contains(&e.edge);
            if !hidden {
                drawn_kinds.insert(ev.edge.kind);
            }
            let pair_label = pair_labels.get(&i).map(String::as_str);
            write_edge(&mut root, g, sel, opts, &group, hidden, pair_label);
        }
        let node_kinds: BTreeSet<NodeKind> = sel
            .nodes
            .iter()
            .filter_map(|&n| g.node(n))
            .map(|n| n.kind)
            .collect();
        if opts.html_legend() {
            let legend = if opts.no_legend {
                String::new()
            } else {
                legend_row(opts, &node_kinds, &drawn_kinds, sel)
            };
            let label = graph_label(opts, &legend);
            if !label.is_empty() {
                root.set("label", &label, false);
                root.put("labelloc", if opts.page.is_some() { "b" } else { "t" })
                    .put("labeljust", "l");
            }
        } else {
            if !opts.no_legend {
                write_legend(&mut root, opts, &node_kinds, &drawn_kinds, sel);
            }
            // The title goes last: clusters inherit graph attributes set
            // before them, and would repeat it.
            if let Some(t) = &opts.title {
                root.put("label", &shown(opts, t))
                    .put("labelloc", "t")
                    .put("labeljust", "l")
                    .put("fontsize", "18");
            }
        }
    }
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    text.push('\n');
    text
}

fn graph_defaults(root: &mut Scope<'_, '_>, opts: &DotOptions) {
    let dir = match opts.rankdir {
        RankDir::LeftRight => "LR",
        RankDir::TopBottom => "TB",
    };
    root.put("rankdir", dir);
    if opts.dialect == Dialect::Graphviz {
        let k = opts.k();
        root.put("charset", "UTF-8")
            .put("fontname", "Helvetica,Arial,sans-serif")
            .put("newrank", "true")
            .put("nodesep", &pt(0.25 * k * opts.spread()))
            .put("ranksep", &pt(0.5 * k * opts.spread()))
            .put("pad", "0.3")
            .put("bgcolor", "white")
            .put("forcelabels", "true");
        if opts.layout != Layout::Dot {
            root.put("layout", opts.layout.as_str())
                .put("overlap", "false")
                .put("splines", "true")
                .put("sep", "+12");
        }
        if !opts.positions.is_empty() {
            // Every node is pinned: neato only routes the edges.
            root.put("layout", "neato").put("notranslate", "false");
        }
        if let Some(page) = opts.page {
            let (w, h) = page.inches();
            // Scaled up or down to the page; `render::fit_page` shapes the
            // layout to it so the scale stays near 1.
            root.put("size", &format!("{w},{h}!"))
                .put("dpi", "150")
                .put("pad", &pt(PAGE_PAD));
        }
        root.node_attributes()
            .put("fontname", "Helvetica,Arial,sans-serif")
            .put("fontsize", &pt(opts.font()))
            .put("margin", "0.08,0.04");
        root.edge_attributes()
            .put("fontname", "Helvetica,Arial,sans-serif")
            .put("fontsize", &pt(opts.edge_font()))
            .put("arrowsize", "0.7");
    }
}

/// A number for an attribute: two decimals at most.
fn pt(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Clusters: region (empty = none) → country → members.
struct Groups {
    regions: BTreeMap<String, BTreeMap<NodeIndex, Vec<NodeIndex>>>,
}

/// The country a node belongs in: itself for a country, its `country`
/// field for bodies and people.
fn home(g: &Graph, ix: NodeIndex) -> Option<NodeIndex> {
    let n = g.node(ix)?;
    match n.kind {
        NodeKind::Country => Some(ix),
        _ => n.country.as_ref().and_then(|c| g.index_of(c.as_str())),
    }
}

fn clusters(g: &Graph, sel: &Selection, opts: &DotOptions) -> Groups {
    let mut regions: BTreeMap<String, BTreeMap<NodeIndex, Vec<NodeIndex>>> = BTreeMap::new();
    if opts.dialect == Dialect::Simple || opts.cluster == Clustering::None {
        return Groups { regions };
    }
    if !sel.groups.is_empty() {
        // The analysis's own boxes: each node alone under its label.
        for &ix in &sel.nodes {
            if let Some(label) = sel.groups.get(&ix).filter(|l| !l.is_empty()) {
                regions
                    .entry(label.clone())
                    .or_default()
                    .insert(ix, vec![ix]);
            }
        }
        return Groups { regions };
    }
    let mut by_country: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
    for &ix in &sel.nodes {
        if let Some(c) = home(g, ix) {
            by_country.entry(c).or_default().push(ix);
        }
    }
    for (country, members) in by_country {
        let region = match opts.cluster {
            Clustering::Region => g
                .node(country)
                .and_then(|n| n.region.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        // A lone country needs no box of its own, unless a region box
        // holds it; a lone body or person is boxed to name its country.
        if region.is_empty() && members == [country] {
            continue;
        }
        regions.entry(region).or_default().insert(country, members);
    }
    Groups { regions }
}

#[allow(clippy::too_many_arguments)]
fn write_cluster(
    scope: &mut Scope<'_, '_>,
    g: &Graph,
    sel: &Selection,
    opts: &DotOptions,
    country: NodeIndex,
    members: &[NodeIndex],
    boxed: &mut BTreeMap<NodeIndex, String>,
) {
    let key = node_id(country);
    if members == [country] {
        for &m in members {
            write_node(scope, g, sel, opts, m);
            boxed.insert(m, key.clone());
        }
        return;
    }
    let name = g.node(country).map(|n| n.name.clone()).unwrap_or_default();
    let mut c = scope.cluster();
    c.put("label", &shown(opts, &name))
        .put("style", "rounded,filled")
        .put("fillcolor", "#f5f7fa")
        .put("color", "#9fb3c8")
        .put("fontsize", "12")
        .put("fontcolor", "#2b5d8a");
    for &m in members {
        write_node(&mut c, g, sel, opts, m);
        boxed.insert(m, key.clone());
    }
}

fn write_node(
    scope: &mut Scope<'_, '_>,
    g: &Graph,
    sel: &Selection,
    opts: &DotOptions,
    ix: NodeIndex,
) {
    let Some(n) = g.node(ix) else { return };
    let s = style::node_style(n.kind);
    let hl = sel.highlight_nodes.contains(&ix);
    let faded = sel.fade_others && !hl;
    let mut node = scope.node_named(node_id(ix));
    let label = match sel.notes.get(&ix) {
        Some(note) => format!("{}\n{note}", node_label(n)),
        None => node_label(n),
    };
    node.put("label", &shown(opts, &label));
    match opts.dialect {
        Dialect::Graphviz => {
            node.put("shape", s.shape).put("style", s.style).put(
                "tooltip",
                &shown(opts, &format!("{} ({}, {})", n.name, n.id, n.kind)),
            );
        }
        Dialect::Simple => {
            node.put("shape", "box").put("style", "filled");
        }
    }
    let painted = sel.paint.fill.get(&ix);
    if faded {
        node.put("fillcolor", "#f2f2f2")
            .put("color", "#c8c8c8")
            .put("fontcolor", "#8a8a8a");
    } else if let Some(fill) = painted {
        node.put("fillcolor", fill)
            .put("fontcolor", crate::paint::text_on(fill))
            .put("color", if hl { "#c0392b" } else { "#333333" });
    } else {
        node.put("fillcolor", s.fill)
            .put("color", if hl { "#c0392b" } else { s.border });
    }
    if hl {
        node.put("penwidth", "3");
    }
    if let Some(&m) = sel.marks.get(&ix) {
        let m = style::mark_style(m);
        let line = if m.line.is_empty() || opts.dialect == Dialect::Simple {
            s.style.to_string()
        } else {
            format!("{},{}", s.style, m.line)
        };
        node.put("color", m.border)
            .put("penwidth", &m.penwidth.to_string())
            .put("peripheries", &m.peripheries.to_string());
        if opts.dialect == Dialect::Graphviz {
            node.put("style", &line);
        }
    }
    if opts.dialect == Dialect::Graphviz {
        if let Some(&size) = sel.paint.size.get(&ix) {
            // Grows with the value: the font by up to 50 %, the box's
            // least height from 0.4 to 0.9 inches.
            let k = opts.k();
            node.put("fontsize", &pt(opts.font() * (1.0 + 0.5 * size)))
                .put("height", &pt((0.4 + 0.5 * size) * k))
                .put("width", &pt((0.7 + 0.8 * size) * k));
        }
        if let Some(&(x, y)) = opts.positions.get(&ix) {
            // neato reads `pos` in inches (points only with `-n`).
            node.put("pos", &format!("{},{}!", pt(x / 72.0), pt(y / 72.0)));
        }
    }
}

fn edge_label(g: &Graph, edge: &Edge, labels: EdgeLabels) -> String {
    let amount = edge.amount_usd.map(|a| {
        let mut s = style::money(a);
        if edge.derived.is_some() {
            s.push_str(" (derived)");
        }
        s
    });
    let date = edge.date.map(|d| match edge.end_date {
        Some(e) => format!("{d} – {e}"),
        None => d.to_string(),
    });
    match labels {
        EdgeLabels::None => String::new(),
        EdgeLabels::Date => [date, amount]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
        EdgeLabels::Full => {
            let mut lines = vec![match &date {
                Some(d) => format!("{} {d}", edge.kind),
                None => edge.kind.to_string(),
            }];
            lines.extend(amount);
            lines.extend(edge.role.clone());
            lines.extend(edge.region.as_ref().map(|r| format!("hub: {r}")));
            lines.extend(edge.place.as_ref().map(|p| wrap(p, 28)));
            let _ = g;
            lines.join("\n")
        }
    }
}

/// On a page, the labels of every line between the same two nodes are one
/// label, on the first of those lines: a line per kind in its colour
/// ("MOU 2015, 2016"), so parallel lines do not pile their labels up.
/// Returns the label (HTML-like) by group index.
fn pair_labels(
    g: &Graph,
    groups: &[Vec<&DrawnEdge>],
    opts: &DotOptions,
) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    if opts.page.is_none() || opts.labels == EdgeLabels::None {
        return out;
    }
    // Per pair: the first group's index, and per kind its texts in order.
    type Lines = Vec<(EdgeKind, Vec<String>)>;
    let mut pairs: BTreeMap<(NodeIndex, NodeIndex), (usize, Lines)> = BTreeMap::new();
    for (i, group) in groups.iter().enumerate() {
        let edges: Vec<&Edge> = group
            .iter()
            .filter_map(|d| g.edge(d.edge).map(|x| x.edge))
            .collect();
        let Some(first) = edges.first() else { continue };
        let st = style::edge_style(first.kind);
        if st.light || first.kind == EdgeKind::PartOf {
            continue;
        }
        let d = group[0];
        let key = (d.from.min(d.to), d.from.max(d.to));
        let entry = pairs.entry(key).or_insert((i, Vec::new()));
        let at = match entry.1.iter().position(|(k, _)| *k == first.kind) {
            Some(at) => at,
            None => {
                entry.1.push((first.kind, Vec::new()));
                entry.1.len() - 1
            }
        };
        for x in &edges {
            let t = match opts.labels {
                EdgeLabels::Full => edge_label(g, x, EdgeLabels::Full).replace('\n', " "),
                _ => year_label(x),
            };
            if !t.is_empty() && !entry.1[at].1.contains(&t) {
                entry.1[at].1.push(t);
            }
        }
    }
    for (_, (i, lines)) in pairs {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|(k, mut texts)| {
                texts.sort();
                format!(
                    "<FONT COLOR=\"{}\">{} {}</FONT>",
                    style::edge_style(k).color,
                    short_kind(k),
                    html(&texts.join(", "))
                )
            })
            .collect();
        out.insert(i, format!("<{}>", lines.join("<BR/>")));
    }
    out
}

/// A kind's name in a label.
fn short_kind(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Mou => "MOU",
        EdgeKind::Loi => "LOI",
        EdgeKind::Forum => "forum",
        EdgeKind::Seminar => "seminar",
        EdgeKind::Conference => "conference",
        EdgeKind::Project => "project",
        EdgeKind::Export => "export",
        EdgeKind::Visit => "visit",
        EdgeKind::HubDesignation => "hub",
        EdgeKind::Affiliation => "affiliation",
        EdgeKind::PartOf => "part of",
        EdgeKind::MemberOf => "member of",
        EdgeKind::Borders => "borders",
        EdgeKind::Tie => "tie",
        EdgeKind::Signed => "signed",
        EdgeKind::Attended => "attended",
    }
}

/// An event's year, or an export's amount.
fn year_label(edge: &Edge) -> String {
    match (edge.amount_usd, edge.date) {
        (Some(a), _) => style::money(a),
        (None, Some(d)) => d.to_string().chars().take(4).collect(),
        (None, None) => String::new(),
    }
}

/// The edge's citations, for the SVG tooltip.
fn edge_tooltip(g: &Graph, edge: &Edge) -> String {
    let mut s = edge.kind.to_string();
    if let Some(d) = edge.date {
        s = format!("{s} {d}");
    }
    for c in &edge.cite {
        let whence = g
            .source(c.source.as_str())
            .map(|x| x.title.clone())
            .unwrap_or_else(|| c.source.to_string());
        match &c.quote {
            Some(q) => s.push_str(&format!("\n\"{q}\" ({whence})")),
            None => s.push_str(&format!("\n({whence})")),
        }
    }
    s
}

/// The drawn edges in the order they are written, as groups drawn as one
/// line: each edge alone, or with `merge` (a page) every event of one kind
/// between the same two nodes the same way round (an MOU of 2015 and one
/// of 2016 are one MOU line labelled "2015-10-07, 2016-11").
fn edge_groups<'s>(g: &Graph, sel: &'s Selection, merge: bool) -> Vec<Vec<&'s DrawnEdge>> {
    if !merge {
        return sel.edges.iter().map(|e| vec![e]).collect();
    }
    let mut groups: Vec<Vec<&DrawnEdge>> = Vec::new();
    let mut at: BTreeMap<(NodeIndex, NodeIndex, EdgeKind, bool, bool, bool), usize> =
        BTreeMap::new();
    for e in &sel.edges {
        let Some(kind) = g.edge(e.edge).map(|x| x.edge.kind) else {
            continue;
        };
        let (a, b) = if kind.is_symmetric() && e.to < e.from {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        let key = (
            a,
            b,
            kind,
            e.flip,
            sel.highlight_edges.contains(&e.edge),
            sel.undated.contains(&e.edge),
        );
        match at.get(&key) {
            Some(&i) => groups[i].push(e),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![e]);
            }
        }
    }
    groups
}

fn write_edge(
    scope: &mut Scope<'_, '_>,
    g: &Graph,
    sel: &Selection,
    opts: &DotOptions,
    group: &[&DrawnEdge],
    hidden: bool,
    pair_label: Option<&str>,
) {
    let e = group[0];
    let edges: Vec<&Edge> = group
        .iter()
        .filter_map(|d| g.edge(d.edge).map(|x| x.edge))
        .collect();
    let Some(edge) = edges.first().copied() else {
        return;
    };
    let s = style::edge_style(edge.kind);
    let mut width = if edge.kind == EdgeKind::Export {
        edges
            .iter()
            .map(|x| style::export_width(x.amount_usd))
            .fold(0.0, f64::max)
    } else {
        s.width
    };
    let hl = sel.highlight_edges.contains(&e.edge);
    let faded = sel.fade_others && !hl;
    if hl {
        width = width.max(3.0) + 1.0;
    }
    let (tail, head) = if e.flip {
        (e.to, e.from)
    } else {
        (e.from, e.to)
    };
    let mut a = scope.edge(node_id(tail), node_id(head)).attributes();
    if hidden {
        a.put("style", "invis");
        return;
    }
    if let Some(html) = pair_label {
        let name = if opts.layout == Layout::Dot && opts.positions.is_empty() {
            "label"
        } else {
            "xlabel"
        };
        a.set(name, html, false);
    }
    let label = match opts.labels {
        // Membership and border dates only clutter a picture: context
        // edges are never labelled.
        _ if s.light => String::new(),
        // On a page, one label per pair of nodes (see `pair_labels`).
        _ if opts.page.is_some() => String::new(),
        l => {
            let mut parts: Vec<String> = edges
                .iter()
                .map(|x| match (opts.page, l) {
                    // On a page, a year is enough: the caption gives the
                    // range, the tooltip and `egov show` the full dates.
                    (Some(_), EdgeLabels::Date) => year_label(x),
                    _ => edge_label(g, x, l),
                })
                .filter(|t| !t.is_empty())
                .collect();
            parts.dedup();
            parts.join(if l == EdgeLabels::Full { "\n" } else { ", " })
        }
    };
    if !label.is_empty() {
        // `dot` lays a `label` out in its edge's own chain of ranks, with
        // room kept for it; the spring engines place an `xlabel` beside
        // its edge once the nodes are placed.
        let spring = opts.layout != Layout::Dot || !opts.positions.is_empty();
        let name = match opts.dialect {
            Dialect::Graphviz if spring => "xlabel",
            _ => "label",
        };
        let text = match opts.page {
            Some(_) => wrap(&label, 24),
            None => label,
        };
        a.put(name, &shown(opts, &text).replace("\\n", "\n"));
    }
    let color = if faded { "#d6d6d6" } else { s.color };
    a.put("color", color);
    if faded || s.light {
        a.put("fontcolor", "#9a9a9a");
    } else {
        a.put("fontcolor", s.color);
    }
    if edge.kind.is_symmetric() {
        a.put("dir", "none");
    } else if e.flip {
        a.put("dir", "back");
    }
    let undated = sel.undated.contains(&e.edge);
    match opts.dialect {
        Dialect::Graphviz => {
            let tips: Vec<String> = edges.iter().map(|x| edge_tooltip(g, x)).collect();
            a.put("style", if undated { "dashed" } else { s.line })
                .put("penwidth", &format!("{width:.1}"))
                .put("tooltip", &shown(opts, &tips.join("\n")));
            if s.light && !hl {
                a.put("weight", "0.3");
            }
            if opts.layout != Layout::Dot {
                // Spring layouts read `len` (inches) as the wanted length.
                a.put("len", &pt(1.6 * opts.k() * opts.spread()));
            }
        }
        Dialect::Simple => {
            if undated || s.line == "dashed" || s.line == "dotted" {
                a.put("style", "dashed");
            }
            a.put("penwidth", &format!("{}", width.round().max(1.0) as u32));
        }
    }
}

/// Text for an HTML-like label: `&`, `<`, `>` and `"` as entities.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lines of text, left-aligned, in an HTML-like label.
fn html_lines(text: &str, width: usize) -> String {
    wrap(text, width)
        .lines()
        .map(|l| format!("{}<BR ALIGN=\"LEFT\"/>", html(l)))
        .collect()
}

/// How many characters of legend or caption fit on one line.
fn line_chars(opts: &DotOptions) -> usize {
    let width_pt = opts.page.map_or(1000.0, |p| p.inches().0 * 72.0);
    ((width_pt / (opts.font() * 0.6)) as usize).clamp(40, 180)
}

/// The legend as rows of cells (an HTML-like table), read left to right:
/// node kinds, the colour key and size, then the edge kinds drawn.
fn legend_row(
    opts: &DotOptions,
    node_kinds: &BTreeSet<NodeKind>,
    edge_kinds: &BTreeSet<EdgeKind>,
    sel: &Selection,
) -> String {
    // (cell, characters it takes)
    let mut cells: Vec<(String, usize)> = Vec::new();
    let painted = !sel.paint.fill.is_empty();
    for &k in node_kinds {
        let name = style::node_kind_name(k);
        if painted {
            let mark = match k {
                NodeKind::Country => "▢",
                NodeKind::Organization => "⬡",
                NodeKind::Person => "◯",
                NodeKind::Ministry | NodeKind::Agency => "▭",
            };
            cells.push((format!("<TD>{mark} {name}</TD>"), name.len() + 3));
        } else {
            let st = style::node_style(k);
            cells.push((
                format!(
                    "<TD BGCOLOR=\"{}\" COLOR=\"{}\" BORDER=\"1\">{name}</TD>",
                    st.fill, st.border
                ),
                name.len() + 2,
            ));
        }
    }
    let marks: BTreeSet<style::Mark> = sel.marks.values().copied().collect();
    for m in marks {
        let st = style::mark_style(m);
        let line = match st.line {
            "" => String::new(),
            l => format!(" STYLE=\"{l}\""),
        };
        cells.push((
            format!(
                "<TD COLOR=\"{}\" BORDER=\"{}\"{line}>{}</TD>",
                st.border,
                (st.penwidth.round() as u32).max(1) + u32::from(st.peripheries > 1),
                html(st.words)
            ),
            st.words.len() + 2,
        ));
    }
    if sel.fade_others && sel.nodes.iter().any(|n| !sel.highlight_nodes.contains(n)) {
        cells.push((
            "<TD COLOR=\"#c0392b\" BORDER=\"2\">on the path</TD>".into(),
            13,
        ));
    }
    if let Some(t) = &sel.paint.color_title {
        cells.push((format!("<TD><B>{}:</B></TD>", html(t)), t.len() + 1));
        for sw in &sel.paint.swatches {
            cells.push((
                format!(
                    "<TD BGCOLOR=\"{}\" COLOR=\"#333333\" BORDER=\"1\"><FONT COLOR=\"{}\">{}</FONT></TD>",
                    sw.color,
                    crate::paint::text_on(&sw.color),
                    html(&sw.label)
                ),
                sw.label.chars().count() + 2,
            ));
        }
    }
    if let Some(t) = &sel.paint.size_title {
        cells.push((format!("<TD>{}</TD>", html(t)), t.chars().count() + 1));
    }
    for &k in edge_kinds {
        let st = style::edge_style(k);
        let line = match st.line {
            "dashed" => "╍╍╍",
            "dotted" => "┅┅┅",
            _ => "━━━",
        };
        let arrow = if k.is_symmetric() { "" } else { "▶" };
        let name = style::edge_kind_name(k);
        cells.push((
            format!(
                "<TD><FONT COLOR=\"{}\">{line}{arrow}</FONT> {}</TD>",
                st.color,
                html(name)
            ),
            name.len() + 5,
        ));
    }
    if !sel.undated.is_empty() {
        cells.push((
            "<TD><FONT COLOR=\"#555555\">╍╍╍</FONT> undated event (date unknown)</TD>".into(),
            34,
        ));
    }
    if cells.is_empty() {
        return String::new();
    }
    let max = line_chars(opts);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for (cell, n) in cells {
        if used > 0 && used + n > max {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        row.push_str(&cell);
        used += n + 2;
    }
    rows.push(row);
    rows.iter()
        .map(|r| {
            format!(
                "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\"><TR>{r}</TR></TABLE></TD></TR>"
            )
        })
        .collect()
}

/// The graph's label: the title and legend on top, or on a page the legend,
/// title and caption below the picture. Empty when there is nothing.
fn graph_label(opts: &DotOptions, legend: &str) -> String {
    let k = opts.k();
    let chars = line_chars(opts);
    let title = opts
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            // Below a picture on a page the title runs on.
            let t = match opts.page {
                Some(_) => t.lines().collect::<Vec<_>>().join(" — "),
                None => t.to_string(),
            };
            let mut lines = t.lines();
            let first = lines.next().unwrap_or_default();
            let rest: Vec<&str> = lines.collect();
            let mut cell = format!(
                "<FONT POINT-SIZE=\"{}\"><B>{}</B></FONT>",
                pt(if opts.page.is_some() { 16.0 } else { 18.0 * k }),
                html_lines(first, chars * 7 / 8)
            );
            if !rest.is_empty() {
                cell.push_str(&format!(
                    "<FONT POINT-SIZE=\"{}\">{}</FONT>",
                    pt(opts.font()),
                    html_lines(&rest.join("\n"), chars)
                ));
            }
            format!("<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">{cell}</TD></TR>")
        });
    // A caption is small print: 12 pt on a page (labels and legend 14).
    let caption_font = match opts.page {
        Some(_) => 12.0,
        None => opts.font(),
    };
    let caption = opts.caption.as_deref().filter(|c| !c.trim().is_empty()).map(|c| {
        format!(
            "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"{}\" COLOR=\"#444444\">{}</FONT></TD></TR>",
            pt(caption_font),
            html_lines(c, chars * 16 / 12)
        )
    });
    let legend = (!legend.is_empty()).then(|| {
        format!(
            "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"{}\"><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">{legend}</TABLE></FONT></TD></TR>",
            pt(opts.font())
        )
    });
    let parts: Vec<String> = if opts.page.is_some() {
        [legend, title, caption].into_iter().flatten().collect()
    } else {
        [title, legend, caption].into_iter().flatten().collect()
    };
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">{}</TABLE>>",
        parts.concat()
    )
}

/// The caption of a picture: the sources its edges cite (titles, in the
/// order first cited), the range of its dated events, and the command
/// that drew it.
///
/// ```
/// use egov_graph::io::dot::{caption, Selection};
/// let g = egov_graph::model::Graph::new();
/// let c = caption(&g, &Selection::default(), "egov render -o x.png");
/// assert_eq!(c, "Drawn by: egov render -o x.png");
/// ```
pub fn caption(g: &Graph, sel: &Selection, command: &str) -> String {
    let mut titles: Vec<String> = Vec::new();
    let mut lo: Option<crate::model::PartialDate> = None;
    let mut hi: Option<crate::model::PartialDate> = None;
    for e in &sel.edges {
        let Some(ev) = g.edge(e.edge) else { continue };
        for c in &ev.edge.cite {
            let t = g
                .source(c.source.as_str())
                .map(|x| x.title.clone())
                .unwrap_or_else(|| c.source.to_string());
            if !titles.contains(&t) {
                titles.push(t);
            }
        }
        if ev.edge.kind.is_cooperation() {
            for d in [ev.edge.date, ev.edge.end_date].into_iter().flatten() {
                if lo.is_none_or(|x| d < x) {
                    lo = Some(d);
                }
                if hi.is_none_or(|x| d > x) {
                    hi = Some(d);
                }
            }
        }
    }
    let mut lines = Vec::new();
    if !titles.is_empty() {
        lines.push(format!("Sources: {}.", titles.join("; ")));
    }
    if let (Some(a), Some(b)) = (lo, hi) {
        lines.push(if a == b {
            format!("Events dated {a}.")
        } else {
            format!("Events dated {a} to {b}.")
        });
    }
    lines.push(format!("Drawn by: {command}"));
    lines.join("\n")
}

fn write_legend(
    root: &mut Scope<'_, '_>,
    opts: &DotOptions,
    node_kinds: &BTreeSet<NodeKind>,
    edge_kinds: &BTreeSet<EdgeKind>,
    sel: &Selection,
) {
    if node_kinds.is_empty() && edge_kinds.is_empty() {
        return;
    }
    if opts.dialect == Dialect::Simple {
        legend_body(root, true, node_kinds, edge_kinds, sel);
    } else {
        let mut c = root.cluster();
        c.put("label", "Legend")
            .put("style", "rounded")
            .put("color", "#bbbbbb")
            .put("fontsize", "12")
            .put("fontcolor", "#333333");
        legend_body(&mut c, false, node_kinds, edge_kinds, sel);
    }
}

fn legend_body(
    legend: &mut Scope<'_, '_>,
    simple: bool,
    node_kinds: &BTreeSet<NodeKind>,
    edge_kinds: &BTreeSet<EdgeKind>,
    sel: &Selection,
) {
    for &k in node_kinds {
        let s = style::node_style(k);
        let mut n = legend.node_named(format!("legend_{}", k.as_str()));
        n.put("label", style::node_kind_name(k))
            .put("fillcolor", s.fill)
            .put("color", s.border)
            .put("fontsize", "10")
            .put("height", "0.3");
        if simple {
            n.put("shape", "box").put("style", "filled");
        } else {
            n.put("shape", s.shape).put("style", s.style);
        }
    }
    let marks: BTreeSet<style::Mark> = sel.marks.values().copied().collect();
    for (i, &m) in marks.iter().enumerate() {
        let st = style::mark_style(m);
        let mut n = legend.node_named(format!("legend_mark_{i}"));
        n.put("label", st.words)
            .put("shape", "box")
            .put("fillcolor", "white")
            .put("color", st.border)
            .put("penwidth", &st.penwidth.to_string())
            .put("peripheries", &st.peripheries.to_string())
            .put("fontsize", "10")
            .put("height", "0.3");
        if simple || st.line.is_empty() {
            n.put("style", "filled");
        } else {
            n.put("style", &format!("filled,{}", st.line));
        }
    }
    if sel.fade_others && sel.nodes.iter().any(|n| !sel.highlight_nodes.contains(n)) {
        let mut n = legend.node_named("legend_path");
        n.put("label", "on the path")
            .put("shape", "box")
            .put("style", "filled")
            .put("fillcolor", "white")
            .put("color", "#c0392b")
            .put("penwidth", "3")
            .put("fontsize", "10")
            .put("height", "0.3");
    }
    for &k in edge_kinds {
        let s = style::edge_style(k);
        let a = format!("legend_{}_a", k.as_str());
        let b = format!("legend_{}_b", k.as_str());
        legend
            .node_named(a.clone())
            .put("label", style::edge_kind_name(k))
            .put("shape", if simple { "box" } else { "plaintext" })
            .put("fontsize", "10")
            .put("height", "0.2");
        legend
            .node_named(b.clone())
            .put("label", " ")
            .put("shape", if simple { "box" } else { "point" })
            .put("width", "0.05")
            .put("height", "0.05")
            .put("color", "white");
        let width = if k == EdgeKind::Export { 4.0 } else { s.width };
        let mut e = legend.edge(a, b).attributes();
        e.put("color", s.color);
        if k.is_symmetric() {
            e.put("dir", "none");
        }
        if simple {
            if s.line == "dashed" || s.line == "dotted" {
                e.put("style", "dashed");
            }
        } else {
            e.put("style", s.line)
                .put("penwidth", &format!("{width:.1}"));
        }
    }
}

/// `dot` with every HTML-like value (`label=<…>`) replaced by `"html"`,
/// for parsers that know only quoted strings (layout-rs's). For tests: the
/// unit tests here and the integration tests parse our DOT with it.
#[doc(hidden)]
pub fn without_html_values(dot: &str) -> String {
    let mut out = String::with_capacity(dot.len());
    let mut rest = dot;
    while let Some(at) = rest.find("=<") {
        out.push_str(&rest[..at]);
        out.push_str("=\"html\"");
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest[at + 1..].char_indices() {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + 1 + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Filter, Level, View};
    use layout::gv::parser::ast;
    use proptest::prelude::*;

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Korea with a ministry, Kazakhstan, an MOU and an export.
    fn sample(name: &str) -> Graph {
        let mut g = Graph::new();
        let mut add = |i: &str, k: NodeKind, n: &str, c: Option<&str>| {
            let mut node = Node::new(id(i), k, n);
            node.country = c.map(id);
            g.add_node(node).unwrap_or_else(|e| panic!("{e}"))
        };
        let kr = add("kr", NodeKind::Country, "Republic of Korea", None);
        let moi = add("kr-moi", NodeKind::Ministry, name, Some("kr"));
        let kz = add("kz", NodeKind::Country, "Kazakhstan", None);
        let mut mou = Edge::new(EdgeKind::Mou);
        mou.date = "2016-11".parse().ok();
        mou.place = Some(name.to_string());
        g.add_edge(moi, kz, mou).unwrap_or_else(|e| panic!("{e}"));
        g.add_edge(moi, kr, Edge::new(EdgeKind::PartOf))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut ex = Edge::new(EdgeKind::Export);
        ex.amount_usd = Some(133_540_000.0);
        g.add_edge(kr, kz, ex).unwrap_or_else(|e| panic!("{e}"));
        g
    }

    fn draw(g: &Graph, opts: &DotOptions) -> String {
        let v = View::new(g, Level::All, &Filter::default());
        write_dot(g, &Selection::among(g, &v, None), opts)
    }

    /// Every node statement's attributes, by node id, as layout-rs's parser
    /// reads them (escapes undone).
    fn parsed_nodes(dot: &str) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
        fn walk(g: &ast::Graph, out: &mut BTreeMap<String, BTreeMap<String, String>>) {
            for st in &g.list.list {
                match st {
                    ast::Stmt::Node(n) => {
                        let attrs = out.entry(n.id.name.clone()).or_default();
                        for (k, v) in n.list.iter() {
                            attrs.insert(k.clone(), v.clone());
                        }
                    }
                    ast::Stmt::SubGraph(s) => walk(s, out),
                    _ => {}
                }
            }
        }
        let graph = layout::gv::DotParser::new(&without_html_values(dot)).process()?;
        let mut out = BTreeMap::new();
        walk(&graph, &mut out);
        Ok(out)
    }

    #[test]
    fn escape_handles_quotes_backslashes_and_line_breaks() {
        assert_eq!(escape("say \"hi\""), "say \\\"hi\\\"");
        assert_eq!(escape("C:\\N"), "C:\\\\N");
        assert_eq!(escape("a\nb\r\nc\rd"), "a\\nb\\nc\\nd");
        assert_eq!(escape("tab\there\0"), "tab here ");
        assert_eq!(escape("대한민국 행정안전부"), "대한민국 행정안전부");
        assert_eq!(escape("trailing \\"), "trailing \\\\");
    }

    #[test]
    fn draws_shapes_colours_clusters_amounts_and_legend() {
        let g = sample("Ministry of the Interior");
        let opts = DotOptions {
            title: Some("Korea".into()),
            ..DotOptions::default()
        };
        let dot = draw(&g, &opts);
        assert!(dot.starts_with("digraph {"), "{dot}");
        assert!(dot.contains("subgraph cluster_0"), "{dot}");
        assert!(dot.contains("label=\"Republic of Korea\""), "{dot}");
        assert!(dot.contains(" [label=\"$133.54M\""), "{dot}");
        assert!(dot.contains(" [label=\"2016-11\""), "{dot}");
        // The legend is one row in the graph's label.
        assert!(dot.contains("> export (width: amount)</TD>"), "{dot}");
        assert!(dot.contains(">country</TD>"), "{dot}");
        // part_of inside Korea's box is implied by the box.
        assert!(dot.contains("style=\"invis\""), "{dot}");
        assert!(!dot.contains("label=\"part of\""), "{dot}");
        let nodes = parsed_nodes(&dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
        assert_eq!(nodes["n0"]["shape"], "box");
        assert_eq!(nodes["n1"]["label"], "Ministry of the\nInterior");
        // The title is the root graph's label, after the clusters.
        let title = dot.rfind("<B>Korea<BR").unwrap_or(0);
        assert!(title > dot.rfind("cluster").unwrap_or(usize::MAX), "{dot}");
    }

    #[test]
    fn label_modes() {
        let g = sample("MOI");
        let none = draw(
            &g,
            &DotOptions {
                labels: EdgeLabels::None,
                no_legend: true,
                ..DotOptions::default()
            },
        );
        assert!(!none.contains("label=\"2016-11"), "{none}");
        assert!(!none.contains("xlabel="), "{none}");
        let full = draw(
            &g,
            &DotOptions {
                labels: EdgeLabels::Full,
                ..DotOptions::default()
            },
        );
        assert!(full.contains("label=\"mou 2016-11\\nMOI\""), "{full}");
    }

    #[test]
    fn simple_dialect_has_no_clusters_and_only_boxes() {
        let g = sample("MOI");
        let dot = draw(
            &g,
            &DotOptions {
                dialect: Dialect::Simple,
                ..DotOptions::default()
            },
        );
        assert!(!dot.contains("cluster"), "{dot}");
        let nodes = parsed_nodes(&dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
        assert!(nodes
            .values()
            .all(|a| a.get("shape").map(String::as_str) == Some("box")));
        assert!(crate::render::builtin_svg(&dot).is_ok());
    }

    fn tricky_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\\N".to_string()),
                Just("{}[];=->".to_string()),
                Just("<b>&amp;</b>".to_string()),
                Just("행정안전부".to_string()),
                Just("Қазақстан".to_string()),
                "[a-zA-Z ]{1,6}",
            ],
            1..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the names say, the DOT parses and every label reads
        /// back as written (line breaks become `\n`, wrapped at spaces).
        #[test]
        fn any_name_gives_dot_that_parses_and_reads_back(name in tricky_text()) {
            let g = sample(&name);
            for labels in [EdgeLabels::Date, EdgeLabels::Full] {
                let dot = draw(&g, &DotOptions { title: Some(name.clone()), labels, ..DotOptions::default() });
                let nodes = parsed_nodes(&dot).map_err(|e| TestCaseError::fail(format!("{e}\n{dot}")))?;
                let want: String = node_label(&Node::new(id("x"), NodeKind::Ministry, name.as_str()))
                    .replace("\r\n", "\n")
                    .replace('\r', "\n");
                // As Graphviz reads it: `&amp;` is `&`.
                prop_assert_eq!(nodes["n1"]["label"].replace("&amp;", "&"), want);
            }
        }
    }
}
