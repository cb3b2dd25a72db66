//! The scan's own wire path. Reading a split is the connector's hot loop, and the official crate
//! builds every scanned record as an `aerospike::Record` (an `IndexMap` of `Value`s) that the
//! reader would only re-encode into a frame: most of a split's CPU went there. This module
//! speaks the scan part of the protocol itself — the request, the answer stream, the admin
//! login — and copies each record straight into frame bytes. Everything else (cluster tending,
//! the partition map, info commands, writes) stays with the crate.
//!
//! - [`request`]: the partition scan / index query request.
//! - [`response`]: the answer's messages, and a record's re-encoding into a frame.
//! - [`particle`]: bin values from wire particles to frame values.
//! - [`node`]: one connection to a node: connect, log in, send, read proto messages.
//! - [`batch`]: what batch requests share: the key digest and the parent message.
//! - [`batch_write`], [`batch_answer`]: the writer's batch-write request, encoded straight from
//!   write-frame bytes, and the batch answer (the writer uses the same node connections).
//! - [`batch_read`]: the key-list reader's batch-read request.

pub mod batch;
pub mod batch_answer;
pub mod batch_read;
pub mod batch_write;
pub mod node;
pub mod particle;
pub mod request;
pub mod response;

/// Proto header types.
pub const TYPE_ADMIN: u8 = 2;
pub const TYPE_AS_MSG: u8 = 3;
pub const TYPE_AS_MSG_COMPRESSED: u8 = 4;
pub const PROTO_VERSION: u8 = 2;

/// Bytes of an AS_MSG header.
pub const MSG_HEADER: usize = 22;

pub const INFO1_READ: u8 = 0x01;
pub const INFO3_LAST: u8 = 0x01;
pub const INFO3_PARTITION_DONE: u8 = 0x04;

pub const FIELD_NAMESPACE: u8 = 0;
pub const FIELD_TABLE: u8 = 1;
pub const FIELD_KEY: u8 = 2;
pub const FIELD_DIGEST: u8 = 4;
pub const FIELD_QUERY_ID: u8 = 7;
pub const FIELD_SOCKET_TIMEOUT: u8 = 9;
pub const FIELD_RECORDS_PER_SECOND: u8 = 10;
pub const FIELD_PID_ARRAY: u8 = 11;
pub const FIELD_DIGEST_ARRAY: u8 = 12;
pub const FIELD_BVAL_ARRAY: u8 = 15;
pub const FIELD_INDEX_RANGE: u8 = 22;
pub const FIELD_FILTER_EXP: u8 = 43;
pub const FIELD_ERROR_MESSAGE: u8 = 45;

pub const OP_READ: u8 = 1;

/// The 8-byte proto header: version, type, 48-bit big-endian body size.
pub fn proto_header(kind: u8, body: usize) -> [u8; 8] {
    let mut header = (body as u64).to_be_bytes();
    header[0] = PROTO_VERSION;
    header[1] = kind;
    header
}
