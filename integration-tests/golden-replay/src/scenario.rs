//! One capture replayed end to end: start aerolite shaped like the captured server, recreate
//! its data, send every request in capture order (with the cluster events the capture went
//! through), and compare each answer.

use crate::capture;
use crate::compare::{self, Finding, Nodes};
use crate::exchange::{self, Exchange, Transcript};
use crate::replay::{Answer, Replayer};
use crate::seed::{self, SeedRecord};
use crate::wire::{self, TYPE_INFO};
use crate::Error;
use aerolite::{Cluster, ClusterConfig};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The single-node server of the top-level captures.
pub const SINGLE_PORTS: &[u16] = &[3000];
/// The three nodes of the `cluster3` captures, in node-index order.
pub const CLUSTER3_PORTS: &[u16] = &[3100, 3110, 3120];
/// Records in `test.s3` during the cluster captures.
pub const S3_RECORDS: u64 = 30_000;

/// Where a scenario's records come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Nothing before the capture (it writes what it reads).
    Nothing,
    /// `test.golden`'s 20 records, read back from the full scan of `g_scan_python`.
    GoldenSet,
    /// The records the capture's own batch read found.
    OwnBatchRead,
    /// The 30,000 records of `test.s3`.
    S3,
}

#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    pub ports: &'static [u16],
    pub seed: Seed,
}

impl Scenario {
    pub fn nodes(&self) -> usize {
        self.ports.len()
    }
}

/// Everything a test needs to judge a replay.
pub struct Outcome {
    pub transcript: Transcript,
    pub answers: Vec<Answer>,
    pub findings: Vec<Finding>,
    pub nodes: Nodes,
    pub seeded: Vec<SeedRecord>,
    pub elapsed: std::time::Duration,
}

pub fn capture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("captures")
        .join(format!("{name}.pcap"))
}

pub fn load_transcript(name: &str, ports: &[u16]) -> Result<Transcript, Error> {
    let bytes = std::fs::read(capture_path(name))?;
    exchange::transcript(&capture::read(&bytes, ports)?)
}

/// A cluster event the capture went through, applied before exchange `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// SIGKILL: the node is gone, the survivors do not know yet.
    Kill(usize),
    /// The survivors re-form the cluster without the dead node.
    Recluster,
    Restart(usize),
}

pub fn run(s: &Scenario) -> Result<Outcome, Error> {
    let started = Instant::now();
    let transcript = load_transcript(s.name, s.ports)?;
    let single = s.nodes() == 1;
    let cluster = Cluster::start(ClusterConfig {
        nodes: s.nodes(),
        port: 0,
        replication_factor: if single { 1 } else { 2 },
        namespaces: if single {
            vec!["test".into(), "bar".into()]
        } else {
            vec!["test".into()]
        },
        default_ttl: 0,
        cluster_name: if single { "asd-ref" } else { "asd3" }.into(),
        credentials: None,
        control: false,
        tls: None,
    })
    .map_err(|e| Error::Aerolite(e.to_string()))?;
    let addrs = cluster.addrs();
    let our_ports: Vec<u16> = cluster.ports();
    let nodes = Nodes {
        real_ports: s.ports.iter().enumerate().map(|(i, &p)| (p, i)).collect(),
        our_ports: our_ports.iter().enumerate().map(|(i, &p)| (p, i)).collect(),
        our_names: (0..s.nodes()).map(|i| cluster.node_name(i)).collect(),
    };
    if single {
        // The captured server ran with `nsup-period 0` (README), which forbids TTL writes.
        for ns in ["test", "bar"] {
            let answer = seed::info(
                addrs[0],
                &format!("set-config:context=namespace;id={ns};nsup-period=0"),
            )?;
            if answer != "ok" {
                return Err(Error::Aerolite(format!("set-config nsup-period: {answer}")));
            }
        }
    }
    let seeded = match s.seed {
        Seed::Nothing => Vec::new(),
        Seed::GoldenSet => seed::from_scan(&load_transcript("g_scan_python", SINGLE_PORTS)?)?,
        Seed::OwnBatchRead => seed::from_batch_read(&transcript)?,
        Seed::S3 => seed::s3_records(S3_RECORDS),
    };
    seed::load(addrs[0], &seeded)?;

    let events = events(&transcript, s.ports);
    let mut replayer = Replayer::default();
    let mut answers = Vec::with_capacity(transcript.exchanges.len());
    let mut findings = Vec::new();
    let last_of_conn = last_exchange_per_connection(&transcript.exchanges);
    for (i, e) in transcript.exchanges.iter().enumerate() {
        for (_, ev) in events.iter().filter(|(at, _)| *at == i) {
            match *ev {
                Event::Kill(n) => cluster.kill_node(n),
                Event::Recluster => cluster.recluster(),
                Event::Restart(n) => cluster
                    .restart_node(n)
                    .map_err(|e| Error::Aerolite(e.to_string()))?,
            }
        }
        let node = *nodes
            .real_ports
            .get(&e.server.port())
            .ok_or_else(|| Error::Decode(format!("unknown server {}", e.server)))?;
        let sent = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let answer = replayer.send(e, addrs[node])?;
        compare::exchange(i, e, &answer, &nodes, sent, &mut findings);
        answers.push(answer);
        if last_of_conn.get(&e.conn) == Some(&i) {
            replayer.close(e.conn);
        }
    }
    Ok(Outcome {
        transcript,
        answers,
        findings,
        nodes,
        seeded,
        elapsed: started.elapsed(),
    })
}

fn last_exchange_per_connection(exchanges: &[Exchange]) -> HashMap<usize, usize> {
    exchanges
        .iter()
        .enumerate()
        .map(|(i, e)| (e.conn, i))
        .collect()
}

/// The node-loss timeline of a capture, read from its own traffic. A connect the server refused
/// shows a dead node: it was killed after the last request it answered before that, and
/// restarted before the first request it answered after it. In between, the survivors re-formed
/// the cluster at the first answer whose `peers-generation` moved on.
pub fn events(t: &Transcript, ports: &[u16]) -> Vec<(usize, Event)> {
    let mut out = Vec::new();
    for (node, &port) in ports.iter().enumerate() {
        let Some(&(refused_at, _)) = t.refused.iter().find(|(_, s)| s.port() == port) else {
            continue;
        };
        let on_node = |e: &Exchange| e.server.port() == port;
        let Some(last_before) = t
            .exchanges
            .iter()
            .rposition(|e| on_node(e) && e.packet < refused_at)
        else {
            continue;
        };
        let kill = last_before + 1;
        let restart = t
            .exchanges
            .iter()
            .position(|e| on_node(e) && e.packet > refused_at)
            .unwrap_or(t.exchanges.len());
        out.push((kill, Event::Kill(node)));
        let mut seen: HashMap<u16, String> = HashMap::new();
        let recluster = t.exchanges[..restart]
            .iter()
            .enumerate()
            .position(|(i, e)| {
                let Some(v) = peers_generation(e) else {
                    return false;
                };
                let moved = seen.get(&e.server.port()).is_some_and(|old| *old != v);
                seen.insert(e.server.port(), v);
                i >= kill && moved
            });
        if let Some(r) = recluster {
            out.push((r, Event::Recluster));
        }
        if restart < t.exchanges.len() {
            out.push((restart, Event::Restart(node)));
        }
    }
    out
}

fn peers_generation(e: &Exchange) -> Option<String> {
    if e.request.ty != TYPE_INFO {
        return None;
    }
    let r = e.responses.first()?;
    wire::info_answer(&r.body)
        .into_iter()
        .find(|(n, _)| n == "peers-generation")
        .map(|(_, v)| v)
}

/// Every capture this crate replays.
pub const ALL: &[Scenario] = &[
    Scenario {
        name: "a_tend_python",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "b_tend_rust",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "c_crud_python",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "c_crud_rust",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "d_errors_python",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "d_errors_rust",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "e_batch_read_python",
        ports: SINGLE_PORTS,
        seed: Seed::OwnBatchRead,
    },
    Scenario {
        name: "e_batch_read_rust",
        ports: SINGLE_PORTS,
        seed: Seed::OwnBatchRead,
    },
    Scenario {
        name: "f_batch_write_python",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "f_batch_write_rust",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "g_scan_python",
        ports: SINGLE_PORTS,
        seed: Seed::GoldenSet,
    },
    Scenario {
        name: "g_scan_rust",
        ports: SINGLE_PORTS,
        seed: Seed::GoldenSet,
    },
    Scenario {
        name: "h_sindex_query_python",
        ports: SINGLE_PORTS,
        seed: Seed::GoldenSet,
    },
    Scenario {
        name: "h_sindex_query_rust",
        ports: SINGLE_PORTS,
        seed: Seed::GoldenSet,
    },
    Scenario {
        name: "i_info_raw",
        ports: SINGLE_PORTS,
        seed: Seed::GoldenSet,
    },
    Scenario {
        name: "j_login_python",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "j_login_rust",
        ports: SINGLE_PORTS,
        seed: Seed::Nothing,
    },
    Scenario {
        name: "k_tend3_python",
        ports: CLUSTER3_PORTS,
        seed: Seed::S3,
    },
    Scenario {
        name: "k_tend3_rust",
        ports: CLUSTER3_PORTS,
        seed: Seed::S3,
    },
    Scenario {
        name: "l_info3_raw",
        ports: CLUSTER3_PORTS,
        seed: Seed::S3,
    },
    Scenario {
        name: "o_nodeloss_info",
        ports: CLUSTER3_PORTS,
        seed: Seed::S3,
    },
];

pub fn by_name(name: &str) -> Option<Scenario> {
    ALL.iter().copied().find(|s| s.name == name)
}
