//! Functions: the scalar ones (`size`, `labels`, `toInteger`, ...) and the
//! aggregates (`count`, `sum`, `avg`, `min`, `max`, `collect`, `stDev`,
//! `percentileCont`, ...), the latter computed over the rows of a group.

use std::collections::HashSet;

use open_cypher::ast::{ExprKind, FunctionInvocation, SetQuantifier};

use super::error::{QResult, QueryError};
use super::eval::{gone, Ctx, AGGREGATES};
use super::row::Row;
use super::value::{format_float, key, order, Value};

/// Calls a function.
pub fn call(ctx: &Ctx<'_>, f: &FunctionInvocation, row: &Row) -> QResult<Value> {
    let name: Vec<String> = f
        .name
        .parts
        .iter()
        .map(|p| p.kind.text.to_ascii_lowercase())
        .collect();
    let name = name.join(".");
    if AGGREGATES.contains(&name.as_str()) {
        return aggregate(ctx, &name, f, row);
    }
    let args = f
        .arguments
        .iter()
        .map(|a| ctx.eval(a, row))
        .collect::<QResult<Vec<_>>>()?;
    scalar(ctx, &name, args)
}

fn arity(name: &str, args: &[Value], n: usize) -> QResult<()> {
    if args.len() != n {
        return Err(QueryError::syntax(
            "InvalidNumberOfArguments",
            format!("{name}() takes {n} argument(s), got {}", args.len()),
        ));
    }
    Ok(())
}

fn bad(name: &str, v: &Value) -> QueryError {
    QueryError::type_error(format!("{name}() cannot take {}", v.type_name()))
}

/// Cypher's `toString` of a scalar.
pub fn to_string(v: &Value) -> Option<String> {
    Some(match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Str(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    })
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn scalar(ctx: &Ctx<'_>, name: &str, a: Vec<Value>) -> QResult<Value> {
    let first = a.first().cloned().unwrap_or(Value::Null);
    let math = |f: fn(f64) -> f64, a: &[Value]| -> QResult<Value> {
        arity(name, a, 1)?;
        match &a[0] {
            Value::Null => Ok(Value::Null),
            v => num(v)
                .map(|x| Value::Float(f(x)))
                .ok_or_else(|| bad(name, v)),
        }
    };
    Ok(match name {
        "id" => {
            arity(name, &a, 1)?;
            match first {
                Value::Node(n) | Value::Rel(n) => Value::Int(n as i64),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "labels" => {
            arity(name, &a, 1)?;
            match first {
                Value::Node(n) => Value::List(
                    ctx.g
                        .node(n)
                        .ok_or_else(gone)?
                        .labels
                        .iter()
                        .map(|l| Value::Str(l.clone()))
                        .collect(),
                ),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "type" => {
            arity(name, &a, 1)?;
            match first {
                Value::Rel(r) => Value::Str(ctx.g.rel(r).ok_or_else(gone)?.ty.clone()),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "keys" => {
            arity(name, &a, 1)?;
            match first {
                Value::Null => Value::Null,
                v @ (Value::Node(_) | Value::Rel(_) | Value::Map(_)) => {
                    let m = ctx.properties(&v)?;
                    Value::List(m.keys().map(|k| Value::Str(k.clone())).collect())
                }
                v => return Err(bad(name, &v)),
            }
        }
        "properties" => {
            arity(name, &a, 1)?;
            match first {
                Value::Null => Value::Null,
                v @ (Value::Node(_) | Value::Rel(_) | Value::Map(_)) => {
                    Value::Map(ctx.properties(&v)?)
                }
                v => return Err(bad(name, &v)),
            }
        }
        "startnode" | "endnode" => {
            arity(name, &a, 1)?;
            match first {
                Value::Rel(r) => {
                    let d = ctx.g.rel(r).ok_or_else(gone)?;
                    Value::Node(if name == "startnode" { d.start } else { d.end })
                }
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "size" => {
            arity(name, &a, 1)?;
            match first {
                Value::List(l) => Value::Int(l.len() as i64),
                Value::Str(s) => Value::Int(s.chars().count() as i64),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "length" => {
            arity(name, &a, 1)?;
            match first {
                Value::Path(p) => Value::Int(p.rels.len() as i64),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "nodes" | "relationships" => {
            arity(name, &a, 1)?;
            match first {
                Value::Path(p) => Value::List(if name == "nodes" {
                    p.nodes.into_iter().map(Value::Node).collect()
                } else {
                    p.rels.into_iter().map(Value::Rel).collect()
                }),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "head" | "last" => {
            arity(name, &a, 1)?;
            match first {
                Value::List(l) => {
                    let x = if name == "head" { l.first() } else { l.last() };
                    x.cloned().unwrap_or(Value::Null)
                }
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "tail" => {
            arity(name, &a, 1)?;
            match first {
                Value::List(l) => Value::List(l.into_iter().skip(1).collect()),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "reverse" => {
            arity(name, &a, 1)?;
            match first {
                Value::List(mut l) => {
                    l.reverse();
                    Value::List(l)
                }
                Value::Str(s) => Value::Str(s.chars().rev().collect()),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "range" => {
            if a.len() != 2 && a.len() != 3 {
                return Err(QueryError::syntax(
                    "InvalidNumberOfArguments",
                    "range() takes 2 or 3 arguments",
                ));
            }
            let int = |v: &Value| match v {
                Value::Int(i) => Ok(*i),
                v => Err(QueryError::argument(
                    "InvalidArgumentType",
                    format!("range() needs integers, got {}", v.type_name()),
                )),
            };
            let (lo, hi) = (int(&a[0])?, int(&a[1])?);
            let step = match a.get(2) {
                Some(s) => int(s)?,
                None => 1,
            };
            if step == 0 {
                return Err(QueryError::argument(
                    "NumberOutOfRange",
                    "range() step must not be 0",
                ));
            }
            let mut out = Vec::new();
            let mut i = lo;
            while (step > 0 && i <= hi) || (step < 0 && i >= hi) {
                out.push(Value::Int(i));
                if out.len() > 10_000_000 {
                    return Err(QueryError::argument(
                        "NumberOutOfRange",
                        "range() is too long",
                    ));
                }
                match i.checked_add(step) {
                    Some(n) => i = n,
                    None => break,
                }
            }
            Value::List(out)
        }
        "coalesce" => a.into_iter().find(|v| !v.is_null()).unwrap_or(Value::Null),
        "tostring" => {
            arity(name, &a, 1)?;
            match &first {
                Value::Null => Value::Null,
                v => Value::Str(to_string(v).ok_or_else(|| bad(name, v))?),
            }
        }
        "tointeger" => {
            arity(name, &a, 1)?;
            match first {
                Value::Int(i) => Value::Int(i),
                Value::Float(f) => {
                    if f.is_finite() {
                        Value::Int(f.trunc() as i64)
                    } else {
                        Value::Null
                    }
                }
                Value::Str(s) => match s.trim().parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => match s.trim().parse::<f64>() {
                        Ok(f) if f.is_finite() => Value::Int(f.trunc() as i64),
                        _ => Value::Null,
                    },
                },
                Value::Bool(b) => Value::Int(b as i64),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "tofloat" => {
            arity(name, &a, 1)?;
            match first {
                Value::Int(i) => Value::Float(i as f64),
                Value::Float(f) => Value::Float(f),
                Value::Str(s) => s.trim().parse::<f64>().map_or(Value::Null, Value::Float),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "toboolean" => {
            arity(name, &a, 1)?;
            match first {
                Value::Bool(b) => Value::Bool(b),
                Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::Null,
                },
                Value::Int(i) => Value::Bool(i != 0),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "abs" => {
            arity(name, &a, 1)?;
            match first {
                Value::Int(i) => {
                    Value::Int(i.checked_abs().ok_or_else(|| {
                        QueryError::argument("IntegerOverflow", "integer overflow")
                    })?)
                }
                Value::Float(f) => Value::Float(f.abs()),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "sign" => {
            arity(name, &a, 1)?;
            match first {
                Value::Int(i) => Value::Int(i.signum()),
                Value::Float(f) => Value::Int(if f > 0.0 {
                    1
                } else if f < 0.0 {
                    -1
                } else {
                    0
                }),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "ceil" => math(f64::ceil, &a)?,
        "floor" => math(f64::floor, &a)?,
        "round" => math(|x| (x + 0.5).floor(), &a)?,
        "sqrt" => math(f64::sqrt, &a)?,
        "exp" => math(f64::exp, &a)?,
        "log" => math(f64::ln, &a)?,
        "log10" => math(f64::log10, &a)?,
        "sin" => math(f64::sin, &a)?,
        "cos" => math(f64::cos, &a)?,
        "tan" => math(f64::tan, &a)?,
        "asin" => math(f64::asin, &a)?,
        "acos" => math(f64::acos, &a)?,
        "atan" => math(f64::atan, &a)?,
        "cot" => math(|x| 1.0 / x.tan(), &a)?,
        "degrees" => math(f64::to_degrees, &a)?,
        "radians" => math(f64::to_radians, &a)?,
        "atan2" => {
            arity(name, &a, 2)?;
            match (num(&a[0]), num(&a[1])) {
                (Some(y), Some(x)) => Value::Float(y.atan2(x)),
                _ => Value::Null,
            }
        }
        "pi" => Value::Float(std::f64::consts::PI),
        "e" => Value::Float(std::f64::consts::E),
        "rand" => Value::Float(0.5),
        "toupper" | "tolower" | "trim" | "ltrim" | "rtrim" => {
            arity(name, &a, 1)?;
            match first {
                Value::Str(s) => Value::Str(match name {
                    "toupper" => s.to_uppercase(),
                    "tolower" => s.to_lowercase(),
                    "trim" => s.trim().to_string(),
                    "ltrim" => s.trim_start().to_string(),
                    _ => s.trim_end().to_string(),
                }),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        "replace" => {
            arity(name, &a, 3)?;
            match (&a[0], &a[1], &a[2]) {
                (Value::Str(s), Value::Str(f), Value::Str(t)) => {
                    Value::Str(s.replace(f.as_str(), t))
                }
                _ if a.iter().any(Value::is_null) => Value::Null,
                _ => return Err(bad(name, &a[0])),
            }
        }
        "split" => {
            arity(name, &a, 2)?;
            match (&a[0], &a[1]) {
                (Value::Str(s), Value::Str(d)) => Value::List(
                    s.split(d.as_str())
                        .map(|x| Value::Str(x.to_string()))
                        .collect(),
                ),
                _ if a.iter().any(Value::is_null) => Value::Null,
                _ => return Err(bad(name, &a[0])),
            }
        }
        "substring" | "left" | "right" => {
            let s = match &first {
                Value::Str(s) => s.chars().collect::<Vec<char>>(),
                Value::Null => return Ok(Value::Null),
                v => return Err(bad(name, v)),
            };
            let int = |v: Option<&Value>| -> QResult<Option<i64>> {
                match v {
                    None => Ok(None),
                    Some(Value::Int(i)) if *i >= 0 => Ok(Some(*i)),
                    Some(Value::Int(_)) => Err(QueryError::argument(
                        "NegativeIntegerArgument",
                        format!("{name}() needs non-negative numbers"),
                    )),
                    Some(Value::Null) => Ok(None),
                    Some(v) => Err(bad(name, v)),
                }
            };
            let n = s.len();
            let (from, len) = match name {
                "substring" => (
                    int(a.get(1))?.unwrap_or(0) as usize,
                    int(a.get(2))?.map(|l| l as usize),
                ),
                "left" => (0, Some(int(a.get(1))?.unwrap_or(0) as usize)),
                _ => {
                    let l = int(a.get(1))?.unwrap_or(0) as usize;
                    (n.saturating_sub(l), Some(l))
                }
            };
            let from = from.min(n);
            let to = len.map_or(n, |l| from.saturating_add(l).min(n));
            Value::Str(s[from..to].iter().collect())
        }
        "exists" => {
            arity(name, &a, 1)?;
            Value::Bool(!first.is_null())
        }
        "isempty" => {
            arity(name, &a, 1)?;
            match first {
                Value::List(l) => Value::Bool(l.is_empty()),
                Value::Str(s) => Value::Bool(s.is_empty()),
                Value::Map(m) => Value::Bool(m.is_empty()),
                Value::Null => Value::Null,
                v => return Err(bad(name, &v)),
            }
        }
        _ => {
            return Err(QueryError::syntax(
                "UnknownFunction",
                format!("unknown function {name}()"),
            ))
        }
    })
}

fn aggregate(ctx: &Ctx<'_>, name: &str, f: &FunctionInvocation, row: &Row) -> QResult<Value> {
    let Some(rows) = ctx.agg else {
        return Err(QueryError::syntax(
            "InvalidAggregation",
            format!("{name}() is an aggregate and cannot be used here"),
        ));
    };
    let _ = row;
    let inner = Ctx {
        g: ctx.g,
        params: ctx.params,
        agg: None,
    };
    let star = f.arguments.is_empty()
        || matches!(
            f.arguments.first().map(|a| &a.kind),
            Some(ExprKind::Wildcard)
        );
    if name == "count" && star {
        return Ok(Value::Int(rows.len() as i64));
    }
    let Some(arg) = f.arguments.first() else {
        return Err(QueryError::syntax(
            "InvalidNumberOfArguments",
            format!("{name}() needs an argument"),
        ));
    };
    let distinct = matches!(
        f.quantifier.as_ref().map(|q| q.kind),
        Some(SetQuantifier::Distinct)
    );
    let mut vals = Vec::new();
    let mut seen = HashSet::new();
    for r in rows {
        let v = inner.eval(arg, r)?;
        if v.is_null() {
            continue;
        }
        if distinct && !seen.insert(key(&v)) {
            continue;
        }
        vals.push(v);
    }
    Ok(match name {
        "count" => Value::Int(vals.len() as i64),
        "collect" => Value::List(vals),
        "min" => vals.into_iter().min_by(min_order).unwrap_or(Value::Null),
        "max" => vals.into_iter().max_by(min_order).unwrap_or(Value::Null),
        "sum" => {
            let mut int: Option<i64> = Some(0);
            let mut fl = 0.0;
            let mut any_float = false;
            for v in &vals {
                match v {
                    Value::Int(i) => {
                        int = int.and_then(|s| s.checked_add(*i));
                        fl += *i as f64;
                    }
                    Value::Float(x) => {
                        any_float = true;
                        fl += x;
                    }
                    v => return Err(bad(name, v)),
                }
            }
            if any_float {
                Value::Float(fl)
            } else {
                Value::Int(
                    int.ok_or_else(|| QueryError::argument("IntegerOverflow", "integer overflow"))?,
                )
            }
        }
        "avg" | "stdev" | "stdevp" => {
            let xs = vals
                .iter()
                .map(|v| num(v).ok_or_else(|| bad(name, v)))
                .collect::<QResult<Vec<f64>>>()?;
            if xs.is_empty() {
                return Ok(if name == "avg" {
                    Value::Null
                } else {
                    Value::Float(0.0)
                });
            }
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            if name == "avg" {
                Value::Float(mean)
            } else {
                let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
                let d = if name == "stdev" { n - 1.0 } else { n };
                Value::Float(if d <= 0.0 { 0.0 } else { (ss / d).sqrt() })
            }
        }
        _ => {
            let p = match f
                .arguments
                .get(1)
                .map(|e| inner.eval(e, rows.first().unwrap_or(row)))
            {
                Some(Ok(v)) => num(&v).ok_or_else(|| bad(name, &v))?,
                Some(Err(e)) => return Err(e),
                None => {
                    return Err(QueryError::syntax(
                        "InvalidNumberOfArguments",
                        format!("{name}() needs a percentile"),
                    ))
                }
            };
            if !(0.0..=1.0).contains(&p) {
                return Err(QueryError::argument(
                    "NumberOutOfRange",
                    "a percentile must be between 0 and 1",
                ));
            }
            let mut xs = vals
                .iter()
                .map(|v| num(v).ok_or_else(|| bad(name, v)))
                .collect::<QResult<Vec<f64>>>()?;
            if xs.is_empty() {
                return Ok(Value::Null);
            }
            xs.sort_by(|a, b| a.total_cmp(b));
            if name == "percentiledisc" {
                let idx = ((p * xs.len() as f64).ceil() as usize)
                    .saturating_sub(1)
                    .min(xs.len() - 1);
                let v = &vals_sorted(&vals)[idx];
                v.clone()
            } else {
                let pos = p * (xs.len() - 1) as f64;
                let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                Value::Float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64))
            }
        }
    })
}

fn vals_sorted(v: &[Value]) -> Vec<Value> {
    let mut v = v.to_vec();
    v.sort_by(order);
    v
}

/// min/max order: like ORDER BY, but numbers beat strings for max? Cypher
/// orders mixed values by the ORDER BY order.
fn min_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    order(a, b)
}
