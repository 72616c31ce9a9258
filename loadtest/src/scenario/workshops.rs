//! `workshops`: many parallel sessions of about `room_size` participants,
//! each with its own chatter. Against hybridhub the sessions are created
//! through the admin API; against Socket.IO they are rooms.

use std::sync::Arc;

use serde_json::json;

use super::fanout::{self, FanoutPlan, RoomPlan};
use super::publisher::{PublishAction, PublishStream, PublisherPlan};
use super::RunContext;
use crate::options::{Target, WorkshopsOptions};
use crate::payload::MessageKind;
use crate::report::Report;

pub async fn run(context: &Arc<RunContext>, options: WorkshopsOptions) -> Result<Report, String> {
    let common = &context.options.common;
    let room_count = common.clients.div_ceil(options.room_size);
    let room_ids: Vec<String> = (0..room_count)
        .map(|room| format!("{}-{room}", options.session_prefix))
        .collect();
    if common.target == Target::Hybridhub {
        context.admin_token("workshops (to create its sessions)")?;
        for room in &room_ids {
            context.ensure_hybridhub_session(room).await?;
        }
    }
    let rooms = room_ids
        .iter()
        .enumerate()
        .map(|(room_index, room)| {
            let already_placed = room_index * options.room_size;
            RoomPlan {
                room: room.clone(),
                subscribers: options.room_size.min(common.clients - already_placed),
                publishers: vec![PublisherPlan {
                    name: format!("lt-chatter-{room_index}"),
                    token: None,
                    streams: vec![PublishStream {
                        action: PublishAction::Message(MessageKind::Chat),
                        per_second: options.messages_per_second_per_room,
                    }],
                }],
            }
        })
        .collect();
    let plan = FanoutPlan {
        rooms,
        publish_for: common.duration,
    };
    let outcome = fanout::run(context, plan).await?;
    let mut report = context.base_report();
    report.session = format!(
        "{}-0..{}",
        options.session_prefix,
        room_count.saturating_sub(1)
    );
    report
        .parameters
        .insert("rooms".to_string(), json!(room_count));
    report
        .parameters
        .insert("room_size".to_string(), json!(options.room_size));
    report.parameters.insert(
        "messages_per_second_per_room".to_string(),
        json!(options.messages_per_second_per_room),
    );
    report
        .parameters
        .insert("message_bytes".to_string(), json!(common.message_bytes));
    outcome.fill_report(context, &mut report).await;
    Ok(report)
}
