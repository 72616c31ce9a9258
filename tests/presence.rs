//! Presence: counts by mode, stakeholder group and region add up, a remote
//! hub counts as its headcount, and one device (client_id) counts once.

mod common;

use common::{start_with, Join};
use serde_json::{json, Value};
use std::time::Duration;

async fn fast_presence_server() -> common::TestServer {
    start_with(|config| config.hub.presence_interval = Duration::from_millis(50)).await
}

fn counts(value: &Value) -> Value {
    let mut value = value.clone();
    if let Some(object) = value.as_object_mut() {
        object.remove("type");
    }
    value
}

fn expected_counts(
    participants: u32,
    attendees: u32,
    connections: u32,
    hubs: u32,
    onsite: u32,
    remote: u32,
    stakeholders: [u32; 8],
    regions: [u32; 6],
) -> Value {
    json!({
        "participants": participants,
        "attendees": attendees,
        "connections": connections,
        "hubs": hubs,
        // No moderator or captioner joins in these tests.
        "staff": 0,
        "by_mode": {"onsite": onsite, "remote": remote},
        "by_stakeholder": {
            "government": stakeholders[0],
            "private_sector": stakeholders[1],
            "civil_society": stakeholders[2],
            "technical_community": stakeholders[3],
            "intergovernmental": stakeholders[4],
            "academia": stakeholders[5],
            "other": stakeholders[6],
            "unspecified": stakeholders[7],
        },
        "by_region": {
            "african": regions[0],
            "asia_pacific": regions[1],
            "eastern_european": regions[2],
            "latin_american_caribbean": regions[3],
            "western_european_others": regions[4],
            "unspecified": regions[5],
        },
    })
}

#[tokio::test]
async fn presence_counts_add_up_with_a_hub_and_two_tabs() {
    let server = fast_presence_server().await;
    server.create_session("plenary", "live").await;

    // The first participant sees only themself in the welcome snapshot.
    let mut ana = server
        .join("plenary", &Join::new("Ana").client_id("ana-browser"))
        .await;
    let alone = expected_counts(
        1,
        1,
        1,
        0,
        0,
        1,
        [0, 0, 1, 0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0],
    );
    assert_eq!(
        ana.welcome["snapshot"]["presence"], alone,
        "welcome snapshot of the first joiner"
    );
    assert!(
        ana.welcome["snapshot"].get("roster").is_none(),
        "participants get no roster"
    );

    let _bo = server
        .join(
            "plenary",
            &Join::new("Bo")
                .mode("onsite")
                .stakeholder("government")
                .region("western_european_others"),
        )
        .await;
    let nairobi = server
        .join(
            "plenary",
            &Join::new("Nairobi remote hub")
                .stakeholder("academia")
                .region("african")
                .hub("Nairobi remote hub", 25),
        )
        .await;
    // The organiser confirms the hub's 25: until then it counts as one.
    server
        .confirm_hub("plenary", &nairobi.participant_id(), 25)
        .await;
    let _lin = server
        .join(
            "plenary",
            &Join::new("Lin")
                .mode("remote")
                .stakeholder("technical_community")
                .region("asia_pacific"),
        )
        .await;
    // Ana's second tab: same client_id, so the same device.
    let ana_tab = server
        .join("plenary", &Join::new("Ana").client_id("ana-browser"))
        .await;

    // participants: Ana's device, Bo, the hub, Lin = 4; attendees 1 + 1 + 25 + 1 = 28.
    let everyone = expected_counts(
        4,
        28,
        5,
        1,
        1,
        27,
        [1, 0, 1, 1, 0, 25, 0, 0],
        [26, 1, 0, 0, 1, 0],
    );
    let seen = ana
        .wait_presence("everyone counted", |p| counts(p) == everyone)
        .await;
    assert_eq!(counts(&seen), everyone);
    // Every key of every breakdown is present, and the breakdowns add up to attendees.
    for breakdown in ["by_mode", "by_stakeholder", "by_region"] {
        let sum: u64 = seen[breakdown]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(sum, 28, "{breakdown} sums to attendees");
    }

    // Closing Ana's second tab drops a connection, not a participant.
    ana_tab.close().await;
    let one_tab = expected_counts(
        4,
        28,
        4,
        1,
        1,
        27,
        [1, 0, 1, 1, 0, 25, 0, 0],
        [26, 1, 0, 0, 1, 0],
    );
    ana.wait_presence("one of Ana's tabs gone", |p| counts(p) == one_tab)
        .await;

    // The hub leaving removes its 25 attendees everywhere.
    nairobi.close().await;
    let no_hub = expected_counts(
        3,
        3,
        3,
        0,
        1,
        2,
        [1, 0, 1, 1, 0, 0, 0, 0],
        [1, 1, 0, 0, 1, 0],
    );
    ana.wait_presence("the hub gone", |p| counts(p) == no_hub)
        .await;

    // A newcomer's welcome snapshot agrees with the live counts (plus itself).
    let newcomer = server
        .join(
            "plenary",
            &Join::new("Zed")
                .mode("onsite")
                .stakeholder("other")
                .region("unspecified"),
        )
        .await;
    let with_zed = expected_counts(
        4,
        4,
        4,
        0,
        2,
        2,
        [1, 0, 1, 1, 0, 0, 1, 0],
        [1, 1, 0, 0, 1, 1],
    );
    assert_eq!(newcomer.welcome["snapshot"]["presence"], with_zed);
}

#[tokio::test]
async fn same_client_id_in_two_connections_counts_once() {
    let server = fast_presence_server().await;
    server.create_session("workshop-1", "live").await;

    let mut observer = server
        .join(
            "workshop-1",
            &Join::new("Observer").client_id("observer-device"),
        )
        .await;
    let tab_one = server
        .join("workshop-1", &Join::new("Kofi").client_id("kofi-laptop"))
        .await;
    let tab_two = server
        .join("workshop-1", &Join::new("Kofi").client_id("kofi-laptop"))
        .await;
    // Without client_id, two connections are two participants.
    let _anon_one = server.join("workshop-1", &Join::new("Anon")).await;
    let _anon_two = server.join("workshop-1", &Join::new("Anon")).await;

    let seen = observer
        .wait_presence("5 connections", |p| p["connections"] == 5)
        .await;
    assert_eq!(
        seen["participants"], 4,
        "observer + Kofi's device + two anonymous connections: {seen}"
    );
    assert_eq!(seen["attendees"], 4, "{seen}");

    // Tab two's welcome snapshot already counts the device once.
    assert_eq!(tab_two.welcome["snapshot"]["presence"]["participants"], 2);
    assert_eq!(tab_two.welcome["snapshot"]["presence"]["connections"], 3);

    // One device, latest attributes: Kofi's third tab says he is onsite now.
    let tab_three = server
        .join(
            "workshop-1",
            &Join::new("Kofi")
                .client_id("kofi-laptop")
                .mode("onsite")
                .stakeholder("government")
                .region("eastern_european"),
        )
        .await;
    let seen = observer
        .wait_presence("6 connections", |p| p["connections"] == 6)
        .await;
    assert_eq!(seen["participants"], 4, "{seen}");
    assert_eq!(
        seen["by_mode"],
        json!({"onsite": 1, "remote": 3}),
        "the device counts once, as its latest join says: {seen}"
    );
    assert_eq!(seen["by_stakeholder"]["government"], 1, "{seen}");
    assert_eq!(seen["by_stakeholder"]["civil_society"], 3, "{seen}");
    assert_eq!(seen["by_region"]["eastern_european"], 1, "{seen}");
    assert_eq!(seen["by_region"]["african"], 3, "{seen}");
    tab_three.close().await;
    observer
        .wait_presence("5 connections again", |p| p["connections"] == 5)
        .await;

    tab_one.close().await;
    let seen = observer
        .wait_presence("4 connections", |p| p["connections"] == 4)
        .await;
    assert_eq!(
        seen["participants"], 4,
        "Kofi is still present through his other tab: {seen}"
    );
    tab_two.close().await;
    let seen = observer
        .wait_presence("3 connections", |p| p["connections"] == 3)
        .await;
    assert_eq!(
        seen["participants"], 3,
        "Kofi's device left with its last tab: {seen}"
    );
}

#[tokio::test]
async fn presence_is_batched_not_one_frame_per_join() {
    // Twenty joins cost the observer about one presence frame per period,
    // not one per join.
    let period = Duration::from_millis(400);
    let server = start_with(|config| config.hub.presence_interval = period).await;
    server.create_session("storm", "live").await;
    let mut observer = server.join("storm", &Join::new("Observer")).await;
    let started = std::time::Instant::now();
    let mut others = Vec::new();
    for index in 0..20 {
        others.push(
            server
                .join("storm", &Join::new(&format!("Joiner {index}")))
                .await,
        );
    }
    let mut frames = 0u128;
    loop {
        let value = observer.next_json().await;
        assert_eq!(
            value["type"], "presence",
            "only presence expected, got {value}"
        );
        frames += 1;
        if value["participants"] == 21 {
            assert_eq!(value["attendees"], 21);
            assert_eq!(value["connections"], 21);
            break;
        }
    }
    let periods = started.elapsed().as_millis() / period.as_millis();
    assert!(
        frames <= periods + 2,
        "{frames} presence frames in {periods} periods: presence is not batched"
    );
    // Nothing changes any more, so nothing more is sent.
    if let Some(incoming) = observer.recv_within(period * 3).await {
        panic!("nothing changed, yet the observer got {incoming:?}");
    }
}
