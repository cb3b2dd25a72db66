//! C04: record-exists actions (create-only, update-only, replace, replace-only, update).

use aerospike::{as_bin, Bins, ReadPolicy, RecordExistsAction, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, KEY_EXISTS, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::Fixture;
use std::collections::BTreeMap;

on_both_clusters!(
    create_only_fails_with_key_exists_on_an_existing_record,
    update_only_and_replace_only_fail_with_not_found_on_a_missing_record,
    replace_drops_the_bins_it_does_not_write,
    update_merges_new_bins_into_the_record
);

fn policy(action: RecordExistsAction) -> WritePolicy {
    WritePolicy {
        record_exists_action: action,
        ..WritePolicy::default()
    }
}

async fn bins_of(fx: &Fixture, key: &aerospike::Key) -> BTreeMap<String, Value> {
    fx.client
        .get(&ReadPolicy::default(), key, Bins::All)
        .await
        .expect("get")
        .bins
        .into_iter()
        .collect()
}

fn expected(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

async fn create_only_fails_with_key_exists_on_an_existing_record(fx: &Fixture) {
    let key = key("c04_create", 1);
    let create = policy(RecordExistsAction::CreateOnly);
    fx.client
        .put(&create, &key, &[as_bin!("a", 1)])
        .await
        .expect("create-only of a new record");
    let code = expect_server_code(fx.client.put(&create, &key, &[as_bin!("a", 2)]).await);
    assert_eq!(code, KEY_EXISTS, "{}", fx.label());
    assert_eq!(bins_of(fx, &key).await, expected(&[("a", Value::from(1))]));
}

async fn update_only_and_replace_only_fail_with_not_found_on_a_missing_record(fx: &Fixture) {
    for (i, action) in [
        RecordExistsAction::UpdateOnly,
        RecordExistsAction::ReplaceOnly,
    ]
    .into_iter()
    .enumerate()
    {
        let key = key("c04_must_exist", i as i64);
        let code = expect_server_code(
            fx.client
                .put(&policy(action), &key, &[as_bin!("a", 1)])
                .await,
        );
        assert_eq!(code, KEY_NOT_FOUND, "{}: {action:?}", fx.label());
        assert!(!fx
            .client
            .exists(&ReadPolicy::default(), &key)
            .await
            .expect("exists"));

        // Once the record exists the same write succeeds.
        fx.client
            .put(&WritePolicy::default(), &key, &[as_bin!("old", 0)])
            .await
            .expect("put");
        fx.client
            .put(&policy(action), &key, &[as_bin!("a", 1)])
            .await
            .unwrap_or_else(|e| panic!("{action:?} of an existing record: {e}"));
        let want = if action == RecordExistsAction::ReplaceOnly {
            expected(&[("a", Value::from(1))])
        } else {
            expected(&[("a", Value::from(1)), ("old", Value::from(0))])
        };
        assert_eq!(bins_of(fx, &key).await, want, "{}: {action:?}", fx.label());
    }
}

async fn replace_drops_the_bins_it_does_not_write(fx: &Fixture) {
    let key = key("c04_replace", 1);
    fx.client
        .put(
            &WritePolicy::default(),
            &key,
            &[as_bin!("a", 1), as_bin!("b", 2)],
        )
        .await
        .expect("put");
    fx.client
        .put(
            &policy(RecordExistsAction::Replace),
            &key,
            &[as_bin!("c", 3)],
        )
        .await
        .expect("replace");
    assert_eq!(
        bins_of(fx, &key).await,
        expected(&[("c", Value::from(3))]),
        "{}",
        fx.label()
    );
    // Replace also creates.
    let fresh = conformance_rust::data::key("c04_replace", 2);
    fx.client
        .put(
            &policy(RecordExistsAction::Replace),
            &fresh,
            &[as_bin!("d", 4)],
        )
        .await
        .expect("replace of a missing record");
    assert_eq!(
        bins_of(fx, &fresh).await,
        expected(&[("d", Value::from(4))])
    );
}

async fn update_merges_new_bins_into_the_record(fx: &Fixture) {
    let key = key("c04_update", 1);
    let update = policy(RecordExistsAction::Update);
    fx.client
        .put(&update, &key, &[as_bin!("a", 1), as_bin!("b", "x")])
        .await
        .expect("put");
    fx.client
        .put(&update, &key, &[as_bin!("b", "y"), as_bin!("c", 3)])
        .await
        .expect("update");
    assert_eq!(
        bins_of(fx, &key).await,
        expected(&[
            ("a", Value::from(1)),
            ("b", Value::from("y")),
            ("c", Value::from(3))
        ]),
        "{}",
        fx.label()
    );
}
