//! TLS to a cluster: the crate's tending and the reader's own scan connections both speak TLS,
//! checking the nodes' certificates against the configured CA and TLS name; mutual TLS presents
//! the client certificate; a wrong CA or a missing client certificate fails, saying so.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use aerohadoop::cluster::{Registry, SharedClient};
use aerohadoop::connection::ConnectionConfig;
use aerohadoop::frame::decode;
use aerohadoop::key_read::KeyReader;
use aerohadoop::key_split::plan_keys;
use aerohadoop::runtime;
use aerohadoop::scan::ReadOptions;
use aerohadoop::split::SplitMode;
use aerohadoop::tls::TlsSettings;
use aerohadoop::user_key::UserKey;
use aerolite::tls::Certificates;
use aerolite::{Cluster, ClusterConfig};
use common::*;

const NAME: &str = "aerolite.test";

struct Fixture {
    server: Cluster,
    certs: PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.certs);
    }
}

fn tls_cluster(tag: &str, mutual: bool, credentials: Option<(&str, &str)>) -> Fixture {
    let certs = Certificates::generate(NAME).expect("certificates");
    let dir = std::env::temp_dir().join(format!("aerohadoop-tls-{tag}-{}", std::process::id()));
    certs.write_to(&dir).expect("written");
    let server = Cluster::start(ClusterConfig {
        nodes: 3,
        replication_factor: 1,
        credentials: credentials.map(|(u, p)| (u.to_string(), p.to_string())),
        tls: Some(certs.server_config(NAME, mutual)),
        ..ClusterConfig::default()
    })
    .expect("aerolite starts");
    Fixture { server, certs: dir }
}

fn settings(dir: &std::path::Path, client_cert: bool) -> TlsSettings {
    let file = |f: &str| dir.join(f).display().to_string();
    TlsSettings {
        ca_file: file("ca.pem"),
        name: Some(NAME.into()),
        cert_file: client_cert.then(|| file("client.pem")),
        key_file: client_cert.then(|| file("client.key")),
    }
}

fn connect(
    f: &Fixture,
    tls: TlsSettings,
    credentials: Option<(&str, &str)>,
) -> aerohadoop::Result<Arc<SharedClient>> {
    let registry = Registry::new(runtime::handle().expect("runtime"));
    let config = ConnectionConfig::new(
        &f.server.seeds(),
        credentials.map(|c| c.0),
        credentials.map(|c| c.1),
        2_000,
    )?
    .with_tls(tls)?;
    registry.acquire(config).map(Arc::new)
}

fn reads_everything_once(client: &Arc<SharedClient>) {
    write_numbered(client, "secure", 3_000);
    let mut all = Vec::new();
    for split in plan(client, "secure", SplitMode::Partitions, 4) {
        all.extend(read_all(client, &split, &ReadOptions::default()));
    }
    assert_eq!(key_counts(&all), each_once(0..3_000));
    assert_bins_as_written(&all);
}

/// The key-list reader's batch reads use the reader's own connections too: TLS and the login.
fn key_reads_everything_once(client: &Arc<SharedClient>) {
    let keys: Vec<UserKey> = (0..3_100).map(UserKey::Int).collect();
    let splits = plan_keys(&client.view().expect("view"), NS, "secure", keys, 0).expect("plans");
    assert_eq!(splits.len(), 3);
    let mut all = Vec::new();
    for split in &splits {
        let reader = KeyReader::open(
            client.clone(),
            split.clone(),
            NS,
            "secure",
            &ReadOptions::default(),
        )
        .expect("opens");
        while let Some(frame) = reader.next_frame().expect("reads") {
            all.extend(decode(frame.bytes()).expect("decodes"));
        }
        assert_eq!(reader.stats().partitions_done, split.keys.len() as u64);
    }
    assert_eq!(key_counts(&all), each_once(0..3_000));
    assert_bins_as_written(&all);
}

#[test]
fn a_tls_cluster_with_a_login_is_tended_written_scanned_and_key_read_over_tls() {
    let login = Some(("reader", "pw"));
    let f = tls_cluster("plain", false, login);
    let client = connect(&f, settings(&f.certs, false), login).expect("connects over TLS");
    wait_for_nodes(&client, 3);
    reads_everything_once(&client);
    key_reads_everything_once(&client);
}

#[test]
fn mutual_tls_presents_the_client_certificate_and_refuses_without_one() {
    let f = tls_cluster("mutual", true, None);
    let client = connect(&f, settings(&f.certs, true), None).expect("connects with a client cert");
    wait_for_nodes(&client, 3);
    reads_everything_once(&client);
    let refused = connect(&f, settings(&f.certs, false), None)
        .err()
        .expect("no client certificate: refused");
    assert!(
        refused.to_string().contains("CertificateRequired"),
        "{refused}"
    );
}

#[test]
fn a_certificate_from_another_ca_or_for_another_name_is_refused() {
    let f = tls_cluster("wrong", false, None);
    let other = tls_cluster("other", false, None);
    let e = connect(&f, settings(&other.certs, false), None)
        .err()
        .expect("wrong CA: refused");
    let text = e.to_string();
    assert!(text.contains("cannot connect to Aerospike seeds"), "{text}");
    assert!(text.to_lowercase().contains("certificate"), "{text}");

    let mut wrong_name = settings(&f.certs, false);
    wrong_name.name = Some("elsewhere.test".into());
    let e = connect(&f, wrong_name, None)
        .err()
        .expect("wrong name: refused");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
}

#[test]
fn missing_or_damaged_tls_files_are_refused_naming_them() {
    let f = tls_cluster("files", false, None);
    let mut missing = settings(&f.certs, false);
    missing.ca_file = "/nonexistent/ca.pem".into();
    let e = connect(&f, missing, None).err().expect("refused");
    assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
    assert_eq!(e.result_code(), 4);

    let mut no_key = settings(&f.certs, true);
    no_key.key_file = None;
    let e = connect(&f, no_key, None).err().expect("refused");
    assert!(e.to_string().contains("client.pem"), "{e}");
    assert!(e.to_string().contains("key"), "{e}");

    let damaged = f.certs.join("damaged.pem");
    std::fs::write(&damaged, "-----BEGIN CERTIFICATE-----\nnot base64\n").expect("written");
    let mut bad = settings(&f.certs, false);
    bad.ca_file = damaged.display().to_string();
    let e = connect(&f, bad, None).err().expect("refused");
    assert!(e.to_string().contains("damaged.pem"), "{e}");
}
