//! Regional spreaders: which of a source's cooperation partners carry its
//! model into their own region, and which partners outside the region
//! broker the way in.
//!
//! Two layers of ties, said once here:
//! - **cooperation**: `mou`, `loi`, `forum`, `seminar`, `conference`,
//!   `project`, `export` and `visit` edges ([`EdgeKind::is_cooperation`])
//!   that cite a source and that the view keeps (planned events are left
//!   out by the view unless asked for);
//! - **context**: a shared land border (`borders`), or membership of the
//!   same organisation at overlapping times (two `member_of` edges).
//!
//! Everything is read at the country level: a ministry's or agency's ties
//! are its country's (the view folds bodies through `part_of`).
//!
//! A **spreader** of source `S` into region `R` is a country `X` with at
//! least one cooperation tie with `S` that belongs to `R` at the time of
//! that tie (its M49 sub-region is `R`, or it is a member of the
//! organisation `R` on the tie's date). Nothing else is ever a spreader.
//! A cooperation partner of `S` outside `R` that links `S` to a member of
//! `R` that `S` has no tie with is a **broker**, reported apart with its
//! Gould–Fernandez role. docs/analysis.md explains the score and where it
//! misleads.

use std::collections::HashMap;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::Role;
use crate::model::{
    fold_text, tie_strength, EdgeKind, Filter, Graph, NodeKind, PartialDate, Region, RegionKind,
    View,
};

/// The layer a tie belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// A cited, realised cooperation event.
    Cooperation,
    /// A shared border or a shared membership.
    Context,
}

impl Layer {
    /// `cooperation` or `context`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Cooperation => "cooperation",
            Layer::Context => "context",
        }
    }
}

/// How much one hop of each layer counts in a spreader's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerWeights {
    /// A cooperation hop (default 1).
    pub cooperation: f64,
    /// A context hop: a shared border or membership (default 0.25).
    pub context: f64,
}

impl Default for LayerWeights {
    fn default() -> LayerWeights {
        LayerWeights {
            cooperation: 1.0,
            context: 0.25,
        }
    }
}

impl LayerWeights {
    /// The weight of one hop of `layer`.
    pub fn of(&self, layer: Layer) -> f64 {
        match layer {
            Layer::Cooperation => self.cooperation,
            Layer::Context => self.context,
        }
    }
}

/// A member of the region that a spreader or broker is tied to.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The member (a country).
    pub node: NodeIndex,
    /// The strongest layer between them: cooperation if they cooperate,
    /// else context.
    pub layer: Layer,
    /// The edges behind it: the cooperation edges, or the border, or the
    /// two `member_of` edges of each shared membership.
    pub edges: Vec<EdgeIndex>,
    /// For a shared membership, the organisations they share.
    pub organizations: Vec<NodeIndex>,
}

/// One spreader: a cooperation partner of the source inside the region.
#[derive(Debug, Clone, PartialEq)]
pub struct Spreader {
    /// The country.
    pub node: NodeIndex,
    /// `tie_strength × coverage` (see [`Spreading::region`]).
    pub score: f64,
    /// The summed strength of its cooperation edges with the source.
    pub tie_strength: f64,
    /// Those edges (cited, kept by the view), in edge order.
    pub ties: Vec<EdgeIndex>,
    /// The weighted share of the region reached through it, itself
    /// included, in `[0, 1]` with weights at most 1.
    pub coverage: f64,
    /// The region's other members it is tied to, by id.
    pub links: Vec<Link>,
    /// How many of them (`links.len()`).
    pub reach: usize,
    /// The share of the score that rests on context hops, in `[0, 1]`.
    pub context_share: f64,
    /// `hub_designation` edges from the source's side naming it a hub for
    /// this region.
    pub designations: Vec<EdgeIndex>,
    /// `hub_designation` edges naming it a hub for another region.
    pub other_designations: Vec<EdgeIndex>,
}

/// The Gould–Fernandez (1989) role of `v` on a two-path `i → v → j`,
/// given the three nodes' groups (as [`super::brokerage`] classifies
/// every two-path).
///
/// # Examples
/// ```
/// use egov_graph::analysis::{broker_role, Role};
/// assert_eq!(broker_role("Asia", "Europe", "Africa"), Role::Liaison);
/// assert_eq!(broker_role("Asia", "Asia", "Africa"), Role::Representative);
/// ```
pub fn broker_role<G: PartialEq + ?Sized>(i: &G, v: &G, j: &G) -> Role {
    match (i == v, v == j, i == j) {
        (true, true, _) => Role::Coordinator,
        (false, false, true) => Role::Itinerant,
        (true, false, _) => Role::Representative,
        (false, true, _) => Role::Gatekeeper,
        (false, false, false) => Role::Liaison,
    }
}

/// A broker: a cooperation partner of the source outside the region that
/// is tied to members of the region the source has no tie with.
#[derive(Debug, Clone, PartialEq)]
pub struct Broker {
    /// The country.
    pub node: NodeIndex,
    /// The summed strength of its cooperation edges with the source.
    pub tie_strength: f64,
    /// Those edges.
    pub ties: Vec<EdgeIndex>,
    /// The members it links the source to (each an open two-path
    /// source → broker → member).
    pub links: Vec<Link>,
    /// Its Gould–Fernandez role on those two-paths, with groups = M49
    /// sub-regions, the region's members forming one group.
    pub role: Role,
    /// The `hub_designation` edges naming it a hub (for any region).
    pub designations: Vec<EdgeIndex>,
}

/// The spreaders and brokers of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSpreaders {
    /// The region.
    pub region: Region,
    /// Its members in the view, other than the source (`|T|`).
    pub targets: usize,
    /// The eligible spreaders, best score first (then tie strength, id).
    pub spreaders: Vec<Spreader>,
    /// The brokers, most members linked first (then tie strength, id).
    pub brokers: Vec<Broker>,
}

/// A country's membership of an organisation.
#[derive(Debug, Clone, Copy)]
struct Membership {
    org: NodeIndex,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    edge: EdgeIndex,
    /// Whether the view keeps the edge (context links need it; whether a
    /// country belongs to a region does not).
    kept: bool,
}

impl Membership {
    /// Whether the membership may be in force on `date`; an undated event
    /// is read as current, so only a membership without an end holds it.
    fn holds_on(&self, date: Option<PartialDate>) -> bool {
        match date {
            None => self.end.is_none(),
            Some(d) => {
                self.start.is_none_or(|s| d.may_be_on_or_after(&s))
                    && self.end.is_none_or(|e| d.may_be_on_or_before(&e))
            }
        }
    }

    /// Whether two memberships may overlap in time.
    fn overlaps(&self, other: &Membership) -> bool {
        let before = |s: Option<PartialDate>, e: Option<PartialDate>| match (s, e) {
            (Some(s), Some(e)) => s.first_day() <= e.last_day(),
            _ => true,
        };
        before(self.start, other.end) && before(other.start, self.end)
    }
}

/// A cooperation partner of the source.
#[derive(Debug, Clone)]
struct Partner {
    ties: Vec<EdgeIndex>,
    dates: Vec<Option<PartialDate>>,
    strength: f64,
}

/// The source's side of the analysis, read once and asked per region.
#[derive(Debug)]
pub struct Spreading<'a> {
    g: &'a Graph,
    view: &'a View,
    source: u32,
    weights: LayerWeights,
    partners: HashMap<u32, Partner>,
    memberships: HashMap<u32, Vec<Membership>>,
    /// The source's hub designations: (edge, view node named, its region
    /// text folded).
    hubs: Vec<(EdgeIndex, u32, Option<String>)>,
}

/// Whether `e` is a cooperation edge that counts: a cooperation kind with
/// a citation (the view has already applied the user's filters).
fn counts(g: &Graph, e: EdgeIndex) -> bool {
    g.edge(e)
        .is_some_and(|v| v.edge.kind.is_cooperation() && !v.edge.cite.is_empty())
}

impl<'a> Spreading<'a> {
    /// Reads the source's cooperation partners, every membership and the
    /// source's hub designations.
    ///
    /// # Arguments
    /// - `g`, `view`: the graph and its country-level view (the view's
    ///   filter decides which edges count).
    /// - `filter`: that view's filter, for the `member_of` edges it keeps.
    /// - `source`: the source country; `None` when the view leaves it out.
    /// - `weights`: the layer weights of the score.
    ///
    /// # Complexity
    /// One pass over the view's ties and one over the edges' summaries.
    pub fn new(
        g: &'a Graph,
        view: &'a View,
        filter: &Filter,
        source: NodeIndex,
        weights: LayerWeights,
    ) -> Option<Spreading<'a>> {
        let s = view.fold(source)?;
        let latest = g.latest_year().unwrap_or(2000);
        let mut partners = HashMap::new();
        for ve in view.edges() {
            let x = match (ve.a == s, ve.b == s) {
                (true, _) => ve.b,
                (_, true) => ve.a,
                _ => continue,
            };
            let ties: Vec<EdgeIndex> = view
                .behind(ve)
                .iter()
                .copied()
                .filter(|&e| counts(g, e))
                .collect();
            if ties.is_empty() {
                continue;
            }
            let edges: Vec<_> = ties.iter().filter_map(|&e| g.edge(e)).collect();
            partners.insert(
                x,
                Partner {
                    strength: edges.iter().map(|e| tie_strength(e.edge, latest)).sum(),
                    dates: edges.iter().map(|e| e.edge.date).collect(),
                    ties,
                },
            );
        }
        let mut member_edges = Vec::new();
        let mut hub_edges = Vec::new();
        g.for_each_edge_summary(|e| match e.kind {
            EdgeKind::MemberOf => member_edges.push(e.index),
            EdgeKind::HubDesignation if view.fold(e.from) == Some(s) => hub_edges.push(e.index),
            _ => {}
        });
        let mut memberships: HashMap<u32, Vec<Membership>> = HashMap::new();
        for ix in member_edges {
            let Some(e) = g.edge(ix) else { continue };
            let Some(x) = view.fold(e.from) else { continue };
            if g.node_kind(e.to) != Some(NodeKind::Organization) {
                continue;
            }
            memberships.entry(x).or_default().push(Membership {
                org: e.to,
                start: e.edge.date,
                end: e.edge.end_date,
                edge: ix,
                kept: filter.keeps(e.edge),
            });
        }
        let hubs = hub_edges
            .into_iter()
            .filter_map(|ix| {
                let e = g.edge(ix)?;
                Some((
                    ix,
                    view.fold(e.to)?,
                    e.edge.region.as_deref().map(fold_text),
                ))
            })
            .collect();
        Some(Spreading {
            g,
            view,
            source: s,
            weights,
            partners,
            memberships,
            hubs,
        })
    }

    /// Whether view node `x` is a country.
    fn is_country(&self, x: u32) -> bool {
        self.view
            .node(x)
            .is_some_and(|n| self.g.node_kind(n) == Some(NodeKind::Country))
    }

    /// Whether partner `x` belongs to `region` at the time of one of its
    /// ties with the source.
    fn belongs(&self, x: u32, p: &Partner, region: &Region) -> bool {
        match region.kind {
            RegionKind::SubRegion => self.view.node(x).is_some_and(|n| {
                self.g.node(n).and_then(|n| n.region.as_deref()) == Some(region.name.as_str())
            }),
            RegionKind::Membership => self.memberships.get(&x).is_some_and(|ms| {
                ms.iter().any(|m| {
                    Some(m.org) == region.organization && p.dates.iter().any(|&d| m.holds_on(d))
                })
            }),
        }
    }

    /// Whether `x` is a member of `region` at all (for the broker groups).
    fn in_region(&self, x: u32, region: &Region) -> bool {
        self.view
            .node(x)
            .is_some_and(|n| region.members.contains(&n))
    }

    /// The link from `x` to `t`, if any: cooperation edges first, else a
    /// border, else the organisations both belong to at overlapping times.
    fn link(&self, x: u32, t: u32) -> Option<Link> {
        let node = self.view.node(t)?;
        if let Some(ve) = self.view.between(x, t) {
            let behind = self.view.behind(ve);
            let coop: Vec<EdgeIndex> = behind
                .iter()
                .copied()
                .filter(|&e| counts(self.g, e))
                .collect();
            if !coop.is_empty() {
                return Some(Link {
                    node,
                    layer: Layer::Cooperation,
                    edges: coop,
                    organizations: Vec::new(),
                });
            }
            let borders: Vec<EdgeIndex> = behind
                .iter()
                .copied()
                .filter(|&e| self.g.edge_kind(e) == Some(EdgeKind::Borders))
                .collect();
            if !borders.is_empty() {
                return Some(Link {
                    node,
                    layer: Layer::Context,
                    edges: borders,
                    organizations: Vec::new(),
                });
            }
        }
        let (mx, mt) = (self.memberships.get(&x)?, self.memberships.get(&t)?);
        let mut edges = Vec::new();
        let mut organizations = Vec::new();
        for a in mx.iter().filter(|m| m.kept) {
            for b in mt.iter().filter(|m| m.kept) {
                if a.org == b.org && a.overlaps(b) && !organizations.contains(&a.org) {
                    organizations.push(a.org);
                    edges.extend([a.edge, b.edge]);
                }
            }
        }
        (!organizations.is_empty()).then_some(Link {
            node,
            layer: Layer::Context,
            edges,
            organizations,
        })
    }

    /// The hub designations naming `x`: for `region`, and for others.
    fn designations(&self, x: u32, region: &Region) -> (Vec<EdgeIndex>, Vec<EdgeIndex>) {
        let key = fold_text(&region.name);
        let org_id = region
            .organization
            .and_then(|o| self.g.node_id(o))
            .map(fold_text);
        let (mut this, mut other) = (Vec::new(), Vec::new());
        for (ix, to, r) in &self.hubs {
            if *to != x {
                continue;
            }
            let same = r
                .as_deref()
                .is_some_and(|r| r == key || Some(r) == org_id.as_deref());
            if same {
                this.push(*ix);
            } else {
                other.push(*ix);
            }
        }
        (this, other)
    }

    /// The group of `x` for the brokerage roles: `region` for its members,
    /// else its M49 sub-region (or itself, when it has none).
    fn group(&self, x: u32, region: &Region) -> String {
        if self.in_region(x, region) {
            return format!("region:{}", region.name);
        }
        let node = self.view.node(x);
        match node
            .and_then(|n| self.g.node(n))
            .and_then(|n| n.region.clone())
        {
            Some(r) => format!("m49:{r}"),
            None => format!("node:{x}"),
        }
    }

    /// The spreaders and brokers of `region`.
    ///
    /// Let `T` be the region's members other than the source, `tie(X)` the
    /// summed strength of the cooperation edges between the source and
    /// `X` (see [`tie_strength`]), and `c`, `k` the cooperation and context
    /// weights. The route from the source through `X` to a member `t`
    /// weighs `c` for `t = X` (the source–`X` hop) and `c · w(X, t)` for
    /// another member, where `w` is `c` if `X` and `t` cooperate, `k` if
    /// they share only a border or a membership, and 0 otherwise. Then
    ///
    /// ```text
    /// coverage(X) = Σ_{t ∈ T} route(X, t) / |T|
    /// score(X)    = tie(X) · coverage(X)
    /// context_share(X) = (the part of Σ route from context hops) / Σ route
    /// ```
    ///
    /// So a stronger tie raises the score in proportion, and a neighbour
    /// reached by a border counts `k/c` of one reached by cooperation.
    ///
    /// # Complexity
    /// O(P · |T| · m) for P partners of the source and m memberships per
    /// country.
    pub fn region(&self, region: &Region) -> RegionSpreaders {
        let mut targets: Vec<u32> = region
            .members
            .iter()
            .filter_map(|&m| self.view.fold(m))
            .filter(|&t| t != self.source)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        let n = targets.len() as f64;
        let c = self.weights.cooperation;
        let mut spreaders = Vec::new();
        let mut brokers = Vec::new();
        let mut partners: Vec<(&u32, &Partner)> = self.partners.iter().collect();
        partners.sort_by_key(|(x, _)| **x);
        for (&x, p) in partners {
            if !self.is_country(x) {
                continue;
            }
            let Some(node) = self.view.node(x) else {
                continue;
            };
            if self.belongs(x, p, region) && targets.binary_search(&x).is_ok() {
                let links: Vec<Link> = targets
                    .iter()
                    .filter(|&&t| t != x)
                    .filter_map(|&t| self.link(x, t))
                    .collect();
                let from = |layer| {
                    links.iter().filter(|l| l.layer == layer).count() as f64
                        * c
                        * self.weights.of(layer)
                };
                let total = c + from(Layer::Cooperation) + from(Layer::Context);
                let coverage = total / n;
                let (designations, other_designations) = self.designations(x, region);
                spreaders.push(Spreader {
                    node,
                    score: p.strength * coverage,
                    tie_strength: p.strength,
                    ties: p.ties.clone(),
                    coverage,
                    reach: links.len(),
                    context_share: if total > 0.0 {
                        from(Layer::Context) / total
                    } else {
                        0.0
                    },
                    links,
                    designations,
                    other_designations,
                });
            } else {
                let links: Vec<Link> = targets
                    .iter()
                    .filter(|&&t| t != x && self.view.between(self.source, t).is_none())
                    .filter_map(|&t| self.link(x, t))
                    .collect();
                if links.is_empty() {
                    continue;
                }
                let region_group = format!("region:{}", region.name);
                let role = broker_role(
                    &self.group(self.source, region),
                    &self.group(x, region),
                    &region_group,
                );
                let designations = self.hubs.iter().filter(|h| h.1 == x).map(|h| h.0).collect();
                brokers.push(Broker {
                    node,
                    tie_strength: p.strength,
                    ties: p.ties.clone(),
                    links,
                    role,
                    designations,
                });
            }
        }
        let id = |n: NodeIndex| self.g.node_id(n).unwrap_or_default();
        spreaders.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.tie_strength.total_cmp(&a.tie_strength))
                .then_with(|| id(a.node).cmp(id(b.node)))
        });
        brokers.sort_by(|a, b| {
            b.links
                .len()
                .cmp(&a.links.len())
                .then_with(|| b.tie_strength.total_cmp(&a.tie_strength))
                .then_with(|| id(a.node).cmp(id(b.node)))
        });
        for s in &mut spreaders {
            s.links.sort_by(|a, b| id(a.node).cmp(id(b.node)));
        }
        for b in &mut brokers {
            b.links.sort_by(|x, y| id(x.node).cmp(id(y.node)));
        }
        RegionSpreaders {
            region: region.clone(),
            targets: targets.len(),
            spreaders,
            brokers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, Edge, Id, Level, Node};

    fn country(g: &mut Graph, id: &str, region: &str) -> NodeIndex {
        let mut n = Node::new(
            id.parse::<Id>().unwrap(),
            NodeKind::Country,
            id.to_uppercase(),
        );
        n.region = Some(region.into());
        g.add_node(n).unwrap()
    }

    fn edge(g: &mut Graph, a: NodeIndex, b: NodeIndex, kind: EdgeKind, date: Option<&str>) {
        let mut e = Edge::new(kind);
        e.date = date.map(|d| d.parse().unwrap());
        e.cite = vec![Citation {
            source: "src".parse::<Id>().unwrap(),
            quote: Some("q".into()),
        }];
        g.add_edge(a, b, e).unwrap();
    }

    #[test]
    fn role_of_each_group_pattern() {
        assert_eq!(broker_role("a", "a", "a"), Role::Coordinator);
        assert_eq!(broker_role("a", "b", "a"), Role::Itinerant);
        assert_eq!(broker_role("a", "a", "b"), Role::Representative);
        assert_eq!(broker_role("a", "b", "b"), Role::Gatekeeper);
        assert_eq!(broker_role("a", "b", "c"), Role::Liaison);
    }

    #[test]
    fn score_is_tie_times_weighted_coverage() {
        // s cooperates with x (in R) and y (outside R); R = {x, t1, t2, t3}.
        // x cooperates with t1 and borders t2; y borders t3.
        let mut g = Graph::new();
        let s = country(&mut g, "s", "Home");
        let x = country(&mut g, "x", "R");
        let t1 = country(&mut g, "t1", "R");
        let t2 = country(&mut g, "t2", "R");
        let t3 = country(&mut g, "t3", "R");
        let y = country(&mut g, "y", "Away");
        edge(&mut g, s, x, EdgeKind::Mou, Some("2020"));
        edge(&mut g, s, y, EdgeKind::Mou, Some("2020"));
        edge(&mut g, x, t1, EdgeKind::Forum, Some("2020"));
        edge(&mut g, x, t2, EdgeKind::Borders, None);
        edge(&mut g, y, t3, EdgeKind::Borders, None);
        let filter = Filter::default();
        let view = View::new(&g, Level::Country, &filter);
        let sp = Spreading::new(&g, &view, &filter, s, LayerWeights::default()).unwrap();
        let r = sp.region(&g.region("R").unwrap());
        assert_eq!(r.targets, 4);
        assert_eq!(r.spreaders.len(), 1, "only x is a partner in R");
        let top = &r.spreaders[0];
        assert_eq!(top.node, x);
        // MOU of the latest year: strength 3. Routes: x 1, t1 1, t2 0.25.
        assert!((top.tie_strength - 3.0).abs() < 1e-12);
        assert!((top.coverage - 2.25 / 4.0).abs() < 1e-12);
        assert!((top.score - 3.0 * 2.25 / 4.0).abs() < 1e-12);
        assert!((top.context_share - 0.25 / 2.25).abs() < 1e-12);
        assert_eq!(top.reach, 2);
        // y links s to t3, which s has no tie with: a liaison.
        assert_eq!(r.brokers.len(), 1);
        assert_eq!(r.brokers[0].node, y);
        assert_eq!(r.brokers[0].role, Role::Liaison);
        assert_eq!(r.brokers[0].links[0].node, t3);
    }

    #[test]
    fn membership_counts_only_at_the_time_of_the_tie() {
        let mut g = Graph::new();
        let s = country(&mut g, "s", "Home");
        let a = country(&mut g, "a", "Far");
        let b = country(&mut g, "b", "Far");
        let org = g
            .add_node(Node::new(
                "org".parse::<Id>().unwrap(),
                NodeKind::Organization,
                "Org",
            ))
            .unwrap();
        edge(&mut g, s, a, EdgeKind::Mou, Some("2015"));
        edge(&mut g, s, b, EdgeKind::Mou, Some("2015"));
        // a joined in 2010; b left in 2008, before its tie and before a joined.
        edge(&mut g, a, org, EdgeKind::MemberOf, Some("2010"));
        let mut left = Edge::new(EdgeKind::MemberOf);
        left.date = Some("2000".parse().unwrap());
        left.end_date = Some("2008".parse().unwrap());
        left.cite = vec![Citation {
            source: "src".parse::<Id>().unwrap(),
            quote: None,
        }];
        g.add_edge(b, org, left).unwrap();
        let filter = Filter::default();
        let view = View::new(&g, Level::Country, &filter);
        let sp = Spreading::new(&g, &view, &filter, s, LayerWeights::default()).unwrap();
        let r = sp.region(&g.region("org").unwrap());
        let ids: Vec<NodeIndex> = r.spreaders.iter().map(|x| x.node).collect();
        assert_eq!(ids, vec![a]);
        // Their memberships never overlapped: no shared-membership link.
        assert_eq!(r.spreaders[0].reach, 0);
    }

    #[test]
    fn context_alone_never_makes_a_spreader() {
        let mut g = Graph::new();
        let s = country(&mut g, "s", "R");
        let n = country(&mut g, "n", "R");
        edge(&mut g, s, n, EdgeKind::Borders, None);
        let filter = Filter::default();
        let view = View::new(&g, Level::Country, &filter);
        let sp = Spreading::new(&g, &view, &filter, s, LayerWeights::default()).unwrap();
        assert!(sp.region(&g.region("R").unwrap()).spreaders.is_empty());
    }
}
