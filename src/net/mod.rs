//! The server's edge: what a client may hold and how long it may take
//! before any session hears of it.

pub mod connection_slots;
pub mod file_limit;
pub mod serve;

use std::time::Duration;

/// Limits on clients' TCP connections and HTTP requests, applied before a
/// request reaches a handler. Every one has a flag and a row in
/// `docs/PROTOCOL.md`, whose defaults are read from `EdgeLimits::default()`.
#[derive(Clone, Debug)]
pub struct EdgeLimits {
    /// How long a connection may take to send a request's headers, counted
    /// from when the server starts waiting for them: a new connection that
    /// sends nothing, a slowloris dripping header bytes, or an idle
    /// keep-alive connection between requests is closed after it.
    pub header_read_timeout: Duration,
    /// How long a request may take from its headers to its answer (a body
    /// that never arrives ends here with `408`).
    pub request_timeout: Duration,
    /// Open TCP connections from one client address (an IPv6 client's /64);
    /// 0 for no cap. Generous: a venue's onsite participants often share one
    /// address behind its NAT, and behind a reverse proxy on the same host
    /// every client has the proxy's address.
    pub max_connections_per_ip: usize,
    /// Transcript downloads per client address per minute (`429` past it).
    pub transcripts_per_ip_per_minute: u32,
}

impl Default for EdgeLimits {
    fn default() -> EdgeLimits {
        EdgeLimits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections_per_ip: 2_000,
            transcripts_per_ip_per_minute: 60,
        }
    }
}
