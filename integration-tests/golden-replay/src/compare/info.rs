//! Info answers: names in request order, then each value by the rule its command calls for.
//! Values that are fixed facts of an 8.1 server (build, features, error texts, single-node
//! ownership maps) must be equal; values that depend on history, time or node identity are
//! compared by their form.

use super::{Nodes, Sink};
use crate::wire;
use base64::Engine;
use std::collections::BTreeSet;

/// `statistics` keys whose value is a fact of the cluster's state.
const STATISTICS_EXACT: &[&str] = &["cluster_size", "cluster_integrity", "cluster_is_member"];
/// `namespace/<ns>` keys that are configuration or state both servers must agree on.
const NAMESPACE_EXACT: &[&str] = &[
    "ns_cluster_size",
    "effective_replication_factor",
    "tombstones",
    "non_replica_objects",
    "unavailable_partitions",
    "replication-factor",
    "default-ttl",
    "nsup-period",
    "allow-ttl-without-nsup",
    "storage-engine",
    "strong-consistency",
];
/// On one node every record is a master object, so the counts are facts of the data too.
const NAMESPACE_SINGLE_NODE_EXACT: &[&str] = &["objects", "master_objects", "prole_objects"];
const SET_EXACT: &[&str] = &[
    "objects",
    "tombstones",
    "sindexes",
    "index_populating",
    "truncating",
    "default-read-touch-ttl-pct",
    "default-ttl",
    "disable-eviction",
    "enable-index",
    "stop-writes-count",
    "stop-writes-size",
];
const SINDEX_STAT_EXACT: &[&str] = &[
    "entries",
    "entries_per_bval",
    "entries_per_rec",
    "load_pct",
    "stat_gc_recs",
];
/// Default-set entries that name the build machine and time rather than the server's behaviour.
const BUILD_PROVENANCE: &[&str] = &["build_sha", "build_time", "build_os", "build_ee_sha"];
const BITMAP_CHARS: usize = 684;
/// Keys whose value is a node id or cluster key: hex, so "3120" and "A00000B63900" agree in kind.
const HEX_ID_KEYS: &[&str] = &["cluster_key", "cluster_principal"];

pub fn answer(sink: &mut Sink<'_>, _request: &[u8], real: &[u8], ours: &[u8], nodes: &Nodes) {
    let r = wire::info_answer(real);
    let o = wire::info_answer(ours);
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    sink.eq("info.names", names(&r), names(&o));
    for (name, rv) in &r {
        if let Some((_, ov)) = o.iter().find(|(n, _)| n == name) {
            value(sink, name, rv, ov, nodes);
        }
    }
}

/// The command as a site name: up to its parameters, keeping a `/` path.
fn command_of(name: &str) -> &str {
    name.split(':').next().unwrap_or(name)
}

fn verb_of(name: &str) -> &str {
    name.split([':', '/', ';']).next().unwrap_or(name)
}

fn value(sink: &mut Sink<'_>, name: &str, rv: &str, ov: &str, nodes: &Nodes) {
    let site = format!("info:{}", command_of(name));
    if rv.starts_with("ERROR") || ov.starts_with("ERROR") {
        return sink.eq(site, rv, ov);
    }
    let single = nodes.count() == 1;
    match verb_of(name) {
        "node" => {
            if !is_node_id(rv) || !is_node_id(ov) {
                sink.add(format!("{site}:shape"), rv, ov);
            }
        }
        "cluster-stable" => {
            if !is_node_id(rv) || !is_node_id(ov) {
                sink.add(format!("{site}:shape"), rv, ov);
            }
        }
        "peers-clear-std" | "peers-clear-alt" => peers(sink, &site, rv, ov, nodes),
        "peers-generation" | "partition-generation" | "rebalance-generation" => {
            match (rv.parse::<i64>(), ov.parse::<i64>()) {
                (Ok(-1), Ok(o)) if o != -1 => sink.add(format!("{site}:not-joined"), rv, ov),
                (Ok(_), Ok(_)) if single && name == "partition-generation" => sink.eq(site, rv, ov),
                (Ok(_), Ok(_)) => {}
                _ => sink.add(format!("{site}:kind"), rv, ov),
            }
        }
        "replicas" | "replicas-all" | "replicas-master" => {
            replicas(sink, &site, verb_of(name), rv, ov, single)
        }
        "statistics" => kv(sink, &site, rv, ov, ';', &|k| STATISTICS_EXACT.contains(&k)),
        "namespace" => kv(sink, &site, rv, ov, ';', &|k| {
            NAMESPACE_EXACT.contains(&k) || single && NAMESPACE_SINGLE_NODE_EXACT.contains(&k)
        }),
        "get-config" => kv(sink, &site, rv, ov, ';', &|_| true),
        "sindex-stat" => kv(sink, &site, rv, ov, ';', &|k| {
            SINDEX_STAT_EXACT.contains(&k)
        }),
        "sets" if name.contains('/') && name.matches('/').count() == 2 => kv(
            sink,
            &site,
            rv.trim_end_matches(';'),
            ov.trim_end_matches(';'),
            ':',
            &|k| SET_EXACT.contains(&k),
        ),
        "sets" => sets(sink, &site, rv, ov),
        "services" => {
            let count = |v: &str| v.split(';').filter(|s| !s.is_empty()).count();
            sink.eq(format!("{site}:count"), count(rv), count(ov));
        }
        "service-clear-std" | "service" => {
            let host = |v: &str| v.rsplit_once(':').map(|(h, _)| h.to_string());
            let port_ok = |v: &str| {
                v.rsplit_once(':')
                    .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
            };
            if !port_ok(rv) || !port_ok(ov) {
                sink.add(format!("{site}:shape"), rv, ov);
            }
            sink.eq(format!("{site}:host"), host(rv), host(ov));
        }
        v if BUILD_PROVENANCE.contains(&v) => {
            if kind(rv) != kind(ov) {
                sink.add(format!("{site}:kind"), rv, ov);
            }
        }
        _ => sink.eq(site, rv, ov),
    }
}

fn is_node_id(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && u64::from_str_radix(v, 16).is_ok()
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Empty,
    Text,
}

fn kind(v: &str) -> Kind {
    if v.is_empty() {
        Kind::Empty
    } else if v == "true" || v == "false" {
        Kind::Bool
    } else if v.parse::<i64>().is_ok() || v.parse::<u64>().is_ok() {
        Kind::Int
    } else {
        Kind::Text
    }
}

fn pairs(v: &str, sep: char) -> Vec<(&str, &str)> {
    v.split(sep)
        .filter(|s| !s.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
        .collect()
}

/// `k=v` lists: aerolite may report fewer keys than the real server (one finding lists them),
/// but each key it reports must exist there, with a value of the same kind, or equal where
/// `exact` says the value is a fact both must agree on.
fn kv(
    sink: &mut Sink<'_>,
    site: &str,
    rv: &str,
    ov: &str,
    sep: char,
    exact: &dyn Fn(&str) -> bool,
) {
    let r = pairs(rv, sep);
    let o = pairs(ov, sep);
    let missing: Vec<&str> = r
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !o.iter().any(|(ok, _)| ok == k))
        .collect();
    if !missing.is_empty() {
        sink.add(
            format!("{site}:missing-keys"),
            missing.join(","),
            format!("{} of {} keys reported", r.len() - missing.len(), r.len()),
        );
    }
    for (k, v) in &o {
        match r.iter().find(|(rk, _)| rk == k) {
            None => sink.add(format!("{site}:extra-key:{k}"), "(absent)", v),
            Some((_, rv)) if exact(k) => sink.eq(format!("{site}:value:{k}"), *rv, *v),
            Some((_, rv)) if HEX_ID_KEYS.contains(k) => {
                if !is_node_id(rv) || !is_node_id(v) {
                    sink.add(format!("{site}:kind:{k}"), *rv, *v);
                }
            }
            Some((_, rv)) => {
                if kind(rv) != kind(v) {
                    sink.add(format!("{site}:kind:{k}"), *rv, *v);
                }
            }
        }
    }
}

/// `sets`: one `ns=..:set=..:k=v:...` entry per set, compared set by set.
fn sets(sink: &mut Sink<'_>, site: &str, rv: &str, ov: &str) {
    let entries = |v: &str| -> Vec<(String, String)> {
        v.split(';')
            .filter(|s| !s.is_empty())
            .map(|e| {
                let p = pairs(e, ':');
                let get = |k: &str| {
                    p.iter()
                        .find(|(pk, _)| *pk == k)
                        .map(|(_, v)| v.to_string())
                };
                let id = format!(
                    "{}/{}",
                    get("ns").unwrap_or_default(),
                    get("set").unwrap_or_default()
                );
                (id, e.to_string())
            })
            .collect()
    };
    let (r, o) = (entries(rv), entries(ov));
    for (id, e) in &r {
        match o.iter().find(|(oid, _)| oid == id) {
            Some((_, oe)) => kv(sink, site, e, oe, ':', &|k| {
                SET_EXACT.contains(&k) || k == "ns" || k == "set"
            }),
            None => sink.add(format!("{site}:missing-set:{id}"), e, "(absent)"),
        }
    }
    for (id, e) in &o {
        if !r.iter().any(|(rid, _)| rid == id) {
            sink.add(format!("{site}:extra-set:{id}"), "(absent)", e);
        }
    }
}

/// One entry of a `peers-clear-std` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub id: String,
    pub tls_name: String,
    pub addrs: Vec<String>,
}

/// `<generation>,<default port>,[[id,tls,[host:port,...]],...]`.
pub fn parse_peers(v: &str) -> Option<(String, String, Vec<Peer>)> {
    let mut parts = v.splitn(3, ',');
    let generation = parts.next()?.to_string();
    let port = parts.next()?.to_string();
    let list = parts.next()?;
    let inner = list.strip_prefix('[')?.strip_suffix(']')?;
    let mut peers = Vec::new();
    for entry in split_top(inner) {
        let e = entry.strip_prefix('[')?.strip_suffix(']')?;
        let fields = split_top(e);
        let [id, tls, addrs] = fields.as_slice() else {
            return None;
        };
        let addrs = addrs.strip_prefix('[')?.strip_suffix(']')?;
        peers.push(Peer {
            id: id.to_string(),
            tls_name: tls.to_string(),
            addrs: split_top(addrs).into_iter().map(str::to_string).collect(),
        });
    }
    Some((generation, port, peers))
}

/// Splits at commas outside brackets.
fn split_top(s: &str) -> Vec<&str> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn peers(sink: &mut Sink<'_>, site: &str, rv: &str, ov: &str, nodes: &Nodes) {
    let (Some((rg, rport, rpeers)), Some((og, oport, opeers))) = (parse_peers(rv), parse_peers(ov))
    else {
        return sink.add(format!("{site}:shape"), rv, ov);
    };
    if rg.parse::<u64>().is_err() || og.parse::<u64>().is_err() {
        sink.add(format!("{site}:generation"), &rg, &og);
    }
    sink.eq(format!("{site}:default-port"), rport, oport);
    let index = |p: &Peer, ports: &std::collections::HashMap<u16, usize>| {
        p.addrs
            .first()
            .and_then(|a| a.rsplit_once(':'))
            .and_then(|(_, port)| port.parse::<u16>().ok())
            .and_then(|port| ports.get(&port).copied())
    };
    let rset: BTreeSet<Option<usize>> =
        rpeers.iter().map(|p| index(p, &nodes.real_ports)).collect();
    let oset: BTreeSet<Option<usize>> = opeers.iter().map(|p| index(p, &nodes.our_ports)).collect();
    sink.eq(format!("{site}:nodes"), rset, oset);
    let shape = |v: &[Peer]| {
        v.iter()
            .map(|p| (p.tls_name.clone(), p.addrs.len()))
            .collect::<Vec<_>>()
    };
    sink.eq(
        format!("{site}:entry-shape"),
        shape(&rpeers),
        shape(&opeers),
    );
    for p in &opeers {
        if let Some(i) = index(p, &nodes.our_ports) {
            sink.eq(
                format!("{site}:peer-id"),
                nodes.our_names[i].clone(),
                p.id.clone(),
            );
        }
    }
    // Both list peers by node id, highest first.
    let descending = |v: &[Peer]| {
        v.windows(2).all(|w| {
            u64::from_str_radix(&w[0].id, 16).ok() > u64::from_str_radix(&w[1].id, 16).ok()
        })
    };
    sink.eq(
        format!("{site}:order"),
        descending(&rpeers),
        descending(&opeers),
    );
}

/// Per namespace: regime (absent for `replicas-all`/`-master`), replica count and bitmaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaMaps {
    pub namespace: String,
    pub regime: Option<String>,
    pub n: usize,
    pub bitmaps: Vec<String>,
}

pub fn parse_replicas(verb: &str, v: &str) -> Option<Vec<ReplicaMaps>> {
    v.split(';')
        .filter(|s| !s.is_empty())
        .map(|entry| {
            let (ns, rest) = entry.split_once(':')?;
            let parts: Vec<&str> = rest.split(',').collect();
            let (regime, n, maps) = match verb {
                "replicas" => (
                    Some(parts.first()?.to_string()),
                    parts.get(1)?.parse().ok()?,
                    &parts[2..],
                ),
                "replicas-all" => (None, parts.first()?.parse().ok()?, &parts[1..]),
                _ => (None, 1, &parts[..]),
            };
            Some(ReplicaMaps {
                namespace: ns.to_string(),
                regime,
                n,
                bitmaps: maps.iter().map(|s| s.to_string()).collect(),
            })
        })
        .collect()
}

/// Decodes a 684-character ownership bitmap into its 4096 bits.
pub fn bitmap_bits(b64: &str) -> Option<Vec<bool>> {
    if b64.len() != BITMAP_CHARS {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    (bytes.len() == 512).then(|| {
        (0..4096)
            .map(|p| bytes[p >> 3] & (0x80 >> (p & 7)) != 0)
            .collect()
    })
}

fn replicas(sink: &mut Sink<'_>, site: &str, verb: &str, rv: &str, ov: &str, single: bool) {
    let (Some(r), Some(o)) = (parse_replicas(verb, rv), parse_replicas(verb, ov)) else {
        return sink.add(format!("{site}:shape"), rv, ov);
    };
    let names = |v: &[ReplicaMaps]| v.iter().map(|m| m.namespace.clone()).collect::<Vec<_>>();
    sink.eq(format!("{site}:namespaces"), names(&r), names(&o));
    for (rm, om) in r.iter().zip(&o) {
        sink.eq(format!("{site}:regime"), &rm.regime, &om.regime);
        sink.eq(format!("{site}:n"), rm.n, om.n);
        sink.eq(
            format!("{site}:bitmap-count"),
            rm.bitmaps.len(),
            om.bitmaps.len(),
        );
        for b in rm.bitmaps.iter().chain(&om.bitmaps) {
            if bitmap_bits(b).is_none() {
                sink.add(format!("{site}:bitmap-shape"), &rm.namespace, b);
            }
        }
        if single {
            sink.eq(format!("{site}:bitmap"), &rm.bitmaps, &om.bitmaps);
        } else {
            // Outside migrations a node is never both master and replica of a partition
            // (during them the real one can be); aerolite has no migrations, so never.
            let overlaps = |m: &ReplicaMaps| {
                let cols: Vec<Vec<bool>> =
                    m.bitmaps.iter().filter_map(|b| bitmap_bits(b)).collect();
                (0..4096).any(|p| cols.iter().filter(|c| c[p]).count() > 1)
            };
            if overlaps(om) {
                sink.add(format!("{site}:overlap"), overlaps(rm), true);
            }
        }
    }
}
