//! The consumer's end of a reader's bounded frame queue, shared by the partition scan
//! ([`crate::scan`]) and the key reader ([`crate::key_read`]): the Java task thread pulls full
//! frames one at a time; the frame it was last given stays valid (and counted as buffered memory)
//! until the next pull or close. A queue whose senders are all gone without an end or failure
//! message fails the reader: calling that "no more records" would be the silent short read both
//! readers exist to prevent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::error::{Error, Result};
use crate::frame::Frame;

/// What a reader's tasks send the consumer; `F` is the reader's failure.
pub(crate) enum Msg<F> {
    Frame(Frame),
    End,
    Failed(F),
}

/// The reader's accounting of frames crossing the queue.
pub(crate) trait FrameAccounting {
    /// A frame reaches the consumer: count its records and bytes.
    fn delivered(&self, frame: &Frame);
    /// The consumer is done with a frame: its bytes are no longer buffered.
    fn released(&self, frame: &Frame);
}

/// How a reader names its own errors, for [`FrameConsumer::next`].
pub(crate) struct Errors<C, W, L> {
    /// The reader was closed.
    pub closed: C,
    /// Wraps the reader's failure.
    pub failed: W,
    /// The failure when the tasks vanished without a word.
    pub lost: L,
}

enum State<F> {
    Open,
    Ended,
    Failed(F),
}

pub(crate) struct FrameConsumer<F> {
    rx: mpsc::Receiver<Msg<F>>,
    /// The frame last returned; its memory stays valid until the next call or close.
    current: Option<Arc<Frame>>,
    state: State<F>,
}

impl<F: Clone> FrameConsumer<F> {
    pub(crate) fn new(rx: mpsc::Receiver<Msg<F>>) -> FrameConsumer<F> {
        FrameConsumer {
            rx,
            current: None,
            state: State::Open,
        }
    }

    /// The next frame, or `None` at the end; blocks while none is ready (never call it on a
    /// runtime thread). The frame returned before is released. After a failure every call
    /// returns the same error.
    pub(crate) fn next<C, W, L>(
        &mut self,
        accounting: &dyn FrameAccounting,
        closed: &AtomicBool,
        errors: Errors<C, W, L>,
    ) -> Result<Option<Arc<Frame>>>
    where
        C: Fn() -> Error,
        W: Fn(F) -> Error,
        L: FnOnce() -> F,
    {
        self.release(accounting);
        if closed.load(Ordering::Acquire) {
            return Err((errors.closed)());
        }
        match &self.state {
            State::Open => {}
            State::Ended => return Ok(None),
            State::Failed(f) => return Err((errors.failed)(f.clone())),
        }
        match self.rx.blocking_recv() {
            Some(Msg::Frame(frame)) => {
                accounting.delivered(&frame);
                let frame = Arc::new(frame);
                self.current = Some(frame.clone());
                Ok(Some(frame))
            }
            Some(Msg::End) => {
                self.state = State::Ended;
                Ok(None)
            }
            Some(Msg::Failed(f)) => {
                self.state = State::Failed(f.clone());
                Err((errors.failed)(f))
            }
            None if closed.load(Ordering::Acquire) => Err((errors.closed)()),
            None => {
                let f = (errors.lost)();
                self.state = State::Failed(f.clone());
                Err((errors.failed)(f))
            }
        }
    }

    /// Gives back the frame last returned, if any (on the next pull or at close).
    pub(crate) fn release(&mut self, accounting: &dyn FrameAccounting) {
        if let Some(previous) = self.current.take() {
            accounting.released(&previous);
        }
    }
}
