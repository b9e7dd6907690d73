//! The library's error type.
//!
//! Every variant carries the context a user needs to act on it (which file,
//! which line, which id); messages are lower-case with no trailing period.

use std::path::PathBuf;

use crate::model::Diagnostic;

/// A library result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in egov-graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input data has errors; each diagnostic names its place.
    #[error("{}", format_diagnostics(.0))]
    Validation(Vec<Diagnostic>),
    /// A node was asked for that the graph does not hold.
    #[error("no node matches '{query}'{}", format_suggestions(suggestions))]
    UnknownNode {
        /// What the user typed.
        query: String,
        /// The closest ids, best first.
        suggestions: Vec<String>,
    },
    /// A database file could not be opened as one.
    #[error("{}: not a usable egov database: {reason}", path.display())]
    CorruptDatabase {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A database written by a newer or older format version.
    #[error("{}: database format version {found} is not supported (this egov reads versions {oldest} to {supported}); {hint}", path.display())]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The oldest version this build reads.
        oldest: u32,
        /// The version this build reads and writes.
        supported: u32,
        /// What to do about it.
        hint: &'static str,
    },
    /// Another writer holds the database's lock (and the caller would not wait).
    #[error("{}: another egov is writing to this database; try again when it has finished (or leave out --no-wait to wait for it)", path.display())]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// A source collection that no source of the graph names.
    #[error("no source belongs to the collection '{name}'; the collections are: {}", if known.is_empty() { "(none: no source names a collection)".to_string() } else { known.join(", ") })]
    UnknownCollection {
        /// The name asked for.
        name: String,
        /// The collections the graph's sources name, sorted.
        known: Vec<String>,
    },
    /// A node that exists but folds into no node of the view asked for.
    #[error("'{query}' is not part of this view")]
    NotInView {
        /// What the user typed.
        query: String,
    },
    /// An iterative measure (eigenvector, PageRank) did not converge.
    #[error("{what}: {reason}")]
    NotConverged {
        /// The measure.
        what: &'static str,
        /// How far it got.
        reason: String,
    },
    /// A request that cannot be carried out as asked.
    #[error("{0}")]
    Invalid(String),
    /// A query that could not be run (openCypher's error kinds).
    #[error("{0}")]
    Query(#[from] crate::query::QueryError),
}

fn format_diagnostics(diags: &[Diagnostic]) -> String {
    let errors: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    errors.join("\n")
}

fn format_suggestions(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
