//! The accept loop: what `axum::serve` does (HTTP/1.1 with upgrades, the
//! peer's address as `ConnectInfo`, graceful shutdown), plus what it does
//! not: a header read timeout, caps on open connections, and a short pause
//! after a failed `accept` instead of a spin or a stall.

use super::connection_slots::{ConnectionSlot, ConnectionSlots};
use crate::metrics::{ConnectionCap, ListenerMetrics};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::Instant;
use tower::ServiceExt;

/// The first pause after a failed `accept`; each failure in a row doubles
/// it, up to [`ACCEPT_PAUSE_AT_MOST`].
const ACCEPT_PAUSE_FIRST: Duration = Duration::from_millis(5);
const ACCEPT_PAUSE_AT_MOST: Duration = Duration::from_millis(500);
/// Refused connections and failed accepts are logged at most this often,
/// with how many there were, so that a flood does not flood the log too.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// What the accept loop needs besides its listener.
#[derive(Clone)]
pub struct Serving {
    pub router: Router,
    /// Shared by every listener of the process: the file limit is the
    /// process's.
    pub slots: Arc<ConnectionSlots>,
    pub header_read_timeout: Duration,
    pub metrics: ListenerMetrics,
}

/// Accepts and serves connections until `stop` resolves, then stops
/// accepting, asks every connection still speaking HTTP to close after its
/// current request, and returns once they have. Upgraded connections
/// (WebSockets) are the hub's to close.
pub async fn serve(listener: TcpListener, serving: Serving, stop: impl Future<Output = ()>) {
    // Connections watch this to begin their graceful shutdown; the loop
    // waits for every receiver to be dropped before it returns.
    let (closing, closing_watch) = watch::channel(());
    let mut refusals = Tally::default();
    let mut failures = Tally::default();
    let mut pause = ACCEPT_PAUSE_FIRST;
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, peer)) => {
                pause = ACCEPT_PAUSE_FIRST;
                match serving.slots.take(peer.ip()) {
                    Ok(slot) => {
                        let serving = serving.clone();
                        let closing = closing_watch.clone();
                        tokio::spawn(serve_connection(stream, peer, slot, serving, closing));
                    }
                    Err(cap) => {
                        serving.metrics.count_refused(cap);
                        refusals.count(|count| {
                            tracing::warn!(
                                count,
                                last_cap = cap_flag(cap),
                                last_peer = %peer.ip(),
                                open = serving.slots.open(),
                                "connections closed at once: a cap on open connections was reached"
                            );
                        });
                        drop(stream);
                    }
                }
            }
            // The client gave up before its connection was accepted.
            Err(error) if is_per_connection(&error) => {}
            // Out of file descriptors or memory: pause, so that the loop
            // neither spins nor stops, and try again; connections that
            // close meanwhile make room.
            Err(error) => {
                serving.metrics.accept_errors.inc();
                failures.count(|count| {
                    tracing::error!(%error, count, "accepting a connection failed; pausing");
                });
                tokio::select! {
                    biased;
                    () = &mut stop => break,
                    () = tokio::time::sleep(pause) => {}
                }
                pause = (pause * 2).min(ACCEPT_PAUSE_AT_MOST);
            }
        }
    }
    drop(listener);
    drop(closing_watch);
    // Every connection ends its current request and closes; the caller
    // bounds how long that may take.
    let _ = closing.send(());
    closing.closed().await;
}

/// Which flag sets a cap, for the log.
fn cap_flag(cap: ConnectionCap) -> &'static str {
    match cap {
        ConnectionCap::PerAddress => "--max-connections-per-ip",
        ConnectionCap::Total => "the open-file limit (ulimit -n)",
    }
}

/// Errors of one connection, not of the listener: accept the next one.
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

/// Counts an event, and calls `log` with the count since the last call at
/// most once per [`LOG_EVERY`].
#[derive(Default)]
struct Tally {
    since_logged: u64,
    logged_at: Option<Instant>,
}

impl Tally {
    fn count(&mut self, log: impl FnOnce(u64)) {
        self.since_logged += 1;
        let due = self
            .logged_at
            .is_none_or(|logged_at| logged_at.elapsed() >= LOG_EVERY);
        if due {
            log(self.since_logged);
            self.since_logged = 0;
            self.logged_at = Some(Instant::now());
        }
    }
}

/// Serves HTTP/1.1 on one connection, with upgrades, until it closes or
/// upgrades; begins a graceful close when `closing` changes.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: ConnectionSlot,
    serving: Serving,
    mut closing: watch::Receiver<()>,
) {
    // Frames are small and latency matters more than packet count.
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(SlottedStream {
        stream,
        _slot: slot,
    });
    let router = serving.router;
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(serving.header_read_timeout);
    let connection = http.serve_connection(io, service).with_upgrades();
    tokio::pin!(connection);
    let mut close_requested = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::trace!(%error, %peer, "connection ended with an error");
                }
                break;
            }
            changed = closing.changed(), if !close_requested => {
                let _ = changed;
                close_requested = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// A TCP stream that holds its connection's slot, so that the slot is
/// given back when the socket closes, even after an upgrade moved the
/// socket into a WebSocket.
struct SlottedStream {
    stream: TcpStream,
    _slot: ConnectionSlot,
}

impl AsyncRead for SlottedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(context, buffer)
    }
}

impl AsyncWrite for SlottedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(context, bytes)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(context, buffers)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(context)
    }
}
