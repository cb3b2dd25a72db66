//! C05: generation policies on writes and deletes.

use aerospike::{as_bin, Bins, GenerationPolicy, ReadPolicy, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, GENERATION};
use conformance_rust::data::key;
use conformance_rust::Fixture;

on_both_clusters!(
    expect_equal_rejects_a_stale_generation_and_accepts_the_current_one,
    expect_greater_accepts_only_a_higher_generation
);

fn policy(gp: GenerationPolicy, generation: u32) -> WritePolicy {
    WritePolicy {
        generation_policy: gp,
        generation,
        ..WritePolicy::default()
    }
}

async fn generation(fx: &Fixture, key: &aerospike::Key) -> u32 {
    fx.client
        .get(&ReadPolicy::default(), key, Bins::None)
        .await
        .expect("header")
        .generation
}

async fn expect_equal_rejects_a_stale_generation_and_accepts_the_current_one(fx: &Fixture) {
    let key = key("c05_equal", 1);
    fx.client
        .put(&WritePolicy::default(), &key, &[as_bin!("a", 1)])
        .await
        .expect("put");
    assert_eq!(generation(fx, &key).await, 1);

    let stale = policy(GenerationPolicy::ExpectGenEqual, 5);
    let code = expect_server_code(fx.client.put(&stale, &key, &[as_bin!("a", 2)]).await);
    assert_eq!(code, GENERATION, "{}", fx.label());
    let code = expect_server_code(fx.client.delete(&stale, &key).await);
    assert_eq!(code, GENERATION, "{}: delete", fx.label());
    let unchanged = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get after the refused writes");
    assert_eq!(
        unchanged.generation,
        1,
        "{}: nothing was written",
        fx.label()
    );
    assert_eq!(unchanged.bins["a"], Value::from(1));

    let current = policy(GenerationPolicy::ExpectGenEqual, 1);
    fx.client
        .put(&current, &key, &[as_bin!("a", 3)])
        .await
        .expect("write with the current generation");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.generation, 2, "{}", fx.label());
    assert_eq!(rec.bins["a"], Value::from(3));
}

async fn expect_greater_accepts_only_a_higher_generation(fx: &Fixture) {
    let key = key("c05_greater", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(&wp, &key, &[as_bin!("a", 1)])
        .await
        .expect("put");
    fx.client
        .put(&wp, &key, &[as_bin!("a", 2)])
        .await
        .expect("put");
    assert_eq!(generation(fx, &key).await, 2);

    let code = expect_server_code(
        fx.client
            .put(
                &policy(GenerationPolicy::ExpectGenGreater, 2),
                &key,
                &[as_bin!("a", 9)],
            )
            .await,
    );
    assert_eq!(code, GENERATION, "{}: equal is not greater", fx.label());
    fx.client
        .put(
            &policy(GenerationPolicy::ExpectGenGreater, 3),
            &key,
            &[as_bin!("a", 4)],
        )
        .await
        .expect("write with a greater generation");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.generation, 3, "{}", fx.label());
    assert_eq!(rec.bins["a"], Value::from(4));
}
