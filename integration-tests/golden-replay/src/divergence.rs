//! The differences between aerolite and the captured server that are expected, each with the
//! reason. A finding no entry explains fails the replay, and so does an entry that explains
//! nothing in a scenario it names (the list must stay true). DIVERGENCES.md says the same in
//! prose; keep the two in step.

use crate::compare::Finding;
use crate::exchange::{Exchange, Transcript};
use crate::wire;
use std::collections::BTreeMap;

pub struct Divergence {
    pub id: &'static str,
    /// Scenarios where it must show (and is allowed).
    pub scenarios: &'static [&'static str],
    pub reason: &'static str,
    pub explains: fn(&Finding, &Exchange) -> bool,
}

const SCANS: &[&str] = &[
    "g_scan_python",
    "g_scan_rust",
    "h_sindex_query_python",
    "h_sindex_query_rust",
];
const INFO_STATS: &[&str] = &["i_info_raw", "l_info3_raw", "o_nodeloss_info"];
/// Sizes at which `namespace/test` counted the `bench` set of the single-node server.
const BENCH_RECORDS: i64 = 1_000_000;

/// The real answer's value for info name `name`.
fn real_info(e: &Exchange, name: &str) -> Option<String> {
    let r = e.responses.first()?;
    wire::info_answer(&r.body)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

fn unquote(s: &str) -> &str {
    s.trim_matches('"')
}

pub const ALL: &[Divergence] = &[
    Divergence {
        id: "scan-chunking",
        scenarios: SCANS,
        reason: "The real server streams scan and query records from parallel threads in several \
                 proto messages; aerolite packs up to 256 KiB into one. Clients read records \
                 message by message either way, up to LAST.",
        explains: |f, _| f.site == "scan.frames",
    },
    Divergence {
        id: "scan-order",
        scenarios: &["g_scan_python", "g_scan_rust", "h_sindex_query_python"],
        reason: "Record order within a scan stream follows the real server's thread scheduling; \
                 aerolite walks the partitions in request order. The same records arrive; within \
                 a partition both go by descending digest.",
        explains: |f, _| f.site == "scan.order",
    },
    Divergence {
        id: "sindex-built-at-once",
        scenarios: &["h_sindex_query_python", "h_sindex_query_rust"],
        reason: "The first sindex-stat poll caught the real index while it was being built \
                 (load_pct 15 and 4, entries still counting); aerolite's index is complete when \
                 sindex-create answers, so it reports load_pct=100 and all 20 entries at once.",
        explains: |f, e| {
            f.site.starts_with("info:sindex-stat:value:")
                && real_info(e, "sindex-stat:ns=test;indexname=golden_n")
                    .is_some_and(|v| !v.split(';').any(|kv| kv == "load_pct=100"))
        },
    },
    Divergence {
        id: "bench-set",
        scenarios: &["i_info_raw"],
        reason: "Namespace test also held the 1,000,000-record set `bench` during the captures; \
                 it was not part of any scenario and is not recreated, so namespace-wide object \
                 counts differ by exactly 1,000,000 and `sets` lists one set more.",
        explains: |f, _| {
            let by_bench = || match (
                unquote(&f.real).parse::<i64>(),
                unquote(&f.ours).parse::<i64>(),
            ) {
                (Ok(r), Ok(o)) => r - o == BENCH_RECORDS,
                _ => false,
            };
            f.site == "info:sets:missing-set:test/bench"
                || (f.site == "info:namespace/test:value:objects"
                    || f.site == "info:namespace/test:value:master_objects")
                    && by_bench()
        },
    },
    Divergence {
        id: "empty-demo-set",
        scenarios: &["i_info_raw"],
        reason: "The real server also listed `test.demo` with 0 objects, a set some earlier \
                 program had written and emptied; aerolite starts fresh and knows only the sets \
                 written during the replay.",
        explains: |f, _| f.site == "info:sets:missing-set:test/demo",
    },
    Divergence {
        id: "advertised-address",
        scenarios: &["i_info_raw"],
        reason: "The single-node server had no access-address and advertised its eth0 address \
                 192.0.2.2 in service-clear-std although it listened on 127.0.0.1; aerolite \
                 advertises the address it listens on (as the cluster3 servers, configured with \
                 access-address 127.0.0.1, also did).",
        explains: |f, _| f.site == "info:service-clear-std:host" && f.real.contains("192.0.2.2"),
    },
    Divergence {
        id: "statistics-subset",
        scenarios: INFO_STATS,
        reason: "statistics (85 keys), namespace/<ns> (448) and get-config (97) carry hundreds \
                 of server internals; aerolite reports the ones a client or connector reads \
                 (cluster and object counts, replication, TTL policy). Every key it reports \
                 exists in the real answer with a value of the same kind, or the same value \
                 where the value is a fact.",
        explains: |f, _| f.site.ends_with(":missing-keys"),
    },
    Divergence {
        id: "login-without-security",
        scenarios: &["j_login_python", "j_login_rust"],
        reason: "Community Edition answers LOGIN with 51 SECURITY_NOT_SUPPORTED; aerolite \
                 without configured credentials answers 52 SECURITY_NOT_ENABLED, as an \
                 Enterprise server without security does, because aerolite can enable security \
                 (--user/--password) and the connector's tests exercise both. Either way the \
                 client fails to connect, and the header is otherwise identical.",
        explains: |f, _| {
            (f.site == "admin.result" && f.real == "51" && f.ours == "52")
                || (f.site == "admin.header" && f.real.replacen("51", "52", 1) == f.ours)
        },
    },
    Divergence {
        id: "no-partition-info",
        scenarios: &["l_info3_raw"],
        reason: "partition-info is an operator's 4096-row debug table (state, succession, \
                 migration counters, version strings per partition); no client reads it and \
                 aerolite does not implement it (ERROR:4:unrecognized command).",
        explains: |f, _| f.site == "info:partition-info" && f.ours.contains("unrecognized"),
    },
    Divergence {
        id: "no-reclustering-phase",
        scenarios: &["o_nodeloss_info"],
        reason: "A real cluster re-forms over ~0.2 s and then migrates for ~20 s after a node \
                 leaves or joins; cluster-stable answers 'ERROR:7:unstable cluster' all that \
                 time. aerolite re-forms instantly (Cluster::recluster / restart_node) and has \
                 no migrations, so it answers the cluster key (or, before it re-formed, \
                 'cluster not specified size').",
        explains: |f, _| {
            f.site == "info:cluster-stable"
                && unquote(&f.real) == "ERROR:7:unstable cluster"
                && (!f.ours.contains("ERROR")
                    || unquote(&f.ours) == "ERROR:7:cluster not specified size")
        },
    },
    Divergence {
        id: "restarted-node-joins-at-once",
        scenarios: &["o_nodeloss_info"],
        reason: "The restarted real node answered for 1.6 s as a node outside any cluster \
                 (partition-generation -1, peers-generation 0, peers '0,3000,[]', one empty \
                 replicas bitmap) before it joined, and until then the survivors answered \
                 cluster-stable:size=3 with 'cluster not specified size'; aerolite's \
                 restart_node joins at once.",
        explains: |f, e| {
            let outside = real_info(e, "partition-generation").as_deref() == Some("-1")
                || real_info(e, "peers-clear-std").as_deref() == Some("0,3000,[]");
            let node_sites = matches!(
                f.site.as_str(),
                "info:partition-generation:not-joined"
                    | "info:peers-clear-std:nodes"
                    | "info:peers-clear-std:entry-shape"
                    | "info:replicas:n"
                    | "info:replicas:bitmap-count"
            );
            let survivors_still_two = f.site == "info:cluster-stable"
                && unquote(&f.real) == "ERROR:7:cluster not specified size"
                && !f.ours.contains("ERROR");
            outside && node_sites || survivors_still_two
        },
    },
];

/// The outcome of judging a scenario's findings.
#[derive(Debug, Default)]
pub struct Verdict {
    pub unexplained: Vec<Finding>,
    /// Divergences this scenario should show but did not.
    pub unused: Vec<&'static str>,
    /// How many findings each divergence explained.
    pub explained: BTreeMap<&'static str, usize>,
}

pub fn judge(scenario: &str, findings: &[Finding], t: &Transcript) -> Verdict {
    let mine: Vec<&Divergence> = ALL
        .iter()
        .filter(|d| d.scenarios.contains(&scenario))
        .collect();
    let mut v = Verdict::default();
    for f in findings {
        let e = &t.exchanges[f.exchange];
        match mine.iter().find(|d| (d.explains)(f, e)) {
            Some(d) => *v.explained.entry(d.id).or_default() += 1,
            None => v.unexplained.push(f.clone()),
        }
    }
    v.unused = mine
        .iter()
        .filter(|d| !v.explained.contains_key(d.id))
        .map(|d| d.id)
        .collect();
    v
}
