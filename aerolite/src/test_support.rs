//! Builds the shared state of a cluster without a runtime or listeners, so unit tests can drive
//! request handling (`server::serve_stream`, `info::answer`, `admin::answer`) directly.

use crate::admin::Auth;
use crate::cluster::Topology;
use crate::server::{NodeCtl, Shared};
use crate::store::{NamespaceConfig, Store};
use std::sync::Arc;
use std::time::Instant;

/// `nodes` nodes (ports 3000, 3010, …) sharing namespace `test`, RF 1.
pub fn shared(nodes: usize, auth: Option<Auth>) -> Arc<Shared> {
    let ids: Vec<(u64, u16)> = (0..nodes)
        .map(|i| (0xA0_0000_0000_0000u64 | i as u64, 3000 + 10 * i as u16))
        .collect();
    Arc::new(Shared {
        store: Store::new(&[NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        }]),
        topology: parking_lot::RwLock::new(Topology::new(&ids, 1)),
        cluster_name: "aerolite".into(),
        auth,
        nodes: ids
            .iter()
            .enumerate()
            .map(|(i, &(_, port))| Arc::new(NodeCtl::new(i, port)))
            .collect(),
        started: Instant::now(),
        connections: Default::default(),
        control: false,
        tls: None,
    })
}

/// An `AsyncWrite` sink that keeps what is written and the largest single write, for tests of
/// streamed answers (scans, batches) that must go out frame by frame.
#[derive(Default)]
pub struct Recorder {
    pub bytes: Vec<u8>,
    pub largest_write: usize,
}

impl tokio::io::AsyncWrite for Recorder {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.largest_write = self.largest_write.max(buf.len());
        self.bytes.extend_from_slice(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}
