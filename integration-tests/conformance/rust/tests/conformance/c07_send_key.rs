//! C07: a record written with send-key carries its user key in scans; one written without does
//! not.

use aerospike::{as_bin, Bins, Key, PartitionFilter, QueryPolicy, Statement, Value, WritePolicy};
use conformance_rust::data::{int_bin, write_numbered_in};
use conformance_rust::fixture::NS;
use conformance_rust::{scan, Fixture};

on_both_clusters!(
    scans_return_the_user_key_only_when_it_was_sent,
    string_user_keys_come_back_as_strings
);

async fn scans_return_the_user_key_only_when_it_was_sent(fx: &Fixture) {
    let set = "c07_keys";
    write_numbered_in(&fx.client, NS, set, 0..10, true)
        .await
        .expect("writes with send-key");
    write_numbered_in(&fx.client, NS, set, 10..20, false)
        .await
        .expect("writes without send-key");
    let records = scan::collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        Statement::new(NS, set, Bins::All),
    )
    .await
    .expect("scan");
    assert_eq!(records.len(), 20, "{}", fx.label());
    let mut with_key = Vec::new();
    let mut without_key = Vec::new();
    for r in &records {
        let n = int_bin(r, "n").expect("bin n");
        let key = r
            .key
            .as_ref()
            .expect("scanned records carry a key (digest)");
        assert_eq!(
            key.digest(),
            conformance_rust::data::key(set, n).digest(),
            "{}: digest of record {n}",
            fx.label()
        );
        match scan::user_key(r) {
            Some(k) => {
                assert_eq!(k, n, "{}: user key of record {n}", fx.label());
                with_key.push(n);
            }
            None => {
                assert!(key.user_key().is_none());
                without_key.push(n);
            }
        }
    }
    with_key.sort_unstable();
    without_key.sort_unstable();
    assert_eq!(with_key, (0..10).collect::<Vec<_>>(), "{}", fx.label());
    assert_eq!(without_key, (10..20).collect::<Vec<_>>(), "{}", fx.label());
}

async fn string_user_keys_come_back_as_strings(fx: &Fixture) {
    let set = "c07_string_keys";
    for (i, send_key) in [(0, true), (1, true), (2, true), (3, false)] {
        let key = Key::new(NS, set, Value::from(format!("user-{i}"))).expect("string key");
        let wp = WritePolicy {
            send_key,
            ..WritePolicy::default()
        };
        fx.client
            .put(&wp, &key, &[as_bin!("n", i)])
            .await
            .expect("put");
    }
    let records = scan::collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        Statement::new(NS, set, Bins::All),
    )
    .await
    .expect("scan");
    let mut seen: Vec<(i64, Option<Value>)> = records
        .iter()
        .map(|r| {
            let n = int_bin(r, "n").expect("bin n");
            (n, r.key.as_ref().and_then(|k| k.user_key().cloned()))
        })
        .collect();
    seen.sort_by_key(|(n, _)| *n);
    let expected: Vec<(i64, Option<Value>)> = (0..4)
        .map(|i| (i, (i < 3).then(|| Value::from(format!("user-{i}")))))
        .collect();
    assert_eq!(seen, expected, "{}", fx.label());
}
