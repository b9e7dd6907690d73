//! Readers and writers of the formats egov speaks, one module per format.
//!
//! Readers turn files into a `model::Input` (records with their places);
//! writers turn a `model::Graph` into text. Nothing here knows about the
//! command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::{Diagnostic, Input, Loc};

pub mod complete;
pub mod csv;
pub mod csv_write;
pub mod dot;
pub(crate) mod fields;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod neo4j;
pub mod toml;
mod xml;

pub use self::csv::read_csv;
pub use self::csv_write::{write_csv, CsvTables};
pub use self::gexf::write_gexf;
pub use self::graphml::{read_graphml, write_graphml};
pub use self::json::{read_json, write_json};
pub use self::neo4j::{write_neo4j, Neo4jImport};
pub use self::toml::read_toml;

/// Byte offsets of line starts, to turn a byte offset into line and column.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    text_len: usize,
    chars: Vec<(usize, u32)>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        // Column numbers count characters, not bytes: remember where
        // multi-byte characters start.
        let chars = text
            .char_indices()
            .filter(|(_, c)| c.len_utf8() > 1)
            .map(|(i, c)| (i, c.len_utf8() as u32 - 1))
            .collect();
        LineIndex {
            starts,
            text_len: text.len(),
            chars,
        }
    }

    pub(crate) fn loc(&self, file: &Arc<str>, offset: usize) -> Loc {
        let offset = offset.min(self.text_len);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let extra: u32 = self
            .chars
            .iter()
            .filter(|(i, _)| *i >= start && *i < offset)
            .map(|(_, n)| n)
            .sum();
        let col = (offset - start) as u32 - extra + 1;
        Loc::new(file, line as u32, col)
    }
}

/// The data files a path names: the file itself, or every `.toml`, `.csv`,
/// `.json` and `.graphml` file in a folder (sorted, not recursive).
pub fn data_files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let p = entry.map_err(|e| Error::io(path, e))?.path();
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if p.is_file() && matches!(ext.as_deref(), Some("toml" | "csv" | "json" | "graphml")) {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads every data file under `paths` (files, or folders of data files)
/// into one [`Input`]. A file that cannot be read, or is not UTF-8, becomes
/// a diagnostic; only a missing path is an error.
pub fn read_paths(paths: &[PathBuf]) -> Result<Input> {
    Ok(read_parts(paths)?.into_iter().collect())
}

/// [`read_paths`] as the parts it reads, in order, for
/// [`crate::model::validate_parts`]: one per file, or more for a large CSV
/// file read on several threads. Joining them would copy every record.
pub fn read_parts(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut parts = Vec::new();
    for path in paths {
        for file in data_files(path)? {
            let label = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let at = LineIndex::new(&String::from_utf8_lossy(
                        &e.as_bytes()[..e.utf8_error().valid_up_to()],
                    ))
                    .loc(&Arc::from(label.as_str()), e.utf8_error().valid_up_to());
                    let mut input = Input::default();
                    input
                        .diagnostics
                        .push(Diagnostic::error(Some(at), "the file is not valid UTF-8"));
                    parts.push(input);
                    continue;
                }
            };
            parts.extend(read_text_parts(&label, &text));
        }
    }
    Ok(parts)
}

/// Reads one file's text, choosing the reader by the file name's extension
/// (`.csv`, `.json` node-link, `.graphml`, otherwise TOML).
pub fn read_text(label: &str, text: &str) -> Input {
    read_text_parts(label, text).into_iter().collect()
}

/// [`read_text`] as the parts it reads (a large CSV table gives two).
fn read_text_parts(label: &str, text: &str) -> Vec<Input> {
    let lower = label.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        csv::read_csv_parts(label, text)
    } else if lower.ends_with(".json") {
        vec![read_json(label, text)]
    } else if lower.ends_with(".graphml") {
        vec![read_graphml(label, text)]
    } else {
        vec![read_toml(label, text)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let f: Arc<str> = Arc::from("f");
        let text = "ab\n한국 x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.loc(&f, 0).to_string(), "f:1:1");
        assert_eq!(idx.loc(&f, 3).to_string(), "f:2:1");
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.loc(&f, x).to_string(), "f:2:4");
    }
}
