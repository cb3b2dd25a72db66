//! Which node masters each of the 4096 partitions of each namespace, read from every node's
//! `replicas` info answer. The `aerospike` crate keeps its own map private; split planning needs
//! it, so the core asks the nodes itself and builds this one.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

/// Partitions per namespace in every Aerospike cluster.
pub const PARTITIONS: usize = 4096;

/// One namespace's entry in a node's `replicas` answer, master column only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceReplicas {
    pub namespace: String,
    /// Strong-consistency regime; 0 on AP namespaces. A higher regime is the newer claim.
    pub regime: u32,
    pub replication_factor: usize,
    /// Bit `p` (most significant bit of byte 0 first) set when the node masters partition `p`.
    master: Vec<u8>,
}

impl NamespaceReplicas {
    pub fn masters(&self, partition: usize) -> bool {
        partition < PARTITIONS && self.master[partition >> 3] & (0x80 >> (partition & 7)) != 0
    }
}

/// Parses a `replicas` answer: `ns:regime,n_replicas,b64(master),b64(replica 1),…;ns2:…`.
/// The error is the reason, for the caller to wrap with the node it came from.
pub fn parse_replicas(answer: &str) -> Result<Vec<NamespaceReplicas>, String> {
    let mut out = Vec::new();
    for entry in answer.trim().split(';').filter(|e| !e.is_empty()) {
        let (namespace, rest) = entry
            .split_once(':')
            .ok_or_else(|| format!("no ':' after the namespace in '{entry}'"))?;
        let mut fields = rest.split(',');
        let regime = fields
            .next()
            .and_then(|f| f.parse::<u32>().ok())
            .ok_or_else(|| format!("namespace '{namespace}': bad regime in '{rest}'"))?;
        let replication_factor = fields
            .next()
            .and_then(|f| f.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("namespace '{namespace}': bad replica count in '{rest}'"))?;
        let master_b64 = fields
            .next()
            .ok_or_else(|| format!("namespace '{namespace}': no master bitmap"))?;
        let master = BASE64
            .decode(master_b64)
            .map_err(|e| format!("namespace '{namespace}': master bitmap is not base64: {e}"))?;
        if master.len() != PARTITIONS / 8 {
            return Err(format!(
                "namespace '{namespace}': master bitmap has {} bytes, expected {}",
                master.len(),
                PARTITIONS / 8
            ));
        }
        out.push(NamespaceReplicas {
            namespace: namespace.to_string(),
            regime,
            replication_factor,
            master,
        });
    }
    Ok(out)
}

/// The master of every partition of every namespace, as node indexes into the caller's node list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartitionMap {
    namespaces: BTreeMap<String, Vec<Option<Claim>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Claim {
    node: usize,
    regime: u32,
}

impl PartitionMap {
    /// Records the partitions node `node` says it masters. While a cluster re-forms two nodes can
    /// both claim a partition: the higher regime wins, and on a tie the first claim stays, so the
    /// result depends only on the order nodes are added (the caller adds them sorted by name).
    pub fn add(&mut self, node: usize, replicas: &NamespaceReplicas) {
        let slots = self
            .namespaces
            .entry(replicas.namespace.clone())
            .or_insert_with(|| vec![None; PARTITIONS]);
        for (p, slot) in slots.iter_mut().enumerate() {
            if !replicas.masters(p) {
                continue;
            }
            let newer = match slot {
                None => true,
                Some(c) => replicas.regime > c.regime,
            };
            if newer {
                *slot = Some(Claim {
                    node,
                    regime: replicas.regime,
                });
            }
        }
    }

    pub fn namespaces(&self) -> impl Iterator<Item = &str> {
        self.namespaces.keys().map(String::as_str)
    }

    /// Node index mastering each partition of `namespace` (None: no node claims it, e.g. its
    /// only copy is on a stopped node). None for a namespace no node serves.
    pub fn masters(&self, namespace: &str) -> Option<Vec<Option<usize>>> {
        self.namespaces
            .get(namespace)
            .map(|slots| slots.iter().map(|c| c.map(|c| c.node)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitmap(owned: impl Fn(usize) -> bool) -> String {
        let mut bytes = vec![0u8; PARTITIONS / 8];
        for p in (0..PARTITIONS).filter(|&p| owned(p)) {
            bytes[p >> 3] |= 0x80 >> (p & 7);
        }
        BASE64.encode(bytes)
    }

    #[test]
    fn parses_two_namespaces_with_their_master_bits() {
        let answer = format!(
            "test:0,2,{},{};bar:3,1,{}",
            bitmap(|p| p % 2 == 0),
            bitmap(|p| p % 2 == 1),
            bitmap(|p| p < 10)
        );
        let parsed = parse_replicas(&answer).expect("parses");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].namespace, "test");
        assert_eq!(parsed[0].replication_factor, 2);
        assert_eq!(
            (0..PARTITIONS).filter(|&p| parsed[0].masters(p)).count(),
            2048
        );
        assert!(parsed[0].masters(4094) && !parsed[0].masters(4095));
        assert_eq!(parsed[1].namespace, "bar");
        assert_eq!(parsed[1].regime, 3);
        assert_eq!(
            (0..PARTITIONS)
                .filter(|&p| parsed[1].masters(p))
                .collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_empty_answer_has_no_namespaces() {
        assert_eq!(parse_replicas("").expect("parses"), vec![]);
    }

    #[test]
    fn a_short_bitmap_is_rejected_naming_the_namespace() {
        let e = parse_replicas(&format!("test:0,1,{}", BASE64.encode([0u8; 10]))).unwrap_err();
        assert!(e.contains("'test'") && e.contains("10 bytes"), "{e}");
    }

    #[test]
    fn bad_base64_and_bad_numbers_are_rejected() {
        assert!(parse_replicas("test:0,1,@@@")
            .unwrap_err()
            .contains("base64"));
        assert!(parse_replicas("test:x,1,AAAA")
            .unwrap_err()
            .contains("regime"));
        assert!(parse_replicas("test:0,0,AAAA")
            .unwrap_err()
            .contains("replica count"));
        assert!(parse_replicas("test").unwrap_err().contains("no ':'"));
    }

    #[test]
    fn the_map_assigns_each_partition_to_its_claiming_node() {
        let mut map = PartitionMap::default();
        let a = &parse_replicas(&format!("test:0,1,{}", bitmap(|p| p < 2048))).expect("a")[0];
        let b = &parse_replicas(&format!("test:0,1,{}", bitmap(|p| p >= 2048))).expect("b")[0];
        map.add(0, a);
        map.add(1, b);
        let masters = map.masters("test").expect("namespace");
        assert_eq!(masters.iter().filter(|m| **m == Some(0)).count(), 2048);
        assert_eq!(masters.iter().filter(|m| **m == Some(1)).count(), 2048);
        assert_eq!(masters[2047], Some(0));
        assert_eq!(masters[2048], Some(1));
        assert_eq!(map.namespaces().collect::<Vec<_>>(), vec!["test"]);
        assert_eq!(map.masters("nope"), None);
    }

    #[test]
    fn unclaimed_partitions_have_no_master() {
        let mut map = PartitionMap::default();
        let a = &parse_replicas(&format!("test:0,1,{}", bitmap(|p| p != 7))).expect("a")[0];
        map.add(0, a);
        let masters = map.masters("test").expect("namespace");
        assert_eq!(masters[7], None);
        assert_eq!(masters.iter().filter(|m| m.is_none()).count(), 1);
    }

    #[test]
    fn a_higher_regime_wins_a_double_claim_and_a_tie_keeps_the_first() {
        let all = bitmap(|_| true);
        let old = &parse_replicas(&format!("sc:4,1,{all}")).expect("old")[0];
        let new = &parse_replicas(&format!("sc:5,1,{all}")).expect("new")[0];
        let mut map = PartitionMap::default();
        map.add(0, old);
        map.add(1, new);
        assert!(map.masters("sc").expect("ns").iter().all(|m| *m == Some(1)));
        let mut tie = PartitionMap::default();
        tie.add(0, old);
        tie.add(1, old);
        assert!(tie.masters("sc").expect("ns").iter().all(|m| *m == Some(0)));
    }
}
