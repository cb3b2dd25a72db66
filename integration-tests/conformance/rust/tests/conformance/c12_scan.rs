//! C12: scans return exactly the set's records: whole set, two partition halves, a bin
//! projection, max-records paging, and a throttled scan.

use aerospike::{Bins, PartitionFilter, QueryPolicy, Record, Statement, Value};
use conformance_rust::data::{int_bin, key, write_numbered};
use conformance_rust::fixture::NS;
use conformance_rust::scan::{collect, collect_page, each_once, key_counts, user_key};
use conformance_rust::Fixture;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

on_both_clusters!(
    full_scan_returns_exactly_the_written_records,
    partition_halves_are_disjoint_and_together_complete,
    bin_projection_returns_only_the_named_bin,
    max_records_pages_cover_the_set_without_duplicates,
    throttled_scan_returns_every_record
);

const RECORDS: i64 = 1000;

async fn load(fx: &Fixture, set: &str) {
    write_numbered(&fx.client, set, 0..RECORDS)
        .await
        .expect("writes");
}

fn statement(set: &str, bins: Bins) -> Statement {
    Statement::new(NS, set, bins)
}

fn check_bins(records: &[Record]) {
    for r in records {
        let n = int_bin(r, "n").expect("bin n");
        assert_eq!(r.bins.get("s"), Some(&Value::from(format!("s{n}"))));
        assert_eq!(r.generation, 1);
    }
}

async fn full_scan_returns_exactly_the_written_records(fx: &Fixture) {
    let set = "c12_full";
    load(fx, set).await;
    let records = collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        statement(set, Bins::All),
    )
    .await
    .expect("scan");
    assert_eq!(records.len() as i64, RECORDS, "{}", fx.label());
    assert_eq!(
        key_counts(&records),
        each_once(0..RECORDS),
        "{}",
        fx.label()
    );
    let sum: i64 = records.iter().filter_map(|r| int_bin(r, "n")).sum();
    assert_eq!(sum, (0..RECORDS).sum::<i64>());
    check_bins(&records);
}

async fn partition_halves_are_disjoint_and_together_complete(fx: &Fixture) {
    let set = "c12_halves";
    load(fx, set).await;
    let policy = QueryPolicy::default();
    let low = collect(
        &fx.client,
        &policy,
        PartitionFilter::by_range(0, 2048),
        statement(set, Bins::All),
    )
    .await
    .expect("scan 0..2047");
    let high = collect(
        &fx.client,
        &policy,
        PartitionFilter::by_range(2048, 2048),
        statement(set, Bins::All),
    )
    .await
    .expect("scan 2048..4095");
    for r in &low {
        assert!(
            r.key.as_ref().expect("key").partition_id() < 2048,
            "{}",
            fx.label()
        );
    }
    for r in &high {
        assert!(
            r.key.as_ref().expect("key").partition_id() >= 2048,
            "{}",
            fx.label()
        );
    }
    let (low_keys, high_keys) = (key_counts(&low), key_counts(&high));
    let expected_low: BTreeMap<i64, usize> = (0..RECORDS)
        .filter(|&i| key(set, i).partition_id() < 2048)
        .map(|i| (i, 1))
        .collect();
    assert_eq!(low_keys, expected_low, "{}", fx.label());
    assert!(low_keys.keys().all(|k| !high_keys.contains_key(k)));
    let mut union = low_keys;
    union.extend(high_keys);
    assert_eq!(union, each_once(0..RECORDS), "{}", fx.label());
    assert_eq!(low.len() + high.len(), RECORDS as usize);
}

async fn bin_projection_returns_only_the_named_bin(fx: &Fixture) {
    let set = "c12_projection";
    load(fx, set).await;
    let records = collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        statement(set, Bins::from(["n"])),
    )
    .await
    .expect("scan");
    assert_eq!(
        key_counts(&records),
        each_once(0..RECORDS),
        "{}",
        fx.label()
    );
    for r in &records {
        let names: Vec<&String> = r.bins.keys().collect();
        assert_eq!(names, ["n"], "{}", fx.label());
        assert_eq!(int_bin(r, "n"), user_key(r));
    }
}

async fn max_records_pages_cover_the_set_without_duplicates(fx: &Fixture) {
    let set = "c12_paging";
    load(fx, set).await;
    let policy = QueryPolicy {
        max_records: 150,
        ..QueryPolicy::default()
    };
    let mut filter = PartitionFilter::all();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(pages <= 40, "{}: paging did not finish", fx.label());
        let (page, next) = collect_page(&fx.client, &policy, filter, statement(set, Bins::All))
            .await
            .expect("page");
        assert!(page.len() <= 150, "{}: page of {}", fx.label(), page.len());
        all.extend(page);
        filter = next.expect("a finished page hands back its partition filter");
        if filter.done() {
            break;
        }
    }
    assert!(
        pages >= 7,
        "{}: {RECORDS} records in {pages} pages of 150",
        fx.label()
    );
    assert_eq!(key_counts(&all), each_once(0..RECORDS), "{}", fx.label());
    check_bins(&all);
}

async fn throttled_scan_returns_every_record(fx: &Fixture) {
    let set = "c12_throttled";
    load(fx, set).await;
    let rps = 4000u32;
    let policy = QueryPolicy {
        records_per_second: rps,
        ..QueryPolicy::default()
    };
    let started = Instant::now();
    let records = collect(
        &fx.client,
        &policy,
        PartitionFilter::all(),
        statement(set, Bins::All),
    )
    .await
    .expect("throttled scan");
    let took = started.elapsed();
    assert_eq!(
        key_counts(&records),
        each_once(0..RECORDS),
        "{}",
        fx.label()
    );
    // The limit applies per node; the busiest node sets the pace.
    let mut per_node = vec![0u32; fx.nodes];
    for i in 0..RECORDS {
        if let Some(m) = fx.cluster.master_of(key(set, i).partition_id()) {
            per_node[m] += 1;
        }
    }
    let busiest = per_node.iter().copied().max().unwrap_or(0);
    let floor = Duration::from_secs_f64(f64::from(busiest) / f64::from(rps) * 0.5);
    assert!(
        took >= floor,
        "{}: {took:?} for {busiest} records at {rps}/s",
        fx.label()
    );
}
