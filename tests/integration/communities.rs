//! Communities cross-checked against NetworkX: Louvain's modularity is at
//! least that of `louvain_communities` at the same resolution (best of five
//! seeds on each side), and the modularity we report for our partition is
//! NetworkX's `modularity()` of it. Graphs: Zachary's karate club and Les
//! Misérables (both weighted, as NetworkX ships them) and a 1,500-node
//! Barabási–Albert graph; `egov communities` on the built-in data.

use std::process::Command;

use egov_graph::analysis::{communities, CommunityMethod, Csr};
use serde_json::{json, Value};

/// Prints the three graphs as `{name: {"n", "edges": [[u, v, w]]}}`.
const GRAPHS: &str = r#"
import json
import networkx as nx
graphs = {
    "karate": nx.karate_club_graph(),
    "les_miserables": nx.convert_node_labels_to_integers(nx.les_miserables_graph(), ordering="sorted"),
    "ba_1500": nx.barabasi_albert_graph(1500, 3, seed=7),
}
out = {}
for name, G in graphs.items():
    out[name] = {"n": G.number_of_nodes(),
                 "edges": [[u, v, d.get("weight", 1)] for u, v, d in G.edges(data=True)]}
print(json.dumps(out))
"#;

/// Reads `{name: {"n", "edges", "resolution", "ours": [community per node]}}`
/// and prints, per graph, NetworkX's best Louvain modularity over seeds 0-4
/// and its modularity of our partition.
const CHECK: &str = r#"
import json, sys
import networkx as nx
from networkx.algorithms.community import louvain_communities, modularity
spec = json.load(open(sys.argv[1]))
out = {}
for name, g in spec.items():
    G = nx.Graph()
    G.add_nodes_from(range(g["n"]))
    G.add_weighted_edges_from(g["edges"])
    r = g["resolution"]
    best = max(modularity(G, louvain_communities(G, resolution=r, seed=s), resolution=r)
               for s in range(5))
    groups = {}
    for v, c in enumerate(g["ours"]):
        groups.setdefault(c, set()).add(v)
    out[name] = {"networkx_best": best,
                 "of_ours": modularity(G, list(groups.values()), resolution=r)}
print(json.dumps(out))
"#;

fn python(script: &str, arg: Option<&std::path::Path>) -> Value {
    let mut cmd = Command::new("python3");
    cmd.args(["-c", script]);
    if let Some(a) = arg {
        cmd.arg(a);
    }
    let out = cmd.output().expect("run python3");
    assert!(
        out.status.success(),
        "networkx script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("networkx output is JSON")
}

fn csr(g: &Value) -> Csr {
    let n = g["n"].as_u64().expect("n") as usize;
    let edges = g["edges"].as_array().expect("edges").iter().map(|e| {
        (
            e[0].as_u64().expect("u") as u32,
            e[1].as_u64().expect("v") as u32,
            e[2].as_f64().expect("w"),
        )
    });
    Csr::undirected(n, edges)
}

#[test]
fn louvain_matches_or_beats_networkx_on_karate_les_miserables_and_ba() {
    if !crate::util::networkx_available() {
        return;
    }
    let graphs = python(GRAPHS, None);
    for resolution in [1.0, 0.5, 2.0] {
        let mut spec = serde_json::Map::new();
        let mut ours = std::collections::BTreeMap::new();
        for (name, g) in graphs.as_object().expect("graphs") {
            let c = csr(g);
            let best = (0..5)
                .map(|seed| communities(&c, CommunityMethod::Louvain, resolution, seed))
                .max_by(|a, b| a.modularity.total_cmp(&b.modularity))
                .expect("five runs");
            spec.insert(
                name.clone(),
                json!({"n": g["n"], "edges": g["edges"], "resolution": resolution, "ours": best.community}),
            );
            ours.insert(name.clone(), best);
        }
        let dir = crate::util::tempdir();
        let path = dir.path().join("spec.json");
        std::fs::write(&path, Value::Object(spec).to_string()).expect("write spec");
        let nx = python(CHECK, Some(&path));
        for (name, p) in &ours {
            let theirs = nx[name]["networkx_best"].as_f64().expect("best");
            let of_ours = nx[name]["of_ours"].as_f64().expect("of ours");
            eprintln!(
                "{name} γ={resolution}: ours {:.6} ({} communities), networkx best {theirs:.6}",
                p.modularity, p.count
            );
            assert!(
                (p.modularity - of_ours).abs() <= 1e-9,
                "{name} γ={resolution}: we report {}, networkx computes {of_ours}",
                p.modularity
            );
            assert!(
                p.modularity >= theirs - 1e-12,
                "{name} γ={resolution}: ours {} < networkx {theirs}",
                p.modularity
            );
        }
    }
}

#[test]
fn communities_cover_every_node_once_and_repeat_for_a_seed() {
    use crate::util::egov;
    let a = egov(&["--format", "json", "communities", "--seed", "3"]);
    a.expect_code(0);
    let b = egov(&["--format", "json", "communities", "--seed", "3"]);
    assert_eq!(a.stdout, b.stdout, "same seed, same answer");
    let j = a.json();
    assert_eq!(j["method"], "louvain");
    assert_eq!(j["resolution"], 1.0);
    let groups = j["communities"].as_array().expect("communities");
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in groups.iter().enumerate() {
        assert_eq!(c["id"], i);
        for m in c["members"].as_array().expect("members") {
            assert!(
                seen.insert(m.as_str().expect("id").to_string()),
                "{m} twice"
            );
        }
    }
    // Every node of the country view: as many as `hubs` ranks.
    let hubs = egov(&[
        "--format", "json", "hubs", "--metric", "degree", "--top", "100000",
    ]);
    let ranked = hubs.json().as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(seen.len(), ranked);
    let q = j["modularity"].as_f64().expect("modularity");
    assert!(q > 0.0 && q < 1.0, "{q}");
    // The table says the same modularity and leaves out nodes without ties.
    let t = egov(&["communities", "--seed", "3", "--no-context"]);
    t.expect_code(0);
    let first = t.stdout.lines().next().unwrap_or("");
    assert!(first.contains("nodes without ties left out"), "{first}");
    let bad = egov(&["communities", "--resolution=-1"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("--resolution"), "{}", bad.stderr);
}

#[test]
fn label_propagation_is_offered_and_scores_no_higher_than_louvain() {
    use crate::util::egov;
    let q = |m: &str| {
        egov(&["--format", "json", "communities", "--method", m]).json()["modularity"]
            .as_f64()
            .expect("modularity")
    };
    assert!(q("label") <= q("louvain") + 1e-12);
}
