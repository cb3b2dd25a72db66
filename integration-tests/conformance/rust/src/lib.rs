//! Conformance suite for the official Rust client (`aerospike` 3.0.0) against aerolite.
//!
//! The library half holds what every case needs: in-process aerolite clusters with a connected
//! client ([`fixture`]), record builders ([`data`]), scan collectors ([`scan`]), info readers
//! ([`info`]) and result-code helpers ([`codes`]). The cases live under `tests/`; `integration-tests/conformance/CASES.md`
//! lists them with the numbering shared with the Python and Java suites.

pub mod codes;
pub mod data;
pub mod fixture;
pub mod info;
pub mod scan;

pub use fixture::{block_on, one_node, three_nodes, Fixture, FixtureError};
