//! One picture from every command: tables that fit the terminal, and the
//! same answer to the same question whichever command asks it.

use std::path::Path;
use std::process::Command;

use crate::util::root;

/// Splits a shell command line at spaces, keeping "double-quoted" words
/// whole (enough for the commands the docs show).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            '#' if !quoted && cur.is_empty() => break,
            _ => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The read-only `egov` commands on the built-in data that README.md and
/// docs/*.md show in their code blocks.
fn documented_commands() -> Vec<Vec<String>> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut cmds = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let line = line.trim();
            let line = line.strip_prefix("$ ").unwrap_or(line);
            if !in_code || !line.starts_with("egov ") {
                continue;
            }
            let w = words(line);
            let writes = [
                "add", "rm", "set", "import", "init", "generate", "render", "export",
            ];
            let skip = w.iter().any(|x| {
                ["--db", "-o", "--csv", ">", "|", ";", "--help"].contains(&x.as_str())
                    || x.ends_with(';')
            }) || w.get(1).is_some_and(|c| writes.contains(&c.as_str()))
                || w.windows(2).any(|p| p[0] == "--format" && p[1] != "table");
            if !skip {
                cmds.push(w[1..].to_vec());
            }
        }
    }
    cmds
}

fn run_with_columns(dir: &Path, args: &[String], columns: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(args)
        .current_dir(dir)
        .env_remove("EGOV_DB")
        .env("COLUMNS", columns)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_documented_table_fits_in_100_columns() {
    let cmds = documented_commands();
    assert!(cmds.len() >= 15, "too few commands found: {cmds:?}");
    let mut too_wide = Vec::new();
    for args in &cmds {
        let out = run_with_columns(&root(), args, "100");
        // `spreaders --explain` prints its quotes whole, under the table.
        let explain = args[0] == "spreaders" && args.iter().any(|a| a == "--explain");
        for l in out.lines().filter(|l| !explain || l.starts_with('|')) {
            let w = unicode_width::UnicodeWidthStr::width(l);
            if w > 100 {
                too_wide.push(format!("egov {} ({w}): {l}", args.join(" ")));
            }
        }
    }
    assert!(too_wide.is_empty(), "{}", too_wide.join("\n"));
}

#[test]
fn wide_prints_cells_whole_and_columns_sets_the_width() {
    let args: Vec<String> = ["timeline", "--since", "2016", "--wide"]
        .map(String::from)
        .to_vec();
    let wide = run_with_columns(&root(), &args, "100");
    let widest = wide
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    assert!(widest > 100, "--wide should print long quotes whole");
    let narrow = run_with_columns(&root(), &args[..3], "60");
    assert!(narrow
        .lines()
        .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60));
    assert!(narrow.contains('…'));
}
