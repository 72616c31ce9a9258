//! The floor, questions and moderator controls, tested through `apply`
//! with simulated time: each rule in a table, every moderator command
//! against every role, and properties over random command sequences.

use super::test_support::{connection, live_info as info};
use super::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const MODERATOR: &str = "moderator";
const ONSITE: &str = "onsite-ana";
const REMOTE: &str = "remote-bo";
const REMOTE_2: &str = "remote-chen";
const CAPTIONER: &str = "captioner";

fn request(name: &str, mode: Mode, role: Role) -> JoinRequest {
    JoinRequest {
        name: name.into(),
        mode,
        stakeholder: Stakeholder::CivilSociety,
        region: Region::African,
        hub: None,
        client_id: Some(format!("device-{name}")),
        invited_role: role,
        as_display: false,
        invite: (role != Role::Participant).then(|| InviteId(format!("invite-{name}"))),
        offered_secret: Some(SecretDigest(format!("secret-{name}"))),
        fresh_secret: SecretDigest(format!("secret-{name}")),
    }
}

fn join(state: &mut State, name: &str, mode: Mode, role: Role, now: i64) -> Applied {
    apply(
        state,
        Command::Join(request(name, mode, role)),
        &connection(name),
        Millis(now),
    )
    .expect("join accepted")
}

/// A live session with a moderator, a captioner, one onsite and two remote
/// participants, all joined at t = 0.
fn session() -> State {
    let mut state = State::new(info());
    join(&mut state, MODERATOR, Mode::Onsite, Role::Moderator, 0);
    join(&mut state, CAPTIONER, Mode::Onsite, Role::Captioner, 0);
    join(&mut state, ONSITE, Mode::Onsite, Role::Participant, 0);
    join(&mut state, REMOTE, Mode::Remote, Role::Participant, 0);
    join(&mut state, REMOTE_2, Mode::Remote, Role::Participant, 0);
    state
}

fn run(state: &mut State, who: &str, command: Command, now: i64) -> Result<Applied, Rejection> {
    apply(state, command, &connection(who), Millis(now))
}

fn moderate(state: &mut State, command: Command, now: i64) -> Applied {
    run(state, MODERATOR, command, now).expect("moderator command accepted")
}

fn kinds(applied: &Applied) -> Vec<&'static str> {
    applied
        .events
        .iter()
        .map(|event| event.body.type_name())
        .collect()
}

fn order(state: &State) -> Vec<String> {
    state
        .floor()
        .queue()
        .iter()
        .map(|entry| entry.name.clone())
        .collect()
}

fn participant_id(state: &State, name: &str) -> ParticipantId {
    state
        .participant_of(&ConnectionId(name.into()))
        .expect("joined")
        .id
        .clone()
}

fn entry_of(state: &State, name: &str) -> u64 {
    state
        .floor()
        .entry_of(&participant_id(state, name))
        .expect("in the queue")
        .entry
}

#[test]
fn hands_go_up_and_down_with_clear_refusals() {
    let mut state = session();
    let raised = run(&mut state, REMOTE, Command::HandRaise, 10).unwrap();
    assert_eq!(kinds(&raised), ["hand.raised"]);
    assert_eq!(
        raised.events[0].body.audience(),
        EventAudience::ModeratorsAnd(Some(participant_id(&state, REMOTE)))
    );
    let again = run(&mut state, REMOTE, Command::HandRaise, 11).unwrap_err();
    assert_eq!(again.code, RejectionCode::AlreadyInQueue);
    let lowered = run(&mut state, REMOTE, Command::HandLower, 12).unwrap();
    assert!(matches!(
        lowered.events[0].body,
        EventBody::HandLowered {
            reason: LowerReason::Withdrew,
            ..
        }
    ));
    let nothing = run(&mut state, REMOTE, Command::HandLower, 13).unwrap_err();
    assert_eq!(nothing.code, RejectionCode::NotFound);

    moderate(
        &mut state,
        Command::QueueConfigure {
            open: Some(false),
            policy: None,
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        14,
    );
    let closed = run(&mut state, REMOTE, Command::HandRaise, 15).unwrap_err();
    assert_eq!(closed.code, RejectionCode::QueueClosed);
    // Moderators may still add people from the room to a closed queue.
    let added = moderate(
        &mut state,
        Command::QueueAddOnsite {
            name: "Delegate of Norway".into(),
            stakeholder: Some(Stakeholder::Government),
            region: None,
        },
        16,
    );
    assert_eq!(kinds(&added), ["hand.raised"]);
    assert_eq!(order(&state), ["Delegate of Norway"]);
    let stranger = run(&mut state, "nobody", Command::HandRaise, 17).unwrap_err();
    assert_eq!(stranger.code, RejectionCode::NotJoined);
}

#[test]
fn alternate_interleaves_room_and_online_and_fifo_does_not() {
    let mut state = session();
    for (who, at) in [(ONSITE, 1), (MODERATOR, 2), (REMOTE, 3), (REMOTE_2, 4)] {
        run(&mut state, who, Command::HandRaise, at).unwrap();
    }
    // Two onsite hands came first: the first remote one goes between them.
    assert_eq!(order(&state), [ONSITE, REMOTE, MODERATOR, REMOTE_2]);

    let mut fifo = session();
    moderate(
        &mut fifo,
        Command::QueueConfigure {
            open: None,
            policy: Some(QueuePolicy::Fifo),
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        0,
    );
    for (who, at) in [(ONSITE, 1), (MODERATOR, 2), (REMOTE, 3), (REMOTE_2, 4)] {
        run(&mut fifo, who, Command::HandRaise, at).unwrap();
    }
    assert_eq!(order(&fifo), [ONSITE, MODERATOR, REMOTE, REMOTE_2]);
}

#[test]
fn a_dropped_connection_holds_the_place_for_the_grace_period() {
    let mut state = session();
    run(&mut state, ONSITE, Command::HandRaise, 1).unwrap();
    run(&mut state, REMOTE, Command::HandRaise, 2).unwrap();
    let left = run(&mut state, REMOTE, Command::Leave, 1_000).unwrap();
    assert_eq!(kinds(&left), ["hand.held"]);
    assert_eq!(order(&state), [ONSITE, REMOTE], "the place is kept");

    // Back within the grace period, with proof: the place is theirs again.
    let back = join(&mut state, REMOTE, Mode::Remote, Role::Participant, 60_000);
    assert_eq!(kinds(&back), ["hand.restored"]);
    let tick = apply(&mut state, Command::Tick, &Actor::Server, Millis(500_000)).unwrap();
    assert!(tick.events.is_empty(), "a restored place is not dropped");

    // Gone for longer than the grace period (120 s): dropped, not withdrew.
    run(&mut state, REMOTE, Command::Leave, 600_000).unwrap();
    let early = apply(&mut state, Command::Tick, &Actor::Server, Millis(719_999)).unwrap();
    assert!(early.events.is_empty());
    let dropped = apply(&mut state, Command::Tick, &Actor::Server, Millis(720_000)).unwrap();
    assert!(matches!(
        dropped.events[0].body,
        EventBody::HandLowered {
            reason: LowerReason::Dropped,
            ..
        }
    ));
    assert_eq!(order(&state), [ONSITE]);
    // Only the server's timer may tick.
    let fake = apply(&mut state, Command::Tick, &connection(REMOTE_2), Millis(1)).unwrap();
    assert_eq!(fake, Applied::default());
}

#[test]
fn granting_the_floor_takes_the_entry_and_ends_the_last_turn() {
    let mut state = session();
    run(&mut state, REMOTE, Command::HandRaise, 1_000).unwrap();
    run(&mut state, ONSITE, Command::HandRaise, 2_000).unwrap();
    let remote_entry = entry_of(&state, REMOTE);
    let granted = moderate(
        &mut state,
        Command::FloorGrant {
            entry: remote_entry,
            limit_seconds: Some(180),
        },
        5_000,
    );
    assert_eq!(kinds(&granted), ["floor.granted"]);
    assert_eq!(granted.events[0].body.audience(), EventAudience::Everyone);
    assert_eq!(order(&state), [ONSITE]);
    let speaker = state.floor().speaker().unwrap();
    assert_eq!(
        (speaker.started_at, speaker.limit_seconds),
        (Millis(5_000), Some(180))
    );

    let onsite_entry = entry_of(&state, ONSITE);
    let next = moderate(
        &mut state,
        Command::FloorGrant {
            entry: onsite_entry,
            limit_seconds: None,
        },
        65_000,
    );
    assert_eq!(kinds(&next), ["floor.ended", "floor.granted"]);

    // The speaker may yield; another participant may not end the turn.
    let refused = run(&mut state, REMOTE_2, Command::FloorEnd, 70_000).unwrap_err();
    assert_eq!(refused.code, RejectionCode::Forbidden);
    let yielded = run(&mut state, ONSITE, Command::FloorEnd, 70_000).unwrap();
    assert_eq!(kinds(&yielded), ["floor.ended"]);
    let none = moderate_result(&mut state, Command::FloorEnd, 71_000).unwrap_err();
    assert_eq!(none.code, RejectionCode::NotFound);

    for limit in [0, SPEAKING_LIMIT_MAX_SECONDS + 1] {
        run(&mut state, REMOTE_2, Command::HandRaise, 72_000).ok();
        let entry = entry_of(&state, REMOTE_2);
        let bad = moderate_result(
            &mut state,
            Command::FloorGrant {
                entry,
                limit_seconds: Some(limit),
            },
            73_000,
        )
        .unwrap_err();
        assert_eq!(bad.code, RejectionCode::InvalidField, "limit {limit}");
    }
    let missing = moderate_result(
        &mut state,
        Command::FloorGrant {
            entry: 999,
            limit_seconds: None,
        },
        74_000,
    )
    .unwrap_err();
    assert_eq!(missing.code, RejectionCode::NotFound);
}

fn moderate_result(state: &mut State, command: Command, now: i64) -> Result<Applied, Rejection> {
    run(state, MODERATOR, command, now)
}

#[test]
fn moderators_lower_move_and_configure_the_queue() {
    let mut state = session();
    moderate(
        &mut state,
        Command::QueueConfigure {
            open: None,
            policy: Some(QueuePolicy::Fifo),
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        0,
    );
    for (who, at) in [(ONSITE, 1), (REMOTE, 2), (REMOTE_2, 3)] {
        run(&mut state, who, Command::HandRaise, at).unwrap();
    }
    let last = entry_of(&state, REMOTE_2);
    let moved = moderate(
        &mut state,
        Command::QueueMove {
            entry: last,
            position: 0,
        },
        4,
    );
    assert_eq!(kinds(&moved), ["queue.moved"]);
    assert_eq!(order(&state), [REMOTE_2, ONSITE, REMOTE]);
    let same = moderate(
        &mut state,
        Command::QueueMove {
            entry: last,
            position: 0,
        },
        5,
    );
    assert_eq!(same, Applied::default());

    let onsite = entry_of(&state, ONSITE);
    let lowered = moderate(&mut state, Command::QueueLower { entry: onsite }, 6);
    assert!(matches!(
        lowered.events[0].body,
        EventBody::HandLowered {
            reason: LowerReason::LoweredByModerator,
            ..
        }
    ));
    let all = moderate(&mut state, Command::QueueLowerAll, 7);
    assert_eq!(kinds(&all), ["hand.lowered", "hand.lowered"]);
    assert!(state.floor().queue().is_empty());

    let too_long = moderate_result(
        &mut state,
        Command::QueueConfigure {
            open: None,
            policy: None,
            hold_grace_seconds: Some(HOLD_GRACE_MAX_SECONDS + 1),
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        8,
    )
    .unwrap_err();
    assert_eq!(too_long.code, RejectionCode::InvalidField);
    let unchanged = moderate(
        &mut state,
        Command::QueueConfigure {
            open: Some(true),
            policy: None,
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        9,
    );
    assert_eq!(unchanged, Applied::default());
}

#[test]
fn questions_are_asked_voted_and_moderated_never_silently() {
    let mut state = session();
    let asked = run(
        &mut state,
        REMOTE,
        Command::QuestionAsk {
            text: "  What about rural access?  ".into(),
        },
        1,
    )
    .unwrap();
    let EventBody::QuestionAsked { question } = &asked.events[0].body else {
        panic!()
    };
    assert_eq!(
        (question.text.as_str(), question.status),
        ("What about rural access?", QuestionStatus::Approved)
    );
    assert_eq!(asked.events[0].body.audience(), EventAudience::Everyone);
    let id = question.id;

    run(
        &mut state,
        REMOTE_2,
        Command::QuestionUpvote { question: id },
        2,
    )
    .unwrap();
    let twice = run(
        &mut state,
        REMOTE_2,
        Command::QuestionUpvote { question: id },
        3,
    )
    .unwrap_err();
    assert_eq!(twice.code, RejectionCode::AlreadyVoted);
    let own = run(
        &mut state,
        REMOTE,
        Command::QuestionUpvote { question: id },
        3,
    )
    .unwrap_err();
    assert_eq!(own.code, RejectionCode::InvalidField);
    let voted = run(
        &mut state,
        ONSITE,
        Command::QuestionUpvote { question: id },
        4,
    )
    .unwrap();
    assert!(matches!(
        voted.events[0].body,
        EventBody::QuestionUpvoted { votes: 2, .. }
    ));

    moderate(
        &mut state,
        Command::QuestionModerate {
            question: id,
            action: QuestionAction::Answering,
        },
        5,
    );
    moderate(
        &mut state,
        Command::QuestionModerate {
            question: id,
            action: QuestionAction::Answered,
        },
        6,
    );
    let again = moderate_result(
        &mut state,
        Command::QuestionModerate {
            question: id,
            action: QuestionAction::Dismiss { reason: None },
        },
        7,
    )
    .unwrap_err();
    assert_eq!(again.code, RejectionCode::InvalidField);

    // Pre-moderation: a new question reaches moderators and its asker only.
    moderate(
        &mut state,
        Command::QuestionsConfigure {
            premoderation: true,
        },
        8,
    );
    let pending = run(
        &mut state,
        REMOTE_2,
        Command::QuestionAsk {
            text: "Off topic?".into(),
        },
        9,
    )
    .unwrap();
    let asker = participant_id(&state, REMOTE_2);
    assert_eq!(
        pending.events[0].body.audience(),
        EventAudience::ModeratorsAnd(Some(asker.clone()))
    );
    let EventBody::QuestionAsked { question } = &pending.events[0].body else {
        panic!()
    };
    let pending_id = question.id;
    let not_open = run(
        &mut state,
        REMOTE,
        Command::QuestionUpvote {
            question: pending_id,
        },
        10,
    )
    .unwrap_err();
    assert_eq!(
        not_open.code,
        RejectionCode::NotFound,
        "a pending question cannot be voted on"
    );
    let dismissed = moderate(
        &mut state,
        Command::QuestionModerate {
            question: pending_id,
            action: QuestionAction::Dismiss {
                reason: Some("Out of scope".into()),
            },
        },
        11,
    );
    // The asker is told, with the reason; others never saw the question.
    assert_eq!(
        dismissed.events[0].body.audience(),
        EventAudience::ModeratorsAnd(Some(asker))
    );
    assert!(matches!(
        &dismissed.events[0].body,
        EventBody::QuestionStatusChanged { status: QuestionStatus::Dismissed, reason: Some(reason), public: false, .. } if reason == "Out of scope"
    ));

    let third = run(
        &mut state,
        ONSITE,
        Command::QuestionAsk {
            text: "Next steps?".into(),
        },
        12,
    )
    .unwrap();
    let EventBody::QuestionAsked { question } = &third.events[0].body else {
        panic!()
    };
    let approved = moderate(
        &mut state,
        Command::QuestionModerate {
            question: question.id,
            action: QuestionAction::Approve,
        },
        13,
    );
    assert_eq!(approved.events[0].body.audience(), EventAudience::Everyone);
    let forbidden = run(
        &mut state,
        REMOTE,
        Command::QuestionModerate {
            question: question.id,
            action: QuestionAction::Answered,
        },
        14,
    )
    .unwrap_err();
    assert_eq!(forbidden.code, RejectionCode::Forbidden);
    let long = run(
        &mut state,
        REMOTE,
        Command::QuestionAsk {
            text: "x".repeat(QUESTION_MAX_CHARS + 1),
        },
        15,
    )
    .unwrap_err();
    assert_eq!(long.code, RejectionCode::TooLarge);
}

#[test]
fn chat_can_be_locked_or_slowed_but_not_for_moderators() {
    let mut state = session();
    let chat = |text: &str| Command::ChatSend { text: text.into() };
    moderate(
        &mut state,
        Command::ChatConfigure {
            mode: ChatMode::Locked,
            slow_seconds: None,
        },
        0,
    );
    assert_eq!(
        run(&mut state, REMOTE, chat("hi"), 1).unwrap_err().code,
        RejectionCode::ChatLocked
    );
    run(&mut state, MODERATOR, chat("Chat is paused"), 2).unwrap();

    moderate(
        &mut state,
        Command::ChatConfigure {
            mode: ChatMode::Slow,
            slow_seconds: Some(30),
        },
        3,
    );
    run(&mut state, REMOTE, chat("first"), 10_000).unwrap();
    let slow = run(&mut state, REMOTE, chat("second"), 39_999).unwrap_err();
    assert_eq!(slow.code, RejectionCode::SlowMode);
    assert!(slow.message.contains("1 s"), "{}", slow.message);
    run(&mut state, REMOTE, chat("second"), 40_000).unwrap();
    run(&mut state, MODERATOR, chat("one"), 40_001).unwrap();
    run(&mut state, MODERATOR, chat("two"), 40_002).unwrap();
    let bad = moderate_result(
        &mut state,
        Command::ChatConfigure {
            mode: ChatMode::Slow,
            slow_seconds: Some(0),
        },
        5,
    )
    .unwrap_err();
    assert_eq!(bad.code, RejectionCode::InvalidField);
}

#[test]
fn deleted_chat_leaves_the_history() {
    let mut state = session();
    let sent = run(
        &mut state,
        REMOTE,
        Command::ChatSend {
            text: "spam".into(),
        },
        1,
    )
    .unwrap();
    let seq = sent.events[0].seq;
    let deleted = moderate(&mut state, Command::ChatDelete { message: seq }, 2);
    assert_eq!(kinds(&deleted), ["chat.deleted"]);
    assert_eq!(state.recent_chat().count(), 0);
    let missing = moderate_result(&mut state, Command::ChatDelete { message: seq }, 3).unwrap_err();
    assert_eq!(missing.code, RejectionCode::NotFound);
    let pin = moderate(
        &mut state,
        Command::AnnouncementPin {
            text: Some("Break at 11:00".into()),
        },
        4,
    );
    assert_eq!(kinds(&pin), ["announcement.pinned"]);
    assert_eq!(state.moderation().announcement(), Some("Break at 11:00"));
    moderate(&mut state, Command::AnnouncementPin { text: None }, 5);
    assert_eq!(state.moderation().announcement(), None);
}

#[test]
fn a_banned_participant_cannot_come_back_by_any_door() {
    let mut state = session();
    run(&mut state, REMOTE, Command::HandRaise, 1).unwrap();
    let target = participant_id(&state, REMOTE);
    let removed = moderate(
        &mut state,
        Command::ParticipantRemove {
            participant: target.clone(),
            ban: true,
        },
        2,
    );
    assert_eq!(kinds(&removed), ["hand.lowered", "participant.removed"]);
    run(&mut state, REMOTE, Command::Leave, 3).unwrap();

    // The same secret, the same device under a new name: refused.
    let same = apply(
        &mut state,
        Command::Join(request(REMOTE, Mode::Remote, Role::Participant)),
        &connection("again-1"),
        Millis(4),
    );
    assert_eq!(same.unwrap_err().code, RejectionCode::Banned);
    let mut renamed = request("Someone else", Mode::Remote, Role::Participant);
    renamed.client_id = Some(format!("device-{REMOTE}"));
    renamed.offered_secret = None;
    let device = apply(
        &mut state,
        Command::Join(renamed),
        &connection("again-2"),
        Millis(5),
    );
    assert_eq!(device.unwrap_err().code, RejectionCode::Banned);

    // A banned captioner cannot use their invite under another device.
    let captioner = participant_id(&state, CAPTIONER);
    moderate(
        &mut state,
        Command::ParticipantRemove {
            participant: captioner,
            ban: true,
        },
        6,
    );
    let mut other_device = request("New writer", Mode::Onsite, Role::Captioner);
    other_device.invite = Some(InviteId(format!("invite-{CAPTIONER}")));
    other_device.client_id = Some("device-new-writer".into());
    let invite = apply(
        &mut state,
        Command::Join(other_device),
        &connection("again-3"),
        Millis(7),
    );
    assert_eq!(invite.unwrap_err().code, RejectionCode::Banned);

    // Removed without a ban: they may come back.
    let onsite = participant_id(&state, ONSITE);
    moderate(
        &mut state,
        Command::ParticipantRemove {
            participant: onsite,
            ban: false,
        },
        8,
    );
    run(&mut state, ONSITE, Command::Leave, 9).unwrap();
    join(&mut state, ONSITE, Mode::Onsite, Role::Participant, 10);
    let me = participant_id(&state, MODERATOR);
    let myself = moderate_result(
        &mut state,
        Command::ParticipantRemove {
            participant: me,
            ban: true,
        },
        11,
    )
    .unwrap_err();
    assert_eq!(myself.code, RejectionCode::InvalidField);
}

#[test]
fn promotion_gives_moderator_rights_and_demotion_takes_them() {
    let mut state = session();
    let target = participant_id(&state, REMOTE);
    let promoted = moderate(
        &mut state,
        Command::ParticipantSetRole {
            participant: target.clone(),
            role: Role::Moderator,
        },
        1,
    );
    assert_eq!(kinds(&promoted), ["participant.role"]);
    assert!(
        matches!(&promoted.records[0], Record::ParticipantSaved(saved) if saved.role == Role::Moderator)
    );
    run(&mut state, REMOTE, Command::QueueLowerAll, 2).expect("a co-moderator may moderate");
    moderate(
        &mut state,
        Command::ParticipantSetRole {
            participant: target,
            role: Role::Participant,
        },
        3,
    );
    let refused = run(&mut state, REMOTE, Command::QueueLowerAll, 4).unwrap_err();
    assert_eq!(refused.code, RejectionCode::Forbidden);
    let me = participant_id(&state, MODERATOR);
    let own = moderate_result(
        &mut state,
        Command::ParticipantSetRole {
            participant: me,
            role: Role::Participant,
        },
        5,
    )
    .unwrap_err();
    assert_eq!(own.code, RejectionCode::InvalidField);
}

#[test]
fn ending_the_session_ends_the_turn_and_makes_it_read_only() {
    let mut state = session();
    run(&mut state, REMOTE, Command::HandRaise, 1).unwrap();
    let entry = entry_of(&state, REMOTE);
    moderate(
        &mut state,
        Command::FloorGrant {
            entry,
            limit_seconds: None,
        },
        2,
    );
    let refused = run(&mut state, REMOTE, Command::EndSession, 3).unwrap_err();
    assert_eq!(refused.code, RejectionCode::Forbidden);
    let ended = moderate(&mut state, Command::EndSession, 10_000);
    assert_eq!(kinds(&ended), ["floor.ended", "session.updated"]);
    for (who, command) in [
        (REMOTE_2, Command::HandRaise),
        (
            REMOTE_2,
            Command::QuestionAsk {
                text: "late?".into(),
            },
        ),
        (MODERATOR, Command::QueueLowerAll),
        (MODERATOR, Command::StartSession),
        (MODERATOR, Command::EndSession),
    ] {
        let refusal = run(&mut state, who, command, 10_001).unwrap_err();
        assert_eq!(refusal.code, RejectionCode::SessionEnded);
    }
}

/// Every moderator command, with arguments that a moderator could apply.
fn moderator_commands(state: &State) -> Vec<Command> {
    let someone = participant_id(state, REMOTE_2);
    let entry = state
        .floor()
        .queue()
        .first()
        .map_or(1, |queued| queued.entry);
    vec![
        Command::QueueAddOnsite {
            name: "Room delegate".into(),
            stakeholder: None,
            region: None,
        },
        Command::QueueLower { entry },
        Command::QueueLowerAll,
        Command::QueueMove { entry, position: 5 },
        Command::QueueConfigure {
            open: Some(false),
            policy: None,
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None,
        },
        Command::FloorGrant {
            entry,
            limit_seconds: None,
        },
        Command::QuestionModerate {
            question: 1,
            action: QuestionAction::Approve,
        },
        Command::QuestionModerate {
            question: 1,
            action: QuestionAction::Answering,
        },
        Command::QuestionModerate {
            question: 1,
            action: QuestionAction::Answered,
        },
        Command::QuestionModerate {
            question: 1,
            action: QuestionAction::Dismiss { reason: None },
        },
        Command::QuestionsConfigure {
            premoderation: true,
        },
        Command::ChatConfigure {
            mode: ChatMode::Locked,
            slow_seconds: None,
        },
        Command::ChatDelete { message: 1 },
        Command::AnnouncementPin {
            text: Some("Pinned".into()),
        },
        Command::ParticipantRemove {
            participant: someone.clone(),
            ban: true,
        },
        Command::ParticipantSetRole {
            participant: someone.clone(),
            role: Role::Moderator,
        },
        Command::HubConfirm {
            participant: someone.clone(),
            headcount: 12,
        },
        Command::ParticipantUnban {
            participant: someone,
        },
        Command::QueueSetKind {
            entry: 1,
            kind: HandKind::PointOfOrder,
        },
        Command::QueueRefusePriority { entry: 1 },
        Command::QueueAllowTurn {
            participant: ParticipantId("p1".into()),
        },
        Command::PollOpen(PollSpec {
            kind: PollKind::ShowOfHands,
            title: "Hands?".into(),
            options: Vec::new(),
            max_choices: None,
            anonymous: None,
            results_shown: None,
        }),
        Command::PollChairCount {
            poll: 1,
            counts: vec![1, 0],
        },
        Command::PollClose { poll: 1 },
        Command::PollPublish { poll: 1 },
        Command::StartSession,
        Command::EndSession,
    ]
}

#[test]
fn every_moderator_command_is_refused_to_every_other_role() {
    let mut prepared = session();
    run(&mut prepared, REMOTE_2, Command::HandRaise, 1).unwrap();
    run(
        &mut prepared,
        REMOTE,
        Command::ChatSend {
            text: "hello".into(),
        },
        2,
    )
    .unwrap();
    moderate(
        &mut prepared,
        Command::QuestionsConfigure {
            premoderation: true,
        },
        3,
    );
    run(
        &mut prepared,
        REMOTE,
        Command::QuestionAsk { text: "Q?".into() },
        4,
    )
    .unwrap();
    let actors: Vec<(&str, Actor)> = vec![
        ("participant", connection(REMOTE)),
        ("onsite participant", connection(ONSITE)),
        ("captioner", connection(CAPTIONER)),
        ("not joined", connection("stranger")),
        (
            "caption API",
            Actor::CaptionApi(InviteId("invite-x".into())),
        ),
        ("server timer", Actor::Server),
    ];
    // The report, the one query with a rule, is refused alike.
    for (name, actor) in &actors {
        let rejection = may_see_report(&prepared, actor).unwrap_err();
        assert!(
            matches!(
                rejection.code,
                RejectionCode::Forbidden | RejectionCode::NotJoined
            ),
            "{name} may see the report: {rejection}"
        );
    }
    for actor in [connection(MODERATOR), Actor::Admin] {
        assert_eq!(may_see_report(&prepared, &actor), Ok(()), "{actor:?}");
    }
    let commands = moderator_commands(&prepared);
    assert_eq!(commands.len(), 27);
    for command in &commands {
        for (name, actor) in &actors {
            let mut state = prepared.clone();
            let seq = state.seq();
            let rejection = apply(&mut state, command.clone(), actor, Millis(100)).unwrap_err();
            assert!(
                matches!(
                    rejection.code,
                    RejectionCode::Forbidden | RejectionCode::NotJoined
                ),
                "{name} ran {command:?}: {rejection}"
            );
            assert_eq!(state.seq(), seq, "{name}, {command:?}: nothing changed");
            assert_eq!(order(&state), order(&prepared));
        }
        // From a moderator or the organiser the role is never the problem
        // (a command may still not fit the state, such as answering a
        // question still pending).
        for actor in [connection(MODERATOR), Actor::Admin] {
            let mut state = prepared.clone();
            if let Err(rejection) = apply(&mut state, command.clone(), &actor, Millis(100)) {
                assert!(
                    !matches!(
                        rejection.code,
                        RejectionCode::Forbidden | RejectionCode::NotJoined
                    ),
                    "{actor:?} ran {command:?}: {rejection}"
                );
            }
        }
    }
}

#[test]
fn restore_rebuilds_the_floor_questions_and_bans() {
    let mut state = session();
    let mut stored = Vec::new();
    let mut keep = |applied: Applied| stored.extend(applied.events);
    keep(run(&mut state, REMOTE, Command::HandRaise, 1).unwrap());
    keep(run(&mut state, ONSITE, Command::HandRaise, 2).unwrap());
    let remote = entry_of(&state, REMOTE);
    keep(moderate(
        &mut state,
        Command::FloorGrant {
            entry: remote,
            limit_seconds: Some(60),
        },
        3,
    ));
    keep(
        run(
            &mut state,
            REMOTE_2,
            Command::QuestionAsk { text: "Q1".into() },
            4,
        )
        .unwrap(),
    );
    keep(
        run(
            &mut state,
            ONSITE,
            Command::QuestionUpvote { question: 1 },
            5,
        )
        .unwrap(),
    );
    let banned = participant_id(&state, REMOTE_2);
    keep(moderate(
        &mut state,
        Command::ParticipantRemove {
            participant: banned.clone(),
            ban: true,
        },
        6,
    ));
    let participants: Vec<Participant> = state.participants.values().cloned().collect();
    let mut restored = State::restore(info(), participants, stored, [], []);
    assert_eq!(order(&restored), order(&state));
    assert_eq!(restored.floor().speaker(), state.floor().speaker());
    assert!(restored.moderation().is_banned(&banned));
    let twice = apply(
        &mut restored,
        Command::QuestionUpvote { question: 1 },
        &connection(ONSITE),
        Millis(7),
    );
    assert_eq!(
        twice.unwrap_err().code,
        RejectionCode::NotJoined,
        "connections are not restored"
    );
    join(&mut restored, ONSITE, Mode::Onsite, Role::Participant, 8);
    let twice = run(
        &mut restored,
        ONSITE,
        Command::QuestionUpvote { question: 1 },
        9,
    )
    .unwrap_err();
    assert_eq!(
        twice.code,
        RejectionCode::AlreadyVoted,
        "votes survive a restart"
    );
}

#[test]
fn the_report_counts_hands_waits_turns_and_attendance() {
    let mut state = session();
    let mut events = Vec::new();
    let mut keep = |applied: Applied| events.extend(applied.events);
    keep(run(&mut state, REMOTE, Command::HandRaise, 0).unwrap());
    keep(run(&mut state, ONSITE, Command::HandRaise, 10_000).unwrap());
    keep(run(&mut state, REMOTE_2, Command::HandRaise, 20_000).unwrap());
    let remote = entry_of(&state, REMOTE);
    keep(moderate(
        &mut state,
        Command::FloorGrant {
            entry: remote,
            limit_seconds: None,
        },
        30_000,
    ));
    let onsite = entry_of(&state, ONSITE);
    keep(moderate(
        &mut state,
        Command::FloorGrant {
            entry: onsite,
            limit_seconds: None,
        },
        90_000,
    ));
    keep(moderate(&mut state, Command::FloorEnd, 100_000));
    keep(run(&mut state, REMOTE_2, Command::HandLower, 110_000).unwrap());
    keep(run(&mut state, REMOTE, Command::HandRaise, 120_000).unwrap());
    keep(
        run(
            &mut state,
            REMOTE,
            Command::QuestionAsk { text: "Q".into() },
            130_000,
        )
        .unwrap(),
    );
    let participants: Vec<Participant> = state.participants.values().cloned().collect();
    let span = |name: &str, from: i64, to: Option<i64>, headcount: u32| AttendanceSpan {
        participant: participant_id(&state, name),
        headcount,
        joined_at: Millis(from),
        left_at: to.map(Millis),
    };
    let attendance = vec![
        span(REMOTE, 0, Some(50_000), 1),
        span(REMOTE, 50_000, None, 1),
        span(REMOTE, 60_000, Some(70_000), 1),
        span(ONSITE, 0, Some(40_000), 1),
        span(REMOTE_2, 45_000, None, 25),
    ];
    let report = build_report(
        state.info(),
        &participants,
        &attendance,
        &events,
        Millis(200_000),
    );
    let remote_hands = &report.hands["remote"];
    assert_eq!(
        (
            remote_hands.raised,
            remote_hands.served,
            remote_hands.withdrew,
            remote_hands.waiting
        ),
        (3, 1, 1, 1)
    );
    assert_eq!(report.hands["onsite"].served, 1);
    assert_eq!(report.wait["remote"].median_seconds, Some(30.0));
    assert_eq!(report.wait["onsite"].max_seconds, Some(80.0));
    assert_eq!(report.turns.turns.by_mode["remote"], 1);
    assert_eq!(report.turns.speaking_seconds.by_mode["remote"], 60);
    assert_eq!(report.turns.speaking_seconds.by_mode["onsite"], 10);
    assert_eq!(report.questions["remote"].asked, 1);
    assert_eq!(
        report.attendance.unique.total, 27,
        "a hub counts its headcount, a person once"
    );
    // Peak: Bo (1) and the hub of 25 after Ana left; Bo's second tab counts once.
    assert_eq!(report.attendance.peak.total, 26);
    assert_eq!(report.attendance.peak.by_mode["remote"], 26);
    let csv = report_csv(&report);
    assert!(csv.starts_with("section,group,key,metric,value\n"));
    assert!(csv.contains("hands,mode,remote,raised,3\n"));
    assert!(csv.contains("attendance,all,all,peak,26\n"));
}

#[derive(Clone, Debug)]
enum Step {
    Raise(usize),
    Lower(usize),
    Leave(usize),
    Rejoin(usize),
    AddOnsite,
    GrantFirst,
    GrantLast,
    LowerFirst,
    EndTurn,
    Tick,
    Wait(u16),
    RaiseKind(usize, HandKind),
}

const KINDS: [HandKind; 4] = [
    HandKind::Speak,
    HandKind::Reply,
    HandKind::Question,
    HandKind::PointOfOrder,
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..6usize).prop_map(Step::Raise),
        2 => (0..6usize, 0..4usize).prop_map(|(person, kind)| Step::RaiseKind(person, KINDS[kind])),
        1 => (0..6usize).prop_map(Step::Lower),
        1 => (0..6usize).prop_map(Step::Leave),
        1 => (0..6usize).prop_map(Step::Rejoin),
        2 => Just(Step::AddOnsite),
        2 => Just(Step::GrantFirst),
        1 => Just(Step::GrantLast),
        1 => Just(Step::LowerFirst),
        1 => Just(Step::EndTurn),
        1 => Just(Step::Tick),
        2 => (0..60_000u16).prop_map(Step::Wait),
    ]
}

const PEOPLE: [(&str, Mode); 6] = [
    ("p-on-1", Mode::Onsite),
    ("p-on-2", Mode::Onsite),
    ("p-on-3", Mode::Onsite),
    ("p-re-1", Mode::Remote),
    ("p-re-2", Mode::Remote),
    ("p-re-3", Mode::Remote),
];

fn raise_kind(
    state: &mut State,
    who: &str,
    kind: HandKind,
    now: i64,
) -> Result<Applied, Rejection> {
    run(
        state,
        who,
        Command::HandRaiseWith {
            kind,
            topic: Some("on the funding model".into()),
        },
        now,
    )
}

fn order_kinds(state: &State) -> Vec<(String, HandKind, bool)> {
    state
        .floor()
        .queue()
        .iter()
        .map(|entry| (entry.name.clone(), entry.kind, entry.priority))
        .collect()
}

fn configure(
    state: &mut State,
    policy: QueuePolicy,
    replies: bool,
    max_turns: Option<u32>,
    default_limit: Option<u32>,
) {
    moderate(
        state,
        Command::QueueConfigure {
            open: None,
            policy: Some(policy),
            hold_grace_seconds: None,
            replies: Some(replies),
            max_turns: Some(max_turns),
            default_limit_seconds: Some(default_limit),
        },
        1,
    );
}

#[test]
fn each_kind_of_request_is_placed_as_its_rule_says_under_each_policy() {
    use HandKind::{PointOfOrder as Poo, Question, Reply, Speak};
    // (policy, replies allowed, the arrivals (who, kind), the order of names)
    let cases: Vec<(QueuePolicy, bool, Vec<(&str, HandKind)>, Vec<&str>)> = vec![
        (
            QueuePolicy::Fifo,
            true,
            vec![(ONSITE, Speak), (REMOTE, Speak), (REMOTE_2, Poo)],
            vec![REMOTE_2, ONSITE, REMOTE],
        ),
        (
            QueuePolicy::Fifo,
            true,
            vec![(ONSITE, Poo), (REMOTE, Reply), (REMOTE_2, Poo)],
            vec![ONSITE, REMOTE_2, REMOTE],
        ),
        (
            QueuePolicy::Fifo,
            false,
            vec![(ONSITE, Speak), (REMOTE, Reply)],
            vec![ONSITE, REMOTE],
        ),
        (
            QueuePolicy::Fifo,
            true,
            vec![(ONSITE, Speak), (REMOTE, Reply)],
            vec![REMOTE, ONSITE],
        ),
        (
            QueuePolicy::Fifo,
            true,
            vec![(ONSITE, Speak), (REMOTE, Question)],
            vec![ONSITE, REMOTE],
        ),
        (
            QueuePolicy::Alternate,
            true,
            vec![(REMOTE, Speak), (REMOTE_2, Speak), (ONSITE, Poo)],
            vec![ONSITE, REMOTE, REMOTE_2],
        ),
        (
            QueuePolicy::Alternate,
            true,
            vec![(REMOTE, Speak), (REMOTE_2, Reply), (ONSITE, Speak)],
            vec![REMOTE_2, REMOTE, ONSITE],
        ),
        (
            QueuePolicy::LeastSpoken,
            true,
            vec![(REMOTE, Speak), (ONSITE, Poo), (REMOTE_2, Reply)],
            vec![ONSITE, REMOTE_2, REMOTE],
        ),
    ];
    for (policy, replies, arrivals, expected) in cases {
        let mut state = session();
        configure(&mut state, policy, replies, None, None);
        for (who, kind) in &arrivals {
            raise_kind(&mut state, who, *kind, 2).unwrap();
        }
        let names: Vec<String> = order_kinds(&state)
            .into_iter()
            .map(|(name, _, _)| name)
            .collect();
        assert_eq!(
            names, expected,
            "{policy:?}, replies {replies}, {arrivals:?}"
        );
    }
}

#[test]
fn the_chair_changes_a_kind_or_refuses_a_priority_and_the_entry_moves() {
    let mut state = session();
    configure(&mut state, QueuePolicy::Fifo, true, None, None);
    raise_kind(&mut state, ONSITE, HandKind::Speak, 2).unwrap();
    raise_kind(&mut state, REMOTE, HandKind::PointOfOrder, 3).unwrap();
    assert_eq!(
        order_kinds(&state)[0],
        (REMOTE.to_owned(), HandKind::PointOfOrder, true)
    );
    let entry = entry_of(&state, REMOTE);
    let refused = moderate(&mut state, Command::QueueRefusePriority { entry }, 4);
    assert_eq!(kinds(&refused), ["hand.kind", "queue.moved"]);
    assert_eq!(
        order_kinds(&state),
        [
            (ONSITE.to_owned(), HandKind::Speak, false),
            (REMOTE.to_owned(), HandKind::PointOfOrder, false)
        ],
        "it keeps its kind, and waits its turn"
    );
    let onsite = entry_of(&state, ONSITE);
    moderate(
        &mut state,
        Command::QueueSetKind {
            entry: onsite,
            kind: HandKind::PointOfOrder,
        },
        5,
    );
    assert_eq!(
        order_kinds(&state)[0],
        (ONSITE.to_owned(), HandKind::PointOfOrder, true)
    );
    let again = run(
        &mut state,
        MODERATOR,
        Command::QueueRefusePriority { entry },
        6,
    )
    .unwrap_err();
    assert_eq!(again.code, RejectionCode::InvalidField, "nothing to refuse");
}

#[test]
fn turns_per_person_are_limited_and_the_chair_may_allow_one_more() {
    let mut state = session();
    configure(&mut state, QueuePolicy::Fifo, false, Some(1), Some(120));
    run(&mut state, REMOTE, Command::HandRaise, 2).unwrap();
    let entry = entry_of(&state, REMOTE);
    let granted = moderate(
        &mut state,
        Command::FloorGrant {
            entry,
            limit_seconds: None,
        },
        3,
    );
    let EventBody::FloorGranted { turn } = &granted.events[0].body else {
        panic!()
    };
    assert_eq!(turn.limit_seconds, Some(120), "the default speaking limit");
    moderate(&mut state, Command::FloorEnd, 63_003);

    let refused = run(&mut state, REMOTE, Command::HandRaise, 63_004).unwrap_err();
    assert_eq!(refused.code, RejectionCode::TurnLimit);
    // The room speaker the chair adds is the chair's call.
    moderate(
        &mut state,
        Command::QueueAddOnsite {
            name: "Delegate of Kenya".into(),
            stakeholder: None,
            region: None,
        },
        63_005,
    );
    let bo = participant_id(&state, REMOTE);
    moderate(
        &mut state,
        Command::QueueAllowTurn { participant: bo },
        63_006,
    );
    run(&mut state, REMOTE, Command::HandRaise, 63_007).expect("one turn more");
    let queued = state
        .floor()
        .entry_of(&participant_id(&state, REMOTE))
        .unwrap()
        .clone();
    assert_eq!(
        queued.spoken,
        Spoken {
            turns: 1,
            seconds: 63
        },
        "what he had spoken when he raised it"
    );
    let explicit = moderate(
        &mut state,
        Command::FloorGrant {
            entry: queued.entry,
            limit_seconds: Some(60),
        },
        63_008,
    );
    let EventBody::FloorGranted { turn } = explicit.events.last().map(|event| &event.body).unwrap()
    else {
        panic!()
    };
    assert_eq!(turn.limit_seconds, Some(60), "an explicit limit wins");
}

#[test]
fn a_topic_note_is_one_short_line_and_bad_settings_are_refused() {
    let mut state = session();
    let long = Command::HandRaiseWith {
        kind: HandKind::Speak,
        topic: Some("t".repeat(HAND_TOPIC_MAX_CHARS + 1)),
    };
    assert_eq!(
        run(&mut state, REMOTE, long, 2).unwrap_err().code,
        RejectionCode::TooLarge
    );
    let control = Command::HandRaiseWith {
        kind: HandKind::Question,
        topic: Some("a\u{1b}[2J".into()),
    };
    assert_eq!(
        run(&mut state, REMOTE, control, 2).unwrap_err().code,
        RejectionCode::InvalidField
    );
    for (max_turns, default_limit) in [
        (Some(0), None),
        (Some(MAX_TURNS_LIMIT + 1), None),
        (None, Some(0)),
        (None, Some(SPEAKING_LIMIT_MAX_SECONDS + 1)),
    ] {
        let refused = moderate_result(
            &mut state,
            Command::QueueConfigure {
                open: None,
                policy: None,
                hold_grace_seconds: None,
                replies: None,
                max_turns: Some(max_turns),
                default_limit_seconds: Some(default_limit),
            },
            3,
        )
        .unwrap_err();
        assert_eq!(
            refused.code,
            RejectionCode::InvalidField,
            "{max_turns:?} {default_limit:?}"
        );
    }
    assert!(state.floor().queue().is_empty());
}

#[test]
fn events_and_settings_stored_before_kinds_existed_still_load() {
    let raised: Event = serde_json::from_str(
        r#"{"type":"hand.raised","entry":{"entry":1,"participant":"p2","name":"Ana","mode":"remote","raised_at":"2026-01-01T00:00:00.000Z"},"position":0,"seq":1,"ts":"2026-01-01T00:00:00.000Z"}"#,
    )
    .expect("an old hand.raised");
    let EventBody::HandRaised { entry, .. } = &raised.body else {
        panic!()
    };
    assert_eq!(
        (entry.kind, entry.priority, entry.spoken),
        (HandKind::Speak, false, Spoken::default())
    );
    let updated: Event = serde_json::from_str(
        r#"{"type":"queue.updated","open":true,"policy":"fifo","hold_grace_seconds":60,"seq":2,"ts":"2026-01-01T00:00:00.000Z"}"#,
    )
    .expect("an old queue.updated");
    let EventBody::QueueUpdated { settings } = &updated.body else {
        panic!()
    };
    assert_eq!(
        (
            settings.replies,
            settings.max_turns,
            settings.default_limit_seconds
        ),
        (false, None, None)
    );
    let old_command: Command =
        serde_json::from_str(r#""hand_raise""#).expect("an old log entry's command");
    assert_eq!(old_command, Command::HandRaise);
}

/// Plays floor steps; returns the events, checking `after_each` on the
/// state after every step.
fn play(
    state: &mut State,
    steps: Vec<Step>,
    mut after_each: impl FnMut(&State) -> Result<(), TestCaseError>,
) -> Result<(Vec<Event>, i64), TestCaseError> {
    let mut now = 0i64;
    let mut events = Vec::new();
    for step in steps {
        now += 1;
        let applied = match step {
            Step::Raise(person) => run(state, PEOPLE[person].0, Command::HandRaise, now),
            Step::RaiseKind(person, kind) => run(
                state,
                PEOPLE[person].0,
                Command::HandRaiseWith {
                    kind,
                    topic: Some(format!("topic {now}")),
                },
                now,
            ),
            Step::Lower(person) => run(state, PEOPLE[person].0, Command::HandLower, now),
            Step::Leave(person) => run(state, PEOPLE[person].0, Command::Leave, now),
            Step::Rejoin(person) => {
                let (name, mode) = PEOPLE[person];
                apply(
                    state,
                    Command::Join(request(name, mode, Role::Participant)),
                    &connection(name),
                    Millis(now),
                )
            }
            Step::AddOnsite => moderate_result(
                state,
                Command::QueueAddOnsite {
                    name: format!("Room {now}"),
                    stakeholder: None,
                    region: None,
                },
                now,
            ),
            Step::GrantFirst | Step::GrantLast | Step::LowerFirst => {
                let queue = state.floor().queue();
                let pick = if matches!(step, Step::GrantLast) {
                    queue.last()
                } else {
                    queue.first()
                };
                match pick.map(|entry| entry.entry) {
                    Some(entry) if matches!(step, Step::LowerFirst) => {
                        moderate_result(state, Command::QueueLower { entry }, now)
                    }
                    Some(entry) => moderate_result(
                        state,
                        Command::FloorGrant {
                            entry,
                            limit_seconds: None,
                        },
                        now,
                    ),
                    None => continue,
                }
            }
            Step::EndTurn => moderate_result(state, Command::FloorEnd, now),
            Step::Tick => apply(state, Command::Tick, &Actor::Server, Millis(now)),
            Step::Wait(millis) => {
                now += i64::from(millis) * 4;
                continue;
            }
        };
        if let Ok(applied) = applied {
            events.extend(applied.events);
        }
        after_each(state)?;
    }
    Ok((events, now))
}

fn queued_session(policy: QueuePolicy) -> State {
    let mut state = State::new(info());
    join(&mut state, MODERATOR, Mode::Onsite, Role::Moderator, 0);
    for (name, mode) in PEOPLE {
        join(&mut state, name, mode, Role::Participant, 0);
    }
    moderate(
        &mut state,
        Command::QueueConfigure {
            open: None,
            policy: Some(policy),
            hold_grace_seconds: None,
            replies: Some(true),
            max_turns: None,
            default_limit_seconds: None,
        },
        0,
    );
    state
}

proptest! {
    /// Over random sequences, kinds of request mixed in: nobody is in the
    /// queue twice, entries are unique (positions are a permutation),
    /// prioritised entries (points of order, replies) stay at the head,
    /// under `alternate` no waiting entry is overtaken by more than one
    /// later entry from the other side (a prioritised entry may overtake by
    /// design), and the report's hand counts add up.
    #[test]
    fn queue_invariants_hold(steps in proptest::collection::vec(step(), 1..80)) {
        let mut state = queued_session(QueuePolicy::Alternate);
        // For each waiting entry, the later other-side entries ever ahead of it.
        let mut overtaken_by: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
        let (events, now) = play(&mut state, steps, |state| {
            let queue = state.floor().queue();
            let ids: BTreeSet<u64> = queue.iter().map(|entry| entry.entry).collect();
            prop_assert_eq!(ids.len(), queue.len(), "entries are unique");
            let people: Vec<&ParticipantId> = queue.iter().filter_map(|entry| entry.participant.as_ref()).collect();
            let distinct: BTreeSet<&&ParticipantId> = people.iter().collect();
            prop_assert_eq!(distinct.len(), people.len(), "nobody is queued twice");
            let prefix = queue.iter().take_while(|entry| entry.priority).count();
            prop_assert!(queue[prefix..].iter().all(|entry| !entry.priority), "prioritised entries lead");
            for (index, waiting) in queue.iter().enumerate() {
                for ahead in &queue[..index] {
                    if ahead.mode != waiting.mode && ahead.raised_at > waiting.raised_at && !ahead.priority {
                        overtaken_by.entry(waiting.entry).or_default().insert(ahead.entry);
                    }
                }
                let count = overtaken_by.get(&waiting.entry).map_or(0, BTreeSet::len);
                prop_assert!(count <= 1, "entry {} overtaken by {:?}", waiting.entry, overtaken_by[&waiting.entry]);
            }
            Ok(())
        })?;
        let report = build_report(state.info(), &[], &[], &events, Millis(now));
        for (mode, hands) in &report.hands {
            prop_assert_eq!(
                hands.raised,
                hands.served + hands.withdrew + hands.dropped + hands.lowered_by_moderator + hands.waiting,
                "{}", mode
            );
        }
        let waiting: u64 = report.hands.values().map(|hands| hands.waiting).sum();
        prop_assert_eq!(waiting as usize, state.floor().queue().len());
    }

    /// Under `least_spoken`, nobody waiting is ever overtaken by a later
    /// entry of someone who had spoken more (turns, then seconds), and
    /// prioritised entries stay at the head.
    #[test]
    fn least_spoken_never_lets_who_spoke_more_overtake(steps in proptest::collection::vec(step(), 1..80)) {
        let mut state = queued_session(QueuePolicy::LeastSpoken);
        play(&mut state, steps, |state| {
            let queue = state.floor().queue();
            let prefix = queue.iter().take_while(|entry| entry.priority).count();
            prop_assert!(queue[prefix..].iter().all(|entry| !entry.priority), "prioritised entries lead");
            for (index, waiting) in queue.iter().enumerate() {
                for ahead in &queue[prefix.min(index)..index] {
                    if ahead.raised_at > waiting.raised_at {
                        prop_assert!(
                            ahead.spoken <= waiting.spoken,
                            "entry {} ({:?}) overtook entry {} ({:?})",
                            ahead.entry, ahead.spoken, waiting.entry, waiting.spoken
                        );
                    }
                }
            }
            Ok(())
        })?;
    }
}
