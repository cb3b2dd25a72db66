//! Entry points of `io.aerohadoop.internal.NativeLibrary`.

use jni::objects::{JClass, JString};
use jni::EnvUnowned;

use crate::jni::error::entry;

/// `static native String nativeVersion0()`: the crate version the library was built from, so the
/// Java side can refuse a library that does not match its jar.
#[no_mangle]
pub extern "system" fn Java_io_aerohadoop_internal_NativeLibrary_nativeVersion0<'local>(
    mut env: EnvUnowned<'local>,
    _class: JClass<'local>,
) -> JString<'local> {
    entry(&mut env, |env| {
        Ok(env.new_string(env!("CARGO_PKG_VERSION"))?)
    })
}
