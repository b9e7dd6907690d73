//! Embeds the curated dataset: lists `graphs/*.toml` (the five seed
//! articles' graph) and `graphs/world/*.toml` (the world network built on
//! it) so that the binary can `include_str!` each file and answer with no
//! database on disk.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=graphs");
    // Read when the script runs, not when it was compiled: a build script
    // compiled in another checkout (a copied target/ folder) would else
    // embed that checkout's files.
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let graphs = Path::new(&root).join("graphs");
    let mut files = Vec::new();
    for dir in [graphs.clone(), graphs.join("world")] {
        let mut found: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        files.extend(found);
    }
    let mut out = String::from(
        "/// The curated data files, as (name, text).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let name = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            name,
            f.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("builtin_files.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo::warning=cannot write {}: {e}", dest.display());
    }
}
