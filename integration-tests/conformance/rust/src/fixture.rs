//! In-process aerolite clusters with a connected client.
//!
//! Every test binary shares one 1-node and one 3-node (RF 2) cluster, each with one client, so the
//! client's connect and first tend are paid once. Cases stay independent by writing to sets (and
//! index names) of their own. The clients live on one process-wide runtime: a client's tend task
//! runs on the runtime that created it, so a per-test runtime would kill it when the test ends.

use aerolite::{Cluster, ClusterConfig};
use aerospike::{Client, ClientPolicy};
use std::future::Future;
use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

/// Default TTL of the shared clusters' namespaces: not 0, so that "namespace default" and
/// "never expire" are told apart by the TTL a record reports.
pub const DEFAULT_TTL: u32 = 864_000;

/// The namespace the cases write to.
pub const NS: &str = "test";

/// A second namespace, written by no case but C16, whose per-namespace counts it checks exactly.
pub const NS_QUIET: &str = "bar";

/// How long a fixture waits for the client to see the cluster it expects.
const SETTLE: Duration = Duration::from_secs(15);

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .thread_name("conformance")
        .build()
        .expect("the test runtime starts")
});

static ONE_NODE: OnceLock<Fixture> = OnceLock::new();
static THREE_NODES: OnceLock<Fixture> = OnceLock::new();

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("aerolite did not start: {0}")]
    Start(#[from] aerolite::StartError),
    #[error("the client could not connect: {0}")]
    Client(#[from] aerospike::Error),
    #[error("the client did not see {expected} nodes and a full partition map within {waited:?} (saw {seen})")]
    Settle {
        expected: usize,
        seen: usize,
        waited: Duration,
    },
}

/// A running cluster and a client connected to it.
pub struct Fixture {
    pub cluster: Cluster,
    pub client: Client,
    pub nodes: usize,
    pub replication_factor: usize,
}

impl Fixture {
    /// Starts `config` on free ports and connects a client with `policy`; returns once the client
    /// sees every node and owns a complete partition map.
    pub async fn start(
        config: ClusterConfig,
        policy: ClientPolicy,
    ) -> Result<Fixture, FixtureError> {
        let nodes = config.nodes;
        let replication_factor = config.replication_factor;
        let cluster = Cluster::start(config)?;
        let client = Client::new(&policy, &cluster.seeds()).await?;
        let fixture = Fixture {
            cluster,
            client,
            nodes,
            replication_factor,
        };
        fixture.wait_for_nodes(nodes, SETTLE).await?;
        Ok(fixture)
    }

    /// Waits until the client lists exactly `n` nodes and its partition map covers every
    /// partition.
    pub async fn wait_for_nodes(&self, n: usize, timeout: Duration) -> Result<(), FixtureError> {
        wait_for_nodes(&self.client, n, timeout).await
    }

    /// "1 node" or "3 nodes RF 2", for failure messages.
    pub fn label(&self) -> String {
        format!("{} node(s) RF {}", self.nodes, self.replication_factor)
    }
}

/// Waits until `client` lists exactly `n` nodes and its partition map covers every partition.
pub async fn wait_for_nodes(
    client: &Client,
    n: usize,
    timeout: Duration,
) -> Result<(), FixtureError> {
    let started = Instant::now();
    loop {
        let seen = client.nodes().len();
        if seen == n && client.partition_map_complete() {
            return Ok(());
        }
        if started.elapsed() > timeout {
            return Err(FixtureError::Settle {
                expected: n,
                seen,
                waited: timeout,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The configuration of the shared clusters; cases that need their own cluster start from it.
pub fn shared_config(nodes: usize, replication_factor: usize) -> ClusterConfig {
    ClusterConfig {
        nodes,
        port: 0,
        replication_factor,
        namespaces: vec![NS.into(), NS_QUIET.into()],
        default_ttl: DEFAULT_TTL,
        ..ClusterConfig::default()
    }
}

/// Runs `future` to completion on the process-wide runtime.
pub fn block_on<F: Future>(future: F) -> F::Output {
    RUNTIME.block_on(future)
}

fn shared(cell: &'static OnceLock<Fixture>, nodes: usize, rf: usize) -> &'static Fixture {
    cell.get_or_init(|| {
        block_on(Fixture::start(
            shared_config(nodes, rf),
            ClientPolicy::default(),
        ))
        .unwrap_or_else(|e| panic!("shared {nodes}-node cluster: {e}"))
    })
}

/// The shared 1-node cluster (RF 1).
pub fn one_node() -> &'static Fixture {
    shared(&ONE_NODE, 1, 1)
}

/// The shared 3-node cluster (RF 2).
pub fn three_nodes() -> &'static Fixture {
    shared(&THREE_NODES, 3, 2)
}
