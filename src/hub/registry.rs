//! The registry of sessions and the handles used to reach their owners.

use super::outbound::Outbound;
use super::owner::{
    run_session_owner, AnswerTo, JoinAccepted, JoinArguments, Request, SessionMessage,
};
use crate::cluster::{ClusterNode, Published};
use crate::core::{
    Command, ConnectionId, InviteId, Rejection, SessionChanges, SessionInfo, SessionState,
};
use crate::invite::InviteKey;
use crate::protocol::CommandId;
use crate::store::{Store, StoreError};
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};

/// Tunables of the shell. Every limit here is documented in `docs/PROTOCOL.md`.
#[derive(Clone, Debug)]
pub struct HubConfig {
    /// How often presence counts and roster diffs go out, at most.
    pub presence_interval: Duration,
    /// How often an open poll's tally goes out while it changes, at most.
    pub poll_tally_interval: Duration,
    /// How many recent events each session keeps serialized in memory for
    /// resuming clients; older ones are read from the store.
    pub replay_buffer_events: usize,
    pub outbound_max_frames: usize,
    pub outbound_max_bytes: usize,
    pub frame_max_bytes: usize,
    pub ping_interval: Duration,
    /// A connection that sends nothing (not even a pong) for this long is
    /// closed and leaves presence.
    pub idle_timeout: Duration,
    /// From the upgrade to the end of catch-up: the `join`, the `welcome`
    /// and every missed event must be through by then (4002 past it).
    pub join_timeout: Duration,
    /// Every write to a joined socket (a round of frames, a ping) must
    /// finish within this, or the connection closes with 4005: a client
    /// that stops reading is let go even if its queue never overflows.
    pub write_timeout: Duration,
    /// Browser origins allowed to open a WebSocket, besides the server's own.
    pub allowed_origins: Vec<String>,
    /// Commands a participant may send per second, sustained, and in a
    /// burst, all their connections (tabs) together; past them they get
    /// `rate_limited` (pings are not counted).
    pub commands_per_second: u32,
    pub command_burst: u32,
    /// Commands all the connections from one client address may send per
    /// second together, sustained and in a burst. Generous: a venue's
    /// onsite participants often share one address.
    pub commands_per_ip_per_second: u32,
    pub command_burst_per_ip: u32,
    /// WebSocket upgrades per client IP per minute (HTTP 429 past it).
    pub upgrades_per_ip_per_minute: u32,
    /// Open WebSocket connections in all (HTTP 503 past it).
    pub max_connections: usize,
    /// Open WebSocket connections per session (HTTP 503 past it).
    pub max_connections_per_session: usize,
    /// Sessions the server holds; creating more gets HTTP 429.
    pub max_sessions: usize,
}

impl Default for HubConfig {
    fn default() -> HubConfig {
        HubConfig {
            presence_interval: Duration::from_millis(1000),
            poll_tally_interval: Duration::from_millis(250),
            replay_buffer_events: 1024,
            outbound_max_frames: 4096,
            outbound_max_bytes: 4 * 1024 * 1024,
            frame_max_bytes: 64 * 1024,
            ping_interval: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(25),
            join_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(20),
            allowed_origins: Vec::new(),
            commands_per_second: 30,
            command_burst: 60,
            commands_per_ip_per_second: 200,
            command_burst_per_ip: 1_000,
            upgrades_per_ip_per_minute: 600,
            max_connections: 50_000,
            max_connections_per_session: 20_000,
            max_sessions: 1_000,
        }
    }
}

#[derive(Clone)]
pub struct SessionHandle {
    sender: mpsc::Sender<SessionMessage>,
    /// Open WebSocket connections of this session, for its limit. Shared by
    /// every handle of the session, across owner restarts.
    pub connections: Arc<AtomicUsize>,
}

impl SessionHandle {
    pub async fn join(
        &self,
        connection: ConnectionId,
        arguments: JoinArguments,
        outbound: Outbound,
    ) -> Result<JoinAccepted, Rejection> {
        let (reply, answer) = oneshot::channel();
        let message = SessionMessage::Request(Request::Join {
            connection,
            arguments: Box::new(arguments),
            recipient: outbound,
            answer: AnswerTo::Join(reply),
        });
        self.sender
            .send(message)
            .await
            .map_err(|_| Rejection::unavailable())?;
        answer.await.map_err(|_| Rejection::unavailable())?
    }

    pub async fn command(
        &self,
        connection: ConnectionId,
        id: Option<CommandId>,
        command: Command,
    ) -> Result<(), Rejection> {
        self.sender
            .send(SessionMessage::Request(Request::Command {
                connection,
                id,
                command,
            }))
            .await
            .map_err(|_| Rejection::unavailable())
    }

    pub async fn disconnect(&self, connection: ConnectionId) {
        let _ = self
            .sender
            .send(SessionMessage::Request(Request::Disconnect { connection }))
            .await;
    }

    /// Changes which caption tracks a connection receives. The owner answers
    /// the connection directly (`captions.snapshot`, then `ack` or `error`).
    pub async fn subscribe_captions(
        &self,
        connection: ConnectionId,
        id: Option<CommandId>,
        langs: Vec<String>,
    ) -> Result<(), Rejection> {
        self.sender
            .send(SessionMessage::Request(Request::SubscribeCaptions {
                connection,
                id,
                langs,
            }))
            .await
            .map_err(|_| Rejection::unavailable())
    }

    /// A moderator asks for the report; the owner answers the connection.
    pub async fn report_request(
        &self,
        connection: ConnectionId,
        id: Option<CommandId>,
    ) -> Result<(), Rejection> {
        self.sender
            .send(SessionMessage::Request(Request::ReportRequest {
                connection,
                id,
            }))
            .await
            .map_err(|_| Rejection::unavailable())
    }

    /// `snapshot.more`; the owner answers the connection.
    pub async fn snapshot_more(
        &self,
        connection: ConnectionId,
        id: Option<CommandId>,
        page: crate::protocol::frame::SnapshotPage,
    ) -> Result<(), Rejection> {
        self.sender
            .send(SessionMessage::Request(Request::SnapshotMore {
                connection,
                id,
                page,
            }))
            .await
            .map_err(|_| Rejection::unavailable())
    }

    /// A Zoom-style caption post, under a verified captioner invite.
    pub async fn caption_post(
        &self,
        invite: InviteId,
        lang: Option<String>,
        body: String,
        post_seq: u64,
    ) -> Result<(), Rejection> {
        let (reply, answer) = oneshot::channel();
        let command = Command::CaptionPost {
            lang,
            body,
            post_seq,
        };
        self.sender
            .send(SessionMessage::Request(Request::CaptionPost {
                invite,
                command,
                answer: AnswerTo::CaptionPost(reply),
            }))
            .await
            .map_err(|_| Rejection::unavailable())?;
        answer.await.map_err(|_| Rejection::unavailable())?
    }

    /// The last accepted caption post `seq` of an invite.
    pub async fn caption_cursor(&self, invite: InviteId) -> Result<u64, Rejection> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(SessionMessage::Request(Request::CaptionCursor {
                invite,
                answer: AnswerTo::CaptionCursor(reply),
            }))
            .await
            .map_err(|_| Rejection::unavailable())?;
        answer.await.map_err(|_| Rejection::unavailable())
    }

    /// The session's live summary for the organisers' feed.
    pub async fn live_summary(&self) -> Result<Box<crate::core::SessionLive>, Rejection> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(SessionMessage::Request(Request::LiveSummary {
                answer: AnswerTo::Live(reply),
            }))
            .await
            .map_err(|_| Rejection::unavailable())?;
        answer.await.map_err(|_| Rejection::unavailable())
    }

    pub async fn admin(&self, command: Command) -> Result<SessionInfo, Rejection> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(SessionMessage::Request(Request::Admin {
                command,
                answer: AnswerTo::Admin(reply),
            }))
            .await
            .map_err(|_| Rejection::unavailable())?;
        answer.await.map_err(|_| Rejection::unavailable())?
    }
}

impl SessionEntry {
    fn new(info: SessionInfo) -> SessionEntry {
        SessionEntry {
            info,
            connections: Arc::default(),
            handle: None,
        }
    }
}

struct SessionEntry {
    info: SessionInfo,
    connections: Arc<AtomicUsize>,
    /// The running owner, if any. Owners start on first use.
    handle: Option<SessionHandle>,
}

#[derive(Debug)]
pub enum CreateSessionError {
    Invalid(String),
    Exists,
    /// The server holds `max_sessions` already.
    TooMany(usize),
    Store(StoreError),
    /// Cluster mode: the session directory could not be reached.
    Directory(String),
    /// Cluster mode: sessions made together (a schedule's import) cannot
    /// be published to the directory all or none.
    NotInCluster,
}

/// A store that already holds the session answers as the registry does;
/// any other store failure is passed on.
impl From<StoreError> for CreateSessionError {
    fn from(error: StoreError) -> CreateSessionError {
        match error {
            StoreError::SessionExists => CreateSessionError::Exists,
            error => CreateSessionError::Store(error),
        }
    }
}

/// Why a session could not be deleted.
#[derive(Debug)]
pub enum DeleteSessionError {
    NotFound,
    /// It is live, ended, or was live once: its record stays.
    WasLive,
    /// Someone is connected to it.
    InUse(usize),
    /// Cluster mode: every node holds the session; deleting is refused.
    NotInCluster,
    /// Its owner did not stop in time; nothing was deleted.
    Unavailable,
    Store(StoreError),
}

pub struct Hub {
    pub config: HubConfig,
    pub store: Arc<dyn Store>,
    /// Signs and checks invite tokens.
    pub invite_key: InviteKey,
    pub upgrade_limiter: super::limits::UpgradeLimiter,
    /// Commands per participant and per client address.
    pub command_limits: super::limits::CommandLimits,
    /// What the hub counts for the operator (and the tests).
    pub metrics: crate::metrics::Metrics,
    /// Write queued frames to connections whose writer is idle.
    pub write_shards: super::WriteShards,
    /// Cluster mode: this node and the command log every session's
    /// commands pass through. `None`: local mode.
    pub cluster: Option<Arc<ClusterNode>>,
    sessions: DashMap<String, SessionEntry>,
    /// Prefix of this process's connection ids, so that they stay unique
    /// across restarts (attendance rows are keyed by them), and in cluster
    /// mode across nodes (they are actors in the replicated log).
    connection_prefix: String,
    next_connection: AtomicU64,
    /// Open WebSocket connections, for graceful shutdown and limits.
    pub open_connections: AtomicUsize,
    /// Raised once, at shutdown; connections and owners watch it.
    shutdown: watch::Sender<bool>,
    /// Every running session owner, awaited at shutdown.
    owners: std::sync::Mutex<tokio::task::JoinSet<()>>,
}

impl Hub {
    pub fn new(
        config: HubConfig,
        store: Arc<dyn Store>,
        invite_key: InviteKey,
        sessions: Vec<SessionInfo>,
        boot_millis: i64,
        cluster: Option<Arc<ClusterNode>>,
    ) -> Arc<Hub> {
        let (shutdown, _) = watch::channel(false);
        let upgrade_limiter =
            super::limits::UpgradeLimiter::per_minute(config.upgrades_per_ip_per_minute);
        let command_limits = super::limits::CommandLimits {
            per_participant: super::limits::SharedCommandLimiter::per_second(
                config.commands_per_second,
                config.command_burst,
            ),
            per_address: super::limits::SharedCommandLimiter::per_second(
                config.commands_per_ip_per_second,
                config.command_burst_per_ip,
            ),
        };
        let hub = Hub {
            config,
            store,
            invite_key,
            upgrade_limiter,
            command_limits,
            metrics: crate::metrics::Metrics::new(),
            write_shards: super::WriteShards::per_worker_thread(),
            sessions: DashMap::new(),
            connection_prefix: match &cluster {
                None => format!("{boot_millis:x}"),
                Some(node) => node.connection_prefix(),
            },
            cluster,
            next_connection: AtomicU64::new(1),
            open_connections: AtomicUsize::new(0),
            shutdown,
            owners: std::sync::Mutex::new(tokio::task::JoinSet::new()),
        };
        for info in sessions {
            hub.sessions
                .insert(info.id.clone(), SessionEntry::new(info));
        }
        Arc::new(hub)
    }

    pub fn next_connection_id(&self) -> ConnectionId {
        let number = self.next_connection.fetch_add(1, Ordering::Relaxed);
        ConnectionId(format!("{}-{number}", self.connection_prefix))
    }

    /// All sessions, live ones first, then by start time.
    pub fn session_infos(&self) -> Vec<SessionInfo> {
        let mut infos: Vec<SessionInfo> = self
            .sessions
            .iter()
            .map(|entry| entry.info.clone())
            .collect();
        let rank = |state: SessionState| match state {
            SessionState::Live => 0,
            SessionState::Scheduled => 1,
            SessionState::Ended => 2,
        };
        infos.sort_by(|a, b| {
            (rank(a.state), a.starts_at, &a.id).cmp(&(rank(b.state), b.starts_at, &b.id))
        });
        infos
    }

    pub fn session_info(&self, session_id: &str) -> Option<SessionInfo> {
        self.sessions
            .get(session_id)
            .map(|entry| entry.info.clone())
    }

    pub(crate) fn remember_info(&self, info: SessionInfo) {
        if let Some(mut entry) = self.sessions.get_mut(&info.id) {
            entry.info = info;
        }
    }

    pub async fn create_session(
        &self,
        info: SessionInfo,
    ) -> Result<SessionInfo, CreateSessionError> {
        info.validate()
            .map_err(|error| CreateSessionError::Invalid(error.0))?;
        if self.sessions.contains_key(&info.id) {
            return Err(CreateSessionError::Exists);
        }
        if self.open_session_count() >= self.config.max_sessions {
            return Err(CreateSessionError::TooMany(self.config.max_sessions));
        }
        let Some(directory) = self.cluster.as_ref().and_then(|node| node.directory()) else {
            self.store.create_session(info.clone()).await?;
            self.sessions
                .insert(info.id.clone(), SessionEntry::new(info.clone()));
            return Ok(info);
        };
        match directory.publish(&info).await {
            Ok(Published::Created) => {}
            Ok(Published::Existing(existing)) => {
                // This node has it from now on, even if its watch of the
                // directory has not brought it yet: after a 409 from a
                // node, the session can be joined there.
                if let Err(error) = self.adopt_session(existing).await {
                    tracing::warn!(%error, "cannot add an existing session of the directory");
                }
                return Err(CreateSessionError::Exists);
            }
            Err(error) => return Err(CreateSessionError::Directory(error.to_string())),
        }
        self.adopt_session(info.clone())
            .await
            .map_err(CreateSessionError::Store)?;
        Ok(info)
    }

    /// Creates every session of a schedule, all or none: in one store
    /// transaction, after the checks `create_session` makes. Local mode
    /// only.
    pub async fn import_sessions(
        &self,
        infos: Vec<SessionInfo>,
    ) -> Result<Vec<SessionInfo>, CreateSessionError> {
        if self.cluster.is_some() {
            return Err(CreateSessionError::NotInCluster);
        }
        for info in &infos {
            info.validate().map_err(|error| {
                CreateSessionError::Invalid(format!("{}: {}", info.id, error.0))
            })?;
            if self.sessions.contains_key(&info.id) {
                return Err(CreateSessionError::Exists);
            }
        }
        if self.open_session_count() + infos.len() > self.config.max_sessions {
            return Err(CreateSessionError::TooMany(self.config.max_sessions));
        }
        self.store.create_sessions(infos.clone()).await?;
        for info in &infos {
            self.sessions
                .insert(info.id.clone(), SessionEntry::new(info.clone()));
        }
        Ok(infos)
    }

    /// Deletes a session that never went live and that nobody is
    /// connected to, from this registry and the store. Its owner, if one
    /// runs, is stopped first, and the store's copy, not the registry's,
    /// decides whether it ever went live: the owner may have made it live
    /// on its last tick. Local mode only.
    pub async fn delete_session(&self, session_id: &str) -> Result<(), DeleteSessionError> {
        if self.cluster.is_some() {
            return Err(DeleteSessionError::NotInCluster);
        }
        let never_live =
            |info: &SessionInfo| info.state == SessionState::Scheduled && info.live_at.is_none();
        let mut refusal = DeleteSessionError::NotFound;
        let removed = self.sessions.remove_if(session_id, |_, entry| {
            let connected = entry.connections.load(Ordering::Relaxed);
            refusal = if !never_live(&entry.info) {
                DeleteSessionError::WasLive
            } else if connected > 0 {
                DeleteSessionError::InUse(connected)
            } else {
                return true;
            };
            false
        });
        let Some((_, entry)) = removed else {
            return Err(refusal);
        };
        if let Some(handle) = entry.handle.clone() {
            let _ = handle.sender.send(SessionMessage::Stop).await;
            let stopped = tokio::time::timeout(OWNER_STOP_WAIT, handle.sender.closed()).await;
            if stopped.is_err() {
                self.sessions.insert(session_id.to_owned(), entry);
                return Err(DeleteSessionError::Unavailable);
            }
        }
        let stored = match self.store.session_info(session_id).await {
            Ok(stored) => stored,
            Err(error) => {
                self.sessions
                    .insert(session_id.to_owned(), SessionEntry::new(entry.info));
                return Err(DeleteSessionError::Store(error));
            }
        };
        match stored {
            Some(info) if !never_live(&info) => {
                self.sessions
                    .insert(info.id.clone(), SessionEntry::new(info));
                return Err(DeleteSessionError::WasLive);
            }
            _ => {}
        }
        if let Err(error) = self.store.delete_session(session_id).await {
            self.sessions
                .insert(session_id.to_owned(), SessionEntry::new(entry.info));
            return Err(DeleteSessionError::Store(error));
        }
        Ok(())
    }

    /// Cluster mode: adds a session of the cluster's directory to this
    /// node, unless it has it already (this node created it, or an earlier
    /// run adopted it). Its owner replays its command log from the start.
    pub async fn adopt_session(&self, info: SessionInfo) -> Result<(), StoreError> {
        if self.sessions.contains_key(&info.id) {
            return Ok(());
        }
        match self.store.create_session(info.clone()).await {
            Ok(()) | Err(StoreError::SessionExists) => {}
            Err(error) => return Err(error),
        }
        self.sessions
            .entry(info.id.clone())
            .or_insert_with(|| SessionEntry::new(info));
        Ok(())
    }

    /// Sessions that hold a place under `max_sessions`: scheduled and live
    /// ones. An ended session is archived: it stays readable (its report,
    /// transcripts and figures) but holds no place, so that a long event's
    /// finished sessions never stop the organiser creating new ones.
    fn open_session_count(&self) -> usize {
        self.sessions
            .iter()
            .filter(|entry| entry.info.state != SessionState::Ended)
            .count()
    }

    pub async fn update_session(
        self: &Arc<Self>,
        session_id: &str,
        changes: SessionChanges,
    ) -> Option<Result<SessionInfo, Rejection>> {
        let reopening = changes
            .state
            .is_some_and(|state| state != SessionState::Ended)
            && self.session_info(session_id)?.state == SessionState::Ended;
        if reopening && self.open_session_count() >= self.config.max_sessions {
            return Some(Err(Rejection::new(
                crate::core::RejectionCode::Capacity,
                format!(
                    "the server holds {} sessions that are not ended; end one before reopening this one",
                    self.config.max_sessions
                ),
            )));
        }
        let handle = self.session_handle(session_id)?;
        Some(handle.admin(Command::UpdateSession(changes)).await)
    }

    /// The owner of a session, started if it is not running. `None` if there
    /// is no such session.
    pub fn session_handle(self: &Arc<Self>, session_id: &str) -> Option<SessionHandle> {
        let mut entry = self.sessions.get_mut(session_id)?;
        if let Some(handle) = &entry.handle {
            if !handle.sender.is_closed() {
                return Some(handle.clone());
            }
        }
        let (sender, mailbox) = mpsc::channel(SESSION_MAILBOX_CAPACITY);
        let handle = SessionHandle {
            sender,
            connections: entry.connections.clone(),
        };
        entry.handle = Some(handle.clone());
        drop(entry);
        let owner = run_session_owner(self.clone(), session_id.to_owned(), mailbox);
        self.owners.lock().expect("owners lock").spawn(owner);
        Some(handle)
    }

    pub(crate) fn forget_handle(&self, session_id: &str) {
        if let Some(mut entry) = self.sessions.get_mut(session_id) {
            if entry
                .handle
                .as_ref()
                .is_some_and(|handle| handle.sender.is_closed())
            {
                entry.handle = None;
            }
        }
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Graceful stop: connections close with 1012, owners store what they
    /// hold, then the store is flushed and closed.
    pub async fn shut_down(&self, grace: Duration) {
        self.shutdown.send_replace(true);
        let deadline = tokio::time::Instant::now() + grace;
        while self.open_connections.load(Ordering::Relaxed) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Owners see the signal, finish the messages they hold and exit.
        for mut entry in self.sessions.iter_mut() {
            if let Some(handle) = entry.handle.take() {
                let _ = handle.sender.try_send(SessionMessage::Stop);
            }
        }
        let mut owners = std::mem::take(&mut *self.owners.lock().expect("owners lock"));
        let _ = tokio::time::timeout_at(
            deadline.max(tokio::time::Instant::now() + Duration::from_secs(2)),
            async { while owners.join_next().await.is_some() {} },
        )
        .await;
        if let Err(error) = self.store.close().await {
            tracing::error!(%error, "closing the store failed");
        }
    }
}

/// How long deleting a session waits for its owner to store what it holds
/// and stop.
const OWNER_STOP_WAIT: Duration = Duration::from_secs(5);

/// Messages a session owner can hold before senders wait.
const SESSION_MAILBOX_CAPACITY: usize = 4096;
