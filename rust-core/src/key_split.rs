//! Split planning for a key-list read: the keys grouped by the node mastering their partition,
//! one split per node (cut into pieces of at most `max_keys` keys), located at that node's host.
//! A key listed twice is read once, as a query's `IN` list means it.
//!
//! A key split travels to the task as opaque bytes like a partition split, under its own leading
//! byte ([`FORMAT`]) so that neither reader mistakes the other's split for its own.

use std::collections::{BTreeMap, HashSet};

use crate::cluster::ClusterView;
use crate::error::{Error, Result};
use crate::split::host_of;
use crate::user_key::{decode_keys, describe_keys, encode_keys, UserKey};

/// The leading byte of a key split's bytes (a partition split starts with its version, 1).
pub const FORMAT: u8 = 0x4b;

/// One split of a key-list read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySplit {
    pub namespace: String,
    pub set: String,
    /// Position among the splits of one plan, from 0, and how many there are.
    pub index: u32,
    pub of: u32,
    /// The node mastering the keys' partitions at planning time, and its host.
    pub node: String,
    pub host: String,
    /// In the order the caller listed them, without duplicates.
    pub keys: Vec<UserKey>,
}

impl KeySplit {
    pub fn label(&self) -> String {
        format!("key split {} of {}", self.index + 1, self.of)
    }

    /// A one-line description for `InputSplit.toString()` and logs.
    pub fn describe(&self) -> String {
        let set = if self.set.is_empty() {
            String::new()
        } else {
            format!(", set '{}'", self.set)
        };
        format!(
            "{} of namespace '{}'{set}: {} keys ({}) on {} ({})",
            self.label(),
            self.namespace,
            self.keys.len(),
            describe_keys(self.keys.iter(), 3),
            self.node,
            self.host
        )
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![FORMAT];
        for s in [&self.namespace, &self.set, &self.node, &self.host] {
            out.extend_from_slice(&(s.len() as u32).to_be_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.index.to_be_bytes());
        out.extend_from_slice(&self.of.to_be_bytes());
        out.extend_from_slice(&encode_keys(&self.keys));
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<KeySplit> {
        let bad = |reason: String| Error::InvalidArgument {
            what: "key split",
            value: format!("{} bytes", bytes.len()),
            reason,
        };
        match bytes.first() {
            Some(&FORMAT) => {}
            Some(other) => {
                return Err(bad(format!(
                    "leading byte {other}, not a key split's {FORMAT} (a partition split?)"
                )))
            }
            None => return Err(bad("empty".into())),
        }
        let mut at = 1;
        let mut take = |n: usize| -> Result<&[u8]> {
            let end = at + n;
            let s = bytes
                .get(at..end)
                .ok_or_else(|| bad(format!("truncated at byte {at}")))?;
            at = end;
            Ok(s)
        };
        let mut strings = Vec::with_capacity(4);
        for _ in 0..4 {
            let len = u32::from_be_bytes(take(4)?.try_into().unwrap_or_default()) as usize;
            let s = std::str::from_utf8(take(len)?)
                .map_err(|_| bad("a name that is not UTF-8".into()))?;
            strings.push(s.to_string());
        }
        let index = u32::from_be_bytes(take(4)?.try_into().unwrap_or_default());
        let of = u32::from_be_bytes(take(4)?.try_into().unwrap_or_default());
        let keys = decode_keys(&bytes[at..])?;
        if keys.is_empty() {
            return Err(bad("no keys".into()));
        }
        let mut strings = strings.into_iter();
        let mut next = || strings.next().unwrap_or_default();
        Ok(KeySplit {
            namespace: next(),
            set: next(),
            node: next(),
            host: next(),
            index,
            of,
            keys,
        })
    }
}

/// Plans the splits reading `keys` of `namespace`/`set`: by master node, at most `max_keys` per
/// split (0: no limit). Fails, before any task runs, when a key's partition has no master (result
/// code 11, naming the keys) or the namespace is unknown.
pub fn plan_keys(
    view: &ClusterView,
    namespace: &str,
    set: &str,
    keys: Vec<UserKey>,
    max_keys: usize,
) -> Result<Vec<KeySplit>> {
    let masters = view
        .partitions
        .masters(namespace)
        .ok_or_else(|| Error::UnknownNamespace {
            namespace: namespace.to_string(),
            nodes: view
                .nodes
                .iter()
                .map(|n| format!("{} ({})", n.name, n.address))
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let mut seen = HashSet::new();
    let mut per_node: BTreeMap<usize, Vec<UserKey>> = BTreeMap::new();
    let mut orphans = Vec::new();
    for key in keys {
        if !seen.insert(key.clone()) {
            continue;
        }
        let partition = key.partition(set);
        match masters[usize::from(partition)] {
            Some(node) => per_node.entry(node).or_default().push(key),
            None => orphans.push(key),
        }
    }
    if !orphans.is_empty() {
        return Err(Error::KeysUnavailable {
            namespace: namespace.to_string(),
            keys: describe_keys(orphans.iter(), 20),
            reason: format!(
                "no node of the cluster ({} nodes) masters their partitions; a node holding \
                 their only copy is probably down",
                view.nodes.len()
            ),
        });
    }
    let chunk = if max_keys == 0 { usize::MAX } else { max_keys };
    let mut splits = Vec::new();
    for (node, keys) in per_node {
        let view_node = &view.nodes[node];
        for piece in keys.chunks(chunk) {
            splits.push(KeySplit {
                namespace: namespace.to_string(),
                set: set.to_string(),
                index: 0,
                of: 0,
                node: view_node.name.clone(),
                host: host_of(&view_node.address),
                keys: piece.to_vec(),
            });
        }
    }
    let of = splits.len() as u32;
    for (i, s) in splits.iter_mut().enumerate() {
        s.index = i as u32;
        s.of = of;
    }
    Ok(splits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::NodeView;
    use crate::partition_map::{parse_replicas, PartitionMap, PARTITIONS};
    use base64::Engine as _;

    /// A view of two nodes: node 0 masters even partitions, node 1 odd ones, except partition
    /// `orphan` which nobody masters.
    fn view(orphan: Option<usize>) -> ClusterView {
        let mut map = PartitionMap::default();
        let mut nodes = Vec::new();
        for n in 0..2usize {
            let mut bits = vec![0u8; PARTITIONS / 8];
            for p in (n..PARTITIONS).step_by(2) {
                if Some(p) != orphan {
                    bits[p >> 3] |= 0x80 >> (p & 7);
                }
            }
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bits);
            let answer = format!("test:0,1,{b64}");
            for ns in parse_replicas(&answer).expect("parses") {
                map.add(n, &ns);
            }
            nodes.push(NodeView {
                name: format!("N{n}"),
                address: format!("10.0.0.{n}:3000"),
                tls_name: None,
            });
        }
        ClusterView {
            nodes,
            partitions: map,
        }
    }

    fn keys(n: i64) -> Vec<UserKey> {
        (0..n).map(UserKey::Int).collect()
    }

    #[test]
    fn keys_are_grouped_by_master_once_each_and_located_at_its_host() {
        let mut listed = keys(40);
        listed.push(UserKey::Int(3));
        listed.push(UserKey::Str("k".into()));
        let splits = plan_keys(&view(None), "test", "s", listed, 0).expect("plans");
        assert!(!splits.is_empty() && splits.len() <= 2);
        let total: usize = splits.iter().map(|s| s.keys.len()).sum();
        assert_eq!(total, 41, "the duplicate of 3 is read once");
        for s in &splits {
            let node: usize = s.node[1..].parse().expect("N<i>");
            assert_eq!(s.host, format!("10.0.0.{node}"));
            for k in &s.keys {
                assert_eq!(usize::from(k.partition("s")) % 2, node, "{k}");
            }
            assert_eq!(s.of, splits.len() as u32);
        }
    }

    #[test]
    fn a_split_holds_at_most_max_keys_and_its_bytes_read_back() {
        let splits = plan_keys(&view(None), "test", "", keys(25), 4).expect("plans");
        assert!(splits.iter().all(|s| s.keys.len() <= 4));
        assert_eq!(splits.iter().map(|s| s.keys.len()).sum::<usize>(), 25);
        for s in &splits {
            assert_eq!(&KeySplit::from_bytes(&s.to_bytes()).expect("reads"), s);
        }
        let mut damaged = splits[0].to_bytes();
        damaged.truncate(10);
        assert!(KeySplit::from_bytes(&damaged).is_err());
        assert!(
            KeySplit::from_bytes(&[1, 0, 0]).is_err(),
            "a partition split"
        );
    }

    #[test]
    fn a_key_without_master_fails_planning_naming_it() {
        let k = UserKey::Str("lost".into());
        let orphan = usize::from(k.partition("s"));
        let e = plan_keys(
            &view(Some(orphan)),
            "test",
            "s",
            vec![UserKey::Int(1), k],
            0,
        )
        .expect_err("refused");
        assert_eq!(e.result_code(), 11);
        assert!(e.to_string().contains("'lost'"), "{e}");
        let e = plan_keys(&view(None), "nope", "s", keys(1), 0).expect_err("refused");
        assert_eq!(e.result_code(), 20);
    }
}
