//! Name search: which node a user means ([`Graph::resolve`]) and the nodes
//! whose id, name or alias resembles a query ([`Graph::search`]).
//!
//! Reads the graph's ids, names and aliases through [`Graph`] and compares
//! them folded ([`super::fold`]); the graph itself knows nothing of
//! scores or suggestions.

use petgraph::stable_graph::NodeIndex;

use super::fold::fold;
use super::Graph;
use crate::error::{Error, Result};

/// A node found by [`Graph::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The node.
    pub index: NodeIndex,
    /// How well it matches, from 0 to 1.
    pub score: f64,
    /// The id, name or alias that matched.
    pub matched: String,
}

const MIN_SCORE: f64 = 0.6;

/// From this many nodes on, [`Graph::search`] uses both cores.
const PARALLEL_SEARCH_AT: usize = 20_000;

impl Graph {
    /// Finds the node a user means: an exact id first, then an exact name or
    /// alias (ignoring case and accents). Anything else is an
    /// [`Error::UnknownNode`] with the closest matches as suggestions.
    pub fn resolve(&self, query: &str) -> Result<NodeIndex> {
        if let Some(ix) = self.index_of(query.trim()) {
            return Ok(ix);
        }
        let key = fold(query);
        let list = self.named(&key);
        if let [only] = list.as_slice() {
            return Ok(*only);
        }
        if !list.is_empty() {
            let ids = list
                .iter()
                .filter_map(|&ix| self.node(ix).map(|n| n.id.to_string()))
                .collect();
            return Err(Error::UnknownNode {
                query: format!("{query}' exactly; it names several nodes, use an id"),
                suggestions: ids,
            });
        }
        let suggestions = self
            .search(query, 5)
            .into_iter()
            .filter_map(|m| self.node(m.index).map(|n| n.id.to_string()))
            .collect();
        Err(Error::UnknownNode {
            query: query.to_string(),
            suggestions,
        })
    }

    /// Searches ids, names and aliases for `query`, ignoring case and accents
    /// and tolerating small misspellings; best matches first, at most `limit`.
    ///
    /// ```
    /// use egov_graph::{Graph, Node, NodeKind};
    /// let mut g = Graph::new();
    /// g.add_node(Node::new("kz".parse().unwrap(), NodeKind::Country, "Kazakhstan")).unwrap();
    /// let hits = g.search("Kazakstan", 3);
    /// assert_eq!(g.node(hits[0].index).unwrap().id.as_str(), "kz");
    /// ```
    pub fn search(&self, query: &str, limit: usize) -> Vec<Match> {
        self.search_split(query, limit, PARALLEL_SEARCH_AT)
    }

    /// [`Graph::search`], on two cores from `parallel_at` nodes on.
    fn search_split(&self, query: &str, limit: usize, parallel_at: usize) -> Vec<Match> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        // Each node's best text (the first of the best score), for a range
        // of nodes: large graphs are scanned in two halves on two cores.
        let scan = |part: &[NodeIndex]| -> Vec<Match> {
            let mut found = Vec::new();
            for &ix in part {
                let mut best: Option<Match> = None;
                for text in self.texts(ix) {
                    let score = similarity(&q, &fold(text));
                    if score >= MIN_SCORE && best.as_ref().is_none_or(|m| score > m.score) {
                        best = Some(Match {
                            index: ix,
                            score,
                            matched: text.to_string(),
                        });
                    }
                }
                found.extend(best);
            }
            found
        };
        let nodes: Vec<NodeIndex> = self.node_indices().collect();
        let mut hits = if nodes.len() < parallel_at {
            scan(&nodes)
        } else {
            let (a, b) = nodes.split_at(nodes.len() / 2);
            let (mut hits, more) = crate::par::join(|| scan(a), || scan(b));
            hits.extend(more);
            hits
        };
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.index.index().cmp(&b.index.index()))
        });
        hits.truncate(limit);
        hits
    }
}

/// How well a folded query matches a folded text, from 0 to 1: exact 1,
/// prefix 0.9, a word's prefix 0.85, substring 0.8, otherwise a fuzzy score
/// (Jaro–Winkler, against the whole text and each word) scaled below 0.8.
fn similarity(q: &str, text: &str) -> f64 {
    if text == q {
        return 1.0;
    }
    if text.starts_with(q) {
        return 0.9;
    }
    let words = || {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    };
    if words().any(|w| w.starts_with(q)) {
        return 0.85;
    }
    if q.len() >= 3 && text.contains(q) {
        return 0.8;
    }
    let whole = strsim::jaro_winkler(q, text);
    let word = words()
        .map(|w| strsim::jaro_winkler(q, w))
        .fold(0.0, f64::max);
    let fuzzy = whole.max(word);
    if fuzzy >= 0.85 {
        0.75 * fuzzy
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_on_two_cores_finds_what_one_finds() {
        let spec = crate::generate::Spec::with_edges(3_000, 2);
        let data = crate::generate::generate(&spec, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let g = Graph::compact_from_dataset(&data).unwrap_or_else(|e| panic!("{e}"));
        for q in [
            "almid",
            "ministry",
            "p-12",
            "agency 4",
            "zzzq",
            "e-government",
        ] {
            let one = g.search_split(q, 1000, usize::MAX);
            assert_eq!(g.search_split(q, 1000, 0), one, "{q}");
            assert_eq!(g.search(q, 1000), one, "{q}");
        }
        assert!(!g.search_split("ministry", 1000, 0).is_empty());
    }

    use crate::model::graph::tests::sample;

    #[test]
    fn resolves_ids_names_and_aliases_ignoring_case() {
        let g = sample();
        for q in [
            "kz",
            "Kazakhstan",
            "republic of kazakhstan",
            "  KAZAKHSTAN ",
        ] {
            let ix = g.resolve(q).unwrap_or_else(|e| panic!("{q}: {e}"));
            assert_eq!(g.node(ix).map(|n| n.id.as_str()), Some("kz"));
        }
        let p = g
            .resolve("jean-vincent place")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.node(p).map(|n| n.id.as_str()), Some("fr-min"));
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let g = sample();
        match g.resolve("Kazakstan") {
            Err(Error::UnknownNode { suggestions, .. }) => assert_eq!(suggestions[0], "kz"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn search_finds_prefixes_and_misspellings() {
        let g = sample();
        for q in ["kazak", "Kazakstan", "KAZAKH"] {
            let hits = g.search(q, 5);
            assert_eq!(
                g.node(hits[0].index).map(|n| n.id.as_str()),
                Some("kz"),
                "{q}"
            );
        }
        assert!(g.search("zzzz", 5).is_empty());
        let hits = g.search("korea", 5);
        assert_eq!(g.node(hits[0].index).map(|n| n.id.as_str()), Some("kr"));
    }
}
