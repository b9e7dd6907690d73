//! Lays the reference layer over an input before validation.
//!
//! Rules (docs/data-format.md, "The reference layer"):
//! - A country node is matched to the layer by its id (an alpha-2 code),
//!   else by its name or an alias. A node without a region takes the
//!   layer's (the M49 intermediate region where there is one, else the
//!   sub-region). A region that differs from the layer's is kept, with a
//!   warning naming both values; one that is no M49 name at all is an
//!   error with the closest M49 name.
//! - Borders between two matched countries are added unless the data has
//!   that border already; a border through an overseas territory (`via`)
//!   only when [`Options::overseas`] asks for it.
//! - Memberships are added for every organisation node the data holds
//!   that the layer knows (by id, name or alias) and every matched country,
//!   unless the data has its own `member_of` edge for that pair. The layer
//!   adds no nodes: an organisation the data does not name stays out of the
//!   graph, so that a universal body (the UN) does not put every pair of
//!   countries two hops apart.
//! - Each added edge cites the layer's references; the layer's sources are
//!   all added, unless the data defines a source with the same id.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Layer, SourceRef};
use crate::model::{
    fold_text, Citation, Diagnostic, Edge, EdgeKind, Id, Input, InputEdge, InputSource, Loc,
    Located, NodeKind, Source,
};

/// What to lay over the data besides the defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also add borders through overseas territories (`via` rows).
    pub overseas: bool,
}

/// [`apply_parts`] on one input.
pub fn apply(layer: &Layer, input: &mut Input, options: Options) {
    let mut parts = vec![std::mem::take(input)];
    apply_parts(layer, &mut parts, options);
    *input = parts.into_iter().collect();
}

/// Lays `layer` over the input that `parts` make up together: fills
/// country regions in place and appends one part with the layer's edges,
/// sources and diagnostics.
pub fn apply_parts(layer: &Layer, parts: &mut Vec<Input>, options: Options) {
    let file: Arc<str> = Arc::from("<reference layer>");
    let mut extra = Input::default();
    let m49 = layer.m49_names();
    // alpha-2 -> the data's node id; layer org id -> the data's node id.
    let mut countries: HashMap<&str, Id> = HashMap::new();
    let mut orgs: HashMap<&str, Id> = HashMap::new();
    for part in parts.iter_mut() {
        for n in &mut part.nodes {
            let node = &mut n.node;
            match node.kind {
                NodeKind::Country => {
                    let found = layer.country(node.id.as_str()).or_else(|| {
                        std::iter::once(&node.name)
                            .chain(&node.aliases)
                            .find_map(|q| layer.country(q))
                    });
                    if let Some(r) = &node.region {
                        if !m49.contains(&r.as_str()) {
                            let close =
                                m49.iter()
                                    .find(|m| fold_text(m) == fold_text(r))
                                    .or_else(|| {
                                        m49.iter()
                                            .map(|m| {
                                                (
                                                    strsim::jaro_winkler(
                                                        &fold_text(m),
                                                        &fold_text(r),
                                                    ),
                                                    m,
                                                )
                                            })
                                            .filter(|(s, _)| *s > 0.85)
                                            .max_by(|a, b| a.0.total_cmp(&b.0))
                                            .map(|(_, m)| m)
                                    });
                            // A near miss is a typo, refused; a name of
                            // the data's own is kept, with a warning.
                            extra.diagnostics.push(match close {
                                Some(m) => Diagnostic::error(
                                    Some(n.loc.clone()),
                                    format!(
                                        "country '{}': region '{r}' is not a UN M49 region (did you mean {m}?)",
                                        node.id
                                    ),
                                ),
                                None => Diagnostic::warning(
                                    Some(n.loc.clone()),
                                    format!(
                                        "country '{}': region '{r}' is not a UN M49 region; kept as a region of the data's own",
                                        node.id
                                    ),
                                ),
                            });
                        }
                    }
                    let Some(c) = found else { continue };
                    countries
                        .entry(c.alpha2.as_str())
                        .or_insert_with(|| node.id.clone());
                    let Some(theirs) = c.m49_region() else {
                        continue;
                    };
                    match &node.region {
                        None => {
                            node.region = Some(theirs.to_string());
                            if node.cite.is_empty() {
                                node.cite.push(Citation {
                                    source: Id::trusted("un-m49"),
                                    quote: None,
                                });
                                n.cite_locs.push(n.loc.clone());
                            }
                        }
                        Some(r) if r != theirs && m49.contains(&r.as_str()) => {
                            extra.diagnostics.push(Diagnostic::warning(
                                Some(n.loc.clone()),
                                format!(
                                    "country '{}': region '{r}' overrides the reference layer's '{theirs}' (UN M49)",
                                    node.id
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
                NodeKind::Organization => {
                    let found = layer.organization(node.id.as_str()).or_else(|| {
                        std::iter::once(&node.name)
                            .chain(&node.aliases)
                            .find_map(|q| layer.organization(q))
                    });
                    if let Some(o) = found {
                        orgs.entry(o.id.as_str()).or_insert_with(|| node.id.clone());
                    }
                }
                _ => {}
            }
        }
    }
    // The context edges the data gives itself.
    let mut has: HashSet<(EdgeKind, Id, Id)> = HashSet::new();
    let mut defined: HashSet<Id> = HashSet::new();
    for part in parts.iter() {
        defined.extend(part.sources.iter().map(|s| s.source.id.clone()));
        for e in &part.edges {
            let (a, b) = (e.from.value.clone(), e.to.value.clone());
            match e.edge.kind {
                EdgeKind::Borders => {
                    has.insert((EdgeKind::Borders, a.clone(), b.clone()));
                    has.insert((EdgeKind::Borders, b, a));
                }
                EdgeKind::MemberOf => {
                    has.insert((EdgeKind::MemberOf, a, b));
                }
                _ => {}
            }
        }
    }
    let mut push = |from: &Id, to: &Id, edge: Edge, line: usize, table: &str| {
        let loc = Loc::new(
            &Arc::from(format!("graphs/reference/{table}")),
            line as u32 + 2,
            0,
        );
        extra.edges.push(InputEdge {
            from: Located {
                value: from.clone(),
                loc: loc.clone(),
            },
            to: Located {
                value: to.clone(),
                loc: loc.clone(),
            },
            cite_locs: vec![loc.clone(); edge.cite.len()],
            edge,
            loc,
        });
    };
    for (i, b) in layer.borders.iter().enumerate() {
        if b.via.is_some() && !options.overseas {
            continue;
        }
        let (Some(x), Some(y)) = (countries.get(b.a.as_str()), countries.get(b.b.as_str())) else {
            continue;
        };
        if has.contains(&(EdgeKind::Borders, x.clone(), y.clone())) {
            continue;
        }
        let mut edge = Edge::new(EdgeKind::Borders);
        edge.cite = cites(&b.sources);
        if let Some(v) = &b.via {
            edge.note = Some(format!("through {v}"));
            edge.attrs.insert("via".into(), v.clone());
        }
        push(x, y, edge, i, "borders.csv");
    }
    for (i, m) in layer.memberships.iter().enumerate() {
        let (Some(c), Some(o)) = (countries.get(m.country.as_str()), orgs.get(m.org.as_str()))
        else {
            continue;
        };
        if has.contains(&(EdgeKind::MemberOf, c.clone(), o.clone())) {
            continue;
        }
        let mut edge = Edge::new(EdgeKind::MemberOf);
        edge.date = m.start;
        edge.end_date = m.end;
        if m.status != "member" {
            edge.role = Some(m.status.clone());
        }
        edge.note = m.note.clone();
        edge.cite = cites(&m.sources);
        push(c, o, edge, i, "memberships.csv");
    }
    // Every reference of the layer, cited here or not, so that the sources
    // a graph holds do not depend on which of its rows the data touches
    // (a database restricted to a collection then answers as one built
    // from that collection alone).
    if countries.is_empty() && orgs.is_empty() {
        // Nothing of the data is in the layer: it adds nothing.
        parts.push(extra);
        return;
    }
    for r in &layer.sources {
        let Some(sid) = id(&r.id) else { continue };
        if defined.contains(&sid) {
            continue;
        }
        extra.sources.push(InputSource {
            source: source(sid, r),
            loc: Loc::new(&file, 0, 0),
        });
    }
    parts.push(extra);
}

/// The id of a layer source; a row naming an id that is not a valid id
/// (only possible in a `--context` folder) cites nothing.
fn id(s: &str) -> Option<Id> {
    s.parse().ok()
}

fn cites(sources: &[String]) -> Vec<Citation> {
    sources
        .iter()
        .filter(|s| s.as_str() != "decisions")
        .filter_map(|s| {
            let source = id(s)?;
            Some(Citation {
                source,
                quote: None,
            })
        })
        .collect()
}

fn source(id: Id, r: &SourceRef) -> Source {
    let mut s = Source::new(id, r.title.clone());
    s.publisher = (!r.publisher.is_empty()).then(|| r.publisher.clone());
    s.url = (!r.url.is_empty()).then(|| r.url.clone());
    let mut note = r.note.clone();
    if !r.version.is_empty() {
        note = format!("{note} Version {}.", r.version);
    }
    if !r.checked.is_empty() {
        note = format!("{note} Checked {}.", r.checked);
    }
    s.note = Some(note.trim().to_string());
    s
}
