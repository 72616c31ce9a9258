//! `join-storm`: N participants join as fast as `connect_concurrency` allows.
//! Measures the time until all are welcomed, the join rate and latency, and
//! then, over the run's duration, the presence frames each one receives.

use std::sync::Arc;

use serde_json::json;

use super::fanout::{self, FanoutPlan, RoomPlan};
use super::RunContext;
use crate::report::{JoinStormReport, Report};

pub async fn run(context: &Arc<RunContext>) -> Result<Report, String> {
    let common = &context.options.common;
    context.ensure_hybridhub_session(&common.session).await?;
    let plan = FanoutPlan {
        rooms: vec![RoomPlan {
            room: common.session.clone(),
            subscribers: common.clients,
            publishers: Vec::new(),
        }],
        publish_for: common.duration,
    };
    let outcome = fanout::run(context, plan).await?;
    let joined: Vec<_> = outcome
        .subscribers
        .iter()
        .filter(|subscriber| subscriber.joined)
        .collect();
    let presence_counts: Vec<u64> = joined
        .iter()
        .map(|subscriber| subscriber.presence_frames)
        .collect();
    let last_participants: Vec<u64> = joined
        .iter()
        .filter_map(|subscriber| subscriber.last_presence_participants)
        .collect();
    let storm = JoinStormReport {
        seconds_until_all_welcomed: outcome.connect_seconds,
        presence_frames_total: presence_counts.iter().sum(),
        presence_frames_per_connection_min: presence_counts.iter().copied().min().unwrap_or(0),
        presence_frames_per_connection_mean: if presence_counts.is_empty() {
            0.0
        } else {
            presence_counts.iter().sum::<u64>() as f64 / presence_counts.len() as f64
        },
        presence_frames_per_connection_max: presence_counts.iter().copied().max().unwrap_or(0),
        last_presence_participants_min: last_participants.iter().copied().min().unwrap_or(0),
        last_presence_participants_max: last_participants.iter().copied().max().unwrap_or(0),
    };
    let mut report = context.base_report();
    report.parameters.insert(
        "connect_concurrency".to_string(),
        json!(common.connect_concurrency),
    );
    report.parameters.insert(
        "observe_seconds".to_string(),
        json!(common.duration.as_secs_f64()),
    );
    outcome.fill_report(context, &mut report).await;
    report.join_storm = Some(storm);
    Ok(report)
}
