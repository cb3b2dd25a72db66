//! C10: operate with add, append, prepend, touch, delete, and writes and reads in one call.

use aerospike::operations;
use aerospike::{as_bin, as_blob, Bins, Expiration, ReadPolicy, Value, WritePolicy};
use conformance_rust::data::key;
use conformance_rust::Fixture;
use std::collections::BTreeMap;

on_both_clusters!(
    add_then_get_returns_the_new_value,
    append_and_prepend_build_the_string_in_op_order,
    touch_op_bumps_generation_and_sets_the_ttl,
    delete_op_removes_the_record,
    delete_then_write_in_one_operate_starts_the_bins_over,
    write_and_read_in_one_operate_sees_the_write
);

async fn add_then_get_returns_the_new_value(fx: &Fixture) {
    let k = key("c10_add", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("a", 10)])
        .await
        .expect("put");
    let rec = fx
        .client
        .operate(
            &wp,
            &k,
            &[operations::add(&as_bin!("a", 5)), operations::get_bin("a")],
        )
        .await
        .expect("operate");
    let results = rec.results.as_ref().expect("positional results");
    assert_eq!(results.len(), 2, "{}: {results:?}", fx.label());
    assert_eq!(results[0], Value::Nil, "{}: add answers nil", fx.label());
    assert_eq!(results[1], Value::from(15), "{}", fx.label());
    assert_eq!(rec.generation, 2);
    let stored = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(stored.bins["a"], Value::from(15));

    // add also creates a missing bin, and a missing record.
    let fresh = key("c10_add", 2);
    let rec = fx
        .client
        .operate(
            &wp,
            &fresh,
            &[operations::add(&as_bin!("c", -7)), operations::get_bin("c")],
        )
        .await
        .expect("operate on a missing record");
    assert_eq!(
        rec.results.as_ref().map(|r| r[1].clone()),
        Some(Value::from(-7))
    );

    // A float bin adds floats; a missing bin of an existing record starts at 0.
    let mixed = key("c10_add", 3);
    fx.client
        .put(&wp, &mixed, &[as_bin!("f", 1.5)])
        .await
        .expect("put");
    let rec = fx
        .client
        .operate(
            &wp,
            &mixed,
            &[
                operations::add(&as_bin!("f", 2.25)),
                operations::add(&as_bin!("new", 4)),
                operations::get_bin("f"),
                operations::get_bin("new"),
            ],
        )
        .await
        .expect("operate float and missing bin");
    let results = rec.results.as_ref().expect("positional results");
    assert_eq!(
        results[2..],
        [Value::from(3.75), Value::from(4)],
        "{}: {results:?}",
        fx.label()
    );
}

async fn append_and_prepend_build_the_string_in_op_order(fx: &Fixture) {
    let k = key("c10_strings", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("s", "mid")])
        .await
        .expect("put");
    let rec = fx
        .client
        .operate(
            &wp,
            &k,
            &[
                operations::append(&as_bin!("s", "_end")),
                operations::prepend(&as_bin!("s", "start_")),
                operations::get_bin("s"),
            ],
        )
        .await
        .expect("operate");
    let results = rec.results.as_ref().expect("positional results");
    assert_eq!(results[2], Value::from("start_mid_end"), "{}", fx.label());

    // The single-purpose calls do the same.
    fx.client
        .append(&wp, &k, &[as_bin!("s", "!")])
        .await
        .expect("append");
    fx.client
        .prepend(&wp, &k, &[as_bin!("s", ">")])
        .await
        .expect("prepend");
    let stored = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(
        stored.bins["s"],
        Value::from(">start_mid_end!"),
        "{}",
        fx.label()
    );
    assert_eq!(stored.generation, 4);

    // Blobs append and prepend bytes the same way.
    let b = key("c10_strings", 2);
    fx.client
        .put(&wp, &b, &[as_bin!("b", as_blob!(vec![1u8, 2]))])
        .await
        .expect("put blob");
    let rec = fx
        .client
        .operate(
            &wp,
            &b,
            &[
                operations::append(&as_bin!("b", as_blob!(vec![3u8]))),
                operations::prepend(&as_bin!("b", as_blob!(vec![0u8]))),
                operations::get_bin("b"),
            ],
        )
        .await
        .expect("operate blob");
    let results = rec.results.as_ref().expect("positional results");
    assert_eq!(results[2], Value::Blob(vec![0, 1, 2, 3]), "{}", fx.label());
}

async fn touch_op_bumps_generation_and_sets_the_ttl(fx: &Fixture) {
    let k = key("c10_touch", 1);
    let mut wp = WritePolicy {
        expiration: Expiration::Seconds(100),
        ..WritePolicy::default()
    };
    fx.client
        .put(&wp, &k, &[as_bin!("a", 1)])
        .await
        .expect("put");
    wp.expiration = Expiration::Seconds(7000);
    let rec = fx
        .client
        .operate(&wp, &k, &[operations::touch(), operations::get_header()])
        .await
        .expect("operate touch");
    assert_eq!(rec.generation, 2, "{}", fx.label());
    let ttl = rec.time_to_live().expect("a TTL").as_secs();
    assert!((6998..=7000).contains(&ttl), "{}: ttl {ttl}", fx.label());
    let stored = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(stored.bins["a"], Value::from(1));
}

async fn delete_op_removes_the_record(fx: &Fixture) {
    let k = key("c10_delete", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("a", 1), as_bin!("b", 2)])
        .await
        .expect("put");
    fx.client
        .operate(&wp, &k, &[operations::delete()])
        .await
        .expect("operate delete");
    assert!(
        !fx.client
            .exists(&ReadPolicy::default(), &k)
            .await
            .expect("exists"),
        "{}",
        fx.label()
    );
}

/// A delete op followed by a write leaves a record holding only what was written; as on a
/// real server (`advance_record_version`), its generation goes on from the old record's.
async fn delete_then_write_in_one_operate_starts_the_bins_over(fx: &Fixture) {
    let k = key("c10_delete_write", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("a", 1), as_bin!("b", 2)])
        .await
        .expect("put");
    fx.client
        .put(&wp, &k, &[as_bin!("a", 10)])
        .await
        .expect("second put");
    let rec = fx
        .client
        .operate(
            &wp,
            &k,
            &[
                operations::delete(),
                operations::put(&as_bin!("c", 3)),
                operations::get(),
            ],
        )
        .await
        .expect("operate delete + write");
    let names: Vec<&String> = rec.bins.keys().collect();
    assert_eq!(names, ["c"], "{}: {:?}", fx.label(), rec.bins);
    assert_eq!(rec.bins["c"], Value::from(3));
    assert_eq!(rec.generation, 3, "{}", fx.label());
    let stored = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(stored.bins.len(), 1, "{}", fx.label());
    assert_eq!(stored.generation, 3, "{}", fx.label());
}

async fn write_and_read_in_one_operate_sees_the_write(fx: &Fixture) {
    let k = key("c10_write_read", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("a", 1), as_bin!("b", "old")])
        .await
        .expect("put");
    // A write followed by a read of everything: the read sees the write.
    let rec = fx
        .client
        .operate(
            &wp,
            &k,
            &[
                operations::put(&as_bin!("b", "new")),
                operations::put(&as_bin!("c", 3)),
                operations::get(),
            ],
        )
        .await
        .expect("operate write + get all");
    let bins: BTreeMap<&str, &Value> = rec.bins.iter().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(
        bins,
        BTreeMap::from([
            ("a", &Value::from(1)),
            ("b", &Value::from("new")),
            ("c", &Value::from(3))
        ]),
        "{}",
        fx.label()
    );
    assert_eq!(rec.generation, 2);

    // A write followed by a read of the bin it wrote: one answer per op.
    let rec = fx
        .client
        .operate(
            &wp,
            &k,
            &[operations::put(&as_bin!("a", 42)), operations::get_bin("a")],
        )
        .await
        .expect("operate write + get bin");
    let results = rec.results.as_ref().expect("positional results");
    assert_eq!(
        results.as_slice(),
        [Value::Nil, Value::from(42)],
        "{}",
        fx.label()
    );
}
