//! The Markdown table the benchmark prints, with the rates a real Aerospike 8.1 gave the same
//! client on these machines as targets.

use crate::server::Memory;
use std::time::Duration;

/// Single puts per second, 64 in flight, real Aerospike 8.1, same machine.
pub const TARGET_PUTS: f64 = 88_000.0;
/// Scan records per second with the Rust client, real Aerospike 8.1, same machine.
pub const TARGET_SCAN: f64 = 650_000.0;

pub struct Figures {
    pub records: u64,
    pub in_flight: usize,
    pub load_time: Duration,
    /// CPU seconds aerolite and the client used during the load.
    pub load_cpu: f64,
    pub load_client_cpu: f64,
    /// Per scan run: its wall time and the CPU seconds aerolite and the client used.
    pub foreach: Vec<(Duration, f64, f64)>,
    pub stream: Vec<(Duration, f64, f64)>,
    pub before: Memory,
    pub after: Memory,
    pub end: Memory,
    /// Share of one core aerolite used while idle with the records loaded.
    pub idle_cpu: f64,
}

fn rate(records: u64, d: Duration) -> f64 {
    records as f64 / d.as_secs_f64()
}

/// Median and best rate over several runs.
fn median_best(records: u64, runs: &[(Duration, f64, f64)]) -> (f64, f64) {
    let mut rates: Vec<f64> = runs.iter().map(|&(d, _, _)| rate(records, d)).collect();
    rates.sort_by(|a, b| a.total_cmp(b));
    let median = rates.get(rates.len() / 2).copied().unwrap_or(0.0);
    let best = rates.last().copied().unwrap_or(0.0);
    (median, best)
}

/// Median CPU microseconds per record over several runs, of aerolite (`client` false) or of
/// the client.
fn cpu_us_per_record(records: u64, runs: &[(Duration, f64, f64)], client: bool) -> f64 {
    let mut cpu: Vec<f64> = runs
        .iter()
        .map(|&(_, server, own)| if client { own } else { server })
        .collect();
    cpu.sort_by(|a, b| a.total_cmp(b));
    cpu.get(cpu.len() / 2).copied().unwrap_or(0.0) * 1e6 / records as f64
}

fn thousands(x: f64) -> String {
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn verdict(x: f64, target: f64) -> &'static str {
    if x >= target {
        "met"
    } else {
        "MISSED"
    }
}

pub fn markdown(f: &Figures, command: &str) -> String {
    let puts = rate(f.records, f.load_time);
    let (fe_median, fe_best) = median_best(f.records, &f.foreach);
    let (st_median, st_best) = median_best(f.records, &f.stream);
    let grown = f.after.rss_kib.saturating_sub(f.before.rss_kib);
    let per_million = mib(grown) * 1_000_000.0 / f.records as f64;
    let mut t = String::new();
    t.push_str("| measure | aerolite | target (real Aerospike 8.1, same machine) |\n");
    t.push_str("|---|---|---|\n");
    t.push_str(&format!(
        "| single puts/s, {} in flight ({} records in {:.1} s) | {} | ≥ {} ({}) |\n",
        f.in_flight,
        thousands(f.records as f64),
        f.load_time.as_secs_f64(),
        thousands(puts),
        thousands(TARGET_PUTS),
        verdict(puts, TARGET_PUTS)
    ));
    t.push_str(&format!(
        "| scan records/s, `query_foreach` (median / best of {}) | {} / {} | ≥ {} ({}) |\n",
        f.foreach.len(),
        thousands(fe_median),
        thousands(fe_best),
        thousands(TARGET_SCAN),
        verdict(fe_median, TARGET_SCAN)
    ));
    t.push_str(&format!(
        "| scan records/s, `query` + `into_stream` (median / best of {}) | {} / {} | 0.42M – 0.56M measured |\n",
        f.stream.len(),
        thousands(st_median),
        thousands(st_best),
    ));
    t.push_str(&format!(
        "| aerolite CPU per record: put / `query_foreach` / stream (median) | {:.2} / {:.2} / {:.2} µs | |\n",
        f.load_cpu * 1e6 / f.records as f64,
        cpu_us_per_record(f.records, &f.foreach, false),
        cpu_us_per_record(f.records, &f.stream, false)
    ));
    t.push_str(&format!(
        "| client (this benchmark) CPU per record: put / `query_foreach` / stream (median) | {:.2} / {:.2} / {:.2} µs | |\n",
        f.load_client_cpu * 1e6 / f.records as f64,
        cpu_us_per_record(f.records, &f.foreach, true),
        cpu_us_per_record(f.records, &f.stream, true)
    ));
    t.push_str(&format!(
        "| aerolite VmRSS before load / after load / after scans | {:.1} / {:.1} / {:.1} MiB | |\n",
        mib(f.before.rss_kib),
        mib(f.after.rss_kib),
        mib(f.end.rss_kib)
    ));
    t.push_str(&format!(
        "| aerolite VmHWM after scans | {:.1} MiB | |\n",
        mib(f.end.hwm_kib)
    ));
    t.push_str(&format!(
        "| memory per million records (VmRSS growth during load) | {per_million:.1} MiB | |\n"
    ));
    t.push_str(&format!(
        "| aerolite CPU while idle with the records loaded | {:.1} % of a core | |\n",
        f.idle_cpu * 100.0
    ));
    t.push_str(&format!("\nCommand: `{command}`\n"));
    t
}
