//! The Aerospike framing and the three message layouts the captures carry (info, admin, as_msg),
//! decoded independently of aerolite so that its own parser is not what judges it.

use crate::Error;

pub const TYPE_INFO: u8 = 1;
pub const TYPE_ADMIN: u8 = 2;
pub const TYPE_MSG: u8 = 3;

pub const INFO1_BATCH: u8 = 0x08;
pub const INFO3_LAST: u8 = 0x01;

pub mod field {
    pub const NAMESPACE: u8 = 0;
    pub const SET: u8 = 1;
    pub const KEY: u8 = 2;
    pub const DIGEST: u8 = 4;
    pub const MAX_RECORDS: u8 = 13;
    pub const BATCH: u8 = 41;
    pub const BATCH_WITH_SET: u8 = 42;
}

/// One proto message: the 8-byte header and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proto {
    pub version: u8,
    pub ty: u8,
    pub body: Vec<u8>,
}

impl Proto {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = header(self.version, self.ty, self.body.len()).to_vec();
        out.extend_from_slice(&self.body);
        out
    }
}

pub fn header(version: u8, ty: u8, size: usize) -> [u8; 8] {
    let word = ((version as u64) << 56) | ((ty as u64) << 48) | (size as u64 & 0xFFFF_FFFF_FFFF);
    word.to_be_bytes()
}

/// Parses the proto message starting at `bytes[0]`; None when the buffer holds less than a whole
/// message (a stream cut short).
pub fn parse_proto(bytes: &[u8]) -> Option<(Proto, usize)> {
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    let size = (u64::from_be_bytes(head) & 0xFFFF_FFFF_FFFF) as usize;
    let body = bytes.get(8..8 + size)?;
    Some((
        Proto {
            version: head[0],
            ty: head[1],
            body: body.to_vec(),
        },
        8 + size,
    ))
}

/// Splits a reassembled stream into messages, with the stream offset of each. Trailing bytes
/// that do not make a whole message are returned as the second value.
pub fn split(stream: &[u8]) -> (Vec<(usize, Proto)>, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((p, used)) = parse_proto(&stream[at..]) {
        out.push((at, p));
        at += used;
    }
    (out, stream.len() - at)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub ty: u8,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub op: u8,
    pub particle: u8,
    pub flags: u8,
    pub name: Vec<u8>,
    pub value: Vec<u8>,
}

/// One as_msg: the 22-byte header, its fields and ops.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AsMsg {
    pub info1: u8,
    pub info2: u8,
    pub info3: u8,
    pub info4: u8,
    pub result: u8,
    pub generation: u32,
    pub record_ttl: u32,
    pub transaction_ttl: u32,
    pub fields: Vec<Field>,
    pub ops: Vec<Op>,
}

impl AsMsg {
    pub fn field(&self, ty: u8) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|f| f.ty == ty)
            .map(|f| f.data.as_slice())
    }

    pub fn is_last(&self) -> bool {
        self.info3 & INFO3_LAST != 0
    }

    /// Batch, scan and query requests are answered by a stream that ends with LAST.
    pub fn is_multi_record_request(&self) -> bool {
        self.info1 & INFO1_BATCH != 0 || self.field(field::DIGEST).is_none()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut b = vec![
            22,
            self.info1,
            self.info2,
            self.info3,
            self.info4,
            self.result,
        ];
        b.extend_from_slice(&self.generation.to_be_bytes());
        b.extend_from_slice(&self.record_ttl.to_be_bytes());
        b.extend_from_slice(&self.transaction_ttl.to_be_bytes());
        b.extend_from_slice(&(self.fields.len() as u16).to_be_bytes());
        b.extend_from_slice(&(self.ops.len() as u16).to_be_bytes());
        for f in &self.fields {
            b.extend_from_slice(&((f.data.len() + 1) as u32).to_be_bytes());
            b.push(f.ty);
            b.extend_from_slice(&f.data);
        }
        for o in &self.ops {
            b.extend_from_slice(&((4 + o.name.len() + o.value.len()) as u32).to_be_bytes());
            b.extend_from_slice(&[o.op, o.particle, o.flags, o.name.len() as u8]);
            b.extend_from_slice(&o.name);
            b.extend_from_slice(&o.value);
        }
        b
    }
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        let s = self
            .buf
            .get(self.pos..self.pos + n)
            .ok_or_else(|| Error::Decode(format!("truncated {what} at byte {}", self.pos)))?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8, Error> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16, Error> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &str) -> Result<u32, Error> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Decodes every as_msg packed back to back in one proto body.
pub fn decode_msgs(body: &[u8]) -> Result<Vec<AsMsg>, Error> {
    let mut c = Cursor { buf: body, pos: 0 };
    let mut out = Vec::new();
    while c.pos < body.len() {
        let size = c.u8("header size")?;
        if size != 22 {
            return Err(Error::Decode(format!("as_msg header size {size}")));
        }
        let mut m = AsMsg {
            info1: c.u8("info1")?,
            info2: c.u8("info2")?,
            info3: c.u8("info3")?,
            info4: c.u8("info4")?,
            result: c.u8("result")?,
            generation: c.u32("generation")?,
            record_ttl: c.u32("record ttl")?,
            transaction_ttl: c.u32("transaction ttl")?,
            ..Default::default()
        };
        let n_fields = c.u16("field count")?;
        let n_ops = c.u16("op count")?;
        for _ in 0..n_fields {
            let size = c.u32("field size")? as usize;
            let ty = c.u8("field type")?;
            let data = c.take(size.saturating_sub(1), "field data")?.to_vec();
            m.fields.push(Field { ty, data });
        }
        for _ in 0..n_ops {
            let size = c.u32("op size")? as usize;
            let op = c.u8("op")?;
            let particle = c.u8("particle")?;
            let flags = c.u8("op flags")?;
            let name_len = c.u8("name length")? as usize;
            let name = c.take(name_len, "bin name")?.to_vec();
            let value = c
                .take(size.saturating_sub(4 + name_len), "op value")?
                .to_vec();
            m.ops.push(Op {
                op,
                particle,
                flags,
                name,
                value,
            });
        }
        out.push(m);
    }
    Ok(out)
}

/// The 16-byte admin header and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin {
    pub header: [u8; 16],
    pub fields: Vec<Field>,
}

impl Admin {
    pub fn result(&self) -> u8 {
        self.header[1]
    }
    pub fn command(&self) -> u8 {
        self.header[2]
    }
    pub fn n_fields(&self) -> u8 {
        self.header[3]
    }
}

pub fn decode_admin(body: &[u8]) -> Result<Admin, Error> {
    let mut c = Cursor { buf: body, pos: 0 };
    let header: [u8; 16] = c
        .take(16, "admin header")?
        .try_into()
        .map_err(|_| Error::Decode("admin header".into()))?;
    let mut fields = Vec::new();
    while c.pos < body.len() {
        let size = c.u32("admin field size")? as usize;
        let ty = c.u8("admin field id")?;
        let data = c.take(size.saturating_sub(1), "admin field")?.to_vec();
        fields.push(Field { ty, data });
    }
    Ok(Admin { header, fields })
}

/// Info request names: one per line; a last line without its newline is not a command.
pub fn info_request_names(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    lines.pop();
    lines
}

/// Info answer lines as (name, value); a line without a tab has an empty name.
pub fn info_answer(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('\t') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (String::new(), l.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_msg_round_trips_through_encode_and_decode() {
        let m = AsMsg {
            info1: 1,
            info3: 4,
            result: 2,
            generation: 7,
            record_ttl: 9,
            transaction_ttl: 1000,
            fields: vec![Field {
                ty: field::NAMESPACE,
                data: b"test".to_vec(),
            }],
            ops: vec![Op {
                op: 1,
                particle: 3,
                flags: 0,
                name: b"s".to_vec(),
                value: b"x".to_vec(),
            }],
            ..Default::default()
        };
        let mut body = m.encode();
        body.extend_from_slice(&m.encode());
        assert_eq!(decode_msgs(&body).unwrap(), vec![m.clone(), m]);
        assert!(decode_msgs(&body[..body.len() - 1]).is_err());
    }

    #[test]
    fn split_keeps_a_cut_tail_apart() {
        let p = Proto {
            version: 2,
            ty: 1,
            body: b"node\n".to_vec(),
        };
        let mut s = p.encode();
        s.extend_from_slice(&p.encode()[..5]);
        let (msgs, rest) = split(&s);
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].1, p);
        assert_eq!(rest, 5);
    }
}
