//! `egov spreaders --from S [--region R]`: the cooperation partners that
//! carry S's model into their region, with the stated hub designations
//! beside the score, and the brokers outside each region apart.

use egov_graph::analysis::{Layer, LayerWeights, Link, RegionSpreaders, Spreader, Spreading};
use egov_graph::model::{tie_strength, EdgeKind, Graph, Level, Region, RegionKind};
use egov_graph::Error;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde_json::{json, Value};

use super::args::{self, Format, SpreaderSort, SpreadersArgs};
use super::output::{citation_json, citation_line, edge_json};
use super::{view, Out, Outcome};

/// The width a table must fit in (`COLUMNS`, else 100).
fn table_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(100)
}

/// `s` cut to at most `max` characters, ending in "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let mut out: String = s.chars().take(keep).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Shortens column `col` of `rows` so that the Markdown table fits in
/// `width` characters (each column takes its width plus three).
fn fit(header: &[&str], rows: &mut [Vec<String>], col: usize, width: usize) {
    let w = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
            .chain([header.get(i).map_or(0, |h| h.chars().count())])
            .max()
            .unwrap_or(0)
    };
    let others: usize = (0..header.len())
        .filter(|&i| i != col)
        .map(|i| w(i) + 3)
        .sum();
    let room = width
        .saturating_sub(others + 4)
        .max(header.get(col).map_or(0, |h| h.chars().count()))
        .max(12);
    for r in rows.iter_mut() {
        if let Some(c) = r.get_mut(col) {
            *c = shorten(c, room);
        }
    }
}

/// How a source states a spreader as a hub for its row's region.
fn stated(g: &Graph, s: &Spreader) -> &'static str {
    if s.designations.is_empty() {
        "no"
    } else if s
        .designations
        .iter()
        .filter_map(|&e| g.edge(e))
        .all(|e| e.edge.derived.is_some())
    {
        "derived"
    } else {
        "yes"
    }
}

/// Orders each region's spreaders as `--sort evidence` does: stated
/// designations first, then derived ones, then the rest, by score within
/// each (a stable sort of the score order).
pub fn sort_by_evidence(g: &Graph, r: &mut RegionSpreaders) {
    r.spreaders
        .sort_by_key(|s| std::cmp::Reverse(evidence_rank(g, s)));
}

/// How the stated-hub column reads: `yes`, `derived` or `no`.
pub fn hub_words(g: &Graph, s: &Spreader) -> &'static str {
    stated(g, s)
}

/// 2 for a stated designation, 1 for a derived one, 0 for none.
fn evidence_rank(g: &Graph, s: &Spreader) -> u8 {
    match stated(g, s) {
        "yes" => 2,
        "derived" => 1,
        _ => 0,
    }
}

/// The regions a designation names other than this one.
fn other_regions(g: &Graph, edges: &[EdgeIndex]) -> Vec<String> {
    let mut v: Vec<String> = edges
        .iter()
        .filter_map(|&e| g.edge(e))
        .filter_map(|e| e.edge.region.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The first quote of a list of designation edges, with its file.
fn first_quote(g: &Graph, edges: &[EdgeIndex]) -> Option<String> {
    edges
        .iter()
        .filter_map(|&e| g.edge(e))
        .flat_map(|e| e.edge.cite.first().map(|c| citation_line(g, c)))
        .next()
}

/// Every citation of a list of edges, as JSON.
fn cites_json(g: &Graph, edges: &[EdgeIndex]) -> Vec<Value> {
    edges
        .iter()
        .filter_map(|&e| g.edge(e))
        .flat_map(|e| {
            e.edge
                .cite
                .iter()
                .map(|c| citation_json(g, c))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn id(g: &Graph, n: NodeIndex) -> String {
    g.node_id(n).unwrap_or_default().to_string()
}

fn name(g: &Graph, n: NodeIndex) -> String {
    g.node_name(n).unwrap_or_default().to_string()
}

fn label(g: &Graph, n: NodeIndex) -> String {
    format!("{} ({})", name(g, n), id(g, n))
}

/// How a link runs: the cooperation kinds, `border`, or the organisations.
fn how(g: &Graph, l: &Link) -> String {
    match l.layer {
        Layer::Cooperation => {
            let mut kinds: Vec<&str> = l
                .edges
                .iter()
                .filter_map(|&e| g.edge_kind(e))
                .map(|k| k.as_str())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            kinds.join("+")
        }
        Layer::Context if l.organizations.is_empty() => "border".to_string(),
        Layer::Context => l
            .organizations
            .iter()
            .map(|&o| id(g, o))
            .collect::<Vec<_>>()
            .join("+"),
    }
}

/// `kg (border), tj (cis)`.
fn links_text(g: &Graph, links: &[Link]) -> String {
    links
        .iter()
        .map(|l| format!("{} ({})", id(g, l.node), how(g, l)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn link_json(g: &Graph, l: &Link) -> Value {
    json!({
        "id": id(g, l.node),
        "name": name(g, l.node),
        "layer": l.layer.name(),
        "via": how(g, l),
    })
}

/// Ranks and prints the spreaders.
pub fn run(g: &Graph, a: &SpreadersArgs, format: Format, out: &mut Out) -> Result<Outcome, Error> {
    if a.view.level != args::Level::Country {
        return Err(Error::Invalid(
            "spreaders works at the country level only (a body's ties count for its country); leave out --level".into(),
        ));
    }
    for (flag, w) in [
        ("--cooperation-weight", a.cooperation_weight),
        ("--context-weight", a.context_weight),
    ] {
        if !(0.0..=1.0).contains(&w) {
            return Err(Error::Invalid(format!(
                "{flag} must be between 0 and 1, not {w}"
            )));
        }
    }
    let weights = LayerWeights {
        cooperation: a.cooperation_weight,
        context: a.context_weight,
    };
    let filter = view::filter(g, &a.view)?;
    let v = egov_graph::model::View::new(g, Level::Country, &filter);
    let source = g.resolve(&a.from)?;
    let sp = Spreading::new(g, &v, &filter, source, weights)
        .ok_or_else(|| Error::Invalid(format!("'{}' is not part of this view", a.from)))?;
    let source = v.fold(source).and_then(|s| v.node(s)).unwrap_or(source);
    let (regions, top): (Vec<Region>, usize) = match &a.region {
        Some(r) => (vec![g.region(r)?], a.top.unwrap_or(5)),
        None => (g.regions(), a.top.unwrap_or(3)),
    };
    let mut reports: Vec<RegionSpreaders> = regions
        .iter()
        .map(|r| sp.region(r))
        .filter(|r| a.region.is_some() || a.all_regions || !r.spreaders.is_empty())
        .collect();
    // Regions by their best score, those without a partner last.
    let best = |r: &RegionSpreaders| r.spreaders.first().map(|s| s.score);
    reports.sort_by(|x, y| match (best(x), best(y)) {
        (Some(bx), Some(by)) => by
            .total_cmp(&bx)
            .then_with(|| x.region.name.cmp(&y.region.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => x.region.name.cmp(&y.region.name),
    });
    for r in &mut reports {
        if a.sort == SpreaderSort::Evidence {
            sort_by_evidence(g, r);
        }
        r.spreaders.truncate(top);
    }
    // Brokers are listed up to --top too (a world-scale source has
    // thousands); the table and JSON say how many there are.
    let brokers: Vec<usize> = reports.iter().map(|r| r.brokers.len()).collect();
    for r in &mut reports {
        r.brokers.truncate(top);
    }
    let source_id = id(g, source);
    match format {
        Format::Json => out.json(&to_json(g, &source_id, &reports, &brokers, weights, a.sort)),
        Format::Csv => csv(g, &source_id, &reports, out),
        Format::Table => table(g, source, &reports, &brokers, weights, a, out),
    }
    let any = reports.iter().any(|r| !r.spreaders.is_empty());
    if !any {
        let into = a
            .region
            .as_deref()
            .map_or("any region".to_string(), |r| format!("region '{r}'"));
        eprintln!("egov: {source_id} has no cooperation partner in {into} (see the brokers, or --all-regions)");
        if let Some(hint) = uncounted_ties(g, source) {
            eprintln!("  {hint}");
        }
    }
    Ok(if any {
        Outcome::Found
    } else {
        Outcome::Nothing
    })
}

/// Why a source's own ties make no partner, when some of them are not
/// counted: they are of no cooperation kind (an edge list's `tie`), or
/// they cite no source. `None` when every tie it has is a counted one.
fn uncounted_ties(g: &Graph, source: NodeIndex) -> Option<String> {
    let mine = |ix: NodeIndex| ix == source || g.country_of(ix) == Some(source);
    let (mut other_kind, mut uncited) = (0usize, 0usize);
    for e in g.edges() {
        if !(mine(e.from) || mine(e.to)) || e.edge.kind.is_context() || e.edge.is_planned() {
            continue;
        }
        if e.edge.kind == EdgeKind::Tie {
            other_kind += 1;
        } else if e.edge.kind.is_cooperation() && e.edge.cite.is_empty() {
            uncited += 1;
        }
    }
    if other_kind + uncited == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if other_kind > 0 {
        parts.push(format!(
            "{other_kind} of its ties have no cooperation kind ('tie')"
        ));
    }
    if uncited > 0 {
        parts.push(format!("{uncited} cite no source"));
    }
    Some(format!(
        "a partner needs a cited, realised tie of a cooperation kind (mou, loi, forum, seminar, conference, project, export, visit): {}",
        parts.join(" and ")
    ))
}

fn sort_name(s: SpreaderSort) -> &'static str {
    match s {
        SpreaderSort::Evidence => "evidence",
        SpreaderSort::Score => "score",
    }
}

fn to_json(
    g: &Graph,
    source_id: &str,
    reports: &[RegionSpreaders],
    brokers: &[usize],
    weights: LayerWeights,
    sort: SpreaderSort,
) -> Value {
    let edges_json = |edges: &[EdgeIndex]| -> Vec<Value> {
        edges
            .iter()
            .filter_map(|&e| g.edge(e))
            .map(|e| edge_json(g, &e))
            .collect()
    };
    let regions: Vec<Value> = reports
        .iter()
        .zip(brokers)
        .map(|(r, &brokers_total)| {
            json!({
                "brokers_total": brokers_total,
                "region": r.region.name,
                "kind": match r.region.kind { RegionKind::SubRegion => "m49", RegionKind::Membership => "membership" },
                "organization": r.region.organization.map(|o| id(g, o)),
                "targets": r.targets,
                "spreaders": r.spreaders.iter().map(|s| json!({
                    "id": id(g, s.node),
                    "name": name(g, s.node),
                    "score": s.score,
                    "tie_strength": s.tie_strength,
                    "coverage": s.coverage,
                    "reach": s.reach,
                    "context_share": s.context_share,
                    "designated_hub": !s.designations.is_empty(),
                    "designation_derived": !s.designations.is_empty() && stated(g, s) == "derived",
                    "hub_for_other_region": other_regions(g, &s.other_designations),
                    "citations": cites_json(g, &s.designations),
                    "reached": s.links.iter().map(|l| link_json(g, l)).collect::<Vec<_>>(),
                    "ties": edges_json(&s.ties),
                })).collect::<Vec<_>>(),
                "brokers": r.brokers.iter().map(|b| json!({
                    "id": id(g, b.node),
                    "name": name(g, b.node),
                    "role": b.role.name(),
                    "tie_strength": b.tie_strength,
                    "links": b.links.iter().map(|l| link_json(g, l)).collect::<Vec<_>>(),
                    "designated_hub_for": other_regions(g, &b.designations),
                    "citations": cites_json(g, &b.designations),
                    "ties": edges_json(&b.ties),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "source": source_id,
        "sort": sort_name(sort),
        "weights": {"cooperation": weights.cooperation, "context": weights.context},
        "regions": regions,
    })
}

fn csv(g: &Graph, source_id: &str, reports: &[RegionSpreaders], out: &mut Out) {
    let header = [
        "source",
        "region",
        "row",
        "rank",
        "id",
        "name",
        "score",
        "tie_strength",
        "coverage",
        "reach",
        "context_share",
        "stated_hub",
        "role",
        "links",
        "quote",
    ];
    let mut rows = Vec::new();
    for r in reports {
        if r.spreaders.is_empty() {
            let mut row = vec![String::new(); header.len()];
            row[0] = source_id.to_string();
            row[1] = r.region.name.clone();
            row[2] = "no partner in region".into();
            rows.push(row);
        }
        for (i, s) in r.spreaders.iter().enumerate() {
            rows.push(vec![
                source_id.to_string(),
                r.region.name.clone(),
                "spreader".into(),
                (i + 1).to_string(),
                id(g, s.node),
                name(g, s.node),
                s.score.to_string(),
                s.tie_strength.to_string(),
                s.coverage.to_string(),
                s.reach.to_string(),
                s.context_share.to_string(),
                stated(g, s).to_string(),
                String::new(),
                links_text(g, &s.links),
                first_quote(g, &s.designations).unwrap_or_default(),
            ]);
        }
        for b in &r.brokers {
            rows.push(vec![
                source_id.to_string(),
                r.region.name.clone(),
                "broker".into(),
                String::new(),
                id(g, b.node),
                name(g, b.node),
                String::new(),
                b.tie_strength.to_string(),
                String::new(),
                b.links.len().to_string(),
                String::new(),
                String::new(),
                b.role.name().to_string(),
                links_text(g, &b.links),
                first_quote(g, &b.designations).unwrap_or_default(),
            ]);
        }
    }
    out.table(Format::Csv, &header, rows);
}

#[allow(clippy::too_many_arguments)]
fn table(
    g: &Graph,
    source: NodeIndex,
    reports: &[RegionSpreaders],
    brokers: &[usize],
    weights: LayerWeights,
    a: &SpreadersArgs,
    out: &mut Out,
) {
    let width = table_width();
    let sid = id(g, source);
    out.line(format!(
        "Spreaders from {}: its cooperation partners inside each region",
        label(g, source)
    ));
    out.line(format!(
        "score = tie x coverage; hop weights: cooperation {}, context (border, membership) {}",
        weights.cooperation, weights.context
    ));
    out.line(match a.sort {
        SpreaderSort::Evidence => "order: stated hubs first, then score",
        SpreaderSort::Score => "order: score",
    });
    for (r, &total) in reports.iter().zip(brokers) {
        out.line("");
        let partners = r.spreaders.len();
        out.line(format!(
            "{} ({} member{} to reach){}",
            r.region.name,
            r.targets,
            if r.targets == 1 { "" } else { "s" },
            if partners == 0 {
                ": no partner in region"
            } else {
                ""
            }
        ));
        if partners > 0 {
            let header = [
                "#",
                "spreader",
                "score",
                "tie",
                "reach",
                "ctx",
                "stated hub",
                "quote",
            ];
            let mut rows: Vec<Vec<String>> = r
                .spreaders
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let quote = match first_quote(g, &s.designations) {
                        Some(q) => q,
                        None => {
                            let other = other_regions(g, &s.other_designations);
                            if other.is_empty() {
                                String::new()
                            } else {
                                format!("(named for {})", other.join(", "))
                            }
                        }
                    };
                    vec![
                        (i + 1).to_string(),
                        label(g, s.node),
                        format!("{:.3}", s.score),
                        format!("{:.2}", s.tie_strength),
                        format!("{}/{}", s.reach, r.targets.saturating_sub(1)),
                        format!("{:.0}%", s.context_share * 100.0),
                        stated(g, s).to_string(),
                        quote,
                    ]
                })
                .collect();
            fit(&header, &mut rows, 7, width);
            out.table(Format::Table, &header, rows);
        }
        if !r.brokers.is_empty() {
            let shown = if total > r.brokers.len() {
                format!("; {} of {total} shown", r.brokers.len())
            } else {
                String::new()
            };
            out.line(format!(
                "brokers (not ranked{shown}): outside the region, linking {sid} to members it has no tie with"
            ));
            let header = ["broker", "role", "tie", "links to"];
            let mut rows: Vec<Vec<String>> = r
                .brokers
                .iter()
                .map(|b| {
                    vec![
                        label(g, b.node),
                        b.role.name().to_string(),
                        format!("{:.2}", b.tie_strength),
                        links_text(g, &b.links),
                    ]
                })
                .collect();
            fit(&header, &mut rows, 3, width);
            out.table(Format::Table, &header, rows);
        }
        if a.explain {
            explain(g, &sid, r, weights, out);
        }
    }
}

/// How each score of a region is made, with every quote whole.
fn explain(g: &Graph, sid: &str, r: &RegionSpreaders, w: LayerWeights, out: &mut Out) {
    let n = r.targets;
    let latest = g.latest_year().unwrap_or(2000);
    for s in &r.spreaders {
        let coop = s
            .links
            .iter()
            .filter(|l| l.layer == Layer::Cooperation)
            .count();
        let ctx = s.links.len() - coop;
        out.line(format!(
            "{}: score {:.3} = tie {:.3} x coverage {:.3}",
            label(g, s.node),
            s.score,
            s.tie_strength,
            s.coverage
        ));
        out.line(format!(
            "  coverage = {c} x (1 + {coop} x {c} + {ctx} x {k}) / {n} members; context share {:.0}%",
            s.context_share * 100.0,
            c = w.cooperation,
            k = w.context,
        ));
        out.line(format!("  ties with {sid} (strength each):"));
        for e in s.ties.iter().filter_map(|&e| g.edge(e)) {
            out.line(format!(
                "    {} {} {:.3}{}",
                e.edge
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into()),
                e.edge.kind,
                tie_strength(e.edge, latest),
                if e.edge.is_planned() {
                    " (planned)"
                } else {
                    ""
                }
            ));
            for c in &e.edge.cite {
                out.line(format!("      {}", citation_line(g, c)));
            }
        }
        if s.links.is_empty() {
            out.line(format!("  reaches no other member of {}", r.region.name));
        } else {
            out.line_wrap(format!("  reaches: {}", links_text(g, &s.links)));
        }
        for e in s.designations.iter().filter_map(|&e| g.edge(e)) {
            let derived = if e.edge.derived.is_some() {
                " (derived)"
            } else {
                ""
            };
            out.line(format!("  stated hub{derived}:"));
            for c in &e.edge.cite {
                out.line(format!("    {}", citation_line(g, c)));
            }
        }
    }
    for b in &r.brokers {
        out.line_wrap(format!(
            "{} (broker, {}): tie {:.3}; links {sid} to {}",
            label(g, b.node),
            b.role.name(),
            b.tie_strength,
            links_text(g, &b.links)
        ));
        for e in b.designations.iter().filter_map(|&e| g.edge(e)) {
            out.line(format!(
                "  named as a hub for {}:",
                e.edge.region.as_deref().unwrap_or("a region")
            ));
            for c in &e.edge.cite {
                out.line(format!("    {}", citation_line(g, c)));
            }
        }
    }
}
