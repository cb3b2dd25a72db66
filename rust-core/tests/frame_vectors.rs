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
use std::path::PathBuf;

use aerohadoop::frame::{decode, DecodedRecord, FrameBuilder};
use aerospike::{IndexMap, Value};

fn map(entries: Vec<(Value, Value)>) -> Value {
    Value::OrderedMap(entries.into_iter().collect::<IndexMap<_, _>>())
}

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

/// The bins of record 0: one or more of every tag, edge values first.
fn every_tag() -> Vec<(&'static str, Value)> {
    vec![
        ("nil", Value::Nil),
        ("int_zero", Value::Int(0)),
        ("int_neg", Value::Int(-1)),
        ("int_min", Value::Int(i64::MIN)),
        ("int_max", Value::Int(i64::MAX)),
        ("float", Value::from(1.5f64)),
        ("float_neg", Value::from(-273.15f64)),
        ("float_negzero", Value::from(-0.0f64)),
        ("float_nan", Value::from(f64::NAN)),
        ("float_posinf", Value::from(f64::INFINITY)),
        ("float_neginf", Value::from(f64::NEG_INFINITY)),
        ("float_tiny", Value::from(f64::from_bits(1))),
        ("str_empty", s("")),
        ("str_ascii", s("hello, world")),
        ("str_utf8", s("héllo wörld ✓ 日本語 😀")),
        ("str_escapes", s("quote \" backslash \\ tab \t newline \n")),
        ("名前", s("non-ASCII bin name")),
        ("blob_empty", Value::Blob(vec![])),
        ("blob", Value::Blob(vec![0x00, 0x01, 0x7f, 0x80, 0xff])),
        ("bool_true", Value::Bool(true)),
        ("bool_false", Value::Bool(false)),
        ("list_empty", Value::List(vec![])),
        (
            "list",
            Value::List(vec![
                Value::Int(1),
                s("two"),
                Value::from(3.0f64),
                Value::Nil,
                Value::Bool(true),
                Value::Blob(vec![9]),
                Value::List(vec![Value::List(vec![Value::Int(-5)])]),
                map(vec![(s("k"), Value::Int(-7))]),
            ]),
        ),
        ("map_empty", map(vec![])),
        (
            "map",
            map(vec![
                (s("a"), Value::Int(1)),
                (Value::Int(2), s("b")),
                (Value::Int(-3), Value::List(vec![Value::Nil])),
                (Value::Blob(vec![1, 2]), Value::Bool(false)),
                (
                    s("nested"),
                    map(vec![(
                        s("x"),
                        Value::List(vec![
                            Value::Int(1),
                            map(vec![(s("deep"), Value::from(0.25f64))]),
                        ]),
                    )]),
                ),
            ]),
        ),
        (
            "geo",
            Value::GeoJson(r#"{"type":"Point","coordinates":[-122.5,37.5]}"#.into()),
        ),
        ("hll", Value::Hll(vec![0x00, 0x0e, 0x00, 0x00, 0xff, 0x10])),
    ]
}

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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render(value: &Value) -> String {
    match value {
        Value::Nil => "nil".into(),
        Value::Int(i) => format!("int({i})"),
        Value::Float(f) => format!("float(0x{:016x})", f64::from(f).to_bits()),
        Value::String(t) => format!("str({})", quoted(t)),
        Value::Blob(b) => format!("blob({})", hex(b)),
        Value::Bool(b) => format!("bool({b})"),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(render).collect();
            format!("list[{}]", parts.join(", "))
        }
        Value::OrderedMap(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", render(k), render(v)))
                .collect();
            format!("map{{{}}}", parts.join(", "))
        }
        Value::GeoJson(t) => format!("geo({})", quoted(t)),
        Value::Hll(b) => format!("hll({})", hex(b)),
        other => panic!("a decoder never produces {other:?}"),
    }
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

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../java-shim/src/test/resources/io/aerohadoop/io")
}

/// Writes `bytes` to `name` when they differ from the file; true if it had to.
fn regenerate(name: &str, bytes: &[u8]) -> bool {
    let path = vectors_dir().join(name);
    if std::fs::read(&path).ok().as_deref() == Some(bytes) {
        return false;
    }
    std::fs::create_dir_all(vectors_dir()).expect("resource directory");
    std::fs::write(&path, bytes).expect("writes the vectors");
    true
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
