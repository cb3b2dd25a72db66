//! Export's JSON lines, written straight from the records of a frame (the layout is
//! [`crate::frame`]'s) without decoding them into values: the export's writer thread hands each
//! frame here and gets the file's bytes back (`io.aerohadoop.tools.JsonLinesOutputFormat`).
//!
//! Each record is one line, byte for byte the line java-shim's `TypedJson.writeLine` writes through
//! Jackson for the decoded record:
//!
//! ```text
//! {"namespace":"test","set":"s","digest":"<base64>","key":<value>,"generation":1,"ttl":-1,"bins":{"name":<value>,...}}
//! ```
//!
//! `set` and `key` only when the record has them (a key flagged but nil is no key). Strings are the
//! frame's UTF-8 with Jackson's escapes (`\"`, `\\`, `\b \t \n \f \r`, other controls as `\u00XX`
//! with upper-case hex); integers in decimal; blobs and digests in standard base64 with padding;
//! the values JSON has no type for as tagged objects: `{"$blob":"…"}`, `{"$hll":"…"}`,
//! `{"$geojson":"…"}`, `{"$float":"NaN"}` (and `Infinity`, `-Infinity`), and a map whose keys are
//! not all strings, or whose first key starts with `$` (it would read back as a tag), as
//! `{"$map":[[k,v],...]}`.
//!
//! Floats are written as Java's `Double.toString` writes them from Java 19 on (`0.001`,
//! `1234567.0`, `1.0E7`, `1.0E-4`, `-0.0`, `4.9E-324`): always with a `.` or an `E`, so they read
//! back as floats, and with the shortest digits that read back as the same double (`zmij`), at
//! least two. Java 17's `Double.toString`, which the Java encoder this replaced used, writes more
//! digits than needed for a few doubles (`1.0E23` as `9.999999999999999E22`, JDK-4511638); those
//! lines differ in the digits, not in the double they read back as.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::error::Error;
use crate::frame::{
    TAG_BLOB, TAG_BOOL, TAG_FLOAT, TAG_GEOJSON, TAG_HLL, TAG_INT, TAG_LIST, TAG_MAP, TAG_NIL,
    TAG_STRING,
};
use crate::frame_cursor::Cursor;

/// Per byte: 0 copied as is, `u` written as `\u00XX`, else the letter after a backslash.
const ESCAPES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[0x08] = b'b';
    t[b'\t' as usize] = b't';
    t[b'\n' as usize] = b'n';
    t[0x0c] = b'f';
    t[b'\r' as usize] = b'r';
    t
};
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends one JSON line per record of a frame to `out`.
///
/// * `records`: the frame's records, after its record count;
/// * `count`: how many records it holds;
/// * `namespace`: the namespace they belong to (frames carry none);
/// * `now_citrus`: the clock TTLs are computed against, in seconds since 2010-01-01T00:00:00Z
///   (a record's TTL is its void time minus this, at least 1; -1 if it never expires).
///
/// A malformed frame is an [`Error::CorruptFrame`] naming the record and what is wrong; `out` may
/// then hold part of the frame's lines, which the caller drops.
pub fn write_lines(
    records: &[u8],
    count: u32,
    namespace: &str,
    now_citrus: i64,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    // A line is about twice its record's frame bytes (base64 digest, names and punctuation).
    out.reserve(records.len() * 2);
    let mut start = LineStart::new(namespace);
    let mut names = BinNames::default();
    let mut c = Cursor::new(records, count, now_citrus);
    while let Some(record) = c.next_record()? {
        out.extend_from_slice(start.for_set(record.set));
        base64(record.digest, out);
        out.push(b'"');
        // A key flagged but nil is no key to TypedJson.
        if record.has_user_key {
            if c.peek()? == TAG_NIL {
                c.u8()?;
            } else {
                out.extend_from_slice(b",\"key\":");
                value(&mut c, out, 0)?;
            }
        }
        out.extend_from_slice(b",\"generation\":");
        decimal(record.generation, out);
        out.extend_from_slice(b",\"ttl\":");
        decimal(record.ttl, out);
        out.extend_from_slice(b",\"bins\":{");
        let bins = c.u16()?;
        for i in 0..bins {
            if i > 0 {
                out.push(b',');
            }
            let len = c.u16()? as usize;
            out.extend_from_slice(names.quoted(usize::from(i), c.take(len)?));
            value(&mut c, out, 0)?;
        }
        out.extend_from_slice(b"}}\n");
    }
    Ok(())
}

/// What every line of a set begins with, up to the digest's opening quote:
/// `{"namespace":"…","set":"…","digest":"`. A frame's records mostly share one set, so it is
/// built again only when the set changes.
struct LineStart {
    namespace: Vec<u8>,
    set: Option<Vec<u8>>,
    line: Vec<u8>,
}

impl LineStart {
    fn new(namespace: &str) -> LineStart {
        let mut quoted = Vec::with_capacity(namespace.len() + 16);
        quoted.extend_from_slice(b"{\"namespace\":");
        string(namespace.as_bytes(), &mut quoted);
        let mut start = LineStart {
            namespace: quoted,
            set: None,
            line: Vec::new(),
        };
        start.build(None);
        start
    }

    fn for_set(&mut self, set: Option<&[u8]>) -> &[u8] {
        if self.set.as_deref() != set {
            self.build(set);
        }
        &self.line
    }

    fn build(&mut self, set: Option<&[u8]>) {
        self.line.clear();
        self.line.extend_from_slice(&self.namespace);
        if let Some(set) = set {
            self.line.extend_from_slice(b",\"set\":");
            string(set, &mut self.line);
        }
        self.line.extend_from_slice(b",\"digest\":\"");
        self.set = set.map(<[u8]>::to_vec);
    }
}

/// Bin names as written, `"name":`, kept by position: the records of a frame mostly have the same
/// bins in the same order, so a name is escaped once and compared after that.
#[derive(Default)]
struct BinNames {
    /// Per position: the name's bytes and its quoted form with the colon.
    seen: Vec<(Vec<u8>, Vec<u8>)>,
}

impl BinNames {
    /// Positions past this are written afresh each time (a record with hundreds of bins is rare,
    /// and the memory stays small).
    const KEPT: usize = 64;

    fn quoted<'s>(&'s mut self, position: usize, name: &[u8]) -> &'s [u8] {
        if position >= Self::KEPT {
            self.seen.resize_with(Self::KEPT + 1, Default::default);
            let (_, quoted) = &mut self.seen[Self::KEPT];
            Self::quote(name, quoted);
            return quoted;
        }
        if position >= self.seen.len() {
            self.seen.resize_with(position + 1, Default::default);
        }
        let (raw, quoted) = &mut self.seen[position];
        if raw.as_slice() != name || quoted.is_empty() {
            raw.clear();
            raw.extend_from_slice(name);
            Self::quote(name, quoted);
        }
        quoted
    }

    fn quote(name: &[u8], quoted: &mut Vec<u8>) {
        quoted.clear();
        string(name, quoted);
        quoted.push(b':');
    }
}

fn value(c: &mut Cursor<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), Error> {
    c.check_depth(depth)?;
    let tag = c.u8()?;
    match tag {
        TAG_NIL => out.extend_from_slice(b"null"),
        TAG_INT => decimal(c.i64()?, out),
        TAG_FLOAT => {
            let d = f64::from_bits(c.i64()? as u64);
            if d.is_finite() {
                java_double(d, out);
            } else {
                out.extend_from_slice(b"{\"$float\":\"");
                out.extend_from_slice(if d.is_nan() {
                    b"NaN".as_slice()
                } else if d > 0.0 {
                    b"Infinity".as_slice()
                } else {
                    b"-Infinity".as_slice()
                });
                out.extend_from_slice(b"\"}");
            }
        }
        TAG_STRING => {
            let len = c.count(1, "string length")?;
            string(c.take(len)?, out);
        }
        TAG_BLOB => tagged64(c, b"{\"$blob\":\"", "blob length", out)?,
        TAG_HLL => tagged64(c, b"{\"$hll\":\"", "hll length", out)?,
        TAG_GEOJSON => {
            let len = c.count(1, "geojson length")?;
            out.extend_from_slice(b"{\"$geojson\":");
            string(c.take(len)?, out);
            out.push(b'}');
        }
        TAG_BOOL => match c.u8()? {
            0 => out.extend_from_slice(b"false"),
            1 => out.extend_from_slice(b"true"),
            b => return Err(c.corrupt(format!("boolean byte {b}"))),
        },
        TAG_LIST => {
            let n = c.count(1, "list size")?;
            out.push(b'[');
            for i in 0..n {
                if i > 0 {
                    out.push(b',');
                }
                value(c, out, depth + 1)?;
            }
            out.push(b']');
        }
        TAG_MAP => map(c, out, depth)?,
        _ => return Err(c.unknown_tag(tag)),
    }
    Ok(())
}

/// A map as TypedJson writes it: an object when every key is a string and the first does not
/// start with '$', else `{"$map":[[k,v],...]}`. The keys are looked at first, then the entries
/// written.
fn map(c: &mut Cursor<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), Error> {
    let n = c.count(2, "map size")?;
    let entries = c.position();
    let mut plain = true;
    let mut i = 0;
    while i < n && plain {
        if c.peek()? != TAG_STRING {
            plain = false;
        } else if i == 0 {
            c.u8()?;
            let len = c.count(1, "string length")?;
            let key = c.take(len)?;
            plain = key.first() != Some(&b'$');
            c.skip_value(depth + 1)?;
        } else {
            c.skip_value(depth + 1)?;
            c.skip_value(depth + 1)?;
        }
        i += 1;
    }
    c.set_position(entries);
    if plain {
        out.push(b'{');
        for i in 0..n {
            if i > 0 {
                out.push(b',');
            }
            c.u8()?;
            let len = c.count(1, "string length")?;
            string(c.take(len)?, out);
            out.push(b':');
            value(c, out, depth + 1)?;
        }
        out.push(b'}');
        return Ok(());
    }
    out.extend_from_slice(b"{\"$map\":[");
    for i in 0..n {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        value(c, out, depth + 1)?;
        out.push(b',');
        value(c, out, depth + 1)?;
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

fn tagged64(c: &mut Cursor<'_>, tag: &[u8], what: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    let len = c.count(1, what)?;
    out.extend_from_slice(tag);
    base64(c.take(len)?, out);
    out.extend_from_slice(b"\"}");
    Ok(())
}

/// `bytes` (UTF-8) as a quoted JSON string with Jackson's escapes. Runs that need no escape (most
/// strings are one) are copied whole; eight bytes at a time are tested for a byte to escape.
fn string(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            if !any_escaped(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape = ESCAPES[b as usize];
        if escape != 0 {
            out.extend_from_slice(&bytes[from..i]);
            if escape == b'u' {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
            } else {
                out.push(b'\\');
                out.push(escape);
            }
            from = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes is a control character, `"` or a backslash (exact as a yes or no; the
/// usual has-zero and has-less word tests).
fn any_escaped(word: u64) -> bool {
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGHS != 0
}

fn base64(bytes: &[u8], out: &mut Vec<u8>) {
    // Digests (20 bytes) go through a buffer on the stack: no zeroing of the output first.
    let mut short = [0u8; 28];
    if bytes.len() <= 20 {
        let written = BASE64
            .encode_slice(bytes, &mut short)
            .expect("28 bytes hold the encoding of 20");
        out.extend_from_slice(&short[..written]);
        return;
    }
    let at = out.len();
    out.resize(at + bytes.len().div_ceil(3) * 4, 0);
    let written = BASE64
        .encode_slice(bytes, &mut out[at..])
        .expect("room for the padded encoding was made");
    out.truncate(at + written);
}

fn decimal(n: impl itoa::Integer, out: &mut Vec<u8>) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A finite double as Java's `Double.toString` lays it out: plain decimal with at least one
/// fraction digit when 10^-3 <= |d| < 10^7, else one digit, a fraction of at least one digit and
/// `E` with the exponent; the digits are the shortest that read back as `d` (zmij's).
fn java_double(d: f64, out: &mut Vec<u8>) {
    if d == 0.0 {
        out.extend_from_slice(if d.is_sign_negative() {
            b"-0.0".as_slice()
        } else {
            b"0.0".as_slice()
        });
        return;
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(d).as_bytes();
    if (1e-3..1e7).contains(&d.abs()) && text.contains(&b'.') && !text.contains(&b'e') {
        // Most doubles people store: zmij already wrote Java's plain layout.
        out.extend_from_slice(text);
        return;
    }
    // zmij writes [-]digits[.digits][e[+-]exp]; take its significant digits and where the point is.
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e') {
        Some(e) => (&text[..e], parse_exponent(&text[e + 1..])),
        None => (text, 0),
    };
    let mut digits = [0u8; 24];
    let mut len = 0;
    // The exponent of the first significant digit: d = 0.d1d2... × 10^(point) ... counted so that
    // d = d1.d2d3... × 10^scientific.
    let mut scientific: i32 = exponent - 1;
    let mut seen_point = false;
    for &b in mantissa {
        if b == b'.' {
            seen_point = true;
        } else if len == 0 && b == b'0' {
            if seen_point {
                scientific -= 1;
            }
        } else {
            digits[len] = b;
            len += 1;
            if !seen_point {
                scientific += 1;
            }
        }
    }
    if len == 1 && d.abs() < f64::MIN_POSITIVE {
        // Java keeps two significant digits and picks the two-digit decimal nearest the double's
        // exact value, which for a subnormal can differ from the one digit zmij found (4.9E-324,
        // not 5.0E-324). For a normal double the nearest is always that digit and a zero.
        let nearest = format!("{:.1e}", d.abs());
        let (mantissa, exponent) = nearest.split_once('e').expect("{:e} writes an exponent");
        digits[0] = mantissa.as_bytes()[0];
        digits[1] = mantissa.as_bytes()[2];
        len = 2;
        scientific = parse_exponent(exponent.as_bytes());
    }
    while len > 1 && digits[len - 1] == b'0' {
        len -= 1;
    }
    let digits = &digits[..len];
    if negative {
        out.push(b'-');
    }
    if (-3..7).contains(&scientific) {
        if scientific < 0 {
            out.extend_from_slice(b"0.");
            for _ in 0..(-scientific - 1) {
                out.push(b'0');
            }
            out.extend_from_slice(digits);
        } else {
            let whole = scientific as usize + 1;
            if digits.len() > whole {
                out.extend_from_slice(&digits[..whole]);
                out.push(b'.');
                out.extend_from_slice(&digits[whole..]);
            } else {
                out.extend_from_slice(digits);
                for _ in digits.len()..whole {
                    out.push(b'0');
                }
                out.extend_from_slice(b".0");
            }
        }
    } else {
        out.push(digits[0]);
        out.push(b'.');
        if digits.len() > 1 {
            out.extend_from_slice(&digits[1..]);
        } else {
            out.push(b'0');
        }
        out.push(b'E');
        decimal(scientific, out);
    }
}

fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = digits
        .iter()
        .fold(0i32, |n, &b| n * 10 + i32::from(b - b'0'));
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FrameBuilder;
    use aerospike::{IndexMap, Value};

    const NOW: i64 = 1_000_000;

    /// A test record: set, user key, void time, bins.
    type Parts<'a> = (Option<&'a str>, Option<Value>, u32, Vec<(&'a str, Value)>);

    fn frame(records: &[Parts<'_>]) -> (Vec<u8>, u32) {
        let mut b = FrameBuilder::new(1 << 20);
        for (i, (set, key, void_time, bins)) in records.iter().enumerate() {
            let digest = [i as u8 + 1; 20];
            let bins: Vec<(&str, &Value)> = bins.iter().map(|(n, v)| (*n, v)).collect();
            b.push_parts(&digest, 2, *void_time, *set, key.as_ref(), bins.into_iter())
                .expect("encodes");
        }
        let f = b.finish().expect("records");
        (f.bytes()[4..].to_vec(), f.records())
    }

    fn lines(records: &[u8], count: u32, namespace: &str) -> Result<String, Error> {
        let mut out = b"kept\n".to_vec();
        write_lines(records, count, namespace, NOW, &mut out)?;
        assert!(out.starts_with(b"kept\n"), "appends after what is there");
        Ok(String::from_utf8(out[5..].to_vec()).expect("UTF-8"))
    }

    fn double(d: f64) -> String {
        let mut out = Vec::new();
        java_double(d, &mut out);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn a_record_is_a_line_in_typed_jsons_layout() {
        let digest = BASE64.encode([1u8; 20]);
        let (records, n) = frame(&[
            (
                Some("people"),
                Some(Value::from("user-1")),
                (NOW + 100) as u32,
                vec![
                    ("i", Value::Int(-42)),
                    ("s", Value::from("a\"b\\c\nd\u{1}é")),
                ],
            ),
            (None, Some(Value::Nil), 0, vec![]),
        ]);
        let digest2 = BASE64.encode([2u8; 20]);
        assert_eq!(
            lines(&records, n, "te\"st").expect("encodes"),
            format!(
                "{{\"namespace\":\"te\\\"st\",\"set\":\"people\",\"digest\":\"{digest}\",\"key\":\"user-1\",\
                 \"generation\":2,\"ttl\":100,\"bins\":{{\"i\":-42,\"s\":\"a\\\"b\\\\c\\nd\\u0001é\"}}}}\n\
                 {{\"namespace\":\"te\\\"st\",\"digest\":\"{digest2}\",\"generation\":2,\"ttl\":-1,\"bins\":{{}}}}\n"
            )
        );
    }

    /// The line starts and bin names kept from record to record: a frame's lines are each record's
    /// line written alone, whatever sets and names come and go (a set, none, another, the first
    /// again; names that change place, grow, shrink, need escapes; more bins than are kept).
    #[test]
    fn lines_of_a_frame_are_the_lines_of_its_records_alone() {
        let many: Vec<(String, Value)> =
            (0..70).map(|i| (format!("b{i}"), Value::Int(i))).collect();
        let many: Vec<(&str, Value)> = many.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        let shuffled: Vec<(&str, Value)> = many.iter().rev().cloned().collect();
        let records: Vec<Parts<'_>> = vec![
            (
                Some("a"),
                None,
                0,
                vec![("x", Value::Int(1)), ("y", Value::Int(2))],
            ),
            (
                Some("a"),
                None,
                0,
                vec![("y", Value::Int(3)), ("x", Value::Int(4))],
            ),
            (None, None, 0, vec![("xx", Value::Int(5))]),
            (
                Some("b\"q"),
                None,
                0,
                vec![("x", Value::Int(6)), ("y\n", Value::Int(7))],
            ),
            (
                Some("ab"),
                None,
                0,
                vec![("", Value::Int(8)), ("y", Value::Int(9))],
            ),
            (Some("a"), None, 0, many),
            (Some("a"), None, 0, shuffled),
            (None, None, 0, vec![("x", Value::Int(10))]),
            (
                Some("a"),
                None,
                0,
                vec![("x", Value::Int(11)), ("y", Value::Int(12))],
            ),
        ];
        let (all, n) = frame(&records);
        let alone: String = records
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let (bytes, one) = frame(std::slice::from_ref(r));
                // Alone, a record is its frame's first: the test digest of the first.
                let digests = (BASE64.encode([1u8; 20]), BASE64.encode([k as u8 + 1; 20]));
                let line = lines(&bytes, one, "ns").expect("encodes");
                line.replace(&digests.0, &digests.1)
            })
            .collect();
        assert_eq!(lines(&all, n, "ns").expect("encodes"), alone);
        assert!(alone.contains(r#""set":"b\"q""#), "{alone}");
        assert!(alone.contains(r#""y\n":7"#), "{alone}");
        assert!(alone.contains(r#""b69":69,"b68":68"#), "{alone}");
    }

    #[test]
    fn values_json_has_no_type_for_are_tagged() {
        let mut dollar = IndexMap::new();
        dollar.insert(Value::from("$blob"), Value::Int(1));
        let mut int_keys = IndexMap::new();
        int_keys.insert(
            Value::Int(7),
            Value::List(vec![Value::Nil, Value::Bool(false)]),
        );
        let mut plain = IndexMap::new();
        plain.insert(Value::from("a"), Value::Bool(true));
        plain.insert(Value::from("$b"), Value::Int(2));
        let (records, n) = frame(&[(
            None,
            None,
            0,
            vec![
                ("blob", Value::Blob(vec![0, 255, 1])),
                ("hll", Value::Hll(vec![9])),
                ("geo", Value::GeoJson(r#"{"type":"Point"}"#.into())),
                ("nan", Value::from(f64::NAN)),
                ("inf", Value::from(f64::INFINITY)),
                ("ninf", Value::from(f64::NEG_INFINITY)),
                ("dollar", Value::OrderedMap(dollar)),
                ("intkeys", Value::OrderedMap(int_keys)),
                ("plain", Value::OrderedMap(plain)),
            ],
        )]);
        let line = lines(&records, n, "ns").expect("encodes");
        let bins = &line[line.find("\"bins\":").expect("bins")..];
        assert_eq!(
            bins,
            "\"bins\":{\"blob\":{\"$blob\":\"AP8B\"},\"hll\":{\"$hll\":\"CQ==\"},\
             \"geo\":{\"$geojson\":\"{\\\"type\\\":\\\"Point\\\"}\"},\"nan\":{\"$float\":\"NaN\"},\
             \"inf\":{\"$float\":\"Infinity\"},\"ninf\":{\"$float\":\"-Infinity\"},\
             \"dollar\":{\"$map\":[[\"$blob\",1]]},\"intkeys\":{\"$map\":[[7,[null,false]]]},\
             \"plain\":{\"a\":true,\"$b\":2}}}\n"
        );
    }

    /// The escapes one byte at a time, as Jackson writes them.
    fn escaped_bytewise(bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![b'"'];
        for &b in bytes {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\r' => out.extend_from_slice(b"\\r"),
                0..0x20 => out.extend_from_slice(format!("\\u{b:04X}").as_bytes()),
                _ => out.push(b),
            }
        }
        out.push(b'"');
        out
    }

    #[test]
    fn every_byte_at_every_position_of_a_word_is_escaped_as_jackson_does() {
        for filler in [b'a', 0xC3, 0x7F, 0x21, 0x5D, 0x1F] {
            for len in 0..20 {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        bytes[at] = b;
                        let mut out = Vec::new();
                        string(&bytes, &mut out);
                        assert_eq!(
                            out,
                            escaped_bytewise(&bytes),
                            "byte {b:#x} at {at} of {len}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn floats_are_laid_out_as_javas_double_to_string() {
        // Java 17's own Double.toString for each (java 17.0.15), but for the two marked: there
        // Java 17 is not shortest (1e23) or picks the farther two-digit decimal (2 × MIN_VALUE);
        // the expected text is the Java 19 specification's.
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (2.5, "2.5"),
            (-100.0, "-100.0"),
            (0.001, "0.001"),
            (0.002, "0.002"),
            (0.000_999, "9.99E-4"),
            (1e-4, "1.0E-4"),
            (9_999_999.0, "9999999.0"),
            (1e7, "1.0E7"),
            (1.234_567_8e7, "1.2345678E7"),
            (123_456_789.125, "1.23456789125E8"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1e23, "1.0E23"), // Java 17: 9.999999999999999E22
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (f64::from_bits(1), "4.9E-324"),
            (f64::from_bits(2), "9.9E-324"), // Java 17: 1.0E-323
            (-f64::from_bits(3), "-1.5E-323"),
            (1e-320, "1.0E-320"),
        ];
        for (d, java) in cases {
            assert_eq!(double(*d), *java, "{d:e}");
            assert_eq!(
                double(*d).parse::<f64>().expect("parses").to_bits(),
                d.to_bits()
            );
        }
    }

    #[test]
    fn random_floats_read_back_as_the_same_double() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            // xorshift: every exponent and mantissa pattern, not only "nice" decimals.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let d = f64::from_bits(x);
            if !d.is_finite() {
                continue;
            }
            let text = double(d);
            assert!(text.contains('.'), "{text}");
            assert_eq!(
                text.parse::<f64>().expect("parses").to_bits(),
                d.to_bits(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_malformed_frame_is_an_error_naming_the_record() {
        let (records, n) = frame(&[
            (None, None, 0, vec![("i", Value::Int(1))]),
            (None, None, 0, vec![("s", Value::from("abc"))]),
        ]);
        let message = |r: &[u8], n: u32| {
            let e = lines(r, n, "ns").expect_err("malformed");
            assert_eq!(e.result_code(), crate::error::code::PARSE_ERROR);
            e.to_string()
        };
        let first = frame(&[(None, None, 0, vec![("i", Value::Int(1))])])
            .0
            .len();
        assert_eq!(
            message(&records[..records.len() - 1], n),
            format!(
                "corrupt record frame (record starting at byte {first}, 0 record(s) left): \
                     string length 3 exceeds the 2 byte(s) left in the frame"
            )
        );
        assert_eq!(
            message(&records, 1),
            format!(
                "corrupt record frame (record starting at byte 0, 0 record(s) left): \
                     {} byte(s) after the last record",
                records.len() - first
            )
        );
        let mut bad_tag = records.clone();
        let at = first - 9; // the first record's int bin: tag, then 8 bytes
        bad_tag[at] = 42;
        assert_eq!(
            message(&bad_tag, n),
            format!(
                "corrupt record frame (record starting at byte 0, 1 record(s) left): \
                     unknown value tag 42 at byte {at}"
            )
        );
        let mut bad_flags = records.clone();
        bad_flags[0] = 0x80;
        assert_eq!(
            message(&bad_flags, n),
            "corrupt record frame (record starting at byte 0, 1 record(s) left): unknown record flags 0x80"
        );
    }

    #[test]
    fn nesting_past_the_limit_is_an_error() {
        let mut v = Value::Nil;
        for _ in 0..=crate::frame_cursor::MAX_DEPTH + 1 {
            v = Value::List(vec![v]);
        }
        let (records, n) = frame(&[(None, None, 0, vec![("deep", v)])]);
        let e = lines(&records, n, "ns").expect_err("too deep");
        assert!(
            e.to_string().ends_with("values nested deeper than 256"),
            "{e}"
        );
    }
}
