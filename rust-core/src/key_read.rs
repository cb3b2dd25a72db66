//! A key-list split's reader: batch reads of the split's keys, each key sent to the node mastering
//! its partition, the found records put into the same frames a scan produces (so Java decodes
//! them unchanged) and handed to the consumer over a bounded channel.
//!
//! Guarantees, as the scan's reader keeps them (see `scan.rs`):
//! - **Every key once.** A key is done when its row is answered: found (its record is put into a
//!   frame), not found (result 2) or filtered out (27); found and absent keys are counted. A
//!   key whose row was not answered (a node error, a timeout, a retryable row result such as 11
//!   "partition unavailable") stays pending and is sent again in the next round, to the master
//!   its partition has then; a key is never read twice.
//! - **Bounded memory, back-pressure.** One frame being filled, the channel's capacity and the
//!   consumer's frame, sized by the scan's [`budget`]; the answer is read one proto message (at
//!   most 128 KiB from a server) at a time, and reading waits while the channel is full.
//! - **Never a silent short read.** The stream ends with an explicit end or failure message; a
//!   round that leaves keys pending is retried after the backoff, up to `max_retries` rounds in a
//!   row that read nothing, and then the split fails naming the keys not read, the node and the
//!   result code. A row refused for good (say, a bin that cannot be handed to Java) fails at once.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tracing::{debug, info, info_span, warn, Instrument};

use crate::cluster::SharedClient;
use crate::error::{code, Error, KeyReadFailure, Result};
use crate::frame::{Frame, FrameBuilder};
use crate::frame_queue::{self, Errors, FrameAccounting, FrameConsumer};
use crate::key_split::KeySplit;
use crate::scan::{budget, check_options, MemoryBudget, ReadOptions, ReaderStats, RetryBudget};
use crate::user_key::{describe_keys, UserKey};
use crate::wire::batch_answer::read_rows;
use crate::wire::batch_read::ReadRows;
use crate::write_route::{
    batch_refusal, read_answer, result_text, retryable_result, unreadable, CallFailure, Route,
    Target,
};

/// Keys per batch request: well under a server's default `batch-max-requests` (5000), and small
/// enough that a retried batch repeats little work.
pub const BATCH_KEYS: usize = 1000;
/// Keys named in a failure message.
const NAMED_KEYS: usize = 20;

const RC_OK: u8 = 0;
const RC_NOT_FOUND: u8 = 2;
const RC_FILTERED_OUT: u8 = 27;

type Msg = frame_queue::Msg<KeyReadFailure>;

/// Counters shared by the reading task and the consumer.
#[derive(Default)]
struct Progress {
    records: AtomicU64,
    bytes: AtomicU64,
    keys_done: AtomicU64,
    not_found: AtomicU64,
    filtered_out: AtomicU64,
    retries: AtomicU64,
    buffered_bytes: AtomicU64,
    peak_buffered_bytes: AtomicU64,
}

impl Progress {
    fn frame_built(&self, frame: &Frame) {
        let now = self
            .buffered_bytes
            .fetch_add(frame.len() as u64, Ordering::Relaxed)
            + frame.len() as u64;
        self.peak_buffered_bytes.fetch_max(now, Ordering::Relaxed);
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

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a few plain assignments.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A key is pending until its row is answered as found, not found or filtered out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyState {
    Pending,
    Done,
}

/// What the reading task needs, fixed once the reader is open.
struct Ctx {
    split: KeySplit,
    label: String,
    bins: Vec<String>,
    filter_exp: Option<Vec<u8>>,
    digests: Vec<[u8; 20]>,
    particles: Vec<(u8, Vec<u8>)>,
    route: Route,
    max_retries: u32,
    backoff: Duration,
    frame_bytes: usize,
    progress: Arc<Progress>,
    stop: watch::Sender<bool>,
    closed: AtomicBool,
}

/// An open reader over one key split; used like the scan's `SplitReader`.
pub struct KeyReader {
    ctx: Arc<Ctx>,
    _client: Arc<SharedClient>,
    consumer: Mutex<FrameConsumer<KeyReadFailure>>,
    frame_bytes: usize,
    queue_frames: usize,
}

impl KeyReader {
    /// Starts reading `split`; `namespace` and `set` must be the ones it was planned for.
    /// `options.records_per_second` does not apply (a key list is read in a few batches).
    pub fn open(
        client: Arc<SharedClient>,
        split: KeySplit,
        namespace: &str,
        set: &str,
        options: &ReadOptions,
    ) -> Result<KeyReader> {
        for (what, given, planned) in [
            ("namespace", namespace, &split.namespace),
            ("set", set, &split.set),
        ] {
            if given != planned {
                return Err(Error::InvalidArgument {
                    what,
                    value: given.to_string(),
                    reason: format!("the key split was planned for {what} '{planned}'"),
                });
            }
        }
        let (bins, filter_exp) = check_options(options)?;
        let (frame_bytes, queue_frames) = budget(options.memory_limit, 1);
        let user = client
            .config()
            .credentials()
            .map(|(u, p)| (u.to_string(), p.to_string()));
        let tls = match client.config().tls() {
            Some(t) => Some(Arc::new(t.client_config()?)),
            None => None,
        };
        let route = Route::new(
            client.client().clone(),
            namespace,
            user,
            tls,
            options.timeout_ms,
            1,
        );
        let digests = split.keys.iter().map(|k| k.digest(set)).collect();
        let particles = split.keys.iter().map(UserKey::particle).collect();
        let (tx, rx) = mpsc::channel(queue_frames);
        let (stop, _) = watch::channel(false);
        let label = split.label();
        let ctx = Arc::new(Ctx {
            label,
            bins,
            filter_exp,
            digests,
            particles,
            route,
            max_retries: options.max_retries,
            backoff: options.backoff,
            frame_bytes,
            progress: Arc::new(Progress::default()),
            stop,
            closed: AtomicBool::new(false),
            split,
        });
        let span = info_span!(
            "key_split",
            namespace = %ctx.split.namespace,
            split = %ctx.label,
            keys = ctx.split.keys.len()
        );
        client
            .runtime()
            .spawn(run(ctx.clone(), tx).instrument(span));
        Ok(KeyReader {
            ctx,
            _client: client,
            consumer: Mutex::new(FrameConsumer::new(rx)),
            frame_bytes,
            queue_frames,
        })
    }

    /// The next frame, or `None` once every key is read; blocks while none is ready (not to be
    /// called on a runtime thread). After a failure every call returns the same error.
    pub fn next_frame(&self) -> Result<Option<Arc<Frame>>> {
        let ctx = &self.ctx;
        lock(&self.consumer).next(
            ctx.progress.as_ref(),
            &ctx.closed,
            Errors {
                closed: || self.closed_error(),
                failed: Error::KeyRead,
                // The task is gone without saying how it ended: never report that as the end.
                lost: || KeyReadFailure {
                    code: code::CLIENT_ERROR,
                    namespace: ctx.split.namespace.clone(),
                    split: ctx.label.clone(),
                    keys: "of the split".into(),
                    retries: 0,
                    cause: "the reader's task stopped without finishing (internal error)".into(),
                },
            },
        )
    }

    /// Records delivered, bytes, keys done (found or absent) of keys total, retried rounds.
    pub fn stats(&self) -> ReaderStats {
        let p = &self.ctx.progress;
        ReaderStats {
            records: p.records.load(Ordering::Relaxed),
            bytes: p.bytes.load(Ordering::Relaxed),
            partitions_done: p.keys_done.load(Ordering::Relaxed),
            partitions_total: self.ctx.split.keys.len() as u64,
            retries: p.retries.load(Ordering::Relaxed),
        }
    }

    /// Keys answered as not found, and keys whose record the filter expression left out.
    pub fn absent(&self) -> (u64, u64) {
        let p = &self.ctx.progress;
        (
            p.not_found.load(Ordering::Relaxed),
            p.filtered_out.load(Ordering::Relaxed),
        )
    }

    pub fn memory(&self) -> MemoryBudget {
        MemoryBudget {
            frame_bytes: self.frame_bytes,
            queue_frames: self.queue_frames,
            workers: 1,
            peak_buffered_bytes: self
                .ctx
                .progress
                .peak_buffered_bytes
                .load(Ordering::Relaxed),
        }
    }

    /// Stops reading; later calls to `next_frame` fail with "closed". Idempotent.
    pub fn close(&self) {
        if !self.ctx.closed.swap(true, Ordering::AcqRel) {
            self.ctx.stop.send_replace(true);
            debug!(split = %self.ctx.label, "key reader closed");
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

impl Drop for KeyReader {
    fn drop(&mut self) {
        self.close();
    }
}

/// Why a batch (or a round) did not read all its keys.
enum Stop {
    /// The reader is being closed.
    Closed,
    Failed(CallFailure),
}

/// Where frames go.
struct Sink {
    frames: FrameBuilder,
    tx: mpsc::Sender<Msg>,
    stop: watch::Receiver<bool>,
    progress: Arc<Progress>,
}

impl Sink {
    async fn send(&mut self, frame: Frame) -> bool {
        self.progress.frame_built(&frame);
        let mut stop = self.stop.clone();
        tokio::select! {
            sent = self.tx.send(Msg::Frame(frame)) => sent.is_ok(),
            _ = stop.wait_for(|s| *s) => false,
        }
    }

    async fn flush(&mut self) -> bool {
        match self.frames.finish() {
            Some(frame) => self.send(frame).await,
            None => true,
        }
    }
}

/// Reads every key of the split in rounds, then tells the consumer how it ended.
async fn run(ctx: Arc<Ctx>, tx: mpsc::Sender<Msg>) {
    let started = Instant::now();
    let mut sink = Sink {
        frames: FrameBuilder::new(ctx.frame_bytes),
        tx: tx.clone(),
        stop: ctx.stop.subscribe(),
        progress: ctx.progress.clone(),
    };
    let mut state = vec![KeyState::Pending; ctx.split.keys.len()];
    let mut retry = RetryBudget::new(ctx.max_retries);
    let mut fresh = false;
    let outcome = loop {
        let done_before = ctx.progress.keys_done.load(Ordering::Relaxed);
        let round = round(&ctx, &mut sink, &mut state, fresh).await;
        // Records read reach the consumer before any failure does.
        if !sink.flush().await {
            return;
        }
        let failure = match round {
            Ok(()) => break None,
            Err(Stop::Closed) => return,
            Err(Stop::Failed(f)) => f,
        };
        let progressed = ctx.progress.keys_done.load(Ordering::Relaxed) > done_before;
        if !failure.retryable || !retry.failed_round(progressed) {
            break Some(failure);
        }
        ctx.progress.retries.fetch_add(1, Ordering::Relaxed);
        let pending = state.iter().filter(|s| **s == KeyState::Pending).count();
        warn!(
            pending,
            retry = retry.retried,
            limit = ctx.max_retries,
            error = %failure.cause,
            "batch read round failed; retrying on the current masters after the backoff"
        );
        let mut stop = ctx.stop.subscribe();
        tokio::select! {
            _ = tokio::time::sleep(ctx.backoff) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        fresh = true;
    };
    let p = &ctx.progress;
    let msg = match outcome {
        None => {
            info!(
                keys = ctx.split.keys.len(),
                not_found = p.not_found.load(Ordering::Relaxed),
                filtered_out = p.filtered_out.load(Ordering::Relaxed),
                retries = p.retries.load(Ordering::Relaxed),
                millis = started.elapsed().as_millis() as u64,
                "key split read"
            );
            Msg::End
        }
        Some(f) => {
            let unread: Vec<&UserKey> = ctx
                .split
                .keys
                .iter()
                .zip(&state)
                .filter(|(_, s)| **s == KeyState::Pending)
                .map(|(k, _)| k)
                .collect();
            let failure = KeyReadFailure {
                code: f.code,
                namespace: ctx.split.namespace.clone(),
                split: ctx.label.clone(),
                keys: describe_keys(unread.into_iter(), NAMED_KEYS),
                retries: retry.retried,
                cause: f.cause,
            };
            warn!(error = %failure, "key split failed");
            Msg::Failed(failure)
        }
    };
    let _ = tx.send(msg).await;
}

/// One round: the pending keys grouped by their partition's master (the map read afresh after
/// a failure), one batch of up to [`BATCH_KEYS`] at a time. Every node is tried even when
/// another failed; the first failure is returned (a refusal that will not change wins).
async fn round(
    ctx: &Ctx,
    sink: &mut Sink,
    state: &mut [KeyState],
    fresh: bool,
) -> std::result::Result<(), Stop> {
    let masters = ctx.route.masters(fresh).await;
    let mut groups: Vec<(Target, Vec<u32>)> = Vec::new();
    let mut orphans: Vec<usize> = Vec::new();
    for (i, s) in state.iter().enumerate() {
        if *s != KeyState::Pending {
            continue;
        }
        let partition = crate::wire::response::partition_of(&ctx.digests[i]);
        match masters.master(partition) {
            Some(node) => match groups.iter_mut().find(|(t, _)| t == node) {
                Some((_, members)) => members.push(i as u32),
                None => groups.push((node.clone(), vec![i as u32])),
            },
            None => orphans.push(i),
        }
    }
    let mut failure: Option<CallFailure> = None;
    let mut note = |f: CallFailure| {
        let keep = failure.as_ref().is_some_and(|old| !old.retryable);
        if !keep {
            failure = Some(f);
        }
    };
    if !orphans.is_empty() {
        note(CallFailure {
            code: code::PARTITION_UNAVAILABLE,
            cause: format!(
                "no node masters the partition of keys {}",
                describe_keys(orphans.iter().map(|&i| &ctx.split.keys[i]), NAMED_KEYS)
            ),
            retryable: true,
        });
    }
    for (target, members) in groups {
        for chunk in members.chunks(BATCH_KEYS) {
            match batch(ctx, sink, state, &target, chunk).await {
                Ok(()) => {}
                Err(Stop::Closed) => return Err(Stop::Closed),
                Err(Stop::Failed(f)) => {
                    // Unreachable or silent: the node's other batches would meet the same.
                    let node_down = f.retryable
                        && (f.code == code::SERVER_NOT_AVAILABLE || f.code == code::TIMEOUT);
                    note(f);
                    if node_down {
                        break;
                    }
                }
            }
        }
    }
    match failure {
        None => Ok(()),
        Some(f) => Err(Stop::Failed(f)),
    }
}

/// One batch read of keys `chunk` (indexes into the split's keys) on `target`.
async fn batch(
    ctx: &Ctx,
    sink: &mut Sink,
    state: &mut [KeyState],
    target: &Target,
    chunk: &[u32],
) -> std::result::Result<(), Stop> {
    let rows: Vec<(u32, [u8; 20])> = chunk
        .iter()
        .map(|&i| (i, ctx.digests[i as usize]))
        .collect();
    let message = ReadRows {
        namespace: &ctx.split.namespace,
        set: &ctx.split.set,
        bins: &ctx.bins,
        filter_exp: ctx.filter_exp.as_deref(),
    }
    .request(&rows, ctx.route.timeout_ms());
    let mut conn = ctx
        .route
        .send(target, &message)
        .await
        .map_err(Stop::Failed)?;
    drop(message);
    let address = target.address.as_str();
    let set = Some(ctx.split.set.as_bytes());
    let mut row_failure: Option<CallFailure> = None;
    let p = &ctx.progress;
    loop {
        read_answer(&mut conn).await.map_err(Stop::Failed)?;
        let mut full = Vec::new();
        let last = read_rows(conn.body(), |index, msg| {
            let i = index as usize;
            let key = match ctx.split.keys.get(i) {
                // `chunk` is in ascending order, as `round` builds it.
                Some(k) if state[i] == KeyState::Pending && chunk.binary_search(&index).is_ok() => {
                    k
                }
                _ => {
                    row_failure.get_or_insert(CallFailure {
                        code: code::PARSE_ERROR,
                        cause: format!("{address} answered row {index}, which was not asked for"),
                        retryable: false,
                    });
                    return;
                }
            };
            match msg.result {
                RC_OK => {
                    let (ptype, bytes) = &ctx.particles[i];
                    let pushed = sink.frames.push_encoded(|out| {
                        msg.encode_record_as(out, &ctx.digests[i], set, Some((*ptype, bytes)))
                    });
                    match pushed {
                        Ok(frame) => {
                            full.extend(frame);
                            state[i] = KeyState::Done;
                            p.keys_done.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            row_failure = Some(CallFailure {
                                code: code::PARSE_ERROR,
                                cause: format!("key {key} from {address}: {e}"),
                                retryable: false,
                            });
                        }
                    }
                }
                RC_NOT_FOUND | RC_FILTERED_OUT => {
                    let counter = if msg.result == RC_NOT_FOUND {
                        &p.not_found
                    } else {
                        &p.filtered_out
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    state[i] = KeyState::Done;
                    p.keys_done.fetch_add(1, Ordering::Relaxed);
                }
                result => {
                    let f = CallFailure {
                        code: i32::from(result),
                        cause: format!(
                            "key {key} on {address}: {}",
                            result_text(result, msg.error_message)
                        ),
                        retryable: retryable_result(result),
                    };
                    if row_failure.as_ref().is_none_or(|old| old.retryable) {
                        row_failure = Some(f);
                    }
                }
            }
        })
        .map_err(|e| Stop::Failed(unreadable(&conn, &e)))?;
        for frame in full {
            if !sink.send(frame).await {
                return Err(Stop::Closed);
            }
        }
        let Some(last) = last else { continue };
        let refusal = batch_refusal(last.result, last.error_message).map(|mut f| {
            f.cause = format!("{address}: {}", f.cause);
            f
        });
        ctx.route.keep(conn);
        return match refusal.or(row_failure) {
            None => Ok(()),
            Some(f) => Err(Stop::Failed(f)),
        };
    }
}
