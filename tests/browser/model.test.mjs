// The client's session model, in plain Node: frames in, state out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyModel, applyFrame, captionLines, yourPosition, secondsLeft, sortedQuestions } from '../../web/lib/session-model.js';

function welcome(overrides = {}) {
  return {
    type: 'welcome', resumed: false, seq: 10,
    participant: { id: 'p2', name: 'Ana', role: 'participant', mode: 'remote' },
    session: { id: 's', title: 'S', languages: ['en', 'fr'], state: 'live' },
    snapshot: {
      presence: { attendees: 2, by_mode: { onsite: 1, remote: 1 } },
      chat: [{ type: 'chat.message', from: { id: 'p1', name: 'Ola' }, text: 'hi', seq: 9, ts: '2026-11-25T09:00:00.000Z' }],
      captions: { tracks: ['en'], recent: [{ lang: 'en', line: 3, text: 'Done line', started_at: 'x', seq: 8 }], partial: [{ lang: 'en', line: 4, text: 'Writ' }] },
      floor: { open: true, policy: 'alternate', hold_grace_seconds: 120, order: [], your_entry: null, speaker: null },
      questions: [], questions_premoderated: false, chat_settings: { mode: 'open' }, announcement: null,
    },
    ...overrides,
  };
}

test('a welcome fills chat, captions and floor', () => {
  const model = emptyModel();
  assert.deepEqual(applyFrame(model, welcome()), ['all']);
  assert.equal(model.chat.length, 1);
  assert.deepEqual(captionLines(model, 'en').map((line) => [line.line, line.text, line.final]), [[3, 'Done line', true], [4, 'Writ', false]]);
});

test('partials replace their line, finals close it, late partials never reopen it', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  applyFrame(model, { type: 'caption.partial', lang: 'en', line: 4, text: 'Writing more' });
  applyFrame(model, { type: 'caption.partial', lang: 'en', line: 5, text: 'Next' });
  applyFrame(model, { type: 'caption.final', lang: 'en', line: 4, text: 'Writing more.', seq: 11, ts: '2026-11-25T09:00:01.000Z' });
  applyFrame(model, { type: 'caption.partial', lang: 'en', line: 4, text: 'stale' });
  assert.deepEqual(captionLines(model, 'en').map((line) => [line.line, line.text, line.final]),
    [[3, 'Done line', true], [4, 'Writing more.', true], [5, 'Next', false]]);
  applyFrame(model, { type: 'caption.partial', lang: 'en', line: 5, text: '' });
  assert.equal(captionLines(model, 'en').length, 2, 'an empty partial withdraws its line');
});

test('a resumed welcome keeps history and replayed events are not duplicated', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  const message = { type: 'chat.message', from: { id: 'p1', name: 'Ola' }, text: 'again', seq: 11, ts: '2026-11-25T09:00:02.000Z' };
  applyFrame(model, message);
  applyFrame(model, welcome({ resumed: true, seq: 11 }));
  applyFrame(model, message);
  assert.deepEqual(model.chat.map((m) => m.seq), [9, 11]);
});

test('a fresh welcome after a different history replaces the state', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  applyFrame(model, { type: 'chat.message', from: { id: 'p1', name: 'Ola' }, text: 'x', seq: 11, ts: '2026-11-25T09:00:02.000Z' });
  applyFrame(model, welcome({ resumed: false }));
  assert.deepEqual(model.chat.map((m) => m.seq), [9]);
});

test('own hand: position from the queue order, cleared when granted', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  applyFrame(model, { type: 'hand.raised', entry: { entry: 7, participant: 'p2', name: 'Ana', mode: 'remote', raised_at: '2026-11-25T09:00:00.000Z' }, position: 1, seq: 11, ts: '2026-11-25T09:00:00.000Z' });
  applyFrame(model, { type: 'queue', open: true, policy: 'alternate', hold_grace_seconds: 120, order: [3, 7], speaker: null });
  assert.equal(yourPosition(model), 2);
  applyFrame(model, { type: 'floor.granted', turn: { entry: 7, participant: 'p2', name: 'Ana', mode: 'remote', started_at: '2026-11-25T09:00:00.000Z', limit_seconds: 60 }, seq: 12, ts: '2026-11-25T09:00:00.000Z' });
  assert.equal(yourPosition(model), null);
  assert.equal(model.floor.speaker.name, 'Ana');
});

test('the countdown uses the server clock offset', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  const now = Date.parse('2026-11-25T09:00:30.000Z');
  model.floor.speaker = { entry: 1, started_at: '2026-11-25T09:00:00.000Z', limit_seconds: 60 };
  model.clockOffsetMs = 0;
  assert.equal(secondsLeft(model, now), 30);
  model.clockOffsetMs = 10_000;
  assert.equal(secondsLeft(model, now), 20);
});

test('questions sort by votes then age, or newest first; dismissal keeps its reason', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  const ask = (id, votes, at) => applyFrame(model, { type: 'question.asked', question: { id, from: { id: 'p1', name: 'Ola' }, mode: 'onsite', text: `q${id}`, status: 'approved', votes, asked_at: at }, seq: 10 + id, ts: at });
  ask(1, 0, '2026-11-25T09:00:01.000Z');
  ask(2, 0, '2026-11-25T09:00:02.000Z');
  applyFrame(model, { type: 'question.upvoted', question: 2, by: 'p2', votes: 1, seq: 20, ts: '2026-11-25T09:00:03.000Z' });
  assert.deepEqual(sortedQuestions(model, 'votes').map((q) => q.id), [2, 1]);
  assert.deepEqual(sortedQuestions(model, 'time').map((q) => q.id), [2, 1]);
  assert.ok(model.myVotes.has(2));
  applyFrame(model, { type: 'question.status', question: 1, asker: 'p1', status: 'dismissed', reason: 'Off topic', public: true, seq: 21, ts: '2026-11-25T09:00:04.000Z' });
  assert.equal(model.questions.get(1).reason, 'Off topic');
});

test('a held hand that is restored says its place was kept', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  applyFrame(model, { type: 'hand.raised', entry: { entry: 4, participant: 'p2', name: 'Ana', mode: 'remote', raised_at: '2026-11-25T09:00:00.000Z' }, position: 0, seq: 11, ts: '2026-11-25T09:00:00.000Z' });
  applyFrame(model, { type: 'hand.held', entry: 4, participant: 'p2', seq: 12, ts: '2026-11-25T09:00:01.000Z' });
  assert.equal(model.yourEntryHeld, true);
  applyFrame(model, { type: 'hand.restored', entry: 4, participant: 'p2', seq: 13, ts: '2026-11-25T09:00:02.000Z' });
  assert.deepEqual([model.yourEntry, model.yourEntryHeld, model.yourEntryRestored], [4, false, true]);
  applyFrame(model, { type: 'hand.lowered', entry: 4, participant: 'p2', reason: 'withdrew', seq: 14, ts: '2026-11-25T09:00:03.000Z' });
  assert.equal(model.yourEntry, null);
});

test('a welcome with a hand up knows its entry, and held state, from the snapshot', () => {
  const model = emptyModel();
  const snapshot = welcome().snapshot;
  const entry = { entry: 9, participant: 'p2', name: 'Ana', mode: 'remote', raised_at: '2026-11-25T09:00:00.000Z', held_since: '2026-11-25T09:01:00.000Z' };
  applyFrame(model, welcome({ snapshot: { ...snapshot, floor: { ...snapshot.floor, order: [4, 9], your_entry: entry } } }));
  assert.equal(model.yourEntry, 9);
  assert.equal(model.yourEntryHeld, true);
  assert.equal(yourPosition(model), 2);
});

test('a resumed welcome drops lines that were being written; the snapshot has the current ones', () => {
  const model = emptyModel();
  applyFrame(model, welcome());
  const resumed = welcome({ resumed: true });
  resumed.snapshot = { ...resumed.snapshot, captions: { tracks: ['en'], recent: [], partial: [{ lang: 'en', line: 6, text: 'Now' }] } };
  applyFrame(model, resumed);
  assert.deepEqual(captionLines(model, 'en').map((line) => [line.line, line.final]), [[3, true], [6, false]]);
});
