//! `egov import FILES…`: merges data files into the database as one
//! transaction (same id updates, a new id adds).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use egov_graph::model::{
    Diagnostic, Graph, Id, Input, InputEdge, InputNode, InputSource, Loc, Located, NodeKind,
};
use egov_graph::reference::{self, Layer};
use egov_graph::{io, store, Error};

use super::args::{Cli, ImportArgs};
use super::{write, Out, Outcome};

/// Reads every file, then merges them all or nothing.
pub fn run(cli: &Cli, a: &ImportArgs, out: &mut Out) -> Result<Outcome, Error> {
    // Refuse to write the built-in dataset before reading anything.
    let db = write::target(cli)?;
    let default_kind: NodeKind = a
        .default_kind
        .parse()
        .map_err(|e| Error::Invalid(format!("--default-kind: {e}")))?;
    let mut input = read(&a.files)?;
    let stored = store::open(db)?;
    // Nodes that edge lists name but neither the files nor the database
    // define are created, as `init` creates them.
    let known: HashSet<String> = stored
        .node_indices()
        .filter_map(|ix| stored.node_id(ix).map(str::to_string))
        .collect();
    let mut parts = vec![std::mem::take(&mut input)];
    let done = io::complete::complete(
        &mut parts,
        default_kind,
        &io::complete::Countries::builtin(),
        &known,
    );
    if let Some(line) = done.summary() {
        eprintln!("{line}");
    }
    input = parts.into_iter().collect();
    // The reference layer, as `init` lays it: over the imported records
    // together with the stored countries, organisations and context edges.
    if let Some(layer) = super::layer(cli)? {
        with_layer(&layer, &stored, &mut input);
    }
    write::run(cli, &a.write, out, |d| d.merge(input))
}

/// Lays `layer` over `input` as it will stand beside `stored`: fills the
/// imported countries' regions, and adds the layer's borders and
/// memberships that touch an imported node (with the layer's sources when
/// anything of them is used). What the layer says of stored records alone
/// is left as the database has it.
pub(super) fn with_layer(layer: &Layer, stored: &Graph, input: &mut Input) {
    let here: Arc<str> = Arc::from("<database>");
    let loc = Loc::new(&here, 0, 0);
    let imported: HashSet<Id> = input.nodes.iter().map(|n| n.node.id.clone()).collect();
    let data = stored.to_dataset();
    let mut base = Input::default();
    for s in data.sources {
        base.sources.push(InputSource {
            source: s,
            loc: loc.clone(),
        });
    }
    for (f, t, e) in data.edges {
        if !e.kind.is_context() {
            continue;
        }
        let (Some(a), Some(b)) = (data.nodes.get(f as usize), data.nodes.get(t as usize)) else {
            continue;
        };
        let at = |id: &Id| Located {
            value: id.clone(),
            loc: loc.clone(),
        };
        base.edges.push(InputEdge {
            from: at(&a.id),
            to: at(&b.id),
            edge: e,
            loc: loc.clone(),
            cite_locs: Vec::new(),
        });
    }
    for n in data.nodes {
        if matches!(n.kind, NodeKind::Country | NodeKind::Organization) && !imported.contains(&n.id)
        {
            base.nodes.push(InputNode {
                node: n,
                loc: loc.clone(),
                country_loc: None,
                cite_locs: Vec::new(),
            });
        }
    }
    let mut parts = vec![base, std::mem::take(input)];
    reference::apply_parts(layer, &mut parts, reference::Options::default());
    let (Some(mut extra), Some(mut mine)) = (parts.pop(), parts.pop()) else {
        return;
    };
    extra
        .edges
        .retain(|e| imported.contains(&e.from.value) || imported.contains(&e.to.value));
    extra
        .diagnostics
        .retain(|d| d.loc.as_ref().is_none_or(|l| l.file != here));
    let layer_sources: HashSet<Id> = extra.sources.iter().map(|s| s.source.id.clone()).collect();
    let cited = mine
        .nodes
        .iter()
        .flat_map(|n| &n.node.cite)
        .any(|c| layer_sources.contains(&c.source));
    if extra.edges.is_empty() && !cited {
        extra.sources.clear();
    }
    mine.sources.append(&mut extra.sources);
    mine.edges.append(&mut extra.edges);
    mine.diagnostics.append(&mut extra.diagnostics);
    *input = mine;
}

/// Reads the files one by one, so that a file holding no records at all
/// (empty, or only comments) is reported by name rather than ignored.
fn read(paths: &[PathBuf]) -> Result<Input, Error> {
    let mut input = Input::default();
    for path in paths {
        let files = io::data_files(path)?;
        if files.is_empty() {
            input.diagnostics.push(Diagnostic::error(
                Some(Loc::new(&Arc::from(path.display().to_string()), 0, 0)),
                "the folder holds no .toml, .csv, .json or .graphml files",
            ));
        }
        for file in files {
            let one = io::read_paths(std::slice::from_ref(&file))?;
            let empty = one.sources.is_empty() && one.nodes.is_empty() && one.edges.is_empty();
            if empty && one.diagnostics.is_empty() {
                input.diagnostics.push(Diagnostic::error(
                    Some(Loc::new(&Arc::from(file.display().to_string()), 0, 0)),
                    "the file holds no records ([[node]], [[edge]] or [[source]] tables, or CSV rows)",
                ));
            }
            input.extend(one);
        }
    }
    Ok(input)
}
