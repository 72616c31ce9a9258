//! Shows of hands and polls: who counts (online, in the room, hubs by
//! headcount, the chair's count apart), changed answers, closing and
//! publishing, every refusal, and properties over arbitrary sequences.

use super::test_support::{connection, join_request, live_info};
use super::*;
use proptest::prelude::*;

const CHAIR: &str = "chair";

fn session() -> State {
    let mut state = State::new(live_info());
    join(&mut state, CHAIR, Role::Moderator, Mode::Onsite, None);
    state
}

fn join(state: &mut State, name: &str, role: Role, mode: Mode, hub: Option<u32>) {
    let mut request = join_request(name, role);
    request.mode = mode;
    request.hub = hub.map(|headcount| Hub {
        name: format!("{name} hub"),
        headcount,
        confirmed: false,
    });
    apply(state, Command::Join(request), &connection(name), Millis(1)).expect("joined");
    confirm_hub(state, name, hub);
}

/// A moderator confirms a hub's headcount, so that it counts as that many.
fn confirm_hub(state: &mut State, name: &str, headcount: Option<u32>) {
    let Some(headcount) = headcount else { return };
    let participant = state
        .participant_of(&ConnectionId(name.into()))
        .unwrap()
        .id
        .clone();
    let command = Command::HubConfirm {
        participant,
        headcount,
    };
    apply(state, command, &Actor::Admin, Millis(1)).expect("confirmed");
}

fn run(state: &mut State, who: &str, command: Command) -> Result<Applied, Rejection> {
    apply(state, command, &connection(who), Millis(10))
}

fn show_of_hands(title: &str) -> Command {
    Command::PollOpen(PollSpec {
        kind: PollKind::ShowOfHands,
        title: title.into(),
        options: Vec::new(),
        max_choices: None,
        anonymous: None,
        results_shown: None,
    })
}

fn poll(options: &[&str], max_choices: Option<u32>, anonymous: bool) -> Command {
    Command::PollOpen(PollSpec {
        kind: PollKind::Poll,
        title: "Which option should the working group take up?".into(),
        options: options.iter().map(|option| (*option).into()).collect(),
        max_choices,
        anonymous: Some(anonymous),
        results_shown: None,
    })
}

fn answer(poll: u64, choices: &[u32]) -> Command {
    Command::PollAnswer {
        poll,
        choices: choices.to_vec(),
    }
}

fn open(state: &mut State, command: Command) -> u64 {
    let applied = run(state, CHAIR, command).expect("the chair opens it");
    match &applied.events[0].body {
        EventBody::PollOpened { poll } => poll.id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_show_of_hands_counts_online_the_room_a_hub_and_the_chair_s_count_apart() {
    let mut state = session();
    join(&mut state, "ana", Role::Participant, Mode::Remote, None);
    join(&mut state, "ola", Role::Participant, Mode::Onsite, None);
    join(&mut state, "ben", Role::Participant, Mode::Onsite, None);
    join(
        &mut state,
        "dhaka",
        Role::Participant,
        Mode::Remote,
        Some(25),
    );
    join(&mut state, "writer", Role::Captioner, Mode::Remote, None);
    let hands = open(&mut state, show_of_hands("Who here has deployed this?"));

    run(&mut state, "ana", answer(hands, &[0])).unwrap();
    run(&mut state, "ola", answer(hands, &[1])).unwrap();
    let hub_count = Command::PollHubCount {
        poll: hands,
        counts: vec![20, 3],
    };
    run(&mut state, "dhaka", hub_count).unwrap();
    let chair_count = Command::PollChairCount {
        poll: hands,
        counts: vec![12, 2],
    };
    run(&mut state, CHAIR, chair_count).unwrap();

    let (_, tally) = state.poll_tally(hands);
    assert_eq!(
        tally.present,
        1 + 1 + 1 + 25,
        "the chair and the captioner are staff"
    );
    assert_eq!(tally.answered, 1 + 1 + 23);
    assert_eq!(
        (tally.options[0].total, tally.options[1].total),
        (21, 4),
        "Ana and 20 of the hub raise; Ola and 3 of the hub do not"
    );
    assert_eq!(tally.not_answered.total, 1 + 2, "Ben, and 2 of the hub");
    assert_eq!(tally.options[0].by_mode["remote"], 1);
    assert_eq!(tally.options[0].by_mode["hub"], 20);
    assert_eq!(tally.options[1].by_mode["onsite"], 1);
    assert_eq!(tally.not_answered.by_mode["onsite"], 1);
    assert_eq!(
        tally.chair,
        Some(vec![12, 2]),
        "the chair's count, shown apart"
    );
    assert!(
        tally.hubs.is_empty(),
        "an anonymous show of hands names no hub"
    );
}

#[test]
fn a_changed_answer_is_counted_once_and_a_departure_leaves_the_tally() {
    let mut state = session();
    join(&mut state, "ana", Role::Participant, Mode::Remote, None);
    join(&mut state, "bo", Role::Participant, Mode::Remote, None);
    let id = open(&mut state, poll(&["A", "B", "C"], Some(2), false));
    run(&mut state, "ana", answer(id, &[0])).unwrap();
    run(&mut state, "ana", answer(id, &[1, 2])).unwrap();
    run(&mut state, "ana", answer(id, &[2])).unwrap();
    let (_, tally) = state.poll_tally(id);
    let per_option: Vec<u32> = tally.options.iter().map(|option| option.total).collect();
    assert_eq!(per_option, [0, 0, 1]);
    assert_eq!((tally.answered, tally.not_answered.total), (1, 1));
    let voters = state.poll_voters(id).expect("a named poll");
    assert_eq!(voters.len(), 1);
    assert_eq!(voters[0].choices, [2]);

    apply(&mut state, Command::Leave, &connection("ana"), Millis(20)).unwrap();
    let (_, tally) = state.poll_tally(id);
    assert_eq!(
        (tally.present, tally.answered),
        (1, 0),
        "the tally counts those present"
    );
}

#[test]
fn closing_freezes_the_result_and_an_anonymous_poll_forgets_who_chose_what() {
    let mut state = session();
    join(&mut state, "ana", Role::Participant, Mode::Remote, None);
    let id = open(&mut state, show_of_hands("Consensus?"));
    run(&mut state, "ana", answer(id, &[0])).unwrap();
    let closed = run(&mut state, CHAIR, Command::PollClose { poll: id }).unwrap();
    let kinds: Vec<&str> = closed
        .events
        .iter()
        .map(|event| event.body.type_name())
        .collect();
    assert_eq!(kinds, ["poll.updated", "poll.results"]);
    assert!(closed
        .records
        .contains(&Record::PollCountsErased { poll: id }));
    let person = PollCounter::Person(
        state
            .participant_of(&ConnectionId("ana".into()))
            .unwrap()
            .id
            .clone(),
    );
    assert_eq!(state.polls().counts_of(id, &person), None, "counts dropped");
    let frozen = state.polls().final_tally(id).unwrap().clone();
    assert_eq!(frozen.options[0].total, 1);

    // Later arrivals change nothing; answers are refused.
    join(&mut state, "late", Role::Participant, Mode::Remote, None);
    assert_eq!(state.polls().final_tally(id), Some(&frozen));
    let refused = run(&mut state, "late", answer(id, &[1])).unwrap_err();
    assert_eq!(refused.code, RejectionCode::PollClosed);
    // And another may open now.
    open(&mut state, show_of_hands("Next question?"));
}

#[test]
fn results_held_back_go_to_moderators_until_published() {
    let mut state = session();
    join(&mut state, "ana", Role::Participant, Mode::Remote, None);
    let spec = PollSpec {
        kind: PollKind::Poll,
        title: "Priority?".into(),
        options: vec!["Access".into(), "Skills".into()],
        max_choices: None,
        anonymous: None,
        results_shown: Some(PollResultsShown::OnPublish),
    };
    let id = open(&mut state, Command::PollOpen(spec));
    run(&mut state, "ana", answer(id, &[1])).unwrap();
    let closed = run(&mut state, CHAIR, Command::PollClose { poll: id }).unwrap();
    let results = closed.events.last().unwrap();
    assert_eq!(results.body.audience(), EventAudience::Moderators);
    let published = run(&mut state, CHAIR, Command::PollPublish { poll: id }).unwrap();
    let audiences: Vec<EventAudience> = published
        .events
        .iter()
        .map(|event| event.body.audience())
        .collect();
    assert_eq!(
        audiences,
        [EventAudience::Everyone, EventAudience::Everyone]
    );
    let again = run(&mut state, CHAIR, Command::PollPublish { poll: id }).unwrap_err();
    assert_eq!(again.code, RejectionCode::InvalidField);
}

#[test]
fn every_bad_poll_command_is_refused_and_changes_nothing() {
    let mut state = session();
    join(&mut state, "ana", Role::Participant, Mode::Remote, None);
    join(&mut state, "hub", Role::Participant, Mode::Remote, Some(10));
    join(&mut state, "screen", Role::Display, Mode::Onsite, None);
    join(&mut state, "writer", Role::Captioner, Mode::Remote, None);
    let id = open(&mut state, poll(&["A", "B", "C"], Some(2), true));
    let long = "x".repeat(POLL_TITLE_MAX_CHARS + 1);
    let cases: Vec<(&str, &str, Command, RejectionCode)> = vec![
        (
            "unknown poll",
            "ana",
            answer(99, &[0]),
            RejectionCode::NotFound,
        ),
        (
            "option out of range",
            "ana",
            answer(id, &[3]),
            RejectionCode::InvalidField,
        ),
        (
            "no option",
            "ana",
            answer(id, &[]),
            RejectionCode::InvalidField,
        ),
        (
            "an option twice",
            "ana",
            answer(id, &[1, 1]),
            RejectionCode::InvalidField,
        ),
        (
            "more choices than allowed",
            "ana",
            answer(id, &[0, 1, 2]),
            RejectionCode::InvalidField,
        ),
        (
            "a display answering",
            "screen",
            answer(id, &[0]),
            RejectionCode::Forbidden,
        ),
        (
            "staff answering",
            "writer",
            answer(id, &[0]),
            RejectionCode::Forbidden,
        ),
        (
            "not joined",
            "nobody",
            answer(id, &[0]),
            RejectionCode::NotJoined,
        ),
        (
            "a hub answering as a person",
            "hub",
            answer(id, &[0]),
            RejectionCode::InvalidField,
        ),
        (
            "a hub counting more than its people",
            "hub",
            Command::PollHubCount {
                poll: id,
                counts: vec![11, 0, 0],
            },
            RejectionCode::InvalidField,
        ),
        (
            "a hub count of the wrong length",
            "hub",
            Command::PollHubCount {
                poll: id,
                counts: vec![1, 1],
            },
            RejectionCode::InvalidField,
        ),
        (
            "a hub count from a person",
            "ana",
            Command::PollHubCount {
                poll: id,
                counts: vec![1, 0, 0],
            },
            RejectionCode::Forbidden,
        ),
        (
            "a participant opening a poll",
            "ana",
            show_of_hands("Mine?"),
            RejectionCode::Forbidden,
        ),
        (
            "a second open poll",
            CHAIR,
            show_of_hands("Another?"),
            RejectionCode::InvalidField,
        ),
        (
            "a participant closing",
            "ana",
            Command::PollClose { poll: id },
            RejectionCode::Forbidden,
        ),
        (
            "a chair count above the bound",
            CHAIR,
            Command::PollChairCount {
                poll: id,
                counts: vec![POLL_CHAIR_COUNT_MAX + 1, 0, 0],
            },
            RejectionCode::InvalidField,
        ),
    ];
    for (what, who, command, code) in cases {
        let before = encode_snapshot(&state);
        let refused = run(&mut state, who, command).expect_err(what);
        assert_eq!(refused.code, code, "{what}: {refused}");
        assert_eq!(encode_snapshot(&state), before, "{what} changed the state");
    }
    run(&mut state, CHAIR, Command::PollClose { poll: id }).unwrap();
    for (what, command, code) in [
        (
            "an over-long title",
            Command::PollOpen(PollSpec {
                kind: PollKind::ShowOfHands,
                title: long,
                options: vec![],
                max_choices: None,
                anonymous: None,
                results_shown: None,
            }),
            RejectionCode::TooLarge,
        ),
        (
            "one option",
            poll(&["Only"], None, true),
            RejectionCode::InvalidField,
        ),
        (
            "eleven options",
            poll(
                &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
                None,
                true,
            ),
            RejectionCode::InvalidField,
        ),
        (
            "an over-long option",
            poll(&[&"o".repeat(POLL_OPTION_MAX_CHARS + 1), "B"], None, true),
            RejectionCode::TooLarge,
        ),
        (
            "a repeated option",
            poll(&["Yes", "yes"], None, true),
            RejectionCode::InvalidField,
        ),
        (
            "max_choices above the options",
            poll(&["A", "B"], Some(3), true),
            RejectionCode::InvalidField,
        ),
        (
            "a control character",
            poll(&["A\u{1b}[31m", "B"], None, true),
            RejectionCode::InvalidField,
        ),
    ] {
        let before = encode_snapshot(&state);
        let refused = run(&mut state, CHAIR, command).expect_err(what);
        assert_eq!(refused.code, code, "{what}: {refused}");
        assert_eq!(encode_snapshot(&state), before, "{what} changed the state");
    }
}

/// The people of the properties below: online, in the room, a hub of
/// nine, staff; the chair (`m`) opens, counts, closes and publishes.
const PEOPLE: [(&str, Role, Mode, Option<u32>); 6] = [
    ("p1", Role::Participant, Mode::Remote, None),
    ("p2", Role::Participant, Mode::Onsite, None),
    ("p3", Role::Participant, Mode::Remote, None),
    ("p4", Role::Participant, Mode::Remote, Some(9)),
    ("s1", Role::Captioner, Mode::Remote, None),
    ("m", Role::Moderator, Mode::Onsite, None),
];

#[derive(Clone, Debug)]
enum Step {
    Open {
        hands: bool,
        anonymous: bool,
        max_choices: u32,
    },
    Answer {
        who: usize,
        choices: Vec<u32>,
    },
    HubCount {
        counts: Vec<u32>,
    },
    ChairCount {
        counts: Vec<u32>,
    },
    Leave {
        who: usize,
    },
    Join {
        who: usize,
    },
    Close,
    Publish,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (proptest::bool::ANY, proptest::bool::ANY, 1..4u32)
            .prop_map(|(hands, anonymous, max_choices)| Step::Open { hands, anonymous, max_choices }),
        8 => (0..PEOPLE.len(), proptest::collection::vec(0..3u32, 1..3))
            .prop_map(|(who, choices)| Step::Answer { who, choices }),
        2 => proptest::collection::vec(0..6u32, 2..4).prop_map(|counts| Step::HubCount { counts }),
        1 => proptest::collection::vec(0..20u32, 2..4).prop_map(|counts| Step::ChairCount { counts }),
        2 => (0..PEOPLE.len()).prop_map(|who| Step::Leave { who }),
        2 => (0..PEOPLE.len()).prop_map(|who| Step::Join { who }),
        1 => Just(Step::Close),
        1 => Just(Step::Publish),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever happens, the open poll's answers and the people who did not
    /// answer add up to the people present (hubs by headcount), a changed
    /// answer counts once, and no event of an anonymous poll names anyone.
    #[test]
    fn tallies_add_up_and_anonymous_events_name_nobody(steps in proptest::collection::vec(step(), 1..60)) {
        let mut state = State::new(live_info());
        let mut joined = [false; PEOPLE.len()];
        let join_again = |state: &mut State, who: usize, joined: &mut [bool; PEOPLE.len()]| {
            let (name, role, mode, hub) = PEOPLE[who];
            let mut request = join_request(&format!("Zanele-{name}"), role);
            request.client_id = Some(format!("device-{name}"));
            request.offered_secret = Some(request.fresh_secret.clone());
            request.mode = mode;
            request.hub = hub.map(|headcount| Hub { name: format!("Kibera-{name}"), headcount, confirmed: false });
            if apply(state, Command::Join(request), &connection(name), Millis(1)).is_ok() {
                joined[who] = true;
                confirm_hub(state, name, hub);
            }
        };
        for who in 0..PEOPLE.len() {
            join_again(&mut state, who, &mut joined);
        }
        let mut poll_id = 0;
        for step in steps {
            let (who, command) = match step {
                Step::Open { hands, anonymous, max_choices } => {
                    let spec = PollSpec {
                        kind: if hands { PollKind::ShowOfHands } else { PollKind::Poll },
                        title: "Sense of the room".into(),
                        options: if hands { Vec::new() } else { vec!["A".into(), "B".into(), "C".into()] },
                        max_choices: (!hands).then_some(max_choices),
                        anonymous: Some(anonymous),
                        results_shown: None,
                    };
                    (5, Command::PollOpen(spec))
                }
                Step::Answer { who, choices } => (who, answer(poll_id, &choices)),
                Step::HubCount { counts } => (3, Command::PollHubCount { poll: poll_id, counts }),
                Step::ChairCount { counts } => (5, Command::PollChairCount { poll: poll_id, counts }),
                Step::Leave { who } => {
                    if joined[who] {
                        apply(&mut state, Command::Leave, &connection(PEOPLE[who].0), Millis(2)).unwrap();
                        joined[who] = false;
                    }
                    continue;
                }
                Step::Join { who } => {
                    if !joined[who] {
                        join_again(&mut state, who, &mut joined);
                    }
                    continue;
                }
                Step::Close => (5, Command::PollClose { poll: poll_id }),
                Step::Publish => (5, Command::PollPublish { poll: poll_id }),
            };
            let Ok(applied) = apply(&mut state, command, &connection(PEOPLE[who].0), Millis(3)) else {
                continue;
            };
            for event in &applied.events {
                if let EventBody::PollOpened { poll } = &event.body {
                    poll_id = poll.id;
                }
                let anonymous = match &event.body {
                    EventBody::PollOpened { poll } | EventBody::PollUpdated { poll } => poll.anonymous,
                    EventBody::PollResults { poll, .. } => state.polls().get(*poll).is_some_and(|view| view.anonymous),
                    _ => false,
                };
                if anonymous {
                    let json = serde_json::to_string(&event.body).unwrap();
                    for known in state.participants.values() {
                        prop_assert!(!json.contains(&format!("\"{}\"", known.id.0)), "{} names {}", json, known.id.0);
                        prop_assert!(!json.contains(&known.name), "{} names {}", json, known.name);
                        if let Some(hub) = &known.hub {
                            prop_assert!(!json.contains(&hub.name), "{} names {}", json, hub.name);
                        }
                    }
                }
            }
            if let Some(open) = state.polls().open().map(|poll| poll.id) {
                let (view, tally) = state.poll_tally(open);
                let present: u32 = PEOPLE
                    .iter()
                    .zip(joined)
                    .filter(|((_, role, _, _), joined)| *joined && *role == Role::Participant)
                    .map(|((_, _, _, hub), _)| hub.unwrap_or(1))
                    .sum();
                prop_assert_eq!(tally.present, present, "the people present, a hub as its headcount");
                prop_assert_eq!(tally.answered + tally.not_answered.total, tally.present);
                for option in &tally.options {
                    prop_assert!(option.total <= tally.present);
                    prop_assert_eq!(option.by_mode.values().sum::<u32>(), option.total);
                }
                if view.max_choices == 1 {
                    let chosen: u32 = tally.options.iter().map(|option| option.total).sum();
                    prop_assert_eq!(chosen, tally.answered, "each answer counted once");
                }
            }
        }
    }
}
