//! The split reader against aerolite: every written record exactly once, in every split mode,
//! with projection and filter pushed down to the server.

mod common;

use std::collections::BTreeMap;

use aerohadoop::scan::{ReadOptions, SplitReader};
use aerohadoop::split::SplitMode;
use aerospike::expressions::{ge, int_bin, int_val};
use aerospike::Value;
use common::*;

const RECORDS: i64 = 6_000;

fn reads_every_record_once(nodes: usize) {
    let server = cluster(nodes, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    // Another set in the namespace: a set-scoped read must not see it.
    write_numbered(&client, "other", 50);
    let splits = plan(&client, "people", SplitMode::Partitions, 0);
    assert_eq!(splits.len(), 2 * nodes);
    let mut all = Vec::new();
    for s in &splits {
        let records = read_all(&client, s, &ReadOptions::default());
        let partitions = s.partitions();
        for r in &records {
            assert!(partitions
                .binary_search(&(partition_of(&r.digest) as u16))
                .is_ok());
            assert_eq!(r.set.as_deref(), Some("people"));
            assert_eq!(r.generation, 1);
            assert_eq!(r.void_time, 0, "written without TTL");
        }
        all.extend(records);
    }
    assert_eq!(key_counts(&all), each_once(0..RECORDS));
    assert_bins_as_written(&all);
}

#[test]
fn a_one_node_cluster_is_read_exactly_once_with_every_bin() {
    reads_every_record_once(1);
}

#[test]
fn a_three_node_cluster_is_read_exactly_once_with_every_bin() {
    reads_every_record_once(3);
}

#[test]
fn the_plan_matches_the_cluster_masters() {
    let server = cluster(3, 2);
    let client = client(&server);
    let names: Vec<String> = (0..3).map(|i| server.node_name(i)).collect();
    for s in plan(&client, "", SplitMode::Partitions, 7) {
        assert_eq!(s.locations(), vec!["127.0.0.1"]);
        for share in &s.shares {
            for &p in &share.partitions {
                let master = server.master_of(usize::from(p)).expect("master");
                assert_eq!(share.node, names[master], "partition {p}");
            }
        }
    }
    let node_splits = plan(&client, "", SplitMode::Node, 0);
    assert_eq!(node_splits.len(), 3);
    let mut covered = vec![0; 4096];
    for s in &node_splits {
        let node = names
            .iter()
            .position(|n| *n == s.shares[0].node)
            .expect("known node");
        let want: Vec<u16> = (0..4096u16)
            .filter(|&p| server.master_of(usize::from(p)) == Some(node))
            .collect();
        assert_eq!(s.partitions(), want);
        for p in want {
            covered[usize::from(p)] += 1;
        }
    }
    assert!(covered.iter().all(|&c| c == 1));
}

#[test]
fn node_mode_splits_return_exactly_their_nodes_records() {
    let server = cluster(3, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    let names: Vec<String> = (0..3).map(|i| server.node_name(i)).collect();
    let mut all = Vec::new();
    for s in plan(&client, "people", SplitMode::Node, 0) {
        let node = names
            .iter()
            .position(|n| *n == s.shares[0].node)
            .expect("known node");
        let records = read_all(&client, &s, &ReadOptions::default());
        let want: BTreeMap<i64, usize> = (0..RECORDS)
            .filter(|&i| server.master_of(key("people", i).partition_id()) == Some(node))
            .map(|i| (i, 1))
            .collect();
        assert!(
            want.len() > RECORDS as usize / 5,
            "node {node} has {}",
            want.len()
        );
        assert_eq!(key_counts(&records), want, "node {node}");
        all.extend(records);
    }
    assert_eq!(key_counts(&all), each_once(0..RECORDS));
}

#[test]
fn numrange_sub_ranges_return_exactly_the_records_in_range() {
    let server = cluster(3, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    index_numbers(&client, "people");
    let splits = plan_numrange(&client, "people", 100, 2_099, 4);
    assert_eq!(splits.len(), 4);
    let mut all = Vec::new();
    let mut sum = 0i64;
    for s in &splits {
        let r = s.range.as_ref().expect("sub-range");
        let records = read_all(&client, s, &ReadOptions::default());
        assert_eq!(
            records.len() as i64,
            r.end - r.begin + 1,
            "{}",
            s.describe()
        );
        for rec in &records {
            let k = user_key(rec);
            assert!(
                (r.begin..=r.end).contains(&k),
                "{k} outside {}..={}",
                r.begin,
                r.end
            );
            sum += k;
        }
        all.extend(records);
    }
    assert_eq!(key_counts(&all), each_once(100..2_100));
    assert_eq!(sum, (100..2_100).sum::<i64>());
    assert_bins_as_written(&all);
}

#[test]
fn projection_and_filter_expression_are_applied_by_the_server() {
    let server = cluster(2, 1);
    let client = client(&server);
    write_numbered(&client, "people", RECORDS);
    let filter = ge(int_bin("n"), int_val(4_000)).base64().expect("packs");
    let options = ReadOptions {
        bins: Some(vec!["s".into(), "n".into()]),
        filter_exp: Some(filter),
        ..ReadOptions::default()
    };
    let mut all = Vec::new();
    for s in plan(&client, "people", SplitMode::Partitions, 3) {
        all.extend(read_all(&client, &s, &options));
    }
    assert_eq!(key_counts(&all), each_once(4_000..RECORDS));
    for r in &all {
        let i = user_key(r);
        let mut names: Vec<&str> = r.bins.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, vec!["n", "s"], "record {i}");
        assert!(r
            .bins
            .contains(&("s".into(), Value::from(format!("value-{i}")))));
    }
}

#[test]
fn a_filter_the_server_refuses_fails_the_read_without_retries_naming_the_partitions() {
    let server = cluster(1, 1);
    let client = client(&server);
    write_numbered(&client, "people", 100);
    let s = &plan(&client, "people", SplitMode::Partitions, 4)[1];
    // Valid base64 of bytes that are no expression.
    let options = ReadOptions {
        filter_exp: Some("//////8=".into()),
        ..ReadOptions::default()
    };
    let reader = open(&client, s, &options);
    let (_, err) = drain_err(&reader);
    let message = err.to_string();
    assert_eq!(err.result_code(), 4, "{message}");
    assert!(message.contains("partitions 1024-2047"), "{message}");
    assert_eq!(reader.stats().retries, 0);
    // A failure is sticky.
    assert_eq!(
        reader.next_frame().expect_err("still failed").to_string(),
        message
    );
}

#[test]
fn bad_reader_arguments_are_refused_naming_them() {
    let server = cluster(1, 1);
    let client = client(&server);
    let s = plan(&client, "people", SplitMode::Partitions, 2).remove(0);
    let open_with = |ns: &str, set: &str, o: ReadOptions| {
        SplitReader::open(client.clone(), s.clone(), ns, set, &o)
            .err()
            .expect("refused")
    };
    let e = open_with("other", "people", ReadOptions::default());
    assert!(
        e.to_string().contains("'other'") && e.to_string().contains("'test'"),
        "{e}"
    );
    let e = open_with(NS, "x", ReadOptions::default());
    assert!(e.to_string().contains("'x'"), "{e}");
    let e = open_with(
        NS,
        "people",
        ReadOptions {
            filter_exp: Some("not base64!".into()),
            ..ReadOptions::default()
        },
    );
    assert_eq!(e.result_code(), 4);
    assert!(e.to_string().contains("filter expression"), "{e}");
    let e = open_with(
        NS,
        "people",
        ReadOptions {
            memory_limit: 1000,
            ..ReadOptions::default()
        },
    );
    assert!(e.to_string().contains("memory limit"), "{e}");
    let e = open_with(
        NS,
        "people",
        ReadOptions {
            bins: Some(vec!["a_bin_name_far_too_long".into()]),
            ..ReadOptions::default()
        },
    );
    assert!(e.to_string().contains("a_bin_name_far_too_long"), "{e}");
}

#[test]
fn an_empty_set_ends_with_no_frames() {
    let server = cluster(2, 1);
    let client = client(&server);
    for s in plan(&client, "nothing_here", SplitMode::Partitions, 0) {
        assert!(read_all(&client, &s, &ReadOptions::default()).is_empty());
    }
}

#[test]
fn closing_a_reader_mid_read_stops_it_and_later_calls_say_closed() {
    let server = cluster(1, 1);
    let client = client(&server);
    write_numbered(&client, "people", 3_000);
    let s = plan(&client, "people", SplitMode::Partitions, 1).remove(0);
    let options = ReadOptions {
        memory_limit: 64 << 10,
        ..ReadOptions::default()
    };
    let reader = open(&client, &s, &options);
    let first = reader.next_frame().expect("reads").expect("a frame");
    assert!(first.records() > 0);
    reader.close();
    reader.close();
    let e = reader.next_frame().expect_err("closed");
    assert!(e.to_string().contains("closed"), "{e}");
}

#[test]
fn closing_a_reader_gives_its_client_back_to_the_registry_at_once() {
    use aerohadoop::cluster::Registry;
    use aerohadoop::connection::ConnectionConfig;
    use std::sync::Arc;
    let server = cluster(1, 1);
    write_numbered(&client(&server), "people", 3_000);
    let registry = Registry::new(aerohadoop::runtime::handle().expect("runtime"));
    let config = ConnectionConfig::new(&server.seeds(), None, None, 2_000).expect("config");
    let shared = Arc::new(registry.acquire(config).expect("connects"));
    let s = plan(&shared, "people", SplitMode::Partitions, 1).remove(0);
    let options = ReadOptions {
        memory_limit: 64 << 10,
        ..ReadOptions::default()
    };
    let reader = SplitReader::open(shared.clone(), s, NS, "people", &options).expect("opens");
    drop(shared);
    assert!(reader.next_frame().expect("reads").is_some());
    assert_eq!(
        registry.client_count(),
        1,
        "the open reader holds the client"
    );
    // The reader's tasks are still winding down; the registry's count must not wait for them.
    drop(reader);
    assert_eq!(registry.client_count(), 0);
}
