//! C17 (3 nodes, RF 2 only): a node dies in the middle of a throttled scan. The scan still
//! returns every record exactly once and the client ends up with the two survivors. Variants:
//! the cluster re-forms at once (`stop_node`), or only ~2 s later (`kill_node`, then
//! `recluster`), the window a real cluster takes to notice (cluster3 README). Afterwards the node
//! restarts and the client sees three nodes and complete scans again.

use aerospike::{Bins, ClientPolicy, PartitionFilter, QueryPolicy, Statement};
use conformance_rust::data::{key, write_numbered};
use conformance_rust::fixture::{shared_config, NS};
use conformance_rust::scan::{collect, each_once, key_counts, user_key};
use conformance_rust::{block_on, Fixture};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const RECORDS: i64 = 12_000;
/// Per node; about 4,000 records a node makes the scan last ~2.7 s.
const RECORDS_PER_SECOND: u32 = 1_500;
const VICTIM: usize = 2;

#[derive(Clone, Copy, Debug)]
enum Loss {
    /// Stopped, and the survivors re-form the cluster at once.
    Stop,
    /// Killed; the survivors keep the old view until `recluster` two seconds later.
    KillThenRecluster,
}

#[test]
fn scan_survives_a_node_stopped_mid_scan() {
    block_on(scan_through_node_loss(Loss::Stop));
}

#[test]
fn scan_survives_a_node_killed_mid_scan_and_a_late_recluster() {
    block_on(scan_through_node_loss(Loss::KillThenRecluster));
}

async fn scan_through_node_loss(loss: Loss) {
    let fx = Fixture::start(shared_config(3, 2), ClientPolicy::default())
        .await
        .expect("3-node cluster");
    let set = "c17_node_loss";
    write_numbered(&fx.client, set, 0..RECORDS)
        .await
        .expect("writes");
    let victim_name = fx.cluster.node_name(VICTIM);
    let victims_keys: BTreeSet<i64> = (0..RECORDS)
        .filter(|&i| fx.cluster.master_of(key(set, i).partition_id()) == Some(VICTIM))
        .collect();

    let keys: Arc<Mutex<Vec<i64>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let policy = QueryPolicy {
        records_per_second: RECORDS_PER_SECOND,
        ..QueryPolicy::default()
    };
    let started = Instant::now();
    // The callback API delivers each record exactly once, so any duplicate is the server's.
    let mut handle = {
        let (keys, errors) = (keys.clone(), errors.clone());
        fx.client
            .query_foreach(
                &policy,
                PartitionFilter::all(),
                Statement::new(NS, set, Bins::All),
                move |item| {
                    match item {
                        Ok(rec) => match user_key(&rec) {
                            Some(k) => keys.lock().expect("keys").push(k),
                            None => errors
                                .lock()
                                .expect("errors")
                                .push(format!("no key: {rec:?}")),
                        },
                        Err(e) => errors.lock().expect("errors").push(e.to_string()),
                    }
                    std::future::ready(true)
                },
            )
            .await
            .expect("scan starts")
    };

    tokio::time::sleep(Duration::from_secs(1)).await;
    // The victim must be cut in the middle of its own stream.
    let from_victim = keys
        .lock()
        .expect("keys")
        .iter()
        .filter(|k| victims_keys.contains(k))
        .count();
    assert!(
        handle.is_active(),
        "{loss:?}: the scan ended before the node loss"
    );
    assert!(
        from_victim > 0 && from_victim < victims_keys.len(),
        "{loss:?}: the victim had sent {from_victim} of its {} records",
        victims_keys.len()
    );
    match loss {
        Loss::Stop => fx.cluster.stop_node(VICTIM),
        Loss::KillThenRecluster => {
            fx.cluster.kill_node(VICTIM);
            tokio::time::sleep(Duration::from_secs(2)).await;
            fx.cluster.recluster();
        }
    }
    tokio::time::timeout(Duration::from_secs(60), handle.wait())
        .await
        .unwrap_or_else(|_| panic!("{loss:?}: scan still running after 60 s"))
        .unwrap_or_else(|e| panic!("{loss:?}: scan failed: {e:?}"));
    let took = started.elapsed();

    let errors = errors.lock().expect("errors").clone();
    assert!(errors.is_empty(), "{loss:?}: stream errors {errors:?}");
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for k in keys.lock().expect("keys").iter() {
        *counts.entry(*k).or_insert(0) += 1;
    }
    let duplicates: Vec<_> = counts.iter().filter(|(_, &c)| c > 1).take(10).collect();
    assert!(
        duplicates.is_empty(),
        "{loss:?}: duplicates (key, times) {duplicates:?}"
    );
    assert_eq!(
        counts.len() as i64,
        RECORDS,
        "{loss:?}: distinct keys after {took:?}"
    );
    assert_eq!(counts, each_once(0..RECORDS), "{loss:?}");

    fx.wait_for_nodes(2, Duration::from_secs(15))
        .await
        .unwrap_or_else(|e| panic!("{loss:?}: {e}"));
    let names = fx.client.node_names();
    assert!(
        !names.contains(&victim_name),
        "{loss:?}: {names:?} still lists {victim_name}"
    );

    // Back to three nodes: the client finds the restarted node and a scan is complete again.
    fx.cluster
        .restart_node(VICTIM)
        .unwrap_or_else(|e| panic!("{loss:?}: restart: {e}"));
    fx.wait_for_nodes(3, Duration::from_secs(15))
        .await
        .unwrap_or_else(|e| panic!("{loss:?}: after restart: {e}"));
    let records = collect(
        &fx.client,
        &QueryPolicy::default(),
        PartitionFilter::all(),
        Statement::new(NS, set, Bins::All),
    )
    .await
    .unwrap_or_else(|e| panic!("{loss:?}: scan after restart: {e:?}"));
    assert_eq!(
        key_counts(&records),
        each_once(0..RECORDS),
        "{loss:?}: after restart"
    );
    let _ = fx.client.close().await;
}
