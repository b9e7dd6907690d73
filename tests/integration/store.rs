//! The database file as a user meets it: built, reopened, damaged.

use crate::util::{egov_in, root, tempdir};

fn build(dir: &std::path::Path) -> Vec<u8> {
    let graphs = root().join("graphs");
    let world = graphs.join("world");
    egov_in(
        dir,
        &[
            "init",
            "g.egdb",
            "--from",
            graphs.to_str().unwrap(),
            world.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    std::fs::read(dir.join("g.egdb")).unwrap()
}

#[test]
fn toml_to_database_to_graph_round_trip_is_equal() {
    let dir = tempdir();
    build(dir.path());
    let g = egov_graph::store::open(&dir.path().join("g.egdb")).unwrap();
    let builtin = egov_graph::builtin::graph().unwrap();
    assert_eq!(g.to_dataset(), builtin.to_dataset());
}

#[test]
fn truncated_flipped_foreign_and_random_files_are_refused_cleanly() {
    let dir = tempdir();
    let good = build(dir.path());
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [0, 5, 27, 28, good.len() / 2, good.len() - 1] {
        cases.push((format!("truncated at {cut}"), good[..cut].to_vec()));
    }
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    cases.push(("one flipped bit".into(), flipped));
    let mut future = good.clone();
    future[8] = 99;
    cases.push(("future version".into(), future));
    // Deterministic pseudo-random bytes (xorshift), some starting with the
    // signature so that the header checks are passed and the decoder is hit.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    };
    let noise: Vec<u8> = (0..4096).map(|_| random()).collect();
    cases.push(("random bytes".into(), noise.clone()));
    let mut signed = b"EGOVGDB\n".to_vec();
    signed.extend_from_slice(&noise);
    cases.push(("signature then random bytes".into(), signed));
    for (what, bytes) in cases {
        std::fs::write(dir.path().join("bad.egdb"), &bytes).unwrap();
        let r = egov_in(dir.path(), &["--db", "bad.egdb", "stats"]);
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{what}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("egov: bad.egdb: "),
            "{what}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
        assert_eq!(
            std::fs::read(dir.path().join("bad.egdb")).unwrap(),
            bytes,
            "{what}: the file is left as it was"
        );
    }
}

/// The format version in a database file's header.
fn version_of(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]])
}

#[test]
fn a_format_4_file_opens_and_becomes_the_current_format_on_its_next_write() {
    let data = root().join("tests/data/format-4");
    let old = std::fs::read(data.join("data.egdb")).unwrap();
    assert_eq!(version_of(&old), 4, "the kept file is a version 4 file");
    let dir = tempdir();
    std::fs::write(dir.path().join("old.egdb"), &old).unwrap();
    let opened = egov_graph::store::open(&dir.path().join("old.egdb")).unwrap();
    // The same records as its TOML source, with the new fields empty.
    let toml = data.join("data.toml");
    egov_in(
        dir.path(),
        &[
            "--context",
            "none",
            "init",
            "new.egdb",
            "--from",
            toml.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    let new = egov_graph::store::open(&dir.path().join("new.egdb")).unwrap();
    assert_eq!(opened.to_dataset(), new.to_dataset());
    assert!(new.edges().all(|e| !e.edge.is_planned()));
    // Its edges got their default ids, as the TOML's did.
    assert!(opened.edges().any(|e| e
        .edge
        .id
        .as_ref()
        .is_some_and(|i| i.as_str() == "kr--kz:mou:2016-11")));
    // Reading leaves the file as it is; a write saves it in today's format
    // and keeps everything.
    let r = egov_in(dir.path(), &["--db", "old.egdb", "show", "kz"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Astana"), "{}", r.stdout);
    assert_eq!(std::fs::read(dir.path().join("old.egdb")).unwrap(), old);
    egov_in(
        dir.path(),
        &[
            "--db",
            "old.egdb",
            "add",
            "source",
            "later",
            "--title",
            "A later report",
            "--collection",
            "reports",
        ],
    )
    .expect_code(0);
    let written = std::fs::read(dir.path().join("old.egdb")).unwrap();
    assert_eq!(version_of(&written), egov_graph::store::FORMAT_VERSION);
    let migrated = egov_graph::store::open(&dir.path().join("old.egdb")).unwrap();
    let mut want = new.to_dataset();
    let mut later = egov_graph::model::Source::new("later".parse().unwrap(), "A later report");
    later.collection = Some("reports".into());
    want.sources.push(later);
    assert_eq!(migrated.to_dataset(), want);
}
