//! C14: filter expressions built with the crate's expression builder select exactly the
//! expected records in scans, and a single-record read whose filter is false is FILTERED_OUT.

use aerospike::expressions::{
    and, bool_bin, bool_val, eq, float_bin, float_val, ge, gt, int_bin, int_val, last_update, le,
    lt, not, num_mod, or, string_bin, string_val, ttl, Expression,
};
use aerospike::{
    as_bin, BasePolicy, Bins, Expiration, PartitionFilter, QueryPolicy, ReadPolicy, Statement,
    WritePolicy,
};
use conformance_rust::codes::{expect_server_code, FILTERED_OUT};
use conformance_rust::data::key;
use conformance_rust::fixture::NS;
use conformance_rust::scan::{collect, each_once, key_counts};
use conformance_rust::Fixture;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

on_both_clusters!(scan_filters_select_exactly_the_matching_records);

const SET: &str = "c14_filters";
const RECORDS: i64 = 100;
/// Records from this id on are written after the cut-off the last-update filter uses.
const SECOND_WAVE: i64 = 70;
/// Records below this id get a 1000 s TTL, the rest 100000 s.
const SHORT_TTL_BELOW: i64 = 50;

const COLOURS: [&str; 3] = ["red", "green", "blue"];

fn colour(i: i64) -> &'static str {
    COLOURS[(i % 3) as usize]
}

async fn write(fx: &Fixture, ids: std::ops::Range<i64>) {
    for i in ids {
        let wp = WritePolicy {
            send_key: true,
            expiration: Expiration::Seconds(if i < SHORT_TTL_BELOW { 1000 } else { 100_000 }),
            ..WritePolicy::default()
        };
        fx.client
            .put(
                &wp,
                &key(SET, i),
                &[
                    as_bin!("n", i),
                    as_bin!("f", i as f64 / 2.0),
                    as_bin!("s", colour(i)),
                    as_bin!("b", i % 2 == 0),
                ],
            )
            .await
            .expect("put");
    }
}

async fn matching(fx: &Fixture, filter: Expression) -> std::collections::BTreeMap<i64, usize> {
    let mut policy = QueryPolicy::default();
    policy.base_policy.filter_expression = Some(filter);
    let records = collect(
        &fx.client,
        &policy,
        PartitionFilter::all(),
        Statement::new(NS, SET, Bins::All),
    )
    .await
    .expect("filtered scan");
    key_counts(&records)
}

fn unix_nanos() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

async fn scan_filters_select_exactly_the_matching_records(fx: &Fixture) {
    write(fx, 0..SECOND_WAVE).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let cut_off = unix_nanos();
    tokio::time::sleep(Duration::from_millis(50)).await;
    write(fx, SECOND_WAVE..RECORDS).await;

    let ids = || 0..RECORDS;
    let cases: Vec<(&str, Expression, Vec<i64>)> = vec![
        (
            "int gt",
            gt(int_bin("n"), int_val(89)),
            ids().filter(|&i| i > 89).collect(),
        ),
        (
            "float lt",
            lt(float_bin("f"), float_val(5.0)),
            ids().filter(|&i| (i as f64) / 2.0 < 5.0).collect(),
        ),
        (
            "float le",
            le(float_bin("f"), float_val(5.0)),
            ids().filter(|&i| (i as f64) / 2.0 <= 5.0).collect(),
        ),
        (
            "string eq",
            eq(string_bin("s"), string_val("red")),
            ids().filter(|&i| colour(i) == "red").collect(),
        ),
        (
            "bool eq",
            eq(bool_bin("b"), bool_val(true)),
            ids().filter(|&i| i % 2 == 0).collect(),
        ),
        (
            "and",
            and(vec![
                gt(int_bin("n"), int_val(20)),
                lt(int_bin("n"), int_val(30)),
            ]),
            (21..30).collect(),
        ),
        (
            "or",
            or(vec![
                lt(int_bin("n"), int_val(5)),
                ge(int_bin("n"), int_val(96)),
            ]),
            ids().filter(|&i| !(5..96).contains(&i)).collect(),
        ),
        (
            "not",
            not(eq(string_bin("s"), string_val("red"))),
            ids().filter(|&i| colour(i) != "red").collect(),
        ),
        (
            "and/or/not",
            and(vec![
                not(eq(bool_bin("b"), bool_val(true))),
                or(vec![
                    eq(string_bin("s"), string_val("green")),
                    le(int_bin("n"), int_val(10)),
                ]),
            ]),
            ids()
                .filter(|&i| i % 2 != 0 && (colour(i) == "green" || i <= 10))
                .collect(),
        ),
        (
            "last update",
            gt(last_update(), int_val(cut_off)),
            (SECOND_WAVE..RECORDS).collect(),
        ),
        // A real server keeps the last-update time in milliseconds.
        (
            "last update in ms",
            eq(num_mod(last_update(), int_val(1_000_000)), int_val(0)),
            ids().collect(),
        ),
        (
            "ttl",
            lt(ttl(), int_val(2000)),
            (0..SHORT_TTL_BELOW).collect(),
        ),
        (
            "ttl range",
            and(vec![
                gt(ttl(), int_val(90_000)),
                le(ttl(), int_val(100_000)),
            ]),
            (SHORT_TTL_BELOW..RECORDS).collect(),
        ),
        ("missing bin", gt(int_bin("absent"), int_val(0)), Vec::new()),
    ];
    for (what, filter, expected) in cases {
        assert_eq!(
            matching(fx, filter).await,
            each_once(expected),
            "{}: filter {what}",
            fx.label()
        );
    }

    let mut rp = ReadPolicy::default();
    rp.base_policy.filter_expression = Some(eq(int_bin("n"), int_val(-1)));
    let code = expect_server_code(fx.client.get(&rp, &key(SET, 3), Bins::All).await);
    assert_eq!(code, FILTERED_OUT, "{}", fx.label());
    rp.base_policy.filter_expression = Some(eq(int_bin("n"), int_val(3)));
    let rec = fx
        .client
        .get(&rp, &key(SET, 3), Bins::All)
        .await
        .expect("get whose filter is true");
    assert_eq!(rec.bins.get("s"), Some(&aerospike::Value::from("red")));

    // A write whose filter is false is refused with 27 and changes nothing.
    let wp = WritePolicy {
        base_policy: BasePolicy {
            filter_expression: Some(eq(string_bin("s"), string_val("blue"))),
            ..BasePolicy::default()
        },
        ..WritePolicy::default()
    };
    let code = expect_server_code(fx.client.put(&wp, &key(SET, 3), &[as_bin!("n", -3)]).await);
    assert_eq!(code, FILTERED_OUT, "{}: write", fx.label());
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key(SET, 3), Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.bins.get("n"), Some(&aerospike::Value::from(3)));
    assert_eq!(rec.generation, 1, "{}", fx.label());
    // The same filter passes for a blue record, and the write lands.
    fx.client
        .put(&wp, &key(SET, 2), &[as_bin!("n", -2)])
        .await
        .expect("write whose filter is true");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key(SET, 2), Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.bins.get("n"), Some(&aerospike::Value::from(-2)));
}
