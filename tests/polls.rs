//! Shows of hands and polls over real WebSockets: everyone counts (online,
//! in the room, a remote hub by headcount, the chair's count apart), held
//! back results stay with moderators until published, bad input is refused
//! with the connection kept, and a restart in the middle of a poll loses no
//! answer.

mod common;

use common::{start_with, Client, Join, TestServer};
use serde_json::{json, Value};
use std::time::Duration;

async fn fast_server() -> TestServer {
    start_with(|config| {
        config.hub.presence_interval = Duration::from_millis(100);
        config.hub.poll_tally_interval = Duration::from_millis(50);
    })
    .await
}

async fn moderator(server: &TestServer) -> Client {
    let invite = server.invite("main", json!({"role": "moderator"})).await;
    let token = invite["token"].as_str().unwrap().to_owned();
    server
        .join("main", &Join::new("Chair").mode("onsite").token(&token))
        .await
}

/// Sends a command and returns its `ack` or `error`.
async fn command(client: &mut Client, frame: Value) -> Value {
    command_seeing(client, frame).await.0
}

/// Sends a command and waits for its `ack` or `error`; also returns the
/// frames that came before it (events come before their `ack`).
async fn command_seeing(client: &mut Client, frame: Value) -> (Value, Vec<Value>) {
    client.send_json(&frame).await;
    let mut before = Vec::new();
    loop {
        let answer = client.next_json().await;
        if answer["id"] == frame["id"] && (answer["type"] == "ack" || answer["type"] == "error") {
            return (answer, before);
        }
        before.push(answer);
    }
}

/// Reads until a `poll.tally` for which `accept` holds.
async fn tally_where(client: &mut Client, accept: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match client.recv_within(left).await {
            Some(common::Incoming::Json(frame)) if frame["type"] == "poll.tally" => {
                if accept(&frame["tally"]) {
                    return frame;
                }
            }
            Some(common::Incoming::Json(_)) => continue,
            other => panic!("no such tally: {other:?}"),
        }
    }
}

fn option_totals(tally: &Value) -> Vec<u64> {
    tally["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["total"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn one_show_of_hands_counts_online_the_room_a_hub_and_the_chair_s_count() {
    let server = fast_server().await;
    server.create_session("main", "live").await;
    let mut chair = moderator(&server).await;
    let mut online = server.join("main", &Join::new("Ana")).await;
    let mut in_room = server.join("main", &Join::new("Ola").mode("onsite")).await;
    let mut hub = server
        .join("main", &Join::new("Dhaka").hub("Dhaka hub", 25))
        .await;
    server.confirm_hub("main", &hub.participant_id(), 25).await;
    let _quiet = server.join("main", &Join::new("Ben")).await;

    let opened = command(
        &mut chair,
        json!({"type":"poll.open","id":"o1","kind":"show_of_hands","title":"Who here has deployed this?"}),
    )
    .await;
    assert_eq!(opened["type"], "ack", "{opened}");
    let announced = online.next_of_type("poll.opened").await;
    let poll = announced["poll"]["id"].as_u64().unwrap();
    assert_eq!(
        announced["poll"]["options"],
        json!(["raise_hand", "do_not_raise_hand"])
    );

    assert_eq!(
        command(
            &mut online,
            json!({"type":"poll.answer","id":"a1","poll":poll,"choices":[0]})
        )
        .await["type"],
        "ack"
    );
    assert_eq!(
        command(
            &mut in_room,
            json!({"type":"poll.answer","id":"a2","poll":poll,"choices":[1]})
        )
        .await["type"],
        "ack"
    );
    // Ola changes her mind: counted once.
    assert_eq!(
        command(
            &mut in_room,
            json!({"type":"poll.answer","id":"a3","poll":poll,"choices":[0]})
        )
        .await["type"],
        "ack"
    );
    assert_eq!(
        command(
            &mut hub,
            json!({"type":"poll.hub_count","id":"h1","poll":poll,"counts":[20,3]})
        )
        .await["type"],
        "ack"
    );
    assert_eq!(
        command(
            &mut chair,
            json!({"type":"poll.chair_count","id":"c1","poll":poll,"counts":[12,2]})
        )
        .await["type"],
        "ack"
    );

    let seen = tally_where(&mut online, |tally| tally["chair"] == json!([12, 2])).await;
    let tally = &seen["tally"];
    assert_eq!(seen["public"], true);
    assert_eq!(
        tally["present"],
        1 + 1 + 25 + 1,
        "Ana, Ola, the hub's 25, Ben; not the chair"
    );
    assert_eq!(
        option_totals(tally),
        [22, 3],
        "Ana, Ola and 20 of the hub raise; 3 of the hub do not"
    );
    assert_eq!(tally["answered"], 25);
    assert_eq!(tally["not_answered"]["total"], 3, "Ben, and 2 of the hub");
    assert_eq!(
        tally["options"][0]["by_mode"],
        json!({"hub": 20, "onsite": 1, "remote": 1})
    );

    assert_eq!(
        command(
            &mut chair,
            json!({"type":"poll.close","id":"x1","poll":poll})
        )
        .await["type"],
        "ack"
    );
    let results = online.next_of_type("poll.results").await;
    assert!(
        results["seq"].is_u64(),
        "the final tally is a durable event"
    );
    assert_eq!(option_totals(&results["tally"]), [22, 3]);
    let late = command(
        &mut online,
        json!({"type":"poll.answer","id":"a4","poll":poll,"choices":[1]}),
    )
    .await;
    assert_eq!(late["code"], "poll_closed");

    // The report lists it; a newcomer's welcome too.
    let report = server
        .admin("GET", "/api/sessions/main/report", &json!({}))
        .await
        .json();
    assert_eq!(option_totals(&report["polls"][0]["tally"]), [22, 3]);
    let newcomer = server.join("main", &Join::new("Newcomer")).await;
    let listed = &newcomer.welcome["snapshot"]["polls"][0];
    assert_eq!(listed["poll"]["status"], "closed");
    assert_eq!(option_totals(&listed["tally"]), [22, 3]);
}

#[tokio::test]
async fn held_back_results_reach_moderators_only_until_published() {
    let server = fast_server().await;
    server.create_session("main", "live").await;
    let mut chair = moderator(&server).await;
    let display_invite = server.invite("main", json!({"role": "display"})).await;
    let mut display = server
        .join(
            "main",
            &Join::new("Projector").token(display_invite["token"].as_str().unwrap()),
        )
        .await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    command(
        &mut chair,
        json!({"type":"poll.open","id":"o1","kind":"poll","title":"Priority?","options":["Access","Skills"],"results_shown":"on_publish"}),
    )
    .await;
    let poll = ana.next_of_type("poll.opened").await["poll"]["id"]
        .as_u64()
        .unwrap();
    command(
        &mut ana,
        json!({"type":"poll.answer","id":"a1","poll":poll,"choices":[1]}),
    )
    .await;
    let moderators_see = tally_where(&mut chair, |tally| tally["answered"] == 1).await;
    assert_eq!(moderators_see["public"], false);
    let (_, before) = command_seeing(
        &mut chair,
        json!({"type":"poll.close","id":"x1","poll":poll}),
    )
    .await;
    let results = before
        .iter()
        .find(|frame| frame["type"] == "poll.results")
        .expect("moderators get the final tally at once");
    assert_eq!(results["public"], false);
    for (who, client) in [("Ana", &mut ana), ("the display", &mut display)] {
        let seen = client.next_of_type("poll.updated").await;
        assert_eq!(seen["poll"]["status"], "closed");
        while let Some(frame) = client.quiet_for(Duration::from_millis(300)).await {
            assert!(
                frame["type"] != "poll.tally" && frame["type"] != "poll.results",
                "{who} saw held-back results: {frame}"
            );
        }
    }
    command(
        &mut chair,
        json!({"type":"poll.publish","id":"p1","poll":poll}),
    )
    .await;
    for client in [&mut ana, &mut display] {
        let results = client.next_of_type("poll.results").await;
        assert_eq!(option_totals(&results["tally"]), [0, 1]);
        assert_eq!(results["public"], true);
    }
}

#[tokio::test]
async fn bad_poll_input_is_refused_and_the_connection_stays() {
    let server = fast_server().await;
    server.create_session("main", "live").await;
    let mut chair = moderator(&server).await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    let opened_by_ana = command(
        &mut ana,
        json!({"type":"poll.open","id":"o0","kind":"show_of_hands","title":"Mine?"}),
    )
    .await;
    assert_eq!(opened_by_ana["code"], "forbidden");
    command(
        &mut chair,
        json!({"type":"poll.open","id":"o1","kind":"poll","title":"Pick two","options":["A","B","C"],"max_choices":2}),
    )
    .await;
    let poll = ana.next_of_type("poll.opened").await["poll"]["id"]
        .as_u64()
        .unwrap();
    for (frame, code) in [
        (
            json!({"type":"poll.answer","id":"b1","poll":99,"choices":[0]}),
            "not_found",
        ),
        (
            json!({"type":"poll.answer","id":"b2","poll":poll,"choices":[7]}),
            "invalid_field",
        ),
        (
            json!({"type":"poll.answer","id":"b3","poll":poll,"choices":[0,1,2]}),
            "invalid_field",
        ),
        (
            json!({"type":"poll.answer","id":"b4","poll":poll,"choices":"A"}),
            "invalid_field",
        ),
        (
            json!({"type":"poll.hub_count","id":"b5","poll":poll,"counts":[1,0,0]}),
            "forbidden",
        ),
        (
            json!({"type":"poll.open","id":"b6","kind":"poll","title":"x","options":["A"]}),
            "forbidden",
        ),
    ] {
        let refused = command(&mut ana, frame.clone()).await;
        assert_eq!(refused["code"], code, "{frame}: {refused}");
    }
    let second = command(
        &mut chair,
        json!({"type":"poll.open","id":"o2","kind":"show_of_hands","title":"Another?"}),
    )
    .await;
    assert_eq!(
        second["code"], "invalid_field",
        "one poll at a time: {second}"
    );
    let long_title = "t".repeat(201);
    let too_long = command(
        &mut chair,
        json!({"type":"poll.open","id":"o3","kind":"show_of_hands","title":long_title}),
    )
    .await;
    assert_eq!(too_long["code"], "too_large");
    ana.ping_pong("still here").await;
    chair.ping_pong("still here").await;
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_poll_loses_no_answer_and_counts_nobody_twice() {
    let mut server = fast_server().await;
    server.create_session("main", "live").await;
    let mut chair = moderator(&server).await;
    let join_ana = Join::new("Ana").client_id("ana-phone");
    let mut ana = server.join("main", &join_ana).await;
    let secret = ana.welcome["resume_secret"].as_str().unwrap().to_owned();
    command(
        &mut chair,
        json!({"type":"poll.open","id":"o1","kind":"show_of_hands","title":"Hands?"}),
    )
    .await;
    let poll = ana.next_of_type("poll.opened").await["poll"]["id"]
        .as_u64()
        .unwrap();
    command(
        &mut ana,
        json!({"type":"poll.answer","id":"a1","poll":poll,"choices":[0]}),
    )
    .await;

    server.restart().await;
    let mut chair = moderator(&server).await;
    let mut ana = server
        .join("main", &join_ana.clone().resume_secret(&secret))
        .await;
    assert_eq!(ana.welcome["restored"], true);
    let listed = &ana.welcome["snapshot"]["polls"][0];
    assert_eq!(listed["poll"]["status"], "open");
    assert_eq!(listed["your_counts"], json!([1, 0]), "her answer survived");
    let seen = tally_where(&mut chair, |tally| tally["answered"] == 1).await;
    assert_eq!(option_totals(&seen["tally"]), [1, 0]);
    // She changes it after the restart: still one answer.
    command(
        &mut ana,
        json!({"type":"poll.answer","id":"a2","poll":poll,"choices":[1]}),
    )
    .await;
    let seen = tally_where(&mut chair, |tally| tally["options"][1]["total"] == 1).await;
    assert_eq!(option_totals(&seen["tally"]), [0, 1]);
    assert_eq!(seen["tally"]["answered"], 1);
}
