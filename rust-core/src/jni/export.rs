//! Entry points of `io.aerohadoop.internal.NativeExport`: the export's file formats written from
//! frames Java holds. Glue only: the encoding is in `json_lines.rs`.

use std::cell::RefCell;

use jni::elements::ReleaseMode;
use jni::objects::{JByteArray, JClass, JString};
use jni::sys::{jint, jlong};
use jni::{Env, EnvUnowned};

use crate::error::Error;
use crate::jni::error::{entry, JniError};
use crate::jni::strings;
use crate::json_lines;

thread_local! {
    /// The lines of the frame being encoded, before they are copied into Java's array. Kept per
    /// thread only to reuse the allocation (one export writer thread per file): nothing is carried
    /// from one call to the next.
    static LINES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
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
        if frame.is_null() || out.is_null() {
            return Err(invalid(
                "frame or output array",
                "null",
                "both arrays are required",
            ));
        }
        let count = u32::try_from(count)
            .map_err(|_| invalid("record count", count, "must not be negative"))?;
        let namespace = strings::required(env, &namespace, "namespace")?;
        let (start, len) = range(offset, length, frame.len(env)?, "frame range")?;
        let out_len = out.len(env)?;
        let (out_start, _) = range(out_offset, 0, out_len, "output offset")?;
        LINES.with_borrow_mut(|lines| -> Result<jint, JniError> {
            lines.clear();
            encode(
                env, &frame, start, len, count, &namespace, now_citrus, lines,
            )?;
            let written = jint::try_from(lines.len()).map_err(|_| {
                invalid(
                    "frame",
                    format!("{count} records"),
                    "encode to more than 2 GiB of JSON lines",
                )
            })?;
            if lines.len() > out_len - out_start {
                return Ok(-written);
            }
            // SAFETY: u8 and i8 have the same size and alignment; only the sign of each byte differs.
            let bytes: &[i8] =
                unsafe { std::slice::from_raw_parts(lines.as_ptr().cast(), lines.len()) };
            out.set_region(env, out_start as jint, bytes)?;
            Ok(written)
        })
    })
}

/// Encodes from the frame's own array, pinned for the duration (no copy of it): the encoder calls
/// back into nothing, so nothing runs on the JVM while it is held.
#[allow(clippy::too_many_arguments)]
fn encode(
    env: &Env<'_>,
    frame: &JByteArray<'_>,
    start: usize,
    len: usize,
    count: u32,
    namespace: &str,
    now_citrus: i64,
    lines: &mut Vec<u8>,
) -> Result<(), JniError> {
    // SAFETY: between this call and the drop of `elements` no JNI function is called and the
    // thread does not block on anything the JVM holds.
    let elements = unsafe { frame.get_elements_critical(env, ReleaseMode::NoCopyBack)? };
    // SAFETY: as above, i8 and u8 share their layout.
    let bytes: &[u8] =
        unsafe { std::slice::from_raw_parts(elements.as_ptr().cast(), elements.len()) };
    let result = json_lines::write_lines(
        &bytes[start..start + len],
        count,
        namespace,
        now_citrus,
        lines,
    );
    drop(elements);
    Ok(result?)
}
