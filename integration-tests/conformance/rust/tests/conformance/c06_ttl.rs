//! C06: TTL on writes (never, n seconds, don't-update, namespace default) and expiry.

use aerospike::{
    as_bin, Bins, Expiration, PartitionFilter, QueryPolicy, ReadPolicy, Statement, WritePolicy,
};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::fixture::{DEFAULT_TTL, NS};
use conformance_rust::{scan, Fixture};
use std::time::Duration;

on_both_clusters!(
    write_ttls_are_reported_back_as_written,
    a_record_past_its_ttl_is_gone_and_dont_update_keeps_the_expiry
);

fn with_ttl(expiration: Expiration) -> WritePolicy {
    WritePolicy {
        expiration,
        ..WritePolicy::default()
    }
}

async fn header(fx: &Fixture, key: &aerospike::Key) -> aerospike::Record {
    fx.client
        .get(&ReadPolicy::default(), key, Bins::None)
        .await
        .expect("header")
}

fn ttl_secs(rec: &aerospike::Record) -> Option<u64> {
    rec.time_to_live().map(|d| d.as_secs())
}

async fn write_ttls_are_reported_back_as_written(fx: &Fixture) {
    let never = key("c06_ttls", 1);
    fx.client
        .put(&with_ttl(Expiration::Never), &never, &[as_bin!("a", 1)])
        .await
        .expect("put never");
    let rec = header(fx, &never).await;
    assert_eq!(
        rec.expiration(),
        0,
        "{}: never-expiring void time",
        fx.label()
    );
    assert_eq!(ttl_secs(&rec), None);

    let seconds = key("c06_ttls", 2);
    fx.client
        .put(
            &with_ttl(Expiration::Seconds(1000)),
            &seconds,
            &[as_bin!("a", 1)],
        )
        .await
        .expect("put 1000 s");
    let ttl = ttl_secs(&header(fx, &seconds).await).expect("a TTL");
    assert!((998..=1000).contains(&ttl), "{}: ttl {ttl}", fx.label());

    let default = key("c06_ttls", 3);
    fx.client
        .put(
            &with_ttl(Expiration::NamespaceDefault),
            &default,
            &[as_bin!("a", 1)],
        )
        .await
        .expect("put default");
    let ttl = ttl_secs(&header(fx, &default).await).expect("a TTL");
    let d = u64::from(DEFAULT_TTL);
    assert!((d - 2..=d).contains(&ttl), "{}: ttl {ttl}", fx.label());

    // Rewriting a never-expiring record with a TTL gives it one.
    fx.client
        .put(
            &with_ttl(Expiration::Seconds(500)),
            &never,
            &[as_bin!("a", 2)],
        )
        .await
        .expect("rewrite with a ttl");
    let ttl = ttl_secs(&header(fx, &never).await).expect("a TTL");
    assert!((498..=500).contains(&ttl), "{}: ttl {ttl}", fx.label());
}

async fn a_record_past_its_ttl_is_gone_and_dont_update_keeps_the_expiry(fx: &Fixture) {
    let set = "c06_expiry";
    let short = key(set, 1);
    let lasting = key(set, 2);
    let kept = key(set, 3);
    let mut send_key = with_ttl(Expiration::Seconds(1));
    send_key.send_key = true;
    fx.client
        .put(&send_key, &short, &[as_bin!("n", 1)])
        .await
        .expect("put ttl 1");
    send_key.expiration = Expiration::Never;
    fx.client
        .put(&send_key, &lasting, &[as_bin!("n", 2)])
        .await
        .expect("put never");
    send_key.expiration = Expiration::Seconds(5000);
    fx.client
        .put(&send_key, &kept, &[as_bin!("n", 3)])
        .await
        .expect("put 5000 s");
    let void_time = header(fx, &kept).await.expiration();
    assert_ne!(void_time, 0);

    tokio::time::sleep(Duration::from_millis(2500)).await;

    let code = expect_server_code(
        fx.client
            .get(&ReadPolicy::default(), &short, Bins::All)
            .await,
    );
    assert_eq!(code, KEY_NOT_FOUND, "{}: expired record", fx.label());
    assert!(!fx
        .client
        .exists(&ReadPolicy::default(), &short)
        .await
        .expect("exists"));
    let records = scan::collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        Statement::new(NS, set, Bins::All),
    )
    .await
    .expect("scan");
    let keys: Vec<i64> = scan::key_counts(&records).into_keys().collect();
    assert_eq!(keys, [2, 3], "{}: scan after expiry", fx.label());

    // 2.5 s later, DontUpdate must keep the old void time rather than recompute one.
    fx.client
        .put(
            &with_ttl(Expiration::DontUpdate),
            &kept,
            &[as_bin!("n", 30)],
        )
        .await
        .expect("put dont-update");
    let rec = header(fx, &kept).await;
    assert_eq!(rec.generation, 2, "{}", fx.label());
    assert_eq!(
        rec.expiration(),
        void_time,
        "{}: void time moved",
        fx.label()
    );
}
