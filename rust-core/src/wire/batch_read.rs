//! The key-list reader's batch-read request (wire protocol §6.2), as the official clients send
//! it with the "batch any" row format: the first row in full — flags INFO|TTL (0x0A), `info1` READ
//! (with GET_ALL when every bin is wanted), namespace and set fields, one READ op per projected
//! bin — and every later row a REPEAT of it (index and digest only). A filter expression goes on
//! the parent message and applies to every row.
//!
//! The answer (§6.3) is one message per row in completion order, its index in the
//! transaction-TTL word; rows carry neither digest nor key, so the reader puts the requested
//! ones into the frame ([`super::response::Message::encode_record_as`]).

use super::{batch, FIELD_NAMESPACE, FIELD_TABLE, INFO1_READ, OP_READ};

/// `info1`: every bin.
const INFO1_GET_ALL: u8 = 0x02;
/// Row flags: info2 and info3 follow (0x02), then a 4-byte read-touch TTL (0x08).
const ROW_READ_FLAGS: u8 = 0x02 | 0x08;
const ROW_REPEAT: u8 = 0x01;

/// What every row of a key-list read asks.
#[derive(Debug, Clone, Copy)]
pub struct ReadRows<'a> {
    pub namespace: &'a str,
    pub set: &'a str,
    /// Bins to return; empty: all.
    pub bins: &'a [String],
    /// A packed filter expression, evaluated on each found record (false: row result 27).
    pub filter_exp: Option<&'a [u8]>,
}

impl ReadRows<'_> {
    /// The request for `rows`: `(row index, digest)` pairs. `timeout_ms` bounds the whole batch
    /// on the server. `rows` must not be empty.
    pub fn request(&self, rows: &[(u32, [u8; 20])], timeout_ms: u32) -> Vec<u8> {
        let ops_len: usize = self.bins.iter().map(|b| 8 + b.len()).sum();
        let first_len = 4 + 20 + 1 + 3 + 4 + 4 + 5 + self.namespace.len() + 5 + self.set.len();
        let row_bytes = first_len + ops_len + rows.len().saturating_sub(1) * 25;
        batch::message(
            rows.len() as u32,
            row_bytes,
            self.filter_exp,
            timeout_ms,
            |out| {
                for (n, (index, digest)) in rows.iter().enumerate() {
                    out.extend_from_slice(&index.to_be_bytes());
                    out.extend_from_slice(digest);
                    if n > 0 {
                        out.push(ROW_REPEAT);
                        continue;
                    }
                    let info1 = if self.bins.is_empty() {
                        INFO1_READ | INFO1_GET_ALL
                    } else {
                        INFO1_READ
                    };
                    out.extend_from_slice(&[ROW_READ_FLAGS, info1, 0, 0]);
                    out.extend_from_slice(&0u32.to_be_bytes());
                    out.extend_from_slice(&2u16.to_be_bytes());
                    out.extend_from_slice(&(self.bins.len() as u16).to_be_bytes());
                    for (field, data) in [
                        (FIELD_NAMESPACE, self.namespace.as_bytes()),
                        (FIELD_TABLE, self.set.as_bytes()),
                    ] {
                        out.extend_from_slice(&(data.len() as u32 + 1).to_be_bytes());
                        out.push(field);
                        out.extend_from_slice(data);
                    }
                    for bin in self.bins {
                        out.extend_from_slice(&(bin.len() as u32 + 4).to_be_bytes());
                        out.extend_from_slice(&[OP_READ, 0, 0, bin.len() as u8]);
                        out.extend_from_slice(bin.as_bytes());
                    }
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{decode, FrameBuilder};
    use crate::user_key::UserKey;
    use crate::wire::batch_answer::read_rows;
    use crate::wire::particle;
    use aerospike::Value;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// Golden capture e_batch_read_python, messages #11 (all bins) and #14 (bin 's'): the
    /// Python client's batch read of b0, bx1, b1, bx2, b2 in test/golden with a 1 s timeout.
    const ALL_BINS: &str = "02030000000000bc1608000000000000000000000000000003e800010000000000a229000000050d0000000032b2aa10596fe41547e1e8ec6fcba8dbb98df8c90a03000000000000000200000000000500746573740000000701676f6c64656e0000000119a34c8e829f3e14f08d20bd3b6c6fdbaed88ebc0100000002f9bfc5e5b559dac0675cc6ef4be43ab7515180a701000000037684819e076990273cea5f55e39746b3be1ec264010000000417aef8715cc927fadeb4a68eae496dc3e54612e401";
    const BIN_S: &str = "02030000000000c51608000000000000000000000000000003e800010000000000ab29000000050d0000000032b2aa10596fe41547e1e8ec6fcba8dbb98df8c90a01000000000000000200010000000500746573740000000701676f6c64656e0000000501000001730000000119a34c8e829f3e14f08d20bd3b6c6fdbaed88ebc0100000002f9bfc5e5b559dac0675cc6ef4be43ab7515180a701000000037684819e076990273cea5f55e39746b3be1ec264010000000417aef8715cc927fadeb4a68eae496dc3e54612e401";
    /// Message #12: the answer to #11 (rows 1 and 3 not found).
    const ANSWER: &str = "1600000000000000000100000000000000000000000200000007010300017376300000000d01010001690000000000000000160000000002000000000000000000000001000000001600000000000000000100000000000000020000000200000007010300017376310000000d01010001690000000000000001160000000002000000000000000000000003000000001600000000000000000100000000000000040000000200000007010300017376320000000d01010001690000000000000002";

    fn golden_rows() -> Vec<(u32, [u8; 20])> {
        ["b0", "bx1", "b1", "bx2", "b2"]
            .iter()
            .enumerate()
            .map(|(i, k)| (i as u32, UserKey::Str(k.to_string()).digest("golden")))
            .collect()
    }

    #[test]
    fn requests_are_byte_identical_to_the_python_clients_golden_batch_reads() {
        let all = ReadRows {
            namespace: "test",
            set: "golden",
            bins: &[],
            filter_exp: None,
        };
        assert_eq!(all.request(&golden_rows(), 1000), unhex(ALL_BINS));
        let bins = ["s".to_string()];
        let one = ReadRows { bins: &bins, ..all };
        assert_eq!(one.request(&golden_rows(), 1000), unhex(BIN_S));
    }

    #[test]
    fn a_filter_expression_is_a_parent_field_before_the_batch() {
        let exp = [0x93, 0x01, 0x01, 0x01];
        let m = ReadRows {
            namespace: "test",
            set: "",
            bins: &[],
            filter_exp: Some(&exp),
        }
        .request(&golden_rows()[..1], 50);
        // Two fields; the first is FILTER_EXP (43) with the packed bytes.
        assert_eq!(&m[8 + 18..8 + 20], &[0, 2]);
        assert_eq!(&m[30..35], &[0, 0, 0, 5, 43]);
        assert_eq!(&m[35..39], &exp);
        assert_eq!(m[43], 41);
    }

    #[test]
    fn the_golden_answer_becomes_frame_records_with_the_requested_identity() {
        let rows = golden_rows();
        let body = unhex(ANSWER);
        let mut frames = FrameBuilder::new(1 << 20);
        let mut missing = Vec::new();
        let last = read_rows(&body, |index, msg| {
            if msg.result != 0 {
                missing.push((index, msg.result));
                return;
            }
            let digest = &rows[index as usize].1;
            let key = format!("b{}", index / 2);
            frames
                .push_encoded(|out| {
                    msg.encode_record_as(
                        out,
                        digest,
                        Some(b"golden"),
                        Some((particle::STRING, key.as_bytes())),
                    )
                })
                .expect("encodes");
        })
        .expect("parses");
        assert!(last.is_none());
        assert_eq!(missing, vec![(1, 2), (3, 2)]);
        let frame = frames.finish().expect("a frame");
        let records = decode(frame.bytes()).expect("decodes");
        assert_eq!(records.len(), 3);
        for (n, r) in records.iter().enumerate() {
            assert_eq!(r.digest, rows[n * 2].1);
            assert_eq!(r.set.as_deref(), Some("golden"));
            assert_eq!(r.user_key, Some(Value::from(format!("b{n}"))));
            assert_eq!(r.generation, 1);
            assert_eq!(
                r.bins,
                vec![
                    ("s".to_string(), Value::from(format!("v{n}"))),
                    ("i".to_string(), Value::Int(n as i64)),
                ]
            );
        }
    }
}
