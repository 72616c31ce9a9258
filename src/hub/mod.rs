//! The async shell around the core: one owner task per session, the
//! registry of sessions, and the bounded outbound queue of each connection.

pub mod outbound;
pub mod registry;
pub mod session_task;

pub use outbound::{outbound_queue, CloseReason, CloseWatcher, Next, Outbound, OutboundReceiver};
pub use registry::{
    CreateSessionError, Hub, HubConfig, JoinAccepted, JoinArguments, SessionHandle,
};
