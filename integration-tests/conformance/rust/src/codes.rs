//! Result codes as the cases assert them: the numbers of the wire protocol, so a failure message
//! names the code a server would have sent (see `aerospike-wire-protocol.md` §5.6).

use aerospike::Error;

pub const KEY_NOT_FOUND: i32 = 2;
pub const GENERATION: i32 = 3;
pub const PARAMETER: i32 = 4;
pub const KEY_EXISTS: i32 = 5;
pub const INCOMPATIBLE_TYPE: i32 = 12;
pub const NAMESPACE: i32 = 20;
pub const FILTERED_OUT: i32 = 27;
pub const INVALID_CREDENTIAL: i32 = 65;
pub const INDEX_NOT_FOUND: i32 = 201;

/// The server result code an error carries anywhere in its cause chain, as a number.
pub fn server_code(err: &Error) -> Option<i32> {
    err.server_result_code().map(|rc| i32::from(u8::from(rc)))
}

/// The server code of `result`'s error; fails the calling test when the call succeeded or failed
/// without a server code (a timeout, a refused connection).
#[track_caller]
pub fn expect_server_code<T: std::fmt::Debug>(result: aerospike::Result<T>) -> i32 {
    match result {
        Ok(v) => panic!("expected a server error, got Ok({v:?})"),
        Err(e) => match server_code(&e) {
            Some(code) => code,
            None => panic!("expected a server result code, got {e:?}"),
        },
    }
}
