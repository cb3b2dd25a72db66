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
