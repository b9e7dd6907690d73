//! `egov hubs` rankings: the chosen metric, then degree, then name; nodes
//! without a tie left out of tables and listed last in CSV and JSON; CSV in
//! full precision; `--metric all` tables that keep the kind whole.

use crate::util::{egov_in, tempdir, write};

/// A triangle a-b-c with a tail c-d, and z with no tie. Ids run against
/// the names' order, so a tie broken by name is told from one by id.
fn small() -> tempfile::TempDir {
    let dir = tempdir();
    write(
        dir.path(),
        "nodes.csv",
        "id,name,kind\na,Yankee,organization\nb,Bravo,organization\nc,Charlie,organization\nd,Alpha,organization\nz,Zulu,organization\n",
    );
    write(
        dir.path(),
        "edges.csv",
        "source,target\na,b\na,c\nb,c\nc,d\n",
    );
    egov_in(
        dir.path(),
        &["init", "t.egdb", "--from", "nodes.csv", "edges.csv"],
    )
    .expect_code(0);
    dir
}

fn column(csv: &str, i: usize) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').nth(i).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn hubs_ties_go_to_degree_then_name_and_isolated_nodes_come_last() {
    let dir = small();
    let run = |extra: &[&str]| {
        let mut a = vec!["--db", "t.egdb", "hubs", "--metric", "betweenness"];
        a.extend(extra);
        egov_in(dir.path(), &a).expect_code(0).stdout.clone()
    };
    // b and a tie at 0 with degree 2 (Bravo before Yankee, though a < b),
    // then d with degree 1; z has no tie: last in CSV, absent from tables.
    let csv = run(&["--format", "csv"]);
    assert_eq!(column(&csv, 1), ["c", "b", "a", "d", "z"], "{csv}");
    let table = run(&[]);
    assert!(!table.contains("Zulu"), "{table}");
    assert!(run(&["--with-isolated"]).contains("| z "));
    let json = egov_in(
        dir.path(),
        &["--db", "t.egdb", "hubs", "--connected", "--format", "json"],
    )
    .expect_code(0)
    .json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"z"), "{ids:?}");
    // CSV keeps every digit: c's betweenness is 1/3.
    let c: f64 = column(&csv, 4)[0].parse().unwrap();
    assert!((c - 1.0 / 3.0).abs() < 1e-15, "{csv}");
}

#[test]
fn hubs_all_sorts_by_the_first_metric_named_in_sort() {
    let dir = small();
    let csv = egov_in(
        dir.path(),
        &[
            "--db",
            "t.egdb",
            "hubs",
            "--metric",
            "all",
            "--sort",
            "closeness,degree",
            "--format",
            "csv",
        ],
    )
    .expect_code(0)
    .stdout
    .clone();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "closeness").unwrap();
    let values: Vec<f64> = column(&csv, at)
        .iter()
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{csv}");
}

#[test]
fn hubs_all_table_fits_100_columns_and_keeps_the_kind_whole() {
    let out = crate::util::egov(&["hubs", "--metric", "all"])
        .expect_code(0)
        .stdout
        .clone();
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    assert!(out.contains("| organization |"), "{out}");
    assert!(!out.contains("organizat…"), "{out}");
}
