//! C01: the client discovers every node of the cluster, each under its own name, from one seed.

use aerospike::{AdminPolicy, Client, ClientPolicy};
use conformance_rust::fixture::wait_for_nodes;
use conformance_rust::Fixture;
use std::collections::BTreeSet;
use std::time::Duration;

on_both_clusters!(
    client_sees_every_node_under_a_distinct_name,
    one_seed_is_enough_to_discover_every_node
);

async fn client_sees_every_node_under_a_distinct_name(fx: &Fixture) {
    let names = fx.client.node_names();
    assert_eq!(names.len(), fx.nodes, "{}: node list {names:?}", fx.label());
    let seen: BTreeSet<String> = names.into_iter().collect();
    assert_eq!(
        seen.len(),
        fx.nodes,
        "{}: names are not distinct",
        fx.label()
    );
    let expected: BTreeSet<String> = (0..fx.nodes).map(|i| fx.cluster.node_name(i)).collect();
    assert_eq!(seen, expected, "{}", fx.label());

    // Each node answers `node` with the name the client filed it under.
    for node in fx.client.nodes() {
        let answer = node
            .info(&AdminPolicy::default(), &["node"])
            .await
            .expect("info node");
        assert_eq!(answer.get("node").map(String::as_str), Some(node.name()));
    }
}

async fn one_seed_is_enough_to_discover_every_node(fx: &Fixture) {
    let seed = format!("127.0.0.1:{}", fx.cluster.ports()[fx.nodes - 1]);
    let client = Client::new(&ClientPolicy::default(), &seed)
        .await
        .expect("connect through one seed");
    wait_for_nodes(&client, fx.nodes, Duration::from_secs(10))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", fx.label()));
    let seen: BTreeSet<String> = client.node_names().into_iter().collect();
    let expected: BTreeSet<String> = (0..fx.nodes).map(|i| fx.cluster.node_name(i)).collect();
    assert_eq!(seen, expected, "{}", fx.label());
    let _ = client.close().await;
}
