//! Floods of idle TCP connections against the real binary, run with a low
//! open-file limit (RLIMIT_NOFILE) so that the flood reaches it: one client
//! address may hold at most `--max-connections-per-ip`, the server as a
//! whole stays below its file limit, and `/healthz` and WebSocket joins
//! from other addresses keep working. Every client is on 127.0.0.0/8 (the
//! flood from 127.0.0.2, the others from 127.0.0.3), bounded in count and
//! time.

mod common;

use common::{connect_with_socket, http, Join};
use serde_json::json;
use std::io::{BufRead, BufReader, Read};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpSocket, TcpStream};

const ADMIN: &str = "connection-caps-admin-token-0123456789";
const FLOOD_ADDRESS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
const OTHER_ADDRESS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 3);

/// The server process, killed when dropped so that no failing assertion
/// leaves it running; its output is kept to explain a failure.
struct Server {
    child: Child,
    addr: SocketAddr,
    output: Arc<Mutex<String>>,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

/// Starts the binary with at most `open_files` file descriptors (soft and
/// hard limit alike, so that it cannot raise them) and `arguments`.
fn start_binary(open_files: u64, arguments: &[&str]) -> Server {
    let data = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hybridhub"));
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .args(arguments)
        .env("HYBRIDHUB_ADMIN_TOKEN", ADMIN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let limit = libc::rlimit {
        rlim_cur: open_files,
        rlim_max: open_files,
    };
    // SAFETY: setrlimit is async-signal-safe, and the closure touches
    // nothing but its own copy of `limit`.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("the hybridhub binary starts");
    let output = Arc::new(Mutex::new(String::new()));
    let stderr = child.stderr.take().unwrap();
    {
        let output = output.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            output.lock().unwrap().push_str(&text);
        });
    }
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening on http://") {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("the binary stopped: {}", output.lock().unwrap());
        }
        output.lock().unwrap().push_str(&line);
    }
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .parse()
        .unwrap();
    // Everything the server logs later is kept, and the pipe never fills.
    {
        let output = output.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while stdout.read_line(&mut line).unwrap_or(0) > 0 {
                output.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
    }
    Server {
        child,
        addr,
        output,
        _data: data,
    }
}

/// A TCP socket whose connections come from `address`.
fn socket_from(address: Ipv4Addr) -> TcpSocket {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(IpAddr::V4(address), 0))
        .unwrap();
    socket
}

/// `count` connections from `address` that send nothing.
async fn flood(server: SocketAddr, address: Ipv4Addr, count: usize) -> Vec<TcpStream> {
    let mut streams = Vec::with_capacity(count);
    for _ in 0..count {
        let connecting = socket_from(address).connect(server);
        let stream = tokio::time::timeout(common::TIMEOUT, connecting)
            .await
            .expect("the kernel completes the handshake at once")
            .expect("connected");
        streams.push(stream);
    }
    streams
}

/// How many of `streams` the server has not closed after `wait` (a
/// connection still in the listen backlog counts as open: nobody has
/// closed it).
async fn still_open(streams: Vec<TcpStream>, wait: Duration) -> usize {
    let checks = streams.into_iter().map(|mut stream| {
        tokio::spawn(async move {
            let mut buffer = [0u8; 64];
            let read = tokio::time::timeout(wait, stream.read(&mut buffer)).await;
            // Held until every check is done, so that none frees a slot early.
            (read.is_err(), stream)
        })
    });
    let results = futures_util::future::join_all(checks).await;
    results
        .into_iter()
        .filter(|result| result.as_ref().is_ok_and(|(open, _)| *open))
        .count()
}

/// `GET /healthz` from `address`, bounded; the status, or `None` if the
/// server did not answer.
async fn healthz_from(server: SocketAddr, address: Ipv4Addr) -> Option<u16> {
    let exchange = async {
        let mut stream = socket_from(address).connect(server).await.ok()?;
        let request =
            format!("GET /healthz HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n");
        tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
            .await
            .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.ok()?;
        answer.split(' ').nth(1)?.parse().ok()
    };
    tokio::time::timeout(common::TIMEOUT, exchange)
        .await
        .ok()
        .flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_address_leaves_healthz_and_joins_from_another_working() {
    const PER_IP: usize = 50;
    // More connections than the server has file descriptors.
    const FLOOD: usize = 600;
    let server = start_binary(
        512,
        &[
            "--max-connections-per-ip",
            &PER_IP.to_string(),
            "--header-read-timeout-secs",
            "60",
        ],
    );
    let authorization = format!("Bearer {ADMIN}");
    let created = http(
        server.addr,
        "POST",
        "/api/sessions",
        &[
            ("Authorization", authorization.as_str()),
            ("Content-Type", "application/json"),
        ],
        Some(
            json!({"id": "main", "title": "Main", "state": "live"})
                .to_string()
                .as_bytes(),
        ),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);

    let flood = flood(server.addr, FLOOD_ADDRESS, FLOOD).await;

    assert_eq!(
        healthz_from(server.addr, OTHER_ADDRESS).await,
        Some(200),
        "/healthz from another address during the flood; server output:\n{}",
        server.output()
    );
    let mut client = connect_with_socket(socket_from(OTHER_ADDRESS), server.addr, "main").await;
    client.join(&Join::new("Elsewhere")).await;
    client.chat("c1", "still served").await;

    let open = still_open(flood, Duration::from_millis(1500)).await;
    assert!(
        open <= PER_IP,
        "{open} of the flood's {FLOOD} connections are still open; at most {PER_IP} may be"
    );
    client.close().await;
    let output = server.output();
    assert!(
        !output.contains("Too many open files"),
        "the server ran out of file descriptors:\n{output}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_holds_fewer_connections_than_its_open_file_limit() {
    const OPEN_FILES: u64 = 256;
    const FLOOD: usize = 400;
    let server = start_binary(
        OPEN_FILES,
        &[
            "--max-connections-per-ip",
            "0",
            "--header-read-timeout-secs",
            "60",
        ],
    );
    let flood = flood(server.addr, FLOOD_ADDRESS, FLOOD).await;
    let open = still_open(flood, Duration::from_millis(1500)).await;
    // The store, the listener and the runtime need some of the files; the
    // rest may be connections, and those past the cap are closed at once.
    assert!(
        open > 0 && open < OPEN_FILES as usize - 32,
        "{open} of the flood's {FLOOD} connections are open or waiting, with {OPEN_FILES} files"
    );
    // The flood is gone (its sockets were dropped): the server answers at once.
    assert_eq!(
        healthz_from(server.addr, OTHER_ADDRESS).await,
        Some(200),
        "/healthz after the flood; server output:\n{}",
        server.output()
    );
    let output = server.output();
    assert!(
        !output.contains("Too many open files"),
        "the server ran out of file descriptors:\n{output}"
    );
}
