//! Criterion benches for the hot paths on generated graphs of moderate size
//! (so that `cargo bench` stays a few minutes): opening a database, building
//! a view, a shortest path, PageRank, betweenness (exact and sampled), and
//! importing CSV tables. World-scale numbers and the comparison with igraph,
//! NetworkX, rustworkx and Kuzu come from `benches/compare.py`.
//!
//! Run: `cargo bench --bench hot_paths` (or `-- open` for one group).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use egov_graph::analysis;
use egov_graph::generate::{generate, write_csv, Spec};
use egov_graph::model::{validate_parts, Filter, Folding, Graph, Level, View, Weight};
use egov_graph::{io, store};

/// A generated world of `edges` edges, as file bytes.
fn world(edges: usize) -> (Graph, Vec<u8>) {
    let data = generate(&Spec::with_edges(edges, 1), &mut |_| {}).unwrap();
    let g = Graph::from_dataset(data).unwrap();
    let bytes = store::to_bytes(&g).unwrap();
    let opened = store::from_bytes(Path::new("bench.egdb"), &bytes).unwrap();
    (opened, bytes)
}

fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    for edges in [10_000, 100_000] {
        let (_, bytes) = world(edges);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.egdb");
        std::fs::write(&path, &bytes).unwrap();
        group.bench_function(format!("{edges} edges"), |b| {
            b.iter(|| black_box(store::open(&path).unwrap().edge_count()))
        });
    }
    group.finish();
}

fn view_and_path(c: &mut Criterion) {
    let (g, _) = world(100_000);
    let from = g.resolve("p-1").unwrap();
    let to = g.resolve("p-777").unwrap();
    let mut group = c.benchmark_group("view");
    for (name, level) in [("country", Level::Country), ("all", Level::All)] {
        group.bench_function(format!("{name} level, 100k edges"), |b| {
            b.iter(|| black_box(View::new(&g, level, &Filter::default()).edges().len()))
        });
    }
    group.finish();
    let v = View::new(&g, Level::All, &Filter::default());
    let csr = v.csr(false, Weight::Hops);
    let (s, t) = (v.fold(from).unwrap(), v.fold(to).unwrap());
    let mut group = c.benchmark_group("path");
    group.bench_function("hops, 100k edges", |b| {
        b.iter(|| black_box(analysis::shortest_path(&csr, s, t, false)))
    });
    let weighted = v.csr(false, Weight::Cost);
    group.bench_function("weighted, 100k edges", |b| {
        b.iter(|| black_box(analysis::shortest_path(&weighted, s, t, true)))
    });
    // What `egov path` runs by default: from both ends on the graph, no
    // view built (the folded node map included).
    let filter = Filter::default();
    group.bench_function("fewest hops from both ends, 100k edges", |b| {
        b.iter(|| {
            let bare = Folding::new(&g, Level::All);
            black_box(analysis::fewest_hops(&g, &bare, &filter, s, t, false))
        })
    });
    group.finish();
}

fn centrality(c: &mut Criterion) {
    let mut group = c.benchmark_group("centrality");
    group.sample_size(10);
    let (g, _) = world(100_000);
    let csr = View::new(&g, Level::All, &Filter::default()).csr(false, Weight::Hops);
    group.bench_function("pagerank, 100k edges", |b| {
        b.iter(|| black_box(analysis::pagerank(&csr, 0.85, false, 100, 1e-6).unwrap()))
    });
    let (small, _) = world(10_000);
    let csr = View::new(&small, Level::All, &Filter::default()).csr(false, Weight::Hops);
    group.bench_function("betweenness exact, 10k edges", |b| {
        b.iter(|| black_box(analysis::betweenness(&csr, false, true)))
    });
    group.bench_function("betweenness 100 samples, 10k edges", |b| {
        b.iter(|| black_box(analysis::betweenness_sampled(&csr, false, true, 100, 1)))
    });
    group.finish();
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    // 100k edges: the edge table is large enough to be read in two halves.
    let data = generate(&Spec::with_edges(100_000, 1), &mut |_| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_csv(&data, dir.path()).unwrap();
    let from = [dir.path().to_path_buf()];
    group.bench_function("csv read + validate + encode, 100k edges", |b| {
        b.iter_batched(
            || (),
            |()| {
                let parts = io::read_parts(&from).unwrap();
                let g = validate_parts(&parts, false).graph.unwrap();
                black_box(store::to_bytes(&g).unwrap().len())
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, open, view_and_path, centrality, import);
criterion_main!(benches);
