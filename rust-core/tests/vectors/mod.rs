//! What both cross-language vector tests share: the values every tag is tested with, the text
//! rendering a decoder in another language reproduces exactly, and the regeneration of the
//! committed files under java-shim's test resources.
//!
//! ```text
//! value: nil | int(<i64>) | float(0x<16 hex digits of the IEEE-754 bits>) | str(<str>)
//!      | blob(<hex>) | bool(true|false) | list[<v>, ...] | map{<k>: <v>, ...} | geo(<str>)
//!      | hll(<hex>)
//! str:   "..." with \" \\ and \u00XX (control characters) escaped; other text as is (UTF-8)
//! ```

#![allow(dead_code)] // each test binary uses its own subset

use std::fmt::Write as _;
use std::path::PathBuf;

use aerospike::{IndexMap, Value};

pub fn map(entries: Vec<(Value, Value)>) -> Value {
    Value::OrderedMap(entries.into_iter().collect::<IndexMap<_, _>>())
}

pub fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

/// The bins of record 0: one or more of every tag, edge values first.
pub fn every_tag() -> Vec<(&'static str, Value)> {
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

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn quoted(text: &str) -> String {
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

pub fn render(value: &Value) -> String {
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

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../java-shim/src/test/resources/io/aerohadoop/io")
}

/// Writes `bytes` to `name` when they differ from the file; true if it had to.
pub fn regenerate(name: &str, bytes: &[u8]) -> bool {
    let path = vectors_dir().join(name);
    if std::fs::read(&path).ok().as_deref() == Some(bytes) {
        return false;
    }
    std::fs::create_dir_all(vectors_dir()).expect("resource directory");
    std::fs::write(&path, bytes).expect("writes the vectors");
    true
}
