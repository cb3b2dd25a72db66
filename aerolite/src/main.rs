//! `aerolite --nodes N --port P [--replication-factor R] [--namespace NAME]... [--user U --password PW]
//!  [--tls-dir DIR [--tls-name NAME] [--tls-client-auth] [--certs-only]]`

use clap::Parser;
use std::io::Write;

#[derive(Parser, Debug)]
#[command(
    name = "aerolite",
    version,
    about = "An in-memory Aerospike-compatible cluster on 127.0.0.1"
)]
struct Args {
    /// Number of nodes.
    #[arg(long, default_value_t = 1)]
    nodes: usize,
    /// Service port of the first node; node i listens on PORT + 10*i.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Copies of each partition (1..3).
    #[arg(long, default_value_t = 1)]
    replication_factor: usize,
    /// A namespace to serve; repeat for several. Default: test.
    #[arg(long = "namespace")]
    namespaces: Vec<String>,
    /// Seconds a record written with TTL 0 lives; 0 = forever.
    #[arg(long, default_value_t = 0)]
    default_ttl: u32,
    #[arg(long, default_value = "aerolite")]
    cluster_name: String,
    /// Require this user to log in (with --password).
    #[arg(long, requires = "password")]
    user: Option<String>,
    #[arg(long, requires = "user")]
    password: Option<String>,
    /// Enable the `aerolite-control` info command (stop/restart/pause nodes) for tests.
    #[arg(long)]
    control: bool,
    /// Serve TLS only, with DIR/server.pem and DIR/server.key; when DIR has none, a fresh CA and
    /// certificates are made there first (ca.pem, server.pem/.key, client.pem/.key).
    #[arg(long)]
    tls_dir: Option<std::path::PathBuf>,
    /// The name in the server certificate that clients check. Default: the cluster name.
    #[arg(long, requires = "tls_dir")]
    tls_name: Option<String>,
    /// Require client certificates signed by DIR/ca.pem (mutual TLS).
    #[arg(long, requires = "tls_dir")]
    tls_client_auth: bool,
    /// Only make the certificates in --tls-dir, then exit.
    #[arg(long, requires = "tls_dir")]
    certs_only: bool,
}

/// The TLS configuration from --tls-dir, making the certificates first if the directory has none.
fn tls_config(
    dir: &std::path::Path,
    name: &str,
    mutual: bool,
) -> Result<aerolite::tls::TlsConfig, String> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()))
    };
    if !dir.join("server.pem").exists() {
        aerolite::tls::Certificates::generate(name)
            .map_err(|e| e.to_string())?
            .write_to(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(aerolite::tls::TlsConfig {
        name: name.to_string(),
        cert_pem: read("server.pem")?,
        key_pem: read("server.key")?,
        client_ca_pem: if mutual { Some(read("ca.pem")?) } else { None },
    })
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AEROLITE_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let tls_name = args
        .tls_name
        .clone()
        .unwrap_or_else(|| args.cluster_name.clone());
    let tls = match &args.tls_dir {
        Some(dir) => match tls_config(dir, &tls_name, args.tls_client_auth) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("aerolite: {e}");
                std::process::exit(2);
            }
        },
        None => None,
    };
    if args.certs_only {
        return;
    }
    let config = aerolite::ClusterConfig {
        nodes: args.nodes,
        port: args.port,
        replication_factor: args.replication_factor,
        namespaces: if args.namespaces.is_empty() {
            vec!["test".into()]
        } else {
            args.namespaces
        },
        default_ttl: args.default_ttl,
        cluster_name: args.cluster_name,
        credentials: args.user.zip(args.password),
        control: args.control,
        tls,
    };
    let cluster = match aerolite::Cluster::start(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("aerolite: {e}");
            std::process::exit(2);
        }
    };
    println!("aerolite ready {}", cluster.seeds());
    let _ = std::io::stdout().flush();
    wait_for_signal();
    drop(cluster);
}

fn wait_for_signal() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("signal runtime");
    rt.block_on(async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    });
}
