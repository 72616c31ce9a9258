//! Revoking an invite in cluster mode: the revocation is a command in the
//! session's log, so a holder connected to another node loses the role at
//! once, and that node refuses the token at join and lists it as revoked.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like
//! `tests/cluster_nodes.rs` (`tests/run-all.sh` installs it).

mod common;

mod nats_server;
use common::{start_cluster_node, Join};
use nats_server::start_nats_server;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_on_one_node_holds_on_the_other() {
    let nats = start_nats_server();
    tokio::time::timeout(Duration::from_secs(30), async {
        let node1 = start_cluster_node(&nats.url, "node-1").await;
        let node2 = start_cluster_node(&nats.url, "node-2").await;
        let created = node1
            .admin(
                "POST",
                "/api/sessions",
                &json!({"id": "main", "title": "Main", "state": "live"}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        node2.session_when_known("main").await;

        let invite = node1
            .invite("main", json!({"role": "moderator", "label": "leaked"}))
            .await;
        let token = invite["token"].as_str().unwrap().to_owned();
        let invite_id = invite["invite_id"].as_str().unwrap().to_owned();
        let mut holder = node2.join("main", &Join::new("Chair").token(&token)).await;
        assert_eq!(holder.welcome["participant"]["role"], "moderator");

        let revoked = node1
            .admin(
                "DELETE",
                &format!("/api/sessions/main/invites/{invite_id}"),
                &json!({}),
            )
            .await;
        assert_eq!(revoked.status, 200, "{}", revoked.body);
        let told = holder.next_of_type("invite.revoked").await;
        assert_eq!(told["participant"], holder.participant_id().as_str());
        let role = holder.next_of_type("participant.role").await;
        assert_eq!(role["role"], "participant");

        let mut again = node2.connect("main").await;
        again
            .send_json(&Join::new("Chair").token(&token).to_json())
            .await;
        let error = again.next_of_type("error").await;
        assert_eq!(error["code"], "invalid_token", "{error}");

        let listed = node2
            .admin("GET", "/api/sessions/main/invites", &json!({}))
            .await;
        assert_eq!(listed.status, 200, "{}", listed.body);
        let listed = listed.json();
        assert_eq!(listed[0]["id"], invite_id.as_str(), "{listed}");
        assert!(listed[0]["revoked_at"].is_string(), "{listed}");
        // Revoking it again on the other node is the same clear error.
        let twice = node2
            .admin(
                "DELETE",
                &format!("/api/sessions/main/invites/{invite_id}"),
                &json!({}),
            )
            .await;
        assert_eq!(twice.status, 409, "{}", twice.body);
    })
    .await
    .expect("the scenario finishes in time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_a_schedule_and_deleting_a_session_are_refused_plainly_in_cluster_mode() {
    let nats = start_nats_server();
    tokio::time::timeout(Duration::from_secs(30), async {
        let node = start_cluster_node(&nats.url, "node-1").await;
        node.create_session("later", "scheduled").await;
        let refused = node
            .admin("DELETE", "/api/sessions/later", &json!({}))
            .await;
        assert_eq!(
            (refused.status, refused.error_code().as_str()),
            (501, "not_in_cluster")
        );
        assert_eq!(node.get("/api/sessions/later").await.status, 200);
        let schedule =
            json!([{"id": "imported", "title": "Imported", "starts_at": "2099-06-23T09:00:00Z"}]);
        let preview = node.admin("POST", "/api/schedule/preview", &schedule).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        let digest = preview.json()["preview"].as_str().unwrap().to_owned();
        let refused = node
            .admin(
                "POST",
                &format!("/api/schedule/import?preview={digest}"),
                &schedule,
            )
            .await;
        assert_eq!(
            (refused.status, refused.error_code().as_str()),
            (501, "not_in_cluster")
        );
        assert_eq!(node.get("/api/sessions/imported").await.status, 404);
    })
    .await
    .expect("within 30 s");
}
