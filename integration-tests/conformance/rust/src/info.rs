//! Info answers as the cases read them: per node, split into `key=value` pairs, and the
//! partition ownership the nodes advertise in `replicas-master`.

use aerospike::{AdminPolicy, Client};
use base64::Engine;
use std::collections::BTreeMap;

/// Partitions per namespace.
pub const N_PARTITIONS: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum InfoError {
    #[error("info {command} on {node}: {source}")]
    Request {
        command: String,
        node: String,
        source: aerospike::Error,
    },
    #[error("{node} answered {command} without the name")]
    Missing { command: String, node: String },
    #[error("bad replicas-master answer from {node}: {why}")]
    Replicas { node: String, why: String },
}

/// Each node's answer to `command`, by node name.
pub async fn on_every_node(
    client: &Client,
    command: &str,
) -> Result<BTreeMap<String, String>, InfoError> {
    let mut answers = BTreeMap::new();
    for node in client.nodes() {
        let mut got = node
            .info(&AdminPolicy::default(), &[command])
            .await
            .map_err(|source| InfoError::Request {
                command: command.into(),
                node: node.name().into(),
                source,
            })?;
        let answer = got.swap_remove(command).ok_or_else(|| InfoError::Missing {
            command: command.into(),
            node: node.name().into(),
        })?;
        answers.insert(node.name().to_string(), answer);
    }
    Ok(answers)
}

/// The `key=value` pairs of an answer whose pairs are separated by any of `separators`.
pub fn pairs(answer: &str, separators: &[char]) -> BTreeMap<String, String> {
    answer
        .split(separators)
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The master node of every partition of `namespace`, from each node's `replicas-master`
/// bitmap (bit p is byte p>>3, mask 0x80>>(p&7)). A partition claimed by two nodes is an error.
pub async fn partition_masters(
    client: &Client,
    namespace: &str,
) -> Result<BTreeMap<usize, String>, InfoError> {
    let mut masters = BTreeMap::new();
    for (node, answer) in on_every_node(client, "replicas-master").await? {
        let bad = |why: String| InfoError::Replicas {
            node: node.clone(),
            why,
        };
        let Some(b64) = answer
            .split(';')
            .find_map(|entry| entry.strip_prefix(namespace)?.strip_prefix(':'))
        else {
            return Err(bad(format!("no {namespace} in {answer:?}")));
        };
        let bitmap = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| bad(e.to_string()))?;
        if bitmap.len() != N_PARTITIONS / 8 {
            return Err(bad(format!("bitmap of {} bytes", bitmap.len())));
        }
        for p in 0..N_PARTITIONS {
            if bitmap[p >> 3] & (0x80 >> (p & 7)) != 0 {
                if let Some(other) = masters.insert(p, node.clone()) {
                    return Err(bad(format!("partition {p} also mastered by {other}")));
                }
            }
        }
    }
    Ok(masters)
}
