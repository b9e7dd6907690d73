//! The analysis commands end to end: `hubs`, `spreaders`' errors, and their
//! cross-check against NetworkX on the curated graph and on standard graphs
//! loaded through the CSV tables.

use std::process::Command;

use serde_json::{json, Value};

use crate::util::{egov, egov_in, root, skip, tempdir, write};

/// Runs a Python script with NetworkX on a JSON input; `None` (with the skip
/// notice) when python3 or NetworkX is missing.
fn networkx(script: &str, input: &Value) -> Option<Value> {
    let ok = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("NetworkX not available (pip install networkx)");
        return None;
    }
    let dir = tempdir();
    let path = write(dir.path(), "in.json", &input.to_string());
    let out = Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

const CENTRALITIES: &str = r#"
import json, sys
import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
spec = json.load(open(sys.argv[1]))
G = nx.Graph()
G.add_nodes_from(spec["nodes"])
G.add_edges_from(spec["edges"])
try:
    pr = nx.pagerank(G, alpha=0.85)
except ImportError:
    pr = _pagerank_python(G, alpha=0.85)
print(json.dumps({
    "degree": nx.degree_centrality(G),
    "betweenness": nx.betweenness_centrality(G),
    "closeness": nx.closeness_centrality(G),
    "eigenvector": nx.eigenvector_centrality(G),
    "pagerank": pr,
}))
"#;

/// Compares `egov hubs --metric all` rows with NetworkX's values.
fn assert_hubs_match(rows: &Value, nx: &Value, what: &str) {
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let id = row["id"].as_str().unwrap();
        for (metric, tol) in [
            ("degree", 1e-6),
            ("betweenness", 1e-6),
            ("closeness", 1e-6),
            ("eigenvector", 1e-4),
            ("pagerank", 1e-4),
        ] {
            let ours = row[metric].as_f64().unwrap();
            let theirs = nx[metric][id]
                .as_f64()
                .unwrap_or_else(|| panic!("{what}: NetworkX has no {metric} for {id}"));
            assert!(
                (ours - theirs).abs() <= tol,
                "{what}: {metric}({id}) = {ours}, NetworkX {theirs}"
            );
        }
    }
}

/// The country view's nodes and edges, as `egov neighbors` lists them from
/// a centre deep enough to reach everything.
fn country_view() -> (Vec<Value>, Vec<(String, String)>) {
    let j = egov(&["neighbors", "kr", "--depth", "1000", "--format", "json"]).json();
    let nodes = j["nodes"].as_array().unwrap().clone();
    let edges = j["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (nodes, edges)
}

#[test]
fn the_top_hubs_are_the_head_of_the_full_ranking_ties_by_degree_then_name() {
    // Degree at the organisation level: many bodies tie.
    for metric in ["degree", "pagerank"] {
        let args = |top: &'static str| {
            [
                "hubs", "--level", "org", "--metric", "all", "--sort", metric, "--top", top,
                "--format", "json",
            ]
        };
        let all = egov(&args("100000")).json();
        let all = all.as_array().unwrap();
        let ties = all
            .windows(2)
            .filter(|w| w[0][metric] == w[1][metric])
            .count();
        assert!(ties > 0, "{metric}: no ties to order");
        let f = |r: &serde_json::Value, k: &str| r[k].as_f64().unwrap();
        for w in all.windows(2) {
            let (x, y) = (f(&w[0], metric), f(&w[1], metric));
            let (dx, dy) = (f(&w[0], "degree"), f(&w[1], "degree"));
            // Nodes without a tie (degree 0) come after every other.
            assert!(dx > 0.0 || dy == 0.0, "{w:?}");
            assert!(
                (dx > 0.0 && dy == 0.0)
                    || x > y
                    || (x == y
                        && (dx > dy
                            || (dx == dy && w[0]["name"].as_str() <= w[1]["name"].as_str()))),
                "{w:?}"
            );
        }
        for top in ["1", "7", "30"] {
            let head = egov(&args(top)).json();
            let n: usize = top.parse().unwrap();
            assert_eq!(
                head.as_array().unwrap()[..],
                all[..n],
                "{metric} --top {top}"
            );
        }
    }
}

#[test]
fn hubs_match_networkx_on_the_curated_graph() {
    let (nodes, edges) = country_view();
    let hubs = egov(&[
        "hubs", "--metric", "all", "--top", "100000", "--format", "json",
    ])
    .json();
    assert_eq!(
        hubs.as_array().unwrap().len(),
        nodes.len(),
        "the country view is one connected component"
    );
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let Some(nx) = networkx(CENTRALITIES, &json!({"nodes": ids, "edges": edges})) else {
        return;
    };
    assert_hubs_match(&hubs, &nx, "curated graph");
}

/// A standard graph from `tests/data/graphs/NAME.csv` (an edge list) written
/// as the node and edge tables `egov init` reads, loaded, and ranked.
fn standard_graph_matches_networkx(name: &str) {
    let text =
        std::fs::read_to_string(root().join(format!("tests/data/graphs/{name}.csv"))).unwrap();
    let mut ids: Vec<String> = Vec::new();
    let mut edges: Vec<(String, String)> = Vec::new();
    let slug = |s: &str| format!("n-{}", s.trim().to_lowercase());
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let (a, b) = (slug(cols[0]), slug(cols[1]));
        for x in [&a, &b] {
            if !ids.contains(x) {
                ids.push(x.clone());
            }
        }
        edges.push((a, b));
    }
    let dir = tempdir();
    let mut nodes_csv = String::from("Id,Label,kind\n");
    for id in &ids {
        nodes_csv.push_str(&format!("{id},{id},organization\n"));
    }
    let mut edges_csv = String::from("Source,Target,Type,kind,cite\n");
    for (a, b) in &edges {
        edges_csv.push_str(&format!("{a},{b},Undirected,forum,ref\n"));
    }
    write(dir.path(), "nodes.csv", &nodes_csv);
    write(dir.path(), "edges.csv", &edges_csv);
    write(
        dir.path(),
        "sources.csv",
        "id,title\nref,A standard graph\n",
    );
    egov_in(
        dir.path(),
        &[
            "init",
            "g.egdb",
            "--from",
            "nodes.csv",
            "edges.csv",
            "sources.csv",
        ],
    )
    .expect_code(0);
    let hubs = egov_in(
        dir.path(),
        &[
            "--db", "g.egdb", "hubs", "--level", "all", "--metric", "all", "--top", "100000",
            "--format", "json",
        ],
    )
    .json();
    assert_eq!(hubs.as_array().unwrap().len(), ids.len());
    let Some(nx) = networkx(CENTRALITIES, &json!({"nodes": ids, "edges": edges})) else {
        return;
    };
    assert_hubs_match(&hubs, &nx, name);
}

#[test]
fn karate_club_loaded_from_csv_tables_matches_networkx() {
    standard_graph_matches_networkx("karate");
}

#[test]
fn florentine_families_loaded_from_csv_tables_match_networkx() {
    standard_graph_matches_networkx("florentine");
}

#[test]
fn unknown_region_lists_the_known_ones() {
    let r = egov(&["spreaders", "--from", "kr", "--region", "Atlantis"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("no region 'Atlantis'; known regions: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Central Asia"), "{}", r.stderr);
}

#[test]
fn hubs_json_is_sorted_by_the_chosen_metric() {
    let j = egov(&[
        "hubs", "--metric", "pagerank", "--top", "5", "--format", "json",
    ])
    .json();
    let rows = j.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let pr: Vec<f64> = rows
        .iter()
        .map(|r| r["pagerank"].as_f64().unwrap())
        .collect();
    assert!(pr.windows(2).all(|w| w[0] >= w[1]), "{pr:?}");
    assert!(
        rows[0].get("betweenness").is_none(),
        "only the metric asked for"
    );
    let all = egov(&[
        "hubs",
        "--metric",
        "all",
        "--node-kinds",
        "country",
        "--format",
        "json",
    ])
    .json();
    let first = &all[0];
    for key in [
        "id",
        "name",
        "kind",
        "degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "country"));
}

#[test]
fn weighted_paths_prefer_strong_recent_ties() {
    // a -> d directly through one old visit (1 hop, weak: 1.5 x 0.5^2), or
    // through b and c by three recent MOUs (3 hops, strong: 3.0 each).
    let dir = tempdir();
    write(
        dir.path(),
        "nodes.csv",
        "id,name,kind\na,A,organization\nb,B,organization\nc,C,organization\nd,D,organization\n",
    );
    write(
        dir.path(),
        "edges.csv",
        "source,target,kind,date,cite\n\
         a,d,visit,2010,ref\n\
         a,b,mou,2020,ref\n\
         b,c,mou,2020,ref\n\
         c,d,mou,2020,ref\n",
    );
    write(
        dir.path(),
        "sources.csv",
        "id,title\nref,A made-up test graph\n",
    );
    egov_in(
        dir.path(),
        &[
            "init",
            "g.egdb",
            "--from",
            "nodes.csv",
            "edges.csv",
            "sources.csv",
        ],
    )
    .expect_code(0);
    let path = |extra: &[&str]| {
        let mut args = vec!["--db", "g.egdb", "path", "a", "d", "--format", "json"];
        args.extend_from_slice(extra);
        egov_in(dir.path(), &args).json()
    };
    let hops = path(&[]);
    let weighted = path(&["--weighted"]);
    assert_eq!(hops["paths"][0]["nodes"], json!(["a", "d"]));
    assert_eq!(weighted["paths"][0]["nodes"], json!(["a", "b", "c", "d"]));
    let cost = weighted["paths"][0]["cost"].as_f64().unwrap();
    let strengths: f64 = weighted["paths"][0]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| 1.0 / e["strength"].as_f64().unwrap())
        .sum();
    assert!(
        (strengths - cost).abs() < 1e-9,
        "cost is the sum of 1/strength: {cost} vs {strengths}"
    );
    assert!(
        (cost - 1.0).abs() < 1e-9,
        "three MOUs of strength 3: {cost}"
    );
}

#[test]
fn path_with_an_unknown_end_suggests_the_closest() {
    let r = egov(&["path", "fr", "Uzbekistn"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .starts_with("egov: no node matches 'Uzbekistn'; did you mean: uz"),
        "{}",
        r.stderr
    );
}
