//! The partition scan request, as the official clients send it to one node: an AS_MSG read with
//! the partition-done flag, the namespace and set, the partitions to read in full, the digests
//! (and, for an index query, the index values) to resume partitions after, the projection as
//! read operations and the filter expression as the Java client packs it.

use super::{
    proto_header, FIELD_BVAL_ARRAY, FIELD_DIGEST_ARRAY, FIELD_FILTER_EXP, FIELD_INDEX_RANGE,
    FIELD_NAMESPACE, FIELD_PID_ARRAY, FIELD_QUERY_ID, FIELD_RECORDS_PER_SECOND,
    FIELD_SOCKET_TIMEOUT, FIELD_TABLE, INFO1_READ, INFO3_PARTITION_DONE, MSG_HEADER, OP_READ,
    TYPE_AS_MSG,
};
use crate::wire::particle;

/// A secondary-index range over an integer bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRange {
    pub bin: String,
    pub begin: i64,
    pub end: i64,
}

/// Where a partition's read resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub partition: u16,
    /// The last record delivered, or `None` to read the partition from its start.
    pub digest: Option<[u8; 20]>,
    /// The index value of that record (index queries only).
    pub bval: Option<u64>,
}

/// One scan (or index query) of one node.
#[derive(Debug, Clone)]
pub struct ScanRequest<'a> {
    pub namespace: &'a str,
    pub set: &'a str,
    /// Bins to return; empty: all.
    pub bins: &'a [String],
    /// A packed filter expression.
    pub filter_exp: Option<&'a [u8]>,
    pub range: Option<&'a IndexRange>,
    /// 0: unthrottled.
    pub records_per_second: u32,
    pub socket_timeout_ms: u32,
    pub task_id: u64,
    pub partitions: &'a [Resume],
}

struct Fields<'b> {
    out: &'b mut Vec<u8>,
    count: u16,
}

impl Fields<'_> {
    fn header(&mut self, field: u8, len: usize) {
        self.out.extend_from_slice(&(len as u32 + 1).to_be_bytes());
        self.out.push(field);
        self.count += 1;
    }

    fn bytes(&mut self, field: u8, data: &[u8]) {
        self.header(field, data.len());
        self.out.extend_from_slice(data);
    }
}

impl ScanRequest<'_> {
    /// The whole message, proto header included.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![0u8; 8 + MSG_HEADER];
        let mut fields = Fields {
            out: &mut out,
            count: 0,
        };
        if !self.namespace.is_empty() {
            fields.bytes(FIELD_NAMESPACE, self.namespace.as_bytes());
        }
        if !self.set.is_empty() {
            fields.bytes(FIELD_TABLE, self.set.as_bytes());
        }
        if self.records_per_second > 0 {
            fields.bytes(
                FIELD_RECORDS_PER_SECOND,
                &self.records_per_second.to_be_bytes(),
            );
        }
        fields.bytes(FIELD_SOCKET_TIMEOUT, &self.socket_timeout_ms.to_be_bytes());
        fields.bytes(FIELD_QUERY_ID, &self.task_id.to_be_bytes());
        if let Some(r) = self.range {
            // One range: u8 count, u8 name length, name, particle type, then begin and end
            // each as u32 length + value.
            let mut body = vec![1u8, r.bin.len() as u8];
            body.extend_from_slice(r.bin.as_bytes());
            body.push(particle::INTEGER);
            for v in [r.begin, r.end] {
                body.extend_from_slice(&8u32.to_be_bytes());
                body.extend_from_slice(&v.to_be_bytes());
            }
            fields.bytes(FIELD_INDEX_RANGE, &body);
        }
        if let Some(exp) = self.filter_exp {
            fields.bytes(FIELD_FILTER_EXP, exp);
        }
        let full: Vec<&Resume> = self
            .partitions
            .iter()
            .filter(|p| p.digest.is_none())
            .collect();
        let partial: Vec<&Resume> = self
            .partitions
            .iter()
            .filter(|p| p.digest.is_some())
            .collect();
        if !full.is_empty() {
            fields.header(FIELD_PID_ARRAY, full.len() * 2);
            for p in &full {
                fields.out.extend_from_slice(&p.partition.to_le_bytes());
            }
        }
        if !partial.is_empty() {
            fields.header(FIELD_DIGEST_ARRAY, partial.len() * 20);
            for p in &partial {
                fields.out.extend_from_slice(&p.digest.unwrap_or_default());
            }
            if self.range.is_some() {
                fields.header(FIELD_BVAL_ARRAY, partial.len() * 8);
                for p in &partial {
                    fields
                        .out
                        .extend_from_slice(&p.bval.unwrap_or(0).to_le_bytes());
                }
            }
        }
        let field_count = fields.count;
        for bin in self.bins {
            out.extend_from_slice(&(bin.len() as u32 + 4).to_be_bytes());
            out.extend_from_slice(&[OP_READ, 0, 0, bin.len() as u8]);
            out.extend_from_slice(bin.as_bytes());
        }
        let msg = &mut out[8..8 + MSG_HEADER];
        msg[0] = MSG_HEADER as u8;
        msg[1] = INFO1_READ;
        msg[3] = INFO3_PARTITION_DONE;
        // Server-side timeout (bytes 14..18) is left 0: the socket timeout field bounds the scan.
        msg[18..20].copy_from_slice(&field_count.to_be_bytes());
        msg[20..22].copy_from_slice(&(self.bins.len() as u16).to_be_bytes());
        let body = out.len() - 8;
        out[..8].copy_from_slice(&proto_header(TYPE_AS_MSG, body));
        out
    }
}
