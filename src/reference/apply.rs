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
//!   that border already. A border through an overseas territory is added
//!   with the attribute `via` (the territory); views leave such borders out
//!   unless asked ([`crate::model::Filter::overseas`]). A border the data
//!   gives without the layer's `via` is a warning naming both.
//! - Memberships are added for every organisation node the data holds
//!   that the layer knows (by id, name or alias) and every matched country,
//!   unless the data has its own `member_of` edges for that pair; where
//!   their periods or status differ from the layer's, a warning names both. The layer
//!   adds no nodes: an organisation the data does not name stays out of the
//!   graph, so that a universal body (the UN) does not put every pair of
//!   countries two hops apart.
//! - Each added edge cites the layer's references; the layer's sources are
//!   all added, unless the data defines a source with the same id.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Layer, RegionCheck, SourceRef};
use crate::model::{
    Citation, Diagnostic, Edge, EdgeKind, Id, Input, InputEdge, InputSource, Loc, Located,
    NodeKind, Source,
};

/// What to lay over the data besides the defaults (nothing yet: borders
/// through overseas territories are always added, marked `via`, and left
/// out by views unless asked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {}

/// [`apply_parts`] on one input.
pub fn apply(layer: &Layer, input: &mut Input, options: Options) {
    let mut parts = vec![std::mem::take(input)];
    apply_parts(layer, &mut parts, options);
    *input = parts.into_iter().collect();
}

/// Lays `layer` over the input that `parts` make up together: fills
/// country regions in place and appends one part with the layer's edges,
/// sources and diagnostics.
pub fn apply_parts(layer: &Layer, parts: &mut Vec<Input>, _options: Options) {
    let file: Arc<str> = Arc::from("<reference layer>");
    let mut extra = Input::default();
    let m49 = layer.m49_names();
    // Most regions are M49 names: checked against the list first.
    let check = |r: &str| {
        if m49.contains(&r) {
            RegionCheck::M49
        } else {
            layer.check_region(r)
        }
    };
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
                        // A near miss is a typo, refused; a name of the
                        // data's own is kept, with a warning.
                        match check(r) {
                            RegionCheck::M49 => {}
                            RegionCheck::NearMiss(m) => extra.diagnostics.push(Diagnostic::error(
                                Some(n.loc.clone()),
                                region_error(&node.id, r, m),
                            )),
                            RegionCheck::Own => extra.diagnostics.push(Diagnostic::warning(
                                Some(n.loc.clone()),
                                format!(
                                    "country '{}': region '{r}' {NOT_M49}; kept as a region of the data's own",
                                    node.id
                                ),
                            )),
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
                        Some(r) if r != theirs && check(r) == RegionCheck::M49 => {
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
    // The context edges the data gives itself: a border's `via` and
    // where it is; a membership's periods.
    let mut borders: HashMap<(Id, Id), (Option<String>, Loc)> = HashMap::new();
    let mut members: HashMap<(Id, Id), (Vec<String>, Loc)> = HashMap::new();
    let mut defined: HashSet<Id> = HashSet::new();
    for part in parts.iter() {
        defined.extend(part.sources.iter().map(|s| s.source.id.clone()));
        for e in &part.edges {
            let (a, b) = (e.from.value.clone(), e.to.value.clone());
            match e.edge.kind {
                EdgeKind::Borders => {
                    let via = (e.edge.attrs.get("via").cloned(), e.loc.clone());
                    borders.insert((a.clone(), b.clone()), via.clone());
                    borders.insert((b, a), via);
                }
                EdgeKind::MemberOf => {
                    let m = members
                        .entry((a, b))
                        .or_insert_with(|| (Vec::new(), e.loc.clone()));
                    m.0.push(period(
                        e.edge.role.as_deref().unwrap_or("member"),
                        e.edge.date,
                        e.edge.end_date,
                    ));
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
    let mut warnings = Vec::new();
    for (i, b) in layer.borders.iter().enumerate() {
        let (Some(x), Some(y)) = (countries.get(b.a.as_str()), countries.get(b.b.as_str())) else {
            continue;
        };
        if let Some((theirs, loc)) = borders.get(&(x.clone(), y.clone())) {
            if theirs != &b.via {
                let say = |v: &Option<String>| match v {
                    Some(v) => format!("'via {v}'"),
                    None => "'direct'".to_string(),
                };
                warnings.push(Diagnostic::warning(
                    Some(loc.clone()),
                    format!(
                        "border {x} -- {y}: the data's {} overrides the reference layer's {} (a border through an overseas territory is left out of analysis unless asked for)",
                        say(theirs),
                        say(&b.via)
                    ),
                ));
            }
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
    // The layer's periods of each pair the data gives itself.
    let mut layer_periods: HashMap<(Id, Id), Vec<String>> = HashMap::new();
    for m in &layer.memberships {
        let (Some(c), Some(o)) = (countries.get(m.country.as_str()), orgs.get(m.org.as_str()))
        else {
            continue;
        };
        if members.contains_key(&(c.clone(), o.clone())) {
            layer_periods
                .entry((c.clone(), o.clone()))
                .or_default()
                .push(period(&m.status, m.start, m.end));
        }
    }
    let mut differing: Vec<_> = layer_periods
        .into_iter()
        .filter_map(|(pair, theirs)| {
            let (ours, loc) = members.get(&pair)?.clone();
            let sorted = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v
            };
            (sorted(&ours) != sorted(&theirs)).then_some((pair, ours, theirs, loc))
        })
        .collect();
    differing.sort_by(|a, b| a.0.cmp(&b.0));
    for ((c, o), ours, theirs, loc) in differing {
        warnings.push(Diagnostic::warning(
            Some(loc),
            format!(
                "membership {c} in {o}: the data's '{}' overrides the reference layer's '{}'",
                ours.join("; "),
                theirs.join("; ")
            ),
        ));
    }
    extra.diagnostics.extend(warnings);
    for (i, m) in layer.memberships.iter().enumerate() {
        let (Some(c), Some(o)) = (countries.get(m.country.as_str()), orgs.get(m.org.as_str()))
        else {
            continue;
        };
        if members.contains_key(&(c.clone(), o.clone())) {
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

/// What every region message says: a command that meets the error exits 2
/// (a region that does not exist is a usage error, docs/cli.md).
const NOT_M49: &str = "is not a UN M49 region";

/// The error for a region close to the M49 name `meant`.
pub fn region_error(id: &Id, region: &str, meant: &str) -> String {
    format!("country '{id}': region '{region}' {NOT_M49} (did you mean {meant}?)")
}

/// Whether `d` is the error of a region close to an M49 name (a typo such
/// as "Western asia"), which commands answer with exit code 2.
pub fn is_region_error(d: &Diagnostic) -> bool {
    d.is_error() && d.message.contains(NOT_M49) && d.message.contains("(did you mean ")
}

/// A membership period as the warnings print it: `associate 2005-08 –`.
fn period(
    status: &str,
    start: Option<crate::model::PartialDate>,
    end: Option<crate::model::PartialDate>,
) -> String {
    let d = |x: Option<crate::model::PartialDate>| x.map(|d| d.to_string()).unwrap_or_default();
    format!("{status} {} – {}", d(start), d(end))
        .trim_end()
        .to_string()
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
