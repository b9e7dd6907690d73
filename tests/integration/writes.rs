//! Writes as a user meets them: add, rm, set and import on a database file;
//! and what must never happen to it: a killed import, four writers at once,
//! bad input and a failing disk must each leave a database that opens and
//! holds either the old content or the new, never a mix.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use egov_graph::model::{Dataset, Edge, EdgeKind, Graph, Node, NodeKind, PartialDate, Source};
use egov_graph::store::{self, Draft};
use proptest::prelude::*;

use crate::util::{egov_in, root, tempdir, write};

/// Builds `dir/g.egdb` from the curated data and returns its bytes.
fn base_db(dir: &Path) -> Vec<u8> {
    let graphs = root().join("graphs");
    egov_in(dir, &["init", "g.egdb", "--from", graphs.to_str().unwrap()]).expect_code(0);
    std::fs::read(dir.join("g.egdb")).unwrap()
}

fn dataset(path: &Path) -> Dataset {
    store::open(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_dataset()
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

/// A small deterministic generator, so that failures can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn writing_without_a_database_file_is_refused_with_a_hint() {
    let dir = tempdir();
    for args in [
        &["add", "node", "zz", "--kind", "organization", "--name", "Z"][..],
        &["rm", "kz"],
        &["set", "kz", "name=K"],
        &["import", "x.toml"],
    ] {
        let r = egov_in(dir.path(), args);
        r.expect_code(2);
        assert!(
            r.stderr.contains("pass --db PATH"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("egov init"), "{args:?}: {}", r.stderr);
    }
    let r = egov_in(
        dir.path(),
        &["--db", "missing.egdb", "rm", "kz", "--cascade"],
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("missing.egdb: no such database"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("missing.egdb.lock").exists());
}

#[test]
fn add_set_and_rm_change_the_database_one_transaction_each() {
    let dir = tempdir();
    let original = base_db(dir.path());
    let db = |args: &[&str]| {
        let mut all = vec!["--db", "g.egdb"];
        all.extend_from_slice(args);
        egov_in(dir.path(), &all)
    };
    let r = db(&[
        "add",
        "source",
        "t-2019",
        "--title",
        "Korea and Uzbekistan sign MOU",
        "--date",
        "2019-04",
    ]);
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "add source t-2019\nwrote g.egdb: added 1 source\n"
    );
    db(&[
        "add",
        "node",
        "uz-mdt",
        "--kind",
        "ministry",
        "--name",
        "Ministry of Digital Technologies",
        "--country",
        "uz",
        "--alias",
        "MDT",
    ])
    .expect_code(0);
    let r = db(&[
        "add",
        "edge",
        "kr-moi",
        "uz-mdt",
        "--kind",
        "mou",
        "--date",
        "2019-04-18",
        "--cite",
        "t-2019",
        "--quote",
        "signed an MOU",
    ]);
    r.expect_code(0);
    assert!(
        r.stderr.is_empty(),
        "a cited edge gives no warning: {}",
        r.stderr
    );
    let shown = db(&["show", "MDT", "--format", "json"]);
    shown.expect_code(0);
    assert!(shown.stdout.contains("signed an MOU"), "{}", shown.stdout);

    // The same edge again is refused; so is an edge to a node that is not there.
    let r = db(&[
        "add",
        "edge",
        "kr-moi",
        "uz-mdt",
        "--kind",
        "mou",
        "--date",
        "2019-04-18",
        "--cite",
        "t-2019",
        "--quote",
        "signed an MOU",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("identical edge"), "{}", r.stderr);
    let before = std::fs::read(dir.path().join("g.egdb")).unwrap();
    // Ends are resolved as read commands resolve them (ids, names,
    // aliases): an unknown one is "no node matches", with suggestions.
    let r = db(&["add", "edge", "kr-moi", "uz-mdtt", "--kind", "visit"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .contains("no node matches 'uz-mdtt'; did you mean: uz-mdt"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(dir.path().join("g.egdb")).unwrap(), before);

    let r = db(&[
        "set",
        "uz-mdt",
        "name=Ministry of Digital Development",
        "note=renamed",
    ]);
    r.expect_code(0);
    assert!(
        r.stdout.starts_with("update node uz-mdt: name: \"Ministry of Digital Technologies\" -> \"Ministry of Digital Development\"; note: (none) -> \"renamed\"\n"),
        "{}",
        r.stdout
    );
    let r = db(&["set", "uz-mdt", "id=other"]);
    r.expect_code(2);
    assert!(r.stderr.contains("id cannot be changed"), "{}", r.stderr);
    let r = db(&["set", "uz-mdt", "kind=country"]);
    r.expect_code(1);
    assert!(
        r.stderr.contains("country id 'uz-mdt' must be"),
        "{}",
        r.stderr
    );

    // Removing the ministry would leave its MOU dangling.
    let r = db(&["rm", "uz-mdt"]);
    r.expect_code(1);
    assert!(r.stderr.contains("pass --cascade"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "would remove edge kr-moi--uz-mdt:mou:2019-04-18 (kr-moi -- uz-mdt mou 2019-04-18)"
        ),
        "{}",
        r.stderr
    );
    let r = db(&["rm", "uz-mdt", "--cascade"]);
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "remove node uz-mdt\nremove edge kr-moi--uz-mdt:mou:2019-04-18 (kr-moi -- uz-mdt mou 2019-04-18)\nwrote g.egdb: removed 1 node, removed 1 edge\n"
    );
    // Now the source is uncited and goes without --cascade.
    db(&["rm", "t-2019"]).expect_code(0);
    // Everything added has been taken out again: the data is as it began.
    assert_eq!(
        dataset(&dir.path().join("g.egdb")),
        store::from_bytes(Path::new("g.egdb"), &original)
            .unwrap()
            .to_dataset()
    );
}

#[test]
fn removing_a_cited_source_needs_cascade_and_keeps_the_citing_records() {
    let dir = tempdir();
    base_db(dir.path());
    let r = egov_in(dir.path(), &["--db", "g.egdb", "rm", "kit-2017-04-30"]);
    r.expect_code(1);
    assert!(r.stderr.contains("cited by edge"), "{}", r.stderr);
    let edges_before = dataset(&dir.path().join("g.egdb")).edges.len();
    let r = egov_in(
        dir.path(),
        &["--db", "g.egdb", "rm", "kit-2017-04-30", "--cascade"],
    );
    r.expect_code(0);
    let after = dataset(&dir.path().join("g.egdb"));
    assert_eq!(after.edges.len(), edges_before);
    assert!(after
        .edges
        .iter()
        .all(|(_, _, e)| e.cite.iter().all(|c| c.source.as_str() != "kit-2017-04-30")));
}

#[test]
fn import_merges_same_ids_and_adds_new_ones_and_dry_run_writes_nothing() {
    let dir = tempdir();
    let before = base_db(dir.path());
    write(
        dir.path(),
        "more.toml",
        r#"
[[node]]
id = "kz"
kind = "country"
name = "Kazakhstan"
aliases = ["Republic of Kazakhstan", "Kazakstan", "Qazaqstan"]
region = "Central Asia"
cite = [{ source = "un-m49" }]

[[node]]
id = "zz-new"
kind = "organization"
name = "A New Body"

[[edge]]
from = "zz-new"
to = "kz"
kind = "seminar"
date = "2018"
"#,
    );
    let r = egov_in(
        dir.path(),
        &["--db", "g.egdb", "import", "more.toml", "--dry-run"],
    );
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "update node kz: aliases: \"Republic of Kazakhstan; Kazakstan\" -> \"Republic of Kazakhstan; Kazakstan; Qazaqstan\"\n\
         add node zz-new\n\
         add edge zz-new--kz:seminar:2018 (zz-new -- kz seminar 2018)\n\
         dry run: g.egdb was not changed; it would be: updated 1 node, added 1 node, added 1 edge\n"
    );
    assert!(
        r.stderr
            .contains("more.toml:15:1: warning: seminar edge zz-new -> kz has no citation"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(dir.path().join("g.egdb")).unwrap(), before);

    egov_in(dir.path(), &["--db", "g.egdb", "import", "more.toml"]).expect_code(0);
    let g = store::open(&dir.path().join("g.egdb")).unwrap();
    assert_eq!(g.node_by_id("kz").unwrap().aliases.len(), 3);
    assert!(g.node_by_id("zz-new").is_some());
    // The same file again changes nothing and writes nothing.
    let written = std::fs::read(dir.path().join("g.egdb")).unwrap();
    let r = egov_in(
        dir.path(),
        &["--db", "g.egdb", "import", "more.toml", "--format", "json"],
    );
    r.expect_code(0);
    let v = r.json();
    assert_eq!(v["written"], false);
    assert_eq!(v["unchanged"], 3);
    assert_eq!(std::fs::read(dir.path().join("g.egdb")).unwrap(), written);
}

#[test]
fn bad_input_corpus_gives_clear_errors_and_leaves_the_database_unchanged() {
    let bad = root().join("tests/data/bad");
    let manifest = std::fs::read_to_string(bad.join("MANIFEST")).unwrap();
    let cases: Vec<(&str, i32, &str)> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let file = parts.next().unwrap();
            let code = parts
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or_else(|| panic!("bad MANIFEST line {l:?}"));
            (
                file,
                code,
                parts
                    .next()
                    .unwrap_or_else(|| panic!("bad MANIFEST line {l:?}")),
            )
        })
        .collect();
    let listed: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for entry in std::fs::read_dir(&bad).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name == "MANIFEST" || listed.contains(&name.as_str()),
            "tests/data/bad/{name} is not in MANIFEST"
        );
    }
    let dir = tempdir();
    let good = base_db(dir.path());
    write(
        dir.path(),
        "good.toml",
        "[[node]]\nid = \"zz-ok\"\nkind = \"organization\"\nname = \"Fine\"\n",
    );
    let check = |what: &str, r: &crate::util::Run, code: i32, text: &str| {
        assert_eq!(r.code, code, "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains(text),
            "{what}: expected {text:?} in\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{what}: {}", r.stdout);
    };
    for (file, code, text) in cases {
        if file.ends_with(".egdb") {
            let r = egov_in(&bad, &["--db", file, "stats"]);
            check(file, &r, code, text);
            let copy = dir.path().join(file);
            let bytes = std::fs::read(bad.join(file)).unwrap();
            std::fs::write(&copy, &bytes).unwrap();
            let r = egov_in(dir.path(), &["--db", file, "import", "good.toml"]);
            check(file, &r, code, text);
            assert_eq!(std::fs::read(&copy).unwrap(), bytes, "{file} was changed");
        } else {
            let r = egov_in(
                &bad,
                &[
                    "--db",
                    dir.path().join("g.egdb").to_str().unwrap(),
                    "import",
                    file,
                ],
            );
            check(file, &r, code, text);
            assert!(
                r.stderr.contains("g.egdb was not changed"),
                "{file}: {}",
                r.stderr
            );
            assert_eq!(
                std::fs::read(dir.path().join("g.egdb")).unwrap(),
                good,
                "{file}: the database was changed"
            );
        }
    }
}

#[test]
fn a_second_writer_fails_at_once_with_no_wait_and_otherwise_waits_and_says_so() {
    let dir = tempdir();
    base_db(dir.path());
    let db = dir.path().join("g.egdb");
    let held = store::lock::acquire(&db, store::Wait::NoWait, &mut |_| {}).unwrap();
    let args = [
        "--db",
        "g.egdb",
        "add",
        "node",
        "zz-w",
        "--kind",
        "organization",
        "--name",
        "W",
    ];
    let mut no_wait = args.to_vec();
    no_wait.push("--no-wait");
    let r = egov_in(dir.path(), &no_wait);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("another egov is writing to this database"),
        "{}",
        r.stderr
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("EGOV_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the message (not for a time): then let the writer in.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(
        line.contains("waiting for another egov to finish writing to g.egdb"),
        "{line}"
    );
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(store::open(&db).unwrap().node_by_id("zz-w").is_some());
}

#[test]
fn four_writers_adding_fifty_edges_each_lose_none() {
    let dir = tempdir();
    base_db(dir.path());
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                for i in 0..50 {
                    let place = format!("w{w}-{i}");
                    let r = egov_in(
                        &dir,
                        &[
                            "--db",
                            "g.egdb",
                            "add",
                            "edge",
                            "kr-moi",
                            "kz-mic",
                            "--kind",
                            "seminar",
                            "--place",
                            &place,
                            "--cite",
                            "kit-2017-04-30",
                            "--quote",
                            "e-Government Cooperation Forum",
                        ],
                    );
                    assert_eq!(r.code, 0, "{place}: {}", r.stderr);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let g = store::open(&dir.path().join("g.egdb")).unwrap();
    let mut places: Vec<String> = g
        .edges()
        .filter_map(|e| e.edge.place.clone())
        .filter(|p| p.starts_with('w') && p.contains('-'))
        .collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), 200);
    // The file validates: its records pass the rules of `egov validate`.
    Draft::new(&g, "g.egdb").finish().unwrap();
    assert!(temp_files(dir.path()).is_empty());
}

/// Writes a nodes table and an edges table large enough that an import
/// takes a noticeable time.
fn big_import(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut nodes = String::from("id,kind,name,country,note\n");
    let mut edges = String::from("source,target,kind,date,amount_usd,cite,note\n");
    for i in 0..n {
        nodes.push_str(&format!(
            "zz-body-{i},agency,Agency number {i},kr,generated for the crash test\n"
        ));
        edges.push_str(&format!(
            "kr,zz-body-{i},project,20{:02}-{:02},{},un-m49,row {i}\n",
            i % 30,
            i % 12 + 1,
            i * 10
        ));
        edges.push_str(&format!("zz-body-{i},kr,part_of,,,,\n"));
    }
    vec![
        write(dir, "big-nodes.csv", &nodes),
        write(dir, "big-edges.csv", &edges),
    ]
}

#[test]
fn imports_killed_at_random_moments_leave_the_old_or_the_new_database() {
    let dir = tempdir();
    let old_bytes = base_db(dir.path());
    let db = dir.path().join("g.egdb");
    let files = big_import(dir.path(), 5_000);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_egov"))
            .arg("--db")
            .arg(&db)
            .arg("import")
            .args(&files)
            .env_remove("EGOV_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // One whole import: the new content, and how long an import takes here.
    let started = Instant::now();
    assert!(spawn().wait().unwrap().success());
    let full = started.elapsed();
    let new = dataset(&db);
    let old = store::from_bytes(&db, &old_bytes).unwrap().to_dataset();
    assert_ne!(old, new);

    let mut rng = XorShift(0x5EED_2024_0000_0001);
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..24 {
        std::fs::write(&db, &old_bytes).unwrap();
        let mut child = spawn();
        // Anywhere from the start to a little past the usual end.
        let span = full.as_micros() as u64 * 12 / 10 + 1;
        std::thread::sleep(Duration::from_micros(rng.next() % span));
        let _ = child.kill(); // SIGKILL on Unix; an error only if it already ended
        let _ = child.wait();
        let now = dataset(&db);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("round {round}: the database holds neither the old nor the new content");
        }
    }
    eprintln!(
        "killed imports: {saw_old} left the old database, {saw_new} the new (import took {full:?})"
    );
    // Temporary files of killed writers are removed by the next writer.
    std::fs::write(&db, &old_bytes).unwrap();
    let r = egov_in(
        dir.path(),
        &["--db", "g.egdb", "import", "big-nodes.csv", "big-edges.csv"],
    );
    r.expect_code(0);
    assert!(
        temp_files(dir.path()).is_empty(),
        "{:?}",
        temp_files(dir.path())
    );
    assert_eq!(dataset(&db), new);
}

/// A save that fails part way (here: the file-size limit, which acts as a
/// full disk for this process and works even for root) leaves the old file
/// byte for byte and says why.
#[cfg(unix)]
#[test]
fn a_failing_save_leaves_the_old_file_and_says_why() {
    let dir = tempdir();
    let old_bytes = base_db(dir.path());
    big_import(dir.path(), 2_000);
    // Ignore SIGXFSZ so that writing past the limit is an EFBIG error
    // rather than the end of the process; `ulimit -f` counts 1024 or 512
    // byte blocks depending on the shell, far below the new file either way.
    let script = format!(
        "trap '' XFSZ; ulimit -f {}; exec \"$0\" --db g.egdb import big-nodes.csv big-edges.csv",
        old_bytes.len() / 512 + 2
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_egov"))
        .current_dir(dir.path())
        .env_remove("EGOV_DB")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("egov: g.egdb: "), "{stderr}");
    assert!(stderr.to_lowercase().contains("file too large"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("g.egdb")).unwrap(), old_bytes);
    assert!(
        temp_files(dir.path()).is_empty(),
        "{:?}",
        temp_files(dir.path())
    );

    // A folder the writer may not write into, where permissions apply (not
    // for root, who may write anywhere).
    use std::os::unix::fs::PermissionsExt;
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::copy(dir.path().join("g.egdb"), ro.join("g.egdb")).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = std::fs::write(ro.join("probe"), b"x").is_err();
    if enforced {
        let r = egov_in(
            &ro,
            &[
                "--db",
                "g.egdb",
                "add",
                "node",
                "zz-ro",
                "--kind",
                "organization",
                "--name",
                "R",
            ],
        );
        r.expect_code(2);
        assert!(r.stderr.contains("Permission denied"), "{}", r.stderr);
        assert_eq!(std::fs::read(ro.join("g.egdb")).unwrap(), old_bytes);
    } else {
        eprintln!("note: running as root, so the read-only folder case is not checked");
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn arb_text() -> impl Strategy<Value = String> {
    // Printable text, Hangul, quotes, backslashes and markup characters
    // included; not blank at either end, since every format reads an
    // empty or padded value as absent or trimmed.
    "[!-~가-힣ÀÉ]([ -~가-힣ÀÉ]{0,14}[!-~가-힣ÀÉ])?"
}

prop_compose! {
    fn arb_graph()(
        n in 1usize..10,
        names in prop::collection::vec(arb_text(), 10),
        raw_edges in prop::collection::vec(
            (0usize..10, 0usize..10, 0usize..5, prop::option::of((1990i16..2030, prop::option::of(1u8..13))),
             prop::option::of(0.0f64..1e12), arb_text(), prop::option::of(arb_text())),
            0..25),
        source_title in arb_text(),
    ) -> Graph {
        let mut g = Graph::new();
        g.add_source(Source::new("src".parse().unwrap(), format!("t{source_title}"))).unwrap();
        let mut ix = Vec::new();
        for (i, name) in names.iter().take(n).enumerate() {
            let mut node = Node::new(format!("org-{i}").parse().unwrap(), NodeKind::Organization, format!("n{name}"));
            node.aliases.push(name.clone());
            ix.push(g.add_node(node).unwrap());
        }
        let kinds = [EdgeKind::Mou, EdgeKind::Forum, EdgeKind::Project, EdgeKind::Export, EdgeKind::Visit];
        for (a, b, k, date, amount, note, attr) in raw_edges {
            let (a, b) = (a % n, b % n);
            if a == b {
                continue;
            }
            let mut e = Edge::new(kinds[k]);
            e.date = date.and_then(|(y, m)| PartialDate::new(y, m, None));
            e.amount_usd = amount;
            e.note = Some(note);
            if let Some(v) = attr {
                e.attrs.insert("extra".into(), v);
            }
            e.cite.push(egov_graph::model::Citation { source: "src".parse().unwrap(), quote: None });
            g.add_edge(ix[a], ix[b], e).unwrap();
        }
        g
    }
}

/// `g` written in `format` and read back, as the graph validation builds.
fn through(format: &str, g: &Graph) -> Result<Dataset, String> {
    use egov_graph::io;
    let input = match format {
        "json" => io::read_json("g.json", &io::write_json(g)),
        "graphml" => io::read_graphml(
            "g.graphml",
            &io::write_graphml(g).map_err(|e| e.to_string())?,
        ),
        _ => {
            let t = io::write_csv(g).map_err(|e| e.to_string())?;
            let mut input = io::read_csv("sources.csv", &t.sources);
            input.extend(io::read_csv("nodes.csv", &t.nodes));
            input.extend(io::read_csv("edges.csv", &t.edges));
            input
        }
    };
    let checked = egov_graph::validate(input, false);
    match checked.graph {
        Some(back) => Ok(back.to_dataset()),
        None => Err(checked
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_graphs_round_trip_through_json_graphml_and_csv(g in arb_graph()) {
        for format in ["json", "graphml", "csv"] {
            let back = through(format, &g);
            prop_assert_eq!(back, Ok(g.to_dataset()), "{}", format);
        }
    }

    #[test]
    fn random_graphs_round_trip_through_the_database_file_and_a_draft(g in arb_graph()) {
        let dir = tempdir();
        let path = dir.path().join("p.egdb");
        store::save(&path, &g).unwrap();
        let back = store::open(&path).unwrap();
        prop_assert_eq!(back.to_dataset(), g.to_dataset());
        // A write that changes nothing gives back the same graph.
        let done = Draft::new(&back, "p.egdb").finish().unwrap();
        prop_assert!(done.changes.is_empty());
        prop_assert_eq!(done.graph.to_dataset(), g.to_dataset());
    }
}
