//! Turns the view flags every analysis command shares into a library
//! [`View`], and names view nodes for printing.

use std::collections::BTreeSet;

use egov_graph::model::{EdgeKind, Filter, Folding, Graph, Level, Node, PartialDate, View};
use egov_graph::Error;
use serde_json::{json, Value};

use super::args::{self, ViewArgs};

/// The filter the flags ask for (`--as-of` reads which spans of `g` had
/// ended by then).
pub fn filter(g: &Graph, a: &ViewArgs) -> Result<Filter, Error> {
    let kinds = |list: &[String]| -> Result<BTreeSet<EdgeKind>, Error> {
        list.iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.parse::<EdgeKind>().map_err(Error::Invalid))
            .collect()
    };
    let date = |s: &Option<String>, flag: &str| -> Result<Option<PartialDate>, Error> {
        s.as_deref()
            .map(|d| {
                d.parse::<PartialDate>()
                    .map_err(|e| Error::Invalid(format!("{flag}: {e}")))
            })
            .transpose()
    };
    let only = kinds(&a.kinds)?;
    let (since, until) = (date(&a.since, "--since")?, date(&a.until, "--until")?);
    if let (Some(s), Some(u)) = (since, until) {
        if s.first_day() > u.last_day() {
            return Err(Error::Invalid(format!(
                "--since {s} is after --until {u}: no date falls in that range; give --since a date on or before --until"
            )));
        }
    }
    let f = Filter {
        kinds: (!only.is_empty()).then_some(only),
        exclude: kinds(&a.exclude_kinds)?,
        since,
        until,
        context: !a.no_context,
        include_planned: a.include_planned,
        overseas: a.overseas_borders,
        ..Filter::default()
    };
    Ok(match date(&a.as_of, "--as-of")? {
        Some(d) => {
            undated_notice(g, &f, d);
            f.as_of_in(g, d)
        }
        None if f.context => f.current_in(g),
        None => f,
    })
}

/// Says on stderr how many ties `--as-of` keeps without a date to compare.
pub fn undated_notice(g: &Graph, f: &Filter, d: PartialDate) {
    let undated = g
        .edge_summaries()
        .filter(|e| e.date.is_none() && e.kind.is_cooperation() && f.keeps_summary(e))
        .count();
    if undated > 0 {
        eprintln!(
            "egov: --as-of {d}: {undated} undated tie{} kept (no date to compare)",
            if undated == 1 { "" } else { "s" }
        );
    }
}

/// The level the flags ask for.
pub fn level(a: &ViewArgs) -> Level {
    level_of(a.level)
}

/// The model's level for the flag's.
pub fn level_of(l: args::Level) -> Level {
    match l {
        args::Level::Country => Level::Country,
        args::Level::Org => Level::Org,
        args::Level::All => Level::All,
    }
}

/// Builds the view the flags ask for.
pub fn build(g: &Graph, a: &ViewArgs) -> Result<View, Error> {
    Ok(View::new(g, level(a), &filter(g, a)?))
}

/// The graph node behind view node `v`.
pub fn node<'g>(g: &'g Graph, view: &Folding, v: u32) -> Option<&'g Node> {
    view.node(v).and_then(|ix| g.node(ix))
}

/// The id of view node `v` (read without building the node's record).
pub fn id(g: &Graph, view: &Folding, v: u32) -> String {
    view.node(v)
        .and_then(|ix| g.node_id(ix))
        .unwrap_or_default()
        .to_string()
}

/// `Name (id)` of view node `v`.
pub fn label(g: &Graph, view: &Folding, v: u32) -> String {
    view.node(v)
        .and_then(|ix| Some(format!("{} ({})", g.node_name(ix)?, g.node_id(ix)?)))
        .unwrap_or_default()
}

/// `{"id", "name", "kind"}` of view node `v`.
pub fn node_ref_json(g: &Graph, view: &Folding, v: u32) -> Value {
    match node(g, view, v) {
        Some(n) => {
            let mut j = json!({"id": n.id.as_str(), "name": n.name, "kind": n.kind.as_str()});
            if let Some(r) = &n.region {
                j["region"] = json!(r);
            }
            j
        }
        None => Value::Null,
    }
}

/// Resolves what the user typed to a view node: the node itself, or the
/// view node it folds into (at the country level, `kr-moi` means `kr`).
pub fn resolve(g: &Graph, view: &Folding, query: &str) -> Result<u32, Error> {
    egov_graph::analysis::view_node(g, view, query)
}
