//! Walks the records of a frame (the layout is [`crate::frame`]'s) in place, for the encoders
//! that turn each record straight into an export file's bytes (`json_lines`, `seq_records`):
//! [`Cursor::next_record`] reads a record's header, then the encoder reads the user key and the
//! bins with the value-level reads here, in order.
//!
//! A read past the end of the frame, an unknown flag or tag, or bytes after the last record is an
//! [`Error::CorruptFrame`] naming the record, as java-shim's `FrameCursor` words it.

use crate::error::Error;
use crate::frame::{
    self, FrameError, FLAG_SET_NAME, FLAG_USER_KEY, TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON,
    TAG_HLL, TAG_INT, TAG_LIST, TAG_MAP, TAG_NIL, TAG_STRING,
};

pub use crate::frame::MAX_DEPTH;

const DIGEST_LENGTH: usize = 20;
/// Seconds a TTL can say; longer ones are capped, as Java's `int` TTL is.
const MAX_TTL: i64 = i32::MAX as i64;

/// A record's fields before its user key and bins.
pub(crate) struct Header<'a> {
    pub digest: &'a [u8],
    /// As Java reads it, an `int`; a generation is 16 bits, so the sign never shows.
    pub generation: i32,
    /// Seconds left to live as the Java client counts them: -1 never, else at least 1.
    pub ttl: i32,
    pub set: Option<&'a [u8]>,
    /// The record has a user key (which may be nil); the cursor stops at it.
    pub has_user_key: bool,
}

/// The decoder's cursor ([`frame`]'s, which refuses to read past the end) with the record being
/// read, for messages.
pub(crate) struct Cursor<'a> {
    bytes: frame::Cursor<'a>,
    /// Where the record being read starts, and how many come after it: for messages.
    record_start: usize,
    left: u32,
    now_citrus: i64,
}

impl<'a> Cursor<'a> {
    /// Before the first of the `count` records in `records` (a frame's bytes after its record
    /// count); TTLs are computed against `now_citrus` (seconds since 2010-01-01T00:00:00Z).
    pub fn new(records: &'a [u8], count: u32, now_citrus: i64) -> Cursor<'a> {
        Cursor {
            bytes: frame::Cursor::new(records),
            record_start: 0,
            left: count,
            now_citrus,
        }
    }

    /// Reads the next record's header and stops at its user key (if it has one) or else at its
    /// bin count; `None` after the last record (the frame must then be used up).
    pub fn next_record(&mut self) -> Result<Option<Header<'a>>, Error> {
        if self.left == 0 {
            let trailing = self.bytes.remaining();
            if trailing != 0 {
                return Err(self.corrupt(format!("{trailing} byte(s) after the last record")));
            }
            return Ok(None);
        }
        self.left -= 1;
        self.record_start = self.bytes.position();
        if self.bytes.remaining() < 1 + DIGEST_LENGTH + 8 {
            return Err(self.truncated());
        }
        let flags = self.u8()?;
        if flags & !(FLAG_USER_KEY | FLAG_SET_NAME) != 0 {
            return Err(self.corrupt(format!("unknown record flags 0x{flags:x}")));
        }
        let digest = self.take(DIGEST_LENGTH)?;
        let generation = self.u32()? as i32;
        let void_time = self.u32()?;
        let set = if flags & FLAG_SET_NAME != 0 {
            let len = self.u16()? as usize;
            Some(self.take(len)?)
        } else {
            None
        };
        Ok(Some(Header {
            digest,
            generation,
            ttl: ttl(void_time, self.now_citrus),
            set,
            has_user_key: flags & FLAG_USER_KEY != 0,
        }))
    }

    /// Where the cursor is, from the start of the records.
    #[inline]
    pub fn position(&self) -> usize {
        self.bytes.position()
    }

    #[inline]
    pub fn set_position(&mut self, position: usize) {
        self.bytes.seek(position);
    }

    pub fn corrupt(&self, what: impl Into<String>) -> Error {
        Error::CorruptFrame {
            record_start: self.record_start,
            left: self.left,
            reason: what.into(),
        }
    }

    fn truncated(&self) -> Error {
        self.corrupt("record runs past the end of the frame")
    }

    /// A read of the decoder's cursor, its only failure being the end of the frame.
    #[inline]
    fn read<T>(&self, read: Result<T, FrameError>) -> Result<T, Error> {
        read.map_err(|_| self.truncated())
    }

    /// The error for a value tag no frame has, at the byte just read.
    pub fn unknown_tag(&self, tag: u8) -> Error {
        self.corrupt(format!(
            "unknown value tag {tag} at byte {}",
            self.position() - 1
        ))
    }

    /// The error for nesting past [`MAX_DEPTH`], if `depth` is.
    #[inline]
    pub fn check_depth(&self, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.corrupt(format!("values nested deeper than {MAX_DEPTH}")));
        }
        Ok(())
    }

    /// The next byte, without moving.
    #[inline]
    pub fn peek(&mut self) -> Result<u8, Error> {
        let at = self.position();
        let b = self.u8()?;
        self.set_position(at);
        Ok(b)
    }

    #[inline]
    pub fn u8(&mut self) -> Result<u8, Error> {
        let r = self.bytes.u8();
        self.read(r)
    }

    #[inline]
    pub fn u16(&mut self) -> Result<u16, Error> {
        let r = self.bytes.u16();
        self.read(r)
    }

    #[inline]
    pub fn u32(&mut self) -> Result<u32, Error> {
        let r = self.bytes.u32();
        self.read(r)
    }

    #[inline]
    pub fn i64(&mut self) -> Result<i64, Error> {
        let r = self.bytes.array();
        Ok(i64::from_be_bytes(self.read(r)?))
    }

    /// The next `n` bytes, which must be in the frame.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let r = self.bytes.take(n);
        self.read(r)
    }

    /// A u32 length or count of items of at least `bytes_per_item` bytes that the frame can hold.
    #[inline]
    pub fn count(&mut self, bytes_per_item: usize, what: &str) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        let left = self.bytes.remaining();
        if n.saturating_mul(bytes_per_item) > left {
            return Err(self.corrupt(format!(
                "{what} {n} exceeds the {left} byte(s) left in the frame"
            )));
        }
        Ok(n)
    }

    /// Moves past one value (tag and payload).
    pub fn skip_value(&mut self, depth: usize) -> Result<(), Error> {
        self.check_depth(depth)?;
        let tag = self.u8()?;
        match tag {
            TAG_NIL => {}
            TAG_INT | TAG_FLOAT => {
                self.take(8)?;
            }
            TAG_BOOL => {
                self.take(1)?;
            }
            TAG_STRING | TAG_BLOB | TAG_GEOJSON | TAG_HLL => {
                let len = self.count(1, "length")?;
                self.take(len)?;
            }
            TAG_LIST => {
                for _ in 0..self.count(1, "list size")? {
                    self.skip_value(depth + 1)?;
                }
            }
            TAG_MAP => {
                for _ in 0..2 * self.count(2, "map size")? {
                    self.skip_value(depth + 1)?;
                }
            }
            _ => return Err(self.unknown_tag(tag)),
        }
        Ok(())
    }
}

/// Seconds left to live as the Java client counts them: -1 never (void time 0), at least 1
/// otherwise (java-shim's `RecordFrame.ttl`).
fn ttl(void_time: u32, now_citrus: i64) -> i32 {
    if void_time == 0 {
        return -1;
    }
    // The clock comes from Java: saturate rather than overflow on an absurd one.
    let left = i64::from(void_time).saturating_sub(now_citrus);
    if left > 0 {
        left.min(MAX_TTL) as i32
    } else {
        1
    }
}

/// A frame's records for the encoders' tests: one with set `s`, user key `"k"`, generation 3,
/// digest of 7s and `bins`; one with digest of 8s, generation 1 and nothing else. Neither expires.
#[cfg(test)]
pub(crate) fn two_records(bins: &[(&str, aerospike::Value)]) -> Vec<u8> {
    let mut b = frame::FrameBuilder::new(1 << 16);
    let key = aerospike::Value::from("k");
    b.push_parts(
        &[7; 20],
        3,
        0,
        Some("s"),
        Some(&key),
        bins.iter().map(|(n, v)| (*n, v)),
    )
    .expect("encodes");
    b.push_parts(&[8; 20], 1, 0, None, None, std::iter::empty())
        .expect("encodes");
    b.finish().expect("records").bytes()[4..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;

    #[test]
    fn a_ttl_is_capped_and_never_below_one() {
        assert_eq!(ttl(0, NOW), -1);
        assert_eq!(ttl((NOW + 5) as u32, NOW), 5);
        assert_eq!(ttl((NOW - 5) as u32, NOW), 1);
        assert_eq!(ttl(u32::MAX, -(1 << 40)), i32::MAX);
    }
}
