//! Loading a session's equity report: the store's events, participants and
//! attendance, folded by the core's pure `build_report`.

use super::wall_clock_now;
use crate::core::{build_report, AttendanceSpan, Millis, ParticipantId, Report};
use crate::store::{Store, StoreError};

/// The report of a session as of now; `None` if there is no such session.
pub async fn load_report(
    store: &dyn Store,
    session_id: &str,
) -> Result<Option<Report>, StoreError> {
    let Some(loaded) = store.load_session(session_id).await? else {
        return Ok(None);
    };
    let attendance = attendance_spans(store, session_id).await?;
    Ok(Some(build_report(
        &loaded.info,
        &loaded.participants,
        &attendance,
        &loaded.events,
        wall_clock_now(),
    )))
}

/// A session's stored attendance, as the core's reports read it.
pub(super) async fn attendance_spans(
    store: &dyn Store,
    session_id: &str,
) -> Result<Vec<AttendanceSpan>, StoreError> {
    Ok(store
        .attendance(session_id)
        .await?
        .into_iter()
        .map(|row| AttendanceSpan {
            participant: ParticipantId(row.participant_id),
            headcount: row.headcount,
            joined_at: Millis(row.joined_at),
            left_at: row.left_at.map(Millis),
        })
        .collect())
}
