//! The organiser's invites over real HTTP and WebSockets: listed with
//! label, role, expiry and last use; revoked at once (a connected
//! moderator becomes a participant and is told, a room display is told and
//! closed with 4004, a caption URL stops working), refused at a later join,
//! and still revoked after a restart; a clear error for an unknown or
//! already revoked invite; QR codes as SVG.

mod common;

use common::{start, Join, TestServer};
use serde_json::{json, Value};

async fn invites(server: &TestServer, session: &str) -> Vec<Value> {
    let response = server
        .admin(
            "GET",
            &format!("/api/sessions/{session}/invites"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json().as_array().unwrap().clone()
}

async fn revoke(server: &TestServer, session: &str, invite: &str) -> common::HttpResponse {
    server
        .admin(
            "DELETE",
            &format!("/api/sessions/{session}/invites/{invite}"),
            &json!({}),
        )
        .await
}

#[tokio::test]
async fn invites_are_listed_with_label_role_expiry_last_use_and_their_link() {
    let server = start().await;
    server.create_session("main", "live").await;
    assert!(invites(&server, "main").await.is_empty());
    let moderator = server
        .invite("main", json!({"role": "moderator", "label": "Chair A"}))
        .await;
    let display = server
        .invite(
            "main",
            json!({"role": "display", "label": "Room 3 projector"}),
        )
        .await;
    let listed = invites(&server, "main").await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0]["id"], moderator["invite_id"]);
    assert_eq!(listed[0]["role"], "moderator");
    assert_eq!(listed[0]["label"], "Chair A");
    assert_eq!(listed[0]["expires_at"], moderator["expires_at"]);
    assert_eq!(
        listed[0]["url"], moderator["url"],
        "the very link handed out"
    );
    assert_eq!(listed[0]["last_used_at"], Value::Null, "never used yet");
    assert_eq!(listed[1]["role"], "display");
    assert_eq!(listed[1]["url"], display["url"]);

    let token = moderator["token"].as_str().unwrap();
    let _chair = server.join("main", &Join::new("Chair").token(token)).await;
    let listed = invites(&server, "main").await;
    assert!(
        listed[0]["last_used_at"].is_string(),
        "a join uses the invite: {:?}",
        listed[0]
    );
    assert_eq!(listed[1]["last_used_at"], Value::Null);

    // Only the organiser lists them.
    let anonymous = server.get("/api/sessions/main/invites").await;
    assert_eq!(anonymous.status, 401);
    let unknown = server
        .admin("GET", "/api/sessions/nope/invites", &json!({}))
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_revoked_moderator_is_told_becomes_a_participant_and_cannot_join_with_it_again() {
    let server = start().await;
    server.create_session("main", "live").await;
    let invite = server
        .invite("main", json!({"role": "moderator", "label": "leaked"}))
        .await;
    let token = invite["token"].as_str().unwrap().to_owned();
    let invite_id = invite["invite_id"].as_str().unwrap().to_owned();
    let mut holder = server.join("main", &Join::new("Chair").token(&token)).await;
    assert_eq!(holder.welcome["participant"]["role"], "moderator");
    let holder_id = holder.participant_id();
    let mut bystander = server.join("main", &Join::new("Ana")).await;

    let response = revoke(&server, "main", &invite_id).await;
    assert_eq!(response.status, 200, "{}", response.body);

    let told = holder.next_of_type("invite.revoked").await;
    assert_eq!(told["invite"], invite_id.as_str());
    assert_eq!(told["participant"], holder_id.as_str());
    let role = holder.next_of_type("participant.role").await;
    assert_eq!(role["participant"], holder_id.as_str());
    assert_eq!(role["role"], "participant");
    // The holder is a participant now: moderator commands are refused.
    let refused = holder
        .expect_error(r#"{"type":"announcement.pin","id":"a","text":"mine"}"#)
        .await;
    assert_eq!(refused["code"], "forbidden", "{refused}");
    // Everyone sees the role change; only the holder hears of the invite.
    let role = bystander.next_of_type("participant.role").await;
    assert_eq!(role["role"], "participant");

    // A new join with the revoked token is refused, and says why.
    let mut again = server.connect("main").await;
    again
        .send_json(&Join::new("Chair again").token(&token).to_json())
        .await;
    let error = again.next_of_type("error").await;
    assert_eq!(error["code"], "invalid_token", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("revoked"),
        "{error}"
    );

    let listed = invites(&server, "main").await;
    assert!(listed[0]["revoked_at"].is_string(), "{:?}", listed[0]);

    // Revoking again, or an invite that does not exist, is a clear error.
    let twice = revoke(&server, "main", &invite_id).await;
    assert_eq!(twice.status, 409, "{}", twice.body);
    assert_eq!(twice.error_code(), "conflict");
    let unknown = revoke(&server, "main", "no-such-invite").await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert_eq!(unknown.error_code(), "not_found");
    let no_session = revoke(&server, "nope", &invite_id).await;
    assert_eq!(no_session.status, 404);
    server.healthz_ok().await;
}

#[tokio::test]
async fn a_revoked_display_is_told_and_closed_and_a_revoked_caption_url_is_refused() {
    let server = start().await;
    server.create_session("main", "live").await;
    let display = server.invite("main", json!({"role": "display"})).await;
    let mut screen = server.connect("main").await;
    screen
        .send_json(
            &json!({"type": "join", "name": "Room display", "mode": "onsite",
            "stakeholder": "other", "region": "unspecified", "token": display["token"]}),
        )
        .await;
    let welcome = screen.next_of_type("welcome").await;
    assert_eq!(welcome["participant"]["role"], "display");

    let captioner = server.invite("main", json!({"role": "captioner"})).await;
    let url = captioner["caption_url"].as_str().unwrap();
    let caption_path = &url[url.find("/api/").unwrap()..];
    assert_eq!(
        server
            .post_caption(caption_path, 1, "before\n")
            .await
            .status,
        200
    );

    let response = revoke(&server, "main", display["invite_id"].as_str().unwrap()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let told = screen.next_of_type("invite.revoked").await;
    assert_eq!(told["invite"], display["invite_id"]);
    assert_eq!(screen.expect_close().await, Some(4004));

    let response = revoke(&server, "main", captioner["invite_id"].as_str().unwrap()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let refused = server.post_caption(caption_path, 2, "after\n").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("revoked"), "{}", refused.body);
}

#[tokio::test]
async fn a_revocation_holds_after_a_restart() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let invite = server.invite("main", json!({"role": "moderator"})).await;
    let token = invite["token"].as_str().unwrap().to_owned();
    let invite_id = invite["invite_id"].as_str().unwrap().to_owned();
    assert_eq!(revoke(&server, "main", &invite_id).await.status, 200);

    server.restart().await;
    let mut again = server.connect("main").await;
    again
        .send_json(&Join::new("Chair").token(&token).to_json())
        .await;
    let error = again.next_of_type("error").await;
    assert_eq!(error["code"], "invalid_token", "{error}");
    let listed = invites(&server, "main").await;
    assert_eq!(listed.len(), 1);
    assert!(listed[0]["revoked_at"].is_string());
    assert_eq!(revoke(&server, "main", &invite_id).await.status, 409);
}

#[tokio::test]
async fn qr_codes_are_svg_for_an_invite_and_for_the_onsite_link() {
    let server = start().await;
    server.create_session("main", "live").await;
    let display = server.invite("main", json!({"role": "display"})).await;
    let path = format!(
        "/api/sessions/main/invites/{}/qr.svg",
        display["invite_id"].as_str().unwrap()
    );
    let qr = server.admin("GET", &path, &json!({})).await;
    assert_eq!(qr.status, 200, "{}", qr.body);
    assert_eq!(qr.header("content-type"), Some("image/svg+xml"));
    assert!(
        qr.body.contains("<svg"),
        "{}",
        &qr.body[..100.min(qr.body.len())]
    );
    assert_eq!(
        server.get(&path).await.status,
        401,
        "the invite's QR is the organiser's"
    );
    let missing = server
        .admin("GET", "/api/sessions/main/invites/nope/qr.svg", &json!({}))
        .await;
    assert_eq!(missing.status, 404);

    let onsite = server.get("/api/sessions/main/onsite-qr.svg").await;
    assert_eq!(onsite.status, 200);
    assert!(onsite.body.contains("<svg"));
    assert_eq!(
        server.get("/api/sessions/nope/onsite-qr.svg").await.status,
        404
    );
}
