//! One integration-test binary (as ripgrep's `tests/tests.rs`): each module
//! tests one area the way a user meets it.

// Tests fail by panicking; the lints against panics are for the library.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod util;

mod analysis;
mod brokerage;
mod cli;
mod communities;
mod consistency;
mod corrections;
mod dataset;
mod diagrams;
mod formats;
mod generate;
mod holes;
mod hubs_rank;
mod layers;
mod map;
mod networkx;
mod own_data;
mod query;
mod reference;
mod spreaders;
mod store;
mod world;
mod writes;
