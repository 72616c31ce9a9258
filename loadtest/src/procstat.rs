//! CPU time and memory of a process, read from `/proc/<pid>/stat` and
//! `/proc/<pid>/status` (Linux only).

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// One reading of a process.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProcessSample {
    /// User plus system CPU time of every thread, in seconds.
    pub cpu_seconds: f64,
    /// The system (kernel) part of `cpu_seconds`.
    pub system_cpu_seconds: f64,
    /// Resident set size now, in bytes.
    pub rss_bytes: u64,
    /// The highest resident set size so far (VmHWM), in bytes.
    pub peak_rss_bytes: u64,
}

fn clock_ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as f64
    } else {
        100.0
    }
}

/// Reads `(utime, stime)` from the text of `/proc/<pid>/stat`, in clock
/// ticks. The command name (field 2) is in parentheses and may hold spaces,
/// so the fields are counted from the last `)`.
pub fn parse_cpu_ticks(stat: &str) -> Option<(u64, u64)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // fields[0] is field 3 (state), so utime (field 14) is fields[11] and
    // stime (field 15) is fields[12].
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some((user, system))
}

/// Reads a `Name:   1234 kB` line from the text of `/proc/<pid>/status`, in bytes.
pub fn parse_status_kilobytes(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix(name)?.strip_prefix(':')?;
        let kilobytes: u64 = value.split_whitespace().next()?.parse().ok()?;
        Some(kilobytes * 1024)
    })
}

/// Reads CPU time and memory of process `pid`.
pub fn sample(pid: u32) -> io::Result<ProcessSample> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let invalid = |what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("cannot read {what} of pid {pid}"),
        )
    };
    let (user_ticks, system_ticks) = parse_cpu_ticks(&stat).ok_or_else(|| invalid("CPU time"))?;
    let ticks_per_second = clock_ticks_per_second();
    let rss_bytes = parse_status_kilobytes(&status, "VmRSS").ok_or_else(|| invalid("VmRSS"))?;
    let peak_rss_bytes = parse_status_kilobytes(&status, "VmHWM").unwrap_or(rss_bytes);
    Ok(ProcessSample {
        cpu_seconds: (user_ticks + system_ticks) as f64 / ticks_per_second,
        system_cpu_seconds: system_ticks as f64 / ticks_per_second,
        rss_bytes,
        peak_rss_bytes,
    })
}

/// Reads several processes (the nodes of a cluster and its nats-server)
/// and adds them up: CPU times, RSS and peak RSS are sums.
pub fn sample_sum(pids: &[u32]) -> io::Result<ProcessSample> {
    let mut total = ProcessSample::default();
    for &pid in pids {
        let reading = sample(pid)?;
        total.cpu_seconds += reading.cpu_seconds;
        total.system_cpu_seconds += reading.system_cpu_seconds;
        total.rss_bytes += reading.rss_bytes;
        total.peak_rss_bytes += reading.peak_rss_bytes;
    }
    Ok(total)
}

/// Reads this process.
pub fn sample_self() -> io::Result<ProcessSample> {
    sample(std::process::id())
}

/// Reads the `Cpus_allowed_list:` line of the text of `/proc/<pid>/status`:
/// the CPUs the process may run on, as the kernel writes them ("0-1", "1").
pub fn parse_cpus_allowed(status: &str) -> Option<String> {
    status.lines().find_map(|line| {
        let list = line.strip_prefix("Cpus_allowed_list:")?.trim();
        (!list.is_empty()).then(|| list.to_string())
    })
}

/// The CPUs process `pid` may run on (its affinity, as `taskset` sets it).
pub fn cpus_allowed(pid: u32) -> Option<String> {
    parse_cpus_allowed(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

/// Busy and total CPU time of the whole machine, summed over all cores, in
/// seconds, from the first line of `/proc/stat`. Busy is everything but
/// idle and iowait.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MachineSample {
    pub busy_seconds: f64,
    pub total_seconds: f64,
}

/// Parses the `cpu ` line of `/proc/stat`.
pub fn parse_machine_stat(stat: &str) -> Option<MachineSample> {
    let line = stat.lines().find(|line| line.starts_with("cpu "))?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|field| field.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3)? + ticks.get(4).copied().unwrap_or(0);
    let ticks_per_second = clock_ticks_per_second();
    Some(MachineSample {
        busy_seconds: total.saturating_sub(idle) as f64 / ticks_per_second,
        total_seconds: total as f64 / ticks_per_second,
    })
}

/// Reads the whole machine's CPU time.
pub fn sample_machine() -> io::Result<MachineSample> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    parse_machine_stat(&stat)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "cannot read /proc/stat"))
}

/// Samples the RSS of a process (or the sum over several) in the background
/// and keeps the highest value, because VmHWM covers the whole life of the
/// process, not just the run.
pub struct PeakRssSampler {
    peak_bytes: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakRssSampler {
    pub fn start(pids: Vec<u32>, every: Duration) -> Self {
        let peak_bytes = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let task = {
            let peak_bytes = Arc::clone(&peak_bytes);
            let stop = Arc::clone(&stop);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(reading) = sample_sum(&pids) {
                        peak_bytes.fetch_max(reading.rss_bytes, Ordering::Relaxed);
                    }
                    tokio::time::sleep(every).await;
                }
            })
        };
        PeakRssSampler {
            peak_bytes,
            stop,
            task,
        }
    }

    /// Stops sampling and returns the highest RSS seen, in bytes.
    pub async fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.peak_bytes.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_command_name() {
        let stat = "1234 (my (odd) server) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 8 0 100 0 0";
        assert_eq!(parse_cpu_ticks(stat), Some((250, 50)));
    }

    #[test]
    fn status_kilobytes_are_read_in_bytes() {
        let status = "Name:\tx\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\n";
        assert_eq!(parse_status_kilobytes(status, "VmRSS"), Some(1024 * 1024));
        assert_eq!(parse_status_kilobytes(status, "VmHWM"), Some(2048 * 1024));
        assert_eq!(parse_status_kilobytes(status, "VmSwap"), None);
    }

    #[test]
    fn the_cpu_affinity_is_read_from_status() {
        let status = "Name:\tx\nCpus_allowed:\t1\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n";
        assert_eq!(parse_cpus_allowed(status).as_deref(), Some("0-1"));
        assert_eq!(parse_cpus_allowed("Name:\tx\n"), None);
        assert!(cpus_allowed(std::process::id()).is_some());
    }

    #[test]
    fn machine_busy_time_leaves_out_idle_and_iowait() {
        let stat = "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\n";
        let sample = parse_machine_stat(stat).unwrap();
        let ticks_per_second = clock_ticks_per_second();
        assert!((sample.busy_seconds - 150.0 / ticks_per_second).abs() < 1e-9);
        assert!((sample.total_seconds - 1000.0 / ticks_per_second).abs() < 1e-9);
        assert!(sample_machine().unwrap().total_seconds > 0.0);
    }

    #[test]
    fn this_process_can_be_read() {
        let reading = sample_self().unwrap();
        assert!(reading.rss_bytes > 0);
        assert!(reading.cpu_seconds >= 0.0);
    }

    #[test]
    fn several_processes_are_summed() {
        let pid = std::process::id();
        let twice = sample_sum(&[pid, pid]).unwrap();
        let once = sample_self().unwrap();
        assert!(twice.rss_bytes > once.rss_bytes);
        assert_eq!(sample_sum(&[]).unwrap(), ProcessSample::default());
    }
}
