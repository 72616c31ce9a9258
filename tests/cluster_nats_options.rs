//! `serve --nats` and its connection options, on the real binary: bad
//! values stop start-up at once with a message that names the problem; a
//! user and password are used (and a wrong password is refused at once,
//! not retried); TLS with a private CA and a client certificate works, and
//! a missing CA or certificate is refused at once; a node started before
//! NATS waits for it; a stream with more replicas than a lone server can
//! hold is refused clearly.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like the other
//! cluster tests, and `openssl` for the TLS test's certificates
//! (`tests/run-all.sh` installs both).

mod cluster_support;
mod common;
mod nats_server;
use cluster_support::{start_node, Killed};
use nats_server::{
    nats_server_not_started, start_nats_server, start_nats_server_with, ReservedPort,
};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a refused start-up may take: no retrying is involved.
const REFUSED_WITHIN: Duration = Duration::from_secs(10);

/// Runs `hybridhub serve` with `arguments` (a fresh data directory, a free
/// port), which must exit within [`REFUSED_WITHIN`]; its exit code and
/// what it wrote to stderr.
fn refused_start(arguments: &[&str]) -> (Option<i32>, String) {
    let data = tempfile::tempdir().expect("a temporary directory");
    let child = Command::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .args(arguments)
        .env(
            "HYBRIDHUB_ADMIN_TOKEN",
            "options-admin-token-long-enough-to-pass",
        )
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the hybridhub binary starts");
    let mut child = Killed(child);
    let deadline = Instant::now() + REFUSED_WITHIN;
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("the child's status") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "{arguments:?}: still running after {REFUSED_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .0
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut stderr)
        .expect("stderr reads");
    assert!(!status.success(), "{arguments:?} started: {stderr}");
    (status.code(), stderr)
}

#[test]
fn bad_values_stop_start_up_with_a_clear_error() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["--nats", "http://127.0.0.1:4222"],
            "is not a NATS server URL",
        ),
        (
            &["--nats", "nats://127.0.0.1:1,ws://127.0.0.1:2"],
            "WebSocket",
        ),
        (
            &["--nats", "nats://127.0.0.1:1", "--nats-replicas", "7"],
            "1..=5",
        ),
        (
            &[
                "--nats",
                "nats://127.0.0.1:1",
                "--nats-creds",
                "/nonexistent/hub.creds",
            ],
            "/nonexistent/hub.creds",
        ),
        (
            &[
                "--nats",
                "nats://127.0.0.1:1",
                "--nats-tls-ca",
                "/nonexistent/ca.pem",
            ],
            "/nonexistent/ca.pem",
        ),
        (
            &[
                "--nats",
                "nats://127.0.0.1:1",
                "--nats-tls-cert",
                "/tmp/cert.pem",
            ],
            "--nats-tls-key",
        ),
        (&["--nats-replicas", "3"], "--nats"),
    ];
    for (arguments, expected) in cases {
        let (_, stderr) = refused_start(arguments);
        assert!(
            stderr.contains(expected),
            "{arguments:?}: expected {expected:?} in: {stderr}"
        );
        assert!(!stderr.contains("Custom {"), "a Debug form: {stderr}");
    }
}

#[test]
fn a_user_and_password_are_used_and_a_wrong_one_is_refused_at_once() {
    let nats = start_nats_server_with(&["--user", "hub", "--pass", "s3cret"]);
    let node = start_node(
        &nats.url,
        "n1",
        &["--nats-user", "hub", "--nats-password", "s3cret"],
    );
    drop(node);
    let started = Instant::now();
    let (_, stderr) = refused_start(&[
        "--nats",
        &nats.url,
        "--nats-user",
        "hub",
        "--nats-password",
        "wrong",
    ]);
    assert!(
        stderr.to_lowercase().contains("authorization"),
        "expected an authorization error: {stderr}"
    );
    assert!(!stderr.contains("wrong"), "the password is shown: {stderr}");
    // Not retried for the whole connect timeout (30 s by default).
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Without credentials: refused too.
    let (_, stderr) = refused_start(&["--nats", &nats.url]);
    assert!(stderr.to_lowercase().contains("authorization"), "{stderr}");
}

#[test]
fn a_node_started_before_nats_waits_for_it() {
    // Its port is held from now on: refused until NATS starts on it.
    let mut nats = nats_server_not_started(&[]);
    let url = nats.url.clone();
    let starter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1_500));
        nats.start();
        nats
    });
    // Blocks until the node prints its address: after NATS is up.
    let started = Instant::now();
    let node = start_node(&url, "n1", &[]);
    assert!(
        started.elapsed() >= Duration::from_millis(1_000),
        "{:?}",
        started.elapsed()
    );
    let nats = starter.join().expect("NATS started");
    drop(node);
    drop(nats);
    // And one that never finds NATS gives up after its connect timeout (on
    // a port held, not listening, for the whole attempt: nothing answers).
    let nowhere = ReservedPort::new();
    let (_, stderr) = refused_start(&[
        "--nats",
        &format!("nats://127.0.0.1:{}", nowhere.port),
        "--nats-connect-timeout-secs",
        "1",
    ]);
    drop(nowhere);
    assert!(stderr.contains("gave up"), "{stderr}");
}

#[test]
fn more_replicas_than_a_lone_server_holds_are_refused_clearly() {
    let nats = start_nats_server();
    let (_, stderr) = refused_start(&["--nats", &nats.url, "--nats-replicas", "3"]);
    assert!(stderr.contains("3 replicas"), "{stderr}");
    assert!(stderr.contains("HYBRIDHUB_COMMANDS"), "{stderr}");
}

/// Runs `openssl` with `arguments` in `directory`; fails with an install
/// hint when it is missing.
fn openssl(directory: &Path, arguments: &[&str]) {
    let output = Command::new("openssl")
        .args(arguments)
        .current_dir(directory)
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run openssl ({error}): install it with `apt-get install openssl`")
        });
    assert!(
        output.status.success(),
        "openssl {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A private CA (`ca.pem`), a certificate for a server on 127.0.0.1
/// (`server.pem`, `server.key`) and a client certificate (`client.pem`,
/// `client.key`), all signed by the CA, in `directory`.
fn make_certificates(directory: &Path) {
    let new_key = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(new_key);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=hybridhub test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(directory, &ca);
    let extensions = [
        (
            "server",
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        ),
        ("client", "extendedKeyUsage=clientAuth\n"),
    ];
    for (name, extension) in extensions {
        let (key, request, certificate, extension_file, subject) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
            format!("{name}.ext"),
            format!("/CN={name}"),
        );
        std::fs::write(directory.join(&extension_file), extension).expect("an extension file");
        let mut csr = vec!["req"];
        csr.extend(new_key);
        csr.extend(["-keyout", &key, "-out", &request, "-subj", &subject]);
        openssl(directory, &csr);
        openssl(
            directory,
            &[
                "x509",
                "-req",
                "-in",
                &request,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                &certificate,
                "-days",
                "2",
                "-extfile",
                &extension_file,
            ],
        );
    }
}

#[test]
fn tls_with_a_private_ca_and_a_client_certificate() {
    let pki = tempfile::tempdir().expect("a temporary directory");
    make_certificates(pki.path());
    let file = |name: &str| {
        pki.path()
            .join(name)
            .to_str()
            .expect("a UTF-8 path")
            .to_owned()
    };
    let (ca, server, server_key) = (file("ca.pem"), file("server.pem"), file("server.key"));
    let (client, client_key) = (file("client.pem"), file("client.key"));
    // A server that speaks only TLS and verifies its clients' certificates.
    let nats = start_nats_server_with(&[
        "--tls",
        "--tlscert",
        &server,
        "--tlskey",
        &server_key,
        "--tlsverify",
        "--tlscacert",
        &ca,
    ]);
    let node = start_node(
        &nats.url,
        "n1",
        &[
            "--nats-tls-ca",
            &ca,
            "--nats-tls-cert",
            &client,
            "--nats-tls-key",
            &client_key,
        ],
    );
    drop(node);
    // Without a client certificate, or without the CA: refused at once,
    // not retried for the connect timeout (30 s by default).
    let (_, stderr) = refused_start(&["--nats", &nats.url, "--nats-tls-ca", &ca]);
    assert!(stderr.contains("TLS handshake failed"), "{stderr}");
    assert!(stderr.contains("BadCertificate"), "{stderr}");
    let (_, stderr) = refused_start(&[
        "--nats",
        &nats.url,
        "--nats-tls-cert",
        &client,
        "--nats-tls-key",
        &client_key,
    ]);
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
    // A key file that is not a key is refused before connecting.
    let (_, stderr) = refused_start(&[
        "--nats",
        &nats.url,
        "--nats-tls-ca",
        &ca,
        "--nats-tls-cert",
        &client,
        "--nats-tls-key",
        &client,
    ]);
    assert!(stderr.contains("no private key"), "{stderr}");
}

#[test]
fn tls_required_refuses_a_plain_server_at_once() {
    let nats = start_nats_server();
    let (_, stderr) = refused_start(&["--nats", &nats.url, "--nats-tls-required"]);
    assert!(stderr.contains("TLS handshake failed"), "{stderr}");
}
