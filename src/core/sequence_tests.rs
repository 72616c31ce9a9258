//! Properties over arbitrary command sequences from arbitrary actors: the
//! core never panics, `seq` grows by exactly one per event (whose type,
//! where it decides the audience, decides it as the event does), a refused
//! command changes nothing, and replaying the stored events (as a restart
//! does) rebuilds the same session.

use super::sequence_strategies::{actor, command, info};
use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// What must survive a restart, as comparable values.
fn fingerprint(state: &State) -> String {
    let queue: Vec<(u64, Option<ParticipantId>, bool)> = state
        .floor()
        .queue()
        .iter()
        .map(|entry| {
            (
                entry.entry,
                entry.participant.clone(),
                entry.held_since.is_some(),
            )
        })
        .collect();
    let questions: Vec<&QuestionView> = state
        .questions
        .items
        .values()
        .map(|question| &question.view)
        .collect();
    let chat: Vec<u64> = state.recent_chat().map(|event| event.seq).collect();
    let captions: Vec<u64> = state
        .captions()
        .recent_finals("en")
        .map(|event| event.seq)
        .collect();
    format!(
        "seq {} info {:?} queue {:?} settings {:?} speaker {:?} questions {:?} premod {} chat {:?} {:?} pinned {:?} banned {:?} captions {:?}",
        state.seq(),
        state.info(),
        queue,
        state.floor().settings(),
        state.floor().speaker(),
        questions,
        state.questions().premoderation(),
        chat,
        state.moderation().chat_settings(),
        state.moderation().announcement(),
        state.moderation.banned_participants,
        captions,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_sequences_keep_the_core_consistent(
        steps in proptest::collection::vec((actor(), command(), 0..5_000i64), 1..60)
    ) {
        let mut state = State::new(info());
        let mut now = 0;
        let mut stored_events = Vec::new();
        let mut stored_participants: BTreeMap<ParticipantId, Participant> = BTreeMap::new();
        let mut stored_poll_counts: BTreeMap<(u64, PollCounter), Vec<u32>> = BTreeMap::new();
        for (actor, command, advance) in steps {
            now += advance;
            let before = fingerprint(&state);
            let seq = state.seq();
            match apply(&mut state, command.clone(), &actor, Millis(now)) {
                Ok(applied) => {
                    for (offset, event) in applied.events.iter().enumerate() {
                        prop_assert_eq!(event.seq, seq + 1 + offset as u64, "{:?}", command);
                        // Catch-up chooses stored rows by type where it can:
                        // the type's audience must be the event's own.
                        if let Some(audience) = EventBody::audience_of_kind(event.body.type_name()) {
                            prop_assert_eq!(audience, event.body.audience(), "{:?}", event);
                        }
                    }
                    prop_assert_eq!(state.seq(), seq + applied.events.len() as u64);
                    for record in applied.records {
                        match record {
                            Record::ParticipantSaved(participant) => {
                                stored_participants.insert(participant.id.clone(), participant);
                            }
                            Record::PollCounted { poll, counter, counts } => {
                                stored_poll_counts.insert((poll, counter), counts);
                            }
                            Record::PollCountsErased { poll } => {
                                stored_poll_counts.retain(|(counted, _), _| *counted != poll);
                            }
                            _ => {}
                        }
                    }
                    stored_events.extend(applied.events);
                }
                Err(_) => prop_assert_eq!(fingerprint(&state), before, "a refused {:?} changed the state", command),
            }
        }
        let poll_counts = stored_poll_counts.into_iter().map(|((poll, counter), counts)| (poll, counter, counts));
        let restored = State::restore(info(), stored_participants.into_values(), stored_events, [], poll_counts);
        prop_assert_eq!(fingerprint(&restored), fingerprint(&state));
    }
}
