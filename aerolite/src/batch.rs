//! Batch requests (field 41/42, "batch-any" rows and the older read-only rows): each row runs as
//! the equivalent single-record command and is answered with its row index; LAST ends the reply.

use crate::command::{self, RecordCmd};
use crate::expr::{Expr, ExprError};
use crate::proto::{
    self, field, parse_fields, parse_ops, rc, Msg, ParseError, Reader, ReplyBuf, TYPE_MSG,
};
use crate::record::Clock;
use crate::store::{Digest, Store};
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

/// Runs a whole batch and returns the reply frames.
pub fn execute(store: &Store, msg: &Msg<'_>, out: &mut ReplyBuf) {
    let now = Clock::now();
    let parent_filter = match msg.field(field::FILTER_EXP).map(Expr::compile).transpose() {
        Ok(f) => f,
        Err(e) => return finish(out, expr_code(&e)),
    };
    let Some(data) = msg
        .field(field::BATCH)
        .or_else(|| msg.field(field::BATCH_WITH_SET))
    else {
        return finish(out, rc::PARAMETER);
    };
    let mut r = Reader::new(data);
    let (n_rows, _flags) = match (r.u32("row count"), r.u8("batch flags")) {
        (Ok(n), Ok(f)) => (n, f),
        _ => return finish(out, rc::PARAMETER),
    };
    if n_rows == 0 {
        return finish(out, rc::PARAMETER);
    }
    if n_rows > MAX_ROWS {
        return finish(out, rc::BATCH_MAX_REQUESTS);
    }
    out.begin_frame();
    let mut template = RowTemplate::default();
    for _ in 0..n_rows {
        let (index, digest) = match parse_row(&mut r, &mut template) {
            Ok(x) => x,
            Err(e) => {
                warn!(error = %e, "malformed batch row; ending the batch");
                out.close_frame(TYPE_MSG);
                return finish(out, rc::PARAMETER);
            }
        };
        let Some(ns) = store.namespace(template.namespace) else {
            out.msg_header(0, 0, rc::NAMESPACE, 0, 0, index, 0, 0);
            continue;
        };
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
            out.begin_frame();
        }
    }
    out.close_frame(TYPE_MSG);
    finish(out, rc::OK);
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
