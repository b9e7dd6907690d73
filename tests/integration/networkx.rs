//! Cross-checks the centralities of `egov_graph::analysis` against NetworkX.
//!
//! Each test builds a graph, writes the simple graph the [`Csr`] holds to a
//! temporary directory, runs `python3` with NetworkX on it, and compares
//! every value. Without python3 or NetworkX the tests say so on stderr and
//! pass.

use egov_graph::analysis::{
    betweenness, betweenness_sampled, betweenness_subset, closeness, degree_centrality,
    eigenvector, pagerank, sample_sources, Csr,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Computes every centrality with NetworkX; reads `graph.json` (n, directed,
/// edges, subset and sample parameters) and prints one JSON object.
const SCRIPT: &str = r#"
import json, random, sys
import networkx as nx
try:
    import scipy  # noqa: F401  (nx.pagerank needs it)
    pagerank = nx.pagerank
except ImportError:
    # The pure-Python version of the same iteration.
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank

spec = json.load(open(sys.argv[1]))
n = spec["n"]
G = nx.DiGraph() if spec["directed"] else nx.Graph()
G.add_nodes_from(range(n))
for u, v, w in spec["edges"]:
    G.add_edge(u, v, weight=w)

def values(d):
    return [d[v] for v in range(n)]

def power(f, **kw):
    try:
        return values(f(G, **kw))
    except nx.PowerIterationFailedConvergence:
        return None

class Fixed(random.Random):
    def sample(self, population, k):
        return list(spec["sampled"])

out = {
    "degree": values(nx.degree_centrality(G)),
    "betweenness": values(nx.betweenness_centrality(G, normalized=False)),
    "betweenness_normalized": values(nx.betweenness_centrality(G, normalized=True)),
    "betweenness_weighted": values(nx.betweenness_centrality(G, normalized=True, weight="weight")),
    "betweenness_weighted_raw": values(nx.betweenness_centrality(G, normalized=False, weight="weight")),
    "betweenness_sampled": values(nx.betweenness_centrality(G, k=len(spec["sampled"]), normalized=True, seed=Fixed())),
    "betweenness_sampled_raw": values(nx.betweenness_centrality(G, k=len(spec["sampled"]), normalized=False, seed=Fixed())),
    "subset": values(nx.betweenness_centrality_subset(G, spec["sources"], spec["targets"], normalized=False)),
    "closeness": values(nx.closeness_centrality(G)),
    "closeness_weighted": values(nx.closeness_centrality(G, distance="weight")),
    # The vector the power iteration tends to: a tight tolerance, not
    # NetworkX's default (1e-6, 100 iterations), which stops early.
    "eigenvector": power(nx.eigenvector_centrality, max_iter=100000, tol=1e-13),
    "eigenvector_weighted": power(nx.eigenvector_centrality, weight="weight", max_iter=100000, tol=1e-13),
    "pagerank": power(pagerank, weight=None),
    "pagerank_weighted": power(pagerank, weight="weight"),
}
print(json.dumps(out))
"#;

/// Runs [`SCRIPT`] on `g` and returns NetworkX's values by name.
fn networkx_values(g: &Csr, sources: &[u32], targets: &[u32], sampled: &[u32]) -> Value {
    let mut edges = Vec::new();
    for u in 0..g.node_count() as u32 {
        for (&v, &w) in g.neighbors(u).iter().zip(g.weights(u)) {
            if g.is_directed() || u < v {
                edges.push(json!([u, v, w]));
            }
        }
    }
    let spec = json!({
        "n": g.node_count(),
        "directed": g.is_directed(),
        "edges": edges,
        "sources": sources,
        "targets": targets,
        "sampled": sampled,
    });
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("graph.json");
    std::fs::write(&path, spec.to_string()).expect("write graph.json");
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "networkx script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("networkx output is JSON")
}

/// Asserts that `ours` equals NetworkX's `name` values within `tol`.
fn assert_close(graph: &str, name: &str, ours: &[f64], theirs: &Value, tol: f64) {
    let theirs: Vec<f64> = theirs
        .as_array()
        .unwrap_or_else(|| panic!("{graph}: networkx gave no {name}"))
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect();
    assert_eq!(ours.len(), theirs.len(), "{graph}: {name} length");
    for (v, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (a - b).abs() <= tol,
            "{graph}: {name} of node {v}: ours {a}, networkx {b}"
        );
    }
}

/// Compares every centrality of `g` with NetworkX's.
fn check(graph: &str, g: &Csr) {
    if !crate::util::networkx_available() {
        return;
    }
    let n = g.node_count() as u32;
    let sources: Vec<u32> = (0..n.min(5)).collect();
    let targets: Vec<u32> = (0..n).filter(|v| v % 3 == 0).collect();
    let samples = (n as usize / 3).max(2);
    let sampled = sample_sources(n as usize, samples, 42);
    let nx = networkx_values(g, &sources, &targets, &sampled);
    let t = 1e-6;

    assert_close(graph, "degree", &degree_centrality(g), &nx["degree"], t);
    assert_close(
        graph,
        "betweenness",
        &betweenness(g, false, false),
        &nx["betweenness"],
        t,
    );
    let bc = betweenness(g, false, true);
    assert_close(
        graph,
        "betweenness_normalized",
        &bc,
        &nx["betweenness_normalized"],
        t,
    );
    let bc = betweenness(g, true, true);
    assert_close(
        graph,
        "betweenness_weighted",
        &bc,
        &nx["betweenness_weighted"],
        t,
    );
    let bc = betweenness(g, true, false);
    assert_close(
        graph,
        "betweenness_weighted_raw",
        &bc,
        &nx["betweenness_weighted_raw"],
        t,
    );
    let bc = betweenness_sampled(g, false, true, samples, 42);
    assert_close(
        graph,
        "betweenness_sampled",
        &bc,
        &nx["betweenness_sampled"],
        t,
    );
    let bc = betweenness_sampled(g, false, false, samples, 42);
    assert_close(
        graph,
        "betweenness_sampled_raw",
        &bc,
        &nx["betweenness_sampled_raw"],
        t,
    );

    // Ours leaves out NetworkX's undirected factor 1/2.
    let factor = if g.is_directed() { 1.0 } else { 0.5 };
    let subset: Vec<f64> = betweenness_subset(g, &sources, &targets)
        .into_iter()
        .map(|b| b * factor)
        .collect();
    assert_close(graph, "subset", &subset, &nx["subset"], t);

    assert_close(
        graph,
        "closeness",
        &closeness(g, false),
        &nx["closeness"],
        t,
    );
    let c = closeness(g, true);
    assert_close(
        graph,
        "closeness_weighted",
        &c,
        &nx["closeness_weighted"],
        t,
    );

    let power = [
        ("eigenvector", eigenvector(g, false, 100_000, 1e-13), 1e-9),
        (
            "eigenvector_weighted",
            eigenvector(g, true, 100_000, 1e-13),
            1e-9,
        ),
        ("pagerank", pagerank(g, 0.85, false, 100, 1e-6), 1e-4),
        (
            "pagerank_weighted",
            pagerank(g, 0.85, true, 100, 1e-6),
            1e-4,
        ),
    ];
    for (name, ours, tol) in power {
        match ours {
            Ok(x) => assert_close(graph, name, &x, &nx[name], tol),
            Err(e) => assert!(
                nx[name].is_null(),
                "{graph}: {name}: ours {e}, networkx converged"
            ),
        }
    }
}

/// Reads a `source,target[,weight]` fixture, numbering nodes in order of
/// first appearance.
fn read_fixture(name: &str) -> Csr {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/graphs")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut edges = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let mut id = |name: &str| {
            let next = ids.len() as u32;
            *ids.entry(name.to_string()).or_insert(next)
        };
        let (u, v) = (id(fields[0]), id(fields[1]));
        let w = fields
            .get(2)
            .map_or(1.0, |w| w.parse().expect("numeric weight"));
        edges.push((u, v, w));
    }
    Csr::undirected(ids.len(), edges)
}

/// A small deterministic generator for the synthetic graphs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }

    /// A small integer weight, so that equal-length paths occur.
    fn weight(&mut self) -> f64 {
        f64::from(1 + self.below(4))
    }
}

/// Watts–Strogatz: a ring where each node links to its `k / 2` nearest
/// neighbours on each side, each link rewired with probability `p`.
fn watts_strogatz(n: u32, k: u32, p: f64, rng: &mut Rng) -> Vec<(u32, u32, f64)> {
    let mut edges = Vec::new();
    for u in 0..n {
        for j in 1..=k / 2 {
            let mut v = (u + j) % n;
            if (rng.next() as f64 / u64::MAX as f64) < p {
                v = rng.below(n);
            }
            let w = rng.weight();
            edges.push((u, v, w));
        }
    }
    edges
}

#[test]
fn karate_club_matches_networkx() {
    let g = read_fixture("karate.csv");
    assert_eq!((g.node_count(), g.edge_count()), (34, 78));
    check("karate", &g);
}

#[test]
fn florentine_families_match_networkx() {
    let g = read_fixture("florentine.csv");
    assert_eq!((g.node_count(), g.edge_count()), (15, 20));
    check("florentine", &g);
}

#[test]
fn watts_strogatz_small_world_matches_networkx() {
    let mut rng = Rng(7);
    let g = Csr::undirected(120, watts_strogatz(120, 6, 0.1, &mut rng));
    check("watts-strogatz", &g);
}

#[test]
fn random_directed_graph_matches_networkx() {
    let mut rng = Rng(11);
    let n = 80;
    let arcs: Vec<_> = (0..400)
        .map(|_| (rng.below(n), rng.below(n), rng.weight()))
        .collect();
    let g = Csr::directed(n as usize, arcs);
    check("random-directed", &g);
}

#[test]
fn disconnected_graph_matches_networkx() {
    // A small world of 40, a path of 8, a triangle and 3 isolated nodes.
    let mut rng = Rng(3);
    let mut edges = watts_strogatz(40, 4, 0.2, &mut rng);
    edges.extend((40..47).map(|u| (u, u + 1, rng.weight())));
    edges.extend([(48, 49, 1.0), (49, 50, 2.0), (50, 48, 1.0)]);
    let g = Csr::undirected(54, edges);
    check("disconnected", &g);
}

/// Barabási–Albert: each new node ties to `m` distinct earlier nodes
/// chosen in proportion to their degree, from a star of `m + 1`.
fn barabasi_albert(n: u32, m: u32, rng: &mut Rng) -> Vec<(u32, u32, f64)> {
    let mut edges: Vec<(u32, u32, f64)> = (1..=m).map(|v| (0, v, 1.0)).collect();
    let mut ends: Vec<u32> = edges.iter().flat_map(|&(u, v, _)| [u, v]).collect();
    for u in m + 1..n {
        let mut targets: Vec<u32> = Vec::new();
        while targets.len() < m as usize {
            let t = ends[rng.below(ends.len() as u32) as usize];
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for t in targets {
            edges.push((u, t, rng.weight()));
            ends.extend([u, t]);
        }
    }
    edges
}

/// NetworkX's eigenvector centrality of `g` at its default tolerance and
/// at a tight one (null where it does not converge), unweighted.
const EIGENVECTOR: &str = r#"
import json, sys
import networkx as nx
spec = json.load(open(sys.argv[1]))
G = nx.Graph()
G.add_nodes_from(range(spec["n"]))
G.add_edges_from((u, v) for u, v, _ in spec["edges"])
def run(**kw):
    try:
        x = nx.eigenvector_centrality(G, **kw)
        return [x[v] for v in range(spec["n"])]
    except nx.PowerIterationFailedConvergence:
        return None
print(json.dumps({"default": run(), "tight": run(max_iter=100000, tol=1e-13)}))
"#;

/// The eigenvector centrality of `egov hubs --metric all` on `edges` (as
/// CSV tables through `egov init`), checked against NetworkX run tight;
/// returns the largest difference from NetworkX at its default.
fn hubs_eigenvector_matches_networkx(n: u32, edges: &[(u32, u32, f64)]) -> Option<f64> {
    if !crate::util::networkx_available() {
        return None;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut nodes = String::from("Id,Label,kind\n");
    for v in 0..n {
        nodes.push_str(&format!("n{v},N{v},organization\n"));
    }
    let mut ties = String::from("Source,Target,kind,cite\n");
    for (u, v, _) in edges {
        if u != v {
            ties.push_str(&format!("n{u},n{v},forum,ref\n"));
        }
    }
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write("nodes.csv", &nodes);
    write("edges.csv", &ties);
    write("sources.csv", "id,title\nref,A generated graph\n");
    crate::util::egov_in(
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
    let top = n.to_string();
    let hubs = crate::util::egov_in(
        dir.path(),
        &[
            "--db", "g.egdb", "hubs", "--metric", "all", "--level", "all", "--top", &top,
            "--format", "json",
        ],
    );
    hubs.expect_code(0);
    let spec = json!({"n": n, "edges": edges.iter().map(|&(u, v, w)| json!([u, v, w])).collect::<Vec<_>>()});
    let path = dir.path().join("graph.json");
    std::fs::write(&path, spec.to_string()).expect("write graph.json");
    let out = Command::new("python3")
        .args(["-c", EIGENVECTOR])
        .arg(&path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nx: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let tight = nx["tight"]
        .as_array()
        .expect("networkx converges when tight");
    let mut off_default: f64 = 0.0;
    for row in hubs.json().as_array().expect("rows") {
        let v: usize = row["id"].as_str().expect("id")[1..].parse().expect("n<v>");
        let ours = row["eigenvector"].as_f64().expect("a value");
        let theirs = tight[v].as_f64().expect("a value");
        assert!(
            (ours - theirs).abs() <= 1e-9,
            "node {v}: ours {ours}, networkx {theirs}"
        );
        if let Some(d) = nx["default"][v].as_f64() {
            off_default = off_default.max((ours - d).abs());
        } else {
            off_default = f64::INFINITY;
        }
    }
    Some(off_default)
}

#[test]
fn hubs_all_on_a_400_node_small_world_converges_to_networkx_tight() {
    // Close leading eigenvalues: NetworkX's default (100 iterations) fails.
    let mut rng = Rng(1);
    let edges = watts_strogatz(400, 4, 0.1, &mut rng);
    if let Some(off) = hubs_eigenvector_matches_networkx(400, &edges) {
        assert!(off.is_infinite(), "networkx's default converged ({off})");
    }
}

#[test]
fn hubs_eigenvector_on_a_1500_node_scale_free_graph_matches_networkx_tight() {
    let mut rng = Rng(5);
    let edges = barabasi_albert(1500, 2, &mut rng);
    if let Some(off) = hubs_eigenvector_matches_networkx(1500, &edges) {
        // NetworkX's default stops early, visibly off the vector.
        assert!(off > 1e-5, "{off}");
    }
}
