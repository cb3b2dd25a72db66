//! The one tokio runtime of the process. Every client the core opens runs its tend loop and its
//! commands here, so a JVM that reads and writes through many handles still has one small pool of
//! I/O threads, not one per handle.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::{Error, Result};

/// Worker threads of the shared runtime. Commands are I/O bound and the per-record work happens in
/// the JVM, so a few threads serve a task JVM; Hadoop runs one task per core already.
const WORKER_THREADS: usize = 4;

static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();

/// The process-wide runtime, started on first use and kept until the process exits (a runtime in a
/// static is never dropped: its threads end with the process).
pub fn handle() -> Result<Handle> {
    let built = RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(WORKER_THREADS)
            .thread_name("aerohadoop-io")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    match built {
        Ok(rt) => Ok(rt.handle().clone()),
        Err(e) => Err(Error::Internal(format!(
            "cannot start the I/O runtime: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_started_once_and_runs_tasks() {
        let a = handle().expect("runtime");
        let b = handle().expect("runtime");
        assert_eq!(a.id(), b.id());
        let sum = a.block_on(async { a.spawn(async { 20 + 22 }).await });
        assert_eq!(sum.expect("task"), 42);
    }
}
