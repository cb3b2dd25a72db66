//! The one error type of the core. Every failure carries the Aerospike result code a Java caller
//! sees (`AerospikeException.getResultCode()`) and a message that names the value, host or node at
//! fault, so a failed Hadoop task says what to fix without a debugger.

/// Result codes as the Aerospike Java client numbers them: server codes are positive, client-side
/// codes negative. Only the ones the core produces itself are listed; errors that come from the
/// `aerospike` crate keep the code it reported.
pub mod code {
    /// A client-side failure with no more specific code (Java `ResultCode.CLIENT_ERROR`).
    pub const CLIENT_ERROR: i32 = -1;
    /// An answer from a server that could not be parsed (Java `ResultCode.PARSE_ERROR`).
    pub const PARSE_ERROR: i32 = -2;
    /// A bad argument or configuration value (Java `ResultCode.PARAMETER_ERROR`).
    pub const PARAMETER_ERROR: i32 = 4;
}

/// Errors of the aerohadoop core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given by the caller (a seed list, a user, a timeout) is unusable.
    #[error("invalid {what} '{value}': {reason}")]
    InvalidArgument {
        what: &'static str,
        value: String,
        reason: String,
    },

    /// No client could be built from the seed hosts.
    #[error("cannot connect to Aerospike seeds {seeds}: {source}")]
    Connect {
        seeds: String,
        #[source]
        source: aerospike::Error,
    },

    /// A command sent to one node failed.
    #[error("'{command}' on node {node} ({address}) failed: {source}")]
    Node {
        command: String,
        node: String,
        address: String,
        #[source]
        source: aerospike::Error,
    },

    /// A node answered something the core cannot read.
    #[error("bad answer from node {node} ({address}) to '{command}': {reason}")]
    BadAnswer {
        command: String,
        node: String,
        address: String,
        reason: String,
    },

    /// An object was used after it was closed, or a handle that was never issued was presented.
    #[error("{what} is closed")]
    Closed { what: String },

    /// The core's own machinery (its runtime, a caught panic) failed.
    #[error("aerohadoop internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The Aerospike result code for this error, numbered as the Java client numbers them.
    pub fn result_code(&self) -> i32 {
        match self {
            Error::InvalidArgument { .. } => code::PARAMETER_ERROR,
            Error::Connect { source, .. } | Error::Node { source, .. } => source.result_code(),
            Error::BadAnswer { .. } => code::PARSE_ERROR,
            Error::Closed { .. } | Error::Internal(_) => code::CLIENT_ERROR,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_argument_names_the_value_and_has_parameter_error_code() {
        let e = Error::InvalidArgument {
            what: "seed host list",
            value: "a:b:c:d".into(),
            reason: "port is not a number".into(),
        };
        assert_eq!(e.result_code(), 4);
        assert_eq!(
            e.to_string(),
            "invalid seed host list 'a:b:c:d': port is not a number"
        );
    }

    #[test]
    fn bad_answer_names_node_and_command_and_has_parse_error_code() {
        let e = Error::BadAnswer {
            command: "replicas".into(),
            node: "A1".into(),
            address: "127.0.0.1:3000".into(),
            reason: "no ':' after the namespace".into(),
        };
        assert_eq!(e.result_code(), -2);
        let m = e.to_string();
        assert!(m.contains("A1") && m.contains("127.0.0.1:3000") && m.contains("replicas"));
    }

    #[test]
    fn closed_and_internal_are_client_errors() {
        assert_eq!(Error::Closed { what: "x".into() }.result_code(), -1);
        assert_eq!(Error::Internal("y".into()).result_code(), -1);
    }
}
