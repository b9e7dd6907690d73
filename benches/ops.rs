//! Times one library operation on a database, for `benches/compare.py`:
//! the kernel alone (graph already open and folded), to set beside the
//! peers' kernel times, as well as `egov`'s end-to-end command times.
//!
//! ```text
//! cargo run --release --example ops -- DB open|pagerank|betweenness|path A B|sampled K[,K…]
//! ```
//!
//! Prints one JSON object: the seconds the operation took, and what it
//! found (so a run cannot be optimised away, and results can be checked).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Instant;

use egov_graph::analysis::{self, Csr};
use egov_graph::model::{Filter, Folding, Level, View, Weight};
use egov_graph::store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(op)) = (args.first(), args.get(1)) else {
        eprintln!("usage: ops DB open|pagerank|betweenness|path A B|sampled K[,K...]");
        std::process::exit(2);
    };
    let t = Instant::now();
    let g = store::open(&PathBuf::from(db)).unwrap_or_else(|e| panic!("{e}"));
    let open = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let v = View::new(&g, Level::All, &Filter::default());
    let csr = v.csr(false, Weight::Hops);
    let view = t.elapsed().as_secs_f64();
    // The same compact graph straight from the edges (what `hubs` builds).
    let t = Instant::now();
    let folding = Folding::new(&g, Level::All);
    let direct = Csr::of_ties(&g, &folding, &Filter::default(), Weight::Hops);
    let ties = t.elapsed().as_secs_f64();
    assert_eq!(direct, csr, "the direct build differs from the view's");
    drop(direct);
    let t = Instant::now();
    let found = match op.as_str() {
        "open" => format!("{}", g.edge_count()),
        "pagerank" => {
            let pr = analysis::pagerank(&csr, 0.85, false, 100, 1e-6).unwrap();
            format!("{:.6}", pr.iter().copied().fold(0.0, f64::max))
        }
        "betweenness" => {
            let bc = analysis::betweenness(&csr, false, true);
            format!("{:.6}", bc.iter().copied().fold(0.0, f64::max))
        }
        "path" => {
            let s = v.fold(g.resolve(&args[2]).unwrap()).unwrap();
            let d = v.fold(g.resolve(&args[3]).unwrap()).unwrap();
            let p = analysis::shortest_path(&csr, s, d, false);
            format!("{}", p.map_or(-1.0, |p| p.cost))
        }
        "sampled" => {
            let exact = analysis::betweenness(&csr, false, true);
            let exact_time = t.elapsed().as_secs_f64();
            let top = top_k(&exact, 20);
            let max = exact.iter().copied().fold(0.0, f64::max);
            let mut rows = Vec::new();
            for k in args[2].split(',') {
                let k: usize = k.parse().unwrap();
                let t = Instant::now();
                let est = analysis::betweenness_sampled(&csr, false, true, k, 1);
                let secs = t.elapsed().as_secs_f64();
                let mean_abs: f64 = exact
                    .iter()
                    .zip(&est)
                    .map(|(a, b)| (a - b).abs())
                    .sum::<f64>()
                    / exact.len().max(1) as f64;
                let max_abs = exact
                    .iter()
                    .zip(&est)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
                let overlap = top_k(&est, 20).iter().filter(|x| top.contains(x)).count();
                rows.push(format!(
                    "{{\"samples\": {k}, \"seconds\": {secs:.4}, \"max_abs_error_over_max\": {:.5}, \"mean_abs_error_over_max\": {:.6}, \"top20_overlap\": {overlap}}}",
                    max_abs / max,
                    mean_abs / max
                ));
            }
            println!(
                "{{\"op\": \"sampled\", \"exact_seconds\": {exact_time:.4}, \"open_seconds\": {open:.4}, \"view_seconds\": {view:.4}, \"nodes\": {}, \"edges\": {}, \"samples\": [{}]}}",
                csr.node_count(),
                csr.edge_count(),
                rows.join(", ")
            );
            return;
        }
        other => panic!("unknown op {other}"),
    };
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{{\"op\": \"{op}\", \"seconds\": {secs:.6}, \"open_seconds\": {open:.6}, \"view_seconds\": {view:.6}, \"direct_seconds\": {ties:.6}, \"nodes\": {}, \"edges\": {}, \"found\": \"{found}\"}}",
        csr.node_count(),
        csr.edge_count()
    );
}

fn top_k(x: &[f64], k: usize) -> Vec<usize> {
    let mut i: Vec<usize> = (0..x.len()).collect();
    i.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    i.truncate(k);
    i
}
