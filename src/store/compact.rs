//! The compact payload (format versions 2 to 6): a graph's packed columns
//! (see `model::packed`) written as little-endian arrays, one after
//! another, so that opening is a check rather than a parse.
//!
//! Version 5 has version 4's layout; its sources carry `collection`
//! (versions 2 to 4 decode theirs through the frozen `v4` shape), and an
//! edge's side-table row may hold its `status` (`tag::STATUS`). Version 6
//! adds each edge's id (a string index) at the end; older files get every
//! edge's default id when they are opened (`Packed::assign_default_ids`).
//!
//! Every section is an element count (`u64`) and then the elements; in
//! versions 3 and 4 each section is followed by zero bytes up to a multiple of
//! four, so that every `u32` column starts 4-aligned in the file and an
//! opened file's columns borrow its (memory-mapped) bytes instead of being
//! copied (see `model::column`). Version 2 has no padding; its columns are
//! copied where they are not aligned.
//!
//! | section | elements |
//! |---|---|
//! | sources | bytes: the sources, encoded by `codec` (there are few) |
//! | strings | bytes of UTF-8 text, then `u32` end offsets |
//! | nodes | `u32` id, `u8` kind, `u32` name, country text, country node, region, note |
//! | node lists | aliases (`u32` row starts, then items); `u32` citation list; attributes |
//! | lookup | `u32` node positions in id order; `(node, text)` in folded-text order |
//! | citation lists | row starts, then `(source, quote)` pairs; row 0 is empty |
//! | edges | `u32` from, to; `u8` kind; `u32` packed date; `u32` citation list; `u32` side-table row |
//! | side table | row starts, then `(tag, value)` pairs: the rarer edge fields |
//! | incidence (version 4) | each node's outgoing edges (row starts, then edge numbers), then its incoming ones |
//! | edge ids (version 6) | `u32` string index of each edge's id |
//!
//! Version 7 has version 6's layout; it adds the edge kinds `signed` and
//! `attended` (kind numbers 14 and 15), which an older file cannot hold.
//!
//! The incidence lists are derived data, stored so that opening does not
//! have to sort a million edges by their ends: a command that walks the
//! graph checks them against the edge columns in one pass on first use
//! and rebuilds them if they disagree (`Packed::incidence`), so a damaged
//! list is never used.
//!
//! `u32::MAX` means "none" in an index column. A string index, node
//! index, kind, date or list range out of place is refused by
//! `Packed::check` when the file is opened, so a damaged file that
//! somehow passes the checksum is still an error, never a wrong answer
//! or a crash.

use std::ops::Range;
use std::sync::Arc;

use crate::model::column::{Buffer, Column};
use crate::model::packed::{EdgeLists, Incidence, Lists, Packed, Strings};
use crate::model::{EdgeKind, NodeKind, Source};

use super::{codec, v4};

/// Encodes packed columns as a version 7 payload (padded sections, with
/// the incidence lists, sources with their collection, edge ids; version 7
/// has version 6's layout and adds the edge kinds `signed` and `attended`).
pub(crate) fn encode(p: &Packed) -> Result<Vec<u8>, String> {
    encode_version(p, 7)
}

/// The edge kinds a file of `version` may hold: `signed` and `attended`
/// came with version 7.
fn edge_kinds(version: u32) -> &'static [EdgeKind] {
    let all = EdgeKind::ALL;
    if version >= 7 {
        all
    } else {
        let n = all
            .iter()
            .position(|k| k.is_participation())
            .unwrap_or(all.len());
        &all[..n]
    }
}

/// Encodes packed columns in format `version` (2: unpadded, 3: padded,
/// 4: padded with the incidence lists, 5: sources with their collection,
/// 6: edge ids, 7: the edge kinds `signed` and `attended`).
/// Older versions drop what they cannot hold (tests write them to check
/// the old decoders); an edge kind a version cannot hold is an error.
pub(crate) fn encode_version(p: &Packed, version: u32) -> Result<Vec<u8>, String> {
    if let Some(k) = p
        .edge_kind
        .iter()
        .find(|k| !edge_kinds(version).contains(k))
    {
        return Err(format!(
            "format version {version} cannot hold '{k}' edges (version 7 added them)"
        ));
    }
    let mut w = Writer {
        out: Vec::with_capacity(estimate(p)),
        padded: version >= 3,
    };
    if version >= 5 {
        w.bytes(&codec::encode_value(&p.sources)?);
    } else {
        let old: Vec<v4::Source> = p.sources.iter().map(v4::source).collect();
        w.bytes(&codec::encode_value(&old)?);
    }
    w.bytes(&p.strings.text);
    w.u32s(&p.strings.ends);
    w.u32s(&p.node_id);
    w.kinds(p.node_kind.iter().map(|k| kind_byte(NodeKind::ALL, *k)));
    for col in [
        &p.node_name,
        &p.node_country,
        &p.node_country_ix,
        &p.node_region,
        &p.node_note,
    ] {
        w.u32s(col);
    }
    w.u32s(&p.node_aliases.starts);
    w.u32s(&p.node_aliases.items);
    w.u32s(&p.node_cite);
    w.pair_lists(&p.node_attrs);
    w.u32s(&p.id_order);
    w.pairs(&p.name_order);
    w.pair_lists(&p.cite_sets);
    w.u32s(&p.edge_from);
    w.u32s(&p.edge_to);
    w.kinds(p.edge_kind.iter().map(|k| kind_byte(EdgeKind::ALL, *k)));
    w.u32s(&p.edge_date);
    w.u32s(&p.edge_cite);
    w.u32s(&p.edge_extra);
    w.pair_lists(&p.extras);
    if version >= 4 {
        let inc = p.incidence();
        for lists in [&inc.out, &inc.into] {
            w.u32s(&lists.starts);
            w.u32s(&lists.items);
        }
    }
    if version >= 6 {
        w.u32s(&p.edge_id);
    }
    Ok(w.out)
}

/// Decodes and checks the payload at `payload` in `buffer`, written in
/// format `version` (2 to 6); every byte must be used. Columns borrow
/// from `buffer` where they can.
pub(crate) fn decode(
    buffer: &Arc<Buffer>,
    payload: Range<usize>,
    version: u32,
) -> Result<Packed, String> {
    let bytes = buffer
        .bytes()
        .get(payload.clone())
        .ok_or("the payload lies outside the file")?;
    let mut r = Reader {
        buffer,
        bytes,
        base: payload.start,
        at: 0,
        padded: version >= 3,
    };
    let sources: Vec<Source> = if version >= 5 {
        codec::decode_value(r.bytes("sources")?)?
    } else {
        let old: Vec<v4::Source> = codec::decode_value(r.bytes("sources")?)?;
        old.into_iter().map(Source::from).collect()
    };
    let (text_at, text_len) = r.section("strings", 1)?;
    // (`Packed::check` makes sure the text is UTF-8.)
    let strings = Strings {
        text: r.column(text_at, text_len),
        ends: r.u32s("string ends")?,
    };
    let node_id = r.u32s("node ids")?;
    let node_kind = r.kinds("node kinds", NodeKind::ALL)?;
    let node_name = r.u32s("node names")?;
    let node_country = r.u32s("node countries")?;
    let node_country_ix = r.u32s("node country links")?;
    let node_region = r.u32s("node regions")?;
    let node_note = r.u32s("node notes")?;
    let node_aliases = Lists {
        starts: r.u32s("alias starts")?.to_vec(),
        items: r.u32s("aliases")?.to_vec(),
    };
    let node_cite = r.u32s("node citations")?;
    let node_attrs = r.pair_lists("node attributes")?;
    let id_order = r.u32s("id index")?;
    let name_order = r.pairs("name index")?;
    let cite_sets = r.pair_lists("citation lists")?;
    let edge_from = r.u32s("edge sources")?;
    let edge_to = r.u32s("edge targets")?;
    let edge_kind = r.kinds("edge kinds", edge_kinds(version))?;
    let edge_date = r.u32s("edge dates")?;
    let edge_cite = r.u32s("edge citations")?;
    let edge_extra = r.u32s("edge extras")?;
    let extras = r.pair_lists("edge side table")?;
    let stored_incidence = if version >= 4 {
        let mut lists = |what: &str| -> Result<EdgeLists, String> {
            Ok(EdgeLists {
                starts: r.u32s(what)?,
                items: r.u32s(what)?,
            })
        };
        Some(Incidence {
            out: lists("outgoing edge lists")?,
            into: lists("incoming edge lists")?,
        })
    } else {
        None
    };
    let edge_id = if version >= 6 {
        Some(r.u32s("edge ids")?)
    } else {
        None
    };
    if r.at != bytes.len() {
        return Err(format!(
            "{} bytes left over after the payload",
            bytes.len() - r.at
        ));
    }
    let mut p = Packed::default();
    p.strings = strings;
    p.sources = sources;
    p.node_id = node_id;
    p.node_kind = node_kind;
    p.node_name = node_name;
    p.node_country = node_country;
    p.node_country_ix = node_country_ix;
    p.node_region = node_region;
    p.node_note = node_note;
    p.node_aliases = node_aliases;
    p.node_cite = node_cite;
    p.node_attrs = node_attrs;
    p.id_order = id_order;
    p.name_order = name_order;
    p.cite_sets = cite_sets;
    p.edge_from = edge_from;
    p.edge_to = edge_to;
    p.edge_kind = edge_kind;
    p.edge_date = edge_date;
    p.edge_cite = edge_cite;
    p.edge_extra = edge_extra;
    p.extras = extras;
    p.stored_incidence = stored_incidence;
    match edge_id {
        Some(ids) => {
            p.edge_id = ids;
            p.check()?;
        }
        None => {
            // Before format 6 no ids were stored: every edge gets its
            // default, as a graph built from the same records would.
            p.check_columns()?;
            p.assign_default_ids();
            p.check_edge_ids()?;
        }
    }
    Ok(p.finish())
}

fn estimate(p: &Packed) -> usize {
    256 + p.strings.text.len()
        + 4 * p.strings.ends.len()
        + 60 * p.node_id.len()
        + 42 * p.edge_from.len()
        + 8 * p.extras.items.len()
}

fn kind_byte<K: PartialEq>(all: &[K], k: K) -> u8 {
    all.iter().position(|x| *x == k).unwrap_or(0) as u8
}

/// Zero bytes after a section of `len` bytes, up to a multiple of four.
fn padding(len: usize) -> usize {
    (4 - len % 4) % 4
}

struct Writer {
    out: Vec<u8>,
    /// Whether sections are padded to four bytes (versions 3 and 4).
    padded: bool,
}

impl Writer {
    fn count(&mut self, n: usize) {
        self.out.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn pad(&mut self) {
        if self.padded {
            let n = padding(self.out.len());
            self.out.extend(std::iter::repeat_n(0u8, n));
        }
    }

    fn bytes(&mut self, b: &[u8]) {
        self.count(b.len());
        self.out.extend_from_slice(b);
        self.pad();
    }

    fn u32s(&mut self, v: &[u32]) {
        self.count(v.len());
        self.out.reserve(4 * v.len());
        for x in v {
            self.out.extend_from_slice(&x.to_le_bytes());
        }
    }

    fn pairs(&mut self, v: &[(u32, u32)]) {
        self.count(v.len());
        self.out.reserve(8 * v.len());
        for (a, b) in v {
            self.out.extend_from_slice(&a.to_le_bytes());
            self.out.extend_from_slice(&b.to_le_bytes());
        }
    }

    fn pair_lists(&mut self, l: &Lists<(u32, u32)>) {
        self.u32s(&l.starts);
        self.pairs(&l.items);
    }

    fn kinds(&mut self, k: impl ExactSizeIterator<Item = u8>) {
        self.count(k.len());
        self.out.extend(k);
        self.pad();
    }
}

struct Reader<'a> {
    buffer: &'a Arc<Buffer>,
    /// The payload.
    bytes: &'a [u8],
    /// Where the payload starts in the buffer.
    base: usize,
    /// The read position in the payload.
    at: usize,
    /// Whether sections are padded to four bytes (versions 3 and 4).
    padded: bool,
}

impl<'a> Reader<'a> {
    /// The next section of `count × size` bytes: its start in the payload
    /// and its length in elements.
    fn section(&mut self, what: &str, size: usize) -> Result<(usize, usize), String> {
        let cut = || format!("the {what} section is cut short");
        let head = self.bytes.get(self.at..self.at + 8).ok_or_else(cut)?;
        let mut n = [0u8; 8];
        n.copy_from_slice(head);
        let n = usize::try_from(u64::from_le_bytes(n)).map_err(|_| cut())?;
        let len = n.checked_mul(size).ok_or_else(cut)?;
        let start = self.at + 8;
        let end = start.checked_add(len).ok_or_else(cut)?;
        if end > self.bytes.len() {
            return Err(cut());
        }
        self.at = end;
        if self.padded {
            let pad = padding(end);
            let zeros = self.bytes.get(end..end + pad).ok_or_else(cut)?;
            if zeros.iter().any(|&b| b != 0) {
                return Err(format!("the padding after the {what} section is not zero"));
            }
            self.at += pad;
        }
        Ok((start, n))
    }

    /// The next section's bytes.
    fn fixed(&mut self, what: &str, size: usize) -> Result<&'a [u8], String> {
        let (start, n) = self.section(what, size)?;
        Ok(&self.bytes[start..start + n * size])
    }

    fn bytes(&mut self, what: &str) -> Result<&'a [u8], String> {
        self.fixed(what, 1)
    }

    /// `len` values at `start` in the payload as a column: borrowed from
    /// the buffer when aligned (version 3 on a little-endian machine),
    /// else copied.
    fn column<T: bytemuck::Pod>(&self, start: usize, len: usize) -> Column<T> {
        if let Some(c) = Column::borrow(self.buffer, self.base + start, len) {
            return c;
        }
        let size = std::mem::size_of::<T>();
        self.bytes[start..start + len * size]
            .chunks_exact(size)
            .map(bytemuck::pod_read_unaligned::<T>)
            .map(from_le)
            .collect()
    }

    fn u32s(&mut self, what: &str) -> Result<Column<u32>, String> {
        let (start, n) = self.section(what, 4)?;
        Ok(self.column(start, n))
    }

    fn pairs(&mut self, what: &str) -> Result<Vec<(u32, u32)>, String> {
        Ok(self
            .fixed(what, 8)?
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect())
    }

    fn pair_lists(&mut self, what: &str) -> Result<Lists<(u32, u32)>, String> {
        Ok(Lists {
            starts: self.u32s(what)?.to_vec(),
            items: self.pairs(what)?,
        })
    }

    fn kinds<K: Copy>(&mut self, what: &str, all: &[K]) -> Result<Vec<K>, String> {
        self.bytes(what)?
            .iter()
            .map(|&b| {
                all.get(b as usize)
                    .copied()
                    .ok_or_else(|| format!("unknown kind number {b} in the {what}"))
            })
            .collect()
    }
}

/// A value read in the file's byte order (little-endian) in the machine's.
fn from_le<T: bytemuck::Pod>(x: T) -> T {
    if cfg!(target_endian = "big") {
        let mut bytes = bytemuck::bytes_of(&x).to_vec();
        bytes.reverse();
        bytemuck::pod_read_unaligned(&bytes)
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{Citation, Edge, EdgeKind, Filter, Graph, Level, Node, NodeKind, View};
    use crate::store::{from_bytes, to_bytes, FORMAT_VERSION, MAGIC};
    use petgraph::stable_graph::{EdgeIndex, NodeIndex};

    fn id(s: &str) -> crate::model::Id {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every field of every record set somewhere; a country reference to a
    /// node the graph lacks; two nodes sharing a name.
    fn rich() -> Graph {
        let mut g = Graph::new();
        let add = |g: &mut Graph, n: Node| g.add_node(n).unwrap_or_else(|e| panic!("{e}"));
        g.add_source(Source {
            id: id("art"),
            title: "An article".into(),
            publisher: Some("Paper".into()),
            author: Some("Kim".into()),
            date: "2017-04".parse().ok(),
            file: Some("a.txt".into()),
            url: Some("https://x".into()),
            note: Some("n".into()),
            collection: Some("seeds".into()),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let mut kr = Node::new(id("kr"), NodeKind::Country, "Republic of Korea");
        kr.aliases = vec!["South Korea".into(), "Korea".into()];
        kr.region = Some("Eastern Asia".into());
        let kr = add(&mut g, kr);
        let mut kz = Node::new(id("kz"), NodeKind::Country, "Kazakhstan");
        kz.region = Some("Central Asia".into());
        kz.note = Some("a note".into());
        let kz = add(&mut g, kz);
        let mut moi = Node::new(id("kr-moi"), NodeKind::Ministry, "Ministry of the Interior");
        moi.country = Some(id("kr"));
        moi.cite = vec![Citation {
            source: id("art"),
            quote: Some("the ministry".into()),
        }];
        moi.attrs.insert("budget".into(), "large".into());
        let moi = add(&mut g, moi);
        let mut twin = Node::new(id("kz-moi"), NodeKind::Ministry, "Ministry of the Interior");
        twin.country = Some(id("kz"));
        add(&mut g, twin);
        let mut p = Node::new(id("hong"), NodeKind::Person, "Hong Yun-sik");
        p.country = Some(id("fr"));
        let p = add(&mut g, p);
        let mut e = Edge::new(EdgeKind::Export);
        e.date = "2016-11-05".parse().ok();
        e.end_date = "2018".parse().ok();
        e.date_note = Some("dated by the article".into());
        e.place = Some("Astana".into());
        e.amount_usd = Some(8_710_000.5);
        e.what = Some("e-procurement".into());
        e.topics = vec!["customs".into(), "tax".into()];
        e.region = Some("Central Asia".into());
        e.derived = Some("inferred".into());
        e.note = Some("note".into());
        e.cite = vec![
            Citation {
                source: id("art"),
                quote: Some("exported".into()),
            },
            Citation {
                source: id("missing-source"),
                quote: None,
            },
        ];
        e.attrs.insert("k".into(), "v".into());
        e.attrs.insert("a".into(), "b".into());
        g.add_edge(moi, kz, e).unwrap_or_else(|e| panic!("{e}"));
        let mut planned = Edge::new(EdgeKind::Forum);
        planned.status = crate::model::EdgeStatus::Planned;
        planned.date = "2015-05".parse().ok();
        g.add_edge(kz, kr, planned)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut aff = Edge::new(EdgeKind::Affiliation);
        aff.role = Some("Minister".into());
        g.add_edge(p, moi, aff).unwrap_or_else(|e| panic!("{e}"));
        g.add_edge(kr, kz, Edge::new(EdgeKind::Mou))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut neg = Edge::new(EdgeKind::Export);
        neg.amount_usd = Some(-0.0);
        g.add_edge(kz, kr, neg).unwrap_or_else(|e| panic!("{e}"));
        g
    }

    /// The edges at `ix`, with their records.
    fn edges_at(g: &Graph, ix: NodeIndex) -> Vec<(EdgeIndex, Edge)> {
        g.edges_of(ix)
            .iter()
            .map(|e| (e.index, e.edge.clone()))
            .collect()
    }

    fn open(bytes: &[u8]) -> Graph {
        from_bytes(Path::new("x.egdb"), bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_field_round_trips_through_the_compact_file() {
        let g = rich();
        let opened = open(&to_bytes(&g).unwrap_or_else(|e| panic!("{e}")));
        assert!(opened.is_compact());
        assert_eq!(opened.to_dataset(), g.to_dataset());
        // Records built on access equal the originals, in any order.
        for ix in g.node_indices().collect::<Vec<_>>().into_iter().rev() {
            assert_eq!(opened.node(ix), g.node(ix));
        }
        let again = open(&to_bytes(&opened).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(again.to_dataset(), g.to_dataset());
    }

    #[test]
    fn the_opened_graph_answers_like_the_built_one() {
        let g = rich();
        let o = open(&to_bytes(&g).unwrap_or_else(|e| panic!("{e}")));
        for q in [
            "kr",
            "korea",
            "SOUTH KOREA",
            "republic of korea",
            "hong yun-sik",
            "nowhere",
            "Ministry of the Interior",
        ] {
            assert_eq!(
                o.resolve(q).map_err(|e| e.to_string()),
                g.resolve(q).map_err(|e| e.to_string()),
                "{q}"
            );
        }
        assert!(
            o.resolve("Ministry of the Interior").is_err(),
            "two ministries share the name"
        );
        assert_eq!(o.search("kazak", 5), g.search("kazak", 5));
        for ix in g.node_indices() {
            assert_eq!(edges_at(&o, ix), edges_at(&g, ix));
            assert_eq!(o.node_kind(ix), g.node_kind(ix));
            assert_eq!(o.country_of(ix), g.country_of(ix));
        }
        assert_eq!(
            o.edge_summaries().collect::<Vec<_>>(),
            g.edge_summaries().collect::<Vec<_>>()
        );
        assert_eq!(o.latest_year(), Some(2016));
        assert_eq!(o.source("art"), g.source("art"));
        assert_eq!(o.index_of("zz"), None);
        for level in [Level::Country, Level::Org, Level::All] {
            let (a, b) = (
                View::new(&o, level, &Filter::default()),
                View::new(&g, level, &Filter::default()),
            );
            assert_eq!(a.edges(), b.edges());
            assert_eq!(a.nodes(), b.nodes());
        }
    }

    #[test]
    fn changing_an_opened_graph_keeps_what_it_held() {
        let g = rich();
        let mut o = open(&to_bytes(&g).unwrap_or_else(|e| panic!("{e}")));
        let ix = o
            .add_node(Node::new(id("uz"), NodeKind::Country, "Uzbekistan"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!o.is_compact());
        assert!(o
            .add_node(Node::new(id("kr"), NodeKind::Country, "Again"))
            .is_err());
        let mut want = g.to_dataset();
        want.nodes
            .push(Node::new(id("uz"), NodeKind::Country, "Uzbekistan"));
        assert_eq!(o.to_dataset(), want);
        assert_eq!(o.index_of("uz"), Some(ix));
    }

    /// What a file of a version before 5 holds of `g`: no collections, no
    /// status.
    fn before_5(g: &Graph) -> crate::model::Dataset {
        let mut d = g.to_dataset();
        for s in &mut d.sources {
            s.collection = None;
        }
        for (_, _, e) in &mut d.edges {
            e.status = crate::model::EdgeStatus::Realised;
        }
        d
    }

    #[test]
    fn version_1_files_still_open() {
        let g = rich();
        let payload = codec::encode_v1(&g.to_dataset()).unwrap_or_else(|e| panic!("{e}"));
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        b.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        b.extend_from_slice(&payload);
        let o = open(&b);
        assert!(o.is_compact(), "compacted on open, as every opened graph");
        assert_eq!(o.to_dataset(), before_5(&g));
    }

    #[test]
    fn version_2_files_still_open() {
        let g = rich();
        let old = Graph::from_dataset(before_5(&g)).unwrap_or_else(|e| panic!("{e}"));
        let payload = encode_version(&old.to_packed(), 2).unwrap_or_else(|e| panic!("{e}"));
        let o = open(&crate::store::frame_version(2, &payload));
        assert!(o.is_compact());
        assert_eq!(o.to_dataset(), before_5(&g));
    }

    #[test]
    fn version_5_files_open_with_default_edge_ids() {
        let g = rich();
        let payload = encode_version(&g.to_packed(), 5).unwrap_or_else(|e| panic!("{e}"));
        let o = open(&crate::store::frame_version(5, &payload));
        // `rich` was built edge by edge, each given its default id: the
        // file, which stored none, gives the same ones.
        assert_eq!(o.to_dataset(), g.to_dataset());
        assert_eq!(
            o.edge_id(EdgeIndex::new(0)),
            Some("kr-moi--kz:export:2016-11-05")
        );
        assert_eq!(o.find_edge("kr--kz:mou"), g.find_edge("kr--kz:mou"));
        assert!(o.find_edge("kr--kz:mou").is_some());
    }

    #[test]
    fn signed_and_attended_need_version_7() {
        let mut g = rich();
        let (Some(kr), Some(kz)) = (g.index_of("kr"), g.index_of("kz")) else {
            panic!("rich() has kr and kz");
        };
        g.add_edge(kr, kz, Edge::new(EdgeKind::Signed))
            .unwrap_or_else(|e| panic!("{e}"));
        let p = g.to_packed();
        let e = encode_version(&p, 6).err().unwrap_or_default();
        assert!(e.contains("cannot hold 'signed' edges"), "{e}");
        // A version 6 file whose kind byte is 'signed' is refused.
        let payload = encode(&p).unwrap_or_else(|e| panic!("{e}"));
        let at = Path::new("x.egdb");
        let six = from_bytes(at, &crate::store::frame_version(6, &payload));
        let seven = from_bytes(at, &crate::store::frame_version(7, &payload));
        assert!(seven.is_ok());
        let msg = six.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("unknown kind number"), "{msg}");
    }

    #[test]
    fn version_3_files_still_open() {
        let g = rich();
        let old = Graph::from_dataset(before_5(&g)).unwrap_or_else(|e| panic!("{e}"));
        let payload = encode_version(&old.to_packed(), 3).unwrap_or_else(|e| panic!("{e}"));
        let o = open(&crate::store::frame_version(3, &payload));
        let p = o.packed().unwrap_or_else(|| panic!("compact"));
        assert!(p.stored_incidence.is_none());
        assert_eq!(o.to_dataset(), before_5(&g));
        for ix in g.node_indices() {
            assert_eq!(o.edges_of(ix).len(), g.edges_of(ix).len());
        }
    }

    /// The edge lists an opened graph's file stored.
    fn stored_lists(o: &Graph) -> &Incidence {
        o.packed()
            .and_then(|p| p.stored_incidence.as_ref())
            .unwrap_or_else(|| panic!("a compact graph with stored edge lists"))
    }

    #[test]
    fn stored_edge_lists_that_disagree_are_rebuilt() {
        let g = rich();
        let p = g.to_packed();
        let right = p.incidence().clone();
        // A version 4 file, checksum and all, whose stored lists have the
        // two directions swapped.
        let mut w = Writer {
            out: encode_version(&p, 3).unwrap_or_else(|e| panic!("{e}")),
            padded: true,
        };
        for lists in [&right.into, &right.out] {
            w.u32s(&lists.starts);
            w.u32s(&lists.items);
        }
        let o = open(&crate::store::frame_version(4, &w.out));
        let q = o.packed().unwrap_or_else(|| panic!("compact"));
        let stored = stored_lists(&o);
        assert_ne!(&stored.out.items[..], &right.out.items[..]);
        assert_eq!(&q.incidence().out.items[..], &right.out.items[..]);
        assert_eq!(&q.incidence().into.starts[..], &right.into.starts[..]);
        for ix in g.node_indices() {
            assert_eq!(edges_at(&o, ix), edges_at(&g, ix));
        }
        // Written the right way, the same lists are used as stored.
        let o = open(&crate::store::frame(
            &encode(&p).unwrap_or_else(|e| panic!("{e}")),
        ));
        let stored = stored_lists(&o);
        assert_eq!(&stored.out.items[..], &right.out.items[..]);
        assert_eq!(&stored.into.items[..], &right.into.items[..]);
    }

    #[test]
    fn padded_sections_borrow_and_refuse_nonzero_padding() {
        let p = rich().to_packed();
        let payload = encode(&p).unwrap_or_else(|e| panic!("{e}"));
        // A buffer whose payload starts 4-aligned, as in a mapped file.
        let mut words = vec![0u32; 1 + payload.len().div_ceil(4)];
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
        bytes[4..4 + payload.len()].copy_from_slice(&payload);
        let buffer = Arc::new(Buffer::Owned(bytes[..4 + payload.len()].to_vec()));
        let aligned = (buffer.bytes().as_ptr() as usize).is_multiple_of(4);
        let q =
            decode(&buffer, 4..4 + payload.len(), FORMAT_VERSION).unwrap_or_else(|e| panic!("{e}"));
        assert!(q.same_columns(&p));
        assert_eq!(q.edge_from.is_borrowed(), aligned);
        // Some section is followed by padding: a non-zero byte there is
        // refused by name.
        let refused = (0..payload.len()).filter(|&i| payload[i] == 0).any(|i| {
            let mut bad = payload.clone();
            bad[i] = 1;
            let buffer = Arc::new(Buffer::Owned(bad));
            let len = buffer.bytes().len();
            decode(&buffer, 0..len, FORMAT_VERSION)
                .err()
                .is_some_and(|e| e.contains("padding"))
        });
        assert!(refused);
    }

    /// A file whose checksum is right but whose columns disagree.
    fn damaged(change: impl FnOnce(&mut Packed)) -> String {
        let mut p = rich().to_packed();
        change(&mut p);
        let payload = encode(&p).unwrap_or_else(|e| panic!("{e}"));
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        b.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        b.extend_from_slice(&payload);
        match from_bytes(Path::new("x.egdb"), &b) {
            Ok(_) => "opened".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn refuses_columns_that_disagree_even_with_a_good_checksum() {
        type Change = Box<dyn FnOnce(&mut Packed)>;
        let cases: Vec<(&str, Change)> = vec![
            ("edge end", Box::new(|p| p.edge_from.to_mut()[0] = 99)),
            (
                "date",
                Box::new(|p| p.edge_date.to_mut()[0] = 2017 << 9 | 13 << 5),
            ),
            ("string", Box::new(|p| p.node_name.to_mut()[1] = 10_000)),
            (
                "missing column",
                Box::new(|p| {
                    p.edge_to.to_mut().pop();
                }),
            ),
            ("country", Box::new(|p| p.node_country_ix.to_mut()[2] = 77)),
            ("citation list", Box::new(|p| p.edge_cite.to_mut()[0] = 50)),
            ("side table tag", Box::new(|p| p.extras.items[0].0 = 99)),
            (
                "half an amount",
                Box::new(|p| {
                    p.extras
                        .items
                        .retain(|&(t, _)| t != crate::model::packed::tag::AMOUNT_HI)
                }),
            ),
            (
                "bad id",
                Box::new(|p| {
                    let i = p.node_id[0] as usize;
                    let end = p.strings.ends[i] as usize;
                    p.strings.text.to_mut()[end - 1] = b'K';
                }),
            ),
            ("list starts", Box::new(|p| p.node_aliases.starts[1] = 9)),
        ];
        for (what, change) in cases {
            let msg = damaged(change);
            assert!(
                msg.starts_with("x.egdb: not a usable egov database: cannot decode the data:"),
                "{what}: {msg}"
            );
        }
    }
}
