//! Settles what a bare edge list leaves open (`model::Open`): the nodes
//! that edges name but no table defines are created, nodes read without a
//! kind get one, and edge ends written as country names become country
//! ids.
//!
//! A node's kind is `country` when its id (or the name it was written as)
//! is a country the lookup knows, else the default kind (`organization`,
//! or `--default-kind`). The lookup is [`Countries`]: for now the
//! countries of the built-in dataset, by ISO 3166-1 alpha-2 code, name and
//! alias, with their UN M49 sub-region; the reference layer of every ISO
//! country replaces it when it lands.
//!
//! Only edges read from CSV tables (the edge lists of Gephi, Kumu and
//! Neo4j) create nodes: in TOML, JSON node-link and GraphML files, which
//! list their nodes, an undefined end is a typo, and stays an error.

use std::collections::{HashMap, HashSet};

use crate::model::{fold_text, Id, Input, InputNode, Node, NodeKind};

/// Countries by code and by folded name or alias: the lookup hook.
#[derive(Debug, Default)]
pub struct Countries {
    by_code: HashMap<String, (String, Option<String>)>,
    by_name: HashMap<String, String>,
}

impl Countries {
    /// The countries of the built-in dataset.
    pub fn builtin() -> Countries {
        let mut c = Countries::default();
        for n in crate::builtin::input().nodes {
            let n = n.node;
            if n.kind != NodeKind::Country {
                continue;
            }
            let code = n.id.to_string();
            for text in std::iter::once(&n.name).chain(&n.aliases) {
                c.by_name.insert(fold_text(text), code.clone());
            }
            c.by_code.insert(code, (n.name, n.region));
        }
        c
    }

    /// The code of the country `text` names: a code (any case) or a name.
    pub fn code(&self, text: &str) -> Option<&str> {
        let lower = text.trim().to_ascii_lowercase();
        if let Some((k, _)) = self.by_code.get_key_value(lower.as_str()) {
            return Some(k);
        }
        self.by_name.get(&fold_text(text)).map(String::as_str)
    }

    /// The name and sub-region of the country with this code.
    fn about(&self, code: &str) -> Option<&(String, Option<String>)> {
        self.by_code.get(code)
    }
}

/// What [`complete`] did, for its one-line summary.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Completed {
    /// Nodes created, with their kind, in the order first named.
    pub created: Vec<(Id, NodeKind)>,
    /// Nodes read without a kind that were given one.
    pub kinded: usize,
    /// Edges read without a kind (they are `tie`).
    pub ties: usize,
}

impl Completed {
    /// One line saying what was done (`None` when nothing was).
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.created.is_empty() {
            let mut by_kind: Vec<(NodeKind, Vec<&str>)> = Vec::new();
            for (id, k) in &self.created {
                match by_kind.iter_mut().find(|(x, _)| x == k) {
                    Some((_, list)) => list.push(id.as_str()),
                    None => by_kind.push((*k, vec![id.as_str()])),
                }
            }
            let kinds: Vec<String> = by_kind
                .iter()
                .map(|(k, ids)| {
                    let shown: Vec<&str> = ids.iter().take(5).copied().collect();
                    let more = if ids.len() > 5 {
                        format!(", … {} more", ids.len() - 5)
                    } else {
                        String::new()
                    };
                    let kind = match (ids.len(), k) {
                        (1, k) => k.as_str().to_string(),
                        (_, NodeKind::Person) => "people".into(),
                        (_, NodeKind::Country) => "countries".into(),
                        (_, NodeKind::Ministry) => "ministries".into(),
                        (_, NodeKind::Agency) => "agencies".into(),
                        (_, k) => format!("{k}s"),
                    };
                    format!("{} {kind} ({}{more})", ids.len(), shown.join(", "))
                })
                .collect();
            parts.push(format!(
                "created {} named only in edges: {}",
                count(self.created.len(), "node"),
                kinds.join(", ")
            ));
        }
        if self.kinded > 0 {
            parts.push(format!(
                "{} no kind and got one",
                count(self.kinded, "node had")
            ));
        }
        if self.ties > 0 {
            parts.push(format!("{} no kind: 'tie'", count(self.ties, "edge had")));
        }
        (!parts.is_empty()).then(|| format!("note: {}", parts.join("; ")))
    }
}

/// `n thing`, `n things` (the noun's first word made plural).
fn count(n: usize, thing: &str) -> String {
    match (n, thing.split_once(' ')) {
        (1, _) => format!("1 {thing}"),
        (_, Some((noun, rest))) => format!("{n} {noun}s {rest}"),
        (_, None) => format!("{n} {thing}s"),
    }
}

/// Whether records from this file may be completed: a CSV table.
fn open_file(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".csv")
}

/// Settles what `parts` left open (see the module docs): kinds of kindless
/// nodes, country names at edge ends, and nodes named only in edges,
/// appended as one more part. `known` holds ids defined elsewhere (a
/// database being imported into), which are not created again.
pub fn complete(
    parts: &mut Vec<Input>,
    default_kind: NodeKind,
    countries: &Countries,
    known: &HashSet<String>,
) -> Completed {
    let mut done = Completed::default();
    let mut defined: HashSet<String> = known.clone();
    for part in parts.iter() {
        defined.extend(part.nodes.iter().map(|n| n.node.id.to_string()));
    }
    // Countries and kindless nodes of CSV tables: a country when the lookup
    // knows their id or name, given its code as id (edges follow) and its
    // sub-region when it has none; other kindless nodes get the default.
    let mut remap: HashMap<Id, Id> = HashMap::new();
    for part in parts.iter_mut() {
        let kindless: HashSet<usize> = part.open.kindless.iter().copied().collect();
        for (i, n) in part.nodes.iter_mut().enumerate() {
            let open = kindless.contains(&i);
            if !open_file(&n.loc.file) || !(open || n.node.kind == NodeKind::Country) {
                continue;
            }
            let node = &mut n.node;
            let code = countries
                .code(node.id.as_str())
                .or_else(|| countries.code(&node.name))
                .and_then(|c| c.parse::<Id>().ok());
            // A country declared by its code keeps its fields as given (a
            // missing region stays an error); one declared by a name
            // (Kumu's labels) becomes its code.
            let code = code.filter(|c| open || *c != node.id);
            match code {
                Some(code) => {
                    if code != node.id && !defined.contains(code.as_str()) {
                        defined.insert(code.to_string());
                        remap.insert(node.id.clone(), code.clone());
                        node.id = code;
                    }
                    node.kind = NodeKind::Country;
                    if node.region.is_none() {
                        if let Some((_, region)) = countries.about(node.id.as_str()) {
                            node.region.clone_from(region);
                        }
                    }
                }
                None if open => node.kind = default_kind,
                None => {}
            }
            done.kinded += usize::from(open);
        }
        done.ties += part.open.kindless_edges;
    }
    if !remap.is_empty() {
        for part in parts.iter_mut() {
            for e in part.edges.iter_mut().filter(|e| open_file(&e.loc.file)) {
                for end in [&mut e.from, &mut e.to] {
                    if let Some(code) = remap.get(&end.value) {
                        end.value = code.clone();
                    }
                }
            }
        }
    }
    // Ends written as names: a country's name is its code, unless the
    // name's own id is defined.
    let mut written: HashMap<Id, String> = HashMap::new();
    for part in parts.iter() {
        for (id, text) in &part.open.names {
            written.entry(id.clone()).or_insert_with(|| text.clone());
        }
    }
    let mut made: Vec<InputNode> = Vec::new();
    for part in parts.iter_mut() {
        for e in &mut part.edges {
            if !open_file(&e.loc.file) {
                continue;
            }
            for end in [&mut e.from, &mut e.to] {
                if defined.contains(end.value.as_str()) {
                    continue;
                }
                let text = written.get(&end.value).map(String::as_str);
                let code = countries
                    .code(end.value.as_str())
                    .or_else(|| text.and_then(|t| countries.code(t)))
                    .and_then(|c| c.parse::<Id>().ok());
                if let Some(code) = code {
                    end.value = code;
                }
                if !defined.insert(end.value.to_string()) {
                    continue;
                }
                let node = match countries.about(end.value.as_str()) {
                    Some((name, region)) => {
                        let mut n = Node::new(end.value.clone(), NodeKind::Country, name.clone());
                        n.region.clone_from(region);
                        n
                    }
                    None => {
                        let name = text.unwrap_or(end.value.as_str()).to_string();
                        Node::new(end.value.clone(), default_kind, name)
                    }
                };
                done.created.push((node.id.clone(), node.kind));
                made.push(InputNode {
                    node,
                    loc: end.loc.clone(),
                    country_loc: None,
                    cite_locs: Vec::new(),
                });
            }
        }
    }
    if !made.is_empty() {
        parts.push(Input {
            nodes: made,
            ..Input::default()
        });
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_found_by_code_and_name() {
        let c = Countries::builtin();
        assert_eq!(c.code("KZ"), Some("kz"));
        assert_eq!(c.code("kazakhstan"), Some("kz"));
        assert_eq!(c.code("Atlantis"), None);
    }

    #[test]
    fn an_edge_list_alone_gets_its_nodes() {
        let text = "Source,Target,Type,Weight\nKZ,uz,Undirected,2\nkz,Asian Development Bank,Directed,1\nEstonia,Kazakhstan,Undirected,1\n";
        let mut parts = vec![crate::io::csv::read_csv("e.csv", text)];
        assert!(
            parts[0].diagnostics.is_empty(),
            "{:?}",
            parts[0].diagnostics
        );
        let done = complete(
            &mut parts,
            NodeKind::Organization,
            &Countries::builtin(),
            &HashSet::new(),
        );
        let created: Vec<(&str, NodeKind)> =
            done.created.iter().map(|(i, k)| (i.as_str(), *k)).collect();
        assert_eq!(
            created,
            [
                ("kz", NodeKind::Country),
                ("uz", NodeKind::Country),
                ("asian-development-bank", NodeKind::Organization),
                ("ee", NodeKind::Country),
            ]
        );
        assert_eq!(done.ties, 3);
        let adb = &parts[1].nodes[2].node;
        assert_eq!(adb.name, "Asian Development Bank");
        let checked = crate::model::validate_parts(&parts, false);
        assert!(checked.graph.is_some(), "{:?}", checked.diagnostics);
        let s = done.summary().unwrap_or_default();
        assert_eq!(
            s,
            "note: created 4 nodes named only in edges: 3 countries (kz, uz, ee), 1 organization (asian-development-bank); 3 edges had no kind: 'tie'"
        );
    }
}
