//! Replays every kept golden capture against an in-process aerolite and fails on any difference
//! from the real server that `divergence::ALL` does not explain.

use golden_replay::compare::{bitmap_bits, parse_replicas};
use golden_replay::divergence;
use golden_replay::exchange::Exchange;
use golden_replay::replay::Answer;
use golden_replay::scenario::{self, Event, Outcome};
use golden_replay::wire::{self, TYPE_INFO, TYPE_MSG};
use std::sync::Once;

fn init_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "error".into()),
            )
            .with_test_writer()
            .try_init();
    });
}

/// Replays `name`, checks that the capture parsed into `messages` messages (the README's count)
/// and that every difference is an explained divergence.
fn replay(name: &str, messages: usize) -> Outcome {
    init_logs();
    let s = scenario::by_name(name).expect("scenario is listed");
    let out = scenario::run(&s).unwrap_or_else(|e| panic!("{name}: replay failed: {e}"));
    let parsed: usize = out
        .transcript
        .exchanges
        .iter()
        .map(|e| 1 + e.responses.len())
        .sum();
    assert_eq!(parsed, messages, "{name}: messages parsed from the pcap");
    assert_eq!(out.answers.len(), out.transcript.exchanges.len());
    let v = divergence::judge(name, &out.findings, &out.transcript);
    let listing: Vec<String> = v.unexplained.iter().map(|f| f.to_string()).collect();
    assert!(
        v.unexplained.is_empty(),
        "{name}: {} differences from the real server are not explained:\n{}",
        v.unexplained.len(),
        listing.join("\n")
    );
    assert!(
        v.unused.is_empty(),
        "{name}: listed divergences that no longer show: {:?}",
        v.unused
    );
    println!(
        "{name}: {} exchanges replayed in {:?}; explained divergences {:?}",
        out.transcript.exchanges.len(),
        out.elapsed,
        v.explained
    );
    out
}

fn msgs(answer: &Answer) -> Vec<wire::AsMsg> {
    answer
        .responses
        .iter()
        .flat_map(|p| wire::decode_msgs(&p.body).expect("aerolite answers decode"))
        .collect()
}

fn real_msgs(e: &Exchange) -> Vec<wire::AsMsg> {
    e.responses
        .iter()
        .flat_map(|p| wire::decode_msgs(&p.body).expect("captured answers decode"))
        .collect()
}

/// Result codes of aerolite's single-record answers, in order.
fn single_record_results(out: &Outcome) -> Vec<u8> {
    out.transcript
        .exchanges
        .iter()
        .zip(&out.answers)
        .filter(|(e, _)| e.request.ty == TYPE_MSG && !e.is_multi_record())
        .map(|(_, a)| msgs(a)[0].result)
        .collect()
}

fn info_value(body: &[u8], name: &str) -> Option<String> {
    wire::info_answer(body)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

#[test]
fn a_tend_python_matches_the_real_server() {
    replay("a_tend_python", 14);
}

#[test]
fn b_tend_rust_matches_the_real_server() {
    replay("b_tend_rust", 24);
}

#[test]
fn c_crud_python_matches_the_real_server() {
    let out = replay("c_crud_python", 26);
    // put, get, get bin, exists, touch, operate, delete, get of the deleted record.
    assert_eq!(single_record_results(&out), [0, 0, 0, 0, 0, 0, 0, 2]);
}

#[test]
fn c_crud_rust_matches_the_real_server() {
    let out = replay("c_crud_rust", 32);
    assert_eq!(single_record_results(&out), [0, 0, 0, 0, 0, 0, 0, 2]);
    // RESPOND_ALL_OPS: the increment's slot is op 5 with a NULL particle, then the read.
    let operate = out
        .transcript
        .exchanges
        .iter()
        .position(|e| e.request_msg().is_some_and(|m| m.info2 & 0x80 != 0))
        .expect("the Rust operate sets RESPOND_ALL_OPS");
    let ops: Vec<(u8, u8)> = msgs(&out.answers[operate])[0]
        .ops
        .iter()
        .map(|o| (o.op, o.particle))
        .collect();
    assert_eq!(ops, [(5, 0), (1, 1)]);
}

#[test]
fn d_errors_python_matches_the_real_server() {
    let out = replay("d_errors_python", 26);
    // put, create-only 5, generation 3, TTL 22, TTL after set-config 0, read back 0.
    assert_eq!(single_record_results(&out), [0, 5, 3, 22, 0, 0]);
}

#[test]
fn d_errors_rust_matches_the_real_server() {
    let out = replay("d_errors_rust", 32);
    assert_eq!(single_record_results(&out), [0, 5, 3, 22, 0, 0]);
}

fn batch_rows(out: &Outcome) -> Vec<Vec<(u32, u8)>> {
    out.transcript
        .exchanges
        .iter()
        .zip(&out.answers)
        .filter(|(e, _)| e.request_msg().is_some_and(|m| m.info1 & 0x08 != 0))
        .map(|(_, a)| {
            msgs(a)
                .iter()
                .filter(|m| !m.is_last())
                .map(|m| (m.transaction_ttl, m.result))
                .collect()
        })
        .collect()
}

#[test]
fn e_batch_read_python_matches_the_real_server() {
    let out = replay("e_batch_read_python", 16);
    assert_eq!(
        out.seeded.len(),
        3,
        "b0, b1 and b2 recreated from the answer"
    );
    let rows = vec![(0, 0), (1, 2), (2, 0), (3, 2), (4, 0)];
    assert_eq!(batch_rows(&out), [rows.clone(), rows]);
}

#[test]
fn e_batch_read_rust_matches_the_real_server() {
    let out = replay("e_batch_read_rust", 22);
    let rows = vec![(0, 0), (1, 2), (2, 0), (3, 2), (4, 0)];
    assert_eq!(batch_rows(&out), [rows.clone(), rows]);
}

#[test]
fn f_batch_write_python_matches_the_real_server() {
    let out = replay("f_batch_write_python", 13);
    assert_eq!(batch_rows(&out), [vec![(0, 0), (1, 0), (2, 0)]]);
}

#[test]
fn f_batch_write_rust_matches_the_real_server() {
    let out = replay("f_batch_write_rust", 19);
    assert_eq!(batch_rows(&out), [vec![(0, 0), (1, 0), (2, 0)]]);
}

/// Records per scan of aerolite and of the real server, in capture order.
fn scan_counts(out: &Outcome) -> Vec<(usize, usize)> {
    let count = |v: Vec<wire::AsMsg>| v.iter().filter(|m| !m.is_last()).count();
    out.transcript
        .exchanges
        .iter()
        .zip(&out.answers)
        .filter(|(e, _)| e.is_multi_record())
        .map(|(e, a)| (count(real_msgs(e)), count(msgs(a))))
        .collect()
}

#[test]
fn g_scan_python_matches_the_real_server() {
    let out = replay("g_scan_python", 38);
    assert_eq!(out.seeded.len(), 20);
    // Full scan, partitions 0..2047, max_records 5, bins [n], query without a filter.
    assert_eq!(
        scan_counts(&out),
        [(20, 20), (11, 11), (5, 5), (20, 20), (20, 20)]
    );
}

#[test]
fn g_scan_rust_matches_the_real_server() {
    let out = replay("g_scan_rust", 38);
    assert_eq!(scan_counts(&out), [(20, 20), (11, 11), (5, 5), (20, 20)]);
}

#[test]
fn h_sindex_query_python_matches_the_real_server() {
    let out = replay("h_sindex_query_python", 26);
    assert_eq!(scan_counts(&out), [(5, 5)], "n in [5, 9]");
}

#[test]
fn h_sindex_query_rust_matches_the_real_server() {
    let out = replay("h_sindex_query_rust", 32);
    assert_eq!(scan_counts(&out), [(5, 5)], "n in [5, 9]");
}

#[test]
fn i_info_raw_matches_the_real_server() {
    replay("i_info_raw", 58);
}

#[test]
fn j_login_python_matches_the_real_server() {
    replay("j_login_python", 2);
}

#[test]
fn j_login_rust_matches_the_real_server() {
    replay("j_login_rust", 4);
}

/// The last `replicas` answer of each node, decoded into (masters, replicas) bit columns.
fn replica_columns<'a>(
    exchanges: impl Iterator<Item = (&'a Exchange, &'a [u8])>,
    nodes: usize,
) -> Vec<Vec<Vec<bool>>> {
    let mut by_node: Vec<Option<Vec<Vec<bool>>>> = vec![None; nodes];
    for (e, body) in exchanges {
        let Some(v) = info_value(body, "replicas") else {
            continue;
        };
        let node = scenario::CLUSTER3_PORTS
            .iter()
            .position(|&p| p == e.server.port())
            .expect("a cluster3 port");
        let maps = parse_replicas("replicas", &v).expect("replicas parse");
        let test = maps
            .iter()
            .find(|m| m.namespace == "test")
            .expect("namespace test");
        by_node[node] = Some(
            test.bitmaps
                .iter()
                .map(|b| bitmap_bits(b).expect("684-char bitmap"))
                .collect(),
        );
    }
    by_node
        .into_iter()
        .map(|m| m.expect("every node answered replicas"))
        .collect()
}

/// What a client builds from all nodes' maps: every partition has exactly one master and one
/// replica, on two different nodes.
fn assert_complete_map(cols: &[Vec<Vec<bool>>], who: &str) {
    for p in 0..4096 {
        let masters: Vec<usize> = (0..cols.len()).filter(|&n| cols[n][0][p]).collect();
        let replicas: Vec<usize> = (0..cols.len()).filter(|&n| cols[n][1][p]).collect();
        assert_eq!(masters.len(), 1, "{who}: partition {p} masters {masters:?}");
        assert_eq!(
            replicas.len(),
            1,
            "{who}: partition {p} replicas {replicas:?}"
        );
        assert_ne!(masters, replicas, "{who}: partition {p}");
    }
}

fn check_cluster_map(out: &Outcome) {
    let info: Vec<usize> = (0..out.transcript.exchanges.len())
        .filter(|&i| out.transcript.exchanges[i].request.ty == TYPE_INFO)
        .collect();
    let real = replica_columns(
        info.iter().map(|&i| {
            let e = &out.transcript.exchanges[i];
            (e, e.responses[0].body.as_slice())
        }),
        3,
    );
    let ours = replica_columns(
        info.iter().map(|&i| {
            (
                &out.transcript.exchanges[i],
                out.answers[i].responses[0].body.as_slice(),
            )
        }),
        3,
    );
    assert_complete_map(&real, "real cluster");
    assert_complete_map(&ours, "aerolite");
}

#[test]
fn k_tend3_python_matches_the_real_cluster() {
    let out = replay("k_tend3_python", 42);
    check_cluster_map(&out);
}

#[test]
fn k_tend3_rust_matches_the_real_cluster() {
    let out = replay("k_tend3_rust", 56);
    check_cluster_map(&out);
}

#[test]
fn l_info3_raw_matches_the_real_cluster() {
    let out = replay("l_info3_raw", 90);
    check_cluster_map(&out);
    // 30,000 records with RF 2: the nodes' object counts add up the same on both clusters.
    let sums = |bodies: Vec<&[u8]>| {
        let mut objects = 0u64;
        let mut masters = 0u64;
        for b in bodies {
            if let Some(v) = info_value(b, "namespace/test") {
                for kv in v.split(';') {
                    match kv.split_once('=') {
                        Some(("objects", n)) => objects += n.parse::<u64>().unwrap(),
                        Some(("master_objects", n)) => masters += n.parse::<u64>().unwrap(),
                        _ => {}
                    }
                }
            }
        }
        (objects, masters)
    };
    let ex = &out.transcript.exchanges;
    let real = sums(ex.iter().map(|e| e.responses[0].body.as_slice()).collect());
    let ours = sums(
        out.answers
            .iter()
            .map(|a| a.responses[0].body.as_slice())
            .collect(),
    );
    assert_eq!(real, (60_000, 30_000));
    assert_eq!(ours, real);
}

#[test]
fn o_nodeloss_info_matches_the_real_cluster_through_kill_and_restart() {
    let out = replay("o_nodeloss_info", 1728);
    let events: Vec<Event> = scenario::events(&out.transcript, scenario::CLUSTER3_PORTS)
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    assert_eq!(
        events,
        [Event::Kill(2), Event::Recluster, Event::Restart(2)],
        "the node-loss timeline read from the capture"
    );
    // After the restart both clusters are back at the ownership they had before the kill.
    let ex = &out.transcript.exchanges;
    let restart = scenario::events(&out.transcript, scenario::CLUSTER3_PORTS)
        .into_iter()
        .find(|(_, e)| matches!(e, Event::Restart(_)))
        .map(|(at, _)| at)
        .expect("a restart");
    let maps = |range: std::ops::Range<usize>, ours: bool| {
        replica_columns(
            range.map(|i| {
                let body = if ours {
                    out.answers[i].responses[0].body.as_slice()
                } else {
                    ex[i].responses[0].body.as_slice()
                };
                (&ex[i], body)
            }),
            3,
        )
    };
    let first_survivor_change = events_at(&out, Event::Kill(2));
    for ours in [false, true] {
        let before = maps(0..first_survivor_change, ours);
        let after = maps(restart..ex.len(), ours);
        assert_eq!(before, after, "ownership restored (aerolite: {ours})");
        assert_complete_map(&after, "after the restart");
    }
}

fn events_at(out: &Outcome, which: Event) -> usize {
    scenario::events(&out.transcript, scenario::CLUSTER3_PORTS)
        .into_iter()
        .find(|(_, e)| *e == which)
        .map(|(at, _)| at)
        .expect("event present")
}
