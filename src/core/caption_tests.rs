//! Caption rules, tested through `apply` with simulated time: line assembly
//! (partials, finals, HTTP appends and `\n`), post `seq` retries, handover
//! between captioners, and the lines finished for the writer.

use super::*;
use crate::core::test_support::connection;
use proptest::prelude::*;

const CAPTIONER_A: &str = "captioner-a";
const CAPTIONER_B: &str = "captioner-b";
const VIEWER: &str = "viewer";

fn info(state: SessionState) -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Main session".into(),
        room: "Plenary".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into(), "fr".into(), "zh".into()],
        state,
        live_at: Some(Millis(0)),
        time_zone: None,
        links: Default::default(),
        chair: None,
    }
}

fn join(state: &mut State, connection_name: &str, role: Role) {
    let request = JoinRequest {
        name: connection_name.into(),
        mode: Mode::Onsite,
        stakeholder: Stakeholder::TechnicalCommunity,
        region: Region::WesternEuropeanOthers,
        hub: None,
        client_id: Some(format!("device-{connection_name}")),
        invited_role: role,
        as_display: false,
        invite: None,
        offered_secret: None,
        fresh_secret: SecretDigest(format!("digest-{connection_name}")),
    };
    apply(
        state,
        Command::Join(request),
        &connection(connection_name),
        Millis(1),
    )
    .unwrap();
}

/// A live session with captioners A and B and one viewer.
fn live_session() -> State {
    let mut state = State::new(info(SessionState::Live));
    join(&mut state, CAPTIONER_A, Role::Captioner);
    join(&mut state, CAPTIONER_B, Role::Captioner);
    join(&mut state, VIEWER, Role::Participant);
    state
}

fn push(lang: &str, text: &str, is_final: bool) -> Command {
    Command::CaptionPush {
        lang: lang.into(),
        text: text.into(),
        is_final,
    }
}

fn post(lang: Option<&str>, body: &str, post_seq: u64) -> Command {
    Command::CaptionPost {
        lang: lang.map(str::to_owned),
        body: body.into(),
        post_seq,
    }
}

fn invite(name: &str) -> Actor {
    Actor::CaptionApi(InviteId(name.into()))
}

/// `(lang, line, text, started_at, ended_at)` of every `caption.final`.
fn finals(applied: &Applied) -> Vec<(String, u64, String, i64, i64)> {
    applied
        .events
        .iter()
        .filter_map(|event| match &event.body {
            EventBody::CaptionFinal {
                lang,
                line,
                text,
                started_at,
                ended_at,
                ..
            } => Some((lang.clone(), *line, text.clone(), started_at.0, ended_at.0)),
            _ => None,
        })
        .collect()
}

fn final_texts(applied: &Applied) -> Vec<String> {
    finals(applied)
        .into_iter()
        .map(|(_, _, text, ..)| text)
        .collect()
}

fn partial_texts(applied: &Applied) -> Vec<String> {
    applied
        .partials
        .iter()
        .map(|partial| partial.text.clone())
        .collect()
}

#[test]
fn websocket_partials_replace_the_line_and_final_closes_it() {
    let mut state = live_session();
    let a = connection(CAPTIONER_A);
    let first = apply(&mut state, push("en", "Good", false), &a, Millis(100)).unwrap();
    assert!(first.events.is_empty(), "partials are never stored");
    assert_eq!(partial_texts(&first), ["Good"]);
    let line = first.partials[0].line;

    let corrected = apply(
        &mut state,
        push("en", "Good morning all", false),
        &a,
        Millis(200),
    )
    .unwrap();
    assert_eq!(
        corrected.partials[0].line, line,
        "a correction keeps the line"
    );
    assert_eq!(partial_texts(&corrected), ["Good morning all"]);

    let seq_before = state.seq();
    let done = apply(
        &mut state,
        push("en", "Good morning, all.", true),
        &a,
        Millis(900),
    )
    .unwrap();
    assert_eq!(
        finals(&done),
        [("en".into(), line, "Good morning, all.".into(), 100, 900)]
    );
    assert_eq!(done.events[0].seq, seq_before + 1);
    assert!(state.captions().open_lines("en").is_empty());

    let next = apply(&mut state, push("en", "Next", false), &a, Millis(1000)).unwrap();
    assert!(next.partials[0].line > line, "a new line gets a new id");
}

#[test]
fn a_final_without_partials_is_a_line_of_its_own() {
    let mut state = live_session();
    let done = apply(
        &mut state,
        push("en", "  Welcome.  ", true),
        &connection(CAPTIONER_A),
        Millis(50),
    )
    .unwrap();
    assert_eq!(finals(&done), [("en".into(), 1, "Welcome.".into(), 50, 50)]);
}

#[test]
fn a_blank_push_withdraws_the_open_line() {
    let mut state = live_session();
    let a = connection(CAPTIONER_A);
    apply(&mut state, push("en", "Typo", false), &a, Millis(10)).unwrap();
    let withdrawn = apply(&mut state, push("en", "  ", false), &a, Millis(20)).unwrap();
    assert_eq!(partial_texts(&withdrawn), [""]);
    assert!(withdrawn.events.is_empty());
    let nothing = apply(&mut state, push("en", "", true), &a, Millis(30)).unwrap();
    assert_eq!(nothing, Applied::default());
}

#[test]
fn push_rejections_table() {
    let long = "x".repeat(CAPTION_LINE_MAX_CHARS + 1);
    let cases: Vec<(&str, SessionState, &str, Command, RejectionCode)> = vec![
        (
            "viewer pushes",
            SessionState::Live,
            VIEWER,
            push("en", "hi", false),
            RejectionCode::Forbidden,
        ),
        (
            "not joined",
            SessionState::Live,
            "stranger",
            push("en", "hi", false),
            RejectionCode::NotJoined,
        ),
        (
            "scheduled",
            SessionState::Scheduled,
            CAPTIONER_A,
            push("en", "hi", true),
            RejectionCode::NotLive,
        ),
        (
            "unknown language",
            SessionState::Live,
            CAPTIONER_A,
            push("de", "hallo", false),
            RejectionCode::InvalidField,
        ),
        (
            "too long",
            SessionState::Live,
            CAPTIONER_A,
            push("en", &long, false),
            RejectionCode::TooLarge,
        ),
        (
            "newline",
            SessionState::Live,
            CAPTIONER_A,
            push("en", "a\nb", true),
            RejectionCode::InvalidField,
        ),
        (
            "control",
            SessionState::Live,
            CAPTIONER_A,
            push("en", "a\u{1b}b", false),
            RejectionCode::InvalidField,
        ),
    ];
    for (name, session_state, who, command, expected) in cases {
        let mut state = live_session();
        state.info.state = session_state;
        let seq = state.seq();
        let rejection = apply(&mut state, command, &connection(who), Millis(5)).unwrap_err();
        assert_eq!(rejection.code, expected, "{name}");
        assert_eq!(state.seq(), seq, "{name}: nothing changed");
        assert!(state.captions().open_lines("en").is_empty(), "{name}");
    }
    let mut state = live_session();
    let rejection = apply(&mut state, push("en", "x", true), &Actor::Admin, Millis(5)).unwrap_err();
    assert_eq!(rejection.code, RejectionCode::Forbidden);
    let mut ended = live_session();
    ended.info.state = SessionState::Ended;
    let rejection = apply(
        &mut ended,
        push("en", "x", true),
        &connection(CAPTIONER_A),
        Millis(5),
    )
    .unwrap_err();
    assert_eq!(rejection.code, RejectionCode::SessionEnded);
}

#[test]
fn languages_resolve_to_the_sessions_own_tags() {
    let session = info(SessionState::Live);
    let cases = [
        ("en", Ok("en")),
        ("EN", Ok("en")),
        ("en-US", Ok("en")),
        ("zh-Hans", Ok("zh")),
        ("de", Err(())),
        ("", Err(())),
    ];
    for (requested, expected) in cases {
        let resolved = resolve_language(&session, requested);
        assert_eq!(resolved.as_deref().map_err(|_| ()), expected, "{requested}");
    }
    let mut regional = info(SessionState::Live);
    regional.languages = vec!["pt-BR".into(), "pt-PT".into(), "fr-CA".into()];
    assert_eq!(resolve_language(&regional, "fr").unwrap(), "fr-CA");
    assert!(resolve_language(&regional, "pt").is_err(), "ambiguous");
    assert_eq!(resolve_language(&regional, "PT-pt").unwrap(), "pt-PT");
    assert_eq!(
        resolve_tracks(&session, &["fr".into(), "FR".into(), "en-GB".into()]).unwrap(),
        ["fr", "en"]
    );
}

#[test]
fn http_posts_append_and_newline_ends_the_line() {
    let mut state = live_session();
    let api = invite("inv-1");
    let first = apply(
        &mut state,
        post(Some("en-US"), "Hello ", 1),
        &api,
        Millis(100),
    )
    .unwrap();
    assert_eq!(partial_texts(&first), ["Hello "]);
    assert!(
        first.records.is_empty(),
        "no line stored yet, so no cursor record"
    );

    let second = apply(
        &mut state,
        post(Some("en-US"), "world.\nNext li", 2),
        &api,
        Millis(300),
    )
    .unwrap();
    assert_eq!(
        finals(&second),
        [("en".into(), 1, "Hello world.".into(), 100, 300)]
    );
    assert_eq!(partial_texts(&second), ["Next li"]);
    assert_eq!(
        second.records,
        [
            Record::CaptionCursor {
                invite: InviteId("inv-1".into()),
                seq: 2
            },
            // A finished line notes the invite's use, for the organiser.
            Record::InviteUsed {
                invite: InviteId("inv-1".into()),
                at: Millis(300)
            }
        ]
    );

    let third = apply(
        &mut state,
        post(Some("en"), "ne\r\nThird\tline\n", 3),
        &api,
        Millis(400),
    )
    .unwrap();
    assert_eq!(final_texts(&third), ["Next line", "Third line"]);
    assert!(third.partials.is_empty());
    assert_eq!(state.captions().post_cursor(&InviteId("inv-1".into())), 3);
}

#[test]
fn a_post_without_lang_goes_to_the_floor_language() {
    let mut state = live_session();
    let applied = apply(
        &mut state,
        post(None, "Bonjour\n", 1),
        &invite("i"),
        Millis(1),
    )
    .unwrap();
    assert_eq!(finals(&applied)[0].0, "en");
}

#[test]
fn a_retried_seq_is_acknowledged_and_not_applied_twice() {
    let mut state = live_session();
    let api = invite("inv-1");
    apply(&mut state, post(None, "one\n", 1), &api, Millis(1)).unwrap();
    apply(&mut state, post(None, "two\n", 2), &api, Millis(2)).unwrap();
    let seq = state.seq();
    for retried in [2, 1, 0] {
        let again = apply(&mut state, post(None, "two\n", retried), &api, Millis(3)).unwrap();
        assert_eq!(again, Applied::default(), "seq {retried}");
    }
    assert_eq!(state.seq(), seq);
    // Another invite counts its own seq.
    let other = apply(
        &mut state,
        post(None, "three\n", 1),
        &invite("inv-2"),
        Millis(4),
    )
    .unwrap();
    assert_eq!(final_texts(&other), ["three"]);
    // A gap is accepted: the client skipped numbers, it did not retry.
    let skipped = apply(&mut state, post(None, "five\n", 5), &api, Millis(5)).unwrap();
    assert_eq!(final_texts(&skipped), ["five"]);
}

#[test]
fn a_first_post_numbered_zero_is_applied() {
    let mut state = live_session();
    let applied = apply(&mut state, post(None, "zero\n", 0), &invite("i"), Millis(1)).unwrap();
    assert_eq!(final_texts(&applied), ["zero"]);
    let again = apply(&mut state, post(None, "zero\n", 0), &invite("i"), Millis(2)).unwrap();
    assert_eq!(again, Applied::default());
}

#[test]
fn a_seq_far_ahead_or_far_behind_is_refused_and_the_captioner_keeps_posting() {
    let mut state = live_session();
    let api = invite("inv-1");
    apply(&mut state, post(None, "one\n", 1), &api, Millis(1)).unwrap();
    let cases = [u64::MAX, 1 + CAPTION_SEQ_MAX_JUMP + 1];
    for seq in cases {
        let rejection =
            apply(&mut state, post(None, "hijack\n", seq), &api, Millis(2)).unwrap_err();
        assert_eq!(rejection.code, RejectionCode::InvalidField, "seq {seq}");
        assert!(rejection.message.contains("/seq"), "{}", rejection.message);
        assert_eq!(state.captions().post_cursor(&InviteId("inv-1".into())), 1);
    }
    // The largest jump allowed is still applied, and the count goes on
    // from there.
    let jumped = 1 + CAPTION_SEQ_MAX_JUMP;
    let applied = apply(
        &mut state,
        post(None, "lost a few\n", jumped),
        &api,
        Millis(3),
    )
    .unwrap();
    assert_eq!(final_texts(&applied), ["lost a few"]);
    // A client that restarted its count is told, not answered 200 while
    // its text is dropped; a recent number is still a retry.
    let restarted = apply(&mut state, post(None, "again\n", 1), &api, Millis(4)).unwrap_err();
    assert_eq!(restarted.code, RejectionCode::InvalidField);
    assert!(restarted
        .message
        .contains(&format!("continue from {}", jumped + 1)));
    let retry_seq = jumped - (CAPTION_SEQ_RETRY_WINDOW - 1);
    let retried = apply(&mut state, post(None, "x\n", retry_seq), &api, Millis(5)).unwrap();
    assert_eq!(retried, Applied::default());
    let next = apply(
        &mut state,
        post(None, "next\n", jumped + 1),
        &api,
        Millis(6),
    )
    .unwrap();
    assert_eq!(final_texts(&next), ["next"]);
}

#[test]
fn a_refused_post_changes_nothing_not_even_the_cursor() {
    let mut state = live_session();
    let api = invite("inv-1");
    apply(&mut state, post(None, "open", 1), &api, Millis(1)).unwrap();
    let cases: Vec<(Command, RejectionCode)> = vec![
        (post(None, "bell\u{7}", 2), RejectionCode::InvalidField),
        (
            post(None, &"y".repeat(CAPTION_LINE_MAX_CHARS + 1), 2),
            RejectionCode::TooLarge,
        ),
        (post(Some("de"), "x", 2), RejectionCode::InvalidField),
    ];
    for (command, expected) in cases {
        let rejection = apply(&mut state, command, &api, Millis(2)).unwrap_err();
        assert_eq!(rejection.code, expected);
        assert_eq!(state.captions().post_cursor(&InviteId("inv-1".into())), 1);
        assert_eq!(state.captions().open_lines("en")[0].text, "open");
    }
    let rejection = apply(
        &mut state,
        post(None, "x", 2),
        &connection(CAPTIONER_A),
        Millis(2),
    )
    .unwrap_err();
    assert_eq!(
        rejection.code,
        RejectionCode::Forbidden,
        "posts need an invite actor"
    );
}

#[test]
fn an_appended_line_that_would_pass_the_limit_is_finished_first() {
    let mut state = live_session();
    let api = invite("inv-1");
    let first_part = "a".repeat(400);
    apply(&mut state, post(None, &first_part, 1), &api, Millis(1)).unwrap();
    let applied = apply(&mut state, post(None, &"b".repeat(200), 2), &api, Millis(2)).unwrap();
    assert_eq!(final_texts(&applied), [first_part]);
    assert_eq!(partial_texts(&applied), ["b".repeat(200)]);
}

#[test]
fn handover_keeps_each_captioners_line_whole() {
    let mut state = live_session();
    let (a, b) = (connection(CAPTIONER_A), connection(CAPTIONER_B));
    let a_partial = apply(
        &mut state,
        push("en", "I will now hand", false),
        &a,
        Millis(10),
    )
    .unwrap();
    let b_partial = apply(&mut state, push("en", "Thank you", false), &b, Millis(20)).unwrap();
    assert_ne!(a_partial.partials[0].line, b_partial.partials[0].line);
    let a_done = apply(
        &mut state,
        push("en", "I will now hand over.", true),
        &a,
        Millis(30),
    )
    .unwrap();
    let b_more = apply(
        &mut state,
        push("en", "Thank you, chair", false),
        &b,
        Millis(40),
    )
    .unwrap();
    assert_eq!(b_more.partials[0].line, b_partial.partials[0].line);
    let b_done = apply(
        &mut state,
        push("en", "Thank you, chair.", true),
        &b,
        Millis(50),
    )
    .unwrap();
    assert_eq!(final_texts(&a_done), ["I will now hand over."]);
    assert_eq!(final_texts(&b_done), ["Thank you, chair."]);
    let recent: Vec<String> = state
        .captions()
        .recent_finals("en")
        .map(|event| match &event.body {
            EventBody::CaptionFinal { text, .. } => text.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(recent, ["I will now hand over.", "Thank you, chair."]);
}

#[test]
fn a_captioner_who_leaves_mid_line_has_it_finished() {
    let mut state = live_session();
    let a = connection(CAPTIONER_A);
    // A second tab of the same captioner keeps the line open.
    let second_tab = JoinRequest {
        name: CAPTIONER_A.into(),
        mode: Mode::Onsite,
        stakeholder: Stakeholder::TechnicalCommunity,
        region: Region::WesternEuropeanOthers,
        hub: None,
        client_id: Some(format!("device-{CAPTIONER_A}")),
        invited_role: Role::Captioner,
        as_display: false,
        invite: None,
        offered_secret: Some(SecretDigest(format!("digest-{CAPTIONER_A}"))),
        fresh_secret: SecretDigest("unused".into()),
    };
    apply(
        &mut state,
        Command::Join(second_tab),
        &connection("a-tab-2"),
        Millis(2),
    )
    .unwrap();
    apply(
        &mut state,
        push("en", "The floor is", false),
        &a,
        Millis(10),
    )
    .unwrap();
    let first_leave = apply(
        &mut state,
        Command::Leave,
        &connection("a-tab-2"),
        Millis(15),
    )
    .unwrap();
    assert!(
        first_leave.events.is_empty(),
        "still online in the other tab"
    );
    let left = apply(&mut state, Command::Leave, &a, Millis(20)).unwrap();
    assert_eq!(
        finals(&left),
        [("en".into(), 1, "The floor is".into(), 10, 10)]
    );
    assert!(matches!(left.records[0], Record::AttendanceClosed { .. }));
}

#[test]
fn ending_the_session_finishes_open_lines_first() {
    let mut state = live_session();
    apply(
        &mut state,
        push("fr", "Merci", false),
        &connection(CAPTIONER_A),
        Millis(10),
    )
    .unwrap();
    apply(
        &mut state,
        post(Some("zh"), "谢谢", 1),
        &invite("inv-zh"),
        Millis(20),
    )
    .unwrap();
    let changes = SessionChanges {
        state: Some(SessionState::Ended),
        ..SessionChanges::default()
    };
    let ended = apply(
        &mut state,
        Command::UpdateSession(changes),
        &Actor::Admin,
        Millis(99),
    )
    .unwrap();
    let kinds: Vec<&str> = ended
        .events
        .iter()
        .map(|event| event.body.type_name())
        .collect();
    assert_eq!(kinds, ["caption.final", "caption.final", "session.updated"]);
    assert_eq!(
        finals(&ended),
        [
            ("fr".into(), 1, "Merci".into(), 10, 10),
            ("zh".into(), 2, "谢谢".into(), 20, 20)
        ]
    );
    assert_eq!(
        ended.records,
        [Record::CaptionCursor {
            invite: InviteId("inv-zh".into()),
            seq: 1
        }]
    );
}

#[test]
fn idle_appended_lines_are_finished_but_websocket_lines_are_not() {
    let mut state = live_session();
    apply(
        &mut state,
        post(None, "no newline ever", 7),
        &invite("inv-1"),
        Millis(1_000),
    )
    .unwrap();
    apply(
        &mut state,
        push("en", "typing slowly", false),
        &connection(CAPTIONER_A),
        Millis(1_000),
    )
    .unwrap();
    let early = apply(&mut state, Command::Tick, &Actor::Server, Millis(10_999)).unwrap();
    assert!(early.events.is_empty());
    let idle = apply(&mut state, Command::Tick, &Actor::Server, Millis(11_000)).unwrap();
    assert_eq!(
        finals(&idle),
        [("en".into(), 1, "no newline ever".into(), 1_000, 1_000)]
    );
    assert_eq!(
        idle.records,
        [Record::CaptionCursor {
            invite: InviteId("inv-1".into()),
            seq: 7
        }]
    );
    assert_eq!(
        state.captions().open_lines("en").len(),
        1,
        "the WebSocket line stays open"
    );
}

#[test]
fn restore_continues_line_ids_recent_lines_and_cursors() {
    let mut state = live_session();
    let a = connection(CAPTIONER_A);
    let mut stored = Vec::new();
    for number in 0..12 {
        let applied = apply(
            &mut state,
            push("en", &format!("line {number}"), true),
            &a,
            Millis(number),
        )
        .unwrap();
        stored.extend(applied.events);
    }
    let participants: Vec<Participant> = state.participants.values().cloned().collect();
    let mut restored = State::restore(
        info(SessionState::Live),
        participants,
        stored,
        [(InviteId("inv-1".into()), 4)],
        [],
    );
    let recent: Vec<u64> = restored
        .captions()
        .recent_finals("en")
        .map(|event| event.seq)
        .collect();
    assert_eq!(recent.len(), CAPTION_HISTORY_IN_WELCOME);
    assert_eq!(*recent.last().unwrap(), restored.seq());
    let retried = apply(
        &mut restored,
        post(None, "lost?\n", 4),
        &invite("inv-1"),
        Millis(50),
    )
    .unwrap();
    assert_eq!(
        retried,
        Applied::default(),
        "stored cursor makes seq 4 a retry"
    );
    let next = apply(
        &mut restored,
        post(None, "new\n", 5),
        &invite("inv-1"),
        Millis(51),
    )
    .unwrap();
    assert_eq!(
        finals(&next)[0].1,
        13,
        "line ids continue after the stored ones"
    );
}

#[derive(Clone, Debug)]
enum PostStep {
    Send(String),
    RetryLast,
}

fn post_step() -> impl Strategy<Value = PostStep> {
    prop_oneof![
        4 => "[a-z \n]{0,12}".prop_map(PostStep::Send),
        1 => Just(PostStep::RetryLast),
    ]
}

proptest! {
    /// For one HTTP writer, the finished lines are exactly the non-blank
    /// pieces of everything sent, split at `\n` and trimmed, whatever the
    /// chunking and however many retries.
    #[test]
    fn appended_lines_match_the_text_sent(steps in proptest::collection::vec(post_step(), 0..40)) {
        let mut state = live_session();
        let api = invite("inv-1");
        let mut sent = String::new();
        let mut post_seq = 0;
        let mut last_body = String::new();
        let mut finished = Vec::new();
        let mut line_ids = std::collections::BTreeSet::new();
        for (index, step) in steps.iter().enumerate() {
            let now = Millis(index as i64);
            let (body, seq) = match step {
                PostStep::Send(body) => {
                    post_seq += 1;
                    sent.push_str(body);
                    last_body = body.clone();
                    (body.clone(), post_seq)
                }
                PostStep::RetryLast => (last_body.clone(), post_seq),
            };
            let applied = apply(&mut state, post(None, &body, seq), &api, now).unwrap();
            for (_, line, text, started_at, ended_at) in finals(&applied) {
                prop_assert!(line_ids.insert(line), "line ids are never reused");
                prop_assert!(started_at <= ended_at);
                finished.push(text);
            }
        }
        let mut pieces: Vec<String> = sent.split('\n').map(str::to_owned).collect();
        let still_open = pieces.pop().unwrap_or_default();
        let expected: Vec<String> = pieces
            .iter()
            .map(|piece| piece.trim().to_owned())
            .filter(|piece| !piece.is_empty())
            .collect();
        prop_assert_eq!(finished, expected);
        let open: Vec<String> = state.captions().open_lines("en").into_iter().map(|line| line.text).collect();
        if still_open.trim().is_empty() {
            prop_assert!(open.iter().all(|text| text.trim().is_empty()));
        } else {
            prop_assert_eq!(open, vec![still_open]);
        }
    }
}

#[test]
fn caption_commands_are_refused_to_every_other_role() {
    let mut prepared = live_session();
    let moderator = JoinRequest {
        name: "Chair".into(),
        mode: Mode::Onsite,
        stakeholder: Stakeholder::Government,
        region: Region::African,
        hub: None,
        client_id: None,
        invited_role: Role::Moderator,
        as_display: false,
        invite: None,
        offered_secret: None,
        fresh_secret: SecretDigest("chair".into()),
    };
    apply(
        &mut prepared,
        Command::Join(moderator),
        &connection("chair"),
        Millis(1),
    )
    .unwrap();
    let push = push("en", "Good morning", true);
    let post = post(Some("en"), "Good morning\n", 1);
    let cases: Vec<(&str, &Command, Actor, RejectionCode)> = vec![
        (
            "participant pushes",
            &push,
            connection(VIEWER),
            RejectionCode::Forbidden,
        ),
        (
            "moderator pushes",
            &push,
            connection("chair"),
            RejectionCode::Forbidden,
        ),
        (
            "organiser pushes",
            &push,
            Actor::Admin,
            RejectionCode::Forbidden,
        ),
        (
            "timer pushes",
            &push,
            Actor::Server,
            RejectionCode::Forbidden,
        ),
        (
            "HTTP client pushes over WebSocket",
            &push,
            invite("inv-1"),
            RejectionCode::Forbidden,
        ),
        (
            "stranger pushes",
            &push,
            connection("stranger"),
            RejectionCode::NotJoined,
        ),
        (
            "captioner posts without an invite",
            &post,
            connection(CAPTIONER_A),
            RejectionCode::Forbidden,
        ),
        (
            "moderator posts",
            &post,
            connection("chair"),
            RejectionCode::Forbidden,
        ),
        (
            "organiser posts",
            &post,
            Actor::Admin,
            RejectionCode::Forbidden,
        ),
        (
            "timer posts",
            &post,
            Actor::Server,
            RejectionCode::Forbidden,
        ),
    ];
    for (name, command, actor, expected) in cases {
        let mut state = prepared.clone();
        let seq = state.seq();
        let rejection = apply(&mut state, command.clone(), &actor, Millis(5)).unwrap_err();
        assert_eq!(rejection.code, expected, "{name}");
        assert_eq!(state.seq(), seq, "{name}");
        assert!(state.captions().open_lines("en").is_empty(), "{name}");
    }
    // The rightful writers are accepted.
    let mut state = prepared.clone();
    apply(
        &mut state,
        push.clone(),
        &connection(CAPTIONER_A),
        Millis(5),
    )
    .unwrap();
    apply(&mut state, post.clone(), &invite("inv-1"), Millis(5)).unwrap();
}
