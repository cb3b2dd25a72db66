//! The password never reaches the core's `tracing` output or its error messages: every event and
//! span field of every level is recorded while a client logs in, writes and scans over logged-in
//! connections (the reader's own wire path), and while a wrong password and a password without
//! user are refused. The library installs no subscriber (nothing reaches a JVM today); this keeps
//! it safe for the day one is installed.

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aerohadoop::cluster::Registry;
use aerohadoop::connection::ConnectionConfig;
use aerohadoop::runtime;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerohadoop::write::{WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerolite::{Cluster, ClusterConfig};
use aerospike::Value;
use common::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const USER: &str = "etl";
const RIGHT: &str = "Right-Pw-5e8b1k";
const WRONG: &str = "Wrong-Pw-90d3xm";

/// Records every field of every event and span, at every level, as text.
#[derive(Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    events: Arc<AtomicU64>,
    next_span: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Capture {
    fn append(&self, f: impl FnOnce(&mut String)) {
        let mut text = self.text.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut text);
        text.push('\n');
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.append(|t| {
            t.push_str(span.metadata().name());
            span.record(&mut Fields(t));
        });
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        self.append(|t| values.record(&mut Fields(t)));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        self.events.fetch_add(1, Ordering::Relaxed);
        self.append(|t| {
            let _ = write!(
                t,
                "{} {}",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut Fields(t));
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn no_password_in_any_tracing_field_or_error_message_of_logins_writes_scans_and_refusals() {
    let capture = Capture::default();
    let text = capture.text.clone();
    let events = capture.events.clone();
    tracing::subscriber::set_global_default(capture).expect("the only subscriber");

    let server = Cluster::start(ClusterConfig {
        nodes: 3,
        credentials: Some((USER.into(), RIGHT.into())),
        ..ClusterConfig::default()
    })
    .expect("aerolite starts");
    let registry = Registry::new(runtime::handle().expect("runtime"));
    let mut messages = Vec::new();

    let config =
        ConnectionConfig::new(&server.seeds(), Some(USER), Some(RIGHT), 2_000).expect("valid");
    messages.push(format!("{config:?}"));
    let client = Arc::new(registry.acquire(config).expect("logs in"));

    let writer = Writer::open(
        client.clone(),
        WriteOptions {
            set: "secrets".into(),
            ..WriteOptions::new(NS)
        },
    )
    .expect("opens");
    let records: Vec<WriteRecord> = (0..500)
        .map(|i| WriteRecord {
            set: None,
            user_key: Some(Value::Int(i)),
            digest: None,
            generation: 0,
            bins: vec![("n".to_string(), Value::Int(i))],
        })
        .collect();
    writer
        .write(&encode(&records).expect("encodes"))
        .expect("write");
    writer.flush().expect("flush");
    writer.close();

    let mut read = 0;
    for split in plan(&client, "secrets", SplitMode::Partitions, 3) {
        read += read_all(&client, &split, &ReadOptions::default()).len();
    }
    assert_eq!(
        read, 500,
        "the scans over logged-in connections read every record"
    );

    let wrong =
        ConnectionConfig::new(&server.seeds(), Some(USER), Some(WRONG), 2_000).expect("valid");
    messages.push(format!("{wrong:?}"));
    match registry.acquire(wrong) {
        Ok(_) => panic!("a wrong password logged in"),
        Err(e) => {
            assert_eq!(e.result_code(), 65, "{e}");
            messages.push(e.to_string());
            messages.push(format!("{e:?}"));
        }
    }
    match ConnectionConfig::new(&server.seeds(), None, Some(WRONG), 2_000) {
        Ok(_) => panic!("a password without user was accepted"),
        Err(e) => {
            messages.push(e.to_string());
            messages.push(format!("{e:?}"));
        }
    }

    let text = text.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let events = events.load(Ordering::Relaxed);
    eprintln!(
        "tracing: {events} events, {} bytes of fields recorded; {} messages checked",
        text.len(),
        messages.len()
    );
    assert!(
        events > 0,
        "nothing was traced: the check would prove nothing"
    );
    for secret in [RIGHT, WRONG] {
        assert!(!text.contains(secret), "a password in the tracing output");
        for m in &messages {
            assert!(!m.contains(secret), "a password in: {m}");
        }
    }
    // The refusal names the user, so the operator knows which credential to check.
    assert!(messages.iter().any(|m| m.contains(USER)), "{messages:?}");
}
