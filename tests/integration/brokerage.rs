//! `egov brokerage` and `analysis::brokerage` against R's `sna::brokerage`:
//! counts and z-scores to 1e-9 on the curated graph, on random directed
//! and undirected graphs with random partitions, and on a partition read
//! from a CSV column.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use egov_graph::analysis::{brokerage, Csr, Role};
use egov_graph::model::{Filter, Graph, Level, Partition, View, Weight};
use serde_json::Value;

use crate::util::{egov, egov_in, skip, tempdir, write};

/// Reads every case `i` (files `i.n`, `i.edges` with 1-based arcs, `i.groups`
/// with one label per node) from the folder in `args[1]`, runs
/// `sna::brokerage` and prints, per case, `case i` and one line per node:
/// the six counts then the six z-scores.
const SNA: &str = r#"
suppressMessages(library(sna))
dir <- commandArgs(TRUE)[1]
cases <- as.integer(commandArgs(TRUE)[2])
for (i in seq_len(cases)) {
  base <- file.path(dir, i)
  n <- as.integer(readLines(paste0(base, ".n")))
  g <- matrix(0, n, n)
  ef <- paste0(base, ".edges")
  if (file.info(ef)$size > 0) g[as.matrix(read.table(ef))] <- 1
  cl <- readLines(paste0(base, ".groups"))
  b <- brokerage(g, cl)
  cat("case", i, "\n")
  m <- cbind(b$raw.nli, b$z.nli)
  write.table(formatC(m, digits = 17, format = "g"), quote = FALSE,
              row.names = FALSE, col.names = FALSE)
}
"#;

/// Whether `Rscript` can load sna; prints the skip notice if not.
fn sna_available() -> bool {
    let ok = Command::new("Rscript")
        .args(["-e", "suppressMessages(library(sna))"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("R sna not available (apt-get install r-cran-sna)");
    }
    ok
}

/// One graph for R: its order, its arcs (an undirected edge as both) and
/// every node's group label.
struct Case {
    n: usize,
    arcs: Vec<(u32, u32)>,
    groups: Vec<String>,
}

impl Case {
    fn of(g: &Csr, groups: &[u32]) -> Case {
        let n = g.node_count();
        let arcs = (0..n as u32)
            .flat_map(|u| g.neighbors(u).iter().map(move |&v| (u, v)))
            .collect();
        Case {
            n,
            arcs,
            groups: groups.iter().map(|x| format!("g{x}")).collect(),
        }
    }
}

/// sna's counts and z-scores (`[counts.., z..]` per node) for each case.
fn sna(cases: &[Case]) -> Vec<Vec<[f64; 12]>> {
    let dir = tempdir();
    for (i, c) in cases.iter().enumerate() {
        let base = dir.path().join((i + 1).to_string());
        let file = |ext: &str, text: String| {
            std::fs::write(base.with_extension(ext), text).unwrap();
        };
        file("n", format!("{}\n", c.n));
        let edges: String = c
            .arcs
            .iter()
            .map(|(u, v)| format!("{} {}\n", u + 1, v + 1))
            .collect();
        file("edges", edges);
        file(
            "groups",
            c.groups.iter().map(|g| format!("{g}\n")).collect(),
        );
    }
    run_sna(dir.path(), cases.len())
}

fn run_sna(dir: &Path, cases: usize) -> Vec<Vec<[f64; 12]>> {
    let out = Command::new("Rscript")
        .args(["-e", SNA, dir.to_str().unwrap(), &cases.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "Rscript: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut all: Vec<Vec<[f64; 12]>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("case") {
            all.push(Vec::new());
            continue;
        }
        let mut row = [0.0; 12];
        for (x, s) in row.iter_mut().zip(line.split_whitespace()) {
            *x = s.trim().parse().unwrap_or(f64::NAN);
        }
        all.last_mut().unwrap().push(row);
    }
    assert_eq!(all.len(), cases);
    all
}

/// Whether two z-scores agree: both NaN, or within 1e-9 (relative for
/// large values).
fn same_z(ours: f64, theirs: f64) -> bool {
    (ours.is_nan() && theirs.is_nan())
        || (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0)
        || (ours == theirs)
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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn brokerage_matches_r_sna_on_random_graphs_with_random_partitions() {
    if !sna_available() {
        return;
    }
    let mut rng = Rng(2024);
    let mut graphs: Vec<(Csr, Vec<u32>)> = Vec::new();
    for round in 0..24 {
        let n = 3 + rng.below(38) as usize;
        let density = 0.03 + 0.5 * rng.chance();
        let k = 1 + rng.below(6);
        let groups: Vec<u32> = (0..n).map(|_| rng.below(k) as u32).collect();
        let mut arcs = Vec::new();
        for u in 0..n as u32 {
            for v in 0..n as u32 {
                if u != v && rng.chance() < density {
                    arcs.push((u, v, 1.0));
                }
            }
        }
        // Three graphs in four directed, the rest read both ways.
        let g = if round % 4 == 3 {
            Csr::undirected(n, arcs)
        } else {
            Csr::directed(n, arcs)
        };
        graphs.push((g, groups));
    }
    let cases: Vec<Case> = graphs.iter().map(|(g, cl)| Case::of(g, cl)).collect();
    let theirs = sna(&cases);
    let mut open_paths = 0;
    let mut defined_z = 0;
    for (c, ((g, cl), r)) in graphs.iter().zip(&theirs).enumerate() {
        let ours = brokerage(g, cl);
        assert_eq!(ours.len(), r.len(), "case {c}: nodes");
        for (v, (o, t)) in ours.iter().zip(r).enumerate() {
            for (x, role) in Role::ALL.iter().enumerate() {
                assert_eq!(
                    o.counts[x] as f64,
                    t[x],
                    "case {c} node {v}: {} count",
                    role.name()
                );
                assert!(
                    same_z(o.z[x], t[6 + x]),
                    "case {c} node {v}: {} z ours {} sna {}",
                    role.name(),
                    o.z[x],
                    t[6 + x]
                );
                defined_z += usize::from(o.z[x].is_finite());
            }
            open_paths += o.count(Role::Total);
        }
    }
    // The check compared real brokerage, not empty graphs.
    assert!(
        open_paths > 1000 && defined_z > 1000,
        "{open_paths} {defined_z}"
    );
}

/// The view the CLI builds for `--no-context` (or not) at the country level.
fn curated_view(g: &Graph, context: bool) -> View {
    let filter = Filter {
        context,
        ..Filter::default()
    };
    View::new(g, Level::Country, &filter)
}

#[test]
fn brokerage_of_the_curated_graph_matches_r_sna() {
    if !sna_available() {
        return;
    }
    let g = egov_graph::builtin::graph().unwrap();
    let runs: [(&str, bool, bool); 4] = [
        ("region", false, true),
        ("region", true, true),
        ("membership", false, true),
        ("region", false, false),
    ];
    let mut cases = Vec::new();
    let mut outputs = Vec::new();
    for (by, directed, context) in runs {
        let v = curated_view(&g, context);
        let groups = v.groups(&g, &Partition::parse(by)).unwrap();
        cases.push(Case::of(&v.csr(directed, Weight::Hops), &groups.of));
        let mut args = vec![
            "brokerage",
            "--by",
            by,
            "--top",
            "100000",
            "--format",
            "json",
        ];
        if directed {
            args.push("--directed");
        }
        if !context {
            args.push("--no-context");
        }
        let json = egov(&args).expect_code(0).json();
        assert_eq!(json["partition"], by);
        outputs.push((v, json));
    }
    let theirs = sna(&cases);
    for ((v, json), r) in outputs.iter().zip(&theirs) {
        let nodes = json["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), v.node_count());
        let position: HashMap<&str, usize> = (0..v.node_count())
            .map(|x| (g.node_id(v.node(x as u32).unwrap()).unwrap(), x))
            .collect();
        let mut totals = Vec::new();
        for node in nodes {
            let id = node["id"].as_str().unwrap();
            let t = &r[position[id]];
            for (x, role) in Role::ALL.iter().enumerate() {
                let count = node["counts"][role.name()].as_f64().unwrap();
                assert_eq!(count, t[x], "{id}: {}", role.name());
                let z = &node["z"][role.name()];
                let z = if z.is_null() {
                    f64::NAN
                } else {
                    z.as_f64().unwrap()
                };
                assert!(
                    same_z(z, t[6 + x]),
                    "{id}: z {} ours {z} sna {}",
                    role.name(),
                    t[6 + x]
                );
            }
            totals.push(node["counts"]["total"].as_u64().unwrap());
        }
        // Most brokerage first.
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
        assert!(totals[0] > 0);
    }
}

#[test]
fn a_csv_column_becomes_the_partition() {
    // a - hub - b - c - d with groups x, y, x, z and none: the hub is
    // itinerant between a and b (both x); b is a liaison between the hub
    // (y) and c (z).
    let dir = tempdir();
    write(
        dir.path(),
        "nodes.csv",
        "Id,Label,kind,group\na,A,organization,x\nhub,Hub,organization,y\nb,B,organization,x\nc,C,organization,z\nd,D,organization,\n",
    );
    write(
        dir.path(),
        "edges.csv",
        "Source,Target,kind,cite\na,hub,forum,ref\nhub,b,forum,ref\nb,c,forum,ref\nc,d,forum,ref\n",
    );
    write(dir.path(), "sources.csv", "id,title\nref,A made-up graph\n");
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
    let run = |extra: &[&str]| {
        let mut args = vec!["--db", "g.egdb", "brokerage", "--level", "all"];
        args.extend(extra);
        egov_in(dir.path(), &args)
    };
    let json = run(&["--by", "group", "--format", "json"])
        .expect_code(0)
        .json();
    assert_eq!(json["partition"], "group");
    let node = |id: &str| -> Value {
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(node("hub")["group"], "y");
    assert_eq!(node("d")["group"], Value::Null);
    assert_eq!(node("hub")["counts"]["itinerant"], 2);
    assert_eq!(node("hub")["counts"]["total"], 2);
    // b: hub(y) - b(x) - c(z), both ways: a liaison.
    assert_eq!(node("b")["counts"]["liaison"], 2);
    assert_eq!(node("b")["counts"]["total"], 2);
    // c: b(x) - c(z) - d (a group of its own): a liaison.
    assert_eq!(node("c")["counts"]["liaison"], 2);
    // No node can coordinate (no group of three with a broker): null z.
    assert!(node("hub")["z"]["coordinator"].is_null());
    // Equal totals are listed by id.
    let ids: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b", "c", "hub", "a", "d"]);

    let table = run(&["--by", "group"]);
    table.expect_code(0);
    assert!(table.stdout.contains("| group |"), "{}", table.stdout);
    assert!(table.stdout.contains("B (b)"), "{}", table.stdout);

    let typo = run(&["--by", "gruop"]);
    typo.expect_code(2);
    assert!(
        typo.stderr
            .contains("no node of this view has the attribute 'gruop'"),
        "{}",
        typo.stderr
    );
}
