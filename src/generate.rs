//! A synthetic world graph, for measuring egov at scale.
//!
//! [`generate`] builds a [`Dataset`] with the model's kinds: countries with
//! their UN sub-region, ministries and agencies `part_of` their country
//! (with `country` set), international organizations that countries are
//! `member_of`, borders, people with an `affiliation` to a body, and
//! cooperation edges (MOUs, forums, seminars, projects, exports with
//! amounts, visits…) whose ends are chosen by preferential attachment, so
//! that a few bodies become hubs, as in real cooperation networks. Dates
//! spread over twenty years; every cooperation edge cites one of a few
//! sources, so the result validates without warnings.
//!
//! The output depends only on the [`Spec`]: the same seed gives the same
//! graph, byte for byte, on every platform (a splitmix64 generator, no
//! floating-point state). [`write_csv`] writes the tables `egov init` reads.

use std::collections::HashSet;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Citation, Dataset, Edge, EdgeKind, Id, Node, NodeKind, PartialDate, Source};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Countries (at most 676, the two-letter codes).
    pub countries: usize,
    /// Ministries, agencies and international organizations.
    pub orgs: usize,
    /// People, each affiliated with one body.
    pub people: usize,
    /// Edges in all: structural (`part_of`, `affiliation`), context
    /// (`borders`, `member_of`) and cooperation.
    pub edges: usize,
    /// The seed: the same seed gives the same graph.
    pub seed: u64,
}

impl Spec {
    /// A world of `edges` edges with the default proportions: 195
    /// countries, and one body and one person per ten edges.
    pub fn with_edges(edges: usize, seed: u64) -> Spec {
        Spec {
            countries: 195,
            orgs: (edges / 10).max(1),
            people: edges / 10,
            edges,
            seed,
        }
    }
}

/// The most countries: every two-letter code.
pub const MAX_COUNTRIES: usize = 26 * 26;

/// A small, fast, well-mixed pseudo-random generator (splitmix64, as in
/// Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
}

const REGIONS: &[&str] = &[
    "Northern Africa",
    "Eastern Africa",
    "Middle Africa",
    "Southern Africa",
    "Western Africa",
    "Caribbean",
    "Central America",
    "South America",
    "Northern America",
    "Central Asia",
    "Eastern Asia",
    "South-eastern Asia",
    "Southern Asia",
    "Western Asia",
    "Eastern Europe",
    "Northern Europe",
    "Southern Europe",
    "Western Europe",
    "Australia and New Zealand",
    "Melanesia",
    "Micronesia",
    "Polynesia",
];

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vi", "na", "sel", "mar", "to", "li", "zan", "or", "bel", "du", "ta", "ran", "es",
    "qua", "mi", "sol", "ve", "ga", "lun", "dor", "ia", "ko", "pra", "nes", "tur", "al", "bo",
    "che",
];

const MINISTRIES: &[&str] = &[
    "Interior",
    "Digital Affairs",
    "Finance",
    "Foreign Affairs",
    "Economy",
    "Science and ICT",
    "Public Administration",
    "Justice",
    "Health",
    "Education",
    "Transport",
    "Trade",
];

const AGENCIES: &[&str] = &[
    "Information Society Agency",
    "E-Government Centre",
    "Statistics Bureau",
    "Cybersecurity Agency",
    "Digital Identity Authority",
    "Open Data Institute",
    "Procurement Service",
    "Tax Service",
    "Customs Service",
    "Land Registry",
];

const ORG_KINDS: &[&str] = &[
    "Development Bank",
    "Union",
    "Cooperation Council",
    "Digital Forum",
    "Partnership",
];

const ROLES: &[&str] = &[
    "Minister",
    "Vice Minister",
    "Director General",
    "Director",
    "Senior Advisor",
    "Project Manager",
    "Officer",
];

const TOPICS: &[&str] = &[
    "e-procurement",
    "digital identity",
    "open data",
    "cybersecurity",
    "e-customs",
    "e-tax",
];

/// Cooperation kinds and their weights (out of 100).
const COOPERATION: &[(EdgeKind, u32)] = &[
    (EdgeKind::Mou, 20),
    (EdgeKind::Loi, 5),
    (EdgeKind::Forum, 10),
    (EdgeKind::Seminar, 12),
    (EdgeKind::Conference, 10),
    (EdgeKind::Project, 15),
    (EdgeKind::Export, 11),
    (EdgeKind::Visit, 16),
    (EdgeKind::HubDesignation, 1),
];

/// How many sources the generated edges cite.
const SOURCES: usize = 12;

/// The first year of generated dates; they span twenty years.
const FIRST_YEAR: i16 = 2005;

fn id(text: String) -> Result<Id> {
    text.parse()
        .map_err(|e| Error::Invalid(format!("generated id: {e}")))
}

fn word(rng: &mut SplitMix64, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => s,
    }
}

fn date(rng: &mut SplitMix64) -> Option<PartialDate> {
    let year = FIRST_YEAR + rng.below(20) as i16;
    let precision = rng.below(10);
    let month = (precision < 8).then(|| 1 + rng.below(12) as u8);
    let day = (precision < 5).then(|| 1 + rng.below(28) as u8);
    PartialDate::new(year, month, day)
}

/// Picks an index in `0..weights.len()` with probability proportional to
/// its weight, from cumulative weights.
fn weighted(rng: &mut SplitMix64, cumulative: &[u64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(0);
    if total == 0 {
        return 0;
    }
    let x = rng.next_u64() % total;
    cumulative.partition_point(|&c| c <= x)
}

/// Generates a world graph; `progress` is called now and then with the
/// number of edges made so far (out of `spec.edges`).
///
/// Fails when the spec cannot be met: more countries than two-letter codes,
/// no bodies, or too few edges for the structural ones (one `part_of` per
/// ministry or agency, one `affiliation` per person).
///
/// Complexity: O(V + E) time and memory.
///
/// ```
/// use egov_graph::generate::{generate, Spec};
/// let data = generate(&Spec::with_edges(2_000, 7), &mut |_| {}).unwrap();
/// assert_eq!(data.edges.len(), 2_000);
/// assert_eq!(data, generate(&Spec::with_edges(2_000, 7), &mut |_| {}).unwrap());
/// ```
pub fn generate(spec: &Spec, progress: &mut dyn FnMut(usize)) -> Result<Dataset> {
    if spec.countries == 0 || spec.countries > MAX_COUNTRIES {
        return Err(Error::Invalid(format!(
            "--countries must be between 1 and {MAX_COUNTRIES} (two-letter codes), not {}",
            spec.countries
        )));
    }
    if spec.orgs == 0 {
        return Err(Error::Invalid("--orgs must be at least 1".into()));
    }
    let mut rng = SplitMix64::new(spec.seed);
    let mut data = Dataset::default();

    for i in 0..SOURCES {
        data.sources.push(Source {
            id: id(format!("gen-report-{}", i + 1))?,
            title: format!("Synthetic cooperation report {}", i + 1),
            publisher: Some("egov generate".into()),
            author: None,
            date: PartialDate::new(FIRST_YEAR + 19, None, None),
            file: None,
            url: None,
            note: Some("generated data, not a real source".into()),
            collection: None,
        });
    }

    // Countries: a seeded shuffle of the two-letter codes, each with a
    // made-up name and a sub-region; sizes follow a Zipf-like law so that
    // some countries have many more bodies than others.
    let mut codes: Vec<u16> = (0..MAX_COUNTRIES as u16).collect();
    for i in (1..codes.len()).rev() {
        codes.swap(i, rng.below(i + 1));
    }
    let mut names = HashSet::new();
    let mut country_names = Vec::with_capacity(spec.countries);
    for (i, &code) in codes.iter().take(spec.countries).enumerate() {
        let text: String = [b'a' + (code / 26) as u8, b'a' + (code % 26) as u8]
            .iter()
            .map(|&b| b as char)
            .collect();
        let len = 2 + rng.below(2);
        let mut name = word(&mut rng, len) + "ia";
        while !names.insert(name.clone()) {
            name = word(&mut rng, 3) + "ia";
        }
        let mut n = Node::new(id(text)?, NodeKind::Country, name.clone());
        n.region = Some(REGIONS[i % REGIONS.len()].to_string());
        data.nodes.push(n);
        country_names.push(name);
    }
    let country_size: Vec<u64> = (0..spec.countries as u64)
        .scan(0u64, |acc, r| {
            *acc += 1_000_000 / (r + 2);
            Some(*acc)
        })
        .collect();

    // Bodies: a few international organizations, then ministries and
    // agencies; every country gets a ministry before any gets a second.
    let intl = (spec.orgs / 100).clamp(usize::from(spec.orgs >= 10), 200);
    let mut per_country = vec![(0usize, 0usize); spec.countries];
    let mut body_country: Vec<Option<u32>> = Vec::with_capacity(spec.orgs);
    for i in 0..intl {
        let name = format!(
            "{} {} {}",
            word(&mut rng, 2),
            ORG_KINDS[i % ORG_KINDS.len()],
            i + 1
        );
        data.nodes.push(Node::new(
            id(format!("org-{}", i + 1))?,
            NodeKind::Organization,
            name,
        ));
        body_country.push(None);
    }
    for i in 0..spec.orgs - intl {
        let c = if i < spec.countries {
            i
        } else {
            weighted(&mut rng, &country_size)
        };
        let code = data.nodes[c].id.clone();
        let ministry = i < spec.countries || rng.chance(40);
        let counts = &mut per_country[c];
        let (kind, text, name) = if ministry {
            counts.0 += 1;
            let k = counts.0 - 1;
            let mut name = format!(
                "{} Ministry of {}",
                country_names[c],
                MINISTRIES[k % MINISTRIES.len()]
            );
            if k >= MINISTRIES.len() {
                name.push_str(&format!(" {}", k / MINISTRIES.len() + 1));
            }
            (NodeKind::Ministry, format!("{code}-m{}", k + 1), name)
        } else {
            counts.1 += 1;
            let k = counts.1 - 1;
            let mut name = format!("{} {}", country_names[c], AGENCIES[k % AGENCIES.len()]);
            if k >= AGENCIES.len() {
                name.push_str(&format!(" {}", k / AGENCIES.len() + 1));
            }
            (NodeKind::Agency, format!("{code}-a{}", k + 1), name)
        };
        let mut n = Node::new(id(text)?, kind, name);
        n.country = Some(code);
        data.nodes.push(n);
        body_country.push(Some(c as u32));
    }
    let first_body = spec.countries;
    let bodies = spec.orgs;
    let first_person = first_body + bodies;

    let structural = (bodies - intl) + spec.people;
    if spec.edges < structural {
        return Err(Error::Invalid(format!(
            "--edges {} is too few: the bodies and people alone need {structural} (one part_of per ministry or agency, one affiliation per person)",
            spec.edges
        )));
    }
    let mut made = 0usize;
    let tick = |made: usize, progress: &mut dyn FnMut(usize)| {
        if made.is_multiple_of(65_536) {
            progress(made);
        }
    };
    let push = |data: &mut Dataset, from: usize, to: usize, edge: Edge| {
        data.edges.push((from as u32, to as u32, edge));
    };

    for (b, country) in body_country.iter().enumerate() {
        if let Some(c) = *country {
            let mut e = Edge::new(EdgeKind::PartOf);
            e.date = date(&mut rng).map(|d| PartialDate::new(d.year(), None, None).unwrap_or(d));
            push(&mut data, first_body + b, c as usize, e);
            made += 1;
            tick(made, progress);
        }
    }

    // People, each affiliated with a body chosen by preferential
    // attachment (big bodies employ more people).
    let mut pool: Vec<u32> = Vec::with_capacity(2 * spec.edges);
    for p in 0..spec.people {
        let b = if pool.is_empty() || rng.chance(30) {
            rng.below(bodies)
        } else {
            pool[rng.below(pool.len())] as usize
        };
        pool.push(b as u32);
        let given = word(&mut rng, 2);
        let len = 2 + rng.below(2);
        let family = word(&mut rng, len);
        let mut n = Node::new(
            id(format!("p-{}", p + 1))?,
            NodeKind::Person,
            format!("{given} {family}"),
        );
        n.country = body_country[b].map(|c| data.nodes[c as usize].id.clone());
        data.nodes.push(n);
        let mut e = Edge::new(EdgeKind::Affiliation);
        e.role = Some(ROLES[rng.below(ROLES.len())].to_string());
        e.date = date(&mut rng);
        if rng.chance(30) {
            e.end_date = e.date.and_then(|d| {
                PartialDate::new((d.year() + 1 + rng.below(4) as i16).min(2024), None, None)
            });
        }
        push(&mut data, first_person + p, first_body + b, e);
        made += 1;
        tick(made, progress);
    }

    // Context: a few borders inside each region, and memberships of the
    // international organizations; at most a tenth of the edges left.
    let mut context_budget = (spec.edges - made) / 10;
    let by_region = |r: usize| (r..spec.countries).step_by(REGIONS.len());
    'borders: for r in 0..REGIONS.len() {
        let members: Vec<usize> = by_region(r).collect();
        for pair in members.windows(2) {
            if context_budget == 0 {
                break 'borders;
            }
            push(&mut data, pair[0], pair[1], Edge::new(EdgeKind::Borders));
            context_budget -= 1;
            made += 1;
        }
    }
    'members: for o in 0..intl {
        let count = (5 + rng.below(40)).min(spec.countries);
        let start = rng.below(spec.countries);
        for k in 0..count {
            if context_budget == 0 {
                break 'members;
            }
            let mut e = Edge::new(EdgeKind::MemberOf);
            e.date = date(&mut rng).map(|d| PartialDate::new(d.year(), None, None).unwrap_or(d));
            push(&mut data, (start + k) % spec.countries, first_body + o, e);
            context_budget -= 1;
            made += 1;
        }
    }

    // Cooperation, by preferential attachment: each end is a random actor
    // one time in five, otherwise the end of a random earlier edge, so
    // actors are chosen in proportion to their degree.
    let actors = first_person; // countries and bodies
    let mut pool: Vec<u32> = Vec::with_capacity(2 * (spec.edges - made));
    let cumulative: Vec<u64> = COOPERATION
        .iter()
        .scan(0u64, |acc, &(_, w)| {
            *acc += u64::from(w);
            Some(*acc)
        })
        .collect();
    let pick = |rng: &mut SplitMix64, pool: &Vec<u32>| -> usize {
        if pool.is_empty() || rng.chance(20) {
            rng.below(actors)
        } else {
            pool[rng.below(pool.len())] as usize
        }
    };
    while made < spec.edges {
        let kind = COOPERATION[weighted(&mut rng, &cumulative)].0;
        let from = if kind == EdgeKind::Visit && spec.people > 0 {
            first_person + rng.below(spec.people)
        } else {
            pick(&mut rng, &pool)
        };
        let hub = kind == EdgeKind::HubDesignation;
        let mut to = if hub {
            weighted(&mut rng, &country_size)
        } else {
            pick(&mut rng, &pool)
        };
        let mut tries = 0;
        while to == from && tries < 8 {
            to = rng.below(if hub { spec.countries } else { actors });
            tries += 1;
        }
        if to == from {
            continue;
        }
        if from < actors {
            pool.push(from as u32);
        }
        pool.push(to as u32);
        let mut e = Edge::new(kind);
        e.date = date(&mut rng);
        e.cite.push(Citation {
            source: data.sources[rng.below(SOURCES)].id.clone(),
            quote: None,
        });
        match kind {
            EdgeKind::Export if rng.chance(70) => {
                // Log-uniform from ten thousand to a hundred million dollars.
                let digits = 4 + rng.below(5) as i32;
                let mantissa = 1.0 + rng.below(900) as f64 / 100.0;
                e.amount_usd = Some((mantissa * 10f64.powi(digits)).round());
                e.what = Some(TOPICS[rng.below(TOPICS.len())].to_string());
            }
            EdgeKind::Project if rng.chance(50) => {
                e.topics.push(TOPICS[rng.below(TOPICS.len())].to_string());
            }
            EdgeKind::Forum | EdgeKind::Conference if rng.chance(20) => {
                let host = body_country
                    .get(to.wrapping_sub(first_body))
                    .copied()
                    .flatten()
                    .map_or(to % spec.countries, |c| c as usize);
                e.place = Some(country_names[host].clone());
            }
            EdgeKind::HubDesignation => {
                e.region = Some(REGIONS[to % REGIONS.len()].to_string());
            }
            _ => {}
        }
        push(&mut data, from, to, e);
        made += 1;
        tick(made, progress);
    }
    progress(made);
    Ok(data)
}

/// Writes `data` as the CSV tables `egov init` reads: `nodes.csv`,
/// `edges.csv` and `sources.csv` in `dir` (created if missing).
pub fn write_csv(data: &Dataset, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file = |name: &str| -> Result<::csv::Writer<std::io::BufWriter<std::fs::File>>> {
        let path = dir.join(name);
        let f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(::csv::Writer::from_writer(
            std::io::BufWriter::with_capacity(1 << 20, f),
        ))
    };
    let fail = |name: &str| {
        let path = dir.join(name);
        move |e: ::csv::Error| Error::io(&path, std::io::Error::other(e.to_string()))
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let optd = |d: &Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();

    let mut w = file("sources.csv")?;
    let err = fail("sources.csv");
    w.write_record(["id", "title", "publisher", "date", "note"])
        .map_err(&err)?;
    for s in &data.sources {
        w.write_record([
            s.id.to_string(),
            s.title.clone(),
            opt(&s.publisher),
            optd(&s.date),
            opt(&s.note),
        ])
        .map_err(&err)?;
    }
    w.flush()
        .map_err(|e| Error::io(dir.join("sources.csv"), e))?;

    let mut w = file("nodes.csv")?;
    let err = fail("nodes.csv");
    w.write_record(["id", "kind", "name", "country", "region"])
        .map_err(&err)?;
    for n in &data.nodes {
        w.write_record([
            n.id.as_str(),
            n.kind.as_str(),
            n.name.as_str(),
            n.country.as_ref().map_or("", Id::as_str),
            n.region.as_deref().unwrap_or(""),
        ])
        .map_err(&err)?;
    }
    w.flush().map_err(|e| Error::io(dir.join("nodes.csv"), e))?;

    let mut w = file("edges.csv")?;
    let err = fail("edges.csv");
    w.write_record([
        "source",
        "target",
        "kind",
        "date",
        "end_date",
        "role",
        "amount_usd",
        "what",
        "topics",
        "place",
        "region",
        "cite",
    ])
    .map_err(&err)?;
    let mut amount = String::new();
    for (from, to, e) in &data.edges {
        let end = |i: &u32| {
            data.nodes
                .get(*i as usize)
                .map_or("", |n: &Node| n.id.as_str())
        };
        amount.clear();
        if let Some(a) = e.amount_usd {
            amount = format!("{a}");
        }
        let date = optd(&e.date);
        let end_date = optd(&e.end_date);
        let topics = e.topics.join(";");
        let cite = e.cite.first().map_or("", |c: &Citation| c.source.as_str());
        w.write_record([
            end(from),
            end(to),
            e.kind.as_str(),
            &date,
            &end_date,
            e.role.as_deref().unwrap_or(""),
            &amount,
            e.what.as_deref().unwrap_or(""),
            &topics,
            e.place.as_deref().unwrap_or(""),
            e.region.as_deref().unwrap_or(""),
            cite,
        ])
        .map_err(&err)?;
    }
    w.flush().map_err(|e| Error::io(dir.join("edges.csv"), e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{validate, Graph};

    fn small(seed: u64) -> Dataset {
        generate(&Spec::with_edges(10_000, seed), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn same_seed_same_graph_other_seed_other_graph() {
        assert_eq!(small(1), small(1));
        assert_ne!(small(1).edges, small(2).edges);
    }

    #[test]
    fn has_every_kind_asked_for_and_the_exact_edge_count() {
        let d = small(1);
        assert_eq!(d.edges.len(), 10_000);
        assert_eq!(d.nodes.len(), 195 + 1_000 + 1_000);
        for k in [
            NodeKind::Country,
            NodeKind::Ministry,
            NodeKind::Agency,
            NodeKind::Organization,
            NodeKind::Person,
        ] {
            assert!(d.nodes.iter().any(|n| n.kind == k), "{k}");
        }
        for (k, _) in COOPERATION {
            assert!(d.edges.iter().any(|e| e.2.kind == *k), "{k}");
        }
        for k in [
            EdgeKind::PartOf,
            EdgeKind::Affiliation,
            EdgeKind::Borders,
            EdgeKind::MemberOf,
        ] {
            assert!(d.edges.iter().any(|e| e.2.kind == k), "{k}");
        }
        assert!(d.edges.iter().any(|e| e.2.amount_usd.is_some()));
        let years: HashSet<i16> = d
            .edges
            .iter()
            .filter_map(|e| e.2.date)
            .map(|d| d.year())
            .collect();
        assert_eq!(years.len(), 20);
        for n in &d.nodes {
            if matches!(n.kind, NodeKind::Ministry | NodeKind::Agency) {
                assert!(n.country.is_some(), "{}", n.id);
            }
        }
    }

    #[test]
    fn preferential_attachment_makes_hubs() {
        let d = small(3);
        let mut degree = vec![0usize; d.nodes.len()];
        for (a, b, e) in &d.edges {
            if e.kind.is_cooperation() {
                degree[*a as usize] += 1;
                degree[*b as usize] += 1;
            }
        }
        let max = degree.iter().copied().max().unwrap_or(0);
        let mean = degree.iter().sum::<usize>() as f64 / degree.len() as f64;
        assert!(max as f64 > 10.0 * mean, "max {max}, mean {mean}");
    }

    #[test]
    fn validates_without_warnings_through_csv() {
        let d = small(5);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_csv(&d, dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let input =
            crate::io::read_paths(&[dir.path().to_path_buf()]).unwrap_or_else(|e| panic!("{e}"));
        let checked = validate(input, true);
        assert!(
            checked.diagnostics.is_empty(),
            "{:?}",
            &checked.diagnostics[..3.min(checked.diagnostics.len())]
        );
        let g = checked.graph.unwrap_or_else(|| panic!("no graph"));
        let direct = Graph::from_dataset(d).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.to_dataset(), direct.to_dataset());
    }

    #[test]
    fn refuses_impossible_specs() {
        let mut s = Spec::with_edges(100, 1);
        s.countries = 677;
        assert!(generate(&s, &mut |_| {}).is_err());
        let s = Spec::with_edges(100, 1);
        let s = Spec { edges: 10, ..s };
        assert!(generate(&s, &mut |_| {}).is_err());
    }
}
