//! C11: batch reads with missing keys, batch reads of some bins, batch-any (write, delete,
//! operate, read) with per-key results, and a batch split across every node.

use aerospike::operations;
use aerospike::{
    as_bin, BatchDeletePolicy, BatchOperation, BatchPolicy, BatchReadPolicy, BatchWritePolicy,
    Bins, ReadPolicy, ResultCode, Value,
};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::{int_bin, key, write_numbered};
use conformance_rust::fixture::NS;
use conformance_rust::info::{partition_masters, N_PARTITIONS};
use conformance_rust::Fixture;
use std::collections::BTreeSet;

on_both_clusters!(
    batch_read_answers_every_key_in_order_with_missing_keys_not_found,
    batch_read_of_some_bins_returns_only_those,
    batch_any_reports_each_row_and_its_writes_are_visible,
    batch_spread_over_every_node_returns_every_record
);

async fn batch_read_answers_every_key_in_order_with_missing_keys_not_found(fx: &Fixture) {
    let set = "c11_read";
    write_numbered(&fx.client, set, 0..3).await.expect("writes");
    let brp = BatchReadPolicy::default();
    let ids = [0, 100, 1, 101, 2];
    let mut ops: Vec<BatchOperation> = ids
        .iter()
        .map(|&i| BatchOperation::read(&brp, key(set, i), Bins::All))
        .collect();
    fx.client
        .batch(&BatchPolicy::default(), &mut ops)
        .await
        .expect("batch read");
    for (op, &i) in ops.iter().zip(&ids) {
        if i >= 100 {
            assert_eq!(
                op.result_code(),
                Some(ResultCode::KeyNotFoundError),
                "{}: key {i}",
                fx.label()
            );
            assert!(op.record().is_none());
        } else {
            assert_eq!(
                op.result_code(),
                Some(ResultCode::Ok),
                "{}: key {i}",
                fx.label()
            );
            let rec = op.record().expect("record");
            assert_eq!(int_bin(rec, "n"), Some(i), "{}: key {i}", fx.label());
            assert_eq!(rec.bins.get("s"), Some(&Value::from(format!("s{i}"))));
            assert_eq!(rec.bins.len(), 2);
            assert_eq!(rec.generation, 1);
        }
    }
}

async fn batch_read_of_some_bins_returns_only_those(fx: &Fixture) {
    let set = "c11_some_bins";
    write_numbered(&fx.client, set, 0..4).await.expect("writes");
    let brp = BatchReadPolicy::default();
    let mut ops: Vec<BatchOperation> = (0..4)
        .map(|i| BatchOperation::read(&brp, key(set, i), Bins::from(["n"])))
        .collect();
    ops.push(BatchOperation::read(&brp, key(set, 0), Bins::None));
    fx.client
        .batch(&BatchPolicy::default(), &mut ops)
        .await
        .expect("batch read");
    for (i, op) in ops.iter().take(4).enumerate() {
        let rec = op.record().expect("record");
        let names: Vec<&String> = rec.bins.keys().collect();
        assert_eq!(names, ["n"], "{}: key {i}", fx.label());
        assert_eq!(int_bin(rec, "n"), Some(i as i64));
    }
    let header = ops[4].record().expect("header row");
    assert!(
        header.bins.is_empty(),
        "{}: header-only row {:?}",
        fx.label(),
        header.bins
    );
    assert_eq!(header.generation, 1);
}

async fn batch_any_reports_each_row_and_its_writes_are_visible(fx: &Fixture) {
    let set = "c11_any";
    write_numbered(&fx.client, set, 0..3).await.expect("writes");
    let bwp = BatchWritePolicy::default();
    let bdp = BatchDeletePolicy::default();
    let brp = BatchReadPolicy::default();
    let mut ops = vec![
        BatchOperation::write(
            &bwp,
            key(set, 10),
            [
                operations::put(&as_bin!("n", 10)),
                operations::put(&as_bin!("s", "w10")),
            ],
        ),
        BatchOperation::delete(&bdp, key(set, 0)),
        BatchOperation::delete(&bdp, key(set, 99)),
        BatchOperation::write(
            &bwp,
            key(set, 1),
            [
                operations::add(&as_bin!("n", 100)),
                operations::get_bin("n"),
            ],
        ),
        BatchOperation::read_ops(&brp, key(set, 2), [operations::get_bin("s")]),
    ];
    fx.client
        .batch(&BatchPolicy::write_default(), &mut ops)
        .await
        .expect("batch");
    let codes: Vec<Option<ResultCode>> = ops.iter().map(BatchOperation::result_code).collect();
    assert_eq!(
        codes,
        [
            Some(ResultCode::Ok),
            Some(ResultCode::Ok),
            Some(ResultCode::KeyNotFoundError),
            Some(ResultCode::Ok),
            Some(ResultCode::Ok)
        ],
        "{}",
        fx.label()
    );
    let operated = ops[3].record().expect("operate row");
    let results = operated.results.as_ref().expect("positional results");
    assert_eq!(
        results.last(),
        Some(&Value::from(101)),
        "{}: {results:?}",
        fx.label()
    );
    let read = ops[4].record().expect("read row");
    assert_eq!(
        read.bins.get("s"),
        Some(&Value::from("s2")),
        "{}",
        fx.label()
    );

    // What the batch wrote is what single reads see.
    let rp = ReadPolicy::default();
    let written = fx
        .client
        .get(&rp, &key(set, 10), Bins::All)
        .await
        .expect("get 10");
    assert_eq!(int_bin(&written, "n"), Some(10));
    assert_eq!(written.bins.get("s"), Some(&Value::from("w10")));
    let code = expect_server_code(fx.client.get(&rp, &key(set, 0), Bins::All).await);
    assert_eq!(code, KEY_NOT_FOUND, "{}: deleted by the batch", fx.label());
    let added = fx
        .client
        .get(&rp, &key(set, 1), Bins::All)
        .await
        .expect("get 1");
    assert_eq!(int_bin(&added, "n"), Some(101));
    assert_eq!(added.generation, 2);
}

async fn batch_spread_over_every_node_returns_every_record(fx: &Fixture) {
    let set = "c11_big";
    let ids = 0..600i64;
    write_numbered(&fx.client, set, ids.clone())
        .await
        .expect("writes");
    // Which node masters each key, as the nodes themselves advertise it.
    let owners = partition_masters(&fx.client, NS)
        .await
        .expect("replicas-master");
    assert_eq!(owners.len(), N_PARTITIONS, "{}", fx.label());
    let masters: BTreeSet<&String> = ids
        .clone()
        .filter_map(|i| owners.get(&key(set, i).partition_id()))
        .collect();
    assert_eq!(
        masters.len(),
        fx.nodes,
        "{}: the keys must span every node",
        fx.label()
    );

    let brp = BatchReadPolicy::default();
    let mut ops: Vec<BatchOperation> = ids
        .clone()
        .map(|i| BatchOperation::read(&brp, key(set, i), Bins::All))
        .collect();
    fx.client
        .batch(&BatchPolicy::default(), &mut ops)
        .await
        .expect("batch read");
    for (op, i) in ops.iter().zip(ids) {
        let rec = op
            .record()
            .unwrap_or_else(|| panic!("{}: key {i} {:?}", fx.label(), op.result_code()));
        assert_eq!(int_bin(rec, "n"), Some(i), "{}", fx.label());
    }
}
