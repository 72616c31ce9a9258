//! The console's sign-in over real HTTP: the admin token exchanged once
//! for an HttpOnly, SameSite=Strict cookie with an expiry; changes made
//! with it only from the server's own origin; sign-out ends it; a wrong
//! token gets one answer whatever was wrong; attempts are rate-limited per
//! address; the Bearer API is unchanged.

mod common;

use common::{http, start, start_with, HttpResponse, TestServer, ADMIN_TOKEN};
use serde_json::json;
use std::time::{Duration, Instant};

async fn sign_in(server: &TestServer, token: &str) -> HttpResponse {
    let body = json!({ "token": token }).to_string();
    http(
        server.addr,
        "POST",
        "/api/admin/sign-in",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    )
    .await
}

/// The `name=value` of a `Set-Cookie` header.
fn cookie_of(response: &HttpResponse) -> String {
    let set_cookie = response.header("set-cookie").expect("a Set-Cookie header");
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn with_cookie(
    server: &TestServer,
    method: &str,
    path: &str,
    cookie: &str,
    origin: Option<&str>,
    body: Option<&str>,
) -> HttpResponse {
    let mut headers = vec![("Cookie", cookie), ("Content-Type", "application/json")];
    if let Some(origin) = origin {
        headers.push(("Origin", origin));
    }
    http(server.addr, method, path, &headers, body.map(str::as_bytes)).await
}

#[tokio::test]
async fn the_token_is_exchanged_for_a_strict_http_only_cookie_that_signs_out() {
    let server = start().await;
    let own = format!("http://{}", server.addr);
    let response = sign_in(&server, ADMIN_TOKEN).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(response.json()["expires_at"].is_string());
    let set_cookie = response.header("set-cookie").unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(
            set_cookie.contains(attribute),
            "{attribute} in {set_cookie}"
        );
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP: {set_cookie}");
    assert!(
        !set_cookie.contains(ADMIN_TOKEN),
        "the cookie is not the token"
    );
    let cookie = cookie_of(&response);

    let status = with_cookie(&server, "GET", "/api/admin/sign-in", &cookie, None, None).await;
    assert_eq!(status.status, 200, "{}", status.body);
    assert_eq!(status.json()["signed_in"], true);

    // A change with the cookie needs this server's own Origin.
    let session = json!({"id": "main", "title": "Main", "state": "live"}).to_string();
    let missing = with_cookie(
        &server,
        "POST",
        "/api/sessions",
        &cookie,
        None,
        Some(&session),
    )
    .await;
    assert_eq!(missing.status, 403, "{}", missing.body);
    assert!(missing.body.contains("cross-site"), "{}", missing.body);
    let foreign = with_cookie(
        &server,
        "POST",
        "/api/sessions",
        &cookie,
        Some("http://evil.example"),
        Some(&session),
    )
    .await;
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    let created = with_cookie(
        &server,
        "POST",
        "/api/sessions",
        &cookie,
        Some(&own),
        Some(&session),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    // Reading needs no Origin.
    let invites = with_cookie(
        &server,
        "GET",
        "/api/sessions/main/invites",
        &cookie,
        None,
        None,
    )
    .await;
    assert_eq!(invites.status, 200, "{}", invites.body);

    // An altered cookie is refused.
    let altered = format!("{cookie}x");
    let refused = with_cookie(&server, "GET", "/api/admin/sign-in", &altered, None, None).await;
    assert_eq!(refused.status, 401, "{}", refused.body);

    let signed_out = with_cookie(
        &server,
        "POST",
        "/api/admin/sign-out",
        &cookie,
        Some(&own),
        None,
    )
    .await;
    assert_eq!(signed_out.status, 204, "{}", signed_out.body);
    assert!(signed_out
        .header("set-cookie")
        .unwrap()
        .contains("Max-Age=0"));
    let after = with_cookie(&server, "GET", "/api/admin/sign-in", &cookie, None, None).await;
    assert_eq!(after.status, 401, "{}", after.body);
    assert!(after.body.contains("signed out"), "{}", after.body);

    // The Bearer API is unchanged, and needs no Origin.
    let bearer = server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "other", "title": "Other", "state": "live"}),
        )
        .await;
    assert_eq!(bearer.status, 201, "{}", bearer.body);
}

#[tokio::test]
async fn a_wrong_token_gets_the_same_answer_whatever_was_wrong() {
    let server = start().await;
    let mut answers = Vec::new();
    for wrong in [
        "x".to_owned(),
        format!("{}x", &ADMIN_TOKEN[..ADMIN_TOKEN.len() - 1]),
        format!("x{}", &ADMIN_TOKEN[1..]),
        format!("{ADMIN_TOKEN}x"),
    ] {
        let started = Instant::now();
        let response = sign_in(&server, &wrong).await;
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(350),
            "{wrong}: answered in {took:?}"
        );
        assert!(response.header("set-cookie").is_none());
        answers.push((response.status, response.body));
    }
    assert!(
        answers.iter().all(|answer| *answer == answers[0]),
        "{answers:?}"
    );
    assert_eq!(answers[0].0, 403);

    let malformed = http(
        server.addr,
        "POST",
        "/api/admin/sign-in",
        &[("Content-Type", "application/json")],
        Some(b"{\"password\":1}"),
    )
    .await;
    assert_eq!(malformed.status, 400, "{}", malformed.body);
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let server = start().await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        // Malformed bodies are refused at once, so the test stays quick.
        let response = http(
            server.addr,
            "POST",
            "/api/admin/sign-in",
            &[("Content-Type", "application/json")],
            Some(b"{}"),
        )
        .await;
        statuses.push(response.status);
    }
    assert_eq!(&statuses[..10], &[400; 10], "{statuses:?}");
    assert_eq!(statuses[10], 429, "{statuses:?}");
    let limited = sign_in(&server, ADMIN_TOKEN).await;
    assert_eq!(limited.status, 429, "even the right token waits");
    assert!(limited.header("retry-after").is_some());
}

#[tokio::test]
async fn the_cookie_is_secure_behind_an_https_public_url_and_changes_need_that_origin() {
    let server = start_with(|config| {
        config.public_url = Some("https://hub.example.org".into());
    })
    .await;
    let response = sign_in(&server, ADMIN_TOKEN).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(response.header("set-cookie").unwrap().contains("; Secure"));
    let cookie = cookie_of(&response);
    let session = json!({"id": "main", "title": "Main", "state": "live"}).to_string();
    let plain = format!("http://{}", server.addr);
    let refused = with_cookie(
        &server,
        "POST",
        "/api/sessions",
        &cookie,
        Some(&plain),
        Some(&session),
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let created = with_cookie(
        &server,
        "POST",
        "/api/sessions",
        &cookie,
        Some("https://hub.example.org"),
        Some(&session),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
}
