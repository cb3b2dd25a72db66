//! Cluster membership and partition ownership, as every node reports it to clients.
//!
//! Each partition ranks the nodes by a hash of (node id, partition), like a real server's
//! succession list. Its holders are the first `rf` live nodes of that ranking: when a node
//! stops, its former replica becomes master at once and a new replica is chosen, and when it
//! returns the map goes back to exactly what it was — both as the golden `cluster3/` captures
//! show for a real 8.1 cluster.
//!
//! If every holder of a partition stops, the partition has no copy left. aerolite then leaves it
//! without any owner (clients see it unavailable) until one of those nodes returns, instead of
//! serving it empty as an AP namespace would: a lost partition must be visible to tests.

use crate::store::N_PARTITIONS;
use base64::Engine;

#[derive(Debug, Clone)]
pub struct NodeView {
    pub id: u64,
    pub port: u16,
    pub alive: bool,
    pub partition_generation: i64,
    pub peers_generation: u64,
}

impl NodeView {
    /// The node name clients see: uppercase hex without leading zeros, as `%lX` prints it.
    pub fn name(&self) -> String {
        format!("{:X}", self.id)
    }
}

pub struct Topology {
    pub nodes: Vec<NodeView>,
    pub rf: usize,
    ranking: Vec<Vec<u8>>,
    holders: Vec<Vec<u8>>,
    /// For partitions with no live copy: the nodes that held it last.
    lost: Vec<Option<Vec<u8>>>,
    pub cluster_key: u64,
    pub cluster_generation: u64,
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: a well-spread, deterministic hash.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Topology {
    pub fn new(nodes: &[(u64, u16)], rf: usize) -> Topology {
        assert!(!nodes.is_empty() && nodes.len() <= 255, "1 to 255 nodes");
        let ranking = (0..N_PARTITIONS)
            .map(|p| {
                let mut idx: Vec<u8> = (0..nodes.len() as u8).collect();
                idx.sort_by_key(|&i| std::cmp::Reverse(mix(nodes[i as usize].0 ^ mix(p as u64))));
                idx
            })
            .collect();
        let views = nodes
            .iter()
            .map(|&(id, port)| NodeView {
                id,
                port,
                alive: true,
                partition_generation: 0,
                peers_generation: 1,
            })
            .collect();
        let mut t = Topology {
            nodes: views,
            rf: rf.max(1),
            ranking,
            holders: vec![Vec::new(); N_PARTITIONS],
            lost: vec![None; N_PARTITIONS],
            cluster_key: rand::random::<u64>() & 0xFFFF_FFFF_FFFF,
            cluster_generation: 1,
        };
        t.holders = (0..N_PARTITIONS).map(|p| t.live_top(p)).collect();
        t
    }

    fn live_top(&self, p: usize) -> Vec<u8> {
        self.ranking[p]
            .iter()
            .copied()
            .filter(|&i| self.nodes[i as usize].alive)
            .take(self.rf)
            .collect()
    }

    pub fn live_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.alive).count()
    }

    /// Replication factor as clients see it: never more than the live nodes.
    pub fn effective_rf(&self) -> usize {
        self.rf.min(self.live_count()).max(1)
    }

    /// Nodes holding partition `p`, master first; empty when it is unavailable.
    pub fn holders(&self, p: usize) -> &[u8] {
        &self.holders[p]
    }

    pub fn holds(&self, node: usize, p: usize) -> bool {
        self.holders[p].contains(&(node as u8))
    }

    pub fn master(&self, p: usize) -> Option<usize> {
        self.holders[p].first().map(|&i| i as usize)
    }

    pub fn unavailable_partitions(&self) -> Vec<usize> {
        (0..N_PARTITIONS)
            .filter(|&p| self.holders[p].is_empty())
            .collect()
    }

    /// Marks a node up or down and moves partitions as a re-formed cluster would.
    pub fn set_alive(&mut self, node: usize, alive: bool) {
        if self.nodes[node].alive == alive {
            return;
        }
        self.nodes[node].alive = alive;
        let mut changed = vec![0i64; self.nodes.len()];
        for p in 0..N_PARTITIONS {
            let old = std::mem::take(&mut self.holders[p]);
            let still_held = old.iter().any(|&i| self.nodes[i as usize].alive);
            let recovered = self.lost[p]
                .as_ref()
                .is_some_and(|l| l.iter().any(|&i| self.nodes[i as usize].alive));
            let new = if old.is_empty() && !recovered {
                Vec::new()
            } else if !old.is_empty() && !still_held {
                self.lost[p] = Some(old.clone());
                Vec::new()
            } else {
                self.lost[p] = None;
                self.live_top(p)
            };
            for (col, &i) in new.iter().enumerate() {
                if old.get(col) != Some(&i) {
                    changed[i as usize] += 1;
                }
            }
            for (col, &i) in old.iter().enumerate() {
                if new.get(col) != Some(&i) {
                    changed[i as usize] += 1;
                }
            }
            self.holders[p] = new;
        }
        for (i, n) in self.nodes.iter_mut().enumerate() {
            if n.alive {
                n.partition_generation += changed[i];
                n.peers_generation += 1;
            }
        }
        self.cluster_key = rand::random::<u64>() & 0xFFFF_FFFF_FFFF;
        self.cluster_generation += 1;
    }

    /// The 512-byte ownership bitmap of `node` in replica column `col`, base64 (684 chars).
    pub fn bitmap(&self, node: usize, col: usize) -> String {
        let mut bits = [0u8; N_PARTITIONS / 8];
        for p in 0..N_PARTITIONS {
            if self.holders[p].get(col) == Some(&(node as u8)) {
                bits[p >> 3] |= 0x80 >> (p & 7);
            }
        }
        base64::engine::general_purpose::STANDARD.encode(bits)
    }

    /// The `peers-clear-std` answer of `node`: every other live node, with explicit ports.
    pub fn peers(&self, node: usize) -> String {
        self.peers_named(node, "")
    }

    /// [`peers`](Self::peers) with each peer's TLS name (the `peers-tls-*` answers).
    pub fn peers_named(&self, node: usize, tls_name: &str) -> String {
        let mut others: Vec<&NodeView> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| *i != node && n.alive)
            .map(|(_, n)| n)
            .collect();
        others.sort_by_key(|n| std::cmp::Reverse(n.id));
        let list: Vec<String> = others
            .iter()
            .map(|n| format!("[{},{tls_name},[127.0.0.1:{}]]", n.name(), n.port))
            .collect();
        format!(
            "{},3000,[{}]",
            self.nodes[node].peers_generation,
            list.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three(rf: usize) -> Topology {
        Topology::new(&[(0xA1, 3000), (0xA2, 3010), (0xA3, 3020)], rf)
    }

    #[test]
    fn every_partition_has_distinct_holders_per_column() {
        let t = three(2);
        let mut masters = [0usize; 3];
        for p in 0..N_PARTITIONS {
            let h = t.holders(p);
            assert_eq!(h.len(), 2);
            assert_ne!(h[0], h[1]);
            masters[h[0] as usize] += 1;
        }
        assert_eq!(masters.iter().sum::<usize>(), N_PARTITIONS);
        // A fair share: each node masters roughly a third.
        assert!(
            masters.iter().all(|&m| (1200..1550).contains(&m)),
            "{masters:?}"
        );
    }

    #[test]
    fn rf2_node_loss_promotes_the_replica_and_restart_restores_the_map() {
        let mut t = three(2);
        let before: Vec<Vec<u8>> = (0..N_PARTITIONS).map(|p| t.holders(p).to_vec()).collect();
        t.set_alive(2, false);
        for (p, old) in before.iter().enumerate() {
            let h = t.holders(p);
            assert_eq!(h.len(), 2, "partition {p} still has two copies");
            assert!(!h.contains(&2));
            if old[0] == 2 {
                assert_eq!(h[0], old[1], "former replica of {p} became master");
            }
        }
        assert!(t.unavailable_partitions().is_empty());
        assert!(t.nodes[0].partition_generation > 0 && t.nodes[0].peers_generation == 2);
        t.set_alive(2, true);
        let after: Vec<Vec<u8>> = (0..N_PARTITIONS).map(|p| t.holders(p).to_vec()).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn rf1_node_loss_leaves_its_partitions_unavailable_until_it_returns() {
        let mut t = three(1);
        let owned: Vec<usize> = (0..N_PARTITIONS)
            .filter(|&p| t.master(p) == Some(1))
            .collect();
        t.set_alive(1, false);
        assert_eq!(t.unavailable_partitions(), owned);
        t.set_alive(1, true);
        assert!(t.unavailable_partitions().is_empty());
        assert!(owned.iter().all(|&p| t.master(p) == Some(1)));
    }

    #[test]
    fn bitmaps_and_peers_have_the_wire_shapes() {
        let t = three(2);
        let b = t.bitmap(0, 0);
        assert_eq!(b.len(), 684);
        let single = Topology::new(&[(0xB, 3000)], 1);
        assert_eq!(single.bitmap(0, 0), format!("{}8=", "/".repeat(682)));
        assert_eq!(single.peers(0), "1,3000,[]");
        assert_eq!(
            t.peers(0),
            "1,3000,[[A3,,[127.0.0.1:3020]],[A2,,[127.0.0.1:3010]]]"
        );
    }
}
