//! `egov init DB --from PATH…`: builds a database file from data files.

use std::path::{Path, PathBuf};

use egov_graph::{store, Error};
use serde_json::json;

use super::args::Format;
use super::{progress, validate, Out, Outcome};

/// Validates the inputs and, only if they are valid, writes the database.
pub fn run(
    db: &Path,
    from: &[PathBuf],
    force: bool,
    strict: bool,
    format: Format,
    out: &mut Out,
) -> Result<Outcome, Error> {
    if db.exists() && !force {
        return Err(Error::Invalid(format!(
            "{} already exists; pass --force to replace it (the old file stays until the new one is complete)",
            db.display()
        )));
    }
    let spinner = progress::spinner("reading and checking the input");
    let checked = validate::check(from, strict);
    spinner.finish_and_clear();
    let checked = checked?;
    let Some(graph) = &checked.graph else {
        validate::print(&checked, from, format, out);
        out.line(format!("{} was not written", db.display()));
        return Ok(Outcome::Nothing);
    };
    for d in &checked.diagnostics {
        eprintln!("{d}");
    }
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
            "wrote {}: {n} nodes, {e} edges, {s} sources",
            db.display()
        ));
    }
    Ok(Outcome::Found)
}
