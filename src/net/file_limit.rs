//! The process's open-file limit (RLIMIT_NOFILE), which bounds how many
//! connections the server can hold: every socket is a file descriptor, and
//! so are the store's files, the NATS connection and the logs. A server at
//! its limit can accept nothing, `/healthz` included, so the listener stops
//! short of it.

use std::io;

/// The most the soft limit is raised to, when the hard limit allows more.
const RAISE_AT_MOST: u64 = 1 << 20;

/// Raises the soft open-file limit to the hard one (many systems start
/// services at a soft 1,024 with a far higher hard limit), and returns the
/// soft limit in force afterwards.
pub fn raise_open_file_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given, nothing else.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let wanted = limit.rlim_max.min(RAISE_AT_MOST);
    if limit.rlim_cur < wanted {
        let raised = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit reads the struct it is given, nothing else.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = wanted;
        }
    }
    Ok(limit.rlim_cur)
}

/// File descriptors kept for everything but client connections: the
/// store's files, NATS, the logs, the runtime, a connection being refused.
pub fn reserved_files(open_file_limit: u64) -> u64 {
    (open_file_limit / 10).clamp(64, 1024)
}

/// How many TCP connections the server may hold under `open_file_limit`.
pub fn connection_budget(open_file_limit: u64) -> usize {
    let budget = open_file_limit.saturating_sub(reserved_files(open_file_limit));
    // A limit too small for the reserve still serves a few connections.
    budget.max(8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_keeps_a_reserve_below_the_limit() {
        assert_eq!(connection_budget(256), 192);
        assert_eq!(connection_budget(1024), 922);
        assert_eq!(connection_budget(20_000), 18_976);
        assert_eq!(connection_budget(1 << 20), (1 << 20) - 1024);
        assert_eq!(connection_budget(16), 8);
    }

    #[test]
    fn raising_never_lowers_the_limit() {
        let mut before = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: as above.
        assert_eq!(
            unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut before) },
            0
        );
        let after = raise_open_file_limit().unwrap();
        assert!(after >= before.rlim_cur);
    }
}
