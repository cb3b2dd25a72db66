//! The writer's batch-write request, encoded straight from write-frame bytes. The crate's
//! `BatchOperation` path built a key, bins, values and a result record per written record, which
//! cost most of the writer's CPU; here each frame record becomes one "batch-any" row in a byte
//! buffer ([`Rows`]) in a single pass, its digest hashed from the frame's set and key bytes, and a
//! node's request is the rows routed to it copied behind a header ([`request`]).
//!
//! A row (wire protocol §6.2), the whole request being an AS_MSG with `info1 = BATCH` and one
//! BATCH_INDEX field (41):
//!
//! ```text
//! u32 index, 20 digest, u8 0x0E (info2+info3, generation, TTL follow), u8 info1 = 0,
//! u8 info2 (WRITE | RESPOND_ALL_OPS | mode, generation and durable-delete bits), u8 info3 (mode),
//! u16 generation, u32 record TTL, u16 n_fields, u16 n_ops,
//! fields NAMESPACE, SET (possibly empty), KEY (send-key only), then one WRITE op per bin
//! ```
//!
//! Rows are kept without their index: the index is the row's place in the writer's batch, written
//! when a node's request is assembled, so a resend can regroup the same rows for another node.

pub use super::batch::digest;
use super::{batch, particle, FIELD_KEY, FIELD_NAMESPACE, FIELD_TABLE};
use crate::frame::{
    tag_name, Cursor, FrameError, MAX_DEPTH, TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON, TAG_HLL,
    TAG_INT, TAG_LIST, TAG_MAP, TAG_NIL, TAG_STRING,
};
use crate::write::describe_identity;
use crate::write_frame::{WriteFrameError, FLAG_DIGEST, FLAG_SET, FLAG_USER_KEY, KNOWN_FLAGS};

pub const INFO2_WRITE: u8 = 0x01;
pub const INFO2_GENERATION: u8 = 0x04;
pub const INFO2_GENERATION_GT: u8 = 0x08;
pub const INFO2_DURABLE_DELETE: u8 = 0x10;
pub const INFO2_CREATE_ONLY: u8 = 0x20;
/// One answer op per request op; batch writes always set it, as every client does.
pub const INFO2_RESPOND_ALL_OPS: u8 = 0x80;
pub const INFO3_UPDATE_ONLY: u8 = 0x08;
pub const INFO3_CREATE_OR_REPLACE: u8 = 0x10;
pub const INFO3_REPLACE_ONLY: u8 = 0x20;

/// Row flags: info2 and info3, a generation and a TTL follow info1.
const ROW_WRITE_FLAGS: u8 = 0x02 | 0x04 | 0x08;
const OP_WRITE: u8 = 2;

/// The per-row write attributes, the same for every row of a writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAttrs {
    /// Mode, generation-policy and durable-delete bits (WRITE and RESPOND_ALL_OPS are added).
    pub info2: u8,
    /// Mode bits.
    pub info3: u8,
    /// Whether rows carry their record's generation (a generation policy is set).
    pub with_generation: bool,
    /// Seconds; 0 namespace default, `u32::MAX` never expire, `u32::MAX - 1` don't change.
    pub record_ttl: u32,
    /// Whether rows carry the user key (KEY field) for the server to store.
    pub send_key: bool,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    /// End of the row in `bytes` (it starts where the previous one ends).
    end: usize,
    /// End of the row's identity in `keys`.
    key_end: usize,
    partition: u16,
}

/// Encoded rows, in frame order, without their indexes; see the module documentation.
#[derive(Debug, Default)]
pub struct Rows {
    bytes: Vec<u8>,
    /// Each row's identity as its frame record held it (flags, set, user key, digest), read back
    /// only to name a failed record.
    keys: Vec<u8>,
    rows: Vec<Row>,
}

/// Where [`Rows`] stood, to drop what a damaged frame appended.
#[derive(Debug, Clone, Copy)]
struct Mark {
    bytes: usize,
    keys: usize,
    rows: usize,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn range(&self, i: usize) -> (usize, usize, usize, usize) {
        let (start, key_start) = match i {
            0 => (0, 0),
            _ => (self.rows[i - 1].end, self.rows[i - 1].key_end),
        };
        (start, self.rows[i].end, key_start, self.rows[i].key_end)
    }

    /// Row `i` without its index.
    pub fn row(&self, i: usize) -> &[u8] {
        let (start, end, _, _) = self.range(i);
        &self.bytes[start..end]
    }

    /// The frame bytes that identify row `i`'s record: flags, [set], [user key], [digest].
    pub fn identity(&self, i: usize) -> &[u8] {
        let (_, _, start, end) = self.range(i);
        &self.keys[start..end]
    }

    pub fn partition(&self, i: usize) -> u16 {
        self.rows[i].partition
    }

    fn mark(&self) -> Mark {
        Mark {
            bytes: self.bytes.len(),
            keys: self.keys.len(),
            rows: self.rows.len(),
        }
    }

    fn truncate(&mut self, m: Mark) {
        self.bytes.truncate(m.bytes);
        self.keys.truncate(m.keys);
        self.rows.truncate(m.rows);
    }

    /// Rows `from..to` as a batch of their own.
    fn copy(&self, from: usize, to: usize) -> Rows {
        if from == to {
            return Rows::default();
        }
        let (start, _, key_start, _) = self.range(from);
        let (_, end, _, key_end) = self.range(to - 1);
        Rows {
            bytes: self.bytes[start..end].to_vec(),
            keys: self.keys[key_start..key_end].to_vec(),
            rows: self.rows[from..to]
                .iter()
                .map(|r| Row {
                    end: r.end - start,
                    key_end: r.key_end - key_start,
                    partition: r.partition,
                })
                .collect(),
        }
    }

    /// Takes every full batch of `size` rows off the front; fewer than `size` rows stay. Each row
    /// is copied at most once (none when exactly one batch is held).
    pub fn take_batches(&mut self, size: usize) -> Vec<Rows> {
        let n = self.rows.len();
        if size == 0 || n < size {
            return Vec::new();
        }
        if n == size {
            return vec![std::mem::take(self)];
        }
        let full = n / size * size;
        let batches = (0..full)
            .step_by(size)
            .map(|from| self.copy(from, from + size))
            .collect();
        *self = self.copy(full, n);
        batches
    }
}

/// Turns write frames into rows for one namespace.
#[derive(Debug, Clone)]
pub struct RowEncoder {
    namespace: String,
    /// The set of records whose frame entry names none.
    set: String,
    attrs: RowAttrs,
}

type Res<T> = Result<T, WriteFrameError>;

fn utf8(bytes: &[u8], at: usize) -> Res<()> {
    std::str::from_utf8(bytes)
        .map(|_| ())
        .map_err(|_| FrameError::BadUtf8(at).into())
}

/// A u32-length byte string of the frame, UTF-8-checked when it is text.
fn long_bytes<'a>(c: &mut Cursor<'a>, text: bool) -> Res<&'a [u8]> {
    let len = c.u32()? as usize;
    let at = c.position();
    let bytes = c.take(len)?;
    if text {
        utf8(bytes, at)?;
    }
    Ok(bytes)
}

fn put_field(out: &mut Vec<u8>, field: u8, parts: &[&[u8]]) {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    out.extend_from_slice(&(len as u32 + 1).to_be_bytes());
    out.push(field);
    for p in parts {
        out.extend_from_slice(p);
    }
}

impl RowEncoder {
    pub fn new(namespace: &str, set: &str, attrs: RowAttrs) -> RowEncoder {
        RowEncoder {
            namespace: namespace.to_string(),
            set: set.to_string(),
            attrs,
        }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn set(&self) -> &str {
        &self.set
    }

    /// Appends every record of `frame` to `rows`, or nothing when any record is damaged; returns
    /// the record count.
    pub fn encode_frame(&self, frame: &[u8], rows: &mut Rows) -> Res<u32> {
        let mark = rows.mark();
        let result = self.encode_records(frame, rows);
        if result.is_err() {
            rows.truncate(mark);
        }
        result
    }

    fn encode_records(&self, frame: &[u8], rows: &mut Rows) -> Res<u32> {
        let mut c = Cursor::new(frame);
        let count = c.u32()?;
        for index in 0..count {
            self.encode_record(frame, &mut c, index, rows)?;
        }
        if c.remaining() != 0 {
            return Err(FrameError::Trailing(c.remaining()).into());
        }
        Ok(count)
    }

    fn encode_record<'f>(
        &self,
        frame: &'f [u8],
        c: &mut Cursor<'f>,
        record: u32,
        rows: &mut Rows,
    ) -> Res<()> {
        let identity_start = c.position();
        let flags = c.u8()?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(WriteFrameError::UnknownFlags { record, flags });
        }
        let set = if flags & FLAG_SET != 0 {
            let len = usize::from(c.u16()?);
            let at = c.position();
            let set = c.take(len)?;
            utf8(set, at)?;
            set
        } else {
            self.set.as_bytes()
        };
        let key = if flags & FLAG_USER_KEY != 0 {
            Some(user_key(c, record)?)
        } else {
            None
        };
        let given = if flags & FLAG_DIGEST != 0 {
            Some(c.array::<20>()?)
        } else {
            None
        };
        let digest = match (key, given) {
            (Some((ptype, bytes)), _) => digest(set, ptype, bytes),
            (None, Some(d)) => d,
            (None, None) => return Err(WriteFrameError::NoKey { record }),
        };
        let identity_end = c.position();
        let generation = c.u32()?;
        // The record as failure lines name it, for the errors that concern it as a whole.
        let describe = || {
            describe_identity(
                &self.namespace,
                &self.set,
                &frame[identity_start..identity_end],
            )
        };

        let out = &mut rows.bytes;
        let a = &self.attrs;
        out.extend_from_slice(&digest);
        out.extend_from_slice(&[
            ROW_WRITE_FLAGS,
            0,
            a.info2 | INFO2_WRITE | INFO2_RESPOND_ALL_OPS,
            a.info3,
        ]);
        // Under a generation policy the expected generation is sent: 16 bits on the wire, so a
        // larger one could never match and would only wrap to another record's generation.
        let generation = if a.with_generation {
            u16::try_from(generation).map_err(|_| WriteFrameError::BadGeneration {
                record,
                key: describe(),
                // Java's int, as the user set it.
                generation: generation as i32,
            })?
        } else {
            0
        };
        out.extend_from_slice(&generation.to_be_bytes());
        out.extend_from_slice(&a.record_ttl.to_be_bytes());
        let send_key = a.send_key && key.is_some();
        out.extend_from_slice(&(2 + u16::from(send_key)).to_be_bytes());
        let bin_count = c.u16()?;
        out.extend_from_slice(&bin_count.to_be_bytes());
        put_field(out, FIELD_NAMESPACE, &[self.namespace.as_bytes()]);
        put_field(out, FIELD_TABLE, &[set]);
        if let (true, Some((ptype, bytes))) = (send_key, key) {
            put_field(out, FIELD_KEY, &[&[ptype], bytes]);
        }
        for _ in 0..bin_count {
            let len = usize::from(c.u16()?);
            let at = c.position();
            let name = c.take(len)?;
            utf8(name, at)?;
            let name_len =
                u8::try_from(len).map_err(|_| WriteFrameError::BinNameTooLong { record, len })?;
            let op_start = out.len();
            out.extend_from_slice(&[0, 0, 0, 0, OP_WRITE, 0, 0, name_len]);
            out.extend_from_slice(name);
            let ptype = bin_value(c, out, record).map_err(|e| match e {
                WriteFrameError::TooDeep { record, .. } => WriteFrameError::TooDeep {
                    record,
                    key: describe(),
                    bin: String::from_utf8_lossy(name).into_owned(),
                },
                other => other,
            })?;
            out[op_start + 5] = ptype;
            let size = (out.len() - op_start - 4) as u32;
            out[op_start..op_start + 4].copy_from_slice(&size.to_be_bytes());
        }
        rows.keys
            .extend_from_slice(&frame[identity_start..identity_end]);
        rows.rows.push(Row {
            end: rows.bytes.len(),
            key_end: rows.keys.len(),
            partition: super::response::partition_of(&digest),
        });
        Ok(())
    }
}

/// A user key's particle type and bytes, straight from the frame.
fn user_key<'a>(c: &mut Cursor<'a>, record: u32) -> Res<(u8, &'a [u8])> {
    match c.u8()? {
        TAG_INT => Ok((particle::INTEGER, c.take(8)?)),
        TAG_STRING => Ok((particle::STRING, long_bytes(c, true)?)),
        TAG_BLOB => Ok((particle::BLOB, long_bytes(c, false)?)),
        // Named by its type only: decoding a damaged value just to show it could cost far more
        // than the frame.
        tag => Err(WriteFrameError::BadUserKey {
            record,
            found: format!("a {}", tag_name(tag)),
        }),
    }
}

/// Appends a bin's value as a particle; returns its particle type (NULL deletes the bin).
fn bin_value(c: &mut Cursor<'_>, out: &mut Vec<u8>, record: u32) -> Res<u8> {
    let at = c.position();
    let tag = c.u8()?;
    Ok(match tag {
        TAG_NIL => particle::NULL,
        TAG_INT => {
            out.extend_from_slice(c.take(8)?);
            particle::INTEGER
        }
        TAG_FLOAT => {
            out.extend_from_slice(c.take(8)?);
            particle::FLOAT
        }
        TAG_STRING => {
            out.extend_from_slice(long_bytes(c, true)?);
            particle::STRING
        }
        TAG_BLOB => {
            out.extend_from_slice(long_bytes(c, false)?);
            particle::BLOB
        }
        TAG_BOOL => {
            out.push(u8::from(c.bool()?));
            particle::BOOL
        }
        TAG_GEOJSON => {
            // Flags and cell count, none given: the server computes the cells.
            out.extend_from_slice(&[0, 0, 0]);
            out.extend_from_slice(long_bytes(c, true)?);
            particle::GEOJSON
        }
        TAG_HLL => {
            out.extend_from_slice(long_bytes(c, false)?);
            particle::HLL
        }
        // A bin's value is at depth 0: its items at 1.
        TAG_LIST => {
            pack_list(c, out, record, 1)?;
            particle::LIST
        }
        TAG_MAP => {
            pack_map(c, out, record, 1)?;
            particle::MAP
        }
        tag => return Err(FrameError::BadTag { tag, at }.into()),
    })
}

/// A list's items, each at `depth`.
fn pack_list(c: &mut Cursor<'_>, out: &mut Vec<u8>, record: u32, depth: usize) -> Res<()> {
    let n = c.u32()?;
    pack_header(out, n, 0x90, 0xdc);
    for _ in 0..n {
        pack(c, out, record, false, depth)?;
    }
    Ok(())
}

/// A map's keys and values, each at `depth`.
fn pack_map(c: &mut Cursor<'_>, out: &mut Vec<u8>, record: u32, depth: usize) -> Res<()> {
    let n = c.u32()?;
    // A plain (unordered) map header, as the crate sends maps.
    pack_header(out, n, 0x80, 0xde);
    for _ in 0..n {
        pack(c, out, record, true, depth)?;
        pack(c, out, record, false, depth)?;
    }
    Ok(())
}

/// An array (0x90/0xdc/0xdd) or map (0x80/0xde/0xdf) header.
fn pack_header(out: &mut Vec<u8>, n: u32, fix: u8, marker16: u8) {
    if n < 16 {
        out.push(fix | n as u8);
    } else if n <= u32::from(u16::MAX) {
        out.push(marker16);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(marker16 + 1);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// A string-like value inside a list or map: a msgpack string whose first byte is the particle
/// type (the Aerospike convention for strings, blobs, GeoJSON and HLLs in collections).
fn pack_prefixed(out: &mut Vec<u8>, ptype: u8, bytes: &[u8]) {
    let n = bytes.len() + 1;
    if n < 32 {
        out.push(0xa0 | n as u8);
    } else if n < 256 {
        out.extend_from_slice(&[0xd9, n as u8]);
    } else if n < 1 << 16 {
        out.push(0xda);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(0xdb);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
    out.push(ptype);
    out.extend_from_slice(bytes);
}

/// An integer in the shortest msgpack form, as the crate packs it.
fn pack_int(out: &mut Vec<u8>, v: i64) {
    if v >= 0 {
        let u = v as u64;
        if u < 128 {
            out.push(u as u8);
        } else if u <= u64::from(u8::MAX) {
            out.extend_from_slice(&[0xcc, u as u8]);
        } else if u <= u64::from(u16::MAX) {
            out.push(0xcd);
            out.extend_from_slice(&(u as u16).to_be_bytes());
        } else if u <= u64::from(u32::MAX) {
            out.push(0xce);
            out.extend_from_slice(&(u as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&u.to_be_bytes());
        }
    } else if v >= -32 {
        out.push(v as i8 as u8);
    } else if v >= i64::from(i8::MIN) {
        out.extend_from_slice(&[0xd0, v as i8 as u8]);
    } else if v >= i64::from(i16::MIN) {
        out.push(0xd1);
        out.extend_from_slice(&(v as i16).to_be_bytes());
    } else if v >= i64::from(i32::MIN) {
        out.push(0xd2);
        out.extend_from_slice(&(v as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&v.to_be_bytes());
    }
}

/// One value inside a list or map, at `depth`, as msgpack; `map_key` refuses what cannot key a
/// map. Deeper than [`MAX_DEPTH`] is refused: the recursion runs on the writing Java thread's
/// stack, and the read path would refuse the value too.
fn pack(
    c: &mut Cursor<'_>,
    out: &mut Vec<u8>,
    record: u32,
    map_key: bool,
    depth: usize,
) -> Res<()> {
    let at = c.position();
    if depth > MAX_DEPTH {
        return Err(WriteFrameError::TooDeep {
            record,
            key: String::new(),
            bin: String::new(),
        });
    }
    let tag = c.u8()?;
    if map_key && !matches!(tag, TAG_INT | TAG_STRING | TAG_BLOB) {
        return Err(WriteFrameError::BadMapKey { record, tag });
    }
    match tag {
        TAG_NIL => out.push(0xc0),
        TAG_INT => pack_int(out, i64::from_be_bytes(c.array()?)),
        TAG_FLOAT => {
            out.push(0xcb);
            out.extend_from_slice(c.take(8)?);
        }
        TAG_STRING => pack_prefixed(out, particle::STRING, long_bytes(c, true)?),
        TAG_BLOB => pack_prefixed(out, particle::BLOB, long_bytes(c, false)?),
        TAG_BOOL => out.push(if c.bool()? { 0xc3 } else { 0xc2 }),
        TAG_GEOJSON => pack_prefixed(out, particle::GEOJSON, long_bytes(c, true)?),
        TAG_HLL => pack_prefixed(out, particle::HLL, long_bytes(c, false)?),
        TAG_LIST => pack_list(c, out, record, depth + 1)?,
        TAG_MAP => pack_map(c, out, record, depth + 1)?,
        tag => return Err(FrameError::BadTag { tag, at }.into()),
    }
    Ok(())
}

/// The batch request for one node: rows `members` of `rows`, each with its index, behind the
/// proto and AS_MSG headers. `timeout_ms` bounds the whole batch on the server.
pub fn request(rows: &Rows, members: &[u32], timeout_ms: u32) -> Vec<u8> {
    let row_bytes: usize = members
        .iter()
        .map(|&i| 4 + rows.row(i as usize).len())
        .sum();
    batch::message(members.len() as u32, row_bytes, None, timeout_ms, |out| {
        for &i in members {
            out.extend_from_slice(&i.to_be_bytes());
            out.extend_from_slice(rows.row(i as usize));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::encode_value;
    use crate::write_frame::{encode, WriteRecord};
    use aerospike::{Key, Value};

    fn attrs() -> RowAttrs {
        RowAttrs {
            info2: 0,
            info3: 0,
            with_generation: false,
            record_ttl: 0,
            send_key: false,
        }
    }

    fn record(key: Value, bins: Vec<(&str, Value)>) -> WriteRecord {
        WriteRecord {
            set: None,
            user_key: Some(key),
            digest: None,
            generation: 0,
            bins: bins.into_iter().map(|(n, v)| (n.to_string(), v)).collect(),
        }
    }

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn digests_and_partitions_match_the_crates_keys() {
        let keys = [
            Value::Int(0),
            Value::Int(-42),
            Value::Int(i64::MAX),
            Value::from(""),
            Value::from("w0"),
            Value::from("sät ✓"),
            Value::Blob(vec![]),
            Value::Blob(vec![0, 1, 255]),
        ];
        for set in ["", "golden", "a-longer-set-name"] {
            for k in &keys {
                let (ptype, bytes) = match k {
                    Value::Int(i) => (particle::INTEGER, i.to_be_bytes().to_vec()),
                    Value::String(s) => (particle::STRING, s.as_bytes().to_vec()),
                    Value::Blob(b) => (particle::BLOB, b.clone()),
                    _ => unreachable!("only key types are listed"),
                };
                let ours = digest(set.as_bytes(), ptype, &bytes);
                let crate_key = Key::new("test", set, k.clone()).expect("key");
                assert_eq!(ours, crate_key.digest(), "set {set:?} key {k:?}");
                assert_eq!(
                    usize::from(super::super::response::partition_of(&ours)),
                    crate_key.partition_id()
                );
            }
        }
    }

    /// The Python client's batch write of w0, w1, w2 (a=1, s="w") into test/golden with a 1 s
    /// timeout (golden capture f_batch_write_python, message #11): it repeats every row in full,
    /// as this encoder does, so the whole message must be identical.
    const PYTHON_BATCH_WRITE: &str = "\
        020300000000011f1608000000000000000000000000000003e8000100000000010529000000030d0000000007aa8797\
        ebdf80e82922cf33f8b56e9200829e680e008100000000000000000200020000000500746573740000000701676f6c64\
        656e0000000d020100016100000000000000010000000602030001737700000001b47e67f4a857b07bcf6d014fde4436\
        79bcfdbcdc0e008100000000000000000200020000000500746573740000000701676f6c64656e0000000d0201000161\
        00000000000000010000000602030001737700000002c34e2f91bd8f73287dce9c7d1c097f88fb8f79000e0081000000\
        00000000000200020000000500746573740000000701676f6c64656e0000000d02010001610000000000000001000000\
        06020300017377";

    #[test]
    fn the_request_is_byte_identical_to_the_python_clients_golden_batch_write() {
        let records: Vec<WriteRecord> = (0..3)
            .map(|i| {
                record(
                    Value::from(format!("w{i}")),
                    vec![("a", Value::Int(1)), ("s", Value::from("w"))],
                )
            })
            .collect();
        let encoder = RowEncoder::new("test", "golden", attrs());
        let mut rows = Rows::default();
        let n = encoder
            .encode_frame(&encode(&records).expect("frame"), &mut rows)
            .expect("encodes");
        assert_eq!((n, rows.len()), (3, 3));
        let ours = request(&rows, &[0, 1, 2], 1000);
        assert_eq!(ours, unhex(PYTHON_BATCH_WRITE));
    }

    /// Field 41's rows parsed back: (index, flags, info2, info3, generation, ttl, fields, ops).
    fn header_of(row: &[u8]) -> (u8, u8, u8, u8, u16, u32, u16, u16) {
        (
            row[20],
            row[21],
            row[22],
            row[23],
            u16::from_be_bytes([row[24], row[25]]),
            u32::from_be_bytes([row[26], row[27], row[28], row[29]]),
            u16::from_be_bytes([row[30], row[31]]),
            u16::from_be_bytes([row[32], row[33]]),
        )
    }

    #[test]
    fn write_attributes_generation_ttl_and_the_sent_key_are_in_each_row() {
        let a = RowAttrs {
            info2: INFO2_GENERATION | INFO2_DURABLE_DELETE,
            info3: INFO3_REPLACE_ONLY,
            with_generation: true,
            record_ttl: 3600,
            send_key: true,
        };
        let mut r = record(Value::from("k"), vec![("gone", Value::Nil)]);
        r.generation = 7;
        let by_digest = WriteRecord {
            user_key: None,
            digest: Some([7; 20]),
            set: Some("other".into()),
            ..r.clone()
        };
        let mut rows = Rows::default();
        RowEncoder::new("ns", "s", a)
            .encode_frame(&encode(&[r, by_digest]).expect("frame"), &mut rows)
            .expect("encodes");
        let row = rows.row(0);
        assert_eq!(
            header_of(row),
            (0x0e, 0, 0x81 | 0x04 | 0x10, 0x20, 7, 3600, 3, 1)
        );
        let fields = &row[34..];
        let mut expected = Vec::new();
        put_field(&mut expected, FIELD_NAMESPACE, &[b"ns"]);
        put_field(&mut expected, FIELD_TABLE, &[b"s"]);
        put_field(&mut expected, FIELD_KEY, &[&[particle::STRING], b"k"]);
        // A NIL bin: a WRITE op with a NULL particle and no value deletes the bin.
        expected.extend_from_slice(&[0, 0, 0, 8, OP_WRITE, particle::NULL, 0, 4]);
        expected.extend_from_slice(b"gone");
        assert_eq!(fields, &expected[..]);
        // Without a user key: the frame's digest, its own set, no KEY field.
        let row = rows.row(1);
        assert_eq!(&row[..20], &[7; 20]);
        assert_eq!(header_of(row).6, 2);
        assert_eq!(rows.partition(1), 0x0707 & 4095);
        assert_eq!(&row[34 + 7..34 + 7 + 5 + 5], b"\0\0\0\x06\x01other");
        // The identity names the record for failure lines.
        assert_eq!(rows.identity(1)[0], FLAG_DIGEST | FLAG_SET);
    }

    /// A generation is 16 bits on the wire: under a generation policy a larger one is refused
    /// naming the record (the Java client truncates it to another generation); without a policy
    /// no generation is sent and the frame's is not looked at.
    #[test]
    fn a_generation_past_16_bits_is_refused_under_a_generation_policy() {
        let with_policy = RowAttrs {
            info2: INFO2_GENERATION,
            with_generation: true,
            ..attrs()
        };
        let mut r = record(Value::from("k"), vec![("a", Value::Int(1))]);
        r.generation = 0x0001_0007;
        let frame = encode(&[r]).expect("frame");
        let mut rows = Rows::default();
        let e = RowEncoder::new("ns", "s", with_policy)
            .encode_frame(&frame, &mut rows)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "record 0 (ns/s/k): generation 65543 to check is not a record generation (0 to 65535)"
        );
        assert!(rows.is_empty());
        let mut r = record(Value::from("k"), vec![("a", Value::Int(1))]);
        r.generation = u32::MAX;
        let e = RowEncoder::new("ns", "s", with_policy)
            .encode_frame(&encode(&[r]).expect("frame"), &mut rows)
            .unwrap_err();
        assert!(e.to_string().contains("generation -1 to check"), "{e}");
        RowEncoder::new("ns", "s", attrs())
            .encode_frame(&frame, &mut rows)
            .expect("no policy, no generation sent");
        assert_eq!(header_of(rows.row(0)).4, 0);
    }

    #[test]
    fn every_value_type_reads_back_through_the_scan_path_as_written() {
        let mut map = aerospike::IndexMap::new();
        map.insert(Value::from("z"), Value::Int(-1));
        map.insert(
            Value::Int(300),
            Value::List(vec![Value::Nil, Value::Bool(true)]),
        );
        map.insert(Value::Blob(vec![1; 40]), Value::from("x".repeat(300)));
        let values = vec![
            Value::Int(i64::MIN),
            Value::Int(5),
            Value::from(-0.25),
            Value::from("text ✓"),
            Value::Blob(vec![0, 255]),
            Value::Bool(true),
            Value::Bool(false),
            Value::GeoJson(r#"{"type":"Point","coordinates":[1,2]}"#.into()),
            Value::Hll(vec![9; 12]),
            Value::List(
                [
                    -33i64,
                    -32,
                    127,
                    128,
                    255,
                    256,
                    65535,
                    65536,
                    -129,
                    -32769,
                    -2147483649,
                    i64::MAX,
                ]
                .into_iter()
                .map(Value::Int)
                .chain([
                    Value::from(1.5),
                    Value::from(""),
                    Value::GeoJson("{}".into()),
                    Value::Hll(vec![1]),
                    Value::List((0..20).map(Value::Int).collect()),
                ])
                .collect(),
            ),
            Value::OrderedMap(map),
        ];
        for v in values {
            let mut frame_value = Vec::new();
            encode_value(&mut frame_value, &v).expect("frame value");
            let mut c = Cursor::new(&frame_value);
            let mut wire = Vec::new();
            let ptype = bin_value(&mut c, &mut wire, 0).expect("packs");
            assert_eq!(c.remaining(), 0, "{v:?}");
            let mut back = Vec::new();
            particle::encode(&mut back, ptype, &wire).expect("reads back");
            assert_eq!(back, frame_value, "{v:?}");
        }
    }

    #[test]
    fn a_damaged_frame_leaves_the_rows_as_they_were() {
        let encoder = RowEncoder::new("test", "s", attrs());
        let mut rows = Rows::default();
        let good = encode(&[record(Value::Int(1), vec![("a", Value::Int(1))])]).expect("frame");
        encoder.encode_frame(&good, &mut rows).expect("encodes");
        let before = (rows.bytes.clone(), rows.keys.clone(), rows.len());
        let two = encode(&[
            record(Value::Int(2), vec![("a", Value::Int(2))]),
            record(Value::Int(3), vec![("a", Value::Int(3))]),
        ])
        .expect("frame");
        for cut in [3, 10, two.len() - 1] {
            assert!(encoder.encode_frame(&two[..cut], &mut rows).is_err());
            assert_eq!((rows.bytes.clone(), rows.keys.clone(), rows.len()), before);
        }
        // A map keyed by a boolean is refused when its bin is reached.
        let mut map = aerospike::IndexMap::new();
        map.insert(Value::Bool(true), Value::Int(1));
        let bad_map = encode(&[
            record(Value::Int(4), vec![("a", Value::Int(4))]),
            record(Value::Int(5), vec![("m", Value::OrderedMap(map))]),
        ])
        .expect("frame");
        assert_eq!(
            encoder.encode_frame(&bad_map, &mut rows),
            Err(WriteFrameError::BadMapKey {
                record: 1,
                tag: TAG_BOOL
            })
        );
        let mut trailing = two.clone();
        trailing.push(0);
        assert_eq!(
            encoder.encode_frame(&trailing, &mut rows),
            Err(FrameError::Trailing(1).into())
        );
        assert_eq!(rows.len(), 1);
    }

    /// A frame of one record whose bin `l` is an integer inside `depth` lists, written as bytes
    /// (the frame encoder would recurse as deep itself).
    fn nested_lists(depth: usize) -> Vec<u8> {
        let mut frame = encode(&[record(Value::Int(1), vec![])]).expect("frame");
        let bins = frame.len() - 2;
        frame.truncate(bins);
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.push(b'l');
        for _ in 0..depth {
            frame.push(TAG_LIST);
            frame.extend_from_slice(&1u32.to_be_bytes());
        }
        frame.push(TAG_INT);
        frame.extend_from_slice(&7i64.to_be_bytes());
        frame
    }

    /// Nesting is bounded as the read path bounds it: the deepest value the reader reads back is
    /// written, one level more is refused naming the record, and a frame nested far deeper than
    /// any stack holds is an error, not a recursion (it aborted the process before the bound).
    #[test]
    fn lists_nested_past_what_the_reader_reads_back_are_refused() {
        let encoder = RowEncoder::new("test", "s", attrs());
        let mut rows = Rows::default();
        encoder
            .encode_frame(&nested_lists(MAX_DEPTH), &mut rows)
            .expect("as deep as the reader reads");
        let row = rows.row(0).to_vec();
        let mut frame_value = Vec::new();
        let mut item = Value::Int(7);
        for _ in 0..MAX_DEPTH {
            item = Value::List(vec![item]);
        }
        encode_value(&mut frame_value, &item).expect("frame value");
        let mut c = Cursor::new(&frame_value);
        let mut wire = Vec::new();
        let ptype = bin_value(&mut c, &mut wire, 0).expect("packs");
        assert!(row.ends_with(&wire), "the row carries the packed list");
        let mut back = Vec::new();
        particle::encode(&mut back, ptype, &wire).expect("the read path takes it");
        assert_eq!(back, frame_value);

        for depth in [MAX_DEPTH + 1, 200_000] {
            let err = encoder
                .encode_frame(&nested_lists(depth), &mut rows)
                .expect_err("too deep");
            assert_eq!(
                err.to_string(),
                "record 0 (test/s/1), bin 'l': lists and maps nested deeper than 256 (the most the \
                 connector reads back)"
            );
        }
        assert_eq!(rows.len(), 1, "nothing of a refused frame is kept");
    }

    /// A user key of no key type is named by its type, without decoding it: a megabyte of
    /// nested maps claiming u32::MAX entries each used to be decoded for the message, reserving
    /// gigabytes.
    #[test]
    fn a_user_key_of_no_key_type_is_named_by_its_type_alone() {
        let encoder = RowEncoder::new("test", "s", attrs());
        let mut rows = Rows::default();
        let mut frame = 1u32.to_be_bytes().to_vec();
        frame.push(FLAG_USER_KEY);
        for _ in 0..MAX_DEPTH {
            frame.push(TAG_MAP);
            frame.extend_from_slice(&u32::MAX.to_be_bytes());
            frame.push(TAG_NIL);
        }
        frame.resize(frame.len() + (1 << 20), TAG_NIL);
        let e = encoder.encode_frame(&frame, &mut rows).unwrap_err();
        assert_eq!(
            e.to_string(),
            "record 0: a user key must be an integer, a string or a blob, not a map"
        );
        let float_key = encode(&[record(Value::from(1.5), vec![])]);
        // The frame encoder refuses it first; written by hand, the row encoder names it too.
        assert!(float_key.is_err());
        let mut frame = 1u32.to_be_bytes().to_vec();
        frame.push(FLAG_USER_KEY);
        frame.push(TAG_FLOAT);
        frame.extend_from_slice(&1.5f64.to_bits().to_be_bytes());
        frame.extend_from_slice(&0u32.to_be_bytes());
        frame.extend_from_slice(&0u16.to_be_bytes());
        assert_eq!(
            encoder.encode_frame(&frame, &mut rows),
            Err(WriteFrameError::BadUserKey {
                record: 0,
                found: "a float".into()
            })
        );
        assert!(rows.is_empty());
    }

    #[test]
    fn a_boolean_byte_other_than_0_or_1_is_a_damaged_frame() {
        let encoder = RowEncoder::new("test", "s", attrs());
        let mut rows = Rows::default();
        for (value, list) in [(Value::Bool(true), false), (Value::Bool(false), true)] {
            let v = if list {
                Value::List(vec![value])
            } else {
                value
            };
            let mut frame = encode(&[record(Value::Int(1), vec![("b", v)])]).expect("frame");
            let at = frame.len() - 1;
            frame[at] = 2;
            assert_eq!(
                encoder.encode_frame(&frame, &mut rows),
                Err(FrameError::BadBool { byte: 2, at }.into())
            );
        }
        assert!(rows.is_empty());
    }

    #[test]
    fn full_batches_are_taken_off_the_front_keeping_every_row() {
        let encoder = RowEncoder::new("test", "s", attrs());
        let mut rows = Rows::default();
        let records: Vec<WriteRecord> = (0..7)
            .map(|i| {
                record(
                    Value::Int(i),
                    vec![("v", Value::from("x".repeat(i as usize)))],
                )
            })
            .collect();
        encoder
            .encode_frame(&encode(&records).expect("frame"), &mut rows)
            .expect("encodes");
        let all: Vec<Vec<u8>> = (0..7).map(|i| rows.row(i).to_vec()).collect();
        assert!(rows.take_batches(8).is_empty());
        let batches = rows.take_batches(3);
        assert_eq!(
            batches.iter().map(Rows::len).collect::<Vec<_>>(),
            vec![3, 3]
        );
        assert_eq!(rows.len(), 1);
        let mut again: Vec<Vec<u8>> = Vec::new();
        for b in &batches {
            again.extend((0..b.len()).map(|i| b.row(i).to_vec()));
        }
        again.push(rows.row(0).to_vec());
        assert_eq!(again, all);
        assert_eq!(batches[1].identity(0), {
            let mut id = vec![FLAG_USER_KEY];
            encode_value(&mut id, &Value::Int(3)).expect("key");
            id
        });
        let one = rows.take_batches(1);
        assert_eq!((one.len(), one[0].len(), rows.len()), (1, 1, 0));
    }
}
