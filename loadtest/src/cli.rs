//! The command line: one subcommand per scenario, plus `table`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::options::{
    BroadcastOptions, ChurnOptions, KillNode, PlenaryOptions, RunOptions, ScenarioOptions,
    ShowOfHandsOptions, Target, WorkerCommand, WorkshopsOptions,
};

/// Drives simulated meeting participants over real WebSockets against a
/// local hybridhub (or a peer server) and reports deliveries, latency, errors,
/// and the server's CPU and memory.
#[derive(Debug, Parser)]
#[command(name = "hybridhub-loadtest", version)]
pub struct CommandLine {
    /// Tokio worker threads for the load generator (default: one per core).
    #[arg(long, global = true)]
    pub threads: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One publisher, N subscribers in one room: plain fan-out (default N 1000).
    Broadcast {
        #[command(flatten)]
        common: CommonArgs,
        /// Messages per second from the publisher.
        #[arg(long, default_value_t = 10.0)]
        rate: f64,
    },
    /// One session: a captioner, a chatter, hand raisers (default N 5000).
    Plenary {
        #[command(flatten)]
        common: CommonArgs,
        #[arg(long, default_value_t = 15.0)]
        caption_partials: f64,
        #[arg(long, default_value_t = 3.0)]
        caption_finals: f64,
        /// Chat messages per second.
        #[arg(long, default_value_t = 10.0)]
        chat_rate: f64,
        /// Hand raise-or-lower actions per second over all hand raisers.
        #[arg(long, default_value_t = 1.0)]
        hand_toggles: f64,
        #[arg(long, default_value_t = 5)]
        hand_raisers: usize,
    },
    /// Many sessions of about --room-size participants (default N 1000).
    Workshops {
        #[command(flatten)]
        common: CommonArgs,
        #[arg(long, default_value_t = 100)]
        room_size: usize,
        /// Chat messages per second in each workshop.
        #[arg(long, default_value_t = 2.0)]
        rate: f64,
        #[arg(long, default_value = "lt-workshop")]
        session_prefix: String,
    },
    /// N participants join as fast as possible; then presence is observed for --duration.
    JoinStorm {
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Participants drop and resume while chat flows; gaps and duplicates must be zero (default N 200).
    Churn {
        #[command(flatten)]
        common: CommonArgs,
        /// Chat messages per second.
        #[arg(long, default_value_t = 20.0)]
        chat_rate: f64,
        /// Connection drops per second over all participants.
        #[arg(long, default_value_t = 20.0)]
        drops_per_second: f64,
        #[arg(long, default_value_t = 100)]
        reconnect_delay_ms: u64,
    },
    /// N participants answer one show of hands within the answer window; a
    /// moderator and a room display record every tally (hybridhub only,
    /// needs the admin token; default N 5000).
    ShowOfHands {
        #[command(flatten)]
        common: CommonArgs,
        /// Seconds over which the answers are spread, uniformly at random
        /// (given, it replaces --duration, which is the same thing here;
        /// default 10, at most 600).
        #[arg(long)]
        answer_window: Option<f64>,
        /// The share of participants who raise a hand (choice 0); the
        /// others answer do_not_raise_hand (choice 1).
        #[arg(long, default_value_t = 0.6)]
        raise_share: f64,
    },
    /// A long plenary with churn and, with --hostile, flooders, slow readers,
    /// bad frames and a reconnect storm; tracks gaps, duplicates, latency and
    /// the server's RSS over time (hybridhub only; default N 2000, --duration
    /// up to 3600).
    Soak {
        #[command(flatten)]
        common: CommonArgs,
        #[command(flatten)]
        soak: crate::scenario::soak::SoakArgs,
    },
    /// Renders the Markdown comparison table from JSON reports.
    Table {
        /// The cluster table instead: one row per setup (one node alone, one
        /// node + NATS, several nodes + NATS), with same-node and cross-node
        /// latency and NATS traffic per command.
        #[arg(long)]
        cluster: bool,
        /// JSON reports written with --json.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
    },
}

/// Flags every scenario takes.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The server dialect.
    #[arg(long, value_enum, default_value = "hybridhub")]
    pub target: Target,
    /// The server's host:port. Only loopback unless --allow-remote. Several
    /// (repeated, or comma-separated) are the nodes of one hybridhub cluster:
    /// subscribers are spread over them round-robin and the publishers join
    /// the first, so that latency splits into same-node and cross-node.
    #[arg(
        long,
        alias = "addr",
        alias = "servers",
        value_delimiter = ',',
        default_value = "127.0.0.1:8080"
    )]
    pub server: Vec<String>,
    /// hybridhub session id (or Socket.IO room).
    #[arg(long, default_value = "main-session")]
    pub session: String,
    /// Simulated participants (at most 20000).
    #[arg(long)]
    pub clients: Option<usize>,
    /// Seconds to publish (join-storm: to observe), at most 600.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Bytes of text in each measured message (at most 2000).
    #[arg(long, default_value_t = 100)]
    pub message_bytes: usize,
    /// The server's process id, for CPU and RSS from /proc. Several (repeated,
    /// or comma-separated: every node of a cluster) are summed.
    #[arg(long, value_delimiter = ',')]
    pub server_pid: Vec<u32>,
    /// The nats-server's process id: summed with the servers, and reported on its own.
    #[arg(long)]
    pub nats_pid: Option<u32>,
    /// The nats-server's HTTP monitoring host:port (`nats-server -m PORT`):
    /// /varz is read around the run, for NATS messages and bytes per command.
    #[arg(long)]
    pub nats_monitor: Option<String>,
    /// Seconds of idle /varz reading before the message window, to measure
    /// the background NATS traffic (heartbeats, ticks) and subtract it (at most 30).
    #[arg(long, default_value_t = 2.0)]
    pub nats_baseline: f64,
    /// Allow a target outside 127.0.0.0/8 and ::1. Only for a server you run yourself.
    #[arg(long)]
    pub allow_remote: bool,
    /// hybridhub admin token, to create sessions and captioner invites.
    #[arg(long, env = "HYBRIDHUB_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Connections opening at once (default 256; join-storm 1000).
    #[arg(long)]
    pub connect_concurrency: Option<usize>,
    /// Source addresses 127.0.0.2.. to spread clients over (0: let the kernel choose).
    #[arg(long, default_value_t = 32)]
    pub source_addresses: u8,
    /// Seconds the whole connect phase may take (at most 300).
    #[arg(long, default_value_t = 120.0)]
    pub connect_timeout: f64,
    /// Seconds one connection's handshake and join may take.
    #[arg(long, default_value_t = 20.0)]
    pub handshake_timeout: f64,
    /// Seconds to wait for deliveries in flight after publishing stops (at most 60).
    #[arg(long, default_value_t = 5.0)]
    pub drain_timeout: f64,
    /// Seconds to wait after connecting before reading idle memory.
    #[arg(long, default_value_t = 1.0)]
    pub settle: f64,
    /// Write the JSON report here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Spread the subscribers over this many generator processes (at most
    /// 8; up to 20000 clients each): this one, which also runs the
    /// publishers and writes the report, and copies of it that it starts and
    /// stops. Deliveries, CPU and RSS are summed and latency histograms merged.
    #[arg(long, default_value_t = 1)]
    pub processes: usize,
    /// Failover: this many seconds into the message window, kill one node
    /// (--kill-node) with SIGKILL, by its --server-pid. Every subscriber
    /// joins with a client id and, when its node goes away, resumes on the
    /// next node with resume_from; resume times, gaps and duplicates (by
    /// seq) are reported (broadcast and plenary, several --server).
    #[arg(long)]
    pub kill_node_after: Option<f64>,
    /// The node --kill-node-after kills, by its place in --server (default:
    /// the last; not 0, the publishers' node).
    #[arg(long)]
    pub kill_node: Option<usize>,
    /// Set by the first process on the copies it starts; not for use by hand.
    #[arg(long, hide = true)]
    pub worker_index: Option<usize>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

fn seconds(name: &str, value: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("--{name} must be a non-negative number of seconds"))
}

/// How the command runs: the one process (or the first of several), or a
/// worker started by the first.
struct Invocation {
    options: RunOptions,
    quiet: bool,
    worker_index: Option<usize>,
}

impl CommonArgs {
    fn into_options(self, scenario: ScenarioOptions) -> Result<Invocation, String> {
        let is_join_storm = matches!(scenario, ScenarioOptions::JoinStorm);
        let mut options = RunOptions::new(scenario, self.target, String::new());
        let common = &mut options.common;
        common.server_addresses = self.server;
        common.session = self.session;
        if let Some(clients) = self.clients {
            common.clients = clients;
        }
        common.duration = seconds("duration", self.duration)?;
        common.message_bytes = self.message_bytes;
        common.server_pids = self.server_pid;
        common.nats_pid = self.nats_pid;
        common.nats_monitor = self.nats_monitor;
        common.nats_baseline = seconds("nats-baseline", self.nats_baseline)?;
        common.allow_remote = self.allow_remote;
        common.admin_token = self.admin_token.filter(|token| !token.is_empty());
        common.connect_concurrency =
            self.connect_concurrency
                .unwrap_or(if is_join_storm { 1000 } else { 256 });
        common.source_addresses = self.source_addresses;
        common.connect_timeout = seconds("connect-timeout", self.connect_timeout)?;
        common.handshake_timeout = seconds("handshake-timeout", self.handshake_timeout)?;
        common.drain_timeout = seconds("drain-timeout", self.drain_timeout)?;
        common.settle = seconds("settle", self.settle)?;
        common.json_output = self.json;
        common.processes = self.processes;
        common.kill_node = match self.kill_node_after {
            Some(after) => Some(KillNode {
                node: self
                    .kill_node
                    .unwrap_or(common.server_addresses.len().saturating_sub(1)),
                after: seconds("kill-node-after", after)?,
            }),
            None if self.kill_node.is_some() => {
                return Err("--kill-node needs --kill-node-after".to_string())
            }
            None => None,
        };
        if self.processes > 1 && self.worker_index.is_none() {
            // The workers run this same command line, with --worker-index.
            common.worker_command = Some(WorkerCommand {
                program: std::env::current_exe().map_err(|error| {
                    format!("cannot find this program to start workers: {error}")
                })?,
                arguments: std::env::args_os().skip(1).collect(),
            });
        }
        Ok(Invocation {
            options,
            quiet: self.quiet,
            worker_index: self.worker_index,
        })
    }
}

impl Command {
    /// The run options, whether to be quiet, and the worker index of a
    /// worker; `None` for `table`.
    fn into_run_options(self) -> Result<Option<Invocation>, String> {
        let (common, scenario) = match self {
            Command::Broadcast { common, rate } => (
                common,
                ScenarioOptions::Broadcast(BroadcastOptions {
                    messages_per_second: rate,
                }),
            ),
            Command::Plenary {
                common,
                caption_partials,
                caption_finals,
                chat_rate,
                hand_toggles,
                hand_raisers,
            } => (
                common,
                ScenarioOptions::Plenary(PlenaryOptions {
                    caption_partials_per_second: caption_partials,
                    caption_finals_per_second: caption_finals,
                    chat_messages_per_second: chat_rate,
                    hand_toggles_per_second: hand_toggles,
                    hand_raisers,
                }),
            ),
            Command::Workshops {
                common,
                room_size,
                rate,
                session_prefix,
            } => (
                common,
                ScenarioOptions::Workshops(WorkshopsOptions {
                    room_size,
                    messages_per_second_per_room: rate,
                    session_prefix,
                }),
            ),
            Command::JoinStorm { common } => (common, ScenarioOptions::JoinStorm),
            Command::Churn {
                common,
                chat_rate,
                drops_per_second,
                reconnect_delay_ms,
            } => (
                common,
                ScenarioOptions::Churn(ChurnOptions {
                    chat_messages_per_second: chat_rate,
                    drops_per_second,
                    reconnect_delay: Duration::from_millis(reconnect_delay_ms),
                }),
            ),
            Command::ShowOfHands {
                mut common,
                answer_window,
                raise_share,
            } => {
                if let Some(window) = answer_window {
                    common.duration = window;
                }
                (
                    common,
                    ScenarioOptions::ShowOfHands(ShowOfHandsOptions { raise_share }),
                )
            }
            Command::Soak { common, soak } => (common, ScenarioOptions::Soak(soak.into_options()?)),
            Command::Table { .. } => return Ok(None),
        };
        common.into_options(scenario).map(Some)
    }
}

/// Runs the command line; returns the process exit code.
pub fn execute(command_line: CommandLine) -> i32 {
    if let Command::Table { cluster, reports } = &command_line.command {
        return print_table(reports, *cluster);
    }
    let Invocation {
        options,
        quiet,
        worker_index,
    } = match command_line.command.into_run_options() {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return 0,
        Err(message) => {
            eprintln!("hybridhub-loadtest: {message}");
            return 2;
        }
    };
    if let Err(message) = options.validate() {
        eprintln!("hybridhub-loadtest: {message}");
        return 2;
    }
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(threads) = command_line.threads {
        runtime.worker_threads(threads.max(1));
    }
    let runtime = match runtime.build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hybridhub-loadtest: cannot start the runtime: {error}");
            return 1;
        }
    };
    if let Some(worker) = worker_index {
        let result = runtime.block_on(crate::processes::run_worker(options, worker));
        runtime.shutdown_timeout(Duration::from_secs(2));
        return match result {
            Ok(()) => 0,
            Err(message) => {
                eprintln!("hybridhub-loadtest worker {worker}: {message}");
                1
            }
        };
    }
    let result = runtime.block_on(crate::run(options));
    // Connection tasks still closing must not hold the process open.
    runtime.shutdown_timeout(Duration::from_secs(2));
    match result {
        Ok(report) => {
            if !quiet {
                print!("{}", report.human_summary());
            }
            0
        }
        Err(message) => {
            eprintln!("hybridhub-loadtest: {message}");
            1
        }
    }
}

fn print_table(paths: &[PathBuf], cluster: bool) -> i32 {
    let mut reports = Vec::new();
    for path in paths {
        match crate::table::read_report(path) {
            Ok(report) => reports.push(report),
            Err(message) => {
                eprintln!("hybridhub-loadtest: {message}");
                return 1;
            }
        }
    }
    if cluster {
        print!("{}", crate::table::render_cluster_markdown(&reports));
    } else {
        print!("{}", crate::table::render_markdown(&reports));
    }
    0
}
