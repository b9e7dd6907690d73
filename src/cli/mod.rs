//! The command-line front end: turns parsed arguments into library calls
//! and prints the results. One file per command, each with one `run`.

mod add;
pub mod args;
pub mod brokerage;
mod communities;
mod export;
mod export_formats;
mod generate;
mod hubs;
mod import;
mod init;
mod map;
mod neighbors;
mod output;
mod path;
mod progress;
mod query;
mod render;
mod rm;
mod search;
mod set;
mod shell;
mod show;
mod spreaders;
mod stats;
mod timeline;
mod validate;
mod view;
mod warnings;
mod write;

use std::borrow::Cow;
use std::path::Path;
use std::process::ExitCode;

use egov_graph::model::{collection, Graph};
use egov_graph::reference::{self, Layer};
use egov_graph::{builtin, store, Error};

use args::{Cli, Command};
pub use output::Out;

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It answered.
    Found,
    /// It ran but found nothing (no path, no match, invalid data): exit 1.
    Nothing,
    /// The data names a region that does not exist (a near miss of a UN
    /// M49 name): exit 2, as a usage error.
    Refused,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Found => ExitCode::SUCCESS,
            Outcome::Nothing => ExitCode::from(1),
            Outcome::Refused => ExitCode::from(2),
        }
    }
}

/// Runs a command.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let mut out = Out::new(output::width(cli.wide));
    if !cli.collection.is_empty() && writes_or_builds(&cli.command) {
        return Err(Error::Invalid(
            "--collection restricts what read commands see; it does not apply to this command"
                .into(),
        ));
    }
    let outcome = match &cli.command {
        Command::Stats => stats::run(&load(&cli)?, cli.format, &mut out),
        Command::Show { node, level } => show::run(
            &load(&cli)?,
            layer(&cli)?.as_deref(),
            node,
            view::level_of(*level),
            cli.as_of.as_deref(),
            cli.format,
            &mut out,
        )?,
        Command::Search { text, limit } => {
            search::run(&load(&cli)?, text, *limit, cli.format, &mut out)
        }
        Command::Validate {
            paths,
            strict,
            default_kind,
            attributes,
            all_warnings,
        } => {
            let mut reading = validate::Reading::new(*strict, default_kind)?;
            (reading.attributes, reading.all_warnings) = (*attributes, *all_warnings);
            validate::run(
                paths,
                &reading,
                layer(&cli)?.as_deref(),
                cli.format,
                &mut out,
            )?
        }
        Command::Init {
            db,
            from,
            force,
            strict,
            default_kind,
            attributes,
            all_warnings,
        } => {
            let (db, from) = init::db_and_inputs(db.as_deref(), from)?;
            let mut reading = validate::Reading::new(*strict, default_kind)?;
            (reading.attributes, reading.all_warnings) = (*attributes, *all_warnings);
            init::run(
                &db,
                &from,
                *force,
                &reading,
                layer(&cli)?.as_deref(),
                cli.format,
                &mut out,
            )?
        }
        Command::Hubs(a) => hubs::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Brokerage(a) => brokerage::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Spreaders(a) => {
            spreaders::run(&with_peers(&cli, load(&cli)?)?, a, cli.format, &mut out)?
        }
        Command::Path(a) => path::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Communities(a) => communities::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Neighbors(a) => neighbors::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Timeline(a) => timeline::run(&load(&cli)?, a, cli.format, &mut out)?,
        Command::Add(a) => add::run(&cli, a, &mut out)?,
        Command::Rm(a) => rm::run(&cli, a, &mut out)?,
        Command::Set(a) => set::run(&cli, a, &mut out)?,
        Command::Import(a) => import::run(&cli, a, &mut out)?,
        Command::Export(a) if a.diagram.spreaders => {
            export::run(&with_peers(&cli, load(&cli)?)?, a, &mut out)?
        }
        Command::Export(a) => export::run(&load(&cli)?, a, &mut out)?,
        Command::Render(a) if a.diagram.spreaders => {
            render::run(&with_peers(&cli, load(&cli)?)?, a)?
        }
        Command::Render(a) => render::run(&load(&cli)?, a)?,
        Command::Query(a) => query::run(&cli, a, &mut out)?,
        Command::Shell(a) => shell::run(&cli, a)?,
        Command::Generate(a) => generate::run(a, cli.format, &mut out)?,
    };
    out.flush().map_err(|e| Error::io("<stdout>", e))?;
    Ok(outcome)
}

/// Whether a command writes or builds a database, or reads data files
/// instead of a graph: `--collection` does not apply to it (`add source`
/// takes it as the new source's collection).
fn writes_or_builds(command: &Command) -> bool {
    matches!(
        command,
        Command::Validate { .. }
            | Command::Init { .. }
            | Command::Add(args::AddWhat::Node(_) | args::AddWhat::Edge(_))
            | Command::Rm(_)
            | Command::Set(_)
            | Command::Import(_)
            | Command::Generate(_)
    )
}

/// The graph to read: `--db` (or `EGOV_DB`), else the built-in dataset;
/// restricted to `--collection` when it is given.
pub fn load(cli: &Cli) -> Result<Graph, Error> {
    let graph = match &cli.db {
        Some(path) => store::open(path)?,
        None => builtin::graph_with(layer(cli)?.as_deref())?,
    };
    if cli.collection.is_empty() {
        Ok(graph)
    } else {
        collection::restrict_graph(&graph, &cli.collection)
    }
}

/// `g` with the countries it lacks of each region it reaches (see
/// [`reference::peers`]), for the commands that measure reach into a
/// region; `g` itself under `--context none`.
fn with_peers(cli: &Cli, g: Graph) -> Result<Graph, Error> {
    let Some(layer) = layer(cli)? else {
        return Ok(g);
    };
    let extra = reference::peers(&layer, &g);
    if extra.nodes.is_empty() {
        return Ok(g);
    }
    let mut draft = store::Draft::new(&g, "<graph>");
    draft.merge(extra)?;
    Ok(draft.finish()?.graph)
}

/// The reference layer `--context` names: the built-in one, none, or the
/// tables in a folder laid out like graphs/reference/.
pub fn layer(cli: &Cli) -> Result<Option<Cow<'static, Layer>>, Error> {
    Ok(match cli.context.as_str() {
        "builtin" => Some(Cow::Borrowed(reference::builtin()?)),
        "none" => None,
        dir => Some(Cow::Owned(Layer::read_dir(Path::new(dir))?)),
    })
}

/// Prints an error as `egov: message` and gives its exit code: 1 for "no
/// such node" and invalid data, 2 for everything else.
pub fn report(e: &Error) -> ExitCode {
    let text = e.to_string();
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        eprintln!("egov: {first}");
    }
    for l in lines {
        eprintln!("  {l}");
    }
    match e {
        Error::Validation(d) if d.iter().any(reference::is_region_error) => ExitCode::from(2),
        Error::UnknownNode { .. } | Error::Validation(_) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}
