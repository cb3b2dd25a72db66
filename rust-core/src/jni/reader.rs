//! Entry points of `io.aerohadoop.internal.NativeReader`: split planning and split readers.
//! Glue only: arguments are checked and converted here, the work is in `split.rs` and `scan.rs`.
//! Readers over key lists (`keys.rs`) share the handle table and the frame, statistics and close
//! entry points.

use std::sync::LazyLock;
use std::time::Duration;

use jni::objects::{JByteArray, JClass, JLongArray, JObject, JObjectArray, JString};
use jni::sys::{jint, jlong};
use jni::{Env, EnvUnowned};

use crate::error::{Error, Result as CoreResult};
use crate::frame::Frame;
use crate::jni::cluster::CLUSTERS;
use crate::jni::error::{entry, JniError};
use crate::jni::handles::Handles;
use crate::jni::strings;
use crate::key_read::KeyReader;
use crate::scan::{MemoryBudget, ReadOptions, ReaderStats, SplitReader};
use crate::split::{self, NumRange, PartitionRange, PlanRequest, Split, SplitMode};

/// An open reader of either kind.
pub(super) enum Reader {
    Split(SplitReader),
    Keys(KeyReader),
}

impl Reader {
    fn next_frame(&self) -> CoreResult<Option<std::sync::Arc<Frame>>> {
        match self {
            Reader::Split(r) => r.next_frame(),
            Reader::Keys(r) => r.next_frame(),
        }
    }

    fn stats(&self) -> (ReaderStats, MemoryBudget, (u64, u64)) {
        match self {
            Reader::Split(r) => (r.stats(), r.memory(), (0, 0)),
            Reader::Keys(r) => (r.stats(), r.memory(), r.absent()),
        }
    }

    fn close(&self) {
        match self {
            Reader::Split(r) => r.close(),
            Reader::Keys(r) => r.close(),
        }
    }
}

pub(super) static READERS: LazyLock<Handles<Reader>> =
    LazyLock::new(|| Handles::new("NativeReader"));

/// `static native byte[][] planSplits(long cluster, String namespace, String set, int mode,
/// int splitCount, String rangeBin, long rangeBegin, long rangeEnd, int partitionFirst,
/// int partitionLast)`: the partition range is inclusive (0, 4095 for the whole namespace).
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_planSplits<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    cluster: jlong,
    namespace: JString<'local>,
    set: JString<'local>,
    mode: jint,
    split_count: jint,
    range_bin: JString<'local>,
    range_begin: jlong,
    range_end: jlong,
    partition_first: jint,
    partition_last: jint,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(cluster)?;
        let namespace = strings::namespace(env, &namespace)?;
        let set = strings::set(env, &set)?;
        let mode = SplitMode::from_code(mode)?;
        let range = match mode {
            SplitMode::NumRange => Some(NumRange {
                bin: strings::required(env, &range_bin, "numeric range bin")?,
                begin: range_begin,
                end: range_end,
            }),
            _ => None,
        };
        let partitions = PartitionRange::new(partition_first, partition_last)?;
        // Blocks on the runtime for the nodes' answers; this is a JVM thread, not a runtime one.
        let view = shared.view()?;
        let splits = split::plan(
            &view,
            &PlanRequest {
                namespace,
                set,
                mode,
                split_count,
                range,
                partitions,
            },
        )?;
        let array = JObjectArray::<JByteArray>::new(env, splits.len(), JByteArray::null())?;
        for (i, s) in splits.iter().enumerate() {
            let bytes = env.byte_array_from_slice(&s.to_bytes())?;
            array.set_element(env, i, &bytes)?;
            // Up to 4096 splits: release each local reference rather than fill the local frame.
            env.delete_local_ref(bytes);
        }
        Ok(array.into())
    })
}

fn split_arg(env: &Env<'_>, split: &JByteArray<'_>) -> Result<Split, JniError> {
    if split.is_null() {
        return Err(Error::InvalidArgument {
            what: "input split",
            value: "null".into(),
            reason: "a split is required".into(),
        }
        .into());
    }
    Ok(Split::from_bytes(&env.convert_byte_array(split)?)?)
}

/// `static native String[] splitLocations(byte[] split)`: host names, best first.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_splitLocations<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let hosts = split_arg(env, &split)?.locations();
        let array = JObjectArray::<JString>::new(env, hosts.len(), JString::null())?;
        for (i, host) in hosts.iter().enumerate() {
            let s = env.new_string(host)?;
            array.set_element(env, i, &s)?;
            env.delete_local_ref(s);
        }
        Ok(array.into())
    })
}

/// `static native int splitPartitionCount(byte[] split)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_splitPartitionCount<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> jint {
    entry(&mut env, |env| {
        // At most 4096, so the conversion cannot fail.
        Ok(jint::try_from(split_arg(env, &split)?.partition_count()).unwrap_or(jint::MAX))
    })
}

/// `static native String describeSplit(byte[] split)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_describeSplit<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> JString<'local> {
    entry(&mut env, |env| {
        let text = split_arg(env, &split)?.describe();
        Ok(env.new_string(text)?)
    })
}

pub(super) fn non_negative(what: &'static str, value: i64) -> Result<u64, Error> {
    u64::try_from(value).map_err(|_| Error::InvalidArgument {
        what,
        value: value.to_string(),
        reason: "must not be negative".into(),
    })
}

/// The options of `openReader` and `openKeyReader`, checked.
#[allow(clippy::too_many_arguments)] // the JNI arguments, as passed
pub(super) fn read_options(
    env: &mut Env<'_>,
    bins: &JObjectArray<'_, JString<'_>>,
    filter_exp_base64: &JString<'_>,
    memory_limit_bytes: jlong,
    max_retries: jint,
    backoff_ms: jint,
    records_per_second: jint,
    timeout_ms: jint,
) -> Result<ReadOptions, JniError> {
    let bins = if bins.is_null() {
        None
    } else {
        let mut names = Vec::new();
        for i in 0..bins.len(env)? {
            let name = bins.get_element(env, i)?;
            names.push(strings::required(env, &name, "bin name")?);
            env.delete_local_ref(name);
        }
        Some(names)
    };
    let filter_exp = strings::optional(env, filter_exp_base64)?.filter(|f| !f.is_empty());
    let timeout_ms = u32::try_from(timeout_ms)
        .ok()
        .filter(|&t| t > 0)
        .ok_or_else(|| Error::InvalidArgument {
            what: "timeout in milliseconds",
            value: timeout_ms.to_string(),
            reason: "must be positive".into(),
        })?;
    Ok(ReadOptions {
        bins,
        filter_exp,
        memory_limit: usize::try_from(non_negative("memory limit in bytes", memory_limit_bytes)?)
            .unwrap_or(usize::MAX),
        max_retries: non_negative("retry count", i64::from(max_retries))? as u32,
        backoff: Duration::from_millis(non_negative(
            "retry backoff in milliseconds",
            i64::from(backoff_ms),
        )?),
        records_per_second: non_negative("records per second", i64::from(records_per_second))?
            as u32,
        timeout_ms,
    })
}

/// `static native long openReader(long cluster, byte[] split, String namespace, String set,
/// String[] bins, String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs,
/// int recordsPerSecond, int timeoutMs)`.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_openReader<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    cluster: jlong,
    split: JByteArray<'local>,
    namespace: JString<'local>,
    set: JString<'local>,
    bins: JObjectArray<'local, JString<'local>>,
    filter_exp_base64: JString<'local>,
    memory_limit_bytes: jlong,
    max_retries: jint,
    backoff_ms: jint,
    records_per_second: jint,
    timeout_ms: jint,
) -> jlong {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(cluster)?;
        let split = split_arg(env, &split)?;
        let namespace = strings::namespace(env, &namespace)?;
        let set = strings::set(env, &set)?;
        let options = read_options(
            env,
            &bins,
            &filter_exp_base64,
            memory_limit_bytes,
            max_retries,
            backoff_ms,
            records_per_second,
            timeout_ms,
        )?;
        let reader = SplitReader::open(shared, split, &namespace, &set, &options)?;
        Ok(READERS.insert(Reader::Split(reader)))
    })
}

/// `static native ByteBuffer nextFrame(long reader)`: a direct buffer over the next frame, valid
/// until the next call or `closeReader`; null once the split is read to its end.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_nextFrame<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    reader: jlong,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let reader = READERS.get(reader)?;
        // Blocks this JVM thread (not a runtime thread) until a frame, the end or a failure.
        match reader.next_frame()? {
            None => Ok(JObject::null()),
            Some(frame) => {
                let bytes = frame.bytes();
                // SAFETY: the pointer and length describe the frame's own allocation, which the
                // reader keeps (as the current frame) until the next `nextFrame` or `closeReader`
                // on this handle; that is the buffer's documented validity in Java. Java only
                // reads it. A frame always holds at least its 4-byte header, so it is not null.
                let buffer =
                    unsafe { env.new_direct_byte_buffer(bytes.as_ptr() as *mut u8, bytes.len())? };
                Ok(buffer.into())
            }
        }
    })
}

/// `static native long[] readerStats(long reader)`: `[records, bytes, partitionsDone,
/// partitionsTotal, retries, peakBufferedBytes, fillingBytes, keysNotFound, keysFilteredOut]`.
/// Items 5 and 6 are the reader's native memory: the most frame bytes that existed at once
/// (queued, waiting to be queued, or held by Java), and the buffers of the frames being filled
/// (one per worker) on top of that. A key-list reader counts keys where a scan counts partitions,
/// and the keys answered as not found or filtered out (0 for a scan).
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_readerStats<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    reader: jlong,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let reader = READERS.get(reader)?;
        let (s, m, (not_found, filtered_out)) = reader.stats();
        let filling = (m.workers as u64).saturating_mul(m.frame_bytes as u64);
        let values = [
            s.records,
            s.bytes,
            s.partitions_done,
            s.partitions_total,
            s.retries,
            m.peak_buffered_bytes,
            filling,
            not_found,
            filtered_out,
        ]
        .map(|v| jlong::try_from(v).unwrap_or(jlong::MAX));
        let array = JLongArray::new(env, values.len())?;
        array.set_region(env, 0, &values)?;
        Ok(array.into())
    })
}

/// `static native void closeReader(long reader)`: stops the reader and releases its frames. A
/// handle that is not open (closed before) is ignored.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_closeReader<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    reader: jlong,
) {
    entry(&mut env, |_env| {
        if let Ok(r) = READERS.get(reader) {
            // Wakes a `nextFrame` blocked on another thread; the reader itself goes once the
            // last call using it returns.
            r.close();
            READERS.remove(reader);
        }
        Ok(())
    })
}
