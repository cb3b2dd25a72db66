//! Fixtures of the read-path tests: an aerolite cluster, a client from the registry, numbered
//! records, and a reader drained into decoded records.

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerohadoop::cluster::{Registry, SharedClient};
use aerohadoop::connection::ConnectionConfig;
use aerohadoop::frame::{decode, DecodedRecord};
use aerohadoop::scan::{ReadOptions, SplitReader};
use aerohadoop::split::{self, PlanRequest, Split, SplitMode};
use aerohadoop::{runtime, Error};
use aerolite::{Cluster, ClusterConfig};
use aerospike::policy::{AdminPolicy, WritePolicy};
use aerospike::query::{CollectionIndexType, IndexType};
use aerospike::{as_bin, Bin, Key, Task, Value};

pub const NS: &str = "test";

pub fn cluster(nodes: usize, replication_factor: usize) -> Cluster {
    Cluster::start(ClusterConfig {
        nodes,
        replication_factor,
        ..ClusterConfig::default()
    })
    .expect("aerolite starts")
}

/// A client of `cluster` from a registry of its own (tests run in parallel).
pub fn client(cluster: &Cluster) -> Arc<SharedClient> {
    let registry = Registry::new(runtime::handle().expect("runtime"));
    let config = ConnectionConfig::new(&cluster.seeds(), None, None, 2_000).expect("config");
    Arc::new(registry.acquire(config).expect("connects"))
}

pub fn key(set: &str, i: i64) -> Key {
    Key::new(NS, set, Value::Int(i)).expect("key")
}

/// The bins record `i` is written with.
pub fn bins_of(i: i64) -> Vec<Bin> {
    vec![
        as_bin!("n", i),
        as_bin!("s", format!("value-{i}")),
        as_bin!("f", i as f64 / 4.0),
    ]
}

/// Writes records `0..count` (user key stored) into `set`, 64 in flight.
pub fn write_numbered(client: &SharedClient, set: &str, count: i64) {
    let policy = WritePolicy {
        send_key: true,
        ..WritePolicy::default()
    };
    let c = client.client().clone();
    client.runtime().block_on(async move {
        let mut next = 0;
        while next < count {
            let end = (next + 64).min(count);
            let writes = (next..end).map(|i| {
                let c = c.clone();
                let policy = policy.clone();
                let set = set.to_string();
                async move { c.put(&policy, &key(&set, i), &bins_of(i)).await }
            });
            for r in futures::future::join_all(writes).await {
                r.expect("put");
            }
            next = end;
        }
    });
}

/// A numeric secondary index on bin `n` of `set`, built before this returns.
pub fn index_numbers(client: &SharedClient, set: &str) {
    let c = client.client().clone();
    let set = set.to_string();
    client
        .runtime()
        .block_on(async move {
            c.create_index_on_bin(
                &AdminPolicy::default(),
                NS,
                &set,
                "n",
                &format!("{set}_n"),
                IndexType::Numeric,
                CollectionIndexType::Default,
                None,
            )
            .await?
            .wait_till_complete(Some(Duration::from_secs(10)))
            .await
        })
        .expect("index built");
}

/// The numrange splits of `[begin, end]` on bin `n`.
pub fn plan_numrange(
    client: &SharedClient,
    set: &str,
    begin: i64,
    end: i64,
    count: i32,
) -> Vec<Split> {
    let view = client.view().expect("view");
    split::plan(
        &view,
        &PlanRequest {
            namespace: NS.into(),
            set: set.into(),
            mode: SplitMode::NumRange,
            split_count: count,
            range: Some(split::NumRange {
                bin: "n".into(),
                begin,
                end,
            }),
            partitions: split::PartitionRange::ALL,
        },
    )
    .expect("plan")
}

pub fn plan(client: &SharedClient, set: &str, mode: SplitMode, count: i32) -> Vec<Split> {
    let view = client.view().expect("view");
    split::plan(
        &view,
        &PlanRequest {
            namespace: NS.into(),
            set: set.into(),
            mode,
            split_count: count,
            range: None,
            partitions: split::PartitionRange::ALL,
        },
    )
    .expect("plan")
}

pub fn open(client: &Arc<SharedClient>, split: &Split, options: &ReadOptions) -> SplitReader {
    SplitReader::open(client.clone(), split.clone(), NS, &split.set, options).expect("opens")
}

/// Every record of the reader, in delivery order, and the error that ended it, if any.
pub fn drain(reader: &SplitReader) -> (Vec<DecodedRecord>, Option<Error>) {
    let mut out = Vec::new();
    loop {
        match reader.next_frame() {
            Ok(Some(frame)) => {
                let records = decode(frame.bytes()).expect("frame decodes");
                assert_eq!(records.len() as u32, frame.records());
                out.extend(records);
            }
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// The records of a reader that must end well.
pub fn drain_ok(reader: &SplitReader) -> Vec<DecodedRecord> {
    match drain(reader) {
        (records, None) => records,
        (_, Some(e)) => panic!("read failed: {e}"),
    }
}

/// The records delivered by a reader that must fail, and its error.
pub fn drain_err(reader: &SplitReader) -> (Vec<DecodedRecord>, Error) {
    match drain(reader) {
        (records, Some(e)) => (records, e),
        (records, None) => panic!("the read ended well with {} records", records.len()),
    }
}

pub fn read_all(
    client: &Arc<SharedClient>,
    split: &Split,
    options: &ReadOptions,
) -> Vec<DecodedRecord> {
    let reader = open(client, split, options);
    let records = drain_ok(&reader);
    let stats = reader.stats();
    assert_eq!(stats.records, records.len() as u64);
    assert_eq!(stats.partitions_done, stats.partitions_total, "{stats:?}");
    assert_eq!(stats.partitions_total, split.partition_count() as u64);
    // The end is sticky: asking again still says "no more".
    assert!(reader.next_frame().expect("after the end").is_none());
    records
}

pub fn user_key(r: &DecodedRecord) -> i64 {
    match r.user_key {
        Some(Value::Int(i)) => i,
        ref other => panic!("record without integer key: {other:?}"),
    }
}

/// How many times each user key was read.
pub fn key_counts(records: &[DecodedRecord]) -> BTreeMap<i64, usize> {
    let mut m = BTreeMap::new();
    for r in records {
        *m.entry(user_key(r)).or_insert(0) += 1;
    }
    m
}

pub fn each_once(keys: impl IntoIterator<Item = i64>) -> BTreeMap<i64, usize> {
    keys.into_iter().map(|k| (k, 1)).collect()
}

/// Checks that every record carries exactly the bins it was written with.
pub fn assert_bins_as_written(records: &[DecodedRecord]) {
    for r in records {
        let i = user_key(r);
        let want: Vec<(String, Value)> =
            bins_of(i).into_iter().map(|b| (b.name, b.value)).collect();
        let mut got = r.bins.clone();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want = want;
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, want, "record {i}");
    }
}

pub fn partition_of(digest: &[u8; 20]) -> usize {
    (usize::from(digest[0]) | (usize::from(digest[1]) << 8)) & 4095
}

/// Waits until the client sees `nodes` nodes.
pub fn wait_for_nodes(client: &SharedClient, nodes: usize) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while client.node_names().len() != nodes {
        assert!(
            Instant::now() < deadline,
            "client sees {:?}",
            client.node_names()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// CPU seconds this process (client and aerolite alike) has used: less sensitive than wall time
/// to other work on a shared machine. From /proc/self/stat (utime, stime; 100 ticks a second).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // The command name (field 2) may hold spaces; the fields after its ')' are plain.
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    ticks as f64 / 100.0
}
