//! `egov generate`: a synthetic world graph, written as a database file
//! and/or as CSV tables, for measuring egov at scale.

use egov_graph::generate::{self, Spec};
use egov_graph::model::Graph;
use egov_graph::{store, Error};
use serde_json::json;

use super::args::{Format, GenerateArgs};
use super::{progress, Out, Outcome};

/// Generates the graph and writes what was asked for.
pub fn run(a: &GenerateArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    if a.output.is_none() && a.csv.is_none() {
        return Err(Error::Invalid(
            "say where to write: -o FILE.egdb and/or --csv DIR".into(),
        ));
    }
    if let Some(db) = &a.output {
        if db.exists() && !a.force {
            return Err(Error::Invalid(format!(
                "{} already exists; pass --force to replace it",
                db.display()
            )));
        }
    }
    let defaults = Spec::with_edges(a.edges, a.seed);
    let spec = Spec {
        countries: a.countries,
        orgs: a.orgs.unwrap_or(defaults.orgs),
        people: a.people.unwrap_or(defaults.people),
        ..defaults
    };
    let bar = progress::bar(spec.edges as u64, "generating");
    let data = generate::generate(&spec, &mut |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    let (n, e, s) = (data.nodes.len(), data.edges.len(), data.sources.len());
    let mut wrote = Vec::new();
    if let Some(dir) = &a.csv {
        generate::write_csv(&data, dir)?;
        wrote.push(dir.display().to_string());
    }
    if let Some(db) = &a.output {
        let graph = Graph::compact_from_dataset(&data)?;
        store::save(db, &graph)?;
        wrote.push(db.display().to_string());
    }
    if format == Format::Json {
        out.json(&json!({"wrote": wrote, "nodes": n, "edges": e, "sources": s, "seed": spec.seed}));
    } else {
        out.line(format!(
            "wrote {}: {} (seed {})",
            wrote.join(" and "),
            super::output::counts(n, e, s),
            spec.seed
        ));
    }
    Ok(Outcome::Found)
}
