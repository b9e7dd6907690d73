//! What every write command shares: the database it writes (`--db`, never
//! the built-in dataset), the transaction around the edit, and how the
//! change set is printed.

use std::path::Path;

use egov_graph::model::{Diagnostic, Loc, NodeKind};
use egov_graph::reference::{self, RegionCheck};
use egov_graph::store::{self, Change, Draft, Record, Wait};
use egov_graph::Error;
use serde_json::json;

use super::args::{Cli, Format, WriteArgs};
use super::{Out, Outcome};

/// The most changes listed one per line after a real (not dry) run; beyond
/// it only the counts are printed.
const LIST_AT_MOST: usize = 20;

/// The place given to records typed on the command line.
pub fn command_line() -> Loc {
    Loc::new(&std::sync::Arc::from("(command line)"), 0, 0)
}

/// The database to write: `--db` or `EGOV_DB`; the built-in dataset is
/// read-only.
pub fn target(cli: &Cli) -> Result<&Path, Error> {
    cli.db.as_deref().ok_or_else(|| {
        Error::Invalid(
            "writing needs a database file: pass --db PATH or set EGOV_DB (the built-in dataset cannot be changed); create one with 'egov init my.egdb --from graphs/'".into(),
        )
    })
}

/// Runs `edit` on the database as one transaction: lock, open (checksum
/// verified), edit, validate, save atomically; prints the change set.
pub fn run(
    cli: &Cli,
    flags: &WriteArgs,
    out: &mut Out,
    edit: impl FnOnce(&mut Draft) -> Result<(), Error>,
) -> Result<Outcome, Error> {
    let db = target(cli)?;
    let wait = if flags.no_wait {
        Wait::NoWait
    } else {
        Wait::Block
    };
    let tx = store::begin(db, wait, &mut |lock| {
        eprintln!(
            "egov: waiting for another egov to finish writing to {} (it holds {})",
            db.display(),
            lock.display()
        );
    })?;
    let name = db.display().to_string();
    let mut draft = Draft::new(tx.graph(), &name);
    let done = edit(&mut draft)
        .and_then(|()| draft.finish())
        .and_then(|done| {
            check_regions(cli, &done.changes)?;
            Ok(done)
        })
        .map_err(|e| refused(&name, e))?;
    print_warnings(&done.warnings);
    let written = !flags.dry_run && !done.changes.is_empty();
    if written {
        tx.commit(&done.graph)?;
    } else {
        drop(tx);
    }
    print(
        cli.format,
        &name,
        &done.changes,
        done.unchanged,
        flags.dry_run,
        out,
    );
    Ok(Outcome::Found)
}

/// Puts a header in front of validation errors saying nothing was written.
/// Refuses a country node added or changed with a region close to a UN
/// M49 name ("Western asia"), as `init` does (exit 2, with the name meant).
fn check_regions(cli: &Cli, changes: &[Change]) -> Result<(), Error> {
    let Some(layer) = super::layer(cli)? else {
        return Ok(());
    };
    let mut errors = Vec::new();
    for c in changes {
        let node = match c {
            Change::Add(Record::Node(n)) => n,
            Change::Update { after, .. } => match after.as_ref() {
                Record::Node(n) => n,
                _ => continue,
            },
            _ => continue,
        };
        let Some(r) = node
            .region
            .as_deref()
            .filter(|_| node.kind == NodeKind::Country)
        else {
            continue;
        };
        if let RegionCheck::NearMiss(m) = layer.check_region(r) {
            errors.push(Diagnostic::error(
                Some(command_line()),
                reference::region_error(&node.id, r, m),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

fn refused(db: &str, e: Error) -> Error {
    match e {
        Error::Validation(mut diags) if diags.first().is_some_and(|d| d.loc.is_some()) => {
            let n = diags.len();
            diags.insert(
                0,
                Diagnostic::error(
                    None,
                    format!(
                        "{db} was not changed because of {n} error{}:",
                        if n == 1 { "" } else { "s" }
                    ),
                ),
            );
            Error::Validation(diags)
        }
        Error::Validation(mut diags) => {
            if let Some(first) = diags.first_mut() {
                first.message = format!("{db} was not changed: {}", first.message);
            }
            Error::Validation(diags)
        }
        Error::Invalid(m) => Error::Invalid(format!("{db} was not changed: {m}")),
        other => other,
    }
}

/// Warnings summarised by kind (see `super::warnings`).
fn print_warnings(warnings: &[Diagnostic]) {
    for line in super::warnings::lines(warnings, false) {
        eprintln!("{line}");
    }
}

fn counts(changes: &[Change]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for c in changes {
        let key = format!("{} {}", c.op(), c.record().what());
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => out.push((key, 1)),
        }
    }
    out
}

fn summary(changes: &[Change], unchanged: usize) -> String {
    let mut parts: Vec<String> = counts(changes)
        .into_iter()
        .map(|(k, n)| {
            let (op, what) = k.split_once(' ').unwrap_or((&k, ""));
            let verb = match op {
                "add" => "added",
                "update" => "updated",
                _ => "removed",
            };
            format!("{verb} {n} {what}{}", if n == 1 { "" } else { "s" })
        })
        .collect();
    if unchanged > 0 {
        parts.push(format!("{unchanged} unchanged"));
    }
    parts.join(", ")
}

fn print(
    format: Format,
    db: &str,
    changes: &[Change],
    unchanged: usize,
    dry_run: bool,
    out: &mut Out,
) {
    let written = !dry_run && !changes.is_empty();
    if format == Format::Json {
        let list: Vec<serde_json::Value> = changes
            .iter()
            .map(|c| {
                let r = c.record();
                let mut v = json!({"op": c.op(), "record": r.what(), "name": r.name()});
                if let Change::Update { .. } = c {
                    v["diff"] = c
                        .diff()
                        .into_iter()
                        .map(|(f, b, a)| json!({"field": f, "before": b, "after": a}))
                        .collect();
                } else {
                    v["fields"] = r
                        .fields()
                        .into_iter()
                        .map(|(f, x)| (f.to_string(), json!(x)))
                        .collect::<serde_json::Map<_, _>>()
                        .into();
                }
                v
            })
            .collect();
        out.json(&json!({
            "database": db,
            "dry_run": dry_run,
            "written": written,
            "changes": list,
            "unchanged": unchanged,
        }));
        return;
    }
    if changes.is_empty() {
        out.line(format!(
            "nothing to change: {db} is as it was{}",
            if unchanged > 0 {
                format!(" ({unchanged} records already stored as given)")
            } else {
                String::new()
            }
        ));
        return;
    }
    if dry_run || changes.len() <= LIST_AT_MOST {
        for c in changes {
            out.line(c.to_string());
        }
    }
    let s = summary(changes, unchanged);
    if dry_run {
        out.line(format!("dry run: {db} was not changed; it would be: {s}"));
    } else {
        out.line(format!("wrote {db}: {s}"));
    }
}
