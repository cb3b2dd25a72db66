//! C09: touch bumps the generation and resets the TTL; touching a missing record fails.

use aerospike::{as_bin, Bins, Expiration, ReadPolicy, Value, WritePolicy};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::Fixture;

on_both_clusters!(
    touch_bumps_generation_and_resets_ttl,
    touch_of_a_missing_record_fails_with_not_found
);

fn with_ttl(secs: u32) -> WritePolicy {
    WritePolicy {
        expiration: Expiration::Seconds(secs),
        ..WritePolicy::default()
    }
}

async fn touch_bumps_generation_and_resets_ttl(fx: &Fixture) {
    let k = key("c09_touch", 1);
    fx.client
        .put(&with_ttl(100), &k, &[as_bin!("a", 1), as_bin!("b", "x")])
        .await
        .expect("put");
    fx.client.touch(&with_ttl(5000), &k).await.expect("touch");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get");
    assert_eq!(rec.generation, 2, "{}", fx.label());
    let ttl = rec.time_to_live().expect("a TTL").as_secs();
    assert!((4998..=5000).contains(&ttl), "{}: ttl {ttl}", fx.label());
    assert_eq!(
        rec.bins.len(),
        2,
        "{}: touch left the bins alone",
        fx.label()
    );
    assert_eq!(rec.bins["a"], Value::from(1));
    assert_eq!(rec.bins["b"], Value::from("x"));
}

async fn touch_of_a_missing_record_fails_with_not_found(fx: &Fixture) {
    let k = key("c09_touch_missing", 1);
    let code = expect_server_code(fx.client.touch(&WritePolicy::default(), &k).await);
    assert_eq!(code, KEY_NOT_FOUND, "{}", fx.label());
    assert!(
        !fx.client
            .exists(&ReadPolicy::default(), &k)
            .await
            .expect("exists"),
        "{}: touch must not create the record",
        fx.label()
    );
}
