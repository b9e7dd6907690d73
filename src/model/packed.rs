//! The compact, read-only form of a graph, as a database file holds it.
//!
//! Opening a large database must not build a struct with a dozen `String`
//! and `Vec` fields per edge: at a million edges that is ~300 MB and most
//! of the opening time (page faults, allocation, moves). A [`Packed`]
//! graph instead keeps columns: every text once in an interned string
//! table, node and edge fields as arrays of `u32` indices into it, list
//! fields (aliases, citations, topics, attributes) as ranges into shared
//! arrays, and the rare edge fields (role, place, amount…) in a side table
//! that only edges having them point into.
//!
//! Analysis reads the columns directly ([`Graph::edge_summaries`],
//! [`Graph::node_kind`], [`Graph::country_of`]). The full [`Node`] and
//! [`Edge`] records that the rest of the API hands out by reference are
//! built on first access, a chunk of [`CHUNK`] records at a time, and kept.
//! Nothing here can fail after [`Packed::check`] has accepted the columns:
//! every index is in range, every id and date valid.
//!
//! `store::compact` turns a `Packed` into bytes and back; this module knows
//! nothing of files.
//!
//! [`Graph::edge_summaries`]: super::Graph::edge_summaries
//! [`Graph::node_kind`]: super::Graph::node_kind
//! [`Graph::country_of`]: super::Graph::country_of

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::column::Column;
use super::fold::fold;
use super::Fast;
use super::{
    default_edge_id, Citation, Edge, EdgeId, EdgeIds, EdgeKind, EdgeStatus, Id, Node, NodeKind,
    PartialDate, Source, MAX_EDGE_ID_LEN,
};

/// "No value" in an index column.
pub const NONE: u32 = u32::MAX;

/// The value of a [`tag::STATUS`] entry: the edge is planned (realised
/// edges, the default, have no entry).
const STATUS_PLANNED: u32 = 1;

/// From this many edges on, the incidence lists are built or checked on
/// two threads.
const PARALLEL_AT: usize = 1 << 16;

/// How many records are built at once on first access.
pub const CHUNK: usize = 32;

/// Interned strings: one text, and where each string ends in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings {
    /// Every string, one after another, as UTF-8 ([`Packed::check`] makes
    /// sure of it for a table read from a file).
    pub text: Column<u8>,
    /// The end of string `i` in `text`; string `i` starts where `i - 1`
    /// ends.
    pub ends: Column<u32>,
}

impl Strings {
    /// String `i`; `None` for [`NONE`] (and, defensively, out of range).
    pub fn get(&self, i: u32) -> Option<&str> {
        if i == NONE {
            return None;
        }
        let end = *self.ends.get(i as usize)? as usize;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i as usize - 1)? as usize,
        };
        std::str::from_utf8(self.text.get(start..end)?).ok()
    }

    /// String `i`, or `""`.
    pub fn str(&self, i: u32) -> &str {
        self.get(i).unwrap_or("")
    }

    fn owned(&self, i: u32) -> Option<String> {
        self.get(i).map(str::to_string)
    }

    fn id(&self, i: u32) -> Id {
        Id::trusted(self.str(i))
    }
}

/// Builds a [`Strings`] table, giving each distinct string one index.
#[derive(Debug, Default)]
struct Interner<'a> {
    text: String,
    ends: Vec<u32>,
    index: HashMap<&'a str, u32, Fast>,
}

impl<'a> Interner<'a> {
    fn add(&mut self, s: &'a str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.index.insert(s, i);
        i
    }

    /// Adds `s` as a string of its own, without looking for an equal one
    /// (for texts known to be distinct, such as edge ids).
    fn push_distinct(&mut self, s: &str) -> u32 {
        let i = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        i
    }

    /// String `i` of those added so far.
    fn str(&self, i: u32) -> &str {
        let end = self.ends.get(i as usize).map_or(0, |&e| e as usize);
        let start = match i {
            0 => 0,
            _ => self.ends.get(i as usize - 1).map_or(0, |&e| e as usize),
        };
        self.text.get(start..end).unwrap_or("")
    }

    fn into_strings(self) -> Strings {
        Strings {
            text: self.text.into_bytes().into(),
            ends: self.ends.into(),
        }
    }

    fn opt(&mut self, s: &'a Option<String>) -> u32 {
        s.as_deref().map_or(NONE, |s| self.add(s))
    }
}

/// A list per row: row `i` owns `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lists<T> {
    /// `rows + 1` offsets into `items`, non-decreasing, from 0.
    pub starts: Vec<u32>,
    /// Every row's items, one row after another.
    pub items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Lists<T> {
        Lists {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    /// The items of row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> &[T] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn push_row(&mut self, items: impl IntoIterator<Item = T>) {
        self.items.extend(items);
        self.starts.push(self.items.len() as u32);
    }

    fn rows(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// A citation: the source id and the quote, as string indices.
pub type PackedCitation = (u32, u32);

/// A text attribute: key and value, as string indices.
pub type PackedAttr = (u32, u32);

/// What a value in an edge's side-table row holds (see [`Packed::extras`]).
pub mod tag {
    /// `end_date`, packed (see [`super::pack_date`]).
    pub const END_DATE: u32 = 0;
    /// `date_note`.
    pub const DATE_NOTE: u32 = 1;
    /// `place`.
    pub const PLACE: u32 = 2;
    /// `what`.
    pub const WHAT: u32 = 3;
    /// `role`.
    pub const ROLE: u32 = 4;
    /// `region`.
    pub const REGION: u32 = 5;
    /// `derived`.
    pub const DERIVED: u32 = 6;
    /// `note`.
    pub const NOTE: u32 = 7;
    /// The low 32 bits of `amount_usd` (an `f64`).
    pub const AMOUNT_LO: u32 = 8;
    /// The high 32 bits of `amount_usd`; follows `AMOUNT_LO`.
    pub const AMOUNT_HI: u32 = 9;
    /// One of `topics`, in order.
    pub const TOPIC: u32 = 10;
    /// An attribute's key; the value follows as `ATTR_VALUE`.
    pub const ATTR_KEY: u32 = 11;
    /// An attribute's value.
    pub const ATTR_VALUE: u32 = 12;
    /// `status`, when not the default: 1 for planned (format 5).
    pub const STATUS: u32 = 13;
    /// One more than the largest tag.
    pub const COUNT: u32 = 14;
}

/// The compact form of a graph (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Packed {
    /// Every text.
    pub strings: Strings,
    /// The sources, in full (there are few).
    pub sources: Vec<Source>,

    /// Node ids (string indices).
    pub node_id: Column<u32>,
    /// Node kinds.
    pub node_kind: Vec<NodeKind>,
    /// Node names.
    pub node_name: Column<u32>,
    /// The `country` field's text.
    pub node_country: Column<u32>,
    /// The node the `country` field names, when the graph holds it.
    pub node_country_ix: Column<u32>,
    /// `region`.
    pub node_region: Column<u32>,
    /// `note`.
    pub node_note: Column<u32>,
    /// `aliases`.
    pub node_aliases: Lists<u32>,
    /// `cite`: a row of `cite_sets`.
    pub node_cite: Column<u32>,
    /// `attrs`.
    pub node_attrs: Lists<PackedAttr>,
    /// Node positions in order of their ids, for lookup by id.
    pub id_order: Column<u32>,
    /// `(node, name or alias)` in order of the folded text, for lookup by
    /// name.
    pub name_order: Vec<(u32, u32)>,
    /// Every distinct list of citations; row 0 is the empty list.
    pub cite_sets: Lists<PackedCitation>,

    /// Where each edge starts.
    pub edge_from: Column<u32>,
    /// Where each edge ends.
    pub edge_to: Column<u32>,
    /// Edge kinds.
    pub edge_kind: Vec<EdgeKind>,
    /// Edge dates, packed (see [`pack_date`]).
    pub edge_date: Column<u32>,
    /// `cite`: a row of `cite_sets`.
    pub edge_cite: Column<u32>,
    /// The row of `extras` holding the edge's other fields, or [`NONE`]
    /// when it has none.
    pub edge_extra: Column<u32>,
    /// The other edge fields: `(tag, value)` pairs, the value a string
    /// index, a packed date or half an `f64` (see [`tag`]).
    pub extras: Lists<(u32, u32)>,
    /// Each edge's id (a string index; format 6).
    pub edge_id: Column<u32>,

    nodes: Chunks<Node>,
    edges: Chunks<Edge>,
    incidence: OnceLock<Incidence>,
    /// A bit per edge, set when it is planned; empty when none is.
    planned: OnceLock<Vec<u64>>,
    /// The incidence lists a file holds (format 4), used once they are
    /// found to agree with the edge columns.
    pub stored_incidence: Option<Incidence>,
}

/// Records built on demand, a chunk at a time.
#[derive(Debug, Clone)]
struct Chunks<T>(Box<[OnceLock<Box<[T]>>]>);

impl<T> Default for Chunks<T> {
    fn default() -> Chunks<T> {
        Chunks(Box::new([]))
    }
}

impl<T> Chunks<T> {
    fn new(len: usize) -> Chunks<T> {
        Chunks((0..len.div_ceil(CHUNK)).map(|_| OnceLock::new()).collect())
    }

    fn get(&self, i: usize, len: usize, make: impl Fn(usize) -> T) -> Option<&T> {
        if i >= len {
            return None;
        }
        let chunk = self.0.get(i / CHUNK)?.get_or_init(|| {
            let start = i / CHUNK * CHUNK;
            (start..len.min(start + CHUNK)).map(make).collect()
        });
        chunk.get(i % CHUNK)
    }
}

/// Every node's edges: outgoing and incoming, each list in edge order.
#[derive(Debug, Clone, Default)]
pub struct Incidence {
    /// The edges leaving each node.
    pub out: EdgeLists,
    /// The edges entering each node.
    pub into: EdgeLists,
}

/// One list of edge numbers per node, in edge order: a CSR row index.
#[derive(Debug, Clone, Default)]
pub struct EdgeLists {
    /// `nodes + 1` offsets into `items`.
    pub starts: Column<u32>,
    /// Every row's edges, one row after another.
    pub items: Column<u32>,
}

impl EdgeLists {
    /// Row `i` (empty out of range).
    pub fn row(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The lists of `n` nodes for the edge ends `ends` (a counting sort).
    fn build(ends: &[u32], n: usize) -> EdgeLists {
        let mut starts = vec![0u32; n + 1];
        for &v in ends {
            if let Some(c) = starts.get_mut(v as usize + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; ends.len()];
        for (e, &v) in ends.iter().enumerate() {
            if let Some(at) = next.get_mut(v as usize) {
                if let Some(slot) = items.get_mut(*at as usize) {
                    *slot = e as u32;
                }
                *at += 1;
            }
        }
        EdgeLists {
            starts: starts.into(),
            items: items.into(),
        }
    }

    /// Whether these are exactly the lists [`EdgeLists::build`] makes of
    /// `n` nodes and `ends`: every edge listed once, in the row of its
    /// end, rows in edge order. One pass over the lists.
    fn agrees(&self, ends: &[u32], n: usize) -> bool {
        let (starts, items): (&[u32], &[u32]) = (&self.starts, &self.items);
        if starts.len() != n + 1
            || starts.first() != Some(&0)
            || starts.last().map(|&l| l as usize) != Some(items.len())
            || items.len() != ends.len()
        {
            return false;
        }
        let mut ok = true;
        for (i, w) in starts.windows(2).enumerate() {
            let Some(row) = items.get(w[0] as usize..w[1] as usize) else {
                return false;
            };
            // Increasing within a row and each in its own row: with
            // `ends.len()` items in all, every edge exactly once.
            let mut next = 0u32;
            for &e in row {
                ok &= (e >= next) & (ends.get(e as usize) == Some(&(i as u32)));
                next = e.wrapping_add(1);
            }
        }
        ok
    }
}

/// Packs a date into a `u32`: 0 for none, else year, month and day in
/// bit fields (a missing month or day is 0).
pub fn pack_date(d: Option<PartialDate>) -> u32 {
    match d {
        None => 0,
        Some(d) => {
            (d.year() as u32) << 9
                | u32::from(d.month().unwrap_or(0)) << 5
                | u32::from(d.day().unwrap_or(0))
        }
    }
}

/// The date a packed `u32` holds; `Err(())` when it holds no valid date.
#[allow(clippy::result_unit_err)]
pub fn unpack_date(x: u32) -> Result<Option<PartialDate>, ()> {
    if x == 0 {
        return Ok(None);
    }
    let year = i16::try_from(x >> 9).map_err(|_| ())?;
    let month = ((x >> 5) & 0xF) as u8;
    let day = (x & 0x1F) as u8;
    let part = |v: u8| (v != 0).then_some(v);
    PartialDate::new(year, part(month), part(day))
        .map(Some)
        .ok_or(())
}

/// The date a packed `u32` that [`Packed::check`] accepted holds.
pub(crate) fn date(x: u32) -> Option<PartialDate> {
    if x == 0 {
        return None;
    }
    let part = |v: u32| (v != 0).then_some(v as u8);
    Some(PartialDate::trusted(
        (x >> 9) as i16,
        part((x >> 5) & 0xF),
        part(x & 0x1F),
    ))
}

/// Gives each distinct list of citations one row of a [`Lists`].
#[derive(Debug)]
struct CiteSets {
    lists: Lists<PackedCitation>,
    index: HashMap<Vec<PackedCitation>, u32, Fast>,
}

impl Default for CiteSets {
    fn default() -> CiteSets {
        let mut sets = CiteSets {
            lists: Lists::default(),
            index: HashMap::default(),
        };
        sets.add(&[]);
        sets
    }
}

impl CiteSets {
    /// The row of `list`, added if it is new. (A slice, so that the
    /// lists of a million edges, nearly all seen before, are not each
    /// allocated.)
    fn add(&mut self, list: &[PackedCitation]) -> u32 {
        if let Some(&i) = self.index.get(list) {
            return i;
        }
        let i = self.lists.rows() as u32;
        self.lists.push_row(list.iter().copied());
        self.index.insert(list.to_vec(), i);
        i
    }

    /// The row of a record's citations, their texts interned in `s`.
    fn add_citations<'a>(&mut self, s: &mut Interner<'a>, cites: &'a [Citation]) -> u32 {
        let list: Vec<PackedCitation> = cites
            .iter()
            .map(|c| (s.add(c.source.as_str()), s.opt(&c.quote)))
            .collect();
        self.add(&list)
    }
}

impl Packed {
    /// Packs records: `edges` are `(from, to, edge)` with ends indexing
    /// `nodes`. An edge without an id gets its default (see
    /// `model::edge_id`), after the ids given; an id given twice is kept by
    /// its first edge, the later one getting a default (validation refuses
    /// such input before it gets here).
    pub fn build<'a>(
        sources: &[Source],
        nodes: &[&'a Node],
        edges: &[(u32, u32, &'a Edge)],
    ) -> Packed {
        let mut s = Interner::default();
        s.index.reserve(2 * nodes.len());
        let mut sets = CiteSets::default();
        let mut p = Packed {
            sources: sources.to_vec(),
            ..Packed::default()
        };
        let n = nodes.len();
        let mut position: HashMap<&str, u32, Fast> =
            HashMap::with_capacity_and_hasher(n, Fast::default());
        let mut names: Vec<(String, u32, u32)> = Vec::with_capacity(n);
        for (i, node) in nodes.iter().enumerate() {
            position.insert(node.id.as_str(), i as u32);
            p.node_id.to_mut().push(s.add(node.id.as_str()));
            p.node_kind.push(node.kind);
            let name = s.add(&node.name);
            p.node_name.to_mut().push(name);
            p.node_country
                .to_mut()
                .push(node.country.as_ref().map_or(NONE, |c| s.add(c.as_str())));
            p.node_region.to_mut().push(s.opt(&node.region));
            p.node_note.to_mut().push(s.opt(&node.note));
            let aliases: Vec<u32> = node.aliases.iter().map(|a| s.add(a)).collect();
            let mut keys: Vec<(String, u32, u32)> = std::iter::once(name)
                .chain(aliases.iter().copied())
                .map(|t| (fold(s.str(t)), i as u32, t))
                .collect();
            keys.sort();
            keys.dedup_by(|a, b| a.0 == b.0);
            names.extend(keys);
            p.node_aliases.push_row(aliases);
            p.node_cite
                .to_mut()
                .push(sets.add_citations(&mut s, &node.cite));
            let attrs: Vec<PackedAttr> = node
                .attrs
                .iter()
                .map(|(k, v)| (s.add(k), s.add(v)))
                .collect();
            p.node_attrs.push_row(attrs);
        }
        p.node_country_ix = nodes
            .iter()
            .map(|node| {
                node.country
                    .as_ref()
                    .and_then(|c| position.get(c.as_str()).copied())
                    .unwrap_or(NONE)
            })
            .collect();
        let mut by_id: Vec<(&str, u32)> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.id.as_str(), i as u32))
            .collect();
        by_id.sort_unstable();
        p.id_order = by_id
            .into_iter()
            .map(|(_, i)| i)
            .collect::<Vec<u32>>()
            .into();
        names.sort();
        p.name_order = names.into_iter().map(|(_, i, t)| (i, t)).collect();

        let m = edges.len();
        let mut ids = EdgeIds::with_capacity(m);
        let given: Vec<bool> = edges
            .iter()
            .map(|(_, _, e)| e.id.as_ref().is_some_and(|id| ids.claim(id.as_str())))
            .collect();
        let node_id = |i: u32| nodes.get(i as usize).map_or("", |n| n.id.as_str());
        p.edge_id.to_mut().reserve(m);
        p.edge_from.to_mut().reserve(m);
        p.edge_to.to_mut().reserve(m);
        p.edge_kind.reserve(m);
        p.edge_date.to_mut().reserve(m);
        p.edge_cite.to_mut().reserve(m);
        p.edge_extra.to_mut().reserve(m);
        let mut row: Vec<(u32, u32)> = Vec::new();
        for (&(from, to, e), &given) in edges.iter().zip(&given) {
            let id = match (&e.id, given) {
                (Some(id), true) => s.push_distinct(id.as_str()),
                _ => s.push_distinct(&ids.claim_default(default_edge_id(
                    node_id(from),
                    node_id(to),
                    e.kind,
                    e.date,
                ))),
            };
            p.edge_id.to_mut().push(id);
            p.edge_from.to_mut().push(from);
            p.edge_to.to_mut().push(to);
            p.edge_kind.push(e.kind);
            p.edge_date.to_mut().push(pack_date(e.date));
            p.edge_cite
                .to_mut()
                .push(sets.add_citations(&mut s, &e.cite));
            row.clear();
            if e.is_planned() {
                row.push((tag::STATUS, STATUS_PLANNED));
            }
            if e.end_date.is_some() {
                row.push((tag::END_DATE, pack_date(e.end_date)));
            }
            let texts = [
                (tag::DATE_NOTE, &e.date_note),
                (tag::PLACE, &e.place),
                (tag::WHAT, &e.what),
                (tag::ROLE, &e.role),
                (tag::REGION, &e.region),
                (tag::DERIVED, &e.derived),
                (tag::NOTE, &e.note),
            ];
            for (t, text) in texts {
                if let Some(text) = text {
                    row.push((t, s.add(text)));
                }
            }
            if let Some(a) = e.amount_usd {
                let bits = a.to_bits();
                row.push((tag::AMOUNT_LO, bits as u32));
                row.push((tag::AMOUNT_HI, (bits >> 32) as u32));
            }
            for t in &e.topics {
                row.push((tag::TOPIC, s.add(t)));
            }
            for (k, v) in &e.attrs {
                row.push((tag::ATTR_KEY, s.add(k)));
                row.push((tag::ATTR_VALUE, s.add(v)));
            }
            if row.is_empty() {
                p.edge_extra.to_mut().push(NONE);
            } else {
                p.edge_extra.to_mut().push(p.extras.rows() as u32);
                p.extras.push_row(row.iter().copied());
            }
        }
        p.cite_sets = sets.lists;
        p.strings = s.into_strings();
        p.finish()
    }

    /// Sets up the lazily built parts once the columns are filled.
    pub fn finish(mut self) -> Packed {
        self.nodes = Chunks::new(self.node_id.len());
        self.edges = Chunks::new(self.edge_from.len());
        self.incidence = OnceLock::new();
        self.planned = OnceLock::new();
        self
    }

    /// A bit per edge (edge `i` is bit `i % 64` of word `i / 64`), set when
    /// the edge is planned; empty when no edge is. Found on first use from
    /// the side table, which only edges with rare fields point into.
    pub fn planned_bits(&self) -> &[u64] {
        self.planned.get_or_init(|| {
            let mut bits: Vec<u64> = Vec::new();
            for (i, &r) in self.edge_extra.iter().enumerate() {
                if r != NONE
                    && self
                        .extras
                        .row(r as usize)
                        .iter()
                        .any(|&(t, _)| t == tag::STATUS)
                {
                    if bits.is_empty() {
                        bits = vec![0; self.edge_count().div_ceil(64)];
                    }
                    if let Some(w) = bits.get_mut(i / 64) {
                        *w |= 1 << (i % 64);
                    }
                }
            }
            bits
        })
    }

    /// Whether edge `i` is planned.
    pub fn edge_planned(&self, i: usize) -> bool {
        is_set(self.planned_bits(), i)
    }

    /// Checks that the columns agree with each other: lengths match, every
    /// index is in range, every id, date and side-table row is valid. After
    /// this, reading a `Packed` cannot fail.
    ///
    /// The lookup orders (`id_order`, `name_order`) are only checked to
    /// point at real nodes and strings: a lookup compares the text it finds
    /// with the one asked for, so an order damaged in a way the checksum
    /// missed could make a lookup miss, never return a wrong node.
    pub fn check(&self) -> Result<(), String> {
        self.check_columns()?;
        self.check_edge_ids()
    }

    /// [`Packed::check`] of every column but the edge ids.
    pub fn check_columns(&self) -> Result<(), String> {
        let n = self.node_id.len();
        let m = self.edge_from.len();
        let strings = self.strings.ends.len();
        let text = std::str::from_utf8(&self.strings.text)
            .map_err(|_| "the string table is not UTF-8".to_string())?;
        let mut prev = 0u32;
        for &e in self.strings.ends.iter() {
            if e < prev || !text.is_char_boundary(e as usize) {
                return Err("the string table is damaged".into());
            }
            prev = e;
        }
        if prev as usize != self.strings.text.len() {
            return Err("the string table has a wrong length".into());
        }
        let same = |what: &str, len: usize, want: usize| {
            if len == want {
                Ok(())
            } else {
                Err(format!("{what} has {len} entries, expected {want}"))
            }
        };
        same("node kinds", self.node_kind.len(), n)?;
        same("node names", self.node_name.len(), n)?;
        same("node countries", self.node_country.len(), n)?;
        same("node country links", self.node_country_ix.len(), n)?;
        same("node regions", self.node_region.len(), n)?;
        same("node notes", self.node_note.len(), n)?;
        same("node aliases", self.node_aliases.rows(), n)?;
        same("node citations", self.node_cite.len(), n)?;
        same("node attributes", self.node_attrs.rows(), n)?;
        same("the id index", self.id_order.len(), n)?;
        same("edge targets", self.edge_to.len(), m)?;
        same("edge kinds", self.edge_kind.len(), m)?;
        same("edge dates", self.edge_date.len(), m)?;
        same("edge citations", self.edge_cite.len(), m)?;
        same("edge extras", self.edge_extra.len(), m)?;

        let string = |i: u32| i == NONE || (i as usize) < strings;
        let required = |i: u32| (i as usize) < strings;
        let bad = |what: &str| Err(format!("{what} names a string that does not exist"));
        if !all_below(&self.node_id, strings) || !all_below(&self.node_name, strings) {
            return bad("a node");
        }
        for col in [&self.node_country, &self.node_region, &self.node_note] {
            if !all_below_or_none(col, strings) {
                return bad("a node");
            }
        }
        check_lists(&self.node_aliases)?;
        if !self.node_aliases.items.iter().all(|&i| required(i)) {
            return bad("an alias");
        }
        for lists in [&self.cite_sets, &self.node_attrs] {
            check_lists(lists)?;
            if !lists.items.iter().all(|&(a, b)| required(a) && string(b)) {
                return bad("a citation or attribute");
            }
        }
        if !self.node_attrs.items.iter().all(|&(_, v)| required(v)) {
            return bad("an attribute");
        }
        let sets = self.cite_sets.rows();
        if sets == 0 || !self.cite_sets.row(0).is_empty() {
            return Err("the citation table is damaged".into());
        }
        if !all_below(&self.node_cite, sets) || !all_below(&self.edge_cite, sets) {
            return Err("a citation list does not exist".into());
        }
        // Ids: node ids, country references and cited sources.
        let mut is_id = vec![false; strings];
        let cited = self.cite_sets.items.iter().map(|c| c.0);
        for i in self
            .node_id
            .iter()
            .chain(&self.node_country)
            .copied()
            .chain(cited)
        {
            if let Some(flag) = is_id.get_mut(i as usize) {
                *flag = true;
            }
        }
        // (`text` is valid UTF-8 and every end a boundary, checked above.)
        let ends: &[u32] = &self.strings.ends;
        for (i, _) in is_id.iter().enumerate().filter(|(_, &f)| f) {
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            let id = text.get(start..ends[i] as usize).unwrap_or_default();
            Id::check(id).map_err(|e| format!("bad id: {e}"))?;
        }
        if !all_below_or_none(&self.node_country_ix, n) {
            return Err("a node's country is not a node".into());
        }
        if !all_below(&self.edge_from, n) || !all_below(&self.edge_to, n) {
            return Err("an edge names a node that does not exist".into());
        }
        if !all_below(&self.id_order, n)
            || !self
                .name_order
                .iter()
                .all(|&(i, t)| (i as usize) < n && required(t))
        {
            return Err("a lookup index names a node that does not exist".into());
        }
        // One branch-free pass; the error names the first bad date.
        let dates: &[u32] = &self.edge_date;
        if !dates
            .iter()
            .fold(true, |ok, &d| ok & packed_date_is_valid(d))
        {
            let d = dates.iter().find(|&&d| !packed_date_is_valid(d)).copied();
            return Err(format!("bad date (packed {:#x})", d.unwrap_or(0)));
        }
        check_lists(&self.extras)?;
        let rows = self.extras.rows();
        if !all_below_or_none(&self.edge_extra, rows) {
            return Err("an edge names a side-table row that does not exist".into());
        }
        for r in 0..rows {
            check_extra(self.extras.row(r), strings)?;
        }
        Ok(())
    }

    /// Checks that every edge has an id, and that each is a valid edge id.
    /// (Their being distinct is not checked on opening: it is made sure of
    /// when they are given or made, and a lookup takes the first edge with
    /// an id.)
    pub fn check_edge_ids(&self) -> Result<(), String> {
        let m = self.edge_from.len();
        if self.edge_id.len() != m {
            return Err(format!(
                "edge ids has {} entries, expected {m}",
                self.edge_id.len()
            ));
        }
        if !all_below(&self.edge_id, self.strings.ends.len()) {
            return Err("an edge id names a string that does not exist".into());
        }
        // Byte by byte (edge ids are ASCII), on two cores for many edges;
        // an id that fails is checked again as text for the message.
        let check = |ids: &[u32]| -> Result<(), String> {
            let text: &[u8] = &self.strings.text;
            let ends: &[u32] = &self.strings.ends;
            for &i in ids {
                let start = match i {
                    0 => 0,
                    _ => ends.get(i as usize - 1).map_or(usize::MAX, |&e| e as usize),
                };
                let end = ends.get(i as usize).map_or(0, |&e| e as usize);
                if !text.get(start..end).is_some_and(edge_id_bytes_are_valid) {
                    EdgeId::check(self.strings.str(i)).map_err(|e| format!("bad edge id: {e}"))?;
                    return Err(format!("bad edge id at string {i}"));
                }
            }
            Ok(())
        };
        let ids: &[u32] = &self.edge_id;
        if ids.len() < PARALLEL_AT {
            return check(ids);
        }
        let (a, b) = ids.split_at(ids.len() / 2);
        let (x, y) = crate::par::join(|| check(a), || check(b));
        x.and(y)
    }

    /// Gives every edge its default id (`model::edge_id`), for files of
    /// formats before 6, which stored none. The string table is copied
    /// once to take the new texts. Needs columns that
    /// [`Packed::check_columns`] accepted.
    pub fn assign_default_ids(&mut self) {
        let m = self.edge_count();
        let mut ids = EdgeIds::with_capacity(m);
        let mut made: Vec<String> = Vec::with_capacity(m);
        for i in 0..m {
            let end = |c: &Column<u32>| c.get(i).copied().unwrap_or(NONE);
            let base = default_edge_id(
                self.node_id_str(end(&self.edge_from)),
                self.node_id_str(end(&self.edge_to)),
                self.edge_kind.get(i).copied().unwrap_or(EdgeKind::Tie),
                self.edge_date(i),
            );
            made.push(ids.claim_default(base));
        }
        let mut text = self.strings.text.to_vec();
        let mut ends = self.strings.ends.to_vec();
        let mut col = Vec::with_capacity(m);
        for id in made {
            text.extend_from_slice(id.as_bytes());
            col.push(ends.len() as u32);
            ends.push(text.len() as u32);
        }
        self.strings = Strings {
            text: text.into(),
            ends: ends.into(),
        };
        self.edge_id = col.into();
    }

    /// The text of edge `i`'s id.
    pub fn edge_id_str(&self, i: usize) -> &str {
        self.strings
            .str(self.edge_id.get(i).copied().unwrap_or(NONE))
    }

    /// The edge with this id (the first, should a damaged file hold it
    /// twice).
    pub fn find_edge(&self, id: &str) -> Option<usize> {
        (0..self.edge_count()).find(|&i| self.edge_id_str(i) == id)
    }

    /// Whether `other` holds the same columns (what a file stores); the
    /// records built on access are not compared.
    pub fn same_columns(&self, other: &Packed) -> bool {
        self.strings == other.strings
            && self.sources == other.sources
            && self.node_id == other.node_id
            && self.node_kind == other.node_kind
            && self.node_name == other.node_name
            && self.node_country == other.node_country
            && self.node_country_ix == other.node_country_ix
            && self.node_region == other.node_region
            && self.node_note == other.node_note
            && self.node_aliases == other.node_aliases
            && self.node_cite == other.node_cite
            && self.node_attrs == other.node_attrs
            && self.id_order == other.id_order
            && self.name_order == other.name_order
            && self.cite_sets == other.cite_sets
            && self.edge_from == other.edge_from
            && self.edge_to == other.edge_to
            && self.edge_kind == other.edge_kind
            && self.edge_date == other.edge_date
            && self.edge_cite == other.edge_cite
            && self.edge_extra == other.edge_extra
            && self.extras == other.extras
            && self.edge_id == other.edge_id
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_id.len()
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.edge_from.len()
    }

    fn node_id_str(&self, i: u32) -> &str {
        self.strings
            .str(self.node_id.get(i as usize).copied().unwrap_or(NONE))
    }

    /// The node with this id.
    pub fn find(&self, id: &str) -> Option<u32> {
        let at = self.id_order.partition_point(|&i| self.node_id_str(i) < id);
        let i = *self.id_order.get(at)?;
        (self.node_id_str(i) == id).then_some(i)
    }

    /// The nodes with a name or alias that folds to `key`, in index order.
    pub fn find_name(&self, key: &str) -> Vec<u32> {
        let folded = |t: u32| fold(self.strings.str(t));
        let start = self
            .name_order
            .partition_point(|&(_, t)| folded(t).as_str() < key);
        let mut found: Vec<u32> = self.name_order[start..]
            .iter()
            .take_while(|&&(_, t)| folded(t) == key)
            .map(|&(i, _)| i)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The id, name and aliases of node `i`, for search.
    pub fn texts(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let first = [self.node_id.get(i), self.node_name.get(i)]
            .into_iter()
            .flatten()
            .map(|&s| self.strings.str(s));
        first.chain(
            self.node_aliases
                .row(i)
                .iter()
                .map(|&s| self.strings.str(s)),
        )
    }

    /// Edge `i`'s date.
    pub fn edge_date(&self, i: usize) -> Option<PartialDate> {
        self.edge_date.get(i).and_then(|&d| date(d))
    }

    /// Whether edge `i` cites a source.
    pub fn edge_cited(&self, i: usize) -> bool {
        self.edge_cite.get(i).is_some_and(|&c| c != 0)
    }

    /// Node `i` in full, built on first access.
    pub fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i, self.node_count(), |i| self.make_node(i))
    }

    /// Edge `i` in full, built on first access.
    pub fn edge(&self, i: usize) -> Option<&Edge> {
        self.edges.get(i, self.edge_count(), |i| self.make_edge(i))
    }

    /// The edges leaving node `i`, in edge order.
    pub fn out_edges(&self, i: usize) -> &[u32] {
        self.incidence().out.row(i)
    }

    /// The edges entering node `i`, in edge order.
    pub fn in_edges(&self, i: usize) -> &[u32] {
        self.incidence().into.row(i)
    }

    /// Every node's edges, outgoing and incoming: the lists stored in the
    /// file when they agree with the edge columns (checked on first use,
    /// so a command that never asks pays nothing), else built from them.
    /// A damaged stored list is thus never used.
    pub fn incidence(&self) -> &Incidence {
        self.incidence.get_or_init(|| {
            let n = self.node_count();
            let stored = self.stored_incidence.as_ref();
            let make = |lists: Option<&EdgeLists>, ends: &[u32]| match lists {
                Some(l) if l.agrees(ends, n) => l.clone(),
                _ => EdgeLists::build(ends, n),
            };
            let (from, to): (&[u32], &[u32]) = (&self.edge_from, &self.edge_to);
            if from.len() < PARALLEL_AT {
                return Incidence {
                    out: make(stored.map(|s| &s.out), from),
                    into: make(stored.map(|s| &s.into), to),
                };
            }
            // The two directions on the two cores.
            let (out, into) = crate::par::join(
                || make(stored.map(|s| &s.out), from),
                || make(stored.map(|s| &s.into), to),
            );
            Incidence { out, into }
        })
    }

    fn cites(&self, set: Option<&u32>) -> Vec<Citation> {
        let list = set.map_or(&[][..], |&c| self.cite_sets.row(c as usize));
        list.iter()
            .map(|&(source, quote)| Citation {
                source: self.strings.id(source),
                quote: self.strings.owned(quote),
            })
            .collect()
    }

    fn attrs(&self, list: &[PackedAttr]) -> BTreeMap<String, String> {
        list.iter()
            .map(|&(k, v)| {
                (
                    self.strings.str(k).to_string(),
                    self.strings.str(v).to_string(),
                )
            })
            .collect()
    }

    /// Builds node `i` from the columns.
    pub fn make_node(&self, i: usize) -> Node {
        let col = |c: &[u32]| c.get(i).copied().unwrap_or(NONE);
        let s = &self.strings;
        Node {
            id: s.id(col(&self.node_id)),
            kind: self
                .node_kind
                .get(i)
                .copied()
                .unwrap_or(NodeKind::Organization),
            name: s.str(col(&self.node_name)).to_string(),
            aliases: self
                .node_aliases
                .row(i)
                .iter()
                .map(|&a| s.str(a).to_string())
                .collect(),
            country: s.get(col(&self.node_country)).map(Id::trusted),
            region: s.owned(col(&self.node_region)),
            note: s.owned(col(&self.node_note)),
            cite: self.cites(self.node_cite.get(i)),
            attrs: self.attrs(self.node_attrs.row(i)),
        }
    }

    /// Builds edge `i` from the columns.
    pub fn make_edge(&self, i: usize) -> Edge {
        let s = &self.strings;
        let mut e = Edge::new(self.edge_kind.get(i).copied().unwrap_or(EdgeKind::Mou));
        e.id = Some(EdgeId::trusted(self.edge_id_str(i)));
        e.date = self.edge_date(i);
        e.cite = self.cites(self.edge_cite.get(i));
        let r = self.edge_extra.get(i).copied().unwrap_or(NONE);
        if r == NONE {
            return e;
        }
        let mut amount_lo = 0u32;
        let mut key = NONE;
        for &(t, v) in self.extras.row(r as usize) {
            let text = || s.owned(v);
            match t {
                tag::STATUS => e.status = EdgeStatus::Planned,
                tag::END_DATE => e.end_date = date(v),
                tag::DATE_NOTE => e.date_note = text(),
                tag::PLACE => e.place = text(),
                tag::WHAT => e.what = text(),
                tag::ROLE => e.role = text(),
                tag::REGION => e.region = text(),
                tag::DERIVED => e.derived = text(),
                tag::NOTE => e.note = text(),
                tag::AMOUNT_LO => amount_lo = v,
                tag::AMOUNT_HI => {
                    e.amount_usd = Some(f64::from_bits(u64::from(v) << 32 | u64::from(amount_lo)));
                }
                tag::TOPIC => e.topics.push(s.str(v).to_string()),
                tag::ATTR_KEY => key = v,
                tag::ATTR_VALUE => {
                    e.attrs.insert(s.str(key).to_string(), s.str(v).to_string());
                }
                _ => {}
            }
        }
        e
    }
}

/// Checks one side-table row: known tags, valid strings and dates, an
/// amount's two halves and an attribute's key and value in pairs.
fn check_extra(row: &[(u32, u32)], strings: usize) -> Result<(), String> {
    let mut prev = NONE;
    let mut lo = 0u32;
    for &(t, v) in row {
        let ok = match t {
            tag::STATUS => v == STATUS_PLANNED,
            tag::END_DATE => unpack_date(v).is_ok(),
            tag::AMOUNT_LO => {
                lo = v;
                true
            }
            tag::AMOUNT_HI => {
                // An amount no reader could produce (NaN, negative) is refused.
                let a = f64::from_bits((u64::from(v) << 32) | u64::from(lo));
                prev == tag::AMOUNT_LO && a.is_finite() && a >= 0.0
            }
            tag::ATTR_VALUE => prev == tag::ATTR_KEY && (v as usize) < strings,
            t if t < tag::COUNT => (v as usize) < strings,
            _ => false,
        };
        let paired = match prev {
            tag::AMOUNT_LO => t == tag::AMOUNT_HI,
            tag::ATTR_KEY => t == tag::ATTR_VALUE,
            _ => true,
        };
        if !ok || !paired {
            return Err(format!("a side-table entry (tag {t}) is damaged"));
        }
        prev = t;
    }
    if prev == tag::AMOUNT_LO || prev == tag::ATTR_KEY {
        return Err("a side-table row is cut short".into());
    }
    Ok(())
}

/// Whether bit `i` of `bits` is set (see [`Packed::planned_bits`]).
pub(crate) fn is_set(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

/// Whether [`unpack_date`] accepts `x`, computed without branches (a
/// million dates are checked on every open).
fn packed_date_is_valid(x: u32) -> bool {
    // Days in each month; "no month" (0) allows only "no day" (0).
    const DAYS: [u32; 16] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    let (year, month, day) = (x >> 9, (x >> 5) & 0xF, x & 0x1F);
    let leap = (year % 4 == 0) & (year % 100 != 0) | (year % 400 == 0);
    let days = DAYS[month as usize] + u32::from((month == 2) & leap);
    (x == 0) | ((1..=9999).contains(&year) & (month <= 12) & (day <= days))
}

/// Whether every value in `col` is below `bound`. No early exit, so that
/// the loop is vectorised: at a million edges these passes were a fifth of
/// opening.
fn all_below(col: &[u32], bound: usize) -> bool {
    let Ok(bound) = u32::try_from(bound) else {
        return true;
    };
    col.iter().fold(0u32, |bad, &x| bad | u32::from(x >= bound)) == 0
}

/// [`all_below`], also allowing [`NONE`].
fn all_below_or_none(col: &[u32], bound: usize) -> bool {
    let Ok(bound) = u32::try_from(bound) else {
        return true;
    };
    col.iter()
        .fold(0u32, |bad, &x| bad | u32::from(x != NONE && x >= bound))
        == 0
}

fn check_lists<T>(lists: &Lists<T>) -> Result<(), String> {
    if lists.starts.first() != Some(&0)
        || lists.starts.windows(2).any(|w| w[0] > w[1])
        || lists.starts.last().map(|&l| l as usize) != Some(lists.items.len())
    {
        return Err("a list column is damaged".into());
    }
    Ok(())
}

/// Whether `b` is a valid edge id ([`EdgeId::check`]), read as bytes:
/// lower-case ASCII letters, digits, `-`, `_`, `:` and `.`, starting with
/// a letter or digit, at most [`MAX_EDGE_ID_LEN`] long.
fn edge_id_bytes_are_valid(b: &[u8]) -> bool {
    let allowed = |c: u8| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_' | b':' | b'.')
    };
    b.first()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.len() <= MAX_EDGE_ID_LEN
        && b.iter().fold(true, |ok, &c| ok & allowed(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_date_check_agrees_with_unpacking() {
        let years = (0u32..=2100)
            .chain(9990..=10010)
            .chain([1 << 14, 1 << 22, u32::MAX >> 9]);
        for year in years {
            for low in 0..(1u32 << 9) {
                let x = year << 9 | low;
                assert_eq!(packed_date_is_valid(x), unpack_date(x).is_ok(), "{x:#x}");
            }
        }
    }

    #[test]
    fn dates_pack_and_unpack() {
        for text in ["2016", "2016-11", "2017-04-25", "0001-01-01", "9999-12-31"] {
            let d: PartialDate = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(unpack_date(pack_date(Some(d))), Ok(Some(d)), "{text}");
        }
        assert_eq!(unpack_date(0), Ok(None));
        assert!(unpack_date(2017 << 9 | 13 << 5).is_err(), "month 13");
        assert!(unpack_date(2017 << 9 | 2 << 5 | 30).is_err(), "30 February");
        assert!(unpack_date(2017 << 9 | 5).is_err(), "a day without a month");
    }

    #[test]
    fn strings_are_interned_once() {
        let mut i = Interner::default();
        let a = i.add("kr");
        let b = i.add("kz");
        assert_eq!(i.add("kr"), a);
        let strings = i.into_strings();
        assert_eq!(strings.get(b), Some("kz"));
        assert_eq!(strings.get(NONE), None);
        assert_eq!(strings.get(99), None);
    }

    proptest::proptest! {
        #[test]
        fn edge_ids_checked_as_bytes_agree_with_the_text_check(
            b in proptest::collection::vec(proptest::sample::select(
                b"az09-_:.A \xc3\xa9\xff".to_vec()), 0..12),
            long in 0usize..2,
        ) {
            let mut b = b;
            if long == 1 {
                b.extend(std::iter::repeat_n(b'a', MAX_EDGE_ID_LEN));
            }
            let text = std::str::from_utf8(&b).ok();
            let want = text.is_some_and(|t| EdgeId::check(t).is_ok());
            proptest::prop_assert_eq!(edge_id_bytes_are_valid(&b), want, "{:?}", text);
        }
    }
}
