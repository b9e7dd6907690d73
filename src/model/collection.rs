//! Collections: the groups of sources a graph's facts come from, and the
//! graph restricted to some of them.
//!
//! A source may name its `collection` (the seed articles are `seeds`; the
//! world dataset's reports are named by publisher). A record belongs to the
//! collections of the sources it cites. Sources without a collection are
//! the reference tables (UN M49, the CIA Factbook, membership lists): they
//! belong to every restriction, so the context layer is always kept.
//!
//! [`restrict`] keeps, of a [`Dataset`]:
//! - the sources of the chosen collections and those without one;
//! - a node unless every collection it cites is outside the choice (a node
//!   citing only reference tables, or nothing, is kept);
//! - a context edge (`borders`, `member_of`) whenever both its ends are kept;
//! - any other edge that cites a chosen collection, or cites only reference
//!   tables, with both ends kept.
//!
//! So `--collection seeds` on a database of the seed graph and the world
//! dataset answers as a database of the seed graph alone.

use std::collections::{BTreeSet, HashMap};

use super::{Citation, Dataset, Graph, Id};
use crate::error::{Error, Result};

/// Whether records citing `cite` belong to the restriction: every citation
/// names its source's collection through `collection_of` (`None` for a
/// reference table or an unknown source).
fn belongs(
    cite: &[Citation],
    collection_of: &HashMap<&Id, Option<&str>>,
    chosen: &BTreeSet<String>,
) -> bool {
    let mut named = cite
        .iter()
        .filter_map(|c| collection_of.get(&c.source).copied().flatten())
        .peekable();
    // No collection named at all (reference tables, or no citation): kept.
    named.peek().is_none() || named.any(|c| chosen.contains(c))
}

/// The collections that the sources of `data` name, sorted.
pub fn collections(data: &Dataset) -> BTreeSet<String> {
    data.sources
        .iter()
        .filter_map(|s| s.collection.clone())
        .collect()
}

/// `data` restricted to the sources of `chosen` (see the module's rules).
/// The caller checks that `chosen` names known collections
/// ([`collections`]).
pub fn restrict(data: &Dataset, chosen: &BTreeSet<String>) -> Dataset {
    let collection_of: HashMap<&Id, Option<&str>> = data
        .sources
        .iter()
        .map(|s| (&s.id, s.collection.as_deref()))
        .collect();
    let sources = data
        .sources
        .iter()
        .filter(|s| s.collection.as_ref().is_none_or(|c| chosen.contains(c)))
        .cloned()
        .collect();
    let mut position = vec![None; data.nodes.len()];
    let mut nodes = Vec::new();
    for (i, n) in data.nodes.iter().enumerate() {
        if belongs(&n.cite, &collection_of, chosen) {
            position[i] = Some(nodes.len() as u32);
            nodes.push(n.clone());
        }
    }
    let edges = data
        .edges
        .iter()
        .filter_map(|(a, b, e)| {
            let a = position.get(*a as usize).copied().flatten()?;
            let b = position.get(*b as usize).copied().flatten()?;
            let kept = e.kind.is_context() || belongs(&e.cite, &collection_of, chosen);
            kept.then(|| (a, b, e.clone()))
        })
        .collect();
    Dataset {
        sources,
        nodes,
        edges,
    }
}

/// `graph` restricted to the collections named in `chosen` (see the
/// module's rules), as a new compact graph.
///
/// # Errors
/// [`Error::UnknownCollection`] when a name is not the collection of any
/// source.
pub fn restrict_graph(graph: &Graph, chosen: &[String]) -> Result<Graph> {
    let data = graph.to_dataset();
    let known = collections(&data);
    if let Some(name) = chosen.iter().find(|c| !known.contains(*c)) {
        return Err(Error::UnknownCollection {
            name: name.clone(),
            known: known.into_iter().collect(),
        });
    }
    let chosen: BTreeSet<String> = chosen.iter().cloned().collect();
    Graph::compact_from_dataset(&restrict(&data, &chosen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, EdgeKind, Node, NodeKind, Source};

    fn id(s: &str) -> Id {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn source(s: &str, collection: Option<&str>) -> Source {
        let mut src = Source::new(id(s), s);
        src.collection = collection.map(str::to_string);
        src
    }

    fn cite(s: &str) -> Vec<Citation> {
        vec![Citation {
            source: id(s),
            quote: None,
        }]
    }

    fn node(s: &str, cites: &str) -> Node {
        let mut n = Node::new(id(s), NodeKind::Country, s);
        n.cite = cite(cites);
        n
    }

    fn edge(kind: EdgeKind, cites: &str) -> Edge {
        let mut e = Edge::new(kind);
        e.cite = cite(cites);
        e
    }

    /// Seeds: a and b with an MOU; the world report adds c and an MOU a-c;
    /// a border b-c (a reference table) stays only while c does.
    fn data() -> Dataset {
        Dataset {
            sources: vec![
                source("seed", Some("seeds")),
                source("report", Some("news")),
                source("ref", None),
            ],
            nodes: vec![node("a", "ref"), node("b", "seed"), node("c", "report")],
            edges: vec![
                (0, 1, edge(EdgeKind::Mou, "seed")),
                (0, 2, edge(EdgeKind::Mou, "report")),
                (1, 2, edge(EdgeKind::Borders, "ref")),
                (0, 1, edge(EdgeKind::Borders, "ref")),
            ],
        }
    }

    #[test]
    fn restricting_to_the_seeds_drops_the_reports_records() {
        let chosen = BTreeSet::from(["seeds".to_string()]);
        let r = restrict(&data(), &chosen);
        let ids: Vec<&str> = r.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let sources: Vec<&str> = r.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(sources, ["seed", "ref"]);
        let kinds: Vec<(u32, u32, EdgeKind)> =
            r.edges.iter().map(|(a, b, e)| (*a, *b, e.kind)).collect();
        assert_eq!(kinds, [(0, 1, EdgeKind::Mou), (0, 1, EdgeKind::Borders)]);
    }

    #[test]
    fn restricting_to_every_collection_keeps_everything() {
        let d = data();
        assert_eq!(restrict(&d, &collections(&d)), d);
    }
}
