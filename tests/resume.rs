//! Resume: a client that comes back with `resume_from` receives exactly the
//! durable events it missed, in order, once, then the live stream; from
//! memory or from the store. `client_id` + `resume_secret` restore identity.

mod common;

use common::{seqs, start_with, Join, TestServer};
use serde_json::json;
use std::time::Duration;

/// Ana joins and sees some chat; leaves; Bo chats and the organiser moves
/// the session to another room while she is away; Ana resumes and must get
/// exactly that.
async fn resume_scenario(server: &TestServer) {
    server.create_session("main", "live").await;
    let mut ana = server
        .join("main", &Join::new("Ana").client_id("ana-device"))
        .await;
    let mut bo = server.join("main", &Join::new("Bo")).await;
    for index in 1..=3 {
        bo.chat(&format!("before-{index}"), &format!("before {index}"))
            .await;
    }
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(ana.next_non_presence().await);
    }
    assert_eq!(seqs(&seen), vec![1, 2, 3]);
    let last_seen = 3;
    let ana_id = ana.participant_id();
    let secret = ana.welcome["resume_secret"].as_str().unwrap().to_owned();
    ana.close().await;

    // While Ana is away: four chats and a session change.
    let mut missed = Vec::new();
    for index in 1..=2 {
        missed.push(
            bo.chat(&format!("away-{index}"), &format!("while away {index}"))
                .await
                .0,
        );
    }
    let patch = server
        .patch_session("main", json!({"room": "Workshop room 7"}))
        .await;
    assert_eq!(patch.status, 200, "{}", patch.body);
    missed.push(bo.next_non_presence().await);
    assert_eq!(missed[2]["type"], "session.updated");
    for index in 3..=4 {
        missed.push(
            bo.chat(&format!("away-{index}"), &format!("while away {index}"))
                .await
                .0,
        );
    }
    assert_eq!(seqs(&missed), vec![4, 5, 6, 7, 8]);

    let mut back = server
        .join(
            "main",
            &Join::new("Ana")
                .client_id("ana-device")
                .resume_from(last_seen)
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(back.welcome["resumed"], true);
    assert_eq!(back.welcome["restored"], true);
    assert_eq!(back.participant_id(), ana_id, "the same participant");
    assert_eq!(
        back.welcome["resume_secret"],
        secret.as_str(),
        "the proven secret stays valid"
    );
    assert_eq!(back.welcome_seq(), 8);
    assert_eq!(back.welcome["session"]["room"], "Workshop room 7");

    let mut replayed = Vec::new();
    for _ in 0..missed.len() {
        replayed.push(back.next_non_presence().await);
    }
    assert_eq!(
        replayed, missed,
        "exactly the missed events, in order, byte for byte"
    );

    // Then the live stream, with no duplicate in between.
    let (live, _) = bo.chat("live", "welcome back").await;
    assert_eq!(live["seq"], 9);
    assert_eq!(
        back.next_non_presence().await,
        live,
        "the next frame after the backlog is the live event"
    );
    assert_eq!(
        back.quiet_for(Duration::from_millis(200)).await,
        None,
        "no duplicates afterwards"
    );
}

#[tokio::test]
async fn resume_from_memory_delivers_exactly_the_missed_events() {
    let server =
        start_with(|config| config.hub.presence_interval = Duration::from_millis(50)).await;
    resume_scenario(&server).await;
}

#[tokio::test]
async fn resume_from_the_store_delivers_exactly_the_missed_events() {
    // Only the last two events are kept in memory, so five missed ones must
    // come from the store.
    let server = start_with(|config| {
        config.hub.presence_interval = Duration::from_millis(50);
        config.hub.replay_buffer_events = 2;
    })
    .await;
    resume_scenario(&server).await;
}

#[tokio::test]
async fn resume_at_the_current_seq_and_beyond_it() {
    let server = start_with(|config| config.hub.replay_buffer_events = 2).await;
    server.create_session("main", "live").await;
    let mut bo = server.join("main", &Join::new("Bo")).await;
    for index in 1..=3 {
        bo.chat(&format!("c{index}"), "hi").await;
    }
    // Nothing missed: resumed, but no backlog.
    let mut up_to_date = server.join("main", &Join::new("Ana").resume_from(3)).await;
    assert_eq!(up_to_date.welcome["resumed"], true);
    assert_eq!(up_to_date.quiet_for(Duration::from_millis(200)).await, None);
    // From the very beginning, with only two in memory: all three, from the store.
    let mut from_start = server.join("main", &Join::new("Cy").resume_from(0)).await;
    assert_eq!(from_start.welcome["resumed"], true);
    let mut replayed = Vec::new();
    for _ in 0..3 {
        replayed.push(from_start.next_non_presence().await);
    }
    assert_eq!(seqs(&replayed), vec![1, 2, 3]);
    assert_eq!(from_start.quiet_for(Duration::from_millis(200)).await, None);
    // A seq from another history: not resumed, no backlog, use the snapshot.
    let mut stranger = server
        .join("main", &Join::new("Di").resume_from(1000))
        .await;
    assert_eq!(stranger.welcome["resumed"], false);
    assert_eq!(stranger.welcome_seq(), 3);
    assert_eq!(
        stranger.welcome["snapshot"]["chat"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(stranger.quiet_for(Duration::from_millis(200)).await, None);
}

#[tokio::test]
async fn identity_needs_client_id_and_the_secret() {
    let server = start_with(|_| {}).await;
    server.create_session("main", "live").await;
    let first = server
        .join("main", &Join::new("Ana").client_id("ana-device"))
        .await;
    let ana_id = first.participant_id();
    let secret = first.welcome["resume_secret"].as_str().unwrap().to_owned();
    assert!(
        secret.len() >= 16,
        "a resume secret worth the name: {secret:?}"
    );
    assert_eq!(first.welcome["restored"], false);
    assert_eq!(first.welcome["resumed"], false);
    first.close().await;

    // client_id alone is not proof: a different participant.
    let alone = server
        .join("main", &Join::new("Ana").client_id("ana-device"))
        .await;
    assert_ne!(alone.participant_id(), ana_id);
    assert_eq!(alone.welcome["restored"], false);
    assert_ne!(
        alone.welcome["resume_secret"],
        secret.as_str(),
        "a new participant gets a new secret"
    );
    alone.close().await;

    // A wrong secret is not proof either.
    let wrong = server
        .join(
            "main",
            &Join::new("Ana")
                .client_id("ana-device")
                .resume_secret("not-the-secret"),
        )
        .await;
    assert_ne!(wrong.participant_id(), ana_id);
    assert_eq!(wrong.welcome["restored"], false);
    wrong.close().await;

    // The secret with another client_id is not proof.
    let other_device = server
        .join(
            "main",
            &Join::new("Ana")
                .client_id("someone-else")
                .resume_secret(&secret),
        )
        .await;
    assert_ne!(other_device.participant_id(), ana_id);
    assert_eq!(other_device.welcome["restored"], false);
    other_device.close().await;

    // client_id and the secret: the same participant, even with a new name.
    let mut restored = server
        .join(
            "main",
            &Join::new("Ana M.")
                .client_id("ana-device")
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(restored.participant_id(), ana_id);
    assert_eq!(restored.welcome["restored"], true);
    assert_eq!(restored.welcome["participant"]["name"], "Ana M.");
    let (message, _) = restored.chat("c1", "I am back").await;
    assert_eq!(message["from"], json!({"id": ana_id, "name": "Ana M."}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_while_others_keep_chatting_has_no_gaps_or_duplicates() {
    // Resumes race with live chat; whatever the interleaving, each resuming
    // client sees 1, 2, 3, ... with no gap and no repeat.
    let server = start_with(|config| {
        config.hub.replay_buffer_events = 4;
        // Bo sends 70 messages at once; this test is not about rate limits.
        config.hub.command_burst = 1000;
    })
    .await;
    server.create_session("main", "live").await;
    let mut bo = server.join("main", &Join::new("Bo")).await;
    for index in 1..=10 {
        bo.chat(&format!("warm-{index}"), "warm-up").await;
    }
    const TOTAL: u64 = 80;
    let chatter = tokio::spawn(async move {
        for index in 11..=TOTAL {
            bo.send_json(&json!({"type": "chat.send", "id": index, "text": format!("m{index}")}))
                .await;
            if index % 8 == 0 {
                // Let the session owner breathe between bursts.
                bo.next_of_type("ack").await;
            }
        }
        bo
    });
    let mut resumers = Vec::new();
    for (index, from) in [0u64, 2, 5, 9].into_iter().enumerate() {
        let client = server
            .join(
                "main",
                &Join::new(&format!("Resumer {index}")).resume_from(from),
            )
            .await;
        assert_eq!(client.welcome["resumed"], true);
        resumers.push((from, client));
    }
    let _bo = chatter.await.unwrap();
    for (from, mut client) in resumers {
        let mut got = Vec::new();
        while got.last().copied() != Some(TOTAL) {
            let event = client.next_non_presence().await;
            assert_eq!(
                event["type"], "chat.message",
                "resuming from {from}: {event}"
            );
            got.push(event["seq"].as_u64().unwrap());
        }
        assert_eq!(
            got,
            ((from + 1)..=TOTAL).collect::<Vec<u64>>(),
            "resuming from {from}: gap or duplicate"
        );
    }
}
