//! A split's reader: one worker per node share of the split, each running the crate's
//! `Client::query_foreach` over its partitions, encoding records into frames in the callback and
//! handing full frames to the consumer (the Java task thread) over a bounded channel.
//!
//! Guarantees, and how they are kept:
//! - **Exactly once.** `query_foreach` commits its resume cursor when the callback's future
//!   resolves, so a query resumed from `QueryHandle::partition_filter` neither repeats nor skips a
//!   record. A record accepted by the callback sits in a frame that is always delivered (partial
//!   frames are flushed before a failure is reported).
//! - **Bounded memory, back-pressure.** The callback awaits the channel send; while it waits, its
//!   node stream reads nothing, so a slow consumer slows the server. Frames in existence are at
//!   most: one per worker (being built, or waiting to be sent), the channel's capacity, and the
//!   one the consumer holds; [`budget`] sizes frames and the channel so that they fit the limit.
//! - **Never a silent short read.** The stream ends with an explicit end or failure message; a
//!   channel that closes without one is reported as an error, never as the end of the split.
//! - **Resume on failure.** A query round that ends with an error (or is answered with
//!   unavailable partitions) is resumed from its cursor after the backoff, up to `max_retries`
//!   times; then the split fails naming every partition it did not finish and the last cause.
//!
//! Non-contiguous partition sets (a node's share of a split) run as a covering partition range
//! whose partitions outside the set are marked "no retry": the crate's tracker queries only
//! partitions whose status says `retry`, provided the query has a `max_records` (without one it
//! forces every partition of the range), so the policy carries an unreachable `max_records`.
//! Each round builds a fresh filter (global retry flag off) from the previous round's cursor, so
//! the crate's habit of setting that flag after a failed round never widens the query.
//!
//! Progress: a worker reads its share in a few chunks of partitions, one query each; a chunk's
//! partitions count as done when its query completes cleanly (its node stream reached LAST).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use aerospike::expressions::{from_base64, Expression};
use aerospike::query::{Filter, PartitionFilter, PartitionStatus};
use aerospike::{Bins, Client, ErrorKind, QueryPolicy, Record, ResultCode, Statement};
use parking_lot::Mutex as StatusLock;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tracing::{debug, info, info_span, warn, Instrument};

use crate::cluster::{cluster_view, SharedClient};
use crate::error::{code, Error, ReadFailure, Result};
use crate::frame::{Frame, FrameBuilder, FrameError};
use crate::partition_map::PARTITIONS;
use crate::partition_ranges;
use crate::split::Split;

/// Largest frame: big enough that JNI calls are rare (thousands of records each), small enough
/// that the consumer sees records soon after the server sends them.
pub const MAX_FRAME_BYTES: usize = 1 << 20;
/// Smallest frame, for tiny memory limits.
pub const MIN_FRAME_BYTES: usize = 4 << 10;
/// Smallest memory limit accepted.
pub const MIN_MEMORY_LIMIT: usize = 64 << 10;
/// A `max_records` no split reaches: it only switches the crate's tracker to honour the
/// per-partition retry flags (see the module documentation). Kept far from `u64::MAX` so a
/// server dividing or scaling it cannot overflow.
const UNLIMITED_RECORDS: u64 = 1 << 48;
/// A worker's share is read in about this many chunks, so progress moves in steps...
const PROGRESS_STEPS: usize = 8;
/// ...of at least this many partitions (each chunk costs one query start).
const MIN_CHUNK: usize = 64;

/// How to read a split.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Bins to read (pushed down to the server); `None`: all bins.
    pub bins: Option<Vec<String>>,
    /// A filter expression in base64, as the Java client's `Expression.getBase64()` prints it;
    /// evaluated by the server.
    pub filter_exp: Option<String>,
    /// Upper bound on frame bytes buffered natively.
    pub memory_limit: usize,
    /// Resumes after failed query rounds, per chunk of partitions.
    pub max_retries: u32,
    /// Pause before each resume.
    pub backoff: Duration,
    /// Records per second for the whole split; 0: unthrottled.
    pub records_per_second: u32,
    /// Socket timeout of every read from a node.
    pub timeout_ms: u32,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            bins: None,
            filter_exp: None,
            memory_limit: 64 << 20,
            max_retries: 5,
            backoff: Duration::from_millis(500),
            records_per_second: 0,
            timeout_ms: 30_000,
        }
    }
}

/// Counters of one reader, as Hadoop counters and progress want them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderStats {
    /// Records handed to the consumer.
    pub records: u64,
    /// Frame bytes handed to the consumer.
    pub bytes: u64,
    pub partitions_done: u64,
    pub partitions_total: u64,
    /// Query rounds resumed after a failure.
    pub retries: u64,
}

/// How the memory limit is spent; see [`budget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    pub frame_bytes: usize,
    /// Capacity of the channel, in frames.
    pub queue_frames: usize,
    pub workers: usize,
    /// Most frame bytes that existed at once (sent or waiting to be sent, queued, or held by
    /// the consumer); frames being filled are bounded by `workers × frame_bytes` on top.
    pub peak_buffered_bytes: u64,
}

/// Frame size and channel capacity for `limit` bytes and `workers` workers: at most
/// `workers + queue + 1` frames exist at once (see the module documentation), so that many
/// frames of `frame_bytes` must fit in `limit`.
pub fn budget(limit: usize, workers: usize) -> (usize, usize) {
    let workers = workers.max(1);
    if limit / MAX_FRAME_BYTES >= workers + 2 {
        (MAX_FRAME_BYTES, limit / MAX_FRAME_BYTES - workers - 1)
    } else {
        let frame = (limit / (workers + 2)).max(MIN_FRAME_BYTES);
        (frame, 1)
    }
}

enum Msg {
    Frame(Frame),
    End,
    Failed(ReadFailure),
}

/// Counters shared by the workers, the coordinator and the consumer.
struct Progress {
    records: AtomicU64,
    bytes: AtomicU64,
    partitions_done: AtomicU64,
    retries: AtomicU64,
    produced_records: AtomicU64,
    buffered_bytes: AtomicU64,
    peak_buffered_bytes: AtomicU64,
    /// Per partition id: read to its end.
    done: Mutex<Vec<bool>>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            records: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            partitions_done: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            produced_records: AtomicU64::new(0),
            buffered_bytes: AtomicU64::new(0),
            peak_buffered_bytes: AtomicU64::new(0),
            done: Mutex::new(vec![false; PARTITIONS]),
        }
    }

    fn frame_built(&self, frame: &Frame) {
        self.produced_records
            .fetch_add(u64::from(frame.records()), Ordering::Relaxed);
        let now = self
            .buffered_bytes
            .fetch_add(frame.len() as u64, Ordering::Relaxed)
            + frame.len() as u64;
        self.peak_buffered_bytes.fetch_max(now, Ordering::Relaxed);
    }

    fn frame_released(&self, frame: &Frame) {
        self.buffered_bytes
            .fetch_sub(frame.len() as u64, Ordering::Relaxed);
    }

    fn mark_done(&self, partitions: &[u16]) {
        let mut done = lock(&self.done);
        for &p in partitions {
            done[usize::from(p)] = true;
        }
        self.partitions_done
            .fetch_add(partitions.len() as u64, Ordering::Relaxed);
    }

    fn unread(&self, split: &Split) -> Vec<u16> {
        let done = lock(&self.done);
        split
            .partitions()
            .into_iter()
            .filter(|&p| !done[usize::from(p)])
            .collect()
    }
}

/// A poisoned lock still guards consistent data here: every critical section is a few plain
/// updates that cannot panic halfway.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What the reader's tasks share; fixed once the reader is open. The tasks hold the bare client,
/// not the registry's counted [`SharedClient`]: the reader holds that, so closing the reader gives
/// the client back at once, while the tasks wind down on their own.
struct Ctx {
    client: Arc<Client>,
    /// Bounds the info exchanges of a failure's cluster check.
    timeout_ms: u32,
    split: Split,
    label: String,
    statement: Statement,
    policy: QueryPolicy,
    max_retries: u32,
    backoff: Duration,
    frame_bytes: usize,
    progress: Arc<Progress>,
    /// Set by `close` or by the first worker that fails: everything winds down.
    stop: watch::Sender<bool>,
    closed: AtomicBool,
}

enum ConsumerState {
    Open,
    Ended,
    Failed(ReadFailure),
}

struct Consumer {
    rx: mpsc::Receiver<Msg>,
    /// The frame last returned; its memory stays valid until the next call or close.
    current: Option<Arc<Frame>>,
    state: ConsumerState,
}

/// An open reader over one split. Frames are pulled with [`next_frame`](Self::next_frame) from
/// a thread outside the runtime (the Java task thread).
pub struct SplitReader {
    ctx: Arc<Ctx>,
    /// Keeps the registry's client while the reader is open; see [`Ctx`].
    _client: Arc<SharedClient>,
    consumer: Mutex<Consumer>,
    frame_bytes: usize,
    queue_frames: usize,
    workers: usize,
}

impl SplitReader {
    /// Starts reading `split`. `namespace` and `set` must be the ones it was planned for (Java
    /// passes them again from its configuration; a mismatch means a confused job).
    pub fn open(
        client: Arc<SharedClient>,
        split: Split,
        namespace: &str,
        set: &str,
        options: &ReadOptions,
    ) -> Result<SplitReader> {
        if namespace != split.namespace {
            return Err(Error::InvalidArgument {
                what: "namespace",
                value: namespace.to_string(),
                reason: format!("the split was planned for namespace '{}'", split.namespace),
            });
        }
        if set != split.set {
            return Err(Error::InvalidArgument {
                what: "set",
                value: set.to_string(),
                reason: format!("the split was planned for set '{}'", split.set),
            });
        }
        if options.memory_limit < MIN_MEMORY_LIMIT {
            return Err(Error::InvalidArgument {
                what: "memory limit in bytes",
                value: options.memory_limit.to_string(),
                reason: format!("must be at least {MIN_MEMORY_LIMIT}"),
            });
        }
        if options.timeout_ms == 0 {
            return Err(Error::InvalidArgument {
                what: "timeout in milliseconds",
                value: "0".into(),
                reason: "must be positive".into(),
            });
        }
        let bins = match &options.bins {
            None => Bins::All,
            Some(list) if list.is_empty() => Bins::All,
            Some(list) => {
                if let Some(bad) = list.iter().find(|b| b.is_empty() || b.len() > 15) {
                    return Err(Error::InvalidArgument {
                        what: "bin name",
                        value: bad.clone(),
                        reason: "bin names have 1 to 15 bytes".into(),
                    });
                }
                Bins::Some(list.clone())
            }
        };
        let filter = options
            .filter_exp
            .as_deref()
            .map(parse_filter)
            .transpose()?;
        let workers = split
            .shares
            .iter()
            .filter(|s| !s.partitions.is_empty())
            .count()
            .max(1);
        let (frame_bytes, queue_frames) = budget(options.memory_limit, workers);

        let mut statement = Statement::new(split.namespace.clone(), split.set.clone(), bins);
        if let Some(r) = &split.range {
            statement.set_filter(Filter::range(r.bin.clone(), r.begin, r.end));
        }
        let mut policy = QueryPolicy::default();
        policy.base_policy.socket_timeout = options.timeout_ms;
        policy.base_policy.total_timeout = 0;
        // The crate retries a failed round itself at least once (`max_retries` 0 would mean
        // forever); retries beyond that, with backoff and accounting, are this reader's.
        policy.base_policy.max_retries = 1;
        policy.base_policy.sleep_between_retries = 0;
        policy.base_policy.filter_expression = filter;
        policy.max_records = UNLIMITED_RECORDS;
        // Each worker's query reads one node; the split's rate is shared among them.
        policy.records_per_second = if options.records_per_second == 0 {
            0
        } else {
            options.records_per_second.div_ceil(workers as u32)
        };

        let (tx, rx) = mpsc::channel(queue_frames);
        let (stop, _) = watch::channel(false);
        let label = split.label();
        let runtime = client.runtime().clone();
        let ctx = Arc::new(Ctx {
            client: client.client().clone(),
            timeout_ms: options.timeout_ms,
            split,
            label,
            statement,
            policy,
            max_retries: options.max_retries,
            backoff: options.backoff,
            frame_bytes,
            progress: Arc::new(Progress::new()),
            stop,
            closed: AtomicBool::new(false),
        });
        let span = info_span!(
            "split",
            namespace = %ctx.split.namespace,
            split = %ctx.label,
            partitions = ctx.split.partition_count()
        );
        runtime.spawn(run_split(ctx.clone(), tx).instrument(span));
        Ok(SplitReader {
            ctx,
            _client: client,
            consumer: Mutex::new(Consumer {
                rx,
                current: None,
                state: ConsumerState::Open,
            }),
            frame_bytes,
            queue_frames,
            workers,
        })
    }

    /// The next frame, or `None` once the split is read to its end. Blocks while no frame is
    /// ready; must not be called on a runtime thread. The frame returned before is released.
    /// After a failure every call returns the same error.
    pub fn next_frame(&self) -> Result<Option<Arc<Frame>>> {
        let mut c = lock(&self.consumer);
        if let Some(previous) = c.current.take() {
            self.ctx.progress.frame_released(&previous);
        }
        if self.ctx.closed.load(Ordering::Acquire) {
            return Err(self.closed_error());
        }
        match &c.state {
            ConsumerState::Open => {}
            ConsumerState::Ended => return Ok(None),
            ConsumerState::Failed(f) => return Err(Error::Read(f.clone())),
        }
        match c.rx.blocking_recv() {
            Some(Msg::Frame(frame)) => {
                let p = &self.ctx.progress;
                p.records
                    .fetch_add(u64::from(frame.records()), Ordering::Relaxed);
                p.bytes.fetch_add(frame.len() as u64, Ordering::Relaxed);
                let frame = Arc::new(frame);
                c.current = Some(frame.clone());
                Ok(Some(frame))
            }
            Some(Msg::End) => {
                c.state = ConsumerState::Ended;
                Ok(None)
            }
            Some(Msg::Failed(f)) => {
                c.state = ConsumerState::Failed(f.clone());
                Err(Error::Read(f))
            }
            None if self.ctx.closed.load(Ordering::Acquire) => Err(self.closed_error()),
            None => {
                // Every sender is gone without an end or failure message: a task died. Saying
                // "no more records" here would be the silent short read this reader exists to
                // prevent.
                let f = ReadFailure {
                    code: code::CLIENT_ERROR,
                    namespace: self.ctx.split.namespace.clone(),
                    split: self.ctx.label.clone(),
                    partitions: partition_ranges::describe(
                        &self.ctx.progress.unread(&self.ctx.split),
                    ),
                    retries: 0,
                    cause: "the reader's tasks stopped without finishing (internal error)".into(),
                };
                c.state = ConsumerState::Failed(f.clone());
                Err(Error::Read(f))
            }
        }
    }

    pub fn stats(&self) -> ReaderStats {
        let p = &self.ctx.progress;
        ReaderStats {
            records: p.records.load(Ordering::Relaxed),
            bytes: p.bytes.load(Ordering::Relaxed),
            partitions_done: p.partitions_done.load(Ordering::Relaxed),
            partitions_total: self.ctx.split.partition_count() as u64,
            retries: p.retries.load(Ordering::Relaxed),
        }
    }

    pub fn memory(&self) -> MemoryBudget {
        MemoryBudget {
            frame_bytes: self.frame_bytes,
            queue_frames: self.queue_frames,
            workers: self.workers,
            peak_buffered_bytes: self
                .ctx
                .progress
                .peak_buffered_bytes
                .load(Ordering::Relaxed),
        }
    }

    /// Records the workers have put into frames so far (ahead of [`stats`](Self::stats) by
    /// what is buffered).
    pub fn produced_records(&self) -> u64 {
        self.ctx.progress.produced_records.load(Ordering::Relaxed)
    }

    /// Stops reading and releases the frame last returned (when no other call holds it).
    /// Later calls to `next_frame` fail with "closed". Idempotent.
    pub fn close(&self) {
        if !self.ctx.closed.swap(true, Ordering::AcqRel) {
            self.ctx.stop.send_replace(true);
            debug!(split = %self.ctx.label, "reader closed");
        }
        if let Ok(mut c) = self.consumer.try_lock() {
            if let Some(previous) = c.current.take() {
                self.ctx.progress.frame_released(&previous);
            }
        }
    }

    fn closed_error(&self) -> Error {
        Error::Closed {
            what: format!("reader of {}", self.ctx.label),
        }
    }
}

impl Drop for SplitReader {
    fn drop(&mut self) {
        self.close();
    }
}

fn parse_filter(b64: &str) -> Result<Expression> {
    from_base64(b64.trim()).map_err(|e| Error::InvalidArgument {
        what: "filter expression (base64)",
        value: b64.chars().take(64).collect(),
        reason: e.to_string(),
    })
}

/// Why a worker stopped early.
enum WorkerEnd {
    /// The reader was closed, or another worker failed.
    Stopped,
    Failed(WorkerFailure),
}

struct WorkerFailure {
    code: i32,
    cause: String,
    retries: u32,
}

/// Runs every worker, then tells the consumer how the split ended.
async fn run_split(ctx: Arc<Ctx>, tx: mpsc::Sender<Msg>) {
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for (i, share) in ctx.split.shares.iter().enumerate() {
        if share.partitions.is_empty() {
            continue;
        }
        let span = info_span!("worker", node = %share.node, partitions = share.partitions.len());
        workers.spawn(run_worker(ctx.clone(), i, tx.clone()).instrument(span));
    }
    let mut failure: Option<WorkerFailure> = None;
    while let Some(joined) = workers.join_next().await {
        let end = joined.unwrap_or_else(|e| {
            Err(WorkerEnd::Failed(WorkerFailure {
                code: code::CLIENT_ERROR,
                cause: format!("a worker task died: {e}"),
                retries: 0,
            }))
        });
        if let Err(WorkerEnd::Failed(f)) = end {
            if failure.is_none() {
                // One unreadable share fails the task; the others need not finish.
                ctx.stop.send_replace(true);
                failure = Some(f);
            }
        }
    }
    let produced = ctx.progress.produced_records.load(Ordering::Relaxed);
    let msg = match failure {
        None if *ctx.stop.borrow() => {
            debug!(records = produced, "split reading stopped by close");
            return;
        }
        None => {
            info!(
                records = produced,
                retries = ctx.progress.retries.load(Ordering::Relaxed),
                millis = started.elapsed().as_millis() as u64,
                "split read"
            );
            Msg::End
        }
        Some(f) => {
            let failure = describe_failure(&ctx, f).await;
            warn!(error = %failure, "split failed");
            Msg::Failed(failure)
        }
    };
    // Fails only when the reader is gone, and then nobody is waiting for the message.
    let _ = tx.send(msg).await;
}

/// The failure the consumer sees: every partition not read, and the cause; result code 11 when
/// some of those partitions have no master now (their only copy is on a node that is down).
async fn describe_failure(ctx: &Ctx, f: WorkerFailure) -> ReadFailure {
    let unread = ctx.progress.unread(&ctx.split);
    let mut code = f.code;
    let mut cause = f.cause;
    if let Ok(view) = cluster_view(&ctx.client, ctx.timeout_ms).await {
        if let Some(masters) = view.partitions.masters(&ctx.split.namespace) {
            let orphans: Vec<u16> = unread
                .iter()
                .copied()
                .filter(|&p| masters[usize::from(p)].is_none())
                .collect();
            if !orphans.is_empty() {
                code = code::PARTITION_UNAVAILABLE;
                let which = if orphans == unread {
                    "any of them".to_string()
                } else {
                    format!("partitions {}", partition_ranges::describe(&orphans))
                };
                cause = format!(
                    "no master node for {which} (a node holding their only copy is down); \
                     last error: {cause}"
                );
            }
        }
    }
    ReadFailure {
        code,
        namespace: ctx.split.namespace.clone(),
        split: ctx.label.clone(),
        partitions: partition_ranges::describe(&unread),
        retries: f.retries,
        cause,
    }
}

/// Reads one node share of the split, chunk by chunk.
async fn run_worker(
    ctx: Arc<Ctx>,
    share: usize,
    tx: mpsc::Sender<Msg>,
) -> std::result::Result<(), WorkerEnd> {
    let partitions = &ctx.split.shares[share].partitions;
    let sink = Arc::new(WorkerSink {
        encoder: Mutex::new(Encoder {
            frames: FrameBuilder::new(ctx.frame_bytes),
            accepted: 0,
        }),
        round: Mutex::new(Round::default()),
        tx,
        stop: ctx.stop.subscribe(),
        progress: ctx.progress.clone(),
    });
    let chunk_size = partitions.len().div_ceil(PROGRESS_STEPS).max(MIN_CHUNK);
    for chunk in partitions.chunks(chunk_size) {
        let read = read_chunk(&ctx, &sink, chunk).await;
        // Records already accepted reach the consumer before any failure does, and a chunk
        // counts as read only once its last records are on their way.
        let flushed = sink.flush().await;
        read?;
        if !flushed {
            return Err(WorkerEnd::Stopped);
        }
        ctx.progress.mark_done(chunk);
    }
    Ok(())
}

/// One chunk of partitions: a query, resumed from its cursor after failed rounds. The retry
/// limit counts consecutive failed rounds that delivered nothing: a round that moved the cursor
/// (say, cut by a server's send timeout while the consumer was slow) starts the count again.
async fn read_chunk(
    ctx: &Ctx,
    sink: &Arc<WorkerSink>,
    chunk: &[u16],
) -> std::result::Result<(), WorkerEnd> {
    let mut stop = ctx.stop.subscribe();
    let mut cursor: Option<PartitionFilter> = None;
    let mut budget = RetryBudget::new(ctx.max_retries);
    loop {
        lock(&sink.encoder).accepted = 0;
        let filter = chunk_filter(chunk, cursor.as_ref());
        let callback_sink = sink.clone();
        let started = ctx
            .client
            .query_foreach(&ctx.policy, filter, ctx.statement.clone(), move |item| {
                callback_sink.clone_if_sending(item)
            })
            .await;
        let (waited, handle) = match started {
            Ok(mut handle) => {
                let waited = tokio::select! {
                    r = handle.wait() => Some(r),
                    _ = stop.wait_for(|s| *s) => None,
                };
                (waited, Some(handle))
            }
            Err(e) => (Some(Err(e)), None),
        };
        let round = std::mem::take(&mut *lock(&sink.round));
        let progressed = lock(&sink.encoder).accepted > 0;
        if waited.is_none() || *stop.borrow() {
            if let Some(h) = &handle {
                h.cancel();
            }
            return Err(WorkerEnd::Stopped);
        }
        if let Some(e) = round.encode {
            return Err(WorkerEnd::Failed(WorkerFailure {
                code: code::CLIENT_ERROR,
                cause: format!("a record cannot be handed to Java: {e}"),
                retries: budget.retried,
            }));
        }
        // The callback saw the original error; the handle only keeps a copy of the message of
        // the one that ended the query, so the callback's is preferred.
        let error = match (round.error, waited) {
            (None, Some(Ok(()))) => return Ok(()),
            (Some(e), _) => e,
            (None, Some(Err(e))) => e,
            (None, None) => return Err(WorkerEnd::Stopped),
        };
        let cause = describe_cause(&error);
        if !retryable(&error) || !budget.failed_round(progressed) {
            return Err(WorkerEnd::Failed(WorkerFailure {
                code: error.result_code(),
                cause,
                retries: budget.retried,
            }));
        }
        ctx.progress.retries.fetch_add(1, Ordering::Relaxed);
        warn!(
            partitions = %partition_ranges::describe_brief(chunk, 4),
            retry = budget.retried,
            without_progress = budget.fruitless,
            limit = ctx.max_retries,
            error = %cause,
            "query round failed; resuming after the backoff"
        );
        // A round that never started leaves the previous cursor as it was; starting over from
        // no cursor would deliver its records again.
        if let Some(c) = handle.and_then(|h| h.partition_filter()) {
            cursor = Some(c);
        }
        tokio::select! {
            _ = tokio::time::sleep(ctx.backoff) => {}
            _ = stop.wait_for(|s| *s) => return Err(WorkerEnd::Stopped),
        }
    }
}

/// How many more rounds a chunk may try. The limit counts consecutive failed rounds that
/// delivered nothing; a round that delivered records starts the count again, so a long read cut
/// now and then (a server's send timeout while the consumer was slow) is not failed for it.
struct RetryBudget {
    limit: u32,
    /// Failed rounds in a row, counting back to the last one that delivered records.
    fruitless: u32,
    /// Resumes so far.
    retried: u32,
}

impl RetryBudget {
    fn new(limit: u32) -> RetryBudget {
        RetryBudget {
            limit,
            fruitless: 0,
            retried: 0,
        }
    }

    /// Accounts for a failed round; true when another may be tried.
    fn failed_round(&mut self, progressed: bool) -> bool {
        self.fruitless = if progressed { 1 } else { self.fruitless + 1 };
        if self.fruitless > self.limit {
            return false;
        }
        self.retried += 1;
        true
    }
}

/// The filter for one round over `chunk` (sorted partition ids): the range from its first to
/// its last partition, with only the chunk's partitions to be queried, each resuming from the
/// cursor of the previous round when there is one.
fn chunk_filter(chunk: &[u16], cursor: Option<&PartitionFilter>) -> PartitionFilter {
    let first = usize::from(chunk[0]);
    let end = usize::from(chunk[chunk.len() - 1]) + 1;
    let mut filter = PartitionFilter::by_range(first, end - first);
    let statuses: Vec<StatusLock<PartitionStatus>> = (first..end)
        .map(|p| {
            let mut status = cursor
                .and_then(|c| status_in(c, p))
                .unwrap_or_else(|| PartitionStatus::new(p));
            status.retry = chunk.binary_search(&(p as u16)).is_ok();
            StatusLock::new(status)
        })
        .collect();
    filter.partitions = Some(Arc::new(statuses));
    filter
}

fn status_in(cursor: &PartitionFilter, partition: usize) -> Option<PartitionStatus> {
    let offset = partition.checked_sub(cursor.begin)?;
    let status = cursor.partitions.as_ref()?.get(offset)?.lock().clone();
    (usize::from(status.id) == partition).then_some(status)
}

/// Errors worth another round: the network, timeouts, nodes leaving or partitions moving.
/// A server refusing the query itself (bad expression, missing index, unknown bin type) would
/// refuse it again.
fn retryable(e: &aerospike::Error) -> bool {
    match e.kind() {
        ErrorKind::Server { rc, .. } => !matches!(
            rc,
            ResultCode::ParameterError
                | ResultCode::UnsupportedFeature
                | ResultCode::IndexNotFound
                | ResultCode::InvalidNamespace
                | ResultCode::BinNameTooLong
                | ResultCode::OpNotApplicable
                | ResultCode::NotAuthenticated
                | ResultCode::RoleViolation
        ),
        ErrorKind::InvalidArgument
        | ErrorKind::InvalidUtf8(_)
        | ErrorKind::UdfBadResponse
        | ErrorKind::ParseAddr(_)
        | ErrorKind::ParseInt(_) => false,
        _ => true,
    }
}

fn describe_cause(e: &aerospike::Error) -> String {
    let text = e.to_string();
    match e.node() {
        Some(node) if !text.contains(node) => format!("{text} (node {node})"),
        _ => text,
    }
}

/// What the callback reports from one query round.
#[derive(Default)]
struct Round {
    /// The last error delivered to the callback.
    error: Option<aerospike::Error>,
    /// A record that could not be encoded; the query is stopped.
    encode: Option<FrameError>,
}

/// The frame a worker is filling, and how many records the current round has put in frames.
struct Encoder {
    frames: FrameBuilder,
    accepted: u64,
}

/// The callback's state for one worker: its frame in progress and its way to the consumer.
struct WorkerSink {
    encoder: Mutex<Encoder>,
    round: Mutex<Round>,
    tx: mpsc::Sender<Msg>,
    stop: watch::Receiver<bool>,
    progress: Arc<Progress>,
}

enum Step {
    Continue,
    Stop,
    Send(Frame, Arc<WorkerSink>),
}

impl WorkerSink {
    /// The `query_foreach` callback. The encoding happens here, synchronously; only when a
    /// frame is full does the returned future hold anything (the frame and this sink) and
    /// await the send, which is where back-pressure comes from.
    fn clone_if_sending(
        self: &Arc<Self>,
        item: aerospike::Result<Record>,
    ) -> impl std::future::Future<Output = bool> + Send + 'static {
        let step = match item {
            // A refusal the crate parsed as a record (a result code on a message without the
            // partition-done flag): it has no namespace and no digest. Handing it on would give
            // Java a phantom record; the round is stopped and resumed instead.
            Ok(record) if record.key.as_ref().is_none_or(|k| k.namespace().is_empty()) => {
                lock(&self.round).error = Some(aerospike::Error::client_error(format!(
                    "a node answered with a message that is no record (generation {}, \
                     no namespace, no digest)",
                    record.generation
                )));
                Step::Stop
            }
            Ok(record) => {
                let pushed = {
                    let mut encoder = lock(&self.encoder);
                    let pushed = encoder.frames.push(&record);
                    if pushed.is_ok() {
                        encoder.accepted += 1;
                    }
                    pushed
                };
                match pushed {
                    Ok(None) => Step::Continue,
                    Ok(Some(frame)) => Step::Send(frame, self.clone()),
                    Err(e) => {
                        lock(&self.round).encode.get_or_insert(e);
                        Step::Stop
                    }
                }
            }
            Err(e) => {
                debug!(error = %e, "stream error delivered to the callback");
                lock(&self.round).error = Some(e);
                Step::Continue
            }
        };
        async move {
            match step {
                Step::Continue => true,
                Step::Stop => false,
                Step::Send(frame, sink) => sink.send(frame).await,
            }
        }
    }

    /// Hands a frame to the consumer, waiting for room; false when reading is being stopped.
    async fn send(&self, frame: Frame) -> bool {
        self.progress.frame_built(&frame);
        let mut stop = self.stop.clone();
        tokio::select! {
            sent = self.tx.send(Msg::Frame(frame)) => sent.is_ok(),
            _ = stop.wait_for(|s| *s) => false,
        }
    }

    /// Sends the frame in progress, if it holds records; false when reading is being stopped.
    async fn flush(&self) -> bool {
        let frame = lock(&self.encoder).frames.finish();
        match frame {
            Some(frame) => self.send(frame).await,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_limit_gets_full_size_frames_and_a_queue_of_the_rest() {
        assert_eq!(budget(64 << 20, 1), (MAX_FRAME_BYTES, 62));
        assert_eq!(budget(64 << 20, 3), (MAX_FRAME_BYTES, 60));
    }

    #[test]
    fn a_small_limit_gets_smaller_frames_and_still_fits() {
        for (limit, workers) in [
            (1 << 20, 1),
            (2 << 20, 3),
            (256 << 10, 2),
            (MIN_MEMORY_LIMIT, 4),
        ] {
            let (frame, queue) = budget(limit, workers);
            assert!(frame >= MIN_FRAME_BYTES);
            assert!(queue >= 1);
            assert!(
                frame * (workers + queue + 1) <= limit,
                "limit {limit}, workers {workers}: frame {frame} × {}",
                workers + queue + 1
            );
        }
    }

    #[test]
    fn a_chunk_filter_queries_only_the_chunk_and_keeps_resume_points() {
        let chunk = [3u16, 5, 9];
        let f = chunk_filter(&chunk, None);
        assert_eq!((f.begin, f.count), (3, 7));
        let statuses = f.partitions.as_ref().expect("statuses");
        let retry: Vec<u16> = statuses
            .iter()
            .filter(|s| s.lock().retry)
            .map(|s| s.lock().id)
            .collect();
        assert_eq!(retry, vec![3, 5, 9]);
        assert!(!f.done());
        // A cursor from a previous round: partition 5 stopped after a digest.
        statuses[2].lock().digest = Some([7; 20]);
        statuses[2].lock().bval = Some(11);
        let resumed = chunk_filter(&chunk, Some(&f));
        let s5 = resumed.partitions.as_ref().expect("statuses")[2]
            .lock()
            .clone();
        assert_eq!(
            (s5.id, s5.retry, s5.digest, s5.bval),
            (5, true, Some([7; 20]), Some(11))
        );
        let s4 = resumed.partitions.as_ref().expect("statuses")[1]
            .lock()
            .clone();
        assert_eq!((s4.id, s4.retry, s4.digest), (4, false, None));
    }

    #[test]
    fn the_retry_limit_counts_failed_rounds_in_a_row_that_delivered_nothing() {
        let mut b = RetryBudget::new(2);
        assert!(b.failed_round(false));
        assert!(b.failed_round(false));
        assert!(!b.failed_round(false), "a third fruitless round in a row");
        assert_eq!(b.retried, 2);

        let mut b = RetryBudget::new(1);
        for _ in 0..5 {
            // Each round delivered records before it was cut: the read moves on.
            assert!(b.failed_round(true));
        }
        assert!(
            !b.failed_round(false),
            "one fruitless round after one that progressed"
        );
        assert_eq!(b.retried, 5);

        let mut none = RetryBudget::new(0);
        assert!(!none.failed_round(true), "no retries at all");
        assert_eq!(none.retried, 0);
    }

    #[test]
    fn network_errors_are_retried_and_refusals_are_not() {
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(retryable(&aerospike::Error::from(reset)));
        assert!(retryable(&aerospike::Error::client_error(
            "Max retries exceeded: 1"
        )));
        assert!(!retryable(&aerospike::Error::invalid_argument("bad")));
    }
}
