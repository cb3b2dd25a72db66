//! C13: secondary indexes made through the client API: numeric range and equality and string
//! equality queries return exactly the matching records, with bin projection; a dropped index
//! leaves `sindex-list` and a query on it fails with 201.

use aerospike::query::Filter;
use aerospike::{
    as_bin, AdminPolicy, Bin, Bins, CollectionIndexType, IndexType, PartitionFilter, QueryPolicy,
    Statement, Task, Value, WritePolicy,
};
use conformance_rust::codes::{server_code, INDEX_NOT_FOUND};
use conformance_rust::data::{int_bin, key};
use conformance_rust::fixture::NS;
use conformance_rust::info::on_every_node;
use conformance_rust::scan::{collect, each_once, key_counts, user_key};
use conformance_rust::Fixture;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::time::Duration;

on_both_clusters!(index_queries_match_exactly_and_fail_once_the_index_is_dropped);

const RECORDS: i64 = 200;
/// A record without bin `n`, and one whose `n` is a string: no numeric query may return them.
const NO_N: i64 = 1000;
const STRING_N: i64 = 1001;
const WAIT: Option<Duration> = Some(Duration::from_secs(10));

fn colour(i: i64) -> String {
    format!("g{}", i % 4)
}

fn bins_of(i: i64) -> Vec<Bin> {
    match i {
        NO_N => vec![as_bin!("g", "none")],
        STRING_N => vec![as_bin!("n", "15"), as_bin!("g", "none")],
        _ => vec![as_bin!("n", i), as_bin!("g", colour(i))],
    }
}

async fn query(fx: &Fixture, set: &str, bins: Bins, filter: Filter) -> Vec<aerospike::Record> {
    let mut statement = Statement::new(NS, set, bins);
    statement.set_filter(filter);
    collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        statement,
    )
    .await
    .unwrap_or_else(|e| panic!("{}: query: {e:?}", fx.label()))
}

async fn create(fx: &Fixture, set: &str, bin: &str, name: &str, ty: IndexType) {
    fx.client
        .create_index_on_bin(
            &AdminPolicy::default(),
            NS,
            set,
            bin,
            name,
            ty,
            CollectionIndexType::Default,
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("create index {name}: {e}"))
        .wait_till_complete(WAIT)
        .await
        .unwrap_or_else(|e| panic!("index {name} ready: {e}"));
}

async fn drop_index(fx: &Fixture, set: &str, name: &str) {
    fx.client
        .drop_index(&AdminPolicy::default(), NS, set, name)
        .await
        .unwrap_or_else(|e| panic!("drop index {name}: {e}"))
        .wait_till_complete(WAIT)
        .await
        .unwrap_or_else(|e| panic!("index {name} gone: {e}"));
}

async fn index_queries_match_exactly_and_fail_once_the_index_is_dropped(fx: &Fixture) {
    let set = "c13_sindex";
    let wp = &WritePolicy {
        send_key: true,
        ..WritePolicy::default()
    };
    stream::iter((0..RECORDS).chain([NO_N, STRING_N]))
        .map(|i| async move { fx.client.put(wp, &key(set, i), &bins_of(i)).await })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("writes");
    create(fx, set, "n", "c13_n", IndexType::Numeric).await;
    create(fx, set, "g", "c13_g", IndexType::String).await;

    let found = query(fx, set, Bins::All, Filter::range("n", 10, 19)).await;
    assert_eq!(key_counts(&found), each_once(10..=19), "{}", fx.label());
    for r in &found {
        let n = int_bin(r, "n").expect("bin n");
        assert_eq!(r.bins.get("g"), Some(&Value::from(colour(n))));
    }
    let found = query(fx, set, Bins::All, Filter::equal("n", 42)).await;
    assert_eq!(key_counts(&found), each_once([42]), "{}", fx.label());

    let found = query(fx, set, Bins::All, Filter::equal("g", "g1")).await;
    assert_eq!(
        key_counts(&found),
        each_once((0..RECORDS).filter(|i| i % 4 == 1)),
        "{}",
        fx.label()
    );

    // Bin projection applies to queries as to scans.
    let found = query(fx, set, Bins::from(["g"]), Filter::range("n", 0, 4)).await;
    assert_eq!(key_counts(&found), each_once(0..=4), "{}", fx.label());
    for r in &found {
        let names: Vec<&String> = r.bins.keys().collect();
        assert_eq!(names, ["g"], "{}", fx.label());
        let n = user_key(r).expect("user key");
        assert_eq!(r.bins["g"], Value::from(colour(n)));
    }

    drop_index(fx, set, "c13_n").await;
    for (node, list) in on_every_node(&fx.client, "sindex-list")
        .await
        .expect("sindex-list")
    {
        assert!(
            !list.contains("indexname=c13_n:") && list.contains("indexname=c13_g:"),
            "{}: {node} lists {list:?}",
            fx.label()
        );
    }
    let mut statement = Statement::new(NS, set, Bins::All);
    statement.set_filter(Filter::range("n", 10, 19));
    let mut once = QueryPolicy::default();
    once.base_policy.max_retries = 0;
    match collect(&fx.client, &once, PartitionFilter::all(), statement).await {
        Ok(records) => panic!(
            "{}: query on a dropped index returned {} records",
            fx.label(),
            records.len()
        ),
        Err(e) => assert_eq!(
            server_code(&e),
            Some(INDEX_NOT_FOUND),
            "{}: {e:?}",
            fx.label()
        ),
    }

    // The other index still serves.
    let found = query(fx, set, Bins::All, Filter::equal("g", "g3")).await;
    assert_eq!(found.len() as i64, RECORDS / 4, "{}", fx.label());
    drop_index(fx, set, "c13_g").await;
}
