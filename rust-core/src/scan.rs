//! A split's reader: one worker per node share of the split, each scanning its node over the
//! scan's own wire path ([`crate::wire`]), encoding records into frames straight from the
//! server's bytes and handing full frames to the consumer (the Java task thread) over a bounded
//! channel. The `aerospike` crate still tends the cluster (nodes, addresses, partition map); it
//! is not on the record path, where building an `aerospike::Record` per record cost most of a
//! split's CPU.
//!
//! Guarantees, and how they are kept:
//! - **Exactly once.** A partition's resume point (its last digest, and index value for an
//!   index query) moves when a record is put into a frame, and a frame holding records is always
//!   delivered (partial frames are flushed before a failure is reported); a resumed scan asks the
//!   node for the records after that point, so it neither repeats nor skips one. A partition is
//!   finished when its node's answer ends cleanly (LAST) without calling it unavailable.
//! - **Bounded memory, back-pressure.** A worker awaits the channel send; while it waits it reads
//!   nothing from its socket, so a slow consumer slows the server. Frames in existence are at
//!   most: one per worker (being built, or waiting to be sent), the channel's capacity, and the
//!   one the consumer holds; [`budget`] sizes frames and the channel so that they fit the limit.
//! - **Never a silent short read.** The stream ends with an explicit end or failure message; a
//!   channel that closes without one is reported as an error, never as the end of the split.
//! - **Resume on failure.** A round that fails (a node unreachable or timing out, a connection
//!   cut, partitions answered as unavailable) is resumed after the backoff, up to `max_retries`
//!   rounds in a row that delivered nothing, each unfinished partition on its current master
//!   (read afresh from the nodes' `replicas`); then the split fails naming every partition it
//!   did not finish and the last cause.
//!
//! Progress: a worker reads its share in a few chunks of partitions, one scan each; a chunk's
//! partitions count as done when it is read to its end.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use aerospike::expressions::from_base64;
use aerospike::Client;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tracing::{debug, info, info_span, warn, Instrument};

use crate::cluster::{cluster_view, SharedClient};
use crate::error::{code, Error, ReadFailure, Result};
use crate::frame::{Frame, FrameBuilder};
use crate::frame_queue::{self, Errors, FrameAccounting, FrameConsumer};
use crate::partition_map::PARTITIONS;
use crate::partition_ranges;
use crate::split::Split;
use crate::wire::node::{Credential, NodeConnection, NodeError, NodeTls};
use crate::wire::request::{IndexRange, Resume, ScanRequest};
use crate::wire::response::{self, Kind, WireError};
use crate::wire::TYPE_AS_MSG;

/// Largest frame: big enough that JNI calls are rare (thousands of records each), small enough
/// that the consumer sees records soon after the server sends them.
pub const MAX_FRAME_BYTES: usize = 1 << 20;
/// Smallest frame, for tiny memory limits.
pub const MIN_FRAME_BYTES: usize = 4 << 10;
/// Most full frames queued for the consumer; see [`budget`].
pub const MAX_QUEUE_FRAMES: usize = 4;
/// Smallest memory limit accepted.
pub const MIN_MEMORY_LIMIT: usize = 64 << 10;
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
/// frames of `frame_bytes` must fit in `limit`. The queue holds at most [`MAX_QUEUE_FRAMES`]
/// even when the limit allows more: a longer queue does not read faster (the consumer sets the
/// pace), it only holds more memory while the consumer is behind.
pub fn budget(limit: usize, workers: usize) -> (usize, usize) {
    let workers = workers.max(1);
    if limit / MAX_FRAME_BYTES >= workers + 2 {
        let queue = (limit / MAX_FRAME_BYTES - workers - 1).min(MAX_QUEUE_FRAMES);
        (MAX_FRAME_BYTES, queue)
    } else {
        let frame = (limit / (workers + 2)).max(MIN_FRAME_BYTES);
        (frame, 1)
    }
}

type Msg = frame_queue::Msg<ReadFailure>;

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

impl FrameAccounting for Progress {
    fn delivered(&self, frame: &Frame) {
        self.records
            .fetch_add(u64::from(frame.records()), Ordering::Relaxed);
        self.bytes.fetch_add(frame.len() as u64, Ordering::Relaxed);
    }

    fn released(&self, frame: &Frame) {
        self.buffered_bytes
            .fetch_sub(frame.len() as u64, Ordering::Relaxed);
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
    /// Bins to read; empty: all.
    bins: Vec<String>,
    /// The packed filter expression.
    filter_exp: Option<Vec<u8>>,
    range: Option<IndexRange>,
    /// Per worker (each reads one node at a time).
    records_per_second: u32,
    socket_timeout: Duration,
    credential: Option<Credential>,
    /// TLS to the nodes, when the cluster's connection uses it.
    tls: Option<Arc<rustls::ClientConfig>>,
    max_retries: u32,
    backoff: Duration,
    frame_bytes: usize,
    progress: Arc<Progress>,
    /// Set by `close` or by the first worker that fails: everything winds down.
    stop: watch::Sender<bool>,
    closed: AtomicBool,
}

/// An open reader over one split. Frames are pulled with [`next_frame`](Self::next_frame) from
/// a thread outside the runtime (the Java task thread).
pub struct SplitReader {
    ctx: Arc<Ctx>,
    /// Keeps the registry's client while the reader is open; see [`Ctx`].
    _client: Arc<SharedClient>,
    consumer: Mutex<FrameConsumer<ReadFailure>>,
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
        let (bins, filter_exp) = check_options(options)?;
        let workers = split
            .shares
            .iter()
            .filter(|s| !s.partitions.is_empty())
            .count()
            .max(1);
        let (frame_bytes, queue_frames) = budget(options.memory_limit, workers);
        let credential = match client.config().credentials() {
            Some((user, password)) => {
                Some(
                    Credential::new(user, password).map_err(|e| Error::InvalidArgument {
                        what: "password",
                        value: String::new(),
                        reason: e.to_string(),
                    })?,
                )
            }
            None => None,
        };
        let tls = match client.config().tls() {
            Some(t) => Some(Arc::new(t.client_config()?)),
            None => None,
        };
        let range = split.range.as_ref().map(|r| IndexRange {
            bin: r.bin.clone(),
            begin: r.begin,
            end: r.end,
        });
        // Each worker reads one node; the split's rate is shared among them.
        let records_per_second = if options.records_per_second == 0 {
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
            bins,
            filter_exp,
            range,
            records_per_second,
            socket_timeout: Duration::from_millis(u64::from(options.timeout_ms)),
            credential,
            tls,
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
            consumer: Mutex::new(FrameConsumer::new(rx)),
            frame_bytes,
            queue_frames,
            workers,
        })
    }

    /// The next frame, or `None` once the split is read to its end. Blocks while no frame is
    /// ready; must not be called on a runtime thread. The frame returned before is released.
    /// After a failure every call returns the same error.
    pub fn next_frame(&self) -> Result<Option<Arc<Frame>>> {
        let ctx = &self.ctx;
        lock(&self.consumer).next(
            ctx.progress.as_ref(),
            &ctx.closed,
            Errors {
                closed: || self.closed_error(),
                failed: Error::Read,
                // Every sender is gone without an end or failure message: a task died.
                lost: || ReadFailure {
                    code: code::CLIENT_ERROR,
                    namespace: ctx.split.namespace.clone(),
                    split: ctx.label.clone(),
                    partitions: partition_ranges::describe(&ctx.progress.unread(&ctx.split)),
                    retries: 0,
                    cause: "the reader's tasks stopped without finishing (internal error)".into(),
                },
            },
        )
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
            c.release(self.ctx.progress.as_ref());
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

/// Checks what every reader checks of its options; returns the bins to read (empty: all) and
/// the packed filter expression.
pub(crate) fn check_options(options: &ReadOptions) -> Result<(Vec<String>, Option<Vec<u8>>)> {
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
    let bins = options.bins.clone().unwrap_or_default();
    if let Some(bad) = bins.iter().find(|b| b.is_empty() || b.len() > 15) {
        return Err(Error::InvalidArgument {
            what: "bin name",
            value: bad.clone(),
            reason: "bin names have 1 to 15 bytes".into(),
        });
    }
    let filter_exp = options
        .filter_exp
        .as_deref()
        .map(parse_filter)
        .transpose()?;
    Ok((bins, filter_exp))
}

/// The filter expression's packed bytes, checked by the crate's reader of the Java client's
/// base64 form so that a damaged one is refused here, naming it, rather than by every node.
fn parse_filter(b64: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    let invalid = |reason: String| Error::InvalidArgument {
        what: "filter expression (base64)",
        value: b64.chars().take(64).collect(),
        reason,
    };
    from_base64(b64.trim()).map_err(|e| invalid(e.to_string()))?;
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| invalid(e.to_string()))
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
    let mut sink = Sink {
        frames: FrameBuilder::new(ctx.frame_bytes),
        accepted: 0,
        tx,
        stop: ctx.stop.subscribe(),
        progress: ctx.progress.clone(),
    };
    let mut idle: Option<NodeConnection> = None;
    let chunk_size = partitions.len().div_ceil(PROGRESS_STEPS).max(MIN_CHUNK);
    for chunk in partitions.chunks(chunk_size) {
        let read = read_chunk(&ctx, share, &mut sink, &mut idle, chunk).await;
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

/// Where a worker's frames go, and how many records it has put into them.
struct Sink {
    frames: FrameBuilder,
    accepted: u64,
    tx: mpsc::Sender<Msg>,
    stop: watch::Receiver<bool>,
    progress: Arc<Progress>,
}

impl Sink {
    /// Hands a frame to the consumer, waiting for room; false when reading is being stopped.
    async fn send(&mut self, frame: Frame) -> bool {
        self.progress.frame_built(&frame);
        let mut stop = self.stop.clone();
        tokio::select! {
            sent = self.tx.send(Msg::Frame(frame)) => sent.is_ok(),
            _ = stop.wait_for(|s| *s) => false,
        }
    }

    /// Sends the frame in progress, if it holds records; false when reading is being stopped.
    async fn flush(&mut self) -> bool {
        match self.frames.finish() {
            Some(frame) => self.send(frame).await,
            None => true,
        }
    }
}

/// A partition still to read in a chunk, and where to resume it.
#[derive(Debug, Clone, Copy)]
struct Pending {
    resume: Resume,
    /// Answered as unavailable in the current round.
    unavailable: bool,
}

/// Why a round failed.
#[derive(Debug)]
enum RoundError {
    /// The node could not be reached, timed out, cut the connection or refused the login.
    Node(NodeError),
    /// The node refused or aborted the scan with a result code.
    Server {
        result: u8,
        address: String,
        detail: Option<String>,
    },
    /// The answer could not be read.
    Wire { address: String, error: WireError },
    /// Partitions the nodes could not serve this round (no master, or answered unavailable).
    Unavailable(String),
    /// The reader is being stopped.
    Stopped,
}

/// Server refusals that another round would meet again.
const FINAL_RESULTS: [u8; 9] = [4, 16, 20, 21, 26, 80, 81, 201, 203];
/// Login refusals: bad user or credential, no such user, expired password...
const LOGIN_RESULTS: std::ops::RangeInclusive<i32> = 60..=65;

impl RoundError {
    fn retryable(&self) -> bool {
        match self {
            RoundError::Node(NodeError::Login { code, .. }) => !LOGIN_RESULTS.contains(code),
            RoundError::Node(_) | RoundError::Unavailable(_) => true,
            RoundError::Server { result, .. } => !FINAL_RESULTS.contains(result),
            // A record whose value cannot be handed to Java would be met again.
            RoundError::Wire {
                error: WireError::BadValue { .. },
                ..
            } => false,
            RoundError::Wire { .. } => true,
            RoundError::Stopped => false,
        }
    }

    fn code(&self) -> i32 {
        match self {
            RoundError::Node(e) => e.code(),
            RoundError::Server { result, .. } => i32::from(*result),
            RoundError::Wire {
                error: WireError::BadValue { .. },
                ..
            } => code::PARSE_ERROR,
            RoundError::Wire { .. } => code::PARSE_ERROR,
            RoundError::Unavailable(_) => code::PARTITION_UNAVAILABLE,
            RoundError::Stopped => code::CLIENT_ERROR,
        }
    }

    fn describe(&self) -> String {
        match self {
            RoundError::Node(e) => e.to_string(),
            RoundError::Server {
                result,
                address,
                detail,
            } => match detail {
                Some(d) => format!("{address} answered result code {result}: {d}"),
                None => format!("{address} answered result code {result}"),
            },
            RoundError::Wire { address, error } => format!("{address}: {error}"),
            RoundError::Unavailable(what) => what.clone(),
            RoundError::Stopped => "stopped".into(),
        }
    }
}

/// One chunk of partitions: scans of their masters, resumed after failed rounds. The retry
/// limit counts consecutive failed rounds that delivered nothing: a round that moved the cursor
/// (say, cut by a server's send timeout while the consumer was slow) starts the count again.
async fn read_chunk(
    ctx: &Ctx,
    share: usize,
    sink: &mut Sink,
    idle: &mut Option<NodeConnection>,
    chunk: &[u16],
) -> std::result::Result<(), WorkerEnd> {
    let mut stop = ctx.stop.subscribe();
    let mut pending: Vec<Pending> = chunk
        .iter()
        .map(|&partition| Pending {
            resume: Resume {
                partition,
                digest: None,
                bval: None,
            },
            unavailable: false,
        })
        .collect();
    let mut budget = RetryBudget::new(ctx.max_retries);
    let mut first = true;
    loop {
        let accepted = sink.accepted;
        let round = tokio::select! {
            r = read_round(ctx, share, first, sink, idle, &mut pending) => r,
            _ = stop.wait_for(|s| *s) => Err(RoundError::Stopped),
        };
        first = false;
        let error = match round {
            Ok(()) if pending.is_empty() => return Ok(()),
            Ok(()) => RoundError::Unavailable(format!(
                "partitions {} were answered as unavailable",
                partition_ranges::describe_brief(
                    &pending
                        .iter()
                        .map(|p| p.resume.partition)
                        .collect::<Vec<_>>(),
                    8
                )
            )),
            Err(RoundError::Stopped) => return Err(WorkerEnd::Stopped),
            Err(e) => e,
        };
        if *stop.borrow() {
            return Err(WorkerEnd::Stopped);
        }
        let cause = error.describe();
        let progressed = sink.accepted > accepted;
        if !error.retryable() || !budget.failed_round(progressed) {
            return Err(WorkerEnd::Failed(WorkerFailure {
                code: error.code(),
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
            "scan round failed; resuming after the backoff"
        );
        tokio::select! {
            _ = tokio::time::sleep(ctx.backoff) => {}
            _ = stop.wait_for(|s| *s) => return Err(WorkerEnd::Stopped),
        }
    }
}

/// One round: the pending partitions grouped by the node that masters them (the share's node
/// in the first round, the nodes' current `replicas` answers after a failure), one scan each.
/// Partitions read to their end leave `pending`.
async fn read_round(
    ctx: &Ctx,
    share: usize,
    first: bool,
    sink: &mut Sink,
    idle: &mut Option<NodeConnection>,
    pending: &mut Vec<Pending>,
) -> std::result::Result<(), RoundError> {
    for p in pending.iter_mut() {
        p.unavailable = false;
    }
    let groups = if first {
        let node = &ctx.split.shares[share].node;
        let host = ctx.client.get_node(node).map(|n| n.host()).map_err(|e| {
            RoundError::Unavailable(format!("node {node} is no longer in the cluster: {e}"))
        })?;
        let target = Target {
            address: host.address(),
            tls_name: host.tls_name,
        };
        vec![(target, (0..pending.len()).collect::<Vec<_>>())]
    } else {
        group_by_master(ctx, pending).await?
    };
    for (target, members) in groups {
        scan_node(ctx, sink, idle, &target, pending, &members).await?;
    }
    pending.retain(|p| p.unavailable);
    Ok(())
}

/// Where a scan goes: the node's address, and the name its TLS certificate must carry.
struct Target {
    address: String,
    tls_name: Option<String>,
}

/// The pending partitions by current master: `(node, indexes into pending)`.
async fn group_by_master(
    ctx: &Ctx,
    pending: &[Pending],
) -> std::result::Result<Vec<(Target, Vec<usize>)>, RoundError> {
    let view = cluster_view(&ctx.client, ctx.timeout_ms)
        .await
        .map_err(|e| RoundError::Unavailable(format!("the partition map cannot be read: {e}")))?;
    let masters = view
        .partitions
        .masters(&ctx.split.namespace)
        .unwrap_or_else(|| vec![None; PARTITIONS]);
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut orphans = Vec::new();
    for (i, p) in pending.iter().enumerate() {
        match masters[usize::from(p.resume.partition)] {
            Some(node) => match groups.iter_mut().find(|(n, _)| *n == node) {
                Some((_, members)) => members.push(i),
                None => groups.push((node, vec![i])),
            },
            None => orphans.push(p.resume.partition),
        }
    }
    if !orphans.is_empty() {
        return Err(RoundError::Unavailable(format!(
            "no node masters partitions {}",
            partition_ranges::describe_brief(&orphans, 8)
        )));
    }
    Ok(groups
        .into_iter()
        .map(|(node, members)| {
            let view = &view.nodes[node];
            let target = Target {
                address: view.address.clone(),
                tls_name: view.tls_name.clone(),
            };
            (target, members)
        })
        .collect())
}

/// Scans `members` (indexes into `pending`) on the node at `address`, moving each partition's
/// resume point with every record put into a frame. A partition the node answers as unavailable
/// is flagged; the others are finished when the answer ends cleanly. The connection is kept for
/// the next scan only after a clean end.
async fn scan_node(
    ctx: &Ctx,
    sink: &mut Sink,
    idle: &mut Option<NodeConnection>,
    target: &Target,
    pending: &mut [Pending],
    members: &[usize],
) -> std::result::Result<(), RoundError> {
    let address = target.address.as_str();
    let mut conn = match idle.take() {
        Some(c) if c.address() == address => c,
        _ => {
            // Without a TLS name from the cluster, the certificate must name the address.
            let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
            let tls = ctx.tls.as_ref().map(|config| NodeTls {
                config,
                name: target
                    .tls_name
                    .as_deref()
                    .unwrap_or(host.trim_matches(['[', ']'])),
            });
            NodeConnection::open(address, tls, ctx.credential.as_ref(), ctx.socket_timeout)
                .await
                .map_err(RoundError::Node)?
        }
    };
    let resumes: Vec<Resume> = members.iter().map(|&i| pending[i].resume).collect();
    let request = ScanRequest {
        namespace: &ctx.split.namespace,
        set: &ctx.split.set,
        bins: &ctx.bins,
        filter_exp: ctx.filter_exp.as_deref(),
        range: ctx.range.as_ref(),
        records_per_second: ctx.records_per_second,
        socket_timeout_ms: ctx.socket_timeout.as_millis() as u32,
        task_id: next_task_id(),
        partitions: &resumes,
    }
    .encode();
    conn.send(&request).await.map_err(RoundError::Node)?;
    // Partition id → index into `pending`, for the records' resume points: looked up for every
    // record, so a table rather than a search through up to 4096 members (which had been half
    // of the reader's time on a one-node cluster).
    let mut slots = vec![usize::MAX; PARTITIONS];
    for &i in members {
        slots[usize::from(pending[i].resume.partition)] = i;
    }
    let slot_of = |partition: u16| {
        slots
            .get(usize::from(partition))
            .copied()
            .filter(|&i| i != usize::MAX)
    };
    let wire = |error: WireError| RoundError::Wire {
        address: address.to_string(),
        error,
    };
    loop {
        let kind = conn.read_message().await.map_err(RoundError::Node)?;
        if kind != TYPE_AS_MSG {
            return Err(wire(WireError::Malformed(format!(
                "a message of type {kind} inside a scan answer"
            ))));
        }
        let mut pos = 0;
        while pos < conn.body().len() {
            let msg = response::next_message(conn.body(), &mut pos).map_err(wire)?;
            match msg.kind() {
                Kind::Record => {
                    let partition = msg.partition().unwrap_or(u16::MAX);
                    let slot = slot_of(partition).ok_or_else(|| {
                        wire(WireError::Malformed(format!(
                            "a record of partition {partition}, which was not asked for"
                        )))
                    })?;
                    let full = sink
                        .frames
                        .push_encoded(|out| msg.encode_record(out))
                        .map_err(wire)?;
                    let resume = &mut pending[slot].resume;
                    resume.digest = msg.digest.copied();
                    if ctx.range.is_some() {
                        resume.bval = msg.bval;
                    }
                    sink.accepted += 1;
                    if let Some(frame) = full {
                        if !sink.send(frame).await {
                            return Err(RoundError::Stopped);
                        }
                    }
                }
                Kind::PartitionDone { partition, result } => {
                    if result != response::RC_OK {
                        if let Some(slot) = slot_of(partition) {
                            pending[slot].unavailable = true;
                        }
                    }
                }
                Kind::Last { result: 0 } => {
                    *idle = Some(conn);
                    return Ok(());
                }
                Kind::Last { result } | Kind::Refused { result } => {
                    return Err(RoundError::Server {
                        result,
                        address: address.to_string(),
                        detail: msg.detail(),
                    });
                }
            }
        }
    }
}

/// A distinct id for every scan this process sends (the server lists running scans by it).
fn next_task_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = u64::from(std::process::id()) << 40;
    seed | (NEXT.fetch_add(1, Ordering::Relaxed) & ((1 << 40) - 1))
}

/// How many more rounds a chunk may try. The limit counts consecutive failed rounds that
/// delivered nothing; a round that delivered records starts the count again, so a long read cut
/// now and then (a server's send timeout while the consumer was slow) is not failed for it.
pub(crate) struct RetryBudget {
    limit: u32,
    /// Failed rounds in a row, counting back to the last one that delivered records.
    fruitless: u32,
    /// Resumes so far.
    pub(crate) retried: u32,
}

impl RetryBudget {
    pub(crate) fn new(limit: u32) -> RetryBudget {
        RetryBudget {
            limit,
            fruitless: 0,
            retried: 0,
        }
    }

    /// Accounts for a failed round; true when another may be tried.
    pub(crate) fn failed_round(&mut self, progressed: bool) -> bool {
        self.fruitless = if progressed { 1 } else { self.fruitless + 1 };
        if self.fruitless > self.limit {
            return false;
        }
        self.retried += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_limit_gets_full_size_frames_and_a_short_queue() {
        assert_eq!(budget(64 << 20, 1), (MAX_FRAME_BYTES, MAX_QUEUE_FRAMES));
        assert_eq!(budget(64 << 20, 3), (MAX_FRAME_BYTES, MAX_QUEUE_FRAMES));
        // A limit with room for fewer: what fits.
        assert_eq!(budget(5 << 20, 1), (MAX_FRAME_BYTES, 3));
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
    fn network_errors_and_unavailable_partitions_are_retried_and_refusals_are_not() {
        let reset = RoundError::Node(NodeError::Io {
            address: "n:3000".into(),
            source: std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset"),
        });
        assert!(reset.retryable());
        assert_eq!(reset.code(), code::SERVER_NOT_AVAILABLE);
        assert!(RoundError::Unavailable("partitions 1".into()).retryable());
        let timeout = RoundError::Server {
            result: 9,
            address: "n:3000".into(),
            detail: None,
        };
        assert!(timeout.retryable());
        let no_index = RoundError::Server {
            result: 201,
            address: "n:3000".into(),
            detail: Some("no index on bin 'n'".into()),
        };
        assert!(!no_index.retryable());
        assert_eq!(no_index.code(), 201);
        assert_eq!(
            no_index.describe(),
            "n:3000 answered result code 201: no index on bin 'n'"
        );
        let refused = RoundError::Node(NodeError::Login {
            code: 65,
            reason: "user 'u' on n:3000".into(),
        });
        assert!(!refused.retryable());
        assert_eq!(refused.code(), 65);
        let bad_value = RoundError::Wire {
            address: "n:3000".into(),
            error: WireError::BadValue {
                digest: "00".into(),
                partition: 0,
                reason: "bin 's': a string value that is not UTF-8".into(),
            },
        };
        assert!(!bad_value.retryable());
    }

    #[test]
    fn task_ids_differ_from_scan_to_scan() {
        let a = next_task_id();
        let b = next_task_id();
        assert_ne!(a, b);
        assert_eq!(a >> 40, u64::from(std::process::id()) & 0xff_ffff);
    }
}
