// The connection to the hub: one WebSocket per view, reconnected by itself
// with `resume_from`, so no durable event is missed or seen twice. Commands
// get promises that settle on `ack` or `error`. Texts typed while offline
// (chat, questions, finished caption lines) wait in a persisted outbox and
// are sent once the connection is back.

import { clientId, loadOutbox, saveOutbox, loadResumeSecret, saveResumeSecret } from './storage.js';

/** Commands worth keeping while offline: people typed them. */
const QUEUEABLE = new Set(['chat.send', 'question.ask', 'caption.push']);
const PING_EVERY_MS = 10_000;
const PONG_DEADLINE_MS = 8_000;
const MAX_BACKOFF_MS = 10_000;

export class HubClient {
  /**
   * `join` is the join frame without resume fields; `onFrame(frame)` sees
   * every server frame; `onState(state, detail)` sees connection changes:
   * `connecting`, `open`, `reconnecting` (detail: seconds), `closed`
   * (detail: why, when the client will not reconnect).
   */
  constructor({ sessionId, join, onFrame, onState, onOutbox, anonymous = false }) {
    this.sessionId = sessionId;
    // A room display is not a person: it keeps no identity across joins.
    this.anonymous = anonymous;
    this.join = join;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onOutbox = onOutbox || (() => {});
    this.lastSeq = null;
    this.pending = new Map();
    this.outbox = loadOutbox(sessionId);
    this.nextId = 1;
    this.attempt = 0;
    this.socket = null;
    this.joined = false;
    this.stopped = false;
    this.syncing = false;
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
    const frame = { type: 'join', ...this.join, ...identity, resume_from: this.lastSeq };
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
    if (typeof frame.seq === 'number' && frame.type !== 'ack') {
      this.lastSeq = Math.max(this.lastSeq ?? 0, frame.seq);
      if (this.syncing) this.dropIfDelivered(frame);
    }
    if (frame.id !== undefined && this.pending.has(frame.id)) this.settle(frame);
    this.onFrame(frame);
  }

  welcomed(welcome) {
    this.joined = true;
    this.attempt = 0;
    if (!this.anonymous) saveResumeSecret(this.sessionId, welcome.resume_secret);
    this.me = welcome.participant.id;
    if (!welcome.resumed) {
      this.lastSeq = welcome.seq;
      for (const message of welcome.snapshot.chat || []) this.dropIfDelivered(message);
      for (const question of welcome.snapshot.questions || []) this.dropIfDelivered({ type: 'question.asked', question });
    }
    this.onFrame(welcome);
    this.onState('open');
    this.startHeartbeat();
    // The server sends every missed event before it reads our next frame,
    // so the answer to this ping marks the end of the replay.
    this.syncing = true;
    this.socket.send(JSON.stringify({ type: 'ping', id: 'resync' }));
  }

  joinRefused(error) {
    if (error.code === 'invalid_token' && this.join.token) {
      // A stale or foreign invite: join as a participant, and say so.
      this.join = { ...this.join, token: null };
      this.onFrame({ type: 'notice', text: `Your invite link did not work (${error.message}); you joined as a participant.` });
      this.sendJoin();
      return;
    }
    this.stop(error.code === 'banned' ? 'banned' : error.message || error.code);
  }

  /** After a replay: drop outbox items the server already applied, send the rest. */
  caughtUp() {
    this.syncing = false;
    const inFlight = [...this.pending.values()].filter((entry) => entry.queued);
    this.pending.clear();
    for (const entry of inFlight) entry.reject({ code: 'offline', message: 'connection lost', requeued: true });
    this.flushOutbox();
  }

  /**
   * A command sent just before the link broke may have been applied even
   * though its `ack` never came. Its event then shows up in the replay (or
   * the snapshot), and the outbox item is dropped instead of sent twice.
   */
  dropIfDelivered(frame) {
    const index = this.outbox.findIndex((item) => item.transmitted && deliveredBy(item.command, frame, this.me));
    if (index < 0) return;
    this.outbox.splice(index, 1);
    this.persistOutbox();
  }

  flushOutbox() {
    for (const item of this.outbox) {
      if (!item.sent) this.transmit(item);
    }
  }

  /**
   * Sends a command. Resolves with the `ack`; rejects with the `error`, or
   * with `{code:'offline'}` when not connected and the command cannot wait.
   * Queueable commands typed offline resolve once they are finally sent.
   */
  command(command) {
    if (QUEUEABLE.has(command.type) && !(command.type === 'caption.push' && !command.final)) {
      const item = { key: `o${Date.now()}-${Math.random().toString(36).slice(2, 7)}`, command, sent: false, at: Date.now() };
      this.outbox.push(item);
      this.persistOutbox();
      if (this.isReady()) return this.transmit(item);
      return Promise.resolve({ queued: true, key: item.key });
    }
    if (!this.isReady()) return Promise.reject({ code: 'offline', message: 'You are offline.' });
    return this.request(command);
  }

  transmit(item) {
    item.sent = true;
    const promise = this.request(item.command, item);
    return promise.then((ack) => {
      this.removeFromOutbox(item.key);
      return ack;
    }, (error) => {
      if (error.requeued) {
        item.sent = false;
        this.onOutbox(this.outbox);
        return { queued: true, key: item.key };
      }
      item.failed = error;
      this.removeFromOutbox(item.key);
      throw error;
    });
  }

  request(command, outboxItem = null) {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, queued: Boolean(outboxItem) });
      this.socket.send(JSON.stringify({ ...command, id }));
    });
  }

  settle(frame) {
    const entry = this.pending.get(frame.id);
    if (!entry) return;
    this.pending.delete(frame.id);
    if (frame.type === 'error') entry.reject(frame);
    else entry.resolve(frame);
  }

  removeFromOutbox(key) {
    this.outbox = this.outbox.filter((item) => item.key !== key);
    this.persistOutbox();
  }

  discard(key) {
    this.removeFromOutbox(key);
  }

  persistOutbox() {
    saveOutbox(this.sessionId, this.outbox.map(({ key, command, at, transmitted }) => ({ key, command, at, transmitted })));
    this.onOutbox(this.outbox);
  }

  isReady() {
    return this.joined && !this.syncing && this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  startHeartbeat() {
    clearInterval(this.heartbeat);
    this.lastHeard = Date.now();
    this.heartbeat = setInterval(() => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
      // Browsers cannot see WebSocket pings, so a silent, half-open link is
      // found by our own ping going unanswered.
      if (Date.now() - this.lastHeard > PING_EVERY_MS + PONG_DEADLINE_MS) {
        this.socket.close();
        this.closed(this.socket, { code: 1006 });
        return;
      }
      this.socket.send(JSON.stringify({ type: 'ping' }));
    }, PING_EVERY_MS);
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.joined = false;
    clearInterval(this.heartbeat);
    for (const entry of this.pending.values()) {
      entry.reject({ code: 'offline', message: 'connection lost', requeued: entry.queued });
    }
    this.pending.clear();
    for (const item of this.outbox) {
      if (item.sent) item.transmitted = true;
      item.sent = false;
    }
    this.persistOutbox();
    if (event.code === 4003) return this.stop('removed');
    if (this.stopped) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt += 1;
    this.onState('reconnecting', Math.ceil(delay / 1000));
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.socket || this.stopped) return;
    clearTimeout(this.retry);
    this.connect();
  }

  stop(reason) {
    this.stopped = true;
    clearTimeout(this.retry);
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
