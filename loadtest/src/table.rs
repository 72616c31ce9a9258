//! The Markdown comparison tables built from several JSON reports: one per
//! server and size, as `loadtest/compare` writes it, or one per cluster
//! setup and size, as `loadtest/cluster-compare` writes it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::metrics::LatencySummary;
use crate::report::Report;

/// The order servers appear in a table.
const TARGET_ORDER: [&str; 6] = ["hybridhub", "rust-floor", "ws", "uws", "socketio", "nchan"];

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
    median_per_key(reports, |report| report.target.clone(), per_cpu_second)
}

/// Like [`median_per_target`], for any grouping of the runs and any measure
/// to take the median of; the kept runs come in key order.
fn median_per_key<'a, K: Ord>(
    reports: &[&'a Report],
    key: impl Fn(&Report) -> K,
    measure: fn(&Report) -> f64,
) -> (Vec<&'a Report>, usize) {
    let mut by_key: BTreeMap<K, Vec<&'a Report>> = BTreeMap::new();
    for report in reports {
        by_key.entry(key(report)).or_default().push(report);
    }
    let mut most_runs = 1;
    let kept = by_key
        .into_values()
        .map(|runs| {
            most_runs = most_runs.max(runs.len());
            let quiet: Vec<&'a Report> = runs
                .iter()
                .copied()
                .filter(|run| run.machine.other_busy_cores <= DISTURBED_OTHER_CORES)
                .collect();
            let mut runs = if quiet.is_empty() { runs } else { quiet };
            runs.sort_by(|left, right| measure(left).total_cmp(&measure(right)));
            runs[(runs.len() - 1) / 2]
        })
        .collect();
    (kept, most_runs)
}

/// How the load was placed on the machine, for a table heading: the CPU
/// placement (pinned or not) and the generator processes when several;
/// runs placed differently are never compared in one table.
fn placement_of(report: &Report) -> String {
    let mut parts = Vec::new();
    let placement = report.cpu_placement();
    if !placement.is_empty() {
        parts.push(placement);
    }
    if report.load_generator.processes > 1 {
        parts.push(format!(
            "load generator over {} processes",
            report.load_generator.processes
        ));
    }
    parts.join("; ")
}

/// The reports by (scenario, client count, placement): one table each.
fn by_scenario_and_size(reports: &[Report]) -> BTreeMap<(String, usize, String), Vec<&Report>> {
    let mut groups: BTreeMap<(String, usize, String), Vec<&Report>> = BTreeMap::new();
    for report in reports {
        groups
            .entry((
                report.scenario.clone(),
                report.clients,
                placement_of(report),
            ))
            .or_default()
            .push(report);
    }
    groups
}

/// "; pinned: ..." for a table heading, if the runs say where they ran.
fn placement_note(placement: &str) -> String {
    if placement.is_empty() {
        String::new()
    } else {
        format!("; {placement}")
    }
}

/// "10 msg/s, " for a table heading, if the run had a message rate.
fn rate_of(report: &Report) -> String {
    report
        .parameters
        .get("messages_per_second")
        .and_then(serde_json::Value::as_f64)
        .map(|rate| format!("{rate} msg/s, "))
        .unwrap_or_default()
}

/// How a table heading says that its rows are medians of several runs.
fn repeats_note(runs: usize) -> String {
    if runs > 1 {
        format!(
            "; median of up to {runs} runs by deliveries per CPU-second, disturbed runs left out"
        )
    } else {
        String::new()
    }
}

/// Renders one table per (scenario, client count), with a row per server
/// (the median run, when a server was run several times). `show-of-hands`
/// runs get a table of their own kind (see [`render_show_of_hands`]).
pub fn render_markdown(reports: &[Report]) -> String {
    let groups = by_scenario_and_size(reports);
    let mut out = String::new();
    for ((scenario, clients, placement), all_runs) in groups {
        if scenario == "show-of-hands" {
            out.push_str(&render_show_of_hands(clients, &placement, &all_runs));
            continue;
        }
        let (mut group, runs_per_server) = median_per_target(&all_runs);
        group.sort_by_key(|report| {
            TARGET_ORDER
                .iter()
                .position(|name| *name == report.target)
                .unwrap_or(TARGET_ORDER.len())
        });
        let first = group[0];
        let rate = rate_of(first);
        let bytes = first
            .parameters
            .get("message_bytes")
            .and_then(serde_json::Value::as_u64)
            .map(|bytes| format!("{bytes}-byte messages, "))
            .unwrap_or_default();
        let repeats = repeats_note(runs_per_server);
        let placement = placement_note(&placement);
        let _ = writeln!(
            out,
            "### {scenario}, N = {clients} subscribers ({rate}{bytes}{:.0} s{repeats}{placement})\n",
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

/// The moderator's trail p99 of a show-of-hands run, in milliseconds.
fn moderator_trail_p99(report: &Report) -> f64 {
    report
        .show_of_hands
        .as_ref()
        .map_or(0.0, |hands| hands.moderator.trail.p99_ms)
}

/// "p50 / p99 / max" of a trail, in milliseconds.
fn trail_cell(trail: &LatencySummary) -> String {
    if trail.count == 0 {
        "–".to_string()
    } else {
        format!(
            "{:.0} / {:.0} / {:.0}",
            trail.p50_ms, trail.p99_ms, trail.max_ms
        )
    }
}

/// One `show-of-hands` table, for one size: a row per server (only
/// hybridhub has polls; the median run by the moderator's trail p99 when
/// it ran several times).
fn render_show_of_hands(clients: usize, placement: &str, all_runs: &[&Report]) -> String {
    let mut out = String::new();
    let (group, runs_per_server) = median_per_key(
        all_runs,
        |report| report.target.clone(),
        moderator_trail_p99,
    );
    let first = group[0];
    let window = first
        .parameters
        .get("answer_window_seconds")
        .and_then(serde_json::Value::as_f64)
        .unwrap_or(first.duration_seconds);
    let share = first
        .parameters
        .get("raise_share")
        .and_then(serde_json::Value::as_f64)
        .map(|share| format!(", {:.0}% raise", share * 100.0))
        .unwrap_or_default();
    let repeats = if runs_per_server > 1 {
        format!("; median of up to {runs_per_server} runs by the moderator's trail p99, disturbed runs left out")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "### show-of-hands, N = {clients} participants (answers over {window:.0} s{share}{repeats}{})\n",
        placement_note(placement)
    );
    out.push_str(
        "| server | joined | answers sent | acked | refused | counted: moderator / display / final | \
         raise: sent / counted | do not raise: sent / counted | every answer counted | \
         moderator trail p50 / p99 / max ms | display trail p50 / p99 / max ms | \
         last answer's trail ms (moderator / display) | tallies at the moderator | answer ack p99 ms | \
         server CPU-s in the window | server CPU (cores) | server RSS peak MB | \
         load gen CPU (cores) | other load (cores) |\n",
    );
    out.push_str(
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for report in &group {
        let Some(hands) = &report.show_of_hands else {
            let _ = writeln!(
                out,
                "| {} | {} | no show-of-hands section in the report |",
                report.target, report.connect.joined
            );
            continue;
        };
        let answered = |counts: Option<&crate::report::PollCounts>| {
            counts.map_or("–".to_string(), |counts| counts.answered.to_string())
        };
        let total = |counts: Option<&crate::report::PollCounts>, option: usize| {
            counts
                .and_then(|counts| counts.option_totals.get(option))
                .map_or("–".to_string(), u64::to_string)
        };
        let moderator_last = hands.moderator.last_tally.as_ref();
        let sent = |option: usize| {
            hands
                .sent_per_option
                .get(option)
                .map_or("–".to_string(), u64::to_string)
        };
        let trail_of_last =
            |trail: Option<f64>| trail.map_or("–".to_string(), |ms| format!("{ms:.0}"));
        let (cpu_seconds, cpu_cores, rss) = match &report.server {
            Some(server) => (
                format!("{:.2}", server.cpu_seconds),
                format!("{:.2}", server.cpu_cores_busy),
                format!("{:.1}", server.rss_peak_bytes as f64 / 1_048_576.0),
            ),
            None => ("–".to_string(), "–".to_string(), "–".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} / {} / {} | {} / {} | {} / {} | {} | {} | {} | {} / {} | {} | {:.1} | {} | {} | {} | {:.2} | {:.2} |",
            report.target,
            report.connect.joined,
            hands.answers_sent,
            hands.answers_acked,
            hands.answers_refused,
            answered(moderator_last),
            answered(hands.display.last_tally.as_ref()),
            answered(hands.moderator.final_results.as_ref()),
            sent(0),
            total(moderator_last, 0),
            sent(1),
            total(moderator_last, 1),
            if hands.every_answer_counted { "yes" } else { "**no**" },
            trail_cell(&hands.moderator.trail),
            trail_cell(&hands.display.trail),
            trail_of_last(hands.moderator.trail_of_last_answer_ms),
            trail_of_last(hands.display.trail_of_last_answer_ms),
            hands.moderator.tallies,
            hands.answer_ack_latency.p99_ms,
            cpu_seconds,
            cpu_cores,
            rss,
            report.load_generator.cpu_cores_busy,
            report.machine.other_busy_cores,
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
                "{}: {} failed joins, {} error frames ({}), {} disconnects",
                report.target,
                report.connect.failed,
                report.errors.error_frames,
                report
                    .errors
                    .error_codes
                    .iter()
                    .map(|(code, count)| format!("{code} {count}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                report.errors.disconnects
            )
        })
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "\nProblems: {}.", problems.join("; "));
    }
    let notes: Vec<String> = group
        .iter()
        .flat_map(|report| {
            report
                .notes
                .iter()
                .map(move |note| format!("- {}: {note}", report.target))
        })
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(
            out,
            "\nNotes from the load generator:\n{}",
            notes.join("\n")
        );
    }
    out.push('\n');
    out
}

/// A cluster setup: how many nodes, and whether they ran in cluster mode
/// (with a nats-server). Orders one node alone first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Setup {
    with_nats: bool,
    nodes: usize,
}

impl Setup {
    fn of(report: &Report) -> Setup {
        match &report.cluster {
            Some(cluster) => Setup {
                with_nats: cluster.nats_pid.is_some() || cluster.nats.is_some(),
                nodes: cluster.servers.len().max(1),
            },
            None => Setup {
                with_nats: false,
                nodes: report.server_address.split(',').count().max(1),
            },
        }
    }

    fn label(self) -> String {
        let nodes = if self.nodes == 1 {
            "1 node".to_string()
        } else {
            format!("{} nodes", self.nodes)
        };
        if self.with_nats {
            format!("{nodes} + NATS")
        } else {
            format!("{nodes}, local mode")
        }
    }
}

fn milliseconds(latency: Option<&LatencySummary>, pick: fn(&LatencySummary) -> f64) -> String {
    match latency {
        Some(latency) if latency.count > 0 => format!("{:.2}", pick(latency)),
        _ => "–".to_string(),
    }
}

/// Renders the cluster comparison: for each (scenario, client count), one
/// row per setup (one node in local mode, one node + NATS, several nodes +
/// NATS; the median run when a setup ran several times), with latency on
/// the publishers' node and across nodes, CPU summed over every node and
/// the nats-server, and NATS traffic per command. Then one table of NATS
/// traffic per command at every size, which shows whether it grows with
/// the subscribers or only with the commands.
pub fn render_cluster_markdown(reports: &[Report]) -> String {
    let groups = by_scenario_and_size(reports);
    let mut out = String::new();
    let mut kept_runs: Vec<&Report> = Vec::new();
    for ((scenario, clients, placement), all_runs) in groups {
        let (group, runs_per_setup) = median_per_key(&all_runs, Setup::of, per_cpu_second);
        let first = group[0];
        let rate = rate_of(first);
        let repeats = repeats_note(runs_per_setup);
        let placement = placement_note(&placement);
        let _ = writeln!(
            out,
            "### {scenario} in cluster mode, N = {clients} subscribers ({rate}{:.0} s{repeats}{placement})\n",
            first.duration_seconds
        );
        out.push_str(
            "| setup | joined | delivered/s | delivered % | p50 ms | p99 ms | \
             same-node p50 ms | same-node p99 ms | cross-node p50 ms | cross-node p99 ms | \
             server CPU-s (nodes + NATS) | of which nats-server | server CPU (cores) | \
             deliveries per CPU-s | per CPU-s vs 1 node | server CPU-s while joining | server RSS peak MB | \
             NATS msgs per command | net of background | NATS bytes per command | net of background | \
             NATS msgs per join | load gen CPU (cores) | other load (cores) |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        let alone = group.iter().find(|report| {
            Setup::of(report)
                == Setup {
                    with_nats: false,
                    nodes: 1,
                }
        });
        for report in &group {
            let all = report.latency.get("all");
            let cluster = report.cluster.as_ref();
            let same = match cluster {
                Some(cluster) => Some(&cluster.same_node_latency),
                None => all,
            };
            let cross = cluster.map(|cluster| &cluster.cross_node_latency);
            let nats = cluster.and_then(|cluster| cluster.nats.as_ref());
            let nats_cpu = match cluster {
                Some(cluster) if cluster.nats_pid.is_some() => {
                    format!("{:.2}", cluster.nats_cpu_seconds)
                }
                _ => "–".to_string(),
            };
            let (cpu_seconds, cpu_cores, joining_cpu_seconds, rss) = match &report.server {
                Some(server) => (
                    format!("{:.2}", server.cpu_seconds),
                    format!("{:.2}", server.cpu_cores_busy),
                    format!("{:.2}", server.connect_cpu_seconds),
                    format!("{:.1}", server.rss_peak_bytes as f64 / 1_048_576.0),
                ),
                None => (
                    "–".to_string(),
                    "–".to_string(),
                    "–".to_string(),
                    "–".to_string(),
                ),
            };
            let nats_figure = |value: fn(&crate::report::NatsTrafficReport) -> f64, decimals| {
                nats.map_or("–".to_string(), |nats| {
                    format!("{:.*}", decimals, value(nats))
                })
            };
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {:.2} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
                Setup::of(report).label(),
                report.connect.joined,
                report.messages.delivered_per_second,
                report.messages.delivery_ratio * 100.0,
                milliseconds(all, |latency| latency.p50_ms),
                milliseconds(all, |latency| latency.p99_ms),
                milliseconds(same, |latency| latency.p50_ms),
                milliseconds(same, |latency| latency.p99_ms),
                milliseconds(cross, |latency| latency.p50_ms),
                milliseconds(cross, |latency| latency.p99_ms),
                cpu_seconds,
                nats_cpu,
                cpu_cores,
                per_cpu_second(report),
                alone
                    .map(|alone| ratio(per_cpu_second(report), per_cpu_second(alone)))
                    .unwrap_or_else(|| "–".to_string()),
                joining_cpu_seconds,
                rss,
                nats_figure(|nats| nats.messages_per_command, 2),
                nats_figure(|nats| nats.net_messages_per_command, 2),
                nats_figure(|nats| nats.bytes_per_command, 0),
                nats_figure(|nats| nats.net_bytes_per_command, 0),
                nats_figure(|nats| nats.messages_per_join, 2),
                report.load_generator.cpu_cores_busy,
                report.machine.other_busy_cores,
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
                    Setup::of(report).label(),
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
        kept_runs.extend(group);
    }

    let mut with_nats: Vec<&Report> = kept_runs
        .into_iter()
        .filter(|report| {
            report
                .cluster
                .as_ref()
                .is_some_and(|cluster| cluster.nats.is_some())
        })
        .collect();
    if with_nats.is_empty() {
        return out;
    }
    with_nats.sort_by_key(|report| (Setup::of(report), report.clients));
    out.push_str("### NATS traffic per command, by subscribers\n\n");
    out.push_str(
        "| setup | N | commands | deliveries per command | NATS msgs in | NATS msgs out | \
         msgs per command | net in per command | net out per command | net msgs per command | \
         bytes per command | net bytes per command | background msgs/s |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for report in with_nats {
        let Some(nats) = report
            .cluster
            .as_ref()
            .and_then(|cluster| cluster.nats.as_ref())
        else {
            continue;
        };
        let deliveries_per_command = if nats.commands > 0 {
            report.messages.delivered as f64 / nats.commands as f64
        } else {
            0.0
        };
        let background = if nats.baseline_seconds > 0.0 {
            format!(
                "{:.1}",
                nats.baseline.messages() as f64 / nats.baseline_seconds
            )
        } else {
            "–".to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {:.0} | {} |",
            Setup::of(report).label(),
            report.clients,
            nats.commands,
            deliveries_per_command,
            nats.window.in_msgs,
            nats.window.out_msgs,
            nats.messages_per_command,
            nats.net_in_messages_per_command,
            nats.net_out_messages_per_command,
            nats.net_messages_per_command,
            nats.bytes_per_command,
            nats.net_bytes_per_command,
            background,
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ClusterReport, NatsTrafficReport, ServerReport};

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
    fn pinned_and_unpinned_runs_get_tables_of_their_own() {
        let placed = |target: &str, server_cpus: &str, generator_cpus: &str| {
            let mut report = report(target, 100_000.0, 10.0);
            report.server.as_mut().unwrap().cpus_allowed = server_cpus.to_string();
            report.load_generator.cpus_allowed = generator_cpus.to_string();
            report
        };
        let table = render_markdown(&[
            placed("hybridhub", "0-1", "0-1"),
            placed("hybridhub", "0", "1"),
            placed("uws", "0", "1"),
        ]);
        let headings: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("### "))
            .collect();
        assert_eq!(headings.len(), 2, "{table}");
        assert!(
            headings[0].ends_with("; pinned: server on CPUs 0, load generator on CPUs 1)"),
            "{table}"
        );
        assert!(
            headings[1].ends_with("; unpinned: server and load generator share CPUs 0-1)"),
            "{table}"
        );
        let rows: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("| hybridhub") || line.starts_with("| uws"))
            .collect();
        assert_eq!(rows.len(), 3, "{table}");
        let mut spread = report("ws", 1.0, 1.0);
        spread.load_generator.processes = 3;
        assert!(render_markdown(&[spread]).contains("load generator over 3 processes"));
    }

    fn show_of_hands_report(trail_p99_ms: f64, counted: u64) -> Report {
        use crate::report::{PollCounts, ShowOfHandsReport, TallyObserverReport};
        let counts = PollCounts {
            present: 50,
            answered: counted,
            option_totals: vec![30, counted - 30],
        };
        let observer = TallyObserverReport {
            tallies: 9,
            last_tally: Some(counts.clone()),
            trail: LatencySummary {
                count: counted,
                p50_ms: 120.0,
                p99_ms: trail_p99_ms,
                max_ms: trail_p99_ms + 10.0,
                ..LatencySummary::default()
            },
            trail_of_last_answer_ms: Some(180.0),
            final_results: Some(counts),
            ..TallyObserverReport::default()
        };
        let mut report = report("hybridhub", 0.0, 0.0);
        report.scenario = "show-of-hands".to_string();
        report.clients = 50;
        report.connect.joined = 50;
        report
            .parameters
            .insert("answer_window_seconds".to_string(), serde_json::json!(2.0));
        report.show_of_hands = Some(ShowOfHandsReport {
            answers_sent: 50,
            answers_acked: 50,
            sent_per_option: vec![30, 20],
            acked_per_option: vec![30, 20],
            moderator: observer.clone(),
            display: observer,
            every_answer_counted: counted == 50,
            ..ShowOfHandsReport::default()
        });
        report
    }

    #[test]
    fn show_of_hands_runs_get_their_own_table() {
        let table = render_markdown(&[
            report("hybridhub", 500_000.0, 10.0),
            show_of_hands_report(300.0, 50),
            show_of_hands_report(900.0, 49),
            show_of_hands_report(200.0, 50),
        ]);
        assert!(
            table.contains("### broadcast, N = 1000 subscribers"),
            "{table}"
        );
        assert!(
            table.contains(
                "### show-of-hands, N = 50 participants (answers over 2 s; median of up to 3 runs"
            ),
            "{table}"
        );
        let rows: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("| hybridhub | 50 |"))
            .collect();
        assert_eq!(rows.len(), 1, "{table}");
        // The median by the moderator's trail p99 is the 300 ms run.
        assert!(
            rows[0].contains("| 50 / 50 / 50 | 30 / 30 | 20 / 20 | yes | 120 / 300 / 310 |"),
            "{}",
            rows[0]
        );
        let short = render_markdown(&[show_of_hands_report(300.0, 49)]);
        assert!(short.contains("| 49 / 49 / 49 |"), "{short}");
        assert!(short.contains("| **no** |"), "{short}");
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

    fn cluster_report(nodes: usize, clients: usize, per_cpu_second: f64) -> Report {
        let mut report = report("hybridhub", per_cpu_second, 10.0);
        report.clients = clients;
        report.messages.delivered = 100 * clients as u64;
        report.cluster = Some(ClusterReport {
            servers: (0..nodes)
                .map(|node| format!("127.0.0.1:{}", 9000 + node))
                .collect(),
            same_node_latency: LatencySummary {
                count: 10,
                p50_ms: 2.0,
                p99_ms: 4.0,
                ..LatencySummary::default()
            },
            cross_node_latency: LatencySummary {
                count: 20,
                p50_ms: 3.0,
                p99_ms: 6.0,
                ..LatencySummary::default()
            },
            nats_pid: Some(42),
            nats_cpu_seconds: 0.5,
            nats: Some(NatsTrafficReport {
                commands: 100,
                messages_per_command: 2.0 + nodes as f64,
                net_messages_per_command: 1.0 + nodes as f64,
                ..NatsTrafficReport::default()
            }),
            ..ClusterReport::default()
        });
        report
    }

    #[test]
    fn the_cluster_table_has_a_row_per_setup_and_traffic_by_size() {
        let table = render_cluster_markdown(&[
            cluster_report(3, 1000, 50_000.0),
            report("hybridhub", 100_000.0, 10.0),
            cluster_report(1, 1000, 80_000.0),
            cluster_report(3, 300, 40_000.0),
        ]);
        let rows: Vec<&str> = table
            .lines()
            .filter(|line| line.starts_with("| 1 node") || line.starts_with("| 3 nodes"))
            .collect();
        // N = 300: one row; N = 1000: three rows; then the traffic table, one row per cluster run.
        assert_eq!(rows.len(), 1 + 3 + 3, "{table}");
        assert!(rows[1].starts_with("| 1 node, local mode |"), "{table}");
        assert!(rows[2].starts_with("| 1 node + NATS |"), "{table}");
        assert!(rows[3].starts_with("| 3 nodes + NATS |"), "{table}");
        assert!(rows[3].contains("| 0.50× |"), "{}", rows[3]);
        assert!(
            rows[3].contains("| 3.00 | 6.00 |"),
            "cross-node p50 and p99: {}",
            rows[3]
        );
        assert!(table.contains("### NATS traffic per command, by subscribers"));
        let traffic_rows = &rows[4..];
        assert!(
            traffic_rows[1].starts_with("| 3 nodes + NATS | 300 | 100 | 300 |"),
            "{table}"
        );
        assert!(
            traffic_rows[2].starts_with("| 3 nodes + NATS | 1000 | 100 | 1000 |"),
            "{table}"
        );
    }
}
