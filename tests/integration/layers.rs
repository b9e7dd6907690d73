//! The layers run one way (docs/architecture.md): the model imports nothing
//! above it, and its own files import each other without cycles. Read off
//! the source text of src/model, leaving out comments and test modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the model's code may name under `crate::`: itself and the two
/// leaves beside it (the error type and the two-core helper).
const MODEL_MAY_USE: [&str; 3] = ["model", "error", "par"];

fn model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The lines of `text` that are code outside test modules, with their
/// numbers: comment lines are dropped, and so is the item that follows
/// each `#[cfg(test)]` (up to its closing brace).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skipping = false;
    let mut depth = 0i64;
    let mut opened = false;
    for (n, line) in text.lines().enumerate() {
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        if line.trim() == "#[cfg(test)]" {
            skipping = true;
            depth = 0;
            opened = false;
            continue;
        }
        if skipping {
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            // An item without a body (`use …;`) ends at its semicolon.
            if (opened && depth == 0) || (!opened && code.trim_end().ends_with(';')) {
                skipping = false;
            }
            continue;
        }
        out.push((n + 1, code.to_string()));
    }
    out
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every identifier named right after `prefix` in `code`: `prefix::x`
/// gives `x`, `prefix::{x, y::z}` gives `x` and `y` (the group may span
/// lines, so `code` is a whole file).
fn named_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.push(name.to_string());
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[test]
fn the_model_imports_nothing_above_it() {
    let mut wrong = Vec::new();
    for path in rust_files(&model_dir()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in code_lines(&text) {
            for name in named_after(&line, "crate::") {
                if !MODEL_MAY_USE.contains(&name.as_str()) {
                    wrong.push(format!("{}:{n}: crate::{name}", path.display()));
                }
            }
            if line.contains("egov_graph::") {
                wrong.push(format!("{}:{n}: egov_graph::", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "src/model may only use crate::{{{}}}; found:\n{}",
        MODEL_MAY_USE.join(", "),
        wrong.join("\n")
    );
}

/// The model's files as a graph: file stem -> the stems it imports, by
/// module path (`super::graph::fold`) or through a name `mod.rs`
/// re-exports (`super::Graph` is `graph`'s).
fn model_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = model_dir();
    let modules: BTreeSet<String> = rust_files(&dir)
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_string))
        .filter(|m| m != "mod")
        .collect();
    // `pub use graph::{Dataset, Graph};` files Dataset and Graph under graph.
    let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for stmt in mod_rs.split(';') {
        let stmt = stmt.trim();
        let Some(rest) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        let module = ident(rest).to_string();
        let items = rest[module.len()..].trim_start_matches("::");
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let item = item.trim();
            let name = item.rsplit(" as ").next().unwrap_or(item).trim();
            if !name.is_empty() {
                owner.insert(name.to_string(), module.clone());
            }
        }
    }
    let mut graph = BTreeMap::new();
    for path in rust_files(&dir) {
        let Some(me) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if me == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String = code_lines(&text)
            .into_iter()
            .map(|(_, l)| l + "\n")
            .collect();
        let mut uses = BTreeSet::new();
        for prefix in ["super::", "crate::model::"] {
            for name in named_after(&code, prefix) {
                let module = if modules.contains(&name) {
                    Some(name)
                } else {
                    owner.get(&name).cloned()
                };
                if let Some(m) = module.filter(|m| m != me) {
                    uses.insert(m);
                }
            }
        }
        graph.insert(me.to_string(), uses);
    }
    graph
}

#[test]
fn the_model_files_import_each_other_without_cycles() {
    let graph = model_imports();
    // The reading works: view uses the graph, the graph its packed form.
    assert!(graph["view"].contains("graph"), "{graph:?}");
    assert!(graph["graph"].contains("packed"), "{graph:?}");
    // Depth-first search; a grey node met again closes a cycle.
    fn visit<'a>(
        g: &'a BTreeMap<String, BTreeSet<String>>,
        at: &'a str,
        colour: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        colour.insert(at, 1);
        stack.push(at);
        for next in g.get(at).into_iter().flatten() {
            match colour.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|s| s.to_string()).collect();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(g, next, colour, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        colour.insert(at, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for start in graph.keys() {
        if !colour.contains_key(start.as_str()) {
            if let Some(cycle) = visit(&graph, start, &mut colour, &mut Vec::new()) {
                panic!("src/model files import each other: {}", cycle.join(" -> "));
            }
        }
    }
}

#[test]
fn the_dependency_reading_sees_what_it_looks_for() {
    // The checks above would pass on text they could not read; this one
    // shows that they catch an import written each way.
    let code: String = code_lines(
        "use crate::analysis::Csr;\n// use crate::store;\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\nuse super::{graph::fold,\n  View};\n",
    )
    .into_iter()
    .map(|(_, l)| l + "\n")
    .collect();
    assert_eq!(named_after(&code, "crate::"), ["analysis"]);
    assert_eq!(named_after(&code, "super::"), ["graph", "View"]);
}
