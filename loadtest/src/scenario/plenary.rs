//! `plenary`: one session with N remote participants, one captioner sending
//! partial and final captions, one chatter, and a few participants raising and
//! lowering hands.
//!
//! Against hybridhub the captioner joins with a captioner token from the
//! invites API and sends `caption.push`. Until hybridhub has captions and
//! hands, the server may answer with `error` frames: they are counted, and the
//! refused captions are left out of the expected deliveries. Against the other
//! targets captions travel as stamped text like chat, and hands are skipped.
//!
//! Against several nodes of a cluster every publisher (the captioner with
//! its invite from the first node, the chatter, the hand raisers) joins the
//! first node and the subscribers are spread over all of them.

use std::sync::Arc;

use serde_json::json;

use super::fanout::{self, FanoutPlan, RoomPlan};
use super::publisher::{PublishAction, PublishStream, PublisherPlan};
use super::RunContext;
use crate::admin;
use crate::options::{PlenaryOptions, Target};
use crate::payload::MessageKind;
use crate::report::Report;

pub async fn run(context: &Arc<RunContext>, options: PlenaryOptions) -> Result<Report, String> {
    let common = &context.options.common;
    context.ensure_hybridhub_session(&common.session).await?;
    let publishers = publisher_plans(context, &options).await;
    let plan = FanoutPlan {
        rooms: vec![RoomPlan {
            room: common.session.clone(),
            subscribers: common.clients,
            publishers,
        }],
        publish_for: common.duration,
    };
    let outcome = fanout::run(context, plan).await?;
    let mut report = context.base_report();
    insert_parameters(&mut report, &options);
    report
        .parameters
        .insert("message_bytes".to_string(), json!(common.message_bytes));
    outcome.fill_report(context, &mut report).await;
    Ok(report)
}

/// The plenary's publishers: the captioner (with a captioner invite when the
/// admin token allows one), the chatter and the hand raisers. The session
/// must exist.
pub(super) async fn publisher_plans(
    context: &Arc<RunContext>,
    options: &PlenaryOptions,
) -> Vec<PublisherPlan> {
    let common = &context.options.common;
    let captioner_token = if common.target == Target::Hybridhub {
        match context.admin_token("a captioner invite") {
            Ok(admin_token) => {
                match admin::captioner_token(
                    context.connector.primary(),
                    admin_token,
                    &common.session,
                )
                .await
                {
                    Ok(token) => Some(token),
                    Err(problem) => {
                        context.note(format!(
                            "no captioner token, the captioner joins as a participant: {problem}"
                        ));
                        None
                    }
                }
            }
            Err(problem) => {
                context.note(format!(
                    "no captioner token, the captioner joins as a participant: {problem}"
                ));
                None
            }
        }
    } else {
        None
    };

    let mut publishers = vec![
        PublisherPlan {
            name: "lt-captioner".to_string(),
            token: captioner_token,
            streams: vec![
                PublishStream {
                    action: PublishAction::Message(MessageKind::CaptionPartial),
                    per_second: options.caption_partials_per_second,
                },
                PublishStream {
                    action: PublishAction::Message(MessageKind::CaptionFinal),
                    per_second: options.caption_finals_per_second,
                },
            ],
        },
        PublisherPlan {
            name: "lt-chatter".to_string(),
            token: None,
            streams: vec![PublishStream {
                action: PublishAction::Message(MessageKind::Chat),
                per_second: options.chat_messages_per_second,
            }],
        },
    ];
    if common.target == Target::Hybridhub {
        let raisers = options.hand_raisers.max(1);
        for raiser in 0..options.hand_raisers {
            publishers.push(PublisherPlan {
                name: format!("lt-hand-{raiser}"),
                token: None,
                streams: vec![PublishStream {
                    action: PublishAction::ToggleHand,
                    per_second: options.hand_toggles_per_second / raisers as f64,
                }],
            });
        }
    } else if options.hand_raisers > 0 {
        context.note(format!(
            "hands are not part of the {} dialect; skipped",
            common.target.name()
        ));
    }

    publishers
}

/// The plenary's rates, in the report's parameters.
pub(super) fn insert_parameters(report: &mut Report, options: &PlenaryOptions) {
    report.parameters.insert(
        "caption_partials_per_second".to_string(),
        json!(options.caption_partials_per_second),
    );
    report.parameters.insert(
        "caption_finals_per_second".to_string(),
        json!(options.caption_finals_per_second),
    );
    report.parameters.insert(
        "chat_messages_per_second".to_string(),
        json!(options.chat_messages_per_second),
    );
    report.parameters.insert(
        "hand_toggles_per_second".to_string(),
        json!(options.hand_toggles_per_second),
    );
    report
        .parameters
        .insert("hand_raisers".to_string(), json!(options.hand_raisers));
}
