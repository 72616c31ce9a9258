//! What a run is asked to do, and the limits every run obeys.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

/// No generator process opens more client connections than this; a run
/// over several processes (`--processes`) opens at most this many per process.
pub const MAX_CLIENTS: usize = 20_000;

/// No run publishes or observes for longer than this.
pub const MAX_DURATION: Duration = Duration::from_secs(600);

/// No run spreads its clients over more generator processes than this.
pub const MAX_PROCESSES: usize = 8;

/// No run spreads its clients over more servers than this.
pub const MAX_SERVERS: usize = 16;

/// No run reads the NATS background traffic for longer than this.
pub const MAX_NATS_BASELINE: Duration = Duration::from_secs(30);

/// No run connects for longer than this.
pub const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(300);

/// The server dialect the load generator speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// hybridhub: join frame, then `chat.send` / `chat.message` as in the wire contract.
    Hybridhub,
    /// The bare Rust floor: every text frame is relayed to every other client.
    RustFloor,
    /// The npm `ws` peer: every text frame is relayed to every other client.
    Ws,
    /// The npm `socket.io` v4 peer: Engine.IO v4 framing, rooms, `msg` events.
    Socketio,
    /// The uWebSockets.js pub/sub peer: every client subscribes to one topic,
    /// and every text frame is published to it (reaching every other client).
    Uws,
    /// nginx with the nchan module: subscribers open `/sub/<room>`,
    /// publishers send text frames to `/pub/<room>`; each room is a channel.
    Nchan,
}

impl Target {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Target::Hybridhub => "hybridhub",
            Target::RustFloor => "rust-floor",
            Target::Ws => "ws",
            Target::Socketio => "socketio",
            Target::Uws => "uws",
            Target::Nchan => "nchan",
        }
    }

    /// Whether the server keeps separate rooms (sessions), which the
    /// `workshops` scenario needs.
    pub fn has_rooms(self) -> bool {
        matches!(self, Target::Hybridhub | Target::Socketio | Target::Nchan)
    }

    /// Whether room names go into the URL path, where only letters, digits,
    /// `-` and `_` are accepted (nchan's channel ids).
    fn needs_plain_room_names(self) -> bool {
        self == Target::Nchan
    }
}

/// Settings shared by every scenario.
#[derive(Clone, Debug)]
pub struct CommonOptions {
    pub target: Target,
    /// `host:port` of each server; loopback only unless `allow_remote`.
    /// Several are the nodes of one hybridhub cluster: subscribers are spread
    /// over them round-robin (subscriber `i` on node `i % len`), and every
    /// publisher joins the first, so that a subscriber on any other node
    /// measures cross-node latency.
    pub server_addresses: Vec<String>,
    /// The hybridhub session (or Socket.IO room) used by single-room scenarios.
    pub session: String,
    /// How many simulated participants (subscribers) to connect.
    pub clients: usize,
    /// How long to publish (or, for `join-storm`, to observe after joining).
    pub duration: Duration,
    /// The size of each measured message's text, in bytes.
    pub message_bytes: usize,
    /// The server processes to measure through `/proc` (every node of a
    /// cluster); their CPU time and RSS are summed.
    pub server_pids: Vec<u32>,
    /// The `nats-server` of a cluster: measured through `/proc` like a
    /// server (and summed with them), and also reported on its own.
    pub nats_pid: Option<u32>,
    /// `host:port` of the `nats-server` HTTP monitoring endpoint (`-m`),
    /// whose `/varz` counters are read around the phases of the run.
    pub nats_monitor: Option<String>,
    /// How long to read `/varz` while idle before the message window, to
    /// measure the background traffic (heartbeats, ticks); zero skips it.
    pub nats_baseline: Duration,
    /// Allows targets outside 127.0.0.0/8 and ::1.
    pub allow_remote: bool,
    /// hybridhub admin bearer token, for creating sessions and invites.
    pub admin_token: Option<String>,
    /// How many connections may be opening at the same time.
    pub connect_concurrency: usize,
    /// How many source addresses (127.0.0.2 upwards) to spread clients over;
    /// zero binds nothing and lets the kernel choose.
    pub source_addresses: u8,
    /// The longest the whole connect phase may take.
    pub connect_timeout: Duration,
    /// The longest one connection's WebSocket handshake and join may take.
    pub handshake_timeout: Duration,
    /// How long to wait, after publishing stops, for deliveries in flight.
    pub drain_timeout: Duration,
    /// The pause after connecting before idle memory is read.
    pub settle: Duration,
    /// Where to write the JSON report, if anywhere.
    pub json_output: Option<PathBuf>,
    /// How many generator processes share the subscribers: this one (which
    /// also runs the publishers, measures and reports) and `processes - 1`
    /// workers it starts.
    pub processes: usize,
    /// How to start a worker: a program and the arguments that make it this
    /// run's worker; `--worker-index I` is appended. Set by the command line
    /// (its own program and arguments); needed when `processes` > 1.
    pub worker_command: Option<WorkerCommand>,
    /// Failover: one node of a cluster killed with SIGKILL during the
    /// message window; the subscribers resume on another node.
    pub kill_node: Option<KillNode>,
}

/// Which node to kill, and when (see [`crate::scenario::failover`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KillNode {
    /// The node's number in `--server` (never 0, the publishers' node).
    pub node: usize,
    /// How long after the message window opens.
    pub after: Duration,
}

/// The command line of a worker process, without its `--worker-index`.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub arguments: Vec<std::ffi::OsString>,
}

/// `broadcast`: one publisher, N subscribers in one room.
#[derive(Clone, Debug)]
pub struct BroadcastOptions {
    /// Messages per second from the publisher.
    pub messages_per_second: f64,
}

/// `plenary`: one session; a captioner, a chatter, and hand raisers.
#[derive(Clone, Debug)]
pub struct PlenaryOptions {
    pub caption_partials_per_second: f64,
    pub caption_finals_per_second: f64,
    pub chat_messages_per_second: f64,
    /// Raise-or-lower actions per second, spread over the hand raisers.
    pub hand_toggles_per_second: f64,
    /// How many extra participants raise and lower hands.
    pub hand_raisers: usize,
}

/// `workshops`: many sessions of about `room_size` participants each.
#[derive(Clone, Debug)]
pub struct WorkshopsOptions {
    pub room_size: usize,
    /// Chat messages per second in each workshop.
    pub messages_per_second_per_room: f64,
    /// Prefix of the hybridhub session ids (or Socket.IO rooms) created.
    pub session_prefix: String,
}

/// `churn`: participants drop and resume while chat flows.
#[derive(Clone, Debug)]
pub struct ChurnOptions {
    pub chat_messages_per_second: f64,
    /// Connection drops per second, over all participants.
    pub drops_per_second: f64,
    /// The pause between a drop and the resume.
    pub reconnect_delay: Duration,
}

/// `show-of-hands`: N participants answer one show of hands, each once, at
/// times spread over the answer window (the run's `duration`), while a
/// moderator and a room display record every tally.
#[derive(Clone, Debug)]
pub struct ShowOfHandsOptions {
    /// The share of participants who raise a hand (choice 0); the others
    /// answer that they do not (choice 1).
    pub raise_share: f64,
}

/// The scenario to run, with its own settings.
#[derive(Clone, Debug)]
pub enum ScenarioOptions {
    Broadcast(BroadcastOptions),
    Plenary(PlenaryOptions),
    Workshops(WorkshopsOptions),
    JoinStorm,
    Churn(ChurnOptions),
    ShowOfHands(ShowOfHandsOptions),
    Soak(crate::scenario::soak::SoakOptions),
}

impl ScenarioOptions {
    /// The name used on the command line and in reports.
    pub fn name(&self) -> &'static str {
        match self {
            ScenarioOptions::Broadcast(_) => "broadcast",
            ScenarioOptions::Plenary(_) => "plenary",
            ScenarioOptions::Workshops(_) => "workshops",
            ScenarioOptions::JoinStorm => "join-storm",
            ScenarioOptions::Churn(_) => "churn",
            ScenarioOptions::ShowOfHands(_) => "show-of-hands",
            ScenarioOptions::Soak(_) => "soak",
        }
    }

    /// The default for `--clients`, as the issue describes each scenario.
    pub fn default_clients(&self) -> usize {
        match self {
            ScenarioOptions::Broadcast(_) => 1_000,
            ScenarioOptions::Plenary(_) => 5_000,
            ScenarioOptions::Workshops(_) => 1_000,
            ScenarioOptions::JoinStorm => 1_000,
            ScenarioOptions::Churn(_) => 200,
            ScenarioOptions::ShowOfHands(_) => 5_000,
            ScenarioOptions::Soak(_) => 2_000,
        }
    }

    /// The scenario's defaults.
    pub fn default_broadcast() -> Self {
        ScenarioOptions::Broadcast(BroadcastOptions {
            messages_per_second: 10.0,
        })
    }

    pub fn default_plenary() -> Self {
        ScenarioOptions::Plenary(PlenaryOptions {
            caption_partials_per_second: 15.0,
            caption_finals_per_second: 3.0,
            chat_messages_per_second: 10.0,
            hand_toggles_per_second: 1.0,
            hand_raisers: 5,
        })
    }

    pub fn default_workshops() -> Self {
        ScenarioOptions::Workshops(WorkshopsOptions {
            room_size: 100,
            messages_per_second_per_room: 2.0,
            session_prefix: "lt-workshop".to_string(),
        })
    }

    pub fn default_show_of_hands() -> Self {
        ScenarioOptions::ShowOfHands(ShowOfHandsOptions { raise_share: 0.6 })
    }

    pub fn default_churn() -> Self {
        ScenarioOptions::Churn(ChurnOptions {
            chat_messages_per_second: 20.0,
            drops_per_second: 20.0,
            reconnect_delay: Duration::from_millis(100),
        })
    }
}

/// Everything one run needs.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub common: CommonOptions,
    pub scenario: ScenarioOptions,
}

impl RunOptions {
    /// A run of `scenario` against `target` at `server_address`, with the
    /// scenario's default client count and a 10 second duration.
    pub fn new(
        scenario: ScenarioOptions,
        target: Target,
        server_address: impl Into<String>,
    ) -> Self {
        let clients = scenario.default_clients();
        RunOptions {
            common: CommonOptions {
                target,
                server_addresses: vec![server_address.into()],
                session: "main-session".to_string(),
                clients,
                duration: Duration::from_secs(10),
                message_bytes: 100,
                server_pids: Vec::new(),
                nats_pid: None,
                nats_monitor: None,
                nats_baseline: Duration::from_secs(2),
                allow_remote: false,
                admin_token: None,
                connect_concurrency: 256,
                source_addresses: 32,
                connect_timeout: Duration::from_secs(120),
                handshake_timeout: Duration::from_secs(20),
                drain_timeout: Duration::from_secs(5),
                settle: Duration::from_secs(1),
                json_output: None,
                processes: 1,
                worker_command: None,
                kill_node: None,
            },
            scenario,
        }
    }

    /// A small, quick run for smoke tests: 20 clients, 2 seconds, short pauses.
    pub fn smoke(
        scenario: ScenarioOptions,
        target: Target,
        server_address: impl Into<String>,
    ) -> Self {
        let mut options = RunOptions::new(scenario, target, server_address);
        options.common.clients = 20;
        options.common.duration = Duration::from_secs(2);
        options.common.connect_timeout = Duration::from_secs(30);
        options.common.handshake_timeout = Duration::from_secs(10);
        options.common.drain_timeout = Duration::from_secs(3);
        options.common.settle = Duration::from_millis(200);
        options.common.source_addresses = 4;
        options
    }

    /// Spreads the subscribers over several servers (the nodes of one
    /// hybridhub cluster); the publishers join the first.
    pub fn with_servers(mut self, server_addresses: Vec<String>) -> Self {
        self.common.server_addresses = server_addresses;
        self
    }

    /// A node can be killed only in a cluster run whose every node's pid is
    /// known, never the publishers' node, and within the message window of
    /// a scenario that publishes to subscribers.
    fn validate_kill_node(&self, kill: KillNode) -> Result<(), String> {
        let common = &self.common;
        let nodes = common.server_addresses.len();
        if common.target != Target::Hybridhub || nodes < 2 {
            return Err(
                "--kill-node-after needs a hybridhub cluster (several --server)".to_string(),
            );
        }
        if common.server_pids.len() != nodes {
            return Err(format!(
                "--kill-node-after needs one --server-pid per --server ({nodes}), in the same order"
            ));
        }
        if kill.node == 0 || kill.node >= nodes {
            return Err(format!(
                "--kill-node must be between 1 and {} (node 0 holds the publishers)",
                nodes - 1
            ));
        }
        if kill.after >= common.duration {
            return Err("--kill-node-after must be shorter than --duration".to_string());
        }
        if !matches!(
            self.scenario,
            ScenarioOptions::Broadcast(_) | ScenarioOptions::Plenary(_)
        ) {
            return Err("--kill-node-after works with broadcast and plenary".to_string());
        }
        Ok(())
    }

    /// Checks the limits and the settings that do not fit together.
    pub fn validate(&self) -> Result<(), String> {
        let common = &self.common;
        if common.server_addresses.is_empty() {
            return Err("--server must name at least one host:port".to_string());
        }
        if common.server_addresses.len() > MAX_SERVERS {
            return Err(format!("--server names more than {MAX_SERVERS} servers"));
        }
        if common.server_addresses.len() > 1 && common.target != Target::Hybridhub {
            return Err(format!(
                "several --server addresses are the nodes of one hybridhub cluster; the {} \
                 target has no cluster, so its nodes would not share messages",
                common.target.name()
            ));
        }
        if common.nats_baseline > MAX_NATS_BASELINE {
            return Err(format!(
                "--nats-baseline must be at most {} seconds",
                MAX_NATS_BASELINE.as_secs()
            ));
        }
        if common.target.needs_plain_room_names() {
            let room_names = match &self.scenario {
                ScenarioOptions::Workshops(workshops) => &workshops.session_prefix,
                _ => &common.session,
            };
            if room_names.is_empty()
                || !room_names
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(format!(
                    "the {} target takes room names of letters, digits, '-' and '_' only, \
                     not {room_names:?}",
                    common.target.name()
                ));
            }
        }
        if common.clients == 0 {
            return Err("--clients must be at least 1".to_string());
        }
        if common.processes == 0 || common.processes > MAX_PROCESSES {
            return Err(format!("--processes must be between 1 and {MAX_PROCESSES}"));
        }
        if common.clients > MAX_CLIENTS * common.processes {
            return Err(format!(
                "--clients {} is over the limit of {MAX_CLIENTS} connections per generator process \
                 ({} with --processes {})",
                common.clients,
                MAX_CLIENTS * common.processes,
                common.processes
            ));
        }
        if common.processes > common.clients {
            return Err("--processes must not be more than --clients".to_string());
        }
        // A soak is long by design; every other scenario keeps the shorter bound.
        let max_duration = match &self.scenario {
            ScenarioOptions::Soak(_) => crate::scenario::soak::MAX_SOAK_DURATION,
            _ => MAX_DURATION,
        };
        if common.duration.is_zero() || common.duration > max_duration {
            return Err(format!(
                "--duration must be between 1 and {} seconds",
                max_duration.as_secs()
            ));
        }
        if common.connect_timeout > MAX_CONNECT_TIMEOUT {
            return Err(format!(
                "--connect-timeout must be at most {} seconds",
                MAX_CONNECT_TIMEOUT.as_secs()
            ));
        }
        if common.drain_timeout > Duration::from_secs(60) {
            return Err("--drain-timeout must be at most 60 seconds".to_string());
        }
        if common.connect_concurrency == 0 {
            return Err("--connect-concurrency must be at least 1".to_string());
        }
        if common.message_bytes > 2_000 {
            return Err(
                "--message-bytes must be at most 2000 (hybridhub's chat limit)".to_string(),
            );
        }
        if common.source_addresses > 250 {
            return Err("--source-addresses must be at most 250".to_string());
        }
        if let Some(kill) = common.kill_node {
            self.validate_kill_node(kill)?;
        }
        let check_rate = |name: &str, rate: f64| {
            if !(rate.is_finite() && (0.0..=10_000.0).contains(&rate)) {
                Err(format!("{name} must be between 0 and 10000 per second"))
            } else {
                Ok(())
            }
        };
        match &self.scenario {
            ScenarioOptions::Broadcast(broadcast) => {
                check_rate("--rate", broadcast.messages_per_second)?;
            }
            ScenarioOptions::Plenary(plenary) => {
                check_rate("--caption-partials", plenary.caption_partials_per_second)?;
                check_rate("--caption-finals", plenary.caption_finals_per_second)?;
                check_rate("--chat-rate", plenary.chat_messages_per_second)?;
                check_rate("--hand-toggles", plenary.hand_toggles_per_second)?;
                if plenary.hand_raisers > 1_000 {
                    return Err("--hand-raisers must be at most 1000".to_string());
                }
            }
            ScenarioOptions::Workshops(workshops) => {
                check_rate("--rate", workshops.messages_per_second_per_room)?;
                if workshops.room_size == 0 {
                    return Err("--room-size must be at least 1".to_string());
                }
                if !common.target.has_rooms() {
                    return Err(format!(
                        "workshops needs separate rooms, which the {} target does not have \
                         (use hybridhub, socketio or nchan)",
                        common.target.name()
                    ));
                }
            }
            ScenarioOptions::JoinStorm => {}
            ScenarioOptions::Churn(churn) => {
                check_rate("--chat-rate", churn.chat_messages_per_second)?;
                check_rate("--drops-per-second", churn.drops_per_second)?;
                if common.target != Target::Hybridhub {
                    return Err(
                        "churn measures hybridhub's resume (resume_from, seq), so it needs \
                                --target hybridhub"
                            .to_string(),
                    );
                }
                if common.processes > 1 {
                    return Err("churn runs in one generator process (no --processes)".to_string());
                }
            }
            ScenarioOptions::ShowOfHands(show_of_hands) => {
                if common.target != Target::Hybridhub {
                    return Err(format!(
                        "show-of-hands measures hybridhub's polls, which the {} target does not \
                         have; use --target hybridhub",
                        common.target.name()
                    ));
                }
                if common.processes > 1 {
                    return Err(
                        "show-of-hands runs in one generator process (no --processes): it \
                         compares the times of acks and tallies on one clock"
                            .to_string(),
                    );
                }
                if common.admin_token.is_none() {
                    return Err(
                        "show-of-hands needs the hybridhub admin token (--admin-token or \
                         HYBRIDHUB_ADMIN_TOKEN) to invite its moderator and room display"
                            .to_string(),
                    );
                }
                if !(show_of_hands.raise_share.is_finite()
                    && (0.0..=1.0).contains(&show_of_hands.raise_share))
                {
                    return Err("--raise-share must be between 0 and 1".to_string());
                }
            }
            ScenarioOptions::Soak(soak) => soak.validate(common)?,
        }
        Ok(())
    }

    /// An upper bound on the whole run, for the watchdog.
    pub fn watchdog_limit(&self) -> Duration {
        let common = &self.common;
        common.connect_timeout * 2
            + common.duration
            + common.drain_timeout
            + common.settle
            + common.handshake_timeout * 2
            + common.nats_baseline
            + Duration::from_secs(30)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_enforced() {
        let mut options = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::RustFloor,
            "127.0.0.1:1",
        );
        assert!(options.validate().is_ok());
        options.common.clients = MAX_CLIENTS + 1;
        assert!(options.validate().is_err());
        options.common.clients = 10;
        options.common.duration = MAX_DURATION + Duration::from_secs(1);
        assert!(options.validate().is_err());
    }

    #[test]
    fn a_node_is_killed_only_by_its_pid_and_never_the_publishers_one() {
        let mut options = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::Hybridhub,
            "127.0.0.1:1",
        )
        .with_servers(vec![
            "127.0.0.1:1".to_string(),
            "127.0.0.1:2".to_string(),
            "127.0.0.1:3".to_string(),
        ]);
        options.common.kill_node = Some(KillNode {
            node: 2,
            after: Duration::from_secs(3),
        });
        assert!(options.validate().is_err(), "no pids");
        options.common.server_pids = vec![11, 12, 13];
        assert!(options.validate().is_ok());
        for node in [0, 3] {
            options.common.kill_node = Some(KillNode {
                node,
                after: Duration::from_secs(3),
            });
            assert!(options.validate().is_err(), "node {node}");
        }
        options.common.kill_node = Some(KillNode {
            node: 1,
            after: options.common.duration,
        });
        assert!(options.validate().is_err(), "after the window");
    }

    #[test]
    fn several_processes_raise_the_client_limit_per_process() {
        let mut options = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::RustFloor,
            "127.0.0.1:1",
        );
        options.common.clients = 2 * MAX_CLIENTS;
        options.common.processes = 2;
        assert!(options.validate().is_ok());
        options.common.clients += 1;
        assert!(options.validate().is_err());
        options.common.clients = 100;
        options.common.processes = MAX_PROCESSES + 1;
        assert!(options.validate().is_err());
        options.common.processes = 0;
        assert!(options.validate().is_err());
        let mut churn = RunOptions::new(
            ScenarioOptions::default_churn(),
            Target::Hybridhub,
            "127.0.0.1:1",
        );
        churn.common.processes = 2;
        assert!(churn.validate().is_err());
    }

    #[test]
    fn nchan_has_rooms_with_plain_names() {
        let mut workshops = RunOptions::new(
            ScenarioOptions::default_workshops(),
            Target::Nchan,
            "127.0.0.1:1",
        );
        assert!(workshops.validate().is_ok());
        workshops.scenario = ScenarioOptions::Workshops(WorkshopsOptions {
            room_size: 10,
            messages_per_second_per_room: 1.0,
            session_prefix: "a/b".to_string(),
        });
        assert!(workshops.validate().is_err());
        let mut broadcast = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::Nchan,
            "127.0.0.1:1",
        );
        broadcast.common.session = "main session".to_string();
        assert!(broadcast.validate().is_err());
    }

    #[test]
    fn scenarios_that_need_hybridhub_features_refuse_other_targets() {
        let churn = RunOptions::new(ScenarioOptions::default_churn(), Target::Ws, "127.0.0.1:1");
        assert!(churn.validate().is_err());
        let workshops = RunOptions::new(
            ScenarioOptions::default_workshops(),
            Target::RustFloor,
            "127.0.0.1:1",
        );
        assert!(workshops.validate().is_err());
        let workshops = RunOptions::new(
            ScenarioOptions::default_workshops(),
            Target::Socketio,
            "127.0.0.1:1",
        );
        assert!(workshops.validate().is_ok());
    }

    #[test]
    fn show_of_hands_needs_hybridhub_an_admin_token_and_one_process() {
        let mut options = RunOptions::new(
            ScenarioOptions::default_show_of_hands(),
            Target::Hybridhub,
            "127.0.0.1:1",
        );
        assert_eq!(options.common.clients, 5_000);
        assert!(options.validate().is_err(), "no admin token");
        options.common.admin_token = Some("secret".to_string());
        assert!(options.validate().is_ok());
        options.common.processes = 2;
        assert!(options.validate().is_err());
        options.common.processes = 1;
        options.scenario = ScenarioOptions::ShowOfHands(ShowOfHandsOptions { raise_share: 1.5 });
        assert!(options.validate().is_err());
        let mut floor = RunOptions::new(
            ScenarioOptions::default_show_of_hands(),
            Target::RustFloor,
            "127.0.0.1:1",
        );
        floor.common.admin_token = Some("secret".to_string());
        assert!(floor.validate().is_err());
    }

    #[test]
    fn several_servers_are_a_hybridhub_cluster_only() {
        let servers = vec!["127.0.0.1:1".to_string(), "127.0.0.1:2".to_string()];
        let cluster = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::Hybridhub,
            "127.0.0.1:1",
        )
        .with_servers(servers.clone());
        assert!(cluster.validate().is_ok());
        let floors = RunOptions::new(
            ScenarioOptions::default_broadcast(),
            Target::RustFloor,
            "127.0.0.1:1",
        )
        .with_servers(servers);
        assert!(floors.validate().is_err());
        let none = cluster.with_servers(Vec::new());
        assert!(none.validate().is_err());
    }
}
