//! C15: truncating a set empties it and leaves other sets alone; later writes survive.

use aerospike::{
    as_bin, AdminPolicy, Bins, PartitionFilter, QueryPolicy, ReadPolicy, Statement, WritePolicy,
};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::{key, write_numbered};
use conformance_rust::fixture::NS;
use conformance_rust::scan::{collect, each_once, key_counts};
use conformance_rust::Fixture;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

on_both_clusters!(truncate_empties_the_set_and_leaves_another_untouched);

async fn scan_keys(fx: &Fixture, set: &str) -> BTreeMap<i64, usize> {
    let records = collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        Statement::new(NS, set, Bins::All),
    )
    .await
    .expect("scan");
    key_counts(&records)
}

async fn truncate_empties_the_set_and_leaves_another_untouched(fx: &Fixture) {
    let (doomed, kept) = ("c15_doomed", "c15_kept");
    write_numbered(&fx.client, doomed, 0..50)
        .await
        .expect("writes");
    write_numbered(&fx.client, kept, 0..30)
        .await
        .expect("writes");
    assert_eq!(scan_keys(fx, doomed).await, each_once(0..50));

    fx.client
        .truncate(&AdminPolicy::default(), NS, doomed, 0)
        .await
        .expect("truncate");
    // A real cluster spreads the truncate through SMD; allow it a moment to reach every node.
    let started = Instant::now();
    loop {
        let left = scan_keys(fx, doomed).await;
        if left.is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{}: {} records left after truncate",
            fx.label(),
            left.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let code = expect_server_code(
        fx.client
            .get(&ReadPolicy::default(), &key(doomed, 7), Bins::All)
            .await,
    );
    assert_eq!(code, KEY_NOT_FOUND, "{}", fx.label());
    assert_eq!(
        scan_keys(fx, kept).await,
        each_once(0..30),
        "{}: other set",
        fx.label()
    );

    // Records written after the truncate are kept.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let wp = WritePolicy {
        send_key: true,
        ..WritePolicy::default()
    };
    fx.client
        .put(&wp, &key(doomed, 1000), &[as_bin!("n", 1000)])
        .await
        .expect("put after truncate");
    assert_eq!(
        scan_keys(fx, doomed).await,
        each_once([1000]),
        "{}",
        fx.label()
    );
}
