//! aerohadoop's core: everything the Java shim asks of Aerospike, behind a small JNI surface.
//!
//! - [`connection`]: a validated connection configuration, the registry's key.
//! - [`cluster`]: one client per configuration per process, and the cluster view splits are
//!   planned from.
//! - [`partition_map`]: the master of each partition, from the nodes' `replicas` answers.
//! - [`split`]: split planning (partition ranges, node shares, numeric ranges).
//! - [`scan`]: a split's reader, feeding frames to the consumer with bounded memory.
//! - [`user_key`], [`key_split`], [`key_read`]: reading a list of user keys with batch reads
//!   (splits by master node, a reader producing the scan's frames).
//! - [`tls`]: TLS settings, shared by the crate's connections and the reader's.
//! - [`wire`]: the scan's own wire path: request, answer stream, records straight into frames.
//! - [`frame`]: the record-batch format handed to Java; `frame_queue`: the consumer's end of a
//!   reader's bounded frame queue (scan and key reads).
//! - [`json_lines`], [`seq_records`], [`avro_datums`]: export's JSON lines, SequenceFile records
//!   and Avro datums, written straight from a frame's records (`frame_cursor` walks them).
//! - [`write`]: a writer sending Java's records as batch writes, several batches in flight.
//! - [`write_frame`]: the record-batch format Java hands to a writer.
//! - [`write_route`]: a writer's partition masters, node connections and batch exchanges.
//! - [`partition_ranges`]: partition id lists as runs, for splits and messages.
//! - [`runtime`]: the one tokio runtime of the process.
//! - [`error`]: the error type, with Aerospike result codes.
//! - `jni`: the entry points Java calls; glue only.

pub mod avro_datums;
pub mod cluster;
pub mod connection;
pub mod error;
pub mod frame;
mod frame_cursor;
mod frame_queue;
pub mod json_lines;
pub mod key_read;
pub mod key_split;
pub mod partition_map;
pub mod partition_ranges;
pub mod runtime;
pub mod scan;
pub mod seq_records;
pub mod split;
pub mod tls;
pub mod user_key;
pub mod wire;
pub mod write;
pub mod write_frame;
pub mod write_route;

mod jni;

pub use error::{Error, Result};
