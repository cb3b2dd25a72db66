//! Split planning: which partitions (and, for numeric-range queries, which slice of the range)
//! each Hadoop input split reads, and on which hosts it is best run.
//!
//! Three modes, all planned from one [`ClusterView`]:
//! - `partitions` (default): N contiguous partition ranges. Within a split the partitions are
//!   grouped by their master node, one [`NodeShare`] each, because the reader runs one worker per
//!   node; the split's locations are the masters' hosts, the one with most partitions first.
//! - `node`: one split per node, covering exactly the partitions it masters, located at its host.
//! - `numrange`: a secondary-index range query on one integer bin, cut into K sub-ranges of
//!   `[begin, end]`; each split queries every partition for its sub-range.
//!
//! Every mode can be limited to an inclusive range of partition ids ([`PartitionRange`]): only
//! those partitions are planned (cut into N ranges, grouped per node, or queried for the numeric
//! range), so a large export can be run as several jobs over disjoint parts of the namespace.
//!
//! A planned partition without a master fails planning (result code 11) before any task runs: a
//! job must not start and later discover that part of the namespace is unreadable.
//!
//! A split travels from the Hadoop driver to a task as opaque bytes ([`Split::to_bytes`]); the
//! first byte is the format version, so a task never misreads a split planned by another build.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cluster::ClusterView;
use crate::error::{Error, Result};
use crate::partition_map::PARTITIONS;
use crate::partition_ranges;

/// The version byte [`Split::to_bytes`] writes and [`Split::from_bytes`] accepts.
pub const FORMAT_VERSION: u8 = 1;

/// The most sub-ranges a numeric-range read is cut into.
pub const MAX_NUMRANGE_SPLITS: i32 = 4096;

/// How a namespace is cut into splits; the codes are the ones Java passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitMode {
    Partitions = 0,
    Node = 1,
    NumRange = 2,
}

impl SplitMode {
    pub fn from_code(code: i32) -> Result<SplitMode> {
        match code {
            0 => Ok(SplitMode::Partitions),
            1 => Ok(SplitMode::Node),
            2 => Ok(SplitMode::NumRange),
            other => Err(Error::InvalidArgument {
                what: "split mode",
                value: other.to_string(),
                reason: "expected 0 (partitions), 1 (node) or 2 (numrange)".into(),
            }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SplitMode::Partitions => "partitions",
            SplitMode::Node => "node",
            SplitMode::NumRange => "numrange",
        }
    }
}

/// An inclusive range of an integer bin, read through its secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumRange {
    pub bin: String,
    pub begin: i64,
    pub end: i64,
}

/// An inclusive range of partition ids, `first..=last`, both below 4096.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionRange {
    pub first: u16,
    pub last: u16,
}

impl PartitionRange {
    /// Every partition of the namespace.
    pub const ALL: PartitionRange = PartitionRange {
        first: 0,
        last: (PARTITIONS - 1) as u16,
    };

    /// Checks `first <= last < 4096` (the values come from Java as ints).
    pub fn new(first: i32, last: i32) -> Result<PartitionRange> {
        let bad = |reason: &str| Error::InvalidArgument {
            what: "partition range",
            value: format!("{first}-{last}"),
            reason: reason.into(),
        };
        let id = |p: i32| {
            u16::try_from(p)
                .ok()
                .filter(|&p| usize::from(p) < PARTITIONS)
        };
        match (id(first), id(last)) {
            (Some(f), Some(l)) if f <= l => Ok(PartitionRange { first: f, last: l }),
            (Some(_), Some(_)) => Err(bad("the first partition is after the last")),
            _ => Err(bad("partition ids are 0 to 4095")),
        }
    }

    /// How many partitions the range holds (1 to 4096).
    pub fn len(self) -> usize {
        usize::from(self.last - self.first) + 1
    }

    /// Never true (a range holds at least one partition); for clippy's `len_without_is_empty`.
    pub fn is_empty(self) -> bool {
        false
    }

    pub fn ids(self) -> std::ops::RangeInclusive<u16> {
        self.first..=self.last
    }
}

/// What to plan.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub namespace: String,
    /// Empty: the whole namespace.
    pub set: String,
    pub mode: SplitMode,
    /// Zero or negative: the mode's default (partitions: 2 × nodes; numrange: 1; node mode
    /// always makes one split per node).
    pub split_count: i32,
    /// Required in numrange mode, ignored otherwise.
    pub range: Option<NumRange>,
    /// The partitions to plan; [`PartitionRange::ALL`] for the whole namespace.
    pub partitions: PartitionRange,
}

/// The partitions of a split that one node masters (at planning time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeShare {
    pub node: String,
    /// Host name of the node, without the port: what Hadoop compares with its own hosts.
    pub host: String,
    /// Sorted, without duplicates.
    pub partitions: Vec<u16>,
}

/// One input split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub namespace: String,
    pub set: String,
    pub mode: SplitMode,
    /// Position among the splits of one plan, from 0, and how many there are.
    pub index: u32,
    pub of: u32,
    /// Most partitions first; every partition of the split is in exactly one share.
    pub shares: Vec<NodeShare>,
    /// The sub-range this split queries, in numrange mode.
    pub range: Option<NumRange>,
}

impl Split {
    /// Every partition the split covers, sorted.
    pub fn partitions(&self) -> Vec<u16> {
        let mut all: Vec<u16> = self
            .shares
            .iter()
            .flat_map(|s| s.partitions.iter().copied())
            .collect();
        all.sort_unstable();
        all
    }

    pub fn partition_count(&self) -> usize {
        self.shares.iter().map(|s| s.partitions.len()).sum()
    }

    /// Host names to run the split on, best first (the host mastering most of its partitions).
    pub fn locations(&self) -> Vec<String> {
        let mut per_host: Vec<(String, usize)> = Vec::new();
        for share in &self.shares {
            match per_host.iter_mut().find(|(h, _)| *h == share.host) {
                Some((_, n)) => *n += share.partitions.len(),
                None => per_host.push((share.host.clone(), share.partitions.len())),
            }
        }
        // Stable sort: equal counts keep the shares' order, which is deterministic.
        per_host.sort_by_key(|h| std::cmp::Reverse(h.1));
        per_host.into_iter().map(|(h, _)| h).collect()
    }

    /// A short name for log lines and error messages: `split 3 of 8 (partitions mode)`.
    pub fn label(&self) -> String {
        format!(
            "split {} of {} ({} mode)",
            u64::from(self.index) + 1,
            self.of,
            self.mode.name()
        )
    }

    /// A one-line description for `InputSplit.toString()` and logs.
    pub fn describe(&self) -> String {
        let mut s = format!("{} of namespace '{}'", self.label(), self.namespace);
        if !self.set.is_empty() {
            let _ = write!(s, ", set '{}'", self.set);
        }
        if let Some(r) = &self.range {
            let _ = write!(s, ", bin '{}' in [{}, {}]", r.bin, r.begin, r.end);
        }
        let _ = write!(
            s,
            ": {} partitions {}",
            self.partition_count(),
            partition_ranges::describe_brief(&self.partitions(), 4)
        );
        let nodes: Vec<String> = self
            .shares
            .iter()
            .map(|sh| format!("{} on {} ({})", sh.partitions.len(), sh.node, sh.host))
            .collect();
        let _ = write!(s, "; {}", nodes.join(", "));
        s
    }

    /// The versioned wire form handed to Java (opaque there).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.shares.len() * 64);
        out.push(FORMAT_VERSION);
        out.push(self.mode as u8);
        put_str(&mut out, &self.namespace);
        put_str(&mut out, &self.set);
        out.extend_from_slice(&self.index.to_be_bytes());
        out.extend_from_slice(&self.of.to_be_bytes());
        match &self.range {
            None => out.push(0),
            Some(r) => {
                out.push(1);
                put_str(&mut out, &r.bin);
                out.extend_from_slice(&r.begin.to_be_bytes());
                out.extend_from_slice(&r.end.to_be_bytes());
            }
        }
        out.extend_from_slice(&(self.shares.len() as u16).to_be_bytes());
        for share in &self.shares {
            put_str(&mut out, &share.node);
            put_str(&mut out, &share.host);
            let runs = partition_ranges::runs(&share.partitions);
            out.extend_from_slice(&(runs.len() as u16).to_be_bytes());
            for (first, last) in runs {
                out.extend_from_slice(&first.to_be_bytes());
                out.extend_from_slice(&last.to_be_bytes());
            }
        }
        out
    }

    /// Reads [`to_bytes`](Self::to_bytes) output, checking everything a reader relies on: the
    /// version, partition ids below 4096, no partition twice, no trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Split> {
        let bad = |reason: String| Error::InvalidArgument {
            what: "input split",
            value: format!("{} bytes", bytes.len()),
            reason,
        };
        let mut r = Reader { bytes, at: 0 };
        let version = r.u8().map_err(&bad)?;
        if version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {version}, this library reads version {FORMAT_VERSION} \
                 (was the job planned by another aerohadoop release?)"
            )));
        }
        let mode = SplitMode::from_code(i32::from(r.u8().map_err(&bad)?))
            .map_err(|e| bad(e.to_string()))?;
        let namespace = r.str().map_err(&bad)?;
        let set = r.str().map_err(&bad)?;
        let index = r.u32().map_err(&bad)?;
        let of = r.u32().map_err(&bad)?;
        let range = match r.u8().map_err(&bad)? {
            0 => None,
            1 => Some(NumRange {
                bin: r.str().map_err(&bad)?,
                begin: r.i64().map_err(&bad)?,
                end: r.i64().map_err(&bad)?,
            }),
            other => return Err(bad(format!("bad range marker {other}"))),
        };
        let share_count = r.u16().map_err(&bad)?;
        let mut seen = vec![false; PARTITIONS];
        let mut shares = Vec::with_capacity(usize::from(share_count));
        for _ in 0..share_count {
            let node = r.str().map_err(&bad)?;
            let host = r.str().map_err(&bad)?;
            let run_count = r.u16().map_err(&bad)?;
            let mut partitions = Vec::new();
            for _ in 0..run_count {
                let first = r.u16().map_err(&bad)?;
                let last = r.u16().map_err(&bad)?;
                if first > last || usize::from(last) >= PARTITIONS {
                    return Err(bad(format!("bad partition run {first}-{last}")));
                }
                if partitions.last().is_some_and(|&p| p >= first) {
                    return Err(bad(format!("partition run {first}-{last} out of order")));
                }
                for p in first..=last {
                    if std::mem::replace(&mut seen[usize::from(p)], true) {
                        return Err(bad(format!("partition {p} appears twice")));
                    }
                    partitions.push(p);
                }
            }
            shares.push(NodeShare {
                node,
                host,
                partitions,
            });
        }
        if r.at != bytes.len() {
            return Err(bad(format!("{} bytes after the end", bytes.len() - r.at)));
        }
        if shares.iter().all(|s| s.partitions.is_empty()) {
            return Err(bad("no partitions".into()));
        }
        Ok(Split {
            namespace,
            set,
            mode,
            index,
            of,
            shares,
            range,
        })
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Names here (namespace, set, bin, node, host) are far below 64 KiB; a longer one would
    // have been refused by the server long before.
    let bytes = &s.as_bytes()[..s.len().min(usize::from(u16::MAX))];
    out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
    out.extend_from_slice(bytes);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> std::result::Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.at..end];
                self.at = end;
                Ok(slice)
            }
            None => Err(format!("truncated at byte {}", self.at)),
        }
    }

    fn array<const N: usize>(&mut self) -> std::result::Result<[u8; N], String> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> std::result::Result<u8, String> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> std::result::Result<u16, String> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    fn i64(&mut self) -> std::result::Result<i64, String> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    fn str(&mut self) -> std::result::Result<String, String> {
        let len = usize::from(self.u16()?);
        let at = self.at;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| format!("invalid UTF-8 at byte {at}"))
    }
}

/// Plans the splits of `request` over the cluster as `view` shows it.
pub fn plan(view: &ClusterView, request: &PlanRequest) -> Result<Vec<Split>> {
    let masters =
        view.partitions
            .masters(&request.namespace)
            .ok_or_else(|| Error::UnknownNamespace {
                namespace: request.namespace.clone(),
                nodes: view
                    .nodes
                    .iter()
                    .map(|n| format!("{} ({})", n.name, n.address))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
    let wanted = request.partitions;
    // Only the planned partitions need a master: a range that avoids a down node's partitions
    // can still be read.
    let orphans: Vec<u16> = wanted
        .ids()
        .filter(|&p| masters[usize::from(p)].is_none())
        .collect();
    if !orphans.is_empty() {
        return Err(Error::PartitionsUnavailable {
            namespace: request.namespace.clone(),
            partitions: partition_ranges::describe(&orphans),
            reason: format!(
                "no node of the cluster ({} nodes) claims them; a node holding their only copy \
                 is probably down",
                view.nodes.len()
            ),
        });
    }
    // Every partition has a master from here on.
    let master_of = |p: u16| masters[usize::from(p)].unwrap_or(0);

    let ranges: Vec<(Vec<u16>, Option<NumRange>)> = match request.mode {
        SplitMode::Partitions => {
            let count = if request.split_count <= 0 {
                2 * view.nodes.len().max(1)
            } else {
                request.split_count as usize
            };
            // A split cannot be smaller than one partition.
            let width = wanted.len();
            let n = count.min(width);
            let base = usize::from(wanted.first);
            (0..n)
                .map(|i| {
                    let first = base + i * width / n;
                    let end = base + (i + 1) * width / n;
                    ((first as u16..end as u16).collect(), None)
                })
                .collect()
        }
        SplitMode::Node => {
            let mut per_node: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
            for p in wanted.ids() {
                per_node.entry(master_of(p)).or_default().push(p);
            }
            per_node.into_values().map(|ps| (ps, None)).collect()
        }
        SplitMode::NumRange => {
            let range = request.range.as_ref().ok_or(Error::InvalidArgument {
                what: "numeric range",
                value: "none".into(),
                reason: "numrange mode needs a bin, a begin and an end".into(),
            })?;
            if range.bin.is_empty() {
                return Err(Error::InvalidArgument {
                    what: "numeric range bin",
                    value: String::new(),
                    reason: "a bin name is required".into(),
                });
            }
            if range.begin > range.end {
                return Err(Error::InvalidArgument {
                    what: "numeric range",
                    value: format!("[{}, {}]", range.begin, range.end),
                    reason: "begin is greater than end".into(),
                });
            }
            // As java-shim's ReadConfig: each sub-range is a query over every planned partition,
            // and each split holds the partition list; more than 4096 is never a plan, and
            // u32::MAX of them would not fit in memory.
            if request.split_count > MAX_NUMRANGE_SPLITS {
                return Err(Error::InvalidArgument {
                    what: "split count",
                    value: request.split_count.to_string(),
                    reason: format!(
                        "at most {MAX_NUMRANGE_SPLITS} sub-ranges (each is a query over every partition)"
                    ),
                });
            }
            let all: Vec<u16> = wanted.ids().collect();
            sub_ranges(range, request.split_count)
                .into_iter()
                .map(|r| (all.clone(), Some(r)))
                .collect()
        }
    };

    let of = ranges.len() as u32;
    Ok(ranges
        .into_iter()
        .enumerate()
        .map(|(index, (partitions, range))| Split {
            namespace: request.namespace.clone(),
            set: request.set.clone(),
            mode: request.mode,
            index: index as u32,
            of,
            shares: shares(view, &partitions, &master_of),
            range,
        })
        .collect())
}

/// Groups `partitions` by master: most partitions first, then by node name.
fn shares(
    view: &ClusterView,
    partitions: &[u16],
    master_of: &dyn Fn(u16) -> usize,
) -> Vec<NodeShare> {
    let mut per_node: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
    for &p in partitions {
        per_node.entry(master_of(p)).or_default().push(p);
    }
    let mut shares: Vec<NodeShare> = per_node
        .into_iter()
        .map(|(node, partitions)| {
            let (name, address) = view
                .nodes
                .get(node)
                .map(|n| (n.name.clone(), n.address.clone()))
                .unwrap_or_default();
            NodeShare {
                node: name,
                host: host_of(&address),
                partitions,
            }
        })
        .collect();
    shares.sort_by(|a, b| {
        b.partitions
            .len()
            .cmp(&a.partitions.len())
            .then_with(|| a.node.cmp(&b.node))
    });
    shares
}

/// `host:port` or `[v6]:port` to the bare host Hadoop matches against its node names.
pub(crate) fn host_of(address: &str) -> String {
    let host = match address.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => address,
    };
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_string()
}

/// `[begin, end]` cut into `k` contiguous, non-overlapping sub-ranges that cover it exactly (fewer
/// when the range has fewer values than `k`). `k <= 0` means one.
fn sub_ranges(range: &NumRange, k: i32) -> Vec<NumRange> {
    let width = i128::from(range.end) - i128::from(range.begin) + 1;
    let k = i128::from(k.max(1)).min(width);
    (0..k)
        .map(|i| {
            let first = i128::from(range.begin) + i * width / k;
            let last = i128::from(range.begin) + (i + 1) * width / k - 1;
            // Both lie within [begin, end], so they fit an i64.
            NumRange {
                bin: range.bin.clone(),
                begin: first as i64,
                end: last as i64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::NodeView;
    use crate::partition_map::{parse_replicas, PartitionMap};
    use base64::engine::general_purpose::STANDARD as BASE64;
    use base64::Engine as _;

    /// A view of `nodes` nodes on 127.0.0.{i+1}; `owner(p)` says who masters partition p.
    fn view(nodes: usize, owner: impl Fn(usize) -> Option<usize>) -> ClusterView {
        let mut map = PartitionMap::default();
        for n in 0..nodes {
            let mut bits = vec![0u8; PARTITIONS / 8];
            for p in (0..PARTITIONS).filter(|&p| owner(p) == Some(n)) {
                bits[p >> 3] |= 0x80 >> (p & 7);
            }
            let answer = format!("test:0,1,{}", BASE64.encode(bits));
            map.add(n, &parse_replicas(&answer).expect("replicas")[0]);
        }
        ClusterView {
            nodes: (0..nodes)
                .map(|i| NodeView {
                    name: format!("N{i}"),
                    address: format!("127.0.0.{}:3000", i + 1),
                    tls_name: None,
                })
                .collect(),
            partitions: map,
        }
    }

    fn request(mode: SplitMode, split_count: i32) -> PlanRequest {
        PlanRequest {
            namespace: "test".into(),
            set: "s".into(),
            mode,
            split_count,
            range: None,
            partitions: PartitionRange::ALL,
        }
    }

    fn scattered(p: usize) -> Option<usize> {
        // Not contiguous per node, as hashed ownership on a real cluster is.
        Some((p * 7 + p / 3) % 3)
    }

    /// Every partition appears in exactly one split, and within a split in exactly one share.
    fn assert_exact_cover(splits: &[Split]) {
        let mut count = vec![0u32; PARTITIONS];
        for s in splits {
            for p in s.partitions() {
                count[usize::from(p)] += 1;
            }
        }
        assert!(count.iter().all(|&c| c == 1), "partitions covered {:?}", {
            let bad: Vec<usize> = (0..PARTITIONS).filter(|&p| count[p] != 1).collect();
            bad
        });
    }

    #[test]
    fn partitions_mode_defaults_to_two_splits_per_node_of_contiguous_ranges() {
        let v = view(3, scattered);
        let splits = plan(&v, &request(SplitMode::Partitions, 0)).expect("plan");
        assert_eq!(splits.len(), 6);
        assert_exact_cover(&splits);
        for (i, s) in splits.iter().enumerate() {
            let ps = s.partitions();
            let first = usize::from(ps[0]);
            let last = usize::from(ps[ps.len() - 1]);
            assert_eq!(last - first + 1, ps.len(), "split {i} is contiguous");
            assert_eq!(first, i * PARTITIONS / 6);
            assert!(ps.len() == 682 || ps.len() == 683, "{}", ps.len());
            assert_eq!((s.index, s.of), (i as u32, 6));
        }
    }

    #[test]
    fn a_configured_split_count_is_kept_and_capped_at_one_partition_per_split() {
        let v = view(2, |p| Some(p % 2));
        let splits = plan(&v, &request(SplitMode::Partitions, 5)).expect("plan");
        assert_eq!(splits.len(), 5);
        assert_exact_cover(&splits);
        let sizes: Vec<usize> = splits.iter().map(Split::partition_count).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 4096);
        assert!(sizes.iter().all(|&n| n == 819 || n == 820), "{sizes:?}");
        let many = plan(&v, &request(SplitMode::Partitions, 10_000)).expect("plan");
        assert_eq!(many.len(), 4096);
        assert!(many.iter().all(|s| s.partition_count() == 1));
    }

    #[test]
    fn partitions_inside_a_split_are_grouped_by_master_with_most_first() {
        // Node 0 masters 0..100, node 1 the rest: split 0 of 8 (0..512) is 100 / 412.
        let v = view(2, |p| Some(usize::from(p >= 100)));
        let splits = plan(&v, &request(SplitMode::Partitions, 8)).expect("plan");
        let first = &splits[0];
        assert_eq!(first.shares.len(), 2);
        assert_eq!(first.shares[0].node, "N1");
        assert_eq!(first.shares[0].partitions, (100..512).collect::<Vec<u16>>());
        assert_eq!(first.shares[1].node, "N0");
        assert_eq!(first.shares[1].partitions, (0..100).collect::<Vec<u16>>());
        assert_eq!(first.locations(), vec!["127.0.0.2", "127.0.0.1"]);
        assert_eq!(splits[1].shares.len(), 1);
        assert_eq!(splits[1].locations(), vec!["127.0.0.2"]);
    }

    #[test]
    fn shares_follow_the_masters_of_a_scattered_map() {
        let v = view(3, scattered);
        for s in plan(&v, &request(SplitMode::Partitions, 0)).expect("plan") {
            for share in &s.shares {
                let node: usize = share.node[1..].parse().expect("N<i>");
                assert!(share
                    .partitions
                    .iter()
                    .all(|&p| scattered(usize::from(p)) == Some(node)));
                assert_eq!(share.host, format!("127.0.0.{}", node + 1));
            }
            let counts: Vec<usize> = s.shares.iter().map(|x| x.partitions.len()).collect();
            assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        }
    }

    #[test]
    fn node_mode_makes_one_split_per_node_with_exactly_its_partitions() {
        let v = view(3, scattered);
        let splits = plan(&v, &request(SplitMode::Node, 17)).expect("plan");
        assert_eq!(splits.len(), 3);
        assert_exact_cover(&splits);
        for (i, s) in splits.iter().enumerate() {
            assert_eq!(s.shares.len(), 1);
            assert_eq!(s.shares[0].node, format!("N{i}"));
            let want: Vec<u16> = (0..PARTITIONS)
                .filter(|&p| scattered(p) == Some(i))
                .map(|p| p as u16)
                .collect();
            assert_eq!(s.partitions(), want);
            assert_eq!(s.locations(), vec![format!("127.0.0.{}", i + 1)]);
        }
    }

    #[test]
    fn numrange_sub_ranges_cover_begin_to_end_exactly() {
        let v = view(3, scattered);
        let mut req = request(SplitMode::NumRange, 4);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: -10,
            end: 29,
        });
        let splits = plan(&v, &req).expect("plan");
        assert_eq!(splits.len(), 4);
        let ranges: Vec<(i64, i64)> = splits
            .iter()
            .map(|s| {
                let r = s.range.as_ref().expect("range");
                (r.begin, r.end)
            })
            .collect();
        assert_eq!(ranges, vec![(-10, -1), (0, 9), (10, 19), (20, 29)]);
        for s in &splits {
            assert_eq!(s.partition_count(), PARTITIONS);
            assert_eq!(s.locations().len(), 3);
        }
    }

    #[test]
    fn numrange_defaults_to_one_split_and_never_makes_empty_sub_ranges() {
        let v = view(1, |_| Some(0));
        let mut req = request(SplitMode::NumRange, 0);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: 5,
            end: 7,
        });
        let one = plan(&v, &req).expect("plan");
        assert_eq!(one.len(), 1);
        assert_eq!(
            one[0].range.as_ref().map(|r| (r.begin, r.end)),
            Some((5, 7))
        );
        req.split_count = 10;
        let three = plan(&v, &req).expect("plan");
        let ranges: Vec<(i64, i64)> = three
            .iter()
            .filter_map(|s| s.range.as_ref().map(|r| (r.begin, r.end)))
            .collect();
        assert_eq!(ranges, vec![(5, 5), (6, 6), (7, 7)]);
    }

    #[test]
    fn numrange_covers_the_whole_i64_range_without_overflow() {
        let range = NumRange {
            bin: "n".into(),
            begin: i64::MIN,
            end: i64::MAX,
        };
        let parts = sub_ranges(&range, 3);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].begin, i64::MIN);
        assert_eq!(parts[2].end, i64::MAX);
        for w in parts.windows(2) {
            assert_eq!(w[0].end + 1, w[1].begin);
        }
    }

    /// A split count the range could hold but no memory could (i32::MAX sub-ranges, each with the
    /// partition list, aborted the process) is refused; 4096 sub-ranges are planned.
    #[test]
    fn numrange_split_counts_past_4096_are_refused_naming_the_count() {
        let v = view(1, |_| Some(0));
        let mut req = request(SplitMode::NumRange, MAX_NUMRANGE_SPLITS);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: i64::MIN,
            end: i64::MAX,
        });
        assert_eq!(plan(&v, &req).expect("plans").len(), 4096);
        for count in [MAX_NUMRANGE_SPLITS + 1, i32::MAX] {
            req.split_count = count;
            let e = plan(&v, &req).unwrap_err();
            assert_eq!(e.result_code(), 4);
            assert!(
                e.to_string().contains(&count.to_string())
                    && e.to_string().contains("at most 4096 sub-ranges"),
                "{e}"
            );
        }
    }

    #[test]
    fn numrange_with_begin_after_end_is_refused_naming_the_range() {
        let v = view(1, |_| Some(0));
        let mut req = request(SplitMode::NumRange, 2);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: 9,
            end: 3,
        });
        let e = plan(&v, &req).unwrap_err();
        assert_eq!(e.result_code(), 4);
        assert!(e.to_string().contains("[9, 3]"), "{e}");
        req.range = None;
        assert_eq!(plan(&v, &req).unwrap_err().result_code(), 4);
    }

    #[test]
    fn partitions_without_master_fail_planning_with_code_11_naming_them_as_ranges() {
        let v = view(2, |p| {
            if (10..20).contains(&p) || p == 4095 {
                None
            } else {
                Some(p % 2)
            }
        });
        for mode in [SplitMode::Partitions, SplitMode::Node] {
            let e = plan(&v, &request(mode, 0)).unwrap_err();
            assert_eq!(e.result_code(), 11, "{mode:?}");
            assert!(e.to_string().contains("partitions 10-19, 4095 "), "{e}");
            assert!(e.to_string().contains("'test'"), "{e}");
        }
    }

    #[test]
    fn an_unknown_namespace_is_refused_with_code_20() {
        let v = view(1, |_| Some(0));
        let mut req = request(SplitMode::Partitions, 0);
        req.namespace = "nope".into();
        let e = plan(&v, &req).unwrap_err();
        assert_eq!(e.result_code(), 20);
        assert!(e.to_string().contains("'nope'"), "{e}");
    }

    #[test]
    fn a_split_survives_its_byte_form() {
        let v = view(3, scattered);
        let mut req = request(SplitMode::NumRange, 2);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: -4,
            end: 1 << 40,
        });
        let mut all = plan(&v, &req).expect("plan");
        all.extend(plan(&v, &request(SplitMode::Node, 0)).expect("plan"));
        all.extend(plan(&v, &request(SplitMode::Partitions, 3)).expect("plan"));
        for s in all {
            let bytes = s.to_bytes();
            assert_eq!(bytes[0], FORMAT_VERSION);
            assert_eq!(Split::from_bytes(&bytes).expect("decodes"), s);
        }
    }

    #[test]
    fn damaged_split_bytes_are_refused_with_a_reason() {
        let v = view(1, |_| Some(0));
        let bytes = plan(&v, &request(SplitMode::Partitions, 2)).expect("plan")[0].to_bytes();
        let mut other_version = bytes.clone();
        other_version[0] = 9;
        let e = Split::from_bytes(&other_version).unwrap_err();
        assert!(e.to_string().contains("format version 9"), "{e}");
        let e = Split::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Split::from_bytes(&longer)
            .unwrap_err()
            .to_string()
            .contains("1 bytes after the end"));
        assert_eq!(Split::from_bytes(&[]).unwrap_err().result_code(), 4);
    }

    #[test]
    fn a_description_names_the_split_its_partitions_and_nodes() {
        let v = view(2, |p| Some(usize::from(p >= 100)));
        let s = &plan(&v, &request(SplitMode::Partitions, 8)).expect("plan")[0];
        assert_eq!(
            s.describe(),
            "split 1 of 8 (partitions mode) of namespace 'test', set 's': 512 partitions 0-511; \
             412 on N1 (127.0.0.2), 100 on N0 (127.0.0.1)"
        );
    }

    fn ranged(mode: SplitMode, split_count: i32, first: i32, last: i32) -> PlanRequest {
        let mut r = request(mode, split_count);
        r.partitions = PartitionRange::new(first, last).expect("valid range");
        r
    }

    #[test]
    fn a_partition_range_in_partitions_mode_cuts_only_that_range() {
        let v = view(3, scattered);
        let splits = plan(&v, &ranged(SplitMode::Partitions, 4, 100, 199)).expect("plan");
        assert_eq!(splits.len(), 4);
        let all: Vec<u16> = splits.iter().flat_map(Split::partitions).collect();
        assert_eq!(all, (100..200).collect::<Vec<u16>>());
        let sizes: Vec<usize> = splits.iter().map(Split::partition_count).collect();
        assert_eq!(sizes, vec![25, 25, 25, 25]);
        assert_eq!(splits[0].partitions()[0], 100);
        // The default count (2 per node) and a count above the range's size are capped by it.
        assert_eq!(
            plan(&v, &ranged(SplitMode::Partitions, 0, 7, 7))
                .expect("plan")
                .len(),
            1
        );
        let narrow = plan(&v, &ranged(SplitMode::Partitions, 50, 4090, 4095)).expect("plan");
        assert_eq!(narrow.len(), 6);
        assert!(narrow.iter().all(|s| s.partition_count() == 1));
    }

    #[test]
    fn two_halves_of_the_partitions_are_disjoint_and_cover_the_namespace() {
        let v = view(3, scattered);
        for mode in [SplitMode::Partitions, SplitMode::Node] {
            let mut splits = plan(&v, &ranged(mode, 0, 0, 2047)).expect("plan");
            assert!(splits
                .iter()
                .all(|s| s.partitions().iter().all(|&p| p <= 2047)));
            let upper = plan(&v, &ranged(mode, 0, 2048, 4095)).expect("plan");
            assert!(upper
                .iter()
                .all(|s| s.partitions().iter().all(|&p| p >= 2048)));
            splits.extend(upper);
            assert_exact_cover(&splits);
        }
    }

    #[test]
    fn a_partition_range_in_node_mode_keeps_one_split_per_node_with_its_partitions_in_range() {
        let v = view(3, scattered);
        let splits = plan(&v, &ranged(SplitMode::Node, 0, 10, 30)).expect("plan");
        assert_eq!(splits.len(), 3);
        for s in &splits {
            let node: usize = s.shares[0].node[1..].parse().expect("N<i>");
            let want: Vec<u16> = (10..=30u16)
                .filter(|&p| scattered(usize::from(p)) == Some(node))
                .collect();
            assert_eq!(s.partitions(), want);
        }
    }

    #[test]
    fn a_partition_range_limits_every_numrange_split() {
        let v = view(2, |p| Some(p % 2));
        let mut req = ranged(SplitMode::NumRange, 2, 4000, 4095);
        req.range = Some(NumRange {
            bin: "n".into(),
            begin: 0,
            end: 99,
        });
        let splits = plan(&v, &req).expect("plan");
        assert_eq!(splits.len(), 2);
        for s in &splits {
            assert_eq!(s.partitions(), (4000..=4095).collect::<Vec<u16>>());
        }
    }

    #[test]
    fn a_range_avoiding_partitions_without_master_is_planned_one_touching_them_is_not() {
        let v = view(2, |p| if p < 100 { None } else { Some(p % 2) });
        let splits = plan(&v, &ranged(SplitMode::Partitions, 0, 100, 4095)).expect("plan");
        assert_eq!(
            splits.iter().map(Split::partition_count).sum::<usize>(),
            3996
        );
        let e = plan(&v, &ranged(SplitMode::Partitions, 0, 50, 4095)).unwrap_err();
        assert_eq!(e.result_code(), 11);
        assert!(e.to_string().contains("partitions 50-99 "), "{e}");
    }

    #[test]
    fn bad_partition_ranges_are_refused_naming_the_range() {
        for (first, last, why) in [
            (10, 9, "after the last"),
            (-1, 5, "0 to 4095"),
            (0, 4096, "0 to 4095"),
        ] {
            let e = PartitionRange::new(first, last).unwrap_err();
            assert_eq!(e.result_code(), 4);
            assert!(e.to_string().contains(&format!("{first}-{last}")), "{e}");
            assert!(e.to_string().contains(why), "{e}");
        }
        assert_eq!(
            PartitionRange::new(0, 4095).expect("all"),
            PartitionRange::ALL
        );
        assert_eq!(PartitionRange::ALL.len(), 4096);
    }

    #[test]
    fn hosts_lose_their_port_and_brackets() {
        assert_eq!(host_of("10.0.0.1:3000"), "10.0.0.1");
        assert_eq!(host_of("[::1]:3000"), "::1");
        assert_eq!(host_of("db-1.example.com:3100"), "db-1.example.com");
    }
}
