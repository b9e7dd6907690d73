//! The curated Korea e-government dataset, compiled into the binary.
//!
//! `build.rs` lists `graphs/*.toml`; each file's text is embedded here and
//! read, validated and built into a [`Graph`] on demand, so every read
//! command works with no database on disk.

use crate::error::{Error, Result};
use crate::io::read_text;
use crate::model::{validate_parts, Graph, Input};
use crate::reference::{self, Layer};

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

/// The built-in graph, with the built-in reference layer laid over it
/// (see [`crate::reference`]).
///
/// ```
/// let g = egov_graph::builtin::graph().unwrap();
/// assert!(g.node_by_id("kz").is_some());
/// ```
pub fn graph() -> Result<Graph> {
    graph_with(Some(reference::builtin()?))
}

/// The built-in graph with `layer` laid over it, or none.
pub fn graph_with(layer: Option<&Layer>) -> Result<Graph> {
    let mut parts = vec![input()];
    if let Some(layer) = layer {
        reference::apply_parts(layer, &mut parts, reference::Options::default());
    }
    let checked = validate_parts(&parts, false);
    match checked.graph {
        Some(g) => Ok(g),
        None => Err(Error::Validation(checked.diagnostics)),
    }
}
