//! The kinds of node and edge, with their names as written in data files.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every kind, in the order of the data format reference.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The kind's name as written in data files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<$name, String> {
                let lower = s.trim().to_ascii_lowercase();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == lower)
                    .ok_or_else(|| {
                        let names: Vec<&str> = $name::ALL.iter().map(|k| k.as_str()).collect();
                        format!("unknown {} '{}'; expected one of: {}", stringify!($name).to_lowercase().replace("kind", " kind"), s, names.join(", "))
                    })
            }
        }
    };
}

named_enum! {
    /// What a node is.
    NodeKind {
        /// A sovereign state or territory, id = ISO 3166-1 alpha-2.
        Country => "country",
        /// A ministry of a government.
        Ministry => "ministry",
        /// An agency, institute, bureau or centre.
        Agency => "agency",
        /// An international body, bank or regional bloc.
        Organization => "organization",
        /// A named person.
        Person => "person",
    }
}

named_enum! {
    /// What an edge records.
    EdgeKind {
        /// A memorandum of understanding.
        Mou => "mou",
        /// A letter of intent.
        Loi => "loi",
        /// A cooperation forum.
        Forum => "forum",
        /// A joint seminar.
        Seminar => "seminar",
        /// A conference hosted or attended.
        Conference => "conference",
        /// A project carried out for or in the target.
        Project => "project",
        /// An export of products or services.
        Export => "export",
        /// A visit.
        Visit => "visit",
        /// A source names the target as a hub for spreading a model in a region.
        HubDesignation => "hub_designation",
        /// A person's role in a body.
        Affiliation => "affiliation",
        /// A body belongs to a body or a country.
        PartOf => "part_of",
        /// A country is a member of an organization.
        MemberOf => "member_of",
        /// Two countries share a land border.
        Borders => "borders",
        /// A tie of no stated kind, as an edge list without a kind column
        /// gives it.
        Tie => "tie",
        /// A person signed an agreement with a body or country (the
        /// counterpart of the agreement's own tie).
        Signed => "signed",
        /// A person attended an event held with a body or country (the
        /// counterpart of the event's own tie).
        Attended => "attended",
    }
}

/// Whether an edge's event took place or is only announced.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EdgeStatus {
    /// It happened (the default).
    #[default]
    Realised,
    /// A source announces it ("will sign", "will host"); analyses leave it
    /// out unless asked (`--include-planned`).
    Planned,
}

impl EdgeStatus {
    /// Every status, the default first.
    pub const ALL: &'static [EdgeStatus] = &[EdgeStatus::Realised, EdgeStatus::Planned];

    /// The status as written in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeStatus::Realised => "realised",
            EdgeStatus::Planned => "planned",
        }
    }

    /// Whether this is the default status (`realised`), which writers
    /// leave out.
    pub fn is_default(&self) -> bool {
        *self == EdgeStatus::Realised
    }
}

impl fmt::Display for EdgeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EdgeStatus {
    type Err = String;

    /// `realised` (or `realized`) and `planned`, in any case.
    fn from_str(s: &str) -> Result<EdgeStatus, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "realised" | "realized" => Ok(EdgeStatus::Realised),
            "planned" => Ok(EdgeStatus::Planned),
            _ => Err(format!(
                "unknown edge status '{s}'; expected one of: realised, planned"
            )),
        }
    }
}

impl EdgeKind {
    /// Symmetric kinds are stored once and analysed as undirected.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            EdgeKind::Mou
                | EdgeKind::Loi
                | EdgeKind::Forum
                | EdgeKind::Seminar
                | EdgeKind::Conference
                | EdgeKind::Borders
        )
    }

    /// Cooperation kinds: the events the tool exists to track. Each needs a
    /// citation.
    pub fn is_cooperation(self) -> bool {
        matches!(
            self,
            EdgeKind::Mou
                | EdgeKind::Loi
                | EdgeKind::Forum
                | EdgeKind::Seminar
                | EdgeKind::Conference
                | EdgeKind::Project
                | EdgeKind::Export
                | EdgeKind::Visit
        )
    }

    /// Context kinds: geography and membership (`borders`, `member_of`).
    pub fn is_context(self) -> bool {
        matches!(self, EdgeKind::Borders | EdgeKind::MemberOf)
    }

    /// Structural kinds: how bodies and people fit inside countries
    /// (`part_of`, `affiliation`).
    pub fn is_structural(self) -> bool {
        matches!(self, EdgeKind::PartOf | EdgeKind::Affiliation)
    }

    /// Participation kinds: who took part in an event that has a tie of
    /// its own (`signed`, `attended`). Like `hub_designation`, analysis
    /// views leave them out unless the kinds are asked for, so an MOU and
    /// its signatures are not counted as several ties.
    pub fn is_participation(self) -> bool {
        matches!(self, EdgeKind::Signed | EdgeKind::Attended)
    }

    /// The default strength of one tie of this kind, used to weigh merged
    /// edges in the country and org views (see docs/analysis.md).
    pub fn strength(self) -> f64 {
        match self {
            EdgeKind::Mou | EdgeKind::Export | EdgeKind::Project => 3.0,
            EdgeKind::Loi | EdgeKind::Forum | EdgeKind::Seminar => 2.0,
            EdgeKind::Conference | EdgeKind::Visit => 1.5,
            EdgeKind::HubDesignation => 1.0,
            EdgeKind::Affiliation | EdgeKind::PartOf => 1.0,
            EdgeKind::MemberOf | EdgeKind::Borders => 0.5,
            EdgeKind::Tie => 1.0,
            EdgeKind::Signed | EdgeKind::Attended => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in EdgeKind::ALL {
            assert_eq!(k.as_str().parse::<EdgeKind>(), Ok(*k));
        }
        for k in NodeKind::ALL {
            assert_eq!(k.as_str().parse::<NodeKind>(), Ok(*k));
        }
        assert_eq!("MOU".parse::<EdgeKind>(), Ok(EdgeKind::Mou));
        for s in EdgeStatus::ALL {
            assert_eq!(s.as_str().parse::<EdgeStatus>(), Ok(*s));
        }
        assert_eq!("Realized".parse::<EdgeStatus>(), Ok(EdgeStatus::Realised));
        let e = "maybe".parse::<EdgeStatus>().err().unwrap_or_default();
        assert!(e.contains("expected one of: realised, planned"), "{e}");
    }

    #[test]
    fn unknown_kind_lists_the_known_ones() {
        let e = "treaty".parse::<EdgeKind>().err().unwrap_or_default();
        assert!(e.contains("unknown edge kind 'treaty'"), "{e}");
        assert!(e.contains("mou, loi"), "{e}");
    }
}
