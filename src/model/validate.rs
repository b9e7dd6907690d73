//! Checks an [`Input`] as a whole and builds the [`Graph`] from it.
//!
//! The readers report what is wrong inside one record (a bad date, an
//! unknown kind); this module reports what is wrong between records: ids
//! defined twice, references to nodes or sources that do not exist, edges
//! that make no sense for their kind, cycles of `part_of`, and cooperation
//! edges without a citation. It reports all of them in one run.

use std::collections::{HashMap, HashSet};

use super::{Diagnostic, EdgeKind, Fast, Graph, Id, Input, Loc, Node, NodeKind, Severity, Source};

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
    validate_parts(std::slice::from_ref(&input), strict)
}

/// [`validate`] of the input that joining `parts`, in order, would give
/// (see [`crate::io::read_parts`]), without joining or consuming them:
/// the caller decides when to free a million records.
pub fn validate_parts(parts: &[Input], strict: bool) -> Checked {
    let mut diags: Vec<Diagnostic> = parts.iter().flat_map(|p| p.diagnostics.clone()).collect();
    let sources = parts.iter().flat_map(|p| &p.sources);
    let node_lists = || parts.iter().flat_map(|p| &p.nodes);
    let edge_lists = || parts.iter().flat_map(|p| &p.edges);
    // The records of a usable input; edge ends as node positions. They
    // are packed into the graph at the end, without building the
    // changeable form.
    let mut graph_sources: Vec<Source> = Vec::new();
    let mut graph_nodes: Vec<&Node> = Vec::new();

    let mut source_at: HashMap<Id, Loc, Fast> = HashMap::default();
    let mut article_sources: HashSet<Id, Fast> = HashSet::default();
    for s in sources {
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
        source_at.insert(s.source.id.clone(), s.loc.clone());
        if s.source.file.is_some() {
            article_sources.insert(s.source.id.clone());
        }
        graph_sources.push(s.source.clone());
    }

    let cite_check =
        |diags: &mut Vec<Diagnostic>, cites: &[super::Citation], locs: &[Loc], at: &Loc| {
            for (i, c) in cites.iter().enumerate() {
                let loc = || locs.get(i).unwrap_or(at).clone();
                if !source_at.contains_key(&c.source) {
                    diags.push(Diagnostic::error(
                        Some(loc()),
                        format!("citation names source '{}', which is not defined", c.source),
                    ));
                } else if article_sources.contains(&c.source)
                    && c.quote.as_deref().is_none_or(|q| q.trim().is_empty())
                {
                    diags.push(Diagnostic::warning(
                        Some(loc()),
                        format!("citation of article '{}' has no quote", c.source),
                    ));
                }
            }
        };

    // Every node's kind and position, by id (the first definition of it).
    let mut node_at: HashMap<Id, Loc, Fast> = HashMap::default();
    let mut kinds = Nodes::default();
    for n in node_lists() {
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
        kinds.insert(&n.node.id, n.node.kind);
    }
    let mut added: HashSet<Id, Fast> = HashSet::default();
    for n in node_lists() {
        let node = &n.node;
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
            match kinds.get(c).map(|k| k.0) {
                None => diags.push(Diagnostic::error(
                    loc,
                    format!(
                        "country '{c}' of node '{}' is not defined{}",
                        node.id,
                        suggest(c, &node_at)
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
        graph_nodes.push(node);
    }

    let mut borders: HashMap<(Id, Id), Loc, Fast> = HashMap::default();
    let mut part_of: HashMap<Id, Vec<(Id, Loc)>, Fast> = HashMap::default();
    let mut edges: Vec<(u32, u32, &super::Edge)> = Vec::with_capacity(edge_lists().count());
    // Edge ids given in the data (the others get defaults when the graph
    // is built).
    let mut edge_id_at: HashMap<&str, &Loc, Fast> = HashMap::default();
    for e in edge_lists() {
        let mut ok = true;
        if let Some(id) = &e.edge.id {
            if let Some(first) = edge_id_at.get(id.as_str()) {
                diags.push(Diagnostic::error(
                    Some(e.loc.clone()),
                    format!("duplicate edge id '{id}' (first given at {first})"),
                ));
                ok = false;
            } else {
                edge_id_at.insert(id.as_str(), &e.loc);
            }
        }
        let (from, to) = (kinds.get(&e.from.value), kinds.get(&e.to.value));
        for (end, found) in [(&e.from, from), (&e.to, to)] {
            if found.is_none() {
                diags.push(Diagnostic::error(
                    Some(end.loc.clone()),
                    format!(
                        "edge names node '{}', which is not defined{}",
                        end.value,
                        suggest(&end.value, &node_at)
                    ),
                ));
                ok = false;
            }
        }
        let kind = e.edge.kind;
        let at = || Some(e.loc.clone());
        if e.from.value == e.to.value {
            diags.push(Diagnostic::error(
                at(),
                format!("{kind} edge from '{}' to itself", e.from.value),
            ));
            ok = false;
        }
        cite_check(&mut diags, &e.edge.cite, &e.cite_locs, &e.loc);
        if kind.is_cooperation() && e.edge.cite.is_empty() {
            diags.push(Diagnostic::warning(
                at(),
                format!(
                    "{kind} edge {} -> {} has no citation",
                    e.from.value, e.to.value
                ),
            ));
        }
        if !ok {
            continue;
        }
        let (Some(&(fk, a)), Some(&(tk, b))) = (from, to) else {
            continue;
        };
        let mut require = |cond: bool, what: &str| {
            if !cond {
                diags.push(Diagnostic::error(
                    at(),
                    format!("{kind} edge {} -> {}: {what}", e.from.value, e.to.value),
                ));
                ok = false;
            }
        };
        match kind {
            EdgeKind::Affiliation => {
                require(fk == NodeKind::Person, "must start from a person");
                require(e.edge.role.is_some(), "needs a role");
            }
            EdgeKind::HubDesignation => {
                require(tk == NodeKind::Country, "must point to a country");
                require(e.edge.region.is_some(), "needs the region the source names");
            }
            EdgeKind::MemberOf => {
                require(
                    fk != NodeKind::Person,
                    "a person cannot be a member_of; use affiliation",
                );
                require(
                    tk == NodeKind::Organization,
                    "must point to an organization",
                );
            }
            EdgeKind::Borders => {
                require(
                    fk == NodeKind::Country && tk == NodeKind::Country,
                    "borders link two countries",
                );
            }
            EdgeKind::PartOf => {
                require(
                    fk != NodeKind::Country && fk != NodeKind::Person,
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
                    at(),
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
        edges.push((a, b, &e.edge));
    }
    diags.extend(part_of_cycles(&part_of));

    if strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diags.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
    let usable = !diags.iter().any(Diagnostic::is_error);
    // Ids are unique and edge ends exist here, so building can only fail
    // on what the compact form cannot hold (more than 4 GiB of text); that
    // is said, not dropped.
    let graph =
        match usable.then(|| Graph::compact_from_parts(&graph_sources, &graph_nodes, &edges)) {
            Some(Ok(g)) => Some(g),
            Some(Err(e)) => {
                diags.push(Diagnostic::error(None, e.to_string()));
                None
            }
            None => None,
        };
    Checked {
        graph,
        diagnostics: diags,
    }
}

/// Every node's kind and position in the graph, by id. An id of up to 15
/// bytes (most are) is held in the table itself, so that looking up the
/// two ends of a million edges does not chase a pointer to each key.
#[derive(Default)]
struct Nodes {
    short: HashMap<u128, (NodeKind, u32), Fast>,
    long: HashMap<Id, (NodeKind, u32), Fast>,
}

impl Nodes {
    /// `id`'s bytes and length in one number, when it is short enough.
    fn key(id: &str) -> Option<u128> {
        let b = id.as_bytes();
        (b.len() < 16).then(|| {
            let mut k = [0u8; 16];
            k[..b.len()].copy_from_slice(b);
            k[15] = b.len() as u8;
            u128::from_le_bytes(k)
        })
    }

    /// Adds a node not seen before, at the next position.
    fn insert(&mut self, id: &Id, kind: NodeKind) {
        let at = (kind, (self.short.len() + self.long.len()) as u32);
        match Self::key(id.as_str()) {
            Some(k) => self.short.insert(k, at),
            None => self.long.insert(id.clone(), at),
        };
    }

    fn get(&self, id: &Id) -> Option<&(NodeKind, u32)> {
        match Self::key(id.as_str()) {
            Some(k) => self.short.get(&k),
            None => self.long.get(id),
        }
    }
}

fn suggest<V, S>(id: &Id, kinds: &HashMap<Id, V, S>) -> String {
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
fn part_of_cycles(part_of: &HashMap<Id, Vec<(Id, Loc)>, Fast>) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&Id, Mark, Fast> = HashMap::default();
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
