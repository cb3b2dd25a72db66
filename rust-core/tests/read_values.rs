//! The reader's own wire path against the official crate's reading of the same records: every
//! value type, every user key type, the set, generation and expiry come out of a scan exactly as
//! `Client::get` reads them (re-encoded into a frame by the crate-record path). And a cluster
//! with security on is scanned over connections that log in.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aerohadoop::cluster::Registry;
use aerohadoop::connection::ConnectionConfig;
use aerohadoop::frame::{decode, DecodedRecord, FrameBuilder};
use aerohadoop::runtime;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerolite::{Cluster, ClusterConfig};
use aerospike::policy::{ReadPolicy, WritePolicy};
use aerospike::{as_bin, Bin, Bins, Expiration, FloatValue, IndexMap, Key, Value};
use common::*;

fn every_value(i: i64) -> Vec<Bin> {
    let mut ordered = IndexMap::new();
    ordered.insert(Value::from("k"), Value::Int(i));
    ordered.insert(
        Value::Int(7),
        Value::List(vec![Value::Nil, Value::Bool(false)]),
    );
    let mut sorted = BTreeMap::new();
    sorted.insert(Value::Int(2), Value::from("two"));
    sorted.insert(Value::Int(1), Value::Blob(vec![1, 2, 3]));
    let mut hashed = HashMap::new();
    hashed.insert(Value::from("only"), Value::Float(FloatValue::from(0.25)));
    vec![
        as_bin!("int", i),
        as_bin!("neg", -i - 1_000_000_000_000),
        as_bin!("float", i as f64 * 1.5),
        as_bin!("str", format!("wörd-{i}")),
        as_bin!("empty", ""),
        as_bin!("blob", vec![0u8, 255, i as u8]),
        as_bin!("bool", i % 2 == 0),
        Bin::new(
            "geo",
            Value::GeoJson(format!(
                r#"{{"type":"Point","coordinates":[{}.5,1.25]}}"#,
                i % 90
            )),
        ),
        Bin::new(
            "list",
            Value::List(vec![
                Value::Int(i),
                Value::from("x"),
                Value::List(vec![Value::Float(FloatValue::from(-2.0)), Value::Nil]),
                Value::Blob(vec![9]),
                Value::Int(u32::MAX as i64 + 1),
                Value::Int(-129),
            ]),
        ),
        Bin::new("omap", Value::OrderedMap(ordered)),
        Bin::new("smap", Value::SortedMap(sorted)),
        Bin::new("hmap", Value::HashMap(hashed)),
    ]
}

/// What the crate's own read of `key` gives, as a frame record (`get` returns no key: the digest
/// and set are the key's, the user key is there when it was stored).
fn read_by_crate(
    client: &aerohadoop::cluster::SharedClient,
    key: &Key,
    key_stored: bool,
) -> DecodedRecord {
    let c = client.client().clone();
    let asked = key.clone();
    let record = client
        .runtime()
        .block_on(async move { c.get(&ReadPolicy::default(), &asked, Bins::All).await })
        .expect("get");
    let mut frames = FrameBuilder::new(1 << 20);
    let pushed = frames.push_parts(
        &key.digest(),
        record.generation,
        record.expiration(),
        Some(key.set_name()),
        key.user_key().filter(|_| key_stored),
        record.bins.iter().map(|(n, v)| (n.as_str(), v)),
    );
    assert!(pushed.expect("encodes").is_none());
    let frame = frames.finish().expect("one record");
    decode(frame.bytes()).expect("decodes").remove(0)
}

fn sorted_bins(mut r: DecodedRecord) -> DecodedRecord {
    r.bins.sort_by(|a, b| a.0.cmp(&b.0));
    r
}

#[test]
fn every_value_and_key_type_reads_as_the_official_client_reads_it() {
    let server = cluster(2, 1);
    let client = client(&server);
    let keys: Vec<Key> = (0..60)
        .map(|i| match i % 3 {
            0 => Key::new(NS, "values", Value::Int(i)).expect("key"),
            1 => Key::new(NS, "values", Value::from(format!("key-{i}"))).expect("key"),
            _ => Key::new(NS, "values", Value::Blob(vec![i as u8, 1, 2])).expect("key"),
        })
        .collect();
    let c = client.client().clone();
    let written = keys.clone();
    client.runtime().block_on(async move {
        for (i, key) in written.iter().enumerate() {
            let policy = WritePolicy {
                send_key: i % 5 != 0,
                expiration: if i % 4 == 0 {
                    Expiration::Seconds(3_600)
                } else {
                    Expiration::Never
                },
                ..WritePolicy::default()
            };
            c.put(&policy, key, &every_value(i as i64))
                .await
                .expect("put");
            if i % 7 == 0 {
                // A second write: generation 2.
                c.put(&policy, key, &[as_bin!("int", i as i64)])
                    .await
                    .expect("put");
            }
        }
    });

    let mut scanned: BTreeMap<[u8; 20], DecodedRecord> = BTreeMap::new();
    for split in plan(&client, "values", SplitMode::Partitions, 3) {
        for r in read_all(&client, &split, &ReadOptions::default()) {
            assert!(scanned.insert(r.digest, r).is_none(), "a record read twice");
        }
    }
    assert_eq!(scanned.len(), keys.len());
    let mut with_key = 0;
    for (i, key) in keys.iter().enumerate() {
        let want = sorted_bins(read_by_crate(&client, key, i % 5 != 0));
        let got = sorted_bins(scanned.remove(&key.digest()).expect("scanned"));
        with_key += usize::from(got.user_key.is_some());
        assert_eq!(got, want, "record {key:?}");
    }
    assert_eq!(with_key, 48, "keys stored by 4 of every 5 writes");
}

#[test]
fn a_cluster_with_security_is_scanned_over_connections_that_log_in() {
    let server = Cluster::start(ClusterConfig {
        nodes: 2,
        credentials: Some(("reader".into(), "s3cret".into())),
        ..ClusterConfig::default()
    })
    .expect("aerolite starts");
    let registry = Registry::new(runtime::handle().expect("runtime"));
    let config =
        ConnectionConfig::new(&server.seeds(), Some("reader"), Some("s3cret"), 2_000).expect("ok");
    let client = Arc::new(registry.acquire(config).expect("connects"));
    write_numbered(&client, "secured", 500);
    let mut all = Vec::new();
    for split in plan(&client, "secured", SplitMode::Node, 0) {
        all.extend(read_all(&client, &split, &ReadOptions::default()));
    }
    assert_eq!(key_counts(&all), each_once(0..500));
    assert_bins_as_written(&all);
}
