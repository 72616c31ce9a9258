//! Durable storage behind one small interface, [`Store`].
//!
//! The embedded default is SQLite ([`sqlite::SqliteStore`]), on every node
//! in both modes: in cluster mode each node's store is the materialised view
//! of the command log (its events, with the log position and snapshots that
//! let a restarted node pick up the log where it left it), which resume,
//! transcripts and reports read.

pub mod sqlite;

use crate::core::{Event, InviteId, Participant, PollCounter, Record, Seq, SessionInfo};
use std::future::Future;
use std::pin::Pin;

pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// A session with this id already exists.
    SessionExists,
    /// The store has been closed (the server is shutting down).
    Closed,
    /// The disk (or the configured size limit) is full: nothing was
    /// written. What was written before is intact.
    Full,
    /// The underlying database failed; the message says how.
    Backend(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::SessionExists => {
                formatter.write_str("a session with this id already exists")
            }
            StoreError::Closed => formatter.write_str("the store is closed"),
            StoreError::Full => formatter.write_str(
                "the database's disk or size limit (--max-database-mb) is full: free space or raise the limit; nothing acknowledged was lost",
            ),
            StoreError::Backend(message) => write!(formatter, "storage failed: {message}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// One event, serialized once: the same text is stored and sent.
#[derive(Clone, Debug)]
pub struct StoredEvent {
    pub seq: Seq,
    pub kind: &'static str,
    pub ts_millis: i64,
    pub json: String,
}

/// Everything one session's owner wants stored at once. Written atomically,
/// possibly in one transaction with other sessions' batches (group commit).
#[derive(Clone, Debug, Default)]
pub struct WriteBatch {
    pub session_id: String,
    pub events: Vec<StoredEvent>,
    pub records: Vec<Record>,
    /// The session's info after the batch, when it changed.
    pub session: Option<SessionInfo>,
    /// Cluster mode: the stream sequence of the last command log entry the
    /// batch applied, stored with its events so that a restarted node
    /// replays the log from just after it.
    pub log_position: Option<u64>,
    /// Cluster mode: the session's whole state as of `log_position`, kept
    /// every so many log entries so that a restarted node replays only the
    /// log after it.
    pub snapshot: Option<SessionSnapshot>,
}

impl WriteBatch {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.records.is_empty()
            && self.session.is_none()
            && self.snapshot.is_none()
    }
}

/// A session's state as of one command log entry, as the core encoded it.
/// The store keeps only the newest one per session and never reads inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSnapshot {
    /// The stream sequence of the last log entry applied to `state`.
    pub log_position: u64,
    /// The time the last entry was applied at: later entries are applied
    /// no earlier than this, as on every other node.
    pub applied_time: i64,
    /// The encoded state (`core::encode_snapshot`).
    pub state: String,
}

/// What a session's owner needs to rebuild its state.
#[derive(Clone, Debug)]
pub struct LoadedSession {
    pub info: SessionInfo,
    pub participants: Vec<Participant>,
    pub events: Vec<Event>,
    /// The HTTP caption post cursor of each invite, as of its last stored line.
    pub caption_cursors: Vec<(InviteId, u64)>,
    /// The counts of polls that keep them: `(poll, counter, counts)`.
    pub poll_counts: Vec<(u64, PollCounter, Vec<u32>)>,
    /// The invites the organiser issued in the session, as last saved.
    pub invites: Vec<crate::core::InviteView>,
    /// Cluster mode: the last command log entry applied by a stored batch
    /// (0: none).
    pub log_position: u64,
    /// Cluster mode: the newest snapshot stored, at or before `log_position`.
    pub snapshot: Option<SessionSnapshot>,
}

/// One stored event as read back: its `seq`, its `type` and its exact JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRow {
    pub seq: Seq,
    pub kind: String,
    pub json: String,
}

/// One attendance interval of one connection, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceRow {
    pub participant_id: String,
    pub headcount: u32,
    pub joined_at: i64,
    pub left_at: Option<i64>,
}

/// An invite the organiser issued, as listed, with when it was last used.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StoredInvite {
    #[serde(flatten)]
    pub view: crate::core::InviteView,
    pub last_used_at: Option<crate::core::Millis>,
}

pub trait Store: Send + Sync + 'static {
    /// Stores a new session; fails with `SessionExists` if the id is taken.
    fn create_session(&self, info: SessionInfo) -> StoreFuture<'_, ()>;
    /// Stores new sessions in one transaction, all or none: if any id is
    /// taken, none is stored and it fails with `SessionExists`.
    fn create_sessions(&self, infos: Vec<SessionInfo>) -> StoreFuture<'_, ()>;
    /// A session as stored, without its events.
    fn session_info(&self, session_id: &str) -> StoreFuture<'_, Option<SessionInfo>>;
    /// Removes a session and everything stored for it (events, people,
    /// invites, attendance). The caller makes sure nothing else writes to
    /// it meanwhile.
    fn delete_session(&self, session_id: &str) -> StoreFuture<'_, ()>;
    fn list_sessions(&self) -> StoreFuture<'_, Vec<SessionInfo>>;
    fn load_session(&self, session_id: &str) -> StoreFuture<'_, Option<LoadedSession>>;
    /// Stores a batch. When the future resolves `Ok`, the batch is durable.
    ///
    /// The batch is queued before this returns, without polling the future,
    /// and batches are committed in the order of the calls: a session owner
    /// relies on this to keep several rounds in flight without a later one
    /// ever becoming durable before an earlier one.
    fn write(&self, batch: WriteBatch) -> StoreFuture<'static, ()>;
    /// The stored events with `after < seq <= up_to`, in order, at most `limit`.
    fn events_between(
        &self,
        session_id: &str,
        after: Seq,
        up_to: Seq,
        limit: usize,
    ) -> StoreFuture<'_, Vec<StoredRow>>;
    /// Every stored event of the given `type`s, in `seq` order (for
    /// transcripts).
    fn events_of_kinds(
        &self,
        session_id: &str,
        kinds: &'static [&'static str],
    ) -> StoreFuture<'_, Vec<StoredRow>>;
    fn attendance(&self, session_id: &str) -> StoreFuture<'_, Vec<AttendanceRow>>;
    /// The invites issued in a session, oldest first.
    fn invites(&self, session_id: &str) -> StoreFuture<'_, Vec<StoredInvite>>;
    /// Finishes outstanding writes and closes. Later writes fail with `Closed`.
    fn close(&self) -> StoreFuture<'_, ()>;
}
