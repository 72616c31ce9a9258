//! Scheduled sessions go live at their start time by themselves.
//!
//! The rule is the core's (`core::goes_live_by_itself`, applied on the
//! session's timer tick, so in cluster mode every replica goes live with the
//! same tick). The tick only runs while a session has an owner, and an owner
//! starts on first use; so once a second this task starts the owner of any
//! session that is due and not running yet. Its first tick makes it live.

use super::registry::Hub;
use super::wall_clock_now;
use crate::core::goes_live_by_itself;
use std::sync::Arc;
use std::time::Duration;

/// How often sessions are checked for their start time.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// Runs until the hub shuts down.
pub async fn start_sessions_on_time(hub: Arc<Hub>) {
    let mut shutdown = hub.shutdown_signal();
    let mut check = tokio::time::interval(CHECK_EVERY);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = check.tick() => {}
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        }
        let now = wall_clock_now();
        for info in hub.session_infos() {
            if goes_live_by_itself(&info, now) {
                hub.session_handle(&info.id);
            }
        }
    }
}
