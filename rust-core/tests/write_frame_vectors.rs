//! Cross-language test vectors of the write-frame format (Java → Rust). This test encodes one
//! frame of records covering every value tag and every record shape (user key of each type, set
//! override, digest only, key and digest, generations, NIL bins, no bins) with rust-core's
//! encoder, writes it to `java-shim/src/test/resources/io/aerohadoop/io/write-frame-vectors.bin`
//! with a text rendering next to it (`write-frame-vectors.txt`), checks that rust-core's decoder
//! reads it back, and fails when either file differs from what is committed. java-shim's encoder
//! must produce the same bytes for the records the text describes.
//!
//! Text rendering, one line per record and per bin (values as in `vectors/mod.rs`):
//!
//! ```text
//! record <i> set=<str|-> key=<value|-> digest=<hex|-> generation=<u32>
//!   bin <str> <value>
//! ```

use std::fmt::Write as _;

use aerohadoop::write_frame::{decode, encode, WriteRecord};
use aerospike::Value;

mod vectors;
use vectors::*;

fn bins(list: Vec<(&str, Value)>) -> Vec<(String, Value)> {
    list.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

fn records() -> Vec<WriteRecord> {
    let digest = |seed: u8| {
        std::array::from_fn::<u8, 20, _>(|i| seed.wrapping_mul(37).wrapping_add(i as u8 * 11))
    };
    vec![
        // Every tag, under an integer key, the writer's set.
        WriteRecord {
            set: None,
            user_key: Some(Value::Int(1)),
            digest: None,
            generation: 0,
            bins: bins(every_tag()),
        },
        // String key with a set override; a generation for generation policies.
        WriteRecord {
            set: Some("people".into()),
            user_key: Some(s("ann")),
            digest: None,
            generation: 7,
            bins: bins(vec![("name", s("Ann")), ("age", Value::Int(37))]),
        },
        // Blob key; a NIL that deletes a bin next to a value.
        WriteRecord {
            set: None,
            user_key: Some(Value::Blob(vec![0xde, 0xad, 0xbe, 0xef])),
            digest: None,
            generation: 0,
            bins: bins(vec![("gone", Value::Nil), ("kept", Value::Int(-42))]),
        },
        // Digest only (no user key), non-ASCII set; the largest generation; no bins.
        WriteRecord {
            set: Some("sät".into()),
            user_key: None,
            digest: Some(digest(3)),
            generation: u32::MAX,
            bins: vec![],
        },
        // Key and digest both present (the key wins); extreme and non-ASCII key values.
        WriteRecord {
            set: None,
            user_key: Some(Value::Int(i64::MIN)),
            digest: Some(digest(4)),
            generation: 1,
            bins: bins(vec![("名前", s("ключ")), ("empty", s(""))]),
        },
        // Empty string key, empty set name override.
        WriteRecord {
            set: Some(String::new()),
            user_key: Some(s("")),
            digest: None,
            generation: 2,
            bins: bins(vec![("b", Value::Bool(false))]),
        },
    ]
}

fn render_records(records: &[WriteRecord]) -> String {
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        let _ = writeln!(
            out,
            "record {i} set={} key={} digest={} generation={}",
            r.set.as_deref().map_or("-".to_string(), quoted),
            r.user_key.as_ref().map_or("-".to_string(), render),
            r.digest.as_ref().map_or("-".to_string(), |d| hex(d)),
            r.generation
        );
        for (name, value) in &r.bins {
            let _ = writeln!(out, "  bin {} {}", quoted(name), render(value));
        }
    }
    out
}

#[test]
fn the_write_vectors_decode_back_to_what_was_encoded() {
    let expected = records();
    let frame = encode(&expected).expect("encodes");
    let back = decode(&frame).expect("decodes");
    // Bit-exact through the rendering: NaN and -0.0 must survive, which `==` cannot check.
    assert_eq!(render_records(&back), render_records(&expected));
    assert_eq!(back.len(), 6);
    assert_eq!(back[3].user_key, None);
    assert_eq!(back[4].digest, expected[4].digest);
    // Record 0 holds every tag 0..=9.
    assert_eq!(back[0].bins.len(), every_tag().len());
}

#[test]
fn the_committed_write_vectors_are_current() {
    let frame = encode(&records()).expect("encodes");
    let text = render_records(&decode(&frame).expect("decodes"));
    let bin_changed = regenerate("write-frame-vectors.bin", &frame);
    let text_changed = regenerate("write-frame-vectors.txt", text.as_bytes());
    assert!(
        !bin_changed && !text_changed,
        "write-frame-vectors.bin/.txt in {} were out of date and have been regenerated; review \
         and commit them (java-shim's encoder tests compare against them)",
        vectors_dir().display()
    );
}
