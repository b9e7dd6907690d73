//! Pattern matching: the rows a MATCH pattern finds in the graph.
//!
//! Each pattern part is a chain node-rel-node-...; it is matched from its
//! first node by depth-first search. Relationships are unique within one
//! MATCH (Cypher's relationship isomorphism); a variable-length step walks
//! between its bounds; `shortestPath` tries lengths in increasing order and
//! keeps the first length that matches. A relationship of a symmetric kind
//! matches a directed pattern either way round.

use open_cypher::ast::{
    NodePattern, PathFactorKind, Pattern, PatternPart, QuantifierKind, RelationshipDirection,
    RelationshipPattern,
};

use super::error::{QResult, QueryError};
use super::eval::{labels_match, unsupported, Ctx};
use super::row::Row;
use super::value::{equals, NodeId, Path, RelId, Value};

/// Rows `pattern` finds, extending `row`. `path_name` binds the first part's
/// path when the part has no name of its own; `first_only` stops at the
/// first match (for pattern predicates).
pub fn match_pattern(
    ctx: &Ctx<'_>,
    pattern: &Pattern,
    row: &Row,
    path_name: Option<&str>,
    first_only: bool,
) -> QResult<Vec<Row>> {
    let mut out = Vec::new();
    let parts: Vec<&PatternPart> = pattern.parts.iter().collect();
    parts_from(
        ctx,
        &parts,
        0,
        row.clone(),
        Vec::new(),
        path_name,
        first_only,
        &mut out,
    )?;
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn parts_from(
    ctx: &Ctx<'_>,
    parts: &[&PatternPart],
    i: usize,
    row: Row,
    used: Vec<RelId>,
    path_name: Option<&str>,
    first_only: bool,
    out: &mut Vec<Row>,
) -> QResult<()> {
    let Some(part) = parts.get(i) else {
        out.push(row);
        return Ok(());
    };
    let name = part
        .kind
        .binding
        .as_ref()
        .map(|b| b.kind.text.as_str())
        .or(if i == 0 { path_name } else { None });
    for (r, u) in match_part(ctx, part, &row, &used, name)? {
        parts_from(ctx, parts, i + 1, r, u, path_name, first_only, out)?;
        if first_only && !out.is_empty() {
            return Ok(());
        }
    }
    Ok(())
}

/// A part as its node and relationship patterns.
pub struct Chain<'p> {
    /// `rels.len() + 1` node patterns.
    pub nodes: Vec<&'p NodePattern>,
    /// The relationship patterns between them.
    pub rels: Vec<&'p RelationshipPattern>,
}

/// The chain of a simple part, and whether it is `shortestPath` (`Some(all)`).
pub fn chain(part: &PatternPart) -> QResult<(Chain<'_>, Option<bool>)> {
    let mut factors = &part.kind.path.kind.factors;
    let mut shortest = None;
    if let [f] = factors.as_slice() {
        if let PathFactorKind::LegacyShortest { all, pattern } = &f.kind {
            shortest = Some(*all);
            factors = &pattern.kind.factors;
        }
    }
    let mut c = Chain {
        nodes: Vec::new(),
        rels: Vec::new(),
    };
    for f in factors {
        match &f.kind {
            PathFactorKind::Node(n) if c.nodes.len() == c.rels.len() => c.nodes.push(n),
            PathFactorKind::Relationship(r) if c.nodes.len() == c.rels.len() + 1 => c.rels.push(r),
            _ => return Err(unsupported("this kind of pattern").at(f.span.start)),
        }
    }
    if c.nodes.len() != c.rels.len() + 1 {
        return Err(unsupported("this kind of pattern").at(part.span.start));
    }
    Ok((c, shortest))
}

/// The bounds of a relationship pattern: `None` for a single hop.
pub fn bounds(r: &RelationshipPattern) -> QResult<Option<(usize, usize)>> {
    let Some(q) = r.legacy_quantifier.as_ref().or(r.graph_quantifier.as_ref()) else {
        return Ok(None);
    };
    let n = |s: &str| {
        s.trim().parse::<usize>().map_err(|_| {
            QueryError::syntax("InvalidRelationshipPattern", format!("bad length {s}"))
                .at(q.span.start)
        })
    };
    Ok(Some(match &q.kind {
        QuantifierKind::Fixed(s) => (n(s)?, n(s)?),
        QuantifierKind::Range { lower, upper } => (
            match lower {
                Some(l) => n(l)?,
                None => 1,
            },
            match upper {
                Some(u) => n(u)?,
                None => usize::MAX,
            },
        ),
        QuantifierKind::OneOrMore | QuantifierKind::ZeroOrMore => (1, usize::MAX),
        QuantifierKind::Optional => (0, 1),
        _ => return Err(unsupported("this quantifier")),
    }))
}

/// Relationships leaving `n` along `dir`, with the node at their far end.
pub fn expand(ctx: &Ctx<'_>, n: NodeId, dir: RelationshipDirection) -> Vec<(RelId, NodeId)> {
    let g = ctx.g;
    let mut v = Vec::new();
    let outs = |v: &mut Vec<(RelId, NodeId)>, only_sym: bool| {
        for &r in g.outgoing(n) {
            if let Some(d) = g.rel(r) {
                if !only_sym || d.symmetric {
                    v.push((r, d.end));
                }
            }
        }
    };
    let ins = |v: &mut Vec<(RelId, NodeId)>, only_sym: bool| {
        for &r in g.incoming(n) {
            if let Some(d) = g.rel(r) {
                if (!only_sym || d.symmetric) && !v.iter().any(|&(x, _)| x == r) {
                    v.push((r, d.start));
                }
            }
        }
    };
    match dir {
        RelationshipDirection::Right => {
            outs(&mut v, false);
            ins(&mut v, true);
        }
        RelationshipDirection::Left => {
            ins(&mut v, false);
            outs(&mut v, true);
            // a symmetric self-loop must not come twice
            v.dedup();
        }
        _ => {
            outs(&mut v, false);
            ins(&mut v, false);
        }
    }
    v
}

/// Whether node `id` fits `np` given the row so far (a bound variable must be it).
pub fn node_ok(ctx: &Ctx<'_>, np: &NodePattern, id: NodeId, row: &Row) -> QResult<bool> {
    if let Some(v) = &np.variable {
        match row.get(&v.kind.text) {
            Some(Value::Node(x)) if *x != id => return Ok(false),
            Some(Value::Node(_)) | None => {}
            Some(_) => return Ok(false),
        }
    }
    let Some(d) = ctx.g.node(id) else {
        return Ok(false);
    };
    if let Some(le) = &np.labels {
        if !labels_match(le, &d.labels) {
            return Ok(false);
        }
    }
    if let Some(p) = &np.properties {
        if !props_ok(ctx, p, &d.props, row)? {
            return Ok(false);
        }
    }
    if let Some(w) = &np.where_clause {
        let mut r = row.clone();
        if let Some(v) = &np.variable {
            r.set(&v.kind.text, Value::Node(id));
        }
        if ctx.eval(w, &r)? != Value::Bool(true) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn props_ok(
    ctx: &Ctx<'_>,
    p: &open_cypher::ast::Expr,
    have: &std::collections::BTreeMap<String, Value>,
    row: &Row,
) -> QResult<bool> {
    match ctx.eval(p, row)? {
        Value::Map(m) => Ok(m
            .iter()
            .all(|(k, v)| have.get(k).is_some_and(|h| equals(h, v) == Some(true)))),
        Value::Null => Ok(false),
        other => Err(QueryError::type_error(format!(
            "a pattern's properties must be a map, got {}",
            other.type_name()
        ))),
    }
}

fn rel_ok(ctx: &Ctx<'_>, rp: &RelationshipPattern, id: RelId, row: &Row) -> QResult<bool> {
    let Some(d) = ctx.g.rel(id) else {
        return Ok(false);
    };
    if let Some(le) = &rp.labels {
        if !labels_match(le, std::slice::from_ref(&d.ty)) {
            return Ok(false);
        }
    }
    if let Some(p) = &rp.properties {
        if !props_ok(ctx, p, &d.props, row)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Candidate nodes for the first node of a chain.
pub fn start_nodes(ctx: &Ctx<'_>, np: &NodePattern, row: &Row) -> QResult<Vec<NodeId>> {
    if let Some(v) = &np.variable {
        match row.get(&v.kind.text) {
            Some(Value::Node(x)) => {
                return Ok(if node_ok(ctx, np, *x, row)? {
                    vec![*x]
                } else {
                    vec![]
                })
            }
            Some(Value::Null) => return Ok(vec![]),
            Some(other) => {
                return Err(QueryError::type_error(format!(
                    "`{}` is a {}, not a node",
                    v.kind.text,
                    other.type_name()
                )))
            }
            None => {}
        }
    }
    let mut out = Vec::new();
    for id in ctx.g.node_ids() {
        if node_ok(ctx, np, id, row)? {
            out.push(id);
        }
    }
    Ok(out)
}

struct Walk<'a, 'p> {
    ctx: &'a Ctx<'a>,
    c: &'a Chain<'p>,
    name: Option<&'a str>,
    /// Overrides every variable-length step's bounds (shortestPath).
    fixed: Option<usize>,
    out: Vec<(Row, Vec<RelId>)>,
}

fn match_part(
    ctx: &Ctx<'_>,
    part: &PatternPart,
    row: &Row,
    used: &[RelId],
    name: Option<&str>,
) -> QResult<Vec<(Row, Vec<RelId>)>> {
    let (c, shortest) = chain(part)?;
    let starts = start_nodes(ctx, c.nodes[0], row)?;
    let mut w = Walk {
        ctx,
        c: &c,
        name,
        fixed: None,
        out: Vec::new(),
    };
    match shortest {
        None => {
            for s in starts {
                let mut r = row.clone();
                bind_node(&mut r, c.nodes[0], s);
                w.step(0, s, r, used.to_vec(), vec![s], vec![])?;
            }
        }
        Some(all) => {
            let (lo, hi) = match c.rels.first() {
                Some(rp) if c.rels.len() == 1 => bounds(rp)?.unwrap_or((1, 1)),
                _ => {
                    return Err(unsupported(
                        "shortestPath over more than one relationship pattern",
                    ))
                }
            };
            let mut all_found = Vec::new();
            for s in starts {
                let mut r = row.clone();
                bind_node(&mut r, c.nodes[0], s);
                let mut found: Vec<(Row, Vec<RelId>)> = Vec::new();
                let mut len = lo;
                // No shortest path is longer than the number of nodes.
                let cap = hi.min(ctx.g.node_count().max(1));
                while len <= cap {
                    w.fixed = Some(len);
                    w.out.clear();
                    w.step(0, s, r.clone(), used.to_vec(), vec![s], vec![])?;
                    if !w.out.is_empty() {
                        found = std::mem::take(&mut w.out);
                        break;
                    }
                    len += 1;
                }
                if !all {
                    found.truncate(1);
                }
                all_found.extend(found);
            }
            return Ok(all_found);
        }
    }
    Ok(w.out)
}

fn bind_node(r: &mut Row, np: &NodePattern, id: NodeId) {
    if let Some(v) = &np.variable {
        r.set(&v.kind.text, Value::Node(id));
    }
}

impl Walk<'_, '_> {
    fn step(
        &mut self,
        k: usize,
        cur: NodeId,
        row: Row,
        used: Vec<RelId>,
        pn: Vec<NodeId>,
        pr: Vec<RelId>,
    ) -> QResult<()> {
        let Some(rp) = self.c.rels.get(k) else {
            let mut row = row;
            if let Some(n) = self.name {
                row.set(
                    n,
                    Value::Path(Path {
                        nodes: pn,
                        rels: pr,
                    }),
                );
            }
            self.out.push((row, used));
            return Ok(());
        };
        let np = self.c.nodes[k + 1];
        let var = rp.variable.as_ref().map(|v| v.kind.text.as_str());
        match bounds(rp)? {
            None => {
                for (r, other) in expand(self.ctx, cur, rp.direction.kind) {
                    if used.contains(&r) || !rel_ok(self.ctx, rp, r, &row)? {
                        continue;
                    }
                    if let Some(v) = var {
                        match row.get(v) {
                            Some(Value::Rel(x)) if *x != r => continue,
                            Some(Value::Rel(_)) | None => {}
                            Some(_) => continue,
                        }
                    }
                    if !node_ok(self.ctx, np, other, &row)? {
                        continue;
                    }
                    let mut row2 = row.clone();
                    if let Some(v) = var {
                        row2.set(v, Value::Rel(r));
                    }
                    bind_node(&mut row2, np, other);
                    let mut u = used.clone();
                    u.push(r);
                    let (mut pn2, mut pr2) = (pn.clone(), pr.clone());
                    pn2.push(other);
                    pr2.push(r);
                    self.step(k + 1, other, row2, u, pn2, pr2)?;
                }
            }
            Some((lo, hi)) => {
                let (lo, hi) = match self.fixed {
                    Some(l) => (l, l),
                    None => (lo, hi),
                };
                let mut trail = Vec::new();
                self.var_step(k, cur, &row, &used, &pn, &pr, &mut trail, lo, hi)?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn var_step(
        &mut self,
        k: usize,
        cur: NodeId,
        row: &Row,
        used: &[RelId],
        pn: &[NodeId],
        pr: &[RelId],
        trail: &mut Vec<(RelId, NodeId)>,
        lo: usize,
        hi: usize,
    ) -> QResult<()> {
        let rp = self.c.rels[k];
        let np = self.c.nodes[k + 1];
        let var = rp.variable.as_ref().map(|v| v.kind.text.as_str());
        if trail.len() >= lo && node_ok(self.ctx, np, cur, row)? {
            let list = Value::List(trail.iter().map(|&(r, _)| Value::Rel(r)).collect());
            let bound_ok = match var.and_then(|v| row.get(v)) {
                Some(b) => equals(b, &list) == Some(true),
                None => true,
            };
            if bound_ok {
                let mut row2 = row.clone();
                if let Some(v) = var {
                    row2.set(v, list);
                }
                bind_node(&mut row2, np, cur);
                let mut u = used.to_vec();
                u.extend(trail.iter().map(|&(r, _)| r));
                let (mut pn2, mut pr2) = (pn.to_vec(), pr.to_vec());
                for &(r, n) in trail.iter() {
                    pr2.push(r);
                    pn2.push(n);
                }
                self.step(k + 1, cur, row2, u, pn2, pr2)?;
            }
        }
        if trail.len() >= hi {
            return Ok(());
        }
        for (r, other) in expand(self.ctx, cur, rp.direction.kind) {
            if used.contains(&r)
                || trail.iter().any(|&(x, _)| x == r)
                || !rel_ok(self.ctx, rp, r, row)?
            {
                continue;
            }
            trail.push((r, other));
            self.var_step(k, other, row, used, pn, pr, trail, lo, hi)?;
            trail.pop();
        }
        Ok(())
    }
}

/// Variables a pattern introduces (nodes, relationships, paths), in order.
pub fn variables(p: &Pattern) -> Vec<String> {
    let mut v = Vec::new();
    for part in &p.parts {
        if let Some(b) = &part.kind.binding {
            v.push(b.kind.text.clone());
        }
        if let Ok((c, _)) = chain(part) {
            for (i, n) in c.nodes.iter().enumerate() {
                if let Some(x) = &n.variable {
                    v.push(x.kind.text.clone());
                }
                if let Some(r) = c.rels.get(i).and_then(|r| r.variable.as_ref()) {
                    v.push(r.kind.text.clone());
                }
            }
        }
    }
    v
}
