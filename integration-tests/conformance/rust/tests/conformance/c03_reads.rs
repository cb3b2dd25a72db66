//! C03: reads of some bins, header-only reads (generation, TTL) and exists.

use aerospike::{as_bin, Bins, ReadPolicy, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::fixture::DEFAULT_TTL;
use conformance_rust::Fixture;

on_both_clusters!(
    get_of_named_bins_returns_exactly_those_that_exist,
    header_only_get_reports_generation_and_ttl_without_bins,
    exists_is_true_for_a_record_and_false_for_a_missing_key
);

async fn get_of_named_bins_returns_exactly_those_that_exist(fx: &Fixture) {
    let key = key("c03_bins", 1);
    fx.client
        .put(
            &WritePolicy::default(),
            &key,
            &[as_bin!("a", 1), as_bin!("b", "two"), as_bin!("c", 3.5)],
        )
        .await
        .expect("put");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, ["a", "c", "absent"])
        .await
        .expect("get some bins");
    let mut names: Vec<&str> = rec.bins.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["a", "c"], "{}", fx.label());
    assert_eq!(rec.bins["a"], Value::from(1));
    assert_eq!(rec.bins["c"], Value::from(3.5));
    assert_eq!(rec.generation, 1);
}

async fn header_only_get_reports_generation_and_ttl_without_bins(fx: &Fixture) {
    let key = key("c03_header", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &key, &[as_bin!("a", 1)])
        .await
        .expect("put");
    fx.client
        .put(&wp, &key, &[as_bin!("b", 2)])
        .await
        .expect("second put");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::None)
        .await
        .expect("header-only get");
    assert!(rec.bins.is_empty(), "{}: bins {:?}", fx.label(), rec.bins);
    assert_eq!(rec.generation, 2, "{}", fx.label());
    // Written with the namespace default TTL, which the shared clusters set to DEFAULT_TTL.
    let ttl = rec.time_to_live().expect("a TTL").as_secs();
    assert!(
        (u64::from(DEFAULT_TTL) - 2..=u64::from(DEFAULT_TTL)).contains(&ttl),
        "{}: ttl {ttl}",
        fx.label()
    );

    let missing = conformance_rust::data::key("c03_header", 2);
    let code = expect_server_code(
        fx.client
            .get(&ReadPolicy::default(), &missing, Bins::None)
            .await,
    );
    assert_eq!(code, KEY_NOT_FOUND);
}

async fn exists_is_true_for_a_record_and_false_for_a_missing_key(fx: &Fixture) {
    let present = key("c03_exists", 1);
    fx.client
        .put(&WritePolicy::default(), &present, &[as_bin!("a", 1)])
        .await
        .expect("put");
    let rp = ReadPolicy::default();
    assert!(
        fx.client.exists(&rp, &present).await.expect("exists"),
        "{}",
        fx.label()
    );
    assert!(
        !fx.client
            .exists(&rp, &key("c03_exists", 2))
            .await
            .expect("exists of a missing key"),
        "{}",
        fx.label()
    );
}
