//! Who said each caption line: the speaker recorded when a line begins
//! (across grant, end and yield of the floor, the chair between turns), the
//! captioner's corrections and their refusals, tested through `apply` with
//! simulated time.

use super::test_support::{connection, join_request, live_info};
use super::*;

const MODERATOR: &str = "moderator";
const CAPTIONER: &str = "captioner";
const ANA: &str = "ana";
const BO: &str = "bo";
const CHAIR: &str = "Chair Amina";

/// A live session chaired by Amina, with a moderator, a captioner, Ana
/// (civil society, online) and Bo (government, in the room).
fn session(chair: Option<&str>) -> State {
    let mut state = State::new(SessionInfo {
        chair: chair.map(str::to_owned),
        ..live_info()
    });
    let joins = [
        (
            MODERATOR,
            Role::Moderator,
            Mode::Onsite,
            Stakeholder::CivilSociety,
        ),
        (
            CAPTIONER,
            Role::Captioner,
            Mode::Remote,
            Stakeholder::CivilSociety,
        ),
        (
            ANA,
            Role::Participant,
            Mode::Remote,
            Stakeholder::CivilSociety,
        ),
        (BO, Role::Participant, Mode::Onsite, Stakeholder::Government),
    ];
    for (name, role, mode, stakeholder) in joins {
        let request = JoinRequest {
            mode,
            stakeholder,
            ..join_request(name, role)
        };
        apply(
            &mut state,
            Command::Join(request),
            &connection(name),
            Millis(0),
        )
        .unwrap();
    }
    state
}

fn run(state: &mut State, who: &str, command: Command, now: i64) -> Result<Applied, Rejection> {
    apply(state, command, &connection(who), Millis(now))
}

fn participant_id(state: &State, name: &str) -> ParticipantId {
    state
        .participant_of(&ConnectionId(name.into()))
        .expect("joined")
        .id
        .clone()
}

/// Raises `name`'s hand and gives them the floor.
fn give_floor(state: &mut State, name: &str, now: i64) {
    run(state, name, Command::HandRaise, now).unwrap();
    let entry = state
        .floor()
        .entry_of(&participant_id(state, name))
        .unwrap()
        .entry;
    run(
        state,
        MODERATOR,
        Command::FloorGrant {
            entry,
            limit_seconds: None,
        },
        now,
    )
    .unwrap();
}

fn push(state: &mut State, text: &str, is_final: bool, now: i64) -> Applied {
    run(
        state,
        CAPTIONER,
        Command::CaptionPush {
            lang: "en".into(),
            text: text.into(),
            is_final,
        },
        now,
    )
    .unwrap()
}

/// The (line, speaker name) of each `caption.final` in `applied`.
fn finals(applied: &Applied) -> Vec<(u64, Option<CaptionSpeaker>)> {
    applied
        .events
        .iter()
        .filter_map(|event| match &event.body {
            EventBody::CaptionFinal { line, speaker, .. } => Some((*line, speaker.clone())),
            _ => None,
        })
        .collect()
}

fn speaker_name(applied: &Applied) -> Option<String> {
    let finals = finals(applied);
    assert_eq!(finals.len(), 1, "one line finished");
    finals[0].1.as_ref().map(|speaker| speaker.name.clone())
}

fn correct(
    state: &mut State,
    who: &str,
    line: u64,
    speaker: SpeakerCorrection,
) -> Result<Applied, Rejection> {
    run(
        state,
        who,
        Command::CaptionSpeakerSet {
            lang: "en".into(),
            line,
            speaker,
        },
        90_000,
    )
}

#[test]
fn each_line_is_said_by_whoever_held_the_floor_when_it_began() {
    let mut state = session(Some(CHAIR));
    // Between turns the chair named in the session speaks.
    let opening = push(&mut state, "Welcome, everyone.", true, 1_000);
    let chair = finals(&opening)[0].1.clone().unwrap();
    assert_eq!((chair.name.as_str(), chair.chair), (CHAIR, true));
    assert_eq!(
        (chair.participant, chair.stakeholder, chair.mode),
        (None, None, None)
    );

    // A grant: Ana's group and mode come with her name.
    give_floor(&mut state, ANA, 2_000);
    let ana_line = push(&mut state, "Thank you, chair.", true, 3_000);
    let ana = finals(&ana_line)[0].1.clone().unwrap();
    assert_eq!(ana.participant, Some(participant_id(&state, ANA)));
    assert_eq!(
        (ana.name.as_str(), ana.stakeholder, ana.mode, ana.chair),
        (
            ANA,
            Some(Stakeholder::CivilSociety),
            Some(Mode::Remote),
            false
        )
    );

    // A line begun in Ana's turn stays hers though it ends after the turn.
    push(&mut state, "And one last", false, 4_000);
    run(&mut state, MODERATOR, Command::FloorEnd, 5_000).unwrap();
    let straddling = push(&mut state, "And one last point.", true, 6_000);
    assert_eq!(speaker_name(&straddling).as_deref(), Some(ANA));

    // After the end of a turn, the chair again.
    let between = push(&mut state, "Next speaker, please.", true, 7_000);
    assert_eq!(speaker_name(&between).as_deref(), Some(CHAIR));

    // Bo speaks, then yields the floor himself: the chair follows.
    give_floor(&mut state, BO, 8_000);
    let bo = push(&mut state, "From the room.", true, 9_000);
    assert_eq!(speaker_name(&bo).as_deref(), Some(BO));
    run(&mut state, BO, Command::FloorEnd, 10_000).unwrap();
    let after_yield = push(&mut state, "Thank you.", true, 11_000);
    assert_eq!(speaker_name(&after_yield).as_deref(), Some(CHAIR));

    // A room entry has no participant but a name and the room as its mode.
    run(
        &mut state,
        MODERATOR,
        Command::QueueAddOnsite {
            name: "Voice at the mic".into(),
            stakeholder: Some(Stakeholder::Academia),
            region: None,
        },
        12_000,
    )
    .unwrap();
    let entry = state.floor().queue()[0].entry;
    run(
        &mut state,
        MODERATOR,
        Command::FloorGrant {
            entry,
            limit_seconds: None,
        },
        12_000,
    )
    .unwrap();
    let room = push(&mut state, "A question.", true, 13_000);
    let room_speaker = finals(&room)[0].1.clone().unwrap();
    assert_eq!(
        (
            room_speaker.participant,
            room_speaker.name.as_str(),
            room_speaker.mode
        ),
        (None, "Voice at the mic", Some(Mode::Onsite))
    );
}

#[test]
fn a_session_without_a_chair_leaves_lines_between_turns_unnamed() {
    let mut state = session(None);
    let line = push(&mut state, "Good morning.", true, 1_000);
    assert_eq!(finals(&line)[0].1, None);
}

#[test]
fn http_posted_lines_are_said_by_the_speaker_too() {
    let mut state = session(Some(CHAIR));
    give_floor(&mut state, ANA, 1_000);
    let posted = apply(
        &mut state,
        Command::CaptionPost {
            lang: None,
            body: "Posted from Zoom software\n".into(),
            post_seq: 1,
        },
        &Actor::CaptionApi(InviteId("zoom-token".into())),
        Millis(2_000),
    )
    .unwrap();
    assert_eq!(speaker_name(&posted).as_deref(), Some(ANA));
}

#[test]
fn a_captioner_corrects_who_said_a_finished_line() {
    let mut state = session(Some(CHAIR));
    let line = finals(&push(&mut state, "A voice from the floor.", true, 1_000))[0].0;

    // Someone with no turn: a name, and if known a group and mode.
    let named = correct(
        &mut state,
        CAPTIONER,
        line,
        SpeakerCorrection {
            name: Some("Voice from the floor".into()),
            mode: Some(Mode::Onsite),
            ..SpeakerCorrection::default()
        },
    )
    .unwrap();
    assert_eq!(named.events.len(), 1);
    let EventBody::CaptionSpeakerCorrected {
        lang,
        line: corrected_line,
        speaker,
    } = &named.events[0].body
    else {
        panic!("a caption.speaker event, got {:?}", named.events[0].body);
    };
    assert_eq!((lang.as_str(), *corrected_line), ("en", line));
    assert_eq!(
        (
            speaker.name.as_str(),
            speaker.mode,
            speaker.participant.clone()
        ),
        ("Voice from the floor", Some(Mode::Onsite), None)
    );
    assert_eq!(
        named.events[0].body.audience(),
        EventAudience::CaptionTrack("en".into())
    );

    // A participant: their name, group and mode come from the session.
    let ana = participant_id(&state, ANA);
    let to_ana = correct(
        &mut state,
        CAPTIONER,
        line,
        SpeakerCorrection {
            participant: Some(ana.clone()),
            ..SpeakerCorrection::default()
        },
    )
    .unwrap();
    let EventBody::CaptionSpeakerCorrected { speaker, .. } = &to_ana.events[0].body else {
        panic!("a caption.speaker event");
    };
    assert_eq!(
        (
            speaker.participant.clone(),
            speaker.name.as_str(),
            speaker.stakeholder
        ),
        (Some(ana), ANA, Some(Stakeholder::CivilSociety))
    );

    // The recent lines a late joiner receives carry the correction.
    let recent: Vec<Option<String>> = state
        .captions()
        .recent_finals("en")
        .map(|event| match &event.body {
            EventBody::CaptionFinal { speaker, .. } => speaker.as_ref().map(|s| s.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(recent, [Some(ANA.to_owned())]);

    // And back to the chair.
    let to_chair = correct(
        &mut state,
        CAPTIONER,
        line,
        SpeakerCorrection {
            chair: true,
            ..SpeakerCorrection::default()
        },
    )
    .unwrap();
    let EventBody::CaptionSpeakerCorrected { speaker, .. } = &to_chair.events[0].body else {
        panic!("a caption.speaker event");
    };
    assert!(speaker.chair);
    assert_eq!(speaker.name, CHAIR);
}

#[test]
fn speaker_corrections_refused_table() {
    let mut state = session(None);
    let line = finals(&push(&mut state, "Finished.", true, 1_000))[0].0;
    push(&mut state, "Still being written", false, 2_000);
    let open_line = line + 1;
    let by_name = || SpeakerCorrection {
        name: Some("Someone".into()),
        ..SpeakerCorrection::default()
    };
    let cases: Vec<(&str, &str, u64, SpeakerCorrection, RejectionCode)> = vec![
        (
            "a participant",
            ANA,
            line,
            by_name(),
            RejectionCode::Forbidden,
        ),
        (
            "a moderator",
            MODERATOR,
            line,
            by_name(),
            RejectionCode::Forbidden,
        ),
        (
            "a line that does not exist",
            CAPTIONER,
            999,
            by_name(),
            RejectionCode::NotFound,
        ),
        (
            "a line still open",
            CAPTIONER,
            open_line,
            by_name(),
            RejectionCode::NotFound,
        ),
        (
            "the chair, when the session names none",
            CAPTIONER,
            line,
            SpeakerCorrection {
                chair: true,
                ..SpeakerCorrection::default()
            },
            RejectionCode::InvalidField,
        ),
        (
            "nobody",
            CAPTIONER,
            line,
            SpeakerCorrection::default(),
            RejectionCode::InvalidField,
        ),
        (
            "a participant and a name at once",
            CAPTIONER,
            line,
            SpeakerCorrection {
                participant: Some(participant_id(&state, ANA)),
                name: Some("Ana".into()),
                ..SpeakerCorrection::default()
            },
            RejectionCode::InvalidField,
        ),
        (
            "an unknown participant",
            CAPTIONER,
            line,
            SpeakerCorrection {
                participant: Some(ParticipantId("nobody".into())),
                ..SpeakerCorrection::default()
            },
            RejectionCode::NotFound,
        ),
        (
            "a name with control characters",
            CAPTIONER,
            line,
            SpeakerCorrection {
                name: Some("Ana\u{7}".into()),
                ..SpeakerCorrection::default()
            },
            RejectionCode::InvalidField,
        ),
        (
            "a blank name",
            CAPTIONER,
            line,
            SpeakerCorrection {
                name: Some("   ".into()),
                ..SpeakerCorrection::default()
            },
            RejectionCode::InvalidField,
        ),
    ];
    for (case, who, line, speaker, expected) in cases {
        let before = state.seq();
        let refused = correct(&mut state, who, line, speaker).unwrap_err();
        assert_eq!(refused.code, expected, "{case}");
        assert_eq!(state.seq(), before, "{case} changes nothing");
    }
}

#[test]
fn corrections_work_on_lines_restored_from_the_store() {
    let mut state = session(Some(CHAIR));
    let stored = push(&mut state, "Before the restart.", true, 1_000).events;
    let line = finals(&Applied {
        events: stored.clone(),
        ..Applied::default()
    })[0]
        .0;
    let participants: Vec<Participant> = state.participants.values().cloned().collect();
    let mut restored = State::restore(
        SessionInfo {
            chair: Some(CHAIR.into()),
            ..live_info()
        },
        participants,
        stored,
        [],
        [],
    );
    // Connections do not survive a restart: the captioner joins again.
    apply(
        &mut restored,
        Command::Join(join_request(CAPTIONER, Role::Captioner)),
        &connection(CAPTIONER),
        Millis(80_000),
    )
    .unwrap();
    let corrected = correct(
        &mut restored,
        CAPTIONER,
        line,
        SpeakerCorrection {
            name: Some("Guest".into()),
            ..SpeakerCorrection::default()
        },
    );
    assert!(corrected.is_ok(), "{corrected:?}");
}
