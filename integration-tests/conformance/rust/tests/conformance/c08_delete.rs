//! C08: deletes report whether the record existed, durable deletes included.

use aerospike::{as_bin, Bins, ReadPolicy, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::Fixture;

on_both_clusters!(
    delete_reports_existed_and_then_not_existed,
    durable_delete_removes_the_record_as_enterprise_edition_does
);

async fn delete_reports_existed_and_then_not_existed(fx: &Fixture) {
    let key = key("c08_delete", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &key, &[as_bin!("a", 1)])
        .await
        .expect("put");
    assert!(
        fx.client.delete(&wp, &key).await.expect("delete"),
        "{}",
        fx.label()
    );
    let code = expect_server_code(fx.client.get(&ReadPolicy::default(), &key, Bins::All).await);
    assert_eq!(code, KEY_NOT_FOUND);
    assert!(
        !fx.client.delete(&wp, &key).await.expect("second delete"),
        "{}: a missing record did not exist",
        fx.label()
    );
    // The key is free again: a new record starts at generation 1.
    fx.client
        .put(&wp, &key, &[as_bin!("b", 2)])
        .await
        .expect("put again");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.generation, 1);
    assert_eq!(rec.bins.len(), 1);
    assert_eq!(rec.bins["b"], Value::from(2));
}

/// A real Community Edition 8.1 answers ENTERPRISE_ONLY (25) to any durable delete
/// (`validate_delete_durability`); aerolite deliberately serves it as Enterprise Edition does, so
/// that the connector's durable-delete option can be tested (see `aerolite/src/command.rs`
/// `delete`). The Python and Java suites assert the same.
async fn durable_delete_removes_the_record_as_enterprise_edition_does(fx: &Fixture) {
    let k = key("c08_durable", 1);
    fx.client
        .put(&WritePolicy::default(), &k, &[as_bin!("a", 1)])
        .await
        .expect("put");
    let durable = WritePolicy {
        durable_delete: true,
        ..WritePolicy::default()
    };
    assert!(
        fx.client
            .delete(&durable, &k)
            .await
            .expect("durable delete"),
        "{}: the record existed",
        fx.label()
    );
    assert!(!fx
        .client
        .exists(&ReadPolicy::default(), &k)
        .await
        .expect("exists"));
    assert!(
        !fx.client
            .delete(&durable, &k)
            .await
            .expect("second durable delete"),
        "{}: a missing record did not exist",
        fx.label()
    );
}
