//! A session's lifecycle: it goes live by itself at its start time (on the
//! timer's tick, which the sequencer orders), a moderator may start it early
//! or end it, and it never moves backwards.

use super::test_support::connection;
use super::*;

const START: i64 = 1_000_000;
const END: i64 = 2_000_000;

fn scheduled() -> State {
    let mut state = State::new(SessionInfo {
        state: SessionState::Scheduled,
        live_at: None,
        starts_at: Millis(START),
        ends_at: Millis(END),
        ..super::test_support::live_info()
    });
    let chair = super::test_support::join_request("Chair", Role::Moderator);
    apply(
        &mut state,
        Command::Join(chair),
        &connection("chair"),
        Millis(0),
    )
    .expect("the chair joins");
    state
}

fn tick(state: &mut State, actor: &Actor, now: i64) -> Vec<SessionState> {
    apply(state, Command::Tick, actor, Millis(now))
        .expect("a tick is never refused")
        .events
        .iter()
        .filter_map(|event| match &event.body {
            EventBody::SessionUpdated { session } => Some(session.state),
            _ => None,
        })
        .collect()
}

#[test]
fn a_scheduled_session_goes_live_on_the_first_tick_at_its_start_time() {
    // (tick at, session state after it, session.updated states emitted)
    let cases = [
        (START - 1, SessionState::Scheduled, vec![]),
        (START, SessionState::Live, vec![SessionState::Live]),
        (START + 5, SessionState::Live, vec![SessionState::Live]),
        (END - 1, SessionState::Live, vec![SessionState::Live]),
        // Its whole slot passed while it was scheduled: the organiser decides.
        (END, SessionState::Scheduled, vec![]),
    ];
    for (at, after, emitted) in cases {
        let mut state = scheduled();
        assert_eq!(
            tick(&mut state, &Actor::Server, at),
            emitted,
            "tick at {at}"
        );
        assert_eq!(state.info().state, after, "tick at {at}");
        if after == SessionState::Live {
            assert_eq!(
                state.info().live_at,
                Some(Millis(at)),
                "live from that tick"
            );
            assert_eq!(
                tick(&mut state, &Actor::Server, at + 1),
                vec![],
                "it goes live once"
            );
        }
    }
}

#[test]
fn only_the_server_s_tick_starts_a_session() {
    let mut state = scheduled();
    for actor in [connection("chair"), Actor::Admin] {
        assert_eq!(tick(&mut state, &actor, START), vec![]);
        assert_eq!(state.info().state, SessionState::Scheduled);
    }
}

#[test]
fn a_moderator_starts_a_session_early_once_and_ends_it() {
    let mut state = scheduled();
    let started = apply(
        &mut state,
        Command::StartSession,
        &connection("chair"),
        Millis(10),
    )
    .expect("a moderator may start it early");
    assert_eq!(started.events.len(), 1);
    assert_eq!(state.info().state, SessionState::Live);
    assert_eq!(state.info().live_at, Some(Millis(10)));

    let again = apply(
        &mut state,
        Command::StartSession,
        &connection("chair"),
        Millis(11),
    )
    .unwrap_err();
    assert_eq!(again.code, RejectionCode::InvalidField, "already live");
    assert_eq!(
        tick(&mut state, &Actor::Server, START),
        vec![],
        "the tick finds it live"
    );

    apply(
        &mut state,
        Command::EndSession,
        &connection("chair"),
        Millis(12),
    )
    .unwrap();
    assert_eq!(state.info().state, SessionState::Ended);
    for command in [Command::StartSession, Command::EndSession] {
        let refused = apply(&mut state, command, &connection("chair"), Millis(13)).unwrap_err();
        assert_eq!(refused.code, RejectionCode::SessionEnded);
    }
    assert_eq!(tick(&mut state, &Actor::Server, START), vec![]);
    assert_eq!(state.info().state, SessionState::Ended, "never backwards");
}
