//! The analyst's own data: planned events, collections, edge ids, edge
//! lists (issue 17), as a user meets them through `egov`.

use crate::util::{egov_in, tempdir, write};

/// Three countries, a realised MOU kr -- kz and a planned forum kz -- uz
/// (announced, not reported as held), each cited.
const PLANNED: &str = r#"
[[source]]
id = "art"
title = "An article"
collection = "seeds"

[[node]]
id = "kr"
kind = "country"
name = "Korea"
region = "Eastern Asia"

[[node]]
id = "kz"
kind = "country"
name = "Kazakhstan"
region = "Central Asia"

[[node]]
id = "uz"
kind = "country"
name = "Uzbekistan"
region = "Central Asia"

[[edge]]
from = "kr"
to = "kz"
kind = "mou"
date = "2016-11"
cite = [{ source = "art", quote = "signed an MOU" }]

[[edge]]
from = "kz"
to = "uz"
kind = "forum"
status = "planned"
date = "2017-10"
cite = [{ source = "art", quote = "will host a forum" }]
"#;

fn planned_db(dir: &std::path::Path) {
    write(dir, "data.toml", PLANNED);
    egov_in(dir, &["init", "g.egdb", "--from", "data.toml"]).expect_code(0);
}

#[test]
fn planned_events_are_left_out_of_analyses_unless_asked_for() {
    let dir = tempdir();
    planned_db(dir.path());
    let d = dir.path();
    // No path through the planned forum by default...
    let r = egov_in(d, &["--db", "g.egdb", "path", "kr", "uz"]);
    r.expect_code(1);
    // ...and one with --include-planned.
    let r = egov_in(
        d,
        &["--db", "g.egdb", "path", "kr", "uz", "--include-planned"],
    );
    r.expect_code(0);
    assert!(r.stdout.contains("Uzbekistan"), "{}", r.stdout);
    let r = egov_in(
        d,
        &[
            "--db",
            "g.egdb",
            "path",
            "kr",
            "uz",
            "--include-planned",
            "--weighted",
        ],
    );
    r.expect_code(0);
    // The timeline lists it only when asked, marked.
    let r = egov_in(d, &["--db", "g.egdb", "timeline"]);
    r.expect_code(0);
    assert!(!r.stdout.contains("forum"), "{}", r.stdout);
    let r = egov_in(d, &["--db", "g.egdb", "timeline", "--include-planned"]);
    r.expect_code(0);
    let forum = r.stdout.lines().find(|l| l.contains("forum")).unwrap();
    assert!(forum.contains("(planned)"), "{}", r.stdout);
    // Counts by view: the hubs table has kz's one tie, or two.
    let r = egov_in(
        d,
        &[
            "--db", "g.egdb", "--format", "json", "hubs", "--metric", "degree",
        ],
    );
    r.expect_code(0);
    let uz_listed = r.json().to_string().contains("\"uz\"");
    let with = egov_in(
        d,
        &[
            "--db",
            "g.egdb",
            "--format",
            "json",
            "hubs",
            "--metric",
            "degree",
            "--include-planned",
        ],
    );
    with.expect_code(0);
    assert_ne!(r.stdout, with.stdout, "{uz_listed}");
    // `show` lists it, marked, and JSON says so.
    let r = egov_in(d, &["--db", "g.egdb", "show", "uz"]);
    r.expect_code(0);
    assert!(r.stdout.contains("2017-10  (planned)"), "{}", r.stdout);
    let r = egov_in(d, &["--db", "g.egdb", "--format", "json", "show", "uz"]);
    assert_eq!(r.json()["edges"]["forum"][0]["status"], "planned");
}

#[test]
fn a_bad_status_is_reported_at_its_place() {
    let dir = tempdir();
    let text = PLANNED.replace("status = \"planned\"", "status = \"maybe\"");
    write(dir.path(), "data.toml", &text);
    let r = egov_in(dir.path(), &["validate", "data.toml"]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("'status': unknown edge status 'maybe'; expected one of: realised, planned"),
        "{}",
        r.stdout
    );
    let line = text
        .lines()
        .position(|l| l.contains("maybe"))
        .map(|i| i + 1)
        .unwrap();
    assert!(
        r.stdout.contains(&format!("data.toml:{line}:")),
        "{}",
        r.stdout
    );
}

#[test]
fn the_seed_articles_are_the_seeds_collection() {
    let r = crate::util::egov(&["export", "json"]);
    r.expect_code(0);
    let v = r.json();
    let seeds: Vec<&str> = v["graph"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["collection"] == "seeds")
        .map(|s| s["file"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(seeds.len(), 5, "{seeds:?}");
    assert!(seeds.iter().all(|f| f.ends_with(".txt")), "{seeds:?}");
}
