//! The load phase: one single-record put per record, a fixed number in flight.

use crate::BenchError;
use aerospike::{Bin, Client, Key, Value, WritePolicy};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The record `i` of the data set: an int, a 20-character string and a float.
pub fn bins(i: u64) -> [Bin; 3] {
    [
        Bin::new("i", Value::from(i as i64)),
        Bin::new("s", Value::from(format!("s{i:019}"))),
        Bin::new("f", Value::from(i as f64 * 0.25)),
    ]
}

/// Puts records `0..records` into `namespace.set` with `in_flight` puts outstanding at any
/// time (each of that many tasks sends its next put when the previous one is answered).
pub async fn load(
    client: Arc<Client>,
    namespace: &str,
    set: &str,
    records: u64,
    in_flight: usize,
) -> Result<Duration, BenchError> {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        let (client, next) = (client.clone(), next.clone());
        let (namespace, set) = (namespace.to_string(), set.to_string());
        tasks.push(tokio::spawn(async move {
            let policy = WritePolicy::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= records {
                    return Ok(());
                }
                let key = Key::new(namespace.as_str(), set.as_str(), Value::from(i as i64))
                    .map_err(|e| BenchError::Client(format!("key {i}: {e}")))?;
                client
                    .put(&policy, &key, &bins(i))
                    .await
                    .map_err(|e| BenchError::Client(format!("put {i}: {e}")))?;
            }
        }));
    }
    for t in tasks {
        t.await
            .map_err(|e| BenchError::Client(format!("put task: {e}")))??;
    }
    Ok(started.elapsed())
}
