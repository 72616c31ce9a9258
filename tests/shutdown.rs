//! Graceful shutdown: connected clients are closed with 1012.

mod common;

use common::{start, Join};
use std::time::Duration;

#[tokio::test]
async fn graceful_shutdown_closes_clients_with_1012() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let mut joined = server.join("main", &Join::new("Ana")).await;
    let mut second = server.join("main", &Join::new("Bo")).await;
    // A connection that has not joined yet is closed the same way.
    let mut waiting = server.connect("main").await;
    waiting.ping_pong("before join").await;

    let addr = server.addr;
    let started = std::time::Instant::now();
    let (_, codes) = tokio::join!(server.shutdown(), async {
        (
            joined.expect_close().await,
            second.expect_close().await,
            waiting.expect_close().await,
        )
    });
    assert_eq!(codes, (Some(1012), Some(1012), Some(1012)));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "shutdown did not wait out its grace period with clients that answered"
    );

    // The listener is gone.
    let refused =
        tokio::time::timeout(Duration::from_secs(2), tokio::net::TcpStream::connect(addr)).await;
    assert!(
        matches!(refused, Ok(Err(_))),
        "the server no longer accepts connections: {refused:?}"
    );
}
