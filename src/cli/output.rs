//! Printing results: Markdown-style tables for people, JSON for scripts,
//! CSV for spreadsheets, and the JSON shapes of nodes, edges and citations
//! that every command shares.
//!
//! Tables fit the terminal: their width comes from `COLUMNS`, else from the
//! terminal, else [`DEFAULT_WIDTH`] when stdout is not a terminal. Long
//! cells (quotes, titles) are shortened with "…"; `--wide` prints them
//! whole. JSON and CSV are never shortened.

use std::io::{IsTerminal, Write};

use comfy_table::{presets, Table};
use egov_graph::model::{Citation, EdgeView, Graph, Node};
use serde_json::{json, Map, Value};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::args::Format;

/// The width of tables when stdout is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: u16 = 100;

/// Narrower than this, tables are printed whole (a column needs room).
const MIN_WIDTH: u16 = 20;

/// The width tables are fitted to, or `None` (`--wide`) for no limit:
/// `COLUMNS` when set to a number, else the terminal's width, else
/// [`DEFAULT_WIDTH`].
pub fn width(wide: bool) -> Option<u16> {
    if wide {
        return None;
    }
    let cols = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0);
    let w = cols.or_else(|| {
        if std::io::stdout().is_terminal() {
            Table::new().width()
        } else {
            None
        }
    });
    Some(w.unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH))
}

/// Shortens `s` to at most `width` display columns, ending it with "…"
/// when something was cut.
pub fn shorten(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut t = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        t.push(c);
    }
    // "Ministry of…", not "Ministry of …".
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

/// The widest each column may be so that a Markdown table of these natural
/// widths fits in `width` columns: short columns keep their width, the
/// widest are cut to a common cap (never below their header's width).
fn column_caps(natural: &[usize], floors: &[usize], width: usize) -> Vec<usize> {
    // "| a | b |": three columns of border and padding per column, plus one.
    let room = width.saturating_sub(3 * natural.len() + 1);
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let capped = |c: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(floors)
            .map(|(&w, &f)| w.min(c.max(f)))
            .collect()
    };
    // The largest common cap that fits, by bisection.
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if capped(mid).iter().sum::<usize>() <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut caps = capped(lo);
    // Hand what is left over to the cut columns, one column each.
    let mut spare = room.saturating_sub(caps.iter().sum::<usize>());
    for (cap, &w) in caps.iter_mut().zip(natural) {
        if spare == 0 {
            break;
        }
        if *cap < w {
            *cap += 1;
            spare -= 1;
        }
    }
    caps
}

/// `1 hop`, `2 hops`: a count and its noun, plural when the count is not 1.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `82 nodes, 1 edge, 10 sources`: a graph's counts, as the write and
/// validate commands print them.
pub fn counts(nodes: usize, edges: usize, sources: usize) -> String {
    format!(
        "{}, {}, {}",
        plural(nodes, "node"),
        plural(edges, "edge"),
        plural(sources, "source")
    )
}

/// Text to print, built in memory first so that a closed pipe is handled in
/// one place.
#[derive(Debug, Default)]
pub struct Out {
    text: String,
    /// The width to fit tables and long lines to; `None` prints them whole.
    width: Option<u16>,
}

impl Out {
    /// Output fitted to `width` characters (`None`: no limit; see [`width`]).
    pub fn new(width: Option<u16>) -> Self {
        Out {
            text: String::new(),
            width,
        }
    }

    /// The width text is fitted to, `None` when unlimited (`--wide`).
    pub fn width(&self) -> Option<u16> {
        self.width
    }

    /// A line of text for people, shortened with "…" to the width (a quote,
    /// a title). Machine formats must use [`Out::line`].
    pub fn line_fit(&mut self, s: impl AsRef<str>) {
        match self.width {
            Some(w) => {
                let t = shorten(s.as_ref(), usize::from(w));
                self.line(t);
            }
            None => self.line(s),
        }
    }

    /// A line of text.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }

    /// A paragraph for people, wrapped at spaces to the width (a legend,
    /// a heading); nothing is cut.
    pub fn line_wrap(&mut self, s: impl AsRef<str>) {
        let Some(w) = self.width.map(usize::from) else {
            return self.line(s);
        };
        let mut cur = String::new();
        let mut words_on_line = 0;
        for word in s.as_ref().split(' ') {
            if words_on_line > 0 && cur.width() + 1 + word.width() > w {
                self.line(std::mem::take(&mut cur));
                cur.push_str("  ");
                words_on_line = 0;
            } else if words_on_line > 0 {
                cur.push(' ');
            }
            cur.push_str(word);
            words_on_line += 1;
        }
        self.line(cur);
    }

    /// Pretty JSON.
    pub fn json(&mut self, v: &Value) {
        let s =
            serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        self.line(s);
    }

    /// A table, in the chosen format (JSON is handled by the caller).
    pub fn table(&mut self, format: Format, header: &[&str], rows: Vec<Vec<String>>) {
        self.table_keeping(format, header, rows, &[]);
    }

    /// [`Out::table`], with the columns named in `whole` never shortened to
    /// fit (the others give way).
    pub fn table_keeping(
        &mut self,
        format: Format,
        header: &[&str],
        rows: Vec<Vec<String>>,
        whole: &[&str],
    ) {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let _ = w.write_record(header);
                for r in &rows {
                    let _ = w.write_record(r);
                }
                let bytes = w.into_inner().unwrap_or_default();
                self.text.push_str(&String::from_utf8_lossy(&bytes));
            }
            _ => {
                let mut rows = rows;
                if let Some(w) = self.width {
                    let mut floors: Vec<usize> = header.iter().map(|h| h.width().max(4)).collect();
                    let mut natural: Vec<usize> = header.iter().map(|h| h.width()).collect();
                    for r in &rows {
                        for (n, cell) in natural.iter_mut().zip(r) {
                            *n = (*n).max(cell.width());
                        }
                    }
                    for (i, h) in header.iter().enumerate() {
                        if whole.contains(h) {
                            floors[i] = natural[i];
                        }
                    }
                    let caps = column_caps(&natural, &floors, usize::from(w));
                    for r in &mut rows {
                        for (cell, &cap) in r.iter_mut().zip(&caps) {
                            if cell.width() > cap {
                                *cell = shorten(cell, cap);
                            }
                        }
                    }
                }
                let mut t = Table::new();
                t.load_style(presets::ASCII_MARKDOWN);
                t.set_header(header.to_vec());
                for r in rows {
                    t.add_row(r);
                }
                self.line(t.to_string());
            }
        }
    }

    /// Writes everything to stdout. A closed pipe (`egov … | head`) is not
    /// an error.
    pub fn flush(self) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(self.text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v.into());
    }
}

/// A citation as JSON: `{"source", "quote", "title", "file"}`.
pub fn citation_json(g: &Graph, c: &Citation) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), json!(c.source.as_str()));
    put(&mut m, "quote", c.quote.clone());
    if let Some(s) = g.source(c.source.as_str()) {
        m.insert("title".into(), json!(s.title));
        put(&mut m, "file", s.file.clone());
        put(&mut m, "url", s.url.clone());
    }
    Value::Object(m)
}

/// A node as JSON; empty fields are left out.
pub fn node_json(g: &Graph, n: &Node) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(n.id.as_str()));
    m.insert("name".into(), json!(n.name));
    m.insert("kind".into(), json!(n.kind.as_str()));
    if !n.aliases.is_empty() {
        m.insert("aliases".into(), json!(n.aliases));
    }
    put(&mut m, "country", n.country.as_ref().map(|c| c.to_string()));
    put(&mut m, "region", n.region.clone());
    put(&mut m, "note", n.note.clone());
    if !n.attrs.is_empty() {
        m.insert("attrs".into(), json!(n.attrs));
    }
    if !n.cite.is_empty() {
        m.insert(
            "citations".into(),
            n.cite.iter().map(|c| citation_json(g, c)).collect(),
        );
    }
    Value::Object(m)
}

/// An edge as JSON, its ends as ids; empty fields are left out.
pub fn edge_json(g: &Graph, e: &EdgeView<'_>) -> Value {
    let id = |ix| g.node(ix).map(|n| n.id.to_string()).unwrap_or_default();
    let x = e.edge;
    let mut m = Map::new();
    put(&mut m, "id", x.id.as_ref().map(|i| i.to_string()));
    m.insert("source".into(), json!(id(e.from)));
    m.insert("target".into(), json!(id(e.to)));
    m.insert("kind".into(), json!(x.kind.as_str()));
    if x.is_planned() {
        m.insert("status".into(), json!(x.status.as_str()));
    }
    put(&mut m, "date", x.date.map(|d| d.to_string()));
    put(&mut m, "end_date", x.end_date.map(|d| d.to_string()));
    put(&mut m, "date_note", x.date_note.clone());
    put(&mut m, "place", x.place.clone());
    put(&mut m, "amount_usd", x.amount_usd);
    put(&mut m, "what", x.what.clone());
    if !x.topics.is_empty() {
        m.insert("topics".into(), json!(x.topics));
    }
    put(&mut m, "role", x.role.clone());
    put(&mut m, "region", x.region.clone());
    put(&mut m, "derived", x.derived.clone());
    put(&mut m, "note", x.note.clone());
    if !x.attrs.is_empty() {
        m.insert("attrs".into(), json!(x.attrs));
    }
    m.insert(
        "citations".into(),
        x.cite.iter().map(|c| citation_json(g, c)).collect(),
    );
    Value::Object(m)
}

/// A citation in one line: `"quote" (file or source id)`.
pub fn citation_line(g: &Graph, c: &Citation) -> String {
    let whence = g
        .source(c.source.as_str())
        .and_then(|s| s.file.clone())
        .unwrap_or_else(|| c.source.to_string());
    match &c.quote {
        Some(q) => format!("\"{q}\" ({whence})"),
        None => format!("({whence})"),
    }
}

/// An amount of dollars, short: `$133.54M` (the diagrams' format).
pub use egov_graph::io::dot::style::money;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_to_the_width_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("abcdefg", 6).width(), 6);
    }

    #[test]
    fn tables_fit_the_width_and_keep_short_columns_whole() {
        let mut out = Out::new(Some(40));
        let long = "x".repeat(80);
        out.table(
            Format::Table,
            &["id", "quote"],
            vec![vec!["kz".into(), long.clone()]],
        );
        assert!(out.text.lines().all(|l| l.width() <= 40), "{}", out.text);
        assert!(out.text.contains("| kz "));
        assert!(out.text.contains('…'));
        let mut wide = Out::new(None);
        wide.table(
            Format::Table,
            &["id", "quote"],
            vec![vec!["kz".into(), long.clone()]],
        );
        assert!(wide.text.contains(&long));
        let mut csv = Out::new(Some(40));
        csv.table(
            Format::Csv,
            &["id", "quote"],
            vec![vec!["kz".into(), long.clone()]],
        );
        assert!(csv.text.contains(&long));
    }
}
