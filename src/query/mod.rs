//! openCypher queries over the e-government graph.
//!
//! The text is parsed by the `open-cypher` crate (openCypher 2024.3 grammar,
//! spanned AST); everything after that is ours: the property graph
//! ([`PropertyGraph`], built from a [`crate::model::Graph`] or empty as a
//! scratch graph), expression evaluation with Cypher's null semantics
//! (`eval`, `func`), pattern matching (`pattern`) and clause execution
//! (`exec`). Errors are openCypher's kinds with a line and column
//! ([`QueryError`]). docs/query.md describes the mapping of the graph and
//! what is and is not supported.
//!
//! ```
//! use egov_graph::query::{run, PropertyGraph, Params};
//!
//! let mut g = PropertyGraph::new();
//! run(&mut g, "CREATE (:Country {id: 'kr'})-[:MOU]->(:Country {id: 'uz'})", &Params::new(), true)?;
//! let t = run(&mut g, "MATCH (a)-[:MOU]->(b) RETURN a.id AS a, b.id AS b", &Params::new(), false)?;
//! assert_eq!(t.columns, ["a", "b"]);
//! assert_eq!(t.rows.len(), 1);
//! # Ok::<(), egov_graph::query::QueryError>(())
//! ```

mod error;
mod eval;
mod exec;
mod func;
mod graph;
mod pattern;
mod render;
mod row;
mod schema;
mod semantic;
mod value;

use std::collections::{BTreeMap, HashSet};

use open_cypher::ast::{ClauseKind, QueryKind, SingleQueryKind, StatementKind, UnionOperator};

pub use error::{ErrorKind, QResult, QueryError};
pub use graph::{label_of, pascal, type_of, NodeData, PropertyGraph, RelData};
pub use render::{cell, evidence, from_json, literal, to_json};
pub use schema::schema;
pub use value::{compare, equals, format_float, key, order, Key, NodeId, Path, RelId, Value};

/// Query parameters by name (without the `$`).
pub type Params = BTreeMap<String, Value>;

/// A query's answer: named columns and rows of values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names, as written in RETURN (or their aliases).
    pub columns: Vec<String>,
    /// One value per column in each row.
    pub rows: Vec<Vec<Value>>,
}

/// Runs one statement. Writing clauses are refused unless `allow_writes`;
/// with it they change `g` (a scratch graph), and a failed statement may
/// leave part of its writes behind, so callers that need all-or-nothing run
/// on a copy.
pub fn run(
    g: &mut PropertyGraph,
    text: &str,
    params: &Params,
    allow_writes: bool,
) -> QResult<Table> {
    run_inner(g, text, params, allow_writes).map_err(|e| e.locate(text))
}

fn run_inner(
    g: &mut PropertyGraph,
    text: &str,
    params: &Params,
    allow_writes: bool,
) -> QResult<Table> {
    let parsed = open_cypher::parse(text).map_err(|errs| {
        let d = errs.diagnostics().first();
        QueryError::syntax(
            "InvalidSyntax",
            d.map_or_else(|| "invalid query".to_string(), |d| d.message.clone()),
        )
        .at(d.map_or(0, |d| d.primary_span.start))
    })?;
    let Some(stmt) = parsed.program.statements.first() else {
        return Ok(Table::default());
    };
    let StatementKind::Query(q) = &stmt.kind else {
        return Err(QueryError::syntax("InvalidSyntax", "not a query").at(stmt.span.start));
    };
    if q.mode.is_some() {
        return Err(eval::unsupported("EXPLAIN and PROFILE").at(stmt.span.start));
    }
    let QueryKind::Regular(rq) = &q.query.kind else {
        return Err(QueryError::syntax("InvalidSyntax", "not a query").at(q.query.span.start));
    };
    let mut singles: Vec<&SingleQueryKind> = vec![&rq.head.kind];
    singles.extend(rq.unions.iter().map(|u| &u.query.kind));
    if !allow_writes {
        for s in &singles {
            if let Some(c) = s.clauses.iter().find(|c| is_write(&c.kind)) {
                return Err(QueryError::semantic(
                    "WritesNotAllowed",
                    "this graph is read-only to queries: writing clauses run only on a scratch graph (--scratch); change a database with egov add, set and rm",
                )
                .at(c.span.start));
            }
        }
    }
    for s in &singles {
        semantic::check(s, text)?;
    }
    let mut all = false;
    let mut kinds = HashSet::new();
    for u in &rq.unions {
        kinds.insert(u.operator.kind == UnionOperator::All);
        all = u.operator.kind == UnionOperator::All;
    }
    if kinds.len() > 1 {
        return Err(QueryError::syntax(
            "InvalidClauseComposition",
            "UNION and UNION ALL cannot be mixed",
        )
        .at(rq.head.span.start));
    }
    let mut ex = exec::Exec {
        g,
        params,
        src: text,
        vars: Vec::new(),
    };
    let (columns, mut rows) = ex.single(singles[0])?;
    for (s, u) in singles.iter().skip(1).zip(&rq.unions) {
        let (cols, more) = ex.single(s)?;
        if cols != columns {
            return Err(QueryError::syntax(
                "DifferentColumnsInUnion",
                "every part of a UNION must return the same columns",
            )
            .at(u.operator.span.start));
        }
        rows.extend(more);
    }
    if !rq.unions.is_empty() && !all {
        let mut seen = HashSet::new();
        rows.retain(|r| seen.insert(r.iter().map(key).collect::<Vec<_>>()));
    }
    Ok(Table { columns, rows })
}

fn is_write(c: &ClauseKind) -> bool {
    matches!(
        c,
        ClauseKind::Create(_)
            | ClauseKind::Merge(_)
            | ClauseKind::Set(_)
            | ClauseKind::Delete(_)
            | ClauseKind::Remove(_)
            | ClauseKind::Insert(_)
            | ClauseKind::Foreach(_)
    )
}

/// Splits a script into statements at top-level semicolons (not inside
/// strings or comments), dropping empty ones.
pub fn split_statements(text: &str) -> Vec<&str> {
    let lexed = open_cypher::lex(text);
    let mut out = Vec::new();
    let mut start = 0;
    for t in &lexed.tokens {
        if t.kind == open_cypher::TokenKind::Semicolon {
            out.push(&text[start..t.span.start]);
            start = t.span.end;
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .filter(|s| {
            let l = open_cypher::lex(s);
            l.tokens.iter().any(|t| {
                !matches!(
                    t.kind,
                    open_cypher::TokenKind::Whitespace
                        | open_cypher::TokenKind::LineComment
                        | open_cypher::TokenKind::BlockComment
                )
            })
        })
        .collect()
}

/// A parameter's value from `name=value` text: JSON where it parses as JSON
/// (numbers, booleans, null, lists, maps, quoted strings), otherwise the
/// text as a string.
pub fn parse_param(s: &str) -> Result<(String, Value), String> {
    let (name, v) = s
        .split_once('=')
        .ok_or_else(|| format!("a parameter is written name=value, got '{s}'"))?;
    let name = name.trim().trim_start_matches('$').to_string();
    if name.is_empty() {
        return Err(format!("a parameter needs a name, got '{s}'"));
    }
    let value = match serde_json::from_str::<serde_json::Value>(v) {
        Ok(j) => render::from_json(&j),
        Err(_) => Value::Str(v.to_string()),
    };
    Ok((name, value))
}
