//! The HTTP API: creating, listing, reading and changing sessions; the
//! admin token; and the checks on the WebSocket upgrade.

mod common;

use common::{http, start, upgrade_status, Join, ADMIN_TOKEN};
use serde_json::{json, Value};

#[tokio::test]
async fn healthz_answers_200() {
    let server = start().await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "ok");
}

#[tokio::test]
async fn creating_a_session_checks_token_body_and_slug() {
    let server = start().await;
    let good = json!({"id": "ws-42", "title": "Workshop 42: Rural access", "room": "Room 3", "languages": ["en", "fr"], "starts_at": "2099-01-01T10:00:00Z"});
    let body = good.to_string();
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    let post = |headers: Vec<(&'static str, String)>, body: String| {
        let addr = server.addr;
        async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            http(
                addr,
                "POST",
                "/api/sessions",
                &headers,
                Some(body.as_bytes()),
            )
            .await
        }
    };
    let json_type = ("Content-Type", "application/json".to_owned());

    let response = post(vec![json_type.clone()], body.clone()).await;
    assert_eq!(response.status, 401, "no token: {}", response.body);
    assert_eq!(response.error_code(), "unauthorized");

    let response = post(
        vec![
            ("Authorization", "Bearer wrong-token".into()),
            json_type.clone(),
        ],
        body.clone(),
    )
    .await;
    assert_eq!(response.status, 403, "wrong token: {}", response.body);
    assert_eq!(response.error_code(), "forbidden");

    let response = post(
        vec![("Authorization", ADMIN_TOKEN.into()), json_type.clone()],
        body.clone(),
    )
    .await;
    assert_eq!(
        response.status, 401,
        "a token without the Bearer scheme: {}",
        response.body
    );

    let admin = ("Authorization", bearer.clone());
    let response = post(
        vec![admin.clone(), json_type.clone()],
        "{\"id\": \"x\",".into(),
    )
    .await;
    assert_eq!(response.status, 400, "bad JSON: {}", response.body);
    assert_eq!(response.error_code(), "invalid_field");

    let response = post(
        vec![admin.clone(), ("Content-Type", "text/plain".into())],
        body.clone(),
    )
    .await;
    assert_eq!(
        response.status, 415,
        "wrong content type: {}",
        response.body
    );
    assert_eq!(response.error_code(), "unsupported_media_type");
    let response = post(vec![admin.clone()], body.clone()).await;
    assert_eq!(response.status, 415, "no content type: {}", response.body);

    for (what, bad) in [
        ("invalid slug", json!({"id": "Bad Slug!", "title": "x"})),
        ("slug with a slash", json!({"id": "a/b", "title": "x"})),
        (
            "slug starting with a hyphen",
            json!({"id": "-a", "title": "x"}),
        ),
        (
            "slug over 64 chars",
            json!({"id": "a".repeat(65), "title": "x"}),
        ),
        ("missing title", json!({"id": "no-title"})),
        ("blank title", json!({"id": "blank", "title": "   "})),
        (
            "unknown field",
            json!({"id": "typo", "title": "x", "rom": "Room 1"}),
        ),
        (
            "bad state",
            json!({"id": "state", "title": "x", "state": "paused"}),
        ),
        (
            "bad language",
            json!({"id": "lang", "title": "x", "languages": ["english!"]}),
        ),
        (
            "ends before it starts",
            json!({"id": "time", "title": "x", "starts_at": "2026-11-25T10:00:00Z", "ends_at": "2026-11-25T09:00:00Z"}),
        ),
    ] {
        // Each is scheduled with a start time, so that what is wrong is
        // only what the case says.
        let mut bad = bad;
        if bad.get("starts_at").is_none() {
            bad["starts_at"] = json!("2099-01-01T10:00:00Z");
        }
        let response = server.admin("POST", "/api/sessions", &bad).await;
        assert_eq!(response.status, 400, "{what}: {}", response.body);
        assert_eq!(response.error_code(), "invalid_field", "{what}");
        assert!(
            !response.json()["error"]["message"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{what}"
        );
    }
    // None of the refused requests created anything.
    assert_eq!(server.get("/api/sessions").await.json(), json!([]));

    let response = post(vec![admin.clone(), json_type.clone()], body.clone()).await;
    assert_eq!(response.status, 201, "{}", response.body);
    let created = response.json();
    assert_eq!(created["id"], "ws-42");
    assert_eq!(created["title"], "Workshop 42: Rural access");
    assert_eq!(created["room"], "Room 3");
    assert_eq!(created["languages"], json!(["en", "fr"]));
    assert_eq!(created["state"], "scheduled", "the default state");
    common::assert_rfc3339_utc(&created["starts_at"]);
    common::assert_rfc3339_utc(&created["ends_at"]);

    let response = post(
        vec![admin.clone(), json_type.clone()],
        json!({"id": "ws-42", "title": "Another", "state": "live"}).to_string(),
    )
    .await;
    assert_eq!(response.status, 409, "duplicate: {}", response.body);
    assert_eq!(response.error_code(), "conflict");

    // Visible in the public list and by id, without a token.
    let list = server.get("/api/sessions").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json(), json!([created.clone()]));
    let one = server.get("/api/sessions/ws-42").await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json(), created);
    assert!(one
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/json"));

    let missing = server.get("/api/sessions/no-such-session").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error_code(), "not_found");
}

#[tokio::test]
async fn defaults_and_list_order() {
    let server = start().await;
    // A scheduled session (the default state) must say when it starts: it
    // goes live by itself then.
    let response = server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "minimal", "title": "Minimal"}),
        )
        .await;
    assert_eq!(response.status, 400, "{}", response.body);
    assert_eq!(response.error_code(), "invalid_field");
    assert!(response.body.contains("starts_at"), "{}", response.body);
    let response = server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "minimal", "title": "Minimal", "starts_at": "2099-01-01T10:00:00Z"}),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let minimal = response.json();
    assert_eq!(minimal["room"], "");
    assert_eq!(minimal["languages"], json!(["en"]));
    assert_eq!(minimal["state"], "scheduled");
    // ends_at defaults to starts_at + 90 minutes.
    let starts = minimal["starts_at"].as_str().unwrap();
    let ends = minimal["ends_at"].as_str().unwrap();
    let minutes = |ts: &str| -> i64 {
        let hours: i64 = ts[11..13].parse().unwrap();
        let minutes: i64 = ts[14..16].parse().unwrap();
        hours * 60 + minutes
    };
    assert_eq!(
        (minutes(ends) - minutes(starts)).rem_euclid(24 * 60),
        90,
        "{starts} → {ends}"
    );

    server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "early", "title": "Early", "starts_at": "2020-01-01T08:00:00Z"}),
        )
        .await;
    server.admin("POST", "/api/sessions", &json!({"id": "onair", "title": "On air", "state": "live", "starts_at": "2099-01-01T12:00:00Z"})).await;
    server.admin("POST", "/api/sessions", &json!({"id": "done", "title": "Done", "state": "ended", "starts_at": "2020-01-01T07:00:00Z"})).await;
    let list = server.get("/api/sessions").await.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["onair", "early", "minimal", "done"],
        "live first, then by start time, ended last"
    );
}

#[tokio::test]
async fn patching_state_moves_forward_only_and_is_broadcast() {
    let server = start().await;
    server.create_session("plenary", "scheduled").await;
    let mut client = server.join("plenary", &Join::new("Early bird")).await;
    assert_eq!(client.welcome["session"]["state"], "scheduled");
    assert_eq!(client.welcome_seq(), 0);

    let response = server
        .patch_session("plenary", json!({"state": "live"}))
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json()["state"], "live");

    let event = client.next_non_presence().await;
    assert_eq!(event["type"], "session.updated");
    assert_eq!(event["seq"], 1, "a session change is a durable event");
    assert_eq!(event["session"]["id"], "plenary");
    assert_eq!(event["session"]["state"], "live");
    common::assert_rfc3339_utc(&event["ts"]);
    assert_eq!(
        server.get("/api/sessions/plenary").await.json()["state"],
        "live"
    );

    // Backwards is refused, and changes nothing.
    let response = server
        .patch_session("plenary", json!({"state": "scheduled"}))
        .await;
    assert_eq!(response.status, 400, "live → scheduled: {}", response.body);
    assert_eq!(response.error_code(), "invalid_field");
    assert_eq!(
        server.get("/api/sessions/plenary").await.json()["state"],
        "live"
    );

    // A PATCH that changes nothing produces no event.
    let response = server
        .patch_session("plenary", json!({"state": "live"}))
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    // Other fields.
    let response = server
        .patch_session(
            "plenary",
            json!({"title": "Opening plenary", "languages": ["en", "ar", "zh"]}),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let event = client.next_non_presence().await;
    assert_eq!(event["type"], "session.updated");
    assert_eq!(event["seq"], 2, "the no-op PATCH did not take a seq");
    assert_eq!(event["session"]["title"], "Opening plenary");
    assert_eq!(event["session"]["languages"], json!(["en", "ar", "zh"]));
    assert_eq!(
        client
            .quiet_for(std::time::Duration::from_millis(200))
            .await,
        None
    );

    // PATCH errors.
    let response = server
        .patch_session("no-such-session", json!({"state": "live"}))
        .await;
    assert_eq!(response.status, 404, "{}", response.body);
    let response = server
        .patch_session("plenary", json!({"languages": []}))
        .await;
    assert_eq!(response.status, 400, "{}", response.body);
    let response = server
        .patch_session("plenary", json!({"colour": "blue"}))
        .await;
    assert_eq!(response.status, 400, "unknown field: {}", response.body);
    let response = http(
        server.addr,
        "PATCH",
        "/api/sessions/plenary",
        &[("Content-Type", "application/json")],
        Some(b"{\"state\":\"ended\"}"),
    )
    .await;
    assert_eq!(
        response.status, 401,
        "PATCH without a token: {}",
        response.body
    );
    assert_eq!(
        server.get("/api/sessions/plenary").await.json()["state"],
        "live"
    );
    assert_eq!(server.fresh_seq("plenary").await, 2);
}

#[tokio::test]
async fn websocket_upgrade_checks_session_and_origin() {
    let server = start().await;
    server.create_session("main", "live").await;
    assert_eq!(
        upgrade_status(server.addr, "no-such-session", &[]).await,
        Some(404)
    );
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", "https://evil.example")]).await,
        Some(403)
    );
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", "null")]).await,
        Some(403)
    );
    let own_origin = format!("http://{}", server.addr);
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", own_origin.as_str())]).await,
        None,
        "the server's own origin"
    );
    assert_eq!(
        upgrade_status(server.addr, "main", &[]).await,
        None,
        "no Origin: not a browser"
    );

    // The accepted one really works.
    let mut client = common::try_connect(server.addr, "main", &[("Origin", own_origin.as_str())])
        .await
        .unwrap();
    client.join(&Join::new("Same origin")).await;
    let (message, _) = client.chat("c1", "hello").await;
    assert_eq!(message["seq"], 1);

    // A plain GET on the WebSocket route is not an upgrade.
    let response = server.get("/ws/sessions/main").await;
    assert!(
        response.status >= 400 && response.status < 500,
        "plain GET: {}",
        response.status
    );
}

#[tokio::test]
async fn allow_listed_origin_may_connect() {
    let server = common::start_with(|config| {
        config.hub.allowed_origins = vec!["https://igf.example".into()]
    })
    .await;
    server.create_session("main", "live").await;
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", "https://igf.example")]).await,
        None
    );
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", "https://evil.example")]).await,
        Some(403)
    );
}

#[tokio::test]
async fn sessions_list_is_public_json() {
    let server = start().await;
    let response = server.get("/api/sessions").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), Value::Array(vec![]));
}

/// Without `--admin-token`, the token is made once and kept in the data
/// directory, readable only by the server's user; a restart keeps it.
#[tokio::test]
async fn a_generated_admin_token_is_kept_in_the_data_directory_across_restarts() {
    use std::os::unix::fs::PermissionsExt;
    let mut server = common::start_with(|config| config.admin_token = None).await;
    let token = server.running().admin_token.clone();
    let path = server.data_dir().join(hybridhub::server::ADMIN_TOKEN_FILE);
    assert_eq!(
        server.running().admin_token_source,
        hybridhub::server::AdminTokenSource::File {
            path: path.clone(),
            origin: hybridhub::secret_file::SecretOrigin::Made
        }
    );
    assert!(token.len() >= 24, "a long random token: {token}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), token);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "only the owner reads it");

    let create = |addr, id: &'static str, token: String| async move {
        let bearer = format!("Bearer {token}");
        let body = json!({"id": id, "title": "Kept token", "state": "live"}).to_string();
        http(
            addr,
            "POST",
            "/api/sessions",
            &[
                ("Authorization", &bearer),
                ("Content-Type", "application/json"),
            ],
            Some(body.as_bytes()),
        )
        .await
    };
    assert_eq!(
        create(server.addr, "before", token.clone()).await.status,
        201
    );

    server.restart().await;
    assert_eq!(server.running().admin_token, token, "the same token");
    assert_eq!(
        server.running().admin_token_source,
        hybridhub::server::AdminTokenSource::File {
            path,
            origin: hybridhub::secret_file::SecretOrigin::Read
        }
    );
    assert_eq!(
        create(server.addr, "after", token.clone()).await.status,
        201
    );
    let wrong = create(server.addr, "wrong", format!("{token}x")).await;
    assert_eq!(wrong.status, 403);
}

/// A participant needs no invite; the refusal names every role an invite
/// can give.
#[tokio::test]
async fn an_invite_for_a_participant_is_refused_naming_the_roles_that_exist() {
    let server = start().await;
    server.create_session("main", "live").await;
    let refused = server
        .admin(
            "POST",
            "/api/sessions/main/invites",
            &json!({"role": "participant"}),
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    for role in ["moderator", "captioner", "display"] {
        assert!(message.contains(role), "{role} is missing from: {message}");
        let accepted = server
            .admin("POST", "/api/sessions/main/invites", &json!({"role": role}))
            .await;
        assert_eq!(accepted.status, 201, "{role}: {}", accepted.body);
    }
}
