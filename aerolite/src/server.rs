//! The network side: one listener per node on 127.0.0.1, one task per connection, requests
//! answered in order on each connection. Also the per-node fault controls tests use.

use crate::admin::{self, Auth};
use crate::batch;
use crate::cluster::Topology;
use crate::command::{self, RecordCmd};
use crate::expr::{Expr, ExprError};
use crate::info;
use crate::proto::{
    self, field, rc, Msg, ProtoHeader, ReplyBuf, TYPE_ADMIN, TYPE_INFO, TYPE_MSG,
    TYPE_MSG_COMPRESSED,
};
use crate::record::Clock;
use crate::scan::{self, Query};
use crate::store::{Digest, Store};
use parking_lot::{Mutex, RwLock};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

/// State every node of a cluster shares.
pub struct Shared {
    pub store: Store,
    pub topology: RwLock<Topology>,
    pub cluster_name: String,
    pub auth: Option<Auth>,
    pub nodes: Vec<Arc<NodeCtl>>,
    pub started: Instant,
    pub connections: AtomicU64,
    /// Whether the fixture-only `aerolite-control` info command is enabled.
    pub control: bool,
    /// When set, every connection speaks TLS.
    pub tls: Option<TlsService>,
}

/// The nodes' TLS side: the handshake, and the name clients check (peers answers carry it).
pub struct TlsService {
    pub acceptor: tokio_rustls::TlsAcceptor,
    pub name: String,
}

impl Shared {
    /// Stops node `i`; with `recluster`, the survivors re-form the cluster without it.
    pub fn stop_node(&self, i: usize, recluster: bool) {
        self.nodes[i].stop();
        if recluster {
            self.topology.write().set_alive(i, false);
        }
    }

    /// The survivors notice every stopped node.
    pub fn recluster(&self) {
        let mut topo = self.topology.write();
        for n in &self.nodes {
            if !n.is_running() {
                topo.set_alive(n.index, false);
            }
        }
    }

    /// Starts node `i` again on its port (inside the runtime); it rejoins the cluster.
    pub fn restart_node(self: &Arc<Self>, i: usize) -> std::io::Result<()> {
        let node = &self.nodes[i];
        if node.is_running() {
            return Ok(());
        }
        let l = bind(node.port)?;
        serve_node(self.clone(), i, l)?;
        self.topology.write().set_alive(i, true);
        Ok(())
    }
}

/// One node's listener and the faults a test can inject into it.
pub struct NodeCtl {
    pub index: usize,
    pub port: u16,
    pub paused: AtomicBool,
    pub delay_ms: AtomicU64,
    /// A result code every data command is answered with; 0 = none.
    pub fail_code: AtomicU8,
    running: Mutex<Option<CancellationToken>>,
}

impl NodeCtl {
    pub fn new(index: usize, port: u16) -> NodeCtl {
        NodeCtl {
            index,
            port,
            paused: AtomicBool::new(false),
            delay_ms: AtomicU64::new(0),
            fail_code: AtomicU8::new(0),
            running: Mutex::new(None),
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.lock().is_some()
    }

    /// Closes the listener and every connection, as a killed process would (FIN, no LAST).
    pub fn stop(&self) {
        if let Some(token) = self.running.lock().take() {
            token.cancel();
        }
    }
}

/// Per-connection state.
pub struct Session {
    pub authenticated: bool,
    pub user_agent_set: bool,
}

pub fn bind(port: u16) -> std::io::Result<std::net::TcpListener> {
    let socket = TcpSocket::new_v4()?;
    // A restarted node must get its port back at once although old connections linger.
    socket.set_reuseaddr(true)?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    let listener = socket.listen(1024)?;
    listener.into_std()
}

/// Starts serving node `index` on an already bound listener. Call from inside the runtime.
pub fn serve_node(
    shared: Arc<Shared>,
    index: usize,
    listener: std::net::TcpListener,
) -> std::io::Result<()> {
    let node = shared.nodes[index].clone();
    let token = CancellationToken::new();
    let listener = TcpListener::from_std(listener)?;
    *node.running.lock() = Some(token.clone());
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = token.cancelled() => break,
                a = listener.accept() => a,
            };
            match accepted {
                Ok((stream, _)) => {
                    let (shared, token) = (shared.clone(), token.clone());
                    tokio::spawn(async move {
                        shared.connections.fetch_add(1, Ordering::Relaxed);
                        tokio::select! {
                            _ = token.cancelled() => {}
                            r = connection(&shared, index, stream) => {
                                if let Err(e) = r {
                                    debug!(node = index, error = %e, "connection ended");
                                }
                            }
                        }
                        shared.connections.fetch_sub(1, Ordering::Relaxed);
                    });
                }
                Err(e) => {
                    warn!(node = index, error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        }
        debug!(node = index, "listener closed");
    });
    Ok(())
}

async fn connection(shared: &Arc<Shared>, index: usize, stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    if let Some(tls) = &shared.tls {
        // A failed handshake (wrong CA, no client certificate, clear text) ends the connection,
        // as on a real TLS port.
        let stream = tls.acceptor.accept(stream).await?;
        let (rd, mut wr) = tokio::io::split(stream);
        let mut rd = BufReader::with_capacity(64 * 1024, rd);
        return serve_stream(shared, index, &mut rd, &mut wr).await;
    }
    let (rd, mut wr) = stream.into_split();
    let mut rd = BufReader::with_capacity(64 * 1024, rd);
    serve_stream(shared, index, &mut rd, &mut wr).await
}

/// Serves one client connection of node `index`: reads requests from `rd` until it ends and
/// writes each answer to `wr`. Transport-free, so the fuzz target drives exactly this code.
pub async fn serve_stream<R, W>(
    shared: &Arc<Shared>,
    index: usize,
    rd: &mut R,
    wr: &mut W,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let node = shared.nodes[index].clone();
    let mut session = Session {
        authenticated: shared.auth.is_none(),
        user_agent_set: false,
    };
    let mut body = Vec::new();
    loop {
        let mut head = [0u8; 8];
        match rd.read_exact(&mut head).await {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let header = ProtoHeader::parse(head);
        if let Err(e) = header.check() {
            // What a real server does: drop the socket, nothing else is harmed.
            warn!(node = index, error = %e, ?header, "closing connection after a bad proto header");
            return Ok(());
        }
        read_body(rd, header.size, &mut body).await?;
        while node.paused.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        match header.ty {
            TYPE_INFO => {
                let answer = info::answer(shared, index, &body, &mut session);
                let mut out = ProtoHeader::encode(TYPE_INFO, answer.len()).to_vec();
                out.extend_from_slice(&answer);
                wr.write_all(&out).await?;
            }
            TYPE_ADMIN => {
                let out = admin::answer(shared, &body, &mut session);
                wr.write_all(&out).await?;
            }
            TYPE_MSG => {
                let delay = node.delay_ms.load(Ordering::Relaxed);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                data_message(shared, index, &body, &session, wr).await?;
            }
            TYPE_MSG_COMPRESSED => {
                // Community Edition behaviour: compression is an Enterprise feature.
                warn!(
                    node = index,
                    "compressed request refused as enterprise-only"
                );
                wr.write_all(&ReplyBuf::simple(rc::ENTERPRISE_ONLY, 0, 0))
                    .await?;
            }
            other => {
                warn!(
                    node = index,
                    proto_type = other,
                    "closing connection after an unsupported proto type"
                );
                return Ok(());
            }
        }
    }
}

/// Reads a body of `size` bytes into `body`. Memory grows with the bytes that actually arrive,
/// so a header announcing 128 MiB that are never sent costs nothing; a large buffer is not kept
/// for the rest of the connection.
async fn read_body<R: AsyncRead + Unpin>(
    rd: &mut R,
    size: u64,
    body: &mut Vec<u8>,
) -> std::io::Result<()> {
    const KEEP: usize = 1024 * 1024;
    if body.capacity() > KEEP {
        *body = Vec::new();
    }
    body.clear();
    body.reserve(size.min(KEEP as u64) as usize);
    let got = rd.take(size).read_to_end(body).await?;
    if (got as u64) < size {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

async fn data_message<W: AsyncWrite + Unpin>(
    shared: &Shared,
    index: usize,
    body: &[u8],
    session: &Session,
    wr: &mut W,
) -> std::io::Result<()> {
    let msg = match Msg::parse(body) {
        Ok(m) => m,
        Err(e) => {
            warn!(node = index, error = %e, "malformed as_msg answered with PARAMETER");
            return wr.write_all(&ReplyBuf::simple(rc::PARAMETER, 0, 0)).await;
        }
    };
    let is_batch = msg.header.info1 & proto::INFO1_BATCH != 0;
    let is_query = !is_batch && msg.field(field::DIGEST).is_none();
    let forced = shared.nodes[index].fail_code.load(Ordering::Relaxed);
    let refusal = if !session.authenticated {
        Some(rc::NOT_AUTHENTICATED)
    } else if forced != 0 {
        Some(forced)
    } else {
        None
    };
    if let Some(code) = refusal {
        let mut out = ReplyBuf::default();
        out.begin_frame();
        out.msg_header(
            0,
            if is_batch { proto::INFO3_LAST } else { 0 },
            code,
            0,
            0,
            0,
            0,
            0,
        );
        out.finish_frame(TYPE_MSG);
        return wr.write_all(&out.buf).await;
    }
    if is_batch {
        let served: Vec<bool> = {
            let topo = shared.topology.read();
            (0..crate::store::N_PARTITIONS)
                .map(|p| !topo.holders(p).is_empty())
                .collect()
        };
        return batch::execute(&shared.store, |p| served[p], &msg, wr).await;
    }
    if is_query {
        let query = match Query::prepare(&shared.store, &msg) {
            Ok(q) => q,
            Err(e) => return wr.write_all(&scan::start_error_reply(&e)).await,
        };
        let held: Vec<bool> = {
            let topo = shared.topology.read();
            (0..crate::store::N_PARTITIONS)
                .map(|p| topo.holds(index, p))
                .collect()
        };
        return query.run(|p| held[p], wr).await.map(|_| ());
    }
    let mut out = ReplyBuf::with_capacity(256);
    out.begin_frame();
    single(shared, &msg, &mut out);
    out.finish_frame(TYPE_MSG);
    wr.write_all(&out.buf).await
}

fn single(shared: &Shared, msg: &Msg<'_>, out: &mut ReplyBuf) {
    let fail = |out: &mut ReplyBuf, code: u8| out.msg_header(0, 0, code, 0, 0, 0, 0, 0);
    let Some(ns) = msg
        .field(field::NAMESPACE)
        .and_then(|n| shared.store.namespace(n))
    else {
        return fail(out, rc::NAMESPACE);
    };
    let Some(digest) = msg
        .field(field::DIGEST)
        .and_then(|d| <Digest>::try_from(d).ok())
    else {
        return fail(out, rc::PARAMETER);
    };
    if shared
        .topology
        .read()
        .holders(proto::partition_id(&digest) as usize)
        .is_empty()
    {
        return fail(out, rc::UNAVAILABLE);
    }
    let filter = match msg.field(field::FILTER_EXP).map(Expr::compile).transpose() {
        Ok(f) => f,
        Err(e) => {
            warn!(error = %e, "filter expression refused");
            let code = if matches!(e, ExprError::Unsupported(_)) {
                rc::UNSUPPORTED_FEATURE
            } else {
                rc::PARAMETER
            };
            return fail(out, code);
        }
    };
    let cmd = RecordCmd {
        info1: msg.header.info1,
        info2: msg.header.info2,
        info3: msg.header.info3,
        generation: msg.header.generation,
        record_ttl: msg.header.record_ttl,
        set: msg.field(field::SET).unwrap_or_default(),
        digest,
        key: msg.field(field::KEY),
        ops: &msg.ops,
    };
    command::execute(ns, &cmd, filter.as_ref(), &Clock::now(), 0, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::ReadBuf;

    /// Serves `data` and then EOF, remembering the largest read buffer it was offered.
    struct Recorder<'a> {
        data: &'a [u8],
        largest_buffer: usize,
    }

    impl AsyncRead for Recorder<'_> {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            self.largest_buffer = self.largest_buffer.max(buf.remaining());
            let n = self.data.len().min(buf.remaining());
            buf.put_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Poll::Ready(Ok(()))
        }
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_declared_body_that_never_arrives_is_not_allocated_up_front() {
        let shared = test_support::shared(1, None);
        let mut stream = ProtoHeader::encode(TYPE_MSG, proto::MAX_BODY as usize).to_vec();
        stream.extend_from_slice(&[22, 1, 2, 3]);
        let mut rd = Recorder {
            data: &stream,
            largest_buffer: 0,
        };
        let mut out = Vec::new();
        let r = run(serve_stream(&shared, 0, &mut rd, &mut out));
        assert_eq!(
            r.unwrap_err().kind(),
            std::io::ErrorKind::UnexpectedEof,
            "the connection ends when the body does"
        );
        assert!(out.is_empty());
        assert!(
            rd.largest_buffer <= 1024 * 1024,
            "a buffer of {} bytes was set aside for 4 bytes",
            rd.largest_buffer
        );
    }

    #[test]
    fn requests_on_one_stream_are_answered_in_order_after_a_large_one() {
        let shared = test_support::shared(1, None);
        let mut stream = Vec::new();
        // 3 MiB of blank info lines, more than the buffer a connection keeps, then `build`.
        let big = vec![b'\n'; 3 * 1024 * 1024];
        stream.extend_from_slice(&ProtoHeader::encode(TYPE_INFO, big.len()));
        stream.extend_from_slice(&big);
        stream.extend_from_slice(&ProtoHeader::encode(TYPE_INFO, 6));
        stream.extend_from_slice(b"build\n");
        let mut rd = &stream[..];
        let mut out = Vec::new();
        run(serve_stream(&shared, 0, &mut rd, &mut out)).unwrap();
        let first = ProtoHeader::parse(out[..8].try_into().unwrap());
        assert_eq!((first.ty, first.size), (TYPE_INFO, 0));
        let second = ProtoHeader::parse(out[8..16].try_into().unwrap());
        assert_eq!(
            &out[16..16 + second.size as usize],
            format!("build\t{}\n", info::BUILD).as_bytes()
        );
    }
}
