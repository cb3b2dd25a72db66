//! Entry points of `io.aerohadoop.internal.NativeCluster`: a handle on a shared client.

use std::sync::LazyLock;

use jni::objects::{JClass, JObject, JObjectArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::EnvUnowned;

use crate::cluster::{self, SharedClient};
use crate::connection::ConnectionConfig;
use crate::error::Error;
use crate::jni::error::entry;
use crate::jni::handles::Handles;
use crate::jni::strings;
use crate::tls::TlsSettings;

pub(crate) static CLUSTERS: LazyLock<Handles<SharedClient>> =
    LazyLock::new(|| Handles::new("NativeCluster"));

/// `static native long connect0(String hosts, String user, String password, int timeoutMs,
/// String tlsCaFile, String tlsName, String tlsCertFile, String tlsKeyFile)`; TLS when
/// `tlsCaFile` is not null.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeCluster_connect0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    hosts: JString<'local>,
    user: JString<'local>,
    password: JString<'local>,
    timeout_ms: jint,
    tls_ca_file: JString<'local>,
    tls_name: JString<'local>,
    tls_cert_file: JString<'local>,
    tls_key_file: JString<'local>,
) -> jlong {
    entry(&mut env, |env| {
        let hosts = strings::required(env, &hosts, "seed host list")?;
        let user = strings::optional(env, &user)?;
        let password = strings::optional(env, &password)?;
        let timeout_ms = u32::try_from(timeout_ms).map_err(|_| Error::InvalidArgument {
            what: "timeout in milliseconds",
            value: timeout_ms.to_string(),
            reason: "must be positive".into(),
        })?;
        let mut config =
            ConnectionConfig::new(&hosts, user.as_deref(), password.as_deref(), timeout_ms)?;
        if let Some(ca_file) = strings::optional(env, &tls_ca_file)? {
            config = config.with_tls(TlsSettings {
                ca_file,
                name: strings::optional(env, &tls_name)?,
                cert_file: strings::optional(env, &tls_cert_file)?,
                key_file: strings::optional(env, &tls_key_file)?,
            })?;
        }
        let shared = cluster::global()?.acquire(config)?;
        Ok(CLUSTERS.insert(shared))
    })
}

/// `static native String[] nodeNames0(long handle)`.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeCluster_nodeNames0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let names = CLUSTERS.get(handle)?.node_names();
        let array = JObjectArray::<JString>::new(env, names.len(), JString::null())?;
        for (i, name) in names.iter().enumerate() {
            let s = env.new_string(name)?;
            array.set_element(env, i, &s)?;
        }
        Ok(array.into())
    })
}

/// `static native String[] info0(long handle, String command)`: `[node, answer, node, answer, …]`
/// from every active node, in node-name order.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeCluster_info0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    command: JString<'local>,
) -> JObject<'local> {
    entry(&mut env, |env| {
        let shared = CLUSTERS.get(handle)?;
        let command = strings::required(env, &command, "info command")?;
        // Blocks on the runtime for the answers; this is a JVM thread, not a runtime one.
        let answers = shared.info_all(&command)?;
        let array = JObjectArray::<JString>::new(env, answers.len() * 2, JString::null())?;
        for (i, (node, answer)) in answers.iter().enumerate() {
            for (j, text) in [node, answer].into_iter().enumerate() {
                let s = env.new_string(text)?;
                array.set_element(env, 2 * i + j, &s)?;
                env.delete_local_ref(s);
            }
        }
        Ok(array.into())
    })
}

/// `static native int openClientCount0()`: clients the process-wide registry holds.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeCluster_openClientCount0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
) -> jint {
    entry(&mut env, |_env| {
        let count = cluster::global()?.client_count();
        Ok(jint::try_from(count).unwrap_or(jint::MAX))
    })
}

/// `static native boolean dispose0(long handle)`: releases the handle's client; false if the
/// handle was not live.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeCluster_dispose0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> jboolean {
    entry(&mut env, |_env| Ok(CLUSTERS.remove(handle)))
}
