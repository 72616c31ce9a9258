//! The embedded default store: SQLite in WAL mode, in the data directory.
//!
//! Writes go to one writer thread that commits whatever has queued up in one
//! transaction (group commit): under load, many batches share one fsync.
//! Reads use a separate connection, so they never wait behind a commit.

use super::{
    AttendanceRow, LoadedSession, SessionSnapshot, Store, StoreError, StoreFuture, StoredInvite,
    StoredRow, WriteBatch,
};
use crate::core::{Event, InviteId, Millis, Participant, Record, Seq, SessionInfo};
use crate::metrics::StoreMetrics;
use crate::transcript::TRANSCRIPT_EVENT_KINDS;
use dashmap::DashMap;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// The most write requests committed in one transaction.
const GROUP_COMMIT_MAX_REQUESTS: usize = 512;

pub const DATABASE_FILE_NAME: &str = "hybridhub.sqlite3";

enum WriteRequest {
    Batch(WriteBatch, oneshot::Sender<Result<(), StoreError>>),
    /// New sessions, all stored or none: one that exists already fails
    /// the whole request with `SessionExists`.
    CreateSessions(Vec<SessionInfo>, oneshot::Sender<Result<(), StoreError>>),
    /// A session and every row kept for it.
    DeleteSession(String, oneshot::Sender<Result<(), StoreError>>),
}

pub struct SqliteStore {
    /// `None` once closed; taking it ends the writer thread's loop.
    writer: Mutex<Option<mpsc::Sender<WriteRequest>>>,
    writer_thread: Mutex<Option<JoinHandle<()>>>,
    /// Reads run on blocking threads; one connection, shared under a mutex
    /// that is never held across an `.await`.
    reader: Arc<Mutex<Connection>>,
    /// The `seq` of each session's last stored transcript event (see
    /// [`TRANSCRIPT_EVENT_KINDS`]), for
    /// transcripts to know without a query whether theirs is still current.
    last_transcript_events: LastTranscriptEvents,
    /// What the writer counts: commit times and sizes.
    metrics: StoreMetrics,
}

/// The `seq` of each session's last stored transcript event, moved by the
/// writer after each commit; a session not in it is read from the database
/// once. A session's `seq` only grows, so the largest seen is the last.
type LastTranscriptEvents = Arc<DashMap<String, Seq>>;

/// Records `seq` as a session's last transcript event unless a later one is
/// recorded already.
fn note_transcript_event(last: &LastTranscriptEvents, session_id: &str, seq: Seq) {
    last.entry(session_id.to_owned())
        .and_modify(|known| *known = (*known).max(seq))
        .or_insert(seq);
}

/// How hard each commit pushes to disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// fsync on every commit: an acknowledged event survives power loss.
    Full,
    /// fsync at checkpoints only: survives a process crash, not power loss.
    Normal,
}

fn backend(error: rusqlite::Error) -> StoreError {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        return StoreError::Full;
    }
    StoreError::Backend(error.to_string())
}

fn open_connection(path: &Path, durability: Durability) -> Result<Connection, StoreError> {
    let connection = Connection::open(path).map_err(backend)?;
    let synchronous = match durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    connection
        .execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
        ))
        .map_err(backend)?;
    Ok(connection)
}

/// Makes `directory` (and any parent missing) readable by this user
/// alone, mode 0700: it holds the database, the invite key and the admin
/// token. An existing one others may enter is closed to them.
fn make_private_directory(directory: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let failed = |what: &str, error: std::io::Error| {
        StoreError::Backend(format!("cannot {what} {}: {error}", directory.display()))
    };
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(directory)
        .map_err(|error| failed("create", error))?;
    let mode = std::fs::metadata(directory)
        .map_err(|error| failed("read", error))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(directory, std::fs::Permissions::from_mode(mode & 0o700))
            .map_err(|error| failed("make private (mode 0700)", error))?;
        tracing::info!(directory = %directory.display(), "data directory made private (0700)");
    }
    Ok(())
}

/// The database's files: the database, and SQLite's write-ahead log and
/// its index while they exist.
fn database_files(database: &Path) -> [PathBuf; 3] {
    let with_suffix = |suffix: &str| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [
        database.to_owned(),
        with_suffix("-wal"),
        with_suffix("-shm"),
    ]
}

/// Makes the database's files readable and writable by this user alone
/// (0600). SQLite gives a write-ahead log and its index the database's own
/// mode when it creates them, so they follow.
fn make_files_private(database: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    for file in database_files(database) {
        let mode = match std::fs::metadata(&file) {
            Ok(metadata) => metadata.permissions().mode(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                return Err(StoreError::Backend(format!(
                    "cannot read {}: {error}",
                    file.display()
                )))
            }
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode & 0o600))
                .map_err(|error| {
                    StoreError::Backend(format!(
                        "cannot make {} private (mode 0600): {error}",
                        file.display()
                    ))
                })?;
        }
    }
    Ok(())
}

/// Makes a new database at `path`, mode 0600, with the schema. It is made
/// under another name and renamed into place once complete, so a database
/// file is never empty: an empty one at start-up is a mistake to report,
/// never a new database to fill.
fn create_database(path: &Path, durability: Durability) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    let fresh = PathBuf::from(name);
    // What a crash in an earlier attempt left.
    for file in database_files(&fresh) {
        let _ = std::fs::remove_file(file);
    }
    let failed = |what: &str, error: std::io::Error| {
        StoreError::Backend(format!("cannot {what} {}: {error}", fresh.display()))
    };
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&fresh)
        .map_err(|error| failed("create", error))?;
    let connection = open_connection(&fresh, durability)?;
    connection.execute_batch(SCHEMA).map_err(backend)?;
    // Closing checkpoints the write-ahead log into the file and removes it.
    connection.close().map_err(|(_, error)| backend(error))?;
    std::fs::rename(&fresh, path).map_err(|error| failed("rename", error))?;
    // The rename is durable once the directory is.
    let directory = path
        .parent()
        .filter(|directory| !directory.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(directory)
        .and_then(|directory| directory.sync_all())
        .map_err(|error| failed("sync the directory of", error))?;
    Ok(())
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    info TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS participants (
    session_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS caption_cursors (
    session_id TEXT NOT NULL,
    invite_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (session_id, invite_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_positions (
    session_id TEXT PRIMARY KEY,
    stream_sequence INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    session_id TEXT PRIMARY KEY,
    stream_sequence INTEGER NOT NULL,
    applied_time INTEGER NOT NULL,
    state TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS poll_counts (
    session_id TEXT NOT NULL,
    poll INTEGER NOT NULL,
    counter TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (session_id, poll, counter)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS invites (
    session_id TEXT NOT NULL,
    invite_id TEXT NOT NULL,
    body TEXT NOT NULL,
    last_used_at INTEGER,
    PRIMARY KEY (session_id, invite_id)
);
CREATE TABLE IF NOT EXISTS attendance (
    session_id TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    headcount INTEGER NOT NULL,
    joined_at INTEGER NOT NULL,
    left_at INTEGER,
    PRIMARY KEY (session_id, connection_id)
);
";

impl SqliteStore {
    /// Opens (creating if needed) the database in `data_dir`. Attendance
    /// left open by a crash is closed at `now_millis`.
    pub fn open(
        data_dir: &Path,
        durability: Durability,
        now_millis: i64,
    ) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_limit(data_dir, durability, now_millis, None)
    }

    /// As [`SqliteStore::open`], with the database's size capped at
    /// `max_bytes` (SQLite's `max_page_count`): past it every write fails as
    /// on a full disk, with [`StoreError::Full`].
    pub fn open_with_limit(
        data_dir: &Path,
        durability: Durability,
        now_millis: i64,
        max_bytes: Option<u64>,
    ) -> Result<SqliteStore, StoreError> {
        make_private_directory(data_dir)?;
        let path: PathBuf = data_dir.join(DATABASE_FILE_NAME);
        match std::fs::metadata(&path) {
            Ok(metadata) if metadata.len() == 0 => {
                return Err(StoreError::Backend(format!(
                    "{} is empty (0 bytes), so it holds no hybridhub data; it was not made \
                     by hybridhub, or was truncated. Restore it from a backup, or delete it \
                     to start with an empty database",
                    path.display()
                )));
            }
            Ok(_) => make_files_private(&path)?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                create_database(&path, durability)?;
            }
            Err(error) => {
                return Err(StoreError::Backend(format!(
                    "cannot read {}: {error}",
                    path.display()
                )));
            }
        }
        let writer_connection = open_connection(&path, durability)?;
        writer_connection.execute_batch(SCHEMA).map_err(backend)?;
        if let Some(max_bytes) = max_bytes {
            let page_size: u64 = writer_connection
                .query_row("PRAGMA page_size", [], |row| row.get(0))
                .map_err(backend)?;
            let pages = (max_bytes / page_size.max(1)).max(1);
            writer_connection
                .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
                .map_err(backend)?;
        }
        writer_connection
            .execute(
                "UPDATE attendance SET left_at = ?1 WHERE left_at IS NULL",
                params![now_millis],
            )
            .map_err(backend)?;
        let reader = open_connection(&path, durability)?;
        let (sender, receiver) = mpsc::channel();
        let last_transcript_events = LastTranscriptEvents::default();
        let metrics = StoreMetrics::default();
        let writer = Writer {
            connection: writer_connection,
            last_transcript_events: last_transcript_events.clone(),
            metrics: metrics.clone(),
        };
        let writer_thread = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer.run(receiver))
            .map_err(|error| StoreError::Backend(error.to_string()))?;
        Ok(SqliteStore {
            writer: Mutex::new(Some(sender)),
            writer_thread: Mutex::new(Some(writer_thread)),
            reader: Arc::new(Mutex::new(reader)),
            last_transcript_events,
            metrics,
        })
    }

    /// The writer's figures, for the server to register.
    pub fn metrics(&self) -> &StoreMetrics {
        &self.metrics
    }

    /// The `seq` of the session's last stored transcript event (0: none).
    /// Read from memory, but for a session with no line stored since
    /// start-up, the first time.
    pub fn last_transcript_event(&self, session_id: &str) -> StoreFuture<'_, Seq> {
        if let Some(seq) = self.last_transcript_events.get(session_id) {
            let seq = *seq;
            return Box::pin(async move { Ok(seq) });
        }
        let session = session_id.to_owned();
        let last_transcript_events = self.last_transcript_events.clone();
        Box::pin(async move {
            let stored = self
                .read({
                    let session = session.clone();
                    move |connection| {
                        connection
                            .prepare_cached(&format!(
                                "SELECT coalesce(max(seq), 0) FROM events WHERE session_id = ? AND type IN ({})",
                                vec!["?"; TRANSCRIPT_EVENT_KINDS.len()].join(", ")
                            ))?
                            .query_row(
                                rusqlite::params_from_iter(
                                    std::iter::once(&session as &dyn rusqlite::ToSql).chain(
                                        TRANSCRIPT_EVENT_KINDS
                                            .iter()
                                            .map(|kind| kind as &dyn rusqlite::ToSql),
                                    ),
                                ),
                                |row| row.get::<_, i64>(0),
                            )
                    }
                })
                .await? as Seq;
            // A line the writer stored meanwhile may be later than the one read.
            note_transcript_event(&last_transcript_events, &session, stored);
            Ok(*last_transcript_events
                .get(&session)
                .expect("noted just now"))
        })
    }

    /// Queues a request for the writer thread; the future resolves with the
    /// outcome of the commit that carried it.
    fn submit(
        &self,
        request: impl FnOnce(oneshot::Sender<Result<(), StoreError>>) -> WriteRequest,
    ) -> StoreFuture<'static, ()> {
        let (reply, done) = oneshot::channel();
        let sent = {
            let guard = self.writer.lock().expect("writer lock");
            match guard.as_ref() {
                Some(sender) => sender.send(request(reply)).map_err(|_| StoreError::Closed),
                None => Err(StoreError::Closed),
            }
        };
        Box::pin(async move {
            sent?;
            done.await.map_err(|_| StoreError::Closed)?
        })
    }

    fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    ) -> StoreFuture<'_, T> {
        let reader = self.reader.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let connection = reader.lock().expect("reader lock");
                query(&connection).map_err(backend)
            })
            .await
            .map_err(|error| StoreError::Backend(error.to_string()))?
        })
    }
}

/// The writer thread's connection and what it tells the rest of the store.
struct Writer {
    connection: Connection,
    last_transcript_events: LastTranscriptEvents,
    metrics: StoreMetrics,
}

impl Writer {
    fn run(mut self, receiver: mpsc::Receiver<WriteRequest>) {
        while let Ok(first) = receiver.recv() {
            let mut requests = vec![first];
            while requests.len() < GROUP_COMMIT_MAX_REQUESTS {
                match receiver.try_recv() {
                    Ok(request) => requests.push(request),
                    Err(_) => break,
                }
            }
            self.commit(requests);
        }
    }

    /// Commits a group in one transaction. A session that already exists
    /// fails only its own request (and every session of that request);
    /// any other failure fails the whole group.
    /// The caption lines a commit stored are recorded before any request
    /// is answered, so that whoever hears a line is stored finds it there.
    fn commit(&mut self, requests: Vec<WriteRequest>) {
        let started = std::time::Instant::now();
        self.metrics
            .commit_batch_requests
            .observe(requests.len() as f64);
        let mut outcomes: Vec<Result<(), StoreError>> = Vec::with_capacity(requests.len());
        let result = (|| -> Result<(), rusqlite::Error> {
            let transaction = self.connection.transaction()?;
            for request in &requests {
                outcomes.push(match request {
                    WriteRequest::CreateSessions(infos, _) => insert_sessions(&transaction, infos)?,
                    WriteRequest::DeleteSession(session_id, _) => {
                        delete_session(&transaction, session_id)?;
                        Ok(())
                    }
                    WriteRequest::Batch(batch, _) => {
                        write_batch(&transaction, batch)?;
                        Ok(())
                    }
                });
            }
            transaction.commit()
        })();
        self.metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        let shared_error = match result {
            Ok(()) => {
                self.note_transcript_events(&requests);
                None
            }
            Err(error) => {
                let error = backend(error);
                if error == StoreError::Full {
                    tracing::error!(
                        "store commit failed: the disk holding the database, or its size limit \
                         (--max-database-mb), is full. Free space on that disk or raise the limit; \
                         every acknowledged event is stored, and new commands are refused with \
                         storage_full until then"
                    );
                } else {
                    tracing::error!(%error, "store commit failed");
                }
                Some(error)
            }
        };
        let mut outcomes = outcomes.into_iter();
        for request in requests {
            let outcome = match &shared_error {
                Some(error) => Err(error.clone()),
                None => outcomes.next().unwrap_or(Ok(())),
            };
            let reply = match request {
                WriteRequest::Batch(_, reply)
                | WriteRequest::CreateSessions(_, reply)
                | WriteRequest::DeleteSession(_, reply) => reply,
            };
            let _ = reply.send(outcome);
        }
    }

    fn note_transcript_events(&self, requests: &[WriteRequest]) {
        for request in requests {
            let WriteRequest::Batch(batch, _) = request else {
                continue;
            };
            let last = batch
                .events
                .iter()
                .filter(|event| TRANSCRIPT_EVENT_KINDS.contains(&event.kind))
                .map(|event| event.seq)
                .max();
            if let Some(seq) = last {
                note_transcript_event(&self.last_transcript_events, &batch.session_id, seq);
            }
        }
    }
}

/// Inserts every session of one request or none of them: under a
/// savepoint, so that an id taken already undoes this request's earlier
/// rows and leaves the rest of the group's transaction as it was.
fn insert_sessions(
    transaction: &rusqlite::Transaction<'_>,
    infos: &[SessionInfo],
) -> Result<Result<(), StoreError>, rusqlite::Error> {
    transaction.execute_batch("SAVEPOINT create_sessions")?;
    for info in infos {
        let json = serde_json::to_string(info).expect("session info serializes");
        let inserted = transaction.execute(
            "INSERT OR IGNORE INTO sessions (id, info) VALUES (?1, ?2)",
            params![info.id, json],
        );
        match inserted {
            Ok(1) => {}
            Ok(_) => {
                transaction
                    .execute_batch("ROLLBACK TO create_sessions; RELEASE create_sessions")?;
                return Ok(Err(StoreError::SessionExists));
            }
            Err(error) => return Err(error),
        }
    }
    transaction.execute_batch("RELEASE create_sessions")?;
    Ok(Ok(()))
}

/// Every table that holds rows of a session, the `sessions` row last.
const SESSION_TABLES: [&str; 8] = [
    "events",
    "participants",
    "caption_cursors",
    "log_positions",
    "snapshots",
    "poll_counts",
    "invites",
    "attendance",
];

fn delete_session(
    transaction: &rusqlite::Transaction<'_>,
    session_id: &str,
) -> Result<(), rusqlite::Error> {
    for table in SESSION_TABLES {
        transaction.execute(
            &format!("DELETE FROM {table} WHERE session_id = ?1"),
            params![session_id],
        )?;
    }
    transaction.execute("DELETE FROM sessions WHERE id = ?1", params![session_id])?;
    Ok(())
}

fn write_batch(
    transaction: &rusqlite::Transaction<'_>,
    batch: &WriteBatch,
) -> Result<(), rusqlite::Error> {
    let session_id = &batch.session_id;
    if !batch.events.is_empty() {
        // A plain INSERT: a repeated seq is a bug and must fail loudly, never
        // overwrite what a client was already told.
        let mut insert = transaction.prepare_cached(
            "INSERT INTO events (session_id, seq, ts, type, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for event in &batch.events {
            insert.execute(params![
                session_id,
                event.seq as i64,
                event.ts_millis,
                event.kind,
                event.json
            ])?;
        }
    }
    for record in &batch.records {
        match record {
            Record::ParticipantSaved(participant) => {
                let json = serde_json::to_string(participant).expect("participants serialize");
                transaction
                    .prepare_cached("INSERT OR REPLACE INTO participants (session_id, participant_id, body) VALUES (?1, ?2, ?3)")?
                    .execute(params![session_id, participant.id.0, json])?;
            }
            Record::AttendanceOpened {
                connection,
                participant,
                at,
                headcount,
            } => {
                transaction
                    .prepare_cached(
                        "INSERT OR REPLACE INTO attendance (session_id, connection_id, participant_id, headcount, joined_at, left_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
                    )?
                    .execute(params![session_id, connection.0, participant.0, headcount, at.0])?;
            }
            Record::AttendanceHeadcount {
                connection,
                headcount,
            } => {
                transaction
                    .prepare_cached("UPDATE attendance SET headcount = ?3 WHERE session_id = ?1 AND connection_id = ?2")?
                    .execute(params![session_id, connection.0, headcount])?;
            }
            Record::AttendanceClosed { connection, at } => {
                transaction
                    .prepare_cached("UPDATE attendance SET left_at = ?3 WHERE session_id = ?1 AND connection_id = ?2")?
                    .execute(params![session_id, connection.0, at.0])?;
            }
            Record::PollCounted {
                poll,
                counter,
                counts,
            } => {
                let counter = serde_json::to_string(counter).expect("counters serialize");
                let counts = serde_json::to_string(counts).expect("counts serialize");
                transaction
                    .prepare_cached(
                        "INSERT OR REPLACE INTO poll_counts (session_id, poll, counter, counts) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![session_id, *poll as i64, counter, counts])?;
            }
            Record::PollCountsErased { poll } => {
                transaction
                    .prepare_cached("DELETE FROM poll_counts WHERE session_id = ?1 AND poll = ?2")?
                    .execute(params![session_id, *poll as i64])?;
            }
            Record::InviteSaved(invite) => {
                let json = serde_json::to_string(invite).expect("invites serialize");
                transaction
                    .prepare_cached(
                        "INSERT INTO invites (session_id, invite_id, body) VALUES (?1, ?2, ?3) ON CONFLICT (session_id, invite_id) DO UPDATE SET body = excluded.body",
                    )?
                    .execute(params![session_id, invite.id.0, json])?;
            }
            Record::InviteUsed { invite, at } => {
                // Only invites the session recorded are listed; the time
                // only moves forward.
                transaction
                    .prepare_cached(
                        "UPDATE invites SET last_used_at = max(coalesce(last_used_at, ?3), ?3) WHERE session_id = ?1 AND invite_id = ?2",
                    )?
                    .execute(params![session_id, invite.0, at.0])?;
            }
            Record::CaptionCursor { invite, seq } => {
                // A cursor only moves forward, whatever order batches land in.
                transaction
                    .prepare_cached(
                        "INSERT INTO caption_cursors (session_id, invite_id, seq) VALUES (?1, ?2, ?3) ON CONFLICT (session_id, invite_id) DO UPDATE SET seq = max(seq, excluded.seq)",
                    )?
                    .execute(params![session_id, invite.0, *seq as i64])?;
            }
        }
    }
    if let Some(position) = batch.log_position {
        transaction
            .prepare_cached(
                "INSERT INTO log_positions (session_id, stream_sequence) VALUES (?1, ?2) ON CONFLICT (session_id) DO UPDATE SET stream_sequence = max(stream_sequence, excluded.stream_sequence)",
            )?
            .execute(params![session_id, position as i64])?;
    }
    if let Some(snapshot) = &batch.snapshot {
        // Only a newer snapshot replaces the one kept.
        transaction
            .prepare_cached(
                "INSERT INTO snapshots (session_id, stream_sequence, applied_time, state) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (session_id) DO UPDATE SET stream_sequence = excluded.stream_sequence, applied_time = excluded.applied_time, state = excluded.state WHERE excluded.stream_sequence >= snapshots.stream_sequence",
            )?
            .execute(params![
                session_id,
                snapshot.log_position as i64,
                snapshot.applied_time,
                snapshot.state
            ])?;
    }
    if let Some(info) = &batch.session {
        let json = serde_json::to_string(info).expect("session info serializes");
        transaction
            .prepare_cached("UPDATE sessions SET info = ?2 WHERE id = ?1")?
            .execute(params![session_id, json])?;
    }
    Ok(())
}

fn stored_row(row: &rusqlite::Row<'_>) -> Result<StoredRow, rusqlite::Error> {
    Ok(StoredRow {
        seq: row.get::<_, i64>(0)? as Seq,
        kind: row.get(1)?,
        json: row.get(2)?,
    })
}

fn parse_json<T: for<'de> serde::Deserialize<'de>>(text: &str) -> Result<T, rusqlite::Error> {
    serde_json::from_str(text)
        .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
}

/// A session's stored info, without its events.
fn stored_info(
    connection: &Connection,
    session_id: &str,
) -> Result<Option<SessionInfo>, rusqlite::Error> {
    let info: Option<String> = connection
        .query_row(
            "SELECT info FROM sessions WHERE id = ?1",
            params![session_id],
            |row| row.get(0),
        )
        .optional()?;
    info.map(|info| parse_json(&info)).transpose()
}

impl Store for SqliteStore {
    fn create_session(&self, info: SessionInfo) -> StoreFuture<'_, ()> {
        self.submit(|reply| WriteRequest::CreateSessions(vec![info], reply))
    }

    fn create_sessions(&self, infos: Vec<SessionInfo>) -> StoreFuture<'_, ()> {
        self.submit(|reply| WriteRequest::CreateSessions(infos, reply))
    }

    fn session_info(&self, session_id: &str) -> StoreFuture<'_, Option<SessionInfo>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| stored_info(connection, &session_id))
    }

    fn delete_session(&self, session_id: &str) -> StoreFuture<'_, ()> {
        let session_id = session_id.to_owned();
        self.submit(|reply| WriteRequest::DeleteSession(session_id, reply))
    }

    fn list_sessions(&self) -> StoreFuture<'_, Vec<SessionInfo>> {
        self.read(|connection| {
            let mut statement = connection.prepare("SELECT info FROM sessions ORDER BY id")?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            rows.map(|row| parse_json(&row?)).collect()
        })
    }

    fn load_session(&self, session_id: &str) -> StoreFuture<'_, Option<LoadedSession>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| {
            let Some(info) = stored_info(connection, &session_id)? else {
                return Ok(None);
            };
            let mut statement =
                connection.prepare("SELECT body FROM participants WHERE session_id = ?1")?;
            let participants: Vec<Participant> = statement
                .query_map(params![session_id], |row| row.get::<_, String>(0))?
                .map(|row| parse_json(&row?))
                .collect::<Result<_, _>>()?;
            let mut statement =
                connection.prepare("SELECT body FROM events WHERE session_id = ?1 ORDER BY seq")?;
            let events: Vec<Event> = statement
                .query_map(params![session_id], |row| row.get::<_, String>(0))?
                .map(|row| parse_json(&row?))
                .collect::<Result<_, _>>()?;
            let mut statement = connection
                .prepare("SELECT invite_id, seq FROM caption_cursors WHERE session_id = ?1")?;
            let caption_cursors = statement
                .query_map(params![session_id], |row| {
                    Ok((InviteId(row.get(0)?), row.get::<_, i64>(1)? as u64))
                })?
                .collect::<Result<_, _>>()?;
            let mut statement = connection.prepare(
                "SELECT poll, counter, counts FROM poll_counts WHERE session_id = ?1 ORDER BY poll, counter",
            )?;
            let poll_counts = statement
                .query_map(params![session_id], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
                })?
                .map(|row| {
                    let (poll, counter, counts) = row?;
                    Ok((poll as u64, parse_json(&counter)?, parse_json(&counts)?))
                })
                .collect::<Result<_, rusqlite::Error>>()?;
            let mut statement =
                connection.prepare("SELECT body FROM invites WHERE session_id = ?1")?;
            let invites = statement
                .query_map(params![session_id], |row| row.get::<_, String>(0))?
                .map(|row| parse_json(&row?))
                .collect::<Result<_, _>>()?;
            let log_position: Option<i64> = connection
                .query_row(
                    "SELECT stream_sequence FROM log_positions WHERE session_id = ?1",
                    params![session_id],
                    |row| row.get(0),
                )
                .optional()?;
            let snapshot = connection
                .query_row(
                    "SELECT stream_sequence, applied_time, state FROM snapshots WHERE session_id = ?1",
                    params![session_id],
                    |row| {
                        Ok(SessionSnapshot {
                            log_position: row.get::<_, i64>(0)? as u64,
                            applied_time: row.get(1)?,
                            state: row.get(2)?,
                        })
                    },
                )
                .optional()?;
            Ok(Some(LoadedSession {
                info,
                participants,
                events,
                caption_cursors,
                poll_counts,
                invites,
                log_position: log_position.unwrap_or(0) as u64,
                snapshot,
            }))
        })
    }

    fn write(&self, batch: WriteBatch) -> StoreFuture<'static, ()> {
        self.submit(|reply| WriteRequest::Batch(batch, reply))
    }

    fn events_between(
        &self,
        session_id: &str,
        after: Seq,
        up_to: Seq,
        limit: usize,
    ) -> StoreFuture<'_, Vec<StoredRow>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT seq, type, body FROM events WHERE session_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq LIMIT ?4",
            )?;
            let rows = statement.query_map(params![session_id, after as i64, up_to as i64, limit as i64], stored_row)?;
            rows.collect()
        })
    }

    fn events_of_kinds(
        &self,
        session_id: &str,
        kinds: &'static [&'static str],
    ) -> StoreFuture<'_, Vec<StoredRow>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| {
            // The kinds are the server's own constants, never user input.
            let placeholders = vec!["?"; kinds.len()].join(", ");
            let mut statement = connection.prepare_cached(&format!(
                "SELECT seq, type, body FROM events WHERE session_id = ? AND type IN ({placeholders}) ORDER BY seq"
            ))?;
            let parameters = std::iter::once(&session_id as &dyn rusqlite::ToSql)
                .chain(kinds.iter().map(|kind| kind as &dyn rusqlite::ToSql));
            let rows = statement.query_map(rusqlite::params_from_iter(parameters), stored_row)?;
            rows.collect()
        })
    }

    fn attendance(&self, session_id: &str) -> StoreFuture<'_, Vec<AttendanceRow>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT participant_id, headcount, joined_at, left_at FROM attendance WHERE session_id = ?1 ORDER BY joined_at",
            )?;
            let rows = statement.query_map(params![session_id], |row| {
                Ok(AttendanceRow { participant_id: row.get(0)?, headcount: row.get(1)?, joined_at: row.get(2)?, left_at: row.get(3)? })
            })?;
            rows.collect()
        })
    }

    fn invites(&self, session_id: &str) -> StoreFuture<'_, Vec<StoredInvite>> {
        let session_id = session_id.to_owned();
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT body, last_used_at FROM invites WHERE session_id = ?1 ORDER BY rowid",
            )?;
            let rows = statement.query_map(params![session_id], |row| {
                let body: String = row.get(0)?;
                let last_used_at: Option<i64> = row.get(1)?;
                Ok((body, last_used_at))
            })?;
            let mut invites = Vec::new();
            for row in rows {
                let (body, last_used_at) = row?;
                let view = serde_json::from_str(&body).map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    )
                })?;
                invites.push(StoredInvite {
                    view,
                    last_used_at: last_used_at.map(Millis),
                });
            }
            // Oldest first; invites issued in the same millisecond stay in
            // the order they were stored (the rowid, which an upsert keeps).
            invites.sort_by_key(|invite: &StoredInvite| invite.view.issued_at);
            Ok(invites)
        })
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        // Dropping the sender ends the writer loop after it drains the queue.
        self.writer.lock().expect("writer lock").take();
        let thread = self.writer_thread.lock().expect("thread lock").take();
        Box::pin(async move {
            if let Some(thread) = thread {
                tokio::task::spawn_blocking(move || thread.join())
                    .await
                    .map_err(|error| StoreError::Backend(error.to_string()))?
                    .map_err(|_| StoreError::Backend("the writer thread panicked".into()))?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Millis, ParticipantId, SessionState};
    use crate::store::StoredEvent;

    fn info(id: &str) -> SessionInfo {
        SessionInfo {
            id: id.into(),
            title: "T".into(),
            room: "R".into(),
            starts_at: Millis(0),
            ends_at: Millis(1),
            languages: vec!["en".into()],
            state: SessionState::Live,
            live_at: None,
            time_zone: None,
            links: Default::default(),
            chair: None,
        }
    }

    fn chat_event(seq: Seq) -> StoredEvent {
        let event = Event {
            body: crate::core::EventBody::ChatMessage {
                from: crate::core::Sender {
                    id: ParticipantId("p1".into()),
                    name: "Ana".into(),
                    role: None,
                },
                text: format!("m{seq}"),
            },
            seq,
            ts: Millis(seq as i64),
        };
        StoredEvent {
            seq,
            kind: "chat.message",
            ts_millis: seq as i64,
            json: serde_json::to_string(&event).unwrap(),
        }
    }

    #[tokio::test]
    async fn the_last_caption_line_is_known_from_memory_and_after_a_reopen() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("a")).await.unwrap();
        store.create_session(info("b")).await.unwrap();
        assert_eq!(
            store.last_transcript_event("a").await.unwrap(),
            0,
            "none yet"
        );
        let caption = |seq| StoredEvent {
            kind: "caption.final",
            ..chat_event(seq)
        };
        let batch = WriteBatch {
            session_id: "a".into(),
            events: vec![chat_event(1), caption(2), chat_event(3)],
            ..Default::default()
        };
        store.write(batch).await.unwrap();
        assert_eq!(store.last_transcript_event("a").await.unwrap(), 2);
        assert_eq!(store.last_transcript_event("b").await.unwrap(), 0);
        store.close().await.unwrap();

        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        assert!(store.last_transcript_events.is_empty());
        assert_eq!(
            store.last_transcript_event("a").await.unwrap(),
            2,
            "read back"
        );
        let batch = WriteBatch {
            session_id: "a".into(),
            events: vec![caption(4)],
            ..Default::default()
        };
        store.write(batch).await.unwrap();
        assert_eq!(store.last_transcript_event("a").await.unwrap(), 4);
    }

    #[tokio::test]
    async fn the_log_position_is_stored_with_events_and_never_moves_back() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("a")).await.unwrap();
        store.create_session(info("b")).await.unwrap();
        let loaded = store.load_session("a").await.unwrap().unwrap();
        assert_eq!(loaded.log_position, 0, "no entry applied yet");
        for (seq, position) in [(1, 7), (2, 5)] {
            let batch = WriteBatch {
                session_id: "a".into(),
                events: vec![chat_event(seq)],
                log_position: Some(position),
                ..Default::default()
            };
            store.write(batch).await.unwrap();
        }
        store.close().await.unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        let loaded = store.load_session("a").await.unwrap().unwrap();
        assert_eq!(loaded.log_position, 7);
        assert_eq!(loaded.events.len(), 2);
        let other = store.load_session("b").await.unwrap().unwrap();
        assert_eq!(other.log_position, 0, "positions are per session");
    }

    #[tokio::test]
    async fn the_newest_snapshot_is_kept_alone_and_survives_a_reopen() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("a")).await.unwrap();
        store.create_session(info("b")).await.unwrap();
        let snapshot = |position: u64| SessionSnapshot {
            log_position: position,
            applied_time: position as i64 * 10,
            state: format!("state at {position}"),
        };
        // A snapshot alone is a write of its own, not an empty batch.
        for position in [3, 9, 6] {
            let batch = WriteBatch {
                session_id: "a".into(),
                log_position: Some(position),
                snapshot: Some(snapshot(position)),
                ..Default::default()
            };
            assert!(!batch.is_empty());
            store.write(batch).await.unwrap();
        }
        store.close().await.unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        let loaded = store.load_session("a").await.unwrap().unwrap();
        assert_eq!(
            loaded.snapshot,
            Some(snapshot(9)),
            "an older one never wins"
        );
        assert_eq!(loaded.log_position, 9);
        let other = store.load_session("b").await.unwrap().unwrap();
        assert_eq!(other.snapshot, None, "snapshots are per session");
    }

    #[tokio::test]
    async fn sessions_created_together_are_stored_all_or_none() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("taken")).await.unwrap();
        // Queued together, so that they share one group commit: the
        // refused request undoes only its own rows.
        let refused = store.create_sessions(vec![info("first"), info("taken"), info("last")]);
        let alongside = store.create_session(info("alongside"));
        assert_eq!(refused.await, Err(StoreError::SessionExists));
        alongside.await.unwrap();
        let ids = |sessions: Vec<SessionInfo>| {
            sessions.into_iter().map(|info| info.id).collect::<Vec<_>>()
        };
        assert_eq!(
            ids(store.list_sessions().await.unwrap()),
            ["alongside", "taken"]
        );
        store
            .create_sessions(vec![info("first"), info("last")])
            .await
            .unwrap();
        assert_eq!(
            ids(store.list_sessions().await.unwrap()),
            ["alongside", "first", "last", "taken"]
        );
    }

    #[tokio::test]
    async fn a_deleted_session_leaves_no_row_behind() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("gone")).await.unwrap();
        store.create_session(info("kept")).await.unwrap();
        for session_id in ["gone", "kept"] {
            let batch = WriteBatch {
                session_id: session_id.into(),
                events: (1..=2).map(chat_event).collect(),
                log_position: Some(2),
                ..Default::default()
            };
            store.write(batch).await.unwrap();
        }
        store.delete_session("gone").await.unwrap();
        assert_eq!(store.session_info("gone").await.unwrap(), None);
        assert!(store.load_session("gone").await.unwrap().is_none());
        // The reader's lock, in a block of its own: no await holds it.
        {
            let connection = store.reader.lock().unwrap();
            for table in SESSION_TABLES {
                let left: i64 = connection
                    .query_row(
                        &format!("SELECT count(*) FROM {table} WHERE session_id = 'gone'"),
                        [],
                        |row| row.get(0),
                    )
                    .unwrap();
                assert_eq!(left, 0, "{table}");
            }
        }
        let kept = store.load_session("kept").await.unwrap().unwrap();
        assert_eq!(kept.events.len(), 2);
        assert_eq!(
            store.session_info("kept").await.unwrap().unwrap().id,
            "kept"
        );
    }

    #[tokio::test]
    async fn write_read_reopen_and_duplicate_seq_fails() {
        let directory = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        store.create_session(info("a")).await.unwrap();
        assert_eq!(
            store.create_session(info("a")).await,
            Err(StoreError::SessionExists)
        );
        let batch = WriteBatch {
            session_id: "a".into(),
            events: (1..=3).map(chat_event).collect(),
            ..Default::default()
        };
        store.write(batch).await.unwrap();
        // Seq 3 again: refused, and seq 1..=3 stay as they were.
        let duplicate = WriteBatch {
            session_id: "a".into(),
            events: vec![chat_event(4), chat_event(3)],
            ..Default::default()
        };
        assert!(matches!(
            store.write(duplicate).await,
            Err(StoreError::Backend(_))
        ));
        store.close().await.unwrap();
        assert_eq!(
            store.write(WriteBatch::default()).await,
            Err(StoreError::Closed)
        );

        let store = SqliteStore::open(directory.path(), Durability::Normal, 0).unwrap();
        let loaded = store.load_session("a").await.unwrap().unwrap();
        assert_eq!(
            loaded.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        let range = store.events_between("a", 1, 3, 10).await.unwrap();
        assert_eq!(
            range.iter().map(|row| row.seq).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert!(store.load_session("missing").await.unwrap().is_none());
        assert_eq!(store.list_sessions().await.unwrap().len(), 1);
    }
}
