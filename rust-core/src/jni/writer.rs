//! Entry points of `io.aerohadoop.internal.NativeWriter`: batch writers. Glue only: arguments are
//! checked and converted here, the work is in `write.rs` and `write_frame.rs`.

use std::sync::{Arc, LazyLock};

use jni::objects::{JByteBuffer, JClass, JLongArray, JObject, JObjectArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::EnvUnowned;

use crate::error::Error;
use crate::jni::cluster::CLUSTERS;
use crate::jni::error::entry;
use crate::jni::handles::Handles;
use crate::jni::strings;
use crate::write::{
    expiration_from_ttl, generation_policy_from_code, WriteMode, WriteOptions, Writer,
};

static WRITERS: LazyLock<Handles<Writer>> = LazyLock::new(|| Handles::new("NativeWriter"));

fn invalid(what: &'static str, value: impl ToString, reason: &str) -> Error {
    Error::InvalidArgument {
        what,
        value: value.to_string(),
        reason: reason.into(),
    }
}

fn positive(what: &'static str, value: jint) -> Result<usize, Error> {
    usize::try_from(value)
        .ok()
        .filter(|&v| v > 0)
        .ok_or_else(|| invalid(what, value, "must be positive"))
}

/// `static native long openWriter(long cluster, String namespace, String set, int writeMode,
/// int ttl, int generationPolicy, boolean sendKey, boolean durableDelete, int batchSize,
/// int inflight, long maxErrors, int timeoutMs, int maxRetries)`.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_openWriter<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    cluster: jlong,
    namespace: JString<'local>,
    set: JString<'local>,
    write_mode: jint,
    ttl: jint,
    generation_policy: jint,
    send_key: jboolean,
    durable_delete: jboolean,
    batch_size: jint,
    inflight: jint,
    max_errors: jlong,
    timeout_ms: jint,
    max_retries: jint,
) -> jlong {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(cluster)?;
        let mut options = WriteOptions::new(&strings::namespace(env, &namespace)?);
        options.set = strings::set(env, &set)?;
        options.mode = WriteMode::from_code(write_mode)?;
        options.expiration = expiration_from_ttl(ttl)?;
        options.generation_policy = generation_policy_from_code(generation_policy)?;
        options.send_key = send_key;
        options.durable_delete = durable_delete;
        options.batch_size = positive("batch size", batch_size)?;
        options.inflight = positive("in-flight batch limit", inflight)?;
        options.max_errors = match max_errors {
            -1 => None,
            n => Some(
                u64::try_from(n)
                    .map_err(|_| invalid("error limit", n, "must be -1 or at least 0"))?,
            ),
        };
        options.timeout_ms = positive("timeout in milliseconds", timeout_ms)? as u32;
        options.max_retries = u32::try_from(max_retries)
            .map_err(|_| invalid("retry count", max_retries, "must not be negative"))?;
        let writer = Writer::open(Arc::clone(&shared), options)?;
        Ok(WRITERS.insert(writer))
    })
}

/// `static native void write(long writer, ByteBuffer frame, int length)`: the first `length`
/// bytes of the direct buffer `frame` are encoded into batch rows (copied) before anything can
/// block, so the buffer is free again when the call returns.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_write<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    writer: jlong,
    frame: JByteBuffer<'local>,
    length: jint,
) {
    entry(&mut env, |env| {
        let writer = WRITERS.get(writer)?;
        if frame.is_null() {
            return Err(invalid("write frame", "null", "a direct ByteBuffer is required").into());
        }
        let length = usize::try_from(length)
            .map_err(|_| invalid("write frame length", length, "must not be negative"))?;
        let not_direct = |_| {
            invalid(
                "write frame",
                "a heap ByteBuffer",
                "must be a direct ByteBuffer",
            )
        };
        let address = env.get_direct_buffer_address(&frame).map_err(not_direct)?;
        let capacity = env.get_direct_buffer_capacity(&frame).map_err(not_direct)?;
        if length > capacity {
            return Err(invalid(
                "write frame length",
                length,
                &format!("exceeds the buffer's capacity of {capacity} bytes"),
            )
            .into());
        }
        if length == 0 {
            return Err(
                invalid("write frame length", 0, "a frame holds at least its count").into(),
            );
        }
        // SAFETY: `address` is the start of the direct buffer's memory and `length` is within its
        // capacity (checked above, and `address` is not null for a non-zero capacity). Java does
        // not touch the buffer while this call runs (the contract: it may reuse it once `write`
        // returns), the buffer object is kept alive by the `frame` local reference until then,
        // and the writer encodes (copies) the bytes into its own rows before returning.
        let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, length) };
        writer.write(bytes)?;
        Ok(())
    })
}

/// `static native void flush(long writer)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_flush<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    writer: jlong,
) {
    entry(&mut env, |_env| {
        // Blocks this JVM thread (not a runtime thread) until every batch has answered.
        WRITERS.get(writer)?.flush()?;
        Ok(())
    })
}

/// `static native long[] writerStats(long writer)`: `[written, failed, retried, batches]`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_writerStats<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    writer: jlong,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let s = WRITERS.get(writer)?.stats();
        let values = [s.written, s.failed, s.retried, s.batches]
            .map(|v| jlong::try_from(v).unwrap_or(jlong::MAX));
        let array = JLongArray::new(env, values.len())?;
        array.set_region(env, 0, &values)?;
        Ok(array.into())
    })
}

/// `static native String[] drainFailures(long writer)`: failures not returned before, as
/// `key=<key> code=<n> <message>` lines; an empty array when there are none.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_drainFailures<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    writer: jlong,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let lines = WRITERS.get(writer)?.drain_failures();
        let array = JObjectArray::<JString>::new(env, lines.len(), JString::null())?;
        for (i, line) in lines.iter().enumerate() {
            let s = env.new_string(line)?;
            array.set_element(env, i, &s)?;
            env.delete_local_ref(s);
        }
        Ok(array.into())
    })
}

/// `static native void closeWriter(long writer)`: drops unsent records without flushing; batches
/// in flight finish on their own. A handle that is not open (closed before) is ignored.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeWriter_closeWriter<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    writer: jlong,
) {
    entry(&mut env, |_env| {
        if let Ok(w) = WRITERS.get(writer) {
            w.close();
            WRITERS.remove(writer);
        }
        Ok(())
    })
}
