//! `egov init DB [--from PATH…]`: builds a database file from data files,
//! or from the built-in dataset.

use std::path::{Path, PathBuf};

use egov_graph::reference::Layer;
use egov_graph::{store, Error};
use serde_json::json;

use super::args::Format;
use super::{progress, validate, Out, Outcome};

/// The database to write and the inputs to read, from `egov init`'s
/// arguments: DB may come before `--from` or after it, where `--from`'s
/// list takes it; a last `--from` path ending in `.egdb` is the database.
pub fn db_and_inputs(
    db: Option<&Path>,
    from: &[PathBuf],
) -> Result<(PathBuf, Vec<PathBuf>), Error> {
    if let Some(db) = db {
        return Ok((db.to_path_buf(), from.to_vec()));
    }
    match from.split_last() {
        Some((last, rest))
            if last
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("egdb")) =>
        {
            Ok((last.clone(), rest.to_vec()))
        }
        _ => Err(Error::Invalid(
            "name the database file to write, e.g. 'egov init my.egdb --from nodes.csv edges.csv' (with no --from, the built-in dataset)".into(),
        )),
    }
}

/// Validates the inputs and, only if they are valid, writes the database;
/// with no inputs, writes the built-in dataset.
pub fn run(
    db: &Path,
    from: &[PathBuf],
    force: bool,
    reading: &validate::Reading,
    layer: Option<&Layer>,
    format: Format,
    out: &mut Out,
) -> Result<Outcome, Error> {
    if db.exists() && !force {
        return Err(Error::Invalid(format!(
            "{} already exists; pass --force to replace it (the old file stays until the new one is complete)",
            db.display()
        )));
    }
    let builtin;
    let checked;
    let graph = if from.is_empty() {
        builtin = egov_graph::builtin::graph()?;
        &builtin
    } else {
        let spinner = progress::spinner("reading and checking the input");
        let result = validate::check(from, reading, layer);
        spinner.finish_and_clear();
        checked = result?;
        let Some(graph) = &checked.graph else {
            validate::print(&checked, from, reading, format, out);
            out.line(format!("{} was not written", db.display()));
            return Ok(validate::outcome(&checked));
        };
        for line in super::warnings::lines(&checked.diagnostics, reading.all_warnings) {
            eprintln!("{line}");
        }
        graph
    };
    // Hold the writers' lock while replacing the file, so that an init
    // never races a write (see store::lock).
    let _lock = store::lock::acquire(db, store::Wait::Block, &mut |lock| {
        eprintln!(
            "egov: waiting for another egov to finish writing to {} (it holds {})",
            db.display(),
            lock.display()
        );
    })?;
    let spinner = progress::spinner(&format!("writing {}", db.display()));
    let saved = store::save(db, graph);
    spinner.finish_and_clear();
    saved?;
    let (n, e, s) = (
        graph.node_count(),
        graph.edge_count(),
        graph.sources().len(),
    );
    if format == Format::Json {
        out.json(
            &json!({"database": db.display().to_string(), "nodes": n, "edges": e, "sources": s}),
        );
    } else {
        out.line(format!(
            "wrote {}: {}",
            db.display(),
            super::output::counts(n, e, s)
        ));
    }
    Ok(Outcome::Found)
}
