//! Reads a pcap of loopback traffic and rebuilds, for every TCP connection to a service port,
//! the byte stream of each direction.
//!
//! Segments are ordered by sequence number relative to the SYN, so retransmitted or reordered
//! packets land where they belong; bytes already placed are not placed twice. Each run of bytes
//! remembers the packet that delivered it, which is how messages of interleaved connections are
//! put back in capture order.

use crate::Error;
use etherparse::{NetSlice, SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::Duration;

/// Where a run of stream bytes came from.
#[derive(Debug, Clone, Copy)]
pub struct Chunk {
    /// Stream offset of the run's first byte.
    pub offset: usize,
    /// Index of the pcap packet (0-based) that carried it.
    pub packet: usize,
    pub time: Duration,
}

/// One direction of a connection, reassembled.
#[derive(Debug, Default, Clone)]
pub struct Stream {
    pub bytes: Vec<u8>,
    pub chunks: Vec<Chunk>,
}

impl Stream {
    /// The packet that delivered the byte at `offset`.
    pub fn origin(&self, offset: usize) -> Option<Chunk> {
        let i = self.chunks.partition_point(|c| c.offset <= offset);
        i.checked_sub(1).map(|i| self.chunks[i])
    }
}

#[derive(Debug, Clone)]
pub struct Connection {
    /// 1-based, in the order the connections opened.
    pub id: usize,
    pub client: SocketAddrV4,
    pub server: SocketAddrV4,
    pub to_server: Stream,
    pub to_client: Stream,
    /// First packet of the connection (its SYN when captured).
    pub first_packet: usize,
    /// The server answered the SYN with a reset: nothing was listening (a dead node).
    pub refused: bool,
}

#[derive(Debug)]
pub struct Capture {
    pub connections: Vec<Connection>,
    /// Timestamp of the first packet.
    pub start: Duration,
}

struct Segment {
    seq: u32,
    syn: bool,
    packet: usize,
    time: Duration,
    payload: Vec<u8>,
}

#[derive(Default)]
struct Builder {
    client: Option<SocketAddrV4>,
    server: Option<SocketAddrV4>,
    first_packet: usize,
    to_server: Vec<Segment>,
    to_client: Vec<Segment>,
    client_syn_seen: bool,
    server_syn_seen: bool,
    server_reset: bool,
}

/// Parses `bytes` (a classic pcap of Ethernet frames) and returns the connections whose server
/// side listens on one of `service_ports`. Other traffic (fabric, heartbeat) is ignored.
pub fn read(bytes: &[u8], service_ports: &[u16]) -> Result<Capture, Error> {
    let mut reader = PcapReader::new(bytes).map_err(|e| Error::Pcap(e.to_string()))?;
    let mut builders: Vec<Builder> = Vec::new();
    let mut current: HashMap<(SocketAddrV4, SocketAddrV4), usize> = HashMap::new();
    let mut start = None;
    let mut index = 0usize;
    while let Some(packet) = reader.next_packet() {
        let packet = packet.map_err(|e| Error::Pcap(e.to_string()))?;
        let this = index;
        index += 1;
        start.get_or_insert(packet.timestamp);
        let sliced = SlicedPacket::from_ethernet(&packet.data)
            .map_err(|e| Error::Pcap(format!("packet {this}: {e}")))?;
        let (Some(NetSlice::Ipv4(ip)), Some(TransportSlice::Tcp(tcp))) =
            (&sliced.net, &sliced.transport)
        else {
            continue;
        };
        let src = SocketAddrV4::new(Ipv4Addr::from(ip.header().source()), tcp.source_port());
        let dst = SocketAddrV4::new(
            Ipv4Addr::from(ip.header().destination()),
            tcp.destination_port(),
        );
        let (client, server, to_server) = if service_ports.contains(&dst.port()) {
            (src, dst, true)
        } else if service_ports.contains(&src.port()) {
            (dst, src, false)
        } else {
            continue;
        };
        let opening = to_server && tcp.syn() && !tcp.ack();
        let slot = match current.get(&(client, server)) {
            // A new SYN on a finished pair is a new connection reusing the client port.
            Some(&i) if !(opening && builders[i].client_syn_seen) => i,
            _ => {
                builders.push(Builder {
                    client: Some(client),
                    server: Some(server),
                    first_packet: this,
                    ..Default::default()
                });
                current.insert((client, server), builders.len() - 1);
                builders.len() - 1
            }
        };
        let b = &mut builders[slot];
        if opening {
            b.client_syn_seen = true;
        }
        if !to_server {
            b.server_syn_seen |= tcp.syn();
            b.server_reset |= tcp.rst();
        }
        let seg = Segment {
            seq: tcp.sequence_number(),
            syn: tcp.syn(),
            packet: this,
            time: packet.timestamp,
            payload: tcp.payload().to_vec(),
        };
        if to_server {
            b.to_server.push(seg);
        } else {
            b.to_client.push(seg);
        }
    }
    let start = start.unwrap_or_default();
    let mut connections = Vec::with_capacity(builders.len());
    for (i, b) in builders.into_iter().enumerate() {
        let (Some(client), Some(server)) = (b.client, b.server) else {
            continue;
        };
        let what = |dir: &str| format!("connection {client} -> {server} ({dir})");
        connections.push(Connection {
            id: i + 1,
            client,
            server,
            to_server: reassemble(b.to_server, &what("to server"))?,
            to_client: reassemble(b.to_client, &what("to client"))?,
            first_packet: b.first_packet,
            refused: b.server_reset && !b.server_syn_seen,
        });
    }
    Ok(Capture { connections, start })
}

/// Orders the segments of one direction by sequence number and concatenates their new bytes.
fn reassemble(segments: Vec<Segment>, what: &str) -> Result<Stream, Error> {
    let Some(first) = segments.first() else {
        return Ok(Stream::default());
    };
    // The stream starts one past the SYN's sequence number; without a SYN, at the lowest one.
    let base = match segments.iter().find(|s| s.syn) {
        Some(syn) => syn.seq.wrapping_add(1),
        None => segments
            .iter()
            .filter(|s| !s.payload.is_empty())
            .map(|s| s.seq.wrapping_sub(first.seq) as i32)
            .min()
            .map(|d| first.seq.wrapping_add(d as u32))
            .unwrap_or(first.seq),
    };
    let mut data: Vec<(u64, &Segment)> = segments
        .iter()
        .filter(|s| !s.payload.is_empty())
        .map(|s| (u64::from(s.seq.wrapping_sub(base)), s))
        .collect();
    data.sort_by_key(|(rel, s)| (*rel, s.packet));
    let mut stream = Stream::default();
    for (rel, s) in data {
        let have = stream.bytes.len() as u64;
        let end = rel + s.payload.len() as u64;
        if rel > have {
            return Err(Error::Gap {
                what: what.to_string(),
                offset: have,
                next: rel,
            });
        }
        if end <= have {
            continue; // a retransmission of bytes already placed
        }
        let skip = (have - rel) as usize;
        stream.chunks.push(Chunk {
            offset: stream.bytes.len(),
            packet: s.packet,
            time: s.time,
        });
        stream.bytes.extend_from_slice(&s.payload[skip..]);
    }
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(seq: u32, packet: usize, payload: &[u8]) -> Segment {
        Segment {
            seq,
            syn: false,
            packet,
            time: Duration::from_millis(packet as u64),
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn reassembly_orders_by_sequence_and_drops_retransmitted_bytes() {
        let syn = Segment {
            seq: 99,
            syn: true,
            packet: 0,
            time: Duration::ZERO,
            payload: Vec::new(),
        };
        let segments = vec![
            syn,
            seg(106, 2, b"world"),
            seg(100, 1, b"hello "),
            seg(100, 3, b"hello "), // retransmit
            seg(109, 4, b"ld!"),    // overlaps the tail, adds "!"
        ];
        let s = reassemble(segments, "test").unwrap();
        assert_eq!(s.bytes, b"hello world!");
        assert_eq!(s.origin(0).unwrap().packet, 1);
        assert_eq!(s.origin(6).unwrap().packet, 2);
        assert_eq!(s.origin(11).unwrap().packet, 4);
    }

    #[test]
    fn reassembly_reports_a_hole() {
        let segments = vec![seg(1000, 0, b"abc"), seg(1010, 1, b"xyz")];
        assert!(matches!(
            reassemble(segments, "test"),
            Err(Error::Gap { offset: 3, .. })
        ));
    }

    #[test]
    fn sequence_numbers_wrap_around() {
        let segments = vec![seg(u32::MAX - 1, 0, b"ab"), seg(0, 1, b"cd")];
        let s = reassemble(segments, "test").unwrap();
        assert_eq!(s.bytes, b"abcd");
    }
}
