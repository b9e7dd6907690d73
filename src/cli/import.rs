//! `egov import FILES…`: merges data files into the database as one
//! transaction (same id updates, a new id adds).

use std::path::PathBuf;
use std::sync::Arc;

use egov_graph::model::{Diagnostic, Input, Loc};
use egov_graph::{io, Error};

use super::args::{Cli, ImportArgs};
use super::{write, Out, Outcome};

/// Reads every file, then merges them all or nothing.
pub fn run(cli: &Cli, a: &ImportArgs, out: &mut Out) -> Result<Outcome, Error> {
    // Refuse to write the built-in dataset before reading anything.
    write::target(cli)?;
    let input = read(&a.files)?;
    write::run(cli, &a.write, out, |d| d.merge(input))
}

/// Reads the files one by one, so that a file holding no records at all
/// (empty, or only comments) is reported by name rather than ignored.
fn read(paths: &[PathBuf]) -> Result<Input, Error> {
    let mut input = Input::default();
    for path in paths {
        let files = io::data_files(path)?;
        if files.is_empty() {
            input.diagnostics.push(Diagnostic::error(
                Some(Loc::new(&Arc::from(path.display().to_string()), 0, 0)),
                "the folder holds no .toml, .csv, .json or .graphml files",
            ));
        }
        for file in files {
            let one = io::read_paths(std::slice::from_ref(&file))?;
            let empty = one.sources.is_empty() && one.nodes.is_empty() && one.edges.is_empty();
            if empty && one.diagnostics.is_empty() {
                input.diagnostics.push(Diagnostic::error(
                    Some(Loc::new(&Arc::from(file.display().to_string()), 0, 0)),
                    "the file holds no records ([[node]], [[edge]] or [[source]] tables, or CSV rows)",
                ));
            }
            input.extend(one);
        }
    }
    Ok(input)
}
