//! Checks an [`Input`] as a whole and builds the [`Graph`] from it.
//!
//! The readers report what is wrong inside one record (a bad date, an
//! unknown kind); this module reports what is wrong between records: ids
//! defined twice, references to nodes or sources that do not exist, edges
//! that make no sense for their kind, cycles of `part_of`, and cooperation
//! edges without a citation. It reports all of them in one run.

use std::collections::{HashMap, HashSet};

use super::{Diagnostic, EdgeKind, Graph, Id, Input, Loc, NodeKind, Severity};

/// What validation found: the graph when the input is usable, and every
/// diagnostic, sorted by place.
#[derive(Debug)]
pub struct Checked {
    /// The graph, when there were no errors (and, under `strict`, no
    /// warnings).
    pub graph: Option<Graph>,
    /// Every error and warning, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// Validates `input` and, when it is usable, builds the graph.
///
/// Under `strict`, warnings (a cooperation edge without a citation, a quote
/// missing from an article citation) are errors.
pub fn validate(input: Input, strict: bool) -> Checked {
    let mut diags = input.diagnostics;
    let mut graph = Graph::new();

    let mut source_at: HashMap<Id, Loc> = HashMap::new();
    let mut article_sources: HashSet<Id> = HashSet::new();
    for s in input.sources {
        if let Some(first) = source_at.get(&s.source.id) {
            diags.push(Diagnostic::error(
                Some(s.loc.clone()),
                format!(
                    "duplicate source id '{}' (first defined at {first})",
                    s.source.id
                ),
            ));
            continue;
        }
        source_at.insert(s.source.id.clone(), s.loc);
        if s.source.file.is_some() {
            article_sources.insert(s.source.id.clone());
        }
        // Ids are unique here, so adding cannot fail.
        let _ = graph.add_source(s.source);
    }

    let cite_check =
        |diags: &mut Vec<Diagnostic>, cites: &[super::Citation], locs: &[Loc], at: &Loc| {
            for (i, c) in cites.iter().enumerate() {
                let loc = locs.get(i).unwrap_or(at).clone();
                if !source_at.contains_key(&c.source) {
                    diags.push(Diagnostic::error(
                        Some(loc),
                        format!("citation names source '{}', which is not defined", c.source),
                    ));
                } else if article_sources.contains(&c.source)
                    && c.quote.as_deref().is_none_or(|q| q.trim().is_empty())
                {
                    diags.push(Diagnostic::warning(
                        Some(loc),
                        format!("citation of article '{}' has no quote", c.source),
                    ));
                }
            }
        };

    let mut node_at: HashMap<Id, Loc> = HashMap::new();
    let mut kinds: HashMap<Id, NodeKind> = HashMap::new();
    for n in &input.nodes {
        if let Some(first) = node_at.get(&n.node.id) {
            diags.push(Diagnostic::error(
                Some(n.loc.clone()),
                format!(
                    "duplicate node id '{}' (first defined at {first})",
                    n.node.id
                ),
            ));
            continue;
        }
        node_at.insert(n.node.id.clone(), n.loc.clone());
        kinds.insert(n.node.id.clone(), n.node.kind);
    }
    let mut added: HashSet<Id> = HashSet::new();
    for n in input.nodes {
        let node = n.node;
        if !added.insert(node.id.clone()) {
            continue;
        }
        let at = Some(n.loc.clone());
        match node.kind {
            NodeKind::Country => {
                if !node.id.is_country_code() {
                    diags.push(Diagnostic::error(
                        at.clone(),
                        format!("country id '{}' must be a lower-case ISO 3166-1 alpha-2 code such as 'kr'", node.id),
                    ));
                }
                if node.region.is_none() {
                    diags.push(Diagnostic::error(
                        at.clone(),
                        format!(
                            "country '{}' has no region (its UN M49 sub-region)",
                            node.id
                        ),
                    ));
                }
            }
            NodeKind::Ministry | NodeKind::Agency if node.country.is_none() => {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!("{} '{}' has no country", node.kind, node.id),
                ));
            }
            _ => {}
        }
        if let Some(c) = &node.country {
            let loc = n.country_loc.clone().or(at.clone());
            match kinds.get(c) {
                None => diags.push(Diagnostic::error(
                    loc,
                    format!(
                        "country '{c}' of node '{}' is not defined{}",
                        node.id,
                        suggest(c, &kinds)
                    ),
                )),
                Some(NodeKind::Country) => {}
                Some(k) => diags.push(Diagnostic::error(
                    loc,
                    format!(
                        "country '{c}' of node '{}' is a {k}, not a country",
                        node.id
                    ),
                )),
            }
        }
        cite_check(&mut diags, &node.cite, &n.cite_locs, &n.loc);
        // Ids are unique here, so adding cannot fail.
        let _ = graph.add_node(node);
    }

    let mut borders: HashMap<(Id, Id), Loc> = HashMap::new();
    let mut part_of: HashMap<Id, Vec<(Id, Loc)>> = HashMap::new();
    for e in input.edges {
        let mut ok = true;
        for end in [&e.from, &e.to] {
            if !kinds.contains_key(&end.value) {
                diags.push(Diagnostic::error(
                    Some(end.loc.clone()),
                    format!(
                        "edge names node '{}', which is not defined{}",
                        end.value,
                        suggest(&end.value, &kinds)
                    ),
                ));
                ok = false;
            }
        }
        let kind = e.edge.kind;
        let at = Some(e.loc.clone());
        if e.from.value == e.to.value {
            diags.push(Diagnostic::error(
                at.clone(),
                format!("{kind} edge from '{}' to itself", e.from.value),
            ));
            ok = false;
        }
        cite_check(&mut diags, &e.edge.cite, &e.cite_locs, &e.loc);
        if kind.is_cooperation() && e.edge.cite.is_empty() {
            diags.push(Diagnostic::warning(
                at.clone(),
                format!(
                    "{kind} edge {} -> {} has no citation",
                    e.from.value, e.to.value
                ),
            ));
        }
        if !ok {
            continue;
        }
        let fk = kinds.get(&e.from.value).copied();
        let tk = kinds.get(&e.to.value).copied();
        let mut require = |cond: bool, what: &str| {
            if !cond {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!("{kind} edge {} -> {}: {what}", e.from.value, e.to.value),
                ));
                ok = false;
            }
        };
        match kind {
            EdgeKind::Affiliation => {
                require(fk == Some(NodeKind::Person), "must start from a person");
                require(e.edge.role.is_some(), "needs a role");
            }
            EdgeKind::HubDesignation => {
                require(tk == Some(NodeKind::Country), "must point to a country");
                require(e.edge.region.is_some(), "needs the region the source names");
            }
            EdgeKind::MemberOf => {
                require(
                    fk != Some(NodeKind::Person),
                    "a person cannot be a member_of; use affiliation",
                );
                require(
                    tk == Some(NodeKind::Organization),
                    "must point to an organization",
                );
            }
            EdgeKind::Borders => {
                require(
                    fk == Some(NodeKind::Country) && tk == Some(NodeKind::Country),
                    "borders link two countries",
                );
            }
            EdgeKind::PartOf => {
                require(
                    fk != Some(NodeKind::Country) && fk != Some(NodeKind::Person),
                    "only ministries, agencies and organizations are part_of something",
                );
            }
            _ => {}
        }
        if !ok {
            continue;
        }
        if kind == EdgeKind::Borders {
            let key = if e.from.value <= e.to.value {
                (e.from.value.clone(), e.to.value.clone())
            } else {
                (e.to.value.clone(), e.from.value.clone())
            };
            if let Some(first) = borders.get(&key) {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!(
                        "border {} - {} is given twice (first at {first})",
                        key.0, key.1
                    ),
                ));
                continue;
            }
            borders.insert(key, e.loc.clone());
        }
        if kind == EdgeKind::PartOf {
            part_of
                .entry(e.from.value.clone())
                .or_default()
                .push((e.to.value.clone(), e.loc.clone()));
        }
        if let (Some(a), Some(b)) = (
            graph.index_of(e.from.value.as_str()),
            graph.index_of(e.to.value.as_str()),
        ) {
            // Both ends were checked to exist above.
            let _ = graph.add_edge(a, b, e.edge);
        }
    }
    diags.extend(part_of_cycles(&part_of));

    if strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diags.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
    let usable = !diags.iter().any(Diagnostic::is_error);
    Checked {
        graph: usable.then_some(graph),
        diagnostics: diags,
    }
}

fn suggest(id: &Id, kinds: &HashMap<Id, NodeKind>) -> String {
    let mut close: Vec<(f64, &Id)> = kinds
        .keys()
        .map(|k| {
            let close = strsim::levenshtein(id.as_str(), k.as_str()) <= 1;
            (
                strsim::jaro_winkler(id.as_str(), k.as_str()).max(if close { 0.8 } else { 0.0 }),
                k,
            )
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let names: Vec<&str> = close.iter().take(3).map(|(_, k)| k.as_str()).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", names.join(", "))
    }
}

/// Reports each cycle of `part_of` once, at the edge that closes it.
fn part_of_cycles(part_of: &HashMap<Id, Vec<(Id, Loc)>>) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&Id, Mark> = HashMap::new();
    let mut out = Vec::new();
    let mut starts: Vec<&Id> = part_of.keys().collect();
    starts.sort();
    for start in starts {
        if marks.contains_key(start) {
            continue;
        }
        // Iterative depth-first search; `stack` holds (node, next child).
        let mut stack: Vec<(&Id, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let children = part_of.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((child, loc)) = children.get(*next) {
                *next += 1;
                match marks.get(child) {
                    Some(Mark::Open) => {
                        let mut cycle: Vec<&str> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != child)
                            .map(|(n, _)| n.as_str())
                            .collect();
                        cycle.push(child.as_str());
                        out.push(Diagnostic::error(
                            Some(loc.clone()),
                            format!("part_of cycle: {}", cycle.join(" -> ")),
                        ));
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(child, Mark::Open);
                        stack.push((child, 0));
                    }
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    out
}
