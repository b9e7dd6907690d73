//! Lets `--as-of DATE` come before the command, as the global options do
//! (`egov --as-of 2010 show ge`): it is a flag of each read command, so it
//! is moved after the command's name before clap reads the arguments.

use std::ffi::OsString;

/// Global options that take a value (`--db PATH`), so that their value is
/// not taken for the command's name.
const GLOBAL_WITH_VALUE: &[&str] = &["--db", "--format", "--collection", "--context"];

/// `args` with every `--as-of DATE` (or `--as-of=DATE`) written before the
/// command's name moved to just after the command's own arguments (before a
/// `--`, if any). Anything else is left as it is, so clap reports what it
/// would have reported.
pub fn with_view_flags_after_command(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    let mut moved: Vec<OsString> = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let Some(a) = args[i].to_str().map(str::to_string) else {
            break;
        };
        if a == "--as-of" && i + 1 < args.len() {
            moved.extend(args.drain(i..i + 2));
            continue;
        }
        if a.starts_with("--as-of=") {
            moved.push(args.remove(i));
            continue;
        }
        if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            // The command's name: what follows is the command's.
            break;
        }
    }
    if moved.is_empty() {
        return args;
    }
    let at = args.iter().position(|a| a == "--").unwrap_or(args.len());
    args.splice(at..at, moved);
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let args: Vec<OsString> = s.split(' ').map(OsString::from).collect();
        with_view_flags_after_command(args)
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn as_of_before_the_command_moves_after_it() {
        assert_eq!(
            run("egov --as-of 2010 show ge"),
            "egov show ge --as-of 2010"
        );
        assert_eq!(
            run("egov --db x.egdb --as-of=2012 path kr uz --level all"),
            "egov --db x.egdb path kr uz --level all --as-of=2012"
        );
        assert_eq!(
            run("egov --format json --as-of 2010 query -- x"),
            "egov --format json query --as-of 2010 -- x"
        );
        // After the command, or absent: untouched.
        assert_eq!(
            run("egov show ge --as-of 2010"),
            "egov show ge --as-of 2010"
        );
        assert_eq!(run("egov --db show stats"), "egov --db show stats");
    }
}
