//! The replicated command log on NATS JetStream.
//!
//! All sessions share one stream (`HYBRIDHUB_COMMANDS`); each session's
//! entries go to its own subject, `hybridhub.commands.<session>`, so that a
//! node replays one session by filtering on that subject. JetStream orders
//! the entries (the stream sequence is the one order every node applies),
//! stores them on disk, and drops a second publish with the same
//! `Nats-Msg-Id` within its duplicate window, which makes a retried append
//! safe: the command id of a [`LogEntry`] is that message id.
//!
//! A replay survives NATS going away: the client reconnects by itself, and
//! the replay follows the log again from the entry after the last one it
//! delivered, so the owner sees neither a gap nor an entry twice.
//!
//! This is the shell's side of cluster mode: it does IO and never touches a
//! session's state. Applying the replayed entries is the caller's business.

use super::connection::{self, retry_delay, NatsOptions};
use super::log_entry::LogEntry;
use async_nats::connection::State as ConnectionState;
use async_nats::jetstream::consumer::pull::Config as PullConfig;
use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy};
use async_nats::jetstream::context::{CreateStreamError, CreateStreamErrorKind};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::stream::{Config as StreamConfig, StorageType, Stream as JetStream};
use async_nats::jetstream::Context;
use async_nats::jetstream::ErrorCode;
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, StreamExt};
use std::fmt;
use std::time::Duration;
use tokio::time::Instant;

/// The name of the stream that holds every session's command log.
pub const STREAM_NAME: &str = "HYBRIDHUB_COMMANDS";
/// The subjects of the log: one per session, `hybridhub.commands.<session>`.
pub const SUBJECT_PREFIX: &str = "hybridhub.commands";
/// How long JetStream remembers a command id to drop a duplicate append.
pub const DEFAULT_DUPLICATE_WINDOW: Duration = Duration::from_secs(120);
/// How often JetStream tells an idle replay that its consumer is alive.
/// Two missed ones (the server holding the consumer died, or the
/// connection did) and the replay makes a new consumer.
const REPLAY_HEARTBEAT: Duration = Duration::from_secs(1);
/// How long one pull request of a replay waits for entries before the next.
const REPLAY_PULL_EXPIRES: Duration = Duration::from_secs(10);
/// Entries a replay asks for at once.
const REPLAY_BATCH: usize = 500;
/// How long an abandoned replay consumer lingers on the server.
const REPLAY_CONSUMER_INACTIVE: Duration = Duration::from_secs(30);
/// How long making a replay consumer may take before it is tried again.
/// Short: right after a JetStream server dies, the consumer may be placed
/// on it, and that request is never answered (NATS' own timeout is 10 s).
const REPLAY_CONSUMER_CREATE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one attempt at opening the stream may take at start-up: a
/// JetStream cluster still electing its leaders leaves requests unanswered.
const OPEN_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(3);

/// Where the log lives and how its stream is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLogConfig {
    /// The NATS server to connect to, e.g. `nats://127.0.0.1:4222`, or
    /// several, separated by commas (the client uses any of them, and the
    /// servers of their cluster that they tell it about).
    pub url: String,
    /// Credentials, TLS and how long start-up keeps trying.
    pub nats: NatsOptions,
    /// The stream's name.
    pub stream: String,
    /// The stream's subjects are this prefix, a dot and a session id.
    pub subject_prefix: String,
    /// How many JetStream servers keep a copy of each entry (1 to 5). An
    /// existing stream with another count is changed to this one.
    pub replicas: usize,
    /// How long a command id is remembered for deduplication.
    pub duplicate_window: Duration,
}

impl CommandLogConfig {
    /// The default stream on the server at `url`, with one replica.
    pub fn new(url: impl Into<String>) -> CommandLogConfig {
        CommandLogConfig {
            url: url.into(),
            nats: NatsOptions::default(),
            stream: STREAM_NAME.to_owned(),
            subject_prefix: SUBJECT_PREFIX.to_owned(),
            replicas: 1,
            duplicate_window: DEFAULT_DUPLICATE_WINDOW,
        }
    }

    /// The JetStream configuration of the stream: file storage, every
    /// session's subject, the configured replicas and duplicate window.
    fn stream_config(&self) -> StreamConfig {
        StreamConfig {
            name: self.stream.clone(),
            subjects: vec![format!("{}.>", self.subject_prefix)],
            storage: StorageType::File,
            num_replicas: self.replicas,
            duplicate_window: self.duplicate_window,
            ..StreamConfig::default()
        }
    }
}

/// What JetStream answered to an append.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended {
    /// The entry's place in the stream, the order every node applies.
    pub stream_sequence: u64,
    /// True if an entry with the same command id was already stored; then
    /// `stream_sequence` is that earlier entry's and nothing new was stored.
    pub duplicate: bool,
}

/// One entry read back from the log, with its place in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayedEntry {
    /// The entry's stream sequence; replaying from one past it resumes.
    pub stream_sequence: u64,
    /// The entry itself.
    pub entry: LogEntry,
}

/// A session's entries in stream order. It does not end at the last stored
/// entry: it waits for new ones, so the same stream serves catch-up and
/// following the live log.
pub type Replay = BoxStream<'static, Result<ReplayedEntry, CommandLogError>>;

/// JetStream's answer to a published entry, still to come.
pub type PendingAppend = BoxFuture<'static, Result<Appended, CommandLogError>>;

/// Why the command log could not do what was asked.
#[derive(Debug)]
pub enum CommandLogError {
    /// The session id cannot be one token of a NATS subject.
    InvalidSession(String),
    /// A bad option or a refusal that retrying cannot fix (a malformed URL,
    /// an unreadable credentials file, a refused authentication, a stream
    /// JetStream will not make with the replicas asked for).
    Config(String),
    /// NATS or JetStream failed while doing `action`.
    Nats {
        action: &'static str,
        source: async_nats::Error,
    },
    /// The entry at `stream_sequence` is not a valid [`LogEntry`].
    Corrupt {
        stream_sequence: u64,
        source: serde_json::Error,
    },
}

impl CommandLogError {
    /// Wraps an async-nats error with what was being done.
    fn nats(action: &'static str, source: impl Into<async_nats::Error>) -> CommandLogError {
        CommandLogError::Nats {
            action,
            source: source.into(),
        }
    }
}

impl fmt::Display for CommandLogError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandLogError::InvalidSession(session) => {
                write!(
                    formatter,
                    "session id {session:?} cannot be a NATS subject token"
                )
            }
            CommandLogError::Config(message) => write!(formatter, "cluster mode: {message}"),
            CommandLogError::Nats { action, source } => {
                write!(formatter, "command log: {action}: {source}")
            }
            CommandLogError::Corrupt {
                stream_sequence,
                source,
            } => write!(
                formatter,
                "command log entry {stream_sequence} is not a valid entry: {source}"
            ),
        }
    }
}

impl std::error::Error for CommandLogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CommandLogError::InvalidSession(_) | CommandLogError::Config(_) => None,
            CommandLogError::Nats { source, .. } => Some(source.as_ref()),
            CommandLogError::Corrupt { source, .. } => Some(source),
        }
    }
}

/// The command log of every session, in one JetStream stream.
///
/// Cloning is cheap and shares the connection.
#[derive(Clone)]
pub struct CommandLog {
    context: Context,
    stream: JetStream,
    config: CommandLogConfig,
}

impl fmt::Debug for CommandLog {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CommandLog")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl CommandLog {
    /// Connects to the NATS servers in `config` (see [`connection::connect`]:
    /// start-up keeps trying for `config.nats.connect_timeout`, then the
    /// client reconnects forever) and opens the stream as
    /// [`CommandLog::with_client`] does.
    pub async fn connect(config: CommandLogConfig) -> Result<CommandLog, CommandLogError> {
        let client = connection::connect(&config.url, &config.nats).await?;
        CommandLog::with_client(client, config).await
    }

    /// Like [`CommandLog::connect`], over a connection the caller made.
    /// Creates the stream, or binds to it if it already exists: its stored
    /// configuration wins, but for its replica count, which is changed to
    /// `config.replicas` (or a clear error if JetStream refuses). JetStream
    /// still electing its leaders is waited for, up to
    /// `config.nats.connect_timeout`.
    pub async fn with_client(
        client: async_nats::Client,
        config: CommandLogConfig,
    ) -> Result<CommandLog, CommandLogError> {
        let context = async_nats::jetstream::new(client);
        let mut opening = context.clone();
        opening.set_timeout(OPEN_ATTEMPT_TIMEOUT);
        let deadline = Instant::now() + config.nats.connect_timeout;
        let mut attempt = 0;
        let stream = loop {
            attempt += 1;
            match open_stream(&opening, &config).await {
                Ok(stream) => break stream,
                Err(StreamTrouble::Final(error)) => return Err(CommandLogError::Config(error)),
                Err(StreamTrouble::Transient(error)) => {
                    let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                        return Err(CommandLogError::Config(format!(
                            "gave up after {:?} (--nats-connect-timeout-secs; is JetStream \
                             enabled, -js, with enough servers for the replicas?): {error}",
                            config.nats.connect_timeout
                        )));
                    };
                    tracing::warn!(%error, attempt, "JetStream is not ready yet; trying again");
                    tokio::time::sleep(retry_delay(attempt).min(left)).await;
                }
            }
        };
        Ok(CommandLog {
            context,
            stream,
            config,
        })
    }

    /// The core NATS connection under the log (heartbeats use it).
    pub fn client(&self) -> async_nats::Client {
        self.context.client()
    }

    /// The configuration this log was opened with.
    pub fn config(&self) -> &CommandLogConfig {
        &self.config
    }

    /// The subject a session's entries are stored under.
    pub fn subject(&self, session: &str) -> Result<String, CommandLogError> {
        if !is_subject_token(session) {
            return Err(CommandLogError::InvalidSession(session.to_owned()));
        }
        Ok(format!("{}.{session}", self.config.subject_prefix))
    }

    /// Appends an entry to its session's log and waits until JetStream has
    /// stored it. Appending an entry whose command id is already stored
    /// (within the duplicate window) stores nothing and answers with the
    /// earlier entry's sequence and `duplicate: true`.
    pub async fn append(&self, entry: &LogEntry) -> Result<Appended, CommandLogError> {
        self.publish(entry).await?.await
    }

    /// Sends an entry and returns at once, without waiting for JetStream's
    /// answer; the returned future resolves with it. Entries published one
    /// after the other over one log are stored in that order, so a caller
    /// can pipeline appends and still keep its commands in order.
    ///
    /// While the connection to NATS is down an entry is refused at once
    /// rather than queued in the client: its command is answered with a
    /// retryable error now, not stored unannounced minutes later.
    pub async fn publish(&self, entry: &LogEntry) -> Result<PendingAppend, CommandLogError> {
        let subject = self.subject(&entry.session)?;
        if self.context.client().connection_state() != ConnectionState::Connected {
            return Err(CommandLogError::nats(
                "publishing an entry",
                "not connected to NATS",
            ));
        }
        let message = PublishMessage::build()
            .payload(entry.to_json().into())
            .message_id(&entry.command_id);
        let ack = self
            .context
            .send_publish(subject, message)
            .await
            .map_err(|error| CommandLogError::nats("publishing an entry", error))?;
        Ok(Box::pin(async move {
            let ack = ack
                .await
                .map_err(|error| CommandLogError::nats("awaiting the publish ack", error))?;
            Ok(Appended {
                stream_sequence: ack.sequence,
                duplicate: ack.duplicate,
            })
        }))
    }

    /// Reads one session's entries in stream order, starting at stream
    /// sequence `from_stream_sequence` (0 or 1 for the whole log), through
    /// an ordered consumer of our own: ephemeral, in memory on one server,
    /// filtered to the session's subject, without acks, with a heartbeat
    /// every second while idle.
    ///
    /// The replay outlives its consumer: if it cannot be made (it is made
    /// again, after a growing wait), or if the consumer's messages fail,
    /// end, skip one (a gap in the consumer's sequence) or miss two
    /// heartbeats (NATS restarted, the server holding the consumer died),
    /// it waits for the connection and follows the log again from the entry
    /// after the last one it delivered, and never delivers an entry at or
    /// before that one. So it yields an error only for an entry it cannot
    /// read. (async-nats' own ordered consumer notices a dead consumer only
    /// after two 15 s heartbeats, and surfaces some failures as errors.)
    pub async fn replay(
        &self,
        session: &str,
        from_stream_sequence: u64,
    ) -> Result<Replay, CommandLogError> {
        let subject = self.subject(session)?;
        let next = from_stream_sequence.max(1);
        // A first consumer that cannot be made now is made again later, as
        // after a failure: the replay still starts.
        let (messages, reopenings) = match self.follow(&subject, next).await {
            Ok(messages) => (Some(messages), 0),
            Err(error) => {
                tracing::warn!(%subject, next, %error, "cannot follow the command log yet");
                (None, 1)
            }
        };
        let following = Following {
            log: self.clone(),
            subject,
            next,
            messages,
            consumer_sequence: 0,
            reopenings,
        };
        Ok(futures_util::stream::unfold(following, Following::next_entry).boxed())
    }

    /// A new consumer's messages on `subject` from stream sequence `from`.
    async fn follow(&self, subject: &str, from: u64) -> Result<Messages, CommandLogError> {
        let mut context = self.context.clone();
        context.set_timeout(REPLAY_CONSUMER_CREATE_TIMEOUT);
        let consumer = context
            .create_consumer_on_stream(replay_consumer(subject, from), &self.config.stream)
            .await
            .map_err(|error| CommandLogError::nats("creating a replay consumer", error))?;
        let messages = consumer
            .stream()
            .max_messages_per_batch(REPLAY_BATCH)
            .expires(REPLAY_PULL_EXPIRES)
            .heartbeat(REPLAY_HEARTBEAT)
            .messages()
            .await
            .map_err(|error| CommandLogError::nats("starting a replay", error))?;
        Ok(messages
            .map(|message| message.map_err(async_nats::Error::from))
            .boxed())
    }

    /// How many entries the stream holds, over all sessions.
    pub async fn stored_entries(&self) -> Result<u64, CommandLogError> {
        let info = self
            .stream
            .get_info()
            .await
            .map_err(|error| CommandLogError::nats("reading the stream's state", error))?;
        Ok(info.state.messages)
    }
}

/// The consumer a replay reads through: what async-nats' ordered consumer
/// asks for (ephemeral, one replica in memory, no acks), from `from`.
fn replay_consumer(subject: &str, from: u64) -> PullConfig {
    PullConfig {
        filter_subject: subject.to_owned(),
        deliver_policy: deliver_from(from),
        ack_policy: AckPolicy::None,
        max_deliver: 1,
        inactive_threshold: REPLAY_CONSUMER_INACTIVE,
        num_replicas: 1,
        memory_storage: true,
        ..PullConfig::default()
    }
}

/// A replay consumer's messages.
type Messages = BoxStream<'static, Result<async_nats::jetstream::Message, async_nats::Error>>;

/// The state of a [`Replay`]: where it is in the log, and its consumer.
struct Following {
    log: CommandLog,
    subject: String,
    /// The stream sequence of the next entry to deliver: every entry
    /// before it has been delivered (or is another session's).
    next: u64,
    /// `None` while a new consumer is being made.
    messages: Option<Messages>,
    /// The consumer sequence of the last message of this consumer: each
    /// next one must be one more, or one was lost on the way.
    consumer_sequence: u64,
    /// Consumers lost or not made since the last entry delivered: the wait
    /// before the next attempt grows with it.
    reopenings: u32,
}

impl Following {
    /// The replay's next entry, following the log again after a failure.
    async fn next_entry(mut self) -> Option<(Result<ReplayedEntry, CommandLogError>, Following)> {
        loop {
            let Some(messages) = self.messages.as_mut() else {
                self.reopen().await;
                continue;
            };
            match messages.next().await {
                Some(Ok(message)) => {
                    let consumer_sequence = message.info().map(|info| info.consumer_sequence);
                    if let Ok(sequence) = consumer_sequence {
                        if sequence != self.consumer_sequence + 1 {
                            tracing::warn!(subject = %self.subject, next = self.next,
                                expected = self.consumer_sequence + 1, got = sequence,
                                "the command log's consumer skipped; following it again");
                            self.messages = None;
                            self.reopenings += 1;
                            continue;
                        }
                        self.consumer_sequence = sequence;
                    }
                    match read_message(message) {
                        // Whatever a consumer starts at, nothing is
                        // delivered twice.
                        Ok(replayed) if replayed.stream_sequence < self.next => continue,
                        Ok(replayed) => {
                            self.next = replayed.stream_sequence + 1;
                            self.reopenings = 0;
                            return Some((Ok(replayed), self));
                        }
                        Err(error) => {
                            if let CommandLogError::Corrupt {
                                stream_sequence, ..
                            } = &error
                            {
                                self.next = self.next.max(stream_sequence + 1);
                            }
                            return Some((Err(error), self));
                        }
                    }
                }
                Some(Err(error)) => {
                    tracing::warn!(subject = %self.subject, next = self.next, %error,
                        "following the command log failed; following it again");
                    self.messages = None;
                    self.reopenings += 1;
                }
                None => {
                    tracing::warn!(subject = %self.subject, next = self.next,
                        "the command log's consumer ended; following it again");
                    self.messages = None;
                    self.reopenings += 1;
                }
            }
        }
    }

    /// Makes a new consumer from `next`, once connected, after a wait that
    /// grows (to 2 s) with the failures since the last entry; on failure,
    /// leaves `messages` empty.
    async fn reopen(&mut self) {
        if self.reopenings > 0 {
            tokio::time::sleep(retry_delay(self.reopenings)).await;
        }
        let client = self.log.client();
        while client.connection_state() != ConnectionState::Connected {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        match self.log.follow(&self.subject, self.next).await {
            Ok(messages) => {
                tracing::info!(subject = %self.subject, next = self.next,
                    "following the command log again");
                self.messages = Some(messages);
                self.consumer_sequence = 0;
            }
            Err(error) => {
                self.reopenings += 1;
                tracing::warn!(subject = %self.subject, next = self.next, %error,
                    attempt = self.reopenings, "cannot follow the command log yet");
            }
        }
    }
}

/// Why a stream could not be opened: worth another try, or not.
pub(super) enum StreamTrouble {
    Transient(String),
    Final(String),
}

impl fmt::Display for StreamTrouble {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamTrouble::Transient(error) | StreamTrouble::Final(error) => {
                formatter.write_str(error)
            }
        }
    }
}

/// Creates or binds to the stream, and gives it `config.replicas`.
async fn open_stream(
    context: &Context,
    config: &CommandLogConfig,
) -> Result<JetStream, StreamTrouble> {
    ensure_stream(context, config.stream_config()).await
}

/// Creates a stream as `wanted`, or binds to it if it exists: its stored
/// configuration wins, but for its replica count, which is changed to
/// `wanted`'s. Shared by the command log and the key-value buckets.
pub(super) async fn ensure_stream(
    context: &Context,
    wanted: StreamConfig,
) -> Result<JetStream, StreamTrouble> {
    let stream = context
        .get_or_create_stream(wanted.clone())
        .await
        .map_err(|error| {
            let transient = is_transient(&error);
            let error = format!(
                "creating the stream {} with {} replicas: {error}",
                wanted.name, wanted.num_replicas
            );
            if transient {
                StreamTrouble::Transient(error)
            } else {
                StreamTrouble::Final(error)
            }
        })?;
    let stored = stream.cached_info().config.num_replicas.max(1);
    if stored == wanted.num_replicas {
        return Ok(stream);
    }
    tracing::warn!(stream = %wanted.name, stored, wanted = wanted.num_replicas,
        "the stream has another replica count; changing it");
    let mut changed = stream.cached_info().config.clone();
    changed.num_replicas = wanted.num_replicas;
    if let Err(error) = context.update_stream(&changed).await {
        let transient = is_transient(&error);
        let error = format!(
            "the stream {} has {stored} replicas and {} were asked for (--nats-replicas), \
             but JetStream did not change it: {error}",
            wanted.name, wanted.num_replicas
        );
        return Err(if transient {
            StreamTrouble::Transient(error)
        } else {
            StreamTrouble::Final(error)
        });
    }
    context
        .get_stream(&wanted.name)
        .await
        .map_err(|error| StreamTrouble::Transient(format!("reading the changed stream: {error}")))
}

/// Whether a failure to create or change the stream may pass by itself:
/// JetStream not answering yet, or its cluster still electing leaders or
/// learning its peers.
fn is_transient(error: &CreateStreamError) -> bool {
    match error.kind() {
        CreateStreamErrorKind::TimedOut | CreateStreamErrorKind::JetStreamUnavailable => true,
        CreateStreamErrorKind::JetStream(error) => {
            error.code() == 503
                || [
                    ErrorCode::CLUSTER_NOT_AVAILABLE,
                    ErrorCode::CLUSTER_NOT_ACTIVE,
                    ErrorCode::CLUSTER_NOT_LEADER,
                    ErrorCode::CLUSTER_NO_PEERS,
                    ErrorCode::CLUSTER_INCOMPLETE,
                    ErrorCode::INSUFFICIENT_RESOURCES,
                ]
                .contains(&error.error_code())
        }
        _ => false,
    }
}

/// The deliver policy that starts at a stream sequence.
fn deliver_from(stream_sequence: u64) -> DeliverPolicy {
    if stream_sequence <= 1 {
        DeliverPolicy::All
    } else {
        DeliverPolicy::ByStartSequence {
            start_sequence: stream_sequence,
        }
    }
}

/// Turns one delivered message into a replayed entry.
fn read_message(message: async_nats::jetstream::Message) -> Result<ReplayedEntry, CommandLogError> {
    let stream_sequence = message
        .info()
        .map_err(|error| CommandLogError::nats("reading an entry's metadata", error))?
        .stream_sequence;
    let entry =
        LogEntry::from_json(&message.payload).map_err(|source| CommandLogError::Corrupt {
            stream_sequence,
            source,
        })?;
    Ok(ReplayedEntry {
        stream_sequence,
        entry,
    })
}

/// Whether `text` can be one token of a NATS subject: not empty, and no
/// dot, wildcard, whitespace or control character.
fn is_subject_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| !matches!(c, '.' | '*' | '>') && !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids_must_be_one_subject_token() {
        for valid in ["main", "ws-12", "a"] {
            assert!(is_subject_token(valid), "{valid}");
        }
        for invalid in ["", "a.b", "a*", ">", "a b", "a\tb", "a\u{0}"] {
            assert!(!is_subject_token(invalid), "{invalid:?}");
        }
    }

    #[test]
    fn the_stream_is_on_disk_with_every_session_subject() {
        let mut config = CommandLogConfig::new("nats://127.0.0.1:4222");
        config.replicas = 3;
        let stream = config.stream_config();
        assert_eq!(stream.name, "HYBRIDHUB_COMMANDS");
        assert_eq!(stream.subjects, ["hybridhub.commands.>"]);
        assert_eq!(stream.storage, StorageType::File);
        assert_eq!(stream.num_replicas, 3);
        assert_eq!(stream.duplicate_window, Duration::from_secs(120));
    }

    #[test]
    fn replay_starts_at_the_asked_sequence() {
        assert_eq!(deliver_from(0), DeliverPolicy::All);
        assert_eq!(deliver_from(1), DeliverPolicy::All);
        assert_eq!(
            deliver_from(7),
            DeliverPolicy::ByStartSequence { start_sequence: 7 }
        );
    }
}
