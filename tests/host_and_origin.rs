//! The server answers only to the hosts it serves (a request for another
//! `Host`, as after a DNS rebinding, is refused with `421 unknown_host`),
//! and a browser may open a WebSocket only from the server's own origin,
//! scheme, host and port alike, or an allowed one.

mod common;

use common::{start, start_with, upgrade_status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `GET /api/sessions` with exactly the `Host` headers given; the status
/// and the error code, if any.
async fn status_with_hosts(server: &common::TestServer, hosts: &[&str]) -> (u16, String) {
    let mut request = "GET /api/sessions HTTP/1.1\r\nConnection: close\r\n".to_owned();
    for host in hosts {
        request.push_str(&format!("Host: {host}\r\n"));
    }
    request.push_str("\r\n");
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        answer
    };
    let answer = tokio::time::timeout(common::TIMEOUT, exchange)
        .await
        .expect("an answer in time");
    let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
    let code = answer
        .split("\"code\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    (status, code)
}

async fn status_with_host(server: &common::TestServer, host: &str) -> (u16, String) {
    status_with_hosts(server, &[host]).await
}

#[tokio::test]
async fn only_the_hosts_the_server_serves_are_answered() {
    let server = start().await;
    let port = server.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "192.0.2.7".to_owned(),
        "localhost.".to_owned(),
    ] {
        assert_eq!(status_with_host(&server, &host).await.0, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        assert_eq!(
            status_with_host(&server, &host).await,
            (421, "unknown_host".to_owned()),
            "{host}"
        );
    }
    // Two Host headers are one too many, whichever comes first.
    let own = format!("127.0.0.1:{port}");
    assert_eq!(
        status_with_hosts(&server, &[&own, "evil.example"]).await,
        (421, "unknown_host".to_owned())
    );
    // A request without Host (HTTP/1.0) comes from no browser.
    assert_eq!(status_with_hosts(&server, &[]).await.0, 200);
    assert_eq!(server.running().hub.metrics.unknown_host_requests.get(), 5);
}

#[tokio::test]
async fn allowed_hosts_and_the_public_url_s_host_are_answered() {
    let server = start_with(|config| {
        config.allowed_hosts = vec!["hub.example.org".into(), "Venue.Local".into()];
        config.public_url = Some("https://public.example.net".into());
    })
    .await;
    for host in [
        "hub.example.org",
        "hub.example.org:8080",
        "venue.local",
        "public.example.net",
        "public.example.net:443",
    ] {
        assert_eq!(status_with_host(&server, host).await.0, 200, "{host}");
    }
    assert_eq!(status_with_host(&server, "other.example.org").await.0, 421);
}

#[tokio::test]
async fn a_dns_rebound_page_cannot_open_a_websocket() {
    let server = start().await;
    server.create_session("main", "live").await;
    let port = server.addr.port();
    // The page of evil.example, whose name now resolves to this server:
    // the browser sends its own host as Host and as Origin.
    let host = format!("evil.example:{port}");
    let origin = format!("http://evil.example:{port}");
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Host", &host), ("Origin", &origin)]).await,
        Some(421)
    );
}

#[tokio::test]
async fn the_origin_must_match_in_scheme_host_and_port() {
    let server = start().await;
    server.create_session("main", "live").await;
    let addr = server.addr;
    let port = addr.port();
    let refused = [
        format!("chrome-extension://127.0.0.1:{port}"),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "http://127.0.0.1".to_owned(),
        "http://evil.example".to_owned(),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1:{port}/path"),
        "null".to_owned(),
    ];
    for origin in &refused {
        assert_eq!(
            upgrade_status(addr, "main", &[("Origin", origin)]).await,
            Some(403),
            "{origin}"
        );
    }
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(
        upgrade_status(addr, "main", &[("Origin", &own)]).await,
        None
    );
    let own_upper = format!("HTTP://127.0.0.1:{port}");
    assert_eq!(
        upgrade_status(addr, "main", &[("Origin", &own_upper)]).await,
        None
    );
    // Through the name localhost, its origin is localhost's.
    let host = format!("localhost:{port}");
    let origin = format!("http://localhost:{port}");
    assert_eq!(
        upgrade_status(addr, "main", &[("Host", &host), ("Origin", &origin)]).await,
        None
    );
    assert_eq!(
        upgrade_status(addr, "main", &[("Host", &host), ("Origin", &own)]).await,
        Some(403),
        "another host's origin"
    );
}

#[tokio::test]
async fn behind_a_public_url_its_origin_may_connect() {
    let server = start_with(|config| {
        config.public_url = Some("https://hub.example.org".into());
        config.hub.allowed_origins = vec!["https://igf.example".into()];
    })
    .await;
    server.create_session("main", "live").await;
    let addr = server.addr;
    // The reverse proxy forwards the public host, or its own upstream one.
    for host in ["hub.example.org".to_owned(), addr.to_string()] {
        for (origin, expected) in [
            ("https://hub.example.org", None),
            ("https://hub.example.org:443", None),
            ("https://igf.example", None),
            ("http://hub.example.org", Some(403)),
            ("https://hub.example.org:8443", Some(403)),
            ("https://evil.example", Some(403)),
        ] {
            assert_eq!(
                upgrade_status(addr, "main", &[("Host", &host), ("Origin", origin)]).await,
                expected,
                "Host {host}, Origin {origin}"
            );
        }
    }
}
