//! 10,000 readers (most closed mid-scan, after one frame) and 10,000 writers opened and closed
//! in one process: after a warm-up, no growth of threads, open descriptors (sockets) or
//! resident memory. Counted from /proc/self, which also holds the in-process aerolite, so the
//! bounds are on the whole process.

mod common;

use std::time::Instant;

use aerohadoop::frame::decode;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerohadoop::write::{WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerospike::Value;
use common::*;

const OPENS: usize = 10_000;
const WARM_UP: usize = 1_000;

#[derive(Debug, Clone, Copy)]
struct Usage {
    threads: usize,
    fds: usize,
    rss_kib: u64,
}

fn usage() -> Usage {
    let count = |dir: &str| std::fs::read_dir(dir).expect(dir).count();
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS");
    Usage {
        threads: count("/proc/self/task"),
        fds: count("/proc/self/fd"),
        rss_kib,
    }
}

/// Runs `once` OPENS times; returns the usage after the warm-up and at the end.
fn measure(what: &str, mut once: impl FnMut(usize)) -> (Usage, Usage) {
    let started = Instant::now();
    let mut warm = usage();
    for i in 0..OPENS {
        once(i);
        if i + 1 == WARM_UP {
            warm = usage();
        }
    }
    // Closing is asynchronous for the tasks a reader leaves (they end at their next await);
    // give them a moment, as a task JVM's next split would.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let end = usage();
    eprintln!(
        "{what}: {OPENS} opened and closed in {:?}; after {WARM_UP}: {warm:?}; at the end: {end:?}",
        started.elapsed()
    );
    (warm, end)
}

fn assert_no_growth(what: &str, warm: Usage, end: Usage) {
    assert!(
        end.threads <= warm.threads,
        "{what}: threads {warm:?} -> {end:?}"
    );
    // A pooled connection or two may be open at one moment and not the other.
    assert!(
        end.fds <= warm.fds + 4,
        "{what}: descriptors {warm:?} -> {end:?}"
    );
    // Allocator noise only: a leak of even 2 KiB per open would show as 18 MiB.
    assert!(
        end.rss_kib <= warm.rss_kib + 16 * 1024,
        "{what}: resident memory {warm:?} -> {end:?}"
    );
}

#[test]
fn ten_thousand_readers_and_writers_opened_and_closed_leave_no_threads_sockets_or_memory() {
    let server = cluster(3, 1);
    let client = client(&server);
    write_numbered(&client, "hygiene", 3_000);
    let splits = plan(&client, "hygiene", SplitMode::Partitions, 64);
    let options = ReadOptions::default();
    let mut records = 0usize;
    let (warm, end) = measure("readers", |i| {
        let reader = open(&client, &splits[i % splits.len()], &options);
        if i % 10 == 0 {
            records += drain_ok(&reader).len();
        } else if let Some(frame) = reader.next_frame().expect("reads") {
            // Closed mid-scan: one frame read, the rest left to the close.
            records += decode(frame.bytes()).expect("decodes").len();
        }
        drop(reader);
    });
    assert!(records > OPENS, "the readers read {records} records");
    assert_no_growth("readers", warm, end);

    let (warm, end) = measure("writers", |i| {
        let w = Writer::open(
            client.clone(),
            WriteOptions {
                set: "hygiene_w".into(),
                ..WriteOptions::new(NS)
            },
        )
        .expect("opens");
        let record = WriteRecord {
            set: None,
            user_key: Some(Value::Int((i % 100) as i64)),
            digest: None,
            generation: 0,
            bins: vec![("i".to_string(), Value::Int(i as i64))],
        };
        w.write(&encode(&[record]).expect("encodes"))
            .expect("write");
        if i % 2 == 0 {
            w.flush().expect("flush");
        }
        w.close();
    });
    assert_no_growth("writers", warm, end);
}
