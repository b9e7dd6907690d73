//! egov-graph: a graph database of international e-government relations.

pub mod analysis;
pub mod builtin;
pub mod error;
pub mod generate;
pub mod io;
pub mod model;
pub mod paint;
mod par;
pub mod query;
pub mod reference;
pub mod render;
pub mod store;

pub use error::{Error, Result};
pub use model::*;
