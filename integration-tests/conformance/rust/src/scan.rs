//! Running scans and queries to completion and summarising what came back.

use aerospike::{Client, PartitionFilter, QueryPolicy, Record, Statement, Value};
use futures::StreamExt;
use std::collections::BTreeMap;

/// Every record a scan or query returns, or its first error.
pub async fn collect(
    client: &Client,
    policy: &QueryPolicy,
    filter: PartitionFilter,
    statement: Statement,
) -> aerospike::Result<Vec<Record>> {
    collect_page(client, policy, filter, statement)
        .await
        .map(|(records, _)| records)
}

/// One round of a scan: its records and the partition filter to resume from (`done()` once
/// every partition is finished).
pub async fn collect_page(
    client: &Client,
    policy: &QueryPolicy,
    filter: PartitionFilter,
    statement: Statement,
) -> aerospike::Result<(Vec<Record>, Option<PartitionFilter>)> {
    let recordset = client.query(policy, filter, statement).await?;
    let mut stream = recordset.clone().into_stream();
    let mut records = Vec::new();
    while let Some(item) = stream.next().await {
        records.push(item?);
    }
    Ok((records, recordset.partition_filter()))
}

/// The integer user key a scanned record carries (stored with send-key).
pub fn user_key(record: &Record) -> Option<i64> {
    match record.key.as_ref().and_then(|k| k.user_key()) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// How many times each user key came back; a record without a stored key fails the test.
#[track_caller]
pub fn key_counts(records: &[Record]) -> BTreeMap<i64, usize> {
    let mut counts = BTreeMap::new();
    for r in records {
        let k = user_key(r).unwrap_or_else(|| panic!("scanned record without a user key: {r:?}"));
        *counts.entry(k).or_insert(0) += 1;
    }
    counts
}

/// The multiset `ids`, each once: what `key_counts` must equal for an exact scan.
pub fn each_once(ids: impl IntoIterator<Item = i64>) -> BTreeMap<i64, usize> {
    ids.into_iter().map(|i| (i, 1)).collect()
}
