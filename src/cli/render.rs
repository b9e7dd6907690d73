//! `egov render -o FILE`: the diagram of `egov export dot`, drawn to SVG,
//! PNG or PDF by Graphviz, or to SVG by the built-in renderer when
//! Graphviz is missing (or `--renderer builtin`). Says on stderr which
//! renderer drew it.

use egov_graph::io::dot::Dialect;
use egov_graph::model::Graph;
use egov_graph::render::{self, ImageFormat, Renderer, BUILTIN_NODE_LIMIT};
use egov_graph::{store, Error};

use super::args::{RenderArgs, RendererArg};
use super::{export, Outcome};

/// Draws the picture and writes it to `-o`.
pub fn run(g: &Graph, a: &RenderArgs) -> Result<Outcome, Error> {
    if super::map::is_html(&a.output) {
        return super::map::run(g, &a.diagram, Some(&a.output));
    }
    let format = ImageFormat::from_path(&a.output)?;
    let version = render::graphviz_version();
    let renderer = match (a.renderer, &version) {
        (Some(RendererArg::Graphviz), None) => {
            return Err(Error::Invalid(
                "--renderer graphviz: graphviz is not installed (no `dot` on the PATH); install it (e.g. `apt-get install graphviz`)".into(),
            ))
        }
        (Some(RendererArg::Graphviz), Some(_)) | (None, Some(_)) => Renderer::Graphviz,
        (Some(RendererArg::Builtin), _) | (None, None) => Renderer::Builtin,
    };
    if renderer == Renderer::Builtin && format != ImageFormat::Svg {
        let why = if version.is_none() {
            "graphviz is not installed (no `dot` on the PATH); install it (e.g. `apt-get install graphviz`), or write .svg"
        } else {
            "the built-in renderer writes SVG only; use --renderer graphviz or write .svg"
        };
        return Err(Error::Invalid(format!(
            "{}: {} needs graphviz: {why}",
            a.output.display(),
            format.as_str().to_uppercase()
        )));
    }
    let (dialect, limit) = match renderer {
        Renderer::Graphviz => (Dialect::Graphviz, None),
        Renderer::Builtin => (
            Dialect::Simple,
            Some((
                BUILTIN_NODE_LIMIT,
                "the built-in renderer's limit; install graphviz for larger diagrams",
            )),
        ),
    };
    let Some(d) = export::diagram(g, &a.diagram, dialect, limit)? else {
        return Ok(Outcome::Nothing);
    };
    let (bytes, by) = match renderer {
        Renderer::Graphviz => (
            render::graphviz(&d.dot, format)?,
            format!(
                "graphviz ({})",
                version.as_deref().unwrap_or("dot")
            ),
        ),
        Renderer::Builtin => (
            render::builtin_svg(&d.dot)?.into_bytes(),
            "the built-in renderer (layout-rs: no country boxes; install graphviz for a better layout)"
                .to_string(),
        ),
    };
    store::write_atomic(&a.output, &bytes)?;
    eprintln!("wrote {} ({} nodes) with {by}", a.output.display(), d.nodes);
    Ok(Outcome::Found)
}
