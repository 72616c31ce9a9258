//! Importing a schedule and deleting a session, over real HTTP: a file is
//! previewed row by row (each bad row with its reason), then its good rows
//! are imported all or none; uploads have a size limit; a session that
//! never went live can be deleted, one that was live keeps its record;
//! the sign-in cookie needs this server's own Origin for all of it.

mod common;

use common::{
    http, start, start_with, upgrade_status, HttpResponse, Join, TestServer, ADMIN_TOKEN,
};
use serde_json::{json, Value};
use std::time::Duration;

async fn upload(server: &TestServer, path: &str, content_type: &str, body: &[u8]) -> HttpResponse {
    let authorization = format!("Bearer {ADMIN_TOKEN}");
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Content-Type", content_type),
    ];
    http(server.addr, "POST", path, &headers, Some(body)).await
}

async fn preview(server: &TestServer, content_type: &str, body: &str) -> Value {
    let response = upload(
        server,
        "/api/schedule/preview",
        content_type,
        body.as_bytes(),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn import(server: &TestServer, content_type: &str, body: &str, digest: &str) -> HttpResponse {
    let path = format!("/api/schedule/import?preview={digest}");
    upload(server, &path, content_type, body.as_bytes()).await
}

async fn session_ids(server: &TestServer) -> Vec<String> {
    let mut ids: Vec<String> = server
        .get("/api/sessions")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|session| session["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//IGF//Programme//EN\r
BEGIN:VEVENT\r
UID:opening\r
SUMMARY:Opening ceremony\r
LOCATION:Plenary Hall\r
DTSTART;TZID=Europe/Oslo:20990623T090000\r
DTEND;TZID=Europe/Oslo:20990623T103000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:ws-42\r
SUMMARY:Workshop 42\r
LOCATION:Room 3\r
DTSTART:20990623T110000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:mars\r
SUMMARY:On Mars time\r
DTSTART;TZID=Mars/Olympus_Mons:20990623T110000\r
END:VEVENT\r
END:VCALENDAR\r
";

#[tokio::test]
async fn a_calendar_is_previewed_row_by_row_and_its_good_rows_imported_together() {
    let server = start().await;
    server.create_session("taken", "scheduled").await;
    let calendar = CALENDAR.replace("UID:ws-42", "UID:taken");
    let shown = preview(&server, "text/calendar", &calendar).await;
    assert_eq!(shown["format"], "ics");
    assert_eq!(
        (shown["importable"].as_u64(), shown["refused"].as_u64()),
        (Some(1), Some(2))
    );
    let rows = shown["rows"].as_array().unwrap();
    assert_eq!(rows[0]["row"], 1);
    assert_eq!(rows[0]["session"]["id"], "opening");
    assert_eq!(rows[0]["session"]["starts_at"], "2099-06-23T07:00:00.000Z");
    assert_eq!(rows[0]["session"]["time_zone"], "Europe/Oslo");
    assert_eq!(rows[0]["session"]["room"], "Plenary Hall");
    assert_eq!(rows[1]["id"], "taken");
    assert_eq!(
        rows[1]["error"],
        "a session with the id taken exists already"
    );
    assert_eq!(rows[2]["id"], "mars");
    assert!(
        rows[2]["error"]
            .as_str()
            .unwrap()
            .contains("unknown time zone Mars/Olympus_Mons"),
        "{}",
        rows[2]
    );
    assert!(rows[1].get("session").is_none() && rows[0].get("error").is_none());
    assert_eq!(
        session_ids(&server).await,
        ["taken"],
        "a preview creates nothing"
    );

    // The import needs the preview's digest, and takes the good row only.
    let without = upload(
        &server,
        "/api/schedule/import",
        "text/calendar",
        calendar.as_bytes(),
    )
    .await;
    assert_eq!(
        (without.status, without.error_code().as_str()),
        (400, "invalid_field")
    );
    let digest = shown["preview"].as_str().unwrap();
    let unseen = import(&server, "text/calendar", &calendar, "0123456789abcdef").await;
    assert_eq!(
        (unseen.status, unseen.error_code().as_str()),
        (409, "conflict")
    );
    assert_eq!(
        session_ids(&server).await,
        ["taken"],
        "not what the preview showed"
    );
    let imported = import(&server, "text/calendar", &calendar, digest).await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    assert_eq!(imported.json()["refused"], 2);
    assert_eq!(imported.json()["imported"][0]["id"], "opening");
    assert_eq!(session_ids(&server).await, ["opening", "taken"]);
    let opening = server.get("/api/sessions/opening").await.json();
    assert_eq!(opening["title"], "Opening ceremony");
    assert_eq!(opening["state"], "scheduled");
    assert_eq!(opening["ends_at"], "2099-06-23T08:30:00.000Z");

    // The same file again: its row exists now, so that preview is stale.
    let again = import(&server, "text/calendar", &calendar, digest).await;
    assert_eq!(
        (again.status, again.error_code().as_str()),
        (409, "conflict")
    );
}

#[tokio::test]
async fn json_and_csv_files_are_read_with_the_same_rules() {
    let server = start().await;
    let schedule = json!({"sessions": [
        {"id": "plenary", "title": "Plenary", "starts_at": "2099-06-23T09:00:00Z", "languages": ["en", "fr"]},
        {"id": "bell", "title": "Bell \u{7}", "starts_at": "2099-06-23T09:00:00Z"},
    ]})
    .to_string();
    let shown = preview(&server, "application/json", &schedule).await;
    assert_eq!(
        shown["rows"][0]["session"]["languages"],
        json!(["en", "fr"])
    );
    assert_eq!(
        shown["rows"][1]["error"],
        "title must be 1 to 200 characters, with no control characters"
    );
    let table = "id,title,room,starts_at,ends_at,time_zone,languages\n\
                 ws-1,Workshop 1,Room 1,2099-06-23 11:00,2099-06-23 12:00,Africa/Nairobi,en sw\n\
                 ws-1,Workshop 1 again,Room 1,2099-06-23 11:00,,Africa/Nairobi,en\n";
    let shown = preview(&server, "text/csv; charset=utf-8", table).await;
    assert_eq!(
        shown["rows"][0]["row"], 2,
        "rows are CSV lines, the header is line 1"
    );
    assert_eq!(
        shown["rows"][0]["session"]["starts_at"],
        "2099-06-23T08:00:00.000Z"
    );
    assert_eq!(shown["rows"][1]["error"], "the id ws-1 repeats row 2");
    let imported = import(
        &server,
        "text/csv",
        table,
        shown["preview"].as_str().unwrap(),
    )
    .await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    assert!(session_ids(&server).await.contains(&"ws-1".to_owned()));
}

#[tokio::test]
async fn a_row_taken_between_preview_and_import_imports_nothing() {
    let server = start().await;
    let shown = preview(&server, "text/calendar", CALENDAR).await;
    assert_eq!(shown["importable"], 2);
    // Someone makes ws-42 by hand meanwhile.
    server.create_session("ws-42", "scheduled").await;
    let imported = import(
        &server,
        "text/calendar",
        CALENDAR,
        shown["preview"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        (imported.status, imported.error_code().as_str()),
        (409, "conflict"),
        "{}",
        imported.body
    );
    assert!(
        !session_ids(&server).await.contains(&"opening".to_owned()),
        "nothing imported"
    );
}

#[tokio::test]
async fn an_import_whose_commit_fails_leaves_nothing_behind() {
    let server = start_with(|config| {
        config.max_database_bytes = Some(128 * 1024);
    })
    .await;
    let title = "t".repeat(200);
    let room = "r".repeat(100);
    let mut table = String::from("id,title,room,starts_at\n");
    for number in 0..600 {
        table.push_str(&format!("s-{number},{title},{room},2099-06-23T09:00:00Z\n"));
    }
    let shown = preview(&server, "text/csv", &table).await;
    assert_eq!(shown["importable"], 600);
    let imported = import(
        &server,
        "text/csv",
        &table,
        shown["preview"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        (imported.status, imported.error_code().as_str()),
        (507, "storage_full"),
        "{}",
        imported.body
    );
    assert!(
        session_ids(&server)
            .await
            .iter()
            .all(|id| !id.starts_with("s-")),
        "not one row"
    );
    server.healthz_ok().await;
    // What fits still goes in, whole.
    let small = "id,title,starts_at\nsmall,Small,2099-06-23T09:00:00Z\n";
    let shown = preview(&server, "text/csv", small).await;
    let imported = import(
        &server,
        "text/csv",
        small,
        shown["preview"].as_str().unwrap(),
    )
    .await;
    assert_eq!(imported.status, 201, "{}", imported.body);
}

#[tokio::test]
async fn oversized_malformed_and_unnamed_files_are_refused_plainly() {
    let server = start().await;
    let huge = format!("id,title,starts_at\n{}", "x".repeat(1024 * 1024));
    let refused = upload(
        &server,
        "/api/schedule/preview",
        "text/csv",
        huge.as_bytes(),
    )
    .await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (413, "too_large")
    );
    assert!(refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("at most 1 MiB"));
    for (content_type, body, problem) in [
        ("text/calendar", "not a calendar", "iCalendar"),
        ("application/json", "{\"sessions\": 3", "not valid JSON"),
        ("text/csv", "id,title,colour\n", "unknown column"),
    ] {
        let refused = upload(
            &server,
            "/api/schedule/preview",
            content_type,
            body.as_bytes(),
        )
        .await;
        assert_eq!(
            (refused.status, refused.error_code().as_str()),
            (400, "invalid_field"),
            "{body}"
        );
        assert!(refused.body.contains(problem), "{}", refused.body);
    }
    let latin1 = upload(
        &server,
        "/api/schedule/preview",
        "text/csv",
        b"id,title,starts_at\nx,Caf\xe9,2099-06-23T09:00:00Z\n",
    )
    .await;
    assert_eq!(latin1.status, 400);
    assert!(latin1.body.contains("not UTF-8"), "{}", latin1.body);
    let unnamed = upload(
        &server,
        "/api/schedule/preview",
        "text/plain",
        b"id,title\n",
    )
    .await;
    assert_eq!(
        (unnamed.status, unnamed.error_code().as_str()),
        (415, "unsupported_media_type")
    );
    let anonymous = http(
        server.addr,
        "POST",
        "/api/schedule/preview",
        &[("Content-Type", "text/csv")],
        Some(b"id\n"),
    )
    .await;
    assert_eq!(anonymous.status, 401);
    server.healthz_ok().await;
}

#[tokio::test]
async fn only_a_session_that_never_went_live_can_be_deleted() {
    let mut server = start().await;
    server.create_session("later", "scheduled").await;
    server.create_session("on-air", "live").await;
    server.create_session("once", "scheduled").await;
    let made_live = server.patch_session("once", json!({"state": "live"})).await;
    assert_eq!(made_live.status, 200);
    server
        .patch_session("once", json!({"state": "ended"}))
        .await;

    for id in ["on-air", "once"] {
        let refused = server
            .admin("DELETE", &format!("/api/sessions/{id}"), &json!({}))
            .await;
        assert_eq!(
            (refused.status, refused.error_code().as_str()),
            (409, "session_was_live"),
            "{id}"
        );
        assert_eq!(
            server.get(&format!("/api/sessions/{id}")).await.status,
            200,
            "{id} stays"
        );
    }
    let unknown = server
        .admin("DELETE", "/api/sessions/nothing", &json!({}))
        .await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (404, "not_found")
    );

    // Someone waiting in it: refused until they leave.
    let waiting = server.join("later", &Join::new("Early bird")).await;
    let refused = server
        .admin("DELETE", "/api/sessions/later", &json!({}))
        .await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (409, "session_in_use")
    );
    waiting.close().await;
    let deleted = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let answer = server
                .admin("DELETE", "/api/sessions/later", &json!({}))
                .await;
            if answer.status != 409 {
                break answer;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the connection closes");
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(server.get("/api/sessions/later").await.status, 404);
    assert_eq!(upgrade_status(server.addr, "later", &[]).await, Some(404));

    // Gone from the store as well: not back after a restart, and its id is free.
    server.restart().await;
    assert_eq!(server.get("/api/sessions/later").await.status, 404);
    assert_eq!(server.get("/api/sessions/once").await.status, 200);
    server.create_session("later", "scheduled").await;
}

#[tokio::test]
async fn with_the_sign_in_cookie_only_this_servers_own_origin_may_import_or_delete() {
    let server = start().await;
    server.create_session("doomed", "scheduled").await;
    let body = json!({"token": ADMIN_TOKEN}).to_string();
    let signed_in = http(
        server.addr,
        "POST",
        "/api/admin/sign-in",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    )
    .await;
    let cookie = signed_in
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let own = format!("http://{}", server.addr);
    let table = "id,title,starts_at\nfrom-cookie,From the console,2099-06-23T09:00:00Z\n";
    let send =
        |method: &'static str, path: String, origin: Option<&'static str>, with_own: bool| {
            let cookie = cookie.clone();
            let own = own.clone();
            async move {
                let mut headers = vec![("Cookie", cookie.as_str()), ("Content-Type", "text/csv")];
                if with_own {
                    headers.push(("Origin", own.as_str()));
                } else if let Some(origin) = origin {
                    headers.push(("Origin", origin));
                }
                http(server.addr, method, &path, &headers, Some(table.as_bytes())).await
            }
        };
    for origin in [None, Some("http://evil.example")] {
        for (method, path) in [
            ("POST", "/api/schedule/preview".to_owned()),
            ("POST", "/api/schedule/import?preview=x".to_owned()),
            ("DELETE", "/api/sessions/doomed".to_owned()),
        ] {
            let refused = send(method, path.clone(), origin, false).await;
            assert_eq!(
                (refused.status, refused.error_code().as_str()),
                (403, "forbidden"),
                "{method} {path} from {origin:?}"
            );
        }
    }
    let shown = send("POST", "/api/schedule/preview".into(), None, true).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let digest = shown.json()["preview"].as_str().unwrap().to_owned();
    let imported = send(
        "POST",
        format!("/api/schedule/import?preview={digest}"),
        None,
        true,
    )
    .await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    let deleted = send("DELETE", "/api/sessions/doomed".into(), None, true).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
}
