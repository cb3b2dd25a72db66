//! Entry points of `io.aerohadoop.internal.NativeReader` for key-list reads: planning key splits
//! and opening a reader over one. Glue only: the work is in `key_split.rs` and `key_read.rs`;
//! frames, statistics and closing go through the reader entry points (`reader.rs`).

use jni::objects::{JByteArray, JClass, JObject, JObjectArray, JString};
use jni::sys::{jint, jlong};
use jni::{Env, EnvUnowned};

use crate::error::Error;
use crate::jni::cluster::CLUSTERS;
use crate::jni::error::{entry, JniError};
use crate::jni::reader::{read_options, Reader, READERS};
use crate::jni::strings;
use crate::key_read::KeyReader;
use crate::key_split::{plan_keys, KeySplit};
use crate::user_key::decode_keys;

fn key_split_arg(env: &Env<'_>, split: &JByteArray<'_>) -> Result<KeySplit, JniError> {
    if split.is_null() {
        return Err(Error::InvalidArgument {
            what: "key split",
            value: "null".into(),
            reason: "a split is required".into(),
        }
        .into());
    }
    Ok(KeySplit::from_bytes(&env.convert_byte_array(split)?)?)
}

/// `static native byte[][] planKeySplits(long cluster, String namespace, String set, byte[] keys,
/// int maxKeysPerSplit)`: `keys` is a MessagePack array of integers, strings and blobs;
/// `maxKeysPerSplit <= 0` means one split per master node.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_planKeySplits<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    cluster: jlong,
    namespace: JString<'local>,
    set: JString<'local>,
    keys: JByteArray<'local>,
    max_keys_per_split: jint,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(cluster)?;
        let namespace = strings::namespace(env, &namespace)?;
        let set = strings::set(env, &set)?;
        if keys.is_null() {
            return Err(Error::InvalidArgument {
                what: "key list",
                value: "null".into(),
                reason: "a key list is required".into(),
            }
            .into());
        }
        let keys = decode_keys(&env.convert_byte_array(&keys)?)?;
        let max_keys = usize::try_from(max_keys_per_split).unwrap_or(0);
        // Blocks on the runtime for the nodes' answers; this is a JVM thread, not a runtime one.
        let view = shared.view()?;
        let splits = plan_keys(&view, &namespace, &set, keys, max_keys)?;
        let array = JObjectArray::<JByteArray>::new(env, splits.len(), JByteArray::null())?;
        for (i, s) in splits.iter().enumerate() {
            let bytes = env.byte_array_from_slice(&s.to_bytes())?;
            array.set_element(env, i, &bytes)?;
            env.delete_local_ref(bytes);
        }
        Ok(array.into())
    })
}

/// `static native String[] keySplitLocations(byte[] split)`: the host of the keys' master.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_keySplitLocations<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let host = key_split_arg(env, &split)?.host;
        let array = JObjectArray::<JString>::new(env, 1, JString::null())?;
        let s = env.new_string(host)?;
        array.set_element(env, 0, &s)?;
        Ok(array.into())
    })
}

/// `static native int keySplitKeyCount(byte[] split)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_keySplitKeyCount<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> jint {
    entry(&mut env, |env| {
        Ok(jint::try_from(key_split_arg(env, &split)?.keys.len()).unwrap_or(jint::MAX))
    })
}

/// `static native String describeKeySplit(byte[] split)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_describeKeySplit<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    split: JByteArray<'local>,
) -> JString<'local> {
    entry(&mut env, |env| {
        let text = key_split_arg(env, &split)?.describe();
        Ok(env.new_string(text)?)
    })
}

/// `static native long openKeyReader(long cluster, byte[] split, String namespace, String set,
/// String[] bins, String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs,
/// int timeoutMs)`: a reader used through `nextFrame`, `readerStats` and `closeReader`.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the JNI signature
pub extern "system" fn Java_io_aerohadoop_internal_NativeReader_openKeyReader<'local>(
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
    timeout_ms: jint,
) -> jlong {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(cluster)?;
        let split = key_split_arg(env, &split)?;
        let namespace = strings::namespace(env, &namespace)?;
        let set = strings::set(env, &set)?;
        let options = read_options(
            env,
            &bins,
            &filter_exp_base64,
            memory_limit_bytes,
            max_retries,
            backoff_ms,
            0,
            timeout_ms,
        )?;
        let reader = KeyReader::open(shared, split, &namespace, &set, &options)?;
        Ok(READERS.insert(Reader::Keys(reader)))
    })
}
