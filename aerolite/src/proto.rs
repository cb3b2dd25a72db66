//! Framing and the AS_MSG layout: parsing requests and building replies.
//!
//! Everything here is pure byte handling, so the fuzz target can drive it without a server.
//! A parse error never panics: it is reported as [`ParseError`], which the server answers with
//! result code 4 (PARAMETER), as a real server does for a malformed message.

use thiserror::Error;

pub const PROTO_VERSION: u8 = 2;
pub const TYPE_INFO: u8 = 1;
pub const TYPE_ADMIN: u8 = 2;
pub const TYPE_MSG: u8 = 3;
pub const TYPE_MSG_COMPRESSED: u8 = 4;
/// The real server refuses bodies over 128 MiB (`PROTO_SIZE_MAX`).
pub const MAX_BODY: u64 = 128 * 1024 * 1024;
pub const MSG_HEADER_SIZE: usize = 22;

// info1
pub const INFO1_READ: u8 = 0x01;
pub const INFO1_GET_ALL: u8 = 0x02;
pub const INFO1_SHORT_QUERY: u8 = 0x04;
pub const INFO1_BATCH: u8 = 0x08;
pub const INFO1_NOBINDATA: u8 = 0x20;
pub const INFO1_COMPRESS_RESPONSE: u8 = 0x80;
// info2
pub const INFO2_WRITE: u8 = 0x01;
pub const INFO2_DELETE: u8 = 0x02;
pub const INFO2_GENERATION: u8 = 0x04;
pub const INFO2_GENERATION_GT: u8 = 0x08;
pub const INFO2_DURABLE_DELETE: u8 = 0x10;
pub const INFO2_CREATE_ONLY: u8 = 0x20;
pub const INFO2_RESPOND_ALL_OPS: u8 = 0x80;
// info3
pub const INFO3_LAST: u8 = 0x01;
pub const INFO3_PARTITION_DONE: u8 = 0x04;
pub const INFO3_UPDATE_ONLY: u8 = 0x08;
pub const INFO3_CREATE_OR_REPLACE: u8 = 0x10;
pub const INFO3_REPLACE_ONLY: u8 = 0x20;

/// Field types (section 3.3 of the protocol reference).
pub mod field {
    pub const NAMESPACE: u8 = 0;
    pub const SET: u8 = 1;
    pub const KEY: u8 = 2;
    pub const DIGEST: u8 = 4;
    pub const TRID: u8 = 7;
    pub const SOCKET_TIMEOUT: u8 = 9;
    pub const RECS_PER_SEC: u8 = 10;
    pub const PID_ARRAY: u8 = 11;
    pub const DIGEST_ARRAY: u8 = 12;
    pub const MAX_RECORDS: u8 = 13;
    pub const BVAL_ARRAY: u8 = 15;
    pub const INDEX_NAME: u8 = 21;
    pub const INDEX_RANGE: u8 = 22;
    pub const INDEX_CONTEXT: u8 = 23;
    pub const INDEX_EXPRESSION: u8 = 24;
    pub const INDEX_TYPE: u8 = 26;
    pub const UDF_PACKAGE: u8 = 30;
    pub const UDF_OP: u8 = 33;
    pub const BATCH: u8 = 41;
    pub const BATCH_WITH_SET: u8 = 42;
    pub const FILTER_EXP: u8 = 43;
}

/// Operation types (section 3.4).
pub mod op {
    pub const READ: u8 = 1;
    pub const WRITE: u8 = 2;
    pub const CDT_READ: u8 = 3;
    pub const CDT_MODIFY: u8 = 4;
    pub const INCR: u8 = 5;
    pub const EXP_READ: u8 = 7;
    pub const EXP_MODIFY: u8 = 8;
    pub const APPEND: u8 = 9;
    pub const PREPEND: u8 = 10;
    pub const TOUCH: u8 = 11;
    pub const DELETE_ALL: u8 = 14;
}

/// Particle types (section 3.5).
pub mod particle {
    pub const NULL: u8 = 0;
    pub const INTEGER: u8 = 1;
    pub const FLOAT: u8 = 2;
    pub const STRING: u8 = 3;
    pub const BLOB: u8 = 4;
    pub const BOOL: u8 = 17;
    pub const HLL: u8 = 18;
    pub const MAP: u8 = 19;
    pub const LIST: u8 = 20;
    pub const GEOJSON: u8 = 23;
}

/// Result codes the server sends (section 5.6).
pub mod rc {
    pub const OK: u8 = 0;
    pub const UNKNOWN: u8 = 1;
    pub const NOT_FOUND: u8 = 2;
    pub const GENERATION: u8 = 3;
    pub const PARAMETER: u8 = 4;
    pub const RECORD_EXISTS: u8 = 5;
    pub const TIMEOUT: u8 = 9;
    pub const UNAVAILABLE: u8 = 11;
    pub const INCOMPATIBLE_TYPE: u8 = 12;
    pub const RECORD_TOO_BIG: u8 = 13;
    pub const UNSUPPORTED_FEATURE: u8 = 16;
    pub const KEY_MISMATCH: u8 = 19;
    pub const NAMESPACE: u8 = 20;
    pub const BIN_NAME: u8 = 21;
    pub const FORBIDDEN: u8 = 22;
    pub const ENTERPRISE_ONLY: u8 = 25;
    pub const OP_NOT_APPLICABLE: u8 = 26;
    pub const FILTERED_OUT: u8 = 27;
    pub const SEC_NOT_SUPPORTED: u8 = 51;
    pub const SEC_NOT_ENABLED: u8 = 52;
    pub const SEC_SCHEME: u8 = 53;
    pub const SEC_COMMAND: u8 = 54;
    pub const SEC_FIELD: u8 = 55;
    pub const INVALID_USER: u8 = 60;
    pub const INVALID_PASSWORD: u8 = 62;
    pub const INVALID_CREDENTIAL: u8 = 65;
    pub const NOT_AUTHENTICATED: u8 = 80;
    pub const BATCH_MAX_REQUESTS: u8 = 151;
    pub const SINDEX_FOUND: u8 = 200;
    pub const SINDEX_NOT_FOUND: u8 = 201;
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("message truncated: {0}")]
    Truncated(&'static str),
    #[error("bad message: {0}")]
    Invalid(&'static str),
}

/// The 8-byte proto header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtoHeader {
    pub version: u8,
    pub ty: u8,
    pub size: u64,
}

impl ProtoHeader {
    pub fn parse(b: [u8; 8]) -> Self {
        let word = u64::from_be_bytes(b);
        ProtoHeader {
            version: b[0],
            ty: b[1],
            size: word & 0xFFFF_FFFF_FFFF,
        }
    }

    pub fn encode(ty: u8, size: usize) -> [u8; 8] {
        let word =
            ((PROTO_VERSION as u64) << 56) | ((ty as u64) << 48) | (size as u64 & 0xFFFF_FFFF_FFFF);
        word.to_be_bytes()
    }

    /// Whether a real server would accept this header (it closes the socket otherwise).
    pub fn check(&self) -> Result<(), ParseError> {
        if self.version != PROTO_VERSION && !(self.version == 0 && self.ty == TYPE_ADMIN) {
            return Err(ParseError::Invalid("unsupported proto version"));
        }
        if !(TYPE_INFO..=5).contains(&self.ty) {
            return Err(ParseError::Invalid("unknown proto type"));
        }
        if self.size > MAX_BODY {
            return Err(ParseError::Invalid("body larger than 128 MiB"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub ty: u8,
    pub data: &'a [u8],
}

#[derive(Debug, Clone, Copy)]
pub struct Op<'a> {
    pub op: u8,
    pub particle: u8,
    pub name: &'a [u8],
    pub value: &'a [u8],
}

/// The 22-byte as_msg header.
#[derive(Debug, Clone, Copy, Default)]
pub struct MsgHeader {
    pub info1: u8,
    pub info2: u8,
    pub info3: u8,
    pub info4: u8,
    pub result: u8,
    pub generation: u32,
    pub record_ttl: u32,
    pub transaction_ttl: u32,
    pub n_fields: u16,
    pub n_ops: u16,
}

/// A parsed as_msg borrowing the request bytes.
#[derive(Debug, Clone)]
pub struct Msg<'a> {
    pub header: MsgHeader,
    pub fields: Vec<Field<'a>>,
    pub ops: Vec<Op<'a>>,
}

impl<'a> Msg<'a> {
    /// Parses one complete as_msg body (without the proto header). Like the real server, it
    /// rejects trailing bytes and any length that overruns the message.
    pub fn parse(body: &'a [u8]) -> Result<Msg<'a>, ParseError> {
        let mut r = Reader::new(body);
        let header = parse_msg_header(&mut r)?;
        let fields = parse_fields(&mut r, header.n_fields as usize)?;
        let ops = parse_ops(&mut r, header.n_ops as usize)?;
        if !r.is_empty() {
            return Err(ParseError::Invalid("bytes left after the last op"));
        }
        Ok(Msg {
            header,
            fields,
            ops,
        })
    }

    pub fn field(&self, ty: u8) -> Option<&'a [u8]> {
        self.fields.iter().find(|f| f.ty == ty).map(|f| f.data)
    }
}

fn parse_msg_header(r: &mut Reader<'_>) -> Result<MsgHeader, ParseError> {
    let header_sz = r.u8("header size")?;
    if header_sz as usize != MSG_HEADER_SIZE {
        return Err(ParseError::Invalid("as_msg header size is not 22"));
    }
    Ok(MsgHeader {
        info1: r.u8("info1")?,
        info2: r.u8("info2")?,
        info3: r.u8("info3")?,
        info4: r.u8("info4")?,
        result: r.u8("result")?,
        generation: r.u32("generation")?,
        record_ttl: r.u32("record ttl")?,
        transaction_ttl: r.u32("transaction ttl")?,
        n_fields: r.u16("field count")?,
        n_ops: r.u16("op count")?,
    })
}

pub(crate) fn parse_fields<'a>(r: &mut Reader<'a>, n: usize) -> Result<Vec<Field<'a>>, ParseError> {
    let mut fields = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let size = r.u32("field size")? as usize;
        if size == 0 {
            return Err(ParseError::Invalid("field size 0"));
        }
        let ty = r.u8("field type")?;
        let data = r.bytes(size - 1, "field data")?;
        fields.push(Field { ty, data });
    }
    Ok(fields)
}

pub(crate) fn parse_ops<'a>(r: &mut Reader<'a>, n: usize) -> Result<Vec<Op<'a>>, ParseError> {
    let mut ops = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let size = r.u32("op size")? as usize;
        if size < 4 {
            return Err(ParseError::Invalid("op size below 4"));
        }
        let op = r.u8("op type")?;
        let particle = r.u8("particle type")?;
        let _flags = r.u8("op flags")?;
        let name_len = r.u8("bin name length")? as usize;
        if name_len > size - 4 {
            return Err(ParseError::Invalid("bin name longer than the op"));
        }
        let name = r.bytes(name_len, "bin name")?;
        let value = r.bytes(size - 4 - name_len, "op value")?;
        ops.push(Op {
            op,
            particle,
            name,
            value,
        });
    }
    Ok(ops)
}

/// A bounds-checked big-endian cursor.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ParseError> {
        if self.remaining() < n {
            return Err(ParseError::Truncated(what));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self, what: &'static str) -> Result<u8, ParseError> {
        Ok(self.bytes(1, what)?[0])
    }
    pub fn u16(&mut self, what: &'static str) -> Result<u16, ParseError> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    pub fn u32(&mut self, what: &'static str) -> Result<u32, ParseError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Builds one or more as_msg replies inside a single proto frame.
///
/// `begin_frame` reserves the 8-byte proto header and `finish_frame` patches its size, so a scan
/// can pack many records into one frame without copying.
#[derive(Default)]
pub struct ReplyBuf {
    pub buf: Vec<u8>,
    frame_start: Option<usize>,
}

impl ReplyBuf {
    pub fn with_capacity(n: usize) -> Self {
        ReplyBuf {
            buf: Vec::with_capacity(n),
            frame_start: None,
        }
    }

    pub fn begin_frame(&mut self) {
        self.frame_start = Some(self.buf.len());
        self.buf.extend_from_slice(&[0u8; 8]);
    }

    pub fn finish_frame(&mut self, ty: u8) {
        if let Some(start) = self.frame_start.take() {
            let size = self.buf.len() - start - 8;
            self.buf[start..start + 8].copy_from_slice(&ProtoHeader::encode(ty, size));
        }
    }

    /// Closes the open frame, or drops it if nothing was written into it.
    pub fn close_frame(&mut self, ty: u8) {
        match self.frame_start {
            Some(start) if self.buf.len() == start + 8 => {
                self.buf.truncate(start);
                self.frame_start = None;
            }
            _ => self.finish_frame(ty),
        }
    }

    pub fn in_frame(&self) -> bool {
        self.frame_start.is_some()
    }

    /// Bytes in the open frame, proto header excluded.
    pub fn frame_len(&self) -> usize {
        self.frame_start
            .map(|s| self.buf.len() - s - 8)
            .unwrap_or(0)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn msg_header(
        &mut self,
        info1: u8,
        info3: u8,
        result: u8,
        generation: u32,
        void_time: u32,
        transaction_ttl: u32,
        n_fields: u16,
        n_ops: u16,
    ) {
        let b = &mut self.buf;
        b.push(MSG_HEADER_SIZE as u8);
        b.push(info1);
        b.push(0);
        b.push(info3);
        b.push(0);
        b.push(result);
        b.extend_from_slice(&generation.to_be_bytes());
        b.extend_from_slice(&void_time.to_be_bytes());
        b.extend_from_slice(&transaction_ttl.to_be_bytes());
        b.extend_from_slice(&n_fields.to_be_bytes());
        b.extend_from_slice(&n_ops.to_be_bytes());
    }

    pub fn field(&mut self, ty: u8, data: &[u8]) {
        self.buf
            .extend_from_slice(&((data.len() + 1) as u32).to_be_bytes());
        self.buf.push(ty);
        self.buf.extend_from_slice(data);
    }

    pub fn op(&mut self, op: u8, particle: u8, name: &[u8], value: &[u8]) {
        write_op(&mut self.buf, op, particle, name, value);
    }

    /// A whole frame holding one header-only as_msg.
    pub fn simple(result: u8, generation: u32, void_time: u32) -> Vec<u8> {
        let mut r = ReplyBuf::with_capacity(30);
        r.begin_frame();
        r.msg_header(0, 0, result, generation, void_time, 0, 0, 0);
        r.finish_frame(TYPE_MSG);
        r.buf
    }
}

pub fn write_op(buf: &mut Vec<u8>, op: u8, particle: u8, name: &[u8], value: &[u8]) {
    buf.extend_from_slice(&((4 + name.len() + value.len()) as u32).to_be_bytes());
    buf.push(op);
    buf.push(particle);
    buf.push(0);
    buf.push(name.len() as u8);
    buf.extend_from_slice(name);
    buf.extend_from_slice(value);
}

/// Partition id of a digest: its first two bytes little-endian, masked to 4096.
pub fn partition_id(digest: &[u8; 20]) -> u16 {
    (u16::from_le_bytes([digest[0], digest[1]])) & 0x0FFF
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_request() -> Vec<u8> {
        let mut b = vec![22u8, INFO1_READ | INFO1_GET_ALL, 0, 0, 0, 0];
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&1000u32.to_be_bytes());
        b.extend_from_slice(&2u16.to_be_bytes());
        b.extend_from_slice(&1u16.to_be_bytes());
        b.extend_from_slice(&5u32.to_be_bytes());
        b.push(field::NAMESPACE);
        b.extend_from_slice(b"test");
        b.extend_from_slice(&21u32.to_be_bytes());
        b.push(field::DIGEST);
        b.extend_from_slice(&[7u8; 20]);
        write_op(&mut b, op::READ, 0, b"bin", b"");
        b
    }

    #[test]
    fn parses_header_fields_and_ops() {
        let body = sample_request();
        let m = Msg::parse(&body).unwrap();
        assert_eq!(m.header.info1, INFO1_READ | INFO1_GET_ALL);
        assert_eq!(m.header.transaction_ttl, 1000);
        assert_eq!(m.field(field::NAMESPACE), Some(&b"test"[..]));
        assert_eq!(m.field(field::DIGEST).unwrap().len(), 20);
        assert_eq!(m.ops.len(), 1);
        assert_eq!(m.ops[0].name, b"bin");
    }

    #[test]
    fn rejects_truncation_and_trailing_bytes_at_every_length() {
        let body = sample_request();
        for n in 0..body.len() {
            assert!(
                Msg::parse(&body[..n]).is_err(),
                "prefix of {n} bytes parsed"
            );
        }
        let mut longer = body.clone();
        longer.push(0);
        assert_eq!(
            Msg::parse(&longer).unwrap_err(),
            ParseError::Invalid("bytes left after the last op")
        );
    }

    #[test]
    fn proto_header_round_trip_and_checks() {
        let h = ProtoHeader::parse(ProtoHeader::encode(TYPE_MSG, 1234));
        assert_eq!(
            h,
            ProtoHeader {
                version: 2,
                ty: 3,
                size: 1234
            }
        );
        assert!(h.check().is_ok());
        assert!(ProtoHeader {
            version: 1,
            ty: 3,
            size: 1
        }
        .check()
        .is_err());
        assert!(ProtoHeader {
            version: 2,
            ty: 9,
            size: 1
        }
        .check()
        .is_err());
        assert!(ProtoHeader {
            version: 2,
            ty: 3,
            size: MAX_BODY + 1
        }
        .check()
        .is_err());
    }

    #[test]
    fn partition_ids_match_the_reference_vectors() {
        let hex = |s: &str| -> [u8; 20] {
            let mut d = [0u8; 20];
            for i in 0..20 {
                d[i] = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
            }
            d
        };
        assert_eq!(
            partition_id(&hex("93d943aae37b017ad7e011b0c1d2e2143c2fb37d")),
            2451
        );
        assert_eq!(
            partition_id(&hex("82d7213b469812947c109a6d341e3b5b1dedec1f")),
            1922
        );
        assert_eq!(
            partition_id(&hex("579f05ecf9e6a9e796f4da2ab0b1323364df5c10")),
            3927
        );
    }
}
