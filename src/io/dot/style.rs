//! How each kind looks in a diagram: a shape and fill per node kind, a
//! colour and line style per edge kind, export width by amount, and the
//! words the legend uses. One table, so the diagram and its legend agree.

use crate::model::{EdgeKind, NodeKind};

/// How a node kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStyle {
    /// Graphviz shape.
    pub shape: &'static str,
    /// Graphviz style list.
    pub style: &'static str,
    /// Fill colour.
    pub fill: &'static str,
    /// Border colour.
    pub border: &'static str,
}

/// How an edge kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeStyle {
    /// Line colour.
    pub color: &'static str,
    /// `solid`, `dashed`, `dotted` or `bold`.
    pub line: &'static str,
    /// Line width in points.
    pub width: f64,
    /// Context kinds are drawn light, behind the cooperation ties.
    pub light: bool,
}

/// The style of a node kind.
pub fn node_style(kind: NodeKind) -> NodeStyle {
    match kind {
        NodeKind::Country => NodeStyle {
            shape: "box",
            style: "rounded,filled,bold",
            fill: "#d6e6f5",
            border: "#2b5d8a",
        },
        NodeKind::Ministry => NodeStyle {
            shape: "box",
            style: "filled",
            fill: "#fde3c0",
            border: "#a8661c",
        },
        NodeKind::Agency => NodeStyle {
            shape: "component",
            style: "filled",
            fill: "#e1f0d7",
            border: "#4d7a34",
        },
        NodeKind::Organization => NodeStyle {
            shape: "hexagon",
            style: "filled",
            fill: "#ebdff2",
            border: "#6b4a80",
        },
        NodeKind::Person => NodeStyle {
            shape: "ellipse",
            style: "filled",
            fill: "#fff6c4",
            border: "#8a7a1c",
        },
    }
}

/// The style of an edge kind (before an export's width by amount).
pub fn edge_style(kind: EdgeKind) -> EdgeStyle {
    let s = |color, line, width| EdgeStyle {
        color,
        line,
        width,
        light: false,
    };
    match kind {
        EdgeKind::Mou => s("#1f5fa8", "solid", 2.2),
        EdgeKind::Loi => s("#1f5fa8", "dashed", 1.6),
        EdgeKind::Forum => s("#2e8b3a", "solid", 1.8),
        EdgeKind::Seminar => s("#2e8b3a", "dashed", 1.6),
        EdgeKind::Conference => s("#2e8b3a", "dotted", 1.8),
        EdgeKind::Project => s("#7b3fa0", "solid", 1.8),
        EdgeKind::Export => s("#c0392b", "solid", 1.5),
        EdgeKind::Visit => s("#e07b00", "dashed", 1.4),
        EdgeKind::HubDesignation => s("#8c564b", "bold", 2.0),
        EdgeKind::Affiliation => s("#777777", "dotted", 1.0),
        EdgeKind::PartOf => s("#999999", "solid", 0.8),
        EdgeKind::MemberOf => EdgeStyle {
            color: "#9e9e9e",
            line: "dotted",
            width: 0.9,
            light: true,
        },
        EdgeKind::Borders => EdgeStyle {
            color: "#b5b5b5",
            line: "solid",
            width: 0.9,
            light: true,
        },
        EdgeKind::Tie => s("#555555", "solid", 1.2),
        EdgeKind::Signed => s("#1f5fa8", "dotted", 1.0),
        EdgeKind::Attended => s("#e07b00", "dotted", 1.0),
    }
}

/// A node's part in an analysis drawn over its kind's look: its outline
/// (the spreaders picture marks the source, the spreaders, the stated hubs
/// among them and the brokers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// The country the analysis starts from.
    Source,
    /// A spreader that a source names as a hub for the region.
    StatedHub,
    /// A spreader.
    Spreader,
    /// A partner outside the region that links the source to it.
    Broker,
}

/// How a [`Mark`] is drawn: outline colour, width and line style, and the
/// legend's words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkStyle {
    /// Outline colour.
    pub border: &'static str,
    /// Outline width in points.
    pub penwidth: f64,
    /// Extra Graphviz style (`dashed`), added to the kind's.
    pub line: &'static str,
    /// Outlines drawn (2 = a double line).
    pub peripheries: u8,
    /// The legend's words.
    pub words: &'static str,
}

/// The style of a mark.
pub fn mark_style(mark: Mark) -> MarkStyle {
    let m = |border, penwidth, line, peripheries, words| MarkStyle {
        border,
        penwidth,
        line,
        peripheries,
        words,
    };
    match mark {
        Mark::Source => m("#c0392b", 3.0, "", 1, "source"),
        Mark::StatedHub => m("#1e8449", 3.0, "", 2, "spreader a source names as hub"),
        Mark::Spreader => m("#1e8449", 3.0, "", 1, "spreader (rank, score)"),
        Mark::Broker => m("#b9770e", 2.5, "dashed", 1, "broker outside the region"),
    }
}

/// The line width of an export of `amount` US dollars: grows with the
/// logarithm of the amount in millions, from 1.5 (no amount) to at most 8.
pub fn export_width(amount: Option<f64>) -> f64 {
    match amount {
        Some(a) if a.is_finite() && a > 0.0 => (1.5 + 1.6 * (1.0 + a / 1e6).log10()).min(8.0),
        _ => 1.5,
    }
}

/// The legend's words for a node kind.
pub fn node_kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Country => "country",
        NodeKind::Ministry => "ministry",
        NodeKind::Agency => "agency",
        NodeKind::Organization => "organization",
        NodeKind::Person => "person",
    }
}

/// The legend's words for an edge kind.
pub fn edge_kind_name(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Mou => "MOU",
        EdgeKind::Loi => "letter of intent",
        EdgeKind::Forum => "forum",
        EdgeKind::Seminar => "seminar",
        EdgeKind::Conference => "conference",
        EdgeKind::Project => "project",
        EdgeKind::Export => "export (width: amount)",
        EdgeKind::Visit => "visit",
        EdgeKind::HubDesignation => "named as hub",
        EdgeKind::Affiliation => "affiliation",
        EdgeKind::PartOf => "part of",
        EdgeKind::MemberOf => "member of",
        EdgeKind::Borders => "borders",
        EdgeKind::Tie => "tie (no kind given)",
        EdgeKind::Signed => "signed",
        EdgeKind::Attended => "attended",
    }
}

/// An amount of dollars, short: `$133.54M`, `$8.71M`, `$950K`.
pub fn money(x: f64) -> String {
    if x >= 1e9 {
        format!("${:.2}B", x / 1e9)
    } else if x >= 1e6 {
        format!("${:.2}M", x / 1e6)
    } else if x >= 1e3 {
        format!("${:.0}K", x / 1e3)
    } else {
        format!("${x:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_look() {
        let shapes: std::collections::BTreeSet<_> = NodeKind::ALL
            .iter()
            .map(|&k| (node_style(k).shape, node_style(k).fill))
            .collect();
        assert_eq!(shapes.len(), NodeKind::ALL.len());
        let looks: std::collections::BTreeSet<_> = EdgeKind::ALL
            .iter()
            .map(|&k| (edge_style(k).color, edge_style(k).line))
            .collect();
        assert_eq!(looks.len(), EdgeKind::ALL.len());
    }

    #[test]
    fn larger_exports_are_wider() {
        assert!(export_width(Some(133_540_000.0)) > export_width(Some(8_710_000.0)));
        assert!(export_width(Some(8_710_000.0)) > export_width(None));
        assert!(export_width(Some(1e15)) <= 8.0);
        assert_eq!(export_width(Some(f64::NAN)), 1.5);
        assert_eq!(money(133_540_000.0), "$133.54M");
    }
}
