// The connection to the hub: one WebSocket per view, reconnected by itself
// with `resume_from`, so no durable event is missed or seen twice. Commands
// get promises that settle on `ack` or `error`.
//
// Texts people typed (chat, questions, finished caption lines) go through
// an outbox kept in this tab's session storage: typed offline, they wait and
// are sent once the connection is back; refused, they stay, marked with the
// reason, until the user retries or discards them. A text that may have
// reached the server just before the link broke is matched against the
// events coming back, so it is never sent twice.

import { clientId, loadOutbox, saveOutbox, loadResumeSecret, saveResumeSecret, saveCaptionTracks } from './storage.js';

/** Commands worth keeping while offline: people typed them. */
const QUEUEABLE = new Set(['chat.send', 'question.ask', 'caption.push']);
/** Join refusals that a later attempt may get past. */
const RETRYABLE_JOIN_ERRORS = new Set(['capacity', 'internal', 'not_found', 'rate_limited', 'unavailable']);
const PING_EVERY_MS = 10_000;
const PONG_DEADLINE_MS = 8_000;
const MAX_BACKOFF_MS = 10_000;

function isQueueable(command) {
  return QUEUEABLE.has(command.type) && !(command.type === 'caption.push' && !command.final);
}

export class HubClient {
  /**
   * `buildJoin()` returns the join frame's fields (without identity and
   * resume fields); it is called at every (re)connection, so it sees the
   * latest preferences. `onFrame(frame)` sees every server frame;
   * `onState(state, detail)` sees `connecting`, `open` (joined), `synced`
   * (missed events replayed), `reconnecting` (detail: seconds) and `closed`
   * (detail: `removed`, `banned`, or the refusing error `{code, message}`;
   * the client will not reconnect). `onOutbox(items)` sees
   * the outbox after every change.
   */
  constructor({ sessionId, buildJoin, onFrame, onState, onOutbox = () => {}, anonymous = false }) {
    this.sessionId = sessionId;
    this.buildJoin = buildJoin;
    // A room display is not a person: it keeps no identity across joins.
    this.anonymous = anonymous;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onOutbox = onOutbox;
    // Fields the server refused once (a bad token, an unknown caption
    // track), left out of every later join.
    this.joinOverrides = {};
    this.lastSeq = null;
    this.pending = new Map();
    this.outbox = loadOutbox(sessionId).map((item) => ({ ...item, state: item.state === 'failed' ? 'failed' : 'waiting' }));
    this.nextId = 1;
    this.attempt = 0;
    this.socket = null;
    this.joined = false;
    this.stopped = false;
    this.syncing = false;
    this.reconnectAtOnce = false;
  }

  start() {
    this.connect();
    addEventListener('online', () => this.reconnectNow());
  }

  connect() {
    if (this.stopped) return;
    this.onState('connecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws/sessions/${encodeURIComponent(this.sessionId)}`);
    this.socket = socket;
    socket.onopen = () => this.sendJoin();
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (event) => this.closed(socket, event);
  }

  sendJoin() {
    const identity = this.anonymous ? {} : { client_id: clientId(), resume_secret: loadResumeSecret(this.sessionId) };
    const frame = { type: 'join', ...this.buildJoin(), ...this.joinOverrides, ...identity, resume_from: this.lastSeq };
    this.socket.send(JSON.stringify(frame));
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    this.lastHeard = Date.now();
    if (frame.type === 'welcome') return this.welcomed(frame);
    if (frame.type === 'error' && !this.joined) return this.joinRefused(frame);
    if (frame.type === 'pong' && frame.id === 'resync') return this.caughtUp();
    if (frame.type === 'pong') return;
    if (frame.type === 'snapshot.page') this.lastPage = frame;
    if (typeof frame.seq === 'number' && frame.type !== 'ack') {
      this.lastSeq = Math.max(this.lastSeq ?? 0, frame.seq);
      // A caption line names no writer: another captioner's identical line
      // must not count as ours, so lines are matched only in a replay.
      if (frame.type !== 'caption.final' || this.syncing) this.dropIfDelivered(frame);
    }
    if (frame.id !== undefined && this.pending.has(frame.id)) this.settle(frame);
    this.onFrame(frame);
  }

  welcomed(welcome) {
    this.joined = true;
    this.forgotTracks = false;
    this.attempt = 0;
    if (!this.anonymous) saveResumeSecret(this.sessionId, welcome.resume_secret);
    this.me = welcome.participant.id;
    if (!welcome.resumed) {
      this.lastSeq = welcome.seq;
      for (const message of welcome.snapshot.chat || []) this.dropIfDelivered(message);
      for (const question of welcome.snapshot.questions || []) this.dropIfDelivered({ type: 'question.asked', question });
      for (const line of welcome.snapshot.captions?.recent || []) this.dropIfDelivered(line);
    }
    // The server sends every missed event before it reads our next frame,
    // so the answer to this ping marks the end of the replay.
    this.syncing = true;
    this.onFrame(welcome);
    this.onState('open');
    this.startHeartbeat();
    this.socket.send(JSON.stringify({ type: 'ping', id: 'resync' }));
    this.snapshotToComplete = welcome.snapshot;
  }

  joinRefused(error) {
    const tried = { ...this.buildJoin(), ...this.joinOverrides };
    if (error.code === 'invalid_token' && tried.display) {
      // A room display is never quietly turned into a participant.
      return this.stop({ code: 'display_link' });
    }
    if (error.code === 'invalid_token' && tried.token) {
      // A stale or foreign invite: join as a participant, and say so.
      this.joinOverrides = { ...this.joinOverrides, token: null, display: false };
      this.onFrame({ type: 'notice', code: 'invite_failed' });
      return this.sendJoin();
    }
    if (error.code === 'invalid_field' && tried.captions && !this.forgotTracks) {
      // A caption track the session no longer has: forget the choice, take the default.
      this.forgotTracks = true;
      saveCaptionTracks(this.sessionId, null);
      return this.sendJoin();
    }
    if (RETRYABLE_JOIN_ERRORS.has(error.code)) {
      this.socket.close();
      return;
    }
    this.stop(error.code === 'banned' ? 'banned' : error);
  }

  caughtUp() {
    this.syncing = false;
    this.onState('synced');
    this.flushOutbox();
    const snapshot = this.snapshotToComplete;
    this.snapshotToComplete = null;
    // The rest of a welcome's lists, fetched by code loaded only when needed.
    const more = (total, list = []) => (total ?? 0) > list.length;
    if (snapshot && (more(snapshot.questions_total, snapshot.questions) || more(snapshot.roster_total, snapshot.roster))) {
      import('./snapshot-pages.js').then((pages) => pages.loadRestOfSnapshot(this, snapshot));
    }
  }

  /**
   * A text sent just before the link broke may have been applied although
   * its `ack` never came. Its event then shows up (live, in the replay or
   * in the snapshot), and the outbox item is dropped instead of sent again.
   */
  dropIfDelivered(frame) {
    const index = this.outbox.findIndex((item) => item.transmitted && deliveredBy(item.command, frame, this.me));
    if (index < 0) return;
    this.outbox.splice(index, 1);
    this.persistOutbox();
  }

  flushOutbox() {
    for (const item of this.outbox) {
      if (item.state === 'waiting') this.transmit(item).catch(() => {});
    }
  }

  /**
   * Sends a command. Resolves with the answer (`ack`, or the `report`);
   * rejects with the `error`, or with `{code: 'offline'}` when not connected
   * and the command cannot wait. A queueable command resolves with
   * `{queued: true}` when it has to wait.
   */
  command(command) {
    if (isQueueable(command)) {
      const item = { key: `o${Date.now()}-${Math.random().toString(36).slice(2, 7)}`, command, state: 'waiting', transmitted: false, at: Date.now() };
      this.outbox.push(item);
      this.persistOutbox();
      if (this.isReady()) return this.transmit(item);
      return Promise.resolve({ queued: true, key: item.key });
    }
    if (!this.isReady()) return Promise.reject({ code: 'offline' });
    return this.request(command);
  }

  transmit(item) {
    item.state = 'sending';
    // Marked before it leaves: after a reload mid-flight, the item is
    // matched against history rather than sent blind.
    item.transmitted = true;
    this.persistOutbox();
    return this.request(item.command, item).then((answer) => {
      this.removeFromOutbox(item.key);
      return answer;
    }, (error) => {
      if (!this.outbox.includes(item)) throw error;
      item.state = error.requeued ? 'waiting' : 'failed';
      item.error = error.requeued ? null : { code: error.code, message: error.message, at: Date.now() };
      this.persistOutbox();
      if (error.requeued) return { queued: true, key: item.key };
      throw error;
    });
  }

  /** Sends a refused outbox item again. */
  retry(key) {
    const item = this.outbox.find((candidate) => candidate.key === key);
    if (!item) return Promise.resolve(null);
    item.state = 'waiting';
    item.error = null;
    this.persistOutbox();
    return this.isReady() ? this.transmit(item) : Promise.resolve({ queued: true, key });
  }

  discard(key) {
    this.removeFromOutbox(key);
  }

  request(command, outboxItem = null) {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, fromOutbox: Boolean(outboxItem) });
      this.socket.send(JSON.stringify({ ...command, id }));
    });
  }

  settle(frame) {
    const entry = this.pending.get(frame.id);
    this.pending.delete(frame.id);
    if (frame.type === 'error') entry.reject(frame);
    else entry.resolve(frame);
  }

  removeFromOutbox(key) {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((item) => item.key !== key);
    if (this.outbox.length !== before) this.persistOutbox();
  }

  persistOutbox() {
    saveOutbox(this.sessionId, this.outbox.map(({ key, command, at, transmitted, state, error }) => ({ key, command, at, transmitted, state, error })));
    this.onOutbox(this.outbox);
  }

  isReady() {
    return this.joined && !this.syncing && this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  startHeartbeat() {
    clearInterval(this.heartbeat);
    this.lastHeard = Date.now();
    this.heartbeat = setInterval(() => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
      // Browsers cannot see WebSocket pings, so a silent, half-open link is
      // found by our own ping going unanswered.
      if (Date.now() - this.lastHeard > PING_EVERY_MS + PONG_DEADLINE_MS) {
        const socket = this.socket;
        socket.close();
        this.closed(socket, { code: 1006 });
        return;
      }
      this.socket.send(JSON.stringify({ type: 'ping' }));
    }, PING_EVERY_MS);
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.joined = false;
    this.syncing = false;
    clearInterval(this.heartbeat);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject({ code: 'offline', requeued: entry.fromOutbox });
    for (const item of this.outbox) if (item.state === 'sending') item.state = 'waiting';
    this.persistOutbox();
    if (event.code === 4003) return this.stop('removed');
    if (event.code === 4004) return this.stop('display_revoked');
    if (this.stopped) return;
    const delay = this.reconnectAtOnce ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.reconnectAtOnce = false;
    this.attempt += 1;
    if (delay > 0) this.onState('reconnecting', Math.ceil(delay / 1000));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Joins again at once, resuming: after a role change, for the new role's snapshot. */
  rejoin() {
    if (!this.socket) return this.reconnectNow();
    this.reconnectAtOnce = true;
    this.socket.close(1000);
  }

  reconnectNow() {
    if (this.socket || this.stopped) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  stop(reason) {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    if (this.socket) this.socket.close(1000);
    this.onState('closed', reason);
  }
}

/** Whether `frame` is the durable event that `command`, sent by `me`, produced. */
function deliveredBy(command, frame, me) {
  const text = (command.text || '').trim();
  if (command.type === 'chat.send') return frame.type === 'chat.message' && frame.from.id === me && frame.text === text;
  if (command.type === 'question.ask') return frame.type === 'question.asked' && frame.question.from.id === me && frame.question.text === text;
  if (command.type === 'caption.push') return frame.type === 'caption.final' && frame.lang === command.lang && frame.text === text;
  return false;
}
