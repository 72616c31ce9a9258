//! hybridhub-loadtest: drives simulated meeting participants over real
//! WebSockets against hybridhub or one of its peers, and measures what the
//! server delivers, how fast, and at what cost in CPU and memory.
//!
//! # Layout
//!
//! - [`options`]: what a run is asked to do, and the limits every run obeys.
//! - [`cli`]: the command line, which turns flags into [`options::RunOptions`].
//! - [`net`]: loopback checks, the file-descriptor limit, and spreading client
//!   source addresses over 127.0.0.x.
//! - [`payload`]: the send-time stamp carried in every measured message.
//! - [`framing`]: the wire dialects (hybridhub, Socket.IO, and the raw relay of
//!   rust-floor, ws and uws).
//! - [`connection`]: opening one client connection and completing its join.
//! - [`admin`]: the few hybridhub admin HTTP calls some scenarios need.
//! - [`metrics`]: shared counters and latency histograms.
//! - [`processes`]: several generator processes under one command
//!   (`--processes`): the lead's workers, and what they report back.
//! - [`procstat`]: CPU time and RSS of a process (or a sum over several), read from `/proc`.
//! - [`nats`]: a cluster's NATS traffic, read from nats-server's `/varz`.
//! - [`scenario`]: the scenarios.
//! - [`report`]: the JSON report and its human summary.
//! - [`table`]: the Markdown comparison tables built from several reports
//!   (servers side by side, or cluster setups side by side).

pub mod admin;
pub mod cli;
pub mod connection;
pub mod framing;
pub mod metrics;
pub mod nats;
pub mod net;
pub mod options;
pub mod payload;
pub mod processes;
pub mod procstat;
pub mod report;
pub mod scenario;
pub mod table;

pub use options::{RunOptions, ScenarioOptions, Target};
pub use report::Report;

/// Runs one scenario to completion and returns its report.
///
/// The run is bounded: it refuses more than [`options::MAX_CLIENTS`] clients or
/// a duration over [`options::MAX_DURATION`], and a watchdog ends it if its
/// phases overrun their own limits.
pub async fn run(options: RunOptions) -> Result<Report, String> {
    scenario::run(options).await
}
