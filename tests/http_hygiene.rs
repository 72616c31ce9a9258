//! What every answer and every start-up must get right: the headers that
//! keep a browser from sniffing, leaking or storing what it should not; an
//! admin token long enough not to be guessed; a data directory and a
//! database only their owner can read; an empty database file refused, not
//! taken for a new one; `Bearer` in any case; no control characters in a
//! session's title or room.

mod common;

use common::{http, start, start_with, TestServer, ADMIN_TOKEN};
use serde_json::json;
use std::os::unix::fs::PermissionsExt;

/// Asserts the headers every API answer carries, and its `Cache-Control`.
fn assert_hygienic(what: &str, response: &common::HttpResponse, cache_control: &str) {
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{what}: {:?}",
        response.headers
    );
    assert_eq!(
        response.header("referrer-policy"),
        Some("no-referrer"),
        "{what}: {:?}",
        response.headers
    );
    assert_eq!(
        response.header("cache-control"),
        Some(cache_control),
        "{what}: {:?}",
        response.headers
    );
}

async fn captioner_invite(server: &TestServer) -> (String, String) {
    let invite = server.invite("main", json!({"role": "captioner"})).await;
    let url = invite["caption_url"].as_str().unwrap();
    (
        invite["token"].as_str().unwrap().to_owned(),
        url[url.find("/api/").unwrap()..].to_owned(),
    )
}

#[tokio::test]
async fn api_transcript_and_report_answers_carry_the_security_headers() {
    let server = start().await;
    server.create_session("main", "live").await;
    assert_hygienic("healthz", &server.get("/healthz").await, "no-store");
    assert_hygienic("list", &server.get("/api/sessions").await, "no-store");
    assert_hygienic(
        "session",
        &server.get("/api/sessions/main").await,
        "no-store",
    );
    assert_hygienic(
        "404",
        &server.get("/api/sessions/nothing-here").await,
        "no-store",
    );
    // An invite's answer holds its token.
    let invite = server
        .admin(
            "POST",
            "/api/sessions/main/invites",
            &json!({"role": "moderator"}),
        )
        .await;
    assert_eq!(invite.status, 201);
    assert_hygienic("invite", &invite, "no-store");
    let moderator_token = invite.json()["token"].as_str().unwrap().to_owned();

    // A report asked for with a token in the URL or in Authorization.
    let report = server
        .get(&format!(
            "/api/sessions/main/report?token={moderator_token}"
        ))
        .await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_hygienic("report ?token=", &report, "no-store");
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    let report = http(
        server.addr,
        "GET",
        "/api/sessions/main/report?format=csv",
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(report.status, 200);
    assert_hygienic("report csv", &report, "no-store");

    // The caption API's seq read, with the token in the URL.
    let (_, caption_url) = captioner_invite(&server).await;
    let seq_path = caption_url.replacen("/captions?", "/captions/seq?", 1);
    let seq = server.get(&seq_path).await;
    assert_eq!(seq.status, 200, "{}", seq.body);
    assert_hygienic("caption seq", &seq, "no-store");

    // A transcript is revalidated, not stored away, and not sniffed.
    let transcript = server.get("/api/sessions/main/transcript.txt").await;
    assert_eq!(transcript.status, 200);
    assert_hygienic("transcript", &transcript, "no-cache");

    // The web client's page keeps its revalidation, but not with a token
    // in its URL.
    let page = server.get("/").await;
    assert_hygienic("page", &page, "no-cache");
    let page = server
        .get(&format!("/s/main/display?token={moderator_token}"))
        .await;
    assert_hygienic("page with a token", &page, "no-store");
}

/// Creates session `id` with `authorization` as the `Authorization` header.
async fn create_with(server: &TestServer, authorization: &str, id: &str) -> common::HttpResponse {
    let body = json!({"id": id, "title": "T", "state": "live"}).to_string();
    http(
        server.addr,
        "POST",
        "/api/sessions",
        &[
            ("Authorization", authorization),
            ("Content-Type", "application/json"),
        ],
        Some(body.as_bytes()),
    )
    .await
}

#[tokio::test]
async fn bearer_is_matched_in_any_case() {
    let server = start().await;
    for (number, scheme) in ["Bearer", "bearer", "BEARER", "bEaReR"].iter().enumerate() {
        let id = format!("s-{number}");
        let response = create_with(&server, &format!("{scheme} {ADMIN_TOKEN}"), &id).await;
        assert_eq!(response.status, 201, "{scheme}: {}", response.body);
    }
    let response = create_with(&server, &format!("basic {ADMIN_TOKEN}"), "basic").await;
    assert_eq!(response.status, 401, "another scheme is no bearer token");
}

#[tokio::test]
async fn control_characters_are_refused_in_titles_and_rooms() {
    let server = start().await;
    for (field, value) in [
        ("title", "Opening\u{0}"),
        ("title", "\u{1b}[2JOpening"),
        ("room", "Room\u{7}3"),
        ("room", "Hall\u{85}A"),
    ] {
        let mut body = json!({"id": "ctl", "title": "Fine", "state": "live"});
        body[field] = json!(value);
        let response = server.admin("POST", "/api/sessions", &body).await;
        assert_eq!(
            (response.status, response.error_code().as_str()),
            (400, "invalid_field"),
            "{field} {value:?}: {}",
            response.body
        );
    }
    server.create_session("main", "live").await;
    let response = server
        .patch_session("main", json!({"title": "Bell\u{7}"}))
        .await;
    assert_eq!(
        (response.status, response.error_code().as_str()),
        (400, "invalid_field"),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn a_short_admin_token_is_refused_at_start_up() {
    let directory = tempfile::tempdir().unwrap();
    let mut config = hybridhub::server::Config::for_tests(directory.path().to_path_buf());
    config.admin_token = Some("short-admin-token".into());
    let refused = hybridhub::server::start(config).await;
    let error = refused.err().expect("a 17-character token is refused");
    let message = error.to_string();
    assert!(
        message.contains("at least 24 characters"),
        "the message says why: {message}"
    );

    // The binary says so too, and stops.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(directory.path())
        .env("HYBRIDHUB_ADMIN_TOKEN", "0123456789abcdef012345")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 24 characters"), "{stderr}");
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn the_data_directory_and_the_database_are_the_owners_alone() {
    let parent = tempfile::tempdir().unwrap();
    let data_dir = parent.path().join("data");
    let mut server = start_with(|config| config.data_dir = data_dir.clone()).await;
    server.create_session("main", "live").await;
    assert_eq!(mode(&data_dir), 0o700, "a new data directory");
    for file in [
        "hybridhub.sqlite3",
        "hybridhub.sqlite3-wal",
        "hybridhub.sqlite3-shm",
    ] {
        assert_eq!(mode(&data_dir.join(file)), 0o600, "{file}");
    }
    server.shutdown().await;

    // A data directory others could read is closed at the next start, and
    // so are its database files.
    std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let database = data_dir.join("hybridhub.sqlite3");
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
    server.restart().await;
    assert_eq!(mode(&data_dir), 0o700, "an existing data directory");
    assert_eq!(mode(&database), 0o600, "an existing database");
    server.healthz_ok().await;
}

#[tokio::test]
async fn an_empty_database_file_is_refused_at_start_up() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join("hybridhub.sqlite3"), b"").unwrap();
    let config = hybridhub::server::Config::for_tests(directory.path().to_path_buf());
    let refused = hybridhub::server::start(config).await;
    let message = refused
        .err()
        .expect("an empty database is refused")
        .to_string();
    assert!(message.contains("is empty"), "{message}");
    assert_eq!(
        std::fs::metadata(directory.path().join("hybridhub.sqlite3"))
            .unwrap()
            .len(),
        0,
        "left as it was"
    );
}
