//! The split reader under pressure and failure: a slow consumer, nodes stopped mid-read, nodes
//! answering errors for a while.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use aerohadoop::frame::decode;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use common::*;

#[test]
fn a_consumer_that_does_not_read_holds_the_server_back_within_the_memory_limit() {
    let server = cluster(1, 1);
    let client = client(&server);
    write_numbered(&client, "people", 20_000);
    let s = plan(&client, "people", SplitMode::Partitions, 1).remove(0);
    let limit = 256 << 10;
    let options = ReadOptions {
        memory_limit: limit,
        ..ReadOptions::default()
    };
    let reader = open(&client, &s, &options);
    let budget = reader.memory();
    assert_eq!(budget.workers, 1);
    let frames_in_flight = budget.workers + budget.queue_frames + 1;
    assert!(frames_in_flight * budget.frame_bytes <= limit, "{budget:?}");

    // Nobody reads: the worker fills the queue and then waits, so the server is held back.
    std::thread::sleep(Duration::from_millis(500));
    let stalled = reader.produced_records();
    assert!(stalled > 0, "nothing was read at all");
    assert!(
        stalled < 20_000 / 3,
        "{stalled} of 20000 records read without a consumer: no back-pressure"
    );

    // A slow consumer: the backlog never exceeds what the budget allows.
    let mut consumed = 0u64;
    let mut largest_frame_records = 0u64;
    let mut worst_backlog = 0u64;
    let mut keys = Vec::new();
    while let Some(frame) = reader.next_frame().expect("reads") {
        consumed += u64::from(frame.records());
        largest_frame_records = largest_frame_records.max(u64::from(frame.records()));
        assert!(
            frame.len() <= budget.frame_bytes,
            "frame of {} bytes",
            frame.len()
        );
        keys.extend(decode(frame.bytes()).expect("decodes").iter().map(user_key));
        std::thread::sleep(Duration::from_millis(4));
        worst_backlog = worst_backlog.max(reader.produced_records() - consumed);
    }
    let memory = reader.memory();
    assert!(
        memory.peak_buffered_bytes <= (frames_in_flight * budget.frame_bytes) as u64,
        "peak {} bytes buffered, budget {budget:?}",
        memory.peak_buffered_bytes
    );
    // Frames waiting to be sent or queued, plus one record started in the next frame.
    assert!(
        worst_backlog <= (budget.workers + budget.queue_frames) as u64 * largest_frame_records + 1,
        "backlog of {worst_backlog} records with frames of up to {largest_frame_records}"
    );
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..20_000).collect::<Vec<i64>>());
}

/// Reads one split over all partitions of a 3-node RF 2 cluster, throttled so that the read lasts
/// a few seconds, and loses node 2 a second in. With `numrange`, the split is a secondary-index
/// query over every record, which resumes by index value and digest.
fn read_through_node_loss(kill_then_recluster: bool, numrange: bool) {
    const RECORDS: i64 = 12_000;
    let server = cluster(3, 2);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    let s = if numrange {
        index_numbers(&client, "people");
        plan_numrange(&client, "people", 0, RECORDS - 1, 1).remove(0)
    } else {
        plan(&client, "people", SplitMode::Partitions, 1).remove(0)
    };
    assert_eq!(s.shares.len(), 3);
    let options = ReadOptions {
        records_per_second: 4_500,
        backoff: Duration::from_millis(300),
        max_retries: 10,
        ..ReadOptions::default()
    };
    let reader = open(&client, &s, &options);
    let started = Instant::now();
    let loss = std::thread::scope(|scope| {
        let killer = scope.spawn(|| {
            std::thread::sleep(Duration::from_secs(1));
            let before = reader.stats();
            if kill_then_recluster {
                server.kill_node(2);
                std::thread::sleep(Duration::from_millis(1_500));
                server.recluster();
            } else {
                server.stop_node(2);
            }
            before
        });
        let records = drain_ok(&reader);
        (records, killer.join().expect("killer"))
    });
    let (records, before) = loss;
    assert!(
        before.partitions_done < before.partitions_total && before.records > 0,
        "the node was lost mid-read: {before:?}"
    );
    assert_eq!(key_counts(&records), each_once(0..RECORDS));
    assert_bins_as_written(&records);
    let stats = reader.stats();
    assert_eq!(stats.partitions_done, 4096);
    assert_eq!(stats.records, RECORDS as u64);
    eprintln!(
        "kill={kill_then_recluster} numrange={numrange}: {} records in {:?}, {} retries",
        records.len(),
        started.elapsed(),
        stats.retries
    );
}

#[test]
fn a_node_stopped_mid_read_on_rf2_loses_and_doubles_nothing() {
    read_through_node_loss(false, false);
}

#[test]
fn a_node_killed_mid_read_on_rf2_then_reclustered_loses_and_doubles_nothing() {
    read_through_node_loss(true, false);
}

#[test]
fn a_node_stopped_mid_numrange_read_on_rf2_loses_and_doubles_nothing() {
    read_through_node_loss(false, true);
}

#[test]
fn a_node_stopped_mid_read_on_rf1_fails_the_read_naming_its_partitions() {
    const RECORDS: i64 = 12_000;
    let server = cluster(3, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    let victim_partitions: BTreeSet<u16> = (0..4096u16)
        .filter(|&p| server.master_of(usize::from(p)) == Some(2))
        .collect();
    let s = plan(&client, "people", SplitMode::Partitions, 1).remove(0);
    let options = ReadOptions {
        records_per_second: 4_500,
        backoff: Duration::from_millis(200),
        max_retries: 2,
        ..ReadOptions::default()
    };
    let reader = open(&client, &s, &options);
    let (delivered, err) = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_secs(1));
            server.stop_node(2);
        });
        // An RF 1 read cannot survive a lost node.
        drain_err(&reader)
    });
    let message = err.to_string();
    eprintln!("{message}");
    assert_eq!(err.result_code(), 11, "{message}");
    let named = named_orphans(&message);
    assert!(!named.is_empty(), "{message}");
    assert!(named.is_subset(&victim_partitions), "{message}");
    // Whatever was delivered before the failure was delivered once.
    let counts = key_counts(&delivered);
    assert!(counts.values().all(|&c| c == 1));
    assert!((delivered.len() as i64) < RECORDS);
    // Every record of a partition the message does not name as unread was delivered.
    let unread = named_partitions(&message);
    for i in 0..RECORDS {
        let p = key("people", i).partition_id() as u16;
        if !unread.contains(&p) {
            assert!(
                counts.contains_key(&i),
                "record {i} of partition {p} lost silently"
            );
        }
    }
    assert!(reader.stats().partitions_done < 4096);
}

/// A node answers every query with `code` for 1.5 s, starting half a second into the read.
fn read_through_refusals(code: u8) {
    const RECORDS: i64 = 6_000;
    let server = cluster(2, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    let s = plan(&client, "people", SplitMode::Partitions, 1).remove(0);
    let options = ReadOptions {
        records_per_second: 3_000,
        backoff: Duration::from_millis(250),
        max_retries: 20,
        timeout_ms: 2_000,
        ..ReadOptions::default()
    };
    let reader = open(&client, &s, &options);
    let records = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(500));
            server.fail_node_with(1, Some(code));
            std::thread::sleep(Duration::from_millis(1_500));
            server.fail_node_with(1, None);
        });
        drain_ok(&reader)
    });
    assert_eq!(key_counts(&records), each_once(0..RECORDS), "code {code}");
    assert!(
        reader.stats().retries > 0,
        "code {code}: {:?}",
        reader.stats()
    );
}

#[test]
fn a_node_refusing_queries_with_a_timeout_for_a_while_is_retried_until_it_recovers() {
    read_through_refusals(9);
}

#[test]
fn a_refusal_the_client_reads_as_a_record_is_retried_not_delivered() {
    // Result 11 on a plain message: the crate takes it for a record without key or bins.
    read_through_refusals(11);
}

/// Partitions named as unread in a failure message: `cannot read partitions A-B, C of ...`.
fn named_partitions(message: &str) -> BTreeSet<u16> {
    let list = message
        .strip_prefix("cannot read partitions ")
        .and_then(|rest| rest.split(" of namespace").next())
        .unwrap_or_else(|| panic!("unexpected message: {message}"));
    parse_ranges(list)
}

/// Partitions named as having no master: `no master node for partitions A-B, C (...`, or `for
/// any of them` when that is every unread partition.
fn named_orphans(message: &str) -> BTreeSet<u16> {
    if message.contains("no master node for any of them") {
        return named_partitions(message);
    }
    let list = message
        .split("no master node for partitions ")
        .nth(1)
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("no orphans named: {message}"));
    parse_ranges(list)
}

fn parse_ranges(list: &str) -> BTreeSet<u16> {
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
