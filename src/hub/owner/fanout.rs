//! Who receives what: a session's subscribed connections, each with its
//! recipient (the connection's bounded outbound queue) and its viewer (who
//! it is, which decides the frames it gets).
//!
//! A frame is one shared `Utf8Bytes`, serialized once; fan-out only
//! chooses recipients and never re-serializes. Pushing onto a recipient
//! never waits: a recipient whose queue overflows has already asked its
//! connection to close as a slow consumer, and fan-out forgets it.

use crate::core::{ConnectionId, EventAudience, ParticipantId, Role};
use crate::protocol::CloseReason;
use axum::extract::ws::Utf8Bytes;
use std::collections::HashMap;

/// Where a connection's frames go. The shell's is the connection's
/// bounded outbound queue (`hub::Outbound`); the owner's tests record.
/// What became of a frame handed to a recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Queued,
    /// The queue overflowed: the recipient has asked its connection to
    /// close as a slow consumer (4000), and the frame is dropped.
    Overflowed,
    /// The connection already closed for another reason; its leaving is
    /// on its way. The frame is dropped, and nobody is cut off.
    Closed,
}

pub trait Recipient {
    /// Queues a frame without waiting.
    fn try_push(&self, frame: Utf8Bytes) -> Delivery;
    /// Asks the connection to close with `reason` once its writer sees it.
    fn request_close(&self, reason: CloseReason);
}

/// Who a connection is, as far as choosing its frames goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub participant: ParticipantId,
    pub role: Role,
    /// The caption languages this connection receives.
    pub caption_tracks: Vec<String>,
}

impl Viewer {
    pub fn receives(&self, audience: &EventAudience) -> bool {
        match audience {
            EventAudience::Everyone => true,
            EventAudience::CaptionTrack(lang) => {
                self.caption_tracks.iter().any(|track| track == lang)
            }
            EventAudience::ModeratorsAnd(concerned) => {
                self.role.sees_queue_details() || concerned.as_ref() == Some(&self.participant)
            }
            EventAudience::Moderators => self.role.is_moderator(),
        }
    }
}

struct Subscriber<R> {
    recipient: R,
    viewer: Viewer,
}

/// The subscribed connections of one session.
pub struct Fanout<R> {
    subscribers: HashMap<ConnectionId, Subscriber<R>>,
    /// Frames and bytes queued since the driver last took the counts.
    delivered_frames: u64,
    delivered_bytes: u64,
}

impl<R: Recipient> Fanout<R> {
    pub fn new() -> Fanout<R> {
        Fanout {
            subscribers: HashMap::new(),
            delivered_frames: 0,
            delivered_bytes: 0,
        }
    }

    pub fn subscribe(&mut self, connection: ConnectionId, recipient: R, viewer: Viewer) {
        self.subscribers
            .insert(connection, Subscriber { recipient, viewer });
    }

    pub fn unsubscribe(&mut self, connection: &ConnectionId) {
        self.subscribers.remove(connection);
    }

    pub fn contains(&self, connection: &ConnectionId) -> bool {
        self.subscribers.contains_key(connection)
    }

    pub fn recipient(&self, connection: &ConnectionId) -> Option<&R> {
        self.subscribers
            .get(connection)
            .map(|subscriber| &subscriber.recipient)
    }

    pub fn set_caption_tracks(&mut self, connection: &ConnectionId, tracks: Vec<String>) {
        if let Some(subscriber) = self.subscribers.get_mut(connection) {
            subscriber.viewer.caption_tracks = tracks;
        }
    }

    /// A participant's role changed: their connections' frames follow it.
    pub fn set_role(&mut self, participant: &ParticipantId, role: Role) {
        for subscriber in self.subscribers.values_mut() {
            if &subscriber.viewer.participant == participant {
                subscriber.viewer.role = role;
            }
        }
    }

    /// Sends a shared frame to every subscriber in `audience`. Returns the
    /// connections cut off as slow consumers; they, and connections found
    /// already closed, are forgotten.
    pub fn broadcast(&mut self, frame: &Utf8Bytes, audience: &EventAudience) -> Vec<ConnectionId> {
        let (mut overflowed, mut closed) = (Vec::new(), Vec::new());
        let mut delivered = 0;
        for (connection, subscriber) in &self.subscribers {
            if !subscriber.viewer.receives(audience) {
                continue;
            }
            match subscriber.recipient.try_push(frame.clone()) {
                Delivery::Queued => delivered += 1,
                Delivery::Overflowed => overflowed.push(connection.clone()),
                Delivery::Closed => closed.push(connection.clone()),
            }
        }
        self.count(delivered, frame.len());
        for connection in overflowed.iter().chain(&closed) {
            self.subscribers.remove(connection);
        }
        overflowed
    }

    /// Sends a frame to one connection, if it is subscribed. Returns the
    /// connection if it was cut off as a slow consumer.
    pub fn send_to(&mut self, connection: &ConnectionId, frame: Utf8Bytes) -> Option<ConnectionId> {
        let subscriber = self.subscribers.get(connection)?;
        let length = frame.len();
        match subscriber.recipient.try_push(frame) {
            Delivery::Queued => {
                self.count(1, length);
                None
            }
            Delivery::Overflowed => {
                self.subscribers.remove(connection);
                Some(connection.clone())
            }
            Delivery::Closed => {
                self.subscribers.remove(connection);
                None
            }
        }
    }

    /// Closes and forgets every connection for which `closes` holds.
    pub fn close_where(
        &mut self,
        reason: CloseReason,
        mut closes: impl FnMut(&ConnectionId, &Viewer) -> bool,
    ) {
        self.subscribers.retain(|connection, subscriber| {
            let closed = closes(connection, &subscriber.viewer);
            if closed {
                subscriber.recipient.request_close(reason);
            }
            !closed
        });
    }

    /// The frames and bytes queued since the last call.
    pub fn take_delivery_counts(&mut self) -> (u64, u64) {
        let counts = (self.delivered_frames, self.delivered_bytes);
        self.delivered_frames = 0;
        self.delivered_bytes = 0;
        counts
    }

    fn count(&mut self, frames: u64, frame_length: usize) {
        self.delivered_frames += frames;
        self.delivered_bytes += frames * frame_length as u64;
    }
}
