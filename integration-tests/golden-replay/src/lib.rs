//! Replays the golden Aerospike captures (real clients talking to a real Aerospike 8.1 server)
//! against aerolite and compares the answers in structure.
//!
//! The pipeline: [`capture`] rebuilds the TCP byte streams of a pcap, [`exchange`] pairs every
//! request with its answer, [`seed`] recreates the data the real server held, [`replay`] sends
//! the captured request bytes to aerolite, and [`compare`] reports every structural difference,
//! which [`divergence`] then either explains or leaves as a failure.

pub mod capture;
pub mod compare;
pub mod divergence;
pub mod exchange;
pub mod replay;
pub mod scenario;
pub mod seed;
pub mod wire;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("pcap: {0}")]
    Pcap(String),
    #[error("{what}: bytes missing from offset {offset} to {next}")]
    Gap {
        what: String,
        offset: u64,
        next: u64,
    },
    #[error("decode: {0}")]
    Decode(String),
    #[error("i/o with aerolite: {0}")]
    Io(#[from] std::io::Error),
    #[error("aerolite: {0}")]
    Aerolite(String),
}
