//! Single-record commands: get, exists, put, operate, touch, delete. Batch rows run through the
//! same code, so a row behaves exactly like the equivalent single command.

use crate::expr::{Expr, ExprCtx};
use crate::proto::{self, op, particle, rc, Op, ReplyBuf};
use crate::record::map_order::sort_maps;
use crate::record::{
    decode_bins, encode_bins, Bin, Clock, Record, MAX_TTL, TTL_DONT_UPDATE, TTL_NEVER_EXPIRE,
};
use crate::store::{Digest, Namespace};
use tracing::debug;

/// A real server's limits (`write_master_policies`, `RECORD_MAX_BINS`): ops per write and bins
/// per record; both are answered with PARAMETER.
const MAX_WRITE_OPS: usize = 32 * 1024;
const MAX_BINS: usize = 0x7FFF;
/// The largest record a real server stores (8 MiB, its largest write block), counted as the
/// encoded bins; a larger one is refused with RECORD_TOO_BIG.
pub const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;
/// The largest answer to one record command (the proto size limit, which clients enforce
/// too). Reading one bin many times could otherwise make an answer of terabytes.
const MAX_REPLY_BYTES: usize = proto::MAX_BODY as usize;

/// One record command, from a single as_msg or a batch row.
pub struct RecordCmd<'a> {
    pub info1: u8,
    pub info2: u8,
    pub info3: u8,
    pub generation: u32,
    pub record_ttl: u32,
    pub set: &'a [u8],
    pub digest: Digest,
    pub key: Option<&'a [u8]>,
    pub ops: &'a [Op<'a>],
}

/// Runs `cmd` against `ns` and appends one reply as_msg (header, then ops) to `out`, with
/// `slot` in the transaction-ttl position (the row index in batch replies). Returns the result.
pub fn execute(
    ns: &Namespace,
    cmd: &RecordCmd<'_>,
    filter: Option<&Expr>,
    now: &Clock,
    slot: u32,
    out: &mut ReplyBuf,
) -> u8 {
    if cmd.info2 & proto::INFO2_WRITE != 0 {
        if cmd.info2 & proto::INFO2_DELETE != 0 {
            delete(ns, cmd, filter, now, slot, out)
        } else {
            write(ns, cmd, filter, now, slot, out)
        }
    } else if cmd.info1 & proto::INFO1_READ != 0 {
        read(ns, cmd, filter, now, slot, out)
    } else {
        header_only(out, rc::PARAMETER, 0, 0, slot)
    }
}

fn header_only(out: &mut ReplyBuf, result: u8, generation: u32, void_time: u32, slot: u32) -> u8 {
    out.msg_header(0, 0, result, generation, void_time, slot, 0, 0);
    result
}

fn set_matches(ns: &Namespace, rec: &Record, set: &[u8]) -> bool {
    ns.set_id(set) == Some(rec.set)
}

fn filter_passes(
    ns: &Namespace,
    rec: &Record,
    digest: &Digest,
    filter: Option<&Expr>,
    now: &Clock,
) -> bool {
    match filter {
        None => true,
        Some(f) => {
            let set_name = ns.set_name(rec.set);
            f.matches(&ExprCtx {
                rec,
                digest,
                set_name: set_name.as_deref(),
                now,
            })
        }
    }
}

fn key_conflicts(rec: &Record, key: Option<&[u8]>) -> bool {
    matches!((rec.key.as_deref(), key), (Some(stored), Some(sent)) if stored != sent)
}

fn read(
    ns: &Namespace,
    cmd: &RecordCmd<'_>,
    filter: Option<&Expr>,
    now: &Clock,
    slot: u32,
    out: &mut ReplyBuf,
) -> u8 {
    let part = ns.partitions[proto::partition_id(&cmd.digest) as usize].read();
    let rec = match part.get(&cmd.digest) {
        Some(r) if r.is_live(now) => r,
        _ => return header_only(out, rc::NOT_FOUND, 0, 0, slot),
    };
    if key_conflicts(rec, cmd.key) {
        return header_only(out, rc::KEY_MISMATCH, 0, 0, slot);
    }
    if !filter_passes(ns, rec, &cmd.digest, filter, now) {
        return header_only(out, rc::FILTERED_OUT, 0, 0, slot);
    }
    let (gen, vt) = (rec.generation as u32, rec.void_time);
    if cmd.info1 & proto::INFO1_NOBINDATA != 0 {
        return header_only(out, rc::OK, gen, vt, slot);
    }
    let all = cmd.info1 & proto::INFO1_GET_ALL != 0
        || cmd
            .ops
            .iter()
            .any(|o| o.op == op::READ && o.name.is_empty());
    if all {
        out.msg_header(0, 0, rc::OK, gen, vt, slot, 0, rec.n_bins);
        out.buf.extend_from_slice(&rec.bins);
        return rc::OK;
    }
    if let Some(bad) = cmd.ops.iter().find(|o| o.op != op::READ) {
        debug!(
            op = bad.op,
            "read command with an op aerolite does not serve"
        );
        return header_only(out, unsupported_op_code(bad.op), 0, 0, slot);
    }
    let respond_all = cmd.info2 & proto::INFO2_RESPOND_ALL_OPS != 0;
    let header_at = out.buf.len();
    out.msg_header(0, 0, rc::OK, gen, vt, slot, 0, 0);
    let mut n = 0u16;
    for o in cmd.ops {
        if out.buf.len() - header_at > MAX_REPLY_BYTES {
            debug!(ops = cmd.ops.len(), "read answer over the proto size limit");
            out.buf.truncate(header_at);
            return header_only(out, rc::RECORD_TOO_BIG, 0, 0, slot);
        }
        match rec.bin(o.name) {
            Some(b) => {
                out.buf.extend_from_slice(b.raw);
                n += 1;
            }
            None if respond_all => {
                out.op(op::READ, particle::NULL, o.name, &[]);
                n += 1;
            }
            None => {}
        }
    }
    patch_n_ops(out, header_at, n);
    rc::OK
}

fn patch_n_ops(out: &mut ReplyBuf, header_at: usize, n: u16) {
    out.buf[header_at + 20..header_at + 22].copy_from_slice(&n.to_be_bytes());
}

/// CDT, bit, HLL and expression ops are valid requests a real server would run; aerolite does
/// not implement them and says so with UNSUPPORTED_FEATURE rather than a misleading PARAMETER.
fn unsupported_op_code(code: u8) -> u8 {
    match code {
        3 | 4 | 7 | 8 | 12 | 13 | 15 | 16 => rc::UNSUPPORTED_FEATURE,
        _ => rc::PARAMETER,
    }
}

/// The void time a write gives a record, or None for an invalid TTL.
fn void_time_for(ttl: u32, old: Option<&Record>, ns: &Namespace, now: &Clock) -> Option<u32> {
    let from_secs = |secs: u32| {
        if secs == 0 {
            0
        } else {
            now.void_secs.saturating_add(secs)
        }
    };
    match ttl {
        TTL_NEVER_EXPIRE => Some(0),
        TTL_DONT_UPDATE => Some(
            old.map(|r| r.void_time)
                .unwrap_or_else(|| from_secs(ns.config.default_ttl)),
        ),
        0 => Some(from_secs(ns.config.default_ttl)),
        n if n <= MAX_TTL => Some(from_secs(n)),
        _ => None,
    }
}

fn next_generation(g: u16) -> u16 {
    match g.wrapping_add(1) {
        0 => 1,
        n => n,
    }
}

fn generation_ok(cmd: &RecordCmd<'_>, current: u16) -> bool {
    if cmd.info2 & proto::INFO2_GENERATION != 0 {
        cmd.generation == current as u32
    } else if cmd.info2 & proto::INFO2_GENERATION_GT != 0 {
        cmd.generation > current as u32
    } else {
        true
    }
}

fn delete(
    ns: &Namespace,
    cmd: &RecordCmd<'_>,
    filter: Option<&Expr>,
    now: &Clock,
    slot: u32,
    out: &mut ReplyBuf,
) -> u8 {
    // A durable delete (INFO2_DURABLE_DELETE) is served as Enterprise Edition serves it: the
    // record goes. Community Edition would answer 25, but the connector offers durable deletes
    // and must be testable; an in-memory store has no tombstones to keep.
    let mut part = ns.partitions[proto::partition_id(&cmd.digest) as usize].write();
    let rec = match part.get(&cmd.digest) {
        Some(r) if r.is_live(now) => r,
        _ => return header_only(out, rc::NOT_FOUND, 0, 0, slot),
    };
    if key_conflicts(rec, cmd.key) {
        return header_only(out, rc::KEY_MISMATCH, 0, 0, slot);
    }
    if !generation_ok(cmd, rec.generation) {
        return header_only(
            out,
            rc::GENERATION,
            rec.generation as u32,
            rec.void_time,
            slot,
        );
    }
    if !filter_passes(ns, rec, &cmd.digest, filter, now) {
        return header_only(out, rc::FILTERED_OUT, 0, 0, slot);
    }
    part.remove(&cmd.digest);
    header_only(out, rc::OK, 0, 0, slot)
}

/// What one op of a write contributes to the reply.
enum Slot {
    None,
    /// Answered with a NULL value under the request op's own code, as a real server does.
    Null(u8, Vec<u8>),
    Bin(Bin),
    All,
}

fn write(
    ns: &Namespace,
    cmd: &RecordCmd<'_>,
    filter: Option<&Expr>,
    now: &Clock,
    slot: u32,
    out: &mut ReplyBuf,
) -> u8 {
    let i3 = cmd.info3;
    let replace = i3 & (proto::INFO3_CREATE_OR_REPLACE | proto::INFO3_REPLACE_ONLY) != 0;
    let must_exist = i3 & (proto::INFO3_UPDATE_ONLY | proto::INFO3_REPLACE_ONLY) != 0
        || cmd.ops.iter().any(|o| o.op == op::TOUCH);
    let has_read = cmd.ops.iter().any(|o| o.op == op::READ);
    if cmd.ops.is_empty() {
        return header_only(out, rc::PARAMETER, 0, 0, slot);
    }
    if has_read && cmd.info1 & proto::INFO1_READ == 0 {
        return header_only(out, rc::PARAMETER, 0, 0, slot);
    }
    let read_alls = cmd
        .ops
        .iter()
        .filter(|o| o.op == op::READ && o.name.is_empty())
        .count();
    if cmd.ops.len() > MAX_WRITE_OPS || read_alls > 1 {
        debug!(
            ops = cmd.ops.len(),
            read_alls, "write with too many ops or more than one read-all op"
        );
        return header_only(out, rc::PARAMETER, 0, 0, slot);
    }
    for o in cmd.ops {
        let conflicts_with_replace = matches!(
            o.op,
            op::INCR | op::APPEND | op::PREPEND | op::DELETE_ALL | op::TOUCH
        ) || (o.op == op::WRITE && o.particle == particle::NULL);
        if replace && conflicts_with_replace {
            return header_only(out, rc::PARAMETER, 0, 0, slot);
        }
        if !matches!(
            o.op,
            op::READ | op::WRITE | op::INCR | op::APPEND | op::PREPEND | op::TOUCH | op::DELETE_ALL
        ) {
            debug!(
                op = o.op,
                "write command with an op aerolite does not serve"
            );
            return header_only(out, unsupported_op_code(o.op), 0, 0, slot);
        }
        if matches!(o.op, op::WRITE | op::INCR | op::APPEND | op::PREPEND)
            && (o.name.is_empty() || o.name.len() > 15)
        {
            return header_only(out, rc::BIN_NAME, 0, 0, slot);
        }
    }

    let mut part = ns.partitions[proto::partition_id(&cmd.digest) as usize].write();
    let existing = part.get(&cmd.digest).filter(|r| r.is_live(now));
    if let Some(rec) = existing {
        let (g, vt) = (rec.generation as u32, rec.void_time);
        if !set_matches(ns, rec, cmd.set) {
            return header_only(out, rc::PARAMETER, g, vt, slot);
        }
        if key_conflicts(rec, cmd.key) {
            return header_only(out, rc::KEY_MISMATCH, g, vt, slot);
        }
        if cmd.info2 & proto::INFO2_CREATE_ONLY != 0 {
            return header_only(out, rc::RECORD_EXISTS, g, vt, slot);
        }
        if !generation_ok(cmd, rec.generation) {
            return header_only(out, rc::GENERATION, g, vt, slot);
        }
        if !filter_passes(ns, rec, &cmd.digest, filter, now) {
            return header_only(out, rc::FILTERED_OUT, g, vt, slot);
        }
    } else {
        if must_exist {
            return header_only(out, rc::NOT_FOUND, 0, 0, slot);
        }
        if !generation_ok(cmd, 0) {
            return header_only(out, rc::GENERATION, 0, 0, slot);
        }
    }

    let explicit_ttl = !matches!(cmd.record_ttl, 0 | TTL_NEVER_EXPIRE | TTL_DONT_UPDATE);
    if explicit_ttl && !ns.ttl_writes_allowed() {
        // What a server with `nsup-period 0` answers; the reply carries the record's generation.
        let (g, vt) = existing
            .map(|r| (r.generation as u32, r.void_time))
            .unwrap_or((0, 0));
        return header_only(out, rc::FORBIDDEN, g, vt, slot);
    }
    let Some(void_time) = void_time_for(cmd.record_ttl, existing, ns, now) else {
        return header_only(out, rc::PARAMETER, 0, 0, slot);
    };
    let mut bins = match existing {
        Some(r) if !replace => decode_bins(r),
        _ => Vec::new(),
    };
    let mut slots = Vec::with_capacity(cmd.ops.len());
    let (g0, vt0) = existing
        .map(|r| (r.generation as u32, r.void_time))
        .unwrap_or((0, 0));
    // Bytes of the answer's ops; checked as they grow, since each read copies its bin.
    let mut reply_bytes = 0usize;
    for o in cmd.ops {
        match apply_op(&mut bins, o) {
            Ok(s) => {
                reply_bytes += match &s {
                    Slot::Bin(b) => 8 + b.name.len() + b.value.len(),
                    Slot::Null(_, name) => 8 + name.len(),
                    Slot::All | Slot::None => 0,
                };
                if reply_bytes > MAX_REPLY_BYTES {
                    debug!(
                        ops = cmd.ops.len(),
                        "write answer over the proto size limit"
                    );
                    return header_only(out, rc::RECORD_TOO_BIG, g0, vt0, slot);
                }
                slots.push(s);
            }
            Err(code) => return header_only(out, code, g0, vt0, slot),
        }
    }
    if bins.len() > MAX_BINS {
        debug!(
            bins = bins.len(),
            "write would leave more bins than a record holds"
        );
        return header_only(out, rc::PARAMETER, g0, vt0, slot);
    }
    let record_bytes: usize = bins.iter().map(|b| 8 + b.name.len() + b.value.len()).sum();
    if record_bytes > MAX_RECORD_BYTES {
        debug!(
            record_bytes,
            "write would make a record over the size limit"
        );
        return header_only(out, rc::RECORD_TOO_BIG, g0, vt0, slot);
    }

    let (gen, vt) = if bins.is_empty() {
        // A record left with no bins is deleted; so is one whose ops were a delete. As in
        // `write_master`: there must have been a record to delete. Durable or not, it goes (see
        // `delete`).
        if existing.is_none() {
            return header_only(out, rc::NOT_FOUND, 0, 0, slot);
        }
        part.remove(&cmd.digest);
        (0, 0)
    } else {
        // A delete-all op does not restart the count: the server's `advance_record_version`
        // increments whatever generation the record had.
        let generation = next_generation(existing.map(|r| r.generation).unwrap_or(0));
        let key = cmd
            .key
            .map(|k| k.to_vec().into_boxed_slice())
            .or_else(|| existing.and_then(|r| r.key.clone()));
        let set = existing
            .map(|r| r.set)
            .unwrap_or_else(|| ns.intern_set(cmd.set));
        let (n_bins, blob) = encode_bins(&bins);
        ns.note_expiry(void_time);
        part.insert(
            cmd.digest,
            Record {
                generation,
                void_time,
                // A real server keeps the last-update time in milliseconds.
                last_update_ns: now.unix_ns / 1_000_000 * 1_000_000,
                set,
                key,
                n_bins,
                bins: blob,
            },
        );
        (generation as u32, void_time)
    };
    drop(part);

    let respond_all = cmd.info2 & proto::INFO2_RESPOND_ALL_OPS != 0;
    let header_at = out.buf.len();
    out.msg_header(0, 0, rc::OK, gen, vt, slot, 0, 0);
    let mut n = 0u16;
    for s in slots {
        match s {
            Slot::Bin(b) => {
                out.op(op::READ, b.particle, &b.name, &b.value);
                n += 1;
            }
            Slot::Null(code, name) if respond_all => {
                out.op(code, particle::NULL, &name, &[]);
                n += 1;
            }
            Slot::All => {
                for b in &bins {
                    out.op(op::READ, b.particle, &b.name, &b.value);
                    n += 1;
                }
            }
            _ => {}
        }
    }
    patch_n_ops(out, header_at, n);
    rc::OK
}

fn apply_op(bins: &mut Vec<Bin>, o: &Op<'_>) -> Result<Slot, u8> {
    let pos = bins.iter().position(|b| b.name == o.name);
    match o.op {
        op::READ => Ok(if o.name.is_empty() {
            Slot::All
        } else {
            match pos {
                Some(i) => Slot::Bin(bins[i].clone()),
                None => Slot::Null(op::READ, o.name.to_vec()),
            }
        }),
        op::WRITE => {
            check_particle(o.particle, o.value)?;
            match (o.particle, pos) {
                (particle::NULL, Some(i)) => {
                    bins.remove(i);
                }
                (particle::NULL, None) => {}
                (_, Some(i)) => {
                    bins[i].particle = o.particle;
                    bins[i].value = stored_value(o.particle, o.value);
                }
                (_, None) => bins.push(Bin {
                    name: o.name.to_vec(),
                    particle: o.particle,
                    value: stored_value(o.particle, o.value),
                }),
            }
            Ok(Slot::Null(o.op, o.name.to_vec()))
        }
        op::INCR => {
            let current = pos.map(|i| &bins[i]);
            let value = match (o.particle, current) {
                (particle::INTEGER, None) => int_of(o.value)?.to_be_bytes().to_vec(),
                (particle::INTEGER, Some(b)) if b.particle == particle::INTEGER => {
                    int_of(&b.value)?
                        .wrapping_add(int_of(o.value)?)
                        .to_be_bytes()
                        .to_vec()
                }
                (particle::FLOAT, None) => float_of(o.value)?.to_be_bytes().to_vec(),
                (particle::FLOAT, Some(b)) if b.particle == particle::FLOAT => {
                    (float_of(&b.value)? + float_of(o.value)?)
                        .to_be_bytes()
                        .to_vec()
                }
                (particle::INTEGER | particle::FLOAT, Some(_)) => {
                    return Err(rc::INCOMPATIBLE_TYPE)
                }
                _ => return Err(rc::PARAMETER),
            };
            set_bin(bins, pos, o.name, o.particle, value);
            Ok(Slot::Null(o.op, o.name.to_vec()))
        }
        op::APPEND | op::PREPEND => {
            if !matches!(o.particle, particle::STRING | particle::BLOB) {
                return Err(rc::PARAMETER);
            }
            let value = match pos.map(|i| &bins[i]) {
                None => o.value.to_vec(),
                Some(b) if b.particle == o.particle => {
                    if o.op == op::APPEND {
                        [&b.value[..], o.value].concat()
                    } else {
                        [o.value, &b.value[..]].concat()
                    }
                }
                Some(_) => return Err(rc::INCOMPATIBLE_TYPE),
            };
            set_bin(bins, pos, o.name, o.particle, value);
            Ok(Slot::Null(o.op, o.name.to_vec()))
        }
        // 8.1 produces no reply slot for a touch.
        op::TOUCH => Ok(Slot::None),
        op::DELETE_ALL => {
            bins.clear();
            Ok(Slot::Null(o.op, Vec::new()))
        }
        _ => Err(rc::PARAMETER),
    }
}

/// What a server stores for a written value: a list or map with every map in it key-sorted
/// (`cdt_untrusted_rewrite`); a value it cannot walk is kept as written.
fn stored_value(ptype: u8, value: &[u8]) -> Vec<u8> {
    match ptype {
        particle::LIST | particle::MAP => sort_maps(value).unwrap_or_else(|| value.to_vec()),
        _ => value.to_vec(),
    }
}

fn set_bin(bins: &mut Vec<Bin>, pos: Option<usize>, name: &[u8], particle: u8, value: Vec<u8>) {
    match pos {
        Some(i) => {
            bins[i].particle = particle;
            bins[i].value = value;
        }
        None => bins.push(Bin {
            name: name.to_vec(),
            particle,
            value,
        }),
    }
}

fn int_of(v: &[u8]) -> Result<i64, u8> {
    v.try_into()
        .map(i64::from_be_bytes)
        .map_err(|_| rc::PARAMETER)
}

fn float_of(v: &[u8]) -> Result<f64, u8> {
    v.try_into()
        .map(f64::from_be_bytes)
        .map_err(|_| rc::PARAMETER)
}

/// Rejects values a real server would not store: wrong fixed sizes and unknown particle types.
fn check_particle(ptype: u8, value: &[u8]) -> Result<(), u8> {
    let ok = match ptype {
        particle::NULL => true,
        particle::INTEGER | particle::FLOAT => value.len() == 8,
        particle::BOOL => value.len() == 1,
        particle::STRING | particle::BLOB | particle::LIST | particle::MAP | particle::HLL => true,
        7..=12 => true,
        particle::GEOJSON => value.len() >= 3,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(rc::PARAMETER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NamespaceConfig;

    fn namespace() -> Namespace {
        Namespace::new(NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        })
    }

    fn run(ns: &Namespace, info2: u8, ops: &[Op<'_>]) -> u8 {
        let cmd = RecordCmd {
            info1: 0,
            info2,
            info3: 0,
            generation: 0,
            record_ttl: 0,
            set: b"s",
            digest: [9u8; 20],
            key: None,
            ops,
        };
        let mut out = ReplyBuf::default();
        execute(ns, &cmd, None, &Clock::now(), 0, &mut out)
    }

    fn put(ns: &Namespace) {
        let value = 1i64.to_be_bytes();
        let write = [Op {
            op: op::WRITE,
            particle: particle::INTEGER,
            name: b"a",
            value: &value,
        }];
        assert_eq!(run(ns, proto::INFO2_WRITE, &write), rc::OK);
    }

    fn exists(ns: &Namespace) -> bool {
        ns.partitions[proto::partition_id(&[9u8; 20]) as usize]
            .read()
            .contains_key(&[9u8; 20])
    }

    #[test]
    fn durable_delete_removes_the_record_as_enterprise_edition_does() {
        let ns = namespace();
        put(&ns);
        let durable = proto::INFO2_WRITE | proto::INFO2_DELETE | proto::INFO2_DURABLE_DELETE;
        assert_eq!(run(&ns, durable, &[]), rc::OK);
        assert!(!exists(&ns));
        put(&ns);
        let null_bin = [Op {
            op: op::WRITE,
            particle: particle::NULL,
            name: b"a",
            value: &[],
        }];
        let durable_write = proto::INFO2_WRITE | proto::INFO2_DURABLE_DELETE;
        assert_eq!(run(&ns, durable_write, &null_bin), rc::OK);
        assert!(!exists(&ns));
        assert_eq!(run(&ns, durable, &[]), rc::NOT_FOUND);
    }

    #[test]
    fn write_that_deletes_a_missing_record_is_not_found() {
        let ns = namespace();
        let null_bin = [Op {
            op: op::WRITE,
            particle: particle::NULL,
            name: b"a",
            value: &[],
        }];
        assert_eq!(run(&ns, proto::INFO2_WRITE, &null_bin), rc::NOT_FOUND);
        let delete_all = [Op {
            op: op::DELETE_ALL,
            particle: particle::NULL,
            name: b"",
            value: &[],
        }];
        assert_eq!(run(&ns, proto::INFO2_WRITE, &delete_all), rc::NOT_FOUND);
        assert!(!exists(&ns));
    }
    #[test]
    fn ttl_write_is_forbidden_while_nsup_is_off_unless_allowed() {
        use std::sync::atomic::Ordering;
        let ns = namespace();
        put(&ns);
        let value = 2i64.to_be_bytes();
        let ops = [Op {
            op: op::WRITE,
            particle: particle::INTEGER,
            name: b"a",
            value: &value,
        }];
        let with_ttl = |ttl: u32| {
            let cmd = RecordCmd {
                info1: 0,
                info2: proto::INFO2_WRITE,
                info3: 0,
                generation: 0,
                record_ttl: ttl,
                set: b"s",
                digest: [9u8; 20],
                key: None,
                ops: &ops,
            };
            let mut out = ReplyBuf::default();
            let code = execute(&ns, &cmd, None, &Clock::now(), 0, &mut out);
            let generation = u32::from_be_bytes(out.buf[6..10].try_into().unwrap());
            (code, generation)
        };
        assert_eq!(with_ttl(100), (rc::OK, 2), "nsup-period 120 allows TTLs");
        ns.nsup_period.store(0, Ordering::Relaxed);
        assert_eq!(
            with_ttl(100),
            (rc::FORBIDDEN, 2),
            "the reply keeps the generation"
        );
        assert_eq!(with_ttl(TTL_NEVER_EXPIRE).0, rc::OK);
        assert_eq!(with_ttl(0).0, rc::OK);
        ns.allow_ttl_without_nsup.store(true, Ordering::Relaxed);
        assert_eq!(with_ttl(100).0, rc::OK);
    }

    fn stored(ns: &Namespace) -> Record {
        ns.partitions[proto::partition_id(&[9u8; 20]) as usize]
            .read()
            .get(&[9u8; 20])
            .cloned()
            .expect("record")
    }

    #[test]
    fn written_maps_are_stored_key_sorted_at_every_depth() {
        let ns = namespace();
        // {"y": [1, {"b": 2, "a": 1}], "x": 1} with Aerospike's string prefix byte 3.
        let written = [
            0x82, 0xa2, 3, b'y', 0x92, 0x01, 0x82, 0xa2, 3, b'b', 0x02, 0xa2, 3, b'a', 0x01, 0xa2,
            3, b'x', 0x01,
        ];
        let sorted = [
            0x82, 0xa2, 3, b'x', 0x01, 0xa2, 3, b'y', 0x92, 0x01, 0x82, 0xa2, 3, b'a', 0x01, 0xa2,
            3, b'b', 0x02,
        ];
        for (particle, value) in [(particle::MAP, &written[..]), (particle::LIST, &[0x91][..])] {
            let value = if particle == particle::LIST {
                [value, &written[..]].concat()
            } else {
                value.to_vec()
            };
            let write = [Op {
                op: op::WRITE,
                particle,
                name: b"m",
                value: &value,
            }];
            assert_eq!(run(&ns, proto::INFO2_WRITE, &write), rc::OK);
            let rec = stored(&ns);
            let bin = rec.bin(b"m").expect("bin m");
            let want = if particle == particle::LIST {
                [&[0x91][..], &sorted[..]].concat()
            } else {
                sorted.to_vec()
            };
            assert_eq!(bin.value, &want[..], "particle {particle}");
        }
    }

    #[test]
    fn delete_all_then_write_keeps_counting_the_generation() {
        let ns = namespace();
        put(&ns);
        put(&ns);
        let value = 3i64.to_be_bytes();
        let ops = [
            Op {
                op: op::DELETE_ALL,
                particle: particle::NULL,
                name: b"",
                value: &[],
            },
            Op {
                op: op::WRITE,
                particle: particle::INTEGER,
                name: b"c",
                value: &value,
            },
        ];
        assert_eq!(run(&ns, proto::INFO2_WRITE, &ops), rc::OK);
        let rec = stored(&ns);
        assert_eq!(rec.generation, 3);
        let names: Vec<&[u8]> = rec.bins().map(|b| b.name).collect();
        assert_eq!(names, [&b"c"[..]]);
    }

    #[test]
    fn last_update_is_kept_in_whole_milliseconds() {
        let ns = namespace();
        for _ in 0..3 {
            put(&ns);
            assert_eq!(stored(&ns).last_update_ns % 1_000_000, 0);
        }
    }
}
