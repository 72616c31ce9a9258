//! The cluster's session directory: which sessions exist, as every node
//! must know them.
//!
//! Creating a session is not a command of its log (there is no session to
//! sequence it in yet); it is a key of the JetStream key-value bucket
//! [`DIRECTORY_BUCKET`], the session id, whose value is the session as it
//! was created. JetStream's `create` is atomic, so of two nodes creating
//! the same id one wins and the other is told the session exists. Every
//! node watches the bucket and adds each session to its own store, so a
//! client may join it on any node. Later changes to a session (going live,
//! a new title) go through its command log; the directory keeps only what
//! a replica starts from, which is what a node needs to replay the log.

use super::connection::retry_delay;
use super::jetstream::{ensure_stream, CommandLogError};
use crate::core::SessionInfo;
use async_nats::jetstream::kv;
use futures_util::stream::{BoxStream, StreamExt};
use std::future::Future;
use std::time::{Duration, Instant};

/// The key-value bucket of the directory.
pub const DIRECTORY_BUCKET: &str = "HYBRIDHUB_SESSIONS";
/// The key-value bucket of what every node must share: the key that signs
/// invites, so that an invite made on one node is good on every node.
pub const SECRETS_BUCKET: &str = "HYBRIDHUB_SECRETS";
const INVITE_KEY: &str = "invite-key";

/// The directory, opened on a node's NATS connection.
#[derive(Clone, Debug)]
pub struct SessionDirectory {
    bucket: kv::Store,
    secrets: kv::Store,
}

/// What publishing a new session found.
#[derive(Debug, PartialEq, Eq)]
pub enum Published {
    /// The session was not in the directory; now it is, as given.
    Created,
    /// A session with this id was already there, as it is here.
    Existing(SessionInfo),
}

/// Each session added to the directory, or why watching it failed.
pub type DirectoryUpdates = BoxStream<'static, Result<SessionInfo, CommandLogError>>;

fn nats_error(action: &'static str, source: impl Into<async_nats::Error>) -> CommandLogError {
    CommandLogError::Nats {
        action,
        source: source.into(),
    }
}

/// A session as the directory holds it; `None` (logged) if unreadable,
/// which only another program writing to the bucket could cause.
fn parse_entry(key: &str, value: &[u8]) -> Option<SessionInfo> {
    match serde_json::from_slice(value) {
        Ok(info) => Some(info),
        Err(error) => {
            tracing::error!(session = %key, %error, "the session directory holds an unreadable session");
            None
        }
    }
}

/// Opens a key-value bucket, creating it if needed. Its stream is made
/// here in the shape JetStream's key-value buckets have, rather than by
/// `create_key_value`, which first queries the account in a form
/// nats-server 2.9 (Debian's) does not answer.
async fn open_bucket(
    jetstream: &async_nats::jetstream::Context,
    name: &str,
    description: &str,
    replicas: usize,
) -> Result<kv::Store, CommandLogError> {
    let stream = async_nats::jetstream::stream::Config {
        name: format!("KV_{name}"),
        description: Some(description.to_owned()),
        subjects: vec![format!("$KV.{name}.>")],
        max_messages_per_subject: 1,
        allow_rollup: true,
        deny_delete: true,
        allow_direct: true,
        discard: async_nats::jetstream::stream::DiscardPolicy::New,
        num_replicas: replicas.max(1),
        ..Default::default()
    };
    ensure_stream(jetstream, stream)
        .await
        .map_err(|trouble| nats_error("creating a key-value bucket", trouble.to_string()))?;
    jetstream
        .get_key_value(name)
        .await
        .map_err(|error| nats_error("opening a key-value bucket", error))
}

/// Runs `attempt` until it succeeds or `timeout` has passed, pausing a
/// little more after each failure: at start-up a JetStream cluster may
/// still be electing the leaders of the buckets' streams (5 to 12 s after
/// a server died, with nats-server 2.9), and requests time out meanwhile.
pub async fn patiently<T, Attempt, Outcome>(
    what: &str,
    timeout: Duration,
    mut attempt: Attempt,
) -> Result<T, CommandLogError>
where
    Attempt: FnMut() -> Outcome,
    Outcome: Future<Output = Result<T, CommandLogError>>,
{
    let deadline = Instant::now() + timeout;
    let mut attempts = 0;
    loop {
        attempts += 1;
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) if Instant::now() >= deadline => return Err(error),
            Err(error) => {
                tracing::warn!(%error, attempts, "{what}: JetStream is not ready yet; trying again");
                tokio::time::sleep(retry_delay(attempts)).await;
            }
        }
    }
}

impl SessionDirectory {
    /// Opens the directory's bucket, creating it if needed, with as many
    /// replicas as the command log's stream.
    pub async fn open(
        client: async_nats::Client,
        replicas: usize,
    ) -> Result<SessionDirectory, CommandLogError> {
        let jetstream = async_nats::jetstream::new(client);
        let description = "hybridhub: every session, as created";
        let bucket = open_bucket(&jetstream, DIRECTORY_BUCKET, description, replicas).await?;
        let description = "hybridhub: secrets every node shares";
        let secrets = open_bucket(&jetstream, SECRETS_BUCKET, description, replicas).await?;
        Ok(SessionDirectory { bucket, secrets })
    }

    /// The invite key of the cluster: the first node's, which every later
    /// node adopts in place of its own.
    pub async fn agree_on_invite_key(&self, proposed: &str) -> Result<String, CommandLogError> {
        let value = proposed.as_bytes().to_vec();
        match self.secrets.create(INVITE_KEY, value.into()).await {
            Ok(_) => Ok(proposed.to_owned()),
            Err(error) if error.kind() == kv::CreateErrorKind::AlreadyExists => {
                match self.secrets.get(INVITE_KEY).await {
                    Ok(Some(value)) => Ok(String::from_utf8_lossy(&value).into_owned()),
                    Ok(None) => Err(nats_error("reading the invite key", "it is gone")),
                    Err(error) => Err(nats_error("reading the invite key", error)),
                }
            }
            Err(error) => Err(nats_error("sharing the invite key", error)),
        }
    }

    /// Adds a new session, unless one with its id is already there.
    pub async fn publish(&self, info: &SessionInfo) -> Result<Published, CommandLogError> {
        let value = serde_json::to_vec(info).expect("session info serializes");
        match self.bucket.create(&info.id, value.into()).await {
            Ok(_) => Ok(Published::Created),
            Err(error) if error.kind() == kv::CreateErrorKind::AlreadyExists => {
                match self.bucket.get(&info.id).await {
                    Ok(value) => match value.and_then(|value| parse_entry(&info.id, &value)) {
                        Some(existing) => Ok(Published::Existing(existing)),
                        None => Err(nats_error(
                            "reading an existing session",
                            "the directory's entry is gone or unreadable",
                        )),
                    },
                    Err(error) => Err(nats_error("reading an existing session", error)),
                }
            }
            Err(error) => Err(nats_error("adding a session to the directory", error)),
        }
    }

    /// A session as it was created, if the directory has it.
    pub async fn get(&self, session_id: &str) -> Result<Option<SessionInfo>, CommandLogError> {
        let value = self
            .bucket
            .get(session_id)
            .await
            .map_err(|error| nats_error("reading the session directory", error))?;
        Ok(value.and_then(|value| parse_entry(session_id, &value)))
    }

    /// Every session in the directory now, then each one added later, as
    /// it is added. Sessions already listed may come again; adding one is
    /// idempotent on the receiving side.
    pub async fn follow(&self) -> Result<(Vec<SessionInfo>, DirectoryUpdates), CommandLogError> {
        // Watched before listing, so that nothing added in between is missed.
        let watch = self
            .bucket
            .watch_all()
            .await
            .map_err(|error| nats_error("watching the session directory", error))?;
        let mut keys = self
            .bucket
            .keys()
            .await
            .map_err(|error| nats_error("listing the session directory", error))?;
        let mut sessions = Vec::new();
        while let Some(key) = keys.next().await {
            let key = key.map_err(|error| nats_error("listing the session directory", error))?;
            let value = self
                .bucket
                .get(&key)
                .await
                .map_err(|error| nats_error("reading the session directory", error))?;
            sessions.extend(value.and_then(|value| parse_entry(&key, &value)));
        }
        let updates = watch
            .filter_map(|entry| async move {
                match entry {
                    Err(error) => Some(Err(nats_error("watching the session directory", error))),
                    Ok(entry) if entry.operation != kv::Operation::Put => None,
                    Ok(entry) => parse_entry(&entry.key, &entry.value).map(Ok),
                }
            })
            .boxed();
        Ok((sessions, updates))
    }
}
