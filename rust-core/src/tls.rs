//! TLS to the cluster: the CA the nodes' certificates must chain to, the name they must carry,
//! and an optional client certificate (mutual TLS). The same rustls configuration serves the
//! crate's tending connections and the reader's own scan connections.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, Result};

/// TLS settings as the configuration gives them: file paths and names, compared and hashed as
/// text (they are part of the client registry's key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlsSettings {
    /// PEM file of the CA (or CAs) the nodes' certificates must chain to.
    pub ca_file: String,
    /// The name the nodes' certificates must carry (Aerospike's `tls-name`); `None`: the
    /// client uses the cluster name, as the official clients do.
    pub name: Option<String>,
    /// PEM files of a client certificate and its key, for clusters that require one.
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
}

fn read(what: &'static str, path: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::InvalidArgument {
        what,
        value: path.to_string(),
        reason: format!("cannot be read: {e}"),
    })
}

fn bad(what: &'static str, path: &str, reason: impl std::fmt::Display) -> Error {
    Error::InvalidArgument {
        what,
        value: path.to_string(),
        reason: reason.to_string(),
    }
}

impl TlsSettings {
    /// Checks the combination: a certificate and its key come together.
    pub fn validate(&self) -> Result<()> {
        match (&self.cert_file, &self.key_file) {
            (Some(_), Some(_)) | (None, None) => {}
            (Some(c), None) => {
                return Err(bad(
                    "TLS client certificate file",
                    c,
                    "a client certificate needs its key file",
                ))
            }
            (None, Some(k)) => {
                return Err(bad(
                    "TLS client key file",
                    k,
                    "a client key needs its certificate file",
                ))
            }
        }
        if let Some(name) = &self.name {
            rustls::pki_types::ServerName::try_from(name.as_str())
                .map_err(|e| bad("TLS name", name, e))?;
        }
        Ok(())
    }

    /// The rustls client configuration: read from the files now, so a missing or damaged file
    /// is reported naming it.
    pub fn client_config(&self) -> Result<ClientConfig> {
        self.validate()?;
        let mut roots = RootCertStore::empty();
        let ca = read("TLS CA file", &self.ca_file)?;
        for cert in CertificateDer::pem_slice_iter(&ca) {
            let cert = cert.map_err(|e| bad("TLS CA file", &self.ca_file, e))?;
            roots
                .add(cert)
                .map_err(|e| bad("TLS CA file", &self.ca_file, e))?;
        }
        if roots.is_empty() {
            return Err(bad("TLS CA file", &self.ca_file, "holds no certificate"));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad("TLS CA file", &self.ca_file, e))?
            .with_root_certificates(roots);
        match (&self.cert_file, &self.key_file) {
            (Some(cert_file), Some(key_file)) => {
                let pem = read("TLS client certificate file", cert_file)?;
                let chain = CertificateDer::pem_slice_iter(&pem)
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| bad("TLS client certificate file", cert_file, e))?;
                if chain.is_empty() {
                    return Err(bad(
                        "TLS client certificate file",
                        cert_file,
                        "holds no certificate",
                    ));
                }
                let key = PrivateKeyDer::from_pem_slice(&read("TLS client key file", key_file)?)
                    .map_err(|e| bad("TLS client key file", key_file, e))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| bad("TLS client key file", key_file, e))
            }
            _ => Ok(builder.with_no_client_auth()),
        }
    }
}
