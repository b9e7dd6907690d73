//! Diagnostics printed so that they never flood the terminal: repeated
//! problems of one kind are told once, with their count, their first
//! places and how to list them all; the whole report stays within
//! [`MAX_LINES`] lines unless every line is asked for.

use egov_graph::model::Diagnostic;

/// The most lines a report of diagnostics prints.
pub const MAX_LINES: usize = 30;

/// How many of a kind are printed in full, and how many places are named.
const SHOWN: usize = 5;

/// What lists every diagnostic.
const ALL_HINT: &str = "egov validate --all-warnings lists them all";

/// The lines that report `diagnostics`: every one when `all`, else the
/// first [`SHOWN`] of each kind (errors first) followed by a line with
/// the count of the rest, cut to [`MAX_LINES`] lines in all.
pub fn lines(diagnostics: &[Diagnostic], all: bool) -> Vec<String> {
    if all || diagnostics.len() <= SHOWN {
        return diagnostics.iter().map(ToString::to_string).collect();
    }
    // Kinds in the order first seen, each with the indices of its members.
    let mut kinds: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let key = kind(d);
        match index.get(&key) {
            Some(&k) => kinds[k].1.push(i),
            None => {
                index.insert(key.clone(), kinds.len());
                kinds.push((key, vec![i]));
            }
        }
    }
    // Errors first: they are why nothing was written.
    kinds.sort_by_key(|(key, _)| !key.starts_with("true:"));
    let mut out = Vec::new();
    for (_, members) in &kinds {
        for &i in members.iter().take(SHOWN) {
            out.push(diagnostics[i].to_string());
        }
        if members.len() > SHOWN {
            let first = &diagnostics[members[0]];
            let what = if first.is_error() {
                "errors"
            } else {
                "warnings"
            };
            out.push(format!(
                "... {} more {what} like these ({} in all); {ALL_HINT}",
                members.len() - SHOWN,
                members.len()
            ));
        }
    }
    if out.len() > MAX_LINES {
        let left = out.len() - (MAX_LINES - 1);
        out.truncate(MAX_LINES - 1);
        out.push(format!(
            "... {left} more lines of {} diagnostics in all; {ALL_HINT}",
            diagnostics.len()
        ));
    }
    out
}

/// The kind of a diagnostic: its severity and the last words of its
/// message, with quoted text and numbers left out (`mou edge kz -> uz has
/// no citation` and `loi edge fr -> uz has no citation` are one kind).
fn kind(d: &Diagnostic) -> String {
    let mut plain = String::new();
    let mut quoted = false;
    for c in d.message.chars() {
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted && !c.is_ascii_digit() {
            plain.push(c);
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let tail = words[words.len().saturating_sub(3)..].join(" ");
    format!("{}:{tail}", d.is_error())
}

#[cfg(test)]
mod tests {
    use super::*;
    use egov_graph::model::Loc;
    use std::sync::Arc;

    fn warn(line: u32, message: &str) -> Diagnostic {
        Diagnostic::warning(Some(Loc::new(&Arc::from("e.csv"), line, 0)), message)
    }

    #[test]
    fn repeated_warnings_are_counted_with_their_first_places() {
        let mut ds: Vec<Diagnostic> = (2..1000)
            .map(|l| warn(l, &format!("mou edge a{l} -> b has no citation")))
            .collect();
        ds.push(warn(1, "column 'dat' is not a field"));
        let out = lines(&ds, false);
        assert_eq!(out.len(), 7, "{out:#?}");
        assert!(
            out[5].starts_with("... 993 more warnings like these (998 in all); egov validate"),
            "{}",
            out[5]
        );
        assert_eq!(out[6], "e.csv:1: warning: column 'dat' is not a field");
        assert_eq!(lines(&ds, true).len(), ds.len());
    }

    #[test]
    fn many_kinds_stay_within_the_line_limit() {
        let ds: Vec<Diagnostic> = (0..100)
            .map(|l| warn(l + 1, &format!("problem {}", "x".repeat(l as usize + 1))))
            .collect();
        let out = lines(&ds, false);
        assert_eq!(out.len(), MAX_LINES);
        assert!(out[MAX_LINES - 1].contains("100 diagnostics in all"));
    }
}
