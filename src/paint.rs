//! Node size and colour by what matters: a measure, a region, a community.
//!
//! Pictures of every kind (the DOT diagrams of [`crate::io::dot`], an HTML
//! map) share these functions, so a node is the same colour and size in
//! each. Nothing here writes DOT: [`paint`] returns a [`Paint`], the colour
//! and relative size of each node and the legend's key, which a writer
//! turns into its own attributes.
//!
//! Colours are safe for colour-blind readers: categories take the
//! Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008), seven
//! colours and grey for "other"; measures take a sequential
//! viridis ramp (van der Walt and Smith, matplotlib, 2015), dark for low
//! values and yellow for high ones. Sizes grow with the square root of the
//! value, spread between the smallest and largest node drawn
//! ([`spread_sizes`]).

use std::collections::BTreeMap;

use petgraph::stable_graph::NodeIndex;

use crate::analysis::{self, CommunityMethod, Measure};
use crate::error::{Error, Result};
use crate::model::{Graph, NodeKind, View, Weight};

/// The Okabe–Ito colours in the order categories take them (their black
/// is left out: text on it is unreadable; grey is [`OTHER`]).
pub const OKABE_ITO: [&str; 7] = [
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#009E73", // bluish green
    "#F0E442", // yellow
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#CC79A7", // reddish purple
];

/// The colour of the categories beyond the seventh, and of "none".
pub const OTHER: &str = "#BBBBBB";

/// Nine stops of matplotlib's viridis, from 0 to 1.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2d, 0x7b),
    (0x3b, 0x52, 0x8b),
    (0x2c, 0x72, 0x8e),
    (0x21, 0x91, 0x8c),
    (0x28, 0xae, 0x80),
    (0x5e, 0xc9, 0x62),
    (0xad, 0xdc, 0x30),
    (0xfd, 0xe7, 0x25),
];

/// The viridis colour at `t` in `[0, 1]` (clamped; `NaN` is 0), as
/// `#rrggbb`.
///
/// ```
/// use egov_graph::paint::viridis;
/// assert_eq!(viridis(0.0), "#440154");
/// assert_eq!(viridis(1.0), "#fde725");
/// assert_eq!(viridis(7.0), viridis(1.0));
/// ```
pub fn viridis(t: f64) -> String {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Black or white, whichever reads better on `fill` (`#rrggbb`), by the
/// WCAG relative luminance.
///
/// ```
/// use egov_graph::paint::text_on;
/// assert_eq!(text_on("#440154"), "#ffffff");
/// assert_eq!(text_on("#F0E442"), "#000000");
/// ```
pub fn text_on(fill: &str) -> &'static str {
    let hex = fill.trim_start_matches('#');
    let channel = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .map_or(1.0, |v| f64::from(v) / 255.0);
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast with black (l + 0.05) / 0.05 against white 1.05 / (l + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// Relative sizes in `[0, 1]` for `values`: the square root of each value
/// over the largest, so areas are proportional to the values. Negative and
/// `NaN` values count as 0; all zero gives all 0.
///
/// ```
/// use egov_graph::paint::relative_sizes;
/// assert_eq!(relative_sizes(&[0.0, 0.25, 1.0]), [0.0, 0.5, 1.0]);
/// ```
pub fn relative_sizes(values: &[f64]) -> Vec<f64> {
    let clean = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
    let max = values.iter().copied().map(clean).fold(0.0, f64::max);
    values
        .iter()
        .map(|&v| {
            if max > 0.0 {
                (clean(v) / max).sqrt()
            } else {
                0.0
            }
        })
        .collect()
}

/// Sizes in `[0, 1]` spread between the smallest and the largest of
/// `values`: `(√v − √min) / (√max − √min)`, so the smallest drawn node is
/// the smallest size and the largest the largest, and the order and the
/// square-root growth are kept. All equal gives all 0.5.
///
/// ```
/// use egov_graph::paint::spread_sizes;
/// assert_eq!(spread_sizes(&[1.0, 4.0, 9.0]), [0.0, 0.5, 1.0]);
/// ```
pub fn spread_sizes(values: &[f64]) -> Vec<f64> {
    let root = |v: f64| {
        if v.is_finite() && v > 0.0 {
            v.sqrt()
        } else {
            0.0
        }
    };
    let lo = values
        .iter()
        .map(|&v| root(v))
        .fold(f64::INFINITY, f64::min);
    let hi = values.iter().map(|&v| root(v)).fold(0.0, f64::max);
    values
        .iter()
        .map(|&v| {
            if hi > lo {
                (root(v) - lo) / (hi - lo)
            } else {
                0.5
            }
        })
        .collect()
}

/// What decides a node's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorBy {
    /// Its kind (the diagram's own style per kind).
    #[default]
    Kind,
    /// Its UN M49 sub-region (a body's or person's country's region).
    Region,
    /// Its Louvain community in the view (resolution 1, seed 1).
    Community,
    /// A measure, on the viridis ramp.
    Measure(Measure),
}

impl std::str::FromStr for ColorBy {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<ColorBy, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kind" => Ok(ColorBy::Kind),
            "region" => Ok(ColorBy::Region),
            "community" => Ok(ColorBy::Community),
            other => other.parse().map(ColorBy::Measure).map_err(|_| {
                format!(
                    "cannot colour by '{s}'; expected kind, region, community or a measure ({})",
                    Measure::ALL.map(Measure::as_str).join(", ")
                )
            }),
        }
    }
}

/// One entry of the colour key.
#[derive(Debug, Clone, PartialEq)]
pub struct Swatch {
    /// `#rrggbb`.
    pub color: String,
    /// What it stands for ("Central Asia", "community 1", "0.031").
    pub label: String,
}

/// Colours and sizes of nodes, and their key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paint {
    /// The fill of each painted node; nodes not listed keep their kind's.
    pub fill: BTreeMap<NodeIndex, String>,
    /// Each node's relative size in `[0, 1]` (empty: no sizing).
    pub size: BTreeMap<NodeIndex, f64>,
    /// What the colours mean, e.g. "region" or "PageRank" (none for kind).
    pub color_title: Option<String>,
    /// The colours in the key, in order.
    pub swatches: Vec<Swatch>,
    /// What the size means, with its range: "size: PageRank 0.012–0.310".
    pub size_title: Option<String>,
}

impl Paint {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.fill.is_empty() && self.size.is_empty()
    }
}

/// The region a node is coloured by: a country's own, a body's or
/// person's country's, "international" for an organisation.
pub fn region_of(g: &Graph, ix: NodeIndex) -> String {
    let Some(n) = g.node(ix) else {
        return String::new();
    };
    if n.kind == NodeKind::Organization {
        return "international".into();
    }
    let home = match n.kind {
        NodeKind::Country => Some(ix),
        _ => g.country_of(ix),
    };
    home.and_then(|c| g.node(c))
        .and_then(|c| c.region.clone())
        .unwrap_or_else(|| "no region".into())
}

/// The values of `m` for every node of `view`, unweighted (as `egov hubs`).
///
/// Errors: eigenvector or PageRank does not converge.
pub fn view_measure(view: &View, m: Measure) -> Result<Vec<f64>> {
    analysis::measure(&view.csr(false, Weight::Hops), m)
        .map_err(|e| Error::Invalid(format!("{}: {e}", m.as_str())))
}

/// Colours `nodes` (graph nodes that are nodes of `view`) as `color`
/// says and sizes them by `size`, with the key. Measures and communities
/// are computed on the whole view, then the colours and sizes are spread
/// over the range among `nodes`, so a small picture still shows
/// differences. Categories are ordered by how many of `nodes` they hold;
/// the seven largest take Okabe–Ito colours, the rest share grey.
///
/// Errors: a measure does not converge.
///
/// Complexity: that of the measure or of Louvain on the view, plus
/// O(V log V).
pub fn paint(
    g: &Graph,
    view: &View,
    nodes: &[NodeIndex],
    color: ColorBy,
    size: Option<Measure>,
) -> Result<Paint> {
    let mut out = Paint::default();
    let at = |values: &[f64], ix: NodeIndex| {
        view.position(ix)
            .and_then(|v| values.get(v as usize).copied())
            .unwrap_or(0.0)
    };
    match color {
        ColorBy::Kind => {}
        ColorBy::Region => {
            let cats: Vec<(NodeIndex, String)> =
                nodes.iter().map(|&ix| (ix, region_of(g, ix))).collect();
            categorical(&mut out, cats, "region");
        }
        ColorBy::Community => {
            let p = analysis::view_communities(view, CommunityMethod::Louvain, 1.0, 1);
            let cats: Vec<(NodeIndex, String)> = nodes
                .iter()
                .map(|&ix| {
                    let c = view
                        .position(ix)
                        .and_then(|v| p.community.get(v as usize).copied());
                    let name = c.map_or_else(|| "none".into(), |c| format!("community {c}"));
                    (ix, name)
                })
                .collect();
            categorical(&mut out, cats, "Louvain community");
        }
        ColorBy::Measure(m) => {
            let values = view_measure(view, m)?;
            let drawn: Vec<f64> = nodes.iter().map(|&ix| at(&values, ix)).collect();
            let (lo, hi) = range(&drawn);
            for (&ix, &x) in nodes.iter().zip(&drawn) {
                let t = if hi > lo { (x - lo) / (hi - lo) } else { 0.5 };
                out.fill.insert(ix, viridis(t));
            }
            out.color_title = Some(m.title().to_string());
            out.swatches = (0..5)
                .map(|i| {
                    let t = f64::from(i) / 4.0;
                    Swatch {
                        color: viridis(if hi > lo { t } else { 0.5 }),
                        label: short(lo + (hi - lo) * t),
                    }
                })
                .collect();
            if hi <= lo {
                out.swatches.truncate(1);
            }
        }
    }
    if let Some(m) = size {
        let values = view_measure(view, m)?;
        let drawn: Vec<f64> = nodes.iter().map(|&ix| at(&values, ix)).collect();
        for (&ix, s) in nodes.iter().zip(spread_sizes(&drawn)) {
            out.size.insert(ix, s);
        }
        let (lo, hi) = range(&drawn);
        out.size_title = Some(format!("size: {} {}–{}", m.title(), short(lo), short(hi)));
    }
    Ok(out)
}

/// Fills by category, the commonest first.
fn categorical(out: &mut Paint, cats: Vec<(NodeIndex, String)>, title: &str) {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, c) in &cats {
        *count.entry(c.as_str()).or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = count.into_iter().collect();
    // "none"-like categories go last; then the commonest first, by name.
    let last = |c: &str| matches!(c, "none" | "no region");
    order.sort_by(|a, b| {
        last(a.0)
            .cmp(&last(b.0))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(b.0))
    });
    let mut color: BTreeMap<String, &str> = BTreeMap::new();
    let mut others = false;
    for (i, (c, _)) in order.iter().enumerate() {
        let col = if last(c) {
            OTHER
        } else {
            OKABE_ITO.get(i).copied().unwrap_or(OTHER)
        };
        if col == OTHER && !last(c) {
            others = true;
        }
        color.insert((*c).to_string(), col);
    }
    for (ix, c) in &cats {
        let col = color.get(c).copied().unwrap_or(OTHER);
        out.fill.insert(*ix, col.to_string());
    }
    out.color_title = Some(title.to_string());
    for (c, _) in &order {
        let col = color.get(*c).copied().unwrap_or(OTHER);
        if col == OTHER && !last(c) {
            continue;
        }
        out.swatches.push(Swatch {
            color: col.to_string(),
            label: (*c).to_string(),
        });
    }
    if others {
        out.swatches.push(Swatch {
            color: OTHER.to_string(),
            label: "other".into(),
        });
    }
}

fn range(values: &[f64]) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// A measure's value, short: three significant digits.
fn short(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 1.0 {
        format!("{x:.2}")
    } else {
        let digits = (-x.abs().log10().floor()) as usize + 2;
        format!("{x:.digits$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_text_and_ramp() {
        assert_eq!(viridis(0.5), "#21918c");
        assert!(viridis(f64::NAN) == viridis(0.0));
        for c in OKABE_ITO {
            let t = text_on(c);
            assert!(t == "#000000" || t == "#ffffff");
        }
        assert_eq!(text_on("#0072B2"), "#ffffff");
        assert_eq!(text_on("#E69F00"), "#000000");
    }

    #[test]
    fn sizes_are_areas() {
        let s = relative_sizes(&[4.0, 1.0, -1.0, f64::NAN]);
        assert_eq!(s, [1.0, 0.5, 0.0, 0.0]);
        assert_eq!(relative_sizes(&[0.0, 0.0]), [0.0, 0.0]);
    }

    #[test]
    fn parses_colour_choices() {
        assert_eq!("Region".parse::<ColorBy>(), Ok(ColorBy::Region));
        assert_eq!(
            "pagerank".parse::<ColorBy>(),
            Ok(ColorBy::Measure(Measure::Pagerank))
        );
        let e = "size".parse::<ColorBy>().err().unwrap_or_default();
        assert!(e.contains("kind, region, community"), "{e}");
    }

    #[test]
    fn categories_beyond_seven_share_grey_and_the_key_says_other() {
        let mut p = Paint::default();
        let cats: Vec<(NodeIndex, String)> = (0..9)
            .map(|i| (NodeIndex::new(i), format!("c{i}")))
            .chain([(NodeIndex::new(9), "c0".to_string())])
            .collect();
        categorical(&mut p, cats, "t");
        assert_eq!(p.fill[&NodeIndex::new(0)], OKABE_ITO[0]);
        assert_eq!(p.fill[&NodeIndex::new(8)], OTHER);
        assert_eq!(p.swatches.len(), 8);
        assert_eq!(p.swatches[7].label, "other");
        assert_eq!(short(0.012345), "0.0123");
        assert_eq!(short(0.31), "0.310");
    }
}
