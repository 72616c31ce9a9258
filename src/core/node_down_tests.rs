//! A dead node's connections leave through one `NodeDown` command: the
//! same effect as each of them sending `Leave`, decided only by the state
//! and the command, so every replica applies it alike.

use super::test_support::{connection, live_info as info};
use super::*;

fn request(name: &str, role: Role) -> JoinRequest {
    JoinRequest {
        name: name.into(),
        mode: Mode::Remote,
        stakeholder: Stakeholder::CivilSociety,
        region: Region::African,
        hub: None,
        client_id: Some(format!("device-{name}")),
        invited_role: role,
        as_display: false,
        invite: None,
        offered_secret: Some(SecretDigest(format!("secret-{name}"))),
        fresh_secret: SecretDigest(format!("secret-{name}")),
    }
}

fn join(state: &mut State, connection_id: &str, name: &str, role: Role) {
    apply(
        state,
        Command::Join(request(name, role)),
        &connection(connection_id),
        Millis(1),
    )
    .expect("join accepted");
}

fn node_down(node: &str) -> Command {
    Command::NodeDown { node: node.into() }
}

/// Ana and Chen on node `n1-a`; Bo (two tabs) and a captioner on node
/// `n2-b`; Bo has a hand raised, the captioner an open line.
fn session() -> State {
    let mut state = State::new(info());
    join(&mut state, "n1-a-1", "Ana", Role::Moderator);
    join(&mut state, "n2-b-1", "Bo", Role::Participant);
    join(&mut state, "n2-b-2", "Bo", Role::Participant);
    join(&mut state, "n2-b-3", "Cap", Role::Captioner);
    join(&mut state, "n1-a-2", "Chen", Role::Participant);
    apply(
        &mut state,
        Command::HandRaise,
        &connection("n1-a-2"),
        Millis(2),
    )
    .unwrap();
    apply(
        &mut state,
        Command::HandRaise,
        &connection("n2-b-1"),
        Millis(3),
    )
    .unwrap();
    let push = Command::CaptionPush {
        lang: "en".into(),
        text: "We now turn to".into(),
        is_final: false,
    };
    apply(&mut state, push, &connection("n2-b-3"), Millis(4)).unwrap();
    state
}

#[test]
fn connection_ids_name_their_node_exactly() {
    let id = |text: &str| ConnectionId(text.into());
    assert_eq!(id("n1-18c2f-7").node(), Some("n1-18c2f"));
    assert_eq!(id("18c2f-7").node(), Some("18c2f"), "local mode's ids");
    for odd in ["c1", "n1-", "-7", "n1-x7", "n1-7a", ""] {
        assert_eq!(id(odd).node(), None, "{odd:?}");
    }
    assert!(id("n1-a-7").belongs_to_node("n1-a"));
    // Node `n1` in run `a` is not node `n1-a` in run `b`, nor the reverse.
    assert!(!id("n1-a-b-7").belongs_to_node("n1-a"));
    assert!(!id("n1-a-7").belongs_to_node("n1"));
    assert!(!id("n1-a-7").belongs_to_node("n1-a-7"));
}

#[test]
fn node_down_is_the_leaves_of_that_node_s_connections_in_id_order() {
    let mut by_node = session();
    let mut by_leaves = session();
    assert_eq!(
        by_node.connected_nodes().into_iter().collect::<Vec<_>>(),
        ["n1-a", "n2-b"]
    );
    let down = apply(&mut by_node, node_down("n2-b"), &Actor::Server, Millis(50)).unwrap();
    let mut leaves = Applied::default();
    for id in ["n2-b-1", "n2-b-2", "n2-b-3"] {
        let left = apply(&mut by_leaves, Command::Leave, &connection(id), Millis(50)).unwrap();
        leaves.events.extend(left.events);
        leaves.records.extend(left.records);
        leaves.partials.extend(left.partials);
    }
    assert_eq!(down, leaves);
    assert_eq!(by_node.seq(), by_leaves.seq());
    assert_eq!(by_node.presence_counts(), by_leaves.presence_counts());
    assert_eq!(by_node.roster(), by_leaves.roster());

    // Bo's hand is held (not dropped), the captioner's line finished, and
    // every connection's attendance closed at the command's time.
    let kinds: Vec<_> = down.events.iter().map(|e| e.body.type_name()).collect();
    assert_eq!(kinds, ["hand.held", "caption.final"]);
    let closed: Vec<_> = down
        .records
        .iter()
        .filter_map(|record| match record {
            Record::AttendanceClosed { connection, at } => Some((connection.0.as_str(), at.0)),
            _ => None,
        })
        .collect();
    assert_eq!(closed, [("n2-b-1", 50), ("n2-b-2", 50), ("n2-b-3", 50)]);
    assert_eq!(
        by_node.connected_nodes().into_iter().collect::<Vec<_>>(),
        ["n1-a"]
    );
    let counts = by_node.presence_counts();
    // Chen is a participant; Ana moderates, so she counts as staff.
    assert_eq!(
        (counts.participants, counts.staff, counts.connections),
        (1, 1, 2)
    );
    assert_eq!(
        by_node.floor().queue().len(),
        2,
        "the held hand keeps its place"
    );

    // Bo comes back on another node within the grace period: his place.
    let back = apply(
        &mut by_node,
        Command::Join(request("Bo", Role::Participant)),
        &connection("n1-a-3"),
        Millis(60),
    )
    .unwrap();
    let kinds: Vec<_> = back.events.iter().map(|e| e.body.type_name()).collect();
    assert_eq!(kinds, ["hand.restored"]);
}

#[test]
fn node_down_again_or_for_an_unknown_node_changes_nothing() {
    let mut state = session();
    apply(&mut state, node_down("n2-b"), &Actor::Server, Millis(50)).unwrap();
    let seq = state.seq();
    for node in ["n2-b", "n3-c", "n2", "n2-b-1", ""] {
        let again = apply(&mut state, node_down(node), &Actor::Server, Millis(60)).unwrap();
        assert_eq!(again, Applied::default(), "{node:?}");
    }
    assert_eq!(state.seq(), seq);
    assert_eq!(state.presence_counts().connections, 2);
}

#[test]
fn only_the_server_declares_a_node_down() {
    let mut state = session();
    for actor in [
        connection("n1-a-1"),
        Actor::Admin,
        Actor::CaptionApi(InviteId("invite".into())),
    ] {
        let refused = apply(&mut state, node_down("n2-b"), &actor, Millis(50)).unwrap_err();
        assert_eq!(refused.code, RejectionCode::Forbidden, "{actor:?}");
    }
    assert_eq!(state.presence_counts().connections, 5);
}

#[test]
fn node_down_round_trips_through_the_log_format() {
    let command = node_down("n2-18c2f");
    let json = serde_json::to_string(&command).unwrap();
    assert_eq!(json, r#"{"node_down":{"node":"n2-18c2f"}}"#);
    assert_eq!(serde_json::from_str::<Command>(&json).unwrap(), command);
}
