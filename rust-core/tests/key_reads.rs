//! Key-list reads (batch reads routed to each key's master) against aerolite: every key type,
//! missing keys, projection and filter, a node stopped mid-read on RF 2 and on RF 1.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aerohadoop::cluster::SharedClient;
use aerohadoop::frame::{decode, DecodedRecord};
use aerohadoop::key_read::KeyReader;
use aerohadoop::key_split::{plan_keys, KeySplit};
use aerohadoop::scan::ReadOptions;
use aerohadoop::user_key::UserKey;
use aerohadoop::Error;
use aerospike::expressions::{ge, int_bin, int_val};
use aerospike::policy::WritePolicy;
use aerospike::{as_bin, Key, Value};
use common::*;

fn value_of(k: &UserKey) -> Value {
    match k {
        UserKey::Int(i) => Value::Int(*i),
        UserKey::Str(s) => Value::from(s.as_str()),
        UserKey::Blob(b) => Value::Blob(b.clone()),
    }
}

/// Writes one record per key into `set`: bin `n` = its position, bin `s` = "v<position>".
fn write_keys(client: &SharedClient, set: &str, keys: &[UserKey], send_key: bool) {
    let policy = WritePolicy {
        send_key,
        ..WritePolicy::default()
    };
    let c = client.client().clone();
    let keys: Vec<Key> = keys
        .iter()
        .map(|k| Key::new(NS, set, value_of(k)).expect("key"))
        .collect();
    client.runtime().block_on(async move {
        for chunk in keys.chunks(64).enumerate() {
            let (base, chunk) = chunk;
            let writes = chunk.iter().enumerate().map(|(j, key)| {
                let n = (base * 64 + j) as i64;
                let c = c.clone();
                let policy = policy.clone();
                async move {
                    c.put(
                        &policy,
                        key,
                        &[as_bin!("n", n), as_bin!("s", format!("v{n}"))],
                    )
                    .await
                }
            });
            for r in futures::future::join_all(writes).await {
                r.expect("put");
            }
        }
    });
}

fn plan(client: &SharedClient, set: &str, keys: Vec<UserKey>) -> Vec<KeySplit> {
    plan_keys(&client.view().expect("view"), NS, set, keys, 0).expect("plans")
}

fn open(client: &Arc<SharedClient>, split: &KeySplit, options: &ReadOptions) -> KeyReader {
    KeyReader::open(client.clone(), split.clone(), NS, &split.set, options).expect("opens")
}

fn drain(reader: &KeyReader) -> (Vec<DecodedRecord>, Option<Error>) {
    let mut out = Vec::new();
    loop {
        match reader.next_frame() {
            Ok(Some(frame)) => out.extend(decode(frame.bytes()).expect("decodes")),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// Every split read to its end: the records, and (not found, filtered out) summed.
fn read_all(
    client: &Arc<SharedClient>,
    splits: &[KeySplit],
    options: &ReadOptions,
) -> (Vec<DecodedRecord>, (u64, u64)) {
    let mut records = Vec::new();
    let mut absent = (0, 0);
    for s in splits {
        let reader = open(client, s, options);
        let (got, err) = drain(&reader);
        assert!(err.is_none(), "{err:?}");
        let stats = reader.stats();
        assert_eq!(stats.records, got.len() as u64, "records read = found keys");
        assert_eq!(stats.partitions_done, s.keys.len() as u64, "every key done");
        assert_eq!(stats.partitions_total, s.keys.len() as u64);
        let (nf, fo) = reader.absent();
        absent = (absent.0 + nf, absent.1 + fo);
        assert_eq!(stats.records + nf + fo, s.keys.len() as u64);
        assert!(reader.next_frame().expect("after the end").is_none());
        records.extend(got);
    }
    (records, absent)
}

/// Bin `n` of each record, by the user key the record carries.
fn by_key(records: &[DecodedRecord]) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for r in records {
        let key = format!("{:?}", r.user_key.as_ref().expect("the requested key"));
        let n = r
            .bins
            .iter()
            .find(|(name, _)| name == "n")
            .map(|(_, v)| v.clone());
        let n = match n {
            Some(Value::Int(n)) => n,
            other => panic!("bin n of {key}: {other:?}"),
        };
        assert!(m.insert(key, n).is_none(), "a key read twice");
    }
    m
}

#[test]
fn integer_string_and_blob_keys_are_read_and_missing_ones_are_counted_not_returned() {
    let server = cluster(2, 1);
    let client = client(&server);
    let stored: Vec<UserKey> = (0..30)
        .map(UserKey::Int)
        .chain((0..30).map(|i| UserKey::Str(format!("k{i}"))))
        .chain((0..30u8).map(|i| UserKey::Blob(vec![i, 0xfe, i])))
        .chain([
            UserKey::Int(-7),
            UserKey::Str(String::new()),
            UserKey::Blob(vec![]),
        ])
        .collect();
    write_keys(&client, "mixed", &stored, true);
    // Keys of other types with the same bytes do not match: 5 is not "5".
    let missing = [
        UserKey::Int(1_000),
        UserKey::Str("5".into()),
        UserKey::Str("nope".into()),
        UserKey::Blob(vec![5]),
    ];
    let mut asked: Vec<UserKey> = stored.iter().step_by(2).cloned().collect();
    asked.extend(missing.iter().cloned());
    asked.push(stored[0].clone()); // listed twice, read once
    let splits = plan(&client, "mixed", asked.clone());
    assert_eq!(splits.len(), 2, "one split per master node");
    for s in &splits {
        let node = (0..2)
            .find(|&i| server.node_name(i) == s.node)
            .expect("a node of the cluster");
        for k in &s.keys {
            let p = usize::from(k.partition("mixed"));
            assert_eq!(server.master_of(p), Some(node), "{k} is at its master");
        }
    }
    let (records, (not_found, filtered)) = read_all(&client, &splits, &ReadOptions::default());
    assert_eq!((not_found, filtered), (missing.len() as u64, 0));
    let got = by_key(&records);
    let want: BTreeMap<String, i64> = stored
        .iter()
        .enumerate()
        .step_by(2)
        .map(|(n, k)| (format!("{:?}", value_of(k)), n as i64))
        .collect();
    assert_eq!(got, want);
    for r in &records {
        assert_eq!(r.set.as_deref(), Some("mixed"));
        assert_eq!(r.generation, 1);
        let k = r.user_key.as_ref().expect("key");
        let asked_key = stored
            .iter()
            .find(|s| value_of(s) == *k)
            .expect("an asked key");
        assert_eq!(r.digest, asked_key.digest("mixed"));
        let n = got[&format!("{k:?}")];
        assert!(r
            .bins
            .contains(&("s".to_string(), Value::from(format!("v{n}")))));
    }
}

#[test]
fn records_stored_without_their_key_are_found_and_carry_the_requested_key() {
    let server = cluster(1, 1);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..10).map(|i| UserKey::Str(format!("p{i}"))).collect();
    write_keys(&client, "plain", &keys, false);
    let (records, absent) = read_all(
        &client,
        &plan(&client, "plain", keys.clone()),
        &ReadOptions::default(),
    );
    assert_eq!(absent, (0, 0));
    assert_eq!(by_key(&records).len(), 10);
}

#[test]
fn projection_and_filter_expression_are_applied_by_the_server() {
    let server = cluster(2, 2);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..200).map(UserKey::Int).collect();
    write_keys(&client, "filtered", &keys, true);
    let options = ReadOptions {
        bins: Some(vec!["n".into()]),
        filter_exp: Some(ge(int_bin("n"), int_val(150)).base64().expect("packs")),
        ..ReadOptions::default()
    };
    let (records, (not_found, filtered)) =
        read_all(&client, &plan(&client, "filtered", keys), &options);
    assert_eq!((not_found, filtered), (0, 150));
    let got = by_key(&records);
    assert_eq!(
        got.values().copied().collect::<Vec<_>>(),
        (150..200).collect::<Vec<_>>()
    );
    assert!(records.iter().all(|r| r.bins.len() == 1), "only bin n");
}

#[test]
fn a_node_stopped_mid_read_on_rf2_loses_and_doubles_no_key() {
    const KEYS: i64 = 9_000;
    let server = cluster(3, 2);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..KEYS).map(UserKey::Int).collect();
    write_keys(&client, "people", &keys, true);
    let mut asked = keys.clone();
    asked.extend((KEYS..KEYS + 100).map(UserKey::Int));
    let victim = server.node_name(2);
    let split = plan(&client, "people", asked)
        .into_iter()
        .find(|s| s.node == victim)
        .expect("a split of node 2");
    let total = split.keys.len() as u64;
    assert!(total > 2_000, "{total} keys on node 2");
    // Small frames and a slow start: the reader waits on the consumer with most keys unread.
    let options = ReadOptions {
        memory_limit: 64 << 10,
        backoff: Duration::from_millis(200),
        max_retries: 10,
        ..ReadOptions::default()
    };
    let reader = open(&client, &split, &options);
    let first = reader.next_frame().expect("reads").expect("a first frame");
    let mut records = decode(first.bytes()).expect("decodes");
    drop(first);
    let before = reader.stats();
    assert!(before.partitions_done < total, "mid-read: {before:?}");
    server.stop_node(2);
    let (rest, err) = drain(&reader);
    assert!(err.is_none(), "{err:?}");
    records.extend(rest);
    let got = by_key(&records);
    let want: BTreeMap<String, i64> = split
        .keys
        .iter()
        .filter_map(|k| match k {
            UserKey::Int(i) if *i < KEYS => Some((format!("{:?}", Value::Int(*i)), *i)),
            _ => None,
        })
        .collect();
    assert_eq!(got, want, "each found key exactly once");
    let stats = reader.stats();
    assert_eq!(stats.partitions_done, total);
    assert_eq!(stats.records, want.len() as u64);
    assert_eq!(reader.absent().0, total - want.len() as u64);
    assert!(stats.retries >= 1, "{stats:?}");
}

#[test]
fn a_node_stopped_on_rf1_fails_the_read_naming_its_keys() {
    let server = cluster(2, 1);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..300).map(|i| UserKey::Str(format!("u{i}"))).collect();
    write_keys(&client, "lost", &keys, true);
    let victim = server.node_name(1);
    let split = plan(&client, "lost", keys.clone())
        .into_iter()
        .find(|s| s.node == victim)
        .expect("a split of node 1");
    server.stop_node(1);
    wait_for_nodes(&client, 1);
    let options = ReadOptions {
        backoff: Duration::from_millis(100),
        max_retries: 2,
        ..ReadOptions::default()
    };
    let reader = open(&client, &split, &options);
    let (records, err) = drain(&reader);
    assert!(records.is_empty());
    let err = err.expect("an RF 1 read cannot survive its node");
    let message = err.to_string();
    assert_eq!(err.result_code(), 11, "{message}");
    let first = split.keys[0].to_string();
    assert!(message.contains(&first), "names the keys: {message}");
    assert!(message.contains("after 2 retries"), "{message}");
    assert_eq!(reader.stats().retries, 2);
    // Planned now, the same keys are refused before any task would run.
    let planned = plan_keys(&client.view().expect("view"), NS, "lost", split.keys, 0);
    let e = planned.expect_err("no master");
    assert_eq!(e.result_code(), 11);
    assert!(e.to_string().contains(&first), "{e}");
}

#[test]
fn a_row_error_that_cannot_change_fails_at_once_naming_key_node_and_code() {
    let server = cluster(1, 1);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..5).map(UserKey::Int).collect();
    write_keys(&client, "refused", &keys, true);
    let split = plan(&client, "refused", keys).remove(0);
    // A node answering every request with 4 (parameter error): not worth retrying.
    server.fail_node_with(0, Some(4));
    let reader = open(
        &client,
        &split,
        &ReadOptions {
            backoff: Duration::from_millis(50),
            ..ReadOptions::default()
        },
    );
    let (records, err) = drain(&reader);
    server.fail_node_with(0, None);
    assert!(records.is_empty());
    let err = err.expect("refused");
    let message = err.to_string();
    assert_eq!(err.result_code(), 4, "{message}");
    assert!(
        message.contains(&server.seeds()),
        "names the node: {message}"
    );
    assert!(message.contains("after 0 retries"), "{message}");
}

#[test]
fn a_key_reader_closed_mid_read_stops_and_then_refuses_frames() {
    let server = cluster(1, 1);
    let client = client(&server);
    let keys: Vec<UserKey> = (0..3_000).map(UserKey::Int).collect();
    write_keys(&client, "closed", &keys, true);
    let split = plan(&client, "closed", keys).remove(0);
    let options = ReadOptions {
        memory_limit: 64 << 10,
        ..ReadOptions::default()
    };
    let reader = open(&client, &split, &options);
    let first = reader.next_frame().expect("reads").expect("a frame");
    assert!(first.records() > 0);
    drop(first);
    reader.close();
    let e = reader.next_frame().expect_err("closed");
    assert!(e.to_string().contains("closed"), "{e}");
    // It stopped with keys unread (the consumer held it back, then closed it), and stays stopped.
    std::thread::sleep(Duration::from_millis(200));
    let stopped = reader.stats().partitions_done;
    assert!(stopped < 3_000, "{:?}", reader.stats());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        reader.stats().partitions_done,
        stopped,
        "no key read after close"
    );
}
