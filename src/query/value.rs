//! Cypher values and their three comparisons: equality with null
//! semantics (`=`), ordering comparison (`<`, which is null across types),
//! and the total order `ORDER BY` uses; plus the equivalence key that
//! `DISTINCT` and grouping use.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A node's place in a [`super::PropertyGraph`].
pub type NodeId = usize;
/// A relationship's place in a [`super::PropertyGraph`].
pub type RelId = usize;

/// A path: nodes, and the relationships between consecutive ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// `rels.len() + 1` nodes.
    pub nodes: Vec<NodeId>,
    /// The relationships walked.
    pub rels: Vec<RelId>,
}

/// A Cypher value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Value>),
    /// A map, keys in order.
    Map(BTreeMap<String, Value>),
    /// A node.
    Node(NodeId),
    /// A relationship.
    Rel(RelId),
    /// A path.
    Path(Path),
}

impl Value {
    /// The type's name as Cypher error messages use it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::Str(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Node(_) => "Node",
            Value::Rel(_) => "Relationship",
            Value::Path(_) => "Path",
        }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

/// `a = b` with Cypher's null semantics: `None` is null.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => Some(num_eq(a, b)),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.values().zip(y.values()) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        _ => Some(a == b),
    }
}

fn num_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            (*x as f64) == *y && (y.fract() == 0.0 && (*y as i64) == *x || y.abs() >= 9.0e15)
        }
        _ => a.as_f64() == b.as_f64(),
    }
}

/// `a < b` and friends: the ordering where one exists, `None` (null) across
/// types, with null, or with NaN.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            a.as_f64()?.partial_cmp(&b.as_f64()?)
        }
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    o => return Some(o),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ => None,
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) => 1,
        Value::Rel(_) => 2,
        Value::List(_) => 3,
        Value::Path(_) => 4,
        Value::Str(_) => 5,
        Value::Bool(_) => 6,
        Value::Int(_) | Value::Float(_) => 7,
        Value::Null => 9,
    }
}

/// The total order of `ORDER BY`: maps, nodes, relationships, lists, paths,
/// strings, booleans, numbers (NaN last among them), then null.
pub fn order(a: &Value, b: &Value) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(_) | Value::Float(_), _) => {
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            match (x.is_nan(), y.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            }
        }
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match order(p, q) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            kx.cmp(&ky).then_with(|| {
                for (p, q) in x.values().zip(y.values()) {
                    match order(p, q) {
                        Ordering::Equal => {}
                        o => return o,
                    }
                }
                Ordering::Equal
            })
        }
        (Value::Node(x), Value::Node(y)) | (Value::Rel(x), Value::Rel(y)) => x.cmp(y),
        (Value::Path(x), Value::Path(y)) => x.nodes.cmp(&y.nodes).then_with(|| x.rels.cmp(&y.rels)),
        _ => Ordering::Equal,
    }
}

/// The equivalence `DISTINCT` and grouping use: null equals null, 1 equals
/// 1.0; hashable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// null.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integral number.
    Int(i64),
    /// Any other float, by its bits (NaN normalised).
    Float(u64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Key>),
    /// A map.
    Map(Vec<(String, Key)>),
    /// A node.
    Node(NodeId),
    /// A relationship.
    Rel(RelId),
    /// A path.
    Path(Vec<NodeId>, Vec<RelId>),
}

/// The equivalence key of a value.
pub fn key(v: &Value) -> Key {
    match v {
        Value::Null => Key::Null,
        Value::Bool(b) => Key::Bool(*b),
        Value::Int(i) => Key::Int(*i),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Key::Int(*f as i64)
            } else if f.is_nan() {
                Key::Float(f64::NAN.to_bits())
            } else {
                Key::Float(f.to_bits())
            }
        }
        Value::Str(s) => Key::Str(s.clone()),
        Value::List(l) => Key::List(l.iter().map(key).collect()),
        Value::Map(m) => Key::Map(m.iter().map(|(k, v)| (k.clone(), key(v))).collect()),
        Value::Node(n) => Key::Node(*n),
        Value::Rel(r) => Key::Rel(*r),
        Value::Path(p) => Key::Path(p.nodes.clone(), p.rels.clone()),
    }
}

/// Formats a float as Cypher prints it: always with a decimal point.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        let s = format!("{f}");
        if s.contains('e') || s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_equality_is_unknown() {
        assert_eq!(equals(&Value::Null, &Value::Int(1)), None);
        assert_eq!(equals(&Value::Int(1), &Value::Float(1.0)), Some(true));
        let l = |v: Vec<Value>| Value::List(v);
        assert_eq!(
            equals(
                &l(vec![Value::Int(1), Value::Null]),
                &l(vec![Value::Int(2), Value::Null])
            ),
            Some(false)
        );
        assert_eq!(
            equals(
                &l(vec![Value::Int(1), Value::Null]),
                &l(vec![Value::Int(1), Value::Null])
            ),
            None
        );
    }

    #[test]
    fn order_puts_null_last_and_nan_after_numbers() {
        let mut v = [
            Value::Null,
            Value::Float(f64::NAN),
            Value::Int(2),
            Value::Str("a".into()),
        ];
        v.sort_by(order);
        assert_eq!(v[0], Value::Str("a".into()));
        assert_eq!(v[1], Value::Int(2));
        assert!(v[3].is_null());
        assert_eq!(key(&Value::Float(1.0)), key(&Value::Int(1)));
    }
}
