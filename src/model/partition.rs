//! Partitions: the view's nodes split into groups by an attribute, for the
//! measures that read groups (brokerage roles, participation coefficient,
//! within-module degree).
//!
//! A group is named by a text value. A node without a value (an
//! organisation has no M49 region, a row without the CSV column) is a group
//! of its own: two such nodes are never counted as fellow members.

use std::collections::HashMap;

use super::{EdgeKind, Folding, Graph, NodeKind};
use crate::error::{Error, Result};

/// What splits the nodes into groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Partition {
    /// A country's UN M49 sub-region; a body or person takes its country's.
    Region,
    /// The set of organisations a country is a current member of (a
    /// `member_of` edge without an `end_date`), e.g. `cis+eaeu`; a country
    /// in none has the value `none`.
    Membership,
    /// A node field (`kind`, `country`, `region`) or an imported attribute
    /// (a CSV column such as `group`).
    Attribute(String),
}

impl Partition {
    /// `region`, `membership`, or any other word as an attribute name.
    pub fn parse(s: &str) -> Partition {
        match s {
            "region" => Partition::Region,
            "membership" => Partition::Membership,
            other => Partition::Attribute(other.to_string()),
        }
    }

    /// The name it was given by.
    pub fn name(&self) -> &str {
        match self {
            Partition::Region => "region",
            Partition::Membership => "membership",
            Partition::Attribute(a) => a,
        }
    }
}

/// Every view node's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// `of[v]`: the group of view node `v`, numbered `0..labels.len()` in
    /// order of first appearance.
    pub of: Vec<u32>,
    /// Each group's value; `None` for a node without one (a group of its
    /// own).
    pub labels: Vec<Option<String>>,
}

impl Groups {
    /// Groups from one optional value per node: equal values share a group,
    /// every `None` is a group of its own.
    pub fn from_values(values: impl IntoIterator<Item = Option<String>>) -> Groups {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut labels: Vec<Option<String>> = Vec::new();
        let of = values
            .into_iter()
            .map(|value| {
                let next = labels.len() as u32;
                match value {
                    Some(s) => *index.entry(s.clone()).or_insert_with(|| {
                        labels.push(Some(s));
                        next
                    }),
                    None => {
                        labels.push(None);
                        next
                    }
                }
            })
            .collect();
        Groups { of, labels }
    }

    /// The value of view node `v`'s group.
    pub fn label(&self, v: u32) -> Option<&str> {
        let g = *self.of.get(v as usize)?;
        self.labels.get(g as usize)?.as_deref()
    }
}

impl Folding {
    /// Splits the view's nodes into groups by `by`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when an attribute is named that no node of the
    /// view has (a misspelt column would otherwise make every node a group
    /// of its own).
    pub fn groups(&self, g: &Graph, by: &Partition) -> Result<Groups> {
        let values: Vec<Option<String>> = self
            .nodes()
            .iter()
            .map(|&ix| {
                let node = g.node(ix)?;
                match by {
                    Partition::Region => node.region.clone().or_else(|| {
                        let c = g.node_by_id(node.country.as_ref()?.as_str())?;
                        c.region.clone()
                    }),
                    Partition::Membership => {
                        if node.kind != NodeKind::Country {
                            return None;
                        }
                        let mut orgs: Vec<String> = Vec::new();
                        g.for_each_edge_at(ix, |e| {
                            if e.from == ix && e.kind == EdgeKind::MemberOf {
                                let current = g
                                    .edge(e.index)
                                    .is_some_and(|full| full.edge.end_date.is_none());
                                if let (true, Some(org)) = (current, g.node_id(e.to)) {
                                    orgs.push(org.to_string());
                                }
                            }
                        });
                        orgs.sort();
                        orgs.dedup();
                        Some(if orgs.is_empty() {
                            "none".to_string()
                        } else {
                            orgs.join("+")
                        })
                    }
                    Partition::Attribute(a) => match a.as_str() {
                        "kind" => Some(node.kind.as_str().to_string()),
                        "country" => node.country.as_ref().map(|c| c.to_string()),
                        "region" => node.region.clone(),
                        other => node.attrs.get(other).filter(|s| !s.is_empty()).cloned(),
                    },
                }
            })
            .collect();
        if let Partition::Attribute(a) = by {
            if !values.is_empty() && values.iter().all(Option::is_none) {
                return Err(Error::Invalid(format!(
                    "no node of this view has the attribute '{a}'"
                )));
            }
        }
        Ok(Groups::from_values(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_a_group_and_missing_ones_stand_alone() {
        let g = Groups::from_values([
            Some("a".to_string()),
            None,
            Some("b".to_string()),
            Some("a".to_string()),
            None,
        ]);
        assert_eq!(g.of, [0, 1, 2, 0, 3]);
        assert_eq!(g.label(0), Some("a"));
        assert_eq!(g.label(1), None);
        assert_eq!(g.label(9), None);
    }

    #[test]
    fn parses_the_two_built_in_partitions_and_any_attribute() {
        assert_eq!(Partition::parse("region"), Partition::Region);
        assert_eq!(Partition::parse("membership"), Partition::Membership);
        assert_eq!(
            Partition::parse("group"),
            Partition::Attribute("group".into())
        );
        assert_eq!(Partition::parse("group").name(), "group");
    }
}
