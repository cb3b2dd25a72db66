//! C18: a cluster that requires a login accepts the right password and refuses a wrong one,
//! and an unknown user, with INVALID_CREDENTIAL (65).

use aerospike::{
    as_bin, AuthMode, Bins, Client, ClientPolicy, ErrorKind, ReadPolicy, Value, WritePolicy,
};
use conformance_rust::codes::INVALID_CREDENTIAL;
use conformance_rust::data::key;
use conformance_rust::fixture::shared_config;
use conformance_rust::{block_on, Fixture};

const USER: &str = "conformance";
const PASSWORD: &str = "s3cret-pw";

fn policy(user: &str, password: &str) -> ClientPolicy {
    ClientPolicy {
        auth_mode: AuthMode::Internal(user.into(), password.into()),
        ..ClientPolicy::default()
    }
}

#[test]
fn login_one_node() {
    block_on(right_password_works_and_a_wrong_one_is_refused(1, 1));
}

#[test]
fn login_three_nodes_rf2() {
    block_on(right_password_works_and_a_wrong_one_is_refused(3, 2));
}

async fn right_password_works_and_a_wrong_one_is_refused(nodes: usize, rf: usize) {
    let mut config = shared_config(nodes, rf);
    config.credentials = Some((USER.into(), PASSWORD.into()));
    let fx = Fixture::start(config, policy(USER, PASSWORD))
        .await
        .expect("the right password connects");
    let k = key("c18_login", 1);
    fx.client
        .put(&WritePolicy::default(), &k, &[as_bin!("a", 1)])
        .await
        .expect("put after login");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &k, Bins::All)
        .await
        .expect("get after login");
    assert_eq!(rec.bins["a"], Value::from(1));

    for (user, password) in [(USER, "wrong-password"), ("mallory", PASSWORD)] {
        let refused = match Client::new(&policy(user, password), &fx.cluster.seeds()).await {
            Ok(client) => panic!(
                "{nodes} node(s): {user}/{password} connected to {:?}",
                client.node_names()
            ),
            Err(e) => e,
        };
        // The crate keeps no result code for this: the error is a client-side connection
        // failure (-8) whose message lists, per seed, the server's answer to the login. Every
        // node must have answered 65 INVALID_CREDENTIAL.
        assert!(
            matches!(refused.kind(), ErrorKind::Connection),
            "{refused:?}"
        );
        let message = refused.to_string();
        for addr in fx.cluster.addrs() {
            let line =
                format!("{addr} Error {INVALID_CREDENTIAL}, node={addr}: Invalid credential");
            assert!(
                message.contains(&line),
                "{nodes} node(s), {user}: no {line:?} in {message:?}"
            );
        }
    }
    let _ = fx.client.close().await;
}
