//! `egov query`: openCypher statements over the graph, printed as a table
//! (relationships with their citations), JSON (an array of row objects
//! keyed by column) or CSV (one header of the column names).

use egov_graph::query::{self, cell, parse_param, Params, PropertyGraph, Table};
use egov_graph::Error;
use serde_json::{Map, Value as Json};

use super::args::{Cli, Format, QueryArgs};
use super::{load, Out, Outcome};

/// Runs the statements; exit 1 when the last one returned no rows.
pub fn run(cli: &Cli, a: &QueryArgs, out: &mut Out) -> Result<Outcome, Error> {
    let text = match (&a.query, &a.file) {
        (_, Some(f)) => std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?,
        (Some(q), None) => q.clone(),
        (None, None) => return Err(Error::Invalid("give a query, or -f FILE".into())),
    };
    if a.explain && cli.format != Format::Table {
        return Err(Error::Invalid(
            "--explain prints under the table; JSON and CSV already carry each relationship's citations in its properties".into(),
        ));
    }
    let mut params = Params::new();
    for p in &a.params {
        let (k, v) = parse_param(p).map_err(Error::Invalid)?;
        params.insert(k, v);
    }
    let mut g = if a.scratch {
        PropertyGraph::new()
    } else {
        PropertyGraph::from_graph(&load(cli)?)
    };
    let statements = query::split_statements(&text);
    let mut outcome = Outcome::Nothing;
    for (i, s) in statements.iter().enumerate() {
        // Where the statement starts in the text, to report file lines.
        let start = (s.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let t = query::run(&mut g, s, &params, a.scratch).map_err(|mut e| {
            e.offset = e.offset.map(|o| o + start);
            e.locate(&text)
        })?;
        if i > 0 && cli.format == Format::Table {
            out.line("");
        }
        print(&g, &t, cli.format, out);
        if a.explain {
            explain(&g, &t, out);
        }
        outcome = if t.rows.is_empty() && !t.columns.is_empty() {
            Outcome::Nothing
        } else {
            Outcome::Found
        };
    }
    Ok(outcome)
}

pub(super) fn print(g: &PropertyGraph, t: &Table, format: Format, out: &mut Out) {
    match format {
        Format::Json => out.json(&Json::Array(
            t.rows
                .iter()
                .map(|r| {
                    Json::Object(
                        t.columns
                            .iter()
                            .zip(r)
                            .map(|(c, v)| (c.clone(), query::to_json(v, g)))
                            .collect::<Map<_, _>>(),
                    )
                })
                .collect(),
        )),
        _ if t.columns.is_empty() => {}
        _ => {
            let header: Vec<&str> = t.columns.iter().map(String::as_str).collect();
            let rows = t
                .rows
                .iter()
                .map(|r| r.iter().map(|v| cell(v, g)).collect())
                .collect();
            out.table(format, &header, rows);
        }
    }
}

/// Each row's evidence under the table: `row N:` and the relationships it
/// holds with their citations (rows without relationships are left out).
fn explain(g: &PropertyGraph, t: &Table, out: &mut Out) {
    for (i, r) in t.rows.iter().enumerate() {
        let lines = query::evidence(r, g);
        if lines.is_empty() {
            continue;
        }
        out.line(format!("row {}:", i + 1));
        for l in lines {
            out.line_fit(format!("  {l}"));
        }
    }
}
