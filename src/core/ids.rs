//! Identifiers used by the core. All of them are plain data, so that they can
//! be stored, replicated and compared without any context.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A session's durable event counter: strictly increasing by one, no gaps.
pub type Seq = u64;

/// A participant of one session, stable across reconnects.
///
/// It is allocated from a counter in the session state (`p1`, `p2`, ...), so
/// two replicas applying the same commands allocate the same ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantId(pub String);

impl ParticipantId {
    pub fn from_number(number: u64) -> ParticipantId {
        ParticipantId(format!("p{number}"))
    }

    /// The counter value this id was allocated from, if it has the usual form.
    pub fn number(&self) -> Option<u64> {
        self.0.strip_prefix('p')?.parse().ok()
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// One WebSocket connection, named by the node that accepted it.
///
/// The shell allocates these; the core only uses them as keys, so that one
/// participant can hold several connections (two browser tabs).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConnectionId(pub String);

impl ConnectionId {
    /// Whether this connection was accepted by `node`: the shell names
    /// connections `<node>-<number>`, where `<node>` is a node's connection
    /// prefix (in cluster mode its id and its run, `n1-18c2f`). The number
    /// must be all digits, so that no other node's connection (say of node
    /// `n1-18c2f-2`) can pass for one of `node`'s.
    pub fn belongs_to_node(&self, node: &str) -> bool {
        self.node() == Some(node)
    }

    /// The node prefix of this connection id: everything before its last
    /// `-`, if what follows is a number. `None` for an id of another form.
    pub fn node(&self) -> Option<&str> {
        let (node, number) = self.0.rsplit_once('-')?;
        let is_number = !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit());
        (is_number && !node.is_empty()).then_some(node)
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// The SHA-256 digest (hex) of a resume secret. The core never sees a secret
/// itself, only digests, so that the store never holds one either.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretDigest(pub String);

/// A captioner invite, named by the id inside its signed token. HTTP caption
/// posts are written under it, and their `seq` is counted per invite.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InviteId(pub String);

impl fmt::Display for InviteId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Who said something, as shown to everyone. Per-recipient fields (such as
/// "this is you") are never put here, so one serialization serves everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    pub id: ParticipantId,
    pub name: String,
    /// `moderator` or `captioner` for staff, so that their messages carry a
    /// badge no participant's name can imitate; absent for participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<super::attributes::Role>,
}
