//! Structural comparison of the real server's answer with aerolite's, one exchange at a time.
//!
//! Every difference becomes a [`Finding`] with a `site` naming what differs (`msg.result`,
//! `info:replicas:bitmap`, `scan.frames`, ...). Whether a finding is acceptable is not decided
//! here: `divergence` holds the explained ones, and everything else fails the test.

mod info;
mod msg;

use crate::exchange::Exchange;
use crate::replay::Answer;
use crate::wire::{self, TYPE_ADMIN, TYPE_INFO, TYPE_MSG};
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

pub use info::{bitmap_bits, parse_peers, parse_replicas, Peer, ReplicaMaps};
pub use msg::hex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the exchange in the transcript.
    pub exchange: usize,
    pub site: String,
    pub real: String,
    pub ours: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clip = |s: &str| -> String {
            if s.chars().count() > 160 {
                let head: String = s.chars().take(160).collect();
                format!("{head}…({} chars)", s.len())
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "#{} {}: real={:?} aerolite={:?}",
            self.exchange,
            self.site,
            clip(&self.real),
            clip(&self.ours)
        )
    }
}

/// What the comparison needs to know about the two clusters.
#[derive(Debug, Clone)]
pub struct Nodes {
    /// Node index of each service port, in the capture and in aerolite.
    pub real_ports: HashMap<u16, usize>,
    pub our_ports: HashMap<u16, usize>,
    /// aerolite's node names by index.
    pub our_names: Vec<String>,
}

impl Nodes {
    pub fn count(&self) -> usize {
        self.our_names.len()
    }
}

/// Collects findings for one exchange.
pub struct Sink<'a> {
    pub exchange: usize,
    pub out: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    pub fn add(&mut self, site: impl Into<String>, real: impl ToString, ours: impl ToString) {
        self.out.push(Finding {
            exchange: self.exchange,
            site: site.into(),
            real: real.to_string(),
            ours: ours.to_string(),
        });
    }

    /// Adds a finding when the two differ.
    pub fn eq<T: PartialEq + fmt::Debug>(&mut self, site: impl Into<String>, real: T, ours: T) {
        if real != ours {
            self.add(site, format!("{real:?}"), format!("{ours:?}"));
        }
    }
}

/// Compares aerolite's answer to exchange `index` with the captured one. `sent` is the
/// wall-clock time the request went to aerolite.
pub fn exchange(
    index: usize,
    e: &Exchange,
    ours: &Answer,
    nodes: &Nodes,
    sent: Duration,
    out: &mut Vec<Finding>,
) {
    let mut sink = Sink {
        exchange: index,
        out,
    };
    sink.eq("stream.cut", e.cut, ours.cut);
    for (r, o) in e.responses.iter().zip(&ours.responses) {
        sink.eq("proto.version", r.version, o.version);
        sink.eq("proto.type", r.ty, o.ty);
    }
    match e.request.ty {
        TYPE_INFO => {
            sink.eq("proto.count", e.responses.len(), ours.responses.len());
            if let (Some(r), Some(o)) = (e.responses.first(), ours.responses.first()) {
                info::answer(&mut sink, &e.request.body, &r.body, &o.body, nodes);
            }
        }
        TYPE_ADMIN => {
            sink.eq("proto.count", e.responses.len(), ours.responses.len());
            if let (Some(r), Some(o)) = (e.responses.first(), ours.responses.first()) {
                admin(&mut sink, &r.body, &o.body);
            }
        }
        TYPE_MSG => {
            let clocks = msg::Clocks {
                real_void: void_secs(e.wall),
                our_void: void_secs(sent),
            };
            msg::answer(&mut sink, e, ours, &clocks);
        }
        other => sink.add("proto.request-type", other, "unexpected in a capture"),
    }
}

/// Seconds since the Aerospike epoch (2010-01-01 UTC), the unit of record void times.
pub fn void_secs(unix: Duration) -> u32 {
    unix.as_secs().saturating_sub(1_262_304_000) as u32
}

fn admin(sink: &mut Sink<'_>, real: &[u8], ours: &[u8]) {
    match (wire::decode_admin(real), wire::decode_admin(ours)) {
        (Ok(r), Ok(o)) => {
            sink.eq("admin.result", r.result(), o.result());
            sink.eq("admin.command", r.command(), o.command());
            sink.eq("admin.n_fields", r.n_fields(), o.n_fields());
            sink.eq("admin.header", r.header, o.header);
            let types = |a: &wire::Admin| a.fields.iter().map(|f| f.ty).collect::<Vec<_>>();
            sink.eq("admin.field-types", types(&r), types(&o));
        }
        (r, o) => sink.add("admin.decode", format!("{r:?}"), format!("{o:?}")),
    }
}
