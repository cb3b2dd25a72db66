//! The writer against aerolite: values land exactly, each write mode and policy does what the
//! contract says through the error policy, batches of many records across nodes land exactly once
//! with the in-flight limit kept, and a node stopped mid-write on RF 2 costs nothing.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerohadoop::cluster::SharedClient;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerohadoop::write::{WriteMode, WriteOptions, Writer};
use aerohadoop::write_frame::{encode, WriteRecord};
use aerohadoop::Error;
use aerospike::policy::ReadPolicy;
use aerospike::{Bins, Expiration, GenerationPolicy, IndexMap, Key, Record, Value};
use common::*;

fn options(set: &str) -> WriteOptions {
    WriteOptions {
        set: set.into(),
        retry_backoff: Duration::from_millis(200),
        ..WriteOptions::new(NS)
    }
}

fn rec(i: i64, bins: Vec<(&str, Value)>) -> WriteRecord {
    WriteRecord {
        set: None,
        user_key: Some(Value::Int(i)),
        digest: None,
        generation: 0,
        bins: bins.into_iter().map(|(n, v)| (n.to_string(), v)).collect(),
    }
}

fn frame(records: &[WriteRecord]) -> Vec<u8> {
    encode(records).expect("encodes")
}

/// Opens a writer, writes `records` in one frame and flushes.
fn write_all(client: &Arc<SharedClient>, options: WriteOptions, records: &[WriteRecord]) -> Writer {
    let w = Writer::open(client.clone(), options).expect("opens");
    w.write(&frame(records)).expect("write");
    w.flush().expect("flush");
    w
}

fn get(client: &SharedClient, key: &Key) -> Option<Record> {
    let c = client.client().clone();
    let key = key.clone();
    match client
        .runtime()
        .block_on(async move { c.get(&ReadPolicy::default(), &key, Bins::All).await })
    {
        Ok(r) => Some(r),
        Err(e) if e.result_code() == 2 => None,
        Err(e) => panic!("get failed: {e}"),
    }
}

/// A value in a form where maps compare by content and floats bit for bit.
fn canon(v: &Value) -> String {
    let map = |entries: Vec<(String, String)>| {
        let mut entries = entries;
        entries.sort();
        let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!("map{{{}}}", parts.join(","))
    };
    match v {
        Value::Float(f) => format!("float({:016x})", f64::from(f).to_bits()),
        Value::List(items) => format!(
            "list[{}]",
            items.iter().map(canon).collect::<Vec<_>>().join(",")
        ),
        Value::OrderedMap(m) => map(m.iter().map(|(k, v)| (canon(k), canon(v))).collect()),
        Value::HashMap(m) => map(m.iter().map(|(k, v)| (canon(k), canon(v))).collect()),
        Value::SortedMap(m) => map(m.iter().map(|(k, v)| (canon(k), canon(v))).collect()),
        other => format!("{other:?}"),
    }
}

fn bins(r: &Record) -> BTreeMap<String, String> {
    r.bins.iter().map(|(n, v)| (n.clone(), canon(v))).collect()
}

fn expect(bins: &[(&str, Value)]) -> BTreeMap<String, String> {
    bins.iter()
        .filter(|(_, v)| *v != Value::Nil)
        .map(|(n, v)| (n.to_string(), canon(v)))
        .collect()
}

fn code_of(e: &Error) -> i32 {
    e.result_code()
}

#[test]
fn a_frame_of_every_value_type_lands_exactly() {
    let server = cluster(1, 1);
    let client = client(&server);
    let mut map = IndexMap::new();
    map.insert(Value::from("k"), Value::Int(1));
    map.insert(
        Value::Int(2),
        Value::List(vec![Value::from("x"), Value::from(-0.5)]),
    );
    let every: Vec<(&str, Value)> = vec![
        ("int", Value::Int(i64::MIN)),
        ("float", Value::from(-273.15f64)),
        ("nan", Value::from(f64::NAN)),
        ("str", Value::from("héllo ✓ 日本")),
        ("empty", Value::from("")),
        ("blob", Value::Blob(vec![0, 1, 255])),
        ("bool", Value::Bool(true)),
        (
            "list",
            Value::List(vec![
                Value::Int(1),
                Value::List(vec![Value::Nil]),
                Value::from("s"),
            ]),
        ),
        ("map", Value::OrderedMap(map)),
        (
            "geo",
            Value::GeoJson(r#"{"type":"Point","coordinates":[1.5,2.5]}"#.into()),
        ),
        ("hll", Value::Hll(vec![0, 14, 0, 0, 1, 2])),
    ];
    let by_digest = Key::new(NS, "types", Value::from("by-digest")).expect("key");
    let records = vec![
        rec(1, every.clone()),
        WriteRecord {
            user_key: Some(Value::from("string key")),
            ..rec(0, vec![("s", Value::from("string keyed"))])
        },
        WriteRecord {
            user_key: Some(Value::Blob(vec![9, 8, 7])),
            ..rec(0, vec![("s", Value::from("blob keyed"))])
        },
        WriteRecord {
            user_key: None,
            digest: Some(by_digest.digest()),
            ..rec(0, vec![("s", Value::from("digest only"))])
        },
        WriteRecord {
            set: Some("other".into()),
            ..rec(1, vec![("s", Value::from("set override"))])
        },
    ];
    let w = write_all(&client, options("types"), &records);
    assert_eq!(w.stats().written, 5);
    assert_eq!(w.stats().failed, 0);
    let got = get(&client, &key("types", 1)).expect("record 1");
    assert_eq!(bins(&got), expect(&every));
    let check = |k: Key, want: &str| {
        let r = get(&client, &k).unwrap_or_else(|| panic!("{k:?} missing"));
        assert_eq!(r.bins.get("s"), Some(&Value::from(want)), "{k:?}");
    };
    check(
        Key::new(NS, "types", Value::from("string key")).expect("k"),
        "string keyed",
    );
    check(
        Key::new(NS, "types", Value::Blob(vec![9, 8, 7])).expect("k"),
        "blob keyed",
    );
    check(
        Key::with_digest(NS, "types", None, by_digest.digest()),
        "digest only",
    );
    check(key("other", 1), "set override");
}

#[test]
fn update_merges_bins_replace_drops_them_and_nil_deletes_a_bin() {
    let server = cluster(1, 1);
    let client = client(&server);
    write_all(
        &client,
        options("modes"),
        &[rec(1, vec![("a", Value::Int(1)), ("b", Value::Int(2))])],
    );
    write_all(
        &client,
        options("modes"),
        &[rec(1, vec![("b", Value::Int(3)), ("c", Value::Int(4))])],
    );
    let r = get(&client, &key("modes", 1)).expect("record");
    assert_eq!(
        bins(&r),
        expect(&[
            ("a", Value::Int(1)),
            ("b", Value::Int(3)),
            ("c", Value::Int(4))
        ])
    );
    write_all(
        &client,
        options("modes"),
        &[rec(1, vec![("a", Value::Nil)])],
    );
    let r = get(&client, &key("modes", 1)).expect("record");
    assert_eq!(
        bins(&r),
        expect(&[("b", Value::Int(3)), ("c", Value::Int(4))])
    );
    let replace = WriteOptions {
        mode: WriteMode::Replace,
        ..options("modes")
    };
    write_all(
        &client,
        replace,
        &[rec(1, vec![("z", Value::from("only"))])],
    );
    let r = get(&client, &key("modes", 1)).expect("record");
    assert_eq!(bins(&r), expect(&[("z", Value::from("only"))]));
    // Replace-only and update-only succeed on an existing record.
    for mode in [WriteMode::ReplaceOnly, WriteMode::UpdateOnly] {
        let o = WriteOptions {
            mode,
            ..options("modes")
        };
        let w = write_all(&client, o, &[rec(1, vec![("y", Value::Int(7))])]);
        assert_eq!(w.stats().written, 1, "{mode:?}");
    }
    let r = get(&client, &key("modes", 1)).expect("record");
    assert_eq!(bins(&r), expect(&[("y", Value::Int(7))]));
}

/// Writes `records` with `mode` and the error limit, and returns the flush's outcome and writer.
fn try_write(
    client: &Arc<SharedClient>,
    mode: WriteMode,
    max_errors: Option<u64>,
    records: &[WriteRecord],
) -> (Result<(), Error>, Writer) {
    let o = WriteOptions {
        mode,
        max_errors,
        ..options("policy")
    };
    let w = Writer::open(client.clone(), o).expect("opens");
    let outcome = w.write(&frame(records)).and_then(|_| w.flush());
    (outcome, w)
}

#[test]
fn only_modes_on_a_missing_key_and_create_only_on_an_existing_one_fail_first_naming_the_key() {
    let server = cluster(1, 1);
    let client = client(&server);
    write_all(
        &client,
        options("policy"),
        &[rec(1, vec![("a", Value::Int(1))])],
    );
    for (mode, key, code) in [
        (WriteMode::UpdateOnly, 404, 2),
        (WriteMode::ReplaceOnly, 405, 2),
        (WriteMode::CreateOnly, 1, 5),
    ] {
        let (outcome, w) = try_write(&client, mode, None, &[rec(key, vec![("a", Value::Int(2))])]);
        let e = outcome.expect_err("fails");
        assert_eq!(code_of(&e), code, "{mode:?}: {e}");
        assert!(e.to_string().contains(&format!("test/policy/{key}")), "{e}");
        assert_eq!(w.stats().failed, 1);
        let lines = w.drain_failures();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!("key=test/policy/{key} code={code} ")),
            "{lines:?}"
        );
        assert!(w.drain_failures().is_empty(), "drained once");
        // A failed writer refuses later calls with the same error.
        let again = w
            .write(&frame(&[rec(9, vec![("a", Value::Int(1))])]))
            .expect_err("refused");
        assert_eq!(again.to_string(), e.to_string());
    }
    assert!(get(&client, &key("policy", 404)).is_none());
    assert!(get(&client, &key("policy", 405)).is_none());
    let r = get(&client, &key("policy", 1)).expect("kept");
    assert_eq!(
        r.bins.get("a"),
        Some(&Value::Int(1)),
        "create-only did not overwrite"
    );
}

#[test]
fn max_errors_counts_and_skips_up_to_the_limit_and_fails_past_it() {
    let server = cluster(1, 1);
    let client = client(&server);
    // Records 0..3 exist; a create-only frame of 0..10 fails exactly those three.
    write_all(
        &client,
        options("policy"),
        &(0..3)
            .map(|i| rec(i, vec![("v", Value::Int(i))]))
            .collect::<Vec<_>>(),
    );
    let frame_of = |base: i64| -> Vec<WriteRecord> {
        (0..10)
            .map(|i| rec(base + i, vec![("v", Value::Int(100 + i))]))
            .collect()
    };
    let (outcome, w) = try_write(&client, WriteMode::CreateOnly, Some(3), &frame_of(0));
    outcome.expect("three failures are within a limit of three");
    let s = w.stats();
    assert_eq!((s.written, s.failed), (7, 3));
    let mut keys: Vec<String> = w.drain_failures();
    keys.sort();
    assert_eq!(
        keys.iter()
            .map(|l| l.split(' ').next().unwrap_or("").to_string())
            .collect::<Vec<_>>(),
        vec![
            "key=test/policy/0",
            "key=test/policy/1",
            "key=test/policy/2"
        ]
    );
    assert!(keys.iter().all(|l| l.contains(" code=5 ")), "{keys:?}");
    for i in 3..10 {
        let r = get(&client, &key("policy", i)).expect("written");
        assert_eq!(r.bins.get("v"), Some(&Value::Int(100 + i)));
    }
    // 0..10 now all exist: ten failures against a limit of nine fail at the tenth.
    let (outcome, w) = try_write(&client, WriteMode::CreateOnly, Some(9), &frame_of(0));
    let e = outcome.expect_err("ten failures exceed nine");
    assert_eq!(code_of(&e), 5);
    assert!(
        e.to_string()
            .contains("10 failed records exceed the limit of 9"),
        "{e}"
    );
    assert_eq!(w.stats().failed, 10);
    assert_eq!(w.drain_failures().len(), 10);
}

#[test]
fn ttl_is_set_kept_or_never_and_generation_policies_compare_each_record_generation() {
    let server = cluster(1, 1);
    let client = client(&server);
    let ttl = |e: Expiration| WriteOptions {
        expiration: e,
        ..options("ttl")
    };
    write_all(
        &client,
        ttl(Expiration::Seconds(1000)),
        &[rec(1, vec![("a", Value::Int(1))])],
    );
    let left = |i| get(&client, &key("ttl", i)).expect("record").time_to_live();
    let t = left(1).expect("expires");
    assert!(
        t > Duration::from_secs(990) && t <= Duration::from_secs(1000),
        "{t:?}"
    );
    write_all(
        &client,
        ttl(Expiration::DontUpdate),
        &[rec(1, vec![("a", Value::Int(2))])],
    );
    let t = left(1).expect("still expires");
    assert!(
        t > Duration::from_secs(990) && t <= Duration::from_secs(1000),
        "kept: {t:?}"
    );
    write_all(
        &client,
        ttl(Expiration::Never),
        &[rec(1, vec![("a", Value::Int(3))])],
    );
    assert_eq!(left(1), None, "never expires");

    let generation = |policy| WriteOptions {
        generation_policy: policy,
        max_errors: Some(100),
        ..options("gen")
    };
    write_all(
        &client,
        options("gen"),
        &[
            rec(1, vec![("a", Value::Int(1))]),
            rec(2, vec![("a", Value::Int(1))]),
        ],
    );
    let with_gen = |i, g| WriteRecord {
        generation: g,
        ..rec(i, vec![("a", Value::Int(i64::from(g) * 10))])
    };
    // Both at generation 1: equal passes for 1, fails (3) for 2.
    let w = write_all(
        &client,
        generation(GenerationPolicy::ExpectGenEqual),
        &[with_gen(1, 1), with_gen(2, 7)],
    );
    assert_eq!((w.stats().written, w.stats().failed), (1, 1));
    assert!(w.drain_failures()[0].starts_with("key=test/gen/2 code=3 "));
    assert_eq!(get(&client, &key("gen", 1)).expect("r").generation, 2);
    // Record 1 at 2, record 2 at 1: greater passes for 5 > 2, fails for 1 > 1.
    let w = write_all(
        &client,
        generation(GenerationPolicy::ExpectGenGreater),
        &[with_gen(1, 5), with_gen(2, 1)],
    );
    assert_eq!((w.stats().written, w.stats().failed), (1, 1));
    assert!(w.drain_failures()[0].starts_with("key=test/gen/2 code=3 "));
    assert_eq!(
        get(&client, &key("gen", 1)).expect("r").bins.get("a"),
        Some(&Value::Int(50))
    );
    assert_eq!(
        get(&client, &key("gen", 2)).expect("r").bins.get("a"),
        Some(&Value::Int(1))
    );
}

#[test]
fn send_key_stores_the_user_key_for_scans_and_durable_delete_removes_the_record() {
    let server = cluster(1, 1);
    let client = client(&server);
    let records: Vec<WriteRecord> = (0..20)
        .map(|i| rec(i, vec![("a", Value::Int(i))]))
        .collect();
    write_all(&client, options("keyed"), &records);
    let unkeyed = WriteOptions {
        send_key: false,
        ..options("unkeyed")
    };
    write_all(&client, unkeyed, &records);
    let scan = |set: &str| {
        let split = plan(&client, set, SplitMode::Partitions, 1).remove(0);
        read_all(&client, &split, &ReadOptions::default())
    };
    let keyed = scan("keyed");
    assert_eq!(key_counts(&keyed), each_once(0..20));
    let unkeyed = scan("unkeyed");
    assert_eq!(unkeyed.len(), 20);
    assert!(unkeyed.iter().all(|r| r.user_key.is_none()));

    let durable = WriteOptions {
        durable_delete: true,
        ..options("keyed")
    };
    let w = write_all(&client, durable, &[rec(3, vec![("a", Value::Nil)])]);
    assert_eq!((w.stats().written, w.stats().failed), (1, 0));
    assert!(
        get(&client, &key("keyed", 3)).is_none(),
        "deleting the last bin deleted the record"
    );
    assert_eq!(scan("keyed").len(), 19);
}

#[test]
fn many_records_across_three_nodes_land_exactly_once_in_small_batches() {
    let server = cluster(3, 1);
    let client = client(&server);
    let o = WriteOptions {
        batch_size: 7,
        inflight: 3,
        ..options("many")
    };
    let w = Writer::open(client.clone(), o).expect("opens");
    let count = 3_000i64;
    for chunk in (0..count).collect::<Vec<_>>().chunks(250) {
        let records: Vec<WriteRecord> = chunk
            .iter()
            .map(|&i| {
                rec(
                    i,
                    vec![("n", Value::Int(i)), ("s", Value::from(format!("v{i}")))],
                )
            })
            .collect();
        w.write(&frame(&records)).expect("write");
    }
    w.flush().expect("flush");
    let s = w.stats();
    assert_eq!((s.written, s.failed, s.retried), (count as u64, 0, 0));
    assert_eq!(s.batches, (count as u64).div_ceil(7));
    assert!(w.peak_in_flight() <= 3, "peak {}", w.peak_in_flight());
    let split = plan(&client, "many", SplitMode::Partitions, 1).remove(0);
    let records = read_all(&client, &split, &ReadOptions::default());
    assert_eq!(key_counts(&records), each_once(0..count));
    for r in &records {
        let i = user_key(r);
        let mut got = r.bins.clone();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("n".to_string(), Value::Int(i)),
                ("s".to_string(), Value::from(format!("v{i}")))
            ]
        );
    }
}

#[test]
fn write_blocks_at_the_inflight_limit_and_flush_waits_for_every_answer() {
    let server = cluster(1, 1);
    let client = client(&server);
    let o = WriteOptions {
        batch_size: 10,
        inflight: 2,
        ..options("slow")
    };
    let w = Writer::open(client.clone(), o).expect("opens");
    server.delay_node(0, Duration::from_millis(150));
    let started = Instant::now();
    for f in 0..8i64 {
        let records: Vec<WriteRecord> = (0..10)
            .map(|i| rec(f * 10 + i, vec![("v", Value::Int(i))]))
            .collect();
        w.write(&frame(&records)).expect("write");
    }
    let writing = started.elapsed();
    // 8 batches, 2 at a time, 150 ms each: the 7th and 8th waited for the 1st..6th.
    assert!(
        writing >= Duration::from_millis(400),
        "write did not block: {writing:?}"
    );
    assert_eq!(w.peak_in_flight(), 2);
    assert!(w.stats().written < 80, "two batches were still out");
    w.flush().expect("flush");
    assert_eq!(w.stats().written, 80, "flush returned before every answer");
    server.delay_node(0, Duration::ZERO);
    for i in 0..80 {
        assert!(get(&client, &key("slow", i)).is_some(), "record {i}");
    }
}

#[test]
fn a_node_stopped_mid_write_on_rf2_loses_no_write() {
    let server = cluster(3, 2);
    let client = client(&server);
    let o = WriteOptions {
        batch_size: 100,
        inflight: 4,
        max_retries: 3,
        ..options("rf2")
    };
    let w = Writer::open(client.clone(), o).expect("opens");
    let count = 20_000i64;
    for (n, chunk) in (0..count).collect::<Vec<_>>().chunks(500).enumerate() {
        if n == 10 {
            server.stop_node(1);
        }
        let records: Vec<WriteRecord> = chunk
            .iter()
            .map(|&i| rec(i, vec![("n", Value::Int(i))]))
            .collect();
        w.write(&frame(&records)).expect("write");
    }
    w.flush().expect("flush");
    let s = w.stats();
    assert_eq!((s.written, s.failed), (count as u64, 0), "{s:?}");
    assert!(
        s.retried > 0,
        "the stopped node's batches were resent: {s:?}"
    );
    eprintln!("stopped node mid-write: {s:?}");
    wait_for_nodes(&client, 2);
    let split = plan(&client, "rf2", SplitMode::Partitions, 2);
    let mut records = Vec::new();
    for sp in &split {
        records.extend(read_all(&client, sp, &ReadOptions::default()));
    }
    assert_eq!(key_counts(&records), each_once(0..count));
    assert!(records
        .iter()
        .all(|r| r.bins == vec![("n".to_string(), Value::Int(user_key(r)))]));
}

#[test]
fn a_damaged_frame_sends_nothing_and_names_the_problem() {
    let server = cluster(1, 1);
    let client = client(&server);
    let w = Writer::open(client.clone(), options("bad")).expect("opens");
    let mut bytes = frame(&[
        rec(1, vec![("a", Value::Int(1))]),
        rec(2, vec![("a", Value::Int(2))]),
    ]);
    bytes.pop();
    let e = w.write(&bytes).expect_err("refused");
    assert_eq!(code_of(&e), 4);
    assert!(e.to_string().contains("bad write frame"), "{e}");
    w.flush().expect("nothing to flush");
    assert_eq!(w.stats().batches, 0);
    assert!(get(&client, &key("bad", 1)).is_none());
}

#[test]
fn one_key_twice_in_a_batch_is_written_in_frame_order() {
    let server = cluster(1, 1);
    let client = client(&server);
    let w = write_all(
        &client,
        options("twice"),
        &[
            rec(1, vec![("a", Value::Int(1)), ("b", Value::Int(1))]),
            rec(1, vec![("b", Value::Int(2))]),
        ],
    );
    assert_eq!((w.stats().written, w.stats().failed), (2, 0));
    let r = get(&client, &key("twice", 1)).expect("record");
    assert_eq!(
        bins(&r),
        expect(&[("a", Value::Int(1)), ("b", Value::Int(2))])
    );
    assert_eq!(r.generation, 2);
}

#[test]
fn a_closed_writer_drops_unsent_records_and_refuses_further_calls() {
    let server = cluster(1, 1);
    let client = client(&server);
    let o = WriteOptions {
        batch_size: 100,
        ..options("closed")
    };
    let w = Writer::open(client.clone(), o).expect("opens");
    w.write(&frame(&[rec(1, vec![("a", Value::Int(1))])]))
        .expect("buffered");
    w.close();
    let e = w.flush().expect_err("closed");
    assert_eq!(code_of(&e), -1);
    assert!(e.to_string().contains("closed"), "{e}");
    assert!(w
        .write(&frame(&[rec(2, vec![("a", Value::Int(1))])]))
        .is_err());
    assert_eq!(w.stats().batches, 0, "nothing was sent");
    assert!(get(&client, &key("closed", 1)).is_none());
}
