// The client's picture of a session, built from server frames only. It is
// plain data and pure functions (no DOM, no socket), so it can be tested in
// Node. `applyFrame` returns the names of the parts that changed, and views
// redraw only those.

const CAPTION_LINES_KEPT = 300;
const CHAT_MESSAGES_KEPT = 500;

export function emptyModel() {
  return {
    me: null,
    session: null,
    presence: null,
    chat: [],
    chatSettings: { mode: 'open' },
    announcement: null,
    captionTracks: [],
    // lang → array of lines sorted by `line`: {line, text, final, started_at, speaker}.
    captions: new Map(),
    // The queue's settings (open, policy, replies, max_turns…), its order and the speaker.
    floor: { open: true, policy: 'alternate', hold_grace_seconds: 120, order: [], speaker: null },
    // entry id → entry; names and details reach moderators and the entry's owner only.
    entries: new Map(),
    yourEntry: null,
    // The viewer's hand is held while they are away, and kept (restored)
    // when they come back in time; the hand panel says so.
    yourEntryHeld: false,
    yourEntryRestored: false,
    questions: new Map(),
    premoderation: false,
    myVotes: new Set(),
    roster: new Map(),
    // poll id → {poll, tally, your_counts, voters, fromWelcome}: what this viewer may see of each.
    polls: new Map(),
    // Server time minus local time, from the `ts` of recent events, so
    // countdowns agree with the server's clock.
    clockOffsetMs: 0,
  };
}

export function applyWelcome(model, welcome) {
  const snapshot = welcome.snapshot;
  const resumed = welcome.resumed && model.me !== null;
  model.me = welcome.participant;
  model.session = welcome.session;
  model.presence = snapshot.presence;
  model.chatSettings = snapshot.chat_settings || { mode: 'open' };
  model.announcement = snapshot.announcement ?? null;
  model.premoderation = Boolean(snapshot.questions_premoderated);
  if (resumed) {
    // Lines being written are not replayed; the snapshot has the current
    // ones, so any older one was withdrawn or finished meanwhile.
    for (const lines of model.captions.values()) {
      for (let index = lines.length - 1; index >= 0; index -= 1) if (!lines[index].final) lines.splice(index, 1);
    }
  } else {
    model.chat = [...snapshot.chat];
    model.captions = new Map();
    model.questions = new Map();
    model.myVotes = new Set();
  }
  for (const question of snapshot.questions || []) model.questions.set(question.id, question);
  applyCaptionSnapshot(model, snapshot.captions);
  // `your_entry` is the viewer's whole queue entry (or null).
  const { your_entry: yours, entries = [], ...floor } = snapshot.floor;
  model.floor = floor;
  model.yourEntry = yours ? yours.entry : null;
  model.yourEntryHeld = Boolean(yours && yours.held_since);
  if (!resumed) model.yourEntryRestored = false;
  model.entries = new Map([...entries, ...(yours ? [yours] : [])].map((entry) => [entry.entry, entry]));
  model.roster = new Map((snapshot.roster || []).map((person) => [person.id, person]));
  // An open poll's tally comes in the next poll.tally: a resumed client keeps the one it had.
  const before = resumed ? model.polls : new Map();
  // `fromWelcome`: known from history, not opened live (nothing to announce).
  model.polls = new Map((snapshot.polls || []).map((item) => [item.poll.id, { ...before.get(item.poll.id), ...item, fromWelcome: true }]));
  return ['all'];
}

/** Merges a `captions` snapshot (from `welcome` or `captions.snapshot`). */
export function applyCaptionSnapshot(model, snapshot) {
  if (!snapshot) return;
  model.captionTracks = snapshot.tracks;
  for (const lang of [...model.captions.keys()]) {
    if (!snapshot.tracks.includes(lang)) model.captions.delete(lang);
  }
  for (const final of snapshot.recent) putCaptionLine(model, final.lang, finishedLine(final));
  for (const partial of snapshot.partial) putCaptionLine(model, partial.lang, { line: partial.line, text: partial.text, final: false });
}

/** A finished line from its `caption.final`: who said it, when known, with it. */
const finishedLine = (final) => ({ line: final.line, text: final.text, final: true, started_at: final.started_at, speaker: final.speaker || null });

function putCaptionLine(model, lang, line) {
  let lines = model.captions.get(lang);
  if (!lines) model.captions.set(lang, (lines = []));
  const index = lines.findIndex((existing) => existing.line >= line.line);
  if (index >= 0 && lines[index].line === line.line) {
    // A late partial never reopens a finished line.
    if (lines[index].final && !line.final) return;
    if (!line.final && line.text === '') lines.splice(index, 1);
    else lines[index] = line;
    return;
  }
  if (!line.final && line.text === '') return;
  if (index < 0) lines.push(line);
  else lines.splice(index, 0, line);
  if (lines.length > CAPTION_LINES_KEPT) lines.splice(0, lines.length - CAPTION_LINES_KEPT);
}

function noteClock(model, ts) {
  const serverTime = Date.parse(ts);
  if (!Number.isNaN(serverTime)) model.clockOffsetMs = serverTime - Date.now();
}

const HANDLERS = {
  'presence': (model, frame) => { model.presence = frame; return ['presence']; },
  'presence.diff': (model, frame) => {
    for (const id of frame.leaves) model.roster.delete(id);
    for (const person of frame.joins) model.roster.set(person.id, person);
    return ['roster'];
  },
  'chat.message': (model, frame) => {
    if (model.chat.some((message) => message.seq === frame.seq)) return [];
    model.chat.push(frame);
    if (model.chat.length > CHAT_MESSAGES_KEPT) model.chat.splice(0, model.chat.length - CHAT_MESSAGES_KEPT);
    return ['chat'];
  },
  'chat.deleted': (model, frame) => {
    model.chat = model.chat.filter((message) => message.seq !== frame.message);
    return ['chat'];
  },
  'chat.updated': (model, frame) => { model.chatSettings = { mode: frame.mode, slow_seconds: frame.slow_seconds }; return ['chat-settings']; },
  'announcement.pinned': (model, frame) => { model.announcement = frame.text; return ['announcement']; },
  'session.updated': (model, frame) => { model.session = frame.session; return ['session']; },
  'caption.partial': (model, frame) => {
    putCaptionLine(model, frame.lang, { line: frame.line, text: frame.text, final: false });
    return ['captions'];
  },
  'caption.final': (model, frame) => {
    putCaptionLine(model, frame.lang, finishedLine(frame));
    return ['captions'];
  },
  // A captioner corrected who said a finished line.
  'caption.speaker': (model, frame) => {
    const line = captionLines(model, frame.lang).find((caption) => caption.line === frame.line);
    if (line) line.speaker = frame.speaker;
    return line ? ['captions'] : [];
  },
  'captions.snapshot': (model, frame) => { applyCaptionSnapshot(model, frame); return ['captions']; },
  'queue': (model, frame) => {
    const { type, ...floor } = frame;
    model.floor = floor;
    for (const id of [...model.entries.keys()]) {
      if (!frame.order.includes(id)) model.entries.delete(id);
    }
    if (model.yourEntry !== null && !frame.order.includes(model.yourEntry)) {
      model.yourEntry = null;
      model.yourEntryHeld = false;
      model.yourEntryRestored = false;
    }
    return ['floor'];
  },
  'hand.raised': (model, frame) => {
    model.entries.set(frame.entry.entry, frame.entry);
    if (frame.entry.participant === model.me?.id) {
      model.yourEntry = frame.entry.entry;
      model.yourEntryHeld = Boolean(frame.entry.held_since);
      model.yourEntryRestored = false;
    }
    return ['floor'];
  },
  'hand.lowered': (model, frame) => {
    model.entries.delete(frame.entry);
    if (frame.entry === model.yourEntry) model.yourEntry = null;
    return ['floor'];
  },
  'hand.held': (model, frame) => {
    const entry = model.entries.get(frame.entry);
    if (entry) entry.held_since = frame.ts;
    if (frame.entry === model.yourEntry) model.yourEntryHeld = true;
    return ['floor'];
  },
  'hand.restored': (model, frame) => {
    const entry = model.entries.get(frame.entry);
    if (entry) entry.held_since = null;
    if (frame.participant === model.me?.id) {
      model.yourEntry = frame.entry;
      model.yourEntryHeld = false;
      model.yourEntryRestored = true;
    }
    return ['floor'];
  },
  'queue.moved': () => ['floor'],
  'queue.updated': (model, frame) => {
    const { type, seq, ts, ...settings } = frame;
    Object.assign(model.floor, settings);
    return ['floor'];
  },
  'hand.kind': (model, frame) => {
    const entry = model.entries.get(frame.entry);
    if (entry) Object.assign(entry, { kind: frame.kind, priority: frame.priority });
    return ['floor'];
  },
  'queue.turn_allowed': (model, frame) => (frame.participant === model.me?.id ? ['turn-allowed'] : []),
  'floor.granted': (model, frame) => {
    model.floor.speaker = frame.turn;
    model.entries.delete(frame.turn.entry);
    if (frame.turn.entry === model.yourEntry) model.yourEntry = null;
    return ['floor', 'speaker'];
  },
  'floor.ended': (model, frame) => {
    if (model.floor.speaker?.entry === frame.entry) model.floor.speaker = null;
    return ['floor', 'speaker'];
  },
  'hub.confirmed': (model, frame) => {
    const person = model.roster.get(frame.participant);
    if (person?.hub) person.hub = { ...person.hub, headcount: frame.headcount, confirmed: true };
    // The hub itself: its poll card may now count up to the confirmed headcount.
    if (model.me?.id === frame.participant && model.me.hub) {
      model.me = { ...model.me, hub: { ...model.me.hub, headcount: frame.headcount, confirmed: true } };
      return ['roster', 'polls'];
    }
    return ['roster'];
  },
  // A page is as new as the events before it; later ones apply on top.
  'snapshot.page': (model, { part, items }) => {
    for (const item of items) (part === 'questions' ? model.questions : model.roster).set(item.id, item);
    return [part];
  },
  'question.asked': (model, frame) => { model.questions.set(frame.question.id, frame.question); return ['questions']; },
  'question.approved': (model, frame) => { model.questions.set(frame.question.id, frame.question); return ['questions']; },
  'question.upvoted': (model, frame) => {
    const question = model.questions.get(frame.question);
    if (question) question.votes = frame.votes;
    if (frame.by === model.me?.id) model.myVotes.add(frame.question);
    return ['questions'];
  },
  'question.status': (model, frame) => {
    const question = model.questions.get(frame.question);
    if (question) {
      question.status = frame.status;
      question.reason = frame.reason ?? null;
    }
    return ['questions'];
  },
  'questions.updated': (model, frame) => { model.premoderation = frame.premoderation; return ['questions']; },
  'participant.role': (model, frame) => {
    const person = model.roster.get(frame.participant);
    if (person) person.role = frame.role;
    if (frame.participant === model.me?.id) {
      model.me = { ...model.me, role: frame.role };
      return ['roster', 'role'];
    }
    return ['roster'];
  },
  'participant.removed': (model, frame) => {
    model.roster.delete(frame.participant);
    return ['roster'];
  },
  'poll.opened': (model, frame) => putPoll(model, frame.poll.id, { poll: frame.poll }),
  'poll.updated': (model, frame) => putPoll(model, frame.poll.id, { poll: frame.poll }),
  'poll.results': (model, frame) => putPoll(model, frame.poll, { tally: frame.tally }),
  'poll.tally': (model, frame) => putPoll(model, frame.poll, { tally: frame.tally }),
  'poll.voters': (model, frame) => putPoll(model, frame.poll, { voters: frame.voters }),
};

/** Merges `fields` into what the viewer knows of poll `id`. */
function putPoll(model, id, fields) {
  model.polls.set(id, { ...model.polls.get(id), ...fields });
  return ['polls'];
}

/** Applies one server frame; returns the names of the parts that changed. */
export function applyFrame(model, frame) {
  if (frame.type === 'welcome') return applyWelcome(model, frame);
  if (frame.ts) noteClock(model, frame.ts);
  const handler = HANDLERS[frame.type];
  return handler ? handler(model, frame) : [];
}

/** The caption lines of a track, oldest first. */
export function captionLines(model, lang) {
  return model.captions.get(lang) || [];
}

/** The 1-based place of the viewer's own hand, or null. */
export function yourPosition(model) {
  if (model.yourEntry === null) return null;
  const index = model.floor.order.indexOf(model.yourEntry);
  return index < 0 ? null : index + 1;
}

/** Seconds left of the current turn, or null without a limit. */
export function secondsLeft(model, nowMs = Date.now()) {
  const speaker = model.floor.speaker;
  if (!speaker || !speaker.limit_seconds) return null;
  const serverNow = nowMs + model.clockOffsetMs;
  return speaker.limit_seconds - (serverNow - Date.parse(speaker.started_at)) / 1000;
}

/** The questions a view lists, by votes (then oldest) or newest first. */
export function sortedQuestions(model, order = 'votes') {
  const questions = [...model.questions.values()];
  if (order === 'time') return questions.sort((a, b) => Date.parse(b.asked_at) - Date.parse(a.asked_at) || b.id - a.id);
  return questions.sort((a, b) => b.votes - a.votes || a.id - b.id);
}

/** Entries in queue order, for views that know names (moderators, displays). */
export function queueEntries(model) {
  return model.floor.order.map((id) => model.entries.get(id) || { entry: id, name: null });
}
