//! A quick throughput check of the writer against the crate's own `Client::batch` with
//! 5,000-record batches, on a 1-node aerolite with 1,000,000 records of 3 bins (int, 20-character
//! string, float). The writer gets its records as pre-encoded write frames (the Java side encodes
//! them in the task JVM); the baseline builds its operations from values, as a caller of the crate
//! would, and sends one batch at a time. Ignored by default (it writes millions of records); run
//! it with `cargo test -p aerohadoop-core --release --test write_throughput -- --ignored --nocapture`.
//! The proper, Java-level benchmark belongs under bench/.

mod common;

use std::time::{Duration, Instant};

use aerohadoop::write::{WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerospike::operations::scalar;
use aerospike::policy::BatchPolicy;
use aerospike::{as_bin, BatchOperation, BatchWritePolicy, Value};
use common::*;

const RECORDS: i64 = 1_000_000;
const BATCH: i64 = 5_000;
const ROUNDS: usize = 3;

fn crate_batch(client: &aerohadoop::cluster::SharedClient) -> Duration {
    let c = client.client().clone();
    client.runtime().block_on(async move {
        let policy = BatchWritePolicy {
            send_key: true,
            ..BatchWritePolicy::default()
        };
        let started = Instant::now();
        let mut start = 0;
        while start < RECORDS {
            let end = (start + BATCH).min(RECORDS);
            let mut ops: Vec<BatchOperation> = (start..end)
                .map(|i| {
                    let bins = [
                        as_bin!("i", i),
                        as_bin!("s", format!("{i:020}")),
                        as_bin!("f", i as f64 * 0.5),
                    ];
                    let ops: Vec<_> = bins.iter().map(scalar::put).collect();
                    BatchOperation::write(&policy, key("bench", i), ops)
                })
                .collect();
            c.batch(&BatchPolicy::default(), &mut ops)
                .await
                .expect("batch write");
            assert!(ops
                .iter()
                .all(|o| o.result_code() == Some(aerospike::ResultCode::Ok)));
            start = end;
        }
        started.elapsed()
    })
}

fn frames() -> Vec<Vec<u8>> {
    (0..RECORDS)
        .step_by(BATCH as usize)
        .map(|start| {
            let records: Vec<WriteRecord> = (start..(start + BATCH).min(RECORDS))
                .map(|i| WriteRecord {
                    set: None,
                    user_key: Some(Value::Int(i)),
                    digest: None,
                    generation: 0,
                    bins: vec![
                        ("i".into(), Value::Int(i)),
                        ("s".into(), Value::from(format!("{i:020}"))),
                        ("f".into(), Value::from(i as f64 * 0.5)),
                    ],
                })
                .collect();
            encode(&records).expect("encodes")
        })
        .collect()
}

fn writer(
    client: &std::sync::Arc<aerohadoop::cluster::SharedClient>,
    frames: &[Vec<u8>],
    inflight: usize,
) -> Duration {
    let options = WriteOptions {
        set: "bench".into(),
        batch_size: BATCH as usize,
        inflight,
        ..WriteOptions::new(NS)
    };
    let started = Instant::now();
    let w = Writer::open(client.clone(), options).expect("opens");
    for f in frames {
        w.write(f).expect("write");
    }
    w.flush().expect("flush");
    let t = started.elapsed();
    let s = w.stats();
    assert_eq!((s.written, s.failed), (RECORDS as u64, 0));
    if s.retried > 0 {
        eprintln!("writer (inflight {inflight}) resent {} records", s.retried);
    }
    t
}

#[test]
#[ignore]
fn the_writer_keeps_up_with_the_crates_batch_write() {
    let server = cluster(1, 1);
    let client = client(&server);
    let encoding = Instant::now();
    let frames = frames();
    let encode_time = encoding.elapsed();
    let bytes: usize = frames.iter().map(Vec::len).sum();
    eprintln!(
        "encoded {RECORDS} records into {bytes} frame bytes in {encode_time:?} (not timed below)"
    );
    // The first pass creates the records; every timed pass then overwrites them alike.
    eprintln!("loaded in {:?}", crate_batch(&client));
    let rate = |t: Duration| RECORDS as f64 / t.as_secs_f64();
    let (mut base, mut one, mut four) = (Vec::new(), Vec::new(), Vec::new());
    // Process CPU seconds (client and aerolite alike) of each contender, over all rounds: less
    // sensitive than wall time to other work on a shared machine.
    let mut cpu = [0.0f64; 3];
    for round in 0..ROUNDS {
        let c = cpu_seconds();
        base.push(rate(crate_batch(&client)));
        let c1 = cpu_seconds();
        one.push(rate(writer(&client, &frames, 1)));
        let c2 = cpu_seconds();
        four.push(rate(writer(&client, &frames, 4)));
        let c3 = cpu_seconds();
        cpu[0] += c1 - c;
        cpu[1] += c2 - c1;
        cpu[2] += c3 - c2;
        eprintln!(
            "round {round}: crate batch {:.0}/s, writer inflight 1 {:.0}/s, inflight 4 {:.0}/s",
            base[round], one[round], four[round]
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (b, o, f) = (median(&mut base), median(&mut one), median(&mut four));
    eprintln!(
        "median: crate batch {b:.0}/s; writer inflight 1 {o:.0}/s (ratio {:.3}), inflight 4 \
         {f:.0}/s (ratio {:.3})",
        o / b,
        f / b
    );
    let per_record = |cpu: f64| cpu / (ROUNDS as f64 * RECORDS as f64) * 1e6;
    eprintln!(
        "CPU per record (client + aerolite): crate batch {:.2} µs, writer inflight 1 {:.2} µs, \
         inflight 4 {:.2} µs",
        per_record(cpu[0]),
        per_record(cpu[1]),
        per_record(cpu[2])
    );
}
