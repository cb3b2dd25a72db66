//! A quick throughput check of the split reader against the crate's bare `query_foreach`, on a
//! 1-node aerolite with 1,000,000 records of 3 bins (int, 20-character string, float). Ignored by
//! default (it loads a million records); run it with
//! `cargo test -p aerohadoop-core --release --test throughput -- --ignored --nocapture`.
//! The proper benchmark lives under bench/.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerospike::operations::scalar;
use aerospike::policy::BatchPolicy;
use aerospike::BatchWritePolicy;
use aerospike::{as_bin, BatchOperation, Bins, PartitionFilter, QueryPolicy, Statement};
use common::*;

const RECORDS: i64 = 1_000_000;
const ROUNDS: usize = 5;

fn load(client: &aerohadoop::cluster::SharedClient) {
    let c = client.client().clone();
    client.runtime().block_on(async move {
        let policy = BatchWritePolicy {
            send_key: true,
            ..BatchWritePolicy::default()
        };
        let mut start = 0;
        while start < RECORDS {
            let end = (start + 5_000).min(RECORDS);
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
            start = end;
        }
    });
}

fn bare_foreach(client: &aerohadoop::cluster::SharedClient) -> (u64, Duration) {
    let c = client.client().clone();
    client.runtime().block_on(async move {
        let count = Arc::new(AtomicU64::new(0));
        let counter = count.clone();
        let started = Instant::now();
        let mut handle = c
            .query_foreach(
                &QueryPolicy::default(),
                PartitionFilter::all(),
                Statement::new(NS, "bench", Bins::All),
                move |r| {
                    if r.is_ok() {
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                    std::future::ready(true)
                },
            )
            .await
            .expect("query starts");
        handle.wait().await.expect("query ends");
        (count.load(Ordering::Relaxed), started.elapsed())
    })
}

#[test]
#[ignore]
fn the_reader_keeps_up_with_the_bare_query_foreach() {
    let server = cluster(1, 1);
    let client = client(&server);
    let loading = Instant::now();
    load(&client);
    eprintln!("loaded {RECORDS} records in {:?}", loading.elapsed());
    let split = plan(&client, "bench", SplitMode::Partitions, 1).remove(0);
    let mut bare = Vec::new();
    let mut ours = Vec::new();
    let (mut bare_cpu, mut ours_cpu) = (0.0, 0.0);
    for round in 0..ROUNDS {
        let cpu = cpu_seconds();
        let (n, t) = bare_foreach(&client);
        bare_cpu += cpu_seconds() - cpu;
        assert_eq!(n, RECORDS as u64);
        bare.push(n as f64 / t.as_secs_f64());

        let cpu = cpu_seconds();
        let started = Instant::now();
        let reader = open(&client, &split, &ReadOptions::default());
        let mut records = 0u64;
        let mut bytes = 0u64;
        while let Some(frame) = reader.next_frame().expect("reads") {
            records += u64::from(frame.records());
            bytes += frame.len() as u64;
        }
        let t = started.elapsed();
        drop(reader);
        ours_cpu += cpu_seconds() - cpu;
        assert_eq!(records, RECORDS as u64);
        ours.push(records as f64 / t.as_secs_f64());
        eprintln!(
            "round {round}: bare {:.0} records/s, reader {:.0} records/s ({} frame bytes)",
            bare[round], ours[round], bytes
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (b, o) = (median(&mut bare), median(&mut ours));
    eprintln!(
        "median: bare {b:.0} records/s, reader {o:.0} records/s, ratio {:.3}",
        o / b
    );
    let per_record = |cpu: f64| cpu / (ROUNDS as f64 * RECORDS as f64) * 1e6;
    eprintln!(
        "CPU per record (client + aerolite): bare {:.2} µs, reader {:.2} µs, ratio {:.3}",
        per_record(bare_cpu),
        per_record(ours_cpu),
        bare_cpu / ours_cpu
    );
}
