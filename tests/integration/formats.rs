//! Interchange formats as a user meets them: `egov export FORMAT`, each file
//! read back by an independent reader (NetworkX where installed, and
//! always a Rust CSV/JSON/XML parser), and `egov init` from the exported
//! files giving back the same graph.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use egov_graph::model::{Citation, Edge, EdgeKind, EdgeStatus, Graph, Node, NodeKind, Source};
use quick_xml::events::Event;
use serde_json::Value;

use crate::util::{egov_in, networkx_available, tempdir, write, Run};

const KOREA: &str = "대한민국, \"Korea\" <&> 'ROK'";
const QUOTE: &str = "line one\nline two, \"quoted\" & <tag>; done";
const NOTE: &str = "back\\slash,\ttab\r\nand a new line";

fn id(s: &str) -> egov_graph::Id {
    s.parse().unwrap()
}

/// A small graph whose text has every character that formats must escape:
/// quotes, commas, semicolons, newlines, backslashes, `<&>` and Hangul.
fn tricky() -> Graph {
    let mut g = Graph::new();
    g.add_source(Source {
        id: id("s1"),
        title: "Report, \"quoted\" <&> 보고서".into(),
        publisher: Some("Pub; Co".into()),
        author: None,
        date: "2017-04".parse().ok(),
        file: None,
        url: Some("https://example.org/a?b=1&c=2".into()),
        note: Some("two\nlines".into()),
        collection: Some("seeds".into()),
    })
    .unwrap();
    let mut kr = Node::new(id("kr"), NodeKind::Country, KOREA);
    kr.aliases = vec!["South Korea".into(), "a;b".into(), "[x]".into()];
    kr.region = Some("Eastern Asia".into());
    kr.cite = vec![Citation {
        source: id("s1"),
        quote: Some(QUOTE.into()),
    }];
    kr.attrs.insert("population".into(), "51,000,000".into());
    let mut kz = Node::new(id("kz"), NodeKind::Country, "Kazakhstan");
    kz.region = Some("Central Asia".into());
    let mut moi = Node::new(id("kr-moi"), NodeKind::Ministry, "행정안전부 'MOIS'");
    moi.country = Some(id("kr"));
    moi.note = Some(NOTE.into());
    let kr = g.add_node(kr).unwrap();
    let kz = g.add_node(kz).unwrap();
    let moi = g.add_node(moi).unwrap();
    let mut mou = Edge::new(EdgeKind::Mou);
    mou.date = "2016-11".parse().ok();
    mou.place = Some("Astana, \"Nur-Sultan\"".into());
    mou.topics = vec!["e-ID; digital".into(), "open data".into()];
    mou.cite = vec![Citation {
        source: id("s1"),
        quote: Some("signed, \"MOU\"".into()),
    }];
    g.add_edge(kr, kz, mou).unwrap();
    let mut export = Edge::new(EdgeKind::Export);
    export.date = "2017".parse().ok();
    export.end_date = "2019-06".parse().ok();
    export.amount_usd = Some(133_540_000.5);
    export.what = Some("<system> & co".into());
    export.cite = vec![Citation {
        source: id("s1"),
        quote: None,
    }];
    export.attrs.insert("contract no".into(), "A-1".into());
    g.add_edge(moi, kz, export).unwrap();
    g.add_edge(moi, kr, Edge::new(EdgeKind::PartOf)).unwrap();
    let mut planned = Edge::new(EdgeKind::Forum);
    planned.status = EdgeStatus::Planned;
    planned.date = "2017-10".parse().ok();
    planned.cite = vec![Citation {
        source: id("s1"),
        quote: Some("will host a forum".into()),
    }];
    g.add_edge(kz, kr, planned).unwrap();
    g
}

/// Saves `g` as a database in `dir`, for `egov --db`.
fn save(dir: &Path, g: &Graph) -> PathBuf {
    let db = dir.join("g.egdb");
    egov_graph::store::save(&db, g).unwrap();
    db
}

/// `egov [--db DB] export FORMAT -o OUT` in `dir`.
fn export(dir: &Path, db: Option<&Path>, format: &str, out: &str) -> Run {
    let mut args: Vec<String> = Vec::new();
    if let Some(db) = db {
        args.extend(["--db".into(), db.display().to_string()]);
    }
    args.extend(["export".into(), format.into(), "-o".into(), out.into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = egov_in(dir, &args);
    run.expect_code(0);
    run
}

/// The files `egov init` should read for a format's export.
fn import_files(dir: &Path, format: &str) -> Vec<PathBuf> {
    match format {
        "csv" => ["nodes.csv", "edges.csv", "sources.csv"]
            .iter()
            .map(|f| dir.join("csv").join(f))
            .collect(),
        other => vec![dir.join(format!("g.{other}"))],
    }
}

fn out_name(format: &str) -> String {
    match format {
        "csv" | "neo4j" => format.to_string(),
        other => format!("g.{other}"),
    }
}

/// Exports `g` (or the built-in graph) in `format`, imports the result with
/// `egov init`, and returns the graph it built.
fn round_trip(g: Option<&Graph>, format: &str) -> Graph {
    let dir = tempdir();
    let db = g.map(|g| save(dir.path(), g));
    export(dir.path(), db.as_deref(), format, &out_name(format));
    // Without the reference layer: the export already holds whatever the
    // graph had of it, and the round trip must add nothing.
    let mut args = vec![
        "--context".to_string(),
        "none".into(),
        "init".into(),
        "back.egdb".into(),
        "--from".into(),
    ];
    args.extend(
        import_files(dir.path(), format)
            .iter()
            .map(|p| p.display().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    egov_in(dir.path(), &args).expect_code(0);
    egov_graph::store::open(&dir.path().join("back.egdb")).unwrap()
}

#[test]
fn builtin_graph_round_trips_through_csv_json_and_graphml() {
    let builtin = egov_graph::builtin::graph().unwrap();
    for format in ["csv", "json", "graphml"] {
        let back = round_trip(None, format);
        assert_eq!(back.to_dataset(), builtin.to_dataset(), "{format}");
    }
}

#[test]
fn special_characters_round_trip_through_csv_json_and_graphml() {
    let g = tricky();
    for format in ["csv", "json", "graphml"] {
        let back = round_trip(Some(&g), format);
        assert_eq!(back.to_dataset(), g.to_dataset(), "{format}");
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn csv_tables_are_gephi_shaped_and_carry_every_field() {
    let g = tricky();
    let dir = tempdir();
    let db = save(dir.path(), &g);
    let run = export(dir.path(), Some(&db), "csv", "out");
    assert!(
        run.stdout.contains("3 nodes, 4 edges, 1 source"),
        "{}",
        run.stdout
    );
    let (header, nodes) = csv_rows(&dir.path().join("out/nodes.csv"));
    assert_eq!(&header[..3], ["Id", "Label", "kind"]);
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(nodes[0]["Label"], KOREA);
    assert_eq!(nodes[0]["population"], "51,000,000");
    let cite: Value = serde_json::from_str(&nodes[0]["cite"]).unwrap();
    assert_eq!(cite[0]["quote"], QUOTE);
    let (header, edges) = csv_rows(&dir.path().join("out/edges.csv"));
    assert_eq!(&header[..5], ["Source", "Target", "Type", "id", "kind"]);
    assert_eq!(edges.len(), g.edge_count());
    let types: Vec<(&str, &str)> = edges
        .iter()
        .map(|e| (e["kind"].as_str(), e["Type"].as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("mou", "Undirected"),
            ("export", "Directed"),
            ("part_of", "Directed"),
            ("forum", "Undirected")
        ]
    );
    let status: Vec<&str> = edges.iter().map(|e| e["status"].as_str()).collect();
    assert_eq!(status, ["", "", "", "planned"]);
    assert_eq!(edges[1]["amount_usd"], "133540000.5");
    assert_eq!(edges[1]["contract no"], "A-1");
    let topics: Vec<String> = serde_json::from_str(&edges[0]["topics"]).unwrap();
    assert_eq!(topics, ["e-ID; digital", "open data"]);
    let (_, sources) = csv_rows(&dir.path().join("out/sources.csv"));
    assert_eq!(sources[0]["note"], "two\nlines");
    assert_eq!(sources[0]["collection"], "seeds");
}

#[test]
fn csv_export_without_a_folder_is_a_usage_error() {
    let dir = tempdir();
    let run = egov_in(dir.path(), &["export", "csv"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .starts_with("egov: the csv export is several files"),
        "{}",
        run.stderr
    );
    let file = write(dir.path(), "taken", "x");
    let run = egov_in(
        dir.path(),
        &["export", "neo4j", "-o", file.to_str().unwrap()],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("needs a folder"), "{}", run.stderr);
}

#[test]
fn json_is_node_link_with_every_attribute() {
    let builtin = egov_graph::builtin::graph().unwrap();
    let dir = tempdir();
    // stdout by default
    let run = egov_in(dir.path(), &["export", "json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    assert_eq!(v["nodes"].as_array().unwrap().len(), builtin.node_count());
    assert_eq!(v["edges"].as_array().unwrap().len(), builtin.edge_count());
    assert_eq!(
        v["graph"]["sources"].as_array().unwrap().len(),
        builtin.sources().len()
    );
    let kr = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "kr")
        .unwrap();
    let node = builtin.node_by_id("kr").unwrap();
    assert_eq!(kr["name"], node.name.as_str());
    assert_eq!(kr["aliases"], serde_json::json!(node.aliases));
    let dollars: f64 = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["amount_usd"].as_f64())
        .sum();
    let expected: f64 = builtin.edges().filter_map(|e| e.edge.amount_usd).sum();
    assert!(expected > 0.0 && (dollars - expected).abs() < 1e-6);
    let quotes = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["cite"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["quote"].is_string())
        .count();
    let expected = builtin
        .edges()
        .flat_map(|e| e.edge.cite.iter())
        .filter(|c| c.quote.is_some())
        .count();
    assert_eq!(quotes, expected);
}

/// Elements and their attributes, read with quick-xml, for checks that do
/// not trust our own reader.
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    /// The text directly inside it.
    text: String,
    /// The index of its parent element.
    parent: Option<usize>,
}

fn xml_elements(text: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let ev = reader.read_event().unwrap();
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push(Element {
                    name: e.name().as_ref().to_string(),
                    attrs,
                    text: String::new(),
                    parent: stack.last().copied(),
                });
                if matches!(ev, Event::Start(_)) {
                    stack.push(out.len() - 1);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = stack.last() {
                    out[i].text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    n => r
                        .resolve_char_ref()
                        .unwrap()
                        .unwrap_or_else(|| panic!("entity {n}"))
                        .to_string(),
                };
                if let Some(&i) = stack.last() {
                    out[i].text.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn graphml_has_typed_keys_and_escaped_text() {
    let g = tricky();
    let dir = tempdir();
    let db = save(dir.path(), &g);
    export(dir.path(), Some(&db), "graphml", "g.graphml");
    let els = xml_elements(&read(&dir.path().join("g.graphml")));
    let count = |n: &str| els.iter().filter(|e| e.name == n).count();
    assert_eq!(count("node"), g.node_count());
    assert_eq!(count("edge"), g.edge_count());
    let key = |name: &str, domain: &str| {
        els.iter()
            .find(|e| e.name == "key" && e.attrs["attr.name"] == name && e.attrs["for"] == domain)
            .unwrap_or_else(|| panic!("no key {name} for {domain}"))
    };
    assert_eq!(key("amount_usd", "edge").attrs["attr.type"], "double");
    assert_eq!(key("kind", "node").attrs["attr.type"], "string");
    let name_key = key("name", "node").attrs["id"].clone();
    let kr = els
        .iter()
        .position(|e| e.name == "node" && e.attrs["id"] == "kr")
        .unwrap();
    let kr_name = els
        .iter()
        .find(|e| e.parent == Some(kr) && e.attrs.get("key") == Some(&name_key))
        .unwrap();
    assert_eq!(kr_name.text, KOREA);
    let amount_key = key("amount_usd", "edge").attrs["id"].clone();
    let amount: f64 = els
        .iter()
        .find(|e| e.attrs.get("key") == Some(&amount_key))
        .unwrap()
        .text
        .parse()
        .unwrap();
    assert_eq!(amount, 133_540_000.5);
}

#[test]
fn gexf_dates_are_time_intervals_for_the_timeline() {
    let g = tricky();
    let dir = tempdir();
    let db = save(dir.path(), &g);
    export(dir.path(), Some(&db), "gexf", "g.gexf");
    let els = xml_elements(&read(&dir.path().join("g.gexf")));
    let graph = els.iter().find(|e| e.name == "graph").unwrap();
    assert_eq!(graph.attrs["mode"], "dynamic");
    assert_eq!(graph.attrs["timeformat"], "date");
    let edges: Vec<&Element> = els.iter().filter(|e| e.name == "edge").collect();
    assert_eq!(edges.len(), g.edge_count());
    let spans: Vec<(Option<&str>, Option<&str>)> = edges
        .iter()
        .map(|e| {
            (
                e.attrs.get("start").map(String::as_str),
                e.attrs.get("end").map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (Some("2016-11-01"), None),
            (Some("2017-01-01"), Some("2019-06-30")),
            (None, None),
            (Some("2017-10-01"), None)
        ]
    );
    // The planned edge says so in its attribute values.
    let status_key = els
        .iter()
        .find(|e| e.name == "attribute" && e.attrs["title"] == "status")
        .unwrap()
        .attrs["id"]
        .clone();
    let planned: Vec<&Element> = els
        .iter()
        .filter(|e| e.name == "attvalue" && e.attrs.get("for") == Some(&status_key))
        .collect();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].attrs["value"], "planned");
    let kr = els
        .iter()
        .find(|e| e.name == "node" && e.attrs["id"] == "kr")
        .unwrap();
    assert_eq!(kr.attrs["label"], KOREA);
    // The quote, newline included, survives as an attribute value.
    let cite_attr = els
        .iter()
        .find(|e| e.name == "attribute" && e.attrs["title"] == "cite")
        .unwrap()
        .attrs["id"]
        .clone();
    let cite = els
        .iter()
        .find(|e| e.name == "attvalue" && e.attrs["for"] == cite_attr)
        .unwrap();
    let cite: Value = serde_json::from_str(&cite.attrs["value"]).unwrap();
    assert_eq!(cite[0]["quote"], QUOTE);
    // Tabs, carriage returns and newlines survive in attribute values, where
    // an XML parser would turn raw ones into spaces.
    let moi = els
        .iter()
        .position(|e| e.name == "node" && e.attrs["id"] == "kr-moi")
        .unwrap();
    let note = els
        .iter()
        .find(|e| {
            e.name == "attvalue" && e.attrs["for"] == "note" && {
                let mut p = e.parent;
                while let Some(i) = p.filter(|&i| i != moi) {
                    p = els[i].parent;
                }
                p == Some(moi)
            }
        })
        .unwrap();
    assert_eq!(note.attrs["value"], NOTE);
}

/// Reads the single-quoted Cypher string literal at the start of `s`,
/// returning its value and the rest.
fn cypher_literal(s: &str) -> (String, &str) {
    let mut chars = s.char_indices();
    assert_eq!(chars.next().map(|c| c.1), Some('\''), "{s}");
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return (out, &s[i + 1..]),
            '\\' => match chars.next().map(|c| c.1) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some('\'') => out.push('\''),
                Some('"') => out.push('"'),
                other => panic!("bad escape {other:?} in {s}"),
            },
            '\n' => panic!("raw newline in a literal: {s}"),
            c => out.push(c),
        }
    }
    panic!("unterminated literal: {s}")
}

/// Every string literal of a Cypher statement, checking that quotes pair up.
fn cypher_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find('\'') {
        let (lit, after) = cypher_literal(&rest[i..]);
        out.push(lit);
        rest = after;
    }
    out
}

#[test]
fn neo4j_files_have_typed_headers_and_a_well_quoted_cypher_script() {
    let g = tricky();
    let dir = tempdir();
    let db = save(dir.path(), &g);
    export(dir.path(), Some(&db), "neo4j", "neo");
    let neo = dir.path().join("neo");
    let (header, nodes) = csv_rows(&neo.join("nodes.csv"));
    assert_eq!(&header[..2], ["id:ID(Actor)", ":LABEL"]);
    assert!(
        header.contains(&"aliases:string[]".to_string()),
        "{header:?}"
    );
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(nodes[0][":LABEL"], "Actor;Country");
    assert_eq!(nodes[0]["name"], KOREA);
    let (header, edges) = csv_rows(&neo.join("edges.csv"));
    assert_eq!(
        &header[..3],
        [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
    );
    assert!(
        header.contains(&"amount_usd:double".to_string()),
        "{header:?}"
    );
    assert!(
        header.contains(&"topics:string[]".to_string()),
        "{header:?}"
    );
    let types: Vec<&str> = edges.iter().map(|e| e[":TYPE"].as_str()).collect();
    assert_eq!(types, ["MOU", "EXPORT", "PART_OF", "FORUM"]);
    let status: Vec<&str> = edges.iter().map(|e| e["status"].as_str()).collect();
    assert_eq!(status, ["", "", "", "planned"]);
    let (header, sources) = csv_rows(&neo.join("sources.csv"));
    assert_eq!(header[0], "id:ID(Source)");
    assert_eq!(sources[0]["collection"], "seeds");
    assert_eq!(sources.len(), g.sources().len());
    let (_, cites) = csv_rows(&neo.join("cites.csv"));
    assert_eq!(cites[0]["quote"], QUOTE);

    let script = read(&neo.join("import.cypher"));
    let statements: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
    assert!(statements.iter().all(|l| l.ends_with(';')), "{script}");
    let merges = statements
        .iter()
        .filter(|l| l.starts_with("MERGE (n:Actor"))
        .count();
    let rels = statements
        .iter()
        .filter(|l| l.starts_with("MATCH (a:Actor"))
        .count();
    assert_eq!((merges, rels), (g.node_count(), g.edge_count()));
    let all: Vec<String> = statements.iter().flat_map(|l| cypher_literals(l)).collect();
    for text in [KOREA, QUOTE, "행정안전부 'MOIS'", NOTE, "<system> & co"] {
        assert!(
            all.iter().any(|l| l == text),
            "{text:?} not in the script:\n{script}"
        );
    }
    let export = statements.iter().find(|l| l.contains(":EXPORT")).unwrap();
    assert!(export.contains("amount_usd: 133540000.5"), "{export}");
    let forum = statements.iter().find(|l| l.contains(":FORUM")).unwrap();
    assert!(forum.contains("status: 'planned'"), "{forum}");
}

#[test]
fn bad_json_and_graphml_inputs_are_reported_by_line_and_nothing_is_written() {
    let dir = tempdir();
    let json = write(
        dir.path(),
        "bad.json",
        "{\"nodes\": [\n  {\"id\": \"kr\", \"kind\": \"country\", \"region\": \"Eastern Asia\"},\n  {\"id\": \"kz\",\n   \"kind\": \"nation\"}\n],\n\"edges\": [\n  {\"source\": \"kr\", \"target\": \"uz\", \"kind\": \"mou\"}\n]}\n",
    );
    let run = egov_in(dir.path(), &["validate", json.to_str().unwrap()]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("bad.json:4:4: 'kind': unknown node kind 'nation'"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("bad.json:7:") && run.stdout.contains("'uz', which is not defined"),
        "{}",
        run.stdout
    );
    let graphml = write(
        dir.path(),
        "bad.graphml",
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<key id=\"k\" for=\"all\" attr.name=\"kind\"/>\n<graph edgedefault=\"directed\">\n<node id=\"zz\"><data key=\"k\">country</data></node>\n<edge source=\"zz\" target=\"zz\"><data key=\"k\">mou</data><data key=\"x\">1</data></edge>\n</graph>\n</graphml>\n",
    );
    let run = egov_in(
        dir.path(),
        &["init", "out.egdb", "--from", graphml.to_str().unwrap()],
    );
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("bad.graphml:5:1: country 'zz' has no region"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("bad.graphml:6:55: <data> names key 'x'"),
        "{}",
        run.stdout
    );
    assert!(!dir.path().join("out.egdb").exists());
    let broken = write(
        dir.path(),
        "broken.graphml",
        "<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n",
    );
    let run = egov_in(dir.path(), &["validate", broken.to_str().unwrap()]);
    run.expect_code(1);
    assert!(run.stdout.contains("broken.graphml:4:"), "{}", run.stdout);
}

/// NetworkX's readers, on every format; returns what they saw as JSON, or
/// `None` (saying why on stderr) when python3 with networkx is missing.
fn networkx_reads(dir: &Path) -> Option<Value> {
    let script = r#"
import csv, json, sys
import networkx as nx
d = sys.argv[1]
out = {}
with open(d + "/g.json", encoding="utf-8") as f:
    G = nx.node_link_graph(json.load(f))
out["json"] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
               "kr": G.nodes["kr"]["name"], "sources": len(G.graph["sources"]),
               "amount": sum(a for _, _, a in G.edges(data="amount_usd") if a)}
G = nx.read_graphml(d + "/g.graphml")
out["graphml"] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                  "kr": G.nodes["kr"]["name"], "sources": len(json.loads(G.graph["sources"])),
                  "amount": sum(a for _, _, a in G.edges(data="amount_usd") if a)}
G = nx.read_gexf(d + "/g.gexf")
out["gexf"] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
               "kr": G.nodes["kr"]["label"],
               "starts": sorted(s for _, _, s in G.edges(data="start") if s),
               "amount": sum(a for _, _, a in G.edges(data="amount_usd") if a)}
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
nodes, edges = rows(d + "/csv/nodes.csv"), rows(d + "/csv/edges.csv")
out["csv"] = {"nodes": len(nodes), "edges": len(edges),
              "kr": next(n["Label"] for n in nodes if n["Id"] == "kr"),
              "sources": len(rows(d + "/csv/sources.csv")),
              "amount": sum(float(e["amount_usd"]) for e in edges if e["amount_usd"])}
nodes, edges = rows(d + "/neo4j/nodes.csv"), rows(d + "/neo4j/edges.csv")
out["neo4j"] = {"nodes": len(nodes), "edges": len(edges),
                "kr": next(n["name"] for n in nodes if n["id:ID(Actor)"] == "kr"),
                "sources": len(rows(d + "/neo4j/sources.csv")),
                "amount": sum(float(e["amount_usd:double"]) for e in edges if e["amount_usd:double"])}
print(json.dumps(out))
"#;
    if !networkx_available() {
        return None;
    }
    let path = write(dir, "read.py", script);
    let out = Command::new("python3")
        .arg(&path)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn export_all(dir: &Path, db: Option<&Path>) {
    for f in ["json", "graphml", "gexf", "csv", "neo4j"] {
        export(dir, db, f, &out_name(f));
    }
}

fn check_networkx(g: &Graph, seen: &Value) {
    let amount: f64 = g.edges().filter_map(|e| e.edge.amount_usd).sum();
    let kr = &g.node_by_id("kr").unwrap().name;
    for format in ["json", "graphml", "gexf", "csv", "neo4j"] {
        let s = &seen[format];
        assert_eq!(s["nodes"], g.node_count(), "{format}: {s}");
        assert_eq!(s["edges"], g.edge_count(), "{format}: {s}");
        assert_eq!(s["kr"], kr.as_str(), "{format}: {s}");
        assert!(
            (s["amount"].as_f64().unwrap() - amount).abs() < 1e-6,
            "{format}: {s}"
        );
        if format != "gexf" {
            assert_eq!(s["sources"], g.sources().len(), "{format}: {s}");
        }
    }
    let mut starts: Vec<String> = g
        .edges()
        .filter_map(|e| e.edge.date.map(|d| d.first_day().to_string()))
        .collect();
    starts.sort();
    assert_eq!(seen["gexf"]["starts"], serde_json::json!(starts));
}

#[test]
fn networkx_reads_every_export_of_the_builtin_graph() {
    let dir = tempdir();
    export_all(dir.path(), None);
    let Some(seen) = networkx_reads(dir.path()) else {
        return;
    };
    check_networkx(&egov_graph::builtin::graph().unwrap(), &seen);
}

#[test]
fn networkx_reads_special_characters_in_every_export() {
    let g = tricky();
    let dir = tempdir();
    let db = save(dir.path(), &g);
    export_all(dir.path(), Some(&db));
    let Some(seen) = networkx_reads(dir.path()) else {
        return;
    };
    check_networkx(&g, &seen);
}
