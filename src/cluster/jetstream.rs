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
//! This is the shell's side of cluster mode: it does IO and never touches a
//! session's state. Applying the replayed entries is the caller's business.

use super::log_entry::LogEntry;
use async_nats::jetstream::consumer::pull::OrderedConfig;
use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::stream::{Config as StreamConfig, StorageType, Stream as JetStream};
use async_nats::jetstream::Context;
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, StreamExt};
use std::fmt;
use std::time::Duration;

/// The name of the stream that holds every session's command log.
pub const STREAM_NAME: &str = "HYBRIDHUB_COMMANDS";
/// The subjects of the log: one per session, `hybridhub.commands.<session>`.
pub const SUBJECT_PREFIX: &str = "hybridhub.commands";
/// How long JetStream remembers a command id to drop a duplicate append.
pub const DEFAULT_DUPLICATE_WINDOW: Duration = Duration::from_secs(120);

/// Where the log lives and how its stream is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLogConfig {
    /// The NATS server to connect to, e.g. `nats://127.0.0.1:4222`.
    pub url: String,
    /// The stream's name.
    pub stream: String,
    /// The stream's subjects are this prefix, a dot and a session id.
    pub subject_prefix: String,
    /// How many JetStream servers keep a copy of each entry (1 to 5).
    pub replicas: usize,
    /// How long a command id is remembered for deduplication.
    pub duplicate_window: Duration,
}

impl CommandLogConfig {
    /// The default stream on the server at `url`, with one replica.
    pub fn new(url: impl Into<String>) -> CommandLogConfig {
        CommandLogConfig {
            url: url.into(),
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
            CommandLogError::InvalidSession(_) => None,
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
    /// Connects to the NATS server in `config` and creates the stream, or
    /// binds to it if it already exists (its stored configuration wins).
    pub async fn connect(config: CommandLogConfig) -> Result<CommandLog, CommandLogError> {
        let client = async_nats::connect(config.url.as_str())
            .await
            .map_err(|error| CommandLogError::nats("connecting", error))?;
        CommandLog::with_client(client, config).await
    }

    /// Like [`CommandLog::connect`], over a connection the caller made (with
    /// its own credentials, TLS or reconnect options).
    pub async fn with_client(
        client: async_nats::Client,
        config: CommandLogConfig,
    ) -> Result<CommandLog, CommandLogError> {
        let context = async_nats::jetstream::new(client);
        let stream = context
            .get_or_create_stream(config.stream_config())
            .await
            .map_err(|error| CommandLogError::nats("creating the stream", error))?;
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
    pub async fn publish(&self, entry: &LogEntry) -> Result<PendingAppend, CommandLogError> {
        let subject = self.subject(&entry.session)?;
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
    /// an ordered consumer: ephemeral, filtered to the session's subject,
    /// recreated by the client if it ever sees a gap.
    pub async fn replay(
        &self,
        session: &str,
        from_stream_sequence: u64,
    ) -> Result<Replay, CommandLogError> {
        let consumer = self
            .stream
            .create_consumer(OrderedConfig {
                filter_subject: self.subject(session)?,
                deliver_policy: deliver_from(from_stream_sequence),
                ..OrderedConfig::default()
            })
            .await
            .map_err(|error| CommandLogError::nats("creating a replay consumer", error))?;
        let messages = consumer
            .messages()
            .await
            .map_err(|error| CommandLogError::nats("starting a replay", error))?;
        Ok(messages.map(read_message).boxed())
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
fn read_message<E: Into<async_nats::Error>>(
    message: Result<async_nats::jetstream::Message, E>,
) -> Result<ReplayedEntry, CommandLogError> {
    let message = message.map_err(|error| CommandLogError::nats("replaying", error))?;
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
