//! `GET /api/event/live`: the organisers' live view of every session, as
//! server-sent events. Each second the stream asks every session's owner
//! for its summary (`core::live_summary`, answered from the owner's state
//! without touching the store), and sends the whole list as one `sessions`
//! event if it differs from the last one sent. So a stream costs one small
//! request per session per second, and sends at most one event a second,
//! none while nothing changes.

use super::admin_auth::require_admin;
use super::error::ApiError;
use super::AppState;
use crate::core::SessionLive;
use crate::hub::wall_clock_now;
use crate::hub::Hub;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often the feed looks for changes, and so the most often it sends.
pub const LIVE_FEED_INTERVAL: Duration = Duration::from_secs(1);

/// The body of each `sessions` event.
#[derive(serde::Serialize)]
struct LiveFeed<'a> {
    sessions: &'a [SessionLive],
}

struct Feed {
    hub: Arc<Hub>,
    ticker: tokio::time::Interval,
    shutdown: watch::Receiver<bool>,
    last_sent: Option<String>,
}

pub async fn event_live(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    require_admin(&state, &method, &headers)?;
    let mut ticker = tokio::time::interval(LIVE_FEED_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let feed = Feed {
        shutdown: state.hub.shutdown_signal(),
        hub: state.hub.clone(),
        ticker,
        last_sent: None,
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        loop {
            tokio::select! {
                _ = feed.ticker.tick() => {}
                _ = feed.shutdown.wait_for(|stopping| *stopping) => return None,
            }
            let data = serde_json::to_string(&LiveFeed {
                sessions: &summaries(&feed.hub).await,
            })
            .expect("summaries serialize");
            if feed.last_sent.as_deref() != Some(data.as_str()) {
                let event = Event::default().event("sessions").data(data.clone());
                feed.last_sent = Some(data);
                return Some((Ok(event), feed));
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// Every session's summary, in the order of `GET /api/sessions`. A session
/// whose owner does not answer (it is restarting) shows as it is described,
/// with nobody present.
async fn summaries(hub: &Arc<Hub>) -> Vec<SessionLive> {
    let asks = hub.session_infos().into_iter().map(|info| async move {
        let answered = match hub.session_handle(&info.id) {
            Some(handle) => handle.live_summary().await.ok(),
            None => None,
        };
        match answered {
            Some(summary) => *summary,
            None => crate::core::live_summary(&crate::core::State::new(info), wall_clock_now()),
        }
    });
    futures_util::future::join_all(asks).await
}
