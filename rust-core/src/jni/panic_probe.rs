//! A test hook and nothing else. `io.aerohadoop.internal.PanicProbe`, a class of java-shim's
//! *test* sources (never in the shipped jar), calls it to prove that a panic under [`entry`]
//! reaches Java as an `AerospikeException` carrying the panic's message, and that the JVM goes on
//! (the library has no input that panics: every path reachable from Java returns errors instead,
//! so a forced panic is the only way to exercise `on_panic` end to end). The JVM binds this symbol
//! only to a class of that exact name, so no production class can reach it.

use jni::objects::{JClass, JString};
use jni::sys::jint;
use jni::EnvUnowned;

use crate::jni::error::entry;
use crate::jni::strings;

/// `static native int panicInsideEntry(String message)`: panics with `message`; never returns.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_PanicProbe_panicInsideEntry<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
    message: JString<'local>,
) -> jint {
    entry(&mut env, |env| {
        let text = strings::required(env, &message, "panic message")?;
        panic!("{text}")
    })
}
