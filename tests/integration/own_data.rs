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
    // Without the reference layer, whose Kazakhstan-Uzbekistan border
    // would be a path of its own.
    egov_in(
        dir,
        &["--context", "none", "init", "g.egdb", "--from", "data.toml"],
    )
    .expect_code(0);
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

#[test]
fn one_edge_is_shown_corrected_and_removed_by_its_id_with_nothing_else_changed() {
    let dir = tempdir();
    planned_db(dir.path());
    let d = dir.path();
    let db = |args: &[&str]| {
        let mut all = vec!["--db", "g.egdb"];
        all.extend_from_slice(args);
        egov_in(d, &all)
    };
    // `show` names each edge's id; JSON too.
    let r = db(&["show", "kz"]);
    r.expect_code(0);
    assert!(r.stdout.contains("id kr--kz:mou:2016-11"), "{}", r.stdout);
    let r = db(&["--format", "json", "show", "kz"]);
    assert_eq!(r.json()["edges"]["mou"][0]["id"], "kr--kz:mou:2016-11");
    let before = egov_graph::store::open(&d.join("g.egdb"))
        .unwrap()
        .to_dataset();

    // Corrected: the date and status of that one edge, its id kept.
    let r = db(&[
        "set",
        "kr--kz:mou:2016-11",
        "date=2016-11-05",
        "status=planned",
    ]);
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "update edge kr--kz:mou:2016-11 (kr -- kz mou 2016-11-05): status: (none) -> \"planned\"; date: \"2016-11\" -> \"2016-11-05\"\nwrote g.egdb: updated 1 edge\n"
    );
    let after = egov_graph::store::open(&d.join("g.egdb"))
        .unwrap()
        .to_dataset();
    assert_eq!(after.nodes, before.nodes);
    assert_eq!(after.sources, before.sources);
    assert_eq!(after.edges[1], before.edges[1]);
    let mut want = before.edges[0].clone();
    want.2.date = "2016-11-05".parse().ok();
    want.2.status = egov_graph::model::EdgeStatus::Planned;
    assert_eq!(after.edges[0], want);

    // An import of a file naming the id updates that edge again.
    write(
        d,
        "fix.csv",
        "id,source,target,kind,date,cite\nkr--kz:mou:2016-11,kr,kz,mou,2016-11-04,art\n",
    );
    let r = db(&["import", "fix.csv"]);
    r.expect_code(0);
    assert!(
        r.stdout
            .starts_with("update edge kr--kz:mou:2016-11 (kr -- kz mou 2016-11-04)"),
        "{}",
        r.stdout
    );
    let imported = egov_graph::store::open(&d.join("g.egdb"))
        .unwrap()
        .to_dataset();
    assert_eq!(imported.edges.len(), before.edges.len());

    // Removed by id: nothing else goes.
    let r = db(&["rm", "kr--kz:mou:2016-11"]);
    r.expect_code(0);
    let gone = egov_graph::store::open(&d.join("g.egdb"))
        .unwrap()
        .to_dataset();
    assert_eq!(gone.edges, before.edges[1..]);
    assert_eq!(gone.nodes, before.nodes);
    // An unknown id says what is close.
    let r = db(&["rm", "kz--uz:forum:2017-1"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("did you mean: kz--uz:forum:2017-10"),
        "{}",
        r.stderr
    );
}

#[test]
fn edge_ids_are_given_or_made_unique_and_a_repeated_one_is_refused() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d,
        "nodes.csv",
        "id,name,kind,region\nkr,Korea,country,Eastern Asia\nkz,Kazakhstan,country,Central Asia\n",
    );
    write(
        d,
        "edges.csv",
        "source,target,kind,date,id\nkr,kz,visit,2016,\nkr,kz,visit,2016,\nkr,kz,visit,2017,trip-2017\n",
    );
    egov_in(d, &["init", "g.egdb", "--from", "nodes.csv", "edges.csv"]).expect_code(0);
    let g = egov_graph::store::open(&d.join("g.egdb")).unwrap();
    let ids: Vec<String> = g
        .edges()
        .map(|e| e.edge.id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["kr--kz:visit:2016", "kr--kz:visit:2016.2", "trip-2017"]
    );
    // Every export carries them.
    for (format, out) in [
        ("json", "g.json"),
        ("graphml", "g.graphml"),
        ("gexf", "g.gexf"),
    ] {
        egov_in(d, &["--db", "g.egdb", "export", format, "-o", out]).expect_code(0);
        let text = std::fs::read_to_string(d.join(out)).unwrap();
        assert!(text.contains("kr--kz:visit:2016.2"), "{format}: {text}");
    }
    egov_in(d, &["--db", "g.egdb", "export", "csv", "-o", "csv"]).expect_code(0);
    let edges = std::fs::read_to_string(d.join("csv/edges.csv")).unwrap();
    assert!(edges.contains(",trip-2017,"), "{edges}");
    egov_in(d, &["--db", "g.egdb", "export", "neo4j", "-o", "neo"]).expect_code(0);
    let edges = std::fs::read_to_string(d.join("neo/edges.csv")).unwrap();
    assert!(edges.contains(",trip-2017,"), "{edges}");
    // The same id twice is an error at its place.
    write(
        d,
        "twice.csv",
        "source,target,kind,id\nkr,kz,visit,trip\nkz,kr,visit,trip\n",
    );
    let r = egov_in(d, &["validate", "nodes.csv", "twice.csv"]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("twice.csv:3: duplicate edge id 'trip' (first given at twice.csv:2)"),
        "{}",
        r.stdout
    );
    // `add edge --id` takes a free id and refuses a taken one.
    let r = egov_in(
        d,
        &[
            "--db",
            "g.egdb",
            "add",
            "edge",
            "kr",
            "kz",
            "--kind",
            "visit",
            "--id",
            "trip-2017",
        ],
    );
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("an edge with id 'trip-2017' already exists"),
        "{}",
        r.stderr
    );
}

#[test]
fn writes_take_names_and_aliases_as_reads_do() {
    let dir = tempdir();
    let d = dir.path();
    // With no --from, the built-in dataset; DB may follow --from.
    egov_in(d, &["init", "g.egdb"]).expect_code(0);
    let data = crate::util::root().join("graphs");
    egov_in(d, &["init", "--from", data.to_str().unwrap(), "h.egdb"]).expect_code(0);
    let r = egov_in(d, &["init", "--from", data.to_str().unwrap()]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("name the database file to write"),
        "{}",
        r.stderr
    );
    let db = |args: &[&str]| {
        let mut all = vec!["--db", "g.egdb"];
        all.extend_from_slice(args);
        egov_in(d, &all)
    };
    // Names, aliases and a source's title; each --quote with its --cite.
    let r = db(&[
        "add",
        "edge",
        "Kazakhstan",
        "Uzbekistan",
        "--kind",
        "mou",
        "--date",
        "2019",
        "--cite",
        "Korean e-Government",
        "--cite",
        "kit-2017-04-30",
        "--quote",
        "a quote",
        "--topics",
        "e-ID,open data",
        "--derived",
        "the year is inferred",
        "--date-note",
        "'last year' in a 2020 article",
    ]);
    r.expect_code(0);
    assert!(
        r.stdout
            .starts_with("add edge kz--uz:mou:2019 (kz -- uz mou 2019)"),
        "{}",
        r.stdout
    );
    let g = egov_graph::store::open(&d.join("g.egdb")).unwrap();
    let e = g
        .find_edge("kz--uz:mou:2019")
        .and_then(|ix| g.edge(ix))
        .unwrap();
    let cites: Vec<(&str, Option<&str>)> = e
        .edge
        .cite
        .iter()
        .map(|c| (c.source.as_str(), c.quote.as_deref()))
        .collect();
    assert_eq!(
        cites,
        [("bk-2014", None), ("kit-2017-04-30", Some("a quote"))]
    );
    assert_eq!(e.edge.topics, ["e-ID", "open data"]);
    assert_eq!(e.edge.derived.as_deref(), Some("the year is inferred"));
    assert_eq!(
        e.edge.date_note.as_deref(),
        Some("'last year' in a 2020 article")
    );
    // An unknown name suggests; set takes a name too.
    let r = db(&["add", "edge", "Kazakstann", "uz", "--kind", "visit"]);
    r.expect_code(1);
    assert!(r.stderr.contains("did you mean: kz"), "{}", r.stderr);
    let r = db(&["set", "Republic of Kazakhstan", "note=renamed", "--dry-run"]);
    r.expect_code(0);
    assert!(r.stdout.starts_with("update node kz: note"), "{}", r.stdout);
    let r = db(&[
        "add", "edge", "kz", "uz", "--kind", "visit", "--cite", "SRC",
    ]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("no source is called 'SRC'"),
        "{}",
        r.stderr
    );
    let r = db(&[
        "add",
        "edge",
        "kz",
        "uz",
        "--kind",
        "export",
        "--amount-usd",
        "-5",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("amount must be ≥ 0"), "{}", r.stderr);
}

#[test]
fn a_name_two_nodes_share_is_refused_with_both() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d,
        "n.csv",
        "id,name,kind,country,region\nkr,Korea,country,,Eastern Asia\nkz,Kazakhstan,country,,Central Asia\nkr-moi,Ministry of the Interior,ministry,kr,\nkz-moi,Ministry of the Interior,ministry,kz,\n",
    );
    egov_in(d, &["init", "g.egdb", "--from", "n.csv"]).expect_code(0);
    let r = egov_in(
        d,
        &[
            "--db",
            "g.egdb",
            "add",
            "edge",
            "Ministry of the Interior",
            "kz",
            "--kind",
            "visit",
        ],
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("'Ministry of the Interior' names 2 nodes: kr-moi (Ministry of the Interior), kz-moi (Ministry of the Interior); use an id"),
        "{}",
        r.stderr
    );
}

#[test]
fn counts_and_date_ranges_out_of_range_are_usage_errors() {
    for (args, says) in [
        (
            &["path", "fr", "uz", "-k", "0"][..],
            "must be at least 1 (got 0)",
        ),
        (&["hubs", "--top", "0"][..], "must be at least 1 (got 0)"),
        (
            &["neighbors", "kz", "--depth", "0"][..],
            "must be at least 1",
        ),
        (
            &["path", "fr", "uz", "-k", "-1"][..],
            "must be at least 1 (got -1)",
        ),
        (
            &["timeline", "--since", "2018", "--until", "2016"][..],
            "--since 2018 is after --until 2016",
        ),
    ] {
        let r = crate::util::egov(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn gephi_kumu_and_neo4j_edge_lists_are_enough_for_path_and_hubs() {
    let dir = tempdir();
    let d = dir.path();
    // A bare Gephi edge list of countries by ISO code.
    write(
        d,
        "edges.csv",
        "Source,Target,Type,Weight,Start,End\nKR,KZ,Undirected,3,2016-11,\nKR,UZ,Undirected,2,2015,\nKZ,UZ,Undirected,1,2017-04,\nUZ,TJ,Undirected,1,,\n",
    );
    let r = egov_in(d, &["init", "g.egdb", "--from", "edges.csv"]);
    r.expect_code(0);
    assert_eq!(
        r.stderr,
        "note: created 4 nodes named only in edges: 4 countries (kr, kz, uz, tj); 4 edges had no kind: 'tie'\n"
    );
    let r = egov_in(d, &["--db", "g.egdb", "path", "kr", "tj"]);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("(kr) -> Uzbekistan (uz) -> Tajikistan (tj)"),
        "{}",
        r.stdout
    );
    let r = egov_in(
        d,
        &["--db", "g.egdb", "--format", "json", "hubs", "--top", "1"],
    );
    r.expect_code(0);
    assert_eq!(r.json()[0]["id"], "uz", "{}", r.stdout);
    let g = egov_graph::store::open(&d.join("g.egdb")).unwrap();
    let e = g.edges().next().unwrap();
    assert_eq!(e.edge.kind, egov_graph::model::EdgeKind::Tie);
    assert_eq!(
        e.edge.date.map(|x| x.to_string()).as_deref(),
        Some("2016-11")
    );
    assert_eq!(e.edge.attrs.get("weight").map(String::as_str), Some("3"));
    assert_eq!(
        g.node_by_id("tj").unwrap().region.as_deref(),
        Some("Central Asia")
    );

    // Kumu: nodes by label (a partial table), edges From,To,Type.
    write(
        d,
        "kumu-nodes.csv",
        "Label,Type\nKorea,Country\nAsian Development Bank,Organization\nEstonia,\n",
    );
    write(
        d,
        "kumu-edges.csv",
        "From,To,Type\nKorea,Asian Development Bank,partnership\nKorea,Estonia,mou\nEstonia,Ukraine,\n",
    );
    let r = egov_in(
        d,
        &[
            "init",
            "k.egdb",
            "--from",
            "kumu-nodes.csv",
            "kumu-edges.csv",
        ],
    );
    r.expect_code(0);
    let r = egov_in(
        d,
        &[
            "--db",
            "k.egdb",
            "path",
            "Asian Development Bank",
            "Ukraine",
            "--wide",
        ],
    );
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("(asian-development-bank) -> Korea (kr) -> Estonia (ee) -> Ukraine (ua)"),
        "{}",
        r.stdout
    );

    // Neo4j admin-import headers; --default-kind for the unknown end.
    write(
        d,
        "neo-nodes.csv",
        ":ID,name,:LABEL,region\nkr,Korea,Actor;Country,Eastern Asia\n",
    );
    write(
        d,
        "neo-edges.csv",
        ":START_ID(Actor),:END_ID(Actor),:TYPE\nkr,undp,PROJECT\n",
    );
    let r = egov_in(
        d,
        &[
            "init",
            "n.egdb",
            "--from",
            "neo-nodes.csv",
            "neo-edges.csv",
            "--default-kind",
            "person",
        ],
    );
    r.expect_code(0);
    let g = egov_graph::store::open(&d.join("n.egdb")).unwrap();
    assert_eq!(
        g.node_by_id("undp").unwrap().kind,
        egov_graph::model::NodeKind::Person
    );
    let r = egov_in(d, &["--db", "n.egdb", "hubs", "--top", "2"]);
    r.expect_code(0);
}

#[test]
fn a_misspelled_column_is_warned_about_refused_under_strict_or_kept_silently() {
    let dir = tempdir();
    let d = dir.path();
    write(
        d,
        "e.csv",
        "source,target,kind,dat,amount,weight\nKR,KZ,tie,2019-04,5,1\n",
    );
    let r = egov_in(d, &["validate", "e.csv"]);
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "e.csv:1:4: warning: column 'dat' is not a field (did you mean 'date'?); kept as attribute 'dat'",
            "e.csv:1:5: warning: column 'amount' is not a field (did you mean 'amount_usd'?); kept as attribute 'amount'",
        ],
        "{}",
        r.stdout
    );
    // 'weight' is near no field: an attribute without a word.
    assert!(!r.stdout.contains("'weight'"), "{}", r.stdout);
    let r = egov_in(d, &["init", "g.egdb", "--from", "e.csv", "--strict"]);
    r.expect_code(2);
    assert!(
        r.stdout.contains("e.csv:1:4: column 'dat' is not a field"),
        "{}",
        r.stdout
    );
    assert!(!d.join("g.egdb").exists());
    let r = egov_in(d, &["validate", "e.csv", "--attributes"]);
    r.expect_code(0);
    assert!(!r.stdout.contains("not a field"), "{}", r.stdout);
    egov_in(d, &["init", "g.egdb", "--from", "e.csv", "--attributes"]).expect_code(0);
    let g = egov_graph::store::open(&d.join("g.egdb")).unwrap();
    let e = g.edges().next().unwrap();
    assert_eq!(e.edge.attrs.get("dat").map(String::as_str), Some("2019-04"));
    assert_eq!(e.edge.date, None);
}

#[test]
fn import_creates_the_nodes_an_edge_list_names_as_init_does() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "a.csv", "source,target\nKR,KZ\n");
    write(
        d,
        "b.csv",
        "source,target\nKZ,Tajikistan\nKZ,Acme Foundation\n",
    );
    egov_in(d, &["init", "g.egdb", "--from", "a.csv"]).expect_code(0);
    let r = egov_in(d, &["--db", "g.egdb", "import", "b.csv"]);
    r.expect_code(0);
    assert!(
        r.stderr.starts_with(
            "note: created 2 nodes named only in edges: 1 country (tj), 1 organization (acme-foundation)"
        ),
        "{}",
        r.stderr
    );
    egov_in(d, &["init", "h.egdb", "--from", "a.csv", "b.csv"]).expect_code(0);
    let imported = egov_graph::store::open(&d.join("g.egdb")).unwrap();
    let inited = egov_graph::store::open(&d.join("h.egdb")).unwrap();
    for id in ["tj", "acme-foundation"] {
        let (a, b) = (imported.node_by_id(id), inited.node_by_id(id));
        assert!(a.is_some(), "{id} not imported");
        assert_eq!(a, b, "{id}");
    }
    assert_eq!(imported.edge_count(), inited.edge_count());
}

#[test]
fn a_million_uncited_edges_print_a_summary_not_a_million_lines() {
    let dir = tempdir();
    let d = dir.path();
    let mut text = String::from("source,target,kind\n");
    for i in 0..20_000 {
        text.push_str(&format!("n{i},n{},mou\n", i + 1));
    }
    // Some of another kind (self-loops, errors, also uncited): each kind
    // is summarised on its own, errors first.
    text.push_str("n1,n1,mou\nn2,n2,mou\nn3,n3,mou\nn4,n4,mou\nn5,n5,mou\nn6,n6,mou\n");
    write(d, "e.csv", &text);
    let r = egov_in(d, &["init", "g.egdb", "--from", "e.csv"]);
    r.expect_code(1);
    assert!(r.stdout.lines().count() <= 30, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "... 1 more errors like these (6 in all); egov validate --all-warnings lists them all"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("... 20001 more warnings like these (20006 in all)"),
        "{}",
        r.stdout
    );
    text.truncate(text.find("n1,n1").unwrap_or(text.len()));
    write(d, "e.csv", &text);
    let r = egov_in(d, &["init", "g.egdb", "--from", "e.csv"]);
    r.expect_code(0);
    assert!(r.stderr.lines().count() <= 30, "{}", r.stderr);
    let r = egov_in(d, &["validate", "e.csv", "--all-warnings"]);
    assert_eq!(r.stdout.matches("has no citation").count(), 20_000);
    let r = egov_in(d, &["validate", "e.csv", "--strict"]);
    r.expect_code(1);
    assert!(r.stdout.lines().count() <= 30, "{}", r.stdout);
}
