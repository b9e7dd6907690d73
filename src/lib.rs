//! egov-graph: a graph database of international e-government relations.

pub mod analysis;
