//! The `.egdb` database file: a header, a checksum and an encoded payload.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 0..8 | magic `EGOVGDB\n` |
//! | 8..12 | format version (`FORMAT_VERSION`) |
//! | 12..16 | flags, 0 |
//! | 16..24 | payload length in bytes |
//! | 24..28 | CRC-32 of the payload |
//! | 28.. | payload: versions 2 to 7, the packed columns (`compact`; 3 and up pad each section to four bytes, 4 adds the incidence lists, 5 sources' collections and edges' status, 6 edge ids, 7 the edge kinds `signed` and `attended`); version 1, the `Dataset` encoded by `codec` |
//!
//! Version 7 (the compact layout, aligned, with each node's edge lists,
//! sources' collections, edges' status and ids, and the edge kinds
//! `signed` and `attended`) is written; versions 1 to 7 are read. An older
//! file opens as before (its records converted from the frozen shapes in
//! `v4`, its edges given their default ids) and is written as version 7
//! the next time it is saved: nothing needs
//! migrating by hand.
//!
//! A large file is memory-mapped rather than read (see [`open`]): its
//! columns are then used where they lie in the file, without a copy.
//!
//! Opening checks the magic, the version, the length and the checksum
//! before decoding, so a truncated, bit-flipped or foreign file is refused
//! with one line naming the file. Saving writes a temporary file beside the
//! target, syncs it, renames it over the target and syncs the folder, so an
//! interrupted save leaves the old file whole.
//!
//! A write to an existing database is a [`Transaction`]: [`begin`] takes
//! the writers' lock (`lock`), reads and verifies the file; the caller
//! edits a [`Draft`] of its records (`edit`); [`Transaction::commit`]
//! checks that the new bytes decode to the new graph and saves them
//! atomically. Dropping a transaction without committing leaves the file
//! untouched.

mod codec;
mod compact;
pub mod edit;
pub mod lock;
mod v4;

pub use edit::{Change, Draft, Finished, Record, Target};
pub use lock::{Wait, WriteLock};

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::column::Buffer;
use crate::model::packed::Packed;
use crate::model::{Citation, Dataset, Graph, Id, PartialDate};

/// The first bytes of every database file.
pub const MAGIC: &[u8; 8] = b"EGOVGDB\n";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 7;
/// The oldest format version this build reads.
pub const OLDEST_VERSION: u32 = 1;
const HEADER_LEN: usize = 28;

/// Encodes a graph as the bytes of a database file.
pub fn to_bytes(graph: &Graph) -> Result<Vec<u8>> {
    encode_packed(&graph.to_packed())
}

fn encode_packed(packed: &Packed) -> Result<Vec<u8>> {
    let payload = compact::encode(packed)
        .map_err(|e| Error::Invalid(format!("cannot encode the database: {e}")))?;
    Ok(frame(&payload))
}

/// Puts the header (signature, version, length, checksum) in front of an
/// encoded payload. [`to_bytes`] uses it; the fuzz target uses it to reach
/// the decoder with arbitrary payloads.
pub fn frame(payload: &[u8]) -> Vec<u8> {
    frame_version(FORMAT_VERSION, payload)
}

/// [`frame`] with another format version in the header, for the fuzz
/// target and tests of the older decoders.
#[doc(hidden)]
pub fn frame_version(version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Decodes the bytes of a database file; `path` names it in errors.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Graph> {
    from_buffer(path, Arc::new(Buffer::Owned(bytes.to_vec())))
}

/// Decodes the database file held in `buffer`; its columns borrow from it
/// where they can (see `model::column`).
fn from_buffer(path: &Path, buffer: Arc<Buffer>) -> Result<Graph> {
    Ok(match decode_buffer(path, buffer)? {
        Decoded::Packed(p) => Graph::from_packed(*p),
        Decoded::Graph(g) => g,
    })
}

/// What a file decodes to: packed columns (versions 2 and later), or a
/// graph packed from records (version 1).
enum Decoded {
    Packed(Box<Packed>),
    Graph(Graph),
}

/// Payloads at least this large have their checksum computed on a second
/// thread while they are decoded.
const PARALLEL_CRC_AT: usize = 1 << 20;

fn decode_buffer(path: &Path, buffer: Arc<Buffer>) -> Result<Decoded> {
    let bytes = buffer.bytes();
    let corrupt = |reason: String| Error::CorruptDatabase {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.is_empty() {
        return Err(corrupt("the file is empty (0 bytes)".into()));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(corrupt(
            "it does not start with the egov database signature".into(),
        ));
    }
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(format!(
            "the header is cut short ({} of {HEADER_LEN} bytes)",
            bytes.len()
        )));
    }
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let version = u32_at(8);
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(Error::UnsupportedVersion {
            path: path.to_path_buf(),
            found: version,
            oldest: OLDEST_VERSION,
            supported: FORMAT_VERSION,
            hint: if version > FORMAT_VERSION {
                "it was written by a newer egov; upgrade egov to read it"
            } else {
                "it was written by an older egov whose format this one cannot convert; open and save it with an egov release that reads both versions (see docs/data-format.md)"
            },
        });
    }
    let flags = u32_at(12);
    if flags != 0 {
        return Err(corrupt(format!("unknown header flags {flags:#x}")));
    }
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&bytes[16..24]);
    let len = u64::from_le_bytes(len_bytes);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(corrupt(format!(
            "the file is truncated or padded: the header promises {len} bytes of data, the file holds {}",
            payload.len()
        )));
    }
    let crc = u32_at(24);
    let damaged = || corrupt("the checksum does not match: the file was damaged".into());
    if version >= 2 && payload.len() >= PARALLEL_CRC_AT {
        // The checksum on the other core while the columns are decoded and
        // checked (the checks never trust the data, so running them on a
        // damaged file is safe); a checksum error wins over a decoding one.
        let (sum, packed) = crate::par::join(
            || crc32fast::hash(payload),
            || compact::decode(&buffer, HEADER_LEN..bytes.len(), version),
        );
        if sum != crc {
            return Err(damaged());
        }
        let packed = packed.map_err(|e| corrupt(format!("cannot decode the data: {e}")))?;
        return Ok(Decoded::Packed(Box::new(packed)));
    }
    if crc32fast::hash(payload) != crc {
        return Err(damaged());
    }
    if version == 1 {
        let data = codec::decode_v1(payload)
            .map_err(|e| corrupt(format!("cannot decode the data: {e}")))?;
        check_values(&data).map_err(corrupt)?;
        // Compacted as it is opened: an opened graph is always packed.
        return Graph::compact_from_dataset(&data)
            .map(Decoded::Graph)
            .map_err(|e| corrupt(e.to_string()));
    }
    // Versions 2 to 6: `compact::decode` checks every index, id, date and
    // amount.
    let packed = compact::decode(&buffer, HEADER_LEN..bytes.len(), version)
        .map_err(|e| corrupt(format!("cannot decode the data: {e}")))?;
    Ok(Decoded::Packed(Box::new(packed)))
}

/// Checks what the decoder cannot: that every id, date and amount is one
/// the readers could have produced. The checksum guards against accidents;
/// this guards against a file made by hand or by another program, whose
/// checksum is right but whose values are not.
fn check_values(data: &Dataset) -> std::result::Result<(), String> {
    let id = |what: &str, id: &Id| {
        id.as_str()
            .parse::<Id>()
            .map(drop)
            .map_err(|e| format!("a stored {what} id is invalid: {e}"))
    };
    let date = |d: &Option<PartialDate>| match d {
        Some(d) if PartialDate::new(d.year(), d.month(), d.day()).is_none() => {
            Err(format!("a stored date is not a real date ({d})"))
        }
        _ => Ok(()),
    };
    let cites = |c: &[Citation]| c.iter().try_for_each(|c| id("source", &c.source));
    for s in &data.sources {
        id("source", &s.id)?;
        date(&s.date)?;
    }
    for n in &data.nodes {
        id("node", &n.id)?;
        if let Some(c) = &n.country {
            id("country", c)?;
        }
        cites(&n.cite)?;
    }
    for (_, _, e) in &data.edges {
        date(&e.date)?;
        date(&e.end_date)?;
        if let Some(a) = e.amount_usd {
            if !(a.is_finite() && a >= 0.0) {
                return Err(format!("a stored amount is not a usable number ({a})"));
            }
        }
        cites(&e.cite)?;
    }
    Ok(())
}

/// Files at least this large are memory-mapped by [`open`]; smaller ones
/// are read (mapping costs more than it saves on them).
const MAP_AT: u64 = 1 << 20;

/// Opens a database file.
///
/// A file of 1 MiB or more is memory-mapped, so that opening reads each
/// page once (for the checksum and the checks) and copies nothing: on a
/// million-edge database that is most of the time opening took. Set
/// `EGOV_NO_MMAP=1` to read the file instead (for file systems where
/// mapping misbehaves). egov never changes a database file in place (a
/// save writes a new file and renames it over the old one), so a mapped
/// file does not change under a reader; another program that truncated
/// or rewrote it in place while egov reads it could make egov fail.
pub fn open(path: &Path) -> Result<Graph> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let wanted = len >= MAP_AT && std::env::var_os("EGOV_NO_MMAP").is_none_or(|v| v.is_empty());
    let mapped = if wanted { map(&file).ok() } else { None };
    let buffer = match mapped {
        Some(m) => Buffer::Mapped(m),
        None => {
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(|e| Error::io(path, e))?;
            Buffer::Owned(bytes)
        }
    };
    from_buffer(path, Arc::new(buffer))
}

/// Maps `file` read-only.
#[allow(unsafe_code)]
fn map(file: &File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: the map is read-only and egov never writes a database file in
    // place: every save writes a temporary file and renames it over the
    // path, so the mapped file's bytes stay as they were for as long as
    // the map lives. The remaining risk, another program truncating or
    // overwriting the same file in place meanwhile, is the one every
    // mapping reader accepts (ripgrep's, for one); `EGOV_NO_MMAP` avoids it.
    unsafe { memmap2::Mmap::map(file) }
}

/// A write in progress: the lock is held and the stored graph read.
#[derive(Debug)]
pub struct Transaction {
    path: PathBuf,
    graph: Graph,
    _lock: WriteLock,
}

/// Starts a write to the existing database at `path`: takes the writers'
/// lock (see [`lock::acquire`] for `wait` and `on_wait`), removes temporary
/// files left by writers that were killed, and opens the file, verifying
/// its checksum.
pub fn begin(path: &Path, wait: Wait, on_wait: &mut dyn FnMut(&Path)) -> Result<Transaction> {
    if !path.is_file() {
        return Err(Error::Invalid(format!(
            "{}: no such database; create one with 'egov init {} --from FILES'",
            path.display(),
            path.display()
        )));
    }
    let lock = lock::acquire(path, wait, on_wait)?;
    remove_stale_temp_files(path);
    let graph = open(path)?;
    Ok(Transaction {
        path: path.to_path_buf(),
        graph,
        _lock: lock,
    })
}

impl Transaction {
    /// The graph as stored when the transaction began.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves `graph` in place of the stored one and releases the lock. The
    /// new bytes are decoded again and compared with `graph` before they
    /// replace the file, so an encoding fault cannot reach the disk.
    pub fn commit(self, graph: &Graph) -> Result<()> {
        save(&self.path, graph)
    }
}

/// The temporary file a save of `path` by process `pid` writes.
fn temp_path(dir: &Path, name: &std::ffi::OsStr, pid: u32) -> PathBuf {
    dir.join(format!(".{}.tmp-{pid}", name.to_string_lossy()))
}

/// Removes `.NAME.tmp-*` files beside `path`. Only called with the writers'
/// lock held, when no other writer can be mid-save: any such file is what
/// a killed writer left.
fn remove_stale_temp_files(path: &Path) {
    let (Some(dir), Some(name)) = (parent_dir(path), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn parent_dir(path: &Path) -> Option<PathBuf> {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => Some(d.to_path_buf()),
        Some(_) => Some(PathBuf::from(".")),
        None => None,
    }
}

/// Saves a graph to `path` atomically: a temporary file in the same folder
/// is written and synced, then renamed over `path`, then the folder is
/// synced. If anything fails, `path` is as it was and the temporary file is
/// removed.
///
/// The bytes are decoded again and compared with `graph` before they are
/// written, so a file that would not open as the same graph (an encoder
/// fault, data beyond the decoder's limits) is never written.
pub fn save(path: &Path, graph: &Graph) -> Result<()> {
    let packed = graph.to_packed();
    let buffer = Arc::new(Buffer::Owned(encode_packed(&packed)?));
    let same = match decode_buffer(path, Arc::clone(&buffer))? {
        Decoded::Packed(again) => again.same_columns(&packed),
        Decoded::Graph(_) => false,
    };
    if !same {
        return Err(Error::Invalid(format!(
            "{}: not written: the encoded data did not decode to the same graph",
            path.display()
        )));
    }
    write_atomic(path, buffer.bytes())
}

/// Writes `bytes` to `path` atomically (see [`save`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_dir(path).unwrap_or_else(|| PathBuf::from("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{}: not a file name", path.display())))?;
    let tmp = temp_path(&dir, name, std::process::id());
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable. Not every platform can open a
        // folder for syncing; the data is already synced, so ignore that.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, EdgeKind, Node, NodeKind};

    fn sample() -> Graph {
        let mut g = Graph::new();
        let id = |s: &str| s.parse().unwrap_or_else(|e| panic!("{e}"));
        let a = g
            .add_node(Node::new(id("kr"), NodeKind::Country, "Korea"))
            .unwrap_or_else(|e| panic!("{e}"));
        let b = g
            .add_node(Node::new(id("kz"), NodeKind::Country, "Kazakhstan"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut e = Edge::new(EdgeKind::Export);
        e.amount_usd = Some(8_710_000.0);
        g.add_edge(a, b, e).unwrap_or_else(|e| panic!("{e}"));
        g
    }

    fn bytes() -> Vec<u8> {
        to_bytes(&sample()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn open_err(b: &[u8]) -> String {
        match from_bytes(Path::new("x.egdb"), b) {
            Ok(_) => "opened".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn round_trips() {
        let g = from_bytes(Path::new("x.egdb"), &bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.to_dataset(), sample().to_dataset());
    }

    #[test]
    fn refuses_truncated_files_at_every_length() {
        let b = bytes();
        for cut in 0..b.len() {
            let msg = open_err(&b[..cut]);
            assert!(
                msg.starts_with("x.egdb: not a usable egov database"),
                "cut {cut}: {msg}"
            );
        }
    }

    #[test]
    fn refuses_every_flipped_byte() {
        let b = bytes();
        for i in 0..b.len() {
            let mut c = b.clone();
            c[i] ^= 0x10;
            let msg = open_err(&c);
            assert!(msg.starts_with("x.egdb:"), "byte {i}: {msg}");
            assert_ne!(msg, "opened", "byte {i}");
        }
    }

    #[test]
    fn large_files_are_mapped_and_their_columns_borrowed() {
        let spec = crate::generate::Spec::with_edges(40_000, 1);
        let data = crate::generate::generate(&spec, &mut |_| {}).unwrap();
        let g = Graph::from_dataset(data).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.egdb");
        save(&path, &g).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() >= MAP_AT);
        let opened = open(&path).unwrap();
        let p = opened.packed().unwrap();
        if cfg!(target_endian = "little") {
            assert!(p.edge_from.is_borrowed() && p.strings.text.is_borrowed());
            // The stored edge lists agree, so they are used where they lie.
            assert!(p.incidence().out.items.is_borrowed());
            assert!(p.incidence().into.starts.is_borrowed());
        }
        assert_eq!(opened.to_dataset(), g.to_dataset());
    }

    #[test]
    fn refuses_other_versions_with_a_hint() {
        let mut b = bytes();
        b[8] = FORMAT_VERSION as u8 + 1;
        assert!(
            open_err(&b).contains(&format!("version {} is not supported", FORMAT_VERSION + 1)),
            "{}",
            open_err(&b)
        );
        assert!(open_err(&b).contains("newer egov"));
    }

    #[test]
    fn refuses_values_no_reader_could_produce() {
        // Version 1 payloads (bincode records).
        let v1 = |payload: Vec<u8>| {
            let mut framed = frame(&payload);
            framed[8..12].copy_from_slice(&1u32.to_le_bytes());
            framed
        };
        let mut data = sample().to_dataset();
        data.edges[0].2.amount_usd = Some(f64::NAN);
        let framed = v1(codec::encode_v1(&data).unwrap_or_default());
        assert!(open_err(&framed).contains("a stored amount is not a usable number (NaN)"));
        let mut data = sample().to_dataset();
        data.nodes[0].id = serde_json::from_str("\"K R\"").unwrap_or_else(|e| panic!("{e}"));
        let framed = v1(codec::encode_v1(&data).unwrap_or_default());
        assert!(
            open_err(&framed).contains("a stored node id is invalid"),
            "{}",
            open_err(&framed)
        );
        // Version 2 (compact columns): the same values are refused.
        let mut data = sample().to_dataset();
        data.edges[0].2.amount_usd = Some(-1.0);
        let g = Graph::from_dataset(data).unwrap_or_else(|e| panic!("{e}"));
        let msg = open_err(&to_bytes(&g).unwrap_or_default());
        assert!(msg.contains("side-table entry"), "{msg}");
        let mut data = sample().to_dataset();
        data.nodes[0].id = serde_json::from_str("\"K R\"").unwrap_or_else(|e| panic!("{e}"));
        let g = Graph::from_dataset(data).unwrap_or_else(|e| panic!("{e}"));
        let msg = open_err(&to_bytes(&g).unwrap_or_default());
        assert!(msg.contains("bad id"), "{msg}");
    }

    #[test]
    fn save_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.egdb");
        save(&p, &sample()).unwrap_or_else(|e| panic!("{e}"));
        let g = open(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.node_count(), 2);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
