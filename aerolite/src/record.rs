//! A stored record, and the codec for its bins.
//!
//! Bins are kept in the exact byte layout of reply ops (`op = READ`), so a scan or a get of all
//! bins copies them to the socket without re-encoding: this is what keeps aerolite's scans as
//! fast as a real server's.

pub mod map_order;

use crate::proto::{op, write_op};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds between the Unix epoch and the Aerospike ("citrusleaf") epoch, 2010-01-01.
pub const CITRUSLEAF_EPOCH: u64 = 1_262_304_000;
/// The longest TTL a server accepts: 10 years.
pub const MAX_TTL: u32 = 315_360_000;
pub const TTL_NEVER_EXPIRE: u32 = 0xFFFF_FFFF;
pub const TTL_DONT_UPDATE: u32 = 0xFFFF_FFFE;

#[derive(Debug, Clone)]
pub struct Record {
    pub generation: u16,
    /// Expiry in seconds since the Aerospike epoch; 0 = never.
    pub void_time: u32,
    /// Last update, nanoseconds since the Unix epoch (what `Exp.lastUpdate()` compares with).
    pub last_update_ns: u64,
    /// Index of the set name in the namespace's set table; 0 = no set.
    pub set: u16,
    /// The user key as the KEY field carries it (particle type byte + key bytes), if stored.
    pub key: Option<Box<[u8]>>,
    pub n_bins: u16,
    pub bins: Box<[u8]>,
}

impl Record {
    pub fn is_live(&self, now: &Clock) -> bool {
        self.void_time == 0 || self.void_time > now.void_secs
    }

    pub fn bins(&self) -> BinIter<'_> {
        BinIter {
            blob: &self.bins,
            pos: 0,
            left: self.n_bins,
        }
    }

    pub fn bin(&self, name: &[u8]) -> Option<BinRef<'_>> {
        self.bins().find(|b| b.name == name)
    }
}

/// A moment, read once per command so that every record of a scan is judged by the same clock.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub unix_ns: u64,
    /// Seconds since the Aerospike epoch.
    pub void_secs: u32,
}

impl Clock {
    pub fn now() -> Clock {
        let unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let void_secs = (unix_ns / 1_000_000_000).saturating_sub(CITRUSLEAF_EPOCH) as u32;
        Clock { unix_ns, void_secs }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct BinRef<'a> {
    pub name: &'a [u8],
    pub particle: u8,
    pub value: &'a [u8],
    /// The whole encoded op, ready to copy into a reply.
    pub raw: &'a [u8],
}

pub struct BinIter<'a> {
    blob: &'a [u8],
    pos: usize,
    left: u16,
}

impl<'a> Iterator for BinIter<'a> {
    type Item = BinRef<'a>;
    fn next(&mut self) -> Option<BinRef<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // The blob was written by `encode_bins`, so it is well formed; a short blob ends the walk.
        let rest = self.blob.get(self.pos..)?;
        let size = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let raw = rest.get(..4 + size)?;
        let name_len = *raw.get(7)? as usize;
        let name = raw.get(8..8 + name_len)?;
        let value = raw.get(8 + name_len..)?;
        self.pos += raw.len();
        Some(BinRef {
            name,
            particle: raw[5],
            value,
            raw,
        })
    }
}

/// An owned bin, used while applying writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    pub name: Vec<u8>,
    pub particle: u8,
    pub value: Vec<u8>,
}

pub fn decode_bins(rec: &Record) -> Vec<Bin> {
    rec.bins()
        .map(|b| Bin {
            name: b.name.to_vec(),
            particle: b.particle,
            value: b.value.to_vec(),
        })
        .collect()
}

pub fn encode_bins(bins: &[Bin]) -> (u16, Box<[u8]>) {
    let mut buf = Vec::with_capacity(bins.iter().map(|b| 8 + b.name.len() + b.value.len()).sum());
    for b in bins {
        write_op(&mut buf, op::READ, b.particle, &b.name, &b.value);
    }
    (bins.len() as u16, buf.into_boxed_slice())
}

#[cfg(test)]
impl Record {
    /// A record of `set` holding `bins`, as the store's unit tests build them: generation 1, no
    /// expiry, no stored key, last updated at the epoch.
    pub fn of_set(set: u16, bins: &[Bin]) -> Record {
        let (n_bins, bins) = encode_bins(bins);
        Record {
            generation: 1,
            void_time: 0,
            last_update_ns: 0,
            set,
            key: None,
            n_bins,
            bins,
        }
    }
}
