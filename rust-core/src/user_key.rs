//! User keys of a key-list read: integer, string or blob, as Java hands them over (one
//! MessagePack array, so that each key keeps its exact type), their digests and partitions, and
//! how error messages name them.

use std::fmt;

use crate::error::{Error, Result};
use crate::wire::batch::digest;
use crate::wire::particle;
use crate::wire::response::partition_of;

/// A record's user key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserKey {
    Int(i64),
    Str(String),
    Blob(Vec<u8>),
}

impl UserKey {
    /// The key's particle type and bytes, as the digest and the KEY field take them.
    pub fn particle(&self) -> (u8, Vec<u8>) {
        match self {
            UserKey::Int(i) => (particle::INTEGER, i.to_be_bytes().to_vec()),
            UserKey::Str(s) => (particle::STRING, s.as_bytes().to_vec()),
            UserKey::Blob(b) => (particle::BLOB, b.clone()),
        }
    }

    /// The digest of the key in `set`, as every client and server computes it.
    pub fn digest(&self, set: &str) -> [u8; 20] {
        let (ptype, bytes) = self.particle();
        digest(set.as_bytes(), ptype, &bytes)
    }

    /// The partition of the key in `set`.
    pub fn partition(&self, set: &str) -> u16 {
        partition_of(&self.digest(set))
    }
}

/// As messages name keys: strings quoted, integers bare, blobs as hex.
impl fmt::Display for UserKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserKey::Int(i) => write!(f, "{i}"),
            UserKey::Str(s) => write!(f, "'{s}'"),
            UserKey::Blob(b) => {
                write!(f, "blob:")?;
                b.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
            }
        }
    }
}

/// Names at most `limit` keys, then how many more there are: `'a', 'b', 7 and 12 more`.
pub fn describe_keys<'a>(keys: impl ExactSizeIterator<Item = &'a UserKey>, limit: usize) -> String {
    let total = keys.len();
    let named: Vec<String> = keys.take(limit).map(|k| k.to_string()).collect();
    match total.saturating_sub(named.len()) {
        0 => named.join(", "),
        more => format!("{} and {more} more", named.join(", ")),
    }
}

/// Reads a MessagePack array of keys: integers (any width that fits an i64), strings (str, UTF-8)
/// and blobs (bin). Anything else is refused, naming the element.
pub fn decode_keys(bytes: &[u8]) -> Result<Vec<UserKey>> {
    let mut r = Reader { bytes, pos: 0 };
    let count = r.array_len()?;
    // Each key takes at least one byte: a count beyond what remains is a damaged array.
    if count > bytes.len() {
        return Err(r.bad(format!("an array of {count} keys in {} bytes", bytes.len())));
    }
    let mut keys = Vec::with_capacity(count);
    for i in 0..count {
        keys.push(r.key(i)?);
    }
    if r.pos != bytes.len() {
        return Err(r.bad(format!(
            "{} bytes after the array's {count} keys",
            bytes.len() - r.pos
        )));
    }
    Ok(keys)
}

/// Encodes keys as [`decode_keys`] reads them (tests, and the Java side's cross-check).
pub fn encode_keys(keys: &[UserKey]) -> Vec<u8> {
    let mut out = Vec::new();
    let n = keys.len() as u32;
    if n < 16 {
        out.push(0x90 | n as u8);
    } else if n <= u32::from(u16::MAX) {
        out.push(0xdc);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(0xdd);
        out.extend_from_slice(&n.to_be_bytes());
    }
    for k in keys {
        match k {
            UserKey::Int(i) => {
                out.push(0xd3);
                out.extend_from_slice(&i.to_be_bytes());
            }
            UserKey::Str(s) => {
                out.push(0xdb);
                out.extend_from_slice(&(s.len() as u32).to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            UserKey::Blob(b) => {
                out.push(0xc6);
                out.extend_from_slice(&(b.len() as u32).to_be_bytes());
                out.extend_from_slice(b);
            }
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn bad(&self, reason: String) -> Error {
        Error::InvalidArgument {
            what: "key list (MessagePack array)",
            value: format!("{} bytes", self.bytes.len()),
            reason,
        }
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.bad(format!("{what} runs past the end at byte {}", self.pos))),
        }
    }

    fn uint(&mut self, n: usize, what: &str) -> Result<u64> {
        Ok(self
            .take(n, what)?
            .iter()
            .fold(0u64, |v, &b| (v << 8) | u64::from(b)))
    }

    fn array_len(&mut self) -> Result<usize> {
        let marker = self.take(1, "the array header")?[0];
        Ok(match marker {
            0x90..=0x9f => usize::from(marker & 0x0f),
            0xdc => self.uint(2, "the array length")? as usize,
            0xdd => self.uint(4, "the array length")? as usize,
            other => return Err(self.bad(format!("starts with 0x{other:02x}, not an array"))),
        })
    }

    fn key(&mut self, i: usize) -> Result<UserKey> {
        let what = format!("key {i}");
        let marker = self.take(1, &what)?[0];
        let len = |r: &mut Self, n| r.uint(n, &what).map(|v| v as usize);
        Ok(match marker {
            0x00..=0x7f => UserKey::Int(i64::from(marker)),
            0xe0..=0xff => UserKey::Int(i64::from(marker as i8)),
            0xcc..=0xcf => {
                let v = self.uint(1 << (marker - 0xcc), &what)?;
                UserKey::Int(i64::try_from(v).map_err(|_| {
                    self.bad(format!("{what}: the integer {v} does not fit a 64-bit key"))
                })?)
            }
            0xd0..=0xd3 => {
                let n = 1usize << (marker - 0xd0);
                let v = self.uint(n, &what)?;
                // Sign-extend from n bytes.
                let shift = 64 - 8 * n as u32;
                UserKey::Int(((v << shift) as i64) >> shift)
            }
            0xa0..=0xbf | 0xd9..=0xdb => {
                let n = match marker {
                    0xd9 => len(self, 1)?,
                    0xda => len(self, 2)?,
                    0xdb => len(self, 4)?,
                    m => usize::from(m & 0x1f),
                };
                let at = self.pos;
                let text = self.take(n, &what)?;
                let s = std::str::from_utf8(text).map_err(|_| {
                    self.bad(format!("{what} at byte {at}: a string that is not UTF-8"))
                })?;
                UserKey::Str(s.to_string())
            }
            0xc4..=0xc6 => {
                let n = len(self, 1 << (marker - 0xc4))?;
                UserKey::Blob(self.take(n, &what)?.to_vec())
            }
            other => {
                return Err(self.bad(format!(
                "{what}: MessagePack type 0x{other:02x}; a key is an integer, a string or a blob"
            )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_type_and_width_reads_back_exactly() {
        let keys = vec![
            UserKey::Int(0),
            UserKey::Int(-1),
            UserKey::Int(i64::MIN),
            UserKey::Int(i64::MAX),
            UserKey::Str(String::new()),
            UserKey::Str("k17 ✓".into()),
            UserKey::Blob(vec![]),
            UserKey::Blob(vec![0, 255, 7]),
        ];
        assert_eq!(decode_keys(&encode_keys(&keys)).expect("decodes"), keys);
        // Compact forms, as Java's MessagePack writers choose them.
        let compact = [
            0x97, 0x05, 0xfb, 0xcc, 0xc8, 0xd1, 0xff, 0x38, 0xa2, b'h', b'i', 0xc4, 0x01, 0x09,
            0xcf, 0, 0, 0, 0, 0, 0, 0, 9,
        ];
        assert_eq!(
            decode_keys(&compact).expect("decodes"),
            vec![
                UserKey::Int(5),
                UserKey::Int(-5),
                UserKey::Int(200),
                UserKey::Int(-200),
                UserKey::Str("hi".into()),
                UserKey::Blob(vec![9]),
                UserKey::Int(9),
            ]
        );
    }

    #[test]
    fn bad_key_lists_are_refused_naming_the_element() {
        let err = |b: &[u8]| decode_keys(b).expect_err("refused").to_string();
        assert!(err(&[0x92, 0x01, 0xc3]).contains("key 1: MessagePack type 0xc3"));
        assert!(err(&[0x91, 0xa3, b'a']).contains("key 0 runs past the end"));
        assert!(err(&[0x81, 0x01, 0x01]).contains("not an array"));
        assert!(err(&[0x91, 0x01, 0x02]).contains("1 bytes after"));
        assert!(err(&[0x91, 0xa1, 0xff]).contains("not UTF-8"));
        assert!(err(&[0x91, 0xcf, 0xff, 0, 0, 0, 0, 0, 0, 0]).contains("does not fit"));
        assert!(err(&[0xdd, 0xff, 0xff, 0xff, 0xff]).contains("an array of 4294967295 keys"));
    }

    #[test]
    fn keys_are_named_by_type_and_long_lists_are_cut() {
        let keys = [
            UserKey::Str("a".into()),
            UserKey::Int(7),
            UserKey::Blob(vec![1, 0xab]),
        ];
        assert_eq!(describe_keys(keys.iter(), 5), "'a', 7, blob:01ab");
        assert_eq!(describe_keys(keys.iter(), 1), "'a' and 2 more");
    }

    #[test]
    fn digests_are_the_ones_the_server_keeps() {
        // Golden capture e_batch_read_python: key 'b0' of set 'golden'.
        let d = UserKey::Str("b0".into()).digest("golden");
        assert_eq!(
            crate::wire::response::hex(&d),
            "32b2aa10596fe41547e1e8ec6fcba8dbb98df8c9"
        );
    }
}
