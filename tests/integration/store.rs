//! The database file as a user meets it: built, reopened, damaged.

use crate::util::{egov_in, root, tempdir};

fn build(dir: &std::path::Path) -> Vec<u8> {
    let graphs = root().join("graphs");
    egov_in(dir, &["init", "g.egdb", "--from", graphs.to_str().unwrap()]).expect_code(0);
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
