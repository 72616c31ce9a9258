//! Readings of the server processes (and of the load generator itself, and
//! of a cluster's nats-server) at the phase boundaries of a run: before any
//! client, after connecting, when idle, and at both ends of the message
//! window.
//!
//! With several server pids (the nodes of a cluster, and its nats-server)
//! CPU time and RSS are summed over all of them, so that deliveries per
//! CPU-second count everything the cluster spent.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::time::Instant;

use crate::nats::{self, NatsCounts};
use crate::procstat::{self, MachineSample, PeakRssSampler, ProcessSample};
use crate::report::{LoadGeneratorReport, MachineReport, ServerReport};

/// What to measure besides the load generator.
#[derive(Clone, Debug, Default)]
pub struct ProbeTargets {
    /// The server processes (every node); may be empty.
    pub server_pids: Vec<u32>,
    /// A cluster's nats-server process; summed with the servers, and also
    /// measured on its own.
    pub nats_pid: Option<u32>,
    /// The nats-server monitoring endpoint, for `/varz`.
    pub nats_monitor: Option<SocketAddr>,
    /// The other generator processes of a `--processes` run: their CPU and
    /// RSS are summed with this process's as the load generator's.
    pub generator_pids: Vec<u32>,
}

impl ProbeTargets {
    /// Every process whose CPU and RSS are summed into the server figures.
    fn all_pids(&self) -> Vec<u32> {
        let mut pids = self.server_pids.clone();
        if let Some(pid) = self.nats_pid {
            if !pids.contains(&pid) {
                pids.push(pid);
            }
        }
        pids
    }
}

/// The `/varz` readings of a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct NatsReadings {
    pub connect: NatsCounts,
    pub window: NatsCounts,
    pub baseline: NatsCounts,
    pub baseline_seconds: f64,
}

/// The nats-server process over the message window.
#[derive(Clone, Copy, Debug, Default)]
pub struct NatsProcess {
    pub pid: u32,
    pub cpu_seconds: f64,
    pub rss_end_bytes: u64,
}

/// What the probe measured, for the report.
pub struct ProbeReports {
    pub server: Option<ServerReport>,
    pub load_generator: LoadGeneratorReport,
    pub machine: MachineReport,
    pub nats_traffic: Option<NatsReadings>,
    pub nats_process: Option<NatsProcess>,
}

/// Collects the readings; every method is a no-op for the server part when
/// no server pid was given, and for NATS when no monitoring endpoint was.
pub struct Probe {
    targets: ProbeTargets,
    pids: Vec<u32>,
    sampler: Option<PeakRssSampler>,
    server_before_clients: Option<ProcessSample>,
    server_connect_end: Option<ProcessSample>,
    server_idle: Option<ProcessSample>,
    server_window_start: Option<ProcessSample>,
    server_window_end: Option<ProcessSample>,
    nats_process_window_start: Option<ProcessSample>,
    nats_process_window_end: Option<ProcessSample>,
    generator_window_start: Option<ProcessSample>,
    generator_window_end: Option<ProcessSample>,
    machine_window_start: Option<MachineSample>,
    machine_window_end: Option<MachineSample>,
    varz_before_clients: Option<NatsCounts>,
    varz_connect_end: Option<NatsCounts>,
    varz_window_start: Option<NatsCounts>,
    varz_window_end: Option<NatsCounts>,
    baseline: Option<(NatsCounts, f64)>,
    /// The CPUs the (first) server process may run on.
    server_cpus: Option<String>,
    /// Problems reading `/proc` or `/varz`, for the report's notes.
    pub problems: Vec<String>,
}

impl Probe {
    /// Takes the "before any client" reading and starts the peak RSS sampler.
    pub async fn start(targets: ProbeTargets) -> Self {
        let pids = targets.all_pids();
        let mut probe = Probe {
            sampler: (!pids.is_empty())
                .then(|| PeakRssSampler::start(pids.clone(), Duration::from_millis(200))),
            pids,
            targets,
            server_before_clients: None,
            server_connect_end: None,
            server_idle: None,
            server_window_start: None,
            server_window_end: None,
            nats_process_window_start: None,
            nats_process_window_end: None,
            generator_window_start: None,
            generator_window_end: None,
            machine_window_start: None,
            machine_window_end: None,
            varz_before_clients: None,
            varz_connect_end: None,
            varz_window_start: None,
            varz_window_end: None,
            baseline: None,
            server_cpus: None,
            problems: Vec::new(),
        };
        probe.server_before_clients = probe.read_server();
        probe.server_cpus = probe
            .pids
            .first()
            .and_then(|&pid| procstat::cpus_allowed(pid));
        probe.varz_before_clients = probe.read_varz().await;
        probe
    }

    fn read_server(&mut self) -> Option<ProcessSample> {
        if self.pids.is_empty() {
            return None;
        }
        match procstat::sample_sum(&self.pids) {
            Ok(reading) => Some(reading),
            Err(error) => {
                self.problem(format!(
                    "cannot read /proc for server pids {:?}: {error}",
                    self.pids
                ));
                None
            }
        }
    }

    /// This process and the other generator processes, summed.
    fn read_generator(&self) -> Option<ProcessSample> {
        let mut pids = vec![std::process::id()];
        pids.extend(&self.targets.generator_pids);
        procstat::sample_sum(&pids).ok()
    }

    fn read_nats_process(&mut self) -> Option<ProcessSample> {
        procstat::sample(self.targets.nats_pid?).ok()
    }

    async fn read_varz(&mut self) -> Option<NatsCounts> {
        let monitor = self.targets.nats_monitor?;
        match nats::read_varz(monitor).await {
            Ok(counts) => Some(counts),
            Err(error) => {
                self.problem(format!("cannot read nats-server's /varz: {error}"));
                None
            }
        }
    }

    /// Keeps the first problem of each kind only.
    fn problem(&mut self, problem: String) {
        let kind = problem.split(':').next().unwrap_or_default().to_string();
        if !self.problems.iter().any(|known| known.starts_with(&kind)) {
            self.problems.push(problem);
        }
    }

    pub async fn mark_connect_end(&mut self) {
        self.server_connect_end = self.read_server();
        self.varz_connect_end = self.read_varz().await;
    }

    pub fn mark_idle(&mut self) {
        self.server_idle = self.read_server();
    }

    /// Reads `/varz` over `length` of idle time, to learn the background
    /// traffic (heartbeats, timer ticks) that the window's figures include.
    pub async fn measure_nats_baseline(&mut self, length: Duration) {
        if self.targets.nats_monitor.is_none() || length.is_zero() {
            return;
        }
        let started = Instant::now();
        let Some(before) = self.read_varz().await else {
            return;
        };
        tokio::time::sleep(length).await;
        let Some(after) = self.read_varz().await else {
            return;
        };
        self.baseline = Some((after.since(before), started.elapsed().as_secs_f64()));
    }

    pub async fn mark_window_start(&mut self) {
        self.varz_window_start = self.read_varz().await;
        self.server_window_start = self.read_server();
        self.nats_process_window_start = self.read_nats_process();
        self.generator_window_start = self.read_generator();
        self.machine_window_start = procstat::sample_machine().ok();
    }

    pub async fn mark_window_end(&mut self) {
        self.server_window_end = self.read_server();
        self.nats_process_window_end = self.read_nats_process();
        self.generator_window_end = self.read_generator();
        self.machine_window_end = procstat::sample_machine().ok();
        self.varz_window_end = self.read_varz().await;
    }

    /// Builds the server, load generator, machine and NATS reports.
    pub async fn finish(
        self,
        joined_connections: u64,
        deliveries: u64,
        window_seconds: f64,
    ) -> ProbeReports {
        let peak_sampled = match self.sampler {
            Some(sampler) => sampler.finish().await,
            None => 0,
        };
        let cpu_between =
            |start: Option<ProcessSample>, end: Option<ProcessSample>| match (start, end) {
                (Some(start), Some(end)) => (end.cpu_seconds - start.cpu_seconds).max(0.0),
                _ => 0.0,
            };
        let per_second = |amount: f64| {
            if window_seconds > 0.0 {
                amount / window_seconds
            } else {
                0.0
            }
        };
        let pids = self.pids.clone();
        let server = pids.first().copied().and_then(|pid| {
            let before = self.server_before_clients?;
            let end = self.server_window_end.or(self.server_idle)?;
            let idle = self.server_idle.unwrap_or(end);
            let cpu_seconds = cpu_between(self.server_window_start, self.server_window_end);
            let system_cpu_seconds = match (self.server_window_start, self.server_window_end) {
                (Some(start), Some(end)) => {
                    (end.system_cpu_seconds - start.system_cpu_seconds).max(0.0)
                }
                _ => 0.0,
            };
            let idle_growth = idle.rss_bytes.saturating_sub(before.rss_bytes) as f64;
            Some(ServerReport {
                pid,
                pids: if pids.len() > 1 { pids } else { Vec::new() },
                connect_cpu_seconds: cpu_between(Some(before), self.server_connect_end),
                cpu_seconds,
                system_cpu_seconds,
                cpu_cores_busy: per_second(cpu_seconds),
                deliveries_per_cpu_second: if cpu_seconds > 0.0 {
                    deliveries as f64 / cpu_seconds
                } else {
                    0.0
                },
                rss_before_clients_bytes: before.rss_bytes,
                rss_idle_bytes: idle.rss_bytes,
                rss_end_bytes: end.rss_bytes,
                rss_peak_bytes: peak_sampled.max(end.rss_bytes).max(idle.rss_bytes),
                idle_memory_per_connection_bytes: if joined_connections > 0 {
                    idle_growth / joined_connections as f64
                } else {
                    0.0
                },
                cpus_allowed: self.server_cpus.clone().unwrap_or_default(),
            })
        });
        let generator_cpu = cpu_between(self.generator_window_start, self.generator_window_end);
        let load_generator = LoadGeneratorReport {
            cpu_seconds: generator_cpu,
            cpu_cores_busy: per_second(generator_cpu),
            rss_end_bytes: self
                .generator_window_end
                .map(|reading| reading.rss_bytes)
                .unwrap_or(0),
            worker_threads: tokio::runtime::Handle::current().metrics().num_workers(),
            file_descriptor_limit: 0,
            processes: 1 + self.targets.generator_pids.len(),
            cpus_allowed: procstat::cpus_allowed(std::process::id()).unwrap_or_default(),
        };
        let machine_busy = match (self.machine_window_start, self.machine_window_end) {
            (Some(start), Some(end)) => (end.busy_seconds - start.busy_seconds).max(0.0),
            _ => 0.0,
        };
        let server_cpu = server.as_ref().map_or(0.0, |server| server.cpu_seconds);
        let machine = MachineReport {
            cores: std::thread::available_parallelism().map_or(1, |cores| cores.get()),
            busy_cores: per_second(machine_busy),
            other_busy_cores: per_second((machine_busy - server_cpu - generator_cpu).max(0.0)),
        };
        let nats_traffic = match (
            self.varz_before_clients,
            self.varz_connect_end,
            self.varz_window_start,
            self.varz_window_end,
        ) {
            (Some(before), Some(connect_end), Some(window_start), Some(window_end)) => {
                let (baseline, baseline_seconds) = self.baseline.unwrap_or_default();
                Some(NatsReadings {
                    connect: connect_end.since(before),
                    window: window_end.since(window_start),
                    baseline,
                    baseline_seconds,
                })
            }
            _ => None,
        };
        let nats_process = self.targets.nats_pid.map(|pid| NatsProcess {
            pid,
            cpu_seconds: cpu_between(self.nats_process_window_start, self.nats_process_window_end),
            rss_end_bytes: self
                .nats_process_window_end
                .map(|reading| reading.rss_bytes)
                .unwrap_or(0),
        });
        ProbeReports {
            server,
            load_generator,
            machine,
            nats_traffic,
            nats_process,
        }
    }
}
