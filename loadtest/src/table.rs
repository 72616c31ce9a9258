//! The Markdown comparison table built from several JSON reports (one per
//! server and size), as `loadtest/compare` writes it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::report::Report;

/// The order servers appear in a table.
const TARGET_ORDER: [&str; 4] = ["hybridhub", "rust-floor", "ws", "socketio"];

/// Reads a JSON report written with `--json`.
pub fn read_report(path: &Path) -> Result<Report, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("{} is not a report: {error}", path.display()))
}

fn ratio(numerator: f64, denominator: f64) -> String {
    if numerator > 0.0 && denominator > 0.0 {
        format!("{:.2}×", numerator / denominator)
    } else {
        "–".to_string()
    }
}

fn per_cpu_second(report: &Report) -> f64 {
    report
        .server
        .as_ref()
        .map(|server| server.deliveries_per_cpu_second)
        .unwrap_or(0.0)
}

fn p99(report: &Report) -> f64 {
    report
        .latency
        .get("all")
        .map(|latency| latency.p99_ms)
        .unwrap_or(0.0)
}

/// A run during which the rest of the machine used more than this many
/// cores was disturbed, and is left out when quieter runs of the same
/// server exist.
const DISTURBED_OTHER_CORES: f64 = 0.25;

/// Keeps, for each server, the run with the median deliveries per server
/// CPU-second among its undisturbed runs (or among all, when every run was
/// disturbed), so that repeated runs (`compare --repeat`) damp the noise of
/// a shared machine. Returns the kept runs and the largest repeat count.
fn median_per_target<'a>(reports: &[&'a Report]) -> (Vec<&'a Report>, usize) {
    let mut by_target: BTreeMap<&str, Vec<&'a Report>> = BTreeMap::new();
    for report in reports {
        by_target
            .entry(report.target.as_str())
            .or_default()
            .push(report);
    }
    let mut most_runs = 1;
    let kept = by_target
        .into_values()
        .map(|runs| {
            most_runs = most_runs.max(runs.len());
            let quiet: Vec<&'a Report> = runs
                .iter()
                .copied()
                .filter(|run| run.machine.other_busy_cores <= DISTURBED_OTHER_CORES)
                .collect();
            let mut runs = if quiet.is_empty() { runs } else { quiet };
            runs.sort_by(|left, right| per_cpu_second(left).total_cmp(&per_cpu_second(right)));
            runs[(runs.len() - 1) / 2]
        })
        .collect();
    (kept, most_runs)
}

/// Renders one table per (scenario, client count), with a row per server
/// (the median run, when a server was run several times).
pub fn render_markdown(reports: &[Report]) -> String {
    let mut groups: BTreeMap<(String, usize), Vec<&Report>> = BTreeMap::new();
    for report in reports {
        groups
            .entry((report.scenario.clone(), report.clients))
            .or_default()
            .push(report);
    }
    let mut out = String::new();
    for ((scenario, clients), all_runs) in groups {
        let (mut group, runs_per_server) = median_per_target(&all_runs);
        group.sort_by_key(|report| {
            TARGET_ORDER
                .iter()
                .position(|name| *name == report.target)
                .unwrap_or(TARGET_ORDER.len())
        });
        let first = group[0];
        let rate = first
            .parameters
            .get("messages_per_second")
            .and_then(serde_json::Value::as_f64)
            .map(|rate| format!("{rate} msg/s, "))
            .unwrap_or_default();
        let bytes = first
            .parameters
            .get("message_bytes")
            .and_then(serde_json::Value::as_u64)
            .map(|bytes| format!("{bytes}-byte messages, "))
            .unwrap_or_default();
        let repeats = if runs_per_server > 1 {
            format!("; median of up to {runs_per_server} runs by deliveries per CPU-second, disturbed runs left out")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "### {scenario}, N = {clients} subscribers ({rate}{bytes}{:.0} s{repeats})\n",
            first.duration_seconds
        );
        out.push_str(
            "| server | joined | delivered/s | delivered % | deliveries per server CPU-s | server CPU (cores) | server CPU in kernel | \
             p50 ms | p99 ms | p99.9 ms | max ms | server RSS peak MB | idle KB/conn | \
             load gen CPU (cores) | other load (cores) | per CPU-s vs Socket.IO | per CPU-s vs floor | p99 vs Socket.IO |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        let socketio = group.iter().find(|report| report.target == "socketio");
        let floor = group.iter().find(|report| report.target == "rust-floor");
        for report in &group {
            let latency = report.latency.get("all").cloned().unwrap_or_default();
            let (cpu_cores, kernel_share, rss_peak_megabytes, idle_kilobytes) = match &report.server
            {
                Some(server) => (
                    format!("{:.2}", server.cpu_cores_busy),
                    if server.cpu_seconds > 0.0 {
                        format!(
                            "{:.0}%",
                            100.0 * server.system_cpu_seconds / server.cpu_seconds
                        )
                    } else {
                        "–".to_string()
                    },
                    format!("{:.1}", server.rss_peak_bytes as f64 / 1_048_576.0),
                    format!("{:.1}", server.idle_memory_per_connection_bytes / 1024.0),
                ),
                None => (
                    "–".to_string(),
                    "–".to_string(),
                    "–".to_string(),
                    "–".to_string(),
                ),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {:.2} | {:.0} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {:.2} | {:.2} | {} | {} | {} |",
                report.target,
                report.connect.joined,
                report.messages.delivered_per_second,
                report.messages.delivery_ratio * 100.0,
                per_cpu_second(report),
                cpu_cores,
                kernel_share,
                latency.p50_ms,
                latency.p99_ms,
                latency.p999_ms,
                latency.max_ms,
                rss_peak_megabytes,
                idle_kilobytes,
                report.load_generator.cpu_cores_busy,
                report.machine.other_busy_cores,
                socketio.map(|peer| ratio(per_cpu_second(report), per_cpu_second(peer))).unwrap_or_else(|| "–".to_string()),
                floor.map(|peer| ratio(per_cpu_second(report), per_cpu_second(peer))).unwrap_or_else(|| "–".to_string()),
                socketio.map(|peer| ratio(p99(report), p99(peer))).unwrap_or_else(|| "–".to_string()),
            );
        }
        let problems: Vec<String> = group
            .iter()
            .filter(|report| {
                report.connect.failed > 0
                    || report.errors.error_frames > 0
                    || report.errors.disconnects > 0
            })
            .map(|report| {
                format!(
                    "{}: {} failed joins, {} error frames, {} disconnects",
                    report.target,
                    report.connect.failed,
                    report.errors.error_frames,
                    report.errors.disconnects
                )
            })
            .collect();
        if !problems.is_empty() {
            let _ = writeln!(out, "\nProblems: {}.", problems.join("; "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::LatencySummary;
    use crate::report::ServerReport;

    fn report(target: &str, per_cpu_second: f64, p99_ms: f64) -> Report {
        let mut report = Report {
            scenario: "broadcast".to_string(),
            target: target.to_string(),
            clients: 1000,
            duration_seconds: 10.0,
            server: Some(ServerReport {
                deliveries_per_cpu_second: per_cpu_second,
                ..ServerReport::default()
            }),
            ..Report::default()
        };
        report.latency.insert(
            "all".to_string(),
            LatencySummary {
                p99_ms,
                ..LatencySummary::default()
            },
        );
        report
    }

    #[test]
    fn ratios_compare_with_socketio_and_the_floor() {
        let table = render_markdown(&[
            report("socketio", 100_000.0, 20.0),
            report("hybridhub", 500_000.0, 10.0),
            report("rust-floor", 1_000_000.0, 5.0),
        ]);
        let hybridhub_row = table
            .lines()
            .find(|line| line.starts_with("| hybridhub"))
            .unwrap();
        assert!(
            hybridhub_row.contains("| 5.00× | 0.50× | 0.50× |"),
            "{hybridhub_row}"
        );
        let rows: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("| ") && !line.starts_with("| server"))
            .collect();
        assert!(
            rows[0].starts_with("| hybridhub")
                && rows[1].starts_with("| rust-floor")
                && rows[2].starts_with("| socketio")
        );
    }

    #[test]
    fn repeated_runs_collapse_to_the_median() {
        let table = render_markdown(&[
            report("socketio", 100_000.0, 20.0),
            report("hybridhub", 300_000.0, 10.0),
            report("hybridhub", 900_000.0, 10.0),
            report("hybridhub", 500_000.0, 10.0),
        ]);
        assert!(table.contains("median of up to 3 runs"));
        let hybridhub_rows: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("| hybridhub"))
            .collect();
        assert_eq!(hybridhub_rows.len(), 1);
        assert!(
            hybridhub_rows[0].contains("| 500000 |"),
            "{}",
            hybridhub_rows[0]
        );
    }
}
