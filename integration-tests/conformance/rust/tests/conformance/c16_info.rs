//! C16: info answers agree with the data: per-set and per-namespace object counts on every
//! node, the index list and the cluster size.

use aerospike::{AdminPolicy, CollectionIndexType, IndexType, Task};
use conformance_rust::data::{write_numbered, write_numbered_in};
use conformance_rust::fixture::{DEFAULT_TTL, NS, NS_QUIET};
use conformance_rust::info::{on_every_node, pairs};
use conformance_rust::Fixture;
use std::collections::BTreeMap;
use std::time::Duration;

on_both_clusters!(
    set_and_namespace_object_counts_match_the_records_on_every_node,
    sindex_list_shows_the_index_and_statistics_the_cluster_size
);

/// Each node's answer to `command`, split into pairs at any of `separators`.
async fn parsed(fx: &Fixture, command: &str, separators: &[char]) -> Vec<BTreeMap<String, String>> {
    let answers = on_every_node(&fx.client, command)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", fx.label()));
    assert_eq!(answers.len(), fx.nodes, "{}", fx.label());
    answers.values().map(|a| pairs(a, separators)).collect()
}

fn number(answer: &BTreeMap<String, String>, name: &str) -> u64 {
    answer
        .get(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number {name} in {answer:?}"))
}

async fn set_and_namespace_object_counts_match_the_records_on_every_node(fx: &Fixture) {
    let set = "c16_counts";
    write_numbered(&fx.client, set, 0..40)
        .await
        .expect("writes");
    let rf = fx.replication_factor as u64;

    let per_node: Vec<u64> = parsed(fx, &format!("sets/{NS}/{set}"), &[':', ';'])
        .await
        .iter()
        .map(|p| number(p, "objects"))
        .collect();
    assert_eq!(
        per_node.iter().sum::<u64>(),
        40 * rf,
        "{}: {per_node:?}",
        fx.label()
    );
    if fx.nodes > 1 {
        assert!(
            per_node.iter().all(|&n| n > 0 && n < 40),
            "{}: {per_node:?}",
            fx.label()
        );
    }

    // The cases write to `test` concurrently, so exact namespace totals are checked on a
    // namespace only this case writes to.
    write_numbered_in(&fx.client, NS_QUIET, "c16_quiet", 0..25, true)
        .await
        .expect("writes");
    let answers = parsed(fx, &format!("namespace/{NS_QUIET}"), &[';']).await;
    let objects: u64 = answers.iter().map(|p| number(p, "objects")).sum();
    let masters: u64 = answers.iter().map(|p| number(p, "master_objects")).sum();
    assert_eq!(objects, 25 * rf, "{}: namespace objects", fx.label());
    assert_eq!(masters, 25, "{}: namespace master objects", fx.label());

    for p in parsed(fx, &format!("namespace/{NS}"), &[';']).await {
        assert_eq!(
            number(&p, "ns_cluster_size"),
            fx.nodes as u64,
            "{}",
            fx.label()
        );
        assert_eq!(number(&p, "replication-factor"), rf, "{}", fx.label());
        assert_eq!(
            number(&p, "effective_replication_factor"),
            rf,
            "{}",
            fx.label()
        );
        assert_eq!(
            number(&p, "default-ttl"),
            u64::from(DEFAULT_TTL),
            "{}",
            fx.label()
        );
    }
    for answer in on_every_node(&fx.client, "namespace/nope")
        .await
        .expect("namespace/nope")
        .values()
    {
        assert_eq!(answer, "type=unknown", "{}", fx.label());
    }
}

async fn sindex_list_shows_the_index_and_statistics_the_cluster_size(fx: &Fixture) {
    let set = "c16_sindex";
    write_numbered(&fx.client, set, 0..10)
        .await
        .expect("writes");
    let admin = AdminPolicy::default();
    fx.client
        .create_index_on_bin(
            &admin,
            NS,
            set,
            "n",
            "c16_n",
            IndexType::Numeric,
            CollectionIndexType::Default,
            None,
        )
        .await
        .expect("create index")
        .wait_till_complete(Some(Duration::from_secs(10)))
        .await
        .expect("index ready");
    let want: BTreeMap<String, String> = [
        ("ns", NS),
        ("indexname", "c16_n"),
        ("set", set),
        ("bin", "n"),
        ("type", "numeric"),
        ("indextype", "default"),
        ("state", "RW"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (node, answer) in on_every_node(&fx.client, "sindex-list")
        .await
        .expect("sindex-list")
    {
        let entry = answer
            .split(';')
            .map(|e| pairs(e, &[':']))
            .find(|e| e.get("indexname").map(String::as_str) == Some("c16_n"))
            .unwrap_or_else(|| {
                panic!(
                    "{}: c16_n not in {node}'s sindex-list {answer:?}",
                    fx.label()
                )
            });
        let got: BTreeMap<String, String> = entry
            .into_iter()
            .filter(|(k, _)| want.contains_key(k))
            .collect();
        assert_eq!(got, want, "{}: {node}", fx.label());
    }
    fx.client
        .drop_index(&admin, NS, set, "c16_n")
        .await
        .expect("drop index")
        .wait_till_complete(Some(Duration::from_secs(10)))
        .await
        .expect("index dropped");

    for p in parsed(fx, "statistics", &[';']).await {
        assert_eq!(
            number(&p, "cluster_size"),
            fx.nodes as u64,
            "{}",
            fx.label()
        );
    }
}
