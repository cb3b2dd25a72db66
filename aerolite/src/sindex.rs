//! Secondary indexes: definitions made through info commands, and the range/equality match a
//! query applies. aerolite evaluates a query by walking the requested partitions, so an index is
//! a definition that makes a query legal (a real server answers 201 without one) and says which
//! bin and type it covers.

use crate::proto::{particle, Reader};
use crate::record::{Clock, Record};
use crate::store::Namespace;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexType {
    Numeric,
    String,
    Blob,
    Geo,
}

impl IndexType {
    pub fn parse(s: &str) -> Option<IndexType> {
        match s.to_ascii_lowercase().as_str() {
            "numeric" | "integer" => Some(IndexType::Numeric),
            "string" => Some(IndexType::String),
            "blob" => Some(IndexType::Blob),
            "geo2dsphere" => Some(IndexType::Geo),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            IndexType::Numeric => "numeric",
            IndexType::String => "string",
            IndexType::Blob => "blob",
            IndexType::Geo => "geo2dsphere",
        }
    }
    fn particle(self) -> u8 {
        match self {
            IndexType::Numeric => particle::INTEGER,
            IndexType::String => particle::STRING,
            IndexType::Blob => particle::BLOB,
            IndexType::Geo => particle::GEOJSON,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Default,
    List,
    MapKeys,
    MapValues,
}

impl Collection {
    pub fn parse(s: &str) -> Option<Collection> {
        match s.to_ascii_lowercase().as_str() {
            "default" => Some(Collection::Default),
            "list" => Some(Collection::List),
            "mapkeys" => Some(Collection::MapKeys),
            "mapvalues" => Some(Collection::MapValues),
            _ => None,
        }
    }
    pub fn from_wire(b: u8) -> Option<Collection> {
        [
            Collection::Default,
            Collection::List,
            Collection::MapKeys,
            Collection::MapValues,
        ]
        .get(b as usize)
        .copied()
    }
    pub fn name(self) -> &'static str {
        match self {
            Collection::Default => "default",
            Collection::List => "list",
            Collection::MapKeys => "mapkeys",
            Collection::MapValues => "mapvalues",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    pub name: String,
    pub set: Option<String>,
    pub bin: String,
    pub ty: IndexType,
    pub collection: Collection,
}

impl IndexDef {
    /// Parses the arguments of `sindex-create`, in either spelling the clients use:
    /// `ns=…;indexname=…;indexdata=bin,TYPE` or `namespace=…;indexname=…;bin=…;type=…`.
    pub fn from_info_args(args: &HashMap<String, String>) -> Result<(String, IndexDef), String> {
        let ns = args
            .get("namespace")
            .or_else(|| args.get("ns"))
            .ok_or("missing namespace")?;
        let name = args.get("indexname").ok_or("missing indexname")?;
        if name.is_empty() || name.len() > 63 {
            return Err(format!("bad indexname '{name}'"));
        }
        let (bin, ty) = if let Some(data) = args.get("indexdata") {
            let (b, t) = data.split_once(',').ok_or("indexdata must be bin,type")?;
            (b.to_string(), t.to_string())
        } else {
            (
                args.get("bin").ok_or("missing bin")?.clone(),
                args.get("type").ok_or("missing type")?.clone(),
            )
        };
        if bin.is_empty() || bin.len() > 15 {
            return Err(format!("bad bin name '{bin}'"));
        }
        let ty = IndexType::parse(&ty).ok_or_else(|| format!("bad index type '{ty}'"))?;
        let collection = match args.get("indextype") {
            Some(c) => Collection::parse(c).ok_or_else(|| format!("bad indextype '{c}'"))?,
            None => Collection::Default,
        };
        let set = args.get("set").filter(|s| !s.is_empty()).cloned();
        Ok((
            ns.clone(),
            IndexDef {
                name: name.clone(),
                set,
                bin,
                ty,
                collection,
            },
        ))
    }

    /// Same definition apart from the name: creating it again is an idempotent `ok`.
    pub fn same_target(&self, other: &IndexDef) -> bool {
        self.set == other.set
            && self.bin == other.bin
            && self.ty == other.ty
            && self.collection == other.collection
    }

    /// What `sindex-stat` counts: index entries over the live records of `ns`, the records
    /// that gave at least one, and the distinct values (bvals) among the entries.
    pub fn population(&self, ns: &Namespace, now: &Clock) -> (u64, u64, u64) {
        let set = match &self.set {
            Some(name) => match ns.set_id(name.as_bytes()) {
                Some(id) => Some(id),
                None => return (0, 0, 0),
            },
            None => None,
        };
        let want = self.ty.particle();
        let (mut entries, mut records) = (0u64, 0u64);
        let mut values: HashSet<Vec<u8>> = HashSet::new();
        for part in ns.partitions.iter() {
            for rec in part.read().values() {
                if !rec.is_live(now) || set.is_some_and(|s| s != rec.set) {
                    continue;
                }
                let Some(bin) = rec.bin(self.bin.as_bytes()) else {
                    continue;
                };
                let found = self.entries_of(want, bin.particle, bin.value);
                if !found.is_empty() {
                    records += 1;
                    entries += found.len() as u64;
                    values.extend(found);
                }
            }
        }
        (entries, records, values.len() as u64)
    }

    /// The values one bin contributes: itself, or its elements for a collection index.
    fn entries_of(&self, want: u8, ptype: u8, value: &[u8]) -> Vec<Vec<u8>> {
        if self.collection == Collection::Default {
            return if ptype == want {
                vec![value.to_vec()]
            } else {
                Vec::new()
            };
        }
        let Ok(v) = rmpv::decode::read_value(&mut &value[..]) else {
            return Vec::new();
        };
        let items: Vec<&rmpv::Value> = match (self.collection, &v) {
            (Collection::List, rmpv::Value::Array(a)) => a.iter().collect(),
            (Collection::MapKeys, rmpv::Value::Map(m)) => m.iter().map(|(k, _)| k).collect(),
            (Collection::MapValues, rmpv::Value::Map(m)) => m.iter().map(|(_, v)| v).collect(),
            _ => return Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|item| match item {
                rmpv::Value::Integer(i) if want == particle::INTEGER => {
                    Some(i.as_i64()?.to_be_bytes().to_vec())
                }
                rmpv::Value::String(s) => match s.as_bytes().split_first() {
                    Some((p, rest)) if *p == want => Some(rest.to_vec()),
                    _ => None,
                },
                rmpv::Value::Binary(b) if want == particle::BLOB => Some(b.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn list_entry(&self, ns: &str) -> String {
        format!(
            "ns={ns}:indexname={}:set={}:bin={}:type={}:indextype={}:context=null:exp=null:state=RW",
            self.name,
            self.set.as_deref().unwrap_or("null"),
            self.bin,
            self.ty.name(),
            self.collection.name()
        )
    }
}

/// What a query's INDEX_RANGE asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum RangeValue {
    Int { begin: i64, end: i64 },
    Bytes { particle: u8, value: Vec<u8> },
}

#[derive(Debug, Clone)]
pub struct IndexRange {
    pub bin: Vec<u8>,
    pub value: RangeValue,
}

impl IndexRange {
    /// Parses field 22. Errors are PARAMETER on a real server.
    pub fn parse(data: &[u8]) -> Result<IndexRange, &'static str> {
        let mut r = Reader::new(data);
        let n = r.u8("range count").map_err(|_| "truncated index range")?;
        if n != 1 {
            return Err("index range count must be 1");
        }
        let bin_len = r.u8("bin length").map_err(|_| "truncated index range")? as usize;
        let bin = r
            .bytes(bin_len, "bin")
            .map_err(|_| "truncated index range")?
            .to_vec();
        let ptype = r.u8("particle").map_err(|_| "truncated index range")?;
        let blen = r.u32("begin length").map_err(|_| "truncated index range")? as usize;
        let begin = r
            .bytes(blen, "begin")
            .map_err(|_| "truncated index range")?;
        let elen = r.u32("end length").map_err(|_| "truncated index range")? as usize;
        let end = r.bytes(elen, "end").map_err(|_| "truncated index range")?;
        if !r.is_empty() {
            return Err("bytes after the index range");
        }
        let value = match ptype {
            particle::INTEGER => {
                let b: [u8; 8] = begin
                    .try_into()
                    .map_err(|_| "integer range bounds must be 8 bytes")?;
                let e: [u8; 8] = end
                    .try_into()
                    .map_err(|_| "integer range bounds must be 8 bytes")?;
                let (begin, end) = (i64::from_be_bytes(b), i64::from_be_bytes(e));
                if begin > end {
                    return Err("range begin is above its end");
                }
                RangeValue::Int { begin, end }
            }
            particle::STRING | particle::BLOB | particle::GEOJSON => RangeValue::Bytes {
                particle: ptype,
                value: begin.to_vec(),
            },
            _ => return Err("unsupported index range type"),
        };
        Ok(IndexRange { bin, value })
    }

    fn particle(&self) -> u8 {
        match &self.value {
            RangeValue::Int { .. } => particle::INTEGER,
            RangeValue::Bytes { particle, .. } => *particle,
        }
    }

    /// Finds the index this range is served by, as the server looks it up by set, bin, type and
    /// collection type (an index without a set covers every set).
    pub fn find<'a>(
        &self,
        indexes: &'a [IndexDef],
        set: Option<&str>,
        collection: Collection,
    ) -> Option<&'a IndexDef> {
        indexes.iter().find(|ix| {
            ix.bin.as_bytes() == self.bin.as_slice()
                && ix.ty.particle() == self.particle()
                && ix.collection == collection
                && (ix.set.is_none() || ix.set.as_deref() == set)
        })
    }

    /// The index value (bval) a record matches with, or None.
    pub fn matches(&self, rec: &Record, collection: Collection) -> Option<i64> {
        let bin = rec.bin(&self.bin)?;
        match collection {
            Collection::Default => self.match_scalar(bin.particle, bin.value),
            _ => self.match_collection(bin.particle, bin.value, collection),
        }
    }

    fn match_scalar(&self, ptype: u8, value: &[u8]) -> Option<i64> {
        match &self.value {
            RangeValue::Int { begin, end } if ptype == particle::INTEGER => {
                let v = i64::from_be_bytes(value.try_into().ok()?);
                (v >= *begin && v <= *end).then_some(v)
            }
            RangeValue::Bytes {
                particle: p,
                value: want,
            } if *p == ptype && *p != particle::GEOJSON => (value == want.as_slice()).then_some(0),
            _ => None,
        }
    }

    fn match_collection(&self, ptype: u8, value: &[u8], collection: Collection) -> Option<i64> {
        let v = rmpv::decode::read_value(&mut &value[..]).ok()?;
        let items: Vec<&rmpv::Value> = match (collection, ptype, &v) {
            (Collection::List, particle::LIST, rmpv::Value::Array(a)) => a.iter().collect(),
            (Collection::MapKeys, particle::MAP, rmpv::Value::Map(m)) => {
                m.iter().map(|(k, _)| k).collect()
            }
            (Collection::MapValues, particle::MAP, rmpv::Value::Map(m)) => {
                m.iter().map(|(_, v)| v).collect()
            }
            _ => return None,
        };
        items.into_iter().find_map(|item| match item {
            rmpv::Value::Integer(i) => {
                self.match_scalar(particle::INTEGER, &i.as_i64()?.to_be_bytes())
            }
            rmpv::Value::String(s) => {
                let (p, rest) = s.as_bytes().split_first()?;
                self.match_scalar(*p, rest)
            }
            rmpv::Value::Binary(b) => self.match_scalar(particle::BLOB, b),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Bin;
    use crate::store::NamespaceConfig;

    #[test]
    fn population_counts_entries_records_and_distinct_values_of_the_indexed_set() {
        let ns = Namespace::new(NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        });
        let golden = ns.intern_set(b"golden");
        let other = ns.intern_set(b"other");
        for (i, (set, n)) in [(golden, 5i64), (golden, 5), (golden, 7), (other, 9)]
            .into_iter()
            .enumerate()
        {
            let bins = [Bin {
                name: b"n".to_vec(),
                particle: particle::INTEGER,
                value: n.to_be_bytes().to_vec(),
            }];
            let digest = [i as u8 + 1; 20];
            ns.partitions[crate::proto::partition_id(&digest) as usize]
                .write()
                .insert(digest, Record::of_set(set, &bins));
        }
        let def = |set: Option<&str>, ty| IndexDef {
            name: "ix".into(),
            set: set.map(str::to_string),
            bin: "n".into(),
            ty,
            collection: Collection::Default,
        };
        let now = Clock::now();
        assert_eq!(
            def(Some("golden"), IndexType::Numeric).population(&ns, &now),
            (3, 3, 2)
        );
        assert_eq!(
            def(None, IndexType::Numeric).population(&ns, &now),
            (4, 4, 3)
        );
        assert_eq!(
            def(Some("golden"), IndexType::String).population(&ns, &now),
            (0, 0, 0)
        );
    }
}
