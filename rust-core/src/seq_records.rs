//! Export's SequenceFile records, written straight from the records of a frame (the layout is
//! [`crate::frame`]'s): for each record, what an uncompressed SequenceFile holds for it,
//!
//! ```text
//! i32 record length (key + value), i32 key length, key bytes, value bytes
//! ```
//!
//! the key and value being the bytes java-shim's `AerospikeKey.write` and `AerospikeRecord.write`
//! produce for the decoded record: the same fields in the same order, strings and lengths as
//! Hadoop vints (`WritableUtils.writeVLong`), values tagged as `ValueCodec` tags them. The frame
//! and the Writable encodings share their tags and big-endian numbers, so most of a value is a
//! copy. Floats are written as `DataOutput.writeDouble` writes them (every NaN as the canonical
//! one). The export places the file's sync markers between records
//! (`io.aerohadoop.tools.SequenceFileFrameOutputFormat`), so where each record starts is handed
//! back too.

use crate::error::Error;
use crate::frame::{
    TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON, TAG_HLL, TAG_INT, TAG_LIST, TAG_MAP, TAG_NIL,
    TAG_STRING,
};
use crate::frame_cursor::Cursor;

/// Java's `Double.doubleToLongBits` of any NaN.
const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Appends one SequenceFile record per record of a frame to `out`, and where each starts (its
/// offset in `out`) to `starts`.
///
/// * `records`: the frame's records, after its record count;
/// * `count`: how many records it holds;
/// * `namespace`: the namespace they belong to (frames carry none);
/// * `now_citrus`: the clock TTLs are computed against, in seconds since 2010-01-01T00:00:00Z.
///
/// A malformed frame is an [`Error::CorruptFrame`] naming the record and what is wrong; `out` and
/// `starts` may then hold part of the frame's records, which the caller drops.
pub fn write_records(
    records: &[u8],
    count: u32,
    namespace: &str,
    now_citrus: i64,
    out: &mut Vec<u8>,
    starts: &mut Vec<u32>,
) -> Result<(), Error> {
    // A record's key and value are about its frame bytes plus the namespace and lengths. A record
    // takes at least 31 frame bytes: a corrupt count must not reserve more than the bytes can hold.
    let plausible = (count as usize).min(records.len() / 31);
    out.reserve(records.len() + plausible * (namespace.len() + 16));
    starts.reserve(plausible);
    let mut c = Cursor::new(records, count, now_citrus);
    while let Some(record) = c.next_record()? {
        let start = out.len();
        starts.push(u32::try_from(start).map_err(|_| {
            c.corrupt("the frame's SequenceFile records pass 4 GiB, more than a frame holds")
        })?);
        out.extend_from_slice(&[0; 8]); // both lengths, filled in below
                                        // AerospikeKey.write: namespace, set flag and set, digest, user key (nil without one).
        vlong(namespace.len() as i64, out);
        out.extend_from_slice(namespace.as_bytes());
        match record.set {
            Some(set) => {
                out.push(1);
                vlong(set.len() as i64, out);
                out.extend_from_slice(set);
            }
            None => out.push(0),
        }
        out.extend_from_slice(record.digest);
        if record.has_user_key {
            value(&mut c, out, 0)?;
        } else {
            out.push(TAG_NIL);
        }
        let key_length = out.len() - start - 8;
        // AerospikeRecord.write: generation, TTL, bins by name.
        out.extend_from_slice(&record.generation.to_be_bytes());
        out.extend_from_slice(&record.ttl.to_be_bytes());
        let bins = c.u16()?;
        vlong(i64::from(bins), out);
        for _ in 0..bins {
            let len = c.u16()? as usize;
            vlong(len as i64, out);
            out.extend_from_slice(c.take(len)?);
            value(&mut c, out, 0)?;
        }
        let record_length = out.len() - start - 8;
        let lengths = [length(record_length, &c)?, length(key_length, &c)?];
        out[start..start + 4].copy_from_slice(&lengths[0].to_be_bytes());
        out[start + 4..start + 8].copy_from_slice(&lengths[1].to_be_bytes());
    }
    Ok(())
}

/// A length as the file's `int`.
fn length(n: usize, c: &Cursor<'_>) -> Result<i32, Error> {
    i32::try_from(n).map_err(|_| {
        c.corrupt(format!(
            "a record of {n} bytes is more than a SequenceFile holds"
        ))
    })
}

fn value(c: &mut Cursor<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), Error> {
    c.check_depth(depth)?;
    let tag = c.u8()?;
    match tag {
        TAG_NIL => out.push(tag),
        TAG_INT => {
            out.push(tag);
            out.extend_from_slice(&c.i64()?.to_be_bytes());
        }
        TAG_FLOAT => {
            let bits = c.i64()? as u64;
            let bits = if f64::from_bits(bits).is_nan() {
                CANONICAL_NAN
            } else {
                bits
            };
            out.push(tag);
            out.extend_from_slice(&bits.to_be_bytes());
        }
        TAG_BOOL => {
            let b = c.u8()?;
            if b > 1 {
                return Err(c.corrupt(format!("boolean byte {b}")));
            }
            out.push(tag);
            out.push(b);
        }
        TAG_STRING | TAG_BLOB | TAG_GEOJSON | TAG_HLL => {
            let len = c.count(1, "length")?;
            out.push(tag);
            vlong(len as i64, out);
            out.extend_from_slice(c.take(len)?);
        }
        TAG_LIST => {
            let n = c.count(1, "list size")?;
            out.push(tag);
            vlong(n as i64, out);
            for _ in 0..n {
                value(c, out, depth + 1)?;
            }
        }
        TAG_MAP => {
            let n = c.count(2, "map size")?;
            out.push(tag);
            vlong(n as i64, out);
            for _ in 0..2 * n {
                value(c, out, depth + 1)?;
            }
        }
        _ => return Err(c.unknown_tag(tag)),
    }
    Ok(())
}

/// Hadoop's `WritableUtils.writeVLong`: one byte for -112..=127, else a byte giving sign and
/// length, then the magnitude's (or its complement's) big-endian bytes without leading zeros.
#[inline]
fn vlong(i: i64, out: &mut Vec<u8>) {
    if (-112..=127).contains(&i) {
        out.push(i as u8);
        return;
    }
    long_vlong(i, out);
}

#[cold]
fn long_vlong(i: i64, out: &mut Vec<u8>) {
    let (magnitude, base) = if i < 0 { (!i, -120i32) } else { (i, -112) };
    let bytes = 8 - (magnitude.leading_zeros() / 8) as usize;
    out.push((base - bytes as i32) as u8);
    out.extend_from_slice(&magnitude.to_be_bytes()[8 - bytes..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FrameBuilder;
    use aerospike::Value;

    fn vlong_bytes(i: i64) -> Vec<u8> {
        let mut out = Vec::new();
        vlong(i, &mut out);
        out
    }

    #[test]
    fn vlongs_are_hadoops() {
        // WritableUtils.writeVLong's bytes for each (Hadoop 3.4.2).
        assert_eq!(vlong_bytes(0), [0]);
        assert_eq!(vlong_bytes(127), [127]);
        assert_eq!(vlong_bytes(-112), [0x90]);
        assert_eq!(vlong_bytes(128), [0x8f, 0x80]);
        assert_eq!(vlong_bytes(-113), [0x87, 0x70]);
        assert_eq!(vlong_bytes(256), [0x8e, 0x01, 0x00]);
        assert_eq!(
            vlong_bytes(i64::MAX),
            [0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(
            vlong_bytes(i64::MIN),
            [0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
    }

    #[test]
    fn a_record_is_its_lengths_key_and_value() {
        let bins = [("i", Value::Int(-2)), ("f", Value::from(f64::NAN))];
        let records = crate::frame_cursor::two_records(&bins);
        let (mut out, mut starts) = (b"kept".to_vec(), Vec::new());
        write_records(&records, 2, "ns", 0, &mut out, &mut starts).expect("encodes");
        let key: Vec<u8> = [
            &[2u8, b'n', b's', 1, 1, b's'][..],
            &[7; 20],
            &[TAG_STRING, 1, b'k'],
        ]
        .concat();
        let value: Vec<u8> = [
            &[0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 2][..],
            &[
                1, b'i', TAG_INT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
            ],
            &[1, b'f', TAG_FLOAT, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
        ]
        .concat();
        let first: Vec<u8> = [
            &((key.len() + value.len()) as i32).to_be_bytes()[..],
            &(key.len() as i32).to_be_bytes(),
            &key,
            &value,
        ]
        .concat();
        let second_key: Vec<u8> = [&[2u8, b'n', b's', 0][..], &[8; 20], &[TAG_NIL]].concat();
        let second: Vec<u8> = [
            &((second_key.len() + 9) as i32).to_be_bytes()[..],
            &(second_key.len() as i32).to_be_bytes(),
            &second_key,
            &[0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0],
        ]
        .concat();
        assert_eq!(starts, [4, 4 + first.len() as u32]);
        assert_eq!(out, [&b"kept"[..], &first, &second].concat());
    }

    #[test]
    fn a_record_count_the_bytes_cannot_hold_reserves_nothing_for_it() {
        let e = write_records(
            &[0; 40],
            u32::MAX,
            "ns",
            0,
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .expect_err("40 bytes hold one record at most");
        assert!(
            e.to_string()
                .contains("record runs past the end of the frame"),
            "{e}"
        );
    }

    #[test]
    fn a_malformed_frame_is_an_error_naming_the_record() {
        let mut b = FrameBuilder::new(1 << 16);
        let bins = [("b", Value::Bool(true))];
        b.push_parts(
            &[1; 20],
            1,
            0,
            None,
            None,
            bins.iter().map(|(n, v)| (*n, v)),
        )
        .expect("encodes");
        let frame = b.finish().expect("records");
        let mut records = frame.bytes()[4..].to_vec();
        *records.last_mut().expect("a bool byte") = 2;
        let e = write_records(&records, 1, "ns", 0, &mut Vec::new(), &mut Vec::new())
            .expect_err("a bool of 2");
        assert_eq!(
            e.to_string(),
            "corrupt record frame (record starting at byte 0, 0 record(s) left): boolean byte 2"
        );
        assert_eq!(e.result_code(), crate::error::code::PARSE_ERROR);
    }
}
