//! The floor relays a text frame to every other client, and not back to its sender.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn a_text_frame_reaches_every_other_client_but_not_its_sender() {
    let server = rust_floor::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = format!("ws://{}/", server.addr);
    let mut clients = Vec::new();
    for _ in 0..3 {
        let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let (socket, _) = tokio_tungstenite::client_async(url.as_str(), tcp)
            .await
            .unwrap();
        clients.push(socket);
    }
    // Let the server subscribe every connection before the first frame.
    tokio::time::sleep(Duration::from_millis(100)).await;
    clients[0].send(Message::text("hello")).await.unwrap();
    for receiver in clients.iter_mut().skip(1) {
        let frame = tokio::time::timeout(Duration::from_secs(5), receiver.next())
            .await
            .expect("the relayed frame arrives")
            .unwrap()
            .unwrap();
        assert_eq!(frame, Message::text("hello"));
    }
    let echoed = tokio::time::timeout(Duration::from_millis(300), clients[0].next()).await;
    assert!(echoed.is_err(), "the sender must not receive its own frame");
    server.shutdown().await;
}
