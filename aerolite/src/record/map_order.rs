//! The key order a real server gives the maps of a list or map bin when it stores it.
//!
//! A server rewrites every incoming list or map value (`cdt_untrusted_rewrite` in `cdt.c`) and
//! sorts each map it meets, at any depth, by key; the rewritten value is what every later read
//! returns. So a client that writes `{"y": 1, "x": 2}` reads back `{"x": 2, "y": 1}` (the golden
//! `c_crud_rust` transcript shows exactly this). Lists keep their order.
//!
//! Keys compare as the server's `msgpack_cmp` does: by type first (negative integers, other
//! integers, strings, blobs), then integers by value and strings or blobs byte-wise with the
//! shorter of two equal prefixes first. A leading ext key (the map's flags pair) stays first.

use std::cmp::Ordering;

/// Containers nested deeper than this are left as written rather than walked.
const MAX_DEPTH: usize = 256;

/// `value` (one msgpack list or map) with every map key-sorted; `None` when it is not one
/// well-formed msgpack element, or a map repeats a key (a real server refuses both).
pub fn sort_maps(value: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len());
    let end = rewrite(value, 0, &mut out, 0)?;
    (end == value.len()).then_some(out)
}

/// Copies the element at `pos` to `out` with its maps sorted; returns where the element ends.
fn rewrite(buf: &[u8], pos: usize, out: &mut Vec<u8>, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (header, count, kind) = container_header(buf, pos)?;
    match kind {
        Kind::Scalar => {
            let end = element_end(buf, pos, depth)?;
            out.extend_from_slice(&buf[pos..end]);
            Some(end)
        }
        Kind::List => {
            out.extend_from_slice(&buf[pos..pos + header]);
            let mut p = pos + header;
            for _ in 0..count {
                p = rewrite(buf, p, out, depth + 1)?;
            }
            Some(p)
        }
        Kind::Map => {
            out.extend_from_slice(&buf[pos..pos + header]);
            let mut p = pos + header;
            // (key bytes, key + rewritten value). The count comes from the client: reserve no
            // more entries than the bytes left could hold (two each), or a map32 header alone
            // asks for tens of gigabytes.
            let mut entries: Vec<(&[u8], Vec<u8>)> =
                Vec::with_capacity(count.min((buf.len() - p) / 2));
            for _ in 0..count {
                let key_end = element_end(buf, p, depth + 1)?;
                let mut entry = buf[p..key_end].to_vec();
                let value_end = rewrite(buf, key_end, &mut entry, depth + 1)?;
                entries.push((&buf[p..key_end], entry));
                p = value_end;
            }
            let flags = usize::from(entries.first().is_some_and(|(k, _)| is_ext(k[0])));
            entries[flags..].sort_by(|a, b| compare_keys(a.0, b.0));
            if entries[flags..]
                .windows(2)
                .any(|w| compare_keys(w[0].0, w[1].0) == Ordering::Equal)
            {
                return None;
            }
            for (_, entry) in entries {
                out.extend_from_slice(&entry);
            }
            Some(p)
        }
    }
}

enum Kind {
    Scalar,
    List,
    Map,
}

/// Header length, element count (pairs for a map) and kind of the element at `pos`.
fn container_header(buf: &[u8], pos: usize) -> Option<(usize, usize, Kind)> {
    let b = *buf.get(pos)?;
    Some(match b {
        0x80..=0x8f => (1, usize::from(b & 0x0f), Kind::Map),
        0x90..=0x9f => (1, usize::from(b & 0x0f), Kind::List),
        0xdc => (3, be(buf, pos + 1, 2)?, Kind::List),
        0xdd => (5, be(buf, pos + 1, 4)?, Kind::List),
        0xde => (3, be(buf, pos + 1, 2)?, Kind::Map),
        0xdf => (5, be(buf, pos + 1, 4)?, Kind::Map),
        _ => (0, 0, Kind::Scalar),
    })
}

/// A big-endian length of `n` bytes at `pos`.
fn be(buf: &[u8], pos: usize, n: usize) -> Option<usize> {
    let bytes = buf.get(pos..pos + n)?;
    Some(
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
    )
}

fn is_ext(b: u8) -> bool {
    matches!(b, 0xc7..=0xc9 | 0xd4..=0xd8)
}

/// Where the element at `pos` ends.
fn element_end(buf: &[u8], pos: usize, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let b = *buf.get(pos)?;
    let sized = |len_bytes: usize, extra: usize| -> Option<usize> {
        let len = be(buf, pos + 1, len_bytes)?;
        let end = pos + 1 + len_bytes + extra + len;
        (end <= buf.len()).then_some(end)
    };
    let fixed = |n: usize| (pos + n <= buf.len()).then_some(pos + n);
    match b {
        0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => fixed(1),
        0xa0..=0xbf => fixed(1 + usize::from(b & 0x1f)),
        0xc4 | 0xd9 => sized(1, 0),
        0xc5 | 0xda => sized(2, 0),
        0xc6 | 0xdb => sized(4, 0),
        0xc7 => sized(1, 1),
        0xc8 => sized(2, 1),
        0xc9 => sized(4, 1),
        0xca => fixed(5),
        0xcb => fixed(9),
        0xcc | 0xd0 => fixed(2),
        0xcd | 0xd1 => fixed(3),
        0xce | 0xd2 => fixed(5),
        0xcf | 0xd3 => fixed(9),
        0xd4 => fixed(3),
        0xd5 => fixed(4),
        0xd6 => fixed(6),
        0xd7 => fixed(10),
        0xd8 => fixed(18),
        0x80..=0x9f | 0xdc..=0xdf => {
            let (header, count, kind) = container_header(buf, pos)?;
            let n = if matches!(kind, Kind::Map) {
                count * 2
            } else {
                count
            };
            let mut p = pos + header;
            for _ in 0..n {
                p = element_end(buf, p, depth + 1)?;
            }
            Some(p)
        }
        0xc1 => None,
    }
}

/// A map key as `msgpack_cmp` ranks it: (type rank, integer value, bytes).
fn key_rank(key: &[u8]) -> (u8, i128, &[u8]) {
    // The server's msgpack type order (`msgpack_type` in `msgpack_in.h`).
    const NIL: u8 = 1;
    const FALSE: u8 = 2;
    const TRUE: u8 = 3;
    const NEGINT: u8 = 4;
    const INT: u8 = 5;
    const STRING: u8 = 6;
    const LIST: u8 = 7;
    const MAP: u8 = 8;
    const BYTES: u8 = 9;
    const DOUBLE: u8 = 10;
    const GEOJSON: u8 = 11;
    const EXT: u8 = 12;
    // Aerospike prefixes string-like msgpack values with a particle type byte.
    const AS_BYTES_STRING: u8 = 3;
    const AS_BYTES_GEOJSON: u8 = 23;
    let int = |v: i128| (if v < 0 { NEGINT } else { INT }, v, &[][..]);
    let raw = |rank: u8| (rank, 0, key);
    let signed = |n: usize| -> i128 {
        let v = key[1..1 + n]
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let shift = 64 - 8 * n as u32;
        i128::from(((v << shift) as i64) >> shift)
    };
    let unsigned = |n: usize| -> i128 {
        i128::from(
            key[1..1 + n]
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
        )
    };
    let bytes = |data: &'_ [u8]| -> u8 {
        match data.first() {
            None => BYTES,
            Some(&AS_BYTES_STRING) => STRING,
            Some(&AS_BYTES_GEOJSON) => GEOJSON,
            Some(_) => BYTES,
        }
    };
    let Some(&b) = key.first() else {
        return raw(0);
    };
    match b {
        0x00..=0x7f => int(i128::from(b)),
        0xe0..=0xff => int(i128::from(b as i8)),
        0xcc => int(unsigned(1)),
        0xcd => int(unsigned(2)),
        0xce => int(unsigned(4)),
        0xcf => int(unsigned(8)),
        0xd0 => int(signed(1)),
        0xd1 => int(signed(2)),
        0xd2 => int(signed(4)),
        0xd3 => int(signed(8)),
        0xa0..=0xbf => {
            let data = &key[1..];
            (bytes(data), 0, data)
        }
        0xc4 | 0xd9 => (bytes(&key[2..]), 0, &key[2..]),
        0xc5 | 0xda => (bytes(&key[3..]), 0, &key[3..]),
        0xc6 | 0xdb => (bytes(&key[5..]), 0, &key[5..]),
        0xc0 => raw(NIL),
        0xc2 => raw(FALSE),
        0xc3 => raw(TRUE),
        0xca | 0xcb => raw(DOUBLE),
        0x90..=0x9f | 0xdc | 0xdd => raw(LIST),
        0x80..=0x8f | 0xde | 0xdf => raw(MAP),
        _ => raw(EXT),
    }
}

fn compare_keys(a: &[u8], b: &[u8]) -> Ordering {
    key_rank(a).cmp(&key_rank(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// msgpack of a string as Aerospike clients pack it: fixstr with the string particle prefix.
    fn s(text: &str) -> Vec<u8> {
        let mut v = vec![0xa0 | (text.len() as u8 + 1), 3];
        v.extend_from_slice(text.as_bytes());
        v
    }

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    #[test]
    fn sorts_string_keys_as_the_golden_transcript_shows() {
        // c_crud_rust: written 82 a20379 920102 a20378 01, read back 82 a20378 01 a20379 920102.
        let written = [
            0x82, 0xa2, 0x03, 0x79, 0x92, 0x01, 0x02, 0xa2, 0x03, 0x78, 0x01,
        ];
        let stored = [
            0x82, 0xa2, 0x03, 0x78, 0x01, 0xa2, 0x03, 0x79, 0x92, 0x01, 0x02,
        ];
        assert_eq!(sort_maps(&written).as_deref(), Some(&stored[..]));
        assert_eq!(sort_maps(&stored).as_deref(), Some(&stored[..]));
    }

    #[test]
    fn sorts_maps_nested_in_lists_and_maps_but_keeps_list_order() {
        let inner_unsorted = cat(&[&[0x82], &s("b"), &[0x02], &s("a"), &[0x01]]);
        let inner_sorted = cat(&[&[0x82], &s("a"), &[0x01], &s("b"), &[0x02]]);
        let list = cat(&[&[0x93, 0x03, 0x01], &inner_unsorted]);
        assert_eq!(
            sort_maps(&list),
            Some(cat(&[&[0x93, 0x03, 0x01], &inner_sorted]))
        );
        let outer = cat(&[&[0x82], &s("z"), &inner_unsorted, &s("c"), &[0xc0]]);
        assert_eq!(
            sort_maps(&outer),
            Some(cat(&[&[0x82], &s("c"), &[0xc0], &s("z"), &inner_sorted]))
        );
    }

    #[test]
    fn integers_sort_by_value_negatives_first_and_before_strings() {
        // {"a": 0, 300: 1, -1: 2, 5: 3, -200: 4}
        let m = cat(&[
            &[0x85],
            &s("a"),
            &[0x00],
            &[0xcd, 0x01, 0x2c, 0x01],
            &[0xff, 0x02],
            &[0x05, 0x03],
            &[0xd1, 0xff, 0x38, 0x04],
        ]);
        let want = cat(&[
            &[0x85],
            &[0xd1, 0xff, 0x38, 0x04],
            &[0xff, 0x02],
            &[0x05, 0x03],
            &[0xcd, 0x01, 0x2c, 0x01],
            &s("a"),
            &[0x00],
        ]);
        assert_eq!(sort_maps(&m), Some(want));
    }

    #[test]
    fn a_shorter_string_sorts_before_its_extensions_and_blobs_after_strings() {
        let blob_key = [0xc4, 0x02, 0x04, 0x00];
        let m = cat(&[
            &[0x83],
            &blob_key,
            &[0x01],
            &s("ab"),
            &[0x02],
            &s("a"),
            &[0x03],
        ]);
        let want = cat(&[
            &[0x83],
            &s("a"),
            &[0x03],
            &s("ab"),
            &[0x02],
            &blob_key,
            &[0x01],
        ]);
        assert_eq!(sort_maps(&m), Some(want));
    }

    #[test]
    fn the_flags_pair_stays_first() {
        // A K-ordered map as clients send it: ext(flags) -> nil, then the entries.
        let flags = [0xc7, 0x00, 0x01];
        let m = cat(&[&[0x83], &flags, &[0xc0], &s("y"), &[0x01], &s("x"), &[0x02]]);
        let want = cat(&[&[0x83], &flags, &[0xc0], &s("x"), &[0x02], &s("y"), &[0x01]]);
        assert_eq!(sort_maps(&m), Some(want));
    }

    #[test]
    fn refuses_truncated_values_trailing_bytes_and_repeated_keys() {
        assert_eq!(sort_maps(&[0x82, 0xa2, 0x03]), None);
        assert_eq!(sort_maps(&[0x90, 0x00]), None);
        assert_eq!(
            sort_maps(&cat(&[&[0x82], &s("a"), &[1], &s("a"), &[2]])),
            None
        );
        assert_eq!(sort_maps(&[0xc1]), None);
    }

    #[test]
    fn a_huge_declared_count_is_refused_without_reserving_for_it() {
        // A map32 header announcing 4 billion pairs and nothing after it.
        assert_eq!(sort_maps(&[0xdf, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(sort_maps(&[0x91, 0xdf, 0xff, 0xff, 0xff, 0xff, 0x01]), None);
    }
}
