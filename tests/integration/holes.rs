//! Burt's constraint and effective size against NetworkX, and the
//! Guimerà–Amaral participation coefficient and within-module z-score
//! against a reference computed on the NetworkX graph, to 1e-9: on random
//! graphs (weighted and not, undirected and directed) with random modules,
//! and through `egov hubs` on the curated graph.

use std::collections::HashMap;
use std::process::Command;

use egov_graph::analysis::{constraint, effective_size, participation, within_module_z, Csr};
use egov_graph::model::{Filter, Level, Partition, View, Weight};
use serde_json::{json, Value};

use crate::util::{egov, networkx_available, tempdir, write};

/// Reads `{"directed", "n", "edges": [[u, v, w]], "modules"}` and prints
/// every measure, unweighted and weighted, NaN as null.
///
/// Burt's measures are asked for `nodes=list(G)`, NetworkX's per-node code
/// that follows the documented formulas: its whole-graph code (taken when
/// scipy is installed) divides the weighted effective size's `m(u, w)` by
/// the largest tie of `w` rather than of `u` (NetworkX 3.6.1), so weighted
/// effective sizes differ from Burt's definition there.
const SCRIPT: &str = r#"
import json, math, statistics, sys
import networkx as nx
spec = json.load(open(sys.argv[1]))
G = nx.DiGraph() if spec["directed"] else nx.Graph()
G.add_nodes_from(range(spec["n"]))
for u, v, w in spec["edges"]:
    G.add_edge(u, v, weight=w)
mod = spec["modules"]

def participation(weight):
    out = []
    for i in range(spec["n"]):
        k = sum(d.get(weight, 1) if weight else 1 for _, _, d in G.edges(i, data=True))
        if k == 0:
            out.append(0.0)
            continue
        ks = {}
        for _, j, d in G.edges(i, data=True):
            ks[mod[j]] = ks.get(mod[j], 0) + (d.get(weight, 1) if weight else 1)
        out.append(1 - sum((x / k) ** 2 for x in ks.values()))
    return out

def within_z(weight):
    inner = [sum((d.get(weight, 1) if weight else 1)
                 for _, j, d in G.edges(i, data=True) if mod[j] == mod[i])
             for i in range(spec["n"])]
    out = []
    for i in range(spec["n"]):
        members = [inner[x] for x in range(spec["n"]) if mod[x] == mod[i]]
        sd = statistics.pstdev(members)
        out.append(0.0 if sd == 0 else (inner[i] - statistics.fmean(members)) / sd)
    return out

def clean(d):
    vals = [d[v] for v in range(spec["n"])] if isinstance(d, dict) else d
    return [None if math.isnan(x) else x for x in vals]

print(json.dumps({
    "constraint": clean(nx.constraint(G, nodes=list(G))),
    "constraint_w": clean(nx.constraint(G, nodes=list(G), weight="weight")),
    "effective_size": clean(nx.effective_size(G, nodes=list(G))),
    "effective_size_w": clean(nx.effective_size(G, nodes=list(G), weight="weight")),
    "participation": participation(None),
    "participation_w": participation("weight"),
    "within_module_z": within_z(None),
    "within_module_z_w": within_z("weight"),
}))
"#;

/// Runs [`SCRIPT`] on the arcs of `g` (an undirected edge once).
fn reference(g: &Csr, modules: &[u32]) -> Value {
    let mut edges = Vec::new();
    for u in 0..g.node_count() as u32 {
        for (&v, &w) in g.neighbors(u).iter().zip(g.weights(u)) {
            if g.is_directed() || u < v {
                edges.push(json!([u, v, w]));
            }
        }
    }
    let spec = json!({
        "directed": g.is_directed(),
        "n": g.node_count(),
        "edges": edges,
        "modules": modules,
    });
    let dir = tempdir();
    let path = write(dir.path(), "g.json", &spec.to_string());
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "networkx: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Asserts that `ours` equals `theirs` (null for NaN) to 1e-9.
fn assert_same(what: &str, ours: &[f64], theirs: &Value) {
    assert_same_but(what, ours, theirs, &|_| false);
}

/// [`assert_same`], except where `theirs` is NaN for a node `quirk` names:
/// there ours must be a number.
fn assert_same_but(what: &str, ours: &[f64], theirs: &Value, quirk: &dyn Fn(usize) -> bool) {
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "{what}: length");
    for (v, (a, b)) in ours.iter().zip(theirs).enumerate() {
        match b.as_f64() {
            None if quirk(v) => assert!(a.is_finite(), "{what} of {v}: ours {a}"),
            None => assert!(a.is_nan(), "{what} of {v}: ours {a}, networkx NaN"),
            Some(b) => assert!(
                (a - b).abs() <= 1e-9,
                "{what} of {v}: ours {a}, networkx {b}"
            ),
        }
    }
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn chance(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn structural_holes_and_module_roles_match_networkx_on_random_graphs() {
    if !networkx_available() {
        return;
    }
    let mut rng = Rng(15);
    for round in 0..8 {
        let n = 10 + (rng.next() % 50) as usize;
        let density = 0.04 + 0.3 * rng.chance();
        let k = 1 + rng.next() % 5;
        let modules: Vec<u32> = (0..n).map(|_| (rng.next() % k) as u32).collect();
        let mut arcs = Vec::new();
        for u in 0..n as u32 {
            for v in 0..n as u32 {
                if u != v && rng.chance() < density {
                    arcs.push((u, v, 0.25 + 3.0 * rng.chance()));
                }
            }
        }
        // Odd rounds directed (Burt's measures only: the hubs command reads
        // an undirected view).
        let directed = round % 2 == 1;
        let weighted = if directed {
            Csr::directed(n, arcs)
        } else {
            Csr::undirected(n, arcs.iter().filter(|(u, v, _)| u < v).copied())
        };
        let unit = if directed {
            Csr::directed(n, arcs_of(&weighted).map(|(u, v, _)| (u, v, 1.0)))
        } else {
            Csr::undirected(n, arcs_of(&weighted).map(|(u, v, _)| (u, v, 1.0)))
        };
        let nx = reference(&weighted, &modules);
        let what = |m: &str| format!("round {round} (n {n}, directed {directed}): {m}");
        // NetworkX's per-node code calls a node without out-arcs isolated
        // (it reads G[v], the successors); ours, like its whole-graph code
        // and its docs, only a node without any tie.
        let in_only = |v: usize| unit.degree(v as u32) == 0 && unit.reversed().degree(v as u32) > 0;
        let check = |m: &str, ours: Vec<f64>| assert_same_but(&what(m), &ours, &nx[m], &in_only);
        check("constraint", constraint(&unit));
        check("constraint_w", constraint(&weighted));
        check("effective_size", effective_size(&unit));
        check("effective_size_w", effective_size(&weighted));
        if !directed {
            let p = participation(&unit, &modules);
            assert_same(&what("participation"), &p, &nx["participation"]);
            let p = participation(&weighted, &modules);
            assert_same(&what("participation_w"), &p, &nx["participation_w"]);
            let z = within_module_z(&unit, &modules);
            assert_same(&what("within_module_z"), &z, &nx["within_module_z"]);
            let z = within_module_z(&weighted, &modules);
            assert_same(&what("within_module_z_w"), &z, &nx["within_module_z_w"]);
        }
    }
}

fn arcs_of(g: &Csr) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
    (0..g.node_count() as u32).flat_map(move |u| {
        g.neighbors(u)
            .iter()
            .zip(g.weights(u))
            .map(move |(&v, &w)| (u, v, w))
    })
}

#[test]
fn hubs_structural_metrics_on_the_curated_graph_match_networkx() {
    if !networkx_available() {
        return;
    }
    let g = egov_graph::builtin::graph().unwrap();
    let v = View::new(&g, Level::Country, &Filter::default());
    let modules = v.groups(&g, &Partition::Region).unwrap();
    let position: HashMap<&str, usize> = (0..v.node_count())
        .map(|x| (g.node_id(v.node(x as u32).unwrap()).unwrap(), x))
        .collect();
    for weighted in [false, true] {
        let csr = v.csr(false, Weight::Strength);
        let nx = reference(&csr, &modules.of);
        for metric in [
            "constraint",
            "effective_size",
            "participation",
            "within_module_z",
        ] {
            let mut args = vec![
                "hubs", "--metric", metric, "--top", "1000", "--format", "json",
            ];
            if weighted {
                args.push("--weighted");
            }
            let rows = egov(&args).expect_code(0).json();
            let rows = rows.as_array().unwrap();
            assert_eq!(rows.len(), v.node_count(), "{metric}");
            let key = if weighted {
                format!("{metric}_w")
            } else {
                metric.to_string()
            };
            let theirs = nx[key.as_str()].as_array().unwrap();
            let mut shown = Vec::new();
            for row in rows {
                let at = position[row["id"].as_str().unwrap()];
                let ours = row[metric].as_f64().unwrap_or(f64::NAN);
                match theirs[at].as_f64() {
                    None => assert!(ours.is_nan(), "{key} of {}: {ours}", row["id"]),
                    Some(t) => assert!(
                        (ours - t).abs() <= 1e-9,
                        "{key} of {}: ours {ours}, networkx {t}",
                        row["id"]
                    ),
                }
                shown.push(ours);
            }
            // Sorted: least constrained first, the others highest first,
            // NaN (isolated nodes) last.
            let finite: Vec<f64> = shown.iter().copied().take_while(|x| !x.is_nan()).collect();
            assert!(shown[finite.len()..].iter().all(|x| x.is_nan()), "{key}");
            let ordered = finite.windows(2).all(|w| {
                if metric == "constraint" {
                    w[0] <= w[1]
                } else {
                    w[0] >= w[1]
                }
            });
            assert!(ordered, "{key}: {finite:?}");
        }
    }
}
