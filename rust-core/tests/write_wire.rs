//! The writer's own wire path against aerolite, where write_path.rs does not reach: a batch the
//! node refuses as a whole (its LAST carries the code) fails every record with that code, after
//! resends only when the code is retryable; and a cluster with security on is written to through
//! the writer's own logged-in connections.

mod common;

use std::sync::Arc;
use std::time::Duration;

use aerohadoop::cluster::{Registry, SharedClient};
use aerohadoop::connection::ConnectionConfig;
use aerohadoop::runtime;
use aerohadoop::write::{WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerolite::{Cluster, ClusterConfig};
use aerospike::policy::ReadPolicy;
use aerospike::{Bins, Value};
use common::*;

fn rec(i: i64) -> WriteRecord {
    WriteRecord {
        set: None,
        user_key: Some(Value::Int(i)),
        digest: None,
        generation: 0,
        bins: vec![("v".into(), Value::Int(i * 10))],
    }
}

fn options(set: &str) -> WriteOptions {
    WriteOptions {
        set: set.into(),
        max_errors: Some(1_000),
        max_retries: 2,
        retry_backoff: Duration::from_millis(20),
        ..WriteOptions::new(NS)
    }
}

fn write(client: &Arc<SharedClient>, o: WriteOptions, keys: std::ops::Range<i64>) -> Writer {
    let w = Writer::open(client.clone(), o).expect("opens");
    let records: Vec<WriteRecord> = keys.map(rec).collect();
    w.write(&encode(&records).expect("frame")).expect("write");
    w.flush().expect("within the error limit");
    w
}

fn value_of(client: &SharedClient, set: &str, i: i64) -> Option<Value> {
    let c = client.client().clone();
    let k = key(set, i);
    client
        .runtime()
        .block_on(async move { c.get(&ReadPolicy::default(), &k, Bins::All).await })
        .ok()
        .and_then(|r| r.bins.get("v").cloned())
}

#[test]
fn a_refused_batch_fails_each_record_with_its_code_resending_only_retryable_codes() {
    let server = cluster(1, 1);
    let client = client(&server);
    // 14 (key busy) is retryable: every record is resent twice, then fails.
    server.fail_node_with(0, Some(14));
    let w = write(&client, options("refused"), 0..5);
    let s = w.stats();
    assert_eq!((s.written, s.failed, s.retried, s.batches), (0, 5, 10, 1));
    let mut lines = w.drain_failures();
    lines.sort();
    assert_eq!(lines.len(), 5);
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("key=test/refused/{i} code=14 ")),
            "{line}"
        );
    }
    // 22 (forbidden) is not: no resend.
    server.fail_node_with(0, Some(22));
    let w = write(&client, options("refused"), 5..8);
    let s = w.stats();
    assert_eq!((s.written, s.failed, s.retried), (0, 3, 0));
    assert!(w.drain_failures().iter().all(|l| l.contains(" code=22 ")));
    server.fail_node_with(0, None);
    let w = write(&client, options("refused"), 0..8);
    assert_eq!((w.stats().written, w.stats().failed), (8, 0));
    for i in 0..8 {
        assert_eq!(value_of(&client, "refused", i), Some(Value::Int(i * 10)));
    }
}

#[test]
fn a_cluster_with_security_is_written_through_logged_in_connections() {
    let server = Cluster::start(ClusterConfig {
        nodes: 2,
        replication_factor: 1,
        credentials: Some(("writer".into(), "s3cret".into())),
        ..ClusterConfig::default()
    })
    .expect("aerolite starts");
    let registry = Registry::new(runtime::handle().expect("runtime"));
    let config = ConnectionConfig::new(&server.seeds(), Some("writer"), Some("s3cret"), 2_000)
        .expect("config");
    let client = Arc::new(registry.acquire(config).expect("connects"));
    let o = WriteOptions {
        batch_size: 50,
        ..options("secure")
    };
    let w = write(&client, o, 0..500);
    let s = w.stats();
    assert_eq!((s.written, s.failed, s.batches), (500, 0, 10), "{s:?}");
    for i in (0..500).step_by(37) {
        assert_eq!(value_of(&client, "secure", i), Some(Value::Int(i * 10)));
    }
}
