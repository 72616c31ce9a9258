//! A `nats-server -js` for the cluster smoke tests, on loopback ports it
//! picks itself, killed when dropped.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin` (Debian's package); it
//! panics with an install hint otherwise.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where `nats-server` is looked for: the PATH, then where Debian puts it.
const NATS_SERVER_PROGRAMS: [&str; 2] = ["nats-server", "/usr/sbin/nats-server"];

/// A `nats-server -js` with HTTP monitoring, on loopback ports of its own
/// choosing, with temporary storage; killed and reaped when dropped.
pub struct NatsServer {
    pub child: Child,
    pub url: String,
    pub monitor: String,
    _storage: tempfile::TempDir,
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The client and monitoring ports in the ports file that `nats-server`
/// writes in `directory` once it listens (`--ports_file_dir`), when it is
/// there and whole: `{"nats":["nats://127.0.0.1:P"],"monitoring":["http://127.0.0.1:M"]}`.
fn ports_from_file(directory: &Path) -> Option<(u16, u16)> {
    let entries = std::fs::read_dir(directory).ok()?;
    let file = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "ports")
        })?;
    let ports: serde_json::Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let port_of = |kind: &str| -> Option<u16> {
        let url = ports[kind][0].as_str()?;
        url.rsplit(':').next()?.trim_end_matches('/').parse().ok()
    };
    Some((port_of("nats")?, port_of("monitoring")?))
}

pub fn start_nats_server() -> NatsServer {
    let storage = tempfile::tempdir().expect("a temporary directory");
    // The server picks both ports (-1) when it binds them and names them in
    // its ports file: none is found free here and taken by another first.
    let ports_dir = tempfile::tempdir().expect("a temporary directory");
    let spawned = NATS_SERVER_PROGRAMS.iter().find_map(|program| {
        Command::new(program)
            .args(["-js", "-a", "127.0.0.1", "-p", "-1", "-m", "-1"])
            .arg("--ports_file_dir")
            .arg(ports_dir.path())
            .arg("-sd")
            .arg(storage.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
    });
    let Some(child) = spawned else {
        panic!(
            "cannot start nats-server: this test needs it on the PATH or in /usr/sbin; \
             install it with `apt-get install nats-server`"
        );
    };
    let mut server = NatsServer {
        child,
        url: String::new(),
        monitor: String::new(),
        _storage: storage,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut ports = None;
    while !ports.is_some_and(|(port, monitor_port)| {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
            && TcpStream::connect(("127.0.0.1", monitor_port)).is_ok()
    }) {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("nats-server exited before listening: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "nats-server is not listening on the ports of its ports file: {ports:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
        ports = ports.or_else(|| ports_from_file(ports_dir.path()));
    }
    let (port, monitor_port) = ports.expect("the ports file was read");
    server.url = format!("nats://127.0.0.1:{port}");
    server.monitor = format!("127.0.0.1:{monitor_port}");
    server
}
