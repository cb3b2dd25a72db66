//! The limits a real server puts on one record command, which also keep a single request from
//! making aerolite build answers or records of unbounded size.

use aerolite::command::{execute, RecordCmd, MAX_RECORD_BYTES};
use aerolite::proto::{self, op, particle, rc, Op, ReplyBuf};
use aerolite::record::{encode_bins, Bin, Clock, Record};
use aerolite::store::{Digest, Namespace, NamespaceConfig};

const DIGEST: Digest = [7u8; 20];
/// `RECORD_MAX_BINS` and `MAX_N_OPS` of the server.
const MAX_BINS: usize = 32_767;
const MAX_WRITE_OPS: usize = 32_768;

fn namespace() -> Namespace {
    Namespace::new(NamespaceConfig {
        name: "test".into(),
        replication_factor: 1,
        default_ttl: 0,
    })
}

/// Runs one command on record DIGEST; returns its result code and the answer's op count.
fn run(ns: &Namespace, info1: u8, info2: u8, ops: &[Op<'_>]) -> (u8, u16) {
    let cmd = RecordCmd {
        info1,
        info2,
        info3: 0,
        generation: 0,
        record_ttl: 0,
        set: b"",
        digest: DIGEST,
        key: None,
        ops,
    };
    let mut out = ReplyBuf::default();
    let code = execute(ns, &cmd, None, &Clock::now(), 0, &mut out);
    (code, u16::from_be_bytes([out.buf[20], out.buf[21]]))
}

fn write_op<'a>(name: &'a [u8], value: &'a [u8]) -> Op<'a> {
    Op {
        op: op::WRITE,
        particle: particle::BLOB,
        name,
        value,
    }
}

fn read_op(name: &[u8]) -> Op<'_> {
    Op {
        op: op::READ,
        particle: particle::NULL,
        name,
        value: &[],
    }
}

fn stored(ns: &Namespace) -> Option<(u16, usize)> {
    ns.partitions[proto::partition_id(&DIGEST) as usize]
        .read()
        .get(&DIGEST)
        .map(|r| (r.n_bins, r.bins.len()))
}

#[test]
fn a_write_with_two_read_all_ops_is_a_parameter_error_and_changes_nothing() {
    let ns = namespace();
    let puts = [
        write_op(b"b0", b"x"),
        write_op(b"b1", b"x"),
        write_op(b"b2", b"x"),
    ];
    assert_eq!(run(&ns, 0, proto::INFO2_WRITE, &puts).0, rc::OK);
    let one = [write_op(b"b0", b"y"), read_op(b"")];
    assert_eq!(
        run(&ns, proto::INFO1_READ, proto::INFO2_WRITE, &one),
        (rc::OK, 3),
        "one read-all op answers every bin once"
    );
    // Each read-all op used to repeat every bin: with enough of them the answer's op count (a
    // u16) overflowed.
    let two = [write_op(b"b9", b"z"), read_op(b""), read_op(b"")];
    assert_eq!(
        run(&ns, proto::INFO1_READ, proto::INFO2_WRITE, &two).0,
        rc::PARAMETER
    );
    assert_eq!(stored(&ns).map(|s| s.0), Some(3), "bin b9 was not written");
}

#[test]
fn a_write_over_the_op_or_bin_limits_is_a_parameter_error() {
    let ns = namespace();
    let bins: Vec<Bin> = (0..MAX_BINS)
        .map(|i| Bin {
            name: format!("b{i}").into_bytes(),
            particle: particle::BLOB,
            value: Vec::new(),
        })
        .collect();
    let (n_bins, blob) = encode_bins(&bins);
    ns.partitions[proto::partition_id(&DIGEST) as usize]
        .write()
        .insert(
            DIGEST,
            Record {
                generation: 1,
                void_time: 0,
                last_update_ns: 0,
                set: 0,
                key: None,
                n_bins,
                bins: blob,
            },
        );
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &[write_op(b"b0", b"x")]).0,
        rc::OK,
        "32767 bins, one of them updated"
    );
    // The bin count is a u16 in the stored record: past 65535 it wrapped and lost bins.
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &[write_op(b"new", b"x")]).0,
        rc::PARAMETER,
        "a 32768th bin"
    );
    assert_eq!(stored(&ns).map(|s| s.0), Some(MAX_BINS as u16));
    let too_many: Vec<Op<'_>> = (0..=MAX_WRITE_OPS).map(|_| write_op(b"b0", b"")).collect();
    assert_eq!(run(&ns, 0, proto::INFO2_WRITE, &too_many).0, rc::PARAMETER);
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &too_many[1..]).0,
        rc::OK,
        "32768 ops"
    );
}

#[test]
fn a_record_over_8_mib_is_refused_with_record_too_big() {
    let ns = namespace();
    let half = vec![1u8; MAX_RECORD_BYTES / 2];
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &[write_op(b"a", &half)]).0,
        rc::OK
    );
    let append = [Op {
        op: op::APPEND,
        ..write_op(b"a", &half)
    }];
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &append).0,
        rc::RECORD_TOO_BIG
    );
    assert_eq!(
        stored(&ns),
        Some((1, 8 + 1 + half.len())),
        "the record is unchanged"
    );
}

#[test]
fn reading_one_bin_many_times_past_the_proto_limit_is_record_too_big() {
    let ns = namespace();
    let big = vec![1u8; 4 * 1024 * 1024];
    assert_eq!(
        run(&ns, 0, proto::INFO2_WRITE, &[write_op(b"a", &big)]).0,
        rc::OK
    );
    let reads: Vec<Op<'_>> = (0..40).map(|_| read_op(b"a")).collect();
    assert_eq!(run(&ns, proto::INFO1_READ, 0, &reads[..4]), (rc::OK, 4));
    assert_eq!(
        run(&ns, proto::INFO1_READ, 0, &reads),
        (rc::RECORD_TOO_BIG, 0),
        "40 copies of 4 MiB"
    );
    let in_write = [&[write_op(b"c", b"")][..], &reads].concat();
    assert_eq!(
        run(&ns, proto::INFO1_READ, proto::INFO2_WRITE, &in_write).0,
        rc::RECORD_TOO_BIG
    );
    assert_eq!(stored(&ns).map(|s| s.0), Some(1), "bin c was not written");
}
