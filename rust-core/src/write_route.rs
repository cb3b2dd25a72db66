//! Where a writer's rows (and a key-list reader's keys, `key_read.rs`) go and how a node's share
//! is sent: the master of every partition (read from the nodes' `replicas` answers, kept for a
//! second, read again at once after a failure), the route's own idle connections per node, and
//! one batch request / answer exchange on such a connection. The crate keeps tending the
//! cluster; its node list is where `replicas` is asked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use aerospike::policy::AdminPolicy;
use aerospike::{Client, ResultCode};
use tracing::debug;

use crate::error::code;
use crate::partition_map::{parse_replicas, PartitionMap};
use crate::wire::batch_answer::{read_body, Answer};
use crate::wire::batch_write::{request, Rows};
use crate::wire::node::{Credential, NodeConnection, NodeError, NodeTls};
use crate::wire::response::WireError;
use crate::wire::TYPE_AS_MSG;

/// How long a partition map is trusted without a failure saying otherwise; the crate tends the
/// cluster at the same pace.
const MAP_MAX_AGE: Duration = Duration::from_secs(1);

/// Server result codes worth sending again, possibly to another node: timeout, partition
/// unavailable, key busy, device overload.
pub fn retryable_result(result: u8) -> bool {
    matches!(result, 9 | 11 | 14 | 18)
}

/// The cause of a server result code, as failure lines show it.
pub fn result_text(result: u8, detail: Option<&[u8]>) -> String {
    let text = ResultCode::from(result).to_string();
    match detail
        .map(|d| String::from_utf8_lossy(d).trim().to_string())
        .filter(|d| !d.is_empty())
    {
        Some(d) => format!("{text}: {d}"),
        None => text,
    }
}

/// Why rows of a node's share got no answer of their own.
#[derive(Debug, Clone)]
pub struct CallFailure {
    pub code: i32,
    pub cause: String,
    pub retryable: bool,
}

impl CallFailure {
    fn node(e: &NodeError) -> CallFailure {
        CallFailure {
            code: e.code(),
            cause: e.to_string(),
            retryable: matches!(e, NodeError::Io { .. } | NodeError::Timeout { .. }),
        }
    }
}

/// What one node answered for its share of a batch.
#[derive(Debug, Default)]
pub struct NodeOutcome {
    /// `(row index, result)` for every row the node answered.
    pub answered: Vec<(u32, u8)>,
    /// The server's error text for rows that carried one.
    pub details: Vec<(u32, String)>,
    /// Why the rows not in `answered` have no answer; `None` when the answer simply skipped them.
    pub failure: Option<CallFailure>,
}

/// Where a node's share goes: its address, and the name its TLS certificate must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub address: String,
    pub tls_name: Option<String>,
}

/// The master of every partition of the writer's namespace.
pub struct Masters {
    fetched: Instant,
    nodes: Vec<Target>,
    /// Index into `nodes`; `None`: no node masters the partition now. Empty when no node
    /// knows the namespace.
    by_partition: Vec<Option<usize>>,
}

impl Masters {
    /// The node mastering `partition`.
    pub fn master(&self, partition: u16) -> Option<&Target> {
        self.by_partition
            .get(usize::from(partition))
            .copied()
            .flatten()
            .map(|n| &self.nodes[n])
    }

    /// Whether some node serves the namespace at all.
    pub fn knows_namespace(&self) -> bool {
        !self.by_partition.is_empty()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every update under these locks is a single push, pop or assignment.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Routing and connections of one writer, shared by its batch tasks.
pub struct Route {
    client: Arc<Client>,
    namespace: String,
    user: Option<(String, String)>,
    tls: Option<Arc<rustls::ClientConfig>>,
    /// Hashed on the first connection (bcrypt is slow on purpose; many writers never log in).
    credential: OnceLock<Result<Option<Credential>, String>>,
    timeout: Duration,
    timeout_ms: u32,
    max_idle: usize,
    masters: Mutex<Option<Arc<Masters>>>,
    idle: Mutex<HashMap<String, Vec<NodeConnection>>>,
}

impl Route {
    pub fn new(
        client: Arc<Client>,
        namespace: &str,
        user: Option<(String, String)>,
        tls: Option<Arc<rustls::ClientConfig>>,
        timeout_ms: u32,
        max_idle: usize,
    ) -> Route {
        Route {
            client,
            namespace: namespace.to_string(),
            user,
            tls,
            credential: OnceLock::new(),
            timeout: Duration::from_millis(u64::from(timeout_ms)),
            timeout_ms,
            max_idle,
            masters: Mutex::new(None),
            idle: Mutex::new(HashMap::new()),
        }
    }

    /// The current masters: the kept map unless it is older than [`MAP_MAX_AGE`] or `fresh`.
    pub async fn masters(&self, fresh: bool) -> Arc<Masters> {
        if !fresh {
            if let Some(m) = lock(&self.masters).as_ref() {
                if m.fetched.elapsed() < MAP_MAX_AGE {
                    return Arc::clone(m);
                }
            }
        }
        let m = Arc::new(self.read_masters().await);
        *lock(&self.masters) = Some(Arc::clone(&m));
        m
    }

    /// Asks every node the crate knows for `replicas`. A node that does not answer is left out
    /// (it is likely the one that failed): its partitions are then unmastered until the cluster
    /// moves them, and their rows are retried.
    async fn read_masters(&self) -> Masters {
        let policy = AdminPolicy {
            timeout: self.timeout_ms,
        };
        let mut map = PartitionMap::default();
        let mut nodes = Vec::new();
        for node in self.client.nodes() {
            let host = node.host();
            let address = host.address();
            let answer = match node.info(&policy, &["replicas"]).await {
                Ok(a) => a,
                Err(e) => {
                    debug!(node = %node.name(), %address, error = %e, "replicas unanswered");
                    continue;
                }
            };
            let text = answer.get("replicas").map(String::as_str).unwrap_or("");
            match parse_replicas(text) {
                Ok(namespaces) => {
                    let index = nodes.len();
                    for ns in namespaces
                        .iter()
                        .filter(|ns| ns.namespace == self.namespace)
                    {
                        map.add(index, ns);
                    }
                    nodes.push(Target {
                        address,
                        tls_name: host.tls_name,
                    });
                }
                Err(reason) => {
                    debug!(node = %node.name(), %address, %reason, "replicas unreadable")
                }
            }
        }
        Masters {
            fetched: Instant::now(),
            by_partition: map.masters(&self.namespace).unwrap_or_default(),
            nodes,
        }
    }

    fn credential(&self) -> Result<Option<&Credential>, CallFailure> {
        let c = self.credential.get_or_init(|| match &self.user {
            Some((user, password)) => Credential::new(user, password)
                .map(Some)
                .map_err(|e| e.to_string()),
            None => Ok(None),
        });
        c.as_ref().map(Option::as_ref).map_err(|cause| CallFailure {
            code: code::PARAMETER_ERROR,
            cause: cause.clone(),
            retryable: false,
        })
    }

    async fn connection(&self, target: &Target) -> Result<NodeConnection, CallFailure> {
        let address = target.address.as_str();
        let kept = lock(&self.idle).get_mut(address).and_then(Vec::pop);
        if let Some(c) = kept {
            return Ok(c);
        }
        // Without a TLS name from the cluster, the certificate must name the address.
        let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
        let tls = self.tls.as_ref().map(|config| NodeTls {
            config,
            name: target
                .tls_name
                .as_deref()
                .unwrap_or(host.trim_matches(['[', ']'])),
        });
        NodeConnection::open(address, tls, self.credential()?, self.timeout)
            .await
            .map_err(|e| CallFailure::node(&e))
    }

    /// Gives a connection whose answer was read to its end back for later exchanges.
    pub fn keep(&self, conn: NodeConnection) {
        let mut idle = lock(&self.idle);
        let list = idle.entry(conn.address().to_string()).or_default();
        if list.len() < self.max_idle {
            list.push(conn);
        }
    }

    /// The timeout of every socket wait, which also bounds each batch on the server.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Sends a batch `message` to the node `target` on one of the route's connections; the
    /// answer is then read with [`read_answer`], and the connection given back with
    /// [`keep`](Self::keep) once the answer's LAST is read.
    pub async fn send(
        &self,
        target: &Target,
        message: &[u8],
    ) -> Result<NodeConnection, CallFailure> {
        let mut conn = self.connection(target).await?;
        conn.send(message)
            .await
            .map_err(|e| CallFailure::node(&e))?;
        Ok(conn)
    }

    /// Sends rows `members` of `rows` to the node `target` as one batch and reads its answer.
    /// The connection is kept for later batches only after a complete answer.
    pub async fn call(&self, target: &Target, rows: &Rows, members: &[u32]) -> NodeOutcome {
        let mut outcome = NodeOutcome::default();
        let message = request(rows, members, self.timeout_ms);
        let mut conn = match self.send(target, &message).await {
            Ok(c) => c,
            Err(f) => {
                outcome.failure = Some(f);
                return outcome;
            }
        };
        drop(message);
        outcome.answered.reserve(members.len());
        loop {
            if let Err(f) = read_answer(&mut conn).await {
                outcome.failure = Some(f);
                return outcome;
            }
            let mut last = None;
            let read = read_body(conn.body(), |a| match a {
                Answer::Row {
                    index,
                    result,
                    detail,
                } => {
                    outcome.answered.push((index, result));
                    if let Some(d) = detail {
                        outcome
                            .details
                            .push((index, String::from_utf8_lossy(d).into_owned()));
                    }
                }
                Answer::Last { result, detail } => {
                    last = Some((result, detail.map(<[u8]>::to_vec)))
                }
            });
            match read {
                Err(e) => {
                    outcome.failure = Some(unreadable(&conn, &e));
                    return outcome;
                }
                Ok(false) => continue,
                Ok(true) => {}
            }
            if let Some((result, detail)) = last {
                outcome.failure = batch_refusal(result, detail.as_deref());
            }
            self.keep(conn);
            return outcome;
        }
    }
}

/// Reads the next proto message of a batch answer into the connection's body.
pub async fn read_answer(conn: &mut NodeConnection) -> Result<(), CallFailure> {
    let kind = conn
        .read_message()
        .await
        .map_err(|e| CallFailure::node(&e))?;
    if kind != TYPE_AS_MSG {
        return Err(CallFailure {
            code: code::PARSE_ERROR,
            cause: format!(
                "{}: a message of type {kind} inside a batch answer",
                conn.address()
            ),
            retryable: false,
        });
    }
    Ok(())
}

/// An answer body that could not be read.
pub fn unreadable(conn: &NodeConnection, e: &WireError) -> CallFailure {
    CallFailure {
        code: code::PARSE_ERROR,
        cause: format!("{}: {e}", conn.address()),
        retryable: false,
    }
}

/// What a LAST message's result means for the rows it did not answer: nothing when 0.
pub fn batch_refusal(result: u8, detail: Option<&[u8]>) -> Option<CallFailure> {
    (result != 0).then(|| CallFailure {
        code: i32::from(result),
        cause: result_text(result, detail),
        retryable: retryable_result(result),
    })
}

/// Groups row indexes by the master of their partition: `(node, rows)` in first-seen order,
/// and the rows whose partition has no master.
pub fn group_by_master(
    masters: &Masters,
    rows: &Rows,
    pending: &[u32],
) -> (Vec<(Target, Vec<u32>)>, Vec<u32>) {
    let mut groups: Vec<(Target, Vec<u32>)> = Vec::new();
    let mut orphans = Vec::new();
    for &i in pending {
        match masters.master(rows.partition(i as usize)) {
            Some(node) => match groups.iter_mut().find(|(t, _)| t == node) {
                Some((_, members)) => members.push(i),
                None => groups.push((node.clone(), vec![i])),
            },
            None => orphans.push(i),
        }
    }
    (groups, orphans)
}
