//! The record batches ("frames") handed to Java through a direct `ByteBuffer`: many records per
//! JNI call, in a compact big-endian format Java reads with `ByteBuffer`'s default order.
//!
//! ```text
//! Frame  := u32 recordCount, then recordCount × Record
//! Record := u8 flags                    bit0: user key present, bit1: set name present
//!           [20] digest
//!           u32 generation
//!           u32 voidTime               seconds since 2010-01-01T00:00:00Z; 0 = never expires
//!           [u16 len, UTF-8]           set name, if bit1
//!           [Value]                    user key, if bit0
//!           u16 binCount, binCount × (u16 nameLen, UTF-8 name, Value)
//! Value  := u8 tag, payload:
//!           0 NIL | 1 INT i64 | 2 FLOAT f64 | 3 STRING u32 len + UTF-8 | 4 BLOB u32 len + bytes
//!           5 BOOL u8 | 6 LIST u32 n + n × Value | 7 MAP u32 n + n × (key Value, value Value)
//!           8 GEOJSON u32 len + UTF-8 | 9 HLL u32 len + bytes
//! ```
//!
//! [`FrameBuilder`] encodes; [`decode`] reads a frame back (tests, tools and the cross-language
//! test vectors use it; the task JVM decodes in Java).

use aerospike::{FloatValue, IndexMap, Record, Value};

/// How deep lists and maps nest in a frame, at most: a value at a greater depth (a bin's value is
/// at depth 0, its list's items at 1, …) is refused wherever values are walked — the read path's
/// particles (`wire::particle`), the write path's rows (`wire::batch_write`), the export encoders
/// (`frame_cursor`) and the decoders here — as java-shim's `FrameCursor.MAX_DEPTH` does. Those walks
/// recurse on the calling thread's stack, a Java thread's for a JNI call: the bound keeps any
/// frame, however made, from overflowing it.
pub const MAX_DEPTH: usize = 256;

/// The most items a decoded list or map reserves before it reads them (it grows past that as
/// they come): a count is the bytes' claim, and the levels of a nested value reserve together.
const RESERVE_AHEAD: usize = 1024;

/// Room to reserve for `claimed` items of at least `min_bytes` each with `remaining` bytes left.
fn reserve_ahead(claimed: usize, remaining: usize, min_bytes: usize) -> usize {
    claimed.min(remaining / min_bytes).min(RESERVE_AHEAD)
}

pub const TAG_NIL: u8 = 0;
pub const TAG_INT: u8 = 1;
pub const TAG_FLOAT: u8 = 2;
pub const TAG_STRING: u8 = 3;
pub const TAG_BLOB: u8 = 4;
pub const TAG_BOOL: u8 = 5;
pub const TAG_LIST: u8 = 6;
pub const TAG_MAP: u8 = 7;
pub const TAG_GEOJSON: u8 = 8;
pub const TAG_HLL: u8 = 9;

pub const FLAG_USER_KEY: u8 = 0x01;
pub const FLAG_SET_NAME: u8 = 0x02;

/// Bytes of the record-count header at the start of every frame.
const HEADER: usize = 4;
/// What a builder's first frame reserves; later ones reserve their full target.
const FIRST_FRAME_CAPACITY: usize = 64 << 10;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameError {
    #[error("{what} is {len} bytes long; a frame field holds at most {max}")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("a record has {0} bins; a frame holds at most 65535 per record")]
    TooManyBins(usize),
    #[error("value {0} has no representation in a frame (the server never stores one)")]
    Unrepresentable(String),
    #[error("a record came without its key (digest)")]
    NoKey,
    #[error("frame ends early at byte {0}")]
    Truncated(usize),
    #[error("unknown value tag {tag} at byte {at}")]
    BadTag { tag: u8, at: usize },
    #[error("invalid UTF-8 at byte {0}")]
    BadUtf8(usize),
    #[error("{0} bytes after the last record")]
    Trailing(usize),
    #[error("lists and maps nested deeper than {max} at byte {at}", max = MAX_DEPTH)]
    TooDeep { at: usize },
    #[error("boolean byte {byte} at byte {at} (0 or 1)")]
    BadBool { byte: u8, at: usize },
}

/// A finished frame: the bytes Java reads, and how many records they hold.
#[derive(Debug)]
pub struct Frame {
    bytes: Vec<u8>,
    records: u32,
}

impl Frame {
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn records(&self) -> u32 {
        self.records
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records == 0
    }
}

/// Encodes records into frames of about `target` bytes. A frame never grows past `target`
/// unless a single record is larger, so frames can be counted against a memory budget.
pub struct FrameBuilder {
    buf: Vec<u8>,
    records: u32,
    target: usize,
}

impl FrameBuilder {
    pub fn new(target: usize) -> FrameBuilder {
        FrameBuilder {
            // The first frame starts small: a split with few records never needs a full one.
            buf: Self::fresh(target.min(FIRST_FRAME_CAPACITY)),
            records: 0,
            target: target.max(HEADER + 1),
        }
    }

    fn fresh(target: usize) -> Vec<u8> {
        let mut buf = Vec::with_capacity(target.max(HEADER));
        buf.extend_from_slice(&[0; HEADER]);
        buf
    }

    /// The frame size this builder aims at.
    pub fn target(&self) -> usize {
        self.target
    }

    /// Records in the frame being built.
    pub fn pending(&self) -> u32 {
        self.records
    }

    /// Adds a record read from the server. Returns a full frame when this record did not fit:
    /// the frame holds the records before it, and this record starts the next one.
    pub fn push(&mut self, record: &Record) -> Result<Option<Frame>, FrameError> {
        let key = record.key.as_ref().ok_or(FrameError::NoKey)?;
        let set = Some(key.set_name()).filter(|s| !s.is_empty());
        self.push_parts(
            &key.digest(),
            record.generation,
            record.expiration(),
            set,
            key.user_key(),
            record.bins.iter().map(|(n, v)| (n.as_str(), v)),
        )
    }

    /// [`push`](Self::push) from the parts of a record.
    pub fn push_parts<'a>(
        &mut self,
        digest: &[u8; 20],
        generation: u32,
        void_time: u32,
        set: Option<&str>,
        user_key: Option<&Value>,
        bins: impl ExactSizeIterator<Item = (&'a str, &'a Value)>,
    ) -> Result<Option<Frame>, FrameError> {
        self.push_encoded(|out| {
            encode_record(out, digest, generation, void_time, set, user_key, bins)
        })
    }

    /// Adds one record that `encode` appends in frame form (the scan's wire path encodes
    /// straight from the server's bytes). If `encode` fails, the frame is left as it was.
    pub fn push_encoded<E>(
        &mut self,
        encode: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<Option<Frame>, E> {
        let start = self.buf.len();
        if self.buf.capacity() < self.target
            && self.buf.capacity() - start < FIRST_FRAME_CAPACITY / 2
        {
            // Out of the small start: go to the full size at once, not by doublings (which
            // would overshoot the target the memory budget counts on).
            self.buf.reserve_exact(self.target - start);
        }
        if let Err(e) = encode(&mut self.buf) {
            self.buf.truncate(start);
            return Err(e);
        }
        if self.buf.len() <= self.target || self.records == 0 {
            self.records += 1;
            return Ok(None);
        }
        // Over the target: the frame ends before this record, which moves to a new buffer.
        let mut next = Self::fresh(self.target);
        next.extend_from_slice(&self.buf[start..]);
        self.buf.truncate(start);
        let full = std::mem::replace(&mut self.buf, next);
        let records = std::mem::replace(&mut self.records, 1);
        Ok(Some(Self::seal(full, records)))
    }

    /// The frame built so far, if it holds any record; the builder starts a new one.
    pub fn finish(&mut self) -> Option<Frame> {
        if self.records == 0 {
            return None;
        }
        let full = std::mem::replace(
            &mut self.buf,
            Self::fresh(self.target.min(FIRST_FRAME_CAPACITY)),
        );
        let records = std::mem::replace(&mut self.records, 0);
        Some(Self::seal(full, records))
    }

    fn seal(mut bytes: Vec<u8>, records: u32) -> Frame {
        bytes[..HEADER].copy_from_slice(&records.to_be_bytes());
        Frame { bytes, records }
    }
}

fn encode_record<'a>(
    out: &mut Vec<u8>,
    digest: &[u8; 20],
    generation: u32,
    void_time: u32,
    set: Option<&str>,
    user_key: Option<&Value>,
    bins: impl ExactSizeIterator<Item = (&'a str, &'a Value)>,
) -> Result<(), FrameError> {
    let mut flags = 0;
    if user_key.is_some() {
        flags |= FLAG_USER_KEY;
    }
    if set.is_some() {
        flags |= FLAG_SET_NAME;
    }
    out.push(flags);
    out.extend_from_slice(digest);
    out.extend_from_slice(&generation.to_be_bytes());
    out.extend_from_slice(&void_time.to_be_bytes());
    if let Some(set) = set {
        put_short_str(out, "set name", set)?;
    }
    if let Some(key) = user_key {
        encode_value(out, key)?;
    }
    let count = bins.len();
    let count16 = u16::try_from(count).map_err(|_| FrameError::TooManyBins(count))?;
    out.extend_from_slice(&count16.to_be_bytes());
    for (name, value) in bins {
        put_short_str(out, "bin name", name)?;
        encode_value(out, value)?;
    }
    Ok(())
}

pub(crate) fn put_short_str(
    out: &mut Vec<u8>,
    what: &'static str,
    s: &str,
) -> Result<(), FrameError> {
    let len = u16::try_from(s.len()).map_err(|_| FrameError::TooLong {
        what,
        len: s.len(),
        max: usize::from(u16::MAX),
    })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_len(out: &mut Vec<u8>, what: &'static str, len: usize) -> Result<(), FrameError> {
    let len32 = u32::try_from(len).map_err(|_| FrameError::TooLong {
        what,
        len,
        max: u32::MAX as usize,
    })?;
    out.extend_from_slice(&len32.to_be_bytes());
    Ok(())
}

fn put_bytes(
    out: &mut Vec<u8>,
    tag: u8,
    what: &'static str,
    bytes: &[u8],
) -> Result<(), FrameError> {
    out.push(tag);
    put_len(out, what, bytes.len())?;
    out.extend_from_slice(bytes);
    Ok(())
}

fn put_map<'a>(
    out: &mut Vec<u8>,
    len: usize,
    entries: impl Iterator<Item = (&'a Value, &'a Value)>,
) -> Result<(), FrameError> {
    out.push(TAG_MAP);
    put_len(out, "map", len)?;
    for (k, v) in entries {
        encode_value(out, k)?;
        encode_value(out, v)?;
    }
    Ok(())
}

/// Appends one value. Maps keep the order the server sent (aerospike returns map entries in key
/// order); a value the server cannot store (a query wildcard) is an error, not a silent NIL.
pub fn encode_value(out: &mut Vec<u8>, value: &Value) -> Result<(), FrameError> {
    match value {
        Value::Nil => out.push(TAG_NIL),
        Value::Int(i) => {
            out.push(TAG_INT);
            out.extend_from_slice(&i.to_be_bytes());
        }
        Value::Float(f) => {
            out.push(TAG_FLOAT);
            out.extend_from_slice(&f64::from(f).to_bits().to_be_bytes());
        }
        Value::Bool(b) => {
            out.push(TAG_BOOL);
            out.push(u8::from(*b));
        }
        Value::String(s) => put_bytes(out, TAG_STRING, "string", s.as_bytes())?,
        Value::Blob(b) => put_bytes(out, TAG_BLOB, "blob", b)?,
        // A particle type the client does not interpret (a legacy language blob): its bytes are
        // all there is, so Java gets them as a blob.
        Value::Unknown(_, b) => put_bytes(out, TAG_BLOB, "blob", b)?,
        Value::GeoJson(s) => put_bytes(out, TAG_GEOJSON, "GeoJSON", s.as_bytes())?,
        Value::Hll(b) => put_bytes(out, TAG_HLL, "HLL", b)?,
        Value::List(items) | Value::MultiResult(items) => {
            out.push(TAG_LIST);
            put_len(out, "list", items.len())?;
            for item in items {
                encode_value(out, item)?;
            }
        }
        Value::OrderedMap(m) => put_map(out, m.len(), m.iter())?,
        Value::SortedMap(m) => put_map(out, m.len(), m.iter())?,
        Value::HashMap(m) => put_map(out, m.len(), m.iter())?,
        Value::KeyValueList(pairs) => put_map(out, pairs.len(), pairs.iter().map(|(k, v)| (k, v)))?,
        // Query wildcards and whatever a later crate version adds: the server does not store
        // them, and guessing an encoding would hand Java something it cannot trust.
        other => return Err(FrameError::Unrepresentable(format!("{other:?}"))),
    }
    Ok(())
}

/// A frame tag's name, as java-shim's `Values.tagName` gives it.
pub(crate) fn tag_name(tag: u8) -> String {
    match tag {
        TAG_NIL => "nil".into(),
        TAG_INT => "integer".into(),
        TAG_FLOAT => "float".into(),
        TAG_STRING => "string".into(),
        TAG_BLOB => "blob".into(),
        TAG_BOOL => "boolean".into(),
        TAG_LIST => "list".into(),
        TAG_MAP => "map".into(),
        TAG_GEOJSON => "geojson".into(),
        TAG_HLL => "hll".into(),
        _ => format!("unknown type {tag}"),
    }
}

/// One record as read back from a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRecord {
    pub digest: [u8; 20],
    pub generation: u32,
    pub void_time: u32,
    pub set: Option<String>,
    pub user_key: Option<Value>,
    /// In frame order.
    pub bins: Vec<(String, Value)>,
}

/// Reads a whole frame. Maps come back as `Value::OrderedMap` in frame order.
pub fn decode(bytes: &[u8]) -> Result<Vec<DecodedRecord>, FrameError> {
    let mut c = Cursor::new(bytes);
    let count = c.u32()?;
    // Each record takes at least 31 bytes; never pre-allocate for a count the bytes cannot hold.
    let mut records = Vec::with_capacity((count as usize).min(bytes.len() / 31));
    for _ in 0..count {
        let flags = c.u8()?;
        let digest: [u8; 20] = c
            .take(20)?
            .try_into()
            .map_err(|_| FrameError::Truncated(c.at))?;
        let generation = c.u32()?;
        let void_time = c.u32()?;
        let set = if flags & FLAG_SET_NAME != 0 {
            let len = usize::from(c.u16()?);
            Some(c.string(len)?)
        } else {
            None
        };
        let user_key = if flags & FLAG_USER_KEY != 0 {
            Some(c.value()?)
        } else {
            None
        };
        let bins = c.bins()?;
        records.push(DecodedRecord {
            digest,
            generation,
            void_time,
            set,
            user_key,
            bins,
        });
    }
    if c.at != bytes.len() {
        return Err(FrameError::Trailing(bytes.len() - c.at));
    }
    Ok(records)
}

/// Reads a frame's fields in order, refusing to run past its end. Shared with the write-frame
/// decoder, so both directions read values with one codec.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, at: 0 }
    }

    /// Bytes read so far.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    /// Goes back (or on) to `position`, which must be within the bytes.
    #[inline]
    pub(crate) fn seek(&mut self, position: usize) {
        debug_assert!(position <= self.bytes.len());
        self.at = position.min(self.bytes.len());
    }

    /// Bytes not read yet.
    #[inline]
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    #[inline]
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], FrameError> {
        match self.at.checked_add(n) {
            Some(end) if end <= self.bytes.len() => {
                let s = &self.bytes[self.at..end];
                self.at = end;
                Ok(s)
            }
            _ => Err(FrameError::Truncated(self.at)),
        }
    }

    #[inline]
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], FrameError> {
        let at = self.at;
        self.take(N)?
            .try_into()
            .map_err(|_| FrameError::Truncated(at))
    }

    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8, FrameError> {
        Ok(self.array::<1>()?[0])
    }

    #[inline]
    pub(crate) fn u16(&mut self) -> Result<u16, FrameError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    #[inline]
    pub(crate) fn u32(&mut self) -> Result<u32, FrameError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// A boolean's byte: 0 or 1, anything else is a damaged frame.
    #[inline]
    pub(crate) fn bool(&mut self) -> Result<bool, FrameError> {
        let at = self.at;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            byte => Err(FrameError::BadBool { byte, at }),
        }
    }

    pub(crate) fn string(&mut self, len: usize) -> Result<String, FrameError> {
        let at = self.at;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| FrameError::BadUtf8(at))
    }

    fn long_bytes(&mut self) -> Result<Vec<u8>, FrameError> {
        let len = self.u32()? as usize;
        Ok(self.take(len)?.to_vec())
    }

    fn long_string(&mut self) -> Result<String, FrameError> {
        let len = self.u32()? as usize;
        self.string(len)
    }

    /// A bin list as both frame kinds carry it: u16 count, then (u16 name length, name, value).
    pub(crate) fn bins(&mut self) -> Result<Vec<(String, Value)>, FrameError> {
        let bin_count = self.u16()?;
        let mut bins = Vec::with_capacity(usize::from(bin_count));
        for _ in 0..bin_count {
            let len = usize::from(self.u16()?);
            let name = self.string(len)?;
            bins.push((name, self.value()?));
        }
        Ok(bins)
    }

    pub(crate) fn value(&mut self) -> Result<Value, FrameError> {
        self.value_at(0)
    }

    /// A value at `depth` (0 for a bin's or key's own value).
    fn value_at(&mut self, depth: usize) -> Result<Value, FrameError> {
        let at = self.at;
        if depth > MAX_DEPTH {
            return Err(FrameError::TooDeep { at });
        }
        let tag = self.u8()?;
        Ok(match tag {
            TAG_NIL => Value::Nil,
            TAG_INT => Value::Int(i64::from_be_bytes(self.array()?)),
            TAG_FLOAT => Value::Float(FloatValue::F64(u64::from_be_bytes(self.array()?))),
            TAG_STRING => Value::String(self.long_string()?),
            TAG_BLOB => Value::Blob(self.long_bytes()?),
            TAG_BOOL => Value::Bool(self.bool()?),
            TAG_LIST => {
                let n = self.u32()? as usize;
                // Each value takes at least one byte; and every level of a nested value reserves
                // at once, so no more than a small start is reserved up front.
                let mut items = Vec::with_capacity(reserve_ahead(n, self.remaining(), 1));
                for _ in 0..n {
                    items.push(self.value_at(depth + 1)?);
                }
                Value::List(items)
            }
            TAG_MAP => {
                let n = self.u32()? as usize;
                let mut map = IndexMap::with_capacity(reserve_ahead(n, self.remaining(), 2));
                for _ in 0..n {
                    let k = self.value_at(depth + 1)?;
                    let v = self.value_at(depth + 1)?;
                    map.insert(k, v);
                }
                Value::OrderedMap(map)
            }
            TAG_GEOJSON => Value::GeoJson(self.long_string()?),
            TAG_HLL => Value::Hll(self.long_bytes()?),
            tag => return Err(FrameError::BadTag { tag, at }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aerospike::Key;
    use std::collections::{BTreeMap, HashMap};

    fn every_value() -> Vec<(&'static str, Value)> {
        let mut sorted = BTreeMap::new();
        sorted.insert(Value::Int(1), Value::from("one"));
        sorted.insert(Value::from("b"), Value::Blob(vec![0, 255]));
        let mut hashed = HashMap::new();
        hashed.insert(Value::from("k"), Value::List(vec![]));
        let mut ordered = IndexMap::new();
        ordered.insert(Value::from("z"), Value::Int(-1));
        ordered.insert(Value::from("a"), Value::Nil);
        vec![
            ("nil", Value::Nil),
            ("int", Value::Int(-42)),
            ("min", Value::Int(i64::MIN)),
            ("float", Value::from(2.5f64)),
            ("nan", Value::from(f64::NAN)),
            ("inf", Value::from(f64::NEG_INFINITY)),
            ("str", Value::from("héllo ✓")),
            ("empty", Value::from("")),
            ("blob", Value::Blob(vec![1, 2, 3])),
            ("bool", Value::Bool(true)),
            (
                "list",
                Value::List(vec![Value::Int(1), Value::List(vec![Value::Nil])]),
            ),
            ("sorted", Value::SortedMap(sorted)),
            ("hashed", Value::HashMap(hashed)),
            ("ordered", Value::OrderedMap(ordered)),
            (
                "geo",
                Value::GeoJson(r#"{"type":"Point","coordinates":[1,2]}"#.into()),
            ),
            ("hll", Value::Hll(vec![9, 8, 7])),
        ]
    }

    fn record(i: i64, bins: &[(&'static str, Value)]) -> Record {
        let key = Key::new("test", "people", Value::Int(i)).expect("key");
        let mut map = IndexMap::new();
        for (n, v) in bins {
            map.insert((*n).to_string(), v.clone());
        }
        Record::new(Some(key), map, None, 3, 456)
    }

    #[test]
    fn every_value_tag_round_trips() {
        let bins = every_value();
        let mut b = FrameBuilder::new(1 << 20);
        assert!(b.push(&record(7, &bins)).expect("encodes").is_none());
        let frame = b.finish().expect("one record");
        assert_eq!(frame.records(), 1);
        let back = decode(frame.bytes()).expect("decodes");
        assert_eq!(back.len(), 1);
        let r = &back[0];
        assert_eq!(r.generation, 3);
        assert_eq!(r.void_time, 456);
        assert_eq!(r.set.as_deref(), Some("people"));
        assert_eq!(r.user_key, Some(Value::Int(7)));
        assert_eq!(
            r.digest,
            Key::new("test", "people", Value::Int(7))
                .expect("key")
                .digest()
        );
        assert_eq!(r.bins.len(), bins.len());
        for ((name, want), (got_name, got)) in bins.iter().zip(&r.bins) {
            assert_eq!(name, got_name);
            match (want, got) {
                (Value::Float(a), Value::Float(b)) => {
                    assert_eq!(f64::from(a).to_bits(), f64::from(b).to_bits(), "{name}")
                }
                _ => assert_eq!(want, got, "{name}"),
            }
        }
    }

    #[test]
    fn a_frame_never_passes_its_target_and_splits_between_records() {
        let bins = vec![("s", Value::from("x".repeat(100)))];
        let mut b = FrameBuilder::new(1000);
        let mut frames = Vec::new();
        for i in 0..50 {
            if let Some(f) = b.push(&record(i, &bins)).expect("encodes") {
                frames.push(f);
            }
        }
        frames.extend(b.finish());
        assert!(frames.len() > 5);
        assert!(
            frames.iter().all(|f| f.len() <= 1000),
            "sizes {:?}",
            frames.iter().map(Frame::len).collect::<Vec<_>>()
        );
        let total: u32 = frames.iter().map(Frame::records).sum();
        assert_eq!(total, 50);
        let mut generations = 0;
        for f in &frames {
            let recs = decode(f.bytes()).expect("decodes");
            assert_eq!(recs.len() as u32, f.records());
            generations += recs.iter().filter(|r| r.generation == 3).count();
        }
        assert_eq!(generations, 50);
        assert!(b.finish().is_none(), "nothing left");
    }

    #[test]
    fn a_record_larger_than_the_target_gets_a_frame_of_its_own() {
        let big = vec![("b", Value::Blob(vec![7; 5000]))];
        let mut b = FrameBuilder::new(1000);
        assert!(b.push(&record(1, &big)).expect("encodes").is_none());
        let first = b
            .push(&record(2, &big))
            .expect("encodes")
            .expect("first is full");
        assert_eq!(first.records(), 1);
        assert_eq!(decode(first.bytes()).expect("decodes").len(), 1);
        assert_eq!(b.finish().expect("second").records(), 1);
    }

    #[test]
    fn a_record_without_key_and_set_has_no_flags() {
        let mut b = FrameBuilder::new(256);
        let digest = [5u8; 20];
        let bins = [("a".to_string(), Value::Int(1))];
        b.push_parts(
            &digest,
            1,
            0,
            None,
            None,
            bins.iter().map(|(n, v)| (n.as_str(), v)),
        )
        .expect("encodes");
        let frame = b.finish().expect("frame");
        assert_eq!(frame.bytes()[4], 0, "flags");
        let r = &decode(frame.bytes()).expect("decodes")[0];
        assert_eq!((r.set.clone(), r.user_key.clone()), (None, None));
        assert_eq!(r.digest, digest);
    }

    #[test]
    fn an_unrepresentable_value_leaves_the_frame_unchanged() {
        let mut b = FrameBuilder::new(4096);
        b.push(&record(1, &[("a", Value::Int(1))]))
            .expect("encodes");
        let e = b
            .push(&record(2, &[("w", Value::List(vec![Value::Wildcard]))]))
            .unwrap_err();
        assert!(matches!(e, FrameError::Unrepresentable(_)), "{e}");
        let frame = b.finish().expect("frame");
        assert_eq!(frame.records(), 1);
        assert_eq!(decode(frame.bytes()).expect("decodes").len(), 1);
    }

    #[test]
    fn a_record_without_key_is_refused() {
        let mut b = FrameBuilder::new(4096);
        let r = Record::new(None, IndexMap::new(), None, 1, 0);
        assert_eq!(b.push(&r).unwrap_err(), FrameError::NoKey);
    }

    #[test]
    fn damaged_frames_are_refused() {
        let mut b = FrameBuilder::new(4096);
        b.push(&record(1, &[("a", Value::from("abc"))]))
            .expect("encodes");
        let bytes = b.finish().expect("frame").bytes().to_vec();
        for cut in [0, 3, 10, bytes.len() - 1] {
            assert!(
                matches!(decode(&bytes[..cut]), Err(FrameError::Truncated(_))),
                "cut {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), Err(FrameError::Trailing(1)));
        let mut bad_tag = bytes.clone();
        let tag_at = bytes.len() - 8; // tag before u32 len + "abc"
        bad_tag[tag_at] = 77;
        assert!(matches!(
            decode(&bad_tag),
            Err(FrameError::BadTag { tag: 77, .. })
        ));
        // A count far beyond the bytes must not allocate for it.
        assert!(decode(&[0xFF, 0xFF, 0xFF, 0xFF]).is_err());

        let mut b = FrameBuilder::new(4096);
        b.push(&record(1, &[("b", Value::Bool(true))]))
            .expect("encodes");
        let mut bad_bool = b.finish().expect("frame").bytes().to_vec();
        let at = bad_bool.len() - 1;
        bad_bool[at] = 2;
        assert_eq!(decode(&bad_bool), Err(FrameError::BadBool { byte: 2, at }));
    }

    /// Counts are the bytes' claim: a list or map reserves at most 1,024 items ahead, and never
    /// more than the bytes left could hold (before, each level of a nested value reserved room
    /// for the whole remainder: 256 maps over a megabyte, some 20 GB).
    #[test]
    fn a_claimed_count_reserves_at_most_what_the_bytes_and_the_cap_allow() {
        assert_eq!(reserve_ahead(u32::MAX as usize, 1 << 20, 2), 1024);
        assert_eq!(reserve_ahead(u32::MAX as usize, 100, 2), 50);
        assert_eq!(reserve_ahead(3, 1 << 20, 1), 3);
        assert_eq!(reserve_ahead(5, 0, 1), 0);
    }

    /// The same claims nested 256 deep over a megabyte of padding end in the truncation error.
    #[test]
    fn nested_counts_past_the_bytes_end_in_an_error() {
        let mut frame = 1u32.to_be_bytes().to_vec();
        frame.push(0);
        frame.extend_from_slice(&[0; 28]);
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.push(b'm');
        for _ in 0..MAX_DEPTH {
            frame.push(TAG_MAP);
            frame.extend_from_slice(&u32::MAX.to_be_bytes());
            // The key, then the value: the next map.
            frame.push(TAG_NIL);
        }
        frame.resize(frame.len() + (1 << 20), TAG_NIL);
        assert!(matches!(decode(&frame), Err(FrameError::Truncated(_))));
    }

    /// The decoder stops at the frames' nesting bound, as every other walk of frame values does,
    /// rather than recursing as deep as the bytes say.
    #[test]
    fn values_nested_past_the_bound_are_refused() {
        let mut deepest = Value::Int(1);
        for _ in 0..MAX_DEPTH {
            deepest = Value::List(vec![deepest]);
        }
        let mut b = FrameBuilder::new(1 << 16);
        b.push(&record(1, &[("l", deepest.clone())]))
            .expect("encodes");
        let bytes = b.finish().expect("frame").bytes().to_vec();
        assert_eq!(decode(&bytes).expect("decodes")[0].bins[0].1, deepest);

        // One list more, then 200,000 more: spliced in as bytes in front of the bin's value.
        let value_at = bytes.len() - (MAX_DEPTH * 5 + 9);
        for extra in [1, 200_000] {
            let mut deeper = bytes[..value_at].to_vec();
            for _ in 0..extra {
                deeper.push(TAG_LIST);
                deeper.extend_from_slice(&1u32.to_be_bytes());
            }
            deeper.extend_from_slice(&bytes[value_at..]);
            assert_eq!(
                decode(&deeper),
                Err(FrameError::TooDeep {
                    at: value_at + (MAX_DEPTH + 1) * 5
                })
            );
        }
    }
}
