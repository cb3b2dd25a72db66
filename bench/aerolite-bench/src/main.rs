//! Benchmark of aerolite with the official Rust client (`aerospike` 3.0.0): starts the aerolite
//! release binary as its own process (1 node), loads records of 3 bins (int, 20-character
//! string, float) with single puts, scans them with `query_foreach` and with the stream API,
//! and reports rates and aerolite's memory as a Markdown table. Not a test: it prints figures.

mod load;
mod report;
mod scan;
mod server;

use aerospike::{Client, ClientPolicy};
use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(about = "aerolite throughput and memory with the official Rust client")]
struct Args {
    /// The aerolite binary to start (build it with `cargo build --release -p aerolite`).
    #[arg(long, default_value = "target/release/aerolite")]
    aerolite: PathBuf,
    /// Records to load.
    #[arg(long, default_value_t = 1_000_000)]
    records: u64,
    /// Puts in flight during the load.
    #[arg(long, default_value_t = 64)]
    in_flight: usize,
    /// Runs of each scan API; the table shows the median and the best.
    #[arg(long, default_value_t = 3)]
    scans: usize,
    #[arg(long, default_value = "test")]
    namespace: String,
    #[arg(long, default_value = "bench")]
    set: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("cannot start aerolite: {0}")]
    Start(String),
    #[error("cannot measure aerolite: {0}")]
    Measure(String),
    #[error("client: {0}")]
    Client(String),
    #[error("wrong result: {0}")]
    Wrong(String),
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = runtime.block_on(run(&args)) {
        eprintln!("aerolite-bench: {e}");
        std::process::exit(1);
    }
}

async fn run(args: &Args) -> Result<(), BenchError> {
    let server = server::Server::start(&args.aerolite)?;
    let client = Arc::new(
        Client::new(&ClientPolicy::default(), &server.seeds)
            .await
            .map_err(|e| BenchError::Client(format!("connect to {}: {e}", server.seeds)))?,
    );
    let before = server.memory()?;
    eprintln!(
        "loading {} records into {}.{} ({} in flight)",
        args.records, args.namespace, args.set, args.in_flight
    );
    let (cpu0, client0) = (server.cpu_seconds()?, server::cpu_seconds("self")?);
    let load_time = load::load(
        client.clone(),
        &args.namespace,
        &args.set,
        args.records,
        args.in_flight,
    )
    .await?;
    let after = server.memory()?;
    let load_cpu = server.cpu_seconds()? - cpu0;
    let load_client_cpu = server::cpu_seconds("self")? - client0;

    let mut foreach = Vec::new();
    let mut stream = Vec::new();
    for round in 0..args.scans {
        eprintln!("scan round {} of {}", round + 1, args.scans);
        let (cpu, own) = (server.cpu_seconds()?, server::cpu_seconds("self")?);
        let mut run = scan::foreach(&client, &args.namespace, &args.set).await?;
        run.server_cpu = server.cpu_seconds()? - cpu;
        run.client_cpu = server::cpu_seconds("self")? - own;
        foreach.push(run);
        let (cpu, own) = (server.cpu_seconds()?, server::cpu_seconds("self")?);
        let mut run = scan::stream(&client, &args.namespace, &args.set).await?;
        run.server_cpu = server.cpu_seconds()? - cpu;
        run.client_cpu = server::cpu_seconds("self")? - own;
        stream.push(run);
    }
    for run in foreach.iter().chain(&stream) {
        if run.records != args.records || run.bins != 3 * args.records {
            return Err(BenchError::Wrong(format!(
                "a scan returned {} records and {} bins, expected {} and {}",
                run.records,
                run.bins,
                args.records,
                3 * args.records
            )));
        }
    }
    let end = server.memory()?;
    // What aerolite costs holding the data with nothing asked of it.
    let idle_window = std::time::Duration::from_secs(5);
    let cpu = server.cpu_seconds()?;
    tokio::time::sleep(idle_window).await;
    let idle_cpu = (server.cpu_seconds()? - cpu) / idle_window.as_secs_f64();
    client.close().await.ok();

    let figures = report::Figures {
        records: args.records,
        in_flight: args.in_flight,
        load_time,
        load_cpu,
        load_client_cpu,
        foreach: foreach
            .iter()
            .map(|r| (r.elapsed, r.server_cpu, r.client_cpu))
            .collect(),
        stream: stream
            .iter()
            .map(|r| (r.elapsed, r.server_cpu, r.client_cpu))
            .collect(),
        before,
        after,
        end,
        idle_cpu,
    };
    let command: Vec<String> = std::env::args().collect();
    println!("{}", report::markdown(&figures, &command.join(" ")));
    Ok(())
}
