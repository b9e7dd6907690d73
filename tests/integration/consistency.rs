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

/// The graph nodes a DOT file draws, by id (from each node's tooltip,
/// `Name (id, kind)`).
fn dot_nodes(dot: &str) -> std::collections::BTreeSet<String> {
    dot.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('n') && l.contains(" [") && !l.contains(" -> "))
        .filter_map(|l| {
            let tip = l.split_once("tooltip=\"")?.1.split_once('"')?.0;
            let inner = tip.rsplit_once(" (")?.1;
            Some(inner.split_once(", ")?.0.to_string())
        })
        .collect()
}

/// The graph nodes a Graphviz SVG draws, by id (each node's link title).
fn svg_nodes(svg: &str) -> std::collections::BTreeSet<String> {
    svg.split("class=\"node\"")
        .skip(1)
        .filter_map(|part| {
            let tip = part.split_once("xlink:title=\"")?.1.split_once('"')?.0;
            let inner = tip.rsplit_once(" (")?.1;
            Some(inner.split_once(", ")?.0.replace("&#45;", "-"))
        })
        .collect()
}

/// `neighbors`' node set (the centre included) for `args`.
fn neighbors_nodes(dir: &Path, args: &[&str]) -> std::collections::BTreeSet<String> {
    let mut a = vec!["neighbors"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "json"]);
    let r = crate::util::egov_in(dir, &a);
    r.expect_code(0);
    r.json()["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

/// Asks one question — who are NODE's partners at LEVEL — of show,
/// neighbors, path, export dot and render, and asserts one answer.
fn same_answer(dir: &Path, db: &[&str], node: &str, level: &str) {
    let with =
        |rest: &[&str]| -> Vec<String> { db.iter().chain(rest).map(|s| s.to_string()).collect() };
    let run = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = crate::util::egov_in(dir, &a);
        r.expect_code(0);
        r
    };
    let lv = ["--level", level];
    let mut ego_args: Vec<&str> = db.to_vec();
    ego_args.push(node);
    ego_args.extend_from_slice(&lv);
    let ego = neighbors_nodes(dir, &ego_args);
    assert!(ego.len() > 1, "{node} at {level}: no partners");

    // export dot and render draw the same nodes, with the same defaults.
    let dot = run(with(&["export", "dot", "--ego", node, "--level", level])).stdout;
    assert_eq!(
        dot_nodes(&dot),
        ego,
        "export dot --ego {node} --level {level}"
    );
    if level == "country" {
        let default_dot = run(with(&["export", "dot", "--ego", node])).stdout;
        assert_eq!(dot_nodes(&default_dot), ego, "export dot's default level");
    }
    let graphviz = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !graphviz {
        crate::util::skip("graphviz not available (no `dot` on the PATH)");
    } else {
        // A scratch folder, so a run on the built-in data writes nothing in the repository.
        let scratch = crate::util::tempdir();
        let svg = scratch.path().join(format!("ego-{level}.svg"));
        let svg_s = svg.to_string_lossy().to_string();
        run(with(&[
            "render", "--ego", node, "--level", level, "-o", &svg_s,
        ]));
        let text = std::fs::read_to_string(&svg).unwrap();
        assert_eq!(svg_nodes(&text), ego, "render --ego {node} --level {level}");
    }

    // path: one hop to each partner, two to a node at distance 2.
    let centre = run(with(&["show", node, "--level", level, "--format", "json"])).json()["node"]
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    for p in ego.iter().filter(|p| **p != centre) {
        let r = run(with(&[
            "path", node, p, "--level", level, "--format", "json",
        ]));
        let nodes = r.json()["paths"][0]["nodes"].as_array().unwrap().len();
        assert_eq!(nodes, 2, "path {node} {p} --level {level}: {}", r.stdout);
    }

    // show: the partners of every tie it lists are neighbors' partners
    // under the same filter (show keeps every kind and planned ties).
    let mut all_kinds = ego_args.clone();
    let kinds = "mou,loi,forum,seminar,conference,project,export,visit,hub_designation,borders,member_of,part_of,affiliation,signed,attended";
    all_kinds.extend_from_slice(&["--kinds", kinds, "--include-planned"]);
    let wide = neighbors_nodes(dir, &all_kinds);
    let shown = run(with(&["show", node, "--level", level, "--format", "json"])).json();
    let mut partners: std::collections::BTreeSet<String> = shown["edges"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|l| l.as_array().unwrap().clone())
        .map(|e| e["with"].as_str().unwrap().to_string())
        .collect();
    partners.insert(centre.clone());
    assert_eq!(partners, wide, "show {node} --level {level}");
}

#[test]
fn show_neighbors_path_export_and_render_agree_on_the_builtin_data() {
    for level in ["country", "org", "all"] {
        same_answer(&root(), &[], "kr", level);
    }
    same_answer(&root(), &[], "kz", "country");
}

/// A country acting through a ministry and a person: at the country level
/// every command counts their ties as the country's.
const BODIES: &str = r#"
[[source]]
id = "s"
title = "A made-up article"

[[node]]
id = "aa"
kind = "country"
name = "Aland"
region = "Eastern Asia"

[[node]]
id = "bb"
kind = "country"
name = "Boland"
region = "Central Asia"

[[node]]
id = "cc"
kind = "country"
name = "Coland"
region = "Eastern Europe"

[[node]]
id = "aa-min"
kind = "ministry"
name = "Aland Ministry"
country = "aa"

[[node]]
id = "bb-min"
kind = "ministry"
name = "Boland Ministry"
country = "bb"

[[node]]
id = "pat"
kind = "person"
name = "Pat Doe"
country = "aa"

[[edge]]
from = "aa-min"
to = "bb-min"
kind = "mou"
date = "2016-03-01"
cite = [{ source = "s", quote = "signed" }]

[[edge]]
from = "pat"
to = "cc"
kind = "visit"
date = "2017"
cite = [{ source = "s", quote = "visited" }]

[[edge]]
from = "pat"
to = "aa-min"
kind = "affiliation"
role = "minister"
cite = [{ source = "s", quote = "minister" }]

[[edge]]
from = "aa-min"
to = "aa"
kind = "part_of"
cite = [{ source = "s", quote = "ministry of" }]

[[edge]]
from = "bb-min"
to = "bb"
kind = "part_of"
cite = [{ source = "s", quote = "ministry of" }]
"#;

#[test]
fn show_neighbors_path_export_and_render_agree_on_own_data() {
    let dir = crate::util::tempdir();
    crate::util::write(dir.path(), "g.toml", BODIES);
    crate::util::egov_in(
        dir.path(),
        &["--context", "none", "init", "g.egdb", "--from", "g.toml"],
    )
    .expect_code(0);
    let db = ["--db", "g.egdb"];
    for level in ["country", "org", "all"] {
        same_answer(dir.path(), &db, "aa", level);
    }
    // At the country level Aland's MOU and its minister's visit are Aland's,
    // each naming the body that acted.
    let r = crate::util::egov_in(
        dir.path(),
        &["--db", "g.egdb", "show", "aa", "--format", "json"],
    );
    let j = r.json();
    assert_eq!(j["edges"]["mou"][0]["with"], "bb");
    assert_eq!(j["edges"]["mou"][0]["via"], "aa-min");
    assert_eq!(j["edges"]["mou"][0]["counterpart"], "bb-min");
    assert_eq!(j["edges"]["visit"][0]["via"], "pat");
    let table = crate::util::egov_in(dir.path(), &["--db", "g.egdb", "show", "aa"]).stdout;
    assert!(
        table.contains("via Aland Ministry (aa-min); counterpart bb-min"),
        "{table}"
    );
    // At the all level Aland has no tie of its own but its ministry's part_of.
    let r = crate::util::egov_in(
        dir.path(),
        &[
            "--db", "g.egdb", "show", "aa", "--level", "all", "--format", "json",
        ],
    );
    let j = r.json();
    let kinds: Vec<&String> = j["edges"].as_object().unwrap().keys().collect();
    assert_eq!(kinds, ["part_of"]);
}

#[test]
fn show_of_the_busiest_node_fits_in_100_columns_at_every_level() {
    // Korea's page rolls up its ministries' ties, with Korean quotes
    // (two columns per character).
    for level in ["country", "org", "all"] {
        let args: Vec<String> = ["show", "kr", "--level", level].map(String::from).to_vec();
        let out = run_with_columns(&root(), &args, "100");
        assert!(out.lines().count() > 20, "{out}");
        for l in out.lines() {
            let w = unicode_width::UnicodeWidthStr::width(l);
            assert!(w <= 100, "show kr --level {level} ({w}): {l}");
        }
    }
}
