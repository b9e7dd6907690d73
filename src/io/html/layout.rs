//! Positions for the interactive map, computed before the page is written.
//!
//! Each node is a box the size of its label. Graphviz places them when it
//! is installed (`neato` up to [`NEATO_LIMIT`] nodes, `sfdp` above; both
//! with `overlap=prism`, which moves boxes apart until none overlap);
//! otherwise [`force_directed`], our own Fruchterman–Reingold layout with a
//! seeded start and a final pass that pushes overlapping boxes apart. Both
//! are deterministic: the same graph gives the same positions.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Above this many nodes Graphviz's multiscale `sfdp` replaces `neato`
/// (stress majorisation grows with the square of the nodes).
pub const NEATO_LIMIT: usize = 800;

/// The seed of the built-in layout's starting positions.
pub const SEED: u64 = 1;

/// Above this many nodes the built-in layout does fewer rounds and
/// overlap passes (300 and 2,000 below it, 150 and 100 above), to stay
/// within seconds.
const LARGE: usize = 1000;

/// Pixels per character of a label (the page draws 11 px sans-serif).
const CHAR_W: f64 = 6.2;
/// The height of a node's box: its circle and the label under it.
const BOX_H: f64 = 36.0;
/// Free space kept around each box, in pixels.
const GAP: f64 = 6.0;

/// Which program placed the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz `neato` (stress majorisation).
    Neato,
    /// Graphviz `sfdp` (multiscale force-directed).
    Sfdp,
    /// [`force_directed`].
    Builtin,
}

/// The engine used for `n` nodes when Graphviz is installed.
pub fn engine_for(n: usize) -> Engine {
    if n > NEATO_LIMIT {
        Engine::Sfdp
    } else {
        Engine::Neato
    }
}

/// What the legend says about the layout.
pub fn describe(e: &Engine) -> String {
    match e {
        Engine::Neato => "Graphviz neato (overlap=prism)".into(),
        Engine::Sfdp => "Graphviz sfdp (overlap=prism)".into(),
        Engine::Builtin => format!("built-in force-directed layout (seed {SEED})"),
    }
}

/// The box of a node with this label, in pixels: `(width, height)`.
pub fn box_size(label: &str) -> (f64, f64) {
    let w = (label.chars().count() as f64 * CHAR_W + 10.0).max(30.0);
    (w, BOX_H)
}

/// Places nodes (given by their labels) joined by `edges` (pairs of node
/// positions in `labels`; repeats are fine). Returns each node's centre
/// in pixels, `y` growing downwards, and the engine that placed them.
pub fn layout(labels: &[String], edges: &[(usize, usize)]) -> (Vec<(f64, f64)>, Engine) {
    let n = labels.len();
    if n == 0 {
        return (Vec::new(), Engine::Builtin);
    }
    if std::env::var_os("EGOV_MAP_LAYOUT").is_some_and(|v| v == "builtin") {
        return (force_directed(labels, edges, SEED), Engine::Builtin);
    }
    let engine = engine_for(n);
    match graphviz(labels, edges, engine) {
        Some(p) => (p, engine),
        None => (force_directed(labels, edges, SEED), Engine::Builtin),
    }
}

fn dedup_pairs(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = edges
        .iter()
        .filter(|&&(a, b)| a != b && a < n && b < n)
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Runs `neato` or `sfdp -Tplain`; `None` when it is missing or fails.
fn graphviz(
    labels: &[String],
    edges: &[(usize, usize)],
    engine: Engine,
) -> Option<Vec<(f64, f64)>> {
    let program = match engine {
        Engine::Neato => "neato",
        Engine::Sfdp => "sfdp",
        Engine::Builtin => return None,
    };
    let mut dot = String::from(
        "graph G {\n graph [overlap=prism, overlap_scaling=-4, sep=\"+6\", splines=false, start=1, pack=true];\n node [shape=box, fixedsize=true, label=\"\"];\n",
    );
    for (i, l) in labels.iter().enumerate() {
        let (w, h) = box_size(l);
        let _ = writeln!(
            dot,
            " n{i} [width={:.3}, height={:.3}];",
            w / 72.0,
            h / 72.0
        );
    }
    for (a, b) in dedup_pairs(labels.len(), edges) {
        let _ = writeln!(dot, " n{a} -- n{b};");
    }
    dot.push_str("}\n");
    let mut child = Command::new(program)
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(dot.as_bytes()));
    let mut text = String::new();
    child.stdout.take()?.read_to_string(&mut text).ok()?;
    let status = child.wait().ok()?;
    writer.join().ok()?.ok()?;
    if !status.success() {
        return None;
    }
    parse_plain(&text, labels.len())
}

/// Reads node centres from Graphviz's `-Tplain` output (inches, `y` up)
/// as pixels with `y` down. `None` unless every node is placed.
fn parse_plain(text: &str, n: usize) -> Option<Vec<(f64, f64)>> {
    let mut pos = vec![None; n];
    let mut height = 0.0;
    for line in text.lines() {
        let mut f = line.split_whitespace();
        match f.next() {
            Some("graph") => {
                let _scale = f.next();
                let _w = f.next();
                height = f.next()?.parse::<f64>().ok()?;
            }
            Some("node") => {
                let name = f.next()?;
                let i: usize = name.strip_prefix('n')?.parse().ok()?;
                let x: f64 = f.next()?.parse().ok()?;
                let y: f64 = f.next()?.parse().ok()?;
                if let Some(slot) = pos.get_mut(i) {
                    *slot = Some((x * 72.0, (height - y) * 72.0));
                }
            }
            _ => {}
        }
    }
    pos.into_iter().collect()
}

/// A small deterministic random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Fruchterman–Reingold force-directed placement of boxes sized to
/// `labels`, then overlap removal.
///
/// Nodes start at seeded random places; each of 300 rounds pulls linked
/// nodes together (`d² / k`) and pushes every pair apart (`k² / d`; beyond
/// `3k` the push is ignored, so a grid of cells keeps each round near
/// O(V + E)), moving each node at most by a temperature that cools
/// linearly. Final passes move overlapping boxes apart along the axis of
/// least overlap until none overlap (on large graphs a few may remain,
/// beyond 1,000 nodes).
///
/// Complexity: O(rounds · (V + E)) for evenly spread nodes.
///
/// Reference: T. Fruchterman and E. Reingold, "Graph drawing by
/// force-directed placement", Software: Practice and Experience 21 (1991).
pub fn force_directed(labels: &[String], edges: &[(usize, usize)], seed: u64) -> Vec<(f64, f64)> {
    let n = labels.len();
    if n == 0 {
        return Vec::new();
    }
    let sizes: Vec<(f64, f64)> = labels.iter().map(|l| box_size(l)).collect();
    let mean_w = sizes.iter().map(|s| s.0).sum::<f64>() / n as f64;
    let k = (mean_w + BOX_H) * 0.9;
    let side = k * (n as f64).sqrt() * 1.2;
    let mut rng = Rng(seed);
    let mut p: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.next() * side, rng.next() * side))
        .collect();
    let pairs = dedup_pairs(n, edges);
    let rounds = if n > LARGE { 150 } else { 300 };
    let cell = 3.0 * k;
    for round in 0..rounds {
        let t = side * 0.1 * (1.0 - round as f64 / rounds as f64) + 1.0;
        let mut d = vec![(0.0f64, 0.0f64); n];
        // Repulsion through a grid of cells of side 3k.
        let mut grid: std::collections::HashMap<(i64, i64), Vec<usize>> =
            std::collections::HashMap::new();
        for (i, &(x, y)) in p.iter().enumerate() {
            grid.entry(((x / cell).floor() as i64, (y / cell).floor() as i64))
                .or_default()
                .push(i);
        }
        for (i, &(x, y)) in p.iter().enumerate() {
            let (cx, cy) = ((x / cell).floor() as i64, (y / cell).floor() as i64);
            for gx in cx - 1..=cx + 1 {
                for gy in cy - 1..=cy + 1 {
                    let Some(list) = grid.get(&(gx, gy)) else {
                        continue;
                    };
                    for &j in list {
                        if j == i {
                            continue;
                        }
                        let (dx, dy) = (x - p[j].0, y - p[j].1);
                        let dist = (dx * dx + dy * dy).sqrt().max(0.01);
                        if dist > cell {
                            continue;
                        }
                        let f = k * k / dist;
                        d[i].0 += dx / dist * f;
                        d[i].1 += dy / dist * f;
                    }
                }
            }
        }
        for &(a, b) in &pairs {
            let (dx, dy) = (p[a].0 - p[b].0, p[a].1 - p[b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = dist * dist / k;
            let (fx, fy) = (dx / dist * f, dy / dist * f);
            d[a].0 -= fx;
            d[a].1 -= fy;
            d[b].0 += fx;
            d[b].1 += fy;
        }
        // A weak pull to the centre keeps separate components near.
        let c = side / 2.0;
        for (i, q) in p.iter_mut().enumerate() {
            d[i].0 += (c - q.0) * 0.02 * k / side * 10.0;
            d[i].1 += (c - q.1) * 0.02 * k / side * 10.0;
            let len = (d[i].0 * d[i].0 + d[i].1 * d[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                q.0 += d[i].0 / len * step;
                q.1 += d[i].1 / len * step;
            }
        }
    }
    remove_overlaps(&mut p, &sizes, if n > LARGE { 100 } else { 2000 });
    p
}

/// Moves boxes (centres `p`, sizes `sizes`) apart until no two overlap
/// (or `max_passes` passes), each time along the axis where they overlap least.
fn remove_overlaps(p: &mut [(f64, f64)], sizes: &[(f64, f64)], max_passes: usize) {
    let n = p.len();
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    for _ in 0..max_passes {
        let mut moved = false;
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| p[a].0.total_cmp(&p[b].0));
        for ai in 0..n {
            let i = order[ai];
            for &j in &order[ai + 1..] {
                if p[j].0 - p[i].0 >= (sizes[i].0 + widest) / 2.0 + GAP {
                    break;
                }
                let wx = (sizes[i].0 + sizes[j].0) / 2.0 + GAP;
                let hy = (sizes[i].1 + sizes[j].1) / 2.0 + GAP;
                let (dx, dy) = (p[j].0 - p[i].0, p[j].1 - p[i].1);
                let (ox, oy) = (wx - dx.abs(), hy - dy.abs());
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                if ox < oy {
                    let s = if dx >= 0.0 { 1.0 } else { -1.0 } * (ox / 2.0 + 0.5);
                    p[i].0 -= s;
                    p[j].0 += s;
                } else {
                    let s = if dy >= 0.0 { 1.0 } else { -1.0 } * (oy / 2.0 + 0.5);
                    p[i].1 -= s;
                    p[j].1 += s;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// Whether any two boxes overlap (for tests and checks).
pub fn overlaps(p: &[(f64, f64)], labels: &[String]) -> usize {
    let sizes: Vec<(f64, f64)> = labels.iter().map(|l| box_size(l)).collect();
    let mut count = 0;
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            let wx = (sizes[i].0 + sizes[j].0) / 2.0;
            let hy = (sizes[i].1 + sizes[j].1) / 2.0;
            if (p[i].0 - p[j].0).abs() < wx - 0.5 && (p[i].1 - p[j].1).abs() < hy - 0.5 {
                count += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: usize) -> (Vec<String>, Vec<(usize, usize)>) {
        let labels = (0..n).map(|i| format!("Node number {i}")).collect();
        let edges = (0..n)
            .map(|i| (i, (i + 1) % n))
            .chain([(0, n / 2)])
            .collect();
        (labels, edges)
    }

    #[test]
    fn the_builtin_layout_is_deterministic_and_without_overlaps() {
        let (labels, edges) = ring(60);
        let a = force_directed(&labels, &edges, SEED);
        let b = force_directed(&labels, &edges, SEED);
        assert_eq!(a, b);
        assert_eq!(overlaps(&a, &labels), 0);
        let c = force_directed(&labels, &edges, SEED + 1);
        assert_ne!(a, c);
    }

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones_on_average() {
        let (labels, edges) = ring(40);
        let p = force_directed(&labels, &edges, SEED);
        let dist =
            |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        let linked: f64 = (0..40).map(|i| dist(i, (i + 1) % 40)).sum::<f64>() / 40.0;
        let far: f64 = (0..40).map(|i| dist(i, (i + 20) % 40)).sum::<f64>() / 40.0;
        assert!(linked * 2.0 < far, "linked {linked:.1}, opposite {far:.1}");
    }

    #[test]
    fn reads_graphviz_plain_output() {
        let text = "graph 1 2 3\nnode n1 1 1 0.5 0.5 \"\" solid box black lightgrey\nnode n0 0.5 3 0.5 0.5 \"\" solid box black lightgrey\nedge n0 n1 2 0 0 1 1\nstop\n";
        let p = parse_plain(text, 2);
        assert_eq!(p, Some(vec![(36.0, 0.0), (72.0, 144.0)]));
        assert_eq!(parse_plain(text, 3), None);
    }

    #[test]
    fn graphviz_places_boxes_without_overlap_when_installed() {
        let (labels, edges) = ring(30);
        if let Some(p) = graphviz(&labels, &edges, Engine::Neato) {
            assert_eq!(overlaps(&p, &labels), 0);
        }
    }
}
