//! The world dataset (graphs/world/, read together with graphs/): Korea's
//! e-government cooperation from public reports. It validates strictly, and
//! every tie it adds cites a report by address with a short verbatim quote,
//! a publisher and a date (or a note saying why there is none).

use std::collections::BTreeSet;

use egov_graph::model::{EdgeKind, Graph, NodeKind, Source};
use egov_graph::{io, validate};
use petgraph::stable_graph::NodeIndex;

use crate::util::{egov, egov_in, root, tempdir};

/// The kinds that record cooperation (the context kinds, people's ties and
/// hub designations are left out).
const COOPERATION: [EdgeKind; 8] = [
    EdgeKind::Mou,
    EdgeKind::Loi,
    EdgeKind::Forum,
    EdgeKind::Seminar,
    EdgeKind::Conference,
    EdgeKind::Project,
    EdgeKind::Export,
    EdgeKind::Visit,
];

fn world() -> Graph {
    let input = io::read_paths(&[root().join("graphs"), root().join("graphs/world")])
        .unwrap_or_else(|e| panic!("reading graphs/ and graphs/world/: {e}"));
    let checked = validate(input, true);
    let msgs: Vec<String> = checked.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    checked.graph.unwrap_or_else(|| panic!("no graph"))
}

/// Whether a source is one of the world dataset's reports: it has an
/// address and a collection other than the seed articles (the reference
/// tables have an address but no collection).
fn is_report(source: &Source) -> bool {
    source.url.is_some() && source.collection.as_deref().is_some_and(|c| c != "seeds")
}

/// The country a node counts for: itself, or the country it belongs to.
fn country(g: &Graph, ix: NodeIndex) -> Option<NodeIndex> {
    let node = g.node(ix)?;
    if node.kind == NodeKind::Country {
        Some(ix)
    } else {
        g.country_of(ix)
    }
}

#[test]
fn world_dataset_validates_strictly_with_the_seed_graph() {
    let g = world();
    assert!(g.node_by_id("kr-mois").is_some());
}

#[test]
fn every_tie_citing_an_address_has_quote_publisher_and_date() {
    let g = world();
    let mut checked = 0;
    for e in g.edges() {
        for c in &e.edge.cite {
            let Some(source) = g.source(c.source.as_str()) else {
                panic!("unknown source {}", c.source);
            };
            if !is_report(source) {
                continue;
            }
            let quote = c.quote.as_deref().unwrap_or_default();
            assert!(
                !quote.is_empty(),
                "{}: a citation without a quote",
                source.id
            );
            assert!(
                quote.chars().count() <= 300,
                "{}: quote of {} characters",
                source.id,
                quote.chars().count()
            );
            assert!(source.publisher.is_some(), "{} has no publisher", source.id);
            assert!(
                e.edge.date.is_some() || e.edge.date_note.is_some(),
                "an edge citing {} has neither a date nor a date note",
                source.id
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 120,
        "only {checked} citations of reports checked"
    );
}

#[test]
fn world_dataset_covers_thirty_partners_and_120_realised_cooperation_ties() {
    let g = world();
    let kr = g.index_of("kr").unwrap_or_else(|| panic!("no kr"));
    let mut partners = BTreeSet::new();
    let mut cooperation = 0;
    for e in g.edges() {
        if !COOPERATION.contains(&e.edge.kind) || e.edge.is_planned() {
            continue;
        }
        let cites_a_report = e
            .edge
            .cite
            .iter()
            .any(|c| g.source(c.source.as_str()).is_some_and(is_report));
        if !cites_a_report {
            continue;
        }
        cooperation += 1;
        let (a, b) = (country(&g, e.from), country(&g, e.to));
        match (a, b) {
            (Some(a), Some(b)) if a == kr && b != kr => {
                partners.insert(b);
            }
            (Some(a), Some(b)) if b == kr && a != kr => {
                partners.insert(a);
            }
            _ => {}
        }
    }
    assert!(
        cooperation >= 120,
        "{cooperation} cooperation ties cite reports"
    );
    assert!(partners.len() >= 30, "{} partner countries", partners.len());
}

/// `--collection seeds` on a database of the seed graph and the world
/// dataset answers as a database built from the seed graph's files alone.
#[test]
fn collection_seeds_answers_as_the_seed_graph_alone() {
    let dir = tempdir();
    let graphs = root().join("graphs");
    let graphs = graphs.to_string_lossy();
    let world = root().join("graphs/world");
    let world = world.to_string_lossy();
    egov_in(dir.path(), &["init", "seeds.egdb", "--from", &graphs]).expect_code(0);
    egov_in(
        dir.path(),
        &["init", "world.egdb", "--from", &graphs, &world],
    )
    .expect_code(0);
    let questions: [&[&str]; 4] = [
        &["stats"],
        &["spreaders", "--from", "kr"],
        &["path", "fr", "uz"],
        &["neighbors", "kr"],
    ];
    for q in questions {
        let run = |db: &str, extra: &[&str]| {
            let mut args = vec!["--db", db, "--format", "json"];
            args.extend_from_slice(extra);
            args.extend_from_slice(q);
            let r = egov_in(dir.path(), &args);
            r.expect_code(0);
            r.json()
        };
        let seeds = run("seeds.egdb", &[]);
        assert_eq!(
            seeds,
            run("world.egdb", &["--collection", "seeds"]),
            "{q:?}"
        );
        let world = run("world.egdb", &[]);
        assert_ne!(seeds, world, "{q:?}: the world data changes nothing");
        // The built-in default is the whole network, seeds included.
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(q);
        assert_eq!(egov(&args).json(), world, "{q:?}: built-in");
        args.splice(0..0, ["--collection", "seeds"]);
        assert_eq!(egov(&args).json(), seeds, "{q:?}: built-in seeds");
    }
}

#[test]
fn an_unknown_collection_is_a_usage_error_listing_the_known_ones() {
    let r = egov(&["--collection", "sedes", "stats"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("no source belongs to the collection 'sedes'; the collections are: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" seeds,"), "{}", r.stderr);
    let r = egov(&["--collection", "seeds", "validate", "graphs"]);
    r.expect_code(2);
    assert!(r.stderr.contains("does not apply"), "{}", r.stderr);
}
