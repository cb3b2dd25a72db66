//! Drives one client connection of an aerolite node with arbitrary bytes: the proto header
//! check, info, admin (login) and AS_MSG single-record, batch and scan/query requests, all through
//! `aerolite::server::serve_stream`, the code the network loop runs.
//!
//! Input: one flags byte (bit 0: serve as node 0 or 1; bit 1: the cluster requires login as
//! admin/admin), then the bytes a client sends. Each input gets a fresh two-node cluster (RF 1,
//! so node 1 holds about half the partitions) whose store holds the records of the golden
//! captures, set `golden` in namespace `test`, and a string index on its bin `s`.
//!
//! Beyond "no panic, no hang", every answer must be well-formed: whole proto frames of a known
//! type whose as_msg messages account for exactly their bytes.

#![no_main]

use aerolite::admin::{self, Auth};
use aerolite::cluster::Topology;
use aerolite::command::{self, RecordCmd};
use aerolite::proto::{self, op, particle, Op, ProtoHeader, ReplyBuf};
use aerolite::record::Clock;
use aerolite::server::{self, NodeCtl, Shared};
use aerolite::sindex::{Collection, IndexDef, IndexType};
use aerolite::store::{NamespaceConfig, Store};
use libfuzzer_sys::fuzz_target;
use ripemd::{Digest as _, Ripemd160};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut stream)) = data.split_first() else {
        return;
    };
    let shared = fixture(flags & 2 != 0);
    let node = usize::from(flags & 1);
    let mut out = Vec::new();
    // An error only means the input ended inside a message, which ends the connection.
    let _ = runtime().block_on(server::serve_stream(&shared, node, &mut stream, &mut out));
    check_answers(&out);
});

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("runtime")
    })
}

fn admin_hash() -> String {
    // bcrypt is slow on purpose: hash once per process, not once per input.
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| admin::client_hash("admin").expect("bcrypt accepts 'admin'"))
        .clone()
}

fn fixture(login: bool) -> Arc<Shared> {
    let ids = [
        (0xBB90_1000_0000_FC02u64, 3000u16),
        (0xBB90_1000_0000_FC03, 3010),
    ];
    let store = Store::new(&["test", "bar"].map(|n| NamespaceConfig {
        name: n.into(),
        replication_factor: 1,
        default_ttl: 0,
    }));
    let test = &store.namespaces[0];
    for i in 0..20i64 {
        let s = format!("v{i}");
        put(
            test,
            b"golden",
            &key_int(i),
            &[
                ("n", particle::INTEGER, &i.to_be_bytes()),
                ("s", particle::STRING, s.as_bytes()),
            ],
        );
    }
    for i in 0..3i64 {
        let s = format!("v{i}");
        put(
            test,
            b"golden",
            &key_str(&format!("b{i}")),
            &[
                ("s", particle::STRING, s.as_bytes()),
                ("i", particle::INTEGER, &i.to_be_bytes()),
            ],
        );
    }
    // A list and a map bin (msgpack, strings carry their particle type), for collection indexes.
    put(
        test,
        b"",
        &key_str("cdt"),
        &[
            ("l", particle::LIST, &[0x92, 0x01, 0xa2, 0x03, b'a']),
            ("m", particle::MAP, &[0x81, 0xa2, 0x03, b'x', 0x01]),
        ],
    );
    put(
        &store.namespaces[1],
        b"other",
        &key_int(7),
        &[("f", particle::FLOAT, &1.5f64.to_be_bytes())],
    );
    test.sindexes.write().push(IndexDef {
        name: "golden_s".into(),
        set: Some("golden".into()),
        bin: "s".into(),
        ty: IndexType::String,
        collection: Collection::Default,
    });
    Arc::new(Shared {
        store,
        topology: parking_lot::RwLock::new(Topology::new(&ids, 1)),
        cluster_name: "aerolite".into(),
        auth: login.then(|| Auth::with_client_hash("admin", admin_hash())),
        nodes: ids
            .iter()
            .enumerate()
            .map(|(i, &(_, port))| Arc::new(NodeCtl::new(i, port)))
            .collect(),
        started: Instant::now(),
        connections: Default::default(),
        control: false,
        tls: None,
    })
}

fn key_int(i: i64) -> Vec<u8> {
    let mut k = vec![particle::INTEGER];
    k.extend_from_slice(&i.to_be_bytes());
    k
}

fn key_str(s: &str) -> Vec<u8> {
    let mut k = vec![particle::STRING];
    k.extend_from_slice(s.as_bytes());
    k
}

/// Writes a record as a client's put with send-key would (digest = RIPEMD-160 of set + key).
fn put(ns: &aerolite::store::Namespace, set: &[u8], key: &[u8], bins: &[(&str, u8, &[u8])]) {
    let digest: [u8; 20] = Ripemd160::new()
        .chain_update(set)
        .chain_update(key)
        .finalize()
        .into();
    let ops: Vec<Op<'_>> = bins
        .iter()
        .map(|&(name, p, value)| Op {
            op: op::WRITE,
            particle: p,
            name: name.as_bytes(),
            value,
        })
        .collect();
    let cmd = RecordCmd {
        info1: 0,
        info2: proto::INFO2_WRITE,
        info3: 0,
        generation: 0,
        record_ttl: 0,
        set,
        digest,
        key: Some(key),
        ops: &ops,
    };
    let mut out = ReplyBuf::default();
    let rc = command::execute(ns, &cmd, None, &Clock::now(), 0, &mut out);
    assert_eq!(rc, proto::rc::OK, "fixture record written");
}

/// Asserts that `out` is a sequence of whole, well-formed answer frames.
fn check_answers(mut out: &[u8]) {
    while !out.is_empty() {
        assert!(out.len() >= 8, "answer ends inside a proto header");
        let h = ProtoHeader::parse(out[..8].try_into().unwrap());
        assert_eq!(h.version, proto::PROTO_VERSION, "answer proto version");
        let size = h.size as usize;
        assert!(
            out.len() >= 8 + size,
            "answer frame shorter than its header says"
        );
        let body = &out[8..8 + size];
        match h.ty {
            proto::TYPE_INFO => {
                assert!(
                    body.is_empty() || body.ends_with(b"\n"),
                    "info answer lines end with a newline"
                )
            }
            proto::TYPE_ADMIN => check_admin(body),
            proto::TYPE_MSG => check_msgs(body),
            other => panic!("answer of proto type {other}"),
        }
        out = &out[8 + size..];
    }
}

fn check_admin(body: &[u8]) {
    assert!(body.len() >= 16, "admin answer header");
    let mut r = proto::Reader::new(&body[16..]);
    for _ in 0..body[3] {
        let size = r.u32("admin field size").expect("admin field size") as usize;
        assert!(size >= 1);
        r.bytes(size, "admin field")
            .expect("admin field inside the answer");
    }
    assert!(r.is_empty(), "bytes after the last admin field");
}

/// A frame of type 3 holds one or more as_msg back to back.
fn check_msgs(body: &[u8]) {
    assert!(!body.is_empty(), "empty as_msg frame");
    let mut r = proto::Reader::new(body);
    while !r.is_empty() {
        let head = r
            .bytes(proto::MSG_HEADER_SIZE, "as_msg header")
            .expect("whole as_msg header");
        assert_eq!(head[0] as usize, proto::MSG_HEADER_SIZE);
        let n_fields = u16::from_be_bytes([head[18], head[19]]);
        let n_ops = u16::from_be_bytes([head[20], head[21]]);
        for _ in 0..n_fields {
            let size = r.u32("field size").expect("field size") as usize;
            assert!(size >= 1, "field of size 0");
            r.bytes(size, "field").expect("field inside the frame");
        }
        for _ in 0..n_ops {
            let size = r.u32("op size").expect("op size") as usize;
            let op = r.bytes(size, "op").expect("op inside the frame");
            assert!(
                size >= 4 && op[3] as usize <= size - 4,
                "bin name inside its op"
            );
        }
    }
}
