//! Bin values as the server sends them (a particle type and its bytes) re-encoded straight into
//! frame values (see `frame.rs`), without building an `aerospike::Value` first.
//!
//! The interpretation follows the official Rust client's (`aerospike-core` 3.0.0), so a record
//! reads the same whichever way it came: integers and floats are 8 bytes big-endian, strings
//! must be UTF-8, a GeoJSON particle carries a cell header before its text, lists and maps are
//! MessagePack whose strings carry a leading particle type, an extension as a collection's first
//! element is its order flags (dropped), and particle types no client interprets (legacy
//! language blobs) reach Java as blobs.

use rmp::Marker;

use crate::frame::{
    MAX_DEPTH, TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON, TAG_HLL, TAG_INT, TAG_LIST, TAG_MAP,
    TAG_NIL, TAG_STRING,
};

pub const NULL: u8 = 0;
pub const INTEGER: u8 = 1;
pub const FLOAT: u8 = 2;
pub const STRING: u8 = 3;
pub const BLOB: u8 = 4;
pub const BOOL: u8 = 17;
pub const HLL: u8 = 18;
pub const MAP: u8 = 19;
pub const LIST: u8 = 20;
pub const GEOJSON: u8 = 23;

/// Why a value could not be re-encoded; the message names what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParticleError(pub String);

fn bad(what: impl Into<String>) -> ParticleError {
    ParticleError(what.into())
}

/// Appends the frame value for a particle of type `ptype` holding `bytes`. NULL particles are
/// the caller's to skip (a bin whose value is nil does not exist).
pub fn encode(out: &mut Vec<u8>, ptype: u8, bytes: &[u8]) -> Result<(), ParticleError> {
    match ptype {
        NULL => out.push(TAG_NIL),
        INTEGER | FLOAT => {
            let word: [u8; 8] = bytes.try_into().map_err(|_| {
                bad(format!(
                    "a number particle of {} bytes (8 expected)",
                    bytes.len()
                ))
            })?;
            out.push(if ptype == INTEGER { TAG_INT } else { TAG_FLOAT });
            out.extend_from_slice(&word);
        }
        STRING => put_text(out, TAG_STRING, bytes, "string")?,
        BLOB => put_long(out, TAG_BLOB, bytes)?,
        HLL => put_long(out, TAG_HLL, bytes)?,
        BOOL => {
            out.push(TAG_BOOL);
            out.push(u8::from(bytes.first().is_some_and(|&b| b != 0)));
        }
        GEOJSON => {
            // u8 flags, u16 cell count, count × u64 cells, then the JSON text.
            let cells = bytes
                .get(1..3)
                .map(|c| usize::from(u16::from_be_bytes([c[0], c[1]])))
                .ok_or_else(|| bad("a GeoJSON particle shorter than its header"))?;
            let text = bytes
                .get(3 + cells * 8..)
                .ok_or_else(|| bad("a GeoJSON particle shorter than its cells"))?;
            put_text(out, TAG_GEOJSON, text, "GeoJSON")?;
        }
        LIST | MAP => {
            let mut input = bytes;
            if input.is_empty() {
                // An empty particle is an empty collection (as the official client reads it).
                out.push(if ptype == LIST { TAG_LIST } else { TAG_MAP });
                out.extend_from_slice(&0u32.to_be_bytes());
                return Ok(());
            }
            let expected = matches!(
                (ptype, Marker::from_u8(input[0])),
                (
                    LIST,
                    Marker::FixArray(_) | Marker::Array16 | Marker::Array32
                ) | (MAP, Marker::FixMap(_) | Marker::Map16 | Marker::Map32)
            );
            if !expected {
                return Err(bad(format!(
                    "a {} particle starting with MessagePack byte {:#04x}",
                    if ptype == LIST { "list" } else { "map" },
                    input[0]
                )));
            }
            msgpack_value(out, &mut input, 0)?;
        }
        // Types no client interprets: their bytes are all there is.
        _ => put_long(out, TAG_BLOB, bytes)?,
    }
    Ok(())
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], ParticleError> {
    if input.len() < n {
        return Err(bad("a MessagePack value runs past the end of its particle"));
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

fn be<const N: usize>(input: &mut &[u8]) -> Result<[u8; N], ParticleError> {
    let mut word = [0u8; N];
    word.copy_from_slice(take(input, N)?);
    Ok(word)
}

fn len16(input: &mut &[u8]) -> Result<usize, ParticleError> {
    Ok(usize::from(u16::from_be_bytes(be(input)?)))
}

fn len32(input: &mut &[u8]) -> Result<usize, ParticleError> {
    Ok(u32::from_be_bytes(be(input)?) as usize)
}

fn is_ext(marker: Marker) -> bool {
    matches!(
        marker,
        Marker::FixExt1
            | Marker::FixExt2
            | Marker::FixExt4
            | Marker::FixExt8
            | Marker::FixExt16
            | Marker::Ext8
            | Marker::Ext16
            | Marker::Ext32
    )
}

/// Re-encodes one MessagePack value from the front of `input`.
fn msgpack_value(out: &mut Vec<u8>, input: &mut &[u8], depth: usize) -> Result<(), ParticleError> {
    if depth > MAX_DEPTH {
        return Err(bad(format!(
            "a collection nested more than {MAX_DEPTH} deep"
        )));
    }
    let marker = Marker::from_u8(take(input, 1)?[0]);
    let int = |out: &mut Vec<u8>, v: i64| {
        out.push(TAG_INT);
        out.extend_from_slice(&v.to_be_bytes());
    };
    match marker {
        Marker::FixPos(v) => int(out, i64::from(v)),
        Marker::FixNeg(v) => int(out, i64::from(v)),
        Marker::Null => out.push(TAG_NIL),
        Marker::True | Marker::False => {
            out.push(TAG_BOOL);
            out.push(u8::from(marker == Marker::True));
        }
        Marker::U8 => int(out, i64::from(take(input, 1)?[0])),
        Marker::U16 => int(out, i64::from(u16::from_be_bytes(be(input)?))),
        Marker::U32 => int(out, i64::from(u32::from_be_bytes(be(input)?))),
        // Aerospike integers are signed 64-bit; a u64 above i64::MAX wraps as the clients read it.
        Marker::U64 => int(out, u64::from_be_bytes(be(input)?) as i64),
        Marker::I8 => int(out, i64::from(i8::from_be_bytes(be(input)?))),
        Marker::I16 => int(out, i64::from(i16::from_be_bytes(be(input)?))),
        Marker::I32 => int(out, i64::from(i32::from_be_bytes(be(input)?))),
        Marker::I64 => int(out, i64::from_be_bytes(be(input)?)),
        Marker::F32 => {
            let v = f64::from(f32::from_be_bytes(be(input)?));
            out.push(TAG_FLOAT);
            out.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        Marker::F64 => {
            out.push(TAG_FLOAT);
            out.extend_from_slice(&be::<8>(input)?);
        }
        Marker::FixStr(n) => typed_bytes(out, take(input, usize::from(n))?)?,
        Marker::Str8 | Marker::Bin8 => {
            let n = usize::from(take(input, 1)?[0]);
            typed_bytes(out, take(input, n)?)?
        }
        Marker::Str16 | Marker::Bin16 => {
            let n = len16(input)?;
            typed_bytes(out, take(input, n)?)?
        }
        Marker::Str32 | Marker::Bin32 => {
            let n = len32(input)?;
            typed_bytes(out, take(input, n)?)?
        }
        Marker::FixArray(n) => list(out, input, usize::from(n), depth)?,
        Marker::Array16 => {
            let n = len16(input)?;
            list(out, input, n, depth)?
        }
        Marker::Array32 => {
            let n = len32(input)?;
            list(out, input, n, depth)?
        }
        Marker::FixMap(n) => map(out, input, usize::from(n), depth)?,
        Marker::Map16 => {
            let n = len16(input)?;
            map(out, input, n, depth)?
        }
        Marker::Map32 => {
            let n = len32(input)?;
            map(out, input, n, depth)?
        }
        m if is_ext(m) => {
            // An extension anywhere but a collection's head has no value a client can use.
            skip_ext(input, m)?;
            out.push(TAG_NIL);
        }
        Marker::Reserved => return Err(bad("the reserved MessagePack byte 0xc1")),
        _ => unreachable_marker(marker)?,
    }
    Ok(())
}

fn unreachable_marker(marker: Marker) -> Result<(), ParticleError> {
    Err(bad(format!("an unexpected MessagePack marker {marker:?}")))
}

fn skip_ext(input: &mut &[u8], marker: Marker) -> Result<(), ParticleError> {
    let n = match marker {
        Marker::FixExt1 => 1,
        Marker::FixExt2 => 2,
        Marker::FixExt4 => 4,
        Marker::FixExt8 => 8,
        Marker::FixExt16 => 16,
        Marker::Ext8 => usize::from(take(input, 1)?[0]),
        Marker::Ext16 => len16(input)?,
        _ => len32(input)?,
    };
    // The type byte, then the data.
    take(input, n + 1)?;
    Ok(())
}

/// An Aerospike MessagePack string: its first byte is the particle type of the rest.
fn typed_bytes(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), ParticleError> {
    let (&ptype, rest) = bytes
        .split_first()
        .ok_or_else(|| bad("an empty MessagePack string (no particle type)"))?;
    match ptype {
        STRING => put_text(out, TAG_STRING, rest, "string"),
        GEOJSON => put_text(out, TAG_GEOJSON, rest, "GeoJSON"),
        HLL => put_long(out, TAG_HLL, rest),
        _ => put_long(out, TAG_BLOB, rest),
    }
}

/// Skips a collection's leading extension (its order flags), if it has one.
fn skip_order_flags(input: &mut &[u8]) -> Result<bool, ParticleError> {
    match input.first().map(|&b| Marker::from_u8(b)) {
        Some(marker) if is_ext(marker) => {
            take(input, 1)?;
            skip_ext(input, marker)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn list(
    out: &mut Vec<u8>,
    input: &mut &[u8],
    mut n: usize,
    depth: usize,
) -> Result<(), ParticleError> {
    if n > 0 && skip_order_flags(input)? {
        n -= 1;
    }
    out.push(TAG_LIST);
    out.extend_from_slice(&count32(n)?.to_be_bytes());
    for _ in 0..n {
        msgpack_value(out, input, depth + 1)?;
    }
    Ok(())
}

fn map(
    out: &mut Vec<u8>,
    input: &mut &[u8],
    mut n: usize,
    depth: usize,
) -> Result<(), ParticleError> {
    if n > 0 && skip_order_flags(input)? {
        // The flags are a map entry's key; its value (nil) goes too.
        let mut ignored = Vec::new();
        msgpack_value(&mut ignored, input, depth + 1)?;
        n -= 1;
    }
    out.push(TAG_MAP);
    out.extend_from_slice(&count32(n)?.to_be_bytes());
    for _ in 0..n {
        msgpack_value(out, input, depth + 1)?;
        msgpack_value(out, input, depth + 1)?;
    }
    Ok(())
}

fn count32(n: usize) -> Result<u32, ParticleError> {
    u32::try_from(n).map_err(|_| bad(format!("a collection of {n} elements")))
}

fn put_long(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) -> Result<(), ParticleError> {
    out.push(tag);
    out.extend_from_slice(&count32(bytes.len())?.to_be_bytes());
    out.extend_from_slice(bytes);
    Ok(())
}

fn put_text(out: &mut Vec<u8>, tag: u8, bytes: &[u8], what: &str) -> Result<(), ParticleError> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(bad(format!("a {what} value that is not UTF-8")));
    }
    put_long(out, tag, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::decode;
    use aerospike::{FloatValue, IndexMap, Value};

    /// The value `encode` produces, read back through the frame decoder (a record around it).
    fn value_of(ptype: u8, bytes: &[u8]) -> Result<Value, ParticleError> {
        let mut frame = 1u32.to_be_bytes().to_vec();
        frame.push(0);
        frame.extend_from_slice(&[0; 28]);
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.push(b'b');
        encode(&mut frame, ptype, bytes)?;
        let mut records = decode(&frame).expect("a valid frame");
        Ok(records.remove(0).bins.remove(0).1)
    }

    #[test]
    fn scalars_keep_their_bits() {
        assert_eq!(
            value_of(INTEGER, &(-5i64).to_be_bytes()),
            Ok(Value::Int(-5))
        );
        assert_eq!(
            value_of(FLOAT, &2.5f64.to_be_bytes()),
            Ok(Value::Float(FloatValue::from(2.5)))
        );
        assert_eq!(value_of(STRING, b"h\xc3\xa9"), Ok(Value::from("hé")));
        assert_eq!(value_of(BLOB, &[0, 255]), Ok(Value::Blob(vec![0, 255])));
        assert_eq!(value_of(BOOL, &[1]), Ok(Value::Bool(true)));
        assert_eq!(value_of(HLL, &[9, 9]), Ok(Value::Hll(vec![9, 9])));
        // A language blob of the old clients (Java serialized, type 7) arrives as its bytes.
        assert_eq!(
            value_of(7, &[0xac, 0xed]),
            Ok(Value::Blob(vec![0xac, 0xed]))
        );
    }

    #[test]
    fn a_geojson_particle_loses_its_cell_header() {
        let mut bytes = vec![0u8, 0, 2];
        bytes.extend_from_slice(&[7; 16]);
        bytes.extend_from_slice(br#"{"type":"Point"}"#);
        assert_eq!(
            value_of(GEOJSON, &bytes),
            Ok(Value::GeoJson(r#"{"type":"Point"}"#.into()))
        );
        assert!(value_of(GEOJSON, &[0, 0, 9]).is_err(), "cells past the end");
    }

    #[test]
    fn lists_and_maps_drop_their_order_flags_and_read_every_msgpack_form() {
        // [ext(order 1), -1, 200, 70000, u64 max, f32 1.5, nil, true, "s" (string), blob]
        let list = [
            0x9a, 0xd4, 0xff, 0x01, 0xff, 0xcc, 200, 0xce, 0x00, 0x01, 0x11, 0x70, 0xcf, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xca, 0x3f, 0xc0, 0x00, 0x00, 0xc0, 0xc3,
            0xa2, STRING, b's', 0xc4, 0x02, BLOB, 0x42,
        ];
        assert_eq!(
            value_of(LIST, &list),
            Ok(Value::List(vec![
                Value::Int(-1),
                Value::Int(200),
                Value::Int(70000),
                Value::Int(-1),
                Value::Float(FloatValue::from(1.5)),
                Value::Nil,
                Value::Bool(true),
                Value::from("s"),
                Value::Blob(vec![0x42]),
            ]))
        );
        // {ext(key ordered): nil, "a": [1], 2: {}} — the flags pair is not an entry.
        let map = [
            0x83, 0xc7, 0x00, 0x01, 0xc0, 0xa2, STRING, b'a', 0x91, 0x01, 0x02, 0x80,
        ];
        let mut want = IndexMap::new();
        want.insert(Value::from("a"), Value::List(vec![Value::Int(1)]));
        want.insert(Value::Int(2), Value::OrderedMap(IndexMap::new()));
        assert_eq!(value_of(MAP, &map), Ok(Value::OrderedMap(want)));
        assert_eq!(value_of(LIST, &[]), Ok(Value::List(vec![])));
    }

    #[test]
    fn damaged_values_are_refused_with_what_is_wrong() {
        let e = |ptype, bytes: &[u8]| value_of(ptype, bytes).unwrap_err().to_string();
        assert!(e(INTEGER, &[1, 2]).contains("2 bytes"));
        assert!(e(STRING, &[0xff, 0xfe]).contains("not UTF-8"));
        assert!(e(LIST, &[0x92, 0x01]).contains("past the end"));
        assert!(e(MAP, &[0x91, 0x01]).contains("map particle starting"));
        assert!(e(LIST, &[0x91, 0xc1]).contains("reserved"));
        assert!(e(LIST, &[0x91, 0xa0]).contains("no particle type"));
        // A list nested past the depth limit fails cleanly instead of exhausting the stack.
        let deep = vec![0x91u8; 100_000];
        assert!(e(LIST, &deep).contains("nested"));
        // A count far beyond the bytes present allocates nothing up front.
        assert!(e(LIST, &[0xdd, 0xff, 0xff, 0xff, 0xff]).contains("past the end"));
    }
}
