//! The checks made before any row is read: variables defined before use,
//! not rebound with another type (a node as a relationship, a path as a
//! node), aggregates only where they may stand, boolean operators not fed
//! literals of another type. The openCypher TCK expects these as
//! `SyntaxError`s at compile time, so they must not depend on the data.

use std::collections::HashMap;

use open_cypher::ast::{
    BinaryOperator, ClauseKind, Expr, ExprKind, LabelExpressionKind, LiteralKind,
    MapProjectionItemKind, NodePattern, Pattern, ProjectionClause, ProjectionItemKind,
    RelationshipPattern, RemoveItemKind, SetClause, SetItemKind, SingleQueryKind, UnaryOperator,
};

use super::error::{QResult, QueryError};
use super::eval::{has_aggregate, AGGREGATES};
use super::pattern::{bounds, chain};

/// What a variable holds, as far as the query text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Node,
    Rel,
    RelList,
    Path,
    /// A value that is known not to be a node, relationship or path.
    Value,
    /// A list (perhaps of relationships).
    List,
    Any,
}

type Scope = HashMap<String, Ty>;

fn conflict(name: &str, at: usize) -> QueryError {
    QueryError::syntax(
        "VariableTypeConflict",
        format!("`{name}` is already bound to something of another type"),
    )
    .at(at)
}

fn bound(name: &str, at: usize) -> QueryError {
    QueryError::syntax("VariableAlreadyBound", format!("`{name}` is already bound")).at(at)
}

/// Checks one single query (one side of a UNION).
pub fn check(q: &SingleQueryKind, src: &str) -> QResult<()> {
    let mut scope = Scope::new();
    for c in &q.clauses {
        match &c.kind {
            ClauseKind::Match(m) => {
                declare_pattern(&m.pattern, &mut scope, false)?;
                if let Some(w) = &m.where_clause {
                    expr(w, &scope, false)?;
                }
            }
            ClauseKind::Create(cr) => {
                creating(&cr.pattern, &scope)?;
                declare_pattern(&cr.pattern, &mut scope, true)?;
            }
            ClauseKind::Merge(m) => {
                let p = Pattern {
                    parts: vec![m.pattern.clone()],
                    span: m.pattern.span,
                };
                creating(&p, &scope)?;
                let (c, _) = chain(&m.pattern)?;
                for r in &c.rels {
                    if !matches!(
                        r.labels.as_ref().map(|l| &l.kind),
                        Some(LabelExpressionKind::Name(_))
                    ) {
                        return Err(QueryError::syntax(
                            "NoSingleRelationshipType",
                            "MERGE needs exactly one type for each relationship",
                        )
                        .at(r.direction.span.start));
                    }
                }
                for n in &c.nodes {
                    if let Some(p) = &n.properties {
                        no_parameter_map(p, false)?;
                    }
                }
                for r in &c.rels {
                    if let Some(p) = &r.properties {
                        no_parameter_map(p, false)?;
                    }
                }
                declare_pattern(&p, &mut scope, true)?;
                for a in &m.actions {
                    set(&a.set, &scope)?;
                }
            }
            ClauseKind::Unwind(u) => {
                expr(&u.expression, &scope, false)?;
                let n = &u.variable.kind.text;
                if scope.contains_key(n) {
                    return Err(bound(n, u.variable.span.start));
                }
                scope.insert(n.clone(), Ty::Any);
            }
            ClauseKind::With(w) => {
                let next = projection(&w.projection, &scope, src, false)?;
                if let Some(p) = &w.where_clause {
                    // WHERE after WITH sees the variables before it too.
                    let mut env = scope.clone();
                    env.extend(next.iter().map(|(k, v)| (k.clone(), *v)));
                    expr(p, &env, false)?;
                }
                scope = next;
            }
            ClauseKind::Return(r) => {
                projection(&r.projection, &scope, src, true)?;
            }
            ClauseKind::Set(s) => set(s, &scope)?,
            ClauseKind::Remove(r) => {
                for it in &r.items {
                    match &it.kind {
                        RemoveItemKind::Property(e) => expr(e, &scope, false)?,
                        RemoveItemKind::Labels { target, .. } => {
                            var(&target.kind.text, &scope, target.span.start)?;
                        }
                        _ => {}
                    }
                }
            }
            ClauseKind::Delete(d) => {
                for e in &d.expressions {
                    expr(e, &scope, false)?;
                    if matches!(
                        e.kind,
                        ExprKind::Literal(_)
                            | ExprKind::List(_)
                            | ExprKind::Map(_)
                            | ExprKind::Binary { .. }
                    ) {
                        return Err(QueryError::syntax(
                            "InvalidArgumentType",
                            "DELETE needs a node, relationship or path",
                        )
                        .at(e.span.start));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn var(name: &str, scope: &Scope, at: usize) -> QResult<Ty> {
    scope.get(name).copied().ok_or_else(|| {
        QueryError::syntax(
            "UndefinedVariable",
            format!("variable `{name}` not defined"),
        )
        .at(at)
    })
}

fn set(s: &SetClause, scope: &Scope) -> QResult<()> {
    for it in &s.items {
        match &it.kind {
            SetItemKind::Property { target, value } => {
                expr(target, scope, false)?;
                expr(value, scope, false)?;
            }
            SetItemKind::ReplaceProperties { target, value }
            | SetItemKind::MergeProperties { target, value } => {
                var(&target.kind.text, scope, target.span.start)?;
                expr(value, scope, false)?;
            }
            SetItemKind::Labels { target, .. } => {
                var(&target.kind.text, scope, target.span.start)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// CREATE and MERGE: bound variables may not be redeclared with more.
fn creating(p: &Pattern, scope: &Scope) -> QResult<()> {
    for part in &p.parts {
        let (c, _) = chain(part)?;
        for n in &c.nodes {
            if let Some(v) = &n.variable {
                if scope.contains_key(&v.kind.text)
                    && (n.labels.is_some() || n.properties.is_some())
                    && c.nodes.len() > 1
                {
                    return Err(bound(&v.kind.text, v.span.start));
                }
                if scope.contains_key(&v.kind.text) && c.nodes.len() == 1 {
                    return Err(bound(&v.kind.text, v.span.start));
                }
            }
        }
        for r in &c.rels {
            if let Some(v) = &r.variable {
                if scope.contains_key(&v.kind.text) {
                    return Err(bound(&v.kind.text, v.span.start));
                }
            }
            if bounds(r)?.is_some() {
                return Err(QueryError::syntax(
                    "CreatingVarLength",
                    "a variable-length relationship cannot be created",
                )
                .at(r.direction.span.start));
            }
        }
    }
    Ok(())
}

fn declare(scope: &mut Scope, name: &str, ty: Ty, at: usize) -> QResult<()> {
    match scope.get(name) {
        None => {
            scope.insert(name.to_string(), ty);
            Ok(())
        }
        Some(Ty::Any) => Ok(()),
        Some(Ty::List) if ty == Ty::RelList => Ok(()),
        Some(&t) if t == ty && ty == Ty::Node => Ok(()),
        Some(&t) if t == ty => Ok(()),
        Some(_) => Err(conflict(name, at)),
    }
}

fn declare_pattern(p: &Pattern, scope: &mut Scope, creating: bool) -> QResult<()> {
    let mut rels_here: Vec<String> = Vec::new();
    for part in &p.parts {
        if let Some(b) = &part.kind.binding {
            if scope.contains_key(&b.kind.text) {
                return Err(if scope.get(&b.kind.text) == Some(&Ty::Path) {
                    bound(&b.kind.text, b.span.start)
                } else {
                    conflict(&b.kind.text, b.span.start)
                });
            }
            scope.insert(b.kind.text.clone(), Ty::Path);
        }
        let (c, _) = chain(part)?;
        for (i, n) in c.nodes.iter().enumerate() {
            node(n, scope, creating)?;
            if let Some(r) = c.rels.get(i) {
                rel(r, scope, &mut rels_here, creating)?;
            }
        }
    }
    Ok(())
}

fn no_parameter_map(p: &Expr, creating: bool) -> QResult<()> {
    if !creating && matches!(p.kind, ExprKind::Parameter(_)) {
        return Err(QueryError::syntax(
            "InvalidParameterUse",
            "a parameter cannot stand for a pattern's property map in MATCH",
        )
        .at(p.span.start));
    }
    Ok(())
}

fn node(n: &NodePattern, scope: &mut Scope, creating: bool) -> QResult<()> {
    if let Some(v) = &n.variable {
        declare(scope, &v.kind.text, Ty::Node, v.span.start)?;
    }
    if let Some(p) = &n.properties {
        no_parameter_map(p, creating)?;
        expr(p, scope, false)?;
    }
    if let Some(w) = &n.where_clause {
        expr(w, scope, false)?;
    }
    Ok(())
}

fn rel(
    r: &RelationshipPattern,
    scope: &mut Scope,
    here: &mut Vec<String>,
    creating: bool,
) -> QResult<()> {
    if let Some(v) = &r.variable {
        let name = &v.kind.text;
        let ty = if bounds(r)?.is_some() {
            Ty::RelList
        } else {
            Ty::Rel
        };
        if here.contains(name) && !creating {
            return Err(QueryError::syntax(
                "RelationshipUniquenessViolation",
                format!("`{name}` names two relationships of one pattern"),
            )
            .at(v.span.start));
        }
        here.push(name.clone());
        declare(scope, name, ty, v.span.start)?;
    }
    if let Some(p) = &r.properties {
        no_parameter_map(p, creating)?;
        expr(p, scope, false)?;
    }
    Ok(())
}

fn projection(p: &ProjectionClause, scope: &Scope, src: &str, last: bool) -> QResult<Scope> {
    let text = |e: &Expr| e.span.text(src).unwrap_or("").trim().to_string();
    let mut next = Scope::new();
    let mut item_texts = Vec::new();
    let mut aggregating = false;
    for it in &p.items {
        match &it.kind {
            ProjectionItemKind::Wildcard => {
                if scope.is_empty() && last {
                    return Err(QueryError::syntax(
                        "NoVariablesInScope",
                        "RETURN * and WITH * need variables in scope",
                    )
                    .at(it.span.start));
                }
                next.extend(scope.iter().map(|(k, v)| (k.clone(), *v)));
            }
            ProjectionItemKind::Expression { expression, alias } => {
                expr(expression, scope, true)?;
                aggregating |= has_aggregate(expression);
                item_texts.push(text(expression));
                let ty = match &expression.kind {
                    ExprKind::Variable(v) => scope.get(&v.kind.text).copied().unwrap_or(Ty::Any),
                    ExprKind::List(_) => Ty::List,
                    _ if static_non_boolean(expression) => Ty::Value,
                    ExprKind::Literal(l) if matches!(l.kind, LiteralKind::Boolean(_)) => Ty::Value,
                    _ => Ty::Any,
                };
                let name = match (alias, &expression.kind) {
                    (Some(a), _) => a.kind.text.clone(),
                    (None, ExprKind::Variable(v)) => v.kind.text.clone(),
                    (None, _) if !last => {
                        return Err(QueryError::syntax(
                            "NoExpressionAlias",
                            "an expression in WITH needs an alias (AS name)",
                        )
                        .at(expression.span.start))
                    }
                    (None, _) => text(expression),
                };
                next.insert(name, ty);
            }
            _ => {}
        }
    }
    let distinct = p
        .quantifier
        .as_ref()
        .is_some_and(|q| q.kind == open_cypher::ast::SetQuantifier::Distinct);
    if let Some(ob) = &p.order_by {
        let mut env = if distinct {
            Scope::new()
        } else {
            scope.clone()
        };
        env.extend(next.iter().map(|(k, v)| (k.clone(), *v)));
        for si in &ob.items {
            if item_texts.contains(&text(&si.expression)) {
                continue;
            }
            if has_aggregate(&si.expression) && !aggregating {
                return Err(QueryError::syntax(
                    "InvalidAggregation",
                    "ORDER BY cannot aggregate after a projection that does not",
                )
                .at(si.expression.span.start));
            }
            expr(&si.expression, &env, aggregating)?;
        }
    }
    Ok(next)
}

fn static_non_boolean(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Literal(l) => matches!(
            l.kind,
            LiteralKind::Integer(_) | LiteralKind::Float(_) | LiteralKind::String(_)
        ),
        ExprKind::List(_) | ExprKind::Map(_) => true,
        ExprKind::Parenthesized(x) => static_non_boolean(x),
        _ => false,
    }
}

fn expr(e: &Expr, scope: &Scope, agg_ok: bool) -> QResult<()> {
    match &e.kind {
        ExprKind::Variable(n) => {
            var(&n.kind.text, scope, e.span.start)?;
        }
        ExprKind::Function(f) => {
            let name = f
                .name
                .parts
                .iter()
                .map(|p| p.kind.text.to_ascii_lowercase())
                .collect::<Vec<_>>()
                .join(".");
            let is_agg = AGGREGATES.contains(&name.as_str());
            if is_agg && !agg_ok {
                return Err(QueryError::syntax(
                    "InvalidAggregation",
                    format!("{name}() cannot be used here"),
                )
                .at(e.span.start));
            }
            if is_agg && f.arguments.iter().any(has_aggregate) {
                return Err(QueryError::syntax(
                    "NestedAggregation",
                    "an aggregate cannot contain another",
                )
                .at(e.span.start));
            }
            if name == "size"
                && f.arguments
                    .iter()
                    .any(|a| matches!(a.kind, ExprKind::Pattern(_)))
            {
                return Err(QueryError::syntax(
                    "InvalidArgumentType",
                    "size() of a pattern: use COUNT or a pattern comprehension",
                )
                .at(e.span.start));
            }
            for a in &f.arguments {
                if !matches!(a.kind, ExprKind::Wildcard) {
                    expr(a, scope, agg_ok && !is_agg)?;
                }
            }
        }
        ExprKind::Unary { operator, operand } => {
            if operator.kind == UnaryOperator::Not && static_non_boolean(operand) {
                return Err(
                    QueryError::syntax("InvalidArgumentType", "NOT needs a boolean")
                        .at(e.span.start),
                );
            }
            expr(operand, scope, agg_ok)?;
        }
        ExprKind::Binary {
            left,
            operator,
            right,
        } => {
            if matches!(
                operator.kind,
                BinaryOperator::And | BinaryOperator::Or | BinaryOperator::Xor
            ) && (static_non_boolean(left) || static_non_boolean(right))
            {
                return Err(QueryError::syntax(
                    "InvalidArgumentType",
                    "AND, OR and XOR need booleans",
                )
                .at(e.span.start));
            }
            if operator.kind == BinaryOperator::In
                && (matches!(right.kind, ExprKind::Map(_))
                    || matches!(&right.kind, ExprKind::Literal(l) if !matches!(l.kind, LiteralKind::Null)))
            {
                return Err(
                    QueryError::syntax("InvalidArgumentType", "IN needs a list").at(e.span.start)
                );
            }
            expr(left, scope, agg_ok)?;
            expr(right, scope, agg_ok)?;
        }
        ExprKind::ListComprehension(l) => {
            expr(&l.list, scope, agg_ok)?;
            let mut inner = scope.clone();
            inner.insert(l.variable.kind.text.clone(), Ty::Any);
            if let Some(p) = &l.predicate {
                expr(p, &inner, false)?;
            }
            if let Some(p) = &l.projection {
                expr(p, &inner, agg_ok)?;
            }
        }
        ExprKind::QuantifiedPredicate(q) => {
            expr(&q.list, scope, agg_ok)?;
            let mut inner = scope.clone();
            inner.insert(q.variable.kind.text.clone(), Ty::Any);
            expr(&q.predicate, &inner, false)?;
        }
        ExprKind::Reduce(r) => {
            expr(&r.initial, scope, agg_ok)?;
            expr(&r.list, scope, agg_ok)?;
            let mut inner = scope.clone();
            inner.insert(r.accumulator.kind.text.clone(), Ty::Any);
            inner.insert(r.variable.kind.text.clone(), Ty::Any);
            expr(&r.expression, &inner, false)?;
        }
        ExprKind::PatternComprehension(pc) => {
            let mut inner = scope.clone();
            if let Some(b) = &pc.binding {
                inner.insert(b.kind.text.clone(), Ty::Path);
            }
            declare_pattern(&pc.pattern, &mut inner, false)?;
            if let Some(p) = &pc.predicate {
                expr(p, &inner, false)?;
            }
            expr(&pc.projection, &inner, false)?;
        }
        ExprKind::Pattern(p) => {
            // A pattern predicate may not introduce variables.
            for part in &p.parts {
                let (c, _) = chain(part)?;
                let names = c
                    .nodes
                    .iter()
                    .filter_map(|n| n.variable.as_ref())
                    .chain(c.rels.iter().filter_map(|r| r.variable.as_ref()));
                for v in names {
                    if !scope.contains_key(&v.kind.text) {
                        return Err(QueryError::syntax(
                            "UndefinedVariable",
                            format!("a pattern predicate cannot introduce `{}`", v.kind.text),
                        )
                        .at(v.span.start));
                    }
                }
            }
            let mut inner = scope.clone();
            declare_pattern(p, &mut inner, false)?;
        }
        ExprKind::List(xs) => {
            for x in xs {
                expr(x, scope, agg_ok)?;
            }
        }
        ExprKind::Map(m) => {
            for en in m {
                expr(&en.value, scope, agg_ok)?;
            }
        }
        ExprKind::MapProjection(mp) => {
            expr(&mp.base, scope, agg_ok)?;
            for it in &mp.items {
                match &it.kind {
                    MapProjectionItemKind::Variable(n) => {
                        var(&n.kind.text, scope, n.span.start)?;
                    }
                    MapProjectionItemKind::Entry(en) => expr(&en.value, scope, agg_ok)?,
                    _ => {}
                }
            }
        }
        ExprKind::Is { expression, .. } => expr(expression, scope, agg_ok)?,
        ExprKind::Property { expression, .. } => expr(expression, scope, agg_ok)?,
        ExprKind::DynamicProperty { expression, key } => {
            expr(expression, scope, agg_ok)?;
            expr(key, scope, agg_ok)?;
        }
        ExprKind::Index { expression, index } => {
            expr(expression, scope, agg_ok)?;
            expr(index, scope, agg_ok)?;
        }
        ExprKind::Slice {
            expression,
            lower,
            upper,
        } => {
            expr(expression, scope, agg_ok)?;
            if let Some(x) = lower {
                expr(x, scope, agg_ok)?;
            }
            if let Some(x) = upper {
                expr(x, scope, agg_ok)?;
            }
        }
        ExprKind::Case(c) => {
            if let Some(o) = &c.operand {
                expr(o, scope, agg_ok)?;
            }
            for a in &c.alternatives {
                for w in &a.when {
                    expr(w, scope, agg_ok)?;
                }
                expr(&a.then, scope, agg_ok)?;
            }
            if let Some(x) = &c.else_expression {
                expr(x, scope, agg_ok)?;
            }
        }
        ExprKind::Parenthesized(x) => expr(x, scope, agg_ok)?,
        _ => {}
    }
    Ok(())
}
