//! What batch writes and batch reads share (wire protocol §6.2): the key digest every client and
//! server computes, and the parent message — an AS_MSG with `info1 = BATCH`, the whole-batch
//! timeout, an optional parent filter expression and one BATCH_INDEX field (41) holding the rows.
//! The rows themselves differ (writes in [`super::batch_write`], reads in [`super::batch_read`]).

use ripemd::{Digest as _, Ripemd160};

use super::{proto_header, FIELD_FILTER_EXP, MSG_HEADER, TYPE_AS_MSG};

pub const INFO1_BATCH: u8 = 0x08;
pub const FIELD_BATCH_INDEX: u8 = 41;

/// Parent flags the official clients send: allow inline (0x1), answer every row even after a
/// row error (0x4), report the failing row (0x8).
const BATCH_FLAGS: u8 = 0x0d;

/// The digest every Aerospike client and server computes for a key: RIPEMD-160 over the set name,
/// the key's particle type and the key's bytes (an integer as 8 bytes big-endian).
pub fn digest(set: &[u8], particle_type: u8, key: &[u8]) -> [u8; 20] {
    let mut hash = Ripemd160::new();
    hash.update(set);
    hash.update([particle_type]);
    hash.update(key);
    hash.finalize().into()
}

/// A whole batch message, proto header included: `rows` rows whose bytes (`row_bytes` of them,
/// indexes included) `write_rows` appends. `filter_exp` applies to every row without its own;
/// `timeout_ms` bounds the whole batch on the server.
pub fn message(
    rows: u32,
    row_bytes: usize,
    filter_exp: Option<&[u8]>,
    timeout_ms: u32,
    write_rows: impl FnOnce(&mut Vec<u8>),
) -> Vec<u8> {
    let field_data = 5 + row_bytes;
    let filter_len = filter_exp.map_or(0, |f| 5 + f.len());
    let mut out = Vec::with_capacity(8 + MSG_HEADER + filter_len + 5 + field_data);
    out.resize(8 + MSG_HEADER, 0);
    let mut fields: u16 = 1;
    if let Some(exp) = filter_exp {
        out.extend_from_slice(&(exp.len() as u32 + 1).to_be_bytes());
        out.push(FIELD_FILTER_EXP);
        out.extend_from_slice(exp);
        fields += 1;
    }
    out.extend_from_slice(&(field_data as u32 + 1).to_be_bytes());
    out.push(FIELD_BATCH_INDEX);
    out.extend_from_slice(&rows.to_be_bytes());
    out.push(BATCH_FLAGS);
    write_rows(&mut out);
    let msg = &mut out[8..8 + MSG_HEADER];
    msg[0] = MSG_HEADER as u8;
    msg[1] = INFO1_BATCH;
    msg[14..18].copy_from_slice(&timeout_ms.to_be_bytes());
    msg[18..20].copy_from_slice(&fields.to_be_bytes());
    let body = out.len() - 8;
    out[..8].copy_from_slice(&proto_header(TYPE_AS_MSG, body));
    out
}
