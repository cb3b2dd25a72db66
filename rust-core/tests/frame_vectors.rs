//! Cross-language test vectors of the frame format. This test writes one frame covering every
//! value tag (and the record shapes: with and without key and set) to
//! `java-shim/src/test/resources/io/aerohadoop/io/frame-vectors.bin`, with a text rendering of
//! every value next to it (`frame-vectors.txt`), and fails when either differs from what is
//! committed: a change to the encoder must come with new vectors that java-shim's decoder tests
//! then read.
//!
//! Text rendering, one line per record and per bin (what a decoder in another language can
//! reproduce exactly):
//!
//! ```text
//! record <i> digest=<hex> generation=<u32> voidTime=<u32> set=<str|-> key=<value|->
//!   bin <str> <value>
//! value: nil | int(<i64>) | float(0x<16 hex digits of the IEEE-754 bits>) | str(<str>)
//!      | blob(<hex>) | bool(true|false) | list[<v>, ...] | map{<k>: <v>, ...} | geo(<str>)
//!      | hll(<hex>)
//! str:   "..." with \" \\ and \u00XX (control characters) escaped; other text as is (UTF-8)
//! ```

use std::fmt::Write as _;

use aerohadoop::frame::{decode, DecodedRecord, FrameBuilder};
use aerospike::Value;

mod vectors;
use vectors::*;

/// (digest, generation, void time, set, user key, bins) of each record.
type Vector = (
    [u8; 20],
    u32,
    u32,
    Option<&'static str>,
    Option<Value>,
    Vec<(&'static str, Value)>,
);

fn vectors() -> Vec<Vector> {
    let digest = |seed: u8| {
        std::array::from_fn::<u8, 20, _>(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 13))
    };
    vec![
        // Every tag; neither key nor set.
        (digest(0), 1, 0, None, None, every_tag()),
        // Integer key and set.
        (
            digest(1),
            7,
            123_456_789,
            Some("people"),
            Some(Value::Int(42)),
            vec![("name", s("Ann")), ("age", Value::Int(37))],
        ),
        // String key without set; largest generation and void time; no bins.
        (digest(2), u32::MAX, u32::MAX, None, Some(s("ключ")), vec![]),
        // Set without key; non-ASCII set name.
        (
            digest(3),
            2,
            1,
            Some("sät"),
            None,
            vec![("b", Value::Bool(false))],
        ),
        // Blob key and set; a negative integer and an empty string.
        (
            digest(4),
            3,
            0,
            Some("people"),
            Some(Value::Blob(vec![0xde, 0xad, 0xbe, 0xef])),
            vec![("n", Value::Int(-42)), ("s", s(""))],
        ),
    ]
}

fn encode() -> Vec<u8> {
    let mut builder = FrameBuilder::new(1 << 20);
    for (digest, generation, void_time, set, key, bins) in vectors() {
        let full = builder
            .push_parts(
                &digest,
                generation,
                void_time,
                set,
                key.as_ref(),
                bins.iter().map(|(n, v)| (*n, v)),
            )
            .expect("encodes");
        assert!(full.is_none(), "the vectors fit one frame");
    }
    builder.finish().expect("a frame").bytes().to_vec()
}

fn render_records(records: &[DecodedRecord]) -> String {
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        let _ = writeln!(
            out,
            "record {i} digest={} generation={} voidTime={} set={} key={}",
            hex(&r.digest),
            r.generation,
            r.void_time,
            r.set.as_deref().map_or("-".to_string(), quoted),
            r.user_key.as_ref().map_or("-".to_string(), render)
        );
        for (name, value) in &r.bins {
            let _ = writeln!(out, "  bin {} {}", quoted(name), render(value));
        }
    }
    out
}

#[test]
fn the_vectors_decode_back_to_what_was_encoded() {
    let frame = encode();
    let records = decode(&frame).expect("decodes");
    let expected = vectors();
    assert_eq!(records.len(), expected.len());
    for (r, (digest, generation, void_time, set, key, bins)) in records.iter().zip(&expected) {
        assert_eq!(r.digest, *digest);
        assert_eq!((r.generation, r.void_time), (*generation, *void_time));
        assert_eq!(r.set.as_deref(), *set);
        assert_eq!(r.user_key.as_ref(), key.as_ref());
        assert_eq!(r.bins.len(), bins.len());
        for ((name, want), (got_name, got)) in bins.iter().zip(&r.bins) {
            assert_eq!(name, got_name);
            // Bit-exact: NaN and -0.0 must survive, which `==` on floats cannot check.
            assert_eq!(render(want), render(got), "bin {name}");
        }
    }
    // Every tag 0..=9 occurs among record 0's bins.
    let tags: std::collections::BTreeSet<u8> = {
        let mut seen = std::collections::BTreeSet::new();
        for (_, v) in &records[0].bins {
            seen.insert(match v {
                Value::Nil => 0,
                Value::Int(_) => 1,
                Value::Float(_) => 2,
                Value::String(_) => 3,
                Value::Blob(_) => 4,
                Value::Bool(_) => 5,
                Value::List(_) => 6,
                Value::OrderedMap(_) => 7,
                Value::GeoJson(_) => 8,
                Value::Hll(_) => 9,
                _ => 255,
            });
        }
        seen
    };
    assert_eq!(tags, (0..=9).collect());
}

#[test]
fn the_committed_vectors_are_current() {
    let frame = encode();
    let text = render_records(&decode(&frame).expect("decodes"));
    let bin_changed = regenerate("frame-vectors.bin", &frame);
    let text_changed = regenerate("frame-vectors.txt", text.as_bytes());
    assert!(
        !bin_changed && !text_changed,
        "frame-vectors.bin/.txt in {} were out of date and have been regenerated; review and \
         commit them (java-shim's decoder tests read them)",
        vectors_dir().display()
    );
}
