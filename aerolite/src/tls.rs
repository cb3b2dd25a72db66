//! TLS service, as an Enterprise server offers it: every node's port speaks TLS only, with a
//! certificate for the cluster's TLS name, and optionally asks clients for a certificate signed
//! by a given CA (mutual TLS). [`Certificates`] makes a throw-away CA and the certificates signed
//! by it at run time, for tests and the command line (`aerolite certs DIR`).

use std::path::Path;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// How the nodes serve TLS.
#[derive(Clone, Debug)]
pub struct TlsConfig {
    /// The name in the certificate; clients check it (Aerospike's `tls-name`).
    pub name: String,
    /// PEM: the server certificate (then any intermediates).
    pub cert_pem: String,
    /// PEM: the server certificate's private key.
    pub key_pem: String,
    /// PEM: when set, clients must present a certificate signed by this CA.
    pub client_ca_pem: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("TLS configuration: {0}")]
pub struct TlsError(pub String);

fn crypto() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl TlsConfig {
    pub fn acceptor(&self) -> Result<TlsAcceptor, TlsError> {
        let certs = CertificateDer::pem_slice_iter(self.cert_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| TlsError(format!("server certificate: {e}")))?;
        if certs.is_empty() {
            return Err(TlsError("no server certificate in the PEM given".into()));
        }
        let key = PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes())
            .map_err(|e| TlsError(format!("server key: {e}")))?;
        let builder = ServerConfig::builder_with_provider(crypto())
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError(e.to_string()))?;
        let builder = match &self.client_ca_pem {
            None => builder.with_no_client_auth(),
            Some(pem) => {
                let mut roots = RootCertStore::empty();
                for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
                    let cert = cert.map_err(|e| TlsError(format!("client CA: {e}")))?;
                    roots
                        .add(cert)
                        .map_err(|e| TlsError(format!("client CA: {e}")))?;
                }
                let verifier =
                    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), crypto())
                        .build()
                        .map_err(|e| TlsError(format!("client CA: {e}")))?;
                builder.with_client_cert_verifier(verifier)
            }
        };
        let config = builder
            .with_single_cert(certs, key)
            .map_err(|e| TlsError(format!("server certificate and key: {e}")))?;
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

/// A CA and the certificates it signed: one for the server (its TLS name and 127.0.0.1) and one
/// for a client, all PEM.
#[derive(Clone, Debug)]
pub struct Certificates {
    pub ca_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub client_cert_pem: String,
    pub client_key_pem: String,
}

impl Certificates {
    /// A fresh CA named after `name`, a server certificate for `name` (and 127.0.0.1) and a
    /// client certificate, valid for a day around now.
    pub fn generate(name: &str) -> Result<Certificates, TlsError> {
        let err = |e: rcgen::Error| TlsError(e.to_string());
        let ca_key = KeyPair::generate().map_err(err)?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.distinguished_name
            .push(DnType::CommonName, format!("aerolite test CA for {name}"));
        let ca_cert = ca.self_signed(&ca_key).map_err(err)?;

        let server_key = KeyPair::generate().map_err(err)?;
        let mut server =
            CertificateParams::new(vec![name.to_string(), "127.0.0.1".to_string()]).map_err(err)?;
        server.distinguished_name.push(DnType::CommonName, name);
        let server_cert = server
            .signed_by(&server_key, &ca_cert, &ca_key)
            .map_err(err)?;

        let client_key = KeyPair::generate().map_err(err)?;
        let mut client =
            CertificateParams::new(vec!["aerolite-client".to_string()]).map_err(err)?;
        client
            .distinguished_name
            .push(DnType::CommonName, "aerolite-client");
        let client_cert = client
            .signed_by(&client_key, &ca_cert, &ca_key)
            .map_err(err)?;

        Ok(Certificates {
            ca_pem: ca_cert.pem(),
            server_cert_pem: server_cert.pem(),
            server_key_pem: server_key.serialize_pem(),
            client_cert_pem: client_cert.pem(),
            client_key_pem: client_key.serialize_pem(),
        })
    }

    /// Writes `ca.pem`, `server.pem`, `server.key`, `client.pem` and `client.key` into `dir`.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (file, pem) in [
            ("ca.pem", &self.ca_pem),
            ("server.pem", &self.server_cert_pem),
            ("server.key", &self.server_key_pem),
            ("client.pem", &self.client_cert_pem),
            ("client.key", &self.client_key_pem),
        ] {
            std::fs::write(dir.join(file), pem)?;
        }
        Ok(())
    }

    /// The server side of these certificates, with client certificates required when
    /// `mutual`.
    pub fn server_config(&self, name: &str, mutual: bool) -> TlsConfig {
        TlsConfig {
            name: name.to_string(),
            cert_pem: self.server_cert_pem.clone(),
            key_pem: self.server_key_pem.clone(),
            client_ca_pem: mutual.then(|| self.ca_pem.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_certificates_make_an_acceptor_with_and_without_client_auth() {
        let certs = Certificates::generate("aerolite").expect("certificates");
        assert!(certs.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(certs.server_config("aerolite", false).acceptor().is_ok());
        assert!(certs.server_config("aerolite", true).acceptor().is_ok());
        let dir = std::env::temp_dir().join(format!("aerolite-certs-{}", std::process::id()));
        certs.write_to(&dir).expect("written");
        for f in [
            "ca.pem",
            "server.pem",
            "server.key",
            "client.pem",
            "client.key",
        ] {
            assert!(dir.join(f).exists(), "{f}");
        }
        std::fs::remove_dir_all(&dir).expect("removed");
    }

    #[test]
    fn a_bad_certificate_or_key_is_refused_naming_which() {
        let certs = Certificates::generate("aerolite").expect("certificates");
        let mut no_cert = certs.server_config("aerolite", false);
        no_cert.cert_pem = "not a certificate".into();
        let e = no_cert.acceptor().err().expect("refused").to_string();
        assert!(e.contains("server certificate"), "{e}");
        let mut bad_key = certs.server_config("aerolite", false);
        bad_key.key_pem = certs.client_key_pem.clone();
        let e = bad_key.acceptor().err().expect("refused").to_string();
        assert!(e.contains("certificate and key"), "{e}");
    }
}
