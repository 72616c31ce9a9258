//! A real `nats-server` with JetStream for cluster-mode tests: a child
//! process on a free loopback port with temporary storage, killed (SIGKILL)
//! and reaped when dropped, so that a failing assertion never leaves it
//! running. Shared by `cluster_log`, `cluster_nodes` and `cluster_failover`.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Where `nats-server` is looked for: the PATH, then where Debian puts it
/// (`/usr/sbin`, which is not on every user's PATH).
const NATS_SERVER_PROGRAMS: [&str; 2] = ["nats-server", "/usr/sbin/nats-server"];

pub struct NatsServer {
    child: Child,
    /// `nats://127.0.0.1:<port>`, for clients and for `serve --nats`.
    pub url: String,
    /// JetStream's storage; removed with the server.
    _storage: TempDir,
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("a local address").port()
}

/// Starts `nats-server -js` and waits until it accepts connections. Fails
/// with an install hint when the program is missing: CI installs it.
pub fn start_nats_server() -> NatsServer {
    let storage = tempfile::tempdir().expect("a temporary directory");
    let port = free_port();
    let spawned = NATS_SERVER_PROGRAMS.iter().find_map(|program| {
        Command::new(program)
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(storage.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
    });
    let Some(child) = spawned else {
        panic!(
            "cannot start nats-server: these tests need it on the PATH or in /usr/sbin; \
             install it with `apt-get install nats-server` (tests/run-all.sh does)"
        );
    };
    let mut server = NatsServer {
        child,
        url: format!("nats://127.0.0.1:{port}"),
        _storage: storage,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("nats-server exited before listening: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "nats-server is not listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}
