//! Running the real `egov` binary in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `egov` printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// The stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `egov` with `args` in `dir`, without `EGOV_DB` from the caller's
/// environment.
pub fn egov_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(args)
        .current_dir(dir)
        .env_remove("EGOV_DB")
        .env_remove("COLUMNS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run egov: {e}"));
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs `egov` with `args` in the crate's root folder.
pub fn egov(args: &[&str]) -> Run {
    egov_in(&root(), args)
}

/// The crate's root folder (where `graphs/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    p
}

/// Whether `python3` can import NetworkX; prints the skip notice if not.
pub fn networkx_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("NetworkX not available (pip install networkx)");
    }
    ok
}

/// Reports a cross-check that cannot run here: prints `skipped: REASON` for
/// a local run, and fails the test when `EGOV_REQUIRE_CROSSCHECKS=1` (CI),
/// so that a check never passes in CI by not running.
#[track_caller]
pub fn skip(reason: &str) {
    if std::env::var("EGOV_REQUIRE_CROSSCHECKS").is_ok_and(|v| v == "1") {
        panic!("cross-check required (EGOV_REQUIRE_CROSSCHECKS=1) but {reason}");
    }
    eprintln!("skipped: {reason}");
}
