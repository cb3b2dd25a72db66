//! Entry points of `io.aerohadoop.internal.NativeExport`: the export's file formats written from
//! frames Java holds. Glue only: the encoding is in `json_lines.rs`, `seq_records.rs` and
//! `avro_datums.rs`.

use std::cell::RefCell;

use jni::elements::ReleaseMode;
use jni::objects::{JByteArray, JClass, JIntArray, JString};
use jni::sys::{jint, jlong};
use jni::{Env, EnvUnowned};

use crate::avro_datums;
use crate::error::Error;
use crate::jni::error::{entry, JniError};
use crate::jni::strings;
use crate::json_lines;
use crate::seq_records;

thread_local! {
    /// The encoded frame, before it is copied into Java's array, and where its records start.
    /// Kept per thread only to reuse the allocations (one export writer thread per file): nothing
    /// is carried from one call to the next.
    static ENCODED: RefCell<(Vec<u8>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

fn invalid(what: &'static str, value: impl ToString, reason: &str) -> JniError {
    Error::InvalidArgument {
        what,
        value: value.to_string(),
        reason: reason.into(),
    }
    .into()
}

/// `offset` and `length` as a range of an array of `array_len` elements.
fn range(
    offset: jint,
    length: jint,
    array_len: usize,
    what: &'static str,
) -> Result<(usize, usize), JniError> {
    let start = usize::try_from(offset)
        .map_err(|_| invalid(what, offset, "offset must not be negative"))?;
    let len = usize::try_from(length)
        .map_err(|_| invalid(what, length, "length must not be negative"))?;
    if start.checked_add(len).is_none_or(|end| end > array_len) {
        return Err(invalid(
            what,
            format!("{start}+{len}"),
            &format!("outside the array of {array_len} bytes"),
        ));
    }
    Ok((start, len))
}

/// `static native int jsonLines0(byte[] frame, int offset, int length, int count, String namespace,
/// long nowCitrus, byte[] out, int outOffset)`: encodes the `count` records at
/// `frame[offset..offset+length]` (a frame's records, after its record count) as JSON lines and
/// copies them into `out` from `outOffset`. Returns how many bytes were written; if they do not fit,
/// nothing is written and the result is minus the number needed (the caller grows `out` and calls
/// again).
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeExport_jsonLines0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    frame: JByteArray<'local>,
    offset: jint,
    length: jint,
    count: jint,
    namespace: JString<'local>,
    now_citrus: jlong,
    out: JByteArray<'local>,
    out_offset: jint,
) -> jint {
    entry(&mut env, |env| {
        let args = Args::new(
            env, &frame, offset, length, count, &namespace, &out, out_offset,
        )?;
        ENCODED.with_borrow_mut(|(bytes, _)| {
            bytes.clear();
            pinned(env, &frame, |records| {
                json_lines::write_lines(
                    &records[args.start..args.end],
                    args.count,
                    &args.namespace,
                    now_citrus,
                    bytes,
                )
            })?;
            copy_out(env, bytes, &out, args.out_start, args.out_len)
        })
    })
}

/// `static native int seqRecords0(byte[] frame, int offset, int length, int count,
/// String namespace, long nowCitrus, byte[] out, int outOffset, int[] starts)`: as `jsonLines0`,
/// with uncompressed SequenceFile records (`seq_records.rs`); `starts[i]` is set to where record
/// `i` starts, counted from `outOffset` (`starts` holds at least `count`).
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeExport_seqRecords0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    frame: JByteArray<'local>,
    offset: jint,
    length: jint,
    count: jint,
    namespace: JString<'local>,
    now_citrus: jlong,
    out: JByteArray<'local>,
    out_offset: jint,
    starts: JIntArray<'local>,
) -> jint {
    starts_entry(
        &mut env,
        &frame,
        offset,
        length,
        count,
        &namespace,
        now_citrus,
        &out,
        out_offset,
        &starts,
        seq_records::write_records,
    )
}

/// `static native int avroDatums0(byte[] frame, int offset, int length, int count,
/// String namespace, long nowCitrus, byte[] out, int outOffset, int[] starts)`: as
/// `seqRecords0`, with the export schema's Avro datums (`avro_datums.rs`).
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeExport_avroDatums0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    frame: JByteArray<'local>,
    offset: jint,
    length: jint,
    count: jint,
    namespace: JString<'local>,
    now_citrus: jlong,
    out: JByteArray<'local>,
    out_offset: jint,
    starts: JIntArray<'local>,
) -> jint {
    starts_entry(
        &mut env,
        &frame,
        offset,
        length,
        count,
        &namespace,
        now_citrus,
        &out,
        out_offset,
        &starts,
        avro_datums::write_datums,
    )
}

/// An encoder that also says where each record starts (`seq_records`, `avro_datums`): records,
/// count, namespace, clock, bytes out, starts out.
type StartsEncoder = fn(&[u8], u32, &str, i64, &mut Vec<u8>, &mut Vec<u32>) -> Result<(), Error>;

/// The body of every entry whose encoder also says where each record starts: its arguments as
/// the entry takes them, checked; then [`with_starts`].
#[allow(clippy::too_many_arguments)] // the JNI signature's
fn starts_entry(
    env: &mut EnvUnowned<'_>,
    frame: &JByteArray<'_>,
    offset: jint,
    length: jint,
    count: jint,
    namespace: &JString<'_>,
    now_citrus: jlong,
    out: &JByteArray<'_>,
    out_offset: jint,
    starts: &JIntArray<'_>,
    encode: StartsEncoder,
) -> jint {
    entry(env, |env| {
        let args = Args::new(
            env, frame, offset, length, count, namespace, out, out_offset,
        )?;
        with_starts(
            env,
            frame,
            out,
            starts,
            &args,
            |records, bytes, record_starts| {
                encode(
                    records,
                    args.count,
                    &args.namespace,
                    now_citrus,
                    bytes,
                    record_starts,
                )
            },
        )
    })
}

/// Encodes, copies the bytes into `out` and the starts into `starts` when they fit.
fn with_starts(
    env: &Env<'_>,
    frame: &JByteArray<'_>,
    out: &JByteArray<'_>,
    starts: &JIntArray<'_>,
    args: &Args,
    encode: impl FnOnce(&[u8], &mut Vec<u8>, &mut Vec<u32>) -> Result<(), Error>,
) -> Result<jint, JniError> {
    if starts.is_null() || starts.len(env)? < args.count as usize {
        return Err(invalid(
            "record start array",
            "too short",
            &format!("must hold {} entries", args.count),
        ));
    }
    ENCODED.with_borrow_mut(|(bytes, record_starts)| {
        bytes.clear();
        record_starts.clear();
        pinned(env, frame, |records| {
            encode(&records[args.start..args.end], bytes, record_starts)
        })?;
        let written = copy_out(env, bytes, out, args.out_start, args.out_len)?;
        if written >= 0 {
            // SAFETY: u32 and i32 have the same layout; every start is below 2 GiB (written fits).
            let ints: &[i32] = unsafe {
                std::slice::from_raw_parts(record_starts.as_ptr().cast(), record_starts.len())
            };
            starts.set_region(env, 0, ints)?;
        }
        Ok(written)
    })
}

/// The arguments every encoding entry takes, checked.
struct Args {
    start: usize,
    end: usize,
    count: u32,
    namespace: String,
    out_start: usize,
    out_len: usize,
}

impl Args {
    #[allow(clippy::too_many_arguments)]
    fn new(
        env: &Env<'_>,
        frame: &JByteArray<'_>,
        offset: jint,
        length: jint,
        count: jint,
        namespace: &JString<'_>,
        out: &JByteArray<'_>,
        out_offset: jint,
    ) -> Result<Args, JniError> {
        if frame.is_null() || out.is_null() {
            return Err(invalid(
                "frame or output array",
                "null",
                "both arrays are required",
            ));
        }
        let count = u32::try_from(count)
            .map_err(|_| invalid("record count", count, "must not be negative"))?;
        let namespace = strings::namespace(env, namespace)?;
        let (start, len) = range(offset, length, frame.len(env)?, "frame range")?;
        let out_len = out.len(env)?;
        let (out_start, _) = range(out_offset, 0, out_len, "output offset")?;
        Ok(Args {
            start,
            end: start + len,
            count,
            namespace,
            out_start,
            out_len,
        })
    }
}

/// Copies `bytes` into `out` from `out_start` if they fit: their length, else minus it.
fn copy_out(
    env: &Env<'_>,
    bytes: &[u8],
    out: &JByteArray<'_>,
    out_start: usize,
    out_len: usize,
) -> Result<jint, JniError> {
    let written = jint::try_from(bytes.len()).map_err(|_| {
        invalid(
            "frame",
            format!("{} bytes encoded", bytes.len()),
            "more than a Java array holds",
        )
    })?;
    if bytes.len() > out_len - out_start {
        return Ok(-written);
    }
    // SAFETY: u8 and i8 have the same size and alignment; only the sign of each byte differs.
    let signed: &[i8] = unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast(), bytes.len()) };
    out.set_region(env, out_start as jint, signed)?;
    Ok(written)
}

/// Runs `encode` over the frame's own array, pinned for the duration (no copy of it): the
/// encoders call back into nothing, so nothing runs on the JVM while it is held.
fn pinned(
    env: &Env<'_>,
    frame: &JByteArray<'_>,
    encode: impl FnOnce(&[u8]) -> Result<(), Error>,
) -> Result<(), JniError> {
    // SAFETY: between this call and the drop of `elements` no JNI function is called and the
    // thread does not block on anything the JVM holds.
    let elements = unsafe { frame.get_elements_critical(env, ReleaseMode::NoCopyBack)? };
    // SAFETY: i8 and u8 share their layout.
    let bytes: &[u8] =
        unsafe { std::slice::from_raw_parts(elements.as_ptr().cast(), elements.len()) };
    let result = encode(bytes);
    drop(elements);
    Ok(result?)
}
