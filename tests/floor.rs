//! The floor over real WebSockets: a remote participant raises a hand, a
//! moderator grants the floor, a participant tries a moderator command,
//! held places across a reconnect, removal with a ban, questions under
//! pre-moderation, and the equity report over HTTP and WebSocket.

mod common;

use common::{start, Client, Join, TestServer};
use serde_json::{json, Value};
use std::time::Duration;

const QUIET: Duration = Duration::from_millis(300);

async fn moderator(server: &TestServer, session: &str) -> (Client, String) {
    let invite = server.invite(session, json!({"role": "moderator"})).await;
    let token = invite["token"].as_str().unwrap().to_owned();
    let client = server
        .join(session, &Join::new("Chair").mode("onsite").token(&token))
        .await;
    assert_eq!(client.welcome["participant"]["role"], "moderator");
    (client, token)
}

async fn command(client: &mut Client, frame: Value) -> Value {
    command_seeing(client, frame).await.0
}

/// Sends a command and waits for its `ack` or `error`; also returns the
/// frames that came before it (events come before their `ack`).
async fn command_seeing(client: &mut Client, frame: Value) -> (Value, Vec<Value>) {
    client.send_json(&frame).await;
    let mut before = Vec::new();
    loop {
        let answer = client.next_non_presence().await;
        if answer["id"] == frame["id"] && (answer["type"] == "ack" || answer["type"] == "error") {
            return (answer, before);
        }
        before.push(answer);
    }
}

fn find(frames: &[Value], kind: &str) -> Value {
    frames
        .iter()
        .find(|frame| frame["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind:?} among {frames:?}"))
        .clone()
}

#[tokio::test]
async fn a_remote_hand_gets_the_floor_and_everyone_sees_it() {
    let server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, _) = moderator(&server, "main").await;
    let mut remote = server
        .join("main", &Join::new("Amina").client_id("amina-1"))
        .await;
    let mut onlooker = server.join("main", &Join::new("Bo")).await;
    assert_eq!(remote.welcome["snapshot"]["floor"]["policy"], "alternate");
    assert_eq!(remote.welcome["snapshot"]["floor"]["order"], json!([]));

    let (ack, before) = command_seeing(&mut remote, json!({"type":"hand.raise","id":"h1"})).await;
    assert_eq!(ack["type"], "ack");
    let raised = find(&before, "hand.raised");
    let entry = raised["entry"]["entry"].as_u64().unwrap();
    assert_eq!(raised["entry"]["mode"], "remote");
    assert_eq!(raised["position"], 0);
    // The moderator sees the entry; everyone sees the anonymous order.
    let seen = chair.next_of_type("hand.raised").await;
    assert_eq!(seen["entry"]["name"], "Amina");
    let summary = onlooker.next_of_type("queue").await;
    assert_eq!(summary["order"], json!([entry]));
    assert!(summary.get("entries").is_none());

    // A participant trying a moderator command is refused; nothing changes.
    for frame in [
        json!({"type":"floor.grant","id":"x1","entry":entry}),
        json!({"type":"queue.lower_all","id":"x2"}),
        json!({"type":"chat.configure","id":"x3","mode":"locked"}),
        json!({"type":"session.end","id":"x4"}),
    ] {
        let refused = command(&mut onlooker, frame.clone()).await;
        assert_eq!(refused["code"], "forbidden", "{frame}");
    }

    let granted_ack = command(
        &mut chair,
        json!({"type":"floor.grant","id":"g1","entry":entry,"limit_seconds":120}),
    )
    .await;
    assert_eq!(granted_ack["type"], "ack");
    for client in [&mut remote, &mut onlooker] {
        let granted = client.next_of_type("floor.granted").await;
        assert_eq!(granted["turn"]["name"], "Amina");
        assert_eq!(granted["turn"]["limit_seconds"], 120);
        assert!(granted["seq"].as_u64().is_some());
    }
    let after = onlooker.next_of_type("queue").await;
    assert_eq!(after["order"], json!([]));
    assert_eq!(after["speaker"]["name"], "Amina");

    let (ended, _) = command_seeing(&mut remote, json!({"type":"floor.end","id":"e1"})).await;
    assert_eq!(ended["type"], "ack", "the speaker may yield: {ended}");
    assert!(onlooker.next_of_type("floor.ended").await["seq"]
        .as_u64()
        .is_some());
}

#[tokio::test]
async fn a_dropped_remote_participant_keeps_their_place() {
    let server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, _) = moderator(&server, "main").await;
    let mut remote = server
        .join("main", &Join::new("Amina").client_id("amina-1"))
        .await;
    let secret = remote.welcome["resume_secret"].as_str().unwrap().to_owned();
    command(&mut remote, json!({"type":"hand.raise","id":"h1"})).await;
    let entry = chair.next_of_type("hand.raised").await["entry"]["entry"]
        .as_u64()
        .unwrap();
    remote.close().await;
    let held = chair.next_of_type("hand.held").await;
    assert_eq!(held["entry"], entry);

    let back = server
        .join(
            "main",
            &Join::new("Amina")
                .client_id("amina-1")
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(back.welcome["restored"], true);
    assert_eq!(
        back.welcome["snapshot"]["floor"]["your_entry"]["entry"],
        entry
    );
    assert_eq!(chair.next_of_type("hand.restored").await["entry"], entry);
}

#[tokio::test]
async fn removal_closes_the_connection_and_a_ban_holds() {
    let server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, _) = moderator(&server, "main").await;
    let mut troll = server
        .join("main", &Join::new("Troll").client_id("troll-1"))
        .await;
    let secret = troll.welcome["resume_secret"].as_str().unwrap().to_owned();
    let id = troll.participant_id();
    let ack = command(
        &mut chair,
        json!({"type":"participant.remove","id":"r1","participant":id,"ban":true}),
    )
    .await;
    assert_eq!(ack["type"], "ack");
    assert_eq!(
        troll.next_of_type("participant.removed").await["banned"],
        true
    );
    assert_eq!(troll.expect_close().await, Some(4003));

    for join in [
        Join::new("Troll")
            .client_id("troll-1")
            .resume_secret(&secret),
        Join::new("Nice person").client_id("troll-1"),
    ] {
        let mut again = server.connect("main").await;
        again.send_json(&join.to_json()).await;
        assert_eq!(again.next_json().await["code"], "banned");
    }
}

#[tokio::test]
async fn premoderated_questions_reach_moderators_and_the_asker_only() {
    let server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, _) = moderator(&server, "main").await;
    let mut asker = server.join("main", &Join::new("Amina")).await;
    let mut other = server.join("main", &Join::new("Bo")).await;
    let (_, before) = command_seeing(
        &mut chair,
        json!({"type":"questions.configure","id":"q0","premoderation":true}),
    )
    .await;
    assert_eq!(find(&before, "questions.updated")["premoderation"], true);
    assert_eq!(
        other.next_of_type("questions.updated").await["premoderation"],
        true
    );

    let (_, before) = command_seeing(
        &mut asker,
        json!({"type":"question.ask","id":"q1","text":"What about rural access?"}),
    )
    .await;
    let own = find(&before, "question.asked");
    assert_eq!(own["question"]["status"], "pending");
    let question = own["question"]["id"].as_u64().unwrap();
    assert_eq!(
        chair.next_of_type("question.asked").await["question"]["id"],
        question
    );
    assert_eq!(
        other.quiet_for(QUIET).await,
        None,
        "a pending question is not public"
    );

    command(
        &mut chair,
        json!({"type":"question.approve","id":"a1","question":question}),
    )
    .await;
    let approved = other.next_of_type("question.approved").await;
    assert_eq!(approved["question"]["text"], "What about rural access?");
    let vote = command(
        &mut other,
        json!({"type":"question.upvote","id":"v1","question":question}),
    )
    .await;
    assert_eq!(vote["type"], "ack");
    let again = command(
        &mut other,
        json!({"type":"question.upvote","id":"v2","question":question}),
    )
    .await;
    assert_eq!(again["code"], "already_voted");

    let (_, before) = command_seeing(
        &mut asker,
        json!({"type":"question.ask","id":"q2","text":"Off topic"}),
    )
    .await;
    let second = find(&before, "question.asked")["question"]["id"]
        .as_u64()
        .unwrap();
    command(
        &mut chair,
        json!({"type":"question.dismiss","id":"d1","question":second,"reason":"Out of scope"}),
    )
    .await;
    let told = asker.next_of_type("question.status").await;
    assert_eq!(
        (told["status"].as_str(), told["reason"].as_str()),
        (Some("dismissed"), Some("Out of scope"))
    );
}

/// A dismissal's reason is a stored fact: whoever joins later, after a
/// reload or a restart, sees it in `welcome` as the asker did live.
#[tokio::test]
async fn a_dismissed_question_keeps_its_reason_across_a_rejoin_and_a_restart() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, moderator_token) = moderator(&server, "main").await;
    let asker_join = Join::new("Amina").client_id("amina-phone");
    let mut asker = server.join("main", &asker_join).await;
    let asker_secret = asker.welcome["resume_secret"].as_str().unwrap().to_owned();
    let (_, before) = command_seeing(
        &mut asker,
        json!({"type":"question.ask","id":"q1","text":"Off topic"}),
    )
    .await;
    let question = find(&before, "question.asked")["question"]["id"].clone();
    command(
        &mut chair,
        json!({"type":"question.dismiss","id":"d1","question":question,"reason":"Out of scope"}),
    )
    .await;
    asker.next_of_type("question.status").await;

    let reason_in_welcome = |welcome: &Value| {
        welcome["snapshot"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|listed| listed["id"] == question)
            .map(|listed| (listed["status"].clone(), listed["reason"].clone()))
    };
    let dismissed = Some((json!("dismissed"), json!("Out of scope")));
    // Another moderator, with an invite of their own: one moderator
    // invite seats one person at a time.
    let co_chair_token = server.invite("main", json!({"role": "moderator"})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let chair_again = server
        .join(
            "main",
            &Join::new("Co-chair").mode("onsite").token(&co_chair_token),
        )
        .await;
    assert_eq!(
        reason_in_welcome(&chair_again.welcome),
        dismissed,
        "a moderator joining later"
    );

    server.restart().await;
    let chair_after = server
        .join(
            "main",
            &Join::new("Chair").mode("onsite").token(&moderator_token),
        )
        .await;
    assert_eq!(
        reason_in_welcome(&chair_after.welcome),
        dismissed,
        "a moderator after a restart"
    );
    let asker_after = server
        .join("main", &asker_join.clone().resume_secret(&asker_secret))
        .await;
    assert_eq!(
        reason_in_welcome(&asker_after.welcome),
        dismissed,
        "the asker after a restart"
    );
}

#[tokio::test]
async fn the_equity_report_is_for_moderators_and_the_organiser() {
    let server = start().await;
    server.create_session("main", "live").await;
    let (mut chair, moderator_token) = moderator(&server, "main").await;
    let mut remote = server.join("main", &Join::new("Amina")).await;
    let mut onsite = server.join("main", &Join::new("Ola").mode("onsite")).await;
    command(&mut remote, json!({"type":"hand.raise","id":"h1"})).await;
    command(&mut onsite, json!({"type":"hand.raise","id":"h2"})).await;
    let first = chair.next_of_type("hand.raised").await["entry"]["entry"]
        .as_u64()
        .unwrap();
    command(
        &mut chair,
        json!({"type":"floor.grant","id":"g1","entry":first}),
    )
    .await;
    command(&mut onsite, json!({"type":"hand.lower","id":"l1"})).await;
    // Amina speaks for a whole second (the report counts whole seconds).
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    command(&mut chair, json!({"type":"floor.end","id":"e1"})).await;

    let report = server
        .admin("GET", "/api/sessions/main/report", &json!({}))
        .await;
    assert_eq!(report.status, 200, "{}", report.body);
    let figures = report.json();
    assert_eq!(figures["hands"]["remote"]["raised"], 1);
    assert_eq!(figures["hands"]["remote"]["served"], 1);
    assert_eq!(figures["hands"]["onsite"]["withdrew"], 1);
    assert_eq!(figures["turns"]["turns"]["by_mode"]["remote"], 1);
    // Amina and Ola; the chair is staff, not an attendee.
    assert_eq!(figures["attendance"]["unique"]["total"], 2);
    // Online, half the people had all the speaking time; the room none.
    let balance = &figures["balance"];
    assert_eq!(balance["share_ratio"]["by_mode"]["remote"], 2.0);
    assert_eq!(balance["share_ratio"]["by_mode"]["onsite"], 0.0);
    assert_eq!(
        balance["share_ratio"]["by_stakeholder"]["academia"],
        Value::Null
    );
    assert_eq!(
        balance["turns_per_person"],
        json!([{"turns": 0, "people": 1}, {"turns": 1, "people": 1}])
    );

    let csv = server
        .get(&format!(
            "/api/sessions/main/report?format=csv&token={moderator_token}"
        ))
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.contains("hands,mode,remote,served,1"));
    assert!(
        csv.body.contains("balance,mode,remote,share_ratio,2\n"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("balance,turns_per_person,1,people,1\n"));

    let participant_token = server.invite("main", json!({"role": "captioner"})).await;
    let refused = server
        .get(&format!(
            "/api/sessions/main/report?token={}",
            participant_token["token"].as_str().unwrap()
        ))
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(server.get("/api/sessions/main/report").await.status, 401);

    chair
        .send_json(&json!({"type":"report.request","id":"r1"}))
        .await;
    let live = chair.next_of_type("report").await;
    assert_eq!(live["id"], "r1");
    assert_eq!(live["report"]["hands"]["remote"]["served"], 1);
    let denied = command(&mut remote, json!({"type":"report.request","id":"r2"})).await;
    assert_eq!(denied["code"], "forbidden");
}
