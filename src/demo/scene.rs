//! `serve --demo` plays a short scripted scene in the live demo session, so
//! that a newcomer who opens it sees the client at work at once: a
//! captioner's lines being written, a few chat messages, a remote hub
//! raising its hand, and a question.
//!
//! The scene's people join through the session's owner like any
//! connection, with no socket: each has a bounded outbound queue that is
//! drained and thrown away. Every name starts with "Demo ·", so nobody takes
//! them for real participants. The scene plays a few rounds, and stops at
//! once for good (its people leave) as soon as real staff, a moderator or a
//! captioner, are present: from then on the session is theirs.

use super::DEMO_MAIN_SESSION;
use crate::core::{Command, ConnectionId, JoinRequest, Mode, Region, Role, Stakeholder};
use crate::hub::{outbound_queue, Hub, JoinArguments, OutboundReceiver, SessionHandle};
use crate::ws::secret;
use std::sync::Arc;
use std::time::Duration;

/// Rounds of the script before the scene ends by itself.
const ROUNDS: usize = 5;
/// The pause between two rounds.
const BETWEEN_ROUNDS: Duration = Duration::from_secs(30);
/// The pause between two words of a caption line being written.
const BETWEEN_WORDS: Duration = Duration::from_millis(180);

/// Who acts in the scene.
#[derive(Clone, Copy)]
enum Actor {
    Captioner,
    Lucia,
    Kenji,
    NairobiHub,
}

/// One step of the script.
enum Step {
    /// A caption line, written word by word, then finished.
    Caption(&'static str),
    Chat(Actor, &'static str),
    RaiseHand(Actor),
    Ask(Actor, &'static str),
    Pause(Duration),
}

const SCRIPT: &[Step] = &[
    Step::Caption("Good morning, and welcome to the main session of this demonstration event."),
    Step::Chat(Actor::Lucia, "Hello from Bogotá, following online!"),
    Step::Caption(
        "The captions, chat, hand and question you see now are a demo scene that hybridhub plays by itself.",
    ),
    Step::Pause(Duration::from_secs(2)),
    Step::Caption("Our speakers will look at how people online and in the room can take part as equals."),
    Step::Chat(Actor::Kenji, "The plenary hall is filling up here."),
    Step::RaiseHand(Actor::NairobiHub),
    Step::Caption("Remote hubs, like the one in Nairobi, follow the session together and ask for the floor."),
    Step::Chat(Actor::NairobiHub, "Nairobi hub here: twelve of us around one screen."),
    Step::Ask(
        Actor::Lucia,
        "How are remote hubs counted in the participation figures?",
    ),
    Step::Caption(
        "Raise your hand in the app whether you are in the room or online: there is one queue for everyone.",
    ),
    Step::Pause(Duration::from_secs(2)),
    Step::Caption(
        "Open the moderator link printed at start-up to give the floor; the demo scene stops when staff join.",
    ),
];

/// Why the scene stopped before the end of its rounds.
enum Stop {
    /// Real staff are present: the session is theirs.
    StaffArrived,
    /// The session refused a join or went away.
    SessionGone,
}

/// The scene's people, in the order of [`Actor`], each with the queue of
/// what the session sends them.
struct Scene {
    session: SessionHandle,
    people: Vec<(ConnectionId, OutboundReceiver)>,
}

/// Plays the scene in the demo's main session; returns when it has played
/// its rounds, when real staff arrive, or at shutdown.
pub async fn play_demo_scene(hub: Arc<Hub>) {
    let Some(session) = hub.session_handle(DEMO_MAIN_SESSION) else {
        return;
    };
    let mut scene = Scene {
        session,
        people: Vec::new(),
    };
    let mut shutdown = hub.shutdown_signal();
    let outcome = tokio::select! {
        outcome = scene.play(&hub) => outcome,
        _ = shutdown.wait_for(|stopping| *stopping) => return,
    };
    if let Err(Stop::StaffArrived) = outcome {
        tracing::info!("staff joined the demo session; the demo scene stops");
    }
    scene.leave().await;
}

impl Scene {
    async fn play(&mut self, hub: &Hub) -> Result<(), Stop> {
        for actor in ACTORS {
            self.join(hub, actor).await?;
        }
        for round in 0..ROUNDS {
            if round > 0 {
                self.pause(BETWEEN_ROUNDS).await?;
            }
            for step in SCRIPT {
                self.perform(step).await?;
            }
        }
        Ok(())
    }

    async fn perform(&mut self, step: &Step) -> Result<(), Stop> {
        match step {
            Step::Caption(line) => {
                let mut written = String::new();
                for word in line.split(' ') {
                    if !written.is_empty() {
                        written.push(' ');
                    }
                    written.push_str(word);
                    self.send(Actor::Captioner, caption(&written, false))
                        .await?;
                    self.pause(BETWEEN_WORDS).await?;
                }
                self.send(Actor::Captioner, caption(line, true)).await?;
                self.pause(Duration::from_secs(2)).await
            }
            Step::Chat(actor, text) => {
                let text = (*text).to_owned();
                self.send(*actor, Command::ChatSend { text }).await?;
                self.pause(Duration::from_secs(2)).await
            }
            Step::RaiseHand(actor) => {
                self.send(*actor, Command::HandRaise).await?;
                self.pause(Duration::from_secs(1)).await
            }
            Step::Ask(actor, text) => {
                let text = (*text).to_owned();
                self.send(*actor, Command::QuestionAsk { text }).await?;
                self.pause(Duration::from_secs(2)).await
            }
            Step::Pause(pause) => self.pause(*pause).await,
        }
    }

    async fn join(&mut self, hub: &Hub, actor: Actor) -> Result<(), Stop> {
        let (name, mode, stakeholder, region, hub_of, role) = actor.who();
        let connection = hub.next_connection_id();
        let (outbound, frames) = outbound_queue(QUEUE_FRAMES, QUEUE_BYTES);
        let fresh_secret = secret::fresh_secret();
        let request = JoinRequest {
            name: name.to_owned(),
            mode,
            stakeholder,
            region,
            hub: hub_of,
            client_id: None,
            invited_role: role,
            as_display: false,
            invite: None,
            offered_secret: None,
            fresh_secret: secret::digest(&fresh_secret),
        };
        let arguments = JoinArguments {
            request,
            resume_from: None,
            caption_tracks: None,
            offered_secret: None,
            fresh_secret,
        };
        self.session
            .join(connection.clone(), arguments, outbound)
            .await
            .map_err(|_| Stop::SessionGone)?;
        self.people.push((connection, frames));
        Ok(())
    }

    /// Sends one command. A refusal (a hand already raised, a locked chat)
    /// only skips the step; a session that went away ends the scene.
    async fn send(&mut self, actor: Actor, command: Command) -> Result<(), Stop> {
        let connection = self.people[actor as usize].0.clone();
        self.session
            .command(connection, None, command)
            .await
            .map_err(|_| Stop::SessionGone)
    }

    /// Waits, throwing away what the session sends the scene's people and
    /// watching presence for real staff: the scene's captioner is the one
    /// staff member it brings.
    async fn pause(&mut self, duration: Duration) -> Result<(), Stop> {
        let until = tokio::time::Instant::now() + duration;
        loop {
            for (_, frames) in &mut self.people {
                while let Some(frame) = frames.try_next_frame() {
                    if real_staff_present(&frame) {
                        return Err(Stop::StaffArrived);
                    }
                }
            }
            let now = tokio::time::Instant::now();
            if now >= until {
                return Ok(());
            }
            tokio::time::sleep((until - now).min(DRAIN_EVERY)).await;
        }
    }

    async fn leave(self) {
        for (connection, _) in self.people {
            self.session.disconnect(connection).await;
        }
    }
}

/// Whether a frame is a presence count with more staff than the scene's own
/// captioner.
fn real_staff_present(frame: &str) -> bool {
    if !frame.starts_with(r#"{"type":"presence""#) {
        return false;
    }
    serde_json::from_str::<serde_json::Value>(frame)
        .ok()
        .and_then(|presence| presence["staff"].as_u64())
        .is_some_and(|staff| staff > 1)
}

fn caption(text: &str, is_final: bool) -> Command {
    Command::CaptionPush {
        lang: "en".into(),
        text: text.to_owned(),
        is_final,
    }
}

const ACTORS: [Actor; 4] = [
    Actor::Captioner,
    Actor::Lucia,
    Actor::Kenji,
    Actor::NairobiHub,
];
/// How often the scene's queues are emptied while it waits.
const DRAIN_EVERY: Duration = Duration::from_millis(50);
/// Each of the scene's people's outbound queue: ample for what the demo
/// session sends between two drains.
const QUEUE_FRAMES: usize = 1024;
const QUEUE_BYTES: usize = 4 * 1024 * 1024;

impl Actor {
    /// Name, mode, stakeholder group, region, hub and role.
    fn who(
        self,
    ) -> (
        &'static str,
        Mode,
        Stakeholder,
        Region,
        Option<crate::core::Hub>,
        Role,
    ) {
        match self {
            Actor::Captioner => (
                "Demo · captioner",
                Mode::Remote,
                Stakeholder::Unspecified,
                Region::Unspecified,
                None,
                Role::Captioner,
            ),
            Actor::Lucia => (
                "Demo · Lucía",
                Mode::Remote,
                Stakeholder::CivilSociety,
                Region::LatinAmericanCaribbean,
                None,
                Role::Participant,
            ),
            Actor::Kenji => (
                "Demo · Kenji",
                Mode::Onsite,
                Stakeholder::TechnicalCommunity,
                Region::AsiaPacific,
                None,
                Role::Participant,
            ),
            Actor::NairobiHub => (
                "Demo · Nairobi hub",
                Mode::Remote,
                Stakeholder::Academia,
                Region::African,
                Some(crate::core::Hub {
                    name: "Demo · Nairobi hub".into(),
                    headcount: 12,
                    // A moderator confirms it in the moderator view.
                    confirmed: false,
                }),
                Role::Participant,
            ),
        }
    }
}
