//! Regions: the groups of countries the spreader analysis targets.
//!
//! A region is a UN M49 sub-region (the `region` field of country nodes,
//! e.g. "Central Asia") or an organization's members (countries with a
//! `member_of` edge to it, e.g. the CIS).

use petgraph::stable_graph::NodeIndex;

use super::fold::fold;
use super::{EdgeKind, Graph, NodeKind};
use crate::error::{Error, Result};

/// What defines a region's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    /// A UN M49 sub-region.
    SubRegion,
    /// The members of an organization.
    Membership,
}

/// A named group of countries.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The name as data spells it ("Central Asia", or the organization's
    /// name).
    pub name: String,
    /// The organization's node, for a membership region.
    pub organization: Option<NodeIndex>,
    /// What defines it.
    pub kind: RegionKind,
    /// Its member countries, in node order.
    pub members: Vec<NodeIndex>,
}

impl Graph {
    /// Every region: each M49 sub-region named by a country, then each
    /// organization with member countries.
    pub fn regions(&self) -> Vec<Region> {
        let countries = self.nodes_of_kind(NodeKind::Country);
        let mut names: Vec<&str> = countries
            .iter()
            .filter_map(|&ix| self.node(ix)?.region.as_deref())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut out: Vec<Region> = names
            .iter()
            .filter_map(|r| self.sub_region_of(&countries, r))
            .collect();
        for ix in self.nodes_of_kind(NodeKind::Organization) {
            if let Some(r) = self.membership(ix) {
                out.push(r);
            }
        }
        out
    }

    /// The nodes of one kind, in node order, found without building the
    /// other nodes' records.
    fn nodes_of_kind(&self, kind: NodeKind) -> Vec<NodeIndex> {
        self.node_indices()
            .filter(|&ix| self.node_kind(ix) == Some(kind))
            .collect()
    }

    /// The region a user names: an M49 sub-region (ignoring case), or an
    /// organization by id, name or alias whose members are countries.
    pub fn region(&self, query: &str) -> Result<Region> {
        let q = fold(query);
        let countries = self.nodes_of_kind(NodeKind::Country);
        let sub = countries
            .iter()
            .filter_map(|&ix| self.node(ix)?.region.as_deref())
            .find(|r| fold(r) == q);
        if let Some(name) = sub {
            if let Some(r) = self.sub_region_of(&countries, name) {
                return Ok(r);
            }
        }
        if let Ok(ix) = self.resolve(query) {
            if let Some(r) = self.membership(ix) {
                return Ok(r);
            }
        }
        let known: Vec<String> = self.regions().into_iter().map(|r| r.name).collect();
        Err(Error::Invalid(format!(
            "no region '{query}'; known regions: {}",
            known.join(", ")
        )))
    }

    /// The sub-region `name` of `countries` (every country, in node order).
    fn sub_region_of(&self, countries: &[NodeIndex], name: &str) -> Option<Region> {
        let members: Vec<NodeIndex> = countries
            .iter()
            .copied()
            .filter(|&ix| {
                self.node(ix)
                    .is_some_and(|n| n.region.as_deref() == Some(name))
            })
            .collect();
        (!members.is_empty()).then(|| Region {
            name: name.to_string(),
            organization: None,
            kind: RegionKind::SubRegion,
            members,
        })
    }

    fn membership(&self, org: NodeIndex) -> Option<Region> {
        let name = self.node_name(org)?;
        let mut members: Vec<NodeIndex> = Vec::new();
        self.for_each_edge_at(org, |e| {
            // A membership that has ended (an `end_date`) is history:
            // the region is the organisation's members today.
            if e.to == org
                && e.kind == EdgeKind::MemberOf
                && self.node_kind(e.from) == Some(NodeKind::Country)
                && self
                    .edge(e.index)
                    .is_some_and(|x| x.edge.end_date.is_none())
            {
                members.push(e.from);
            }
        });
        members.sort();
        members.dedup();
        (!members.is_empty()).then(|| Region {
            name: name.to_string(),
            organization: Some(org),
            kind: RegionKind::Membership,
            members,
        })
    }
}
