//! Crash safety: the real binary is killed with SIGKILL while clients push
//! chat and captions (over WebSocket and over the HTTP caption API) as fast
//! as they can. After a restart on the same data directory, every event
//! that was acknowledged is there with its text, `seq` has no gap, and
//! clients resume with their identity.

mod common;

use common::{connect, http, Join};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

const ADMIN: &str = "crash-admin-token-long-enough-to-pass";
/// How long the clients push at least before the kill.
const PUSHING: Duration = Duration::from_millis(1500);
/// How many acks the clients must have had before the kill, so that it
/// lands on a flood under way. The binary runs with its default durability
/// (an fsync per commit), so a slow disk takes longer to get there: the
/// kill waits for them, up to [`PUSHING_AT_MOST`].
const ACKS_BEFORE_KILL: usize = 100;
const PUSHING_AT_MOST: Duration = Duration::from_secs(30);

/// The server process; killed when dropped, so that a failing assertion
/// never leaves it running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on an ephemeral loopback port; returns it and its address.
fn start_binary(data_dir: &Path) -> (Server, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        // The clients flood on purpose; the rate limit would refuse most of it.
        .args([
            "--commands-per-second",
            "100000",
            "--command-burst",
            "100000",
            "--commands-per-ip-per-second",
            "100000",
            "--command-burst-per-ip",
            "100000",
        ])
        .env("HYBRIDHUB_ADMIN_TOKEN", ADMIN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the hybridhub binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut line = String::new();
    // Warnings (such as a low open-file limit) may come before the address.
    while !line.contains("listening on http://") {
        line.clear();
        let read = stdout
            .read_line(&mut line)
            .expect("the binary prints its address");
        assert!(read > 0, "the binary stopped before printing its address");
    }
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (Server(child), address.parse().expect("a socket address"))
}

async fn admin_json(addr: SocketAddr, method: &str, path: &str, body: Value) -> Value {
    let authorization = format!("Bearer {ADMIN}");
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Content-Type", "application/json"),
    ];
    let response = http(
        addr,
        method,
        path,
        &headers,
        Some(body.to_string().as_bytes()),
    )
    .await;
    assert!(response.status < 300, "{method} {path}: {}", response.body);
    response.json()
}

/// What the clients were told was stored: `seq` → (type, text).
type Acknowledged = Arc<Mutex<BTreeMap<u64, (String, String)>>>;

/// A client that sends frames as fast as it can (at most 64 unanswered)
/// and records every `ack`, until the connection dies.
async fn flood(
    addr: SocketAddr,
    join: Join,
    kind: &'static str,
    acknowledged: Acknowledged,
) -> Value {
    let mut client = connect(addr, "main").await;
    let welcome = client.join(&join).await;
    let (mut sink, mut stream) = client.ws.split();
    let sent: Arc<Mutex<BTreeMap<u64, String>>> = Arc::default();
    let writer = {
        let sent = sent.clone();
        async move {
            for number in 0u64.. {
                let text = format!("{} {number}", join.name);
                let frame = match kind {
                    "chat.message" => json!({"type":"chat.send","id":number,"text":text}),
                    _ => {
                        json!({"type":"caption.push","id":number,"lang":"en","text":text,"final":true})
                    }
                };
                sent.lock().unwrap().insert(number, text);
                if sink
                    .send(Message::Text(frame.to_string().into()))
                    .await
                    .is_err()
                {
                    return;
                }
                while sent.lock().unwrap().len() > 64 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        }
    };
    let reader = async {
        while let Some(Ok(Message::Text(text))) = stream.next().await {
            let frame: Value = serde_json::from_str(text.as_str()).unwrap();
            if frame["type"] == "ack" {
                let number = frame["id"].as_u64().unwrap();
                let text = sent.lock().unwrap().remove(&number).unwrap();
                let seq = frame["seq"].as_u64().unwrap();
                acknowledged
                    .lock()
                    .unwrap()
                    .insert(seq, (kind.to_owned(), text));
            }
        }
    };
    tokio::select! {
        _ = writer => {}
        _ = reader => {}
    }
    welcome
}

/// Posts caption lines the way Zoom caption software does, one line a post,
/// and records in `accepted` the lines that were answered 200, until the
/// server dies.
async fn post_captions(addr: SocketAddr, caption_path: String, accepted: Arc<Mutex<Vec<String>>>) {
    for seq in 1u64.. {
        let line = format!("HTTP line {seq}");
        let exchange =
            tokio::time::timeout(Duration::from_secs(2), tokio::net::TcpStream::connect(addr))
                .await;
        if !matches!(exchange, Ok(Ok(_))) {
            return;
        }
        let path = format!("{caption_path}&seq={seq}");
        let body = format!("{line}\n");
        let request = async move {
            http(
                addr,
                "POST",
                &path,
                &[("Content-Type", "text/plain")],
                Some(body.as_bytes()),
            )
            .await
        };
        // The server dies mid-request: the helper panics on a cut response.
        match tokio::spawn(request).await {
            Ok(response) if response.status == 200 => accepted.lock().unwrap().push(line),
            _ => return,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_event_survives_sigkill() {
    let data_dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = start_binary(data_dir.path());
    admin_json(
        addr,
        "POST",
        "/api/sessions",
        json!({"id":"main","title":"Crash","state":"live"}),
    )
    .await;
    let invite = admin_json(
        addr,
        "POST",
        "/api/sessions/main/invites",
        json!({"role":"captioner"}),
    )
    .await;
    let token = invite["token"].as_str().unwrap().to_owned();
    let caption_url = invite["caption_url"].as_str().unwrap();
    let caption_path = caption_url[caption_url.find("/api/").unwrap()..].to_owned();

    let acknowledged: Acknowledged = Arc::default();
    let mut floods = Vec::new();
    for number in 0..3 {
        let join = Join::new(&format!("chatter-{number}")).client_id(&format!("crash-{number}"));
        floods.push(tokio::spawn(flood(
            addr,
            join,
            "chat.message",
            acknowledged.clone(),
        )));
    }
    let captioner = Join::new("captioner").token(&token);
    floods.push(tokio::spawn(flood(
        addr,
        captioner,
        "caption.final",
        acknowledged.clone(),
    )));
    let posted: Arc<Mutex<Vec<String>>> = Arc::default();
    let poster = tokio::spawn(post_captions(addr, caption_path.clone(), posted.clone()));

    // Kill after PUSHING, once the clients are well under way: a slow disk
    // (an fsync per commit) acks fewer per second, so the kill waits for
    // the acks rather than assume how many come in a given time.
    let pushing_since = std::time::Instant::now();
    tokio::time::sleep(PUSHING).await;
    while (acknowledged.lock().unwrap().len() <= ACKS_BEFORE_KILL
        || posted.lock().unwrap().is_empty())
        && pushing_since.elapsed() < PUSHING_AT_MOST
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.0.kill().expect("SIGKILL");
    server.0.wait().unwrap();
    eprintln!("killed after {:?} of pushing", pushing_since.elapsed());
    let mut welcomes = Vec::new();
    for flood in floods {
        welcomes.push(flood.await.unwrap());
    }
    poster.await.unwrap();
    let posted = posted.lock().unwrap().clone();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > ACKS_BEFORE_KILL,
        "the clients pushed: {} acks",
        acknowledged.len()
    );
    assert!(!posted.is_empty(), "the HTTP captioner posted");

    let (_restarted, addr) = start_binary(data_dir.path());
    let mut reader = connect(addr, "main").await;
    reader
        .join(&Join::new("auditor").resume_from(0).captions(&["en"]))
        .await;
    let last_seq = reader.welcome_seq();
    let mut stored: BTreeMap<u64, Value> = BTreeMap::new();
    while (stored.len() as u64) < last_seq {
        let event = reader.next_non_presence().await;
        stored.insert(event["seq"].as_u64().unwrap(), event);
    }
    assert_eq!(
        stored.keys().copied().collect::<Vec<_>>(),
        (1..=last_seq).collect::<Vec<_>>(),
        "seq has no gap"
    );
    for (seq, (kind, text)) in &acknowledged {
        let event = &stored[seq];
        assert_eq!(
            (event["type"].as_str(), event["text"].as_str()),
            (Some(kind.as_str()), Some(text.as_str())),
            "acked seq {seq}"
        );
    }
    let transcript = http(addr, "GET", "/api/sessions/main/transcript.txt", &[], None).await;
    for line in &posted {
        assert_eq!(
            transcript.body.matches(&format!("{line}\n")).count(),
            1,
            "{line} is stored once"
        );
    }
    let cursor = http(
        addr,
        "GET",
        &caption_path.replacen("/captions?", "/captions/seq?", 1),
        &[],
        None,
    )
    .await;
    let cursor: usize = cursor.body.trim().parse().unwrap();
    assert!(
        cursor >= posted.len(),
        "the caption cursor {cursor} covers the {} accepted posts",
        posted.len()
    );

    // A chatter resumes: same participant, and the events it missed.
    let first = &welcomes[0];
    let last_acked_of_first = acknowledged
        .iter()
        .filter(|(_, (_, text))| text.starts_with("chatter-0 "))
        .map(|(seq, _)| *seq)
        .max()
        .unwrap_or(0);
    let mut back = connect(addr, "main").await;
    back.join(
        &Join::new("chatter-0")
            .client_id("crash-0")
            .resume_secret(first["resume_secret"].as_str().unwrap())
            .resume_from(last_acked_of_first),
    )
    .await;
    assert_eq!(back.welcome["restored"], true);
    assert_eq!(back.welcome["resumed"], true);
    assert_eq!(
        back.participant_id(),
        first["participant"]["id"].as_str().unwrap()
    );
    let mut replayed = last_acked_of_first;
    while replayed < last_seq {
        let event = back.next_non_presence().await;
        assert_eq!(
            event["seq"].as_u64(),
            Some(replayed + 1),
            "the missed events, in order"
        );
        replayed += 1;
    }
    let (message, ack) = back.chat("after", "after the crash").await;
    assert_eq!(message["seq"], last_seq + 1);
    assert_eq!(ack["seq"], last_seq + 1);
}
