//! The client registry: one `aerospike::Client` per distinct connection configuration per process.
//!
//! A Hadoop task JVM opens readers and writers through many handles; each would otherwise open its
//! own client, with its own tend loop and connection pools, against the same cluster. Here every
//! handle asks the registry, which hands out a [`SharedClient`] and counts the users of each
//! client. Two equal configurations share one client; two different ones get two clients.
//!
//! Lifetime (decided here, relied on by the Java side): a client lives while at least one
//! `SharedClient` for it exists, and is closed as soon as the last one is dropped. A process that
//! exits with users still open leaves closing the sockets to the operating system. Closing on last
//! release keeps a long-lived JVM (Hive server, JVM reuse) from holding connections to clusters it
//! no longer uses; reconnecting costs one cluster discovery, which is small next to a task.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use aerospike::policy::AdminPolicy;
use aerospike::Client;
use tokio::runtime::Handle;
use tokio::sync::OnceCell;
use tracing::{debug, info, warn};

use crate::connection::ConnectionConfig;
use crate::error::{Error, Result};
use crate::partition_map::{parse_replicas, PartitionMap};
use crate::runtime;

/// One connect attempt's outcome, shared by every user that waited for it.
type Connected = std::result::Result<Arc<Client>, Arc<Error>>;
type Slot = Arc<OnceCell<Connected>>;

struct Entry {
    /// Filled once the connect attempt has ended; concurrent users of one configuration wait on
    /// it and all get its outcome. A failure is not retried by the next waiter: with a cluster
    /// that does not answer, each retry would cost the whole timeout again, so N tasks starting
    /// together would see their errors one timeout apart. The entry (failure included) is gone
    /// once its last user has returned, so the next acquire tries afresh.
    slot: Slot,
    users: usize,
}

struct Inner {
    runtime: Handle,
    entries: Mutex<HashMap<ConnectionConfig, Entry>>,
}

impl Inner {
    fn entries(&self) -> MutexGuard<'_, HashMap<ConnectionConfig, Entry>> {
        // A panic while the lock was held left the map itself consistent (every update is a
        // single insert, remove or counter change), so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A set of clients keyed by configuration. The process has one (see [`global`]); tests make
/// their own so that their counts do not mix.
pub struct Registry {
    inner: Arc<Inner>,
}

static GLOBAL: OnceLock<Registry> = OnceLock::new();

/// The process-wide registry, running its clients on the process-wide runtime.
pub fn global() -> Result<&'static Registry> {
    let handle = runtime::handle()?;
    Ok(GLOBAL.get_or_init(|| Registry::new(handle)))
}

impl Registry {
    /// A registry whose clients run on `runtime`.
    pub fn new(runtime: Handle) -> Registry {
        Registry {
            inner: Arc::new(Inner {
                runtime,
                entries: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The client for `config`, connecting it if no user holds one. Blocks the calling thread
    /// until the cluster is discovered; must not be called from a thread of the registry's runtime.
    pub fn acquire(&self, config: ConnectionConfig) -> Result<SharedClient> {
        let slot = {
            let mut entries = self.inner.entries();
            let entry = entries.entry(config.clone()).or_insert_with(|| Entry {
                slot: Arc::new(OnceCell::new()),
                users: 0,
            });
            entry.users += 1;
            entry.slot.clone()
        };
        // From here on the user is counted; dropping the guard (also on a failed connect) gives
        // the count back and closes the client if it was the last.
        let user = User {
            inner: self.inner.clone(),
            config,
            slot,
        };
        let outcome = self.inner.runtime.block_on(
            user.slot
                .get_or_init(|| async { connect(&user.config).await.map_err(Arc::new) }),
        );
        match outcome {
            Ok(client) => {
                let client = client.clone();
                Ok(SharedClient { user, client })
            }
            Err(e) => Err(Error::Shared(e.clone())),
        }
    }

    /// How many connected clients this registry holds: one per distinct configuration in use.
    /// Operators read it to confirm that a JVM running many readers and writers against one
    /// cluster holds one client, and that closing every handle releases it.
    pub fn client_count(&self) -> usize {
        self.inner
            .entries()
            .values()
            .filter(|e| matches!(e.slot.get(), Some(Ok(_))))
            .count()
    }
}

async fn connect(config: &ConnectionConfig) -> Result<Arc<Client>> {
    let policy = config.client_policy()?;
    let seeds = config.seeds().to_vec();
    let client = Client::new(&policy, &seeds)
        .await
        .map_err(|source| Error::Connect {
            seeds: config.seed_list(),
            source,
        })?;
    info!(
        seeds = %config.seed_list(),
        user = ?config.user(),
        tls = config.tls().is_some(),
        nodes = client.nodes().len(),
        "connected to Aerospike"
    );
    Ok(Arc::new(client))
}

/// One counted user of a registry entry; gives the count back when dropped.
struct User {
    inner: Arc<Inner>,
    config: ConnectionConfig,
    slot: Slot,
}

impl Drop for User {
    fn drop(&mut self) {
        let last = {
            let mut entries = self.inner.entries();
            match entries.get_mut(&self.config) {
                // An entry is only removed when its count reaches zero, so while this user lives
                // the entry under its key is the one it counted itself in.
                Some(e) if Arc::ptr_eq(&e.slot, &self.slot) => {
                    e.users -= 1;
                    if e.users == 0 {
                        entries.remove(&self.config);
                        true
                    } else {
                        false
                    }
                }
                _ => {
                    warn!(config = ?self.config, "released a client the registry no longer knows");
                    false
                }
            }
        };
        if !last {
            return;
        }
        if let Some(Ok(client)) = self.slot.get().cloned() {
            debug!(seeds = %self.config.seed_list(), "closing the last user's client");
            let seeds = self.config.seed_list();
            // Spawned, not awaited: a drop may happen on any thread, including the runtime's own.
            self.inner.runtime.spawn(async move {
                if let Err(e) = client.close().await {
                    warn!(%seeds, error = %e, "closing the client failed");
                }
            });
        }
    }
}

/// A client from the registry, counted as one user until dropped.
pub struct SharedClient {
    user: User,
    client: Arc<Client>,
}

/// A node as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    pub name: String,
    /// `host:port` the client talks to.
    pub address: String,
    /// The name its TLS certificate must carry, when the client knows one.
    pub tls_name: Option<String>,
}

/// The cluster at one moment: its nodes, sorted by name, and the master of every partition as an
/// index into `nodes`. Split planning reads it.
#[derive(Debug, Clone)]
pub struct ClusterView {
    pub nodes: Vec<NodeView>,
    pub partitions: PartitionMap,
}

impl SharedClient {
    pub fn client(&self) -> &Arc<Client> {
        &self.client
    }

    pub fn config(&self) -> &ConnectionConfig {
        &self.user.config
    }

    /// The runtime the client runs on, for callers that drive it from blocking code.
    pub fn runtime(&self) -> &Handle {
        &self.user.inner.runtime
    }

    /// Names of the active nodes, sorted.
    pub fn node_names(&self) -> Vec<String> {
        let mut names = self.client.node_names();
        names.sort();
        names
    }

    /// Reads every node's `replicas` answer and builds the cluster view.
    pub async fn view_async(&self) -> Result<ClusterView> {
        cluster_view(&self.client, self.user.config.timeout_ms()).await
    }

    /// [`view_async`](Self::view_async) for blocking callers (not on a runtime thread).
    pub fn view(&self) -> Result<ClusterView> {
        self.runtime().block_on(self.view_async())
    }

    /// Sends the info command `command` to every active node: `(node name, answer)` in name order,
    /// the answer without the echoed command (empty when the node does not know the command).
    /// Fails naming the first node that does not answer.
    pub async fn info_all_async(&self, command: &str) -> Result<Vec<(String, String)>> {
        let mut nodes = self.client.nodes();
        nodes.sort_by(|a, b| a.name().cmp(b.name()));
        let policy = AdminPolicy {
            timeout: self.user.config.timeout_ms(),
        };
        let mut answers = Vec::with_capacity(nodes.len());
        for node in &nodes {
            let mut answer =
                node.info(&policy, &[command])
                    .await
                    .map_err(|source| Error::Node {
                        command: command.to_string(),
                        node: node.name().to_string(),
                        address: node.host().address(),
                        source,
                    })?;
            let value = answer.swap_remove(command).unwrap_or_default();
            answers.push((node.name().to_string(), value));
        }
        Ok(answers)
    }

    /// [`info_all_async`](Self::info_all_async) for blocking callers (not on a runtime thread).
    pub fn info_all(&self, command: &str) -> Result<Vec<(String, String)>> {
        self.runtime().block_on(self.info_all_async(command))
    }
}

/// Reads every node's `replicas` answer and builds the cluster view; each info exchange is bounded
/// by `timeout_ms`. For holders of the bare client (a split reader's tasks).
pub async fn cluster_view(client: &Client, timeout_ms: u32) -> Result<ClusterView> {
    let mut nodes = client.nodes();
    nodes.sort_by(|a, b| a.name().cmp(b.name()));
    let policy = AdminPolicy {
        timeout: timeout_ms,
    };
    let mut partitions = PartitionMap::default();
    let mut views = Vec::with_capacity(nodes.len());
    for (index, node) in nodes.iter().enumerate() {
        let address = node.host().address();
        let answer = node
            .info(&policy, &["replicas"])
            .await
            .map_err(|source| Error::Node {
                command: "replicas".into(),
                node: node.name().to_string(),
                address: address.clone(),
                source,
            })?;
        let text = answer.get("replicas").map(String::as_str).unwrap_or("");
        let namespaces = parse_replicas(text).map_err(|reason| Error::BadAnswer {
            command: "replicas".into(),
            node: node.name().to_string(),
            address: address.clone(),
            reason,
        })?;
        for ns in &namespaces {
            partitions.add(index, ns);
        }
        views.push(NodeView {
            name: node.name().to_string(),
            address,
            tls_name: node.host().tls_name,
        });
    }
    Ok(ClusterView {
        nodes: views,
        partitions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aerolite::{Cluster, ClusterConfig};
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    fn registry() -> Registry {
        Registry::new(runtime::handle().expect("runtime"))
    }

    fn aerolite(nodes: usize) -> Cluster {
        Cluster::start(ClusterConfig {
            nodes,
            ..ClusterConfig::default()
        })
        .expect("aerolite starts")
    }

    fn config(seeds: &str, timeout_ms: u32) -> ConnectionConfig {
        ConnectionConfig::new(seeds, None, None, timeout_ms).expect("valid config")
    }

    /// Closing happens on the runtime after the last release; wait for the client to say so.
    fn wait_disconnected(client: &Client) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !client.is_connected() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn the_same_configuration_shares_one_client() {
        let server = aerolite(1);
        let reg = registry();
        let a = reg.acquire(config(&server.seeds(), 1000)).expect("a");
        let b = reg.acquire(config(&server.seeds(), 1000)).expect("b");
        assert!(Arc::ptr_eq(a.client(), b.client()));
        assert_eq!(reg.client_count(), 1);
        assert_eq!(a.node_names(), vec![server.node_name(0)]);
    }

    #[test]
    fn different_configurations_get_different_clients() {
        let server = aerolite(1);
        let reg = registry();
        let a = reg.acquire(config(&server.seeds(), 1000)).expect("a");
        let b = reg.acquire(config(&server.seeds(), 2000)).expect("b");
        assert!(!Arc::ptr_eq(a.client(), b.client()));
        assert_eq!(reg.client_count(), 2);
    }

    #[test]
    fn the_client_is_closed_when_its_last_user_releases_it() {
        let server = aerolite(1);
        let reg = registry();
        let a = reg.acquire(config(&server.seeds(), 1000)).expect("a");
        let b = reg.acquire(config(&server.seeds(), 1000)).expect("b");
        let client = a.client().clone();
        drop(a);
        assert_eq!(reg.client_count(), 1, "one user is left");
        assert!(client.is_connected());
        drop(b);
        assert_eq!(reg.client_count(), 0);
        assert!(wait_disconnected(&client), "client still connected");
        let again = reg.acquire(config(&server.seeds(), 1000)).expect("again");
        assert!(!Arc::ptr_eq(again.client(), &client), "a new client");
        assert_eq!(reg.client_count(), 1);
    }

    #[test]
    fn concurrent_users_of_one_configuration_share_one_client() {
        let server = aerolite(1);
        let reg = Arc::new(registry());
        let seeds = server.seeds();
        let users: Vec<SharedClient> = std::thread::scope(|s| {
            let joins: Vec<_> = (0..6)
                .map(|_| s.spawn(|| reg.acquire(config(&seeds, 1000))))
                .collect();
            joins
                .into_iter()
                .map(|j| j.join().expect("thread").expect("acquire"))
                .collect()
        });
        assert_eq!(reg.client_count(), 1);
        assert!(users
            .iter()
            .all(|u| Arc::ptr_eq(u.client(), users[0].client())));
    }

    #[test]
    fn connecting_to_a_closed_port_names_the_seed_and_leaves_no_client() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let reg = registry();
        let err = match reg.acquire(config(&format!("127.0.0.1:{port}"), 300)) {
            Ok(_) => panic!("connected to a closed port"),
            Err(e) => e,
        };
        assert!(
            matches!(&err, Error::Shared(e) if matches!(**e, Error::Connect { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string().contains(&format!("127.0.0.1:{port}")),
            "{err}"
        );
        assert_ne!(err.result_code(), 0);
        assert_eq!(reg.client_count(), 0);
        assert!(
            reg.inner.entries().is_empty(),
            "the failed user was released"
        );
    }

    /// A seed that accepts connections and never answers; counts the connections it accepted.
    fn silent_seed() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("addr").to_string();
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = accepted.clone();
        std::thread::spawn(move || {
            let mut open = Vec::new();
            for conn in listener.incoming().flatten() {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                open.push(conn); // held open, never answered
            }
        });
        (address, accepted)
    }

    fn connections_to_fail(reg: &Registry, seed: &str, users: usize) -> Vec<Error> {
        let start = std::sync::Barrier::new(users);
        std::thread::scope(|s| {
            let joins: Vec<_> = (0..users)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        match reg.acquire(config(seed, 400)) {
                            Ok(_) => panic!("connected to a silent seed"),
                            Err(e) => e,
                        }
                    })
                })
                .collect();
            joins
                .into_iter()
                .map(|j| j.join().expect("thread"))
                .collect()
        })
    }

    #[test]
    fn users_waiting_on_a_failing_connect_share_its_error_instead_of_retrying_it() {
        let reg = registry();
        let (alone_seed, alone) = silent_seed();
        let one = connections_to_fail(&reg, &alone_seed, 1);
        let (together_seed, together) = silent_seed();
        let four = connections_to_fail(&reg, &together_seed, 4);
        let one_attempt = alone.load(std::sync::atomic::Ordering::SeqCst);
        assert!(one_attempt > 0, "the seed was contacted");
        assert_eq!(
            together.load(std::sync::atomic::Ordering::SeqCst),
            one_attempt,
            "four users waiting together made one attempt's connections"
        );
        assert_eq!(four.len(), 4);
        for e in &four {
            assert!(e.to_string().contains(&together_seed), "{e}");
            assert_eq!(e.result_code(), one[0].result_code(), "{e}");
            assert_eq!(e.to_string(), four[0].to_string());
        }
        assert!(
            reg.inner.entries().is_empty(),
            "every failed user was released"
        );
    }

    #[test]
    fn credentials_are_sent_and_a_wrong_password_is_refused() {
        let server = Cluster::start(ClusterConfig {
            credentials: Some(("alice".into(), "right".into())),
            ..ClusterConfig::default()
        })
        .expect("aerolite starts");
        let reg = registry();
        let good = ConnectionConfig::new(&server.seeds(), Some("alice"), Some("right"), 1000)
            .expect("valid");
        let good = reg.acquire(good).expect("logs in");
        assert_eq!(good.node_names(), vec![server.node_name(0)]);
        let bad = ConnectionConfig::new(&server.seeds(), Some("alice"), Some("wrong"), 1000)
            .expect("valid");
        let err = match reg.acquire(bad) {
            Ok(_) => panic!("wrong password accepted"),
            Err(e) => e,
        };
        assert!(err.to_string().contains(&server.seeds()), "{err}");
        assert_eq!(err.result_code(), 65, "the server's refusal code: {err}");
        assert_eq!(reg.client_count(), 1, "only the good client is held");
    }

    #[test]
    fn an_info_command_is_answered_by_every_node_in_name_order() {
        let server = aerolite(3);
        let reg = registry();
        let shared = reg.acquire(config(&server.seeds(), 1000)).expect("connect");
        let answers = shared.info_all("namespaces").expect("info");
        let mut names: Vec<String> = (0..3).map(|i| server.node_name(i)).collect();
        names.sort();
        assert_eq!(
            answers,
            names
                .into_iter()
                .map(|n| (n, "test".to_string()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_view_lists_every_node_and_the_master_of_every_partition() {
        let server = aerolite(3);
        let reg = registry();
        let shared = reg.acquire(config(&server.seeds(), 1000)).expect("connect");
        let view = shared.view().expect("view");
        let mut expected: Vec<String> = (0..3).map(|i| server.node_name(i)).collect();
        expected.sort();
        let names: Vec<String> = view.nodes.iter().map(|n| n.name.clone()).collect();
        assert_eq!(names, expected);
        let ports = server.ports();
        for n in &view.nodes {
            let i = (0..3)
                .find(|&i| server.node_name(i) == n.name)
                .expect("known");
            assert_eq!(n.address, format!("127.0.0.1:{}", ports[i]));
        }
        let masters = view.partitions.masters("test").expect("namespace test");
        let mut per_node = [0usize; 3];
        for (pid, m) in masters.iter().enumerate() {
            let node = m.unwrap_or_else(|| panic!("partition {pid} has no master"));
            let want = server.master_of(pid).expect("aerolite master");
            assert_eq!(
                view.nodes[node].name,
                server.node_name(want),
                "partition {pid}"
            );
            per_node[node] += 1;
        }
        assert_eq!(per_node.iter().sum::<usize>(), 4096);
        assert!(per_node.iter().all(|&c| c > 1000), "{per_node:?}");
    }
}
