//! The one error type of the core. Every failure carries the Aerospike result code a Java caller
//! sees (`AerospikeException.getResultCode()`) and a message that names the value, host or node at
//! fault, so a failed Hadoop task says what to fix without a debugger.

/// Result codes as the Aerospike Java client numbers them: server codes are positive, client-side
/// codes negative. Only the ones the core produces itself are listed; errors that come from the
/// `aerospike` crate keep the code it reported.
pub mod code {
    /// A node that cannot be reached or dropped the connection (Java
    /// `ResultCode.SERVER_NOT_AVAILABLE`).
    pub const SERVER_NOT_AVAILABLE: i32 = -8;
    /// A node that did not answer in time (Java `ResultCode.TIMEOUT`).
    pub const TIMEOUT: i32 = 9;
    /// A client-side failure with no more specific code (Java `ResultCode.CLIENT_ERROR`).
    pub const CLIENT_ERROR: i32 = -1;
    /// An answer from a server that could not be parsed (Java `ResultCode.PARSE_ERROR`).
    pub const PARSE_ERROR: i32 = -2;
    /// A bad argument or configuration value (Java `ResultCode.PARAMETER_ERROR`).
    pub const PARAMETER_ERROR: i32 = 4;
    /// A partition no node can serve (Java `ResultCode.PARTITION_UNAVAILABLE`).
    pub const PARTITION_UNAVAILABLE: i32 = 11;
    /// A namespace the cluster does not have (Java `ResultCode.INVALID_NAMESPACE`).
    pub const INVALID_NAMESPACE: i32 = 20;
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

    /// The failure of a connect attempt that several users waited for: each gets it, with the
    /// attempt's own message and result code.
    #[error(transparent)]
    Shared(std::sync::Arc<Error>),

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

    /// Partitions that no node masters, so nothing can read them (a node holding their only copy
    /// is down). `partitions` is the list compressed into ranges, as `0-5, 17, 4000-4095`.
    #[error("partitions {partitions} of namespace '{namespace}' have no master node: {reason}")]
    PartitionsUnavailable {
        namespace: String,
        partitions: String,
        reason: String,
    },

    /// Keys whose partitions no node masters, so nothing can read them (a node holding their
    /// only copy is down). `keys` names them as messages do (`'k1', 17 and 3 more`).
    #[error("keys {keys} of namespace '{namespace}' have no master node: {reason}")]
    KeysUnavailable {
        namespace: String,
        keys: String,
        reason: String,
    },

    /// No node of the cluster serves the namespace.
    #[error("namespace '{namespace}' is not served by the cluster (nodes: {nodes})")]
    UnknownNamespace { namespace: String, nodes: String },

    /// A split could not be read completely; see [`ReadFailure`].
    #[error(transparent)]
    Read(ReadFailure),

    /// A key-list read could not be completed; see [`KeyReadFailure`].
    #[error(transparent)]
    KeyRead(KeyReadFailure),

    /// A write frame from Java could not be read; nothing of it was sent.
    #[error("bad write frame: {0}")]
    WriteFrame(#[from] crate::write_frame::WriteFrameError),

    /// A record frame handed back from Java (an export's) could not be read; the message says where,
    /// as java-shim's `FrameCursor` does.
    #[error("corrupt record frame (record starting at byte {record_start}, {left} record(s) left): {reason}")]
    CorruptFrame {
        record_start: usize,
        left: u32,
        reason: String,
    },

    /// Failed record writes went past the writer's error policy; see [`WriteFailure`].
    #[error(transparent)]
    Write(WriteFailure),

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
            Error::Connect { source, .. } => refusal_code(source).unwrap_or(source.result_code()),
            Error::Shared(e) => e.result_code(),
            Error::Node { source, .. } => source.result_code(),
            Error::BadAnswer { .. } => code::PARSE_ERROR,
            Error::PartitionsUnavailable { .. } => code::PARTITION_UNAVAILABLE,
            Error::KeysUnavailable { .. } => code::PARTITION_UNAVAILABLE,
            Error::UnknownNamespace { .. } => code::INVALID_NAMESPACE,
            Error::Read(f) => f.code,
            Error::KeyRead(f) => f.code,
            Error::WriteFrame(_) => code::PARAMETER_ERROR,
            Error::CorruptFrame { .. } => code::PARSE_ERROR,
            Error::Write(f) => f.code,
            Error::Closed { .. } | Error::Internal(_) => code::CLIENT_ERROR,
        }
    }
}

/// The crate reports a cluster whose every seed refused the login as "cannot connect" (-8), with
/// each seed's server code only in its text (`127.0.0.1:3000 Error 65, node=...: Invalid
/// credential`). When every seed named the same login or permission code (60–65, 80, 81), that
/// code is the failure's: the user is at fault, not the hosts, and callers can say so.
fn refusal_code(source: &aerospike::Error) -> Option<i32> {
    const MARK: &str = " Error ";
    let text = source.to_string();
    let mut found: Option<i32> = None;
    let mut rest = text.as_str();
    while let Some(at) = rest.find(MARK) {
        rest = &rest[at + MARK.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let code: i32 = digits.parse().ok()?;
        let security = (60..=65).contains(&code) || code == 80 || code == 81;
        if !security || found.is_some_and(|f| f != code) {
            return None;
        }
        found = Some(code);
    }
    found
}

pub type Result<T> = std::result::Result<T, Error>;

/// Why a split reader gave up. Kept apart from [`Error`] because a failed reader answers every
/// later call with the same failure, so it must be cloneable (an `aerospike::Error` is not).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read partitions {partitions} of namespace '{namespace}' ({split}): {cause} \
     (result code {code}, after {retries} retries)"
)]
pub struct ReadFailure {
    /// The result code of the cause, or 11 when the unread partitions have no master.
    pub code: i32,
    pub namespace: String,
    /// Which split, as `describe` shows it briefly.
    pub split: String,
    /// Every partition of the split that was not read to its end, compressed into ranges.
    pub partitions: String,
    pub retries: u32,
    /// The last error seen, with the node it came from when known.
    pub cause: String,
}

/// Why a key-list reader gave up; cloneable for the same reason as [`ReadFailure`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read keys {keys} of namespace '{namespace}' ({split}): {cause} (result code {code}, \
     after {retries} retries)"
)]
pub struct KeyReadFailure {
    /// The result code of the cause (a row's, a node's, or 11 when no node masters the keys).
    pub code: i32,
    pub namespace: String,
    pub split: String,
    /// The keys not read, as messages name them.
    pub keys: String,
    pub retries: u32,
    /// The last error seen, with the node it came from when known.
    pub cause: String,
}

/// The record write that took a writer past its error policy. Cloneable for the same reason as
/// [`ReadFailure`]: a failed writer answers every later call with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("write of key {key} failed: {cause} (result code {code}){limit}")]
pub struct WriteFailure {
    /// The failed record's result code.
    pub code: i32,
    /// `namespace/set/user key`, or `namespace/set/digest:<hex>` without a user key.
    pub key: String,
    pub cause: String,
    /// Empty when the policy is to fail on the first failed record; otherwise says how many
    /// records failed against which limit.
    pub limit: String,
}

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
    fn unavailable_partitions_have_code_11_and_are_named() {
        let e = Error::PartitionsUnavailable {
            namespace: "test".into(),
            partitions: "0-5, 17".into(),
            reason: "node down".into(),
        };
        assert_eq!(e.result_code(), 11);
        assert_eq!(
            e.to_string(),
            "partitions 0-5, 17 of namespace 'test' have no master node: node down"
        );
    }

    #[test]
    fn a_read_failure_keeps_the_code_of_its_cause_and_names_the_partitions() {
        let e = Error::Read(ReadFailure {
            code: 9,
            namespace: "test".into(),
            split: "split 2 of 6".into(),
            partitions: "100-199".into(),
            retries: 5,
            cause: "timeout".into(),
        });
        assert_eq!(e.result_code(), 9);
        let m = e.to_string();
        assert!(
            m.contains("partitions 100-199") && m.contains("after 5 retries"),
            "{m}"
        );
        assert!(m.contains("split 2 of 6") && m.contains("timeout"), "{m}");
    }

    #[test]
    fn a_write_failure_keeps_the_record_code_and_names_the_key() {
        let e = Error::Write(WriteFailure {
            code: 5,
            key: "test/people/42".into(),
            cause: "key exists".into(),
            limit: "; 3 failed records exceed the limit of 2".into(),
        });
        assert_eq!(e.result_code(), 5);
        assert_eq!(
            e.to_string(),
            "write of key test/people/42 failed: key exists (result code 5); 3 failed records \
             exceed the limit of 2"
        );
    }

    #[test]
    fn closed_and_internal_are_client_errors() {
        assert_eq!(Error::Closed { what: "x".into() }.result_code(), -1);
        assert_eq!(Error::Internal("y".into()).result_code(), -1);
    }

    fn connect_error(text: &str) -> Error {
        Error::Connect {
            seeds: "a:3000,b:3000".into(),
            source: aerospike::Error::client_error(text.to_string()),
        }
    }

    #[test]
    fn every_seed_refusing_the_login_gives_the_servers_code() {
        let e = connect_error(
            "Failed to connect to [2] host(s):\n  a:3000 Error 65, node=a:3000: Invalid credential\n  \
             b:3000 Error 65, node=b:3000: Invalid credential\n",
        );
        assert_eq!(e.result_code(), 65);
    }

    #[test]
    fn mixed_or_network_causes_keep_the_clients_code() {
        let mixed = connect_error("a:3000 Error 65, node=a: x\n b:3000 Error 9, node=b: timeout");
        assert_eq!(mixed.result_code(), -1);
        let plain = connect_error("Failed to connect to [1] host(s): connection refused");
        assert_eq!(plain.result_code(), -1);
    }
}
