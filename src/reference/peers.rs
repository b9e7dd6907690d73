//! A region's other members, for the analyses that measure reach into a
//! region.
//!
//! The layer adds no country that the data does not name (see
//! [`super::apply`]), so a graph of Korea's partners holds Tunisia but not
//! its neighbours: "Northern Africa" would then have one member. [`peers`]
//! gives the records that complete each region the data reaches: every
//! UN member state in the M49 region of one of the graph's countries,
//! or in one of the graph's organisations, with the borders and
//! memberships that tie it to the rest. `egov spreaders` counts a region's
//! members on the graph completed so.

use std::collections::HashSet;
use std::sync::Arc;

use super::{apply_parts, Layer, Options};
use crate::model::{
    Citation, EdgeKind, Graph, Id, Input, InputEdge, InputNode, Loc, Located, Node, NodeKind,
};

/// The states (UN members, by the layer's table) the graph lacks that
/// share an M49 region (the one a country node carries: intermediate
/// region, else sub-region) or an organisation with its countries, as nodes citing `un-m49`, with the layer's
/// borders and memberships that have one of them at an end, and the
/// layer's sources the graph does not hold. Empty when the graph has no
/// country the layer knows.
///
/// ```
/// use egov_graph::model::{Graph, Node, NodeKind};
/// let layer = egov_graph::reference::builtin().unwrap();
/// let mut g = Graph::new();
/// g.add_node(Node::new("tn".parse().unwrap(), NodeKind::Country, "Tunisia"));
/// let peers = egov_graph::reference::peers(layer, &g);
/// assert!(peers.nodes.iter().any(|n| n.node.id.as_str() == "dz"));
/// ```
pub fn peers(layer: &Layer, g: &Graph) -> Input {
    let file: Arc<str> = Arc::from("graphs/reference/countries.csv");
    // The graph's countries and organisations, as the layer knows them.
    let mut known: HashSet<&str> = HashSet::new();
    let mut regions: HashSet<&str> = HashSet::new();
    let mut orgs: HashSet<&str> = HashSet::new();
    let mut base = Input::default();
    let at = Loc::new(&Arc::from("<graph>"), 0, 0);
    let m49 = layer.m49_names();
    for (_, n) in g.nodes() {
        match n.kind {
            NodeKind::Country => {
                let found = layer.country(n.id.as_str()).or_else(|| {
                    std::iter::once(&n.name)
                        .chain(&n.aliases)
                        .find_map(|q| layer.country(q))
                });
                if let Some(c) = found {
                    known.insert(c.alpha2.as_str());
                }
                if let Some(r) = n.region.as_deref().or(found.and_then(|c| c.m49_region())) {
                    if let Some(r) = m49.iter().find(|m| **m == r) {
                        regions.insert(r);
                    }
                }
            }
            NodeKind::Organization => {
                let found = layer.organization(n.id.as_str()).or_else(|| {
                    std::iter::once(&n.name)
                        .chain(&n.aliases)
                        .find_map(|q| layer.organization(q))
                });
                if let Some(o) = found {
                    orgs.insert(o.id.as_str());
                }
            }
            _ => continue,
        }
        base.nodes.push(InputNode {
            node: n.clone(),
            loc: at.clone(),
            country_loc: None,
            cite_locs: Vec::new(),
        });
    }
    if known.is_empty() {
        return Input::default();
    }
    let mut added = Input::default();
    let mut new_ids: HashSet<String> = HashSet::new();
    for (line, c) in layer.countries.iter().enumerate() {
        if known.contains(c.alpha2.as_str()) || g.node_by_id(&c.alpha2).is_some() {
            continue;
        }
        // States only: a territory (French Guiana, the Falklands) is no
        // member to reach.
        let state = layer
            .memberships
            .iter()
            .any(|m| m.country == c.alpha2 && m.org == "un");
        if !state {
            continue;
        }
        let in_region = c.m49_region().is_some_and(|r| regions.contains(r));
        let in_org = layer
            .memberships
            .iter()
            .any(|m| m.country == c.alpha2 && orgs.contains(m.org.as_str()));
        if !(in_region || in_org) {
            continue;
        }
        let Ok(id) = c.alpha2.parse::<Id>() else {
            continue;
        };
        let mut node = Node::new(id, NodeKind::Country, c.name.clone());
        node.aliases = c.aliases.clone();
        node.cite.push(Citation {
            source: Id::trusted("un-m49"),
            quote: None,
        });
        let loc = Loc::new(&file, line as u32 + 2, 0);
        new_ids.insert(c.alpha2.clone());
        added.nodes.push(InputNode {
            node,
            loc: loc.clone(),
            country_loc: None,
            cite_locs: vec![loc],
        });
    }
    if added.nodes.is_empty() {
        return Input::default();
    }
    // The context edges the graph has, so that the layer adds only the
    // missing ones.
    for e in g.edges() {
        if !matches!(e.edge.kind, EdgeKind::Borders | EdgeKind::MemberOf) {
            continue;
        }
        let (Some(a), Some(b)) = (g.node_id(e.from), g.node_id(e.to)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.parse::<Id>(), b.parse::<Id>()) else {
            continue;
        };
        base.edges.push(InputEdge {
            from: Located {
                value: a,
                loc: at.clone(),
            },
            to: Located {
                value: b,
                loc: at.clone(),
            },
            edge: e.edge.clone(),
            loc: at.clone(),
            cite_locs: Vec::new(),
        });
    }
    let mut parts = vec![base, added];
    apply_parts(layer, &mut parts, Options::default());
    let extra = parts.pop().unwrap_or_default();
    let mut out = parts.pop().unwrap_or_default();
    // apply_parts filled each new node's region.
    let new = |id: &Id| new_ids.contains(id.as_str());
    out.edges = extra
        .edges
        .into_iter()
        .filter(|e| new(&e.from.value) || new(&e.to.value))
        .collect();
    out.sources = extra
        .sources
        .into_iter()
        .filter(|s| g.sources().iter().all(|x| x.id != s.source.id))
        .collect();
    out
}
