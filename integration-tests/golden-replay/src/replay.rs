//! Sends captured requests, byte for byte, to aerolite and reads its answers: one message for
//! info, admin and single-record requests; messages up to LAST for batches, scans and queries.

use crate::exchange::Exchange;
use crate::wire::{self, Proto, TYPE_MSG};
use crate::Error;
use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long one answer may take before the replay gives up on it.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(20);

/// aerolite's answer to one replayed request.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub responses: Vec<Proto>,
    /// The connection closed before the answer was complete.
    pub cut: bool,
}

/// Open sockets to aerolite, one per captured connection, as the clients had them.
#[derive(Default)]
pub struct Replayer {
    sockets: HashMap<usize, TcpStream>,
}

impl Replayer {
    /// Sends `e.request` on the socket standing for the captured connection `e.conn`, opening
    /// it to `addr` on first use, and reads the whole answer.
    pub fn send(&mut self, e: &Exchange, addr: SocketAddr) -> Result<Answer, Error> {
        let stream = match self.sockets.entry(e.conn) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let s = TcpStream::connect_timeout(&addr, ANSWER_TIMEOUT)?;
                s.set_nodelay(true)?;
                s.set_read_timeout(Some(ANSWER_TIMEOUT))?;
                v.insert(s)
            }
        };
        stream.write_all(&e.request.encode())?;
        read_answer(stream, e.is_multi_record())
    }

    /// Forgets the sockets of connections the capture closed, so later requests open new ones.
    pub fn close(&mut self, conn: usize) {
        self.sockets.remove(&conn);
    }
}

/// Sends one request on a fresh connection and reads its answer (for seeding).
pub fn request(addr: SocketAddr, request: &Proto) -> Result<Answer, Error> {
    let mut s = TcpStream::connect_timeout(&addr, ANSWER_TIMEOUT)?;
    s.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    s.write_all(&request.encode())?;
    let multi = request.ty == TYPE_MSG
        && wire::decode_msgs(&request.body)?
            .first()
            .is_some_and(|m| m.is_multi_record_request());
    read_answer(&mut s, multi)
}

fn read_answer(stream: &mut TcpStream, multi: bool) -> Result<Answer, Error> {
    let mut answer = Answer::default();
    loop {
        let Some(p) = read_proto(stream)? else {
            answer.cut = true;
            return Ok(answer);
        };
        let done =
            !multi || p.ty != TYPE_MSG || wire::decode_msgs(&p.body)?.iter().any(|m| m.is_last());
        answer.responses.push(p);
        if done {
            return Ok(answer);
        }
    }
}

/// Reads one proto message; None when the peer closed the connection first.
fn read_proto(stream: &mut TcpStream) -> Result<Option<Proto>, Error> {
    let mut head = [0u8; 8];
    match stream.read_exact(&mut head) {
        Ok(()) => {}
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset
            ) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(e.into()),
    }
    let size = (u64::from_be_bytes(head) & 0xFFFF_FFFF_FFFF) as usize;
    let mut body = vec![0u8; size];
    match stream.read_exact(&mut body) {
        Ok(()) => Ok(Some(Proto {
            version: head[0],
            ty: head[1],
            body,
        })),
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e.into()),
    }
}
