//! Moderator controls that are state: chat mode (open, locked, slow), bans,
//! the pinned announcement, and which chat messages exist (so a deletion
//! names a real one).

use super::ids::{InviteId, ParticipantId, Seq};
use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The longest pinned announcement, in Unicode scalar values.
pub const ANNOUNCEMENT_MAX_CHARS: usize = 500;
/// The longest slow-mode interval (ten minutes).
pub const SLOW_MODE_MAX_SECONDS: u32 = 600;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatMode {
    #[default]
    Open,
    /// Only moderators may write.
    Locked,
    /// One message per `slow_seconds` per participant; moderators exempt.
    Slow,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSettings {
    pub mode: ChatMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slow_seconds: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Moderation {
    pub(crate) chat: ChatSettings,
    /// When each participant last wrote in chat, for slow mode.
    pub(crate) last_chat_at: BTreeMap<ParticipantId, Millis>,
    /// The `seq` of every chat message not deleted.
    pub(crate) chat_messages: BTreeSet<Seq>,
    pub(crate) banned_participants: BTreeSet<ParticipantId>,
    /// Devices and invites of banned participants: a ban holds against a
    /// new name on the same browser or with the same invite.
    pub(crate) banned_clients: BTreeSet<String>,
    pub(crate) banned_invites: BTreeSet<InviteId>,
    pub(crate) announcement: Option<String>,
}

impl Moderation {
    pub fn chat_settings(&self) -> &ChatSettings {
        &self.chat
    }

    pub fn announcement(&self) -> Option<&str> {
        self.announcement.as_deref()
    }

    pub fn is_banned(&self, participant: &ParticipantId) -> bool {
        self.banned_participants.contains(participant)
    }
}
