//! Cluster mode: this node's copy of the cluster's session directory.
//!
//! At start-up the node adds every session of the directory to its store
//! before it accepts connections, then follows the directory and adds each
//! session created later, on any node, as it appears. Reading the
//! directory needs a JetStream consumer, which right after a JetStream
//! server died may take a while to place: start-up waits a bounded time
//! for it and then goes on, following the directory in the background
//! (meanwhile a session of another node is found when it is asked for by
//! a create, which answers 409 and adds it). A broken watch is opened
//! again after a pause.

use super::registry::Hub;
use crate::cluster::{patiently, DirectoryUpdates, SessionDirectory};
use crate::core::SessionInfo;
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// How long to wait before watching the directory again after a failure.
const WATCH_RETRY_PAUSE: Duration = Duration::from_secs(1);
/// The longest start-up waits for the directory before going on without it.
const STARTUP_WAIT: Duration = Duration::from_secs(10);

/// Adds the directory's sessions to this node (waiting a bounded time for
/// the directory), then follows it in a task until the hub shuts down.
pub async fn follow_session_directory(hub: &Arc<Hub>, directory: SessionDirectory) {
    let wait = hub
        .cluster
        .as_ref()
        .map_or(Duration::ZERO, |node| node.connect_timeout())
        .min(STARTUP_WAIT);
    let first = patiently("reading the session directory", wait, || directory.follow()).await;
    let updates = match first {
        Ok((sessions, updates)) => {
            adopt_all(hub, sessions).await;
            Some(updates)
        }
        Err(error) => {
            tracing::warn!(%error, "starting before the session directory could be read; reading it in the background");
            None
        }
    };
    tokio::spawn(keep_following(hub.clone(), directory, updates));
}

async fn adopt_all(hub: &Arc<Hub>, sessions: Vec<SessionInfo>) {
    for info in sessions {
        let id = info.id.clone();
        if let Err(error) = hub.adopt_session(info).await {
            tracing::error!(session = %id, %error, "cannot add a session of the cluster's directory");
        }
    }
}

/// Follows the directory until shutdown; `updates` is `None` when it must
/// be read (again) first.
async fn keep_following(
    hub: Arc<Hub>,
    directory: SessionDirectory,
    mut updates: Option<DirectoryUpdates>,
) {
    let mut shutdown = hub.shutdown_signal();
    loop {
        let Some(watch) = updates.as_mut() else {
            tokio::select! {
                _ = tokio::time::sleep(WATCH_RETRY_PAUSE) => {}
                _ = shutdown.wait_for(|stopping| *stopping) => return,
            }
            match directory.follow().await {
                Ok((sessions, next)) => {
                    adopt_all(&hub, sessions).await;
                    updates = Some(next);
                }
                Err(error) => tracing::warn!(%error, "the session directory is unreachable"),
            }
            continue;
        };
        let update = tokio::select! {
            update = watch.next() => update,
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        };
        match update {
            Some(Ok(info)) => adopt_all(&hub, vec![info]).await,
            Some(Err(error)) => {
                tracing::warn!(%error, "watching the session directory failed; watching again");
                updates = None;
            }
            None => updates = None,
        }
    }
}
