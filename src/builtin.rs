//! The curated Korea e-government dataset, compiled into the binary.
//!
//! `build.rs` lists `graphs/*.toml`; each file's text is embedded here and
//! read, validated and built into a [`Graph`] on demand, so every read
//! command works with no database on disk.

use crate::error::{Error, Result};
use crate::io::read_text;
use crate::model::{validate, Graph, Input};

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
}

/// The names and texts of the embedded data files.
pub fn files() -> &'static [(&'static str, &'static str)] {
    files::FILES
}

/// The embedded records, before validation.
pub fn input() -> Input {
    let mut input = Input::default();
    for (name, text) in files() {
        input.extend(read_text(name, text));
    }
    input
}

/// The built-in graph.
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// assert!(g.node_by_id("kz").is_some());
/// ```
pub fn graph() -> Result<Graph> {
    let checked = validate(input(), false);
    match checked.graph {
        Some(g) => Ok(g),
        None => Err(Error::Validation(checked.diagnostics)),
    }
}
