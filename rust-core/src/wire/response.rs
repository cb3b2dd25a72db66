//! Reading a scan's answer: each proto message body holds AS_MSG messages back to back, and each
//! is a record, a partition status, the stream's end, or a refusal. Records are re-encoded
//! straight into frame bytes (see `frame.rs`): digest, generation and void time copied, the set
//! and user key and every bin converted by [`particle`], no intermediate record object.

use super::{
    particle, FIELD_BVAL_ARRAY, FIELD_DIGEST, FIELD_ERROR_MESSAGE, FIELD_KEY, FIELD_TABLE,
    INFO3_LAST, INFO3_PARTITION_DONE, MSG_HEADER,
};
use crate::frame::{FLAG_SET_NAME, FLAG_USER_KEY};
use crate::partition_map::PARTITIONS;

/// Result codes with a meaning inside a scan stream.
pub const RC_OK: u8 = 0;
pub const RC_KEY_NOT_FOUND: u8 = 2;
pub const RC_PARTITION_UNAVAILABLE: u8 = 11;
pub const RC_FILTERED_OUT: u8 = 27;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("malformed answer: {0}")]
    Malformed(String),
    #[error("record {digest} in partition {partition}: {reason}")]
    BadValue {
        digest: String,
        partition: u16,
        reason: String,
    },
}

fn malformed(what: impl Into<String>) -> WireError {
    WireError::Malformed(what.into())
}

/// One AS_MSG of a scan answer, its fields located but not yet converted.
#[derive(Debug)]
pub struct Message<'a> {
    pub info3: u8,
    pub result: u8,
    pub generation: u32,
    pub void_time: u32,
    pub digest: Option<&'a [u8; 20]>,
    pub set: Option<&'a [u8]>,
    /// Particle type and bytes of the stored user key.
    pub key: Option<(u8, &'a [u8])>,
    pub bval: Option<u64>,
    pub error_message: Option<&'a [u8]>,
    pub op_count: u16,
    /// The operations (bins), back to back.
    pub ops: &'a [u8],
}

/// What a message means to the reader.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Record,
    /// The node cannot serve the partition now (result 11) or reports it finished.
    PartitionDone {
        partition: u16,
        result: u8,
    },
    /// The end of this node's answer; `result` ≠ 0 means the scan was aborted.
    Last {
        result: u8,
    },
    /// A start failure or an error the server put in place of a record.
    Refused {
        result: u8,
    },
}

impl Message<'_> {
    pub fn kind(&self) -> Kind {
        if self.info3 & INFO3_PARTITION_DONE != 0 {
            return Kind::PartitionDone {
                partition: (self.generation as usize % PARTITIONS) as u16,
                result: self.result,
            };
        }
        if self.info3 & INFO3_LAST != 0 {
            return Kind::Last {
                result: self.result,
            };
        }
        match self.result {
            RC_OK => Kind::Record,
            // The official clients take these as the end of the stream.
            RC_KEY_NOT_FOUND | RC_FILTERED_OUT => Kind::Last { result: RC_OK },
            result => Kind::Refused { result },
        }
    }

    /// The server's explanation attached to a refusal, if it sent one.
    pub fn detail(&self) -> Option<String> {
        self.error_message
            .map(|m| String::from_utf8_lossy(m).trim().to_string())
            .filter(|m| !m.is_empty())
    }

    /// The partition of the record's digest, as every client and server computes it.
    pub fn partition(&self) -> Option<u16> {
        self.digest.map(partition_of)
    }

    /// Appends the record in frame form. On error the caller truncates what was appended.
    pub fn encode_record(&self, out: &mut Vec<u8>) -> Result<(), WireError> {
        let digest = self
            .digest
            .ok_or_else(|| malformed("a record message without a digest"))?;
        self.encode_record_as(out, digest, self.set, self.key)
    }

    /// [`encode_record`](Self::encode_record) for a message that does not carry its record's
    /// identity (a batch answer row): the digest, set and user key the request named.
    pub fn encode_record_as(
        &self,
        out: &mut Vec<u8>,
        digest: &[u8; 20],
        set: Option<&[u8]>,
        key: Option<(u8, &[u8])>,
    ) -> Result<(), WireError> {
        let bad = |reason: String| WireError::BadValue {
            digest: hex(digest),
            partition: partition_of(digest),
            reason,
        };
        let mut flags = 0;
        if key.is_some() {
            flags |= FLAG_USER_KEY;
        }
        let set = set.filter(|s| !s.is_empty());
        if set.is_some() {
            flags |= FLAG_SET_NAME;
        }
        out.push(flags);
        out.extend_from_slice(digest);
        out.extend_from_slice(&self.generation.to_be_bytes());
        out.extend_from_slice(&self.void_time.to_be_bytes());
        if let Some(set) = set {
            put_name(out, set).map_err(|r| bad(format!("set name: {r}")))?;
        }
        if let Some((ptype, bytes)) = key {
            particle::encode(out, ptype, bytes).map_err(|e| bad(format!("user key: {e}")))?;
        }
        let count_at = out.len();
        out.extend_from_slice(&[0, 0]);
        let mut count: u16 = 0;
        let mut ops = self.ops;
        for _ in 0..self.op_count {
            let op = next_op(&mut ops)?;
            if op.ptype == particle::NULL {
                // A nil bin does not exist; the official clients leave it out too.
                continue;
            }
            put_name(out, op.name).map_err(|r| bad(format!("bin name: {r}")))?;
            particle::encode(out, op.ptype, op.value)
                .map_err(|e| bad(format!("bin '{}': {e}", String::from_utf8_lossy(op.name))))?;
            count += 1;
        }
        out[count_at..count_at + 2].copy_from_slice(&count.to_be_bytes());
        Ok(())
    }
}

/// The partition a digest belongs to: its first two bytes, little-endian, modulo 4096.
pub fn partition_of(digest: &[u8; 20]) -> u16 {
    u16::from_le_bytes([digest[0], digest[1]]) & (PARTITIONS as u16 - 1)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn put_name(out: &mut Vec<u8>, name: &[u8]) -> Result<(), String> {
    if std::str::from_utf8(name).is_err() {
        return Err(format!("{} is not UTF-8", String::from_utf8_lossy(name)));
    }
    // Names come from u8-length fields on the wire (bins) or are short (sets): they fit a u16.
    let len = u16::try_from(name.len()).map_err(|_| format!("{} bytes long", name.len()))?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(name);
    Ok(())
}

struct Op<'a> {
    ptype: u8,
    name: &'a [u8],
    value: &'a [u8],
}

fn next_op<'a>(ops: &mut &'a [u8]) -> Result<Op<'a>, WireError> {
    let size = ops
        .get(..4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
        .ok_or_else(|| malformed("an operation header runs past its message"))?;
    // After the size: op type, particle type, version, name length, name, value.
    let body = ops
        .get(4..4 + size)
        .filter(|b| b.len() >= 4)
        .ok_or_else(|| malformed("an operation runs past its message"))?;
    let name_len = usize::from(body[3]);
    let name = body
        .get(4..4 + name_len)
        .ok_or_else(|| malformed("a bin name runs past its operation"))?;
    let op = Op {
        ptype: body[1],
        name,
        value: &body[4 + name_len..],
    };
    *ops = &ops[4 + size..];
    Ok(op)
}

/// Reads the message at `*pos` of `body` and moves `*pos` past it.
pub fn next_message<'a>(body: &'a [u8], pos: &mut usize) -> Result<Message<'a>, WireError> {
    let rest = &body[*pos..];
    if rest.len() < MSG_HEADER {
        return Err(malformed(format!(
            "{} bytes left in a proto message, less than a message header",
            rest.len()
        )));
    }
    let header_size = usize::from(rest[0]);
    if header_size < MSG_HEADER || header_size > rest.len() {
        return Err(malformed(format!("a message header size of {header_size}")));
    }
    let u32_at = |i: usize| u32::from_be_bytes([rest[i], rest[i + 1], rest[i + 2], rest[i + 3]]);
    let field_count = u16::from_be_bytes([rest[18], rest[19]]);
    let op_count = u16::from_be_bytes([rest[20], rest[21]]);
    let mut msg = Message {
        info3: rest[3],
        result: rest[5],
        generation: u32_at(6),
        void_time: u32_at(10),
        digest: None,
        set: None,
        key: None,
        bval: None,
        error_message: None,
        op_count,
        ops: &[],
    };
    let mut at = header_size;
    for _ in 0..field_count {
        let size = rest
            .get(at..at + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
            .ok_or_else(|| malformed("a field header runs past its proto message"))?;
        let field = rest
            .get(at + 4..at + 4 + size)
            .filter(|f| !f.is_empty())
            .ok_or_else(|| malformed("a field runs past its proto message"))?;
        let data = &field[1..];
        match field[0] {
            FIELD_DIGEST => {
                msg.digest = Some(
                    data.try_into()
                        .map_err(|_| malformed(format!("a digest of {} bytes", data.len())))?,
                )
            }
            FIELD_TABLE => msg.set = Some(data),
            FIELD_KEY => {
                let (&ptype, bytes) = data
                    .split_first()
                    .ok_or_else(|| malformed("an empty key field"))?;
                msg.key = Some((ptype, bytes));
            }
            FIELD_BVAL_ARRAY => {
                let word: [u8; 8] = data
                    .try_into()
                    .map_err(|_| malformed(format!("an index value of {} bytes", data.len())))?;
                msg.bval = Some(u64::from_le_bytes(word));
            }
            FIELD_ERROR_MESSAGE => msg.error_message = Some(data),
            // The namespace (the reader knows it) and fields it does not use.
            _ => {}
        }
        at += 4 + size;
    }
    let ops_start = at;
    for _ in 0..op_count {
        let size = rest
            .get(at..at + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
            .ok_or_else(|| malformed("an operation header runs past its proto message"))?;
        at += 4 + size;
        if at > rest.len() {
            return Err(malformed("an operation runs past its proto message"));
        }
    }
    msg.ops = &rest[ops_start..at];
    *pos += at;
    Ok(msg)
}
