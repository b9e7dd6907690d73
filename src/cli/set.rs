//! `egov set ID FIELD=VALUE…`: changes fields of a node or source.

use egov_graph::store::Target;
use egov_graph::Error;

use super::args::{Cli, SetArgs};
use super::{write, Out, Outcome};

/// Applies every `FIELD=VALUE` as one transaction.
pub fn run(cli: &Cli, a: &SetArgs, out: &mut Out) -> Result<Outcome, Error> {
    let mut fields = Vec::new();
    for f in &a.fields {
        let Some((k, v)) = f.split_once('=') else {
            return Err(Error::Invalid(format!(
                "'{f}' is not FIELD=VALUE (e.g. name=Kazakhstan; an empty value clears a field)"
            )));
        };
        fields.push((k.trim().to_string(), v.to_string()));
    }
    let target = if a.source {
        Target::Source
    } else {
        Target::Any
    };
    write::run(cli, &a.write, out, |d| d.set(&a.id, target, &fields))
}
