//! AS_MSG answers: single records, batch rows, scan and query streams.

use super::Sink;
use crate::exchange::Exchange;
use crate::replay::Answer;
use crate::wire::{self, field, AsMsg, Proto, INFO1_BATCH};
use std::collections::BTreeMap;

const INFO3_PARTITION_DONE: u8 = 0x04;
/// Void times are compared as time left to live; the two clocks are read a few ms apart.
const TTL_SLACK_SECS: i64 = 2;

/// "Now" in void-time seconds: at capture time for the real answer, at replay for aerolite's.
pub struct Clocks {
    pub real_void: u32,
    pub our_void: u32,
}

pub fn answer(sink: &mut Sink<'_>, e: &Exchange, ours: &Answer, clocks: &Clocks) {
    let (real, our) = match (frames(&e.responses), frames(&ours.responses)) {
        (Ok(r), Ok(o)) => (r, o),
        (r, o) => {
            return sink.add(
                "msg.decode",
                format!("{:?}", r.err()),
                format!("{:?}", o.err()),
            )
        }
    };
    let Some(request) = e.request_msg() else {
        return sink.add("msg.request", "undecodable request", "");
    };
    if !request.is_multi_record_request() {
        sink.eq("proto.count", real.len(), our.len());
        for (r, o) in real.iter().zip(&our) {
            sink.eq("msg.count-in-frame", r.len(), o.len());
            for (rm, om) in r.iter().zip(o) {
                one(sink, "msg", rm, om, clocks);
            }
        }
    } else if request.info1 & INFO1_BATCH != 0 {
        sink.eq("batch.frames", real.len(), our.len());
        let (r, o): (Vec<AsMsg>, Vec<AsMsg>) = (
            real.into_iter().flatten().collect(),
            our.into_iter().flatten().collect(),
        );
        sink.eq("batch.messages", r.len(), o.len());
        for (rm, om) in r.iter().zip(&o) {
            one(sink, "batch", rm, om, clocks);
        }
    } else {
        scan(sink, &request, real, our, clocks);
    }
}

fn frames(responses: &[Proto]) -> Result<Vec<Vec<AsMsg>>, crate::Error> {
    responses
        .iter()
        .map(|p| wire::decode_msgs(&p.body))
        .collect()
}

/// Compares two as_msg field by field.
pub fn one(sink: &mut Sink<'_>, prefix: &str, r: &AsMsg, o: &AsMsg, clocks: &Clocks) {
    sink.eq(format!("{prefix}.info1"), r.info1, o.info1);
    sink.eq(format!("{prefix}.info2"), r.info2, o.info2);
    sink.eq(format!("{prefix}.info3"), r.info3, o.info3);
    sink.eq(format!("{prefix}.info4"), r.info4, o.info4);
    sink.eq(format!("{prefix}.result"), r.result, o.result);
    sink.eq(format!("{prefix}.generation"), r.generation, o.generation);
    sink.eq(
        format!("{prefix}.transaction_ttl"),
        r.transaction_ttl,
        o.transaction_ttl,
    );
    if r.record_ttl == 0 || o.record_ttl == 0 {
        sink.eq(format!("{prefix}.record_ttl"), r.record_ttl, o.record_ttl);
    } else {
        let left_real = i64::from(r.record_ttl) - i64::from(clocks.real_void);
        let left_ours = i64::from(o.record_ttl) - i64::from(clocks.our_void);
        if (left_real - left_ours).abs() > TTL_SLACK_SECS {
            sink.add(
                format!("{prefix}.record_ttl"),
                format!("{left_real} s left"),
                format!("{left_ours} s left"),
            );
        }
    }
    let types = |m: &AsMsg| m.fields.iter().map(|f| f.ty).collect::<Vec<_>>();
    sink.eq(format!("{prefix}.field-types"), types(r), types(o));
    for (rf, of) in r.fields.iter().zip(&o.fields) {
        if rf.ty == of.ty {
            sink.eq(
                format!("{prefix}.field:{}", rf.ty),
                hex(&rf.data),
                hex(&of.data),
            );
        }
    }
    sink.eq(format!("{prefix}.n_ops"), r.ops.len(), o.ops.len());
    for (ro, oo) in r.ops.iter().zip(&o.ops) {
        let name = String::from_utf8_lossy(&ro.name);
        sink.eq(
            format!("{prefix}.op:{name}"),
            (ro.op, ro.particle, ro.flags, &ro.name),
            (oo.op, oo.particle, oo.flags, &oo.name),
        );
        sink.eq(
            format!("{prefix}.op-value:{name}"),
            hex(&ro.value),
            hex(&oo.value),
        );
    }
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A scan or query stream: records (matched by digest), PARTITION_DONE markers and LAST.
fn scan(
    sink: &mut Sink<'_>,
    request: &AsMsg,
    real: Vec<Vec<AsMsg>>,
    ours: Vec<Vec<AsMsg>>,
    clocks: &Clocks,
) {
    sink.eq("scan.frames", real.len(), ours.len());
    let split = |frames: Vec<Vec<AsMsg>>| {
        let mut records = Vec::new();
        let mut done = Vec::new();
        let mut last = Vec::new();
        for m in frames.into_iter().flatten() {
            if m.is_last() {
                last.push(m);
            } else if m.info3 & INFO3_PARTITION_DONE != 0 {
                done.push((m.generation, m.result));
            } else {
                records.push(m);
            }
        }
        (records, done, last)
    };
    let (r_records, r_done, r_last) = split(real);
    let (o_records, o_done, o_last) = split(ours);
    sink.eq("scan.last-count", r_last.len(), o_last.len());
    for (r, o) in r_last.iter().zip(&o_last) {
        one(sink, "scan.last", r, o, clocks);
    }
    sink.eq("scan.partition-done", r_done, o_done);
    sink.eq("scan.records", r_records.len(), o_records.len());

    let digest = |m: &AsMsg| m.field(field::DIGEST).map(<[u8]>::to_vec);
    let order = |v: &[AsMsg]| v.iter().map(digest).collect::<Vec<_>>();
    let by_digest = |v: &[AsMsg]| -> BTreeMap<Option<Vec<u8>>, AsMsg> {
        v.iter().map(|m| (digest(m), m.clone())).collect()
    };
    let (r_map, o_map) = (by_digest(&r_records), by_digest(&o_records));
    let same_set = r_map.keys().eq(o_map.keys());
    if same_set && order(&r_records) != order(&o_records) {
        sink.add(
            "scan.order",
            "records in the real server's order",
            "the same records in another order",
        );
    }
    let sampled = request.field(field::MAX_RECORDS).is_some();
    let mut r_only = Vec::new();
    let mut o_only: Vec<&AsMsg> = o_map
        .iter()
        .filter(|(d, _)| !r_map.contains_key(*d))
        .map(|(_, m)| m)
        .collect();
    for (d, r) in &r_map {
        match o_map.get(d) {
            Some(o) => one(sink, "scan.record", r, o, clocks),
            None => r_only.push(r),
        }
    }
    if r_only.is_empty() && o_only.is_empty() {
        return;
    }
    let list = |v: &[&AsMsg]| {
        v.iter()
            .map(|m| hex(&digest(m).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(",")
    };
    if sampled && r_only.len() == o_only.len() {
        // Different records filled max_records: compare their shape, not their contents.
        sink.add("scan.sample", list(&r_only), list(&o_only));
        for (r, o) in r_only.iter().zip(o_only.iter_mut()) {
            shape(sink, r, o);
        }
    } else {
        sink.add("scan.record-set", list(&r_only), list(&o_only));
    }
}

/// Layout of a record message, its values aside.
fn shape(sink: &mut Sink<'_>, r: &AsMsg, o: &AsMsg) {
    let fields = |m: &AsMsg| m.fields.iter().map(|f| f.ty).collect::<Vec<_>>();
    let ops = |m: &AsMsg| {
        m.ops
            .iter()
            .map(|op| (op.op, op.particle, op.name.clone()))
            .collect::<Vec<_>>()
    };
    sink.eq("scan.sample.field-types", fields(r), fields(o));
    sink.eq("scan.sample.ops", ops(r), ops(o));
    sink.eq(
        "scan.sample.header",
        (r.info1, r.info3, r.result, r.generation),
        (o.info1, o.info3, o.result, o.generation),
    );
}
