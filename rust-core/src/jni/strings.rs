//! Java strings in, Rust strings out, with a `null` turned into an error that names the argument.

use jni::objects::JString;
use jni::Env;

use crate::error::Error;
use crate::jni::error::JniError;

/// The value of a `String` argument that must not be `null`.
pub(crate) fn required(
    env: &Env<'_>,
    s: &JString<'_>,
    what: &'static str,
) -> Result<String, JniError> {
    if s.is_null() {
        return Err(Error::InvalidArgument {
            what,
            value: "null".into(),
            reason: "a value is required".into(),
        }
        .into());
    }
    Ok(s.try_to_string(env)?)
}

/// The value of a `String` argument where `null` means "not given".
pub(crate) fn optional(env: &Env<'_>, s: &JString<'_>) -> Result<Option<String>, JniError> {
    if s.is_null() {
        return Ok(None);
    }
    Ok(Some(s.try_to_string(env)?))
}

/// The longest namespace name a server takes, in UTF-8 bytes.
const MAX_NAMESPACE_BYTES: usize = 31;
/// The longest set name a server takes, in UTF-8 bytes.
const MAX_SET_BYTES: usize = 63;

/// A namespace argument: given, 1 to 31 bytes, as a server has it. java-shim's configuration
/// checks the same; checked again here because every record written or encoded repeats the name
/// (a megabyte-long one made the export encoders reserve hundreds of gigabytes).
pub(crate) fn namespace(env: &Env<'_>, s: &JString<'_>) -> Result<String, JniError> {
    let namespace = required(env, s, "namespace")?;
    if namespace.is_empty() || namespace.len() > MAX_NAMESPACE_BYTES {
        return Err(name_error("namespace", &namespace, MAX_NAMESPACE_BYTES, 1).into());
    }
    Ok(namespace)
}

/// A set argument: `null` or empty for none, else at most 63 bytes.
pub(crate) fn set(env: &Env<'_>, s: &JString<'_>) -> Result<String, JniError> {
    let set = optional(env, s)?.unwrap_or_default();
    if set.len() > MAX_SET_BYTES {
        return Err(name_error("set name", &set, MAX_SET_BYTES, 0).into());
    }
    Ok(set)
}

fn name_error(what: &'static str, name: &str, max: usize, min: usize) -> Error {
    // A name far too long is shown by its start only.
    let shown: String = name.chars().take(80).collect();
    Error::InvalidArgument {
        what,
        value: if shown.len() < name.len() {
            format!("{shown}…")
        } else {
            shown
        },
        reason: format!("{} bytes; a server takes {min} to {max}", name.len()),
    }
}
