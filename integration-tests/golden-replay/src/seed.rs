//! Recreates in aerolite the records the real server held when a capture was taken.
//!
//! The setup ran outside the captures, so the state is read back from the captures' own answers
//! wherever they show it: a full scan lists every record of `test.golden` (digest, key, bins,
//! generation), and a batch read shows the bins of the rows it found, whose digests its request
//! carries. The 30,000 records of the cluster captures are only described in their README, so
//! those are computed (key i, bins n = i and s = "s" + i zero-padded to 19 digits).

use crate::exchange::Transcript;
use crate::replay;
use crate::wire::{self, field, AsMsg, Field, Op, Proto, TYPE_MSG};
use crate::Error;
use ripemd::{Digest as _, Ripemd160};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

const INFO2_WRITE: u8 = 0x01;
const OP_WRITE: u8 = 2;
const PARTICLE_INTEGER: u8 = 1;
const PARTICLE_STRING: u8 = 3;
const ROW_REPEAT: u8 = 0x01;
const ROW_HAS_EXTRA_INFO: u8 = 0x02;
const ROW_HAS_GENERATION: u8 = 0x04;
const ROW_HAS_RECORD_TTL: u8 = 0x08;
const ROW_HAS_INFO4: u8 = 0x10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub name: Vec<u8>,
    pub particle: u8,
    pub value: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedRecord {
    pub namespace: Vec<u8>,
    pub set: Vec<u8>,
    pub digest: [u8; 20],
    /// The KEY field as stored: particle type byte, then the key bytes.
    pub key: Option<Vec<u8>>,
    pub bins: Vec<Bin>,
    pub generation: u32,
}

/// The record digest a client computes: RIPEMD-160 over set name, key particle type and key.
pub fn digest(set: &[u8], key_field: &[u8]) -> [u8; 20] {
    let mut h = Ripemd160::new();
    h.update(set);
    h.update(key_field);
    h.finalize().into()
}

fn bins_of(m: &AsMsg) -> Vec<Bin> {
    m.ops
        .iter()
        .map(|o| Bin {
            name: o.name.clone(),
            particle: o.particle,
            value: o.value.clone(),
        })
        .collect()
}

/// The records of the first complete scan in `t`: no max_records, no bin selection.
pub fn from_scan(t: &Transcript) -> Result<Vec<SeedRecord>, Error> {
    let scan = t
        .exchanges
        .iter()
        .find(|e| {
            e.request_msg().is_some_and(|m| {
                m.is_multi_record_request()
                    && m.info1 & wire::INFO1_BATCH == 0
                    && m.field(field::MAX_RECORDS).is_none()
                    && m.ops.is_empty()
            }) && !e.cut
        })
        .ok_or_else(|| Error::Decode("no complete scan in the capture".into()))?;
    let mut out = Vec::new();
    for p in &scan.responses {
        for m in wire::decode_msgs(&p.body)? {
            let Some(d) = m.field(field::DIGEST) else {
                continue;
            };
            out.push(SeedRecord {
                namespace: m.field(field::NAMESPACE).unwrap_or_default().to_vec(),
                set: m.field(field::SET).unwrap_or_default().to_vec(),
                digest: d
                    .try_into()
                    .map_err(|_| Error::Decode("digest is not 20 bytes".into()))?,
                key: m.field(field::KEY).map(<[u8]>::to_vec),
                bins: bins_of(&m),
                generation: m.generation,
            });
        }
    }
    Ok(out)
}

/// The rows the first batch read of `t` found: digest, namespace and set from the request row,
/// bins and generation from the answer row with the same index.
pub fn from_batch_read(t: &Transcript) -> Result<Vec<SeedRecord>, Error> {
    let e = t
        .exchanges
        .iter()
        .find(|e| {
            e.request_msg()
                .is_some_and(|m| m.info1 & wire::INFO1_BATCH != 0)
        })
        .ok_or_else(|| Error::Decode("no batch in the capture".into()))?;
    let request = e
        .request_msg()
        .ok_or_else(|| Error::Decode("undecodable batch request".into()))?;
    let data = request
        .field(field::BATCH)
        .or_else(|| request.field(field::BATCH_WITH_SET))
        .ok_or_else(|| Error::Decode("batch without a batch field".into()))?;
    let rows = batch_rows(data)?;
    let mut out = Vec::new();
    for p in &e.responses {
        for m in wire::decode_msgs(&p.body)? {
            if m.is_last() || m.result != 0 {
                continue;
            }
            let row = rows
                .iter()
                .find(|r| r.index == m.transaction_ttl)
                .ok_or_else(|| {
                    Error::Decode(format!("answer row {} not asked", m.transaction_ttl))
                })?;
            out.push(SeedRecord {
                namespace: row.namespace.clone(),
                set: row.set.clone(),
                digest: row.digest,
                key: None,
                bins: bins_of(&m),
                generation: m.generation,
            });
        }
    }
    Ok(out)
}

struct Row {
    index: u32,
    digest: [u8; 20],
    namespace: Vec<u8>,
    set: Vec<u8>,
}

/// Reads the index, digest, namespace and set of each row of a batch field.
fn batch_rows(data: &[u8]) -> Result<Vec<Row>, Error> {
    let bad = |what: &str| Error::Decode(format!("batch field: {what}"));
    let mut pos = 0usize;
    let mut take = |n: usize| -> Result<&[u8], Error> {
        let s = data.get(pos..pos + n).ok_or_else(|| bad("truncated"))?;
        pos += n;
        Ok(s)
    };
    let count = u32::from_be_bytes(take(4)?.try_into().map_err(|_| bad("count"))?);
    take(1)?; // parent flags
    let mut rows: Vec<Row> = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let index = u32::from_be_bytes(take(4)?.try_into().map_err(|_| bad("index"))?);
        let digest: [u8; 20] = take(20)?.try_into().map_err(|_| bad("digest"))?;
        let flags = take(1)?[0];
        if flags & ROW_REPEAT != 0 {
            let prev = rows.last().ok_or_else(|| bad("first row repeats"))?;
            let (namespace, set) = (prev.namespace.clone(), prev.set.clone());
            rows.push(Row {
                index,
                digest,
                namespace,
                set,
            });
            continue;
        }
        take(1)?; // info1
        if flags & ROW_HAS_EXTRA_INFO != 0 {
            take(2)?;
        }
        if flags & ROW_HAS_INFO4 != 0 {
            take(1)?;
        }
        if flags & ROW_HAS_GENERATION != 0 {
            take(2)?;
        }
        if flags & ROW_HAS_RECORD_TTL != 0 {
            take(4)?;
        }
        let n_fields = u16::from_be_bytes(take(2)?.try_into().map_err(|_| bad("fields"))?);
        let n_ops = u16::from_be_bytes(take(2)?.try_into().map_err(|_| bad("ops"))?);
        let (mut namespace, mut set) = (Vec::new(), Vec::new());
        for _ in 0..n_fields {
            let size = u32::from_be_bytes(take(4)?.try_into().map_err(|_| bad("field"))?) as usize;
            let ty = take(1)?[0];
            let value = take(size.saturating_sub(1))?.to_vec();
            match ty {
                field::NAMESPACE => namespace = value,
                field::SET => set = value,
                _ => {}
            }
        }
        for _ in 0..n_ops {
            let size = u32::from_be_bytes(take(4)?.try_into().map_err(|_| bad("op"))?) as usize;
            take(size)?;
        }
        rows.push(Row {
            index,
            digest,
            namespace,
            set,
        });
    }
    Ok(rows)
}

/// The `test.s3` records of the cluster captures: keys 0..n, bins n and s.
pub fn s3_records(n: u64) -> Vec<SeedRecord> {
    (0..n)
        .map(|i| {
            let mut key = vec![PARTICLE_INTEGER];
            key.extend_from_slice(&i.to_be_bytes());
            SeedRecord {
                namespace: b"test".to_vec(),
                set: b"s3".to_vec(),
                digest: digest(b"s3", &key),
                key: Some(key),
                bins: vec![
                    Bin {
                        name: b"n".to_vec(),
                        particle: PARTICLE_INTEGER,
                        value: i.to_be_bytes().to_vec(),
                    },
                    Bin {
                        name: b"s".to_vec(),
                        particle: PARTICLE_STRING,
                        value: format!("s{i:019}").into_bytes(),
                    },
                ],
                generation: 1,
            }
        })
        .collect()
}

fn write_request(r: &SeedRecord) -> Proto {
    let mut fields = vec![
        Field {
            ty: field::NAMESPACE,
            data: r.namespace.clone(),
        },
        Field {
            ty: field::SET,
            data: r.set.clone(),
        },
        Field {
            ty: field::DIGEST,
            data: r.digest.to_vec(),
        },
    ];
    if let Some(k) = &r.key {
        fields.push(Field {
            ty: field::KEY,
            data: k.clone(),
        });
    }
    let msg = AsMsg {
        info2: INFO2_WRITE,
        transaction_ttl: 1000,
        fields,
        ops: r
            .bins
            .iter()
            .map(|b| Op {
                op: OP_WRITE,
                particle: b.particle,
                flags: 0,
                name: b.name.clone(),
                value: b.value.clone(),
            })
            .collect(),
        ..Default::default()
    };
    Proto {
        version: 2,
        ty: TYPE_MSG,
        body: msg.encode(),
    }
}

/// Writes every record, `generation` times over so that it ends with the same generation.
pub fn load(addr: SocketAddr, records: &[SeedRecord]) -> Result<(), Error> {
    let mut s = TcpStream::connect(addr)?;
    s.set_nodelay(true)?;
    for r in records {
        let request = write_request(r).encode();
        for _ in 0..r.generation.max(1) {
            s.write_all(&request)?;
            let mut head = [0u8; 8];
            s.read_exact(&mut head)?;
            let size = (u64::from_be_bytes(head) & 0xFFFF_FFFF_FFFF) as usize;
            let mut body = vec![0u8; size];
            s.read_exact(&mut body)?;
            let result = wire::decode_msgs(&body)?
                .first()
                .map(|m| m.result)
                .unwrap_or(u8::MAX);
            if result != 0 {
                return Err(Error::Aerolite(format!(
                    "seeding record {} answered {result}",
                    crate::compare::hex(&r.digest)
                )));
            }
        }
    }
    Ok(())
}

/// Sends one info command and returns its value.
pub fn info(addr: SocketAddr, command: &str) -> Result<String, Error> {
    let p = Proto {
        version: 2,
        ty: wire::TYPE_INFO,
        body: format!("{command}\n").into_bytes(),
    };
    let answer = replay::request(addr, &p)?;
    let body = answer
        .responses
        .first()
        .ok_or_else(|| Error::Aerolite(format!("no answer to {command}")))?;
    Ok(wire::info_answer(&body.body)
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_the_reference_vector() {
        // An integer key in set "golden": key 8 has digest f4b23631... in the captures.
        let mut key = vec![PARTICLE_INTEGER];
        key.extend_from_slice(&8i64.to_be_bytes());
        assert_eq!(
            crate::compare::hex(&digest(b"golden", &key)),
            "f4b236316f1cb91c80cf1b0f2e6608f9820c3aa3"
        );
    }

    #[test]
    fn s3_records_follow_the_readme() {
        let r = s3_records(3);
        assert_eq!(r[2].bins[1].value, b"s0000000000000000002".to_vec());
        assert_eq!(r[2].bins[1].value.len(), 20);
        assert_eq!(r[1].key.as_deref(), Some(&[1, 0, 0, 0, 0, 0, 0, 0, 1][..]));
    }
}
