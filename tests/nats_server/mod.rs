//! A real `nats-server` with JetStream for cluster-mode tests: a child
//! process on a loopback port reserved for it, with temporary storage,
//! killed (SIGKILL) and reaped when dropped, so that a failing assertion
//! never leaves it running. Shared by `cluster_log`, `cluster_nodes`,
//! `cluster_failover` and `cluster_nats_faults`.
//!
//! A server can be killed and started again on the same port with the same
//! storage ([`NatsServer::kill`], [`NatsServer::restart`]), and three can
//! form a JetStream cluster ([`start_nats_cluster`]). Set `NATS_TEST_LOG`
//! to see the servers' own logs.
//!
//! Ports are never "found free, released and used later" (another test or
//! process could take them in between): each is a [`ReservedPort`], a
//! socket bound to it with `SO_REUSEADDR` that never listens, kept as long
//! as the server. `nats-server`, a Go program, binds its listeners with
//! `SO_REUSEADDR` too, which Linux allows beside a bound socket that does
//! not listen; no one else can bind the port, the kernel hands it to no
//! other ephemeral socket, and while the server is down (not started yet,
//! or killed) connections to it are refused.

#![allow(dead_code)]

use std::ffi::OsString;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Where `nats-server` is looked for: the PATH, then where Debian puts it
/// (`/usr/sbin`, which is not on every user's PATH).
const NATS_SERVER_PROGRAMS: [&str; 2] = ["nats-server", "/usr/sbin/nats-server"];
/// How long a server may take to listen after it is started.
const LISTENING_WITHIN: Duration = Duration::from_secs(10);

pub struct NatsServer {
    /// `None` while killed.
    child: Option<Child>,
    /// `nats://127.0.0.1:<port>`, for clients and for `serve --nats`.
    pub url: String,
    /// The server's name (`--server_name`), as JetStream reports leaders.
    pub name: String,
    port: u16,
    /// Its client port and any other it listens on, held for it.
    _ports: Vec<ReservedPort>,
    /// Everything `nats-server` is started with, the same at each restart.
    arguments: Vec<OsString>,
    /// JetStream's storage; kept across restarts, removed with the server.
    _storage: TempDir,
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

impl NatsServer {
    /// A server on the reserved `port` with its own storage, `extra`
    /// arguments added (with the ports they name in `more_ports`); not
    /// started yet.
    fn new(
        name: &str,
        port: ReservedPort,
        extra: &[String],
        more_ports: Vec<ReservedPort>,
    ) -> NatsServer {
        let storage = tempfile::tempdir().expect("a temporary directory");
        let mut ports = vec![port];
        ports.extend(more_ports);
        let port = ports[0].port;
        let mut arguments: Vec<OsString> = ["-js", "-a", "127.0.0.1", "-p"]
            .iter()
            .map(OsString::from)
            .collect();
        arguments.push(port.to_string().into());
        arguments.push("--server_name".into());
        arguments.push(name.into());
        arguments.push("-sd".into());
        arguments.push(storage.path().into());
        arguments.extend(extra.iter().map(OsString::from));
        NatsServer {
            child: None,
            url: format!("nats://127.0.0.1:{port}"),
            name: name.to_owned(),
            port,
            _ports: ports,
            arguments,
            _storage: storage,
        }
    }

    /// Starts the process. Fails with an install hint when the program is
    /// missing: CI installs it.
    fn spawn(&mut self) {
        assert!(self.child.is_none(), "{} is already running", self.name);
        let log = || {
            if std::env::var_os("NATS_TEST_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            }
        };
        let spawned = NATS_SERVER_PROGRAMS.iter().find_map(|program| {
            Command::new(program)
                .args(&self.arguments)
                .stdout(log())
                .stderr(log())
                .spawn()
                .ok()
        });
        let Some(child) = spawned else {
            panic!(
                "cannot start nats-server: these tests need it on the PATH or in /usr/sbin; \
                 install it with `apt-get install nats-server` (tests/run-all.sh does)"
            );
        };
        self.child = Some(child);
    }

    /// Waits until the server accepts connections.
    fn wait_listening(&mut self) {
        let deadline = Instant::now() + LISTENING_WITHIN;
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    panic!(
                        "nats-server {} exited before listening: {status}",
                        self.name
                    );
                }
            }
            assert!(
                Instant::now() < deadline,
                "nats-server {} is not listening on {}",
                self.name,
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server at once (SIGKILL: no goodbye to clients, no
    /// flush) and reaps it. Its port and storage stay for a restart.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server and waits until it listens.
    pub fn start(&mut self) {
        self.spawn();
        self.wait_listening();
    }

    /// Starts the killed server again, on the same port with the same
    /// storage and options, and waits until it listens.
    pub fn restart(&mut self) {
        self.start();
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }
}

/// A loopback port held by a socket bound to it (with `SO_REUSEADDR`)
/// that never listens, until dropped: connections to it are refused, and
/// only a listener that also sets `SO_REUSEADDR`, as `nats-server` does,
/// can bind it meanwhile. For a server's port, or for an address where no
/// server is.
pub struct ReservedPort {
    pub port: u16,
    _socket: tokio::net::TcpSocket,
}

impl ReservedPort {
    pub fn new() -> ReservedPort {
        let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
        socket.set_reuseaddr(true).expect("SO_REUSEADDR");
        socket
            .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .expect("bind an ephemeral loopback port");
        let port = socket.local_addr().expect("a local address").port();
        ReservedPort {
            port,
            _socket: socket,
        }
    }
}

/// Starts `nats-server -js` on a port of its own and waits until it
/// accepts connections.
pub fn start_nats_server() -> NatsServer {
    start_nats_server_with(&[])
}

/// Like [`start_nats_server`], with more options (e.g. `--user`, `--pass`).
pub fn start_nats_server_with(extra: &[&str]) -> NatsServer {
    let mut server = nats_server_not_started(extra);
    server.start();
    server
}

/// A `nats-server -js` with `extra` options, not started yet
/// ([`NatsServer::start`] starts it); its port is already reserved, so its
/// `url` is known and refuses connections until then.
pub fn nats_server_not_started(extra: &[&str]) -> NatsServer {
    let extra: Vec<String> = extra.iter().map(|option| option.to_string()).collect();
    NatsServer::new("nats-test", ReservedPort::new(), &extra, Vec::new())
}

/// Several `nats-server -js` routed to each other as one JetStream cluster,
/// each with its own port and storage.
pub struct NatsCluster {
    pub servers: Vec<NatsServer>,
}

impl NatsCluster {
    /// Every server's URL, separated by commas, as `serve --nats` takes it.
    pub fn urls(&self) -> String {
        let urls: Vec<&str> = self
            .servers
            .iter()
            .map(|server| server.url.as_str())
            .collect();
        urls.join(",")
    }

    /// The server named `name` (as JetStream names a leader).
    pub fn server_named(&mut self, name: &str) -> &mut NatsServer {
        self.servers
            .iter_mut()
            .find(|server| server.name == name)
            .unwrap_or_else(|| panic!("no NATS server named {name:?}"))
    }
}

/// Starts `size` servers named `n1`, `n2`, ... on loopback, routed to each
/// other (`--cluster`, `--routes`, one `--cluster_name`), and waits until
/// each accepts connections. JetStream elects its meta leader a moment
/// later: clients retry until it has.
pub fn start_nats_cluster(size: usize) -> NatsCluster {
    let mut route_reservations: Vec<Option<ReservedPort>> =
        (0..size).map(|_| Some(ReservedPort::new())).collect();
    let route_ports: Vec<u16> = route_reservations
        .iter()
        .map(|reserved| reserved.as_ref().expect("reserved").port)
        .collect();
    let mut servers: Vec<NatsServer> = (0..size)
        .map(|index| {
            let routes: Vec<String> = route_ports
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, port)| format!("nats://127.0.0.1:{port}"))
                .collect();
            let extra = [
                "--cluster_name".to_owned(),
                "hybridhub-test".to_owned(),
                "--cluster".to_owned(),
                format!("nats://127.0.0.1:{}", route_ports[index]),
                "--routes".to_owned(),
                routes.join(","),
            ];
            let route_port = route_reservations[index].take().expect("reserved once");
            NatsServer::new(
                &format!("n{}", index + 1),
                ReservedPort::new(),
                &extra,
                vec![route_port],
            )
        })
        .collect();
    // All at once: each waits for the others to form the cluster.
    for server in &mut servers {
        server.spawn();
    }
    for server in &mut servers {
        server.wait_listening();
    }
    NatsCluster { servers }
}
