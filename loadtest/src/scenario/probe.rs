//! Readings of the server process (and of the load generator itself) at the
//! phase boundaries of a run: before any client, after connecting, when idle,
//! and at both ends of the message window.

use std::time::Duration;

use crate::procstat::{self, MachineSample, PeakRssSampler, ProcessSample};
use crate::report::{LoadGeneratorReport, MachineReport, ServerReport};

/// Collects the readings; every method is a no-op for the server part when
/// no server pid was given.
pub struct Probe {
    server_pid: Option<u32>,
    sampler: Option<PeakRssSampler>,
    server_before_clients: Option<ProcessSample>,
    server_connect_end: Option<ProcessSample>,
    server_idle: Option<ProcessSample>,
    server_window_start: Option<ProcessSample>,
    server_window_end: Option<ProcessSample>,
    generator_window_start: Option<ProcessSample>,
    generator_window_end: Option<ProcessSample>,
    machine_window_start: Option<MachineSample>,
    machine_window_end: Option<MachineSample>,
    /// Problems reading `/proc`, for the report's notes.
    pub problems: Vec<String>,
}

impl Probe {
    /// Takes the "before any client" reading and starts the peak RSS sampler.
    pub fn start(server_pid: Option<u32>) -> Self {
        let mut probe = Probe {
            server_pid,
            sampler: server_pid.map(|pid| PeakRssSampler::start(pid, Duration::from_millis(200))),
            server_before_clients: None,
            server_connect_end: None,
            server_idle: None,
            server_window_start: None,
            server_window_end: None,
            generator_window_start: None,
            generator_window_end: None,
            machine_window_start: None,
            machine_window_end: None,
            problems: Vec::new(),
        };
        probe.server_before_clients = probe.read_server();
        probe
    }

    fn read_server(&mut self) -> Option<ProcessSample> {
        let pid = self.server_pid?;
        match procstat::sample(pid) {
            Ok(reading) => Some(reading),
            Err(error) => {
                if self.problems.is_empty() {
                    self.problems
                        .push(format!("cannot read /proc for server pid {pid}: {error}"));
                }
                None
            }
        }
    }

    pub fn mark_connect_end(&mut self) {
        self.server_connect_end = self.read_server();
    }

    pub fn mark_idle(&mut self) {
        self.server_idle = self.read_server();
    }

    pub fn mark_window_start(&mut self) {
        self.server_window_start = self.read_server();
        self.generator_window_start = procstat::sample_self().ok();
        self.machine_window_start = procstat::sample_machine().ok();
    }

    pub fn mark_window_end(&mut self) {
        self.server_window_end = self.read_server();
        self.generator_window_end = procstat::sample_self().ok();
        self.machine_window_end = procstat::sample_machine().ok();
    }

    /// Builds the server, load generator and machine reports.
    pub async fn finish(
        self,
        joined_connections: u64,
        deliveries: u64,
        window_seconds: f64,
    ) -> (Option<ServerReport>, LoadGeneratorReport, MachineReport) {
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
        let server = self.server_pid.and_then(|pid| {
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
            })
        });
        let generator_cpu = cpu_between(self.generator_window_start, self.generator_window_end);
        let generator = LoadGeneratorReport {
            cpu_seconds: generator_cpu,
            cpu_cores_busy: per_second(generator_cpu),
            rss_end_bytes: self
                .generator_window_end
                .map(|reading| reading.rss_bytes)
                .unwrap_or(0),
            worker_threads: tokio::runtime::Handle::current().metrics().num_workers(),
            file_descriptor_limit: 0,
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
        (server, generator, machine)
    }
}
