//! Partition scans and secondary-index queries: the streamed reply of a request that has no
//! digest field.
//!
//! Per partition, records go out in descending digest order and a DIGEST_ARRAY entry resumes
//! strictly after its digest, as on a real server, so a client that retries a cut stream gets
//! every record exactly once. Partitions this node does not hold get a PARTITION_DONE message
//! with result 11, which sends the client to the partition's current owner.

use crate::expr::{Expr, ExprCtx, ExprError};
use crate::proto::{self, field, op, rc, Msg, ReplyBuf, TYPE_MSG};
use crate::record::{Clock, Record};
use crate::sindex::{Collection, IndexRange};
use crate::store::{Digest, Namespace, Store, N_PARTITIONS};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tracing::{debug, warn};

/// Frames are flushed once they pass this size (a real server uses ~1 MiB chunks).
const CHUNK_BYTES: usize = 256 * 1024;

/// A validated scan or query, ready to run.
pub struct Query<'a> {
    ns: &'a Namespace,
    /// `None` scans every set of the namespace.
    set: Option<Option<u16>>,
    work: Vec<(u16, Option<Digest>)>,
    bins: Vec<&'a [u8]>,
    no_bin_data: bool,
    filter: Option<Expr>,
    range: Option<(IndexRange, Collection)>,
    max_records: u64,
    records_per_sec: u32,
}

/// Why a query could not start; answered with one as_msg carrying the code.
#[derive(Debug)]
pub struct StartError(pub u8, pub String);

impl<'a> Query<'a> {
    pub fn prepare(store: &'a Store, msg: &Msg<'a>) -> Result<Query<'a>, StartError> {
        let err = |code: u8, why: &str| Err(StartError(code, why.to_string()));
        let ns_name = msg.field(field::NAMESPACE).unwrap_or_default();
        let Some(ns) = store.namespace(ns_name) else {
            return err(
                rc::NAMESPACE,
                &format!("unknown namespace '{}'", String::from_utf8_lossy(ns_name)),
            );
        };
        if msg.header.info2 & proto::INFO2_WRITE != 0
            || msg.field(field::UDF_OP).is_some()
            || msg.field(field::UDF_PACKAGE).is_some()
        {
            return err(
                rc::UNSUPPORTED_FEATURE,
                "background queries and UDFs are not served",
            );
        }
        if msg.header.info3 & proto::INFO3_PARTITION_DONE == 0 {
            return err(
                rc::UNSUPPORTED_FEATURE,
                "query without the partition-done flag",
            );
        }
        let pids = msg.field(field::PID_ARRAY);
        let digests = msg.field(field::DIGEST_ARRAY);
        if pids.is_none() && digests.is_none() {
            return err(
                rc::UNSUPPORTED_FEATURE,
                "query without partition or digest array",
            );
        }
        let mut work = Vec::new();
        if let Some(p) = pids {
            if p.is_empty() || p.len() % 2 != 0 || p.len() / 2 > N_PARTITIONS {
                return err(rc::PARAMETER, "bad partition id array");
            }
            for c in p.chunks_exact(2) {
                let pid = u16::from_le_bytes([c[0], c[1]]);
                if pid as usize >= N_PARTITIONS {
                    return err(rc::PARAMETER, "partition id out of range");
                }
                work.push((pid, None));
            }
        }
        if let Some(d) = digests {
            if d.is_empty() || d.len() % 20 != 0 || d.len() / 20 > N_PARTITIONS {
                return err(rc::PARAMETER, "bad digest array");
            }
            for c in d.chunks_exact(20) {
                let digest: Digest = c.try_into().expect("chunk of 20");
                work.push((proto::partition_id(&digest), Some(digest)));
            }
        }
        let mut seen = vec![false; N_PARTITIONS];
        for (pid, _) in &work {
            if std::mem::replace(&mut seen[*pid as usize], true) {
                return err(rc::PARAMETER, "partition requested twice");
            }
        }
        let range = match msg.field(field::INDEX_RANGE) {
            None => None,
            Some(data) => {
                let range = IndexRange::parse(data)
                    .map_err(|e| StartError(rc::PARAMETER, e.to_string()))?;
                let collection = match msg.field(field::INDEX_TYPE) {
                    None => Collection::Default,
                    Some(b) => b
                        .first()
                        .and_then(|&b| Collection::from_wire(b))
                        .ok_or(StartError(rc::PARAMETER, "bad index type".into()))?,
                };
                Some((range, collection))
            }
        };
        if let Some(b) = msg.field(field::BVAL_ARRAY) {
            if range.is_none() || b.len() != digests.map(|d| d.len() / 20 * 8).unwrap_or(0) {
                return err(
                    rc::PARAMETER,
                    "bval array without a matching index range and digest array",
                );
            }
        }
        let set_name = msg.field(field::SET).filter(|s| !s.is_empty());
        if let Some((r, collection)) = &range {
            let set_str = set_name.map(|s| String::from_utf8_lossy(s).into_owned());
            if r.find(&ns.sindexes.read(), set_str.as_deref(), *collection)
                .is_none()
            {
                return err(rc::SINDEX_NOT_FOUND, "no index for this query");
            }
        }
        let filter = match msg.field(field::FILTER_EXP) {
            None => None,
            Some(bytes) => Some(Expr::compile(bytes).map_err(|e| match e {
                ExprError::Unsupported(_) => StartError(rc::UNSUPPORTED_FEATURE, e.to_string()),
                ExprError::Malformed(_) => StartError(rc::PARAMETER, e.to_string()),
            })?),
        };
        let read_u64 = |f: u8| {
            msg.field(f)
                .and_then(|b| b.try_into().ok().map(u64::from_be_bytes))
        };
        let read_u32 = |f: u8| {
            msg.field(f)
                .and_then(|b| b.try_into().ok().map(u32::from_be_bytes))
        };
        Ok(Query {
            ns,
            // A set nobody wrote to yet matches no record; that is not an error.
            set: set_name.map(|s| ns.set_id(s)),
            work,
            bins: msg
                .ops
                .iter()
                .filter(|o| o.op == op::READ && !o.name.is_empty())
                .map(|o| o.name)
                .collect(),
            no_bin_data: msg.header.info1 & proto::INFO1_NOBINDATA != 0,
            filter,
            range,
            max_records: read_u64(field::MAX_RECORDS).unwrap_or(0),
            records_per_sec: read_u32(field::RECS_PER_SEC).unwrap_or(0),
        })
    }

    /// Streams the records, then LAST. `holds(pid)` says whether this node may serve a partition.
    pub async fn run<W: AsyncWrite + Unpin>(
        self,
        holds: impl Fn(usize) -> bool,
        w: &mut W,
    ) -> std::io::Result<u64> {
        let now = Clock::now();
        let ns_field = encode_field(field::NAMESPACE, self.ns.name().as_bytes());
        let mut set_fields: HashMap<u16, Vec<u8>> = HashMap::new();
        let mut out = ReplyBuf::with_capacity(CHUNK_BYTES + 64 * 1024);
        out.begin_frame();
        let started = Instant::now();
        let mut sent: u64 = 0;
        let budget = if self.max_records == 0 {
            u64::MAX
        } else {
            self.max_records
        };
        'partitions: for (pid, resume) in &self.work {
            let pid = *pid as usize;
            if !holds(pid) {
                out.msg_header(
                    0,
                    proto::INFO3_PARTITION_DONE,
                    rc::UNAVAILABLE,
                    pid as u32,
                    0,
                    0,
                    0,
                    0,
                );
                continue;
            }
            // The partition is walked in chunks: when the frame is full, the walk stops, the lock
            // is released, the frame is sent, and the walk resumes below the last digest seen.
            // Memory stays at one chunk, however large the partition.
            let mut cursor = *resume;
            loop {
                let mut frame_full = false;
                {
                    let part = self.ns.partitions[pid].read();
                    let iter: Box<dyn Iterator<Item = (&Digest, &Record)>> = match &cursor {
                        Some(d) => Box::new(part.range(..*d).rev()),
                        None => Box::new(part.iter().rev()),
                    };
                    for (digest, rec) in iter {
                        if sent >= budget {
                            break 'partitions;
                        }
                        if self.set.is_some_and(|s| s != Some(rec.set)) || !rec.is_live(&now) {
                            continue;
                        }
                        let bval = match &self.range {
                            Some((r, c)) => match r.matches(rec, *c) {
                                Some(v) => Some(v),
                                None => continue,
                            },
                            None => None,
                        };
                        if let Some(f) = &self.filter {
                            let set_name = self.ns.set_name(rec.set);
                            if !f.matches(&ExprCtx {
                                rec,
                                digest,
                                set_name: set_name.as_deref(),
                                now: &now,
                            }) {
                                continue;
                            }
                        }
                        let set_field = set_fields.entry(rec.set).or_insert_with(|| {
                            match self.ns.set_name(rec.set) {
                                Some(name) => encode_field(field::SET, name.as_bytes()),
                                None => Vec::new(),
                            }
                        });
                        if self.encode_record(&mut out, &ns_field, set_field, digest, rec, bval) {
                            sent += 1;
                        }
                        if out.frame_len() >= CHUNK_BYTES {
                            cursor = Some(*digest);
                            frame_full = true;
                            break;
                        }
                    }
                }
                if out.frame_len() >= CHUNK_BYTES {
                    flush(&mut out, w).await?;
                }
                if !frame_full {
                    break;
                }
            }
            if let Some(wait) = throttle_wait(self.records_per_sec, sent, started) {
                // Hand over what is ready before pausing, so a throttled client sees steady progress.
                if out.frame_len() > 0 {
                    flush(&mut out, w).await?;
                }
                tokio::time::sleep(wait).await;
            }
        }
        // The last records and LAST go out in one write; LAST has a frame of its own.
        out.close_frame(TYPE_MSG);
        out.begin_frame();
        out.msg_header(0, proto::INFO3_LAST, rc::OK, 0, 0, 0, 0, 0);
        out.finish_frame(TYPE_MSG);
        w.write_all(&out.buf).await?;
        debug!(records = sent, partitions = self.work.len(), "scan done");
        Ok(sent)
    }

    /// Appends one record message; false when the record has none of the requested bins.
    fn encode_record(
        &self,
        out: &mut ReplyBuf,
        ns_field: &[u8],
        set_field: &[u8],
        digest: &Digest,
        rec: &Record,
        bval: Option<i64>,
    ) -> bool {
        let n_fields = 2
            + u16::from(!set_field.is_empty())
            + u16::from(rec.key.is_some())
            + u16::from(bval.is_some());
        let header_at = out.buf.len();
        let info1 = if self.no_bin_data {
            proto::INFO1_NOBINDATA
        } else {
            0
        };
        out.msg_header(
            info1,
            0,
            rc::OK,
            rec.generation as u32,
            rec.void_time,
            0,
            n_fields,
            0,
        );
        out.buf.extend_from_slice(ns_field);
        out.field(field::DIGEST, digest);
        out.buf.extend_from_slice(set_field);
        if let Some(k) = &rec.key {
            out.field(field::KEY, k);
        }
        if let Some(v) = bval {
            out.field(field::BVAL_ARRAY, &v.to_le_bytes());
        }
        let n_ops = if self.no_bin_data {
            0
        } else if self.bins.is_empty() {
            out.buf.extend_from_slice(&rec.bins);
            rec.n_bins
        } else {
            let mut n = 0u16;
            for b in rec.bins() {
                if self.bins.contains(&b.name) {
                    out.buf.extend_from_slice(b.raw);
                    n += 1;
                }
            }
            if n == 0 {
                out.buf.truncate(header_at);
                return false;
            }
            n
        };
        out.buf[header_at + 20..header_at + 22].copy_from_slice(&n_ops.to_be_bytes());
        true
    }
}

fn encode_field(ty: u8, data: &[u8]) -> Vec<u8> {
    let mut b = ReplyBuf::default();
    b.field(ty, data);
    b.buf
}

async fn flush<W: AsyncWrite + Unpin>(out: &mut ReplyBuf, w: &mut W) -> std::io::Result<()> {
    out.finish_frame(TYPE_MSG);
    w.write_all(&out.buf).await?;
    out.buf.clear();
    out.begin_frame();
    Ok(())
}

/// How long to pause to hold the stream to `rps` records per second (field RECS_PER_SEC),
/// applied per node as on a real server.
fn throttle_wait(rps: u32, sent: u64, started: Instant) -> Option<Duration> {
    if rps == 0 {
        return None;
    }
    let due = Duration::from_secs_f64(sent as f64 / rps as f64);
    due.checked_sub(started.elapsed()).filter(|d| !d.is_zero())
}

/// The one-message answer to a query that cannot start.
pub fn start_error_reply(e: &StartError) -> Vec<u8> {
    warn!(code = e.0, reason = %e.1, "query refused");
    ReplyBuf::simple(e.0, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{execute, RecordCmd};
    use crate::proto::{particle, Op, ReplyBuf, INFO2_WRITE};
    use crate::store::NamespaceConfig;
    use crate::test_support::Recorder;

    /// Digests of records of the answer, in order (LAST and PARTITION_DONE messages skipped).
    fn digests(answer: &[u8]) -> Vec<Digest> {
        let mut found = Vec::new();
        let mut rest = answer;
        while !rest.is_empty() {
            let h = proto::ProtoHeader::parse(rest[..8].try_into().unwrap());
            let mut r = proto::Reader::new(&rest[8..8 + h.size as usize]);
            while !r.is_empty() {
                let head = r.bytes(22, "header").unwrap();
                let n = u16::from_be_bytes([head[18], head[19]]) as usize
                    + u16::from_be_bytes([head[20], head[21]]) as usize;
                for _ in 0..n {
                    let size = r.u32("size").unwrap() as usize;
                    let data = r.bytes(size, "data").unwrap();
                    if data[0] == field::DIGEST && size == 21 {
                        found.push(data[1..].try_into().unwrap());
                    }
                }
            }
            rest = &rest[8 + h.size as usize..];
        }
        found
    }

    #[test]
    fn a_large_partition_is_sent_in_chunks_every_record_once_in_descending_order() {
        let store = Store::new(&[NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        }]);
        let ns = &store.namespaces[0];
        let value = vec![9u8; 16 * 1024];
        let ops = [Op {
            op: op::WRITE,
            particle: particle::BLOB,
            name: b"v",
            value: &value,
        }];
        // 100 records of 16 KiB in partition 7: 1.6 MiB, several chunks.
        let mut written: Vec<Digest> = (0..100u8)
            .map(|i| {
                let mut d = [i; 20];
                d[0] = 7;
                d[1] = 0;
                d
            })
            .collect();
        for d in &written {
            let cmd = RecordCmd {
                info1: 0,
                info2: INFO2_WRITE,
                info3: 0,
                generation: 0,
                record_ttl: 0,
                set: b"",
                digest: *d,
                key: None,
                ops: &ops,
            };
            let mut out = ReplyBuf::default();
            assert_eq!(execute(ns, &cmd, None, &Clock::now(), 0, &mut out), rc::OK);
        }
        written.sort();
        written.reverse();
        let mut req = ReplyBuf::default();
        req.msg_header(
            proto::INFO1_READ,
            proto::INFO3_PARTITION_DONE,
            0,
            0,
            0,
            0,
            2,
            0,
        );
        req.field(field::NAMESPACE, b"test");
        req.field(field::PID_ARRAY, &7u16.to_le_bytes());
        let msg = Msg::parse(&req.buf).unwrap();
        let query = Query::prepare(&store, &msg).unwrap();
        let mut w = Recorder::default();
        let sent = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(query.run(|_| true, &mut w))
            .unwrap();
        assert_eq!(sent, 100);
        assert_eq!(digests(&w.bytes), written);
        assert!(
            w.largest_write < CHUNK_BYTES + 64 * 1024,
            "one write of {} bytes",
            w.largest_write
        );
    }
}
