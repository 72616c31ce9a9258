//! `broadcast`: the plain fan-out of one publisher to N subscribers in one
//! room. This is the scenario run against every peer.

use std::sync::Arc;

use serde_json::json;

use super::fanout::{self, FanoutPlan, RoomPlan};
use super::publisher::{PublishAction, PublishStream, PublisherPlan};
use super::RunContext;
use crate::options::BroadcastOptions;
use crate::payload::MessageKind;
use crate::report::Report;

pub async fn run(context: &Arc<RunContext>, options: BroadcastOptions) -> Result<Report, String> {
    let common = &context.options.common;
    context.ensure_hybridhub_session(&common.session).await?;
    let plan = FanoutPlan {
        rooms: vec![RoomPlan {
            room: common.session.clone(),
            subscribers: common.clients,
            publishers: vec![PublisherPlan {
                name: "lt-publisher".to_string(),
                token: None,
                streams: vec![PublishStream {
                    action: PublishAction::Message(MessageKind::Chat),
                    per_second: options.messages_per_second,
                }],
            }],
        }],
        publish_for: common.duration,
    };
    let outcome = fanout::run(context, plan).await?;
    let mut report = context.base_report();
    report.parameters.insert(
        "messages_per_second".to_string(),
        json!(options.messages_per_second),
    );
    report
        .parameters
        .insert("message_bytes".to_string(), json!(common.message_bytes));
    outcome.fill_report(context, &mut report).await;
    Ok(report)
}
