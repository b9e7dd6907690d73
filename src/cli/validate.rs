//! `egov validate [PATH…]`: every problem in the data files, as
//! `file:line:col: message`.

use std::path::PathBuf;

use egov_graph::model::{validate_parts, Checked, NodeKind};
use egov_graph::reference::{self, Layer};
use egov_graph::{io, Error};
use serde_json::json;

use super::args::Format;
use super::{Out, Outcome};

/// How data files are read and checked.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Warnings are errors.
    pub strict: bool,
    /// The kind of a node an edge list names that is not a country.
    pub default_kind: NodeKind,
    /// CSV columns that are not fields are attributes, without a warning.
    pub attributes: bool,
    /// Every diagnostic is printed, not a summary of each kind.
    pub all_warnings: bool,
}

impl Reading {
    /// From the flags.
    pub fn new(strict: bool, default_kind: &str) -> Result<Reading, Error> {
        Ok(Reading {
            strict,
            default_kind: default_kind
                .parse()
                .map_err(|e| Error::Invalid(format!("--default-kind: {e}")))?,
            attributes: false,
            all_warnings: false,
        })
    }
}

/// Checks the files; errors are exit 1.
pub fn run(
    paths: &[PathBuf],
    reading: &Reading,
    layer: Option<&Layer>,
    format: Format,
    out: &mut Out,
) -> Result<Outcome, Error> {
    let checked = check(paths, reading, layer)?;
    print(&checked, paths, reading, format, out);
    Ok(outcome(&checked))
}

/// Valid data is found; invalid data is exit 1, or exit 2 when it names a
/// region that does not exist (docs/cli.md, exit codes).
pub fn outcome(checked: &Checked) -> Outcome {
    if checked.graph.is_some() {
        Outcome::Found
    } else if checked
        .diagnostics
        .iter()
        .any(|d| reference::is_region_error(d) || (d.is_error() && io::csv::is_unknown_column(d)))
    {
        Outcome::Refused
    } else {
        Outcome::Nothing
    }
}

/// Reads and validates `paths`; what edge lists leave open is settled
/// first (`io::complete`), in one line on stderr.
pub fn check(
    paths: &[PathBuf],
    reading: &Reading,
    layer: Option<&Layer>,
) -> Result<Checked, Error> {
    let mut parts = io::read_parts(paths)?;
    if reading.attributes {
        for p in &mut parts {
            p.diagnostics.retain(|d| !io::csv::is_unknown_column(d));
        }
    }
    if paths_have_interchange(paths) {
        let done = io::complete::complete(
            &mut parts,
            reading.default_kind,
            &io::complete::Countries::builtin(),
            &std::collections::HashSet::new(),
        );
        if let Some(line) = done.summary() {
            eprintln!("{line}");
        }
    }
    if let Some(layer) = layer {
        reference::apply_parts(layer, &mut parts, reference::Options::default());
    }
    let checked = validate_parts(&parts, reading.strict);
    // The records read are not needed again, and this process ends soon:
    // freeing a million of them one by one would take longer than the
    // check (the system takes the memory back at exit).
    std::mem::forget(parts);
    Ok(checked)
}

/// Whether any of `paths` is (or holds) a CSV file, whose edges may name
/// nodes no table defines.
fn paths_have_interchange(paths: &[PathBuf]) -> bool {
    paths.iter().any(|p| {
        io::data_files(p).is_ok_and(|files| {
            files.iter().any(|f| {
                f.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            })
        })
    })
}

/// Prints the diagnostics and a summary line.
pub fn print(
    checked: &Checked,
    paths: &[PathBuf],
    reading: &Reading,
    format: Format,
    out: &mut Out,
) {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let (errors, warnings) = (checked.error_count(), checked.warning_count());
    let counts = checked
        .graph
        .as_ref()
        .map(|g| (g.node_count(), g.edge_count(), g.sources().len()));
    if format == Format::Json {
        let list = |want_error: bool| -> Vec<serde_json::Value> {
            checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error() == want_error)
                .map(|d| {
                    json!({
                        "file": d.loc.as_ref().map(|l| l.file.to_string()),
                        "line": d.loc.as_ref().map(|l| l.line),
                        "column": d.loc.as_ref().map(|l| l.col),
                        "message": d.message,
                    })
                })
                .collect()
        };
        out.json(&json!({
            "valid": checked.graph.is_some(),
            "errors": list(true),
            "warnings": list(false),
            "nodes": counts.map(|c| c.0),
            "edges": counts.map(|c| c.1),
            "sources": counts.map(|c| c.2),
        }));
        return;
    }
    for line in super::warnings::lines(&checked.diagnostics, reading.all_warnings) {
        out.line(line);
    }
    let plural = super::output::plural;
    let (errors, warnings) = (plural(errors, "error"), plural(warnings, "warning"));
    let summary = match counts {
        Some((n, e, s)) => format!(
            "{}: valid: {}; {warnings}",
            names.join(" "),
            super::output::counts(n, e, s)
        ),
        None => format!("{}: {errors}, {warnings}", names.join(" ")),
    };
    out.line(summary);
}
