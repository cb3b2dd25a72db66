//! A writer: records arrive from Java in write frames, are encoded straight into batch-write rows
//! (`wire::batch_write`), grouped into batches of `batch_size` and sent, up to `inflight` batches
//! at a time, each batch's rows split by the master of their partition and sent on the writer's
//! own node connections (`write_route`). The crate only tends the cluster and answers `replicas`.
//!
//! - **Back-pressure.** Each batch in flight holds a permit of a semaphore with `inflight`
//!   permits. The caller's thread (a JVM thread, never one of the runtime's) blocks for a permit
//!   before handing a batch to the runtime, so a fast producer waits for the cluster.
//! - **Per-record results.** Every record's result is counted: written, or failed (logged with
//!   its key and result code, and kept until [`Writer::drain_failures`]). Retryable failures
//!   (9 timeout, 11 partition unavailable, 14 key busy, 18 device overload, node and connection
//!   errors, no master for the partition) are sent again, rerouted to the partition's current
//!   master, up to `max_retries` times with a growing pause; each resend counts as retried.
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

use aerospike::{ClientResultCode, Expiration, GenerationPolicy, Key};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tracing::{debug, warn};

use crate::cluster::SharedClient;
use crate::error::{code, Error, Result, WriteFailure};
use crate::frame::Cursor;
use crate::wire::batch_write::{
    RowAttrs, RowEncoder, Rows, INFO2_CREATE_ONLY, INFO2_DURABLE_DELETE, INFO2_GENERATION,
    INFO2_GENERATION_GT, INFO3_CREATE_OR_REPLACE, INFO3_REPLACE_ONLY, INFO3_UPDATE_ONLY,
};
use crate::write_frame::{FLAG_DIGEST, FLAG_SET, FLAG_USER_KEY};
use crate::write_route::{group_by_master, result_text, retryable_result, CallFailure, Route};

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

    /// The row's (info2, info3) bits, as every client maps record-exists actions.
    fn bits(self) -> (u8, u8) {
        match self {
            WriteMode::Update => (0, 0),
            WriteMode::UpdateOnly => (0, INFO3_UPDATE_ONLY),
            WriteMode::Replace => (0, INFO3_CREATE_OR_REPLACE),
            WriteMode::ReplaceOnly => (0, INFO3_REPLACE_ONLY),
            WriteMode::CreateOnly => (INFO2_CREATE_ONLY, 0),
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

    /// The attributes every row of this writer carries.
    fn row_attrs(&self) -> RowAttrs {
        let (mode2, info3) = self.mode.bits();
        let generation = match self.generation_policy {
            GenerationPolicy::None => 0,
            GenerationPolicy::ExpectGenEqual => INFO2_GENERATION,
            GenerationPolicy::ExpectGenGreater => INFO2_GENERATION_GT,
        };
        let durable = if self.durable_delete {
            INFO2_DURABLE_DELETE
        } else {
            0
        };
        RowAttrs {
            info2: mode2 | generation | durable,
            info3,
            with_generation: self.generation_policy != GenerationPolicy::None,
            record_ttl: u32::from(self.expiration),
            send_key: self.send_key,
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

    fn record_failure(&self, key: String, code: i32, cause: String) {
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

/// `namespace/set/user key`, or `namespace/set/digest:<hex>`, from a row's identity (the frame
/// bytes naming its record), as [`describe_key`] names a key.
pub(crate) fn describe_identity(namespace: &str, default_set: &str, identity: &[u8]) -> String {
    let mut c = Cursor::new(identity);
    let flags = c.u8().unwrap_or(0);
    let set = if flags & FLAG_SET != 0 {
        c.u16()
            .and_then(|len| c.string(usize::from(len)))
            .unwrap_or_default()
    } else {
        default_set.to_string()
    };
    let mut out = format!("{namespace}/{set}/");
    if flags & FLAG_USER_KEY != 0 {
        if let Ok(k) = c.value() {
            let _ = write!(out, "{k}");
            return out;
        }
    }
    if flags & FLAG_DIGEST != 0 {
        if let Ok(d) = c.array::<20>() {
            out.push_str("digest:");
            for b in d {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
    out
}

/// A writer into one namespace; see the module documentation.
pub struct Writer {
    /// Keeps the registry's client counted as used while the writer is open.
    shared: Arc<SharedClient>,
    options: WriteOptions,
    encoder: Arc<RowEncoder>,
    pending: Mutex<Rows>,
    permits: Arc<Semaphore>,
    route: Arc<Route>,
    state: Arc<State>,
    closed: AtomicBool,
}

impl Writer {
    pub fn open(shared: Arc<SharedClient>, options: WriteOptions) -> Result<Writer> {
        options.validate()?;
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
        let user = shared
            .config()
            .credentials()
            .map(|(u, p)| (u.to_string(), p.to_string()));
        let tls = match shared.config().tls() {
            Some(t) => Some(Arc::new(t.client_config()?)),
            None => None,
        };
        let route = Route::new(
            shared.client().clone(),
            &options.namespace,
            user,
            tls,
            options.timeout_ms,
            // A connection per batch in flight, per node.
            options.inflight,
        );
        Ok(Writer {
            encoder: Arc::new(RowEncoder::new(
                &options.namespace,
                &options.set,
                options.row_attrs(),
            )),
            shared,
            permits: Arc::new(Semaphore::new(options.inflight)),
            pending: Mutex::new(Rows::default()),
            route: Arc::new(route),
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

    /// Takes a write frame: encodes all of it into rows (nothing is queued from a damaged
    /// frame), then sends each batch that is full. Blocks while `inflight` batches are out.
    /// Must not be called from a thread of the client's runtime.
    pub fn write(&self, frame: &[u8]) -> Result<()> {
        self.check()?;
        let mut pending = lock(&self.pending);
        self.encoder.encode_frame(frame, &mut pending)?;
        for batch in pending.take_batches(self.options.batch_size) {
            self.send(batch)?;
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

    fn send(&self, batch: Rows) -> Result<()> {
        let permit = self
            .shared
            .runtime()
            .block_on(self.permits.clone().acquire_owned())
            .map_err(|_| Error::Internal("the writer's permits were closed".into()))?;
        self.state.batches.fetch_add(1, Ordering::Relaxed);
        let now = self.state.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.state.peak_in_flight.fetch_max(now, Ordering::Relaxed);
        let task = BatchTask {
            route: self.route.clone(),
            encoder: self.encoder.clone(),
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

/// A row's outcome in one attempt.
#[derive(Debug, Clone, Copy)]
enum Status {
    Unanswered,
    Answered(u8),
    /// Index into the attempt's failures.
    Failed(usize),
}

/// One batch on the runtime, with its resends.
struct BatchTask {
    route: Arc<Route>,
    encoder: Arc<RowEncoder>,
    state: Arc<State>,
    max_retries: u32,
    backoff: Duration,
}

impl BatchTask {
    async fn run(self, rows: Rows, _permit: OwnedSemaphorePermit) {
        let rows = Arc::new(rows);
        let mut pending: Vec<u32> = (0..rows.len() as u32).collect();
        let mut status = vec![Status::Unanswered; rows.len()];
        let mut attempt = 0u32;
        loop {
            let (failures, details) = self
                .attempt(&rows, &pending, attempt > 0, &mut status)
                .await;
            let mut again = Vec::new();
            for &i in &pending {
                let (code, may_retry, cause) = match status[i as usize] {
                    Status::Answered(0) => {
                        self.state.written.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    Status::Answered(rc) => (i32::from(rc), retryable_result(rc), None),
                    Status::Failed(f) => (failures[f].code, failures[f].retryable, Some(f)),
                    Status::Unanswered => (ClientResultCode::NoResponse.into(), true, None),
                };
                if may_retry && attempt < self.max_retries {
                    again.push(i);
                    continue;
                }
                let cause = match (status[i as usize], cause) {
                    (_, Some(f)) => failures[f].cause.clone(),
                    (Status::Answered(rc), _) => {
                        let detail = details
                            .iter()
                            .find(|(d, _)| *d == i)
                            .map(|(_, t)| t.as_bytes());
                        result_text(rc, detail)
                    }
                    _ => "the batch ended without an answer for this record".to_string(),
                };
                let key = describe_identity(
                    self.encoder.namespace(),
                    self.encoder.set(),
                    rows.identity(i as usize),
                );
                self.state.record_failure(key, code, cause);
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
                attempt, "resending records after retryable failures"
            );
            tokio::time::sleep(self.backoff * attempt).await;
            for &i in &again {
                status[i as usize] = Status::Unanswered;
            }
            pending = again;
        }
        self.state.in_flight.fetch_sub(1, Ordering::Relaxed);
    }

    /// Sends `pending` rows to their masters, one request per node, all at once, and records
    /// each row's status. Returns the failures statuses point to, and the servers' row details.
    async fn attempt(
        &self,
        rows: &Arc<Rows>,
        pending: &[u32],
        fresh_map: bool,
        status: &mut [Status],
    ) -> (Vec<CallFailure>, Vec<(u32, String)>) {
        let masters = self.route.masters(fresh_map).await;
        let mut failures = Vec::new();
        let mut details = Vec::new();
        let (groups, orphans) = group_by_master(&masters, rows, pending);
        if !orphans.is_empty() {
            failures.push(if masters.knows_namespace() {
                CallFailure {
                    code: code::PARTITION_UNAVAILABLE,
                    cause: "no node masters the record's partition now".into(),
                    retryable: true,
                }
            } else {
                CallFailure {
                    code: code::INVALID_NAMESPACE,
                    cause: format!("no node serves namespace '{}'", self.encoder.namespace()),
                    retryable: false,
                }
            });
            for &i in &orphans {
                status[i as usize] = Status::Failed(0);
            }
        }
        let mut calls = JoinSet::new();
        for (n, (target, members)) in groups.iter().enumerate() {
            let route = self.route.clone();
            let rows = rows.clone();
            let target = target.clone();
            let members = members.clone();
            calls.spawn(async move { (n, route.call(&target, &rows, &members).await) });
        }
        while let Some(joined) = calls.join_next().await {
            let (n, outcome) = match joined {
                Ok(x) => x,
                // A call that panicked: its rows stay unanswered and are resent.
                Err(e) => {
                    warn!(error = %e, "a batch call ended abnormally");
                    continue;
                }
            };
            for (index, result) in outcome.answered {
                if let Some(s) = status.get_mut(index as usize) {
                    *s = Status::Answered(result);
                }
            }
            details.extend(outcome.details);
            if let Some(f) = outcome.failure {
                let at = failures.len();
                failures.push(f);
                for &i in &groups[n].1 {
                    if matches!(status[i as usize], Status::Unanswered) {
                        status[i as usize] = Status::Failed(at);
                    }
                }
            }
        }
        (failures, details)
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
    fn rows_are_named_like_keys_from_their_frame_identity() {
        use crate::write_frame::{encode, WriteRecord};
        let frame = encode(&[
            WriteRecord {
                set: None,
                user_key: Some(Value::from("k1")),
                digest: None,
                generation: 0,
                bins: vec![],
            },
            WriteRecord {
                set: Some("other".into()),
                user_key: None,
                digest: Some([0xab; 20]),
                generation: 0,
                bins: vec![],
            },
        ])
        .expect("frame");
        let encoder = RowEncoder::new("test", "people", WriteOptions::new("test").row_attrs());
        let mut rows = Rows::default();
        encoder.encode_frame(&frame, &mut rows).expect("rows");
        let k = Key::new("test", "people", Value::from("k1")).expect("key");
        assert_eq!(
            describe_identity("test", "people", rows.identity(0)),
            describe_key(&k)
        );
        assert_eq!(
            describe_identity("test", "people", rows.identity(1)),
            format!("test/other/digest:{}", "ab".repeat(20))
        );
    }

    #[test]
    fn modes_policies_ttl_and_durable_delete_become_row_bits() {
        let mut o = WriteOptions::new("test");
        let a = o.row_attrs();
        assert_eq!(
            (
                a.info2,
                a.info3,
                a.with_generation,
                a.record_ttl,
                a.send_key
            ),
            (0, 0, false, 0, true)
        );
        o.mode = WriteMode::CreateOnly;
        o.generation_policy = GenerationPolicy::ExpectGenGreater;
        o.durable_delete = true;
        o.expiration = Expiration::Never;
        o.send_key = false;
        let a = o.row_attrs();
        assert_eq!(
            (
                a.info2,
                a.info3,
                a.with_generation,
                a.record_ttl,
                a.send_key
            ),
            (
                INFO2_CREATE_ONLY | INFO2_GENERATION_GT | INFO2_DURABLE_DELETE,
                0,
                true,
                u32::MAX,
                false
            )
        );
        for (mode, info3) in [
            (WriteMode::UpdateOnly, INFO3_UPDATE_ONLY),
            (WriteMode::Replace, INFO3_CREATE_OR_REPLACE),
            (WriteMode::ReplaceOnly, INFO3_REPLACE_ONLY),
        ] {
            o.mode = mode;
            o.generation_policy = GenerationPolicy::ExpectGenEqual;
            o.expiration = Expiration::DontUpdate;
            let a = o.row_attrs();
            assert_eq!(
                (a.info2, a.info3, a.record_ttl),
                (INFO2_GENERATION | INFO2_DURABLE_DELETE, info3, u32::MAX - 1)
            );
        }
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
        first.record_failure(describe_key(&key(1)), 5, "exists".into());
        let f = first.fatal().expect("fails at once");
        assert_eq!((f.code, f.key.as_str()), (5, "test/s/1"));
        let limited = state(Some(2));
        limited.record_failure(describe_key(&key(1)), 2, "not found".into());
        limited.record_failure(describe_key(&key(2)), 2, "not found".into());
        assert!(
            limited.fatal().is_none(),
            "two failures are within the limit"
        );
        limited.record_failure(describe_key(&key(3)), 2, "not found".into());
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
