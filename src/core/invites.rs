//! The session's invites as the organiser issued them, and which of them
//! are revoked. The signed token is checked by the shell; whether its
//! invite still holds is decided here, from the replicated events, so a
//! revocation holds after a restart and on every cluster node.

use super::attributes::Role;
use super::ids::InviteId;
use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest invite label, in Unicode scalar values.
pub const INVITE_LABEL_MAX_CHARS: usize = 80;

/// An invite as the organiser sees it: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub id: InviteId,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub expires_at: Millis,
    pub issued_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Millis>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Invites {
    pub(crate) items: BTreeMap<InviteId, InviteView>,
}

impl Invites {
    pub fn get(&self, id: &InviteId) -> Option<&InviteView> {
        self.items.get(id)
    }

    /// Whether the invite was issued here and revoked since. An invite the
    /// session never heard of (issued before invites were recorded) is not.
    pub fn is_revoked(&self, id: &InviteId) -> bool {
        self.items
            .get(id)
            .is_some_and(|invite| invite.revoked_at.is_some())
    }

    pub fn iter(&self) -> impl Iterator<Item = &InviteView> {
        self.items.values()
    }
}
