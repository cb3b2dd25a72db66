//! One connection to one node for scanning: TCP to the address the crate's tending found, the
//! admin LOGIN when the cluster has security on, then requests out and proto messages in, each
//! socket wait bounded by the timeout.

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::{proto_header, TYPE_ADMIN, TYPE_AS_MSG, TYPE_AS_MSG_COMPRESSED};
use crate::error::code;

/// The largest proto message a node may send (the server's own limit).
const MAX_MESSAGE: usize = 128 << 20;
/// Read-ahead: big enough that a proto message header rarely costs a system call of its own.
const READ_BUFFER: usize = 256 << 10;

/// The salt and cost every Aerospike client hashes a password with for LOGIN: the server keeps
/// that hash, so the same one must be sent. (bcrypt's "7EqJtq98hPqEX7fNZaFWoO", decoded.)
const CLIENT_SALT: [u8; 16] = [
    0xf4, 0x6b, 0x0b, 0xbe, 0xcf, 0xfe, 0x8d, 0x1b, 0x06, 0x67, 0xd8, 0x4f, 0x6d, 0xc1, 0xd8, 0xa9,
];
const CLIENT_COST: u32 = 10;

const ADMIN_LOGIN: u8 = 20;
const ADMIN_FIELD_USER: u8 = 0;
const ADMIN_FIELD_CREDENTIAL: u8 = 3;
/// LOGIN answered by a server without security: nothing to log in to.
const SECURITY_NOT_ENABLED: u8 = 52;

/// A user and the credential LOGIN sends for their password (bcrypt is slow on purpose: compute
/// it once per reader, not per connection).
#[derive(Clone)]
pub struct Credential {
    user: String,
    hash: String,
}

impl Credential {
    pub fn new(user: &str, password: &str) -> Result<Credential, NodeError> {
        let hash = bcrypt::hash_with_salt(password, CLIENT_COST, CLIENT_SALT)
            .map_err(|e| NodeError::Login {
                code: code::PARAMETER_ERROR,
                reason: format!("the password cannot be hashed for user '{user}': {e}"),
            })?
            .format_for_version(bcrypt::Version::TwoA);
        Ok(Credential {
            user: user.to_string(),
            hash,
        })
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error("{address}: {source}")]
    Io {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{address}: no answer within {millis} ms")]
    Timeout { address: String, millis: u128 },
    #[error("{address}: TLS handshake for name '{name}' failed: {source}")]
    Tls {
        address: String,
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("login refused with result code {code}: {reason}")]
    Login { code: i32, reason: String },
    #[error("{address}: {reason}")]
    Protocol { address: String, reason: String },
}

impl NodeError {
    /// The result code a Java caller sees, numbered as the Java client numbers them.
    pub fn code(&self) -> i32 {
        match self {
            NodeError::Io { .. } | NodeError::Tls { .. } => code::SERVER_NOT_AVAILABLE,
            NodeError::Timeout { .. } => code::TIMEOUT,
            NodeError::Login { code, .. } => *code,
            NodeError::Protocol { .. } => code::PARSE_ERROR,
        }
    }
}

/// A node's socket: plain TCP or TLS over it.
trait Socket: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Socket for T {}

/// TLS for a connection: the client configuration, and the name the node's certificate must
/// carry (the node's TLS name from the cluster's peers answers, or the configured one).
pub struct NodeTls<'a> {
    pub config: &'a Arc<rustls::ClientConfig>,
    pub name: &'a str,
}

pub struct NodeConnection {
    stream: BufReader<Box<dyn Socket>>,
    address: String,
    timeout: Duration,
    body: Vec<u8>,
}

impl NodeConnection {
    /// Connects to `address` (`host:port`) and logs in when a credential is given.
    pub async fn open(
        address: &str,
        tls: Option<NodeTls<'_>>,
        credential: Option<&Credential>,
        timeout: Duration,
    ) -> Result<NodeConnection, NodeError> {
        let stream = tokio::time::timeout(timeout, TcpStream::connect(address))
            .await
            .map_err(|_| NodeError::Timeout {
                address: address.to_string(),
                millis: timeout.as_millis(),
            })?
            .map_err(|source| NodeError::Io {
                address: address.to_string(),
                source,
            })?;
        // Requests are single writes; waiting to coalesce them only adds latency.
        let _ = stream.set_nodelay(true);
        let socket: Box<dyn Socket> = match tls {
            None => Box::new(stream),
            Some(tls) => {
                let name = ServerName::try_from(tls.name.to_string()).map_err(|e| {
                    NodeError::Protocol {
                        address: address.to_string(),
                        reason: format!("TLS name '{}': {e}", tls.name),
                    }
                })?;
                let handshake = TlsConnector::from(tls.config.clone()).connect(name, stream);
                let stream = tokio::time::timeout(timeout, handshake)
                    .await
                    .map_err(|_| NodeError::Timeout {
                        address: address.to_string(),
                        millis: timeout.as_millis(),
                    })?
                    .map_err(|source| NodeError::Tls {
                        address: address.to_string(),
                        name: tls.name.to_string(),
                        source,
                    })?;
                Box::new(stream)
            }
        };
        let mut conn = NodeConnection {
            stream: BufReader::with_capacity(READ_BUFFER, socket),
            address: address.to_string(),
            timeout,
            body: Vec::new(),
        };
        if let Some(c) = credential {
            conn.login(c).await?;
        }
        Ok(conn)
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    async fn login(&mut self, c: &Credential) -> Result<(), NodeError> {
        let mut body = vec![0u8; 16];
        body[2] = ADMIN_LOGIN;
        body[3] = 2;
        for (id, data) in [
            (ADMIN_FIELD_USER, c.user.as_bytes()),
            (ADMIN_FIELD_CREDENTIAL, c.hash.as_bytes()),
        ] {
            body.extend_from_slice(&(data.len() as u32 + 1).to_be_bytes());
            body.push(id);
            body.extend_from_slice(data);
        }
        let mut message = proto_header(TYPE_ADMIN, body.len()).to_vec();
        message.extend_from_slice(&body);
        self.send(&message).await?;
        let kind = self.read_message().await?;
        let answer = self.body();
        if kind != TYPE_ADMIN || answer.len() < 16 {
            return Err(self.protocol(format!(
                "a login answered with a message of type {kind} and {} bytes",
                answer.len()
            )));
        }
        match answer[1] {
            0 | SECURITY_NOT_ENABLED => Ok(()),
            refused => Err(NodeError::Login {
                code: i32::from(refused),
                reason: format!("user '{}' on {}", c.user, self.address),
            }),
        }
    }

    pub async fn send(&mut self, message: &[u8]) -> Result<(), NodeError> {
        let address = &self.address;
        let stream = self.stream.get_mut();
        let write = async {
            stream.write_all(message).await?;
            stream.flush().await
        };
        tokio::time::timeout(self.timeout, write)
            .await
            .map_err(|_| NodeError::Timeout {
                address: address.clone(),
                millis: self.timeout.as_millis(),
            })?
            .map_err(|source| NodeError::Io {
                address: address.clone(),
                source,
            })
    }

    /// Reads the next proto message into [`body`](Self::body); returns its type.
    pub async fn read_message(&mut self) -> Result<u8, NodeError> {
        let mut header = [0u8; 8];
        self.read_exact_into(Target::Header(&mut header)).await?;
        let size = (u64::from_be_bytes(header) & 0xffff_ffff_ffff) as usize;
        let kind = header[1];
        if header[0] != super::PROTO_VERSION {
            return Err(self.protocol(format!("proto version {} (2 expected)", header[0])));
        }
        if size > MAX_MESSAGE {
            return Err(self.protocol(format!("a message of {size} bytes (at most {MAX_MESSAGE})")));
        }
        if kind == TYPE_AS_MSG_COMPRESSED {
            return Err(self.protocol("a compressed answer, which was not asked for"));
        }
        if kind != TYPE_AS_MSG && kind != TYPE_ADMIN {
            return Err(self.protocol(format!("a message of type {kind}")));
        }
        self.body.clear();
        self.body.resize(size, 0);
        self.read_exact_into(Target::Body).await?;
        Ok(kind)
    }

    /// The body of the message last read.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    fn protocol(&self, reason: impl Into<String>) -> NodeError {
        NodeError::Protocol {
            address: self.address.clone(),
            reason: reason.into(),
        }
    }

    async fn read_exact_into(&mut self, target: Target<'_>) -> Result<(), NodeError> {
        let millis = self.timeout.as_millis();
        let buf: &mut [u8] = match target {
            Target::Header(h) => h,
            Target::Body => &mut self.body,
        };
        match tokio::time::timeout(self.timeout, self.stream.read_exact(buf)).await {
            Err(_) => Err(NodeError::Timeout {
                address: self.address.clone(),
                millis,
            }),
            Ok(Err(source)) => Err(NodeError::Io {
                address: self.address.clone(),
                source,
            }),
            Ok(Ok(_)) => Ok(()),
        }
    }
}

enum Target<'a> {
    Header(&'a mut [u8; 8]),
    Body,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_is_the_hash_the_official_clients_send() {
        // What the Rust client 3.0.0 sent for password "admin" to a real server (golden capture
        // j_login_rust).
        let c = Credential::new("admin", "admin").expect("hash");
        assert_eq!(
            c.hash,
            "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa"
        );
        assert!(!format!("{c:?}").contains("$2a$"), "Debug hides the hash");
    }

    #[test]
    fn a_proto_header_carries_version_type_and_size() {
        assert_eq!(
            proto_header(TYPE_AS_MSG, 0x0102_0304),
            [2, 3, 0, 0, 1, 2, 3, 4]
        );
    }
}
