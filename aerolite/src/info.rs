//! The info protocol (type 1): one answer line per command, in request order, each echoing the
//! command exactly as sent. Values follow an 8.1.2 Community Edition server.

use crate::record::Clock;
use crate::server::{Session, Shared};
use crate::sindex::IndexDef;
use crate::store::N_PARTITIONS;
use base64::Engine;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tracing::{info, warn};

pub const BUILD: &str = "8.1.1.2";
pub const FEATURES: &str = "batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;replicas-master;replicas-max;truncate-namespace;udf";
/// Memory `sindex-stat` reports per entry (a real server reports its arena size instead).
const SINDEX_ENTRY_BYTES: u64 = 32;
/// Protocol compatibility id an 8.1.1 server reports.
const COMPATIBILITY_ID: &str = "15";
const UNRECOGNIZED: &str = "ERROR:4:unrecognized command";
const ENTERPRISE_ONLY: &str = "ERROR:25:enterprise only";

/// Answers a whole info request body.
pub fn answer(shared: &Arc<Shared>, node: usize, body: &[u8], session: &mut Session) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    // A command without its trailing newline is ignored, as the server does. The lines are
    // walked, not collected: 128 MiB of newlines would make a list of 2 GiB.
    let sent = text.rfind('\n').map_or("", |end| &text[..end]);
    let mut commands: Vec<&str> = Vec::new();
    if body.is_empty() {
        // An empty request gets the server's default set, in its order.
        commands = vec![
            "features",
            "node",
            "compatibility-id",
            "edition",
            "build_ee_sha",
            "build_sha",
            "build_arch",
            "build_time",
            "build_os",
            "build",
            "version",
            "statistics",
            "services-alumni",
            "services",
            "partition-generation",
        ];
    }
    let mut out = String::new();
    for cmd in commands.into_iter().chain(sent.split('\n')) {
        if cmd.is_empty() {
            continue;
        }
        let value = if session.authenticated {
            one(shared, node, cmd, session)
        } else {
            "ERROR:80:not authenticated".to_string()
        };
        let _ = writeln!(out, "{cmd}\t{value}");
    }
    out.into_bytes()
}

/// `k=v;k=v` arguments after the first `:`.
fn args_of(params: &str) -> HashMap<String, String> {
    params
        .split(';')
        .filter_map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn one(shared: &Arc<Shared>, node: usize, cmd: &str, session: &mut Session) -> String {
    let split = cmd.find(['/', ':', ';']).unwrap_or(cmd.len());
    let (name, rest) = cmd.split_at(split);
    let params = rest.strip_prefix(':').unwrap_or("");
    let path: Vec<&str> = rest
        .strip_prefix('/')
        .map(|p| p.split('/').collect())
        .unwrap_or_default();
    let topo = shared.topology.read();
    let me = &topo.nodes[node];
    match name {
        "node" => me.name(),
        "build" => BUILD.into(),
        "version" => format!("Aerospike Community Edition build {BUILD}"),
        "edition" => "Aerospike Community Edition".into(),
        "release" => format!(
            "edition=Aerospike Community Edition;version={BUILD};os=linux;arch=x86_64;sha=aerolite"
        ),
        "features" => FEATURES.into(),
        "compatibility-id" => COMPATIBILITY_ID.into(),
        "build_ee_sha" => String::new(),
        "build_sha" => "aerolite".into(),
        "build_arch" => std::env::consts::ARCH.into(),
        "build_os" => std::env::consts::OS.into(),
        "build_time" => "aerolite".into(),
        "partitions" => N_PARTITIONS.to_string(),
        "cluster-name" => shared.cluster_name.clone(),
        "partition-generation" => me.partition_generation.to_string(),
        "peers-generation" => me.peers_generation.to_string(),
        "rebalance-generation" => topo.cluster_generation.to_string(),
        "peers-clear-std" | "peers-clear-alt" => topo.peers(node),
        // With TLS on, every port speaks TLS: the clear answers name the same ports, and the
        // TLS answers carry the name clients check the certificate against.
        "peers-tls-std" if shared.tls.is_some() => {
            topo.peers_named(node, shared.tls.as_ref().map_or("", |t| t.name.as_str()))
        }
        "service-tls-std" if shared.tls.is_some() => format!("127.0.0.1:{}", me.port),
        "peers-tls-std" | "peers-tls-alt" | "service-tls-std" | "service-tls-alt" | "racks"
        | "rack-ids" => ENTERPRISE_ONLY.into(),
        "service-clear-std" | "service" => format!("127.0.0.1:{}", me.port),
        "service-clear-alt" | "services-alumni" | "services-alternate" => String::new(),
        "services" => {
            let others: Vec<String> = topo
                .nodes
                .iter()
                .enumerate()
                .filter(|(i, n)| *i != node && n.alive)
                .map(|(_, n)| format!("127.0.0.1:{}", n.port))
                .collect();
            others.join(";")
        }
        "replicas" | "replicas-all" | "replicas-master" => replicas(shared, &topo, node, name),
        "user-agent-set" => {
            if session.user_agent_set {
                "ERROR:4:already set".into()
            } else {
                session.user_agent_set = true;
                "ok".into()
            }
        }
        "status" => "ok".into(),
        "namespaces" => shared
            .store
            .namespaces
            .iter()
            .map(|n| n.name().to_string())
            .collect::<Vec<_>>()
            .join(";"),
        "namespace" => namespace_stats(shared, &topo, node, path.first().copied().unwrap_or("")),
        "sets" => sets(shared, &topo, node, &path),
        "statistics" => statistics(shared, &topo),
        "cluster-stable" => {
            let args = args_of(params);
            match args.get("size").map(|s| s.parse::<usize>()) {
                Some(Ok(n)) if n != topo.live_count() => {
                    "ERROR:7:cluster not specified size".into()
                }
                Some(Err(_)) => "ERROR:4:bad size".into(),
                _ => format!("{:X}", topo.cluster_key),
            }
        }
        "get-config" => get_config(shared, params),
        "set-config" => set_config(shared, &args_of(params)),
        "sindex-list" => sindex_list(shared, &args_of(params)),
        "sindex-create" => {
            drop(topo);
            sindex_create(shared, &args_of(params))
        }
        "sindex-delete" => sindex_delete(shared, &args_of(params)),
        "sindex-exists" => {
            let args = args_of(params);
            match find_index(shared, &args) {
                Ok(_) => "true".into(),
                Err(_) => "false".into(),
            }
        }
        "sindex-stat" => sindex_stat(shared, &args_of(params)),
        "sindex" => {
            let mut args = HashMap::new();
            if let [ns, ix] = path.as_slice() {
                args.insert("ns".to_string(), ns.to_string());
                args.insert("indexname".to_string(), ix.to_string());
            }
            sindex_stat(shared, &args)
        }
        "aerolite-control" if shared.control => {
            drop(topo);
            control(shared, node, params)
        }
        "truncate" | "truncate-namespace" => {
            drop(topo);
            truncate(shared, name, &args_of(params))
        }
        _ => {
            warn!(command = cmd, "unrecognized info command");
            UNRECOGNIZED.into()
        }
    }
}

fn replicas(shared: &Shared, topo: &crate::cluster::Topology, node: usize, which: &str) -> String {
    let rf = topo.effective_rf();
    shared
        .store
        .namespaces
        .iter()
        .map(|ns| {
            let maps: Vec<String> = (0..rf).map(|col| topo.bitmap(node, col)).collect();
            match which {
                "replicas" => format!("{}:0,{},{}", ns.name(), rf, maps.join(",")),
                "replicas-all" => format!("{}:{},{}", ns.name(), rf, maps.join(",")),
                _ => format!("{}:{}", ns.name(), maps[0]),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn namespace_stats(
    shared: &Shared,
    topo: &crate::cluster::Topology,
    node: usize,
    name: &str,
) -> String {
    let Some(ns) = shared.store.namespace(name.as_bytes()) else {
        return "type=unknown".into();
    };
    let now = Clock::now();
    let masters = ns
        .object_counts(&now, |p| topo.master(p) == Some(node))
        .values()
        .sum::<u64>();
    let held = ns
        .object_counts(&now, |p| topo.holds(node, p))
        .values()
        .sum::<u64>();
    format!(
        "ns_cluster_size={};effective_replication_factor={};objects={held};tombstones=0;master_objects={masters};prole_objects={};\
         non_replica_objects=0;unavailable_partitions={};data_used_bytes={};replication-factor={};default-ttl={};\
         nsup-period={};allow-ttl-without-nsup={};storage-engine=memory;strong-consistency=false",
        topo.live_count(),
        topo.effective_rf(),
        held - masters,
        topo.unavailable_partitions().len(),
        ns.data_bytes(),
        topo.rf,
        ns.config.default_ttl,
        ns.nsup_period.load(Ordering::Relaxed),
        ns.allow_ttl_without_nsup.load(Ordering::Relaxed),
    )
}

fn sets(shared: &Shared, topo: &crate::cluster::Topology, node: usize, path: &[&str]) -> String {
    let now = Clock::now();
    let mut out = String::new();
    for ns in &shared.store.namespaces {
        if path.first().is_some_and(|p| *p != ns.name()) {
            continue;
        }
        let counts = ns.object_counts(&now, |p| topo.holds(node, p));
        let sindexes = ns.sindexes.read();
        for (id, set) in ns.set_names() {
            if path.get(1).is_some_and(|s| *s != set) {
                continue;
            }
            let n_sindex = sindexes
                .iter()
                .filter(|ix| ix.set.as_deref() == Some(&set))
                .count();
            let props = format!(
                "objects={}:tombstones=0:data_used_bytes=0:truncate_lut={}:sindexes={n_sindex}:index_populating=false:truncating=false:\
                 default-read-touch-ttl-pct=0:default-ttl=0:disable-eviction=false:enable-index=false:stop-writes-count=0:stop-writes-size=0;",
                counts.get(&id).copied().unwrap_or(0),
                ns.truncate_lut_ms(id)
            );
            if path.len() >= 2 {
                out.push_str(&props);
            } else {
                let _ = write!(out, "ns={}:set={set}:{props}", ns.name());
            }
        }
    }
    out
}

fn statistics(shared: &Shared, topo: &crate::cluster::Topology) -> String {
    let now = Clock::now();
    let objects: u64 = shared
        .store
        .namespaces
        .iter()
        .map(|ns| ns.object_counts(&now, |_| true).values().sum::<u64>())
        .sum();
    let principal = topo
        .nodes
        .iter()
        .filter(|n| n.alive)
        .map(|n| n.id)
        .max()
        .unwrap_or(0);
    format!(
        "cluster_size={};cluster_key={:X};cluster_generation={};cluster_principal={:X};cluster_integrity=true;cluster_is_member=true;\
         uptime={};objects={objects};client_connections={}",
        topo.live_count(),
        topo.cluster_key,
        topo.cluster_generation,
        principal,
        shared.started.elapsed().as_secs(),
        shared.connections.load(std::sync::atomic::Ordering::Relaxed)
    )
}

fn get_config(shared: &Shared, params: &str) -> String {
    let args = args_of(params);
    match (args.get("context").map(String::as_str), args.get("id").or_else(|| args.get("namespace"))) {
        (Some("namespace"), Some(id)) => match shared.store.namespace(id.as_bytes()) {
            Some(ns) => format!(
                "allow-ttl-without-nsup={};default-ttl={};nsup-period={};replication-factor={};storage-engine=memory;strong-consistency=false",
                ns.allow_ttl_without_nsup.load(Ordering::Relaxed),
                ns.config.default_ttl,
                ns.nsup_period.load(Ordering::Relaxed),
                shared.topology.read().rf
            ),
            None => "ERROR:4:namespace not found".into(),
        },
        (Some("service"), _) | (None, _) => format!("cluster-name={};proto-fd-idle-ms=0", shared.cluster_name),
        _ => "ERROR:4:invalid context".into(),
    }
}

/// `set-config:context=namespace;id=<ns>;<param>=<value>` for the namespace settings aerolite
/// acts on: `nsup-period` and `allow-ttl-without-nsup` (together they decide whether TTL
/// writes are allowed).
fn set_config(shared: &Shared, args: &HashMap<String, String>) -> String {
    if args.get("context").map(String::as_str) != Some("namespace") {
        return "ERROR:4:unsupported context".into();
    }
    let Some(ns) = args
        .get("id")
        .or_else(|| args.get("namespace"))
        .and_then(|id| shared.store.namespace(id.as_bytes()))
    else {
        return "ERROR:4:namespace not found".into();
    };
    let mut changed = false;
    for (k, v) in args {
        match k.as_str() {
            "context" | "id" | "namespace" => {}
            "nsup-period" => match v.parse::<u32>() {
                Ok(n) => {
                    ns.nsup_period.store(n, Ordering::Relaxed);
                    changed = true;
                }
                Err(_) => return format!("ERROR:4:bad nsup-period '{v}'"),
            },
            "allow-ttl-without-nsup" => match v.as_str() {
                "true" | "false" => {
                    ns.allow_ttl_without_nsup
                        .store(v == "true", Ordering::Relaxed);
                    changed = true;
                }
                _ => return format!("ERROR:4:bad allow-ttl-without-nsup '{v}'"),
            },
            other => return format!("ERROR:4:unsupported parameter '{other}'"),
        }
    }
    if !changed {
        return "ERROR:4:no parameter to set".into();
    }
    info!(namespace = %ns.name(), ?args, "namespace configuration changed");
    "ok".into()
}

fn sindex_list(shared: &Shared, args: &HashMap<String, String>) -> String {
    let want = args.get("ns").or_else(|| args.get("namespace"));
    let mut entries = Vec::new();
    for ns in &shared.store.namespaces {
        if want.is_some_and(|w| w != ns.name()) {
            continue;
        }
        for ix in ns.sindexes.read().iter() {
            entries.push(ix.list_entry(ns.name()));
        }
    }
    entries.join(";")
}

fn sindex_create(shared: &Shared, args: &HashMap<String, String>) -> String {
    let (ns_name, def) = match IndexDef::from_info_args(args) {
        Ok(x) => x,
        Err(e) => return format!("ERROR:4:{e}"),
    };
    let Some(ns) = shared.store.namespace(ns_name.as_bytes()) else {
        return "ERROR:20:namespace not found".into();
    };
    let mut list = ns.sindexes.write();
    if let Some(existing) = list.iter().find(|ix| ix.name == def.name) {
        return if existing.same_target(&def) {
            "ok".into()
        } else {
            "ERROR:200:index with the same name already exists".into()
        };
    }
    if list.iter().any(|ix| ix.same_target(&def)) {
        return "ERROR:200:index on the same bin and type already exists".into();
    }
    info!(namespace = %ns_name, index = %def.name, bin = %def.bin, "secondary index created");
    list.push(def);
    "ok".into()
}

fn find_index(
    shared: &Shared,
    args: &HashMap<String, String>,
) -> Result<(String, IndexDef), String> {
    let ns_name = args
        .get("namespace")
        .or_else(|| args.get("ns"))
        .ok_or("ERROR:4:missing namespace")?;
    let ix = args.get("indexname").ok_or("ERROR:4:missing indexname")?;
    let ns = shared
        .store
        .namespace(ns_name.as_bytes())
        .ok_or("ERROR:20:namespace not found")?;
    let list = ns.sindexes.read();
    list.iter()
        .find(|d| &d.name == ix)
        .cloned()
        .map(|d| (ns_name.clone(), d))
        .ok_or_else(|| "ERROR:201:no index".to_string())
}

fn sindex_delete(shared: &Shared, args: &HashMap<String, String>) -> String {
    match find_index(shared, args) {
        Ok((ns_name, def)) => {
            if let Some(ns) = shared.store.namespace(ns_name.as_bytes()) {
                ns.sindexes.write().retain(|d| d.name != def.name);
            }
            info!(namespace = %ns_name, index = %def.name, "secondary index dropped");
            "ok".into()
        }
        Err(e) => e,
    }
}

fn sindex_stat(shared: &Shared, args: &HashMap<String, String>) -> String {
    match find_index(shared, args) {
        Ok((ns_name, def)) => {
            // The keys and order of an 8.1 server; aerolite's indexes are complete at once.
            let (entries, records, values) = shared
                .store
                .namespace(ns_name.as_bytes())
                .map(|ns| def.population(ns, &Clock::now()))
                .unwrap_or((0, 0, 0));
            format!(
                "entries={entries};used_bytes={};entries_per_bval={};entries_per_rec={};load_pct=100;load_time=0;stat_gc_recs=0",
                entries * SINDEX_ENTRY_BYTES,
                entries.checked_div(values).unwrap_or(0),
                entries.checked_div(records).unwrap_or(0),
            )
        }
        Err(e) => e,
    }
}

fn truncate(shared: &Shared, name: &str, args: &HashMap<String, String>) -> String {
    let Some(ns_name) = args.get("namespace").or_else(|| args.get("ns")) else {
        return "ERROR:4:missing namespace".into();
    };
    let Some(ns) = shared.store.namespace(ns_name.as_bytes()) else {
        return "ERROR:4:namespace not found".into();
    };
    let now_ns = Clock::now().unix_ns;
    let lut = match args.get("lut").map(|l| l.parse::<u64>()) {
        None => now_ns,
        Some(Ok(l)) if l <= now_ns => l,
        Some(_) => return "ERROR:4:bad lut".into(),
    };
    let set = if name == "truncate" {
        match args.get("set") {
            Some(s) if !s.is_empty() => match ns.set_id(s.as_bytes()) {
                Some(id) => Some(id),
                None => return "ok".into(),
            },
            _ => None,
        }
    } else {
        None
    };
    let removed = ns.truncate(set, lut);
    info!(namespace = %ns_name, set = ?args.get("set"), removed, "truncated");
    "ok".into()
}

/// Decodes the payload of `user-agent-set:value=<base64>` for the log.
pub fn user_agent(params: &str) -> Option<String> {
    let v = args_of(params).remove("value")?;
    let raw = base64::engine::general_purpose::STANDARD.decode(v).ok()?;
    Some(String::from_utf8_lossy(&raw).into_owned())
}

/// The fixture-only control command (`--control`): lets tests written for any client stop,
/// restart or slow down nodes. A node that stops itself does so after answering.
fn control(shared: &Arc<Shared>, me: usize, params: &str) -> String {
    let (action, target) = params
        .split(';')
        .next()
        .unwrap_or("")
        .split_once('=')
        .unwrap_or((params, ""));
    let args = args_of(params);
    let nodes = shared.nodes.len();
    let index = match target.parse::<usize>() {
        Ok(i) if i < nodes => Some(i),
        _ => None,
    };
    let need = |i: Option<usize>| {
        i.ok_or_else(|| format!("ERROR:4:{action} needs a node index 0..{}", nodes - 1))
    };
    let num = |k: &str| {
        args.get(k)
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| format!("ERROR:4:{action} needs {k}=<number>"))
    };
    let result: Result<(), String> = (|| {
        match action {
            "stop" | "kill" => {
                let i = need(index)?;
                let recluster = action == "stop";
                if i == me {
                    let s = shared.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        s.stop_node(i, recluster);
                    });
                } else {
                    shared.stop_node(i, recluster);
                }
            }
            "recluster" => shared.recluster(),
            "restart" => shared
                .restart_node(need(index)?)
                .map_err(|e| format!("ERROR:4:restart failed: {e}"))?,
            "pause" | "resume" => shared.nodes[need(index)?]
                .paused
                .store(action == "pause", std::sync::atomic::Ordering::Relaxed),
            "delay" => shared.nodes[need(index)?]
                .delay_ms
                .store(num("ms")?, std::sync::atomic::Ordering::Relaxed),
            "fail" => {
                let code = num("code")?;
                let code =
                    u8::try_from(code).map_err(|_| "ERROR:4:code must be 0..255".to_string())?;
                shared.nodes[need(index)?]
                    .fail_code
                    .store(code, std::sync::atomic::Ordering::Relaxed)
            }
            "heal" => {
                let n = &shared.nodes[need(index)?];
                n.paused.store(false, std::sync::atomic::Ordering::Relaxed);
                n.delay_ms.store(0, std::sync::atomic::Ordering::Relaxed);
                n.fail_code.store(0, std::sync::atomic::Ordering::Relaxed);
            }
            other => return Err(format!("ERROR:4:unknown control action '{other}'")),
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            info!(action, target, "control");
            "ok".into()
        }
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cluster, ClusterConfig};
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};

    fn ask(addr: SocketAddr, body: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        let mut req =
            crate::proto::ProtoHeader::encode(crate::proto::TYPE_INFO, body.len()).to_vec();
        req.extend_from_slice(body.as_bytes());
        s.write_all(&req).unwrap();
        let mut head = [0u8; 8];
        s.read_exact(&mut head).unwrap();
        let mut out = vec![0u8; crate::proto::ProtoHeader::parse(head).size as usize];
        s.read_exact(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn value(addr: SocketAddr, cmd: &str) -> String {
        let answer = ask(addr, &format!("{cmd}\n"));
        answer
            .trim_end_matches('\n')
            .split_once('\t')
            .map(|(_, v)| v.to_string())
            .unwrap()
    }

    #[test]
    fn empty_request_answers_the_default_set_in_server_order() {
        let c = Cluster::start(ClusterConfig::default()).unwrap();
        let answer = ask(c.addrs()[0], "");
        let names: Vec<&str> = answer
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "features",
                "node",
                "compatibility-id",
                "edition",
                "build_ee_sha",
                "build_sha",
                "build_arch",
                "build_time",
                "build_os",
                "build",
                "version",
                "statistics",
                "services-alumni",
                "services",
                "partition-generation"
            ]
        );
        assert!(answer.contains("build\t8.1.1.2\n"));
    }

    #[test]
    fn cluster_stable_with_another_size_says_so() {
        let c = Cluster::start(ClusterConfig::default()).unwrap();
        let addr = c.addrs()[0];
        assert_eq!(
            value(addr, "cluster-stable:size=2;namespace=test"),
            "ERROR:7:cluster not specified size"
        );
        assert!(u64::from_str_radix(&value(addr, "cluster-stable:size=1"), 16).is_ok());
    }

    #[test]
    fn set_config_changes_the_nsup_settings_get_config_reports() {
        let c = Cluster::start(ClusterConfig::default()).unwrap();
        let addr = c.addrs()[0];
        let config = |addr| value(addr, "get-config:context=namespace;id=test");
        assert!(config(addr).contains("allow-ttl-without-nsup=false;"));
        assert!(config(addr).contains("nsup-period=120;"));
        assert_eq!(
            value(addr, "set-config:context=namespace;id=test;nsup-period=0"),
            "ok"
        );
        assert_eq!(
            value(
                addr,
                "set-config:context=namespace;id=test;allow-ttl-without-nsup=true"
            ),
            "ok"
        );
        assert!(config(addr).contains("allow-ttl-without-nsup=true;"));
        assert!(config(addr).contains("nsup-period=0;"));
        assert!(
            value(addr, "namespace/test").contains("nsup-period=0;allow-ttl-without-nsup=true;")
        );
        assert!(
            value(addr, "set-config:context=namespace;id=nope;nsup-period=0")
                .starts_with("ERROR:4:")
        );
        assert!(
            value(addr, "set-config:context=namespace;id=test;nsup-period=x")
                .starts_with("ERROR:4:")
        );
    }
}
