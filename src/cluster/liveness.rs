//! Which nodes of a cluster are alive: heartbeats over core NATS.
//!
//! Every node publishes a heartbeat on [`HEARTBEAT_SUBJECT`] every
//! [`LivenessConfig::interval`]: its id, its connection prefix (id and run)
//! and a beat number counting up from 1. Every node records the last beat
//! it heard from every other prefix. Heartbeats are plain NATS messages, not
//! log entries: they are lost when nobody listens, and cost nothing stored.
//!
//! A prefix is *down* once it has not been heard for
//! [`LivenessConfig::timeout`] while this node itself was connected: a
//! node hears its own heartbeats back (NATS echoes them), and judges
//! others only once its own have come back without a long gap for a whole
//! timeout, so a node cut off from NATS, or just reconnected, never
//! declares the others down. A prefix never heard counts from then too.
//! Each session's owner then appends one
//! `NodeDown` command for it (see `hub::owner`), with a command id
//! every surviving node derives alike ([`node_down_command_id`]), so that
//! JetStream keeps one of them; the core makes that node's connections
//! leave. The clock is read here, in the shell: the core only ever sees the
//! command.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The core NATS subject every node's heartbeats go to.
pub const HEARTBEAT_SUBJECT: &str = "hybridhub.nodes.heartbeat";

/// How often a node heartbeats, and how long a silent node is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LivenessConfig {
    pub interval: Duration,
    pub timeout: Duration,
}

impl Default for LivenessConfig {
    /// A beat a second; down after five silent seconds.
    fn default() -> LivenessConfig {
        LivenessConfig {
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(5),
        }
    }
}

/// One heartbeat, as JSON on [`HEARTBEAT_SUBJECT`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// The node's id (`--node-id`).
    pub node: String,
    /// The node's connection prefix: its id and its run.
    pub prefix: String,
    /// Counts up from 1 with each heartbeat of this run.
    pub beat: u64,
}

/// The last beat heard from a prefix, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LastBeat {
    beat: u64,
    heard_at: Instant,
}

/// This node's own heartbeats, heard back: since when without a long gap,
/// and the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct OwnEcho {
    connected_since: Instant,
    last_echo: Instant,
}

impl OwnEcho {
    /// Records one of this node's heartbeats heard back at `now`: a gap of
    /// half the timeout or more starts a new connected period.
    fn heard(echo: Option<OwnEcho>, now: Instant, timeout: Duration) -> OwnEcho {
        match echo {
            Some(echo) if now.saturating_duration_since(echo.last_echo) < timeout / 2 => OwnEcho {
                connected_since: echo.connected_since,
                last_echo: now,
            },
            _ => OwnEcho {
                connected_since: now,
                last_echo: now,
            },
        }
    }
}

/// Whether a prefix is down, given what was heard of it and of this node's
/// own heartbeats: `Some(last beat)` (0 if never heard) once it has been
/// silent for `timeout` while this node has been connected for as long,
/// `None` otherwise (and always while this node itself is cut off).
fn down_since(
    last: Option<LastBeat>,
    own: Option<OwnEcho>,
    now: Instant,
    timeout: Duration,
) -> Option<u64> {
    let own = own?;
    let cut_off = now.saturating_duration_since(own.last_echo) >= timeout / 2;
    if cut_off || now.saturating_duration_since(own.connected_since) < timeout {
        return None;
    }
    let (beat, since) = match last {
        Some(last) => (last.beat, last.heard_at.max(own.connected_since)),
        None => (0, own.connected_since),
    };
    (now.saturating_duration_since(since) >= timeout).then_some(beat)
}

/// What this node heard: the others' last beats and its own echoes.
#[derive(Debug, Default)]
struct Heard {
    others: HashMap<String, LastBeat>,
    own: Option<OwnEcho>,
}

/// This node's view of the others' heartbeats, and its own heartbeat task.
#[derive(Debug)]
pub struct Liveness {
    own_prefix: String,
    config: LivenessConfig,
    heard: Arc<Mutex<Heard>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Liveness {
    /// Subscribes to the heartbeats and starts publishing this node's.
    pub async fn start(
        client: async_nats::Client,
        node: &str,
        own_prefix: &str,
        config: LivenessConfig,
    ) -> Result<Liveness, async_nats::Error> {
        let mut subscriber = client.subscribe(HEARTBEAT_SUBJECT).await?;
        let heard: Arc<Mutex<Heard>> = Arc::default();
        let listener = {
            let heard = heard.clone();
            let own_prefix = own_prefix.to_owned();
            tokio::spawn(async move {
                use futures_util::StreamExt;
                while let Some(message) = subscriber.next().await {
                    let Ok(beat) = serde_json::from_slice::<Heartbeat>(&message.payload) else {
                        tracing::warn!("ignoring a malformed heartbeat");
                        continue;
                    };
                    let now = Instant::now();
                    let mut heard = heard.lock().expect("heartbeats lock");
                    if beat.prefix == own_prefix {
                        heard.own = Some(OwnEcho::heard(heard.own, now, config.timeout));
                        continue;
                    }
                    let last = LastBeat {
                        beat: beat.beat,
                        heard_at: now,
                    };
                    let entry = heard.others.entry(beat.prefix).or_insert(last);
                    if last.beat >= entry.beat {
                        *entry = last;
                    }
                }
            })
        };
        let publisher = {
            let node = node.to_owned();
            let prefix = own_prefix.to_owned();
            tokio::spawn(async move {
                let mut ticks = tokio::time::interval(config.interval);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                for beat in 1u64.. {
                    ticks.tick().await;
                    let heartbeat = Heartbeat {
                        node: node.clone(),
                        prefix: prefix.clone(),
                        beat,
                    };
                    let payload = serde_json::to_vec(&heartbeat).expect("a heartbeat serializes");
                    if let Err(error) = client.publish(HEARTBEAT_SUBJECT, payload.into()).await {
                        tracing::warn!(%error, "cannot publish a heartbeat");
                    }
                }
            })
        };
        Ok(Liveness {
            own_prefix: own_prefix.to_owned(),
            config,
            heard,
            tasks: vec![listener, publisher],
        })
    }

    pub fn config(&self) -> LivenessConfig {
        self.config
    }

    /// `Some(last beat heard, 0 if none)` if the node with this connection
    /// prefix is down; `None` while it is alive, and always for this node.
    pub fn down(&self, prefix: &str) -> Option<u64> {
        if prefix == self.own_prefix {
            return None;
        }
        let heard = self.heard.lock().expect("heartbeats lock");
        down_since(
            heard.others.get(prefix).copied(),
            heard.own,
            Instant::now(),
            self.config.timeout,
        )
    }
}

impl Drop for Liveness {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This node's own echoes every second from `from` to `to` (ms).
    fn echoes(start: Instant, from: u64, to: u64, timeout: Duration) -> Option<OwnEcho> {
        (from..=to).step_by(1_000).fold(None, |own, millis| {
            Some(OwnEcho::heard(
                own,
                start + Duration::from_millis(millis),
                timeout,
            ))
        })
    }

    #[test]
    fn a_node_is_down_once_silent_for_the_timeout() {
        let start = Instant::now();
        let timeout = Duration::from_secs(5);
        let at = |millis: u64| start + Duration::from_millis(millis);
        let heard = Some(LastBeat {
            beat: 7,
            heard_at: at(10_000),
        });
        let own = echoes(start, 0, 15_000, timeout);
        assert_eq!(down_since(heard, own, at(14_999), timeout), None);
        assert_eq!(down_since(heard, own, at(15_000), timeout), Some(7));
        // Never heard: given the timeout from when this node was connected.
        let own = echoes(start, 0, 5_000, timeout);
        assert_eq!(down_since(None, own, at(4_999), timeout), None);
        assert_eq!(down_since(None, own, at(5_000), timeout), Some(0));
        // Not before this node hears itself at all.
        assert_eq!(down_since(heard, None, at(60_000), timeout), None);
    }

    #[test]
    fn a_node_cut_off_or_just_back_declares_nobody_down() {
        let start = Instant::now();
        let timeout = Duration::from_secs(5);
        let at = |millis: u64| start + Duration::from_millis(millis);
        let heard = Some(LastBeat {
            beat: 7,
            heard_at: at(10_000),
        });
        // Cut off since 10 s: its own beats stop coming back too.
        let own = echoes(start, 0, 10_000, timeout);
        assert_eq!(down_since(heard, own, at(30_000), timeout), None);
        // Back at 30 s: the others' beats have not arrived yet, but it
        // gives them a whole timeout of being connected.
        let own = Some(OwnEcho::heard(own, at(30_000), timeout));
        assert_eq!(own.map(|own| own.connected_since), Some(at(30_000)));
        assert_eq!(down_since(heard, own, at(30_500), timeout), None);
        let own = echoes(start, 0, 10_000, timeout)
            .map(|own| OwnEcho::heard(Some(own), at(30_000), timeout))
            .and_then(|own| {
                (31_000..=35_000).step_by(1_000).fold(Some(own), |own, ms| {
                    Some(OwnEcho::heard(own, at(ms), timeout))
                })
            });
        assert_eq!(down_since(heard, own, at(34_999), timeout), None);
        assert_eq!(down_since(heard, own, at(35_000), timeout), Some(7));
        // A short hiccup (under half the timeout) keeps the period going.
        let own = Some(OwnEcho::heard(own, at(37_400), timeout));
        assert_eq!(own.map(|own| own.connected_since), Some(at(30_000)));
    }

    #[test]
    fn heartbeats_are_small_json() {
        let beat = Heartbeat {
            node: "n1".into(),
            prefix: "n1-18c2f".into(),
            beat: 3,
        };
        let json = serde_json::to_string(&beat).unwrap();
        assert_eq!(json, r#"{"node":"n1","prefix":"n1-18c2f","beat":3}"#);
        assert_eq!(serde_json::from_str::<Heartbeat>(&json).unwrap(), beat);
    }
}
