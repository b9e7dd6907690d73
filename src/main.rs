//! The `egov` command-line tool: parses arguments, runs the command, maps
//! the outcome to an exit code (0 success, 1 no result, 2 usage or data
//! error; a closed pipe exits 0 quietly).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut args = cli::args::Cli::parse();
    if let Err(msg) = args.as_of_to_view() {
        eprintln!("egov: {msg}");
        return ExitCode::from(2);
    }
    match cli::run(args) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => cli::report(&e),
    }
}
