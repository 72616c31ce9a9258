//! `--demo`: a small IGF-like event, so a newcomer sees something at once,
//! with a scripted scene playing in its live main session (`scene`).

mod scene;

pub use scene::play_demo_scene;

use crate::core::{Millis, SessionInfo, SessionLinks, SessionState};

const MINUTE: i64 = 60 * 1000;

pub const DEMO_MAIN_SESSION: &str = "main-session";
/// The demo event is held where the IGF met in 2025, Lillestrøm.
const DEMO_TIME_ZONE: &str = "Europe/Oslo";

fn languages(tags: &[&str]) -> Vec<String> {
    tags.iter().map(|tag| (*tag).to_owned()).collect()
}

/// Who chairs the demo's main session: transcripts name her between turns.
pub const DEMO_CHAIR: &str = "Amina Diallo";

/// The demo sessions, timed around `now`: the main session is live.
pub fn demo_sessions(now: Millis) -> Vec<SessionInfo> {
    let at = |minutes: i64| now.plus_millis(minutes * MINUTE);
    let session =
        |id: &str, title: &str, room: &str, start: i64, end: i64, tags: &[&str], state| {
            SessionInfo {
                id: id.into(),
                title: title.into(),
                room: room.into(),
                starts_at: at(start),
                ends_at: at(end),
                languages: languages(tags),
                state,
                live_at: (state == SessionState::Live).then_some(now),
                time_zone: Some(DEMO_TIME_ZONE.into()),
                links: SessionLinks::default(),
                chair: None,
            }
        };
    let main = SessionInfo {
        chair: Some(DEMO_CHAIR.into()),
        links: SessionLinks {
            webcast: Some("https://example.org/igf-demo/plenary-webcast".into()),
            meeting: Some("https://meet.jit.si/hybridhub-demo-main-session".into()),
            instructions: Some(
                "Join the meeting with the name you use here, stay muted, and unmute when the chair gives you the floor."
                    .into(),
            ),
        },
        ..session(
            DEMO_MAIN_SESSION,
            "Main session: Building Digital Governance Together",
            "Plenary Hall",
            -15,
            75,
            &["en", "fr", "es", "ar", "zh", "ru"],
            SessionState::Live,
        )
    };
    vec![
        main,
        session(
            "ws-meaningful-access",
            "Workshop: Meaningful access in rural Africa",
            "Workshop Room 2",
            90,
            180,
            &["en", "fr"],
            SessionState::Scheduled,
        ),
        session(
            "ws-ai-governance",
            "Workshop: AI governance and the Global South",
            "Workshop Room 4",
            90,
            180,
            &["en", "es"],
            SessionState::Scheduled,
        ),
        session(
            "of-youth-igf",
            "Open forum: Youth IGF",
            "Open Forum Room 1",
            200,
            260,
            &["en"],
            SessionState::Scheduled,
        ),
        session(
            "lt-data-flows",
            "Lightning talk: Cross-border data flows",
            "Lightning Stage",
            30,
            50,
            &["en"],
            SessionState::Scheduled,
        ),
    ]
}

/// Ready-made invite links for the live demo session: a moderator's and a
/// captioner's web links, and the captioner's Zoom-style caption URL. Each
/// is recorded in the session, so the console lists them and can revoke
/// them; one the session cannot record now is left out.
pub async fn demo_invite_links(
    hub: &std::sync::Arc<crate::hub::Hub>,
    base_url: &str,
) -> Vec<(&'static str, String)> {
    use crate::core::Role;
    use crate::http::invites::{default_expiry, issue_invite};
    let Some(session) = hub.session_info(DEMO_MAIN_SESSION) else {
        return Vec::new();
    };
    let now = crate::hub::wall_clock_now();
    let expires_at = default_expiry(&session, now);
    let floor = session.languages[0].clone();
    let mut links = Vec::new();
    for (role, label, what) in [
        (Role::Moderator, "demo moderator", "moderator link"),
        (Role::Captioner, "demo captioner", "captioner link"),
        (Role::Display, "demo room display", "room display link"),
    ] {
        let issued = issue_invite(
            hub,
            base_url,
            &session,
            role,
            expires_at,
            Some(label.to_owned()),
            &floor,
        )
        .await;
        match issued {
            Ok(invite) => {
                links.push((what, invite.url));
                if let Some(caption_url) = invite.caption_url {
                    links.push(("caption URL (Zoom-style API)", caption_url));
                }
            }
            Err(rejection) => tracing::warn!(%rejection, "cannot issue the demo's {what}"),
        }
    }
    links
}
