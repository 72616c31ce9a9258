//! The event's participation figures over real HTTP and WebSockets:
//! `GET /api/event/report` counts people once across reconnects, tabs and
//! sessions, a hub as its headcount, and gives a row per session; CSV too;
//! the organiser's alone.

mod common;

use common::{start, Join};
use serde_json::json;

#[tokio::test]
async fn the_event_report_counts_people_once_across_tabs_reconnects_and_sessions() {
    let server = start().await;
    server.create_session("a", "live").await;
    server.create_session("b", "live").await;
    let ana = Join::new("Ana")
        .client_id("browser-ana")
        .stakeholder("government")
        .region("asia_pacific");
    let tab1 = server.join("a", &ana).await;
    let tab2 = server
        .join(
            "a",
            &ana.clone()
                .resume_secret(tab1.welcome["resume_secret"].as_str().unwrap()),
        )
        .await;
    tab2.close().await;
    let _in_b = server.join("b", &ana).await;
    let hub = server
        .join(
            "b",
            &Join::new("Nairobi")
                .mode("remote")
                .hub("Nairobi hub", 25)
                .client_id("hub-1"),
        )
        .await;
    // A hub counts as one until its headcount is confirmed.
    server.confirm_hub("b", &hub.participant_id(), 25).await;
    let invite = server.invite("a", json!({"role": "moderator"})).await;
    let _chair = server
        .join(
            "a",
            &Join::new("Chair").token(invite["token"].as_str().unwrap()),
        )
        .await;

    let response = server.admin("GET", "/api/event/report", &json!({})).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let report = response.json();
    let people = &report["participants"];
    assert_eq!(
        people["total"], 26,
        "Ana once, the hub as 25, no chair: {people}"
    );
    assert_eq!(people["by_mode"]["hub"], 25);
    assert_eq!(people["by_stakeholder"]["government"], 1);
    assert_eq!(people["by_region"]["asia_pacific"], 1);
    assert_eq!(report["hubs"][0]["headcount"], 25);
    let sessions = report["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    let a = sessions.iter().find(|row| row["id"] == "a").unwrap();
    assert_eq!(a["unique"], 1, "{a}");

    let csv = server
        .admin("GET", "/api/event/report?format=csv", &json!({}))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.body.starts_with("section,key,metric,value\n"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("participants,all,unique,26\n"),
        "{}",
        csv.body
    );

    assert_eq!(server.get("/api/event/report").await.status, 401);
    let bad = server
        .admin("GET", "/api/event/report?format=xml", &json!({}))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.error_code(), "invalid_field");
}
