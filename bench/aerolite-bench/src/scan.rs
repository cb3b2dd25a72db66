//! The scan phase: every record of the set, through the two scan APIs of the Rust client.

use crate::BenchError;
use aerospike::{Bins, Client, PartitionFilter, QueryPolicy, Statement};
use futures::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one scan saw.
pub struct ScanRun {
    pub records: u64,
    pub bins: u64,
    pub elapsed: Duration,
    /// CPU seconds aerolite and the benchmark (the client) spent during the scan (filled in by
    /// the caller).
    pub server_cpu: f64,
    pub client_cpu: f64,
}

fn statement(namespace: &str, set: &str) -> Statement {
    Statement::new(namespace, set, Bins::All)
}

/// `Client::query_foreach`: records are counted in the callback, on the node stream.
pub async fn foreach(client: &Client, namespace: &str, set: &str) -> Result<ScanRun, BenchError> {
    let records = Arc::new(AtomicU64::new(0));
    let bins = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let (r, b, e) = (records.clone(), bins.clone(), errors.clone());
    let started = Instant::now();
    let mut handle = client
        .query_foreach(
            &QueryPolicy::default(),
            PartitionFilter::all(),
            statement(namespace, set),
            move |rec| {
                match rec {
                    Ok(rec) => {
                        r.fetch_add(1, Ordering::Relaxed);
                        b.fetch_add(rec.bins.len() as u64, Ordering::Relaxed);
                    }
                    Err(_) => {
                        e.fetch_add(1, Ordering::Relaxed);
                    }
                }
                std::future::ready(true)
            },
        )
        .await
        .map_err(|e| BenchError::Client(format!("query_foreach: {e}")))?;
    handle
        .wait()
        .await
        .map_err(|e| BenchError::Client(format!("query_foreach: {e}")))?;
    let elapsed = started.elapsed();
    let errors = errors.load(Ordering::Relaxed);
    if errors > 0 {
        return Err(BenchError::Client(format!(
            "query_foreach delivered {errors} errors"
        )));
    }
    Ok(ScanRun {
        records: records.load(Ordering::Relaxed),
        bins: bins.load(Ordering::Relaxed),
        elapsed,
        server_cpu: 0.0,
        client_cpu: 0.0,
    })
}

/// `Client::query` consumed through `Recordset::into_stream`.
pub async fn stream(client: &Client, namespace: &str, set: &str) -> Result<ScanRun, BenchError> {
    let started = Instant::now();
    let recordset = client
        .query(
            &QueryPolicy::default(),
            PartitionFilter::all(),
            statement(namespace, set),
        )
        .await
        .map_err(|e| BenchError::Client(format!("query: {e}")))?;
    let mut stream = recordset.into_stream();
    let (mut records, mut bins) = (0u64, 0u64);
    while let Some(rec) = stream.next().await {
        let rec = rec.map_err(|e| BenchError::Client(format!("query stream: {e}")))?;
        records += 1;
        bins += rec.bins.len() as u64;
    }
    Ok(ScanRun {
        records,
        bins,
        elapsed: started.elapsed(),
        server_cpu: 0.0,
        client_cpu: 0.0,
    })
}
