//! Namespaces, their 4096 partitions and their sets, held in memory and shared by every node
//! of a cluster. Which node may serve which partition is the cluster's business (`cluster.rs`);
//! the store only keeps the data.

use crate::partition::Partition;
use crate::record::Clock;
use crate::sindex::IndexDef;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

pub const N_PARTITIONS: usize = 4096;
pub type Digest = [u8; 20];
/// Records of one partition, ordered by digest, counted per set. Scans walk it in descending
/// order, as the real server does, and "resume after digest d" means the records with smaller
/// digests.
pub type PartitionMap = Partition;

#[derive(Debug, Clone)]
pub struct NamespaceConfig {
    pub name: String,
    pub replication_factor: usize,
    /// Seconds; 0 = records never expire unless a TTL is given.
    pub default_ttl: u32,
}

pub struct Namespace {
    pub config: NamespaceConfig,
    pub partitions: Box<[RwLock<PartitionMap>]>,
    sets: RwLock<SetTable>,
    pub sindexes: RwLock<Vec<IndexDef>>,
    /// `nsup-period` in seconds, changeable with `set-config`. 0 forbids TTL writes unless
    /// `allow-ttl-without-nsup` is set, as on a real server.
    pub nsup_period: AtomicU32,
    pub allow_ttl_without_nsup: AtomicBool,
    /// Set once a record with an expiry is written: until then the reaper has nothing to look
    /// for and skips a walk over every record each second.
    may_expire: AtomicBool,
}

/// The `nsup-period` aerolite starts with: TTL writes are allowed.
pub const DEFAULT_NSUP_PERIOD: u32 = 120;

#[derive(Default)]
struct SetTable {
    /// Index i holds set id i + 1.
    names: Vec<String>,
    ids: HashMap<Vec<u8>, u16>,
    truncate_lut_ms: HashMap<u16, u64>,
}

impl Namespace {
    pub fn new(config: NamespaceConfig) -> Namespace {
        let partitions = (0..N_PARTITIONS)
            .map(|_| RwLock::new(Partition::default()))
            .collect();
        Namespace {
            config,
            partitions,
            sets: RwLock::new(SetTable::default()),
            sindexes: RwLock::new(Vec::new()),
            nsup_period: AtomicU32::new(DEFAULT_NSUP_PERIOD),
            allow_ttl_without_nsup: AtomicBool::new(false),
            may_expire: AtomicBool::new(false),
        }
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// Whether a write may give a record a TTL: not while nsup is off, unless allowed anyway.
    pub fn ttl_writes_allowed(&self) -> bool {
        self.nsup_period.load(Ordering::Relaxed) != 0
            || self.allow_ttl_without_nsup.load(Ordering::Relaxed)
    }

    /// The id of a set name; 0 for "no set".
    pub fn set_id(&self, name: &[u8]) -> Option<u16> {
        if name.is_empty() {
            return Some(0);
        }
        self.sets.read().ids.get(name).copied()
    }

    /// The id of a set, creating it on first use (sets exist once a record is written to them).
    pub fn intern_set(&self, name: &[u8]) -> u16 {
        if let Some(id) = self.set_id(name) {
            return id;
        }
        let mut t = self.sets.write();
        if let Some(id) = t.ids.get(name) {
            return *id;
        }
        t.names.push(String::from_utf8_lossy(name).into_owned());
        let id = t.names.len() as u16;
        t.ids.insert(name.to_vec(), id);
        id
    }

    pub fn set_name(&self, id: u16) -> Option<String> {
        if id == 0 {
            return None;
        }
        self.sets.read().names.get(id as usize - 1).cloned()
    }

    pub fn set_names(&self) -> Vec<(u16, String)> {
        self.sets
            .read()
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u16 + 1, n.clone()))
            .collect()
    }

    pub fn truncate_lut_ms(&self, set: u16) -> u64 {
        self.sets
            .read()
            .truncate_lut_ms
            .get(&set)
            .copied()
            .unwrap_or(0)
    }

    /// Live records per set id (index 0 = records without a set) in the partitions `include`
    /// selects: the `objects` figures of `sets`, `namespace/<ns>` and `statistics`. From the
    /// partitions' counts while no record of the namespace was ever given an expiry (then every
    /// stored record is live); else counted record by record, leaving out the expired ones the
    /// reaper has not removed yet.
    pub fn object_counts(&self, now: &Clock, include: impl Fn(usize) -> bool) -> HashMap<u16, u64> {
        let mut counts = HashMap::new();
        let all_live = !self.may_expire.load(Ordering::Relaxed);
        for (pid, p) in self.partitions.iter().enumerate() {
            if !include(pid) {
                continue;
            }
            let p = p.read();
            if all_live {
                for (set, n) in p.per_set() {
                    *counts.entry(set).or_insert(0) += n;
                }
                continue;
            }
            for rec in p.values() {
                if rec.is_live(now) {
                    *counts.entry(rec.set).or_insert(0) += 1;
                }
            }
        }
        counts
    }

    /// Deletes the records of a set (or, with `None`, of the whole namespace) last updated
    /// before `lut_ns`. Returns how many were removed.
    pub fn truncate(&self, set: Option<u16>, lut_ns: u64) -> u64 {
        let mut removed = 0;
        for p in self.partitions.iter() {
            let mut map = p.write();
            let before = map.len();
            map.retain(|_, r| !(set.is_none_or(|s| r.set == s) && r.last_update_ns < lut_ns));
            removed += (before - map.len()) as u64;
        }
        if let Some(s) = set {
            self.sets
                .write()
                .truncate_lut_ms
                .insert(s, lut_ns / 1_000_000);
        } else {
            let mut t = self.sets.write();
            let ids: Vec<u16> = (1..=t.names.len() as u16).collect();
            for id in ids {
                t.truncate_lut_ms.insert(id, lut_ns / 1_000_000);
            }
        }
        removed
    }

    /// Removes expired records; what a real server's "nsup" thread does.
    pub fn reap_expired(&self, now: &Clock) -> u64 {
        if !self.may_expire.load(Ordering::Relaxed) {
            return 0;
        }
        let mut removed = 0;
        for p in self.partitions.iter() {
            let has_expired = p.read().values().any(|r| !r.is_live(now));
            if has_expired {
                let mut map = p.write();
                let before = map.len();
                map.retain(|_, r| r.is_live(now));
                removed += (before - map.len()) as u64;
            }
        }
        removed
    }

    /// Records that a record with an expiry (void time) was stored, for `reap_expired`.
    pub fn note_expiry(&self, void_time: u32) {
        if void_time != 0 && !self.may_expire.load(Ordering::Relaxed) {
            self.may_expire.store(true, Ordering::Relaxed);
        }
    }

    pub fn data_bytes(&self) -> u64 {
        self.partitions
            .iter()
            .map(|p| {
                p.read()
                    .values()
                    .map(|r| r.bins.len() as u64 + 20)
                    .sum::<u64>()
            })
            .sum()
    }
}

/// Every namespace of a cluster.
pub struct Store {
    pub namespaces: Vec<Arc<Namespace>>,
}

impl Store {
    pub fn new(configs: &[NamespaceConfig]) -> Store {
        Store {
            namespaces: configs
                .iter()
                .cloned()
                .map(|c| Arc::new(Namespace::new(c)))
                .collect(),
        }
    }

    pub fn namespace(&self, name: &[u8]) -> Option<&Arc<Namespace>> {
        self.namespaces
            .iter()
            .find(|n| n.config.name.as_bytes() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{execute, RecordCmd};
    use crate::proto::{self, op, particle, rc, Op, ReplyBuf};

    fn put(ns: &Namespace, digest: Digest, ttl: u32) {
        let value = 1i64.to_be_bytes();
        let ops = [Op {
            op: op::WRITE,
            particle: particle::INTEGER,
            name: b"a",
            value: &value,
        }];
        let cmd = RecordCmd {
            info1: 0,
            info2: proto::INFO2_WRITE,
            info3: 0,
            generation: 0,
            record_ttl: ttl,
            set: b"",
            digest,
            key: None,
            ops: &ops,
        };
        let mut out = ReplyBuf::default();
        assert_eq!(execute(ns, &cmd, None, &Clock::now(), 0, &mut out), rc::OK);
    }

    fn namespace() -> Namespace {
        Namespace::new(NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        })
    }

    /// A clock by which every record with an expiry has expired.
    fn far_future() -> Clock {
        Clock {
            unix_ns: u64::MAX,
            void_secs: u32::MAX - 1,
        }
    }

    #[test]
    fn the_reaper_removes_expired_records_once_a_ttl_was_written() {
        let ns = namespace();
        let later = far_future();
        put(&ns, [1; 20], 0);
        assert_eq!(ns.reap_expired(&later), 0, "a record without TTL stays");
        put(&ns, [2; 20], 100);
        put(&ns, [3; 20], 200);
        assert_eq!(ns.reap_expired(&Clock::now()), 0, "not yet expired");
        assert_eq!(ns.reap_expired(&later), 2);
        let left: usize = ns.partitions.iter().map(|p| p.read().len()).sum();
        assert_eq!(left, 1);
    }

    #[test]
    fn object_counts_come_from_the_partitions_and_leave_out_expired_records() {
        let ns = namespace();
        let later = far_future();
        for i in 1..=5u8 {
            put(&ns, [i; 20], 0);
        }
        ns.partitions[proto::partition_id(&[2; 20]) as usize]
            .write()
            .remove(&[2; 20]);
        assert_eq!(ns.object_counts(&later, |_| true), HashMap::from([(0, 4)]));
        assert_eq!(
            ns.object_counts(&later, |p| p == proto::partition_id(&[1; 20]) as usize),
            HashMap::from([(0, 1)]),
            "only the partitions asked for"
        );
        // Once a record has an expiry, an expired one the reaper has not removed is not counted.
        put(&ns, [9; 20], 100);
        assert_eq!(
            ns.object_counts(&Clock::now(), |_| true),
            HashMap::from([(0, 5)])
        );
        assert_eq!(ns.object_counts(&later, |_| true), HashMap::from([(0, 4)]));
    }
}
