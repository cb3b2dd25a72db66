//! A writer: records arrive from Java in write frames, are grouped into batches of `batch_size`
//! and sent with the crate's `Client::batch` as batch-any writes, up to `inflight` batches at a
//! time.
//!
//! - **Back-pressure.** Each batch in flight holds a permit of a semaphore with `inflight`
//!   permits. The caller's thread (a JVM thread, never one of the runtime's) blocks for a permit
//!   before handing a batch to the runtime, so a fast producer waits for the cluster.
//! - **Per-record results.** Every record's result is counted: written, or failed (logged with
//!   its key and result code, and kept until [`Writer::drain_failures`]). Retryable failures
//!   (timeouts, 11 partition unavailable, 14 key busy, 18 device overload, node and connection
//!   errors) are sent again, rerouted to the partition's current master, up to `max_retries`
//!   times with a growing pause; each resend counts as retried. The crate's own retries are off
//!   so that this count is the whole truth.
//! - **Error policy.** `max_errors: None` fails the writer at the first failed record; `Some(n)`
//!   skips and counts failures and fails it at failure `n + 1`. A failed writer refuses every
//!   later `write` and `flush` with the same error (code of the failed record, message naming
//!   its key); since results arrive asynchronously, the call that sees the failure is the first
//!   one after it.
//! - **Flush.** Sends the partial batch and waits until every batch in flight has answered.
//!
//! Writes are by key, so a resent (or re-run) write is idempotent, except that a resent
//! create-only or generation-checked write whose first attempt did land fails with 5 or 3.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use aerospike::operations::scalar;
use aerospike::policy::{BatchPolicy, Concurrency};
use aerospike::{
    BatchOperation, BatchWritePolicy, Bin, Client, ClientResultCode, ErrorKind, Expiration,
    GenerationPolicy, Key, RecordExistsAction, ResultCode,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::{debug, warn};

use crate::cluster::SharedClient;
use crate::error::{Error, Result, WriteFailure};
use crate::write_frame::{self, WriteRecord};

/// Failure lines kept for [`Writer::drain_failures`]; past this many undrained ones, only a
/// count is kept (every failure is logged anyway).
const MAX_KEPT_FAILURES: usize = 10_000;

/// What a write does when the record exists or not (`aerospike.output.write.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Create or merge bins into the record.
    Update,
    /// Merge bins into an existing record; fail with 2 if there is none.
    UpdateOnly,
    /// Create, or replace every bin of the record.
    Replace,
    /// Replace an existing record's bins; fail with 2 if there is none.
    ReplaceOnly,
    /// Create the record; fail with 5 if it exists.
    CreateOnly,
}

impl WriteMode {
    /// The contract's numbering: 0 update, 1 update_only, 2 replace, 3 replace_only, 4 create_only.
    pub fn from_code(code: i32) -> Result<WriteMode> {
        Ok(match code {
            0 => WriteMode::Update,
            1 => WriteMode::UpdateOnly,
            2 => WriteMode::Replace,
            3 => WriteMode::ReplaceOnly,
            4 => WriteMode::CreateOnly,
            other => return Err(invalid("write mode", other, "must be 0 to 4")),
        })
    }

    fn action(self) -> RecordExistsAction {
        match self {
            WriteMode::Update => RecordExistsAction::Update,
            WriteMode::UpdateOnly => RecordExistsAction::UpdateOnly,
            WriteMode::Replace => RecordExistsAction::Replace,
            WriteMode::ReplaceOnly => RecordExistsAction::ReplaceOnly,
            WriteMode::CreateOnly => RecordExistsAction::CreateOnly,
        }
    }
}

fn invalid(what: &'static str, value: impl ToString, reason: &str) -> Error {
    Error::InvalidArgument {
        what,
        value: value.to_string(),
        reason: reason.into(),
    }
}

/// A TTL in the contract's terms: seconds; -1 never expire, -2 don't change, 0 the namespace
/// default.
pub fn expiration_from_ttl(ttl: i32) -> Result<Expiration> {
    Ok(match ttl {
        0 => Expiration::NamespaceDefault,
        -1 => Expiration::Never,
        -2 => Expiration::DontUpdate,
        s if s > 0 => Expiration::Seconds(s as u32),
        other => {
            return Err(invalid(
                "TTL",
                other,
                "must be -2, -1, 0 or a number of seconds",
            ))
        }
    })
}

/// 0 none, 1 expect equal, 2 expect greater.
pub fn generation_policy_from_code(code: i32) -> Result<GenerationPolicy> {
    Ok(match code {
        0 => GenerationPolicy::None,
        1 => GenerationPolicy::ExpectGenEqual,
        2 => GenerationPolicy::ExpectGenGreater,
        other => return Err(invalid("generation policy", other, "must be 0, 1 or 2")),
    })
}

/// How a writer writes.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub namespace: String,
    /// The set of records whose frame entry names none; empty: no set.
    pub set: String,
    pub mode: WriteMode,
    pub expiration: Expiration,
    /// Compared against each record's frame generation.
    pub generation_policy: GenerationPolicy,
    pub send_key: bool,
    pub durable_delete: bool,
    /// Records per batch.
    pub batch_size: usize,
    /// Batches in flight at most.
    pub inflight: usize,
    /// `None`: fail on the first failed record; `Some(n)`: skip up to `n` failures.
    pub max_errors: Option<u64>,
    /// Total timeout of each batch call.
    pub timeout_ms: u32,
    /// Resends of a record after a retryable failure.
    pub max_retries: u32,
    /// Pause before the first resend; the k-th resend waits k times as long.
    pub retry_backoff: Duration,
}

impl WriteOptions {
    /// Defaults of the configuration keys, for `namespace`.
    pub fn new(namespace: &str) -> WriteOptions {
        WriteOptions {
            namespace: namespace.to_string(),
            set: String::new(),
            mode: WriteMode::Update,
            expiration: Expiration::NamespaceDefault,
            generation_policy: GenerationPolicy::None,
            send_key: true,
            durable_delete: false,
            batch_size: 5_000,
            inflight: 4,
            max_errors: None,
            timeout_ms: 30_000,
            max_retries: 2,
            // A node lost mid-write is noticed at the client's next tend (every second); the
            // resends span that.
            retry_backoff: Duration::from_millis(500),
        }
    }

    fn validate(&self) -> Result<()> {
        if self.namespace.is_empty() {
            return Err(invalid("namespace", "", "a namespace is required"));
        }
        if self.batch_size == 0 {
            return Err(invalid("batch size", 0, "must be at least 1"));
        }
        // The semaphore counts permits in u32 (flush takes them all at once).
        if self.inflight == 0 || u32::try_from(self.inflight).is_err() {
            return Err(invalid(
                "in-flight batch limit",
                self.inflight,
                "must be 1 to 2^32-1",
            ));
        }
        if self.timeout_ms == 0 {
            return Err(invalid("timeout in milliseconds", 0, "must be positive"));
        }
        Ok(())
    }
}

/// Counters of one writer, as the Hadoop counters want them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriterStats {
    pub written: u64,
    pub failed: u64,
    /// Record resends after retryable failures.
    pub retried: u64,
    /// Batches sent (first attempts; resends are counted in `retried`).
    pub batches: u64,
}

/// What the writer and its batch tasks share.
struct State {
    written: AtomicU64,
    failed: AtomicU64,
    retried: AtomicU64,
    batches: AtomicU64,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    max_errors: Option<u64>,
    failures: Mutex<Failures>,
    fatal: Mutex<Option<WriteFailure>>,
}

#[derive(Default)]
struct Failures {
    lines: VecDeque<String>,
    /// Failures past [`MAX_KEPT_FAILURES`] not kept as lines.
    dropped: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every update under these locks is a single push, take or assignment.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl State {
    fn fatal(&self) -> Option<WriteFailure> {
        lock(&self.fatal).clone()
    }

    fn record_failure(&self, key: &Key, code: i32, cause: String) {
        let key = describe_key(key);
        warn!(key = %key, code, cause = %cause, "record write failed");
        {
            let mut f = lock(&self.failures);
            if f.lines.len() < MAX_KEPT_FAILURES {
                f.lines.push_back(format!("key={key} code={code} {cause}"));
            } else {
                f.dropped += 1;
            }
        }
        let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
        let limit = match self.max_errors {
            None => String::new(),
            Some(n) if failed > n => {
                format!("; {failed} failed records exceed the limit of {n}")
            }
            Some(_) => return,
        };
        let mut fatal = lock(&self.fatal);
        if fatal.is_none() {
            *fatal = Some(WriteFailure {
                code,
                key,
                cause,
                limit,
            });
        }
    }
}

/// `namespace/set/user key`, or `namespace/set/digest:<hex>` for a record written by digest.
pub fn describe_key(key: &Key) -> String {
    let mut out = format!("{}/{}/", key.namespace(), key.set_name());
    match key.user_key() {
        Some(k) => {
            let _ = write!(out, "{k}");
        }
        None => {
            out.push_str("digest:");
            for b in key.digest() {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
    out
}

/// Whether a failed record may succeed when sent again (possibly to another node).
fn retryable(e: &aerospike::Error) -> bool {
    if e.is_client_timeout() {
        return true;
    }
    if let Some(rc) = e.server_result_code() {
        return matches!(
            rc,
            ResultCode::Timeout
                | ResultCode::PartitionUnavailable
                | ResultCode::KeyBusy
                | ResultCode::DeviceOverload
        );
    }
    matches!(
        e.kind(),
        ErrorKind::Timeout
            | ErrorKind::Connection
            | ErrorKind::ConnectionPoolEmpty
            | ErrorKind::NoMoreConnections
            | ErrorKind::MaxErrorRate
            | ErrorKind::InvalidNode
    ) || matches!(
        e.client_result_code(),
        Some(
            ClientResultCode::NoResponse
                | ClientResultCode::MaxErrorRate
                | ClientResultCode::MaxRetriesExceeded
                | ClientResultCode::ServerNotAvailable
                | ClientResultCode::NoMoreConnections
                | ClientResultCode::InvalidNodeError
        )
    )
}

/// A writer into one namespace; see the module documentation.
pub struct Writer {
    /// Keeps the registry's client counted as used while the writer is open.
    shared: Arc<SharedClient>,
    options: WriteOptions,
    record_policy: BatchWritePolicy,
    batch_policy: Arc<BatchPolicy>,
    pending: Mutex<Vec<BatchOperation>>,
    permits: Arc<Semaphore>,
    state: Arc<State>,
    closed: AtomicBool,
}

impl Writer {
    pub fn open(shared: Arc<SharedClient>, options: WriteOptions) -> Result<Writer> {
        options.validate()?;
        let record_policy = BatchWritePolicy {
            record_exists_action: options.mode.action(),
            generation_policy: options.generation_policy,
            expiration: options.expiration,
            send_key: options.send_key,
            durable_delete: options.durable_delete,
            ..BatchWritePolicy::default()
        };
        let mut batch_policy = BatchPolicy::default();
        batch_policy.base_policy.total_timeout = options.timeout_ms;
        batch_policy.base_policy.socket_timeout = options.timeout_ms;
        // Resends are the writer's own (see the module documentation).
        batch_policy.base_policy.max_retries = 0;
        batch_policy.concurrency = Concurrency::Parallel;
        let state = Arc::new(State {
            written: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            retried: AtomicU64::new(0),
            batches: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            max_errors: options.max_errors,
            failures: Mutex::new(Failures::default()),
            fatal: Mutex::new(None),
        });
        Ok(Writer {
            shared,
            permits: Arc::new(Semaphore::new(options.inflight)),
            pending: Mutex::new(Vec::with_capacity(options.batch_size.min(1 << 16))),
            record_policy,
            batch_policy: Arc::new(batch_policy),
            options,
            state,
            closed: AtomicBool::new(false),
        })
    }

    fn check(&self) -> Result<()> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::Closed {
                what: "writer".into(),
            });
        }
        match self.state.fatal() {
            Some(f) => Err(Error::Write(f)),
            None => Ok(()),
        }
    }

    fn operation(&self, r: WriteRecord) -> Result<BatchOperation> {
        let set = r.set.unwrap_or_else(|| self.options.set.clone());
        let key = match (r.user_key, r.digest) {
            (Some(user_key), _) => Key::new(self.options.namespace.as_str(), set, user_key)
                .map_err(|e| invalid("user key", e.to_string(), "cannot be hashed"))?,
            (None, Some(digest)) => {
                Key::with_digest(self.options.namespace.as_str(), set, None, digest)
            }
            // The frame decoder refuses such records.
            (None, None) => return Err(invalid("record", "without key", "needs a key or digest")),
        };
        let ops: Vec<_> = r
            .bins
            .into_iter()
            .map(|(name, value)| scalar::put(&Bin::new(name, value)))
            .collect();
        let op = if self.options.generation_policy == GenerationPolicy::None {
            BatchOperation::write(&self.record_policy, key, ops)
        } else {
            let policy = BatchWritePolicy {
                generation: r.generation,
                ..self.record_policy.clone()
            };
            BatchOperation::write(&policy, key, ops)
        };
        Ok(op)
    }

    /// Takes a write frame: decodes all of it (nothing is sent from a damaged frame), then queues
    /// its records, sending each batch that fills up. Blocks while `inflight` batches are out.
    /// Must not be called from a thread of the client's runtime.
    pub fn write(&self, frame: &[u8]) -> Result<()> {
        self.check()?;
        let records = write_frame::decode(frame)?;
        let mut ops = Vec::with_capacity(records.len());
        for r in records {
            ops.push(self.operation(r)?);
        }
        let mut pending = lock(&self.pending);
        for op in ops {
            pending.push(op);
            if pending.len() >= self.options.batch_size {
                let batch = std::mem::replace(
                    &mut *pending,
                    Vec::with_capacity(self.options.batch_size.min(1 << 16)),
                );
                self.send(batch)?;
            }
        }
        drop(pending);
        self.check()
    }

    /// Sends the partial batch and waits for every batch in flight; fails like [`write`](Self::write).
    pub fn flush(&self) -> Result<()> {
        self.check()?;
        let batch = std::mem::take(&mut *lock(&self.pending));
        if !batch.is_empty() {
            self.send(batch)?;
        }
        let all = self.options.inflight as u32;
        let permits = self.permits.clone();
        // Holding every permit means no batch is out; they are given back at once.
        let idle = self
            .shared
            .runtime()
            .block_on(permits.acquire_many(all))
            .map_err(|_| Error::Internal("the writer's permits were closed".into()))?;
        drop(idle);
        self.check()
    }

    fn send(&self, batch: Vec<BatchOperation>) -> Result<()> {
        let permit = self
            .shared
            .runtime()
            .block_on(self.permits.clone().acquire_owned())
            .map_err(|_| Error::Internal("the writer's permits were closed".into()))?;
        self.state.batches.fetch_add(1, Ordering::Relaxed);
        let now = self.state.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.state.peak_in_flight.fetch_max(now, Ordering::Relaxed);
        let task = BatchTask {
            client: self.shared.client().clone(),
            policy: self.batch_policy.clone(),
            state: self.state.clone(),
            max_retries: self.options.max_retries,
            backoff: self.options.retry_backoff,
        };
        self.shared.runtime().spawn(task.run(batch, permit));
        Ok(())
    }

    pub fn stats(&self) -> WriterStats {
        WriterStats {
            written: self.state.written.load(Ordering::Relaxed),
            failed: self.state.failed.load(Ordering::Relaxed),
            retried: self.state.retried.load(Ordering::Relaxed),
            batches: self.state.batches.load(Ordering::Relaxed),
        }
    }

    /// The most batches that were in flight at once.
    pub fn peak_in_flight(&self) -> usize {
        self.state.peak_in_flight.load(Ordering::Relaxed)
    }

    /// Failures not returned before, as `key=<key> code=<n> <message>` lines, oldest first.
    pub fn drain_failures(&self) -> Vec<String> {
        let mut f = lock(&self.state.failures);
        let mut lines: Vec<String> = f.lines.drain(..).collect();
        if f.dropped > 0 {
            lines.push(format!(
                "{} more failed records not listed (see the native log)",
                f.dropped
            ));
            f.dropped = 0;
        }
        lines
    }

    /// Drops what is not sent yet, without flushing; batches in flight finish on their own.
    /// Later calls fail as closed.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let dropped = std::mem::take(&mut *lock(&self.pending)).len();
        if dropped > 0 {
            debug!(records = dropped, "writer closed with unsent records");
        }
    }
}

/// One batch on the runtime, with its resends.
struct BatchTask {
    client: Arc<Client>,
    policy: Arc<BatchPolicy>,
    state: Arc<State>,
    max_retries: u32,
    backoff: Duration,
}

impl BatchTask {
    async fn run(self, mut ops: Vec<BatchOperation>, _permit: OwnedSemaphorePermit) {
        let mut attempt = 0u32;
        loop {
            let call = self.client.batch(&self.policy, &mut ops).await;
            let call_error = call.err();
            let mut again = Vec::new();
            for op in ops {
                if op.result_code() == Some(ResultCode::Ok) {
                    self.state.written.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                let (code, cause, may_retry) = match op.error().or(call_error.as_ref()) {
                    Some(e) => (e.result_code(), e.to_string(), retryable(e)),
                    None => (
                        ClientResultCode::NoResponse.into(),
                        "the batch ended without an answer for this record".to_string(),
                        true,
                    ),
                };
                if may_retry && attempt < self.max_retries {
                    again.push(op);
                } else {
                    self.state
                        .record_failure(&op.batch_record().key, code, cause);
                }
            }
            if again.is_empty() {
                break;
            }
            attempt += 1;
            self.state
                .retried
                .fetch_add(again.len() as u64, Ordering::Relaxed);
            debug!(
                records = again.len(),
                attempt,
                error = ?call_error,
                "resending records after retryable failures"
            );
            tokio::time::sleep(self.backoff * attempt).await;
            ops = again;
        }
        self.state.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aerospike::Value;

    #[test]
    fn modes_ttls_and_generation_policies_follow_the_contract_numbering() {
        assert_eq!(WriteMode::from_code(0).expect("0"), WriteMode::Update);
        assert_eq!(WriteMode::from_code(4).expect("4"), WriteMode::CreateOnly);
        assert_eq!(WriteMode::from_code(5).unwrap_err().result_code(), 4);
        assert_eq!(
            expiration_from_ttl(0).expect("0"),
            Expiration::NamespaceDefault
        );
        assert_eq!(expiration_from_ttl(-1).expect("-1"), Expiration::Never);
        assert_eq!(expiration_from_ttl(-2).expect("-2"), Expiration::DontUpdate);
        assert_eq!(
            expiration_from_ttl(60).expect("60"),
            Expiration::Seconds(60)
        );
        assert!(expiration_from_ttl(-3).is_err());
        assert_eq!(
            generation_policy_from_code(2).expect("2"),
            GenerationPolicy::ExpectGenGreater
        );
        assert!(generation_policy_from_code(3).is_err());
    }

    #[test]
    fn keys_are_described_by_user_key_or_digest() {
        let k = Key::new("test", "people", Value::Int(42)).expect("key");
        assert_eq!(describe_key(&k), "test/people/42");
        let d = Key::with_digest("test", "", None, [0xab; 20]);
        assert_eq!(
            describe_key(&d),
            format!("test//digest:{}", "ab".repeat(20))
        );
    }

    #[test]
    fn the_error_policy_fails_at_the_first_failure_or_past_the_limit() {
        let state = |max_errors| State {
            written: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            retried: AtomicU64::new(0),
            batches: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            max_errors,
            failures: Mutex::new(Failures::default()),
            fatal: Mutex::new(None),
        };
        let key = |i| Key::new("test", "s", Value::Int(i)).expect("key");
        let first = state(None);
        first.record_failure(&key(1), 5, "exists".into());
        let f = first.fatal().expect("fails at once");
        assert_eq!((f.code, f.key.as_str()), (5, "test/s/1"));
        let limited = state(Some(2));
        limited.record_failure(&key(1), 2, "not found".into());
        limited.record_failure(&key(2), 2, "not found".into());
        assert!(
            limited.fatal().is_none(),
            "two failures are within the limit"
        );
        limited.record_failure(&key(3), 2, "not found".into());
        let f = limited.fatal().expect("the third fails");
        assert_eq!(f.key, "test/s/3");
        assert!(
            f.limit.contains("3 failed records exceed the limit of 2"),
            "{}",
            f.limit
        );
        let lines: Vec<String> = lock(&limited.failures).lines.iter().cloned().collect();
        assert_eq!(
            lines,
            vec![
                "key=test/s/1 code=2 not found",
                "key=test/s/2 code=2 not found",
                "key=test/s/3 code=2 not found"
            ]
        );
    }
}
