//! How a native call ends when it fails: every entry point runs through [`entry`], which turns an
//! `Err` and a panic alike into a thrown `io.aerohadoop.AerospikeException` carrying a result code.
//! A Hadoop task must see an exception it can report and retry; a panic unwinding into the JVM
//! would abort the whole task JVM instead.

use std::any::Any;

use jni::errors::ErrorPolicy;
use jni::objects::{JThrowable, JValue};
use jni::{jni_sig, jni_str, Env, EnvUnowned};

use crate::error::{code, Error};

/// What a native entry point can fail with: the core's own errors, or a failed JNI call.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JniError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("JNI call failed: {0}")]
    Jni(#[from] jni::errors::Error),
}

/// What to do about a failed call, decided without touching the JVM so it can be unit-tested.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Throw {
    /// A Java exception is already pending (a Java method called from Rust threw it): let it
    /// propagate, it says more than anything the core could add.
    KeepPending,
    /// Throw an `AerospikeException` with this code and message.
    Aerospike { code: i32, message: String },
}

pub(crate) fn throw_for(err: &JniError) -> Throw {
    match err {
        JniError::Jni(jni::errors::Error::JavaException) => Throw::KeepPending,
        JniError::Core(e) => Throw::Aerospike {
            code: e.result_code(),
            message: e.to_string(),
        },
        JniError::Jni(e) => Throw::Aerospike {
            code: code::CLIENT_ERROR,
            message: format!("JNI call failed in aerohadoop native code: {e}"),
        },
    }
}

/// The exception a caught panic becomes.
pub(crate) fn throw_for_panic(payload: &(dyn Any + Send)) -> Throw {
    let what = if let Some(s) = payload.downcast_ref::<&'static str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    };
    Throw::Aerospike {
        code: code::CLIENT_ERROR,
        message: format!("aerohadoop native code panicked: {what}"),
    }
}

const EXCEPTION_CLASS: &jni::strings::JNIStr = jni_str!("io/aerohadoop/AerospikeException");

/// Throws `new AerospikeException(code, message)`. If that class cannot be built (a jar without
/// it), falls back to `java.io.IOException` so the caller still gets an exception, not silence.
fn throw_aerospike(env: &mut Env<'_>, code: i32, message: &str) -> jni::errors::Result<()> {
    let built = (|| -> jni::errors::Result<JThrowable<'_>> {
        let class = env.find_class(EXCEPTION_CLASS)?;
        let text = env.new_string(message)?;
        let obj = env.new_object(
            &class,
            jni_sig!("(ILjava/lang/String;)V"),
            &[JValue::Int(code), JValue::Object(&text)],
        )?;
        env.cast_local::<JThrowable>(obj)
    })();
    match built {
        Ok(throwable) => match env.throw(&throwable) {
            // `throw` reports the exception it just made pending as an error; that is success here.
            Ok(()) | Err(jni::errors::Error::JavaException) => Ok(()),
            Err(e) => Err(e),
        },
        Err(e) => {
            tracing::error!(error = %e, "cannot build AerospikeException; throwing IOException");
            env.exception_clear();
            let text = jni::strings::JNIString::from(format!("[result code {code}] {message}"));
            match env.throw_new(jni_str!("java/io/IOException"), &text) {
                Ok(()) | Err(jni::errors::Error::JavaException) => Ok(()),
                Err(e) => Err(e),
            }
        }
    }
}

fn apply(env: &mut Env<'_>, throw: Throw) -> jni::errors::Result<()> {
    match throw {
        Throw::KeepPending => Ok(()),
        Throw::Aerospike { code, message } => {
            if env.exception_check() {
                // Most JNI calls are illegal with an exception pending; the pending one wins.
                tracing::warn!(code, %message, "not thrown: a Java exception is already pending");
                return Ok(());
            }
            throw_aerospike(env, code, &message)
        }
    }
}

/// The error policy of every entry point: see the module documentation.
pub(crate) struct ThrowAerospikeException;

impl<T: Default> ErrorPolicy<T, JniError> for ThrowAerospikeException {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut (),
        err: JniError,
    ) -> jni::errors::Result<T> {
        apply(env, throw_for(&err))?;
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut (),
        payload: Box<dyn Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        let throw = throw_for_panic(payload.as_ref());
        // Dropping a payload can itself panic; the policy runs under catch_unwind, but leaking
        // the payload is the cheaper way to stay out of that path.
        std::mem::forget(payload);
        apply(env, throw)?;
        Ok(T::default())
    }
}

/// Runs the body of a native method: `Ok` is returned to Java, `Err` and panics become a thrown
/// `AerospikeException` (the returned value is then the type's default, which Java never sees).
pub(crate) fn entry<'local, T, F>(env: &mut EnvUnowned<'local>, body: F) -> T
where
    T: Default,
    F: FnOnce(&mut Env<'local>) -> Result<T, JniError>,
{
    env.with_env(body).resolve::<ThrowAerospikeException>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_error_keeps_its_result_code_and_message() {
        let err = JniError::Core(Error::InvalidArgument {
            what: "seed host list",
            value: "x:y".into(),
            reason: "port is not a number".into(),
        });
        assert_eq!(
            throw_for(&err),
            Throw::Aerospike {
                code: 4,
                message: "invalid seed host list 'x:y': port is not a number".into()
            }
        );
    }

    #[test]
    fn a_pending_java_exception_is_left_to_propagate() {
        let err = JniError::Jni(jni::errors::Error::JavaException);
        assert_eq!(throw_for(&err), Throw::KeepPending);
    }

    #[test]
    fn another_jni_failure_is_a_client_error_naming_the_failure() {
        let err = JniError::Jni(jni::errors::Error::WrongObjectType);
        match throw_for(&err) {
            Throw::Aerospike { code, message } => {
                assert_eq!(code, -1);
                assert!(message.starts_with("JNI call failed"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_panic_with_a_static_message_becomes_a_client_error() {
        let payload = std::panic::catch_unwind(|| panic!("boom")).unwrap_err();
        assert_eq!(
            throw_for_panic(payload.as_ref()),
            Throw::Aerospike {
                code: -1,
                message: "aerohadoop native code panicked: boom".into()
            }
        );
    }

    #[test]
    fn a_panic_with_a_formatted_message_keeps_the_message() {
        let n = 7;
        let payload = std::panic::catch_unwind(|| panic!("index {n} out of range")).unwrap_err();
        match throw_for_panic(payload.as_ref()) {
            Throw::Aerospike { message, .. } => {
                assert_eq!(
                    message,
                    "aerohadoop native code panicked: index 7 out of range"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_panic_without_a_message_is_still_reported() {
        let payload = std::panic::catch_unwind(|| std::panic::panic_any(42u8)).unwrap_err();
        match throw_for_panic(payload.as_ref()) {
            Throw::Aerospike { code, message } => {
                assert_eq!(code, -1);
                assert!(message.ends_with("a panic without a message"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
