//! Cluster mode: this node's copy of the cluster's session directory.
//!
//! At start-up the node adds every session of the directory to its store
//! before it accepts connections, then follows the directory and adds each
//! session created later, on any node, as it appears. A broken watch is
//! opened again after a pause; until then, new sessions of other nodes
//! wait (those already here are unaffected).

use super::registry::Hub;
use crate::cluster::{DirectoryUpdates, SessionDirectory};
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// How long to wait before watching the directory again after a failure.
const WATCH_RETRY_PAUSE: Duration = Duration::from_secs(1);

/// Adds the directory's sessions to this node, then follows it in a task
/// until the hub shuts down. Fails if the directory cannot be read.
pub async fn follow_session_directory(
    hub: &Arc<Hub>,
    directory: SessionDirectory,
) -> Result<(), crate::cluster::CommandLogError> {
    let timeout = hub
        .cluster
        .as_ref()
        .map_or(Duration::ZERO, |node| node.connect_timeout());
    let (sessions, updates) =
        crate::cluster::patiently("reading the session directory", timeout, || {
            directory.follow()
        })
        .await?;
    adopt_all(hub, sessions).await;
    tokio::spawn(keep_following(hub.clone(), directory, updates));
    Ok(())
}

async fn adopt_all(hub: &Arc<Hub>, sessions: Vec<crate::core::SessionInfo>) {
    for info in sessions {
        let id = info.id.clone();
        if let Err(error) = hub.adopt_session(info).await {
            tracing::error!(session = %id, %error, "cannot add a session of the cluster's directory");
        }
    }
}

async fn keep_following(hub: Arc<Hub>, directory: SessionDirectory, mut updates: DirectoryUpdates) {
    let mut shutdown = hub.shutdown_signal();
    loop {
        let update = tokio::select! {
            update = updates.next() => update,
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        };
        match update {
            Some(Ok(info)) => adopt_all(&hub, vec![info]).await,
            failure => {
                if let Some(Err(error)) = failure {
                    tracing::warn!(%error, "watching the session directory failed; watching again");
                }
                tokio::time::sleep(WATCH_RETRY_PAUSE).await;
                match directory.follow().await {
                    Ok((sessions, next)) => {
                        adopt_all(&hub, sessions).await;
                        updates = next;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "the session directory is unreachable");
                    }
                }
            }
        }
    }
}
