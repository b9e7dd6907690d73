//! Expression evaluation with Cypher's null semantics.
//!
//! [`Ctx::eval`] turns one expression into a [`Value`] against one row.
//! Aggregate calls (`count`, `collect`, ...) are computed over the rows of
//! a group when the projection passes them in `agg`; anywhere else they are
//! an error. Scalar functions live in [`super::func`].

use std::collections::BTreeMap;

use open_cypher::ast::{
    BinaryOperator, Expr, ExprKind, IntegerRadix, IsPredicate, LabelExpression,
    LabelExpressionKind, LiteralKind, MapProjectionItemKind, ParameterName,
    QuantifiedPredicateKind, UnaryOperator,
};

use super::error::{ErrorKind, QResult, QueryError};
use super::graph::PropertyGraph;
use super::row::Row;
use super::value::{compare, equals, Value};
use super::{func, pattern};

/// What an expression is evaluated against.
pub struct Ctx<'a> {
    /// The graph.
    pub g: &'a PropertyGraph,
    /// The query's parameters.
    pub params: &'a BTreeMap<String, Value>,
    /// The rows of the current group, when aggregating.
    pub agg: Option<&'a [Row]>,
}

/// Aggregate function names (lower case).
pub const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "collect",
    "stdev",
    "stdevp",
    "percentilecont",
    "percentiledisc",
];

/// Whether `e` contains an aggregate call (outside nested scopes' own).
pub fn has_aggregate(e: &Expr) -> bool {
    let mut found = false;
    walk(e, &mut |x| {
        if let ExprKind::Function(f) = &x.kind {
            if f.name.parts.len() == 1
                && AGGREGATES.contains(&f.name.parts[0].kind.text.to_ascii_lowercase().as_str())
            {
                found = true;
            }
        }
    });
    found
}

/// Calls `f` on `e` and every expression inside it.
pub fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::List(xs) => xs.iter().for_each(|x| walk(x, f)),
        ExprKind::Map(m) => m.iter().for_each(|x| walk(&x.value, f)),
        ExprKind::MapProjection(p) => {
            walk(&p.base, f);
            for i in &p.items {
                if let MapProjectionItemKind::Entry(en) = &i.kind {
                    walk(&en.value, f);
                }
            }
        }
        ExprKind::Unary { operand, .. } => walk(operand, f),
        ExprKind::Binary { left, right, .. } => {
            walk(left, f);
            walk(right, f);
        }
        ExprKind::Is { expression, .. } => walk(expression, f),
        ExprKind::Property { expression, .. } => walk(expression, f),
        ExprKind::DynamicProperty { expression, key } => {
            walk(expression, f);
            walk(key, f);
        }
        ExprKind::Index { expression, index } => {
            walk(expression, f);
            walk(index, f);
        }
        ExprKind::Slice {
            expression,
            lower,
            upper,
        } => {
            walk(expression, f);
            lower.iter().for_each(|x| walk(x, f));
            upper.iter().for_each(|x| walk(x, f));
        }
        ExprKind::Function(fi) => fi.arguments.iter().for_each(|x| walk(x, f)),
        ExprKind::Case(c) => {
            c.operand.iter().for_each(|x| walk(x, f));
            for a in &c.alternatives {
                a.when.iter().for_each(|x| walk(x, f));
                walk(&a.then, f);
            }
            c.else_expression.iter().for_each(|x| walk(x, f));
        }
        ExprKind::ListComprehension(l) => {
            walk(&l.list, f);
            l.predicate.iter().for_each(|x| walk(x, f));
            l.projection.iter().for_each(|x| walk(x, f));
        }
        ExprKind::Reduce(r) => {
            walk(&r.initial, f);
            walk(&r.list, f);
            walk(&r.expression, f);
        }
        ExprKind::QuantifiedPredicate(q) => {
            walk(&q.list, f);
            walk(&q.predicate, f);
        }
        ExprKind::PatternComprehension(p) => {
            p.predicate.iter().for_each(|x| walk(x, f));
            walk(&p.projection, f);
        }
        ExprKind::Parenthesized(x) => walk(x, f),
        _ => {}
    }
}

/// Parses an integer literal's text.
pub fn parse_int(text: &str, radix: IntegerRadix, negative: bool) -> QResult<i64> {
    let (digits, base) = match radix {
        IntegerRadix::Hexadecimal => (text.get(2..).unwrap_or(""), 16),
        IntegerRadix::Octal => (text.trim_start_matches("0o").trim_start_matches('0'), 8),
        _ => (text, 10),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    let signed = if negative {
        format!("-{digits}")
    } else {
        digits
    };
    i64::from_str_radix(&signed, base)
        .map_err(|_| QueryError::syntax("IntegerOverflow", format!("integer {text} is too large")))
}

/// Whether `labels` satisfies a label expression.
pub fn labels_match(le: &LabelExpression, labels: &[String]) -> bool {
    match &le.kind {
        LabelExpressionKind::Name(n) => labels.contains(&n.kind.text),
        LabelExpressionKind::Wildcard => !labels.is_empty(),
        LabelExpressionKind::Not(x) => !labels_match(x, labels),
        LabelExpressionKind::And(xs) => xs.iter().all(|x| labels_match(x, labels)),
        LabelExpressionKind::Or(xs) => xs.iter().any(|x| labels_match(x, labels)),
        LabelExpressionKind::Parenthesized(x) => labels_match(x, labels),
        _ => false,
    }
}

/// Truth value of `v` for WHERE: only `true` passes; a non-boolean is an error.
pub fn truth(v: &Value) -> QResult<Option<bool>> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(QueryError::type_error(format!(
            "expected a boolean, got {}",
            other.type_name()
        ))),
    }
}

fn boolean(v: Option<bool>) -> Value {
    v.map_or(Value::Null, Value::Bool)
}

impl Ctx<'_> {
    /// Evaluates `e` against `row`.
    pub fn eval(&self, e: &Expr, row: &Row) -> QResult<Value> {
        self.eval_inner(e, row).map_err(|err| err.at(e.span.start))
    }

    fn eval_inner(&self, e: &Expr, row: &Row) -> QResult<Value> {
        Ok(match &e.kind {
            ExprKind::Literal(l) => match &l.kind {
                LiteralKind::Null => Value::Null,
                LiteralKind::Boolean(b) => Value::Bool(*b),
                LiteralKind::Integer(i) => Value::Int(parse_int(&i.text, i.radix, false)?),
                LiteralKind::Float(f) => {
                    let v: f64 = f.text.replace('_', "").parse().map_err(|_| {
                        QueryError::syntax("InvalidNumberLiteral", format!("bad float {}", f.text))
                    })?;
                    if v.is_infinite() {
                        return Err(QueryError::syntax(
                            "FloatingPointOverflow",
                            format!("float {} is too large", f.text),
                        ));
                    }
                    Value::Float(v)
                }
                LiteralKind::String(s) => Value::Str(s.value.clone()),
                _ => return Err(unsupported("this literal")),
            },
            ExprKind::Variable(n) => match row.get(&n.kind.text) {
                Some(v) => v.clone(),
                None => {
                    return Err(QueryError::syntax(
                        "UndefinedVariable",
                        format!("variable `{}` not defined", n.kind.text),
                    ))
                }
            },
            ExprKind::Parameter(p) => {
                let name = match &p.name {
                    ParameterName::Named(s) | ParameterName::Positional(s) => s,
                    _ => return Err(unsupported("this parameter")),
                };
                match self.params.get(name.as_str()) {
                    Some(v) => v.clone(),
                    None => {
                        return Err(QueryError::semantic(
                            "ParameterMissing",
                            format!("expected parameter ${name}"),
                        ))
                    }
                }
            }
            ExprKind::List(xs) => Value::List(
                xs.iter()
                    .map(|x| self.eval(x, row))
                    .collect::<QResult<Vec<_>>>()?,
            ),
            ExprKind::Map(m) => {
                let mut out = BTreeMap::new();
                for en in m {
                    out.insert(en.key.kind.text.clone(), self.eval(&en.value, row)?);
                }
                Value::Map(out)
            }
            ExprKind::MapProjection(p) => {
                let base = self.eval(&p.base, row)?;
                if base.is_null() {
                    return Ok(Value::Null);
                }
                let props = self.properties(&base)?;
                let mut out = BTreeMap::new();
                for it in &p.items {
                    match &it.kind {
                        MapProjectionItemKind::Property(k) => {
                            let v = props.get(&k.kind.text).cloned().unwrap_or(Value::Null);
                            out.insert(k.kind.text.clone(), v);
                        }
                        MapProjectionItemKind::AllProperties => {
                            out.extend(props.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                        MapProjectionItemKind::Variable(n) => {
                            let v = row.get(&n.kind.text).cloned().ok_or_else(|| {
                                QueryError::syntax(
                                    "UndefinedVariable",
                                    format!("variable `{}` not defined", n.kind.text),
                                )
                            })?;
                            out.insert(n.kind.text.clone(), v);
                        }
                        MapProjectionItemKind::Entry(en) => {
                            out.insert(en.key.kind.text.clone(), self.eval(&en.value, row)?);
                        }
                        _ => return Err(unsupported("this map projection item")),
                    }
                }
                Value::Map(out)
            }
            ExprKind::Unary { operator, operand } => {
                if let (UnaryOperator::Minus, ExprKind::Literal(l)) = (operator.kind, &operand.kind)
                {
                    if let LiteralKind::Integer(i) = &l.kind {
                        return Ok(Value::Int(parse_int(&i.text, i.radix, true)?));
                    }
                }
                let v = self.eval(operand, row)?;
                match (operator.kind, v) {
                    (_, Value::Null) => Value::Null,
                    (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOperator::Minus, Value::Int(i)) => {
                        Value::Int(i.checked_neg().ok_or_else(|| {
                            QueryError::argument("IntegerOverflow", "integer overflow")
                        })?)
                    }
                    (UnaryOperator::Minus, Value::Float(f)) => Value::Float(-f),
                    (UnaryOperator::Plus, v @ (Value::Int(_) | Value::Float(_))) => v,
                    (_, v) => {
                        return Err(QueryError::type_error(format!(
                            "cannot apply a unary operator to {}",
                            v.type_name()
                        )))
                    }
                }
            }
            ExprKind::Binary {
                left,
                operator,
                right,
            } => self.binary(operator.kind, left, right, row)?,
            ExprKind::Is {
                expression,
                negated,
                predicate,
            } => {
                let v = self.eval(expression, row)?;
                let r = match predicate {
                    IsPredicate::Null => Some(v.is_null()),
                    IsPredicate::Label(le) => match &v {
                        Value::Null => None,
                        Value::Node(n) => Some(labels_match(
                            le,
                            &self
                                .g
                                .node(*n)
                                .map(|d| d.labels.clone())
                                .unwrap_or_default(),
                        )),
                        Value::Rel(r) => Some(labels_match(
                            le,
                            &self
                                .g
                                .rel(*r)
                                .map(|d| vec![d.ty.clone()])
                                .unwrap_or_default(),
                        )),
                        other => {
                            return Err(QueryError::type_error(format!(
                                "a label test needs a node, got {}",
                                other.type_name()
                            )))
                        }
                    },
                    _ => return Err(unsupported("this IS predicate")),
                };
                boolean(r.map(|b| b != *negated))
            }
            ExprKind::Property { expression, key } => {
                let base = self.eval(expression, row)?;
                self.property(&base, &key.kind.text)?
            }
            ExprKind::DynamicProperty { expression, key } => {
                let base = self.eval(expression, row)?;
                let k = self.eval(key, row)?;
                self.index(base, k)?
            }
            ExprKind::Index { expression, index } => {
                let base = self.eval(expression, row)?;
                let k = self.eval(index, row)?;
                self.index(base, k)?
            }
            ExprKind::Slice {
                expression,
                lower,
                upper,
            } => {
                let base = self.eval(expression, row)?;
                let lo = match lower {
                    Some(x) => Some(self.eval(x, row)?),
                    None => None,
                };
                let hi = match upper {
                    Some(x) => Some(self.eval(x, row)?),
                    None => None,
                };
                slice(base, lo, hi)?
            }
            ExprKind::Function(f) => func::call(self, f, row)?,
            ExprKind::Case(c) => {
                let operand = match &c.operand {
                    Some(o) => Some(self.eval(o, row)?),
                    None => None,
                };
                for alt in &c.alternatives {
                    for w in &alt.when {
                        let hit = match &operand {
                            Some(o) => {
                                let wv = self.eval(w, row)?;
                                equals(o, &wv) == Some(true)
                            }
                            None => self.eval(w, row)? == Value::Bool(true),
                        };
                        if hit {
                            return self.eval(&alt.then, row);
                        }
                    }
                }
                match &c.else_expression {
                    Some(x) => self.eval(x, row)?,
                    None => Value::Null,
                }
            }
            ExprKind::ListComprehension(l) => {
                let list = match self.eval(&l.list, row)? {
                    Value::Null => return Ok(Value::Null),
                    Value::List(xs) => xs,
                    other => {
                        return Err(QueryError::type_error(format!(
                            "expected a list, got {}",
                            other.type_name()
                        )))
                    }
                };
                let mut inner = row.clone();
                let mut out = Vec::new();
                for x in list {
                    inner.set(&l.variable.kind.text, x.clone());
                    if let Some(p) = &l.predicate {
                        if self.eval(p, &inner)? != Value::Bool(true) {
                            continue;
                        }
                    }
                    out.push(match &l.projection {
                        Some(p) => self.eval(p, &inner)?,
                        None => x,
                    });
                }
                Value::List(out)
            }
            ExprKind::Reduce(r) => {
                let mut acc = self.eval(&r.initial, row)?;
                let list = match self.eval(&r.list, row)? {
                    Value::Null => return Ok(Value::Null),
                    Value::List(xs) => xs,
                    other => {
                        return Err(QueryError::type_error(format!(
                            "expected a list, got {}",
                            other.type_name()
                        )))
                    }
                };
                let mut inner = row.clone();
                for x in list {
                    inner.set(&r.accumulator.kind.text, acc);
                    inner.set(&r.variable.kind.text, x);
                    acc = self.eval(&r.expression, &inner)?;
                }
                acc
            }
            ExprKind::QuantifiedPredicate(q) => {
                let list = match self.eval(&q.list, row)? {
                    Value::Null => return Ok(Value::Null),
                    Value::List(xs) => xs,
                    other => {
                        return Err(QueryError::type_error(format!(
                            "expected a list, got {}",
                            other.type_name()
                        )))
                    }
                };
                let mut inner = row.clone();
                let (mut yes, mut unknown) = (0usize, 0usize);
                for x in &list {
                    inner.set(&q.variable.kind.text, x.clone());
                    match truth(&self.eval(&q.predicate, &inner)?)? {
                        Some(true) => yes += 1,
                        None => unknown += 1,
                        Some(false) => {}
                    }
                }
                let no = list.len() - yes - unknown;
                match q.kind.kind {
                    QuantifiedPredicateKind::All => {
                        if no > 0 {
                            Value::Bool(false)
                        } else if unknown > 0 {
                            Value::Null
                        } else {
                            Value::Bool(true)
                        }
                    }
                    QuantifiedPredicateKind::Any => {
                        if yes > 0 {
                            Value::Bool(true)
                        } else if unknown > 0 {
                            Value::Null
                        } else {
                            Value::Bool(false)
                        }
                    }
                    QuantifiedPredicateKind::None => {
                        if yes > 0 {
                            Value::Bool(false)
                        } else if unknown > 0 {
                            Value::Null
                        } else {
                            Value::Bool(true)
                        }
                    }
                    _ => {
                        if yes > 1 {
                            Value::Bool(false)
                        } else if unknown > 0 {
                            Value::Null
                        } else {
                            Value::Bool(yes == 1)
                        }
                    }
                }
            }
            ExprKind::Pattern(p) => {
                let found = pattern::match_pattern(self, p, row, None, true)?;
                Value::Bool(!found.is_empty())
            }
            ExprKind::PatternComprehension(pc) => {
                let mut out = Vec::new();
                let name = pc.binding.as_ref().map(|b| b.kind.text.as_str());
                for r in pattern::match_pattern(self, &pc.pattern, row, name, false)? {
                    if let Some(p) = &pc.predicate {
                        if self.eval(p, &r)? != Value::Bool(true) {
                            continue;
                        }
                    }
                    out.push(self.eval(&pc.projection, &r)?);
                }
                Value::List(out)
            }
            ExprKind::Parenthesized(x) => self.eval(x, row)?,
            _ => return Err(unsupported("this expression")),
        })
    }

    fn binary(&self, op: BinaryOperator, l: &Expr, r: &Expr, row: &Row) -> QResult<Value> {
        use BinaryOperator as B;
        if matches!(op, B::And | B::Or | B::Xor) {
            let a = truth(&self.eval(l, row)?)?;
            let b = truth(&self.eval(r, row)?)?;
            return Ok(boolean(match op {
                B::And => match (a, b) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                },
                B::Or => match (a, b) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
                _ => match (a, b) {
                    (Some(x), Some(y)) => Some(x != y),
                    _ => None,
                },
            }));
        }
        let cmp =
            |o: BinaryOperator| matches!(o, B::Less | B::LessEqual | B::Greater | B::GreaterEqual);
        if cmp(op) {
            // `1 < x < 3` is `1 < x AND x < 3`.
            if let ExprKind::Binary {
                right: mid,
                operator: inner,
                ..
            } = &l.kind
            {
                if cmp(inner.kind) {
                    let first = truth(&self.eval(l, row)?)?;
                    let m = self.eval(mid, row)?;
                    let b = self.eval(r, row)?;
                    let second = ordered(op, &m, &b);
                    return Ok(boolean(match (first, second) {
                        (Some(false), _) | (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    }));
                }
            }
        }
        let a = self.eval(l, row)?;
        let b = self.eval(r, row)?;
        if cmp(op) {
            return Ok(boolean(ordered(op, &a, &b)));
        }
        Ok(match op {
            B::Equal => boolean(equals(&a, &b)),
            B::NotEqual => boolean(equals(&a, &b).map(|x| !x)),
            B::Less => boolean(compare(&a, &b).map(|o| o.is_lt())),
            B::LessEqual => boolean(compare(&a, &b).map(|o| o.is_le())),
            B::Greater => boolean(compare(&a, &b).map(|o| o.is_gt())),
            B::GreaterEqual => boolean(compare(&a, &b).map(|o| o.is_ge())),
            B::In => match b {
                Value::Null => Value::Null,
                Value::List(xs) => {
                    let mut unknown = false;
                    for x in &xs {
                        match equals(&a, x) {
                            Some(true) => return Ok(Value::Bool(true)),
                            None => unknown = true,
                            Some(false) => {}
                        }
                    }
                    if unknown {
                        Value::Null
                    } else {
                        Value::Bool(false)
                    }
                }
                other => {
                    return Err(QueryError::type_error(format!(
                        "IN needs a list, got {}",
                        other.type_name()
                    )))
                }
            },
            B::StartsWith | B::EndsWith | B::Contains => match (a, b) {
                (Value::Str(x), Value::Str(y)) => Value::Bool(match op {
                    B::StartsWith => x.starts_with(&y),
                    B::EndsWith => x.ends_with(&y),
                    _ => x.contains(&y),
                }),
                _ => Value::Null,
            },
            B::RegexMatch => return Err(unsupported("regular expressions (=~)")),
            B::Add | B::Concat => add(a, b)?,
            B::Subtract | B::Multiply | B::Divide | B::Remainder | B::Power => arith(op, a, b)?,
            _ => return Err(unsupported("this operator")),
        })
    }

    /// `base.key`.
    pub fn property(&self, base: &Value, key: &str) -> QResult<Value> {
        Ok(match base {
            Value::Null => Value::Null,
            Value::Map(m) => m.get(key).cloned().unwrap_or(Value::Null),
            Value::Node(_) | Value::Rel(_) => self
                .properties(base)?
                .get(key)
                .cloned()
                .unwrap_or(Value::Null),
            other => {
                return Err(QueryError::type_error(format!(
                    "cannot read property `{key}` of {}",
                    other.type_name()
                )))
            }
        })
    }

    /// The properties of a node, relationship or map.
    pub fn properties(&self, v: &Value) -> QResult<BTreeMap<String, Value>> {
        match v {
            Value::Node(n) => self.g.node(*n).map(|d| d.props.clone()).ok_or_else(gone),
            Value::Rel(r) => self.g.rel(*r).map(|d| d.props.clone()).ok_or_else(gone),
            Value::Map(m) => Ok(m.clone()),
            other => Err(QueryError::type_error(format!(
                "expected a node, relationship or map, got {}",
                other.type_name()
            ))),
        }
    }

    fn index(&self, base: Value, k: Value) -> QResult<Value> {
        Ok(match (base, k) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (Value::List(xs), Value::Int(i)) => {
                let n = xs.len() as i64;
                let i = if i < 0 { n + i } else { i };
                if i < 0 || i >= n {
                    Value::Null
                } else {
                    xs.into_iter().nth(i as usize).unwrap_or(Value::Null)
                }
            }
            (b @ (Value::Map(_) | Value::Node(_) | Value::Rel(_)), Value::Str(s)) => {
                self.property(&b, &s)?
            }
            (b, k) => {
                return Err(QueryError::type_error(format!(
                    "cannot index {} with {}",
                    b.type_name(),
                    k.type_name()
                )))
            }
        })
    }
}

/// `a < b` (and `<=`, `>`, `>=`) with Cypher's nulls; NaN compares false.
fn ordered(op: BinaryOperator, a: &Value, b: &Value) -> Option<bool> {
    let nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    let num = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_));
    if (nan(a) && num(b)) || (nan(b) && num(a)) {
        return Some(false);
    }
    compare(a, b).map(|o| match op {
        BinaryOperator::Less => o.is_lt(),
        BinaryOperator::LessEqual => o.is_le(),
        BinaryOperator::Greater => o.is_gt(),
        _ => o.is_ge(),
    })
}

/// The error for using an entity that was deleted.
pub fn gone() -> QueryError {
    QueryError::new(
        ErrorKind::EntityNotFound,
        "DeletedEntityAccess",
        "the entity was deleted",
    )
}

/// The error for a feature the engine does not have.
pub fn unsupported(what: &str) -> QueryError {
    QueryError::semantic("UnsupportedFeature", format!("{what} is not supported"))
}

fn slice(base: Value, lo: Option<Value>, hi: Option<Value>) -> QResult<Value> {
    let xs = match base {
        Value::Null => return Ok(Value::Null),
        Value::List(xs) => xs,
        other => {
            return Err(QueryError::type_error(format!(
                "cannot slice {}",
                other.type_name()
            )))
        }
    };
    let n = xs.len() as i64;
    let bound = |v: Option<Value>, dflt: i64| -> QResult<Option<i64>> {
        match v {
            None => Ok(Some(dflt)),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(if i < 0 { (n + i).max(0) } else { i.min(n) })),
            Some(o) => Err(QueryError::type_error(format!(
                "a slice bound must be an integer, got {}",
                o.type_name()
            ))),
        }
    };
    let (Some(a), Some(b)) = (bound(lo, 0)?, bound(hi, n)?) else {
        return Ok(Value::Null);
    };
    if a >= b {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(xs[a as usize..b as usize].to_vec()))
}

fn add(a: Value, b: Value) -> QResult<Value> {
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::List(mut x), Value::List(y)) => {
            x.extend(y);
            Value::List(x)
        }
        (Value::List(mut x), y) => {
            x.push(y);
            Value::List(x)
        }
        (x, Value::List(y)) => {
            let mut v = vec![x];
            v.extend(y);
            Value::List(v)
        }
        (Value::Str(x), Value::Str(y)) => Value::Str(x + &y),
        (Value::Str(x), y @ (Value::Int(_) | Value::Float(_))) => {
            Value::Str(x + &func::to_string(&y).unwrap_or_default())
        }
        (x @ (Value::Int(_) | Value::Float(_)), Value::Str(y)) => {
            Value::Str(func::to_string(&x).unwrap_or_default() + &y)
        }
        (a, b) => arith(BinaryOperator::Add, a, b)?,
    })
}

fn arith(op: BinaryOperator, a: Value, b: Value) -> QResult<Value> {
    use BinaryOperator as B;
    let overflow = || QueryError::argument("IntegerOverflow", "integer overflow");
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::Int(x), Value::Int(y)) => match op {
            B::Add => Value::Int(x.checked_add(y).ok_or_else(overflow)?),
            B::Subtract => Value::Int(x.checked_sub(y).ok_or_else(overflow)?),
            B::Multiply => Value::Int(x.checked_mul(y).ok_or_else(overflow)?),
            B::Divide => {
                if y == 0 {
                    return Err(QueryError::argument("DivisionByZero", "division by zero"));
                }
                Value::Int(x.checked_div(y).ok_or_else(overflow)?)
            }
            B::Remainder => {
                if y == 0 {
                    return Err(QueryError::argument("DivisionByZero", "division by zero"));
                }
                Value::Int(x.checked_rem(y).ok_or_else(overflow)?)
            }
            _ => Value::Float((x as f64).powf(y as f64)),
        },
        (x @ (Value::Int(_) | Value::Float(_)), y @ (Value::Int(_) | Value::Float(_))) => {
            let f = |v: &Value| match v {
                Value::Int(i) => *i as f64,
                Value::Float(f) => *f,
                _ => f64::NAN,
            };
            let (x, y) = (f(&x), f(&y));
            Value::Float(match op {
                B::Add => x + y,
                B::Subtract => x - y,
                B::Multiply => x * y,
                B::Divide => x / y,
                B::Remainder => x % y,
                _ => x.powf(y),
            })
        }
        (x, y) => {
            return Err(QueryError::type_error(format!(
                "cannot combine {} and {} arithmetically",
                x.type_name(),
                y.type_name()
            )))
        }
    })
}
