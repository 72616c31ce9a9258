//! hybridhub: a real-time WebSocket hub for hybrid multistakeholder meetings
//! (the UN Internet Governance Forum's kind): live captions, chat, one queue
//! for the floor, and presence by mode, stakeholder group and region.
//!
//! # Layout
//!
//! - [`core`]: the pure rules of one session, `apply(state, command, actor,
//!   now)`. No IO, no clock, no randomness, no tokio.
//! - [`protocol`]: parsing client frames and building server frames. Pure.
//! - [`store`]: the durable store behind one trait; SQLite by default.
//! - [`hub`]: the shell around the core: each session's owner (a sans-IO
//!   session machine and the async driver that feeds it), the registry of
//!   sessions, each connection's bounded outbound queue, rate limits, and
//!   sessions going live at their start time.
//! - [`cluster`]: cluster mode: the replicated command log on NATS
//!   JetStream, the session directory, heartbeats between nodes.
//! - [`ws`]: the WebSocket upgrade and the connection loop, the only code
//!   that touches a socket.
//! - [`http`]: the HTTP API (sessions, invites, Zoom-style caption posts,
//!   transcripts), health and the embedded web client.
//! - [`invite`]: signed invite tokens that give a role in one session.
//! - [`metrics`]: the server's counters, in a Prometheus registry.
//! - [`net`]: the listener: accepting connections within their caps and
//!   serving HTTP/1.1 on them with timeouts.
//! - [`transcript`]: captions as WebVTT, SubRip and plain text. Pure.
//! - [`secret_file`]: secrets kept in the data directory (invite key,
//!   admin token).
//! - [`server`]: wiring and start-up; [`shutdown`]: the stop signal;
//!   [`demo`] and [`schedule`]: where sessions come from.
//!
//! `ARCHITECTURE.md` gives the bird's-eye view and the invariants;
//! `docs/PROTOCOL.md` documents every frame and error code.

pub mod cluster;
pub mod core;
pub mod demo;
pub mod http;
pub mod hub;
pub mod invite;
pub mod metrics;
pub mod net;
pub mod protocol;
pub mod schedule;
pub mod secret_file;
pub mod server;
pub mod shutdown;
pub mod store;
pub mod transcript;
pub mod ws;
