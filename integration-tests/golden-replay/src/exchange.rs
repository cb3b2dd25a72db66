//! Pairs each captured request with the server messages that answer it, and orders the
//! exchanges of all connections by the packet that carried the request's first byte.

use crate::capture::{Capture, Connection};
use crate::wire::{self, Proto, TYPE_MSG};
use crate::Error;
use std::net::SocketAddrV4;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Exchange {
    /// Connection id in the capture (1-based).
    pub conn: usize,
    pub server: SocketAddrV4,
    pub request: Proto,
    pub responses: Vec<Proto>,
    /// Packet that carried the request's first byte, and its time since the capture start.
    pub packet: usize,
    pub time: Duration,
    /// The same moment as wall-clock time (since the Unix epoch), for comparing void times.
    pub wall: Duration,
    /// The server's answer stopped before it was complete (its connection was cut).
    pub cut: bool,
}

impl Exchange {
    pub fn request_msg(&self) -> Option<wire::AsMsg> {
        if self.request.ty != TYPE_MSG {
            return None;
        }
        wire::decode_msgs(&self.request.body)
            .ok()
            .and_then(|m| m.into_iter().next())
    }

    /// Whether the answer is a stream of messages that ends with LAST.
    pub fn is_multi_record(&self) -> bool {
        self.request_msg()
            .is_some_and(|m| m.is_multi_record_request())
    }
}

#[derive(Debug)]
pub struct Transcript {
    pub exchanges: Vec<Exchange>,
    /// How many connections the capture holds, those without any message included.
    pub connections: usize,
    /// Connects the server refused (nothing listened): first packet and server address.
    pub refused: Vec<(usize, SocketAddrV4)>,
}

/// Builds the transcript of a capture.
pub fn transcript(capture: &Capture) -> Result<Transcript, Error> {
    let mut exchanges = Vec::new();
    for conn in &capture.connections {
        exchanges.extend(pair(conn, capture.start)?);
    }
    exchanges.sort_by_key(|e| e.packet);
    Ok(Transcript {
        exchanges,
        connections: capture.connections.len(),
        refused: capture
            .connections
            .iter()
            .filter(|c| c.refused)
            .map(|c| (c.first_packet, c.server))
            .collect(),
    })
}

fn pair(conn: &Connection, start: Duration) -> Result<Vec<Exchange>, Error> {
    let (requests, req_rest) = wire::split(&conn.to_server.bytes);
    let (answers, _) = wire::split(&conn.to_client.bytes);
    if req_rest != 0 {
        return Err(Error::Decode(format!(
            "connection {}: {req_rest} request bytes do not make a whole message",
            conn.id
        )));
    }
    let mut answers = answers.into_iter().map(|(_, p)| p).peekable();
    let mut out = Vec::with_capacity(requests.len());
    for (offset, request) in requests {
        let origin = conn
            .to_server
            .origin(offset)
            .ok_or_else(|| Error::Decode("request without an origin packet".into()))?;
        let mut e = Exchange {
            conn: conn.id,
            server: conn.server,
            request,
            responses: Vec::new(),
            packet: origin.packet,
            time: origin.time.saturating_sub(start),
            wall: origin.time,
            cut: false,
        };
        if e.is_multi_record() {
            loop {
                let Some(p) = answers.next() else {
                    e.cut = true;
                    break;
                };
                let ends =
                    p.ty != TYPE_MSG || wire::decode_msgs(&p.body)?.iter().any(|m| m.is_last());
                e.responses.push(p);
                if ends {
                    break;
                }
            }
        } else {
            match answers.next() {
                Some(p) => e.responses.push(p),
                None => e.cut = true,
            }
        }
        out.push(e);
    }
    if answers.peek().is_some() {
        return Err(Error::Decode(format!(
            "connection {}: server messages left after the last request",
            conn.id
        )));
    }
    Ok(out)
}
