//! Rendering DOT text (from [`crate::io::dot`]) to pictures.
//!
//! Graphviz's `dot` program is the main renderer (SVG, PNG, PDF), run as a
//! child process when it is on the `PATH`. Without it, SVG can still be
//! drawn by the pure-Rust `layout-rs` crate, which handles small graphs
//! only: it draws no clusters and knows few shapes, so feed it DOT written
//! in [`Dialect::Simple`](crate::io::dot::Dialect::Simple). It panics on
//! some inputs (an empty graph among them): [`builtin_svg`] checks for an
//! empty graph first and turns any panic into an error.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::io::dot::PAGE_MIN_FONT;

/// A picture file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics.
    Svg,
    /// A bitmap.
    Png,
    /// A printable document.
    Pdf,
}

impl ImageFormat {
    /// The format a file name's extension names (`.svg`, `.png`, `.pdf`,
    /// in any case).
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            Some("pdf") => Ok(ImageFormat::Pdf),
            _ => Err(Error::Invalid(format!(
                "{}: cannot tell the picture format; name the file .svg, .png or .pdf",
                path.display()
            ))),
        }
    }

    /// The name Graphviz's `-T` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Pdf => "pdf",
        }
    }
}

/// Which program draws the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz `dot`, run as a child process.
    Graphviz,
    /// The pure-Rust `layout-rs` (SVG only, small graphs).
    Builtin,
}

/// The most nodes the built-in renderer is asked to lay out: it slows down
/// quickly beyond this (200 nodes and 400 edges take about 24 s).
pub const BUILTIN_NODE_LIMIT: usize = 120;

/// The Graphviz program's name on the `PATH`.
const DOT_PROGRAM: &str = "dot";

/// Graphviz's version line (`dot - graphviz version 2.43.0 (0)`), or
/// `None` when `dot` cannot be run.
pub fn graphviz_version() -> Option<String> {
    let out = Command::new(DOT_PROGRAM)
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().next().unwrap_or("dot").trim().to_string();
    Some(line)
}

/// Renders `dot` with Graphviz into `format`.
///
/// Errors: Graphviz is not installed, or it rejects the input (its own
/// message is included).
pub fn graphviz(dot: &str, format: ImageFormat) -> Result<Vec<u8>> {
    run_graphviz(dot, format.as_str())
}

/// Runs `dot -T{format}` on `dot`.
fn run_graphviz(dot: &str, format: &str) -> Result<Vec<u8>> {
    let mut child = Command::new(DOT_PROGRAM)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Invalid(
                    "graphviz is not installed (no `dot` on the PATH); install it (e.g. `apt-get install graphviz`) or use --renderer builtin for SVG".into(),
                )
            } else {
                Error::io(DOT_PROGRAM, e)
            }
        })?;
    // Write the input from another thread, so a large picture on stdout
    // cannot block us while we are still writing.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::Invalid("cannot write to graphviz".into()))?;
    let input = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut o) = child.stdout.take() {
        o.read_to_end(&mut stdout)
            .map_err(|e| Error::io(DOT_PROGRAM, e))?;
    }
    if let Some(mut e) = child.stderr.take() {
        e.read_to_end(&mut stderr)
            .map_err(|e| Error::io(DOT_PROGRAM, e))?;
    }
    let status = child.wait().map_err(|e| Error::io(DOT_PROGRAM, e))?;
    let written = writer
        .join()
        .map_err(|_| Error::Invalid("the thread writing to graphviz failed".into()))?;
    if !status.success() {
        let msg = String::from_utf8_lossy(&stderr);
        return Err(Error::Invalid(format!(
            "graphviz failed ({status}): {}",
            msg.trim()
        )));
    }
    written.map_err(|e| Error::io(DOT_PROGRAM, e))?;
    Ok(stdout)
}

/// A node as Graphviz placed it: centre, width and height, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Centre, x.
    pub x: f64,
    /// Centre, y.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Graphviz's layout of `dot` in its `plain` format: the scale the
/// picture is drawn at (below 1 when `size` shrinks it) and each node's
/// place, by DOT id.
///
/// Errors: as [`graphviz`].
pub fn graphviz_layout(dot: &str) -> Result<(f64, HashMap<String, Placed>)> {
    let bytes = run_graphviz(dot, "plain")?;
    let text = String::from_utf8_lossy(&bytes);
    let mut scale = 1.0;
    let mut at = HashMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["graph", s, ..] => scale = s.parse().unwrap_or(1.0),
            ["node", name, x, y, w, h, ..] => {
                let n = |s: &str| s.parse::<f64>().ok().map(|v| v * 72.0);
                if let (Some(x), Some(y), Some(width), Some(height)) = (n(x), n(y), n(w), n(h)) {
                    at.insert(
                        (*name).to_string(),
                        Placed {
                            x,
                            y,
                            width,
                            height,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    Ok((scale, at))
}

/// Moves nodes placed in a larger picture closer together, all by one
/// factor, as far as they go without two boxes coming nearer than `gap`
/// points: the arrangement (who is left of whom, and how far relative to
/// the rest) stays that of the larger picture, and the part fills its
/// page with larger text. Returns the factor (1 for fewer than two nodes).
///
/// Complexity: O(V²).
///
/// ```
/// use egov_graph::render::{pack, Placed};
/// let box_at = |x| Placed { x, y: 0.0, width: 10.0, height: 10.0 };
/// let mut nodes = vec![box_at(0.0), box_at(100.0)];
/// assert_eq!(pack(&mut nodes, 10.0), 0.2);
/// assert_eq!(nodes[1].x, 20.0);
/// ```
pub fn pack(nodes: &mut [Placed], gap: f64) -> f64 {
    let mut c: f64 = 0.0;
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let (dx, dy) = ((a.x - b.x).abs(), (a.y - b.y).abs());
            let need_x = ((a.width + b.width) / 2.0 + gap) / dx;
            let need_y = ((a.height + b.height) / 2.0 + gap) / dy;
            // Apart along either axis is enough; both NaN/inf when the
            // two share a centre, which no factor can separate.
            let need = need_x.min(need_y);
            if need.is_finite() {
                c = c.max(need);
            }
        }
    }
    if nodes.len() < 2 || c <= 0.0 {
        return 1.0;
    }
    for n in nodes.iter_mut() {
        n.x *= c;
        n.y *= c;
    }
    c
}

/// Makes a picture meant for a page (its DOT sets `size`) keep its text
/// at [`PAGE_MIN_FONT`] points once Graphviz scales it to the page.
/// `make(spread, stretch)` writes the DOT with the space between nodes
/// multiplied by `spread` and their horizontal distances by `stretch`.
/// First the stretch that lets the page scale the drawing least is chosen
/// among a few (a wide layout for a landscape page with a legend and
/// caption below); then, while the drawing is still larger than the page
/// (scaled down by `s < 1`), the spacing shrinks by `s` (not below a
/// fifth). Returns the DOT and the smallest font in points as drawn.
///
/// Errors: as [`graphviz`].
pub fn fit_page(mut make: impl FnMut(f64, f64) -> Result<String>) -> Result<(String, f64)> {
    let mut spread = 1.0;
    // The stretch at which the page's scale is largest, of a few tried.
    let mut stretch = 1.0;
    let mut top = 0.0;
    for s in [0.5, 0.7, 1.0, 1.4, 2.0, 2.8] {
        let (scale, _) = graphviz_layout(&make(spread, s)?)?;
        if scale > top + 1e-3 {
            top = scale;
            stretch = s;
        }
    }
    let mut best: Option<(String, f64)> = None;
    for _ in 0..6 {
        let dot = make(spread, stretch)?;
        let (scale, _) = graphviz_layout(&dot)?;
        let smallest = PAGE_MIN_FONT * scale.min(1.0);
        let better = best.as_ref().is_none_or(|(_, b)| smallest > *b);
        if better {
            best = Some((dot, smallest));
        }
        if smallest >= PAGE_MIN_FONT - 0.05 || spread <= 0.2 {
            break;
        }
        spread = (spread * scale * 0.97).max(0.2);
    }
    best.ok_or_else(|| Error::Invalid("cannot fit the picture to the page".into()))
}

/// Renders `dot` to SVG with the pure-Rust `layout-rs`.
///
/// Errors: the input does not parse, holds no node, or makes `layout-rs`
/// panic (the panic is caught and reported; nothing is printed).
pub fn builtin_svg(dot: &str) -> Result<String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    let mut parser = DotParser::new(dot);
    let ast = parser
        .process()
        .map_err(|e| Error::Invalid(format!("the built-in renderer cannot read this DOT: {e}")))?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&ast);
    let mut vg = builder.get();
    if vg.num_nodes() == 0 {
        return Err(Error::Invalid(
            "nothing to draw: the graph has no node".into(),
        ));
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        svg.finalize()
    }));
    std::panic::set_hook(hook);
    result.map_err(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown reason".into());
        Error::Invalid(format!(
            "the built-in renderer failed ({why}); install graphviz or draw a smaller part"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/B.SVG")).ok(),
            Some(ImageFormat::Svg)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("x.png")).ok(),
            Some(ImageFormat::Png)
        );
        let e = ImageFormat::from_path(Path::new("x.gif"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains(".svg, .png or .pdf"), "{e}");
    }

    #[test]
    fn builtin_draws_a_small_graph() {
        let svg = builtin_svg("digraph { a [label=\"Kazakhstan\"]; a -> b [label=\"2017\"]; }")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.contains("<svg"));
        assert!(svg.contains("Kazakhstan"));
    }

    #[test]
    fn builtin_refuses_an_empty_graph_without_panicking() {
        let e = builtin_svg("digraph { }").err().map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("no node"));
        let e = builtin_svg("digraph { a -> }").err().map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("cannot read"));
    }
}
