//! C19: errors for an unknown namespace and for an increment of a string bin.

use aerospike::{as_bin, AdminPolicy, Bins, ErrorKind, Key, ReadPolicy, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, INCOMPATIBLE_TYPE, NAMESPACE};
use conformance_rust::data::key;
use conformance_rust::Fixture;

on_both_clusters!(
    unknown_namespace_is_refused_with_code_20,
    increment_of_a_string_bin_is_incompatible_type
);

/// The crate routes every key command through its partition map, which only holds the
/// namespaces the servers announce in `replicas`; an unknown namespace is refused before any
/// request is sent, with the server's code 20 and `ErrorKind::InvalidNamespace`. What a server
/// says about the namespace is checked through info.
async fn unknown_namespace_is_refused_with_code_20(fx: &Fixture) {
    let k = Key::new("nope", "c19", Value::from(1)).expect("key");
    let err = fx
        .client
        .put(&WritePolicy::default(), &k, &[as_bin!("a", 1)])
        .await
        .expect_err("put to an unknown namespace");
    assert_eq!(err.result_code(), NAMESPACE, "{}: {err:?}", fx.label());
    assert!(matches!(err.kind(), ErrorKind::InvalidNamespace), "{err:?}");
    let err = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect_err("get from an unknown namespace");
    assert_eq!(err.result_code(), NAMESPACE, "{}: {err:?}", fx.label());

    for node in fx.client.nodes() {
        let answer = node
            .info(&AdminPolicy::default(), &["namespace/nope", "namespaces"])
            .await
            .expect("info");
        assert_eq!(
            answer.get("namespace/nope").map(String::as_str),
            Some("type=unknown")
        );
        let known: Vec<&str> = answer
            .get("namespaces")
            .map(|n| n.split(';').collect())
            .unwrap_or_default();
        assert!(
            known.contains(&"test") && !known.contains(&"nope"),
            "{known:?}"
        );
    }
}

async fn increment_of_a_string_bin_is_incompatible_type(fx: &Fixture) {
    let k = key("c19_incr", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &k, &[as_bin!("s", "text"), as_bin!("n", 5)])
        .await
        .expect("put");
    let code = expect_server_code(fx.client.add(&wp, &k, &[as_bin!("s", 1)]).await);
    assert_eq!(code, INCOMPATIBLE_TYPE, "{}: add to a string", fx.label());
    let code = expect_server_code(fx.client.append(&wp, &k, &[as_bin!("n", "x")]).await);
    assert_eq!(
        code,
        INCOMPATIBLE_TYPE,
        "{}: append to an integer",
        fx.label()
    );
    // Neither failed write changed the record.
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.generation, 1);
    assert_eq!(rec.bins["s"], Value::from("text"));
    assert_eq!(rec.bins["n"], Value::from(5));
}
