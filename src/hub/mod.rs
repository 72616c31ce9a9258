//! The async shell around the core: one owner task per session, the
//! registry of sessions, and the bounded outbound queue of each connection.

pub mod directory;
pub mod event_report;
pub mod limits;
pub mod outbound;
pub mod owner;
pub mod registry;
pub mod report;
pub mod start_times;

pub use crate::protocol::CloseReason;
pub use outbound::{
    outbound_queue, CloseWatcher, ConnectionSink, Outbound, OutboundReceiver, WriteShards,
    FRAMES_PER_FLUSH,
};
pub use owner::{JoinAccepted, JoinArguments, Viewer};
pub use registry::{CreateSessionError, DeleteSessionError, Hub, HubConfig, SessionHandle};

/// The wall clock in milliseconds since the Unix epoch: the `now` the shell
/// hands to the core, and the time stamped on sessions and attendance.
pub fn wall_clock_now() -> crate::core::Millis {
    let elapsed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    crate::core::Millis(elapsed.map_or(0, |elapsed| elapsed.as_millis() as i64))
}
