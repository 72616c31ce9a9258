//! Loading the event's participation figures: every session's report,
//! participants and attendance from the store, folded by the core's pure
//! `build_event_report`.

use super::wall_clock_now;
use crate::core::{build_event_report, build_report, EventReport, SessionRecords};
use crate::store::{Store, StoreError};

/// The event's figures as of now, over `sessions` (in that order).
pub async fn load_event_report(
    store: &dyn Store,
    sessions: &[String],
) -> Result<EventReport, StoreError> {
    let now = wall_clock_now();
    let mut loaded = Vec::new();
    for session_id in sessions {
        let Some(session) = store.load_session(session_id).await? else {
            continue;
        };
        let attendance = super::report::attendance_spans(store, session_id).await?;
        let report = build_report(
            &session.info,
            &session.participants,
            &attendance,
            &session.events,
            now,
        );
        loaded.push((report, session.participants, attendance));
    }
    let records: Vec<SessionRecords<'_>> = loaded
        .iter()
        .map(|(report, participants, attendance)| SessionRecords {
            report,
            participants,
            attendance,
        })
        .collect();
    Ok(build_event_report(&records, now))
}
