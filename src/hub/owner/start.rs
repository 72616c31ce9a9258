//! Where a session's owner starts.
//!
//! In local mode, and in cluster mode before any entry was applied, the
//! state is rebuilt from the stored events. In cluster mode it is the
//! stored snapshot: the events alone lack what the log's later entries
//! depend on (other nodes' connections, open caption lines), and the owner
//! replays the log after the snapshot. Without a readable snapshot (a store
//! from before snapshots, or one of another format) the owner replays the
//! whole log from the session as the cluster's directory holds it, as
//! created.

use super::driver::{LogIo, Machine};
use super::machine::{MachineConfig, SessionMachine};
use super::ordering::{LogOrdering, LogStart, Ordering};
use crate::cluster::ClusterNode;
use crate::core::{self, State};
use crate::hub::registry::Hub;
use crate::protocol::server_frame::Limits;
use crate::store::LoadedSession;
use std::sync::Arc;
use tokio::time::MissedTickBehavior;

/// Where an owner starts: the state, and in cluster mode the log entry that
/// state is as of and the time that entry was applied at.
pub struct StartingPoint {
    pub state: State,
    pub log_position: u64,
    pub applied_time: core::Millis,
}

/// The state an owner starts from. In local mode, and in cluster mode
/// before any entry was applied, it is rebuilt from the stored events. In
/// cluster mode it is the stored snapshot: the events alone lack what the
/// log's later entries depend on (other nodes' connections, open caption
/// lines), and the owner replays the log after the snapshot. Without a
/// readable snapshot (a store from before snapshots, or one of another
/// format) the owner replays the whole log from the session as the
/// cluster's directory holds it, as created.
pub async fn starting_point(
    cluster: Option<&ClusterNode>,
    loaded: LoadedSession,
) -> Result<StartingPoint, String> {
    let Some(node) = cluster else {
        return Ok(from_stored_events(loaded));
    };
    if let Some(snapshot) = &loaded.snapshot {
        match core::decode_snapshot(&snapshot.state) {
            Ok(state) => {
                return Ok(StartingPoint {
                    state,
                    log_position: snapshot.log_position,
                    applied_time: core::Millis(snapshot.applied_time),
                })
            }
            Err(error) => {
                tracing::error!(session = %loaded.info.id, %error, "replaying the whole command log instead");
            }
        }
    }
    if loaded.log_position == 0 {
        return Ok(from_stored_events(loaded));
    }
    let directory = node
        .directory()
        .ok_or("no session directory to replay the log from")?;
    let created = directory
        .get(&loaded.info.id)
        .await
        .map_err(|error| error.to_string())?
        .ok_or("the session is not in the cluster's directory")?;
    Ok(StartingPoint {
        state: State::new(created),
        log_position: 0,
        applied_time: core::Millis(0),
    })
}

fn from_stored_events(loaded: LoadedSession) -> StartingPoint {
    let mut state = State::restore(
        loaded.info,
        loaded.participants,
        loaded.events,
        loaded.caption_cursors,
        loaded.poll_counts,
    );
    state.restore_invites(loaded.invites);
    StartingPoint {
        log_position: loaded.log_position,
        applied_time: core::Millis(0),
        state,
    }
}

/// The machine and, in cluster mode, the log it is fed from: made together,
/// so that an owner has a log exactly when its ordering is the log's.
pub(super) async fn start_machine(
    hub: &Arc<Hub>,
    session_id: &str,
) -> Result<(Machine, Option<LogIo>), String> {
    let loaded = hub
        .store
        .load_session(session_id)
        .await
        .map_err(|error| error.to_string())?
        .ok_or("the session vanished from the store")?;
    let stored_up_to = loaded.log_position;
    let starting = starting_point(hub.cluster.as_deref(), loaded).await?;
    let (ordering, log) = match &hub.cluster {
        None => (Ordering::Immediate, None),
        Some(node) => {
            let (appender, feed, failures) = node
                .open_session(session_id, starting.log_position + 1)
                .await
                .map_err(|error| format!("cannot follow the session's command log: {error}"))?;
            let ordering = LogOrdering::new(LogStart {
                node_id: node.node_id().to_owned(),
                connection_prefix: node.connection_prefix(),
                command_ids: node.command_ids(),
                tick_period: hub.config.presence_interval,
                last_applied: starting.applied_time,
                stored_up_to,
            });
            let liveness_tick = node.liveness().map(|liveness| {
                let mut tick = tokio::time::interval(liveness.config().interval);
                tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
                tick
            });
            let log = LogIo {
                node: node.clone(),
                appender,
                feed,
                failures,
                liveness_tick,
            };
            (Ordering::Log(ordering), Some(log))
        }
    };
    let config = MachineConfig {
        replay_buffer_events: hub.config.replay_buffer_events,
        limits: Limits {
            frame_max_bytes: hub.config.frame_max_bytes,
            chat_max_chars: core::CHAT_MAX_CHARS,
            name_max_chars: core::NAME_MAX_CHARS,
            caption_line_max_chars: core::CAPTION_LINE_MAX_CHARS,
        },
    };
    let machine = SessionMachine::new(session_id.to_owned(), starting.state, ordering, config);
    Ok((machine, log))
}
