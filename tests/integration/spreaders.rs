//! `egov spreaders`: who may be printed as a spreader (checked against the
//! raw data of `egov export json`), what the score does on small graphs
//! made for it, and what an analyst reads on the built-in data.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::util::{egov, egov_in, tempdir, write};

const COOPERATION: [&str; 8] = [
    "mou",
    "loi",
    "forum",
    "seminar",
    "conference",
    "project",
    "export",
    "visit",
];

/// The spreaders of one region of a JSON report.
fn region<'a>(j: &'a Value, name: &str) -> &'a Vec<Value> {
    j["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == name)
        .unwrap_or_else(|| panic!("no region {name} in {j}"))["spreaders"]
        .as_array()
        .unwrap()
}

fn ids(spreaders: &[Value]) -> Vec<&str> {
    spreaders
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

#[test]
fn every_printed_spreader_cooperates_with_the_source_inside_its_region() {
    // The raw data: every node and edge, bodies with their country.
    let data = egov(&["export", "json"]).json();
    let nodes: HashMap<&str, &Value> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let country = |id: &str| -> String {
        nodes
            .get(id)
            .and_then(|n| n["country"].as_str())
            .unwrap_or(id)
            .to_string()
    };
    let edges = data["edges"].as_array().unwrap();
    let cooperates = |x: &str| {
        edges.iter().any(|e| {
            let (a, b) = (
                country(e["source"].as_str().unwrap()),
                country(e["target"].as_str().unwrap()),
            );
            COOPERATION.contains(&e["kind"].as_str().unwrap())
                && e["status"].as_str().unwrap_or("realised") == "realised"
                && !e["cite"].as_array().is_none_or(|c| c.is_empty())
                && ((a == "kr" && b == x) || (a == x && b == "kr"))
        })
    };
    let member_of = |x: &str, org: &str| {
        edges
            .iter()
            .any(|e| e["kind"] == "member_of" && e["source"] == x && e["target"] == org)
    };
    for extra in [&[][..], &["--no-context"][..]] {
        let mut args = vec![
            "spreaders",
            "--from",
            "kr",
            "--all-regions",
            "--top",
            "1000",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let j = egov(&args).json();
        let mut printed = 0;
        for r in j["regions"].as_array().unwrap() {
            for s in r["spreaders"].as_array().unwrap() {
                let x = s["id"].as_str().unwrap();
                printed += 1;
                assert!(cooperates(x), "{x} has no cooperation tie with kr: {r}");
                let inside = match r["kind"].as_str().unwrap() {
                    "m49" => nodes[x]["region"] == r["region"],
                    _ => member_of(x, r["organization"].as_str().unwrap()),
                };
                assert!(inside, "{x} is not in {}", r["region"]);
                assert_eq!(nodes[x]["kind"], "country");
            }
            for b in r["brokers"].as_array().unwrap() {
                let x = b["id"].as_str().unwrap();
                assert!(cooperates(x), "broker {x} is no partner of kr");
                assert!(
                    r["region"] != nodes[x]["region"],
                    "broker {x} lies in {}",
                    r["region"]
                );
            }
        }
        assert!(printed >= 8, "{extra:?}: only {printed} rows");
    }
}

#[test]
fn korea_spreads_through_uzbekistan_kazakhstan_belarus_and_serbia() {
    for extra in [&[][..], &["--no-context"][..], &["--sort", "score"][..]] {
        let mut args = vec!["spreaders", "--from", "kr", "--format", "json"];
        args.extend_from_slice(extra);
        let j = egov(&args).json();
        let ca = region(&j, "Central Asia");
        let top2: BTreeSet<&str> = ids(ca).into_iter().take(2).collect();
        assert_eq!(top2, BTreeSet::from(["kz", "uz"]), "{extra:?}");
        assert_eq!(ids(region(&j, "Eastern Europe"))[0], "by", "{extra:?}");
        assert_eq!(ids(region(&j, "Southern Europe"))[0], "rs", "{extra:?}");
        // The stated hubs keep their evidence, context or not.
        for (r, x) in [("Central Asia", "kz"), ("Eastern Europe", "by")] {
            let s = region(&j, r).iter().find(|s| s["id"] == x).unwrap();
            assert_eq!(s["designated_hub"], true, "{r} {x}");
            assert!(
                s["citations"][0]["quote"]
                    .as_str()
                    .unwrap()
                    .contains("as a hub in the region")
                    || s["citations"][0]["quote"]
                        .as_str()
                        .unwrap()
                        .contains("set to become a hub"),
                "{s}"
            );
        }
        // Serbia is named for Eastern Europe, which M49 does not put it in.
        let rs = &region(&j, "Southern Europe")[0];
        assert_eq!(rs["designated_hub"], false);
        assert_eq!(rs["hub_for_other_region"][0], "Eastern Europe");
        if extra == ["--no-context"] {
            for r in j["regions"].as_array().unwrap() {
                for s in r["spreaders"].as_array().unwrap() {
                    assert_eq!(s["context_share"], 0.0, "{s}");
                }
            }
        }
    }
}

#[test]
fn a_region_without_a_partner_is_listed_only_when_asked_with_its_brokers() {
    let j = egov(&["spreaders", "--from", "kr", "--format", "json"]).json();
    for r in j["regions"].as_array().unwrap() {
        assert!(!r["spreaders"].as_array().unwrap().is_empty(), "{r}");
    }
    // Regions by their best score (the list puts stated hubs first, so
    // the best is not always the first).
    let best: Vec<f64> = j["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["spreaders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["score"].as_f64().unwrap())
                .fold(f64::MIN, f64::max)
        })
        .collect();
    assert!(best.windows(2).all(|w| w[0] >= w[1]), "{best:?}");
    // The seed articles leave regions with a bordering partner but no
    // partner of their own (Northern Europe, Western Asia); the world data
    // reaches every region it names, so the check runs on the seeds.
    let all = egov(&[
        "--collection",
        "seeds",
        "spreaders",
        "--from",
        "kr",
        "--all-regions",
        "--format",
        "json",
    ])
    .json();
    let empty: Vec<&Value> = all["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["spreaders"].as_array().unwrap().is_empty())
        .collect();
    assert!(!empty.is_empty());
    // A partner outside a region that borders it is a broker there, with a
    // Gould-Fernandez role, and never a spreader.
    let with_brokers = empty
        .iter()
        .find(|r| !r["brokers"].as_array().unwrap().is_empty())
        .expect("a region reached only through a broker");
    let b = &with_brokers["brokers"][0];
    assert!(
        [
            "liaison",
            "representative",
            "itinerant",
            "gatekeeper",
            "coordinator"
        ]
        .contains(&b["role"].as_str().unwrap()),
        "{b}"
    );
    let t = egov(&[
        "--collection",
        "seeds",
        "spreaders",
        "--from",
        "kr",
        "--all-regions",
    ]);
    t.expect_code(0);
    assert!(
        t.stdout.contains(&format!(
            "{} ({} members to reach): no partner in region",
            with_brokers["region"].as_str().unwrap(),
            with_brokers["targets"]
        )),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("brokers (not ranked"));
}

#[test]
fn the_table_fits_100_columns_and_explain_quotes_whole() {
    for args in [
        &["spreaders", "--from", "kr"][..],
        &["spreaders", "--from", "kr", "--all-regions"][..],
        &["spreaders", "--from", "kr", "--region", "CIS"][..],
    ] {
        let r = egov(args);
        for line in r.stdout.lines() {
            assert!(line.chars().count() <= 100, "{args:?}: {line}");
        }
    }
    let r = egov(&["spreaders", "--from", "kr", "--region", "Eastern Europe"]);
    let quote = "The Ministry of the Interior keeps an eye on Belarus, together with Serbia, as a hub in the region to spread Korean e-Government model.";
    assert!(!r.stdout.contains(quote), "shortened in the table");
    assert!(r.stdout.contains("…"), "{}", r.stdout);
    let e = egov(&[
        "--collection",
        "seeds",
        "spreaders",
        "--from",
        "kr",
        "--region",
        "Eastern Europe",
        "--explain",
    ]);
    assert!(e.stdout.contains(quote), "{}", e.stdout);
    assert!(e.stdout.contains("score 1.300 = tie"), "{}", e.stdout);
    let csv = egov(&[
        "spreaders",
        "--from",
        "kr",
        "--region",
        "Eastern Europe",
        "--format",
        "csv",
    ]);
    assert!(csv.stdout.contains(quote), "{}", csv.stdout);
    assert_eq!(
        csv.stdout
            .lines()
            .filter(|l| l.starts_with("source,"))
            .count(),
        1
    );
}

#[test]
fn spreaders_json_keeps_its_shape() {
    let j = egov(&[
        "spreaders",
        "--from",
        "kr",
        "--region",
        "Central Asia",
        "--format",
        "json",
    ])
    .json();
    let r = &j["regions"][0];
    assert!(r["brokers"].is_array());
    assert!(r["brokers_total"].as_u64().unwrap() >= r["brokers"].as_array().unwrap().len() as u64);
    for s in r["spreaders"].as_array().unwrap() {
        for key in [
            "id",
            "score",
            "tie_strength",
            "reach",
            "designated_hub",
            "citations",
            "context_share",
        ] {
            assert!(!s[key].is_null(), "{key} missing in {s}");
        }
        let share = s["context_share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share));
    }
}

/// A small world: source `s` in Home; region R = {a, b, t1, t2, t3};
/// `p` in Away. The letters stand for the ISO codes in [`code`]. Returns
/// the database folder.
fn small_world(extra_edges: &str) -> tempfile::TempDir {
    let dir = tempdir();
    let mut text = String::from("[[source]]\nid = \"src\"\ntitle = \"A source\"\n\n");
    for (id, region) in [
        ("s", "Home"),
        ("a", "R"),
        ("b", "R"),
        ("t1", "R"),
        ("t2", "R"),
        ("t3", "R"),
        ("p", "Away"),
    ] {
        text.push_str(&format!(
            "[[node]]\nid = \"{}\"\nkind = \"country\"\nname = \"Land {id}\"\nregion = \"{region}\"\ncite = [{{ source = \"src\" }}]\n\n",
            code(id)
        ));
    }
    text.push_str(extra_edges);
    write(dir.path(), "w.toml", &text);
    // A made-up world: the reference layer's real borders and regions of
    // these ISO codes stay out.
    egov_in(
        dir.path(),
        &["--context", "none", "init", "w.egdb", "--from", "w.toml"],
    )
    .expect_code(0);
    dir
}

/// The ISO code standing for a letter of the small world.
fn code(x: &str) -> &str {
    match x {
        "s" => "is",
        "a" => "ee",
        "b" => "lv",
        "t1" => "lt",
        "t2" => "fi",
        "t3" => "no",
        "p" => "dk",
        other => other,
    }
}

/// The small world's letters for a list of spreaders' ids.
fn letters(spreaders: &[Value]) -> Vec<&'static str> {
    ids(spreaders)
        .into_iter()
        .map(|i| {
            ["s", "a", "b", "t1", "t2", "t3", "p"]
                .into_iter()
                .find(|&x| code(x) == i)
                .unwrap_or("?")
        })
        .collect()
}

fn tie(a: &str, b: &str, kind: &str, date: &str) -> String {
    let (a, b) = (code(a), code(b));
    format!(
        "[[edge]]\nfrom = \"{a}\"\nto = \"{b}\"\nkind = \"{kind}\"\ndate = \"{date}\"\ncite = [{{ source = \"src\", quote = \"{a} {kind} {b}\" }}]\n\n"
    )
}

fn border(a: &str, b: &str) -> String {
    let (a, b) = (code(a), code(b));
    format!(
        "[[edge]]\nfrom = \"{a}\"\nto = \"{b}\"\nkind = \"borders\"\ncite = [{{ source = \"src\" }}]\n\n"
    )
}

fn scores(dir: &tempfile::TempDir, extra: &[&str]) -> Value {
    let mut args = vec![
        "--db",
        "w.egdb",
        "spreaders",
        "--from",
        "is",
        "--region",
        "R",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    egov_in(dir.path(), &args).json()
}

#[test]
fn a_stronger_tie_ranks_higher_all_else_equal() {
    // a and b each border t1; s has one MOU with a, two with b.
    let w = small_world(&format!(
        "{}{}{}{}{}",
        tie("s", "a", "mou", "2020"),
        tie("s", "b", "mou", "2020"),
        tie("s", "b", "mou", "2019"),
        border("a", "t1"),
        border("b", "t1"),
    ));
    let j = scores(&w, &["--sort", "score"]);
    let r = &j["regions"][0]["spreaders"];
    assert_eq!(letters(r.as_array().unwrap()), ["b", "a"]);
    let (sb, sa) = (
        r[0]["score"].as_f64().unwrap(),
        r[1]["score"].as_f64().unwrap(),
    );
    let (tb, ta) = (
        r[0]["tie_strength"].as_f64().unwrap(),
        r[1]["tie_strength"].as_f64().unwrap(),
    );
    assert!(tb > ta && sb > sa);
    // Same coverage, so the scores stand as the ties do.
    assert!((sb / sa - tb / ta).abs() < 1e-9);
}

#[test]
fn a_context_hop_counts_less_than_a_cooperation_hop_and_the_weights_can_be_changed() {
    // Equal ties; a cooperates with t1, b only borders t1.
    let w = small_world(&format!(
        "{}{}{}{}",
        tie("s", "a", "mou", "2020"),
        tie("s", "b", "mou", "2020"),
        tie("a", "t1", "forum", "2020"),
        border("b", "t1"),
    ));
    let j = scores(&w, &["--sort", "score"]);
    let r = j["regions"][0]["spreaders"].as_array().unwrap().clone();
    assert_eq!(letters(&r), ["a", "b"]);
    let tie_ab = r[0]["tie_strength"].as_f64().unwrap();
    // |T| = 5 members: a reaches itself and t1 (2 / 5), b itself and t1 by
    // a border (1.25 / 5).
    assert!((r[0]["score"].as_f64().unwrap() - tie_ab * 2.0 / 5.0).abs() < 1e-9);
    assert!((r[1]["score"].as_f64().unwrap() - tie_ab * 1.25 / 5.0).abs() < 1e-9);
    assert_eq!(r[0]["context_share"], 0.0);
    assert!((r[1]["context_share"].as_f64().unwrap() - 0.25 / 1.25).abs() < 1e-9);
    assert_eq!(r[1]["reach"], 1);
    // Context counting as much as cooperation: a tie.
    let even = scores(&w, &["--context-weight", "1"]);
    let e = even["regions"][0]["spreaders"].as_array().unwrap();
    assert!((e[0]["score"].as_f64().unwrap() - e[1]["score"].as_f64().unwrap()).abs() < 1e-12);
    assert_eq!(even["weights"]["context"], 1.0);
    // Out of range is refused.
    egov_in(
        w.path(),
        &[
            "--db",
            "w.egdb",
            "spreaders",
            "--from",
            "is",
            "--context-weight",
            "2",
        ],
    )
    .expect_code(2);
}

#[test]
fn stated_hubs_come_first_unless_sorted_by_score() {
    // b has the stronger tie, a is the one a source names as a hub for R.
    let w = small_world(&format!(
        "{}{}{}{}",
        tie("s", "a", "visit", "2020"),
        tie("s", "b", "mou", "2020"),
        "[[edge]]\nfrom = \"is\"\nto = \"ee\"\nkind = \"hub_designation\"\nregion = \"R\"\ncite = [{ source = \"src\", quote = \"ee is set to become a hub in the region\" }]\n\n",
        border("p", "t2"),
    ));
    let by_evidence = scores(&w, &[]);
    let r = by_evidence["regions"][0]["spreaders"].as_array().unwrap();
    assert_eq!(letters(r), ["a", "b"]);
    assert_eq!(r[0]["designated_hub"], true);
    assert_eq!(
        r[0]["citations"][0]["quote"],
        "ee is set to become a hub in the region"
    );
    let by_score = scores(&w, &["--sort", "score"]);
    assert_eq!(
        letters(by_score["regions"][0]["spreaders"].as_array().unwrap()),
        ["b", "a"]
    );
    // p borders a member but has no tie with s: no broker.
    assert!(by_score["regions"][0]["brokers"]
        .as_array()
        .unwrap()
        .is_empty());
    let table = egov_in(
        w.path(),
        &[
            "--db",
            "w.egdb",
            "spreaders",
            "--from",
            "is",
            "--region",
            "R",
        ],
    );
    assert!(
        table.stdout.contains("| 1 | Land a (ee) |"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_partner_outside_the_region_is_a_broker_with_its_role() {
    let w = small_world(&format!(
        "{}{}{}",
        tie("s", "a", "mou", "2020"),
        tie("s", "p", "mou", "2020"),
        border("p", "t2"),
    ));
    let j = scores(&w, &[]);
    let r = &j["regions"][0];
    assert_eq!(letters(r["spreaders"].as_array().unwrap()), ["a"]);
    let b = &r["brokers"][0];
    assert_eq!(b["id"], code("p"));
    // s (Home), p (Away), t2 (R): three groups.
    assert_eq!(b["role"], "liaison");
    assert_eq!(b["links"][0]["id"], code("t2"));
    assert_eq!(b["links"][0]["layer"], "context");
}

#[test]
fn spreaders_works_at_the_country_level_only() {
    let r = egov(&["spreaders", "--from", "kr", "--level", "all"]);
    r.expect_code(2);
    assert!(r.stderr.contains("country level"), "{}", r.stderr);
}

/// The base strength of a cooperation kind (docs/analysis.md's table).
fn base(kind: &str) -> f64 {
    match kind {
        "mou" | "export" | "project" => 3.0,
        "loi" | "forum" | "seminar" => 2.0,
        _ => 1.5,
    }
}

#[test]
fn every_score_on_the_built_in_data_is_recomputed_from_the_raw_edges() {
    // Recomputed here from `egov export json` with the documented formula:
    // tie = Σ base × 0.5^(age/5) (undated: age 10) over the cited
    // cooperation edges between the two countries; coverage = (1 + 0.25 ×
    // members reached by a border or a shared membership + 1 × members
    // cooperated with) / |T|.
    // Without the reference layer: with it, `spreaders` completes each
    // region with the states the graph lacks (tested below), which the
    // export does not hold.
    let data = egov(&["--context", "none", "export", "json"]).json();
    let nodes = data["nodes"].as_array().unwrap();
    let country_of: HashMap<&str, &str> = nodes
        .iter()
        .map(|n| {
            let id = n["id"].as_str().unwrap();
            (id, n["country"].as_str().unwrap_or(id))
        })
        .collect();
    let region_of: HashMap<&str, &str> = nodes
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n["region"].as_str()?)))
        .collect();
    // Planned ties (announced, not reported as done) are left out by default.
    let edges: Vec<&Value> = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "planned")
        .collect();
    let year = |e: &Value| -> Option<i32> { e["date"].as_str()?.get(..4)?.parse().ok() };
    let latest = edges.iter().filter_map(|e| year(e)).max().unwrap();
    let ends = |e: &Value| {
        (
            country_of[e["source"].as_str().unwrap()],
            country_of[e["target"].as_str().unwrap()],
        )
    };
    let pair = |e: &Value, a: &str, b: &str| {
        let (x, y) = ends(e);
        (x == a && y == b) || (x == b && y == a)
    };
    let cooperation = |e: &Value| COOPERATION.contains(&e["kind"].as_str().unwrap());
    let tie = |a: &str, b: &str| -> f64 {
        edges
            .iter()
            .filter(|e| cooperation(e) && pair(e, a, b))
            .map(|e| {
                let age = year(e).map_or(10.0, |y| f64::from(latest - y));
                base(e["kind"].as_str().unwrap()) * 0.5f64.powf(age / 5.0)
            })
            .sum()
    };
    let orgs = |x: &str| -> BTreeSet<&str> {
        edges
            .iter()
            .filter(|e| e["kind"] == "member_of" && e["source"] == x)
            .map(|e| e["target"].as_str().unwrap())
            .collect()
    };
    let j = egov(&[
        "--context",
        "none",
        "spreaders",
        "--from",
        "kr",
        "--top",
        "1000",
        "--format",
        "json",
    ])
    .json();
    let mut checked = 0;
    for r in j["regions"].as_array().unwrap() {
        if r["kind"] != "m49" {
            continue;
        }
        let name = r["region"].as_str().unwrap();
        let members: Vec<&str> = region_of
            .iter()
            .filter(|(id, reg)| **reg == name && **id != "kr")
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(r["targets"], members.len());
        for s in r["spreaders"].as_array().unwrap() {
            let x = s["id"].as_str().unwrap();
            let t = tie("kr", x);
            let mut total = 1.0;
            let mut context = 0.0;
            for &m in members.iter().filter(|&&m| m != x) {
                if edges.iter().any(|e| cooperation(e) && pair(e, x, m)) {
                    total += 1.0;
                } else if edges
                    .iter()
                    .any(|e| e["kind"] == "borders" && pair(e, x, m))
                    || !orgs(x).is_disjoint(&orgs(m))
                {
                    total += 0.25;
                    context += 0.25;
                }
            }
            let score = t * total / members.len() as f64;
            let got = s["score"].as_f64().unwrap();
            assert!((got - score).abs() < 1e-9, "{name} {x}: {got} vs {score}");
            let share = s["context_share"].as_f64().unwrap();
            assert!((share - context / total).abs() < 1e-9, "{name} {x}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
}

#[test]
fn a_planned_tie_makes_no_spreader_unless_asked_for() {
    let planned = tie("s", "b", "mou", "2020")
        .replace("kind = \"mou\"", "kind = \"mou\"\nstatus = \"planned\"");
    let w = small_world(&format!("{}{planned}", tie("s", "a", "mou", "2020")));
    let j = scores(&w, &[]);
    assert_eq!(
        letters(j["regions"][0]["spreaders"].as_array().unwrap()),
        ["a"]
    );
    let with = scores(&w, &["--include-planned", "--sort", "score"]);
    let r = with["regions"][0]["spreaders"].as_array().unwrap();
    let mut got = letters(r);
    got.sort_unstable();
    assert_eq!(got, ["a", "b"]);
}

/// An analyst's bare edge list has ties of no kind: spreaders finds no
/// partner, and says why instead of leaving an empty table unexplained.
#[test]
fn a_bare_edge_list_gets_told_why_it_has_no_spreaders() {
    let dir = tempdir();
    write(
        dir.path(),
        "edges.csv",
        "Source,Target,Type\nEE,LV,Undirected\nEE,UA,Undirected\nUA,MD,Undirected\n",
    );
    egov_in(dir.path(), &["init", "g.egdb", "--from", "edges.csv"]).expect_code(0);
    let r = egov_in(dir.path(), &["--db", "g.egdb", "spreaders", "--from", "ee"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .contains("2 of its ties have no cooperation kind ('tie')"),
        "{}",
        r.stderr
    );
}

/// The UN member states of an M49 region (intermediate region, else
/// sub-region), read from the reference tables.
fn un_members_of(region: &str) -> BTreeSet<String> {
    let dir = crate::util::root().join("graphs/reference");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let un: BTreeSet<String> = read("memberships.csv")
        .lines()
        .filter_map(|l| {
            let mut f = l.split(',');
            let (c, o) = (f.next()?, f.next()?);
            (o == "un").then(|| c.to_string())
        })
        .collect();
    let countries = read("countries.csv");
    let mut lines = countries.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (a2, sub, inter) = (col("alpha2"), col("sub_region"), col("intermediate_region"));
    let mut out = BTreeSet::new();
    let mut rdr = csv::ReaderBuilder::new().from_reader(countries.as_bytes());
    for row in rdr.records() {
        let row = row.unwrap();
        let r = if row[inter].is_empty() {
            &row[sub]
        } else {
            &row[inter]
        };
        if r == region && un.contains(&row[a2]) {
            out.insert(row[a2].to_string());
        }
    }
    out
}

#[test]
fn a_region_counts_every_member_state_not_only_those_in_the_data() {
    // Korea's one partner in Northern Africa: the region still has all
    // its states to reach, and the partner reaches its neighbours by the
    // reference layer's borders.
    let dir = tempdir();
    write(
        dir.path(),
        "e.csv",
        "source,target,kind,date,cite,quote\nkr,tn,mou,2016-05-26,s,signed\n",
    );
    write(
        dir.path(),
        "s.toml",
        "[[source]]\nid = \"s\"\ntitle = \"A report\"\n",
    );
    egov_in(dir.path(), &["init", "x.egdb", "--from", "e.csv", "s.toml"]).expect_code(0);
    let run = |context: &str| {
        egov_in(
            dir.path(),
            &[
                "--db",
                "x.egdb",
                "--context",
                context,
                "--format",
                "json",
                "spreaders",
                "--from",
                "kr",
            ],
        )
        .json()
    };
    let j = run("builtin");
    let region = j["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["spreaders"][0]["id"] == "tn")
        .unwrap_or_else(|| panic!("{j:#}"))
        .clone();
    let name = region["region"].as_str().unwrap();
    let states = un_members_of(name);
    assert!(states.contains("tn"), "{name}: {states:?}");
    assert_eq!(region["targets"], states.len(), "{name}");
    let reached: BTreeSet<&str> = region["spreaders"][0]["reached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(
        !reached.is_empty() && reached.iter().all(|r| states.contains(*r)),
        "{reached:?}"
    );
    // Without the layer, the data's own countries only.
    let bare = run("none");
    let region = bare["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == name);
    assert!(region.is_none_or(|r| r["targets"] == 1), "{bare:#}");
}
