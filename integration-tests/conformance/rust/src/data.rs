//! Keys and records the cases write: integer user keys `0..n` in a case's own set, with bins
//! derived from the key so that any read can be checked against what was written.

use aerospike::{as_bin, Bin, Client, Key, Value, WritePolicy};
use futures::stream::{self, StreamExt, TryStreamExt};

use crate::fixture::NS;

/// How many puts a bulk load keeps in flight.
const IN_FLIGHT: usize = 64;

/// The key of record `i` in `set` of namespace `test`.
pub fn key(set: &str, i: i64) -> Key {
    key_in(NS, set, i)
}

/// The key of record `i` in `set` of `namespace`.
pub fn key_in(namespace: &str, set: &str, i: i64) -> Key {
    // An integer user key is always valid; Key::new only refuses floats, nil and collections.
    Key::new(namespace, set, Value::from(i)).expect("integer user keys are valid")
}

/// The bins of numbered record `i`: `n` = i, `s` = "s<i>".
pub fn numbered_bins(i: i64) -> Vec<Bin> {
    vec![as_bin!("n", i), as_bin!("s", format!("s{i}"))]
}

/// Writes numbered records `ids` into `namespace`/`set`, with the user key stored when
/// `send_key`.
pub async fn write_numbered_in(
    client: &Client,
    namespace: &str,
    set: &str,
    ids: impl IntoIterator<Item = i64>,
    send_key: bool,
) -> aerospike::Result<()> {
    let policy = &WritePolicy {
        send_key,
        ..WritePolicy::default()
    };
    stream::iter(ids)
        .map(|i| async move {
            client
                .put(policy, &key_in(namespace, set, i), &numbered_bins(i))
                .await
        })
        .buffer_unordered(IN_FLIGHT)
        .try_collect::<Vec<()>>()
        .await
        .map(|_| ())
}

/// Writes numbered records `ids` into `test`/`set` with their user keys stored.
pub async fn write_numbered(
    client: &Client,
    set: &str,
    ids: impl IntoIterator<Item = i64>,
) -> aerospike::Result<()> {
    write_numbered_in(client, NS, set, ids, true).await
}

/// The integer a bin holds, if it holds one.
pub fn int_bin(record: &aerospike::Record, name: &str) -> Option<i64> {
    match record.bins.get(name) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}
