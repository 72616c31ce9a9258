//! Network plumbing: the loopback-only rule, the file-descriptor limit, and
//! spreading client source addresses over 127.0.0.x.
//!
//! Every client connection from one source address to one server address and
//! port needs its own ephemeral port, and Linux offers about 28,000 of them
//! (32768–60999). Binding each client to one of several loopback addresses
//! (127.0.0.2, 127.0.0.3, ...) before connecting multiplies that, so that runs
//! of 10,000 connections, repeated while earlier sockets sit in TIME_WAIT, do
//! not run out.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use tokio::net::{TcpSocket, TcpStream};

/// Whether `address` is on this machine's loopback: 127.0.0.0/8 or ::1
/// (including the IPv4-mapped form ::ffff:127.x.y.z).
pub fn is_loopback(address: IpAddr) -> bool {
    address.to_canonical().is_loopback()
}

/// Resolves `host:port` and checks that every address it names is loopback,
/// unless `allow_remote`. Prefers an IPv4 address when several are returned.
pub async fn resolve_target(
    server_address: &str,
    allow_remote: bool,
) -> Result<SocketAddr, String> {
    let resolved: Vec<SocketAddr> = tokio::net::lookup_host(server_address)
        .await
        .map_err(|error| {
            format!("cannot resolve {server_address:?} (expected host:port): {error}")
        })?
        .collect();
    if resolved.is_empty() {
        return Err(format!("{server_address:?} resolves to no address"));
    }
    if !allow_remote {
        if let Some(remote) = resolved.iter().find(|address| !is_loopback(address.ip())) {
            return Err(format!(
                "refusing to load {server_address:?}: it resolves to {remote}, which is not loopback \
                 (127.0.0.0/8 or ::1). Pass --allow-remote only for a server you run yourself."
            ));
        }
    }
    let preferred = resolved
        .iter()
        .find(|address| address.is_ipv4())
        .unwrap_or(&resolved[0]);
    Ok(*preferred)
}

/// Raises this process's soft RLIMIT_NOFILE to its hard limit and returns the
/// new soft limit.
pub fn raise_file_descriptor_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own and pass by pointer.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct we pass by pointer.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            return Err(io::Error::last_os_error());
        }
        limit.rlim_cur = limit.rlim_max;
    }
    Ok(limit.rlim_cur)
}

/// The source addresses clients bind to before connecting.
#[derive(Clone, Debug)]
pub struct SourceAddressPool {
    addresses: Vec<IpAddr>,
}

impl SourceAddressPool {
    /// Uses 127.0.0.2 up to 127.0.0.(1 + `count`) when the target is IPv4
    /// loopback; otherwise (or when `count` is zero) binds nothing.
    pub fn for_target(target: SocketAddr, count: u8) -> Self {
        let spread = matches!(target.ip(), IpAddr::V4(v4) if v4.is_loopback()) && count > 0;
        let addresses = if spread {
            (0..count)
                .map(|offset| IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + offset)))
                .collect()
        } else {
            Vec::new()
        };
        SourceAddressPool { addresses }
    }

    /// The source address for the client numbered `index`, if any.
    pub fn source_for(&self, index: usize) -> Option<IpAddr> {
        if self.addresses.is_empty() {
            None
        } else {
            Some(self.addresses[index % self.addresses.len()])
        }
    }

    /// How many source addresses are in use.
    pub fn len(&self) -> usize {
        self.addresses.len()
    }

    /// Whether clients bind nothing.
    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }
}

/// Opens a TCP connection to `target`, bound to `source` (port chosen by the
/// kernel) when one is given, with Nagle's algorithm off.
pub async fn connect_tcp(target: SocketAddr, source: Option<IpAddr>) -> io::Result<TcpStream> {
    let socket = if target.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    if let Some(source) = source {
        socket.bind(SocketAddr::new(source, 0))?;
    }
    let stream = socket.connect(target).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loopback_targets_are_accepted_and_others_refused() {
        assert!(resolve_target("127.0.0.1:9", false).await.is_ok());
        assert!(resolve_target("127.5.6.7:9", false).await.is_ok());
        assert!(resolve_target("[::1]:9", false).await.is_ok());
        assert!(resolve_target("localhost:9", false).await.is_ok());
        assert!(resolve_target("10.0.0.1:9", false).await.is_err());
        assert!(resolve_target("192.168.1.1:9", false).await.is_err());
        assert!(resolve_target("8.8.8.8:9", false).await.is_err());
        // With the explicit flag a literal address is accepted without any traffic.
        assert!(resolve_target("10.0.0.1:9", true).await.is_ok());
    }

    #[test]
    fn sources_spread_over_127_0_0_x_only_for_ipv4_loopback() {
        let pool = SourceAddressPool::for_target("127.0.0.1:80".parse().unwrap(), 3);
        assert_eq!(pool.len(), 3);
        assert_eq!(pool.source_for(0), Some("127.0.0.2".parse().unwrap()));
        assert_eq!(pool.source_for(4), Some("127.0.0.3".parse().unwrap()));
        let pool = SourceAddressPool::for_target("[::1]:80".parse().unwrap(), 3);
        assert!(pool.is_empty());
    }

    #[tokio::test]
    async fn a_connection_bound_to_a_spread_source_reaches_the_server() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = listener.local_addr().unwrap();
        let source: IpAddr = "127.0.0.7".parse().unwrap();
        let (client, accepted) = tokio::join!(connect_tcp(target, Some(source)), listener.accept());
        assert_eq!(client.unwrap().local_addr().unwrap().ip(), source);
        assert_eq!(accepted.unwrap().1.ip(), source);
    }

    #[test]
    fn the_file_descriptor_limit_can_be_raised() {
        assert!(raise_file_descriptor_limit().unwrap() >= 256);
    }
}
