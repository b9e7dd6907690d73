//! `egov generate`: a synthetic world graph that opens, validates, imports
//! and is the same for the same seed.

use crate::util::{egov_in, tempdir};

#[test]
fn generated_database_and_csv_tables_hold_the_same_graph() {
    let dir = tempdir();
    let d = dir.path();
    egov_in(
        d,
        &[
            "generate", "--edges", "10000", "--seed", "4", "-o", "g.egdb", "--csv", "tables",
        ],
    )
    .expect_code(0);
    // The synthetic countries' ids are two letters that often coincide
    // with ISO codes of other places: the reference layer stays out.
    egov_in(d, &["--context", "none", "validate", "tables", "--strict"]).expect_code(0);
    egov_in(
        d,
        &["--context", "none", "init", "i.egdb", "--from", "tables"],
    )
    .expect_code(0);
    let a = egov_in(d, &["--db", "g.egdb", "--format", "json", "stats"]);
    let b = egov_in(d, &["--db", "i.egdb", "--format", "json", "stats"]);
    let stats = a.expect_code(0).json();
    assert_eq!(stats, b.expect_code(0).json());
    assert_eq!(stats["edges"], 10000);
    assert_eq!(stats["nodes"], 195 + 1000 + 1000);
    for kind in ["country", "ministry", "agency", "organization", "person"] {
        assert!(stats["nodes_by_kind"][kind].as_u64() > Some(0), "{kind}");
    }
    for kind in ["mou", "export", "part_of", "affiliation", "visit"] {
        assert!(stats["edges_by_kind"][kind].as_u64() > Some(0), "{kind}");
    }
    let path = egov_in(
        d,
        &["--db", "g.egdb", "path", "p-1", "p-500", "--level", "all"],
    );
    assert!(path.stdout.starts_with("path 1 ("), "{}", path.stdout);
}

#[test]
fn same_seed_writes_the_same_file() {
    let dir = tempdir();
    let d = dir.path();
    for (name, seed) in [("a.egdb", "9"), ("b.egdb", "9"), ("c.egdb", "10")] {
        egov_in(
            d,
            &["generate", "--edges", "3000", "--seed", seed, "-o", name],
        )
        .expect_code(0);
    }
    let read = |n: &str| std::fs::read(d.join(n)).unwrap();
    assert_eq!(read("a.egdb"), read("b.egdb"));
    assert_ne!(read("a.egdb"), read("c.egdb"));
}

#[test]
fn generate_refuses_to_overwrite_or_to_write_nowhere() {
    let dir = tempdir();
    let d = dir.path();
    egov_in(d, &["generate", "--edges", "1000", "-o", "a.egdb"]).expect_code(0);
    let again = egov_in(d, &["generate", "--edges", "1000", "-o", "a.egdb"]);
    again.expect_code(2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let nowhere = egov_in(d, &["generate", "--edges", "1000"]);
    nowhere.expect_code(2);
    assert!(
        nowhere.stderr.starts_with("egov: say where to write"),
        "{}",
        nowhere.stderr
    );
    let few = egov_in(
        d,
        &["generate", "--edges", "10", "--orgs", "50", "--csv", "t"],
    );
    few.expect_code(2);
    assert!(few.stderr.contains("too few"), "{}", few.stderr);
}

#[test]
fn show_names_a_large_country_s_first_bodies_and_counts_the_rest() {
    let dir = tempdir();
    let d = dir.path();
    egov_in(
        d,
        &[
            "generate",
            "--countries",
            "3",
            "--edges",
            "3000",
            "-o",
            "g.egdb",
        ],
    )
    .expect_code(0);
    let top = egov_in(
        d,
        &["--db", "g.egdb", "--format", "json", "hubs", "--top", "1"],
    )
    .json();
    let country = top[0]["id"].as_str().unwrap().to_string();
    let json = egov_in(d, &["--db", "g.egdb", "--format", "json", "show", &country]).json();
    let members: Vec<&str> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(members.len() > 40, "{}", members.len());
    let table = egov_in(d, &["--db", "g.egdb", "--wide", "show", &country]);
    let line = table
        .expect_code(0)
        .stdout
        .lines()
        .find(|l| l.contains("bodies and people"))
        .unwrap();
    let more = format!(
        "{}, … and {} more (--format json lists them all)",
        members[..30].join(", "),
        members.len() - 30
    );
    assert!(line.contains(&more), "{line}");
    // CSV is one table of the country's ties, with one header.
    let csv = egov_in(d, &["--db", "g.egdb", "--format", "csv", "show", &country]);
    let header = "kind,direction,with,via,counterpart,date,details,sources,id";
    assert_eq!(csv.expect_code(0).stdout.matches(header).count(), 1);
}
