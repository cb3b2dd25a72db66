//! The record batches Java hands to a writer through a direct `ByteBuffer` (issue 6): many records
//! per JNI call, big-endian, values in the read frame's tagged format (one codec, in `frame.rs`,
//! reads and writes values in both directions).
//!
//! ```text
//! Frame  := u32 recordCount, recordCount × Record
//! Record := u8 flags     bit0: user key present; bit1: digest present; bit2: set override present
//!           [u16 len, UTF-8 set]     if bit2 (else the writer's set)
//!           [Value]                  user key (INT, STRING or BLOB) if bit0
//!           [20] digest              if bit1 (write by digest when there is no user key)
//!           u32 generation           (used by generation policies; 0 otherwise)
//!           u16 binCount, binCount × (u16 nameLen, UTF-8 name, Value)   — Value NIL deletes the bin
//! ```
//!
//! [`encode`] writes a frame (tests, and the cross-language vectors java-shim's encoder must match
//! byte for byte); [`decode`] reads one, as the writer does with every frame Java sends.

use aerospike::Value;

use crate::frame::{encode_value, put_short_str, Cursor, FrameError};

pub const FLAG_USER_KEY: u8 = 0x01;
pub const FLAG_DIGEST: u8 = 0x02;
pub const FLAG_SET: u8 = 0x04;
pub(crate) const KNOWN_FLAGS: u8 = FLAG_USER_KEY | FLAG_DIGEST | FLAG_SET;

/// The smallest valid record: flags, an empty string key (tag + u32 length), generation and a
/// zero bin count. Bounds pre-allocation for a count the bytes cannot hold.
const MIN_RECORD: usize = 1 + 5 + 4 + 2;

/// One record to write, as a frame carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteRecord {
    /// The set, when it differs from the writer's.
    pub set: Option<String>,
    /// INT, STRING or BLOB; the record is addressed by it when present.
    pub user_key: Option<Value>,
    /// Used when there is no user key.
    pub digest: Option<[u8; 20]>,
    /// The generation a generation policy compares against.
    pub generation: u32,
    /// In frame order; a `Nil` value deletes the bin.
    pub bins: Vec<(String, Value)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WriteFrameError {
    #[error(transparent)]
    Frame(#[from] FrameError),
    #[error("record {record} has unknown flag bits {flags:#04x}")]
    UnknownFlags { record: u32, flags: u8 },
    #[error("record {record}: a user key must be an integer, a string or a blob, not {found}")]
    BadUserKey { record: u32, found: String },
    #[error("record {record} has neither a user key nor a digest")]
    NoKey { record: u32 },
    #[error("a frame holds at most {max} records, not {count}", max = u32::MAX)]
    TooManyRecords { count: usize },
    #[error(
        "record {record}: a bin name of {len} bytes does not fit a write operation (at most 255)"
    )]
    BinNameTooLong { record: u32, len: usize },
    #[error("record {record}: a map key must be an integer, a string or a blob, not a value with frame tag {tag}")]
    BadMapKey { record: u32, tag: u8 },
    /// `key` and `bin` are filled in by the row encoder once it knows them (empty where raised).
    #[error("record {record} ({key}), bin '{bin}': lists and maps nested deeper than {max} (the most the connector reads back)", max = crate::frame::MAX_DEPTH)]
    TooDeep {
        record: u32,
        key: String,
        bin: String,
    },
    #[error("record {record} ({key}): generation {generation} to check is not a record generation (0 to 65535)")]
    BadGeneration {
        record: u32,
        key: String,
        generation: i32,
    },
}

fn check_user_key(record: u32, key: &Value) -> Result<(), WriteFrameError> {
    match key {
        Value::Int(_) | Value::String(_) | Value::Blob(_) => Ok(()),
        other => Err(WriteFrameError::BadUserKey {
            record,
            found: format!("{other:?}"),
        }),
    }
}

/// Encodes `records` as one frame.
pub fn encode(records: &[WriteRecord]) -> Result<Vec<u8>, WriteFrameError> {
    let count = u32::try_from(records.len()).map_err(|_| WriteFrameError::TooManyRecords {
        count: records.len(),
    })?;
    let mut out = Vec::with_capacity(64 * records.len() + 4);
    out.extend_from_slice(&count.to_be_bytes());
    for (index, r) in (0u32..).zip(records) {
        let mut flags = 0;
        if r.user_key.is_some() {
            flags |= FLAG_USER_KEY;
        }
        if r.digest.is_some() {
            flags |= FLAG_DIGEST;
        }
        if r.set.is_some() {
            flags |= FLAG_SET;
        }
        if r.user_key.is_none() && r.digest.is_none() {
            return Err(WriteFrameError::NoKey { record: index });
        }
        out.push(flags);
        if let Some(set) = &r.set {
            put_short_str(&mut out, "set name", set)?;
        }
        if let Some(key) = &r.user_key {
            check_user_key(index, key)?;
            encode_value(&mut out, key)?;
        }
        if let Some(digest) = &r.digest {
            out.extend_from_slice(digest);
        }
        out.extend_from_slice(&r.generation.to_be_bytes());
        let bins =
            u16::try_from(r.bins.len()).map_err(|_| FrameError::TooManyBins(r.bins.len()))?;
        out.extend_from_slice(&bins.to_be_bytes());
        for (name, value) in &r.bins {
            put_short_str(&mut out, "bin name", name)?;
            encode_value(&mut out, value)?;
        }
    }
    Ok(out)
}

/// Reads a whole frame; every record is checked (flags, key type, a key or a digest) before the
/// writer sends any of it.
pub fn decode(bytes: &[u8]) -> Result<Vec<WriteRecord>, WriteFrameError> {
    let mut c = Cursor::new(bytes);
    let count = c.u32()?;
    let mut records = Vec::with_capacity((count as usize).min(bytes.len() / MIN_RECORD));
    for index in 0..count {
        let flags = c.u8()?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(WriteFrameError::UnknownFlags {
                record: index,
                flags,
            });
        }
        let set = if flags & FLAG_SET != 0 {
            let len = usize::from(c.u16()?);
            Some(c.string(len)?)
        } else {
            None
        };
        let user_key = if flags & FLAG_USER_KEY != 0 {
            let key = c.value()?;
            check_user_key(index, &key)?;
            Some(key)
        } else {
            None
        };
        let digest = if flags & FLAG_DIGEST != 0 {
            Some(c.array::<20>()?)
        } else {
            None
        };
        if user_key.is_none() && digest.is_none() {
            return Err(WriteFrameError::NoKey { record: index });
        }
        let generation = c.u32()?;
        let bins = c.bins()?;
        records.push(WriteRecord {
            set,
            user_key,
            digest,
            generation,
            bins,
        });
    }
    if c.remaining() != 0 {
        return Err(FrameError::Trailing(c.remaining()).into());
    }
    debug_assert_eq!(c.position(), bytes.len());
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: Option<Value>, digest: Option<[u8; 20]>) -> WriteRecord {
        WriteRecord {
            set: None,
            user_key: key,
            digest,
            generation: 0,
            bins: vec![("a".into(), Value::Int(1))],
        }
    }

    #[test]
    fn records_of_every_shape_round_trip() {
        let records = vec![
            WriteRecord {
                set: Some("sät".into()),
                user_key: Some(Value::from("k")),
                digest: Some([3; 20]),
                generation: u32::MAX,
                bins: vec![
                    ("gone".into(), Value::Nil),
                    (
                        "l".into(),
                        Value::List(vec![Value::Int(-1), Value::from(0.5)]),
                    ),
                ],
            },
            record(Some(Value::Blob(vec![1, 2])), None),
            record(None, Some([9; 20])),
            WriteRecord {
                bins: vec![],
                ..record(Some(Value::Int(i64::MIN)), None)
            },
        ];
        let bytes = encode(&records).expect("encodes");
        assert_eq!(&bytes[..4], &4u32.to_be_bytes());
        assert_eq!(bytes[4], FLAG_USER_KEY | FLAG_DIGEST | FLAG_SET);
        assert_eq!(decode(&bytes).expect("decodes"), records);
    }

    #[test]
    fn a_record_without_key_or_digest_is_refused_both_ways() {
        assert_eq!(
            encode(&[record(Some(Value::Int(1)), None), record(None, None)]),
            Err(WriteFrameError::NoKey { record: 1 })
        );
        // count 1, flags 0, generation 0, no bins
        let bytes = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(decode(&bytes), Err(WriteFrameError::NoKey { record: 0 }));
    }

    #[test]
    fn a_user_key_of_another_type_is_refused() {
        let e = encode(&[record(Some(Value::Bool(true)), None)]).unwrap_err();
        assert!(
            matches!(e, WriteFrameError::BadUserKey { record: 0, .. }),
            "{e}"
        );
        // count 1, flags key, FLOAT 1.0, generation, no bins
        let mut bytes = vec![0, 0, 0, 1, FLAG_USER_KEY, 2];
        bytes.extend_from_slice(&1.0f64.to_bits().to_be_bytes());
        bytes.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let e = decode(&bytes).unwrap_err();
        assert!(
            matches!(e, WriteFrameError::BadUserKey { record: 0, .. }),
            "{e}"
        );
    }

    #[test]
    fn unknown_flags_truncation_and_trailing_bytes_are_refused() {
        let bytes = encode(&[record(Some(Value::Int(5)), None)]).expect("encodes");
        let mut flagged = bytes.clone();
        flagged[4] |= 0x80;
        assert_eq!(
            decode(&flagged),
            Err(WriteFrameError::UnknownFlags {
                record: 0,
                flags: 0x81
            })
        );
        for cut in [0, 3, 5, bytes.len() - 1] {
            assert!(
                matches!(
                    decode(&bytes[..cut]),
                    Err(WriteFrameError::Frame(FrameError::Truncated(_)))
                ),
                "cut {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 0]);
        assert_eq!(
            decode(&longer),
            Err(WriteFrameError::Frame(FrameError::Trailing(2)))
        );
        // A count far beyond the bytes must not allocate for it.
        assert!(decode(&[0xFF, 0xFF, 0xFF, 0xFF]).is_err());
    }
}
