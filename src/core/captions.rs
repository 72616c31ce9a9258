//! Caption rules: how lines are assembled from pushes and posts, and which
//! track (language) they belong to.
//!
//! Every writer has its own open line per track. A writer is a joined
//! participant with the captioner role (over WebSocket) or an HTTP client
//! holding a captioner invite (Zoom's caption API shape). Two captioners on
//! one track therefore never write into each other's line: during a CART
//! handover both lines exist side by side and each is finished on its own.
//!
//! - **WebSocket push** (`caption.push`) *replaces* the writer's open line:
//!   `text` is the whole line so far, so a captioner can correct it.
//!   `final: true` finishes it.
//! - **HTTP post** *appends* to the writer's open line; each `\n` finishes
//!   the line. A post's `seq` that is not above the last accepted one is a
//!   retry: acknowledged, not applied again.
//! - A finished line becomes a durable `caption.final` event. The line still
//!   being written goes out as a transient [`CaptionPartial`] and is never
//!   stored.
//! - Open lines are finished without being asked when the writer's last
//!   connection leaves, when the session ends, when an appended line would
//!   pass [`CAPTION_LINE_MAX_CHARS`], and (appended lines only) after
//!   [`CAPTION_IDLE_CLOSE_MILLIS`] without new text.

use super::attributes::{Mode, Stakeholder};
use super::event::{Event, EventBody};
use super::ids::{InviteId, ParticipantId};
use super::rejection::{Rejection, RejectionCode};
use super::session_info::{SessionInfo, SessionState};
use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// The longest caption line, in Unicode scalar values. A push or a post
/// segment over it is refused; an appended line that would pass it is
/// finished first and the new text starts the next line.
pub const CAPTION_LINE_MAX_CHARS: usize = 500;

/// How many finished lines of each track a newcomer receives in `welcome`.
pub const CAPTION_HISTORY_IN_WELCOME: usize = 8;

/// An appended (HTTP) line with no new text for this long is finished, so
/// that captioning software which never sends `\n` still yields lines.
pub const CAPTION_IDLE_CLOSE_MILLIS: i64 = 10_000;

/// Who writes a caption line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CaptionWriter {
    /// A joined participant with the captioner role, over WebSocket.
    Participant(ParticipantId),
    /// An HTTP client holding this captioner invite.
    Invite(InviteId),
}

/// Who was speaking when a caption line began: whoever held the floor, or
/// between turns the chair (as named in the session). A captioner may
/// correct it afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptionSpeaker {
    /// The participant, if the speaker is one (not for a room speaker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder: Option<Stakeholder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// The chair, speaking between turns.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chair: bool,
}

/// The line a writer is still writing: sent as `caption.partial`, never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaptionPartial {
    pub lang: String,
    /// The id the line will keep in its `caption.final`; an empty `text`
    /// means the writer withdrew the line.
    pub line: u64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct OpenLine {
    line: u64,
    text: String,
    started_at: Millis,
    /// When text last arrived; an auto-finished line ends here.
    updated_at: Millis,
    /// True for HTTP posts (append semantics), which may be closed when idle.
    appending: bool,
    /// Who was speaking when the line began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<CaptionSpeaker>,
}

/// How far past the last accepted caption post `seq` a post may jump.
/// Captioning software counts up by one per post; a jump is lost posts
/// at most, never a thousand.
pub const CAPTION_SEQ_MAX_JUMP: u64 = 1_000;
/// How far behind the last accepted `seq` a post still counts as a retry
/// of one in flight, answered `200` and not applied again.
pub const CAPTION_SEQ_RETRY_WINDOW: u64 = 100;

/// The caption part of a session's state.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Captions {
    /// Open lines by track and writer. A snapshot lists them as pairs,
    /// since JSON map keys are strings.
    #[serde(with = "super::snapshot::map_as_pairs")]
    open: BTreeMap<(String, CaptionWriter), OpenLine>,
    /// The newest `caption.final` events of each track, oldest first.
    recent: BTreeMap<String, VecDeque<Event>>,
    /// The last accepted HTTP post `seq` per invite. In memory it counts
    /// every post; the store keeps the value as of the last finished line,
    /// so that after a crash a retried post whose text was lost is applied.
    post_cursors: BTreeMap<InviteId, u64>,
    /// The number of the next line.
    next_line: u64,
    /// The finished lines of each track, sorted, whose speaker may be
    /// corrected. A plain vector: eight bytes a line, which matters over a
    /// day of captions in six languages.
    #[serde(default)]
    finished: BTreeMap<String, Vec<u64>>,
}

/// What a caption command produced besides durable events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaptionOutput {
    pub finals: Vec<EventBody>,
    pub partials: Vec<CaptionPartial>,
    /// Invites whose post cursor must be stored because one of their lines
    /// was finished, with the cursor's value.
    pub cursors_to_store: Vec<(InviteId, u64)>,
}

impl CaptionOutput {
    fn finished(
        &mut self,
        captions: &Captions,
        lang: &str,
        writer: &CaptionWriter,
        open: &OpenLine,
        ended_at: Millis,
    ) {
        self.finals.push(final_body(lang, open, ended_at));
        if let CaptionWriter::Invite(invite) = writer {
            let cursor = captions.post_cursor(invite);
            self.cursors_to_store.retain(|(stored, _)| stored != invite);
            self.cursors_to_store.push((invite.clone(), cursor));
        }
    }
}

impl Captions {
    /// The last accepted post `seq` of an invite, 0 before its first post.
    pub fn post_cursor(&self, invite: &InviteId) -> u64 {
        self.post_cursors.get(invite).copied().unwrap_or(0)
    }

    /// Whether a post with this `seq` is new text to apply (`Ok(true)`), a
    /// retry of one already applied (`Ok(false)`), or refused: one that
    /// jumps far ahead would move the cursor past every later post and so
    /// silently mute the captioner, and one far behind is a client that
    /// restarted its count, whose text would otherwise be dropped with a
    /// `200`.
    pub fn check_post_seq(&self, invite: &InviteId, post_seq: u64) -> Result<bool, Rejection> {
        let last_accepted = self.post_cursors.get(invite).copied();
        let next_allowed_ceiling = last_accepted
            .unwrap_or(0)
            .saturating_add(CAPTION_SEQ_MAX_JUMP);
        if post_seq > next_allowed_ceiling {
            return Err(Rejection::new(
                RejectionCode::InvalidField,
                format!(
                    "seq {post_seq} jumps more than {CAPTION_SEQ_MAX_JUMP} past the last accepted ({}): \
                     GET the caption URL's /seq and continue from the number after it",
                    last_accepted.unwrap_or(0)
                ),
            ));
        }
        match last_accepted {
            Some(last) if post_seq <= last => {
                if last - post_seq < CAPTION_SEQ_RETRY_WINDOW {
                    Ok(false)
                } else {
                    Err(Rejection::new(
                        RejectionCode::InvalidField,
                        format!(
                            "seq {post_seq} is far behind the last accepted ({last}), so it is \
                             not a retry and its text would be lost: continue from {}",
                            last + 1
                        ),
                    ))
                }
            }
            _ => Ok(true),
        }
    }

    pub(crate) fn restore_post_cursor(&mut self, invite: InviteId, seq: u64) {
        let cursor = self.post_cursors.entry(invite).or_insert(0);
        *cursor = (*cursor).max(seq);
    }

    pub fn recent_finals<'a>(&'a self, lang: &str) -> impl Iterator<Item = &'a Event> + 'a {
        self.recent.get(lang).into_iter().flatten()
    }

    /// The lines still being written on a track, oldest first.
    pub fn open_lines(&self, lang: &str) -> Vec<CaptionPartial> {
        let mut lines: Vec<&OpenLine> = self
            .open
            .iter()
            .filter(|((track, _), _)| track == lang)
            .map(|(_, open)| open)
            .collect();
        lines.sort_by_key(|open| open.line);
        lines
            .into_iter()
            .map(|open| CaptionPartial {
                lang: lang.to_owned(),
                line: open.line,
                text: open.text.clone(),
            })
            .collect()
    }

    /// Whether a track has a finished line with this number.
    pub fn is_finished(&self, lang: &str, line: u64) -> bool {
        self.finished
            .get(lang)
            .is_some_and(|lines| lines.binary_search(&line).is_ok())
    }

    /// Called by `evolve` for a corrected speaker: the recent line shows it.
    pub(crate) fn correct_speaker(&mut self, lang: &str, line: u64, speaker: &CaptionSpeaker) {
        for event in self.recent.get_mut(lang).into_iter().flatten() {
            if let EventBody::CaptionFinal {
                line: recent_line,
                speaker: recent_speaker,
                ..
            } = &mut event.body
            {
                if *recent_line == line {
                    *recent_speaker = Some(speaker.clone());
                }
            }
        }
    }

    /// Called by `evolve` for every stored or new `caption.final`.
    pub(crate) fn remember_final(&mut self, event: &Event) {
        let EventBody::CaptionFinal { lang, line, .. } = &event.body else {
            return;
        };
        self.next_line = self.next_line.max(line + 1);
        let finished = self.finished.entry(lang.clone()).or_default();
        // Lines mostly finish in order, so this is nearly always a push.
        if let Err(position) = finished.binary_search(line) {
            finished.insert(position, *line);
        }
        let recent = self.recent.entry(lang.clone()).or_default();
        if recent.len() == CAPTION_HISTORY_IN_WELCOME {
            recent.pop_front();
        }
        recent.push_back(event.clone());
    }

    fn new_line(
        &mut self,
        text: String,
        now: Millis,
        appending: bool,
        speaker: &Option<CaptionSpeaker>,
    ) -> OpenLine {
        let line = self.next_line.max(1);
        self.next_line = line + 1;
        OpenLine {
            line,
            text,
            started_at: now,
            updated_at: now,
            appending,
            speaker: speaker.clone(),
        }
    }

    /// `caption.push` over WebSocket: replaces the writer's open line, or
    /// finishes it when `is_final`. A line it opens is said by `speaker`.
    pub(crate) fn push(
        &mut self,
        lang: String,
        writer: CaptionWriter,
        text: &str,
        is_final: bool,
        speaker: &Option<CaptionSpeaker>,
        now: Millis,
    ) -> CaptionOutput {
        let mut output = CaptionOutput::default();
        let key = (lang.clone(), writer);
        let text_is_blank = text.trim().is_empty();
        if text_is_blank {
            // Withdrawing the line: viewers clear it; nothing is stored.
            if let Some(open) = self.open.remove(&key) {
                output.partials.push(CaptionPartial {
                    lang,
                    line: open.line,
                    text: String::new(),
                });
            }
            return output;
        }
        let open = match self.open.remove(&key) {
            Some(mut open) => {
                open.text = text.to_owned();
                open.updated_at = now;
                open
            }
            None => self.new_line(text.to_owned(), now, false, speaker),
        };
        if is_final {
            output.finished(self, &lang, &key.1, &open, now);
        } else {
            output.partials.push(CaptionPartial {
                lang,
                line: open.line,
                text: open.text.clone(),
            });
            self.open.insert(key, open);
        }
        output
    }

    /// An HTTP post: appends to the writer's open line; every `\n` finishes
    /// it. Returns `None` for a retried `post_seq`. A line it opens is said
    /// by `speaker`.
    pub(crate) fn post(
        &mut self,
        lang: String,
        invite: InviteId,
        segments: &[String],
        post_seq: u64,
        speaker: &Option<CaptionSpeaker>,
        now: Millis,
    ) -> CaptionOutput {
        self.post_cursors.insert(invite.clone(), post_seq);
        let mut output = CaptionOutput::default();
        let key = (lang.clone(), CaptionWriter::Invite(invite));
        let last_index = segments.len().saturating_sub(1);
        for (index, segment) in segments.iter().enumerate() {
            let ends_line = index < last_index;
            if !segment.is_empty() {
                let would_overflow = self.open.get(&key).is_some_and(|open| {
                    open.text.chars().count() + segment.chars().count() > CAPTION_LINE_MAX_CHARS
                });
                if would_overflow {
                    self.finish(&key, now, &mut output);
                }
                match self.open.get_mut(&key) {
                    Some(open) => {
                        open.text.push_str(segment);
                        open.updated_at = now;
                    }
                    None => {
                        let open = self.new_line(segment.clone(), now, true, speaker);
                        self.open.insert(key.clone(), open);
                    }
                }
            }
            if ends_line {
                self.finish(&key, now, &mut output);
            }
        }
        if let Some(open) = self.open.get(&key) {
            if !open.text.trim().is_empty() {
                output.partials.push(CaptionPartial {
                    lang,
                    line: open.line,
                    text: open.text.clone(),
                });
            }
        }
        output
    }

    /// Finishes one open line now; a blank one is withdrawn instead.
    fn finish(&mut self, key: &(String, CaptionWriter), now: Millis, output: &mut CaptionOutput) {
        let Some(open) = self.open.remove(key) else {
            return;
        };
        if open.text.trim().is_empty() {
            output.partials.push(CaptionPartial {
                lang: key.0.clone(),
                line: open.line,
                text: String::new(),
            });
            return;
        }
        output.finished(self, &key.0, &key.1, &open, now);
    }

    /// Finishes the open lines `select` picks, ending each when its text
    /// last arrived, in line order.
    fn finish_where(
        &mut self,
        select: impl Fn(&CaptionWriter, &OpenLine) -> bool,
    ) -> CaptionOutput {
        let keys: Vec<(String, CaptionWriter)> = self
            .open
            .iter()
            .filter(|((_, writer), open)| select(writer, open))
            .map(|(key, _)| key.clone())
            .collect();
        let mut closing: Vec<((String, CaptionWriter), OpenLine)> = keys
            .into_iter()
            .filter_map(|key| self.open.remove(&key).map(|open| (key, open)))
            .collect();
        closing.sort_by_key(|(_, open)| open.line);
        let mut output = CaptionOutput::default();
        for ((lang, writer), open) in closing {
            if open.text.trim().is_empty() {
                continue;
            }
            output.finished(self, &lang, &writer, &open, open.updated_at);
        }
        output
    }

    /// The writer left: their open lines are finished, not lost.
    pub(crate) fn finish_writer(&mut self, writer: &CaptionWriter) -> CaptionOutput {
        self.finish_where(|line_writer, _| line_writer == writer)
    }

    /// The session is ending: every open line is finished.
    pub(crate) fn finish_all(&mut self) -> CaptionOutput {
        self.finish_where(|_, _| true)
    }

    /// Appended lines idle for [`CAPTION_IDLE_CLOSE_MILLIS`] are finished.
    pub(crate) fn finish_idle(&mut self, now: Millis) -> CaptionOutput {
        self.finish_where(|_, open| {
            open.appending && now.0 - open.updated_at.0 >= CAPTION_IDLE_CLOSE_MILLIS
        })
    }
}

fn final_body(lang: &str, open: &OpenLine, ended_at: Millis) -> EventBody {
    EventBody::CaptionFinal {
        lang: lang.to_owned(),
        line: open.line,
        text: open.text.trim().to_owned(),
        started_at: open.started_at,
        ended_at: ended_at.max(open.started_at),
        speaker: open.speaker.clone(),
    }
}

fn rejection(code: RejectionCode, message: impl Into<String>) -> Rejection {
    Rejection::new(code, message)
}

/// The session's own tag for a requested language: an exact match ignoring
/// case, else the one session language with the same primary subtag (so
/// Zoom's `en-US` finds `en`, and `fr` finds `fr-CA`).
pub fn resolve_language(info: &SessionInfo, requested: &str) -> Result<String, Rejection> {
    if let Some(exact) = info
        .languages
        .iter()
        .find(|tag| tag.eq_ignore_ascii_case(requested))
    {
        return Ok(exact.clone());
    }
    let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    let wanted = primary(requested);
    let mut same_primary = info
        .languages
        .iter()
        .filter(|tag| !wanted.is_empty() && primary(tag) == wanted);
    match (same_primary.next(), same_primary.next()) {
        (Some(only), None) => Ok(only.clone()),
        _ => Err(rejection(
            RejectionCode::InvalidField,
            format!(
                "unknown caption language {:?}; this session captions {}",
                requested.chars().take(40).collect::<String>(),
                info.languages.join(", ")
            ),
        )),
    }
}

/// The tracks a participant asked for, resolved and without repeats.
pub fn resolve_tracks(info: &SessionInfo, requested: &[String]) -> Result<Vec<String>, Rejection> {
    let mut tracks = Vec::new();
    for tag in requested {
        let resolved = resolve_language(info, tag)?;
        if !tracks.contains(&resolved) {
            tracks.push(resolved);
        }
    }
    Ok(tracks)
}

/// Captions flow only while a session is live.
pub fn check_session_is_live(info: &SessionInfo) -> Result<(), Rejection> {
    info.check_not_ended()?;
    if info.state == SessionState::Scheduled {
        return Err(rejection(
            RejectionCode::NotLive,
            "the session has not started; captions open when it is live",
        ));
    }
    Ok(())
}

fn too_long() -> Rejection {
    rejection(
        RejectionCode::TooLarge,
        format!("a caption line must be at most {CAPTION_LINE_MAX_CHARS} characters"),
    )
}

/// Checks a WebSocket push's text: one line, no control characters.
pub fn check_push_text(text: &str) -> Result<(), Rejection> {
    if text.chars().count() > CAPTION_LINE_MAX_CHARS {
        return Err(too_long());
    }
    if text.chars().any(char::is_control) {
        return Err(rejection(
            RejectionCode::InvalidField,
            "text is one line without control characters; send final:true to end a line",
        ));
    }
    Ok(())
}

/// Splits an HTTP post's body into segments: the text between line ends.
/// `\r\n` and a lone `\r` count as `\n`, and a tab as a space. Any other
/// control character, or a segment over the line limit, refuses the post.
pub fn split_post_body(body: &str) -> Result<Vec<String>, Rejection> {
    let normalized = body.replace("\r\n", "\n").replace(['\r'], "\n");
    let mut segments = Vec::new();
    for segment in normalized.split('\n') {
        let segment = segment.replace('\t', " ");
        if segment.chars().any(char::is_control) {
            return Err(rejection(
                RejectionCode::InvalidField,
                "caption text must not contain control characters other than line ends and tabs",
            ));
        }
        if segment.chars().count() > CAPTION_LINE_MAX_CHARS {
            return Err(too_long());
        }
        segments.push(segment);
    }
    Ok(segments)
}
