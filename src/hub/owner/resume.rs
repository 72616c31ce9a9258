//! The resume buffer: a session's latest events, already serialized, with
//! who may receive each, so that a client coming back after a short drop
//! catches up from memory; older gaps are read from the store.

use super::fanout::Viewer;
use crate::core::{EventAudience, Seq};
use axum::extract::ws::Utf8Bytes;
use std::collections::VecDeque;

pub struct ResumeBuffer {
    events: VecDeque<(Seq, Utf8Bytes, EventAudience)>,
    capacity: usize,
}

/// What a resuming connection is owed after its `welcome`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Events still in memory, for this viewer, in order.
    pub frames: Vec<Utf8Bytes>,
    /// Events to read from the store first: `(after, up_to]`.
    pub stored_range: Option<(Seq, Seq)>,
}

impl ResumeBuffer {
    /// Keeps the last `capacity` events (at least one).
    pub fn new(capacity: usize) -> ResumeBuffer {
        ResumeBuffer {
            events: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    pub fn remember(&mut self, seq: Seq, frame: Utf8Bytes, audience: EventAudience) {
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        self.events.push_back((seq, frame, audience));
    }

    /// The events in `(after, up_to]` for `viewer`: from memory if it still
    /// holds them all, otherwise the whole range from the store.
    pub fn backlog_after(&self, after: Seq, up_to: Seq, viewer: &Viewer) -> Backlog {
        if after >= up_to {
            return Backlog::default();
        }
        match self.events.front() {
            Some((oldest, _, _)) if *oldest <= after + 1 => Backlog {
                frames: self
                    .events
                    .iter()
                    .filter(|(seq, _, audience)| *seq > after && viewer.receives(audience))
                    .map(|(_, frame, _)| frame.clone())
                    .collect(),
                stored_range: None,
            },
            _ => Backlog {
                frames: Vec::new(),
                stored_range: Some((after, up_to)),
            },
        }
    }
}
