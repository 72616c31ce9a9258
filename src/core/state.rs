//! The state of one session, as the core keeps it.

use super::attributes::{Hub, Mode, Region, Role, Stakeholder};
use super::captions::Captions;
use super::chat::CHAT_HISTORY_IN_WELCOME;
use super::event::Event;
use super::floor::Floor;
use super::ids::{ConnectionId, InviteId, ParticipantId, SecretDigest, Seq};
use super::invites::Invites;
use super::moderation::Moderation;
use super::polls::{PollCounter, PollTally, PollView, PollVoter, Polls};
use super::presence::{Presence, PresenceChanges, PresenceCounts, RosterEntry};
use super::questions::Questions;
use super::session_info::SessionInfo;
use super::written_text::WrittenText;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A participant as stored: identity, attributes, role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub client_id: Option<String>,
    pub name: String,
    pub role: Role,
    pub mode: Mode,
    pub stakeholder: Stakeholder,
    pub region: Region,
    pub hub: Option<Hub>,
    /// Digest of the resume secret handed out in this participant's first
    /// `welcome`. With `client_id` it proves a reconnect is the same person.
    pub secret_digest: SecretDigest,
    /// The invite this participant joined with, if any (bans cover it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<InviteId>,
    /// The role a moderator gave with `participant.set_role`, which holds
    /// on every rejoin. Without it, a rejoin's role is what the invite it
    /// brings gives now: an expired or revoked invite, or none, gives a
    /// participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_role: Option<Role>,
}

impl Participant {
    pub fn roster_entry(&self) -> RosterEntry {
        RosterEntry {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role,
            mode: self.mode,
            stakeholder: self.stakeholder,
            region: self.region,
            hub: self.hub.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    pub(crate) info: SessionInfo,
    /// The `seq` of the latest durable event; 0 before the first.
    pub(crate) seq: Seq,
    pub(crate) participants: BTreeMap<ParticipantId, Participant>,
    /// Index from `client_id` to the participant who first used it.
    pub(crate) participant_by_client: BTreeMap<String, ParticipantId>,
    /// The number the next new participant's id is made from.
    pub(crate) next_participant_number: u64,
    pub(crate) presence: Presence,
    pub(crate) recent_chat: VecDeque<Event>,
    pub(crate) captions: Captions,
    pub(crate) floor: Floor,
    pub(crate) questions: Questions,
    pub(crate) moderation: Moderation,
    #[serde(default)]
    pub(crate) polls: Polls,
    #[serde(default)]
    pub(crate) invites: Invites,
    /// Chat and question text stored per participant, for its bounds.
    #[serde(default)]
    pub(crate) written_text: WrittenText,
    /// The staff among `participants`, by id: an index kept beside them so
    /// that a join's look-alike check visits the few staff rather than
    /// every participant (in a storm of 45,000 joins that scan was the
    /// largest cost). Not stored: `participants` is the fact, and the index
    /// is rebuilt from it when a snapshot is read.
    #[serde(skip)]
    pub(crate) staff: BTreeSet<ParticipantId>,
}

impl State {
    /// A session with no history.
    pub fn new(info: SessionInfo) -> State {
        State {
            info,
            seq: 0,
            participants: BTreeMap::new(),
            participant_by_client: BTreeMap::new(),
            next_participant_number: 1,
            presence: Presence::default(),
            recent_chat: VecDeque::new(),
            captions: Captions::default(),
            floor: Floor::default(),
            questions: Questions::default(),
            moderation: Moderation::default(),
            polls: Polls::default(),
            invites: Invites::default(),
            written_text: WrittenText::default(),
            staff: BTreeSet::new(),
        }
    }

    /// Rebuilds a session from what the store kept: its participants, its
    /// events in `seq` order (replayed through [`super::evolve`]), the HTTP
    /// caption cursors as of each invite's last finished line, and the
    /// counts of polls that keep them.
    pub fn restore(
        info: SessionInfo,
        participants: impl IntoIterator<Item = Participant>,
        events: impl IntoIterator<Item = Event>,
        caption_cursors: impl IntoIterator<Item = (InviteId, u64)>,
        poll_counts: impl IntoIterator<Item = (u64, PollCounter, Vec<u32>)>,
    ) -> State {
        let mut state = State::new(info);
        for (invite, seq) in caption_cursors {
            state.captions.restore_post_cursor(invite, seq);
        }
        for participant in participants {
            state.remember_participant(participant);
        }
        for event in events {
            super::evolve::evolve(&mut state, &event);
        }
        for (poll, counter, counts) in poll_counts {
            state.polls.set_counts(poll, counter, counts);
        }
        state
    }

    pub(crate) fn remember_participant(&mut self, participant: Participant) {
        if let Some(number) = participant.id.number() {
            self.next_participant_number = self.next_participant_number.max(number + 1);
        }
        if let Some(client_id) = &participant.client_id {
            self.participant_by_client
                .entry(client_id.clone())
                .or_insert_with(|| participant.id.clone());
        }
        self.index_role(&participant.id, participant.role);
        self.participants
            .insert(participant.id.clone(), participant);
    }

    /// Keeps the staff index in step with a participant's role.
    pub(crate) fn index_role(&mut self, participant: &ParticipantId, role: Role) {
        if role.is_staff() {
            self.staff.insert(participant.clone());
        } else {
            self.staff.remove(participant);
        }
    }

    /// Rebuilds the indexes that are not stored, after a snapshot is read.
    pub(crate) fn rebuild_indexes(&mut self) {
        self.staff = self
            .participants
            .values()
            .filter(|participant| participant.role.is_staff())
            .map(|participant| participant.id.clone())
            .collect();
    }

    /// The staff among the participants, whether present or not.
    pub(crate) fn staff(&self) -> impl Iterator<Item = &Participant> {
        self.staff
            .iter()
            .filter_map(|participant| self.participants.get(participant))
    }

    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    pub fn seq(&self) -> Seq {
        self.seq
    }

    pub fn participant(&self, id: &ParticipantId) -> Option<&Participant> {
        self.participants.get(id)
    }

    /// The participant a connection has joined as, if it has.
    pub fn participant_of(&self, connection: &ConnectionId) -> Option<&Participant> {
        let id = self.presence.participant_of(connection)?;
        self.participants.get(id)
    }

    pub fn presence_counts(&self) -> &PresenceCounts {
        self.presence.counts()
    }

    /// The moderators' roster: everyone with at least one open connection.
    pub fn roster(&self) -> Vec<RosterEntry> {
        self.presence
            .online_participants()
            .filter_map(|id| self.participants.get(id))
            .map(Participant::roster_entry)
            .collect()
    }

    /// How many people are present.
    pub fn roster_len(&self) -> usize {
        self.presence.online_participants().count()
    }

    /// The people present with an id after `after`, in id order.
    pub fn roster_after<'a>(&'a self, after: &'a str) -> impl Iterator<Item = RosterEntry> + 'a {
        self.presence
            .online_participants()
            .filter(move |id| id.0.as_str() > after)
            .filter_map(|id| self.participants.get(id))
            .map(Participant::roster_entry)
    }

    pub fn is_online(&self, participant: &ParticipantId) -> bool {
        self.presence.is_online(participant)
    }

    /// The newest chat messages, oldest first, at most
    /// `CHAT_HISTORY_IN_WELCOME` of them.
    pub fn recent_chat(&self) -> impl Iterator<Item = &Event> {
        self.recent_chat.iter()
    }

    pub(crate) fn remember_chat(&mut self, event: Event) {
        if self.recent_chat.len() == CHAT_HISTORY_IN_WELCOME {
            self.recent_chat.pop_front();
        }
        self.recent_chat.push_back(event);
    }

    pub fn captions(&self) -> &Captions {
        &self.captions
    }

    pub fn floor(&self) -> &Floor {
        &self.floor
    }

    pub fn questions(&self) -> &Questions {
        &self.questions
    }

    pub fn moderation(&self) -> &Moderation {
        &self.moderation
    }

    /// The session's recorded invites, as the store keeps them (they are
    /// records, not events).
    pub fn restore_invites(
        &mut self,
        invites: impl IntoIterator<Item = super::invites::InviteView>,
    ) {
        for invite in invites {
            self.invites.items.insert(invite.id.clone(), invite);
        }
    }

    pub fn invites(&self) -> &Invites {
        &self.invites
    }

    pub fn polls(&self) -> &Polls {
        &self.polls
    }

    /// The open poll, if its tally may have changed since the last call
    /// (an answer, a count, someone arriving or leaving).
    pub fn take_changed_poll(&mut self) -> Option<u64> {
        if !std::mem::take(&mut self.polls.tally_changed) {
            return None;
        }
        self.polls.open().map(|poll| poll.id)
    }

    /// A poll's tally over the people present now.
    pub fn poll_tally(&self, id: u64) -> (PollView, PollTally) {
        let poll = &self.polls.items[&id];
        let present = self
            .presence
            .online_participants()
            .filter_map(|participant| self.participants.get(participant));
        (poll.view.clone(), super::polls::tally(poll, present))
    }

    /// Who chose what in a named poll (for moderators); `None` for an
    /// anonymous one.
    pub fn poll_voters(&self, id: u64) -> Option<Vec<PollVoter>> {
        let poll = self.polls.items.get(&id)?;
        (!poll.view.anonymous)
            .then(|| super::polls::voters(poll, |participant| self.participants.get(participant)))
    }

    /// The nodes (connection prefixes) whose connections are open here:
    /// in cluster mode, the nodes that must keep heartbeating.
    pub fn connected_nodes(&self) -> std::collections::BTreeSet<&str> {
        self.presence.connected_nodes()
    }

    /// The open connections that the node (connection prefix) `node`
    /// accepted, in id order.
    pub fn connections_of_node(&self, node: &str) -> Vec<ConnectionId> {
        self.presence.connections_of_node(node)
    }

    /// Presence changes since the previous call; see [`super::presence`].
    pub fn take_presence_changes(&mut self) -> Option<PresenceChanges> {
        self.presence.take_changes()
    }
}
