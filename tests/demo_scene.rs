//! `serve --demo` plays a scripted scene in the live demo session, marked
//! as demo traffic, touching no other session, and stops for good when real
//! staff join.

mod common;

use common::{start_with, Join};
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_scene_plays_in_the_main_session_and_stops_when_a_moderator_joins() {
    let server = start_with(|config| {
        config.demo = true;
        config.demo_scene = true;
        config.hub.presence_interval = Duration::from_millis(100);
    })
    .await;
    let mut newcomer = server.join("main-session", &Join::new("Newcomer")).await;
    let mut elsewhere = server
        .join("ws-meaningful-access", &Join::new("Elsewhere"))
        .await;

    // Captions being written and finished, chat, a hub (counted as one
    // person until a moderator confirms its headcount): all from people
    // marked as the demo's.
    let mut seen_partial = false;
    let mut seen_final = false;
    let mut seen_chat = false;
    let mut seen_hub = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !(seen_partial && seen_final && seen_chat && seen_hub) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "partial {seen_partial}, final {seen_final}, chat {seen_chat}, hub {seen_hub}"
        );
        let frame = newcomer.next_json().await;
        match frame["type"].as_str().unwrap() {
            "caption.partial" => seen_partial = true,
            "caption.final" => seen_final = true,
            "chat.message" => {
                let name = frame["from"]["name"].as_str().unwrap();
                assert!(name.starts_with("Demo · "), "{frame}");
                seen_chat = true;
            }
            "presence" => seen_hub |= frame["hubs"] == 1,
            _ => {}
        }
    }
    assert_eq!(
        elsewhere
            .quiet_for(Duration::from_millis(300))
            .await
            .map(|frame| frame["type"].clone()),
        None,
        "no other session is touched"
    );

    // A real moderator arrives: the scene's people leave, and it is quiet.
    let invite = server
        .invite("main-session", json!({"role": "moderator"}))
        .await;
    let _chair = server
        .join(
            "main-session",
            &Join::new("Chair").token(invite["token"].as_str().unwrap()),
        )
        .await;
    newcomer
        .wait_presence("the demo's people gone", |presence| {
            presence["participants"] == 1 && presence["staff"] == 1 && presence["hubs"] == 0
        })
        .await;
    // An open caption line is finished as its writer leaves; after that,
    // nothing more comes from the scene.
    loop {
        match newcomer.quiet_for(Duration::from_millis(1500)).await {
            None => break,
            Some(frame) if frame["type"] == "caption.final" || frame["type"] == "presence" => {
                continue
            }
            Some(frame) => panic!("the scene goes on after staff joined: {frame}"),
        }
    }
}
