//! Reader (d) of the read benchmark (bench/read.sh): the official Rust client's scan,
//! `query_foreach` over every partition, counting in its callback. Driven by the Java benchmark
//! so that its rounds interleave with the Java readers': it connects once, then for every line
//! `scan` on stdin runs one scan and answers one line `<records> <bins> <nanoseconds>` on stdout.
//! Ends at end of input. Not a test: it prints figures.
//!
//!   read-scan --seeds 127.0.0.1:3000 --namespace test --set bench

use aerospike::{Bins, Client, ClientPolicy, PartitionFilter, QueryPolicy, Statement};
use clap::Parser;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "one query_foreach scan per `scan` line on stdin, for bench/read.sh")]
struct Args {
    /// Seed hosts, `host:port[,host:port...]`.
    #[arg(long)]
    seeds: String,
    #[arg(long, default_value = "test")]
    namespace: String,
    #[arg(long, default_value = "bench")]
    set: String,
}

/// Records and bins one scan delivered, and its wall time.
struct Scan {
    records: u64,
    bins: u64,
    nanos: u128,
}

async fn scan(client: &Client, namespace: &str, set: &str) -> Result<Scan, String> {
    let records = Arc::new(AtomicU64::new(0));
    let bins = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let (r, b, e) = (records.clone(), bins.clone(), errors.clone());
    let started = Instant::now();
    let mut handle = client
        .query_foreach(
            &QueryPolicy::default(),
            PartitionFilter::all(),
            Statement::new(namespace, set, Bins::All),
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
        .map_err(|e| format!("query_foreach: {e}"))?;
    handle
        .wait()
        .await
        .map_err(|e| format!("query_foreach: {e}"))?;
    let nanos = started.elapsed().as_nanos();
    let errors = errors.load(Ordering::Relaxed);
    if errors > 0 {
        return Err(format!("query_foreach delivered {errors} errors"));
    }
    Ok(Scan {
        records: records.load(Ordering::Relaxed),
        bins: bins.load(Ordering::Relaxed),
        nanos,
    })
}

async fn run(args: &Args) -> Result<(), String> {
    let client = Client::new(&ClientPolicy::default(), &args.seeds)
        .await
        .map_err(|e| format!("connect to {}: {e}", args.seeds))?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("stdin: {e}"))?;
        match line.trim() {
            "scan" => {
                let s = scan(&client, &args.namespace, &args.set).await?;
                writeln!(out, "{} {} {}", s.records, s.bins, s.nanos)
                    .and_then(|_| out.flush())
                    .map_err(|e| format!("stdout: {e}"))?;
            }
            "" => {}
            other => return Err(format!("unknown command '{other}' (expected 'scan')")),
        }
    }
    client.close().await.ok();
    Ok(())
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = runtime.block_on(run(&args)) {
        eprintln!("read-scan: {e}");
        std::process::exit(1);
    }
}
