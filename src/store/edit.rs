//! Writes as change sets: a [`Draft`] copies a graph's records, takes
//! additions, removals, field changes and merged imports, and [`Draft::finish`]
//! checks the result with `model::validate` (the rules of `egov validate`)
//! and builds the new graph, or refuses with every reason.
//!
//! Nothing here touches files: `store::begin` and `Transaction::commit`
//! wrap a draft in the lock and the atomic save, so that a write is all or
//! nothing. Records that came from the database carry the database's name
//! as their place; records from an import carry their `file:line:col`, so
//! a refusal points at the line to fix.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::{
    default_edge_id, fold_text, validate, Diagnostic, Edge, EdgeId, EdgeIds, EdgeKind, Graph, Id,
    Input, InputEdge, InputNode, InputSource, Loc, Located, Node, NodeKind, PartialDate, Source,
};

/// A record as a change set shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A source.
    Source(Source),
    /// A node.
    Node(Node),
    /// An edge with its ends.
    Edge {
        /// The node it starts from.
        from: Id,
        /// The node it goes to.
        to: Id,
        /// The edge.
        edge: Edge,
    },
}

impl Record {
    /// `node`, `edge` or `source`.
    pub fn what(&self) -> &'static str {
        match self {
            Record::Source(_) => "source",
            Record::Node(_) => "node",
            Record::Edge { .. } => "edge",
        }
    }

    /// How the record is named in messages: an id, or an edge's ends, kind
    /// and date (`kr -> kz mou 2016-11`).
    pub fn name(&self) -> String {
        match self {
            Record::Source(s) => s.id.to_string(),
            Record::Node(n) => n.id.to_string(),
            Record::Edge { from, to, edge } => edge_name(from, to, edge),
        }
    }

    /// Every field that has a value, as `(name, text)`.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let mut out = self.all_fields();
        out.retain(|(_, v)| !v.is_empty());
        out
    }

    /// Every field, an empty text meaning "no value".
    fn all_fields(&self) -> Vec<(&'static str, String)> {
        match self {
            Record::Source(s) => source_fields(s),
            Record::Node(n) => node_fields(n),
            Record::Edge { from, to, edge } => {
                let mut f = vec![("from", from.to_string()), ("to", to.to_string())];
                f.extend(edge_fields(edge));
                f
            }
        }
    }
}

/// One change of a change set.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new record.
    Add(Record),
    /// A record replaced by another with the same id (or, for an edge, the
    /// same ends, kind and date).
    Update {
        /// The stored record.
        before: Box<Record>,
        /// What replaces it.
        after: Box<Record>,
    },
    /// A record taken out.
    Remove(Record),
}

impl Change {
    /// `add`, `update` or `remove`.
    pub fn op(&self) -> &'static str {
        match self {
            Change::Add(_) => "add",
            Change::Update { .. } => "update",
            Change::Remove(_) => "remove",
        }
    }

    /// The record after the change (before it, for a removal).
    pub fn record(&self) -> &Record {
        match self {
            Change::Add(r) | Change::Remove(r) => r,
            Change::Update { after, .. } => after,
        }
    }

    /// For an update, each changed field as `(name, before, after)`, an
    /// empty text meaning "no value"; empty for additions and removals.
    pub fn diff(&self) -> Vec<(&'static str, String, String)> {
        let Change::Update { before, after } = self else {
            return Vec::new();
        };
        let (b, a) = (before.all_fields(), after.all_fields());
        let mut names: Vec<&'static str> = b.iter().chain(a.iter()).map(|(n, _)| *n).collect();
        let mut seen = HashSet::new();
        names.retain(|n| seen.insert(*n));
        let get = |list: &[(&'static str, String)], name: &str| {
            list.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        names
            .into_iter()
            .map(|n| (n, get(&b, n), get(&a, n)))
            .filter(|(_, x, y)| x != y)
            .collect()
    }
}

impl Change {
    fn update(before: Record, after: Record) -> Change {
        Change::Update {
            before: Box::new(before),
            after: Box::new(after),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.record();
        write!(f, "{} {} {}", self.op(), r.what(), r.name())?;
        if let Change::Update { .. } = self {
            let parts: Vec<String> = self
                .diff()
                .into_iter()
                .map(|(n, b, a)| format!("{n}: {} -> {}", shown(&b), shown(&a)))
                .collect();
            write!(f, ": {}", parts.join("; "))?;
        }
        Ok(())
    }
}

fn shown(v: &str) -> String {
    if v.is_empty() {
        "(none)".into()
    } else {
        format!("{v:?}")
    }
}

/// A graph's records being edited; see the module documentation.
#[derive(Debug, Clone)]
pub struct Draft {
    db: Arc<str>,
    sources: Vec<InputSource>,
    nodes: Vec<InputNode>,
    edges: Vec<InputEdge>,
    changes: Vec<Change>,
    unchanged: usize,
    node_ix: HashMap<Id, usize>,
    source_ix: HashMap<Id, usize>,
    /// The edge ids in use, so that a new edge gets its id (and the change
    /// set shows it) when it is added.
    edge_ids: EdgeIds,
    /// Errors found while merging, reported by `finish`.
    pending: Vec<Diagnostic>,
}

/// What [`Draft::finish`] gives when the result is valid.
#[derive(Debug)]
pub struct Finished {
    /// The new graph.
    pub graph: Graph,
    /// Every change, in the order made.
    pub changes: Vec<Change>,
    /// Imported records equal to the stored ones, left as they were.
    pub unchanged: usize,
    /// Warnings about the changed records (a cooperation edge without a
    /// citation); warnings about records already stored are left out.
    pub warnings: Vec<Diagnostic>,
}

/// Which kind of record `egov rm` and `egov set` mean by an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A node, or a source when no node has the id.
    Any,
    /// Only a source.
    Source,
}

impl Draft {
    /// A draft holding `graph`'s records; `db` names the database in
    /// messages about them.
    pub fn new(graph: &Graph, db: &str) -> Draft {
        let db: Arc<str> = Arc::from(db);
        let at = || Loc::new(&db, 0, 0);
        let sources = graph
            .sources()
            .iter()
            .map(|s| InputSource {
                source: s.clone(),
                loc: at(),
            })
            .collect();
        let nodes = graph
            .nodes()
            .map(|(_, n)| stored_node(n.clone(), at()))
            .collect();
        let id_of = |ix| graph.node(ix).map(|n: &Node| n.id.clone());
        let edges = graph
            .edges()
            .filter_map(|e| {
                Some(stored_edge(
                    id_of(e.from)?,
                    id_of(e.to)?,
                    e.edge.clone(),
                    at(),
                ))
            })
            .collect();
        let mut d = Draft {
            db,
            sources,
            nodes,
            edges,
            changes: Vec::new(),
            unchanged: 0,
            node_ix: HashMap::new(),
            source_ix: HashMap::new(),
            edge_ids: EdgeIds::default(),
            pending: Vec::new(),
        };
        for e in &d.edges {
            if let Some(id) = &e.edge.id {
                d.edge_ids.claim(id.as_str());
            }
        }
        d.reindex();
        d
    }

    /// Rebuilds the id indexes after records were removed.
    fn reindex(&mut self) {
        self.node_ix = (self.nodes.iter().enumerate())
            .map(|(i, n)| (n.node.id.clone(), i))
            .collect();
        self.source_ix = (self.sources.iter().enumerate())
            .map(|(i, s)| (s.source.id.clone(), i))
            .collect();
    }

    fn push_node(&mut self, n: InputNode) {
        self.node_ix.insert(n.node.id.clone(), self.nodes.len());
        self.nodes.push(n);
    }

    fn push_source(&mut self, s: InputSource) {
        self.source_ix
            .insert(s.source.id.clone(), self.sources.len());
        self.sources.push(s);
    }

    /// The changes made so far.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Adds a source; fails if one with its id exists.
    pub fn add_source(&mut self, source: Source, loc: Loc) -> Result<()> {
        if self.source_pos(source.id.as_str()).is_some() {
            return Err(exists("source", &source.id));
        }
        self.changes
            .push(Change::Add(Record::Source(source.clone())));
        self.push_source(InputSource { source, loc });
        Ok(())
    }

    /// Adds a node; fails if one with its id exists.
    pub fn add_node(&mut self, node: Node, loc: Loc) -> Result<()> {
        if self.node_pos(node.id.as_str()).is_some() {
            return Err(exists("node", &node.id));
        }
        self.changes.push(Change::Add(Record::Node(node.clone())));
        self.push_node(stored_node(node, loc));
        Ok(())
    }

    /// Adds an edge; fails if an identical one exists. That its ends exist
    /// is checked by [`Draft::finish`], with suggestions.
    pub fn add_edge(&mut self, from: Id, to: Id, edge: Edge, loc: Loc) -> Result<()> {
        if let Some(id) = &edge.id {
            if self.edge_ids.contains(id.as_str()) {
                return Err(Error::Invalid(format!(
                    "an edge with id '{id}' already exists; `egov set {id} FIELD=VALUE` changes it"
                )));
            }
        }
        if let Some(e) = self
            .edges
            .iter()
            .find(|e| same_ends(e, &from, &to, edge.kind) && same_edge(&e.edge, &edge))
        {
            return Err(Error::Invalid(format!(
                "an identical edge {} is already stored",
                edge_name(&e.from.value, &e.to.value, &e.edge)
            )));
        }
        let mut edge = edge;
        self.give_id(&from, &to, &mut edge);
        self.changes.push(Change::Add(Record::Edge {
            from: from.clone(),
            to: to.clone(),
            edge: edge.clone(),
        }));
        self.edges.push(stored_edge(from, to, edge, loc));
        Ok(())
    }

    /// Removes the node (or source) `id`.
    ///
    /// A node's edges, and the nodes whose `country` it is (with their own
    /// edges and dependants), would be left dangling; a source may be cited.
    /// Without `cascade` the removal is refused with an
    /// [`Error::Validation`] listing each of them; with it they are removed
    /// too (citations of a removed source are dropped from the records
    /// that cite it, which stay).
    pub fn remove(&mut self, id: &str, target: Target, cascade: bool) -> Result<()> {
        let node = self.node_pos(id).filter(|_| target == Target::Any);
        if let Some(pos) = node {
            return self.remove_node(pos, cascade);
        }
        if let Some(pos) = self.source_pos(id) {
            return self.remove_source(pos, cascade);
        }
        if target == Target::Any && self.edge_pos(id).is_none() {
            if let Ok(node) = self.resolve_node(id) {
                if let Some(pos) = self.node_pos(node.as_str()) {
                    return self.remove_node(pos, cascade);
                }
            }
        }
        if let Some(pos) = self.edge_pos(id).filter(|_| target == Target::Any) {
            // Nothing refers to an edge: it goes alone.
            let e = self.edges.remove(pos);
            self.edge_ids.release(id);
            self.changes.push(Change::Remove(edge_record(&e)));
            return Ok(());
        }
        Err(self.unknown(id, target))
    }

    fn remove_node(&mut self, pos: usize, cascade: bool) -> Result<()> {
        // The node, then every node whose country is one being removed.
        let mut gone: Vec<Id> = vec![self.nodes[pos].node.id.clone()];
        let mut i = 0;
        while let Some(id) = gone.get(i).cloned() {
            for n in &self.nodes {
                if n.node.country.as_ref() == Some(&id) && !gone.contains(&n.node.id) {
                    gone.push(n.node.id.clone());
                }
            }
            i += 1;
        }
        let gone_set: HashSet<&Id> = gone.iter().collect();
        let edges: Vec<usize> = (0..self.edges.len())
            .filter(|&i| {
                let e = &self.edges[i];
                gone_set.contains(&e.from.value) || gone_set.contains(&e.to.value)
            })
            .collect();
        let dependants: Vec<Change> = gone[1..]
            .iter()
            .filter_map(|id| self.node_pos(id.as_str()))
            .map(|p| Change::Remove(Record::Node(self.nodes[p].node.clone())))
            .chain(
                edges
                    .iter()
                    .map(|&i| Change::Remove(edge_record(&self.edges[i]))),
            )
            .collect();
        if !dependants.is_empty() && !cascade {
            return Err(dangling(
                &format!("node '{}'", gone[0]),
                &dependants,
                "left pointing at nothing",
            ));
        }
        let removed_node = Change::Remove(Record::Node(self.nodes[pos].node.clone()));
        self.changes.push(removed_node);
        self.changes.extend(dependants);
        let doomed: HashSet<usize> = edges.into_iter().collect();
        for &i in &doomed {
            if let Some(id) = &self.edges[i].edge.id {
                self.edge_ids.release(id.as_str());
            }
        }
        let mut k = 0;
        self.edges.retain(|_| {
            k += 1;
            !doomed.contains(&(k - 1))
        });
        self.nodes.retain(|n| !gone_set.contains(&n.node.id));
        self.reindex();
        Ok(())
    }

    fn remove_source(&mut self, pos: usize, cascade: bool) -> Result<()> {
        let id = self.sources[pos].source.id.clone();
        let mut updates = Vec::new();
        for n in &mut self.nodes {
            if n.node.cite.iter().any(|c| c.source == id) {
                let before = Record::Node(n.node.clone());
                uncite(&mut n.node.cite, &mut n.cite_locs, &id);
                updates.push(Change::update(before, Record::Node(n.node.clone())));
            }
        }
        for e in &mut self.edges {
            if e.edge.cite.iter().any(|c| c.source == id) {
                let before = edge_record(e);
                uncite(&mut e.edge.cite, &mut e.cite_locs, &id);
                updates.push(Change::update(before, edge_record(e)));
            }
        }
        if !updates.is_empty() && !cascade {
            return Err(dangling(
                &format!("source '{id}'"),
                &updates,
                "left citing a source that does not exist",
            ));
        }
        let removed = self.sources.remove(pos);
        self.reindex();
        self.changes
            .push(Change::Remove(Record::Source(removed.source)));
        self.changes.extend(updates);
        Ok(())
    }

    /// Sets fields of the node (or source) `id`: each `(field, value)`, an
    /// empty value clearing an optional field. Node fields: `name`, `kind`,
    /// `aliases` (`;`-separated), `country`, `region`, `note`; source fields:
    /// `title`, `publisher`, `author`, `date`, `file`, `url`, `note`; and, on
    /// a node, `attr.NAME` for a further text attribute.
    pub fn set(&mut self, id: &str, target: Target, fields: &[(String, String)]) -> Result<()> {
        let by_name = || {
            (self.source_pos(id).is_none() && self.edge_pos(id).is_none())
                .then(|| self.resolve_node(id).ok())
                .flatten()
                .and_then(|n| self.node_pos(n.as_str()))
        };
        let node = self
            .node_pos(id)
            .or_else(by_name)
            .filter(|_| target == Target::Any);
        // Fields that name a node take a name or alias too.
        let mut resolved = Vec::with_capacity(fields.len());
        for (f, v) in fields {
            let v = match f.as_str() {
                "country" | "from" | "to" if !v.trim().is_empty() => {
                    self.resolve_node(v)?.to_string()
                }
                _ => v.clone(),
            };
            resolved.push((f.clone(), v));
        }
        let fields = &resolved[..];
        if let Some(pos) = node {
            let before = self.nodes[pos].node.clone();
            let mut after = before.clone();
            for (f, v) in fields {
                set_node_field(&mut after, f, v)?;
            }
            return self.record_update(Record::Node(before), Record::Node(after.clone()), |d| {
                d.nodes[pos].node = after;
            });
        }
        if let Some(pos) = self.source_pos(id) {
            let before = self.sources[pos].source.clone();
            let mut after = before.clone();
            for (f, v) in fields {
                set_source_field(&mut after, f, v)?;
            }
            return self.record_update(
                Record::Source(before),
                Record::Source(after.clone()),
                |d| d.sources[pos].source = after,
            );
        }
        if let Some(pos) = self.edge_pos(id).filter(|_| target == Target::Any) {
            let before = self.edges[pos].clone();
            let mut after = before.clone();
            for (f, v) in fields {
                set_edge_field(&mut after, f, v)?;
            }
            if let Some(new) = after.edge.id.as_ref().filter(|n| n.as_str() != id) {
                if !self.edge_ids.claim(new.as_str()) {
                    return Err(Error::Invalid(format!(
                        "an edge with id '{new}' already exists"
                    )));
                }
                self.edge_ids.release(id);
            }
            return self.record_update(edge_record(&before), edge_record(&after), |d| {
                d.edges[pos] = after;
            });
        }
        Err(self.unknown(id, target))
    }

    fn record_update(
        &mut self,
        before: Record,
        after: Record,
        apply: impl FnOnce(&mut Draft),
    ) -> Result<()> {
        if before == after {
            self.unchanged += 1;
        } else {
            apply(self);
            self.changes.push(Change::update(before, after));
        }
        Ok(())
    }

    /// Merges records read from files: a source or node whose id is stored
    /// replaces the stored one, a new id is added; an edge replaces the one
    /// stored edge with the same ends, kind and date, and is added when
    /// there is none (or several). Records equal to stored ones are left
    /// alone and counted as unchanged.
    ///
    /// The readers' errors, and ids given twice in the imported files,
    /// refuse the whole write: [`Draft::finish`] reports them (an
    /// [`Error::Validation`] with their places) with whatever else is wrong
    /// between the records.
    pub fn merge(&mut self, input: Input) -> Result<()> {
        let mut errors: Vec<Diagnostic> = input
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        let mut seen_sources: HashMap<Id, Loc> = HashMap::new();
        for s in &input.sources {
            if let Some(first) = seen_sources.get(&s.source.id) {
                errors.push(duplicate("source", &s.source.id, &s.loc, first));
            } else {
                seen_sources.insert(s.source.id.clone(), s.loc.clone());
            }
        }
        let mut seen_nodes: HashMap<Id, Loc> = HashMap::new();
        for n in &input.nodes {
            if let Some(first) = seen_nodes.get(&n.node.id) {
                errors.push(duplicate("node", &n.node.id, &n.loc, first));
            } else {
                seen_nodes.insert(n.node.id.clone(), n.loc.clone());
            }
        }
        // Go on merging what was read, so that `finish` reports the
        // checks between records too: every problem in one run.
        self.pending.append(&mut errors);
        let mut merged_sources = HashSet::new();
        let mut merged_nodes = HashSet::new();
        for s in input.sources {
            if !merged_sources.insert(s.source.id.clone()) {
                continue; // given twice: reported above
            }
            match self.source_pos(s.source.id.as_str()) {
                Some(p) if self.sources[p].source == s.source => self.unchanged += 1,
                Some(p) => {
                    let before = std::mem::replace(&mut self.sources[p], s);
                    self.changes.push(Change::update(
                        Record::Source(before.source),
                        Record::Source(self.sources[p].source.clone()),
                    ));
                }
                None => {
                    self.changes
                        .push(Change::Add(Record::Source(s.source.clone())));
                    self.push_source(s);
                }
            }
        }
        for n in input.nodes {
            if !merged_nodes.insert(n.node.id.clone()) {
                continue;
            }
            match self.node_pos(n.node.id.as_str()) {
                Some(p) if self.nodes[p].node == n.node => self.unchanged += 1,
                Some(p) => {
                    let before = std::mem::replace(&mut self.nodes[p], n);
                    self.changes.push(Change::update(
                        Record::Node(before.node),
                        Record::Node(self.nodes[p].node.clone()),
                    ));
                }
                None => {
                    self.changes.push(Change::Add(Record::Node(n.node.clone())));
                    self.push_node(n);
                }
            }
        }
        // Stored edges by kind and ends (in a fixed order for symmetric
        // kinds), so that a large import does not compare every pair.
        let mut by_key: HashMap<EdgeKey, Vec<usize>> = HashMap::new();
        for (i, e) in self.edges.iter().enumerate() {
            by_key.entry(edge_key(e)).or_default().push(i);
        }
        let mut claimed: HashSet<usize> = HashSet::new();
        let by_id: HashMap<String, usize> = self
            .edges
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.edge.id.as_ref()?.to_string(), i)))
            .collect();
        for mut e in input.edges {
            // An edge with an id updates the stored edge of that id (its
            // ends and kind may change too), or is added with it.
            if let Some(p) = e.edge.id.as_ref().and_then(|id| by_id.get(id.as_str())) {
                let p = *p;
                if !claimed.insert(p) {
                    continue; // given twice: refused by validation
                }
                if edge_record(&self.edges[p]) == edge_record(&e) {
                    self.unchanged += 1;
                } else {
                    let before = edge_record(&self.edges[p]);
                    self.edges[p] = e;
                    self.changes
                        .push(Change::update(before, edge_record(&self.edges[p])));
                }
                continue;
            }
            if let Some(id) = &e.edge.id {
                // (An id given twice in the import is refused by validation.)
                self.edge_ids.claim(id.as_str());
                self.changes.push(Change::Add(edge_record(&e)));
                claimed.insert(self.edges.len());
                self.edges.push(e);
                continue;
            }
            let key = edge_key(&e);
            let stored = by_key.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let identical = stored
                .iter()
                .copied()
                .find(|&p| !claimed.contains(&p) && same_edge(&self.edges[p].edge, &e.edge));
            if let Some(p) = identical {
                claimed.insert(p);
                self.unchanged += 1;
                continue;
            }
            let same_date: Vec<usize> = stored
                .iter()
                .copied()
                .filter(|&p| self.edges[p].edge.date == e.edge.date)
                .collect();
            match same_date.as_slice() {
                [p] if claimed.insert(*p) => {
                    let before = edge_record(&self.edges[*p]);
                    // The stored edge keeps its id.
                    e.edge.id = self.edges[*p].edge.id.clone();
                    self.edges[*p] = e;
                    self.changes
                        .push(Change::update(before, edge_record(&self.edges[*p])));
                }
                _ => {
                    let (from, to) = (e.from.value.clone(), e.to.value.clone());
                    self.give_id(&from, &to, &mut e.edge);
                    self.changes.push(Change::Add(edge_record(&e)));
                    claimed.insert(self.edges.len());
                    by_key.entry(key).or_default().push(self.edges.len());
                    self.edges.push(e);
                }
            }
        }
        Ok(())
    }

    /// Checks the edited records as `egov validate` would and builds the new
    /// graph. Errors refuse the write: an [`Error::Validation`] with every
    /// reason, sorted by place.
    pub fn finish(self) -> Result<Finished> {
        let input = Input {
            sources: self.sources,
            nodes: self.nodes,
            edges: self.edges,
            diagnostics: Vec::new(),
            open: Default::default(),
        };
        let checked = validate(input, false);
        let graph = match checked.graph {
            Some(g) if self.pending.is_empty() => g,
            _ => {
                let mut errors = self.pending;
                errors.extend(checked.diagnostics.into_iter().filter(Diagnostic::is_error));
                errors.sort_by(|a, b| a.loc.cmp(&b.loc));
                errors.dedup();
                return Err(Error::Validation(errors));
            }
        };
        let db = self.db;
        let warnings = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.loc.as_ref().is_none_or(|l| l.file != db))
            .collect();
        Ok(Finished {
            graph,
            changes: self.changes,
            unchanged: self.unchanged,
            warnings,
        })
    }

    fn node_pos(&self, id: &str) -> Option<usize> {
        self.node_ix.get(id).copied()
    }

    fn source_pos(&self, id: &str) -> Option<usize> {
        self.source_ix.get(id).copied()
    }

    /// The id of the node `query` names, as read commands resolve it: an
    /// id, or a name or alias (case and accents ignored) that names one
    /// node. A name several nodes share is an error listing them; an
    /// unknown one suggests the closest ids and names.
    pub fn resolve_node(&self, query: &str) -> Result<Id> {
        let q = query.trim();
        if let Some(p) = self.node_pos(q) {
            return Ok(self.nodes[p].node.id.clone());
        }
        let key = fold_text(q);
        let named: Vec<&Node> = self
            .nodes
            .iter()
            .map(|n| &n.node)
            .filter(|n| {
                std::iter::once(&n.name)
                    .chain(&n.aliases)
                    .any(|t| fold_text(t) == key)
            })
            .collect();
        match named.as_slice() {
            [one] => return Ok(one.id.clone()),
            [] => {}
            several => {
                let list: Vec<String> = several
                    .iter()
                    .map(|n| format!("{} ({})", n.id, n.name))
                    .collect();
                return Err(Error::Invalid(format!(
                    "'{q}' names {} nodes: {}; use an id",
                    several.len(),
                    list.join(", ")
                )));
            }
        }
        let mut close: Vec<(f64, &str)> = self
            .nodes
            .iter()
            .map(|n| {
                let best = std::iter::once(n.node.id.as_str())
                    .chain(std::iter::once(n.node.name.as_str()))
                    .chain(n.node.aliases.iter().map(String::as_str))
                    .map(|t| strsim::jaro_winkler(&key, &fold_text(t)))
                    .fold(0.0, f64::max);
                (best, n.node.id.as_str())
            })
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        Err(Error::UnknownNode {
            query: q.to_string(),
            suggestions: close.iter().take(3).map(|(_, k)| k.to_string()).collect(),
        })
    }

    /// The id of the source `query` names: its id (in any case), its file
    /// name, or its title (case and accents ignored) when one source has
    /// it.
    pub fn resolve_source(&self, query: &str) -> Result<Id> {
        let q = query.trim();
        if let Some(p) = self.source_pos(q) {
            return Ok(self.sources[p].source.id.clone());
        }
        let key = fold_text(q);
        let found: Vec<&Source> = self
            .sources
            .iter()
            .map(|s| &s.source)
            .filter(|s| {
                s.id.as_str() == q.to_ascii_lowercase()
                    || s.file.as_deref() == Some(q)
                    || fold_text(&s.title) == key
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => {
                let mut close: Vec<(f64, &str)> = self
                    .sources
                    .iter()
                    .map(|s| {
                        let a = strsim::jaro_winkler(&key, s.source.id.as_str());
                        let b = strsim::jaro_winkler(&key, &fold_text(&s.source.title));
                        (a.max(b), s.source.id.as_str())
                    })
                    .filter(|(s, _)| *s >= 0.75)
                    .collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                let hint = if close.is_empty() {
                    format!(
                        "; the database has {} sources ('egov --db DB export json' lists them; 'egov add source' adds one)",
                        self.sources.len()
                    )
                } else {
                    let names: Vec<&str> = close.iter().take(3).map(|(_, k)| *k).collect();
                    format!("; did you mean: {}?", names.join(", "))
                };
                Err(Error::Invalid(format!("no source is called '{q}'{hint}")))
            }
            several => Err(Error::Invalid(format!(
                "'{q}' names {} sources: {}; use an id",
                several.len(),
                several
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Gives a new edge without an id its default one, unique among the
    /// draft's edges.
    fn give_id(&mut self, from: &Id, to: &Id, edge: &mut Edge) {
        if edge.id.is_none() {
            let base = default_edge_id(from.as_str(), to.as_str(), edge.kind, edge.date);
            edge.id = Some(EdgeId::trusted(&self.edge_ids.claim_default(base)));
        } else if let Some(id) = &edge.id {
            self.edge_ids.claim(id.as_str());
        }
    }

    /// The stored edge with this id (a pass over the edges: ids are looked
    /// up once per command).
    fn edge_pos(&self, id: &str) -> Option<usize> {
        self.edges
            .iter()
            .position(|e| e.edge.id.as_ref().is_some_and(|x| x.as_str() == id))
    }

    fn unknown(&self, id: &str, target: Target) -> Error {
        if target == Target::Any {
            if let Err(e @ Error::Invalid(_)) = self.resolve_node(id) {
                return e; // a name several nodes share
            }
        }
        let what = match target {
            Target::Any => "no node, source or edge",
            Target::Source => "no source",
        };
        let mut close: Vec<(f64, &str)> = self
            .nodes
            .iter()
            .map(|n| n.node.id.as_str())
            .filter(|_| target == Target::Any)
            .chain(self.sources.iter().map(|s| s.source.id.as_str()))
            .chain(
                self.edges
                    .iter()
                    .filter(|_| target == Target::Any)
                    .filter_map(|e| e.edge.id.as_ref().map(|x| x.as_str())),
            )
            .map(|k| (strsim::jaro_winkler(id, k), k))
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let names: Vec<&str> = close.iter().take(3).map(|(_, k)| *k).collect();
        let hint = if names.is_empty() {
            String::new()
        } else {
            format!("; did you mean: {}?", names.join(", "))
        };
        Error::Invalid(format!("{what} has the id '{id}'{hint}"))
    }
}

fn stored_node(node: Node, loc: Loc) -> InputNode {
    let n = node.cite.len();
    InputNode {
        node,
        country_loc: None,
        cite_locs: vec![loc.clone(); n],
        loc,
    }
}

fn stored_edge(from: Id, to: Id, edge: Edge, loc: Loc) -> InputEdge {
    let n = edge.cite.len();
    InputEdge {
        from: Located {
            value: from,
            loc: loc.clone(),
        },
        to: Located {
            value: to,
            loc: loc.clone(),
        },
        edge,
        cite_locs: vec![loc.clone(); n],
        loc,
    }
}

fn edge_record(e: &InputEdge) -> Record {
    Record::Edge {
        from: e.from.value.clone(),
        to: e.to.value.clone(),
        edge: e.edge.clone(),
    }
}

fn edge_name(from: &Id, to: &Id, edge: &Edge) -> String {
    let arrow = if edge.kind.is_symmetric() { "--" } else { "->" };
    let mut s = format!("{from} {arrow} {to} {}", edge.kind);
    if let Some(d) = edge.date {
        s.push_str(&format!(" {d}"));
    }
    match &edge.id {
        Some(id) => format!("{id} ({s})"),
        None => s,
    }
}

/// Whether `new` says the same as `stored`; an edge without an id (not
/// yet given one) is compared without it.
fn same_edge(stored: &Edge, new: &Edge) -> bool {
    if new.id.is_none() && stored.id.is_some() {
        let mut with_id = new.clone();
        with_id.id = stored.id.clone();
        return *stored == with_id;
    }
    stored == new
}

type EdgeKey = (EdgeKind, Id, Id);

/// An edge's kind and ends, the ends in id order for a symmetric kind.
fn edge_key(e: &InputEdge) -> EdgeKey {
    let (a, b) = (e.from.value.clone(), e.to.value.clone());
    if e.edge.kind.is_symmetric() && b < a {
        (e.edge.kind, b, a)
    } else {
        (e.edge.kind, a, b)
    }
}

/// Whether a stored edge joins `from` and `to` with `kind` (either way
/// round for a symmetric kind).
fn same_ends(e: &InputEdge, from: &Id, to: &Id, kind: EdgeKind) -> bool {
    e.edge.kind == kind
        && ((&e.from.value == from && &e.to.value == to)
            || (kind.is_symmetric() && &e.from.value == to && &e.to.value == from))
}

fn uncite(cite: &mut Vec<crate::model::Citation>, locs: &mut Vec<Loc>, id: &Id) {
    let mut keep_locs = Vec::new();
    let mut keep = Vec::new();
    for (i, c) in cite.drain(..).enumerate() {
        if &c.source != id {
            if let Some(l) = locs.get(i) {
                keep_locs.push(l.clone());
            }
            keep.push(c);
        }
    }
    *cite = keep;
    *locs = keep_locs;
}

fn exists(what: &str, id: &Id) -> Error {
    Error::Invalid(format!(
        "a {what} with id '{id}' already exists; change it with 'egov set {id} FIELD=VALUE', or merge a file with 'egov import'"
    ))
}

fn duplicate(what: &str, id: &Id, at: &Loc, first: &Loc) -> Diagnostic {
    Diagnostic::error(
        Some(at.clone()),
        format!("duplicate {what} id '{id}' in the imported files (first defined at {first})"),
    )
}

fn dangling(what: &str, dependants: &[Change], why: &str) -> Error {
    let mut diags = vec![Diagnostic::error(
        None,
        format!(
            "refusing to remove {what}: {} {why}; pass --cascade to remove {} too:",
            if dependants.len() == 1 {
                "1 other record depends on it, and it would be".to_string()
            } else {
                format!(
                    "{} other records depend on it, and they would be",
                    dependants.len()
                )
            },
            if dependants.len() == 1 { "it" } else { "them" }
        ),
    )];
    diags.extend(dependants.iter().map(|c| {
        let text = match c {
            Change::Update { before, .. } => {
                format!("cited by {} {}", before.what(), before.name())
            }
            other => format!("would {other}"),
        };
        Diagnostic::error(None, text)
    }));
    Error::Validation(diags)
}

fn opt(v: &Option<impl fmt::Display>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn cites(c: &[crate::model::Citation]) -> String {
    c.iter()
        .map(|c| match &c.quote {
            Some(q) => format!("{} ({q:?})", c.source),
            None => c.source.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn attrs(
    out: &mut Vec<(&'static str, String)>,
    attrs: &std::collections::BTreeMap<String, String>,
) {
    if !attrs.is_empty() {
        let text: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push(("attrs", text.join("; ")));
    }
}

fn source_fields(s: &Source) -> Vec<(&'static str, String)> {
    vec![
        ("id", s.id.to_string()),
        ("title", s.title.clone()),
        ("publisher", opt(&s.publisher)),
        ("author", opt(&s.author)),
        ("date", opt(&s.date)),
        ("file", opt(&s.file)),
        ("url", opt(&s.url)),
        ("note", opt(&s.note)),
        ("collection", opt(&s.collection)),
    ]
}

fn node_fields(n: &Node) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("id", n.id.to_string()),
        ("kind", n.kind.to_string()),
        ("name", n.name.clone()),
        ("aliases", n.aliases.join("; ")),
        ("country", opt(&n.country)),
        ("region", opt(&n.region)),
        ("note", opt(&n.note)),
        ("cite", cites(&n.cite)),
    ];
    attrs(&mut out, &n.attrs);
    out
}

fn edge_fields(e: &Edge) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("id", opt(&e.id)),
        ("kind", e.kind.to_string()),
        (
            "status",
            if e.is_planned() {
                e.status.to_string()
            } else {
                String::new()
            },
        ),
        ("date", opt(&e.date)),
        ("end_date", opt(&e.end_date)),
        ("date_note", opt(&e.date_note)),
        ("place", opt(&e.place)),
        ("amount_usd", opt(&e.amount_usd)),
        ("what", opt(&e.what)),
        ("topics", e.topics.join("; ")),
        ("role", opt(&e.role)),
        ("region", opt(&e.region)),
        ("derived", opt(&e.derived)),
        ("note", opt(&e.note)),
        ("cite", cites(&e.cite)),
    ];
    attrs(&mut out, &e.attrs);
    out
}

const NODE_SETTABLE: &[&str] = &["name", "kind", "aliases", "country", "region", "note"];
const SOURCE_SETTABLE: &[&str] = crate::io::fields::SOURCE_FIELDS;

fn text(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn required(field: &str, v: &str) -> Result<String> {
    text(v).ok_or_else(|| Error::Invalid(format!("{field} cannot be empty")))
}

fn set_attr(attrs: &mut std::collections::BTreeMap<String, String>, field: &str, v: &str) -> bool {
    let Some(key) = field.strip_prefix("attr.").filter(|k| !k.is_empty()) else {
        return false;
    };
    match text(v) {
        Some(v) => attrs.insert(key.to_string(), v),
        None => attrs.remove(key),
    };
    true
}

fn unknown_field(field: &str, what: &str, known: &[&str]) -> Error {
    if field == "id" {
        return Error::Invalid(format!(
            "a {what}'s id cannot be changed, since other records refer to it; add a new {what} and remove the old one"
        ));
    }
    Error::Invalid(format!(
        "unknown {what} field '{field}'; the fields that can be set are {}{}",
        known.join(", "),
        if what != "source" {
            ", and attr.NAME for a further attribute"
        } else {
            ""
        }
    ))
}

fn set_node_field(n: &mut Node, field: &str, v: &str) -> Result<()> {
    match field {
        "name" => n.name = required(field, v)?,
        "kind" => {
            n.kind = required(field, v)?
                .parse::<NodeKind>()
                .map_err(Error::Invalid)?
        }
        "aliases" => n.aliases = v.split(';').filter_map(text).collect::<Vec<String>>(),
        "country" => {
            n.country = match text(v) {
                Some(c) => Some(
                    c.parse::<Id>()
                        .map_err(|e| Error::Invalid(format!("country: {e}")))?,
                ),
                None => None,
            }
        }
        "region" => n.region = text(v),
        "note" => n.note = text(v),
        _ if set_attr(&mut n.attrs, field, v) => {}
        _ => return Err(unknown_field(field, "node", NODE_SETTABLE)),
    }
    Ok(())
}

const EDGE_SETTABLE: &[&str] = &[
    "id",
    "from",
    "to",
    "kind",
    "status",
    "date",
    "end_date",
    "date_note",
    "place",
    "amount_usd",
    "what",
    "topics",
    "role",
    "region",
    "derived",
    "note",
];

fn set_edge_field(e: &mut InputEdge, field: &str, v: &str) -> Result<()> {
    let bad = |e: String| Error::Invalid(format!("{field}: {e}"));
    let date = |v: &str| -> Result<Option<PartialDate>> {
        text(v)
            .map(|d| d.parse::<PartialDate>().map_err(|e| bad(e.to_string())))
            .transpose()
    };
    let x = &mut e.edge;
    match field {
        "id" => {
            x.id = Some(
                required(field, v)?
                    .parse()
                    .map_err(|e: crate::model::InvalidId| bad(e.to_string()))?,
            )
        }
        "from" | "to" => {
            let id: Id = required(field, v)?
                .parse()
                .map_err(|e: crate::model::InvalidId| bad(e.to_string()))?;
            let end = if field == "from" {
                &mut e.from
            } else {
                &mut e.to
            };
            end.value = id;
        }
        "kind" => x.kind = required(field, v)?.parse().map_err(bad)?,
        "status" => {
            x.status = match text(v) {
                Some(s) => s.parse().map_err(bad)?,
                None => crate::model::EdgeStatus::Realised,
            }
        }
        "date" => x.date = date(v)?,
        "end_date" => x.end_date = date(v)?,
        "date_note" => x.date_note = text(v),
        "place" => x.place = text(v),
        "amount_usd" => {
            x.amount_usd = match text(v) {
                None => None,
                Some(a) => match a.parse::<f64>() {
                    Ok(n) if n.is_finite() && (0.0..1e15).contains(&n) => Some(n),
                    Ok(n) if n < 0.0 => return Err(bad(format!("amount must be ≥ 0 (got {a})"))),
                    _ => {
                        return Err(bad(format!(
                            "'{a}' is not a usable number of dollars (a number from 0 to 10^15)"
                        )))
                    }
                },
            }
        }
        "what" => x.what = text(v),
        "topics" => x.topics = v.split(';').filter_map(text).collect(),
        "role" => x.role = text(v),
        "region" => x.region = text(v),
        "derived" => x.derived = text(v),
        "note" => x.note = text(v),
        _ if set_attr(&mut x.attrs, field, v) => {}
        _ => return Err(unknown_field(field, "edge", EDGE_SETTABLE)),
    }
    Ok(())
}

fn set_source_field(s: &mut Source, field: &str, v: &str) -> Result<()> {
    match field {
        "title" => s.title = required(field, v)?,
        "publisher" => s.publisher = text(v),
        "author" => s.author = text(v),
        "date" => {
            s.date = match text(v) {
                Some(d) => Some(
                    d.parse::<PartialDate>()
                        .map_err(|e| Error::Invalid(format!("date: {e}")))?,
                ),
                None => None,
            }
        }
        "file" => s.file = text(v),
        "url" => s.url = text(v),
        "note" => s.note = text(v),
        "collection" => s.collection = text(v),
        _ => return Err(unknown_field(field, "source", SOURCE_SETTABLE)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Citation;

    fn id(s: &str) -> Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn here() -> Loc {
        Loc::new(&Arc::from("test"), 1, 1)
    }

    /// kr, kz (countries), kz-mic (a ministry of kz), a source, and a cited
    /// MOU kr -- kz-mic.
    fn sample() -> Graph {
        let mut g = Graph::new();
        let src = Source::new(id("s"), "T");
        let ok = |r: Result<()>| r.unwrap_or_else(|e| panic!("{e}"));
        ok(g.add_source(src));
        let mut kr = Node::new(id("kr"), NodeKind::Country, "Korea");
        kr.region = Some("Eastern Asia".into());
        let mut kz = Node::new(id("kz"), NodeKind::Country, "Kazakhstan");
        kz.region = Some("Central Asia".into());
        let mut mic = Node::new(id("kz-mic"), NodeKind::Ministry, "MIC");
        mic.country = Some(id("kz"));
        let a = g.add_node(kr).unwrap_or_else(|e| panic!("{e}"));
        g.add_node(kz).unwrap_or_else(|e| panic!("{e}"));
        let c = g.add_node(mic).unwrap_or_else(|e| panic!("{e}"));
        let mut mou = Edge::new(EdgeKind::Mou);
        mou.date = "2016-11".parse().ok();
        mou.cite.push(Citation {
            source: id("s"),
            quote: Some("q".into()),
        });
        g.add_edge(a, c, mou).unwrap_or_else(|e| panic!("{e}"));
        g
    }

    fn draft() -> Draft {
        Draft::new(&sample(), "g.egdb")
    }

    fn finish(d: Draft) -> Finished {
        d.finish().unwrap_or_else(|e| panic!("{e}"))
    }

    fn errors(r: Result<impl fmt::Debug>) -> String {
        match r {
            Err(e) => e.to_string(),
            Ok(v) => panic!("expected an error, got {v:?}"),
        }
    }

    #[test]
    fn an_untouched_draft_gives_back_the_same_graph() {
        let done = finish(draft());
        assert!(done.changes.is_empty());
        assert_eq!(done.graph.to_dataset(), sample().to_dataset());
    }

    #[test]
    fn adding_a_taken_id_is_refused_and_an_unknown_end_fails_validation() {
        let mut d = draft();
        let node = Node::new(id("kz"), NodeKind::Organization, "Other");
        assert!(errors(d.add_node(node, here())).contains("already exists"));
        let e = Edge::new(EdgeKind::Visit);
        d.add_edge(id("kr"), id("kx"), e, here())
            .unwrap_or_else(|e| panic!("{e}"));
        let msg = errors(d.finish());
        assert!(
            msg.contains("test:1:1: edge names node 'kx', which is not defined; did you mean: k"),
            "{msg}"
        );
    }

    #[test]
    fn removing_a_country_lists_its_ministries_and_edges_then_cascades() {
        let mut d = draft();
        let msg = errors(d.remove("kz", Target::Any, false));
        assert!(msg.contains("2 other records depend on it"), "{msg}");
        assert!(msg.contains("would remove node kz-mic"), "{msg}");
        assert!(
            msg.contains("would remove edge kr--kz-mic:mou:2016-11 (kr -- kz-mic mou 2016-11)"),
            "{msg}"
        );
        assert!(d.changes().is_empty(), "a refused removal changes nothing");
        d.remove("kz", Target::Any, true)
            .unwrap_or_else(|e| panic!("{e}"));
        let done = finish(d);
        let ops: Vec<String> = done.changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            ops,
            [
                "remove node kz",
                "remove node kz-mic",
                "remove edge kr--kz-mic:mou:2016-11 (kr -- kz-mic mou 2016-11)"
            ]
        );
        assert_eq!(done.graph.node_count(), 1);
        assert_eq!(done.graph.edge_count(), 0);
    }

    #[test]
    fn removing_a_cited_source_drops_its_citations_only_with_cascade() {
        let mut d = draft();
        let msg = errors(d.remove("s", Target::Any, false));
        assert!(
            msg.contains("cited by edge kr--kz-mic:mou:2016-11 (kr -- kz-mic mou 2016-11)"),
            "{msg}"
        );
        d.remove("s", Target::Source, true)
            .unwrap_or_else(|e| panic!("{e}"));
        let done = finish(d);
        assert_eq!(done.graph.edge_count(), 1);
        assert!(done.graph.edges().all(|e| e.edge.cite.is_empty()));
        assert!(done.graph.sources().is_empty());
    }

    #[test]
    fn one_edge_is_corrected_and_removed_by_its_id_and_nothing_else_changes() {
        let g = sample();
        let before = g.to_dataset();
        let mut d = Draft::new(&g, "db");
        let f = |k: &str, v: &str| (k.to_string(), v.to_string());
        d.add_edge(id("kr"), id("kz"), Edge::new(EdgeKind::Forum), here())
            .unwrap_or_else(|e| panic!("{e}"));
        d.set(
            "kr--kz-mic:mou:2016-11",
            Target::Any,
            &[f("date", "2016-11-05"), f("status", "planned")],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            errors(d.set("kr--kz-mic:mou:2016-11", Target::Any, &[f("dat", "2016")]))
                .contains("unknown edge field 'dat'")
        );
        assert!(
            errors(d.set("kr--kz:forum", Target::Any, &[f("amount_usd", "-5")]))
                .contains("amount must be ≥ 0")
        );
        let done = finish(d);
        let ops: Vec<String> = done.changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(ops[0], "add edge kr--kz:forum (kr -- kz forum)");
        let after = done.graph.to_dataset();
        // The MOU keeps its id and ends; only its date and status changed.
        let mou = &after.edges[0].2;
        assert_eq!(
            mou.id.as_ref().map(|i| i.as_str()),
            Some("kr--kz-mic:mou:2016-11")
        );
        assert_eq!(
            mou.date.map(|d| d.to_string()).as_deref(),
            Some("2016-11-05")
        );
        assert!(mou.is_planned());
        let mut expect = before.edges[0].2.clone();
        expect.date = mou.date;
        expect.status = mou.status;
        assert_eq!(mou, &expect);
        assert_eq!(after.nodes, before.nodes);
        // Removing it by id leaves every other record as it was.
        let mut d = Draft::new(&done.graph, "db");
        d.remove("kr--kz-mic:mou:2016-11", Target::Any, false)
            .unwrap_or_else(|e| panic!("{e}"));
        let gone = finish(d).graph.to_dataset();
        assert_eq!(gone.edges.len(), 1);
        assert_eq!(gone.edges[0], after.edges[1]);
        assert_eq!((gone.nodes, gone.sources), (after.nodes, after.sources));
    }

    #[test]
    fn set_changes_fields_and_refuses_unknown_ones() {
        let mut d = draft();
        let f = |k: &str, v: &str| (k.to_string(), v.to_string());
        d.set(
            "kz",
            Target::Any,
            &[
                f("name", "Qazaqstan"),
                f("aliases", "KZ; Kazakstan"),
                f("attr.iso3", "KAZ"),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(errors(d.set("kz", Target::Any, &[f("nmae", "x")]))
            .contains("unknown node field 'nmae'"));
        assert!(
            errors(d.set("kz", Target::Any, &[f("name", " ")])).contains("name cannot be empty")
        );
        assert!(errors(d.set("s", Target::Any, &[f("date", "2017-13-40")])).starts_with("date: "));
        assert!(errors(d.set("kzz", Target::Any, &[f("name", "x")])).contains("did you mean: kz"));
        let done = finish(d);
        let kz = done.graph.node_by_id("kz").unwrap_or_else(|| panic!("kz"));
        assert_eq!(kz.name, "Qazaqstan");
        assert_eq!(kz.aliases, ["KZ", "Kazakstan"]);
        assert_eq!(kz.attrs.get("iso3").map(String::as_str), Some("KAZ"));
        assert_eq!(
            done.changes[0].diff(),
            [
                ("name", "Kazakhstan".to_string(), "Qazaqstan".to_string()),
                ("aliases", String::new(), "KZ; Kazakstan".to_string()),
                ("attrs", String::new(), "iso3=KAZ".to_string()),
            ]
        );
    }

    #[test]
    fn merge_updates_same_ids_adds_new_ones_and_matches_edges_by_ends_kind_and_date() {
        let mut d = draft();
        let loc = here();
        let mut input = Input::default();
        let mut kz = Node::new(id("kz"), NodeKind::Country, "Kazakhstan");
        kz.region = Some("Central Asia".into());
        input.nodes.push(stored_node(kz, loc.clone())); // equal: unchanged
        let mut kr = Node::new(id("kr"), NodeKind::Country, "Republic of Korea");
        kr.region = Some("Eastern Asia".into());
        input.nodes.push(stored_node(kr, loc.clone())); // update
        let mut mou = Edge::new(EdgeKind::Mou);
        mou.date = "2016-11".parse().ok();
        mou.place = Some("Seoul".into());
        // Written the other way round: a symmetric kind matches either way.
        input
            .edges
            .push(stored_edge(id("kz-mic"), id("kr"), mou, loc.clone()));
        let mut forum = Edge::new(EdgeKind::Forum);
        forum.date = "2017".parse().ok();
        input
            .edges
            .push(stored_edge(id("kr"), id("kz"), forum, loc.clone()));
        d.merge(input).unwrap_or_else(|e| panic!("{e}"));
        let done = finish(d);
        let ops: Vec<String> = done.changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            ops,
            [
                "update node kr: name: \"Korea\" -> \"Republic of Korea\"",
                "update edge kr--kz-mic:mou:2016-11 (kz-mic -- kr mou 2016-11): from: \"kr\" -> \"kz-mic\"; to: \"kz-mic\" -> \"kr\"; place: (none) -> \"Seoul\"; cite: \"s (\\\"q\\\")\" -> (none)",
                "add edge kr--kz:forum:2017 (kr -- kz forum 2017)",
            ]
        );
        assert_eq!(done.unchanged, 1);
        assert_eq!(done.graph.edge_count(), 2);
        assert_eq!(done.warnings.len(), 2, "{:?}", done.warnings);
    }

    #[test]
    fn merge_refuses_ids_given_twice_in_the_imported_files() {
        let mut d = draft();
        let mut input = Input::default();
        let a = Loc::new(&Arc::from("a.toml"), 2, 1);
        let b = Loc::new(&Arc::from("b.toml"), 7, 1);
        for loc in [a, b] {
            let n = Node::new(id("zz"), NodeKind::Organization, "Z");
            input.nodes.push(stored_node(n, loc));
        }
        d.merge(input).unwrap_or_else(|e| panic!("{e}"));
        let msg = errors(d.finish());
        assert_eq!(
            msg,
            "b.toml:7:1: duplicate node id 'zz' in the imported files (first defined at a.toml:2:1)"
        );
    }
}
