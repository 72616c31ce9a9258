//! What applying a command produces: durable events to store and send,
//! records to store without sending, and caption partials to send at once.

use super::captions::CaptionPartial;
use super::event::Event;
use super::ids::{ConnectionId, InviteId, ParticipantId};
use super::invites::InviteView;
use super::polls::PollCounter;
use super::state::Participant;
use super::time::Millis;

/// What a command produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Durable events, numbered, to be stored and then sent to clients.
    pub events: Vec<Event>,
    /// Durable facts that are not broadcast: participants and attendance.
    pub records: Vec<Record>,
    /// Caption lines still being written: sent at once, never stored.
    pub partials: Vec<CaptionPartial>,
}

/// A durable fact that no client is sent as an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A participant was created, or changed name, attributes or role.
    ParticipantSaved(Participant),
    /// A connection joined; attendance reports are built from these.
    AttendanceOpened {
        connection: ConnectionId,
        participant: ParticipantId,
        at: Millis,
        headcount: u32,
    },
    AttendanceClosed {
        connection: ConnectionId,
        at: Millis,
    },
    /// A hub's headcount was confirmed: its open connection's attendance
    /// counts as this many from when it joined.
    AttendanceHeadcount {
        connection: ConnectionId,
        headcount: u32,
    },
    /// The last HTTP caption post `seq` of an invite whose text is now in
    /// stored lines; a retry of it after a restart is not applied twice.
    CaptionCursor { invite: InviteId, seq: u64 },
    /// A counter's counts in a poll (a person's answer, a hub's count, the
    /// chair's count), replacing its earlier ones. Kept apart from events,
    /// which carry only tallies.
    PollCounted {
        poll: u64,
        counter: PollCounter,
        counts: Vec<u32>,
    },
    /// An anonymous poll closed: its counts are dropped; its frozen tally
    /// stays in its `poll.results` event.
    PollCountsErased { poll: u64 },
    /// An invite issued or revoked, as the organiser lists it.
    InviteSaved(InviteView),
    /// An invite was used (a join, a caption post) at `at`.
    InviteUsed { invite: InviteId, at: Millis },
}

impl Applied {
    /// Appends what a later step of the same command produced.
    pub(crate) fn extend(&mut self, later: Applied) {
        self.events.extend(later.events);
        self.records.extend(later.records);
        self.partials.extend(later.partials);
    }
}
