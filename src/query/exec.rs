//! Clause by clause execution: rows flow from one clause to the next.
//!
//! Reading clauses (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN with
//! DISTINCT, ORDER BY, SKIP, LIMIT and aggregation) and writing clauses
//! (CREATE, MERGE, SET, REMOVE, DELETE) work on whole lists of rows; a
//! write changes the graph at once, so later rows and clauses see it.

use std::collections::{BTreeMap, HashMap, HashSet};

use open_cypher::ast::{
    Clause, ClauseKind, DeleteMode, Expr, ExprKind, LabelExpression, LabelExpressionKind,
    MergeTrigger, NodePattern, PatternPart, ProjectionClause, ProjectionItemKind,
    RelationshipDirection, RemoveItemKind, SetClause, SetItemKind, SingleQueryKind, SortDirection,
};

use super::error::{ErrorKind, QResult, QueryError};
use super::eval::{gone, has_aggregate, truth, unsupported, Ctx};
use super::graph::PropertyGraph;
use super::pattern::{chain, match_pattern, variables};
use super::row::Row;
use super::value::{key, order, Key, Path, Value};

/// Runs queries against one graph.
pub struct Exec<'a> {
    /// The graph (changed by writing clauses).
    pub g: &'a mut PropertyGraph,
    /// The parameters.
    pub params: &'a BTreeMap<String, Value>,
    /// The query text, to name columns by what was written.
    pub src: &'a str,
    /// The variables in scope (for `*`), as clauses bind them.
    pub vars: Vec<String>,
}

/// Column names and rows.
pub type Output = (Vec<String>, Vec<Vec<Value>>);

impl Exec<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            g: self.g,
            params: self.params,
            agg: None,
        }
    }

    fn text(&self, e: &Expr) -> String {
        e.span.text(self.src).unwrap_or("").trim().to_string()
    }

    /// Runs one single query (no UNION).
    pub fn single(&mut self, q: &SingleQueryKind) -> QResult<Output> {
        let mut rows = vec![Row::default()];
        self.vars.clear();
        let n = q.clauses.len();
        for (i, c) in q.clauses.iter().enumerate() {
            if let ClauseKind::Return(r) = &c.kind {
                if i + 1 != n {
                    return Err(QueryError::syntax(
                        "InvalidClauseComposition",
                        "RETURN must be the last clause",
                    )
                    .at(c.span.start));
                }
                let (cols, rows) = self.project(rows, &r.projection, true, None)?;
                return Ok((
                    cols,
                    rows.into_iter()
                        .map(|r| r.0.into_iter().map(|(_, v)| v).collect())
                        .collect(),
                ));
            }
            rows = self.clause(c, rows).map_err(|e| e.at(c.span.start))?;
            let bound = match &c.kind {
                ClauseKind::Match(m) => variables(&m.pattern),
                ClauseKind::Create(cr) => variables(&cr.pattern),
                ClauseKind::Merge(m) => m
                    .pattern
                    .kind
                    .binding
                    .iter()
                    .map(|b| b.kind.text.clone())
                    .chain(variables(&open_cypher::ast::Pattern {
                        parts: vec![m.pattern.clone()],
                        span: m.pattern.span,
                    }))
                    .collect(),
                ClauseKind::Unwind(u) => vec![u.variable.kind.text.clone()],
                _ => Vec::new(),
            };
            for v in bound {
                if !self.vars.contains(&v) {
                    self.vars.push(v);
                }
            }
        }
        if let Some(last) = q.clauses.last() {
            if matches!(
                last.kind,
                ClauseKind::Match(_) | ClauseKind::With(_) | ClauseKind::Unwind(_)
            ) {
                return Err(QueryError::syntax(
                    "InvalidClauseComposition",
                    "a query cannot end with a reading clause; add RETURN",
                )
                .at(last.span.start));
            }
        }
        Ok((Vec::new(), Vec::new()))
    }

    fn clause(&mut self, c: &Clause, rows: Vec<Row>) -> QResult<Vec<Row>> {
        match &c.kind {
            ClauseKind::Match(m) => {
                let mut out = Vec::new();
                let vars = variables(&m.pattern);
                for row in rows {
                    let found = match_pattern(&self.ctx(), &m.pattern, &row, None, false)?;
                    let mut kept = Vec::new();
                    for r in found {
                        let ok = match &m.where_clause {
                            Some(w) => truth(&self.ctx().eval(w, &r)?)? == Some(true),
                            None => true,
                        };
                        if ok {
                            kept.push(r);
                        }
                    }
                    if kept.is_empty() && m.optional {
                        let mut r = row.clone();
                        for v in &vars {
                            if !r.has(v) {
                                r.set(v, Value::Null);
                            }
                        }
                        kept.push(r);
                    }
                    out.extend(kept);
                }
                Ok(out)
            }
            ClauseKind::Unwind(u) => {
                let mut out = Vec::new();
                for row in rows {
                    let items = match self.ctx().eval(&u.expression, &row)? {
                        Value::Null => Vec::new(),
                        Value::List(xs) => xs,
                        other => vec![other],
                    };
                    for x in items {
                        let mut r = row.clone();
                        r.set(&u.variable.kind.text, x);
                        out.push(r);
                    }
                }
                Ok(out)
            }
            ClauseKind::With(w) => {
                let (_, rows) =
                    self.project(rows, &w.projection, false, w.where_clause.as_ref())?;
                Ok(rows)
            }
            ClauseKind::Create(cr) => {
                let mut out = Vec::new();
                for mut row in rows {
                    for part in &cr.pattern.parts {
                        self.create_part(part, &mut row, false)?;
                    }
                    out.push(row);
                }
                Ok(out)
            }
            ClauseKind::Merge(m) => {
                let mut out = Vec::new();
                for row in rows {
                    let pat = open_cypher::ast::Pattern {
                        parts: vec![m.pattern.clone()],
                        span: m.pattern.span,
                    };
                    let found = match_pattern(&self.ctx(), &pat, &row, None, false)?;
                    if found.is_empty() {
                        let mut r = row.clone();
                        self.create_part(&m.pattern, &mut r, true)?;
                        for a in &m.actions {
                            if a.trigger.kind == MergeTrigger::Create {
                                self.set(&a.set, &r)?;
                            }
                        }
                        out.push(r);
                    } else {
                        for r in found {
                            for a in &m.actions {
                                if a.trigger.kind == MergeTrigger::Match {
                                    self.set(&a.set, &r)?;
                                }
                            }
                            out.push(r);
                        }
                    }
                }
                Ok(out)
            }
            ClauseKind::Set(s) => {
                for row in &rows {
                    self.set(s, row)?;
                }
                Ok(rows)
            }
            ClauseKind::Remove(rm) => {
                for row in &rows {
                    for it in &rm.items {
                        match &it.kind {
                            RemoveItemKind::Property(e) => {
                                let ExprKind::Property { expression, key } = &e.kind else {
                                    return Err(unsupported("this REMOVE item"));
                                };
                                let target = self.ctx().eval(expression, row)?;
                                self.set_prop(&target, &key.kind.text, Value::Null)?;
                            }
                            RemoveItemKind::Labels { target, labels } => {
                                if let Some(Value::Node(n)) = row.get(&target.kind.text) {
                                    let names = label_names(labels);
                                    if let Some(d) = self.g.node_mut(*n) {
                                        d.labels.retain(|l| !names.contains(l));
                                    }
                                }
                            }
                            _ => return Err(unsupported("this REMOVE item")),
                        }
                    }
                }
                Ok(rows)
            }
            ClauseKind::Delete(d) => {
                let detach = d.mode.kind == DeleteMode::Detach;
                let (mut nodes, mut rels) = (Vec::new(), Vec::new());
                for row in &rows {
                    for e in &d.expressions {
                        match self.ctx().eval(e, row)? {
                            Value::Null => {}
                            Value::Node(n) => nodes.push(n),
                            Value::Rel(r) => rels.push(r),
                            Value::Path(p) => {
                                nodes.extend(p.nodes);
                                rels.extend(p.rels);
                            }
                            other => {
                                return Err(QueryError::type_error(format!(
                                    "DELETE needs a node, relationship or path, got {}",
                                    other.type_name()
                                ))
                                .at(e.span.start))
                            }
                        }
                    }
                }
                for r in rels {
                    self.g.delete_rel(r);
                }
                for &n in &nodes {
                    let attached: Vec<usize> = self
                        .g
                        .outgoing(n)
                        .iter()
                        .chain(self.g.incoming(n))
                        .copied()
                        .collect();
                    if !attached.is_empty() {
                        if !detach {
                            return Err(QueryError::new(
                                ErrorKind::ConstraintVerificationFailed,
                                "DeleteConnectedNode",
                                "cannot delete a node that still has relationships; use DETACH DELETE",
                            ));
                        }
                        for r in attached {
                            self.g.delete_rel(r);
                        }
                    }
                }
                for n in nodes {
                    self.g.delete_node(n);
                }
                Ok(rows)
            }
            _ => Err(unsupported("this clause")),
        }
    }

    /// CREATE (or MERGE's create, where an undirected relationship is
    /// made left to right and a null property is an error).
    fn create_part(&mut self, part: &PatternPart, row: &mut Row, merge: bool) -> QResult<()> {
        let (c, shortest) = chain(part)?;
        if shortest.is_some() {
            return Err(unsupported("shortestPath in CREATE"));
        }
        if merge {
            let maps = c
                .nodes
                .iter()
                .filter_map(|n| n.properties.as_ref())
                .chain(c.rels.iter().filter_map(|r| r.properties.as_ref()));
            for p in maps {
                if let Value::Map(m) = self.ctx().eval(p, row)? {
                    if m.values().any(Value::is_null) {
                        return Err(QueryError::semantic(
                            "MergeReadOwnWrites",
                            "MERGE cannot use a null property value",
                        )
                        .at(p.span.start));
                    }
                }
            }
        }
        let mut nodes = Vec::new();
        for np in &c.nodes {
            nodes.push(self.create_node(np, row)?);
        }
        let mut rels = Vec::new();
        for (i, rp) in c.rels.iter().enumerate() {
            let ty = match rp.labels.as_ref().map(|l| &l.kind) {
                Some(LabelExpressionKind::Name(n)) => n.kind.text.clone(),
                _ => {
                    return Err(QueryError::syntax(
                        "NoSingleRelationshipType",
                        "a created relationship needs exactly one type",
                    ))
                }
            };
            let (a, b) = match rp.direction.kind {
                RelationshipDirection::Right => (nodes[i], nodes[i + 1]),
                RelationshipDirection::Left => (nodes[i + 1], nodes[i]),
                _ if merge => (nodes[i], nodes[i + 1]),
                _ => {
                    return Err(QueryError::syntax(
                        "RequiresDirectedRelationship",
                        "a created relationship needs a direction",
                    ))
                }
            };
            let props = match &rp.properties {
                Some(p) => self.prop_map(p, row)?,
                None => BTreeMap::new(),
            };
            if let Some(v) = &rp.variable {
                if row.has(&v.kind.text) {
                    return Err(QueryError::syntax(
                        "VariableAlreadyBound",
                        format!("`{}` is already bound", v.kind.text),
                    ));
                }
            }
            let r = self.g.add_rel(ty, a, b, props);
            if let Some(v) = &rp.variable {
                row.set(&v.kind.text, Value::Rel(r));
            }
            rels.push(r);
        }
        if let Some(b) = &part.kind.binding {
            row.set(&b.kind.text, Value::Path(Path { nodes, rels }));
        }
        Ok(())
    }

    fn create_node(&mut self, np: &NodePattern, row: &mut Row) -> QResult<usize> {
        if let Some(v) = &np.variable {
            match row.get(&v.kind.text) {
                Some(Value::Node(n)) => {
                    if np.labels.is_some() || np.properties.is_some() {
                        return Err(QueryError::syntax(
                            "VariableAlreadyBound",
                            format!("`{}` is already bound", v.kind.text),
                        ));
                    }
                    return Ok(*n);
                }
                Some(Value::Null) => {
                    return Err(QueryError::semantic(
                        "CreateNull",
                        "cannot create a relationship to null",
                    ))
                }
                Some(_) => {
                    return Err(QueryError::syntax(
                        "VariableTypeConflict",
                        format!("`{}` is not a node", v.kind.text),
                    ))
                }
                None => {}
            }
        }
        let labels = np.labels.as_ref().map(label_names).unwrap_or_default();
        let props = match &np.properties {
            Some(p) => self.prop_map(p, row)?,
            None => BTreeMap::new(),
        };
        let mut uniq = Vec::new();
        for l in labels {
            if !uniq.contains(&l) {
                uniq.push(l);
            }
        }
        let n = self.g.add_node(uniq, props);
        if let Some(v) = &np.variable {
            row.set(&v.kind.text, Value::Node(n));
        }
        Ok(n)
    }

    fn prop_map(&self, p: &Expr, row: &Row) -> QResult<BTreeMap<String, Value>> {
        match self.ctx().eval(p, row)? {
            Value::Map(m) => {
                let mut out = BTreeMap::new();
                for (k, v) in m {
                    check_storable(&v)?;
                    if !v.is_null() {
                        out.insert(k, v);
                    }
                }
                Ok(out)
            }
            other => Err(QueryError::type_error(format!(
                "properties must be a map, got {}",
                other.type_name()
            ))),
        }
    }

    fn set(&mut self, s: &SetClause, row: &Row) -> QResult<()> {
        for it in &s.items {
            match &it.kind {
                SetItemKind::Property { target, value } => {
                    let ExprKind::Property { expression, key } = &target.kind else {
                        return Err(unsupported("this SET target"));
                    };
                    let t = self.ctx().eval(expression, row)?;
                    let v = self.ctx().eval(value, row)?;
                    self.set_prop(&t, &key.kind.text, v)?;
                }
                SetItemKind::ReplaceProperties { target, value }
                | SetItemKind::MergeProperties { target, value } => {
                    let replace = matches!(it.kind, SetItemKind::ReplaceProperties { .. });
                    let t = row.get(&target.kind.text).cloned().unwrap_or(Value::Null);
                    let v = self.ctx().eval(value, row)?;
                    let m = match v {
                        Value::Map(m) => m,
                        x @ (Value::Node(_) | Value::Rel(_)) => self.ctx().properties(&x)?,
                        Value::Null => BTreeMap::new(),
                        other => {
                            return Err(QueryError::type_error(format!(
                                "SET needs a map, got {}",
                                other.type_name()
                            )))
                        }
                    };
                    let props = match t {
                        Value::Node(n) => &mut self.g.node_mut(n).ok_or_else(gone)?.props,
                        Value::Rel(r) => &mut self.g.rel_mut(r).ok_or_else(gone)?.props,
                        Value::Null => continue,
                        other => {
                            return Err(QueryError::type_error(format!(
                                "cannot set properties on {}",
                                other.type_name()
                            )))
                        }
                    };
                    if replace {
                        props.clear();
                    }
                    for (k, v) in m {
                        check_storable(&v)?;
                        if v.is_null() {
                            props.remove(&k);
                        } else {
                            props.insert(k, v);
                        }
                    }
                }
                SetItemKind::Labels { target, labels } => match row.get(&target.kind.text) {
                    Some(Value::Node(n)) => {
                        let d = self.g.node_mut(*n).ok_or_else(gone)?;
                        for l in label_names(labels) {
                            if !d.labels.contains(&l) {
                                d.labels.push(l);
                            }
                        }
                    }
                    Some(Value::Null) => {}
                    _ => return Err(QueryError::type_error("SET labels needs a node")),
                },
                _ => return Err(unsupported("this SET item")),
            }
        }
        Ok(())
    }

    fn set_prop(&mut self, target: &Value, k: &str, v: Value) -> QResult<()> {
        check_storable(&v)?;
        let props = match target {
            Value::Node(n) => &mut self.g.node_mut(*n).ok_or_else(gone)?.props,
            Value::Rel(r) => &mut self.g.rel_mut(*r).ok_or_else(gone)?.props,
            Value::Null => return Ok(()),
            other => {
                return Err(QueryError::type_error(format!(
                    "cannot set a property on {}",
                    other.type_name()
                )))
            }
        };
        if v.is_null() {
            props.remove(k);
        } else {
            props.insert(k.to_string(), v);
        }
        Ok(())
    }

    /// Projects rows for WITH (`last` false) or RETURN.
    fn project(
        &mut self,
        rows: Vec<Row>,
        p: &ProjectionClause,
        last: bool,
        filter: Option<&Expr>,
    ) -> QResult<(Vec<String>, Vec<Row>)> {
        // Items: (column name, expression or None for a carried variable).
        let mut items: Vec<(String, Option<&Expr>)> = Vec::new();
        for it in &p.items {
            match &it.kind {
                ProjectionItemKind::Wildcard => {
                    let mut names = self.vars.clone();
                    names.sort();
                    for n in names {
                        items.push((n, None));
                    }
                }
                ProjectionItemKind::Expression { expression, alias } => {
                    let name = match alias {
                        Some(a) => a.kind.text.clone(),
                        None => {
                            if !last && !matches!(expression.kind, ExprKind::Variable(_)) {
                                return Err(QueryError::syntax(
                                    "NoExpressionAlias",
                                    "an expression in WITH needs an alias (AS name)",
                                )
                                .at(expression.span.start));
                            }
                            match &expression.kind {
                                ExprKind::Variable(v) => v.kind.text.clone(),
                                _ => self.text(expression),
                            }
                        }
                    };
                    if items.iter().any(|(n, _)| *n == name) {
                        return Err(QueryError::syntax(
                            "ColumnNameConflict",
                            format!("column `{name}` appears twice"),
                        )
                        .at(it.span.start));
                    }
                    items.push((name, Some(expression)));
                }
                _ => return Err(unsupported("this projection item")),
            }
        }
        let aggregating = items.iter().any(|(_, e)| e.is_some_and(has_aggregate));
        let distinct = p
            .quantifier
            .as_ref()
            .is_some_and(|q| q.kind == open_cypher::ast::SetQuantifier::Distinct);
        let names: Vec<String> = items.iter().map(|(n, _)| n.clone()).collect();

        // (source row for ORDER BY and WHERE, projected values, the group's rows)
        let mut out: Vec<(Row, Vec<Value>, Vec<Row>)> = Vec::new();
        if aggregating {
            let mut groups: Vec<(Vec<Value>, Vec<Row>)> = Vec::new();
            let mut at: HashMap<Vec<Key>, usize> = HashMap::new();
            for r in rows {
                let mut kv = Vec::new();
                for (n, e) in &items {
                    if let Some(e) = e {
                        if has_aggregate(e) {
                            continue;
                        }
                        kv.push(self.ctx().eval(e, &r)?);
                    } else {
                        kv.push(r.get(n).cloned().unwrap_or(Value::Null));
                    }
                }
                let k: Vec<Key> = kv.iter().map(key).collect();
                match at.get(&k) {
                    Some(&i) => groups[i].1.push(r),
                    None => {
                        at.insert(k, groups.len());
                        groups.push((kv, vec![r]));
                    }
                }
            }
            let has_keys = items
                .iter()
                .any(|(_, e)| e.is_none_or(|e| !has_aggregate(e)));
            if groups.is_empty() && !has_keys {
                groups.push((Vec::new(), Vec::new()));
            }
            for (kv, grp) in groups {
                let first = grp.first().cloned().unwrap_or_default();
                let mut vals = Vec::new();
                let mut ki = kv.into_iter();
                for (_, e) in &items {
                    match e {
                        Some(e) if has_aggregate(e) => {
                            let ctx = Ctx {
                                g: self.g,
                                params: self.params,
                                agg: Some(&grp),
                            };
                            vals.push(ctx.eval(e, &first)?);
                        }
                        _ => vals.push(ki.next().unwrap_or(Value::Null)),
                    }
                }
                out.push((first, vals, grp));
            }
        } else {
            for r in rows {
                let mut vals = Vec::new();
                for (n, e) in &items {
                    vals.push(match e {
                        Some(e) => self.ctx().eval(e, &r)?,
                        None => r.get(n).cloned().unwrap_or(Value::Null),
                    });
                }
                out.push((r, vals, Vec::new()));
            }
        }
        if distinct {
            let mut seen = HashSet::new();
            out.retain(|(_, v, _)| seen.insert(v.iter().map(key).collect::<Vec<_>>()));
        }
        let env = |src: &Row, vals: &[Value], keep_src: bool| -> Row {
            let mut r = if keep_src {
                src.clone()
            } else {
                Row::default()
            };
            for (n, v) in names.iter().zip(vals) {
                r.set(n, v.clone());
            }
            r
        };
        if let Some(ob) = &p.order_by {
            // Sort keys see the projected names and, unless DISTINCT, the
            // variables before the projection (a group's first row when
            // aggregating, with its aggregates computed over the group).
            let keep_src = !distinct;
            let mut keyed = Vec::new();
            for (src, vals, grp) in out {
                let e = env(&src, &vals, keep_src);
                let mut ks = Vec::new();
                for si in &ob.items {
                    let t = self.text(&si.expression);
                    let pos = items
                        .iter()
                        .position(|(_, x)| x.is_some_and(|x| self.text(x) == t));
                    ks.push(match pos {
                        Some(i) => vals[i].clone(),
                        None => {
                            let ctx = Ctx {
                                g: self.g,
                                params: self.params,
                                agg: if aggregating { Some(&grp) } else { None },
                            };
                            ctx.eval(&si.expression, &e)?
                        }
                    });
                }
                keyed.push((ks, src, vals, grp));
            }
            let dirs: Vec<bool> = ob
                .items
                .iter()
                .map(|s| {
                    s.direction
                        .as_ref()
                        .is_some_and(|d| d.kind == SortDirection::Descending)
                })
                .collect();
            keyed.sort_by(|a, b| {
                for (i, desc) in dirs.iter().enumerate() {
                    let o = order(&a.0[i], &b.0[i]);
                    let o = if *desc { o.reverse() } else { o };
                    if o.is_ne() {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
            out = keyed.into_iter().map(|(_, s, v, g)| (s, v, g)).collect();
        }
        let skip = match p.skip.as_ref().or(p.offset.as_ref()) {
            Some(e) => self.count_arg(e, "SKIP")?,
            None => 0,
        };
        let limit = match &p.limit {
            Some(e) => Some(self.count_arg(e, "LIMIT")?),
            None => None,
        };
        let mut kept = Vec::new();
        for (src, vals, _) in out.into_iter().skip(skip).take(limit.unwrap_or(usize::MAX)) {
            if let Some(f) = filter {
                // WHERE after WITH sees the variables before it too.
                let e = env(&src, &vals, !aggregating);
                if truth(&self.ctx().eval(f, &e)?)? != Some(true) {
                    continue;
                }
            }
            kept.push(env(&src, &vals, false));
        }
        self.vars = names.clone();
        Ok((names, kept))
    }

    fn count_arg(&self, e: &Expr, what: &str) -> QResult<usize> {
        let mut uses_var = false;
        super::eval::walk(e, &mut |x| {
            if matches!(x.kind, ExprKind::Variable(_)) {
                uses_var = true;
            }
        });
        if uses_var {
            return Err(QueryError::syntax(
                "NonConstantExpression",
                format!("{what} cannot use variables"),
            )
            .at(e.span.start));
        }
        match self.ctx().eval(e, &Row::default())? {
            Value::Int(i) if i >= 0 => Ok(i as usize),
            Value::Int(_) => Err(QueryError::syntax(
                "NegativeIntegerArgument",
                format!("{what} must not be negative"),
            )
            .at(e.span.start)),
            other => Err(QueryError::syntax(
                "InvalidArgumentType",
                format!("{what} needs an integer, got {}", other.type_name()),
            )
            .at(e.span.start)),
        }
    }
}

fn check_storable(v: &Value) -> QResult<()> {
    match v {
        Value::Map(_) | Value::Node(_) | Value::Rel(_) | Value::Path(_) => Err(
            QueryError::type_error(format!("a property cannot hold a {}", v.type_name())),
        ),
        Value::List(xs) => {
            if xs.iter().any(|x| {
                !matches!(
                    x,
                    Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Null
                )
            }) {
                Err(QueryError::type_error(
                    "a property list must hold plain values",
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// The label names of a label expression (`:A:B` or `:A&B`).
pub fn label_names(le: &LabelExpression) -> Vec<String> {
    match &le.kind {
        LabelExpressionKind::Name(n) => vec![n.kind.text.clone()],
        LabelExpressionKind::And(xs) => xs.iter().flat_map(label_names).collect(),
        LabelExpressionKind::Parenthesized(x) => label_names(x),
        _ => Vec::new(),
    }
}
