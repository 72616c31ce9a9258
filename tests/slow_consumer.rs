//! Slow consumer: a client that stops reading fills only its own bounded
//! queue and is cut off; everyone else receives every event, in order.
//!
//! How much a stalled client's kernel buffers absorb before the server's
//! queue overflows depends on the machine (`net.ipv4.tcp_rmem`, autotuning,
//! `SO_RCVBUF`), and how long its socket takes to close depends on the close
//! timeout, so the test bounds neither by a count of messages. It sends
//! until the server itself counts the cut (its `slow_consumer_disconnects`
//! metric), under a byte and a time bound far past any kernel buffer, and
//! runs with a 4 KB receive buffer, the kernel's default, and 32 MB.
//!
//! The close code 4000 cannot be observed by a client that truly stopped
//! reading: the close frame sits behind megabytes in full socket buffers, and
//! the server drops the socket after its close timeout. So the test asserts
//! that the server counted exactly one slow consumer, that the stalled client
//! leaves presence, that its socket is gone on the server, that what it did
//! receive has no gaps (and that a close frame, if one ever got through,
//! says 4000), and that it can resume without loss.

mod common;

use common::{connect_with_socket, start_with, Incoming, Join, TestServer};
use serde_json::json;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;
use tokio::sync::mpsc;

enum Seen {
    Chat(u64),
    Presence(u64),
}

/// Chats are sent in windows; each window waits for its acks and for the
/// reading client to have received it, so that the reader's own queue never
/// holds more than a window.
const WINDOW: u64 = 16;
/// 2,000 three-byte characters: 6 KB frames.
const CHAT_CHARS: usize = 2000;
/// The most the test sends before it gives up: far more than any kernel's
/// socket buffers between the server and the stalled client can hold (two
/// 32 MB receive buffers and a 4 MB send buffer are under 100 MB).
const MAX_BYTES_SENT: u64 = 1 << 30;
/// And the longest it sends.
const MAX_SENDING_TIME: Duration = Duration::from_secs(120);

/// How the stalled client's receive buffer is set before it connects.
#[derive(Clone, Copy, Debug)]
enum ReceiveBuffer {
    /// 4 KB (the kernel doubles it): the server's side fills after a frame.
    Small,
    /// Unset: the kernel's default, which autotunes up to the third value
    /// of `net.ipv4.tcp_rmem`.
    KernelDefault,
    /// 32 MB, past `net.core.rmem_max` where the test may (as root, with
    /// `SO_RCVBUFFORCE`), else as large as `SO_RCVBUF` allows.
    Large,
}

const LARGE_RECEIVE_BUFFER: usize = 32 * 1024 * 1024;

/// The three cases share the machine's two cores; one at a time keeps each
/// one's flood from starving another's reader.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_client_with_a_small_receive_buffer_is_cut_off() {
    let _turn = ONE_AT_A_TIME.lock().await;
    stalled_client_is_cut_off_and_the_others_get_everything(ReceiveBuffer::Small).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_client_with_the_kernel_s_default_receive_buffer_is_cut_off() {
    let _turn = ONE_AT_A_TIME.lock().await;
    stalled_client_is_cut_off_and_the_others_get_everything(ReceiveBuffer::KernelDefault).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_client_with_a_32_mb_receive_buffer_is_cut_off() {
    let _turn = ONE_AT_A_TIME.lock().await;
    stalled_client_is_cut_off_and_the_others_get_everything(ReceiveBuffer::Large).await;
}

fn stalled_socket(receive_buffer: ReceiveBuffer) -> TcpSocket {
    let socket = TcpSocket::new_v4().unwrap();
    match receive_buffer {
        ReceiveBuffer::Small => socket.set_recv_buffer_size(4096).unwrap(),
        ReceiveBuffer::KernelDefault => {}
        ReceiveBuffer::Large => {
            let size = LARGE_RECEIVE_BUFFER as libc::c_int;
            // SAFETY: a valid socket, and a pointer to an int of the size given.
            let forced = unsafe {
                libc::setsockopt(
                    socket.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_RCVBUFFORCE,
                    (&size as *const libc::c_int).cast(),
                    std::mem::size_of::<libc::c_int>() as libc::socklen_t,
                )
            };
            if forced != 0 {
                socket
                    .set_recv_buffer_size(LARGE_RECEIVE_BUFFER as u32)
                    .unwrap();
            }
        }
    }
    eprintln!(
        "{receive_buffer:?}: the stalled client's receive buffer is {} bytes",
        socket.recv_buffer_size().unwrap()
    );
    socket
}

fn slow_consumers_cut(server: &TestServer) -> u64 {
    server.running().hub.metrics.slow_consumer_disconnects.get()
}

async fn stalled_client_is_cut_off_and_the_others_get_everything(receive_buffer: ReceiveBuffer) {
    let server = start_with(|config| {
        // Small bounds; the bytes bound leaves room for one window of the
        // reading client's 6 KB frames (16 x 6 KB).
        config.hub.outbound_max_frames = 64;
        config.hub.outbound_max_bytes = 128 * 1024;
        config.hub.presence_interval = Duration::from_millis(100);
        // Keep liveness out of the way: the stalled client must be cut off
        // for being slow, not for being idle.
        config.hub.idle_timeout = Duration::from_secs(120);
        config.hub.ping_interval = Duration::from_secs(60);
        // The sender floods on purpose; this test is not about rate limits.
        config.hub.commands_per_second = 100_000;
        config.hub.command_burst = 100_000;
        config.hub.commands_per_ip_per_second = 100_000;
        config.hub.command_burst_per_ip = 100_000;
    })
    .await;
    server.create_session("main", "live").await;

    // The stalled client joins, then never reads.
    let socket = stalled_socket(receive_buffer);
    let mut stalled = connect_with_socket(socket, server.addr, "main").await;
    stalled.join(&Join::new("Stalled")).await;

    // The reader reads everything in a task of its own.
    let mut reader = server.join("main", &Join::new("Reader")).await;
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel();
    let reader_task = tokio::spawn(async move {
        loop {
            match reader.recv_within(Duration::from_secs(30)).await {
                Some(Incoming::Json(frame)) => {
                    let seen = match frame["type"].as_str() {
                        Some("chat.message") => Seen::Chat(frame["seq"].as_u64().unwrap()),
                        // Everyone present, the moderator sending (staff) included.
                        Some("presence") => Seen::Presence(
                            frame["participants"].as_u64().unwrap()
                                + frame["staff"].as_u64().unwrap(),
                        ),
                        _ => continue,
                    };
                    if seen_tx.send(seen).is_err() {
                        return reader;
                    }
                }
                other => panic!("the reader was disconnected: {other:?}"),
            }
        }
    });

    let started = Instant::now();
    // A moderator: staff are not held to the text a session keeps from
    // one participant, and this test sends far more than that.
    let moderator = server.invite("main", json!({"role": "moderator"})).await;
    let mut sender = server
        .join(
            "main",
            &Join::new("Sender").token(moderator["token"].as_str().unwrap()),
        )
        .await;
    let text = "語".repeat(CHAT_CHARS);
    // All three must be counted before "participants dropped to 2" means
    // anything.
    loop {
        match tokio::time::timeout(common::TIMEOUT, seen_rx.recv())
            .await
            .expect("presence with all three")
            .expect("reader alive")
        {
            Seen::Presence(3) => break,
            Seen::Presence(_) => continue,
            Seen::Chat(seq) => panic!("no chat yet, got seq {seq}"),
        }
    }
    let mut received: Vec<u64> = Vec::new();
    let mut participants = 3;
    let mut sent = 0u64;
    // Send until the server cuts the stalled client off, however much the
    // kernel buffers on the way.
    while slow_consumers_cut(&server) == 0 {
        assert!(
            sent * (CHAT_CHARS as u64 * 3) < MAX_BYTES_SENT && started.elapsed() < MAX_SENDING_TIME,
            "{receive_buffer:?}: the stalled client was not cut off after {sent} messages in {:?}",
            started.elapsed()
        );
        for _ in 0..WINDOW {
            sent += 1;
            sender
                .send_json(&json!({"type": "chat.send", "id": sent, "text": text}))
                .await;
        }
        let mut acked = 0;
        while acked < WINDOW {
            let frame = sender.next_non_presence().await;
            match frame["type"].as_str() {
                Some("ack") => acked += 1,
                Some("chat.message") => {}
                _ => panic!("sender got {frame}"),
            }
        }
        // Wait until the reader has the whole window.
        while received.last().copied() != Some(sent) {
            match tokio::time::timeout(common::TIMEOUT, seen_rx.recv())
                .await
                .expect("the reader keeps up")
                .expect("reader alive")
            {
                Seen::Chat(seq) => received.push(seq),
                Seen::Presence(count) => participants = count,
            }
        }
    }
    let stalled_cut_after = sent;
    eprintln!(
        "[{:?}] {receive_buffer:?}: the server cut the stalled client off after {sent} messages",
        started.elapsed()
    );
    // Its socket closes once the close handshake times out; then it leaves
    // presence. Nothing more needs to be sent for that.
    while participants != 2 {
        match tokio::time::timeout(common::TIMEOUT, seen_rx.recv())
            .await
            .expect("the stalled client leaves presence")
            .expect("reader alive")
        {
            Seen::Chat(seq) => received.push(seq),
            Seen::Presence(count) => participants = count,
        }
    }
    eprintln!(
        "[{:?}] {receive_buffer:?}: stalled client gone",
        started.elapsed()
    );

    // A few more after the cut-off; the reader still gets them all.
    for _ in 0..3 {
        sent += 1;
        sender
            .chat(&format!("late-{sent}"), "after the cut-off")
            .await;
    }
    while received.last().copied() != Some(sent) {
        match tokio::time::timeout(common::TIMEOUT, seen_rx.recv())
            .await
            .expect("the reader keeps up")
            .expect("reader alive")
        {
            Seen::Chat(seq) => received.push(seq),
            Seen::Presence(count) => participants = count,
        }
    }
    assert_eq!(
        received,
        (1..=sent).collect::<Vec<u64>>(),
        "the reader received every chat, in order"
    );
    assert_eq!(participants, 2);
    assert_eq!(
        slow_consumers_cut(&server),
        1,
        "only the stalled client was cut off as a slow consumer"
    );
    server.healthz_ok().await;

    // The server has dropped the stalled connection: anything the client
    // sends now is answered with a reset, so reading ends quickly (after at
    // most what was already in its small receive buffer), and what it did
    // receive is a gapless prefix of the chat. A close frame cannot get
    // through a full socket; if one did, it must say 4000.
    stalled
        .send_json(&json!({"type": "ping", "id": "anyone there?"}))
        .await;
    let mut prefix = Vec::new();
    let ending = loop {
        match stalled.recv_within(common::TIMEOUT).await {
            Some(Incoming::Json(frame)) => {
                assert_ne!(
                    frame["type"], "pong",
                    "the stalled connection is still being served"
                );
                if frame["type"] == "chat.message" {
                    prefix.push(frame["seq"].as_u64().unwrap());
                }
            }
            Some(other) => break other,
            None => panic!("the stalled client's connection is still open on the server"),
        }
    };
    assert!(
        prefix.len() < stalled_cut_after as usize,
        "the stalled client cannot have received everything"
    );
    assert_eq!(
        prefix,
        (1..=prefix.len() as u64).collect::<Vec<u64>>(),
        "what the stalled client got has no gaps"
    );
    match ending {
        Incoming::Close(code) => assert_eq!(code, Some(4000), "slow consumer close code"),
        Incoming::Ended(_) => {}
        other => panic!("unexpected {other:?}"),
    }

    eprintln!(
        "[{:?}] {receive_buffer:?}: the stalled client had received {} chats; ending: {ending:?}",
        started.elapsed(),
        prefix.len()
    );
    // It can come back with resume_from and miss nothing.
    let last = prefix.last().copied().unwrap_or(0);
    let mut back = server
        .join("main", &Join::new("Stalled").resume_from(last))
        .await;
    assert_eq!(back.welcome["resumed"], true);
    let mut caught_up = Vec::new();
    while caught_up.last().copied() != Some(sent) {
        let frame = back.next_non_presence().await;
        caught_up.push(frame["seq"].as_u64().unwrap());
    }
    assert_eq!(caught_up, ((last + 1)..=sent).collect::<Vec<u64>>());
    eprintln!("[{:?}] resumed", started.elapsed());
    drop(seen_rx);
    reader_task.abort();
}
