//! aerolite: an in-memory server that speaks the Aerospike wire protocol, as one node or as a
//! cluster of several on loopback, for tests and demos.
//!
//! ```no_run
//! let cluster = aerolite::Cluster::start(aerolite::ClusterConfig { nodes: 3, ..Default::default() }).unwrap();
//! let seeds = cluster.seeds(); // "127.0.0.1:PORT,..."
//! cluster.stop_node(2);        // its partitions move to the survivors
//! cluster.restart_node(2).unwrap();
//! ```

pub mod admin;
pub mod batch;
pub mod cluster;
pub mod command;
pub mod expr;
pub mod info;
pub mod partition;
pub mod proto;
pub mod record;
pub mod scan;
pub mod server;
pub mod sindex;
pub mod store;
#[cfg(test)]
mod test_support;
pub mod tls;

use server::{NodeCtl, Shared};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::{NamespaceConfig, Store};

#[derive(Debug, Clone)]
pub struct ClusterConfig {
    pub nodes: usize,
    /// Service port of the first node; node i listens on `port + 10 * i`. 0 picks free ports.
    pub port: u16,
    pub replication_factor: usize,
    pub namespaces: Vec<String>,
    /// Seconds a record lives when written with TTL 0; 0 = forever.
    pub default_ttl: u32,
    pub cluster_name: String,
    /// User and password; when set, clients must log in.
    pub credentials: Option<(String, String)>,
    /// Enables the fixture-only `aerolite-control` info command (for tests in other languages).
    pub control: bool,
    /// Serve TLS only, with this certificate (see [`tls`]).
    pub tls: Option<tls::TlsConfig>,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            nodes: 1,
            port: 0,
            replication_factor: 1,
            namespaces: vec!["test".into()],
            default_ttl: 0,
            cluster_name: "aerolite".into(),
            credentials: None,
            control: false,
            tls: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("cannot start the runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
}

/// A running cluster. Dropping it stops every node.
pub struct Cluster {
    runtime: Option<tokio::runtime::Runtime>,
    shared: Arc<Shared>,
}

impl Cluster {
    pub fn start(config: ClusterConfig) -> Result<Cluster, StartError> {
        validate(&config)?;
        let tls = match &config.tls {
            Some(t) => Some(server::TlsService {
                acceptor: t.acceptor()?,
                name: t.name.clone(),
            }),
            None => None,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("aerolite")
            .build()
            .map_err(StartError::Runtime)?;
        let mut listeners = Vec::with_capacity(config.nodes);
        for i in 0..config.nodes {
            let want = if config.port == 0 {
                0
            } else {
                config.port + 10 * i as u16
            };
            let _guard = runtime.enter();
            let l = server::bind(want).map_err(|source| StartError::Bind { port: want, source })?;
            listeners.push(l);
        }
        let ports: Vec<u16> = listeners
            .iter()
            .map(|l| l.local_addr().map(|a| a.port()).unwrap_or(0))
            .collect();
        // Node ids are stable per port, so a restarted node has the same name.
        let ids: Vec<(u64, u16)> = ports
            .iter()
            .map(|&p| (0xA0_0000_0000_0000u64 | ((p as u64) << 8), p))
            .collect();
        let namespaces: Vec<NamespaceConfig> = config
            .namespaces
            .iter()
            .map(|n| NamespaceConfig {
                name: n.clone(),
                replication_factor: config.replication_factor,
                default_ttl: config.default_ttl,
            })
            .collect();
        let shared = Arc::new(Shared {
            store: Store::new(&namespaces),
            topology: parking_lot::RwLock::new(cluster::Topology::new(
                &ids,
                config.replication_factor,
            )),
            cluster_name: config.cluster_name.clone(),
            auth: config
                .credentials
                .as_ref()
                .map(|(u, p)| admin::Auth::new(u, p)),
            nodes: ports
                .iter()
                .enumerate()
                .map(|(i, &p)| Arc::new(NodeCtl::new(i, p)))
                .collect(),
            started: Instant::now(),
            connections: Default::default(),
            control: config.control,
            tls,
        });
        for (i, l) in listeners.into_iter().enumerate() {
            let _guard = runtime.enter();
            server::serve_node(shared.clone(), i, l).map_err(|source| StartError::Bind {
                port: ports[i],
                source,
            })?;
        }
        let reaper = shared.clone();
        runtime.spawn(async move {
            // What a real server's nsup thread does: expired records leave the counts.
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let now = record::Clock::now();
                for ns in &reaper.store.namespaces {
                    ns.reap_expired(&now);
                }
            }
        });
        Ok(Cluster {
            runtime: Some(runtime),
            shared,
        })
    }

    pub fn ports(&self) -> Vec<u16> {
        self.shared.nodes.iter().map(|n| n.port).collect()
    }

    pub fn addrs(&self) -> Vec<SocketAddr> {
        self.ports()
            .into_iter()
            .map(|p| SocketAddr::from(([127, 0, 0, 1], p)))
            .collect()
    }

    /// `127.0.0.1:P1,127.0.0.1:P2,…`: the form `aerolite ready` prints and clients take as seeds.
    pub fn seeds(&self) -> String {
        self.addrs()
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The node name clients see for node `i`.
    pub fn node_name(&self, i: usize) -> String {
        self.shared.topology.read().nodes[i].name()
    }

    /// Stops node `i` and re-forms the cluster without it: its partitions move to the survivors.
    pub fn stop_node(&self, i: usize) {
        self.shared.stop_node(i, true);
    }

    /// Stops node `i` (connections cut, connects refused) while the survivors keep the old view,
    /// as they do for about two seconds on a real cluster; `recluster` ends that window.
    pub fn kill_node(&self, i: usize) {
        self.shared.stop_node(i, false);
    }

    /// The survivors notice every stopped node and re-form the cluster.
    pub fn recluster(&self) {
        self.shared.recluster();
    }

    /// Starts node `i` again on its port; it rejoins and takes back its partitions.
    pub fn restart_node(&self, i: usize) -> Result<(), StartError> {
        let rt = self
            .runtime
            .as_ref()
            .expect("runtime lives as long as the cluster");
        let _guard = rt.enter();
        let port = self.shared.nodes[i].port;
        self.shared
            .restart_node(i)
            .map_err(|source| StartError::Bind { port, source })
    }

    /// A paused node accepts connections and reads requests but answers nothing until resumed.
    pub fn pause_node(&self, i: usize, paused: bool) {
        self.shared.nodes[i].paused.store(paused, Ordering::Relaxed);
    }

    /// Delays every data answer of node `i`.
    pub fn delay_node(&self, i: usize, delay: Duration) {
        self.shared.nodes[i]
            .delay_ms
            .store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    /// Makes node `i` answer every data command with `code` (None: back to normal).
    pub fn fail_node_with(&self, i: usize, code: Option<u8>) {
        self.shared.nodes[i]
            .fail_code
            .store(code.unwrap_or(0), Ordering::Relaxed);
    }

    /// Partitions that currently have no live copy.
    pub fn unavailable_partitions(&self) -> Vec<usize> {
        self.shared.topology.read().unavailable_partitions()
    }

    /// The node index that masters partition `pid`.
    pub fn master_of(&self, pid: usize) -> Option<usize> {
        self.shared.topology.read().master(pid)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for n in &self.shared.nodes {
            n.stop();
        }
        if let Some(rt) = self.runtime.take() {
            // Safe to drop from inside another runtime (a tokio test), unlike a plain drop.
            rt.shutdown_background();
        }
    }
}

fn validate(c: &ClusterConfig) -> Result<(), StartError> {
    let bad = |m: String| Err(StartError::Config(m));
    if c.nodes == 0 || c.nodes > 64 {
        return bad(format!("--nodes must be 1..64, got {}", c.nodes));
    }
    if c.replication_factor == 0 || c.replication_factor > 3 {
        return bad(format!(
            "--replication-factor must be 1..3, got {}",
            c.replication_factor
        ));
    }
    if c.port != 0 && (c.port as usize + 10 * (c.nodes - 1)) > u16::MAX as usize {
        return bad(format!(
            "--port {} leaves no room for {} nodes spaced by 10",
            c.port, c.nodes
        ));
    }
    if c.namespaces.is_empty() {
        return bad("at least one namespace is needed".into());
    }
    for n in &c.namespaces {
        if n.is_empty() || n.len() > 31 || n.contains([';', ':', '/', '\n', '\t', ',']) {
            return bad(format!("bad namespace name '{n}'"));
        }
    }
    Ok(())
}
