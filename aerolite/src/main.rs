//! `aerolite --nodes N --port P [--replication-factor R] [--namespace NAME]... [--user U --password PW]`

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
