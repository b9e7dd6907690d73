//! Reads node, edge and source tables from CSV, told apart by their headers.
//!
//! - an edges table has `source` and `target` columns (Gephi's `Source`,
//!   `Target`), and `kind` (or Gephi's `Type` when it holds an edge kind);
//! - a sources table has `id` and `title` and no `kind`;
//! - a nodes table has `id` (Gephi's `Id`), `kind`, and `name` or `label`.
//!
//! Headers are matched case-insensitively. Known columns fill the model's
//! fields; any other column is kept as a text attribute. List fields
//! (`aliases`, `topics`) are `;`-separated or a JSON array of strings;
//! `cite` holds a JSON array of `{"source", "quote"}` objects or a bare
//! source id. The writer is `super::csv_write`.

use std::sync::Arc;

use crate::model::{
    Citation, Diagnostic, Edge, EdgeKind, Id, Input, InputEdge, InputNode, InputSource, Loc,
    Located, Node, NodeKind, PartialDate, Source,
};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Table {
    Nodes,
    Edges,
    Sources,
}

/// Reads one CSV file's text. `file` names it in diagnostics.
pub fn read_csv(file: &str, text: &str) -> Input {
    read_csv_parts(file, text).into_iter().collect()
}

/// [`read_csv`] as the parts it reads, in order: a large file's records
/// are read in two halves on two threads.
pub fn read_csv_parts(file: &str, text: &str) -> Vec<Input> {
    let file: Arc<str> = Arc::from(file);
    let mut input = Input::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Flexible: `Rows::read` reports a row of the wrong length itself.
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            input.diagnostics.push(Diagnostic::error(
                Some(Loc::new(&file, 1, 0)),
                format!("CSV: {e}"),
            ));
            return vec![input];
        }
    };
    if headers.iter().all(|h| h.is_empty()) {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 0, 0)),
            "empty CSV file: expected a header such as 'id,name,kind' or 'source,target,kind'",
        ));
        return vec![input];
    }
    let headers = normalise_headers(headers);
    unknown_columns(&file, &headers, &mut input);
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let table = if col(&["source"]).is_some() && col(&["target"]).is_some() {
        Table::Edges
    } else if col(&["id"]).is_some() && col(&["title"]).is_some() && col(&["kind"]).is_none() {
        Table::Sources
    } else if col(&["id", "label"]).is_some() {
        Table::Nodes
    } else {
        input.diagnostics.push(Diagnostic::error(
            Some(Loc::new(&file, 1, 0)),
            format!(
                "cannot tell what this table holds from its header '{}': a nodes table needs 'id' (or Gephi's 'Id,Label', Kumu's 'Label', Neo4j's ':ID'), an edges table 'source,target' (or Kumu's 'From,To', Neo4j's ':START_ID,:END_ID'), a sources table 'id,title'",
                headers.join(",")
            ),
        ));
        return vec![input];
    };
    // The records after the header, read in two halves on the two cores
    // when there are many: this reader reads the first half, a second one
    // the rest.
    let columns_read = std::mem::take(&mut input);
    let rows = Rows::new(&file, table, &headers);
    let body_at = reader.position().byte() as usize;
    let mut more = match halves(text, body_at) {
        None => vec![
            rows.read(&mut reader, text, 0, None, lines(&text[body_at..]))
                .0,
        ],
        Some(split) => {
            let (head, tail) = text.split_at(split);
            let expect = lines(&head[body_at..]);
            let tail_line = 1 + (lines(&head[..body_at]) + expect) as u64;
            let (second, (first, at_split)) = crate::par::join(
                || {
                    let mut tail_reader = ::csv::ReaderBuilder::new()
                        .has_headers(false)
                        .flexible(true)
                        .from_reader(tail.as_bytes());
                    rows.read(&mut tail_reader, tail, tail_line - 1, None, lines(tail))
                        .0
                },
                || rows.read(&mut reader, text, 0, Some(split), expect),
            );
            if at_split {
                // The first half ended at the split: it was a record
                // boundary, and the second half holds the rest.
                vec![first, second]
            } else {
                // The split fell inside a quoted cell: the first reader
                // went on to the end alone.
                vec![first]
            }
        }
    };

    if let Some(first) = more.first_mut() {
        let mut diagnostics = columns_read.diagnostics;
        diagnostics.append(&mut first.diagnostics);
        first.diagnostics = diagnostics;
    }
    more
}

/// The start of the warning of a column that is not a field but looks like
/// one (see [`unknown_columns`]), for [`is_unknown_column`].
const NOT_A_FIELD: &str = "is not a field (did you mean";

/// Warns of each header that is not a known field but is close to one
/// (`dat` for `date`, `amount` for `amount_usd`): its cells are kept as an
/// attribute of that name, which is rarely what was meant. Headers far from
/// every field (Gephi's `Weight`, Kumu's `Description`) are attributes
/// without a word.
fn unknown_columns(file: &Arc<str>, headers: &[String], input: &mut Input) {
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() || C::ALL.iter().any(|c| c.name() == h) {
            continue;
        }
        let Some(near) = nearest_field(h) else {
            continue;
        };
        input.diagnostics.push(Diagnostic::warning(
            Some(Loc::new(file, 1, i as u32 + 1)),
            format!("column '{h}' {NOT_A_FIELD} '{near}'?); kept as attribute '{h}'"),
        ));
    }
}

/// The known field a header is close to: at most one edit away (two for
/// longer names), or the start of a field's name (`amount` of
/// `amount_usd`), or a field's name with something added (`dates`).
fn nearest_field(header: &str) -> Option<&'static str> {
    let len = header.chars().count();
    C::ALL
        .iter()
        .map(|c| c.name())
        .filter_map(|name| {
            let d = strsim::damerau_levenshtein(header, name);
            let allowed = if len <= 4 { 1 } else { 2 };
            let affix = len >= 3
                && (name.starts_with(header) || header.starts_with(name))
                && name.len().abs_diff(len) <= 6;
            (d <= allowed || affix).then_some((d, name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Whether `d` is the warning of a column that is not a field, which
/// `--attributes` silences and `--strict` refuses as a usage error.
pub fn is_unknown_column(d: &Diagnostic) -> bool {
    d.message.starts_with("column '") && d.message.contains(NOT_A_FIELD)
}

/// The number of line ends in `text`.
fn lines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// Bodies at least this long are read in two halves at once.
const SPLIT_AT: usize = 1 << 22;

/// Where to split a large table whose records start at `body_at`: just
/// after the first line end past the middle. That is a record boundary
/// unless it lies inside a quoted cell, which [`Rows::read`] finds out
/// (see `read_csv`). Never where a new reader would take the text for a
/// byte order mark.
fn halves(text: &str, body_at: usize) -> Option<usize> {
    if text.len().saturating_sub(body_at) < split_at() {
        return None;
    }
    let mid = body_at + (text.len() - body_at) / 2;
    let nl = text
        .as_bytes()
        .get(mid..)?
        .iter()
        .position(|&b| b == b'\n')?;
    let at = mid + nl + 1;
    let tail = text.get(at..)?;
    (!tail.is_empty() && !tail.starts_with('\u{feff}')).then_some(at)
}

#[cfg(not(test))]
fn split_at() -> usize {
    SPLIT_AT
}

// Tests split every body of two lines or more, to check the halves
// against one pass.
#[cfg(test)]
fn split_at() -> usize {
    SPLIT.with(|s| s.get())
}

#[cfg(test)]
thread_local! {
    static SPLIT: std::cell::Cell<usize> = const { std::cell::Cell::new(SPLIT_AT) };
}

/// Reads the records of one table.
struct Rows<'h> {
    file: &'h Arc<str>,
    table: Table,
    /// Every header, lower case.
    headers: &'h [String],
    /// The columns that count: a header named twice counts at its last
    /// column (the others are ignored), as when a row was a map from
    /// header to cell.
    counted: Vec<usize>,
    /// Where the known columns are among those that count.
    columns: Columns<'h>,
}

impl<'h> Rows<'h> {
    fn new(file: &'h Arc<str>, table: Table, headers: &'h [String]) -> Rows<'h> {
        let counted: Vec<usize> = (0..headers.len())
            .filter(|&i| !headers[i + 1..].contains(&headers[i]))
            .collect();
        let columns = Columns::new(counted.iter().map(|&i| headers[i].as_str()).collect());
        Rows {
            file,
            table,
            headers,
            counted,
            columns,
        }
    }

    /// Reads the records `reader` has left in `text`, whose line 1 is line
    /// `1 + lines_before` of the file. With `stop`, stops at the record
    /// that starts at byte `stop` of `text` and says whether it found one
    /// there; past it, reads on to the end (and says `false`).
    fn read(
        &self,
        reader: &mut ::csv::Reader<&[u8]>,
        text: &str,
        lines_before: u64,
        mut stop: Option<usize>,
        expect: usize,
    ) -> (Input, bool) {
        let file = self.file;
        let mut input = Input::default();
        // One record a line, mostly: room for them all up front, so that
        // the list is not copied as it grows.
        match self.table {
            Table::Nodes => input.nodes.reserve(expect),
            Table::Edges => input.edges.reserve(expect),
            Table::Sources => input.sources.reserve(expect),
        }
        // The line a record starts on. The reader may leave a record's
        // start at the line end before it (the LF of a CRLF, or a blank
        // line), not counted yet: those are skipped here.
        let line_of = |p: Option<&::csv::Position>| {
            p.map(|p| {
                let rest = text.as_bytes().get(p.byte() as usize..).unwrap_or(&[]);
                let ends = rest
                    .iter()
                    .take_while(|&&b| b == b'\n' || b == b'\r')
                    .filter(|&&b| b == b'\n')
                    .count();
                (lines_before + p.line() + ends as u64) as u32
            })
            .unwrap_or(0)
        };
        let mut record = ::csv::StringRecord::new();
        loop {
            if let Some(at) = stop {
                let next = reader.position().byte() as usize;
                // (A CRLF line end may leave its LF to the next record.)
                if next == at || (next + 1 == at && text.as_bytes().get(next) == Some(&b'\n')) {
                    return (input, true);
                }
                if next > at {
                    // The split fell inside a record: read on to the end.
                    stop = None;
                }
            }
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let message = match e.kind() {
                        ::csv::ErrorKind::Utf8 { .. } => "row is not valid UTF-8".to_string(),
                        _ => format!("CSV: {e}"),
                    };
                    input.diagnostics.push(Diagnostic::error(
                        Some(Loc::new(file, line_of(e.position()), 0)),
                        message,
                    ));
                    continue;
                }
            }
            let loc = Loc::new(file, line_of(record.position()), 0);
            if record.len() != self.headers.len() {
                input.diagnostics.push(Diagnostic::error(
                    Some(loc),
                    format!(
                        "row has {} fields but the header has {}",
                        record.len(),
                        self.headers.len()
                    ),
                ));
                continue;
            }
            let mut row = Row {
                cells: self.counted.iter().map(|&i| record.get(i)).collect(),
                columns: &self.columns,
                loc,
                diags: Vec::new(),
                kindless: false,
                names: Vec::new(),
            };
            match self.table {
                Table::Nodes => {
                    if let Some(n) = row.node() {
                        if row.kindless {
                            input.open.kindless.push(input.nodes.len());
                        }
                        input.nodes.push(n);
                    }
                }
                Table::Edges => {
                    if let Some(e) = row.edge() {
                        input.open.kindless_edges += usize::from(row.kindless);
                        input.edges.push(e);
                    }
                }
                Table::Sources => {
                    if let Some(s) = row.source() {
                        input.sources.push(s);
                    }
                }
            }
            input.diagnostics.extend(row.diags);
            input.open.names.extend(row.names);
        }
        (input, false)
    }
}

/// Headers as the readers know them: Neo4j's typed headers lose their
/// type (`amount_usd:double` is `amount_usd`, `:START_ID(Actor)` is
/// `source`, `:END_ID` `target`, `:TYPE` `type`, `id:ID` `id`, `:LABEL`
/// `labels`); Kumu's `from` and `to` are `source` and `target`, Gephi's
/// `start` and `end` are `date` and `end_date`, when those are not given.
fn normalise_headers(headers: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = headers
        .into_iter()
        .map(|h| {
            let Some((name, ty)) = h.split_once(':') else {
                return h;
            };
            let ty = ty.split('(').next().unwrap_or("").trim();
            match ty {
                "start_id" => "source".into(),
                "end_id" => "target".into(),
                "id" => "id".into(),
                "type" if name.is_empty() => "type".into(),
                "label" if name.is_empty() => "labels".into(),
                _ if name.is_empty() => h,
                _ => name.to_string(),
            }
        })
        .collect();
    let has = |out: &[String], n: &str| out.iter().any(|h| h == n);
    for (alias, name) in [
        ("from", "source"),
        ("to", "target"),
        ("start", "date"),
        ("end", "end_date"),
    ] {
        if !has(&out, name) {
            if let Some(h) = out.iter_mut().find(|h| *h == alias) {
                *h = name.to_string();
            }
        }
    }
    out
}

/// An id made of a name: lower case, every run of other characters one
/// `-` (`Asian Development Bank` is `asian-development-bank`); `None` when
/// nothing is left.
pub(crate) fn slug(text: &str) -> Option<Id> {
    let mut s = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let s: String = s.chars().take(crate::model::MAX_ID_LEN).collect();
    s.trim_end_matches('-').parse().ok()
}

/// Declares [`C`], the columns the readers know, from one list of
/// `Variant = "header"`.
macro_rules! known_columns {
    ($($variant:ident = $name:literal,)*) => {
        /// The columns the readers know, by name (see [`C::name`]).
        #[derive(Clone, Copy, Debug, PartialEq)]
        enum C {
            $($variant,)*
        }

        impl C {
            const ALL: [C; [$($name),*].len()] = [$(C::$variant),*];

            /// The header that names the column.
            fn name(self) -> &'static str {
                match self {
                    $(C::$variant => $name,)*
                }
            }
        }
    };
}

known_columns! {
    Id = "id",
    Kind = "kind",
    Name = "name",
    Label = "label",
    Aliases = "aliases",
    Country = "country",
    Region = "region",
    Note = "note",
    Cite = "cite",
    Citations = "citations",
    Source = "source",
    Target = "target",
    Type = "type",
    Date = "date",
    EndDate = "end_date",
    DateNote = "date_note",
    Place = "place",
    AmountUsd = "amount_usd",
    What = "what",
    Topics = "topics",
    Role = "role",
    Derived = "derived",
    Title = "title",
    Publisher = "publisher",
    Author = "author",
    File = "file",
    Url = "url",
    Status = "status",
    Collection = "collection",
    Labels = "labels",
}

impl std::fmt::Display for C {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The columns a table's rows are read by: where each known column is
/// among those that count, found once per file.
struct Columns<'h> {
    /// The headers that count, in column order.
    headers: Vec<&'h str>,
    /// Each known column's place in `headers`, by [`C`].
    at: [Option<usize>; C::ALL.len()],
}

impl<'h> Columns<'h> {
    fn new(headers: Vec<&'h str>) -> Columns<'h> {
        let at = C::ALL.map(|c| headers.iter().position(|h| *h == c.name()));
        Columns { headers, at }
    }
}

struct Row<'a> {
    /// The cells of the columns that count; `None` once taken.
    cells: Vec<Option<&'a str>>,
    columns: &'a Columns<'a>,
    loc: Loc,
    diags: Vec<Diagnostic>,
    /// The record has no kind (see `model::Open`).
    kindless: bool,
    /// Ends or ids written as names: the id made and the text.
    names: Vec<(Id, String)>,
}

impl<'a> Row<'a> {
    fn fail(&mut self, message: String) {
        self.diags
            .push(Diagnostic::error(Some(self.loc.clone()), message));
    }

    /// Takes the first non-empty cell among `names`, trimmed, removing
    /// them all.
    fn cell(&mut self, names: &[C]) -> Option<&'a str> {
        let mut found = None;
        for n in names {
            let cell = self.columns.at[*n as usize].and_then(|i| self.cells.get_mut(i));
            if let Some(v) = cell.and_then(Option::take) {
                let v = v.trim();
                if found.is_none() && !v.is_empty() {
                    found = Some(v);
                }
            }
        }
        found
    }

    /// [`Row::cell`] as a string of its own.
    fn take(&mut self, names: &[C]) -> Option<String> {
        self.cell(names).map(str::to_owned)
    }

    fn id(&mut self, names: &[C], what: &str) -> Option<Id> {
        let Some(text) = self.cell(names) else {
            self.fail(format!("{what} is empty"));
            return None;
        };
        match text.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(format!("{what}: {e}"));
                None
            }
        }
    }

    /// An edge's end, or a node's id: an id as written, or in lower case
    /// (`KZ`), or made of a name (`Asian Development Bank`), the name then
    /// kept for the node it may create.
    fn end(&mut self, names: &[C], what: &str) -> Option<Id> {
        let Some(text) = self.cell(names) else {
            self.fail(format!("{what} is empty"));
            return None;
        };
        let e = match text.parse::<Id>() {
            Ok(id) => return Some(id),
            Err(e) => e,
        };
        if text.chars().any(char::is_control) {
            // Not a name: a damaged cell.
            self.fail(format!("{what}: {e}"));
            return None;
        }
        match text
            .to_ascii_lowercase()
            .parse::<Id>()
            .ok()
            .or_else(|| slug(text))
        {
            Some(id) => {
                self.names.push((id.clone(), text.to_string()));
                Some(id)
            }
            None => {
                self.fail(format!(
                    "{what}: cannot make an id of '{text}'; give ids of lower-case letters, digits, '-' and '_'"
                ));
                None
            }
        }
    }

    fn opt_id(&mut self, name: C) -> Option<Id> {
        let text = self.cell(&[name])?;
        match text.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(format!("{name}: {e}"));
                None
            }
        }
    }

    fn date(&mut self, name: C) -> Option<PartialDate> {
        let text = self.cell(&[name])?;
        match text.parse() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(format!("{name}: {e}"));
                None
            }
        }
    }

    /// A list cell: `;`-separated text, or a JSON array of strings (which
    /// the CSV writer uses when an item holds a `;`).
    fn list(&mut self, name: C) -> Vec<String> {
        let Some(s) = self.cell(&[name]) else {
            return Vec::new();
        };
        if s.starts_with('[') {
            match serde_json::from_str::<Vec<String>>(s) {
                Ok(items) => return items,
                Err(e) => {
                    self.fail(format!("{name}: not a JSON list of strings: {e}"));
                    return Vec::new();
                }
            }
        }
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    }

    fn cite(&mut self) -> Vec<Citation> {
        let Some(text) = self.cell(&[C::Cite, C::Citations]) else {
            return Vec::new();
        };
        if text.starts_with('[') {
            #[derive(serde::Deserialize)]
            struct Raw {
                source: String,
                quote: Option<String>,
            }
            match serde_json::from_str::<Vec<Raw>>(text) {
                Ok(raw) => {
                    let mut out = Vec::new();
                    for r in raw {
                        match r.source.parse() {
                            Ok(source) => out.push(Citation {
                                source,
                                quote: r.quote,
                            }),
                            Err(e) => self.fail(format!("cite: {e}")),
                        }
                    }
                    out
                }
                Err(e) => {
                    self.fail(format!(
                        "cite: not a JSON list of {{\"source\", \"quote\"}} objects: {e}"
                    ));
                    Vec::new()
                }
            }
        } else {
            match text.parse() {
                Ok(source) => vec![Citation {
                    source,
                    quote: None,
                }],
                Err(e) => {
                    self.fail(format!("cite: {e}"));
                    Vec::new()
                }
            }
        }
    }

    fn attrs(&mut self) -> std::collections::BTreeMap<String, String> {
        let headers = &self.columns.headers;
        self.cells
            .drain(..)
            .zip(headers)
            .filter_map(|(v, k)| Some((*k, v?)))
            .filter(|(k, v)| !k.is_empty() && !v.trim().is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn node(&mut self) -> Option<InputNode> {
        let has_id = self.columns.at[C::Id as usize].is_some();
        // Kumu's node table has only a Label: the id is made of it.
        let label_only = !has_id;
        let name_cell = if label_only {
            self.columns.at[C::Label as usize]
                .and_then(|i| self.cells.get(i).copied().flatten())
                .map(str::trim)
                .map(str::to_owned)
        } else {
            None
        };
        let id = if label_only {
            self.end(&[C::Label], "label")
        } else {
            self.end(&[C::Id], "id")
        };
        // The kind: `kind`, else a `type` (Kumu) or a Neo4j label that
        // names one; none is inferred later (`io::complete`).
        let typed = |t: &str| t.parse::<NodeKind>().ok();
        let type_cell = self.columns.at[C::Type as usize]
            .and_then(|i| self.cells.get(i).copied().flatten())
            .map(str::trim);
        let from_type = type_cell.and_then(typed);
        if from_type.is_some() {
            self.cell(&[C::Type]);
        }
        let from_labels = self
            .cell(&[C::Labels])
            .and_then(|l| l.split(';').find_map(|x| typed(x.trim())));
        let kind = match self.cell(&[C::Kind]).map(|k| k.parse::<NodeKind>()) {
            Some(Ok(k)) => Some(k),
            Some(Err(e)) => {
                self.fail(e);
                None
            }
            None => match from_type.or(from_labels) {
                Some(k) => Some(k),
                None => {
                    self.kindless = true;
                    Some(NodeKind::Organization)
                }
            },
        };
        let name = name_cell.or_else(|| self.take(&[C::Name, C::Label]));
        // A node's own id written as a name is not a name to give it.
        if !label_only {
            self.names.clear();
        }
        let mut node = Node::new(
            id.clone()?,
            kind?,
            name.unwrap_or_else(|| id.clone().map(|i| i.to_string()).unwrap_or_default()),
        );
        node.aliases = self.list(C::Aliases);
        node.country = self.opt_id(C::Country);
        node.region = self.take(&[C::Region]);
        node.note = self.take(&[C::Note]);
        node.cite = self.cite();
        node.attrs = self.attrs();
        let n = node.cite.len();
        Some(InputNode {
            node,
            loc: self.loc.clone(),
            country_loc: None,
            cite_locs: vec![self.loc.clone(); n],
        })
    }

    fn edge(&mut self) -> Option<InputEdge> {
        let from = self.end(&[C::Source], "source");
        let to = self.end(&[C::Target], "target");
        let kind_text = self.cell(&[C::Kind]);
        let type_text = self.cell(&[C::Type]);
        let kind = match kind_text.or_else(|| type_text.filter(|t| t.parse::<EdgeKind>().is_ok())) {
            Some(k) => match k.parse::<EdgeKind>() {
                Ok(k) => Some(k),
                Err(e) => {
                    self.fail(e);
                    None
                }
            },
            None => {
                // An edge list without kinds: a tie (Gephi's Type says
                // only the direction).
                self.kindless = true;
                Some(EdgeKind::Tie)
            }
        };
        let mut edge = Edge::new(kind.unwrap_or(EdgeKind::Mou));
        if let Some(id) = self.cell(&[C::Id]) {
            match id.parse() {
                Ok(id) => edge.id = Some(id),
                Err(e) => self.fail(format!("id: {e}")),
            }
        }
        if let Some(st) = self.cell(&[C::Status]) {
            match st.parse() {
                Ok(st) => edge.status = st,
                Err(e) => self.fail(format!("status: {e}")),
            }
        }
        edge.date = self.date(C::Date);
        edge.end_date = self.date(C::EndDate);
        edge.date_note = self.take(&[C::DateNote]);
        edge.place = self.take(&[C::Place]);
        if let Some(a) = self.cell(&[C::AmountUsd]) {
            match a.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..1e15).contains(&x) => edge.amount_usd = Some(x),
                Ok(x) if x < 0.0 => self.fail(format!("amount_usd must not be negative (got {a})")),
                _ => self.fail(format!(
                    "amount_usd '{a}' is not a usable number of dollars"
                )),
            }
        }
        edge.what = self.take(&[C::What]);
        edge.topics = self.list(C::Topics);
        edge.role = self.take(&[C::Role]);
        edge.region = self.take(&[C::Region]);
        edge.derived = self.take(&[C::Derived]);
        edge.note = self.take(&[C::Note]);
        edge.cite = self.cite();
        edge.attrs = self.attrs();
        if let Some(t) = type_text.filter(|t| t.parse::<EdgeKind>().is_err()) {
            let t = t.to_ascii_lowercase();
            if t != "directed" && t != "undirected" {
                edge.attrs.insert("type".into(), t);
            }
        }
        kind?;
        let n = edge.cite.len();
        Some(InputEdge {
            from: Located {
                value: from?,
                loc: self.loc.clone(),
            },
            to: Located {
                value: to?,
                loc: self.loc.clone(),
            },
            edge,
            loc: self.loc.clone(),
            cite_locs: vec![self.loc.clone(); n],
        })
    }

    fn source(&mut self) -> Option<InputSource> {
        let id = self.id(&[C::Id], "id")?;
        let title = self.take(&[C::Title]).unwrap_or_default();
        let source = Source {
            id,
            title,
            publisher: self.take(&[C::Publisher]),
            author: self.take(&[C::Author]),
            date: self.date(C::Date),
            file: self.take(&[C::File]),
            url: self.take(&[C::Url]),
            note: self.take(&[C::Note]),
            collection: self.take(&[C::Collection]),
        };
        self.diags
            .iter()
            .all(|d| !d.is_error())
            .then(|| InputSource {
                source,
                loc: self.loc.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads with bodies split from `split` bytes on.
    fn parts_with_split(split: usize, text: &str) -> Vec<Input> {
        SPLIT.with(|s| s.set(split));
        let parts = read_csv_parts("e.csv", text);
        SPLIT.with(|s| s.set(SPLIT_AT));
        parts
    }

    fn joined(parts: Vec<Input>) -> Input {
        parts.into_iter().collect()
    }

    #[test]
    fn rows_are_placed_on_their_own_lines_whatever_the_line_ends() {
        let h = "source,target,kind,date";
        for (text, want) in [
            (format!("{h}\na,b,mou,2016\nb,c,mou,2017\n"), [2, 3]),
            (format!("{h}\r\na,b,mou,2016\r\nb,c,mou,2017\r\n"), [2, 3]),
            (format!("{h}\n\na,b,mou,2016\n\r\n\nb,c,mou,2017"), [3, 6]),
            (format!("{h}\na,b,mou,\"2016\n\"\nb,c,mou,2017\n"), [2, 4]),
        ] {
            for split in [1, usize::MAX] {
                let input = joined(parts_with_split(split, &text));
                let lines: Vec<u32> = input.edges.iter().map(|e| e.loc.line).collect();
                assert_eq!(lines, want, "{text:?}");
            }
        }
    }

    #[test]
    fn a_large_table_is_read_in_two_halves() {
        let text = "source,target,kind,date\na,b,mou,2016\nb,c,forum,2017\nc,d,seminar,2018\n";
        let parts = parts_with_split(1, text);
        assert_eq!(parts.len(), 2);
        let lines: Vec<u32> = parts
            .iter()
            .flat_map(|p| &p.edges)
            .map(|e| e.loc.line)
            .collect();
        assert_eq!(lines, [2, 3, 4]);
        assert_eq!(joined(parts), read_csv("e.csv", text));
        // A split inside a quoted cell is found out: one reader reads all.
        let quoted = "source,target,kind,note\na,b,mou,\"x\n\n\n\n\n\n\n\n\ny\"\nb,c,mou,z\n";
        let parts = parts_with_split(1, quoted);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].edges.len(), 2);
        assert_eq!(parts[0].edges[1].loc.line, 12);
    }

    proptest! {
        #[test]
        fn reading_in_halves_agrees_with_one_pass(
            rows in prop::collection::vec(prop::sample::select(vec![
                "a,b,mou,2016,plain",
                "a,b,mou,2016,\"two\nlines, and a comma\"",
                "b,c,forum,2010-05,\"quoted \"\"twice\"\"\"",
                "c,d,seminar,,\"\n\n\"",
                "a,b,mou",
                "a,b,mou,2016,x,extra",
                "",
                "bad id,b,mou,2016,x",
                "a,b,nonsense,2016,x",
                "a,b,mou,2016-13,x",
                "p-1,q_2,export,2001-02-03,\"a \"\"b\"\"\nc\"",
            ]), 1..40),
            crlf in any::<bool>(),
            bom in any::<bool>(),
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str("source,target,kind,date,note");
            for r in &rows {
                text.push_str(nl);
                text.push_str(r);
            }
            text.push_str(nl);
            let one = joined(parts_with_split(usize::MAX, &text));
            prop_assert_eq!(joined(parts_with_split(1, &text)), one.clone());
            prop_assert_eq!(read_csv("e.csv", &text), one);
        }
    }

    #[test]
    fn reads_gephi_style_tables() {
        let nodes = read_csv("n.csv", "Id,Label,Kind,Region,Population\nkr,Korea,country,Eastern Asia,51\nkz,Kazakhstan,Country,Central Asia,\n");
        assert!(nodes.diagnostics.is_empty(), "{:?}", nodes.diagnostics);
        assert_eq!(nodes.nodes.len(), 2);
        assert_eq!(nodes.nodes[0].node.name, "Korea");
        assert_eq!(
            nodes.nodes[0]
                .node
                .attrs
                .get("population")
                .map(String::as_str),
            Some("51")
        );
        let edges = read_csv("e.csv", "Source,Target,Type,Kind,Date,amount_usd\nkr,kz,Undirected,mou,2016-11,\nkr,kz,Directed,export,,8710000\n");
        assert!(edges.diagnostics.is_empty(), "{:?}", edges.diagnostics);
        assert_eq!(edges.edges[1].edge.kind, EdgeKind::Export);
        assert_eq!(edges.edges[1].edge.amount_usd, Some(8_710_000.0));
        assert!(edges.edges[0].edge.attrs.is_empty());
    }

    #[test]
    fn reports_bad_rows_by_line() {
        let input = read_csv(
            "e.csv",
            "source,target,kind,date\nkr,kz,mou,2017-13-40\nkr,kz\nkr,kz,treaty,\n",
        );
        let m: Vec<String> = input.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            m.iter()
                .any(|s| s.starts_with("e.csv:2: date: '2017-13-40'")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s == "e.csv:3: row has 2 fields but the header has 4"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s.starts_with("e.csv:4: unknown edge kind 'treaty'")),
            "{m:?}"
        );
    }

    #[test]
    fn refuses_tables_it_cannot_recognise() {
        let m = read_csv("x.csv", "a,b\n1,2\n").diagnostics;
        assert!(m[0]
            .to_string()
            .contains("cannot tell what this table holds"));
        let m = read_csv("x.csv", "").diagnostics;
        assert!(m[0].to_string().contains("empty CSV file"), "{m:?}");
    }
}
