//! The one integration-test binary: each module checks one concern.

// A failed expectation in a test is a test failure, which is what these
// lints would otherwise forbid.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod networkx;
