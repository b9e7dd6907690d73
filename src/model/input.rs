//! Records as read from files, before validation, each with its place.
//!
//! The readers in `io` produce an [`Input`]; [`super::validate`] checks it as
//! a whole (duplicate ids across files, dangling references, missing
//! citations) and builds the [`super::Graph`]. Places are plain labels
//! (file name, line, column): this module reads no files.

use std::fmt;
use std::sync::Arc;

use super::{Edge, Id, Node, Source};

/// A place in an input file. Line and column count from 1; a line of 0
/// means the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file, as the user named it.
    pub file: Arc<str>,
    /// The line, from 1 (0: the whole file).
    pub line: u32,
    /// The column, from 1 (0: the whole line).
    pub col: u32,
}

impl Loc {
    /// A place in `file`.
    pub fn new(file: &Arc<str>, line: u32, col: u32) -> Loc {
        Loc {
            file: Arc::clone(file),
            line,
            col,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{l}", self.file),
            (l, c) => write!(f, "{}:{l}:{c}", self.file),
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input can be used, but something is missing (an error under
    /// `--strict`).
    Warning,
}

/// One finding of a reader or of validation, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, if it is in a file.
    pub loc: Option<Loc>,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
}

impl Diagnostic {
    /// An error at `loc`.
    pub fn error(loc: Option<Loc>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            loc,
            message: message.into(),
        }
    }

    /// A warning at `loc`.
    pub fn warning(loc: Option<Loc>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            loc,
            message: message.into(),
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{loc}: ")?;
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A value with the place it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

/// A source as read.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSource {
    /// The record.
    pub source: Source,
    /// Where its id was written.
    pub loc: Loc,
}

/// A node as read.
#[derive(Debug, Clone, PartialEq)]
pub struct InputNode {
    /// The record.
    pub node: Node,
    /// Where its id was written.
    pub loc: Loc,
    /// Where its `country` was written, if it was.
    pub country_loc: Option<Loc>,
    /// Where each citation was written.
    pub cite_locs: Vec<Loc>,
}

/// An edge as read, its ends still ids.
#[derive(Debug, Clone, PartialEq)]
pub struct InputEdge {
    /// The node it starts from.
    pub from: Located<Id>,
    /// The node it goes to.
    pub to: Located<Id>,
    /// The record.
    pub edge: Edge,
    /// Where the edge starts in its file.
    pub loc: Loc,
    /// Where each citation was written.
    pub cite_locs: Vec<Loc>,
}

/// Everything read from a set of files, with what the readers found wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    /// Sources, in file order.
    pub sources: Vec<InputSource>,
    /// Nodes, in file order.
    pub nodes: Vec<InputNode>,
    /// Edges, in file order.
    pub edges: Vec<InputEdge>,
    /// What the readers found (syntax errors, bad values).
    pub diagnostics: Vec<Diagnostic>,
    /// What an edge list left open, for `io::complete` to settle.
    pub open: Open,
}

/// What a reader of a bare edge list or node table could not settle alone:
/// nodes without a kind, edge ends written as names, edges without a kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Open {
    /// Nodes read without a kind (positions in `Input::nodes`); they are
    /// organizations until their kind is inferred.
    pub kindless: Vec<usize>,
    /// Edge ends written as a name rather than an id: the id made of it,
    /// and the text as written.
    pub names: Vec<(Id, String)>,
    /// How many edges were read without a kind (they are `tie`).
    pub kindless_edges: usize,
}

impl Input {
    /// Appends everything from `other`.
    pub fn extend(&mut self, other: Input) {
        fn append<T>(to: &mut Vec<T>, more: Vec<T>) {
            // Moving a million records is not free: take the list when
            // there is nothing yet.
            if to.is_empty() {
                *to = more;
            } else {
                to.extend(more);
            }
        }
        let at = self.nodes.len();
        self.open
            .kindless
            .extend(other.open.kindless.iter().map(|i| i + at));
        append(&mut self.open.names, other.open.names);
        self.open.kindless_edges += other.open.kindless_edges;
        append(&mut self.sources, other.sources);
        append(&mut self.nodes, other.nodes);
        append(&mut self.edges, other.edges);
        append(&mut self.diagnostics, other.diagnostics);
    }
}

/// Parts joined in order (see [`Input::extend`]).
impl FromIterator<Input> for Input {
    fn from_iter<I: IntoIterator<Item = Input>>(parts: I) -> Input {
        let mut input = Input::default();
        for part in parts {
            input.extend(part);
        }
        input
    }
}
