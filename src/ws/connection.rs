//! One WebSocket connection, from `join` to close.
//!
//! The loop is generic over `Sink`/`Stream` of messages, so tests can drive
//! it with channels as well as a real socket. Before `join` it reads and
//! answers frames itself; after, a reader and a writer run as two tasks: the
//! reader turns frames into commands for the session owner, the writer
//! sends pings, closes, and writes what the socket could not take at once.
//! While the writer is idle its sink is parked in the outbound queue and
//! the hub's write shards write fanned-out frames (see `hub::outbound`), so
//! a fan-out wakes neither task. Two tasks rather than one `select!`: the
//! writer's wake-ups do not poll the reader (its lock, read attempt and
//! idle timer), nor the reader's the writer.

use crate::core::{Command, ConnectionId, Event, EventAudience, EventBody, JoinRequest, Role};
use crate::hub::limits::{CommandLimit, ParticipantKey};
use crate::hub::{
    outbound_queue, wall_clock_now, CloseReason, ConnectionSink, Hub, JoinAccepted, JoinArguments,
    Outbound, OutboundReceiver, SessionHandle, Viewer, FRAMES_PER_FLUSH,
};
use crate::protocol::frame::ParsedFrame;
use crate::protocol::{
    parse_client_frame, server_frame, ClientFrame, CommandId, ErrorCode, JoinFrame,
};
use crate::store::StoredRow;
use crate::ws::secret;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use std::fmt::Display;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Events read from the store per query while a client catches up.
const CATCH_UP_PAGE: usize = 500;
/// How long the close handshake may take before the socket is dropped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct ConnectionContext {
    pub hub: Arc<Hub>,
    pub session_id: String,
    pub session: SessionHandle,
    /// The client's address, for the command allowance it shares with
    /// every other connection from there.
    pub client_ip: std::net::IpAddr,
}

/// Counts the connection in `Hub::open_connections` and in its session's
/// count for as long as it lives.
struct OpenConnectionGuard(Arc<Hub>, Arc<AtomicUsize>);

impl OpenConnectionGuard {
    fn open(hub: Arc<Hub>, session: Arc<AtomicUsize>) -> OpenConnectionGuard {
        hub.open_connections.fetch_add(1, Ordering::Relaxed);
        session.fetch_add(1, Ordering::Relaxed);
        OpenConnectionGuard(hub, session)
    }
}

impl Drop for OpenConnectionGuard {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::Relaxed);
        self.1.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Tungstenite reports an over-long message as a capacity error; the error
/// type is opaque here, so the loop recognises it by its text.
fn is_too_large(error: &dyn Display) -> bool {
    let text = error.to_string();
    text.contains("Space limit exceeded") || text.contains("too long") || text.contains("too big")
}

pub async fn serve_connection<S, R, E>(mut sink: S, mut stream: R, context: ConnectionContext)
where
    S: Sink<Message> + Unpin + Send + 'static,
    R: Stream<Item = Result<Message, E>> + Unpin + Send + 'static,
    E: Display + 'static,
{
    let hub = context.hub.clone();
    let _guard = OpenConnectionGuard::open(hub.clone(), context.session.connections.clone());
    let connection = hub.next_connection_id();
    let (outbound, receiver) = outbound_queue(
        hub.config.outbound_max_frames,
        hub.config.outbound_max_bytes,
    );

    // The join and catch-up phase has the largest state of the connection
    // (the join round trip, the store query); boxed, it is freed once the
    // client is in, and the future that lives as long as the connection
    // only holds the writer's state. It is boxed in its own statement: a
    // temporary in the awaiting statement would keep its slot in the state.
    let join = Box::pin(join_and_catch_up(
        &mut sink,
        &mut stream,
        &context,
        &connection,
        &outbound,
    ));
    let Some(participant) = join.await else {
        return;
    };

    // The reader asks the writer to close (through the outbound queue's
    // close request) when the client leaves or misbehaves; the writer closes
    // on that, on shutdown, or when the socket fails, and then the reader
    // is stopped.
    let participant: ParticipantKey = (Arc::from(context.session_id.as_str()), participant);
    let reader = spawn_reader(stream, &context, &connection, participant, &outbound);
    let sink: ConnectionSink = Box::pin(sink.sink_map_err(|_| ()));
    write_loop(sink, receiver, &context).await;
    reader.abort();
    let disconnect = Box::pin(context.session.disconnect(connection));
    disconnect.await;
}

/// Starts the reader task. A plain function, so that the reader's future
/// is built here and moved to its task, not kept in the caller's state.
fn spawn_reader<R, E>(
    mut stream: R,
    context: &ConnectionContext,
    connection: &ConnectionId,
    participant: ParticipantKey,
    outbound: &Outbound,
) -> tokio::task::JoinHandle<()>
where
    R: Stream<Item = Result<Message, E>> + Unpin + Send + 'static,
    E: Display + 'static,
{
    let (context, connection, outbound) = (context.clone(), connection.clone(), outbound.clone());
    tokio::spawn(async move {
        let reason = read_loop(&mut stream, &context, &connection, &participant, &outbound).await;
        outbound.request_close(reason);
    })
}

/// Waits for an accepted `join` and sends the catch-up; returns who
/// joined, or on failure closes the socket and returns `None`.
async fn join_and_catch_up<S, R, E>(
    sink: &mut S,
    stream: &mut R,
    context: &ConnectionContext,
    connection: &ConnectionId,
    outbound: &Outbound,
) -> Option<crate::core::ParticipantId>
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: Display,
{
    // One deadline for the whole way in: a client that joins but never
    // reads its `welcome` or catch-up is let go as surely as one that never
    // sends `join`, and does not stay counted as present.
    let deadline = tokio::time::Instant::now() + context.hub.config.join_timeout;
    let joined = match await_join(sink, stream, context, connection, outbound, deadline).await {
        Ok(joined) => joined,
        Err(reason) => {
            close(sink, reason).await;
            return None;
        }
    };
    let participant = joined.participant.clone();
    let caught_up = tokio::time::timeout_at(deadline, send_catch_up(sink, context, joined))
        .await
        .unwrap_or_else(|_| {
            context.hub.metrics.write_timeouts.inc();
            Err(CloseReason::JoinTimeout)
        });
    if let Err(reason) = caught_up {
        close(sink, reason).await;
        context.session.disconnect(connection.clone()).await;
        return None;
    }
    Some(participant)
}

/// Resolves once the server starts shutting down.
async fn until_shutdown(shutdown: &mut tokio::sync::watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`; drop it at once.
    let _ = shutdown.wait_for(|stopping| *stopping).await.map(|_| ());
}

/// Answers a frame refused here, before it reaches the session's owner (a
/// malformed frame, a rate limit), and counts the refusal by its code, as
/// the owner counts the commands it refuses.
fn push_error(
    context: &ConnectionContext,
    outbound: &Outbound,
    id: Option<&CommandId>,
    code: ErrorCode,
    message: &str,
) {
    let _ = outbound.try_push(counted_refusal(context, id, code, message).into());
}

/// The `error` frame for a frame refused here, counted by its code.
fn counted_refusal(
    context: &ConnectionContext,
    id: Option<&CommandId>,
    code: ErrorCode,
    message: &str,
) -> String {
    context.hub.metrics.count_command_refusal(code);
    server_frame::error(id, code, message)
}

/// Sends one reply before `join`, by the join deadline: a client that
/// floods frames and never reads the answers is let go at the deadline
/// rather than holding its socket (and the kernel's buffers) for ever.
async fn send_text_by<S: Sink<Message> + Unpin>(
    sink: &mut S,
    text: String,
    deadline: tokio::time::Instant,
) -> Result<(), CloseReason> {
    match tokio::time::timeout_at(deadline, sink.send(Message::Text(text.into()))).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(CloseReason::Normal),
        Err(_) => Err(CloseReason::JoinTimeout),
    }
}

async fn close<S: Sink<Message> + Unpin>(sink: &mut S, reason: CloseReason) {
    let frame = CloseFrame {
        code: reason.code(),
        reason: Utf8Bytes::from_static(reason.text()),
    };
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, sink.send(Message::Close(Some(frame)))).await;
}

/// Reads frames until a `join` is accepted; answers everything else.
async fn await_join<S, R, E>(
    sink: &mut S,
    stream: &mut R,
    context: &ConnectionContext,
    connection: &ConnectionId,
    outbound: &Outbound,
    deadline: tokio::time::Instant,
) -> Result<JoinAccepted, CloseReason>
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: Display,
{
    let mut shutdown = context.hub.shutdown_signal();
    loop {
        let message = tokio::select! {
            message = tokio::time::timeout_at(deadline, stream.next()) => message,
            _ = until_shutdown(&mut shutdown) => return Err(CloseReason::ServiceRestart),
        };
        let text = match message {
            Err(_) => return Err(CloseReason::JoinTimeout),
            Ok(None) | Ok(Some(Ok(Message::Close(_)))) => return Err(CloseReason::Normal),
            Ok(Some(Err(error))) if is_too_large(&error) => return Err(CloseReason::TooLarge),
            Ok(Some(Err(_))) => return Err(CloseReason::Normal),
            Ok(Some(Ok(Message::Text(text)))) => text,
            Ok(Some(Ok(Message::Binary(_)))) => {
                let reply = counted_refusal(
                    context,
                    None,
                    ErrorCode::BinaryFrame,
                    "frames must be JSON text",
                );
                send_text_by(sink, reply, deadline).await?;
                continue;
            }
            Ok(Some(Ok(_))) => continue,
        };
        let ParsedFrame { id, frame } = parse_client_frame(text.as_str());
        let reply = match frame {
            Err(error) => counted_refusal(context, id.as_ref(), error.code, &error.message),
            Ok(ClientFrame::Ping) => server_frame::pong(id.as_ref()),
            Ok(ClientFrame::Join(join)) => {
                match join_session(context, connection, *join, outbound).await {
                    Ok(accepted) => return Ok(accepted),
                    Err((code, message)) => counted_refusal(context, id.as_ref(), code, &message),
                }
            }
            Ok(_) => counted_refusal(
                context,
                id.as_ref(),
                ErrorCode::NotJoined,
                "send join first",
            ),
        };
        send_text_by(sink, reply, deadline).await?;
    }
}

async fn join_session(
    context: &ConnectionContext,
    connection: &ConnectionId,
    join: JoinFrame,
    outbound: &Outbound,
) -> Result<JoinAccepted, (ErrorCode, String)> {
    // A token that does not verify is an error, not a quiet downgrade: the
    // captioner or moderator should learn at once that their link is bad.
    let invite = match join.token.as_deref() {
        None | Some("") => None,
        Some(token) => Some(
            context
                .hub
                .invite_key
                .verify(token, &context.session_id, wall_clock_now())
                .map_err(|error| (ErrorCode::InvalidToken, error.message().to_owned()))?,
        ),
    };
    let invited_role = invite
        .as_ref()
        .map_or(Role::Participant, |invite| invite.role());
    let fresh_secret = secret::fresh_secret();
    let request = JoinRequest {
        name: join.name,
        mode: join.mode,
        stakeholder: join.stakeholder,
        region: join.region,
        hub: join.hub,
        client_id: join.client_id,
        invited_role,
        as_display: join.display,
        invite: invite.map(|invite| invite.id()),
        offered_secret: join.resume_secret.as_deref().map(secret::digest),
        fresh_secret: secret::digest(&fresh_secret),
    };
    let arguments = JoinArguments {
        request,
        resume_from: join.resume_from,
        caption_tracks: join.captions,
        offered_secret: join.resume_secret,
        fresh_secret,
    };
    context
        .session
        .join(connection.clone(), arguments, outbound.clone())
        .await
        .map_err(|rejection| (ErrorCode::from(rejection.code), rejection.message))
}

/// Sends `welcome` and the events the client missed, before any live frame.
async fn send_catch_up<S: Sink<Message> + Unpin>(
    sink: &mut S,
    context: &ConnectionContext,
    joined: JoinAccepted,
) -> Result<(), CloseReason> {
    // Every part of a `welcome` is bounded so that this never happens; if a
    // new part breaks the bound, say so rather than close in silence.
    if joined.welcome.len() > super::upgrade::WRITE_BUFFER_MAX_BYTES {
        tracing::error!(
            session = %context.session_id,
            bytes = joined.welcome.len(),
            "a welcome is larger than the write buffer; bound the snapshot part that grew"
        );
        return Err(CloseReason::InternalError);
    }
    sink.feed(Message::Text(joined.welcome))
        .await
        .map_err(|_| CloseReason::Normal)?;
    if let Some((mut after, up_to)) = joined.stored_range {
        while after < up_to {
            let page = context
                .hub
                .store
                .events_between(&context.session_id, after, up_to, CATCH_UP_PAGE)
                .await
                .map_err(|_| CloseReason::InternalError)?;
            let Some(last) = page.last().map(|row| row.seq) else {
                return Err(CloseReason::InternalError);
            };
            for row in page {
                if !is_for_viewer(&row, &joined.viewer) {
                    continue;
                }
                sink.feed(Message::Text(row.json.into()))
                    .await
                    .map_err(|_| CloseReason::Normal)?;
            }
            after = last;
        }
    }
    for frame in joined.backlog {
        sink.feed(Message::Text(frame))
            .await
            .map_err(|_| CloseReason::Normal)?;
    }
    sink.flush().await.map_err(|_| CloseReason::Normal)
}

/// Whether a stored event is for this connection (its audience, as for
/// live frames: caption tracks, moderators and the person concerned). The
/// row's `type` decides most without parsing; a caption line is parsed for
/// its track only; the rest in full.
fn is_for_viewer(row: &StoredRow, viewer: &Viewer) -> bool {
    #[derive(serde::Deserialize)]
    struct CaptionTrack<'a> {
        lang: &'a str,
    }
    if let Some(audience) = EventBody::audience_of_kind(&row.kind) {
        return viewer.receives(&audience);
    }
    if row.kind == "caption.final" {
        return serde_json::from_str::<CaptionTrack>(&row.json)
            .is_ok_and(|line| viewer.receives(&EventAudience::CaptionTrack(line.lang.to_owned())));
    }
    match serde_json::from_str::<Event>(&row.json) {
        Ok(event) => viewer.receives(&event.body.audience()),
        Err(_) => false,
    }
}

async fn read_loop<R, E>(
    stream: &mut R,
    context: &ConnectionContext,
    connection: &ConnectionId,
    participant: &ParticipantKey,
    outbound: &Outbound,
) -> CloseReason
where
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: Display,
{
    let idle_timeout = context.hub.config.idle_timeout;
    let config = &context.hub.config;
    loop {
        let text = match tokio::time::timeout(idle_timeout, stream.next()).await {
            Err(_) => return CloseReason::IdleTimeout,
            Ok(None) | Ok(Some(Ok(Message::Close(_)))) => return CloseReason::Normal,
            Ok(Some(Err(error))) if is_too_large(&error) => return CloseReason::TooLarge,
            Ok(Some(Err(_))) => return CloseReason::Normal,
            Ok(Some(Ok(Message::Text(text)))) => text,
            Ok(Some(Ok(Message::Binary(_)))) => {
                push_error(
                    context,
                    outbound,
                    None,
                    ErrorCode::BinaryFrame,
                    "frames must be JSON text",
                );
                continue;
            }
            Ok(Some(Ok(_))) => continue,
        };
        let ParsedFrame { id, frame } = parse_client_frame(text.as_str());
        let limited = match frame {
            Ok(ClientFrame::Ping) => Ok(()),
            _ => context
                .hub
                .command_limits
                .check(participant, context.client_ip),
        };
        if let Err(limit) = limited {
            let (message, counted) = match limit {
                CommandLimit::Participant => (
                    format!(
                        "slow down: at most {} commands per second (bursts of {}), all your connections together; this one was not applied",
                        config.commands_per_second, config.command_burst
                    ),
                    crate::metrics::RateLimit::Commands,
                ),
                CommandLimit::Address => (
                    format!(
                        "slow down: at most {} commands per second (bursts of {}) from one address, all its connections together; this one was not applied",
                        config.commands_per_ip_per_second, config.command_burst_per_ip
                    ),
                    crate::metrics::RateLimit::CommandsPerAddress,
                ),
            };
            context.hub.metrics.count_rate_limit_hit(counted);
            push_error(
                context,
                outbound,
                id.as_ref(),
                ErrorCode::RateLimited,
                &message,
            );
            continue;
        }
        let command = match frame {
            Err(error) => {
                push_error(context, outbound, id.as_ref(), error.code, &error.message);
                continue;
            }
            Ok(ClientFrame::Ping) => {
                let _ = outbound.try_push(server_frame::pong(id.as_ref()).into());
                continue;
            }
            Ok(ClientFrame::Join(_)) => {
                push_error(
                    context,
                    outbound,
                    id.as_ref(),
                    ErrorCode::AlreadyJoined,
                    "this connection has already joined",
                );
                continue;
            }
            Ok(ClientFrame::ChatSend { text }) => Command::ChatSend { text },
            Ok(ClientFrame::CaptionPush {
                lang,
                text,
                is_final,
            }) => Command::CaptionPush {
                lang,
                text,
                is_final,
            },
            Ok(ClientFrame::Core(command)) => command,
            Ok(ClientFrame::ReportRequest) => {
                // The owner's mailbox futures are boxed, here and below:
                // inline, they would double the size of every idle reader.
                let requested = Box::pin(
                    context
                        .session
                        .report_request(connection.clone(), id.clone()),
                );
                if requested.await.is_err() {
                    return CloseReason::InternalError;
                }
                continue;
            }
            Ok(ClientFrame::SnapshotMore(page)) => {
                let requested = Box::pin(context.session.snapshot_more(
                    connection.clone(),
                    id.clone(),
                    page,
                ));
                if requested.await.is_err() {
                    return CloseReason::InternalError;
                }
                continue;
            }
            Ok(ClientFrame::CaptionsSubscribe { langs }) => {
                let subscribed = Box::pin(context.session.subscribe_captions(
                    connection.clone(),
                    id.clone(),
                    langs,
                ));
                if subscribed.await.is_err() {
                    return CloseReason::InternalError;
                }
                continue;
            }
        };
        let sent = Box::pin(
            context
                .session
                .command(connection.clone(), id.clone(), command),
        );
        if sent.await.is_err() {
            return CloseReason::InternalError;
        }
    }
}

/// Writes the connection's frames and pings until it closes. While there
/// is nothing to write, the sink is parked in the outbound queue and the
/// connection's write shard writes frames as they come; the writer takes
/// the sink back to ping, to finish a write the socket could not take at
/// once, and to close.
async fn write_loop(
    sink: ConnectionSink,
    mut receiver: OutboundReceiver,
    context: &ConnectionContext,
) -> CloseReason {
    let write_timeout = context.hub.config.write_timeout;
    let shard = context.hub.write_shards.assign();
    let mut ping = tokio::time::interval(context.hub.config.ping_interval);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ping.tick().await;
    let mut shutdown = context.hub.shutdown_signal();
    // Built once and polled by reference: making these per frame showed up
    // in profiles of large fan-outs.
    let close_requested = receiver.close_watcher().requested();
    let shutting_down = until_shutdown(&mut shutdown);
    tokio::pin!(close_requested, shutting_down);
    // `Some` while the writer holds the sink, `None` while it is parked.
    let mut held = Some(sink);
    let reason = loop {
        if let Some(sink) = held.take() {
            if let Err(sink) = receiver.park_sink(sink, &shard) {
                held = Some(sink);
            }
        }
        let mut ping_due = false;
        if held.is_none() {
            // A close request wins over queued frames: a slow consumer is
            // not owed the rest of its backlog.
            tokio::select! {
                biased;
                reason = &mut close_requested => break reason,
                _ = &mut shutting_down => break CloseReason::ServiceRestart,
                _ = receiver.writer_wanted() => {}
                _ = ping.tick() => ping_due = true,
            }
            held = receiver.unpark_sink();
        }
        let Some(sink) = held.as_mut() else {
            // Only this writer takes the sink out, so it is parked whenever
            // this writer does not hold it.
            break CloseReason::InternalError;
        };
        if ping_due {
            match tokio::time::timeout(write_timeout, sink.send(Message::Ping(Default::default())))
                .await
            {
                Ok(Ok(())) => continue,
                Ok(Err(())) => break CloseReason::Normal,
                Err(_) => break CloseReason::WriteTimeout,
            }
        }
        if receiver.is_finished() {
            break CloseReason::InternalError;
        }
        // A client that stops reading blocks the send; a close request (its
        // queue overflowed), shutdown or the write timeout (it stopped
        // reading while too little was queued to overflow) must still get
        // through. Frames are taken from the queue as they are sent, at
        // most FRAMES_PER_FLUSH between two flushes (no per-connection
        // batch buffer: it would stay allocated on every idle connection).
        // Then the loop parks the sink again, or goes on if more is queued.
        let send_some = async {
            for _ in 0..FRAMES_PER_FLUSH {
                let Some(frame) = receiver.try_next_frame() else {
                    break;
                };
                sink.feed(Message::Text(frame)).await?;
            }
            sink.flush().await
        };
        tokio::select! {
            biased;
            reason = &mut close_requested => break reason,
            _ = &mut shutting_down => break CloseReason::ServiceRestart,
            result = tokio::time::timeout(write_timeout, send_some) => match result {
                Ok(Ok(())) => {}
                Ok(Err(())) => break CloseReason::Normal,
                Err(_) => break CloseReason::WriteTimeout,
            },
        }
    };
    let Some(mut sink) = held.or_else(|| receiver.unpark_sink()) else {
        return reason;
    };
    if reason.delivers_queued_frames() {
        // Frames queued before the close (such as `participant.removed`)
        // still reach the client, within the close timeout.
        let drain = async {
            while let Some(frame) = receiver.try_next_frame() {
                sink.feed(Message::Text(frame)).await?;
            }
            sink.flush().await
        };
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, drain).await;
    }
    if reason == CloseReason::WriteTimeout {
        context.hub.metrics.write_timeouts.inc();
    }
    close(&mut sink, reason).await;
    reason
}
