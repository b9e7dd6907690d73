//! The curated dataset: it validates strictly and holds the facts the
//! articles report, each citing the right article.

use std::collections::HashMap;

use egov_graph::model::{EdgeKind, EdgeView, Graph, NodeKind};
use egov_graph::{builtin, io, validate};

use crate::util::{root, skip};

fn graph() -> Graph {
    builtin::graph().unwrap_or_else(|e| panic!("built-in data: {e}"))
}

/// The edges of `kind` between nodes `a` and `b` (either direction).
fn edges<'g>(g: &'g Graph, kind: &str, a: &str, b: &str) -> Vec<EdgeView<'g>> {
    let kind: EdgeKind = kind.parse().unwrap();
    let (ia, ib) = (
        g.index_of(a).unwrap_or_else(|| panic!("no node {a}")),
        g.index_of(b).unwrap_or_else(|| panic!("no node {b}")),
    );
    g.edges()
        .filter(|e| {
            e.edge.kind == kind && ((e.from == ia && e.to == ib) || (e.from == ib && e.to == ia))
        })
        .collect()
}

/// The one edge of `kind` between `a` and `b`.
#[track_caller]
fn edge<'g>(g: &'g Graph, kind: &str, a: &str, b: &str) -> EdgeView<'g> {
    let found = edges(g, kind, a, b);
    assert_eq!(found.len(), 1, "{kind} {a}-{b}: {} edges", found.len());
    found[0]
}

/// The seed file the edge's first citation names.
fn cited_file(g: &Graph, e: &EdgeView<'_>) -> String {
    let c = e
        .edge
        .cite
        .first()
        .unwrap_or_else(|| panic!("edge has no citation"));
    g.source(c.source.as_str())
        .and_then(|s| s.file.clone())
        .unwrap_or_default()
}

fn date(e: &EdgeView<'_>) -> String {
    e.edge.date.map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn curated_graphs_validate_strictly() {
    let input = io::read_paths(&[root().join("graphs")]).unwrap();
    let checked = validate(input, true);
    let msgs: Vec<String> = checked.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(checked.graph.is_some(), "{msgs:#?}");
    assert!(msgs.is_empty(), "{msgs:#?}");
}

#[test]
fn holds_every_actor_the_articles_name() {
    let g = graph();
    for c in ["kr", "kz", "uz", "by", "fr", "rs", "af"] {
        assert_eq!(
            g.node_by_id(c).map(|n| n.kind),
            Some(NodeKind::Country),
            "{c}"
        );
    }
    for name in [
        "Ministry of the Interior",
        "Korea Local Information Research & Development Institute",
        "National Computing and Information Service",
        "National Information Society Agency",
        "Ministry of Personnel Management",
        "African Development Bank",
        "Kim Seong-lyul",
        "Hong Yun-sik",
        "Nazarbayev",
        "Dauren Abayev",
        "Asset Issekeshev",
        "Sergei Popkov",
        "Xavier Albouy",
        "Kori Udovicki",
        "Chung Yoon Kee",
        "Chong Jong-sup",
    ] {
        assert!(g.resolve(name).is_ok(), "{name} does not resolve");
    }
    assert_eq!(g.resolve("MOI").ok(), g.index_of("kr-moi"));
}

#[test]
fn spot_checks_twenty_cited_facts() {
    let g = graph();
    let kit = "000_35ee46d836dcd45f.txt";
    let bk = "001_4a27f8a6667c9cd1.txt";
    let by = "002_120bb99faf7ea97a.txt";
    let fr = "003_32d09dc165e1953d.txt";
    let rs = "004_83c9cdb010e3f940.txt";

    // 1. The Korea-Kazakhstan MOU, "last November" in a 2017-04-30 article.
    let e = edge(&g, "mou", "kr-moi", "kz-mic");
    assert_eq!(
        (date(&e), cited_file(&g, &e)),
        ("2016-11".into(), kit.into())
    );
    assert!(
        e.edge.date_note.as_deref().unwrap_or("").contains("last"),
        "date resolution is explained"
    );
    // 2. The forum in Astana on 25 April 2017.
    let e = edge(&g, "forum", "kr-moi", "kz");
    assert_eq!(
        (
            date(&e),
            e.edge.place.as_deref().map(|p| p.contains("Astana"))
        ),
        ("2017-04-25".into(), Some(true))
    );
    // 3. Exports to Uzbekistan: $133.54M.
    let e = edge(&g, "export", "kr-moi", "uz");
    assert_eq!(
        (e.edge.amount_usd, cited_file(&g, &e)),
        (Some(133_540_000.0), kit.into())
    );
    // 4. Exports to Kazakhstan: $8.71M.
    let e = edge(&g, "export", "kr", "kz");
    assert_eq!(e.edge.amount_usd, Some(8_710_000.0));
    // 5. "9 percent of the total exports to CIS countries": a share on the
    // export to Kazakhstan, not a computed export to the organisation
    // (graphs/CHANGES.md).
    assert!(edges(&g, "export", "kr", "cis").is_empty());
    let e = edge(&g, "export", "kr", "kz");
    assert_eq!(
        e.edge.attrs.get("share_of_cis_exports").map(String::as_str),
        Some("9 percent")
    );
    // 6. Hub designation of Kazakhstan for Central Asia.
    let e = edge(&g, "hub_designation", "kr-moi", "kz");
    assert_eq!(
        (e.edge.region.as_deref(), cited_file(&g, &e)),
        (Some("Central Asia"), kit.into())
    );
    // 7-8. Belarus and Serbia as hubs.
    let e = edge(&g, "hub_designation", "kr-moi", "by");
    assert_eq!(cited_file(&g, &e), by);
    assert_eq!(
        edge(&g, "hub_designation", "kr-moi", "rs").edge.region,
        e.edge.region
    );
    // 9. Uzbekistan as a hub only by inference.
    assert!(edge(&g, "hub_designation", "kr-moi", "uz")
        .edge
        .derived
        .is_some());
    // 10. Korea-Belarus MOU in Minsk, 26 April 2017.
    let e = edge(&g, "mou", "kr-moi", "by-mci");
    assert_eq!(
        (date(&e), cited_file(&g, &e)),
        ("2017-04-26".into(), by.into())
    );
    // 11. The Korea-Belarus forum on the same day.
    assert_eq!(date(&edge(&g, "forum", "kr-moi", "by-mci")), "2017-04-26");
    // 12. The Korea-Serbia MOU in Seoul, 16 March 2016.
    let e = edge(&g, "mou", "kr-moi", "rs");
    assert_eq!(
        (date(&e), cited_file(&g, &e)),
        ("2016-03-16".into(), rs.into())
    );
    // 13. The Korea-France LOI in 2016 and 14. the joint seminar of 21 March 2017.
    let e = edge(&g, "loi", "kr-moi", "fr-mgrs");
    assert_eq!((date(&e), cited_file(&g, &e)), ("2016".into(), fr.into()));
    assert_eq!(
        date(&edge(&g, "seminar", "kr-moi", "fr-mgrs")),
        "2017-03-21"
    );
    // 15. The e-ID card project in Afghanistan in 2012.
    let e = edge(&g, "project", "kr", "af");
    assert_eq!((date(&e), cited_file(&g, &e)), ("2012".into(), bk.into()));
    // 16. KLID's feasibility study for Uzbekistan.
    assert_eq!(cited_file(&g, &edge(&g, "project", "kr-klid", "uz")), bk);
    // 17. The MOU of MOSPA with Kazakhstan's investment ministry, year inferred.
    let e = edge(&g, "mou", "kr-mospa", "kz-mid");
    assert!(e.edge.derived.is_some() && date(&e).starts_with("2014-10-07"));
    // 18. The Seoul conference funded by the African Development Bank.
    assert_eq!(
        cited_file(&g, &edge(&g, "conference", "kr-mospa", "afdb")),
        bk
    );
    // 19. Nazarbayev's state visit to Seoul.
    assert_eq!(date(&edge(&g, "visit", "nazarbayev", "kr")), "2016-11");
    // 20. The vice minister's role.
    let e = edge(&g, "affiliation", "kim-seong-lyul", "kr-moi");
    assert!(
        e.edge.role.as_deref().unwrap_or("").contains("Vice"),
        "{:?}",
        e.edge.role
    );
    // 21-22. Context: Kazakhstan in the CIS, Uzbekistan borders Kazakhstan.
    assert_eq!(edges(&g, "member_of", "kz", "cis").len(), 1);
    assert_eq!(edges(&g, "borders", "kz", "uz").len(), 1);
}

#[test]
fn every_cooperation_edge_cites_a_source_and_context_cites_a_reference() {
    let g = graph();
    for e in g.edges() {
        assert!(
            !e.edge.cite.is_empty(),
            "{:?} edge without citation",
            e.edge.kind
        );
    }
    for (_, n) in g.nodes().filter(|(_, n)| n.kind == NodeKind::Country) {
        assert!(
            n.region.is_some() && !n.cite.is_empty(),
            "{} has a cited region",
            n.id
        );
    }
}

/// Every quote from a seed article is copied exactly from it. The articles
/// live in `../shared/seeds/` beside the repository; without them the test
/// says so and checks nothing, except in CI, where it fails.
#[test]
fn quotes_are_exact_substrings_of_the_articles() {
    let seeds = root().join("../shared/seeds");
    if !seeds.is_dir() {
        skip(&format!(
            "{} not found (the seed articles sit beside the repository)",
            seeds.display()
        ));
        return;
    }
    let g = graph();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut checked = 0;
    let cites = g
        .edges()
        .flat_map(|e| e.edge.cite.iter())
        .chain(g.nodes().flat_map(|(_, n)| n.cite.iter()));
    for c in cites {
        let Some(file) = g.source(c.source.as_str()).and_then(|s| s.file.clone()) else {
            continue;
        };
        let text = texts.entry(file.clone()).or_insert_with(|| {
            std::fs::read_to_string(seeds.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"))
        });
        let q = c
            .quote
            .as_deref()
            .unwrap_or_else(|| panic!("citation of {file} without a quote"));
        assert!(text.contains(q), "quote not in {file}: {q:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} quotes checked");
}
