//! The `egov` commands as a user runs them, on the built-in data and on a
//! database file.

use crate::util::{egov, egov_in, tempdir, write};

#[test]
fn stats_counts_the_builtin_dataset() {
    let r = egov(&["stats", "--format", "json"]);
    r.expect_code(0);
    let j = r.json();
    let nodes = j["nodes"].as_u64().unwrap();
    let by_kind: u64 = j["nodes_by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(nodes, by_kind);
    assert!(j["edges_by_kind"]["mou"].as_u64().unwrap() >= 4);
    assert!(j["nodes_by_kind"]["country"].as_u64().unwrap() >= 7);
    let table = egov(&["stats"]);
    assert!(table.stdout.contains("| nodes "), "{}", table.stdout);
}

#[test]
fn show_kz_lists_ties_with_citations() {
    let r = egov(&["show", "kz"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Kazakhstan"));
    assert!(r.stdout.contains("Central Asia"));
    assert!(r.stdout.contains("forum ("), "{}", r.stdout);
    assert!(r.stdout.contains("$8.71M"), "{}", r.stdout);
    assert!(
        r.stdout.contains("(000_35ee46d836dcd45f.txt)"),
        "citations name the article file"
    );
    let j = egov(&["show", "Kazakhstan", "--format", "json"]).json();
    assert_eq!(j["node"]["id"], "kz");
    assert!(j["edges"]["borders"].as_array().unwrap().len() >= 5);
    assert!(j["members"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "kz-mic"));
}

#[test]
fn show_resolves_names_and_aliases() {
    let j = egov(&["show", "MOI", "--format", "json"]).json();
    assert_eq!(j["node"]["id"], "kr-moi");
    let j = egov(&["show", "south korea", "--format", "json"]).json();
    assert_eq!(j["node"]["id"], "kr");
}

#[test]
fn unknown_node_suggests_the_closest_and_exits_1() {
    let r = egov(&["show", "Kazakstann"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .starts_with("egov: no node matches 'Kazakstann'; did you mean: kz"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn search_tolerates_prefixes_and_misspellings() {
    for q in ["kazak", "Kazakstan", "KAZAKHSTAN"] {
        let j = egov(&["search", q, "--format", "json"]).json();
        assert_eq!(j[0]["id"], "kz", "{q}: {j}");
        assert!(j[0]["score"].as_f64().unwrap() > 0.5);
    }
    let r = egov(&["search", "qqqqzzzz"]);
    r.expect_code(1);
}

#[test]
fn validate_reports_every_error_with_file_line_and_column() {
    let dir = tempdir();
    write(
        dir.path(),
        "a.toml",
        r#"[[source]]
id = "s1"
title = "A source"

[[node]]
id = "kr"
kind = "country"
name = "Korea"
region = "Eastern Asia"

[[node]]
id = "kr"
kind = "country"
name = "Korea again"
region = "Eastern Asia"

[[edge]]
from = "kr"
to = "kzz"
kind = "mou"
date = "2017-13-40"
cite = [{ source = "s2", quote = "x" }]

[[edge]]
from = "kr"
to = "kr-moi"
kind = "forum"
amount_usd = -3
"#,
    );
    write(
        dir.path(),
        "b.toml",
        "[[node]]\nid = \"Bad Id\"\nkind = \"planet\"\nname = \"X\"\n",
    );
    let r = egov_in(dir.path(), &["validate", "."]);
    r.expect_code(1);
    let out = &r.stdout;
    for needle in [
        "./a.toml:12:6: duplicate node id 'kr' (first defined at ./a.toml:6:6)",
        "./a.toml:21:8: 'date': '2017-13-40' is not a real date",
        "./a.toml:28:14: 'amount_usd' must not be negative",
        "./a.toml:19:6: edge names node 'kzz', which is not defined",
        "./a.toml:22:20: citation names source 's2', which is not defined",
        "./b.toml:2:6: id 'Bad Id' has the character 'B'",
        "./b.toml:3:8: unknown node kind 'planet'",
        "errors",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let j = egov_in(dir.path(), &["validate", ".", "--format", "json"]).json();
    assert_eq!(j["valid"], false);
    assert!(j["errors"].as_array().unwrap().len() >= 5);
}

#[test]
fn dangling_references_are_errors_and_missing_citations_warnings() {
    let dir = tempdir();
    write(
        dir.path(),
        "g.toml",
        r#"[[node]]
id = "kr"
kind = "country"
name = "Korea"
region = "Eastern Asia"

[[node]]
id = "kz"
kind = "country"
name = "Kazakhstan"
region = "Central Asia"

[[edge]]
from = "kr"
to = "kz"
kind = "mou"

[[edge]]
from = "kr"
to = "kx"
kind = "forum"
cite = [{ source = "nowhere" }]
"#,
    );
    let r = egov_in(dir.path(), &["validate", "g.toml"]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("g.toml:13:1: warning: mou edge kr -> kz has no citation"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("g.toml:20:6: edge names node 'kx', which is not defined; did you mean: k"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("citation names source 'nowhere', which is not defined"),
        "{}",
        r.stdout
    );
    // Only the warning left: valid, but not under --strict.
    let fixed = std::fs::read_to_string(dir.path().join("g.toml")).unwrap();
    let fixed = &fixed[..fixed.find("[[edge]]\nfrom = \"kr\"\nto = \"kx\"").unwrap()];
    write(dir.path(), "g.toml", fixed);
    egov_in(dir.path(), &["validate", "g.toml"]).expect_code(0);
    egov_in(dir.path(), &["validate", "g.toml", "--strict"]).expect_code(1);
}

#[test]
fn init_builds_a_database_that_answers_like_the_builtin() {
    let dir = tempdir();
    let db = dir.path().join("x.egdb");
    // The built-in data is the seed graph and the world network.
    let graphs = crate::util::root().join("graphs");
    let world = graphs.join("world");
    let r = egov_in(
        dir.path(),
        &[
            "init",
            "x.egdb",
            "--from",
            graphs.to_str().unwrap(),
            world.to_str().unwrap(),
        ],
    );
    r.expect_code(0);
    assert!(r.stdout.starts_with("wrote x.egdb: "), "{}", r.stdout);
    let from_file = egov_in(
        dir.path(),
        &["--db", db.to_str().unwrap(), "stats", "--format", "json"],
    )
    .json();
    let builtin = egov(&["stats", "--format", "json"]).json();
    assert_eq!(from_file, builtin);
    // EGOV_DB works like --db.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(["show", "kz", "--format", "json"])
        .env("EGOV_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    // An existing file is not overwritten without --force.
    let again = egov_in(
        dir.path(),
        &["init", "x.egdb", "--from", graphs.to_str().unwrap()],
    );
    again.expect_code(2);
    assert!(
        again.stderr.contains("already exists; pass --force"),
        "{}",
        again.stderr
    );
    egov_in(
        dir.path(),
        &[
            "init",
            "x.egdb",
            "--force",
            "--from",
            graphs.to_str().unwrap(),
        ],
    )
    .expect_code(0);
}

#[test]
fn init_from_csv_tables_gives_the_graph_they_describe() {
    let dir = tempdir();
    write(dir.path(), "nodes.csv", "Id,Label,kind,region,population\nkr,Korea,country,Eastern Asia,51\nkz,Kazakhstan,country,Central Asia,19\nun,United Nations,organization,,\n");
    write(dir.path(), "edges.csv", "Source,Target,Type,kind,date,amount_usd,cite,weight\nkr,kz,Undirected,mou,2016-11,,src,1\nkr,kz,Directed,export,,8710000,src,2\nkz,un,Directed,member_of,1992-03-02,,src,\n");
    write(dir.path(), "sources.csv", "id,title\nsrc,A source\n");
    egov_in(
        dir.path(),
        &[
            "init",
            "t.egdb",
            "--from",
            "nodes.csv",
            "edges.csv",
            "sources.csv",
        ],
    )
    .expect_code(0);
    let j = egov_in(dir.path(), &["--db", "t.egdb", "stats", "--format", "json"]).json();
    // The reference layer adds Korea's UN membership (the data names the
    // UN, and Korea is a member): three edges of the data and one of the layer.
    assert_eq!(
        (j["nodes"].as_u64(), j["edges"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(j["edges_by_kind"]["member_of"], 2);
    assert_eq!(j["edges_by_kind"]["export"], 1);
    let show = egov_in(
        dir.path(),
        &["--db", "t.egdb", "show", "kr", "--format", "json"],
    )
    .json();
    assert_eq!(show["node"]["attrs"]["population"], "51");
    assert_eq!(show["edges"]["export"][0]["amount_usd"], 8710000.0);
    assert_eq!(show["edges"]["export"][0]["attrs"]["weight"], "2");
}

#[test]
fn init_writes_nothing_when_the_input_is_invalid() {
    let dir = tempdir();
    // zz is no ISO 3166-1 code, so the reference layer gives it no region.
    write(
        dir.path(),
        "nodes.csv",
        "id,name,kind\nzz,Zedland,country\n",
    );
    let r = egov_in(dir.path(), &["init", "t.egdb", "--from", "nodes.csv"]);
    r.expect_code(1);
    assert!(
        r.stdout.contains("nodes.csv:2: country 'zz' has no region"),
        "{}",
        r.stdout
    );
    assert!(!dir.path().join("t.egdb").exists());
}

#[test]
fn corrupt_database_is_refused_in_one_line_with_exit_2() {
    let dir = tempdir();
    write(dir.path(), "junk.egdb", "this is not a database at all");
    let r = egov_in(dir.path(), &["--db", "junk.egdb", "stats"]);
    r.expect_code(2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("egov: junk.egdb: not a usable egov database"),
        "{}",
        r.stderr
    );
    let r = egov_in(dir.path(), &["--db", "missing.egdb", "stats"]);
    r.expect_code(2);
    assert!(r.stderr.starts_with("egov: missing.egdb: "), "{}", r.stderr);
}

#[test]
fn path_from_france_to_uzbekistan_goes_through_korea_and_cites_the_articles() {
    let r = egov(&["path", "fr", "uz", "--explain", "--wide"]);
    r.expect_code(0);
    assert!(
        r.stdout.starts_with(
            "path 1 (2 hops): France (fr) -> Republic of Korea (kr) -> Uzbekistan (uz)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("loi kr-moi -- fr-mgrs"), "{}", r.stdout);
    assert!(
        r.stdout.contains("(003_32d09dc165e1953d.txt)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("133.54 million US dollars"),
        "{}",
        r.stdout
    );
    let j = egov(&["path", "France", "Uzbekistan", "--format", "json"]).json();
    assert_eq!(
        j["paths"][0]["nodes"],
        serde_json::json!(["fr", "kr", "uz"])
    );
    let hop = &j["paths"][0]["edges"][0];
    assert_eq!(
        (hop["source"].as_str(), hop["target"].as_str()),
        (Some("fr"), Some("kr"))
    );
    assert!(!hop["citations"].as_array().unwrap().is_empty());
    assert_eq!(j["paths"][0]["cost"], 2.0);
}

#[test]
fn k_shortest_paths_are_distinct_and_ordered() {
    let j = egov(&["path", "fr", "uz", "-k", "4", "--format", "json"]).json();
    let paths = j["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 4);
    let costs: Vec<f64> = paths.iter().map(|p| p["cost"].as_f64().unwrap()).collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
    let distinct: std::collections::BTreeSet<String> =
        paths.iter().map(|p| p["nodes"].to_string()).collect();
    assert_eq!(distinct.len(), 4, "{distinct:?}");
}

#[test]
fn no_path_is_exit_1_with_a_message() {
    let r = egov(&["path", "fr", "uz", "--kinds", "loi"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .contains("no path from France (fr) to Uzbekistan (uz)"),
        "{}",
        r.stderr
    );
    assert_eq!(
        egov(&["path", "fr", "uz", "--kinds", "loi", "--format", "json"]).json()["paths"],
        serde_json::json!([])
    );
}

#[test]
fn neighbors_lists_the_ego_network() {
    let j = egov(&["neighbors", "kz", "--format", "json"]).json();
    assert_eq!(j["center"], "kz");
    let ids: Vec<&str> = j["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "kz");
    for n in ["kr", "uz", "kg", "ru", "cn", "cis"] {
        assert!(ids.contains(&n), "{n} in {ids:?}");
    }
    assert!(!ids.contains(&"fr"));
    let two = egov(&["neighbors", "kz", "--depth", "2", "--format", "json"]).json();
    assert!(two["nodes"].as_array().unwrap().len() > ids.len());
}

#[test]
fn timeline_is_in_date_order_with_citations() {
    let j = egov(&["timeline", "--format", "json"]).json();
    let dates: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| d.parse::<egov_graph::PartialDate>().unwrap());
    assert_eq!(dates, sorted);
    assert!(j
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["citations"].as_array().unwrap().is_empty()));
    let kz = egov(&["timeline", "kz", "--since", "2017", "--format", "json"]).json();
    assert!(kz
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["date"].as_str().unwrap() >= "2017"));
    assert!(kz.as_array().unwrap().iter().any(|e| e["kind"] == "forum"));
}

#[test]
fn bad_flags_are_usage_errors() {
    egov(&["path", "fr"]).expect_code(2);
    let r = egov(&["path", "fr", "uz", "--since", "2017-13"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("--since: '2017-13' is not a real date"),
        "{}",
        r.stderr
    );
    let r = egov(&["path", "fr", "uz", "--kinds", "treaty"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("unknown edge kind 'treaty'"),
        "{}",
        r.stderr
    );
}

#[test]
fn closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(["timeline", "--undated"])
        .env_remove("EGOV_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn as_of_goes_before_or_after_the_command_and_only_on_read_commands() {
    let before = egov(&["--as-of", "2012", "--format", "json", "path", "kr", "uz"]);
    before.expect_code(0);
    let after = egov(&["--format", "json", "path", "kr", "uz", "--as-of", "2012"]);
    assert_eq!(before.stdout, after.stdout);
    assert_ne!(
        before.stdout,
        egov(&["--format", "json", "path", "kr", "uz"]).stdout,
        "the date changes the evidence"
    );
    let r = egov(&["--as-of", "2012", "stats"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--as-of 2012"), "{}", r.stderr);
}

#[test]
fn timeline_prints_every_edge_id_whole() {
    // The test binary runs without a terminal: 100 columns.
    let ids: Vec<String> = egov(&["--format", "json", "timeline", "kr"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() > 10, "{ids:?}");
    let table = egov(&["timeline", "kr"]);
    for id in &ids {
        assert!(
            table
                .stdout
                .lines()
                .any(|l| l.contains(&format!("id {id}"))),
            "{id} is cut"
        );
    }
}

#[test]
fn counts_are_singular_for_one() {
    let dir = tempdir();
    std::fs::write(dir.path().join("e.csv"), "source,target\nee,lv\n").unwrap();
    let v = egov_in(dir.path(), &["--context", "none", "validate", "e.csv"]);
    v.expect_code(0);
    assert!(
        v.stdout.contains("valid: 2 nodes, 1 edge, 0 sources"),
        "{}",
        v.stdout
    );
    let i = egov_in(
        dir.path(),
        &["--context", "none", "init", "x.egdb", "--from", "e.csv"],
    );
    i.expect_code(0);
    assert!(
        i.stdout
            .contains("wrote x.egdb: 2 nodes, 1 edge, 0 sources"),
        "{}",
        i.stdout
    );
}
