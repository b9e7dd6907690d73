//! Rendering DOT text (from [`crate::io::dot`]) to pictures.
//!
//! Graphviz's `dot` program is the main renderer (SVG, PNG, PDF), run as a
//! child process when it is on the `PATH`. Without it, SVG can still be
//! drawn by the pure-Rust `layout-rs` crate, which handles small graphs
//! only: it draws no clusters and knows few shapes, so feed it DOT written
//! in [`Dialect::Simple`](crate::io::dot::Dialect::Simple). It panics on
//! some inputs (an empty graph among them): [`builtin_svg`] checks for an
//! empty graph first and turns any panic into an error.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

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
    let mut child = Command::new(DOT_PROGRAM)
        .arg(format!("-T{}", format.as_str()))
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
