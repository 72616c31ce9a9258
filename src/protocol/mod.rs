//! The wire protocol: parsing client frames and building server frames.
//! Both are pure functions over bytes and values; neither touches a socket.

pub mod close_reason;
pub mod error_code;
pub mod frame;
pub mod server_frame;

pub use close_reason::CloseReason;
pub use error_code::ErrorCode;
pub use frame::{parse_client_frame, ClientFrame, CommandId, FrameError, JoinFrame};
