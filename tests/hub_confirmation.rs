//! A remote hub's headcount counts only once a moderator confirms it:
//! anyone may join as a hub and claim 10,000 people, and the figures used
//! to believe them.

mod common;

use common::{start, Join};
use serde_json::json;

#[tokio::test]
async fn a_claimed_crowd_counts_as_one_until_a_moderator_confirms_it() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let token = server.invite("main", json!({"role": "moderator"})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut chair = server.join("main", &Join::new("Chair").token(&token)).await;
    let mut kibera = server
        .join("main", &Join::new("Kibera hub").hub("Kibera hub", 25))
        .await;
    let _bogus = server
        .join("main", &Join::new("Crowd").hub("Crowd", 10_000))
        .await;
    chair
        .wait_presence("two hubs counted as one person each", |presence| {
            presence["attendees"] == 2 && presence["hubs"] == 2
        })
        .await;
    assert_eq!(kibera.welcome["participant"]["hub"]["confirmed"], false);

    let refusal = kibera
        .expect_error(
            &json!({"type":"hub.confirm","id":"self","participant":kibera.participant_id(),"headcount":25})
                .to_string(),
        )
        .await;
    assert_eq!(refusal["code"], "forbidden");

    chair
        .send_json(&json!({"type":"hub.confirm","id":"ok","participant":kibera.participant_id(),"headcount":25}))
        .await;
    let confirmed = chair.next_of_type("hub.confirmed").await;
    assert_eq!(confirmed["headcount"], 25);
    assert_eq!(chair.next_of_type("ack").await["id"], "ok");
    chair
        .wait_presence("the confirmed hub as 25", |presence| {
            presence["attendees"] == 26
        })
        .await;
    assert_eq!(
        kibera.next_of_type("hub.confirmed").await["participant"],
        kibera.participant_id()
    );

    for moment in ["live", "after a restart"] {
        let report = server
            .admin("GET", "/api/sessions/main/report", &json!({}))
            .await
            .json();
        let hubs = &report["attendance"]["hubs"];
        assert_eq!(hubs["confirmed"], 1, "{moment}: {hubs}");
        assert_eq!(hubs["confirmed_people"], 25, "{moment}");
        assert_eq!(hubs["unconfirmed"], 1, "{moment}");
        assert_eq!(hubs["unconfirmed_claimed_people"], 10_000, "{moment}");
        assert_eq!(report["attendance"]["unique"]["total"], 26, "{moment}");
        if moment == "live" {
            server.restart().await;
        }
    }
}
