//! The bare-bones Rust floor: a tokio-tungstenite broadcast server.
//!
//! Every text frame a client sends is relayed to every other connected client.
//! The frame is never re-serialized: the received `Utf8Bytes` is shared by
//! reference count with every receiver through one `tokio::sync::broadcast`
//! channel. There are no rooms, no JSON, no persistence and no presence. This
//! is the practical limit of the tokio + tungstenite stack on a machine, and the
//! benchmarks compare hybridhub against it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// How many frames the broadcast channel holds before a slow receiver starts
/// to miss frames (it is then told how many it lagged and carries on).
const BROADCAST_CAPACITY: usize = 8192;

/// The per-connection read buffer. Frames in a broadcast benchmark are small,
/// so 4 KiB keeps idle connections cheap without limiting message size.
const READ_BUFFER_BYTES: usize = 4 * 1024;

/// Frames larger than this are refused, as any public server should.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Writes are flushed once this much is queued, or when no more frames wait.
const WRITE_BUFFER_BYTES: usize = 64 * 1024;

/// The listen backlog. Tokio's `TcpListener::bind` uses 128, which a join
/// storm of thousands overflows (the kernel then drops SYNs, and clients
/// retry after a second). The kernel caps it at `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 4096;

/// One relayed frame, tagged with its sender so that the sender skips it.
#[derive(Clone)]
struct RelayedFrame {
    sender_connection_id: u64,
    text: Utf8Bytes,
}

/// A running floor server. Dropping it leaves the server running until the
/// runtime ends; call [`RunningFloor::shutdown`] to stop it.
pub struct RunningFloor {
    /// The address the server listens on (useful when started on port 0).
    pub addr: SocketAddr,
    shutdown_sender: watch::Sender<bool>,
    accept_task: JoinHandle<()>,
}

impl RunningFloor {
    /// Stops accepting, tells every connection to close, and waits for the
    /// accept loop to end.
    pub async fn shutdown(self) {
        let _ = self.shutdown_sender.send(true);
        let _ = self.accept_task.await;
    }
}

/// Binds `listen` and starts serving on the current tokio runtime.
pub async fn start(listen: SocketAddr) -> std::io::Result<RunningFloor> {
    let socket = if listen.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(listen)?;
    let listener: TcpListener = socket.listen(LISTEN_BACKLOG)?;
    let addr = listener.local_addr()?;
    let (shutdown_sender, shutdown_receiver) = watch::channel(false);
    let accept_task = tokio::spawn(accept_loop(listener, shutdown_receiver));
    Ok(RunningFloor {
        addr,
        shutdown_sender,
        accept_task,
    })
}

async fn accept_loop(listener: TcpListener, mut shutdown: watch::Receiver<bool>) {
    let (relay, _) = broadcast::channel::<RelayedFrame>(BROADCAST_CAPACITY);
    let next_connection_id = Arc::new(AtomicU64::new(1));
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _peer)) = accepted else {
                    // Accept errors (for example EMFILE) are transient: pause briefly.
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                };
                let connection_id = next_connection_id.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve_connection(tcp, connection_id, relay.clone(), shutdown.clone()));
            }
            _ = shutdown.changed() => break,
        }
    }
}

fn websocket_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_write_buffer_size(4 * 1024 * 1024)
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES))
}

/// Serves one client: its text frames go to the relay, and frames from the
/// relay (other than its own) go to it, batched into one flush when several
/// are waiting.
async fn serve_connection(
    tcp: TcpStream,
    connection_id: u64,
    relay: broadcast::Sender<RelayedFrame>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = tcp.set_nodelay(true);
    let Ok(mut websocket) =
        tokio_tungstenite::accept_async_with_config(tcp, Some(websocket_config())).await
    else {
        return;
    };
    let mut inbox = relay.subscribe();
    loop {
        tokio::select! {
            incoming = websocket.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    // A send error only means nobody is subscribed, which is fine.
                    let _ = relay.send(RelayedFrame { sender_connection_id: connection_id, text });
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                // Pings are answered by tungstenite itself; binary frames are ignored.
                Some(Ok(_)) => {}
            },
            outgoing = inbox.recv() => match outgoing {
                Ok(frame) => {
                    if forward_available_frames(&mut websocket, &mut inbox, frame, connection_id).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = shutdown.changed() => break,
        }
    }
    let _ = websocket.close(None).await;
}

/// Queues `first` and every frame already waiting in the inbox, then flushes
/// once, so that a burst costs one write system call rather than one each.
async fn forward_available_frames(
    websocket: &mut tokio_tungstenite::WebSocketStream<TcpStream>,
    inbox: &mut broadcast::Receiver<RelayedFrame>,
    first: RelayedFrame,
    connection_id: u64,
) -> Result<(), tokio_tungstenite::tungstenite::Error> {
    let mut next = Some(first);
    while let Some(frame) = next.take() {
        if frame.sender_connection_id != connection_id {
            websocket.feed(Message::Text(frame.text)).await?;
        }
        next = loop {
            match inbox.try_recv() {
                Ok(frame) => break Some(frame),
                Err(broadcast::error::TryRecvError::Lagged(_)) => continue,
                Err(_) => break None,
            }
        };
    }
    websocket.flush().await
}
