//! Query errors, classified as openCypher classifies them.
//!
//! The openCypher TCK names an error by its kind (`SyntaxError`,
//! `SemanticError`, `TypeError`, `ArgumentError`, `EntityNotFound`,
//! `ConstraintVerificationFailed`) and a detail code (`UndefinedVariable`,
//! `InvalidArgumentType`, ...). Every error the engine raises carries both,
//! with the line and column of the offending text where it has one.

use std::fmt;

/// The openCypher error kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not a valid query, or a name is used wrongly.
    SyntaxError,
    /// A query is well formed but means nothing the engine can do.
    SemanticError,
    /// A value of the wrong type.
    TypeError,
    /// A value of the right type but out of range.
    ArgumentError,
    /// A deleted entity was used.
    EntityNotFound,
    /// A write would break a rule of the graph.
    ConstraintVerificationFailed,
}

impl ErrorKind {
    /// The kind's name as the openCypher TCK writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::SemanticError => "SemanticError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ArgumentError => "ArgumentError",
            ErrorKind::EntityNotFound => "EntityNotFound",
            ErrorKind::ConstraintVerificationFailed => "ConstraintVerificationFailed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A query that could not be run, with where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    /// The openCypher kind.
    pub kind: ErrorKind,
    /// The TCK's detail code, e.g. `UndefinedVariable`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// Byte offset into the query text, where known.
    pub offset: Option<usize>,
    /// 1-based line of the offending text (0 when unknown).
    pub line: usize,
    /// 1-based column of the offending text (0 when unknown).
    pub column: usize,
}

impl QueryError {
    /// An error of `kind` with detail `code`, not yet placed.
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError {
            kind,
            code,
            message: message.into(),
            offset: None,
            line: 0,
            column: 0,
        }
    }

    /// A `SyntaxError`.
    pub fn syntax(code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError::new(ErrorKind::SyntaxError, code, message)
    }

    /// A `TypeError`.
    pub fn type_error(message: impl Into<String>) -> QueryError {
        QueryError::new(ErrorKind::TypeError, "InvalidArgumentType", message)
    }

    /// An `ArgumentError`.
    pub fn argument(code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError::new(ErrorKind::ArgumentError, code, message)
    }

    /// A `SemanticError`.
    pub fn semantic(code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError::new(ErrorKind::SemanticError, code, message)
    }

    /// Places the error at byte `offset` unless it is placed already.
    pub fn at(mut self, offset: usize) -> QueryError {
        if self.offset.is_none() {
            self.offset = Some(offset);
        }
        self
    }

    /// Fills in line and column from the offset, against the query text.
    pub fn locate(mut self, text: &str) -> QueryError {
        if let Some(off) = self.offset {
            let off = off.min(text.len());
            let before = text.get(..off).unwrap_or("");
            self.line = before.matches('\n').count() + 1;
            self.column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        }
        self
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.kind, self.code)?;
        if self.line > 0 {
            write!(f, " at line {}, column {}", self.line, self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for QueryError {}

/// A query result.
pub type QResult<T> = std::result::Result<T, QueryError>;
