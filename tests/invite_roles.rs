//! Roles do not outlive the invites that gave them: a resume restores the
//! person, and the role is what their invite gives now (or what a
//! moderator chose); a moderator invite seats one person.

mod common;

use common::{start, Join};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn an_expired_invite_no_longer_restores_a_moderator_and_seats_one_person_only() {
    let server = start().await;
    server.create_session("main", "live").await;
    let expires_at = (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2)).to_string();
    let invite = server
        .invite(
            "main",
            json!({"role": "moderator", "expires_at": expires_at}),
        )
        .await;
    let token = invite["token"].as_str().unwrap().to_owned();

    let chair = server
        .join(
            "main",
            &Join::new("Chair").client_id("chair-browser").token(&token),
        )
        .await;
    assert_eq!(chair.welcome["participant"]["role"], "moderator");
    let secret = chair.welcome["resume_secret"].as_str().unwrap().to_owned();

    // A leaked link: someone else is refused, not made a moderator.
    let mut leak = server.connect("main").await;
    leak.send_json(
        &Join::new("Leak")
            .client_id("leak-browser")
            .token(&token)
            .to_json(),
    )
    .await;
    let refused = leak.next_json().await;
    assert_eq!(refused["code"], "invalid_token", "{refused}");
    let as_participant = leak
        .join(&Join::new("Leak").client_id("leak-browser"))
        .await;
    assert_eq!(as_participant["participant"]["role"], "participant");

    // The invite expires; the chair's resume still restores the person,
    // but not the role.
    chair.close().await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut back = server.connect("main").await;
    back.send_json(
        &Join::new("Chair")
            .client_id("chair-browser")
            .resume_secret(&secret)
            .token(&token)
            .to_json(),
    )
    .await;
    assert_eq!(back.next_json().await["code"], "invalid_token");
    let welcome = back
        .join(
            &Join::new("Chair")
                .client_id("chair-browser")
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(welcome["restored"], true);
    assert_eq!(welcome["participant"]["role"], "participant");
    let refusal = back
        .expect_error(r#"{"type":"chat.configure","id":"c","mode":"locked"}"#)
        .await;
    assert_eq!(refusal["code"], "forbidden");
}

#[tokio::test]
async fn a_demotion_sticks_against_the_invite() {
    let server = start().await;
    server.create_session("main", "live").await;
    let token_of = |invite: serde_json::Value| invite["token"].as_str().unwrap().to_owned();
    let first = token_of(server.invite("main", json!({"role": "moderator"})).await);
    let second = token_of(server.invite("main", json!({"role": "moderator"})).await);
    let mut lead = server.join("main", &Join::new("Lead").token(&first)).await;
    let co = server
        .join(
            "main",
            &Join::new("Co-chair").client_id("co-browser").token(&second),
        )
        .await;
    let co_id = co.participant_id();
    let secret = co.welcome["resume_secret"].as_str().unwrap().to_owned();
    lead.send_json(
        &json!({"type":"participant.set_role","id":"d","participant": co_id,"role":"participant"}),
    )
    .await;
    assert_eq!(lead.next_of_type("ack").await["id"], "d");
    co.close().await;
    let again = server
        .join(
            "main",
            &Join::new("Co-chair")
                .client_id("co-browser")
                .resume_secret(&secret)
                .token(&second),
        )
        .await;
    assert_eq!(again.welcome["restored"], true);
    assert_eq!(again.welcome["participant"]["role"], "participant");
}
