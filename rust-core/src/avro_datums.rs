//! Export's Avro datums, written straight from the records of a frame (the layout is
//! [`crate::frame`]'s): one binary datum of the export schema (java-shim's
//! `tools/aerospike-record.avsc`) per record, byte for byte what Avro's `GenericDatumWriter` writes
//! for the decoded record (`AvroRecords.toAvro`), for `DataFileWriter.appendEncoded`:
//!
//! ```text
//! namespace string, set ["null","string"], digest fixed(20), key ["null","long","string","bytes"],
//! generation int, ttl int, bins map<Value>
//! Value = union { null, long, double, string, bytes, boolean, ListValue, MapValue, GeoJSON,
//!                 HyperLogLog }   (ListValue: array<Value>; MapValue: array<{Value key; Value value}>;
//!                                  GeoJSON: {string json}; HyperLogLog: {bytes sketch})
//! ```
//!
//! Longs and ints (and union branch indexes) as zig-zag varints, strings and bytes
//! length-prefixed, doubles little-endian, maps and arrays as one block of `count` items then 0
//! (just 0 when empty). Where each datum starts is handed back too.

use crate::error::Error;
use crate::frame::{
    tag_name, TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON, TAG_HLL, TAG_INT, TAG_LIST, TAG_MAP,
    TAG_NIL, TAG_STRING,
};
use crate::frame_cursor::Cursor;

// Branches of the "key" union.
const KEY_NULL: i64 = 0;
const KEY_LONG: i64 = 1;
const KEY_STRING: i64 = 2;
const KEY_BYTES: i64 = 3;
// Branches of Value.value, as bytes: a branch below 64 is one zig-zag byte.
const V_NULL: u8 = 0;
const V_LONG: u8 = 1 << 1;
const V_DOUBLE: u8 = 2 << 1;
const V_STRING: u8 = 3 << 1;
const V_BYTES: u8 = 4 << 1;
const V_BOOLEAN: u8 = 5 << 1;
const V_LIST: u8 = 6 << 1;
const V_MAP: u8 = 7 << 1;
const V_GEOJSON: u8 = 8 << 1;
const V_HLL: u8 = 9 << 1;

/// Appends one datum per record of a frame to `out`, and where each starts (its offset in `out`)
/// to `starts`.
///
/// * `records`: the frame's records, after its record count;
/// * `count`: how many records it holds;
/// * `namespace`: the namespace they belong to (frames carry none);
/// * `now_citrus`: the clock TTLs are computed against, in seconds since 2010-01-01T00:00:00Z.
///
/// A malformed frame is an [`Error::CorruptFrame`] naming the record and what is wrong, and a user
/// key of a type the schema has no branch for (the server stores integer, string and blob keys
/// only) an [`Error::InvalidArgument`]; `out` and `starts` may then hold part of the frame's
/// datums, which the caller drops.
pub fn write_datums(
    records: &[u8],
    count: u32,
    namespace: &str,
    now_citrus: i64,
    out: &mut Vec<u8>,
    starts: &mut Vec<u32>,
) -> Result<(), Error> {
    // A datum is about its record's frame bytes plus the namespace. A record takes at least 31
    // frame bytes: a corrupt count must not reserve more than the bytes can hold.
    let plausible = (count as usize).min(records.len() / 31);
    out.reserve(records.len() + plausible * (namespace.len() + 4));
    starts.reserve(plausible);
    let mut c = Cursor::new(records, count, now_citrus);
    while let Some(record) = c.next_record()? {
        starts.push(u32::try_from(out.len()).map_err(|_| {
            c.corrupt("the frame's Avro datums pass 4 GiB, more than a frame holds")
        })?);
        bytes(namespace.as_bytes(), out);
        // Union branches are zig-zag ints too: set's ["null", "string"] is 0 or 2.
        match record.set {
            Some(set) => {
                out.push(1 << 1);
                bytes(set, out);
            }
            None => out.push(0),
        }
        out.extend_from_slice(record.digest);
        if record.has_user_key {
            user_key(&mut c, out)?;
        } else {
            long(KEY_NULL, out);
        }
        long(i64::from(record.generation), out);
        long(i64::from(record.ttl), out);
        let bins = c.u16()?;
        if bins > 0 {
            long(i64::from(bins), out);
            for _ in 0..bins {
                let len = c.u16()? as usize;
                bytes(c.take(len)?, out);
                value(&mut c, out, 0)?;
            }
        }
        long(0, out);
    }
    Ok(())
}

fn user_key(c: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
    let tag = c.u8()?;
    match tag {
        TAG_NIL => long(KEY_NULL, out),
        TAG_INT => {
            long(KEY_LONG, out);
            long(c.i64()?, out);
        }
        TAG_STRING => {
            long(KEY_STRING, out);
            frame_bytes(c, "string length", out)?;
        }
        TAG_BLOB => {
            long(KEY_BYTES, out);
            frame_bytes(c, "blob length", out)?;
        }
        _ => {
            return Err(Error::InvalidArgument {
                what: "user key type",
                value: tag_name(tag),
                reason:
                    "the export's Avro schema has a branch for integer, string and blob keys only"
                        .into(),
            })
        }
    }
    Ok(())
}

/// One `Value` record: its union branch, then the branch's encoding.
fn value(c: &mut Cursor<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), Error> {
    c.check_depth(depth)?;
    let tag = c.u8()?;
    match tag {
        TAG_NIL => out.push(V_NULL),
        TAG_INT => {
            out.push(V_LONG);
            long(c.i64()?, out);
        }
        TAG_FLOAT => {
            out.push(V_DOUBLE);
            out.extend_from_slice(&c.i64()?.to_le_bytes());
        }
        TAG_STRING => {
            out.push(V_STRING);
            frame_bytes(c, "string length", out)?;
        }
        TAG_BLOB => {
            out.push(V_BYTES);
            frame_bytes(c, "blob length", out)?;
        }
        TAG_BOOL => {
            let b = c.u8()?;
            if b > 1 {
                return Err(c.corrupt(format!("boolean byte {b}")));
            }
            out.push(V_BOOLEAN);
            out.push(b);
        }
        TAG_GEOJSON => {
            out.push(V_GEOJSON);
            frame_bytes(c, "geojson length", out)?;
        }
        TAG_HLL => {
            out.push(V_HLL);
            frame_bytes(c, "hll length", out)?;
        }
        TAG_LIST => {
            let n = c.count(1, "list size")?;
            out.push(V_LIST);
            if n > 0 {
                long(n as i64, out);
                for _ in 0..n {
                    value(c, out, depth + 1)?;
                }
            }
            long(0, out);
        }
        TAG_MAP => {
            let n = c.count(2, "map size")?;
            out.push(V_MAP);
            if n > 0 {
                long(n as i64, out);
                // MapEntry {Value key; Value value}: the two values, one after the other.
                for _ in 0..2 * n {
                    value(c, out, depth + 1)?;
                }
            }
            long(0, out);
        }
        _ => return Err(c.unknown_tag(tag)),
    }
    Ok(())
}

/// A u32-length frame field (`what` names its length in messages) as Avro bytes or string.
fn frame_bytes(c: &mut Cursor<'_>, what: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    let len = c.count(1, what)?;
    bytes(c.take(len)?, out);
    Ok(())
}

/// Avro bytes or string: varint length, then the bytes.
#[inline]
fn bytes(b: &[u8], out: &mut Vec<u8>) {
    long(b.len() as i64, out);
    out.extend_from_slice(b);
}

/// Avro's long (and int) encoding: zig-zag, then 7 bits a byte, low first.
#[inline]
fn long(v: i64, out: &mut Vec<u8>) {
    let mut n = ((v << 1) ^ (v >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FrameBuilder;
    use aerospike::Value;

    fn long_bytes(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        long(v, &mut out);
        out
    }

    #[test]
    fn longs_are_zig_zag_varints() {
        // Avro's BinaryEncoder.writeLong bytes for each.
        assert_eq!(long_bytes(0), [0]);
        assert_eq!(long_bytes(-1), [1]);
        assert_eq!(long_bytes(1), [2]);
        assert_eq!(long_bytes(63), [0x7e]);
        assert_eq!(long_bytes(-64), [0x7f]);
        assert_eq!(long_bytes(64), [0x80, 0x01]);
        assert_eq!(long_bytes(8192), [0x80, 0x80, 0x01]);
        assert_eq!(
            long_bytes(i64::MIN),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }

    #[test]
    fn a_record_is_its_fields_in_schema_order() {
        let bins = [
            ("i", Value::Int(-2)),
            ("l", Value::List(vec![Value::Bool(true)])),
        ];
        let records = crate::frame_cursor::two_records(&bins);
        let (mut out, mut starts) = (b"kept".to_vec(), Vec::new());
        write_datums(&records, 2, "ns", 0, &mut out, &mut starts).expect("encodes");
        let first: Vec<u8> = [
            &[4u8, b'n', b's', 2, 2, b's'][..],
            &[7; 20],
            &[4, 2, b'k', 6, 1, 4],
            &[2, b'i', V_LONG, 3],
            &[2, b'l', V_LIST, 2, V_BOOLEAN, 1, 0],
            &[0],
        ]
        .concat();
        let second: Vec<u8> = [&[4u8, b'n', b's', 0][..], &[8; 20], &[0, 2, 1, 0]].concat();
        assert_eq!(starts, [4, 4 + first.len() as u32]);
        assert_eq!(out, [&b"kept"[..], &first, &second].concat());
    }

    #[test]
    fn a_user_key_the_schema_has_no_branch_for_is_refused_naming_its_type() {
        let mut b = FrameBuilder::new(1 << 16);
        b.push_parts(
            &[1; 20],
            1,
            0,
            None,
            Some(&Value::from(1.5f64)),
            std::iter::empty(),
        )
        .expect("encodes");
        let frame = b.finish().expect("records");
        let e = write_datums(
            &frame.bytes()[4..],
            1,
            "ns",
            0,
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .expect_err("a float key");
        assert_eq!(
            e.to_string(),
            "invalid user key type 'float': the export's Avro schema has a branch for integer, \
             string and blob keys only"
        );
        assert_eq!(e.result_code(), crate::error::code::PARAMETER_ERROR);
    }
}
