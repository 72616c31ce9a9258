//! Pipelined rounds: what to do once each round's write is durable, in
//! round order.
//!
//! The owner does not wait for one round's fsync before applying the next:
//! up to [`ROUNDS_IN_FLIGHT`] may be on their way to the store. Each
//! round's frames and answers go out only once its own write, and every
//! earlier one, has landed, whatever order the results come back in. A
//! round with nothing to store still waits behind the rounds before it, so
//! that no frame overtakes an earlier round's, nor reaches a connection
//! before its `welcome`.

use std::collections::VecDeque;

/// Rounds a session may have pending at once; past this the owner stops
/// reading its mailbox, so senders wait (backpressure).
pub const ROUNDS_IN_FLIGHT: usize = 8;

/// Names a round's write, so that its result can come back in any order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RoundId(u64);

struct PendingRound<T> {
    /// The round's write, if it has one.
    write: Option<RoundId>,
    /// Its write has landed (or it had none).
    landed: bool,
    actions: Vec<T>,
}

/// The rounds not yet answered, oldest first, each with its actions `T`.
pub struct Rounds<T> {
    pending: VecDeque<PendingRound<T>>,
    next_round: u64,
}

impl<T> Rounds<T> {
    pub fn new() -> Rounds<T> {
        Rounds {
            pending: VecDeque::new(),
            next_round: 1,
        }
    }

    /// Whether another round may start.
    pub fn has_room(&self) -> bool {
        self.pending.len() < ROUNDS_IN_FLIGHT
    }

    /// Rounds whose write has not landed yet.
    pub fn writes_in_flight(&self) -> usize {
        self.pending.iter().filter(|round| !round.landed).count()
    }

    /// A round whose batch goes to the store: its actions wait for the
    /// write, named by the id returned.
    pub fn after_write(&mut self, actions: Vec<T>) -> RoundId {
        let round = RoundId(self.next_round);
        self.next_round += 1;
        self.pending.push_back(PendingRound {
            write: Some(round),
            landed: false,
            actions,
        });
        round
    }

    /// A round with nothing to store. Returns its actions to perform now if
    /// no earlier round is pending; otherwise they wait behind them.
    pub fn after_earlier_rounds(&mut self, actions: Vec<T>) -> Vec<T> {
        if self.pending.is_empty() {
            return actions;
        }
        if !actions.is_empty() {
            self.pending.push_back(PendingRound {
                write: None,
                landed: true,
                actions,
            });
        }
        Vec::new()
    }

    /// A round's write landed. Returns the actions now due, in round
    /// order: none while an earlier write is still on its way; then every
    /// round's from the oldest up to the next one still waiting.
    pub fn write_landed(&mut self, landed: RoundId) -> Vec<T> {
        if let Some(round) = self
            .pending
            .iter_mut()
            .find(|round| round.write == Some(landed))
        {
            round.landed = true;
        }
        let mut due = Vec::new();
        while self.pending.front().is_some_and(|round| round.landed) {
            due.extend(self.pending.pop_front().expect("a front round").actions);
        }
        due
    }

    /// Forgets every pending round (a write failed: nothing is answered).
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// Takes every pending round's actions, oldest first, so that their
    /// waiters can be told why they will not be answered.
    pub fn take_all(&mut self) -> Vec<T> {
        self.pending
            .drain(..)
            .flat_map(|round| round.actions)
            .collect()
    }
}
