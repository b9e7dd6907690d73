//! `egov add node|edge|source`: one new record, as one transaction.

use egov_graph::model::{
    Citation, Edge, EdgeKind, Id, Input, InputNode, Node, NodeKind, PartialDate, Source,
};
use egov_graph::{store, Error};

use super::args::{AddEdgeArgs, AddNodeArgs, AddSourceArgs, AddWhat, Cli};
use super::{import, write, Out, Outcome};

/// Adds the record; the write is refused if the result is not valid.
pub fn run(cli: &Cli, what: &AddWhat, out: &mut Out) -> Result<Outcome, Error> {
    match what {
        AddWhat::Node(a) => {
            let mut node = node(a)?;
            // A country or organisation gets what the reference layer says
            // of it, as `import` gives it: region, borders, memberships.
            let mut layered = Input::default();
            if matches!(node.kind, NodeKind::Country | NodeKind::Organization) {
                if let Some(layer) = super::layer(cli)? {
                    let stored = store::open(write::target(cli)?)?;
                    layered.nodes.push(InputNode {
                        node: node.clone(),
                        loc: write::command_line(),
                        country_loc: None,
                        cite_locs: Vec::new(),
                    });
                    import::with_layer(&layer, &stored, &mut layered);
                    if let Some(first) = layered.nodes.pop() {
                        node = first.node;
                    }
                    layered.nodes.clear();
                }
            }
            write::run(cli, &a.write, out, |d| {
                if let Some(c) = a.country.as_deref().filter(|c| !c.trim().is_empty()) {
                    node.country = Some(d.resolve_node(c)?);
                }
                d.add_node(node, write::command_line())?;
                let empty = layered.edges.is_empty()
                    && layered.sources.is_empty()
                    && layered.diagnostics.is_empty();
                if empty {
                    Ok(())
                } else {
                    d.merge(layered)
                }
            })
        }
        AddWhat::Edge(a) => {
            let (mut edge, quotes) = edge(a)?;
            write::run(cli, &a.write, out, |d| {
                let from = d.resolve_node(&a.from)?;
                let to = d.resolve_node(&a.to)?;
                for (c, quote) in a.cite.iter().zip(quotes) {
                    edge.cite.push(Citation {
                        source: d.resolve_source(c)?,
                        quote,
                    });
                }
                d.add_edge(from, to, edge, write::command_line())
            })
        }
        AddWhat::Source(a) => {
            let source = source(a, &cli.collection)?;
            write::run(cli, &a.write, out, |d| {
                d.add_source(source, write::command_line())
            })
        }
    }
}

/// Parses an id argument, naming the argument in the error.
pub fn id(what: &str, text: &str) -> Result<Id, Error> {
    text.parse()
        .map_err(|e| Error::Invalid(format!("{what}: {e}")))
}

fn date(what: &str, text: &Option<String>) -> Result<Option<PartialDate>, Error> {
    text.as_deref()
        .map(|t| {
            t.parse()
                .map_err(|e| Error::Invalid(format!("{what}: {e}")))
        })
        .transpose()
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn node(a: &AddNodeArgs) -> Result<Node, Error> {
    let kind: NodeKind = a.kind.parse().map_err(Error::Invalid)?;
    if a.name.trim().is_empty() {
        return Err(Error::Invalid("--name cannot be empty".into()));
    }
    let mut n = Node::new(id("node id", &a.id)?, kind, a.name.trim());
    n.region = text(&a.region);
    n.aliases = a
        .aliases
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    n.note = text(&a.note);
    Ok(n)
}

/// The amount rule of the CSV reader: a finite, non-negative number of
/// dollars below 10^15.
fn amount(text: &str) -> Result<f64, Error> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..1e15).contains(&x) => Ok(x),
        Ok(x) if x < 0.0 => Err(Error::Invalid(format!(
            "--amount-usd: amount must be ≥ 0 (got {text})"
        ))),
        _ => Err(Error::Invalid(format!(
            "--amount-usd '{text}' is not a usable number of dollars (a number from 0 to 10^15)"
        ))),
    }
}

/// Each `--quote` belongs to the `--cite` before it on the command line:
/// the quote (or none) of every `--cite`, in order.
fn quotes_of_cites(a: &AddEdgeArgs, argv: &[String]) -> Result<Vec<Option<String>>, Error> {
    let mut out: Vec<Option<String>> = Vec::new();
    let mut quotes = a.quote.iter();
    let mut args = argv.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let is = |flag: &str| arg == flag || arg.starts_with(&format!("{flag}="));
        if is("--cite") {
            out.push(None);
        } else if is("--quote") {
            let q = quotes.next().cloned();
            match out.last_mut() {
                Some(slot @ None) => *slot = q,
                Some(Some(_)) => {
                    return Err(Error::Invalid(
                        "each --quote follows its own --cite (two quotes follow one --cite)".into(),
                    ))
                }
                None => return Err(Error::Invalid("--quote must follow a --cite".into())),
            }
        }
        if (arg == "--cite" || arg == "--quote") && args.next().is_none() {
            break;
        }
    }
    if out.len() != a.cite.len() {
        // Not the command line clap read (a test calling in): pair in order.
        let mut q = a.quote.iter().cloned();
        return Ok(a.cite.iter().map(|_| q.next()).collect());
    }
    Ok(out)
}

fn edge(a: &AddEdgeArgs) -> Result<(Edge, Vec<Option<String>>), Error> {
    let kind: EdgeKind = a.kind.parse().map_err(Error::Invalid)?;
    let mut e = Edge::new(kind);
    if let Some(i) = &a.id {
        e.id = Some(
            i.trim()
                .parse()
                .map_err(|e| Error::Invalid(format!("--id: {e}")))?,
        );
    }
    if let Some(s) = &a.status {
        e.status = s
            .parse()
            .map_err(|e| Error::Invalid(format!("--status: {e}")))?;
    }
    e.date = date("--date", &a.date)?;
    e.end_date = date("--end-date", &a.end_date)?;
    e.amount_usd = a.amount_usd.as_deref().map(amount).transpose()?;
    e.place = text(&a.place);
    e.what = text(&a.what);
    e.role = text(&a.role);
    e.region = text(&a.region);
    e.note = text(&a.note);
    e.derived = text(&a.derived);
    e.date_note = text(&a.date_note);
    e.topics = a
        .topics
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let argv: Vec<String> = std::env::args().collect();
    let quotes = quotes_of_cites(a, &argv)?
        .into_iter()
        .map(|q| text(&q))
        .collect();
    Ok((e, quotes))
}

/// The new source; `collection` is the global `--collection` (at most one).
fn source(a: &AddSourceArgs, collection: &[String]) -> Result<Source, Error> {
    if a.title.trim().is_empty() {
        return Err(Error::Invalid("--title cannot be empty".into()));
    }
    let collection = match collection {
        [] => None,
        [one] => text(&Some(one.clone())),
        _ => {
            return Err(Error::Invalid(
                "a source belongs to one collection: give --collection one name".into(),
            ))
        }
    };
    Ok(Source {
        id: id("source id", &a.id)?,
        title: a.title.trim().to_string(),
        publisher: text(&a.publisher),
        author: text(&a.author),
        date: date("--date", &a.date)?,
        file: None,
        url: text(&a.url),
        note: text(&a.note),
        collection,
    })
}
