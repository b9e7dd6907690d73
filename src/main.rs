//! The `egov` command-line tool: parses arguments, runs the command, maps
//! the outcome to an exit code (0 success, 1 no result, 2 usage or data
//! error; a closed pipe exits 0 quietly).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args =
        cli::args::Cli::parse_from(cli::argv::with_view_flags_after_command(std::env::args_os()));
    match cli::run(args) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => cli::report(&e),
    }
}
