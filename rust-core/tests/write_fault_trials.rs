//! The writer against a 3-node RF 2 cluster losing a node while batches are in flight, at seeded
//! random moments: every record lands once with the value of the last write. One line per trial
//! and a summary; `AEROHADOOP_TRIAL_SEED=<n>` replays a run.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aerohadoop::cluster::SharedClient;
use aerohadoop::frame::DecodedRecord;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerohadoop::write::{WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerospike::Value;
use common::*;

const RECORDS: i64 = 10_000;
const CHUNK: usize = 250;
const TRIALS: u32 = 10;

/// splitmix64: reproducible moments, nothing more.
struct Rng(u64);

impl Rng {
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        lo + (z ^ (z >> 31)) % (hi - lo)
    }
}

fn seed() -> u64 {
    match std::env::var("AEROHADOOP_TRIAL_SEED") {
        Ok(s) => s.parse().expect("AEROHADOOP_TRIAL_SEED is a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

/// Record `i` as trial `t` writes it: `n` its number, `t` the trial, so a stale value shows.
fn record(i: i64, trial: u32) -> WriteRecord {
    WriteRecord {
        set: None,
        user_key: Some(Value::Int(i)),
        digest: None,
        generation: 0,
        bins: vec![
            ("n".to_string(), Value::Int(i)),
            ("t".to_string(), Value::Int(i64::from(trial))),
        ],
    }
}

/// What a scan finds after trial `trial`: keys missing, keys seen twice, records whose value is
/// not the trial's, and records whose generation says a write was applied twice (a resend of a
/// write whose first attempt had landed: harmless for an update by key, counted to be seen).
struct Outcome {
    lost: usize,
    doubled: usize,
    stale: usize,
    applied_twice: usize,
}

fn outcome(records: &[DecodedRecord], trial: u32) -> Outcome {
    let counts = key_counts(records);
    let want_t = Value::Int(i64::from(trial));
    Outcome {
        lost: (0..RECORDS).filter(|k| !counts.contains_key(k)).count(),
        doubled: counts.values().filter(|&&c| c > 1).count(),
        stale: records
            .iter()
            .filter(|r| {
                let t = r.bins.iter().find(|(n, _)| n == "t").map(|(_, v)| v);
                let n = r.bins.iter().find(|(n, _)| n == "n").map(|(_, v)| v);
                t != Some(&want_t) || n != Some(&Value::Int(user_key(r)))
            })
            .count(),
        applied_twice: records.iter().filter(|r| r.generation > trial).count(),
    }
}

fn read_set(client: &Arc<SharedClient>) -> Vec<DecodedRecord> {
    wait_for_nodes(client, 3);
    let s = plan(client, "trials", SplitMode::Partitions, 1).remove(0);
    read_all(client, &s, &ReadOptions::default())
}

#[test]
fn ten_node_losses_mid_batch_on_rf2_leave_every_record_once_with_its_last_value() {
    let seed = seed();
    eprintln!("write node-loss trials: seed {seed} (AEROHADOOP_TRIAL_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let server = cluster(3, 2);
    let client = client(&server);
    let chunks = (RECORDS as usize).div_ceil(CHUNK);
    let mut totals = (0usize, 0usize, 0usize, 0usize, 0u64);
    for trial in 1..=TRIALS {
        let victim = rng.range(0, 3) as usize;
        let at_chunk = rng.range(1, chunks as u64 - 1) as usize;
        let window = match rng.range(0, 2) {
            0 => None,
            _ => Some(Duration::from_millis(rng.range(100, 800))),
        };
        let options = WriteOptions {
            set: "trials".into(),
            batch_size: 100,
            inflight: 4,
            max_retries: 4,
            retry_backoff: Duration::from_millis(150),
            timeout_ms: 2_000,
            ..WriteOptions::new(NS)
        };
        let started = Instant::now();
        let writer = Writer::open(client.clone(), options).expect("opens");
        std::thread::scope(|scope| {
            for (n, keys) in (0..RECORDS).collect::<Vec<_>>().chunks(CHUNK).enumerate() {
                if n == at_chunk {
                    // Batches of the chunks before are still in flight (up to 4 of 100).
                    match window {
                        None => server.stop_node(victim),
                        Some(w) => {
                            server.kill_node(victim);
                            let server = &server;
                            scope.spawn(move || {
                                std::thread::sleep(w);
                                server.recluster();
                            });
                        }
                    }
                }
                let records: Vec<WriteRecord> = keys.iter().map(|&i| record(i, trial)).collect();
                writer
                    .write(&encode(&records).expect("encodes"))
                    .expect("write");
            }
            writer.flush().expect("flush");
        });
        let took = started.elapsed();
        let stats = writer.stats();
        writer.close();
        server.restart_node(victim).expect("restarts");
        let o = outcome(&read_set(&client), trial);
        eprintln!(
            "trial {trial:2}: node {victim} {} before chunk {at_chunk:2} of {chunks}: {} written, \
             {} failed, {} resent; scan: {} lost, {} doubled, {} stale, {} applied twice, {took:?}",
            match window {
                None => "stopped".to_string(),
                Some(w) => format!("killed ({} ms to recluster)", w.as_millis()),
            },
            stats.written,
            stats.failed,
            stats.retried,
            o.lost,
            o.doubled,
            o.stale,
            o.applied_twice
        );
        assert_eq!(
            (stats.written, stats.failed),
            (RECORDS as u64, 0),
            "seed {seed}"
        );
        totals.0 += o.lost;
        totals.1 += o.doubled;
        totals.2 += o.stale;
        totals.3 += o.applied_twice;
        totals.4 += stats.retried;
    }
    eprintln!(
        "write node-loss trials (seed {seed}): {TRIALS} trials of {RECORDS} records, {} lost, \
         {} doubled, {} stale, {} applied twice, {} resent",
        totals.0, totals.1, totals.2, totals.3, totals.4
    );
    assert_eq!((totals.0, totals.1, totals.2), (0, 0, 0), "seed {seed}");
}
