//! `egov rm ID`: removes a node or source, refusing to leave anything
//! dangling unless `--cascade`.

use egov_graph::store::Target;
use egov_graph::Error;

use super::args::{Cli, RmArgs};
use super::{write, Out, Outcome};

/// Removes the record (and, with `--cascade`, what depends on it).
pub fn run(cli: &Cli, a: &RmArgs, out: &mut Out) -> Result<Outcome, Error> {
    let target = if a.source {
        Target::Source
    } else {
        Target::Any
    };
    write::run(cli, &a.write, out, |d| d.remove(&a.id, target, a.cascade))
}
