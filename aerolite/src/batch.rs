//! Batch requests (field 41/42, "batch-any" rows and the older read-only rows): each row runs as
//! the equivalent single-record command and is answered with its row index; LAST ends the reply.
//! Frames go to the client as they fill, as a real server streams them, so a batch of large
//! records never sits in memory whole.

use crate::command::{self, RecordCmd};
use crate::expr::{Expr, ExprError};
use crate::proto::{
    self, field, parse_fields, parse_ops, rc, Msg, ParseError, Reader, ReplyBuf, TYPE_MSG,
};
use crate::record::Clock;
use crate::store::{Digest, Store};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tracing::warn;

const ROW_REPEAT: u8 = 0x01;
const ROW_HAS_EXTRA_INFO: u8 = 0x02;
const ROW_HAS_GENERATION: u8 = 0x04;
const ROW_HAS_RECORD_TTL: u8 = 0x08;
const ROW_HAS_INFO4: u8 = 0x10;
/// Rows per batch a real server accepts by default (`batch-max-requests`).
pub const MAX_ROWS: u32 = 5000;
/// Replies are packed in frames of up to 128 KiB, as the server does.
const FRAME_BYTES: usize = 128 * 1024;

/// The part of a row that a REPEAT row reuses.
#[derive(Clone, Default)]
struct RowTemplate<'a> {
    info1: u8,
    info2: u8,
    info3: u8,
    generation: u32,
    record_ttl: u32,
    namespace: &'a [u8],
    set: &'a [u8],
    key: Option<&'a [u8]>,
    filter: Option<&'a [u8]>,
    ops: Vec<proto::Op<'a>>,
}

/// Runs a whole batch and writes its reply frames to `w`, each as soon as it is full. A row whose
/// partition no node holds (`served` false) is answered UNAVAILABLE, as a single command is.
pub async fn execute<W: AsyncWrite + Unpin>(
    store: &Store,
    served: impl Fn(usize) -> bool,
    msg: &Msg<'_>,
    w: &mut W,
) -> std::io::Result<()> {
    let mut out = ReplyBuf::with_capacity(4096);
    rows(store, &served, msg, &mut out, w).await?;
    w.write_all(&out.buf).await
}

/// Answers every row into `out`, handing full frames to `w`; the caller writes what is left.
async fn rows<W: AsyncWrite + Unpin>(
    store: &Store,
    served: &impl Fn(usize) -> bool,
    msg: &Msg<'_>,
    out: &mut ReplyBuf,
    w: &mut W,
) -> std::io::Result<()> {
    let now = Clock::now();
    let parent_filter = match msg.field(field::FILTER_EXP).map(Expr::compile).transpose() {
        Ok(f) => f,
        Err(e) => {
            finish(out, expr_code(&e));
            return Ok(());
        }
    };
    let Some(data) = msg
        .field(field::BATCH)
        .or_else(|| msg.field(field::BATCH_WITH_SET))
    else {
        finish(out, rc::PARAMETER);
        return Ok(());
    };
    let mut r = Reader::new(data);
    let (n_rows, _flags) = match (r.u32("row count"), r.u8("batch flags")) {
        (Ok(n), Ok(f)) => (n, f),
        _ => {
            finish(out, rc::PARAMETER);
            return Ok(());
        }
    };
    if n_rows == 0 {
        finish(out, rc::PARAMETER);
        return Ok(());
    }
    if n_rows > MAX_ROWS {
        finish(out, rc::BATCH_MAX_REQUESTS);
        return Ok(());
    }
    out.begin_frame();
    let mut template = RowTemplate::default();
    for _ in 0..n_rows {
        let (index, digest) = match parse_row(&mut r, &mut template) {
            Ok(x) => x,
            Err(e) => {
                warn!(error = %e, "malformed batch row; ending the batch");
                out.close_frame(TYPE_MSG);
                finish(out, rc::PARAMETER);
                return Ok(());
            }
        };
        let Some(ns) = store.namespace(template.namespace) else {
            out.msg_header(0, 0, rc::NAMESPACE, 0, 0, index, 0, 0);
            continue;
        };
        if !served(proto::partition_id(&digest) as usize) {
            out.msg_header(0, 0, rc::UNAVAILABLE, 0, 0, index, 0, 0);
            continue;
        }
        let row_filter = match template.filter.map(Expr::compile).transpose() {
            Ok(f) => f,
            Err(e) => {
                out.msg_header(0, 0, expr_code(&e), 0, 0, index, 0, 0);
                continue;
            }
        };
        let cmd = RecordCmd {
            info1: template.info1,
            info2: template.info2,
            info3: template.info3,
            generation: template.generation,
            record_ttl: template.record_ttl,
            set: template.set,
            digest,
            key: template.key,
            ops: &template.ops,
        };
        command::execute(
            ns,
            &cmd,
            row_filter.as_ref().or(parent_filter.as_ref()),
            &now,
            index,
            out,
        );
        if out.frame_len() >= FRAME_BYTES {
            out.finish_frame(TYPE_MSG);
            w.write_all(&out.buf).await?;
            out.buf.clear();
            out.begin_frame();
        }
    }
    out.close_frame(TYPE_MSG);
    finish(out, rc::OK);
    Ok(())
}

fn expr_code(e: &ExprError) -> u8 {
    match e {
        ExprError::Unsupported(_) => rc::UNSUPPORTED_FEATURE,
        ExprError::Malformed(_) => rc::PARAMETER,
    }
}

/// Appends the LAST message in a frame of its own.
fn finish(out: &mut ReplyBuf, result: u8) {
    out.begin_frame();
    out.msg_header(0, proto::INFO3_LAST, result, 0, 0, 0, 0, 0);
    out.finish_frame(TYPE_MSG);
}

fn parse_row<'a>(r: &mut Reader<'a>, t: &mut RowTemplate<'a>) -> Result<(u32, Digest), ParseError> {
    let index = r.u32("row index")?;
    let digest: Digest = r.bytes(20, "row digest")?.try_into().expect("20 bytes");
    let flags = r.u8("row flags")?;
    if flags & ROW_REPEAT != 0 {
        if t.namespace.is_empty() {
            return Err(ParseError::Invalid("first batch row is a repeat"));
        }
        return Ok((index, digest));
    }
    let info1 = r.u8("row info1")?;
    let (info2, info3) = if flags & ROW_HAS_EXTRA_INFO != 0 {
        (r.u8("row info2")?, r.u8("row info3")?)
    } else {
        (0, 0)
    };
    if flags & ROW_HAS_INFO4 != 0 {
        r.u8("row info4")?;
    }
    let generation = if flags & ROW_HAS_GENERATION != 0 {
        r.u16("row generation")? as u32
    } else {
        0
    };
    let record_ttl = if flags & ROW_HAS_RECORD_TTL != 0 {
        r.u32("row ttl")?
    } else {
        0
    };
    let n_fields = r.u16("row field count")?.max(1) as usize;
    let n_ops = r.u16("row op count")? as usize;
    let fields = parse_fields(r, n_fields)?;
    let ops = parse_ops(r, n_ops)?;
    let get = |ty: u8| fields.iter().find(|f| f.ty == ty).map(|f| f.data);
    let namespace = match fields.first() {
        Some(f) if f.ty == field::NAMESPACE => f.data,
        _ => return Err(ParseError::Invalid("batch row without a leading namespace")),
    };
    *t = RowTemplate {
        info1,
        info2,
        info3,
        generation,
        record_ttl,
        namespace,
        set: get(field::SET).unwrap_or_default(),
        key: get(field::KEY),
        filter: get(field::FILTER_EXP),
        ops,
    };
    Ok((index, digest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{op, particle, Op, INFO1_BATCH, INFO1_GET_ALL, INFO1_READ, INFO2_WRITE};
    use crate::store::NamespaceConfig;
    use crate::test_support::Recorder;

    /// An as_msg holding one batch field: `rows` reads of record `digest`, all bins, the first
    /// row in full and the others REPEAT rows.
    fn batch_request(digest: [u8; 20], rows: u32) -> Vec<u8> {
        let mut field = rows.to_be_bytes().to_vec();
        field.push(0);
        for i in 0..rows {
            field.extend_from_slice(&i.to_be_bytes());
            field.extend_from_slice(&digest);
            if i == 0 {
                field.extend_from_slice(&[0, INFO1_READ | INFO1_GET_ALL, 0, 1, 0, 0]);
                field.extend_from_slice(&5u32.to_be_bytes());
                field.push(field::NAMESPACE);
                field.extend_from_slice(b"test");
            } else {
                field.push(ROW_REPEAT);
            }
        }
        let mut out = ReplyBuf::default();
        out.msg_header(INFO1_READ | INFO1_BATCH, 0, 0, 0, 0, 0, 1, 0);
        out.field(field::BATCH, &field);
        out.buf
    }

    /// The info3, result and length of the reply message at the start of `frame`.
    fn next_message(frame: &[u8]) -> (u8, u8, usize) {
        let mut r = Reader::new(frame);
        let head = r.bytes(22, "header").unwrap();
        let n_fields = u16::from_be_bytes([head[18], head[19]]);
        let n_ops = u16::from_be_bytes([head[20], head[21]]);
        for _ in 0..(n_fields as usize + n_ops as usize) {
            let size = r.u32("size").unwrap() as usize;
            r.bytes(size, "field or op").unwrap();
        }
        (head[3], head[5], frame.len() - r.remaining())
    }

    #[test]
    fn a_large_batch_answer_is_written_frame_by_frame() {
        let store = Store::new(&[NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        }]);
        let ns = &store.namespaces[0];
        let digest = [5u8; 20];
        let value = vec![7u8; 1024 * 1024];
        let ops = [Op {
            op: op::WRITE,
            particle: particle::BLOB,
            name: b"big",
            value: &value,
        }];
        let cmd = RecordCmd {
            info1: 0,
            info2: INFO2_WRITE,
            info3: 0,
            generation: 0,
            record_ttl: 0,
            set: b"",
            digest,
            key: None,
            ops: &ops,
        };
        let mut scratch = ReplyBuf::default();
        assert_eq!(
            command::execute(ns, &cmd, None, &Clock::now(), 0, &mut scratch),
            rc::OK
        );
        let body = batch_request(digest, 40);
        let msg = Msg::parse(&body).unwrap();
        let mut w = Recorder::default();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(execute(&store, |_| true, &msg, &mut w))
            .unwrap();
        // 40 rows of 1 MiB went out, each frame once full, then LAST: never the whole answer
        // at once.
        assert!(w.bytes.len() > 40 * 1024 * 1024);
        assert!(
            w.largest_write < 3 * 1024 * 1024,
            "one write of {} bytes",
            w.largest_write
        );
        let mut rest = &w.bytes[..];
        let (mut rows, mut last) = (0, 0);
        while !rest.is_empty() {
            let h = proto::ProtoHeader::parse(rest[..8].try_into().unwrap());
            let mut frame = &rest[8..8 + h.size as usize];
            while !frame.is_empty() {
                let m = next_message(frame);
                if m.0 & proto::INFO3_LAST != 0 {
                    last += 1;
                } else {
                    assert_eq!(m.1, rc::OK);
                    rows += 1;
                }
                frame = &frame[m.2..];
            }
            rest = &rest[8 + h.size as usize..];
        }
        assert_eq!((rows, last), (40, 1));
    }

    #[test]
    fn rows_of_a_partition_no_node_holds_are_answered_unavailable() {
        let store = Store::new(&[NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        }]);
        let digest = [9u8; 20];
        let lost = proto::partition_id(&digest) as usize;
        let body = batch_request(digest, 3);
        let msg = Msg::parse(&body).unwrap();
        let run = |served: &dyn Fn(usize) -> bool| {
            let mut w = Recorder::default();
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(execute(&store, served, &msg, &mut w))
                .unwrap();
            let mut results = Vec::new();
            let mut rest = &w.bytes[..];
            while !rest.is_empty() {
                let h = proto::ProtoHeader::parse(rest[..8].try_into().unwrap());
                let mut frame = &rest[8..8 + h.size as usize];
                while !frame.is_empty() {
                    let m = next_message(frame);
                    if m.0 & proto::INFO3_LAST == 0 {
                        results.push(m.1);
                    }
                    frame = &frame[m.2..];
                }
                rest = &rest[8 + h.size as usize..];
            }
            results
        };
        // Held: the record does not exist. Not held by any node: unavailable, as a get would be.
        assert_eq!(run(&|_| true), vec![rc::NOT_FOUND; 3]);
        assert_eq!(run(&|p| p != lost), vec![rc::UNAVAILABLE; 3]);
    }
}
