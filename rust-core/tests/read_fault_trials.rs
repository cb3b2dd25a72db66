//! The split reader (over its own wire path) against a 3-node cluster whose nodes die, pause,
//! restart, answer late or answer errors mid-scan. Each test prints a one-line figure; the
//! trials print one per trial and a summary, with the seed that chose their moments
//! (`AEROHADOOP_TRIAL_SEED=<n>` replays a run).

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerohadoop::cluster::SharedClient;
use aerohadoop::frame::DecodedRecord;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::{Split, SplitMode};
use aerolite::Cluster;
use common::*;

/// Records per data set: a throttled read of them lasts about a second.
const RECORDS: i64 = 20_000;
const RATE: u32 = 20_000;
const TRIALS: usize = 20;

/// A small seeded generator (splitmix64): the trials need reproducible moments, not quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `lo..hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
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

/// Keys delivered more than once, and keys of `0..RECORDS` not delivered.
fn lost_and_doubled(records: &[DecodedRecord]) -> (usize, usize) {
    let counts = key_counts(records);
    let lost = (0..RECORDS).filter(|k| !counts.contains_key(k)).count();
    let doubled = counts.values().filter(|&&c| c > 1).count();
    (lost, doubled)
}

/// The one split over every partition; `nodes` shares once the client sees every node.
fn whole_split(client: &SharedClient, nodes: usize) -> Split {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = plan(client, "people", SplitMode::Partitions, 1).remove(0);
        if s.shares.len() == nodes {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "the client still sees {} nodes",
            s.shares.len()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn throttled(timeout_ms: u32, max_retries: u32) -> ReadOptions {
    ReadOptions {
        records_per_second: RATE,
        backoff: Duration::from_millis(200),
        max_retries,
        timeout_ms,
        ..ReadOptions::default()
    }
}

/// One cluster of 3 RF 2 nodes holding `RECORDS` records.
fn loaded_cluster() -> Cluster {
    let server = cluster(3, 2);
    write_numbered(&client(&server), "people", RECORDS);
    server
}

/// Reads the whole set while `fault` runs beside the reader; returns what was read, the
/// reader's retries and the time taken.
fn read_with<F: FnOnce() + Send>(
    client: &Arc<SharedClient>,
    options: &ReadOptions,
    fault: F,
) -> (Vec<DecodedRecord>, Option<aerohadoop::Error>, u64, Duration) {
    let s = whole_split(client, 3);
    let reader = open(client, &s, options);
    let started = Instant::now();
    let (records, error) = std::thread::scope(|scope| {
        scope.spawn(fault);
        drain(&reader)
    });
    (records, error, reader.stats().retries, started.elapsed())
}

#[test]
fn twenty_node_kills_at_random_moments_on_rf2_lose_and_double_nothing() {
    let seed = seed();
    eprintln!("node-kill trials: seed {seed} (AEROHADOOP_TRIAL_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let server = loaded_cluster();
    let (mut total, mut lost_total, mut doubled_total, mut failed) = (0usize, 0, 0, 0);
    for trial in 1..=TRIALS {
        let victim = rng.range(0, 3) as usize;
        let at = Duration::from_millis(rng.range(50, 850));
        // Half the trials re-form the cluster at once (stop), half leave the survivors on the
        // old view for a while (kill, then recluster), as a real cluster does for ~2 s.
        let window = match rng.range(0, 2) {
            0 => None,
            _ => Some(Duration::from_millis(rng.range(100, 1_200))),
        };
        let client = client(&server);
        let (records, error, retries, took) = read_with(&client, &throttled(2_000, 10), || {
            std::thread::sleep(at);
            match window {
                None => server.stop_node(victim),
                Some(w) => {
                    server.kill_node(victim);
                    std::thread::sleep(w);
                    server.recluster();
                }
            }
        });
        let (lost, doubled) = lost_and_doubled(&records);
        eprintln!(
            "trial {trial:2}: node {victim} {} at {:4} ms: {} records read, {lost} lost, \
             {doubled} doubled, {retries} retries, {:?}{}",
            match window {
                None => "stopped".to_string(),
                Some(w) => format!("killed ({} ms to recluster)", w.as_millis()),
            },
            at.as_millis(),
            records.len(),
            took,
            error
                .as_ref()
                .map(|e| format!(", failed: {e}"))
                .unwrap_or_default()
        );
        total += records.len();
        lost_total += lost;
        doubled_total += doubled;
        failed += usize::from(error.is_some());
        server.restart_node(victim).expect("node restarts");
    }
    eprintln!(
        "node-kill trials (seed {seed}): {TRIALS} trials, {total} records read of {}, \
         {lost_total} lost, {doubled_total} doubled, {failed} failed reads",
        TRIALS as i64 * RECORDS
    );
    assert_eq!(
        (lost_total, doubled_total, failed),
        (0, 0, 0),
        "seed {seed}"
    );
}

/// Which partitions node `i` masters now.
fn mastered_by(server: &Cluster, i: usize) -> BTreeSet<u16> {
    (0..4096u16)
        .filter(|&p| server.master_of(usize::from(p)) == Some(i))
        .collect()
}

fn assert_complete(what: &str, records: &[DecodedRecord], retries: u64, took: Duration) {
    let (lost, doubled) = lost_and_doubled(records);
    eprintln!(
        "{what}: {} records read, {lost} lost, {doubled} doubled, {retries} retries, {took:?}",
        records.len()
    );
    assert_eq!((lost, doubled), (0, 0), "{what}");
    assert_bins_as_written(records);
}

#[test]
fn a_node_paused_mid_scan_then_resumed_is_waited_out_by_retries() {
    let server = loaded_cluster();
    let client = client(&server);
    let (records, error, retries, took) = read_with(&client, &throttled(400, 10), || {
        std::thread::sleep(Duration::from_millis(300));
        server.pause_node(1, true);
        std::thread::sleep(Duration::from_millis(1_500));
        server.pause_node(1, false);
    });
    assert!(error.is_none(), "{error:?}");
    assert!(retries > 0, "the pause was not noticed");
    assert_complete("paused 1.5 s and resumed", &records, retries, took);
}

#[test]
fn a_node_paused_for_good_fails_the_read_naming_its_partitions_and_the_timeout() {
    let server = loaded_cluster();
    let client = client(&server);
    let victim = mastered_by(&server, 1);
    let (records, error, retries, took) = read_with(&client, &throttled(300, 2), || {
        std::thread::sleep(Duration::from_millis(300));
        server.pause_node(1, true);
    });
    let error = error.expect("a read of a node that never answers fails");
    let message = error.to_string();
    eprintln!(
        "paused for good: {} records, {retries} retries, {took:?}: {message}",
        records.len()
    );
    // The round times out (9); the resume then cannot learn the paused node's partition map
    // (11, naming the node and the timeout). Either way the node and the timeout are named.
    assert!([9, 11].contains(&error.result_code()), "{message}");
    assert!(message.contains("Timeout"), "{message}");
    assert!(
        message.contains(&format!("127.0.0.1:{}", server.ports()[1])),
        "{message}"
    );
    assert_named_or_delivered(&message, &records, &victim);
    server.pause_node(1, false);
}

#[test]
fn a_node_restarted_mid_scan_loses_and_doubles_nothing() {
    let server = loaded_cluster();
    let client = client(&server);
    let (records, error, retries, took) = read_with(&client, &throttled(2_000, 10), || {
        std::thread::sleep(Duration::from_millis(300));
        server.kill_node(0);
        std::thread::sleep(Duration::from_millis(300));
        server.restart_node(0).expect("restarts");
    });
    assert!(error.is_none(), "{error:?}");
    assert_complete("node 0 killed and restarted", &records, retries, took);
}

#[test]
fn answers_delayed_past_the_socket_timeout_are_retried_until_they_come_in_time() {
    let server = loaded_cluster();
    let client = client(&server);
    let (records, error, retries, took) = read_with(&client, &throttled(300, 10), || {
        std::thread::sleep(Duration::from_millis(300));
        server.delay_node(2, Duration::from_millis(800));
        std::thread::sleep(Duration::from_millis(1_200));
        server.delay_node(2, Duration::ZERO);
    });
    assert!(error.is_none(), "{error:?}");
    assert!(retries > 0, "no answer came late");
    assert_complete(
        "answers delayed 800 ms against a 300 ms timeout",
        &records,
        retries,
        took,
    );
}

/// Node 1 answers every scan with `code` for 1.2 s from 300 ms into the read.
fn read_through_refusals(code: u8) {
    let server = loaded_cluster();
    let client = client(&server);
    let (records, error, retries, took) = read_with(&client, &throttled(2_000, 10), || {
        std::thread::sleep(Duration::from_millis(300));
        server.fail_node_with(1, Some(code));
        std::thread::sleep(Duration::from_millis(1_200));
        server.fail_node_with(1, None);
    });
    assert!(error.is_none(), "code {code}: {error:?}");
    assert!(retries > 0, "code {code} was never answered");
    assert_complete(
        &format!("node 1 answering {code} for 1.2 s"),
        &records,
        retries,
        took,
    );
}

#[test]
fn partition_unavailable_for_a_while_is_retried() {
    read_through_refusals(11);
}

#[test]
fn device_overload_for_a_while_is_retried() {
    read_through_refusals(18);
}

#[test]
fn server_overloaded_for_a_while_is_retried() {
    read_through_refusals(22);
}

#[test]
fn a_node_overloaded_for_good_fails_the_read_naming_its_partitions_and_the_code() {
    let server = loaded_cluster();
    let client = client(&server);
    let victim = mastered_by(&server, 1);
    let (records, error, retries, took) = read_with(&client, &throttled(2_000, 2), || {
        std::thread::sleep(Duration::from_millis(300));
        server.fail_node_with(1, Some(22));
    });
    let error = error.expect("a read of a node that refuses every scan fails");
    let message = error.to_string();
    eprintln!(
        "overloaded for good: {} records, {retries} retries, {took:?}: {message}",
        records.len()
    );
    assert_eq!(error.result_code(), 22, "{message}");
    let node = format!("127.0.0.1:{} answered result code 22", server.ports()[1]);
    assert!(message.contains(&node), "{message}");
    assert_named_or_delivered(&message, &records, &victim);
}

/// The failure names unread partitions among them some of the failed node's; nothing was
/// delivered twice, and every record of a partition it does not name was delivered (the other
/// nodes' workers stop when one fails, so their unfinished partitions are named too).
fn assert_named_or_delivered(message: &str, records: &[DecodedRecord], victim: &BTreeSet<u16>) {
    let unread = named_partitions(message);
    assert!(unread.intersection(victim).next().is_some(), "{message}");
    let counts = key_counts(records);
    assert!(counts.values().all(|&c| c == 1), "a record delivered twice");
    assert!((records.len() as i64) < RECORDS);
    for i in 0..RECORDS {
        let p = key("people", i).partition_id() as u16;
        assert!(
            unread.contains(&p) || counts.contains_key(&i),
            "record {i} of partition {p} lost silently"
        );
    }
}

/// Partitions named as unread in a failure message: `cannot read partitions A-B, C of ...`.
fn named_partitions(message: &str) -> BTreeSet<u16> {
    let list = message
        .strip_prefix("cannot read partitions ")
        .and_then(|rest| rest.split(" of namespace").next())
        .unwrap_or_else(|| panic!("unexpected message: {message}"));
    let mut out = BTreeSet::new();
    for part in list.split(", ") {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u16, u16) = (a.parse().expect("from"), b.parse().expect("to"));
                out.extend(a..=b);
            }
            None => {
                out.insert(part.parse::<u16>().expect("partition"));
            }
        }
    }
    out
}
