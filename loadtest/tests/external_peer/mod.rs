//! A peer server run as its own process for a smoke test (the Node.js
//! peers, nginx): started on a free loopback port, waited for, and killed
//! and reaped when dropped, so that no test leaves a server behind.
//!
//! A peer whose runtime or package is not installed is skipped with a
//! message on stderr, unless `LOADTEST_REQUIRE_PEERS=1` is set, which turns
//! the skip into a failure (for machines that must run every peer).

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a peer may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// A running peer process.
pub struct ExternalPeer {
    child: Child,
    pub address: String,
}

impl ExternalPeer {
    /// The peer's process id, for CPU and RSS from /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl ExternalPeer {
    /// The peer's child processes (nginx's worker), from /proc.
    pub fn child_pids(&self) -> Vec<u32> {
        let parent = self.pid();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .ok()
                    .and_then(|stat| {
                        let after_name = &stat[stat.rfind(')')? + 1..];
                        after_name.split_whitespace().nth(1)?.parse::<u32>().ok()
                    })
                    == Some(parent)
            })
            .collect()
    }
}

/// SIGTERM first, so that nginx's master stops its worker too; SIGKILL if
/// the peer has not ended within 5 s.
impl Drop for ExternalPeer {
    fn drop(&mut self) {
        // SAFETY: kill has no memory-safety preconditions; the pid is our child's,
        // not yet reaped.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `loadtest/peers`.
pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

/// A free loopback port (bound and released; a race with another process
/// is possible but unlikely).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("a local address").port()
}

/// Reports a missing prerequisite: a skip (returns `None`), or a failure
/// when `LOADTEST_REQUIRE_PEERS=1`.
pub fn missing<T>(what: &str) -> Option<T> {
    if std::env::var("LOADTEST_REQUIRE_PEERS").as_deref() == Ok("1") {
        panic!("{what} (LOADTEST_REQUIRE_PEERS=1 makes this a failure)");
    }
    eprintln!("skipped: {what}");
    None
}

/// Whether `program -v` runs (node and nginx both print their version).
pub fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Starts `command` (which must listen on 127.0.0.1:`port`) and waits until
/// the port accepts connections; panics if the process exits first or the
/// port stays closed for 15 s.
pub fn start(mut command: Command, port: u16) -> ExternalPeer {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {command:?}: {error}"));
    let mut peer = ExternalPeer {
        child,
        address: format!("127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = peer.child.try_wait() {
            panic!("{command:?} exited before listening: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "{command:?} is not listening on {port} after {START_TIMEOUT:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    peer
}
