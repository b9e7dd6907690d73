//! `egov export csv|json|graphml|gexf|neo4j [-o PATH]`: the whole graph in
//! another tool's format. The writers are the library's (`io`); this file
//! only chooses where the text goes: stdout, a file, or (csv, neo4j) a
//! folder of files, each written atomically.

use std::path::Path;

use egov_graph::model::Graph;
use egov_graph::{io, store, Error};

use super::args::ExportFormat;
use super::{Out, Outcome};

/// Writes `g` in `format` to `out_path` (a file, or a folder for csv and
/// neo4j) or, for the one-file formats, to stdout.
pub fn run(
    g: &Graph,
    format: ExportFormat,
    out_path: Option<&Path>,
    out: &mut Out,
) -> Result<Outcome, Error> {
    let text = match format {
        ExportFormat::Dot | ExportFormat::Html => {
            return Err(Error::Invalid(format!(
                "{} is a diagram: it is written by `egov export`'s diagram writers",
                if format == ExportFormat::Dot {
                    "dot"
                } else {
                    "html"
                }
            )))
        }
        ExportFormat::Json => io::write_json(g),
        ExportFormat::Graphml => io::write_graphml(g)?,
        ExportFormat::Gexf => io::write_gexf(g)?,
        ExportFormat::Csv => {
            let t = io::write_csv(g)?;
            return write_folder(g, "csv", out_path, &t.files(), out);
        }
        ExportFormat::Neo4j => {
            let t = io::write_neo4j(g)?;
            return write_folder(g, "neo4j", out_path, &t.files(), out);
        }
    };
    match out_path {
        None => out.line(text.trim_end_matches('\n')),
        Some(p) => {
            store::write_atomic(p, text.as_bytes())?;
            out.line(summary(g, &p.display().to_string()));
        }
    }
    Ok(Outcome::Found)
}

fn summary(g: &Graph, what: &str) -> String {
    format!(
        "wrote {what}: {}",
        super::output::counts(g.node_count(), g.edge_count(), g.sources().len())
    )
}

fn write_folder(
    g: &Graph,
    name: &str,
    dir: Option<&Path>,
    files: &[(&str, &str)],
    out: &mut Out,
) -> Result<Outcome, Error> {
    let Some(dir) = dir else {
        return Err(Error::Invalid(format!(
            "the {name} export is several files; name a folder for them with -o, e.g. egov export {name} -o {name}-export/"
        )));
    };
    if dir.is_file() {
        return Err(Error::Invalid(format!(
            "{}: the {name} export needs a folder, and this is a file",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for (file, text) in files {
        let path = dir.join(file);
        store::write_atomic(&path, text.as_bytes())?;
        written.push(path.display().to_string());
    }
    out.line(summary(g, &written.join(", ")));
    Ok(Outcome::Found)
}
