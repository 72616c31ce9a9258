//! hybridhub: a real-time WebSocket hub for hybrid multistakeholder meetings.
//!
//! # Layout
//!
//! - [`core`]: the pure rules of one session (`apply(state, command, actor,
//!   now)`). No IO, no clock, no randomness.
pub mod core;
pub mod protocol;
pub mod store;
