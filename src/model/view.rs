//! Views: the graph as analysis sees it, folded to a level and filtered.
//!
//! At the `country` level every ministry, agency and person folds into its
//! country; at `org`, people fold into their organisation; at `all`, nothing
//! folds. That map of nodes is a [`Folding`]. Edges between the same two
//! view nodes merge into one [`ViewEdge`] that remembers every edge behind
//! it, its count and its strength; the merged edges are [`Ties`]. A
//! [`View`] is a folding with every tie its filter keeps, built once per
//! command and turned into a compact graph for the algorithms
//! (`analysis::Csr`, built there from the view: the model knows nothing of
//! analysis). A search that needs no merged ties runs on a [`Folding`]
//! alone, and [`Ties::along`] merges only the ties of the path it found:
//! neither is a [`View`], so no analysis can mistake them for the whole
//! graph.

use std::collections::BTreeSet;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::packed::Lists;
use super::{Edge, EdgeKind, EdgeSummary, Graph, NodeKind, PartialDate};

/// How far nodes fold together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// Ministries, agencies and people fold into their country.
    #[default]
    Country,
    /// People fold into their organisation.
    Org,
    /// Nothing folds: the raw multigraph.
    All,
}

impl Level {
    /// The level's name as the command line spells it: `country`, `org`, `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Org => "org",
            Level::All => "all",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which edges a view keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Keep only these kinds; `None` keeps every kind but `hub_designation`
    /// (a statement about a partner, not a tie).
    pub kinds: Option<BTreeSet<EdgeKind>>,
    /// Leave out these kinds.
    pub exclude: BTreeSet<EdgeKind>,
    /// Keep dated edges that may fall on or after this date.
    pub since: Option<PartialDate>,
    /// Keep dated edges that may fall on or before this date.
    pub until: Option<PartialDate>,
    /// Keep context edges (`borders`, `member_of`).
    pub context: bool,
    /// Keep planned edges (`status = "planned"`): events a source announces
    /// but does not report as done. Left out by default.
    pub include_planned: bool,
    /// The graph as it stood on this date: dated edges that may have begun
    /// by then, less those in [`Filter::ended`].
    pub as_of: Option<PartialDate>,
    /// Keep land borders through an overseas territory (the attribute
    /// `via`, e.g. France and Brazil through French Guiana), which views
    /// leave out by default.
    pub overseas: bool,
    /// Edges the view leaves out by index: spans (`end_date`) over by
    /// [`Filter::as_of`] (see [`Filter::as_of_in`]) or ended
    /// ([`Filter::current_in`]), and borders through an overseas territory
    /// unless [`Filter::overseas`].
    pub ended: BTreeSet<EdgeIndex>,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            kinds: None,
            exclude: BTreeSet::new(),
            since: None,
            until: None,
            context: true,
            include_planned: false,
            as_of: None,
            overseas: false,
            ended: BTreeSet::new(),
        }
    }
}

impl Filter {
    /// This filter set to leave out the memberships of `g` that have ended
    /// (have an `end_date`): without `--as-of`, context is the world as it
    /// stands, while ties are every one recorded.
    pub fn current_in(mut self, g: &Graph) -> Filter {
        let overseas = self.overseas;
        self.ended = edges_where(
            g,
            |k| k == EdgeKind::MemberOf || (!overseas && k == EdgeKind::Borders),
            |e| match e.kind {
                EdgeKind::MemberOf => e.end_date.is_some(),
                _ => e.attrs.contains_key("via"),
            },
        );
        self
    }

    /// Adds the borders through an overseas territory to
    /// [`Filter::ended`], unless [`Filter::overseas`].
    fn leave_out_overseas(&mut self, g: &Graph) {
        if self.overseas {
            return;
        }
        self.ended.extend(edges_where(
            g,
            |k| k == EdgeKind::Borders,
            |e| e.attrs.contains_key("via"),
        ));
    }

    /// The filter a view applies: with no `as_of`, memberships that have
    /// ended stay out ([`Filter::current_in`]), so that a view is the
    /// world as it stands unless a date is asked for.
    pub fn effective(&self, g: &Graph) -> std::borrow::Cow<'_, Filter> {
        if self.as_of.is_none() && self.context && self.ended.is_empty() {
            std::borrow::Cow::Owned(self.clone().current_in(g))
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    /// This filter set to show `g` as it stood on `date`: edges dated
    /// after it are left out, and so are spans (memberships,
    /// affiliations) that had ended by then. Undated edges stay.
    pub fn as_of_in(mut self, g: &Graph, date: PartialDate) -> Filter {
        self.as_of = Some(date);
        self.ended = edges_where(
            g,
            |k| matches!(k, EdgeKind::MemberOf | EdgeKind::Affiliation),
            |e| e.end_date.is_some_and(|end| !ended_after(end, date)),
        );
        self.leave_out_overseas(g);
        self
    }

    /// Whether the view keeps `edge`. Undated edges pass the date filters
    /// (a border has no date); planned edges only pass with
    /// `include_planned`.
    pub fn keeps(&self, edge: &Edge) -> bool {
        (self.include_planned || !edge.is_planned())
            && self.keeps_kind_and_date(edge.kind, edge.date)
            && self
                .as_of
                .is_none_or(|d| edge.end_date.is_none_or(|e| ended_after(e, d)))
    }

    /// [`Filter::keeps`] for an edge known by its summary.
    pub fn keeps_summary(&self, edge: &EdgeSummary) -> bool {
        (self.include_planned || !edge.planned)
            && self.keeps_kind_and_date(edge.kind, edge.date)
            && (self.ended.is_empty() || !self.ended.contains(&edge.index))
    }

    fn keeps_kind_and_date(&self, k: EdgeKind, date: Option<PartialDate>) -> bool {
        let kind_ok = match &self.kinds {
            Some(set) => set.contains(&k),
            None => k != EdgeKind::HubDesignation && !k.is_participation(),
        };
        if !kind_ok || self.exclude.contains(&k) || (!self.context && k.is_context()) {
            return false;
        }
        match date {
            Some(d) => {
                self.since.is_none_or(|s| d.may_be_on_or_after(&s))
                    && self.until.is_none_or(|u| d.may_be_on_or_before(&u))
                    && self.as_of.is_none_or(|u| d.may_be_on_or_before(&u))
            }
            None => true,
        }
    }
}

/// The edges of `g` of a kind `kind` accepts whose full record `keep`
/// accepts: one pass over the edges' summaries, records built only for the
/// kinds asked for.
fn edges_where(
    g: &Graph,
    kind: impl Fn(EdgeKind) -> bool,
    keep: impl Fn(&Edge) -> bool,
) -> BTreeSet<EdgeIndex> {
    let mut candidates = Vec::new();
    g.for_each_edge_summary(|e| {
        if kind(e.kind) {
            candidates.push(e.index);
        }
    });
    candidates
        .into_iter()
        .filter(|&ix| g.edge(ix).is_some_and(|e| keep(e.edge)))
        .collect()
}

/// Whether a span that ended on `end` still held on `date`: it may have
/// ended after the date began (`2009-08-18` has ended by `2009-08-18`,
/// not by `2009`).
pub fn ended_after(end: PartialDate, date: PartialDate) -> bool {
    end.last_day() > date.first_day()
}

/// The edges between two view nodes, merged.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewEdge {
    /// One end (the lower view index).
    pub a: u32,
    /// The other end.
    pub b: u32,
    /// Whether the pair can be followed from `a` to `b` reading directed
    /// kinds one way (symmetric kinds go both ways).
    pub forward: bool,
    /// Whether the pair can be followed from `b` to `a`.
    pub backward: bool,
    /// Where the graph edges behind it lie in the view's shared list (see
    /// [`View::behind`]): `first .. first + count`.
    first: u32,
    /// How many graph edges are behind it.
    pub count: u32,
    /// Their summed strength (see [`tie_strength`]).
    pub strength: f64,
}

/// What an analysis reads as the weight of a view edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// 1 per edge: hop counts.
    Hops,
    /// The tie strength: larger is stronger (PageRank, eigenvector).
    Strength,
    /// 1 / strength: a length, so stronger ties are shorter (paths,
    /// betweenness, closeness).
    Cost,
}

/// The folded node map: the graph's nodes folded to a level. Which graph
/// node each view node stands for, and which view node every graph node
/// folds into. Enough to name, resolve and fold nodes, and to read a view
/// node's ties straight off the graph ([`Folding::for_each_tie_at`]),
/// without merging every edge.
#[derive(Debug, Clone)]
pub struct Folding {
    level: Level,
    nodes: Vec<NodeIndex>,
    position: Vec<u32>,
    fold: Vec<u32>,
}

/// Merged ties between the view nodes of a [`Folding`]: every pair's
/// graph edges, count, directions and strength. Either every tie the
/// filter keeps (inside a [`View`]) or those along a walk
/// ([`Ties::along`]).
#[derive(Debug, Clone)]
pub struct Ties {
    edges: Vec<ViewEdge>,
    /// The graph edges behind every view edge, one range each, in one
    /// list (one allocation instead of one per pair).
    behind: Vec<EdgeIndex>,
    /// `(pair_key(a, b), position in edges)`, sorted, for `between`.
    pairs: Vec<(u64, u32)>,
}

/// The graph folded to a level and filtered: its [`Folding`] and every
/// tie the filter keeps, merged ([`Ties`]). Analyses run on it through
/// its compact form (`View::csr`, built in `analysis`).
///
/// A view reads as its folding (`view.fold(ix)`, `view.node(x)`, …,
/// through `Deref`) and answers for its ties ([`View::edges`],
/// [`View::between`], …).
#[derive(Debug, Clone)]
pub struct View {
    folding: Folding,
    ties: Ties,
}

impl std::ops::Deref for View {
    type Target = Folding;

    fn deref(&self) -> &Folding {
        &self.folding
    }
}

/// The strength of one edge: its kind's base strength
/// ([`EdgeKind::strength`]) × recency × citation.
///
/// Recency halves every five years before `latest_year` (the most recent
/// year in the graph); an undated edge counts as ten years old. An edge
/// with no citation counts half.
pub fn tie_strength(edge: &Edge, latest_year: i16) -> f64 {
    strength(edge.kind, edge.date, !edge.cite.is_empty(), latest_year)
}

fn strength(kind: EdgeKind, date: Option<PartialDate>, cited: bool, latest_year: i16) -> f64 {
    let age = date
        .map(|d| f64::from((latest_year - d.year()).max(0)))
        .unwrap_or(10.0);
    let recency = 0.5f64.powf(age / 5.0);
    let cited = if cited { 1.0 } else { 0.5 };
    kind.strength() * recency * cited
}

/// Not a view node: the fold and position tables' empty slot.
const NONE: u32 = u32::MAX;

/// A kept edge on its way into a view: its far end, index, directions
/// and strength, filed under its near end (the lower view index).
#[derive(Debug, Clone, Copy, Default)]
struct Kept {
    b: u32,
    edge: u32,
    forward: bool,
    backward: bool,
    strength: f64,
}

/// Tie strengths for one graph, as [`tie_strength`] computes them, with
/// the recency of each whole year of age computed once: what a view sums
/// into [`ViewEdge::strength`].
#[derive(Debug, Clone)]
pub struct Strength {
    latest: i16,
    recency: Vec<f64>,
}

impl Strength {
    /// The strengths of `g`'s edges, recency counted from its latest year.
    pub fn new(g: &Graph) -> Strength {
        Strength {
            latest: g.latest_year().unwrap_or(2000),
            recency: (0..=64)
                .map(|age| 0.5f64.powf(f64::from(age) / 5.0))
                .collect(),
        }
    }

    /// The strength of the edge `e` summarises.
    pub fn of(&self, e: &EdgeSummary) -> f64 {
        let age = e.date.map_or(10, |d| (self.latest - d.year()).max(0)) as usize;
        let r = self
            .recency
            .get(age)
            .copied()
            .unwrap_or_else(|| 0.5f64.powf(age as f64 / 5.0));
        e.kind.strength() * r * if e.cited { 1.0 } else { 0.5 }
    }
}

/// The graph nodes behind every view node (see [`Folding::members`]).
#[derive(Debug, Clone, Default)]
pub struct Members(Lists<u32>);

impl Members {
    /// The graph nodes folded into view node `x`, in index order.
    pub fn of(&self, x: u32) -> impl Iterator<Item = NodeIndex> + '_ {
        self.0
            .row(x as usize)
            .iter()
            .map(|&m| NodeIndex::new(m as usize))
    }
}

/// The key of the view pair `(a, b)`, `a < b`, in `View::pairs`.
fn pair_key(a: u32, b: u32) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

/// The most view nodes for which pairs are merged through a dense
/// `nv × nv` table (country level, small graphs) rather than buckets.
const DENSE_NODES: usize = 1024;

/// Merged view pairs: sorted by `(a, b)`, each with its range of
/// `behind` and the index of its first edge.
struct Merged {
    sorted: Vec<ViewEdge>,
    behind: Vec<EdgeIndex>,
    first_edge: Vec<u32>,
}

/// Adds a kept edge to its pair.
fn absorb(ve: &mut ViewEdge, k: &Kept) {
    ve.forward |= k.forward;
    ve.backward |= k.backward;
    ve.count += 1;
    ve.strength += k.strength;
}

fn new_pair(a: u32, b: u32) -> ViewEdge {
    ViewEdge {
        a,
        b,
        forward: false,
        backward: false,
        first: 0,
        count: 0,
        strength: 0.0,
    }
}

/// Merges through a table of every pair: one pass over the edges, one
/// over the kept edges' pair numbers. For few view nodes.
fn merge_dense(
    g: &Graph,
    nv: usize,
    kept_edge: &mut dyn FnMut(&EdgeSummary) -> Option<(u32, Kept)>,
) -> Merged {
    let mut table = vec![NONE; nv * nv];
    let mut groups: Vec<ViewEdge> = Vec::new();
    let mut first_edge: Vec<u32> = Vec::new();
    let mut filed: Vec<(u32, u32)> = Vec::new();
    g.for_each_edge_summary(|e| {
        let Some((a, k)) = kept_edge(&e) else {
            return;
        };
        let slot = &mut table[a as usize * nv + k.b as usize];
        if *slot == NONE {
            *slot = groups.len() as u32;
            groups.push(new_pair(a, k.b));
            first_edge.push(k.edge);
        }
        absorb(&mut groups[*slot as usize], &k);
        filed.push((*slot, k.edge));
    });
    // Renumber the groups in pair order (the table is in pair order).
    let mut rank = vec![0u32; groups.len()];
    let mut sorted = Vec::with_capacity(groups.len());
    let mut sorted_first = Vec::with_capacity(groups.len());
    let mut at = 0u32;
    for &gi in table.iter().filter(|&&gi| gi != NONE) {
        rank[gi as usize] = sorted.len() as u32;
        let mut ve = groups[gi as usize].clone();
        ve.first = at;
        at += ve.count;
        sorted.push(ve);
        sorted_first.push(first_edge[gi as usize]);
    }
    let mut cursor: Vec<u32> = sorted.iter().map(|ve| ve.first).collect();
    let mut behind = vec![EdgeIndex::new(0); filed.len()];
    for (gi, edge) in filed {
        let c = &mut cursor[rank[gi as usize] as usize];
        behind[*c as usize] = EdgeIndex::new(edge as usize);
        *c += 1;
    }
    Merged {
        sorted,
        behind,
        first_edge: sorted_first,
    }
}

/// Merges by filing the kept edges under their lower end (a counting
/// sort), then grouping each end's list by the other end. For many view
/// nodes.
fn merge_buckets(
    g: &Graph,
    nv: usize,
    kept_edge: &mut dyn FnMut(&EdgeSummary) -> Option<(u32, Kept)>,
) -> Merged {
    let mut kept: Vec<(u32, Kept)> = Vec::new();
    let mut starts = vec![0u32; nv + 1];
    g.for_each_edge_summary(|e| {
        if let Some((a, k)) = kept_edge(&e) {
            starts[a as usize + 1] += 1;
            kept.push((a, k));
        }
    });
    for i in 0..nv {
        starts[i + 1] += starts[i];
    }
    let mut filed = vec![Kept::default(); kept.len()];
    let mut next = starts.clone();
    for (a, k) in kept {
        let at = &mut next[a as usize];
        filed[*at as usize] = k;
        *at += 1;
    }
    // Each bucket twice: first its pairs (sorted by far end) and their
    // sizes, then its edges into each pair's range of the shared list.
    let mut sorted: Vec<ViewEdge> = Vec::new();
    let mut first_edge: Vec<u32> = Vec::new();
    let mut behind = vec![EdgeIndex::new(0); filed.len()];
    let mut seen_with = vec![NONE; nv];
    let mut group_of = vec![0u32; nv];
    let mut cursor: Vec<u32> = Vec::new();
    let mut firsts: Vec<(u32, u32)> = Vec::new();
    for a in 0..nv {
        let bucket = &filed[starts[a] as usize..starts[a + 1] as usize];
        let from = sorted.len();
        firsts.clear();
        for k in bucket {
            let b = k.b as usize;
            if seen_with[b] != a as u32 {
                seen_with[b] = a as u32;
                group_of[b] = sorted.len() as u32;
                sorted.push(new_pair(a as u32, k.b));
                firsts.push((k.b, k.edge));
            }
            absorb(&mut sorted[group_of[b] as usize], k);
        }
        let mine = &mut sorted[from..];
        mine.sort_unstable_by_key(|ve| ve.b);
        firsts.sort_unstable();
        let mut at = starts[a];
        cursor.clear();
        for (i, ve) in mine.iter_mut().enumerate() {
            group_of[ve.b as usize] = (from + i) as u32;
            ve.first = at;
            cursor.push(at);
            at += ve.count;
        }
        first_edge.extend(firsts.iter().map(|&(_, e)| e));
        for k in bucket {
            let c = &mut cursor[group_of[k.b as usize] as usize - from];
            behind[*c as usize] = EdgeIndex::new(k.edge as usize);
            *c += 1;
        }
    }
    Merged {
        sorted,
        behind,
        first_edge,
    }
}

impl View {
    /// Builds the view of `g` at `level`, keeping the edges `filter` keeps.
    ///
    /// Complexity: O(V + E) expected.
    pub fn new(g: &Graph, level: Level, filter: &Filter) -> View {
        let folding = Folding::new(g, level);
        let ties = Ties::all(g, &folding, filter);
        View { folding, ties }
    }

    /// Its folded node map.
    pub fn folding(&self) -> &Folding {
        &self.folding
    }

    /// Its merged ties.
    pub fn ties(&self) -> &Ties {
        &self.ties
    }

    /// Its folded node map and merged ties, apart.
    pub fn into_parts(self) -> (Folding, Ties) {
        (self.folding, self.ties)
    }

    /// The merged edges, in the order of their first edge.
    pub fn edges(&self) -> &[ViewEdge] {
        self.ties.edges()
    }

    /// The graph edges behind a merged edge of this view, in edge order.
    pub fn behind(&self, e: &ViewEdge) -> &[EdgeIndex] {
        self.ties.behind(e)
    }

    /// The merged edge between two view nodes, in either order.
    pub fn between(&self, u: u32, v: u32) -> Option<&ViewEdge> {
        self.ties.between(u, v)
    }

    /// The merged edges in the order of their ends (see
    /// [`Ties::edges_by_pair`]).
    pub fn edges_by_pair(&self) -> impl Iterator<Item = &ViewEdge> + '_ {
        self.ties.edges_by_pair()
    }
}

impl Folding {
    /// The nodes of `g` folded to `level`: at `country` every ministry,
    /// agency and person into its country, at `org` people into their
    /// organisation, at `all` none.
    ///
    /// Complexity: O(V), plus one pass over the edges below the `all` level.
    pub fn new(g: &Graph, level: Level) -> Folding {
        let bound = g.node_bound();
        // A person's organisation: the target of their first affiliation
        // (by edge order); anything else is its own organisation.
        let mut org = vec![NONE; bound];
        if level != Level::All {
            g.for_each_edge_summary(|e| {
                if e.kind == EdgeKind::Affiliation {
                    let slot = &mut org[e.from.index()];
                    if *slot == NONE && g.node_kind(e.from) == Some(NodeKind::Person) {
                        *slot = e.to.index() as u32;
                    }
                }
            });
        }
        let rep = |ix: NodeIndex| -> NodeIndex {
            let o = match org[ix.index()] {
                NONE => ix,
                o => NodeIndex::new(o as usize),
            };
            match level {
                Level::All | Level::Org => o,
                Level::Country => g.country_of(o).unwrap_or(o),
            }
        };
        let mut nodes = Vec::new();
        let mut position = vec![NONE; bound];
        for ix in g.node_indices() {
            if rep(ix) == ix {
                position[ix.index()] = nodes.len() as u32;
                nodes.push(ix);
            }
        }
        let mut fold = vec![NONE; bound];
        for ix in g.node_indices() {
            fold[ix.index()] = position[rep(ix).index()];
        }
        Folding {
            level,
            nodes,
            position,
            fold,
        }
    }

    /// The graph nodes that fold into each view node, by view index, each
    /// row in index order.
    pub fn members(&self) -> Members {
        let mut starts = vec![0u32; self.nodes.len() + 1];
        for &v in &self.fold {
            if let Some(c) = starts.get_mut((v as usize).wrapping_add(1)) {
                *c += 1;
            }
        }
        for i in 0..self.nodes.len() {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts.last().copied().unwrap_or(0) as usize];
        for (ix, &v) in self.fold.iter().enumerate() {
            if let Some(at) = next.get_mut(v as usize) {
                if let Some(slot) = items.get_mut(*at as usize) {
                    *slot = ix as u32;
                }
                *at += 1;
            }
        }
        Members(Lists { starts, items })
    }

    /// Calls `f(y, e)` for every edge `e` the filter keeps between a graph
    /// node folded into view node `x` and one folded into another view node
    /// `y`: the ties of `x`, unmerged, read straight off the graph. In a
    /// directed reading, `x -> y` can be followed when `e` is symmetric or
    /// starts in `x` (see [`Folding::follows`]).
    pub fn for_each_tie_at(
        &self,
        g: &Graph,
        filter: &Filter,
        members: &Members,
        x: u32,
        mut f: impl FnMut(u32, &EdgeSummary),
    ) {
        for &m in members.0.row(x as usize) {
            g.for_each_edge_at(NodeIndex::new(m as usize), |e| {
                if !filter.keeps_summary(&e) {
                    return;
                }
                let (u, v) = (self.fold_raw(e.from), self.fold_raw(e.to));
                let y = if u == x { v } else { u };
                if y != NONE && y != x {
                    f(y, &e);
                }
            });
        }
    }

    /// Whether edge `e`, a tie of `x` (from [`Folding::for_each_tie_at`]),
    /// can be followed from `x` to its other end when directed kinds are
    /// read one way, as `View::csr` reads them.
    pub fn follows(&self, x: u32, e: &EdgeSummary) -> bool {
        e.kind.is_symmetric() || self.fold_raw(e.from) == x
    }

    fn fold_raw(&self, ix: NodeIndex) -> u32 {
        self.fold.get(ix.index()).copied().unwrap_or(NONE)
    }

    /// The level it was built at.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The number of view nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The graph node a view node stands for.
    pub fn node(&self, v: u32) -> Option<NodeIndex> {
        self.nodes.get(v as usize).copied()
    }

    /// Every view node's graph node, by view index.
    pub fn nodes(&self) -> &[NodeIndex] {
        &self.nodes
    }

    /// The view node a graph node folds into (`None` for a node the view
    /// leaves out).
    pub fn fold(&self, ix: NodeIndex) -> Option<u32> {
        self.fold.get(ix.index()).copied().filter(|&v| v != NONE)
    }

    /// The view index of a graph node that is itself a view node.
    pub fn position(&self, ix: NodeIndex) -> Option<u32> {
        self.position
            .get(ix.index())
            .copied()
            .filter(|&v| v != NONE)
    }
}

impl Ties {
    /// Every tie of `folding` that `filter` keeps, merged per pair.
    ///
    /// Complexity: O(V + E) expected.
    fn all(g: &Graph, folding: &Folding, filter: &Filter) -> Ties {
        let filter = &*filter.effective(g);
        let strength = Strength::new(g);
        let strength = |e: &EdgeSummary| strength.of(e);
        // Merging edges into view pairs, without a hash map (at a million
        // edges its cache misses were most of the cost), and without one
        // allocation per pair: the edges behind every pair lie in one
        // shared list. Both strategies give the pairs sorted by `(a, b)`
        // and each pair's edges in edge order; `edges` then lists the
        // pairs in the order of their first edge, as a user reads the file.
        let nv = folding.nodes.len();
        let fold = &folding.fold;
        let mut kept_edge = |e: &EdgeSummary| -> Option<(u32, Kept)> {
            if !filter.keeps_summary(e) {
                return None;
            }
            let (u, v) = (fold[e.from.index()], fold[e.to.index()]);
            if u == NONE || v == NONE || u == v {
                return None;
            }
            let (a, b) = (u.min(v), u.max(v));
            let sym = e.kind.is_symmetric();
            Some((
                a,
                Kept {
                    b,
                    edge: e.index.index() as u32,
                    forward: sym || u == a,
                    backward: sym || u == b,
                    strength: strength(e),
                },
            ))
        };
        let merged = if nv <= DENSE_NODES {
            merge_dense(g, nv, &mut kept_edge)
        } else {
            merge_buckets(g, nv, &mut kept_edge)
        };
        let Merged {
            sorted,
            behind,
            first_edge,
        } = merged;
        // The pairs in the order of their first edge (a pass over edge
        // indices, not a sort).
        let bound = first_edge
            .iter()
            .map(|&e| e as usize + 1)
            .max()
            .unwrap_or(0);
        let mut at_edge = vec![NONE; bound];
        for (i, &e) in first_edge.iter().enumerate() {
            at_edge[e as usize] = i as u32;
        }
        drop(first_edge);
        let order: Vec<u32> = at_edge.into_iter().filter(|&i| i != NONE).collect();
        let mut position = vec![0u32; sorted.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i as usize] = pos as u32;
        }
        let edges: Vec<ViewEdge> = order.iter().map(|&i| sorted[i as usize].clone()).collect();
        drop(sorted);
        let pairs: Vec<(u64, u32)> = position
            .iter()
            .map(|&pos| {
                let e = &edges[pos as usize];
                (pair_key(e.a, e.b), pos)
            })
            .collect();
        Ties {
            edges,
            behind,
            pairs,
        }
    }

    /// The ties of `folding` between the consecutive nodes of `walk`
    /// only, merged as [`View::new`] merges them: the same [`ViewEdge`]s,
    /// behind them the same edges in the same order, so a path found
    /// without the full view prints as if it had been found on it. Every
    /// other pair is absent from [`Ties::edges`] and [`Ties::between`];
    /// these ties make no [`View`], so no analysis can take them for the
    /// whole graph.
    pub fn along(g: &Graph, folding: &Folding, filter: &Filter, walk: &[u32]) -> Ties {
        let members = folding.members();
        let strength = Strength::new(g);
        let mut pairs: Vec<(u32, u32)> = walk
            .windows(2)
            .map(|w| (w[0].min(w[1]), w[0].max(w[1])))
            .filter(|(a, b)| a != b)
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut found: Vec<(ViewEdge, u32)> = Vec::new();
        let mut behind = Vec::new();
        let degree = |x: u32| members.of(x).map(|m| g.degree(m)).sum::<usize>();
        for &(a, b) in &pairs {
            // Read the ties of the end with fewer edges.
            let (near, far) = if degree(a) <= degree(b) {
                (a, b)
            } else {
                (b, a)
            };
            let mut list: Vec<EdgeSummary> = Vec::new();
            folding.for_each_tie_at(g, filter, &members, near, |y, e| {
                if y == far {
                    list.push(*e);
                }
            });
            list.sort_by_key(|e| e.index);
            list.dedup_by_key(|e| e.index);
            let Some(first) = list.first() else {
                continue;
            };
            let mut ve = new_pair(a, b);
            ve.first = behind.len() as u32;
            let first = first.index.index() as u32;
            for e in &list {
                let u = folding.fold_raw(e.from);
                let sym = e.kind.is_symmetric();
                absorb(
                    &mut ve,
                    &Kept {
                        b,
                        edge: e.index.index() as u32,
                        forward: sym || u == a,
                        backward: sym || u == b,
                        strength: strength.of(e),
                    },
                );
                behind.push(e.index);
            }
            found.push((ve, first));
        }
        // As in `new`: pairs in the order of their first edge.
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&i| found[i].1);
        let edges: Vec<ViewEdge> = order.iter().map(|&i| found[i].0.clone()).collect();
        let mut pairs: Vec<(u64, u32)> = edges
            .iter()
            .enumerate()
            .map(|(pos, e)| (pair_key(e.a, e.b), pos as u32))
            .collect();
        pairs.sort_unstable();
        Ties {
            edges,
            behind,
            pairs,
        }
    }

    /// The merged edges.
    pub fn edges(&self) -> &[ViewEdge] {
        &self.edges
    }

    /// The graph edges behind a merged edge of this view, in edge order.
    pub fn behind(&self, e: &ViewEdge) -> &[EdgeIndex] {
        let start = e.first as usize;
        self.behind
            .get(start..start + e.count as usize)
            .unwrap_or(&[])
    }

    /// The merged edge between two view nodes, in either order.
    pub fn between(&self, u: u32, v: u32) -> Option<&ViewEdge> {
        let key = pair_key(u.min(v), u.max(v));
        let at = self.pairs.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        self.pairs
            .get(at)
            .and_then(|&(_, i)| self.edges.get(i as usize))
    }

    /// The merged edges in the order of their ends `(a, b)`, lower end
    /// first: every view node's ties to higher nodes together, in
    /// increasing order of the other end.
    pub fn edges_by_pair(&self) -> impl Iterator<Item = &ViewEdge> + '_ {
        self.pairs
            .iter()
            .filter_map(|&(_, i)| self.edges.get(i as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, NodeKind};

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap()
    }

    /// kr with a ministry and a minister; kz with a ministry; a border
    /// kz-ru; an MOU between the ministries; a visit by the minister to kz.
    fn sample() -> Graph {
        let mut g = Graph::new();
        let mut add = |i: &str, k: NodeKind, c: Option<&str>| {
            let mut n = Node::new(id(i), k, i.to_uppercase());
            n.country = c.map(id);
            g.add_node(n).unwrap()
        };
        let kr = add("kr", NodeKind::Country, None);
        let kz = add("kz", NodeKind::Country, None);
        let ru = add("ru", NodeKind::Country, None);
        let moi = add("kr-moi", NodeKind::Ministry, Some("kr"));
        let mic = add("kz-mic", NodeKind::Ministry, Some("kz"));
        let min = add("hong", NodeKind::Person, None);
        let _ = (kr, ru);
        let mut mou = Edge::new(EdgeKind::Mou);
        mou.date = "2016-11".parse().ok();
        g.add_edge(moi, mic, mou).unwrap();
        let mut aff = Edge::new(EdgeKind::Affiliation);
        aff.role = Some("Minister".into());
        g.add_edge(min, moi, aff).unwrap();
        g.add_edge(min, kz, Edge::new(EdgeKind::Visit)).unwrap();
        g.add_edge(kz, ru, Edge::new(EdgeKind::Borders)).unwrap();
        let mut hub = Edge::new(EdgeKind::HubDesignation);
        hub.region = Some("Central Asia".into());
        g.add_edge(moi, kz, hub).unwrap();
        g
    }

    fn view_id(g: &Graph, v: &View, x: u32) -> String {
        g.node(v.node(x).unwrap()).unwrap().id.to_string()
    }

    #[test]
    fn country_level_folds_bodies_and_people_and_merges_ties() {
        let g = sample();
        let v = View::new(&g, Level::Country, &Filter::default());
        let ids: Vec<String> = (0..v.node_count() as u32)
            .map(|x| view_id(&g, &v, x))
            .collect();
        assert_eq!(ids, ["kr", "kz", "ru"]);
        let kr_kz = v.between(0, 1).unwrap();
        assert_eq!(
            v.behind(kr_kz).len(),
            2,
            "the MOU and the visit merge; hub designation is left out"
        );
        assert!(kr_kz.forward && kr_kz.backward);
        assert_eq!(v.edges().len(), 2);
    }

    #[test]
    fn merged_ties_keep_the_order_of_their_first_edge() {
        let mut g = Graph::new();
        let ix: Vec<NodeIndex> = ["a", "b", "c", "d"]
            .iter()
            .map(|i| g.add_node(Node::new(id(i), NodeKind::Country, *i)).unwrap())
            .collect();
        for (x, y) in [(2, 3), (0, 1), (3, 2), (1, 3), (1, 0)] {
            g.add_edge(ix[x], ix[y], Edge::new(EdgeKind::Mou)).unwrap();
        }
        let v = View::new(&g, Level::All, &Filter::default());
        let pairs: Vec<(u32, u32, usize)> = v
            .edges()
            .iter()
            .map(|e| (e.a, e.b, v.behind(e).len()))
            .collect();
        assert_eq!(pairs, [(2, 3, 2), (0, 1, 2), (1, 3, 1)]);
        let e = v.between(3, 2).unwrap();
        assert_eq!(v.behind(e), [EdgeIndex::new(0), EdgeIndex::new(2)]);
        assert!(v.between(0, 2).is_none());
    }

    #[test]
    fn org_level_folds_people_only() {
        let g = sample();
        let v = View::new(&g, Level::Org, &Filter::default());
        assert_eq!(v.node_count(), 5);
        let moi = v.fold(g.index_of("hong").unwrap()).unwrap();
        assert_eq!(view_id(&g, &v, moi), "kr-moi");
    }

    #[test]
    fn filters_by_kind_date_and_context() {
        let g = sample();
        let f = Filter {
            context: false,
            ..Filter::default()
        };
        let v = View::new(&g, Level::Country, &f);
        assert_eq!(v.edges().len(), 1);
        let f = Filter {
            since: "2017".parse().ok(),
            kinds: Some([EdgeKind::Mou].into()),
            ..Filter::default()
        };
        assert_eq!(View::new(&g, Level::Country, &f).edges().len(), 0);
        let f = Filter {
            kinds: Some([EdgeKind::HubDesignation].into()),
            ..Filter::default()
        };
        assert_eq!(View::new(&g, Level::Country, &f).edges().len(), 1);
    }

    #[test]
    fn stronger_and_more_recent_ties_cost_less() {
        let mut old = Edge::new(EdgeKind::Mou);
        old.date = "2007".parse().ok();
        let mut new = old.clone();
        new.date = "2017".parse().ok();
        assert!(tie_strength(&new, 2017) > tie_strength(&old, 2017));
        let mut cited = new.clone();
        cited.cite.push(crate::model::Citation {
            source: id("s"),
            quote: None,
        });
        assert!(tie_strength(&cited, 2017) > tie_strength(&new, 2017));
        assert!((tie_strength(&old, 2017) - 0.25 * 3.0 * 0.5).abs() < 1e-12);
    }
}
