//! One partition's records, ordered by digest, with a count of its records per set kept as they
//! change: a real server answers `sets` and `namespace` statistics from counters, and walking
//! every record instead cost aerolite about 40 ms per million records for each such request.

use crate::record::Record;
use crate::store::Digest;
use std::collections::BTreeMap;
use std::ops::Deref;

/// Records ordered by digest (scans walk them in descending order, as the real server does).
/// Read through `Deref` like the map itself; changed only through the methods below, which keep
/// the per-set counts.
#[derive(Default)]
pub struct Partition {
    records: BTreeMap<Digest, Record>,
    /// Records per set id (index 0: records without a set).
    per_set: Vec<u64>,
}

impl Deref for Partition {
    type Target = BTreeMap<Digest, Record>;

    fn deref(&self) -> &BTreeMap<Digest, Record> {
        &self.records
    }
}

impl Partition {
    /// Stores `record` under `digest`, replacing (and returning) what was there.
    pub fn insert(&mut self, digest: Digest, record: Record) -> Option<Record> {
        self.count(record.set, 1);
        let old = self.records.insert(digest, record);
        if let Some(o) = &old {
            self.count(o.set, -1);
        }
        old
    }

    pub fn remove(&mut self, digest: &Digest) -> Option<Record> {
        let old = self.records.remove(digest);
        if let Some(o) = &old {
            self.count(o.set, -1);
        }
        old
    }

    /// Keeps the records `keep` says to keep.
    pub fn retain(&mut self, mut keep: impl FnMut(&Digest, &mut Record) -> bool) {
        let per_set = &mut self.per_set;
        self.records.retain(|d, r| {
            let kept = keep(d, r);
            if !kept {
                per_set[usize::from(r.set)] -= 1;
            }
            kept
        });
    }

    /// How many records of each set id the partition holds, live or expired.
    pub fn per_set(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        self.per_set
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(set, n)| (set as u16, *n))
    }

    fn count(&mut self, set: u16, delta: i64) {
        let i = usize::from(set);
        if self.per_set.len() <= i {
            self.per_set.resize(i + 1, 0);
        }
        self.per_set[i] = self.per_set[i]
            .checked_add_signed(delta)
            .expect("a partition's per-set count went below zero");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(set: u16) -> Record {
        Record::of_set(set, &[])
    }

    fn counts(p: &Partition) -> Vec<(u16, u64)> {
        p.per_set().collect()
    }

    /// The kept counts against a count of the records, over a pseudo-random mix of changes.
    #[test]
    fn the_counts_follow_every_change() {
        let mut p = Partition::default();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for step in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let digest = [(seed % 64) as u8; 20];
            let set = ((seed >> 8) % 4) as u16;
            match (seed >> 16) % 7 {
                0..=3 => {
                    p.insert(digest, record(set));
                }
                4 | 5 => {
                    p.remove(&digest);
                }
                _ => {
                    let drop_set = ((seed >> 24) % 4) as u16;
                    p.retain(|_, r| r.set != drop_set || step % 2 == 0);
                }
            }
            let mut walked: Vec<(u16, u64)> = Vec::new();
            for r in p.values() {
                match walked.iter_mut().find(|(s, _)| *s == r.set) {
                    Some((_, n)) => *n += 1,
                    None => walked.push((r.set, 1)),
                }
            }
            walked.sort();
            assert_eq!(counts(&p), walked, "step {step}");
        }
    }

    #[test]
    fn replacing_a_record_of_another_set_moves_it_between_counts() {
        let mut p = Partition::default();
        p.insert([1; 20], record(2));
        p.insert([2; 20], record(0));
        assert_eq!(counts(&p), vec![(0, 1), (2, 1)]);
        let old = p.insert([1; 20], record(3)).expect("replaced");
        assert_eq!(old.set, 2);
        assert_eq!(counts(&p), vec![(0, 1), (3, 1)]);
        assert!(p.remove(&[9; 20]).is_none());
        p.remove(&[2; 20]);
        assert_eq!(counts(&p), vec![(3, 1)]);
    }
}
