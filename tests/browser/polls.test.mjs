// Shows of hands and polls, the floor's kinds of request, and speakers in
// captions, as people meet them in the browser: a poll the moderator opens,
// answered by two participants and a remote hub, held back, published and
// shown on the room display; a show of hands with the chair's count of the
// room apart; a point of order that jumps the queue for the chair and on
// the display; the captioner seeing who has the floor and correcting who
// said a line. Each new state passes axe and is saved at phone and desktop
// sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, joinAs, screenshot, expectNoAxeViolations, PHONE, DESKTOP } from './harness.mjs';

let server;
let browser;
let sessionCounter = 0;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function liveSession(fields = {}) {
  sessionCounter += 1;
  const id = `polls-${sessionCounter}`;
  await server.createSession({ id, title: `Polls test ${sessionCounter}`, room: 'Workshop Room 2', languages: ['en'], state: 'live', ...fields });
  return id;
}

function assertNoProblems(context, label) {
  assert.deepEqual(context.problems, [], `${label}: console or page errors`);
}

/** No sideways scrolling: the page is as wide as its viewport. */
async function assertNoOverflow(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `${label}: no horizontal scrolling`);
}

/** Saves `page` at phone and desktop sizes (in that order), checking axe and overflow at each. */
async function shootBoth(page, name, label) {
  for (const [size, viewport] of [['390x844', PHONE.viewport], ['1280x800', DESKTOP.viewport]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await assertNoOverflow(page, `${label} at ${size}`);
    await screenshot(page, `${name}-${size}`);
  }
  await expectNoAxeViolations(page, label);
}

/** Waits until screen readers were told `text` (user text in it is isolated by invisible marks, left out here). */
async function said(page, text) {
  await page.waitForFunction((wanted) => document.getElementById('announce-polite').textContent.replace(/[\u2066-\u2069]/g, '').includes(wanted), text);
}

/** The text of a results row: "Rural access 2 …", by its answer. */
const row = (page, scope, answer) => page.locator(`${scope} .poll-row`, { has: page.locator('.poll-option', { hasText: new RegExp(`^${answer}$`) }) });

test('a poll: opened by the moderator, answered by two participants and a hub, held back, published, then on the room display by mode, group and region', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const displayInvite = await server.invite(sessionId, 'display');
  const contexts = await Promise.all([DESKTOP, PHONE, DESKTOP, PHONE, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, ana, bo, hub, display] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana', way: 'remote', stakeholder: 'civil_society', region: 'african' });
  await joinAs(bo, server.base, { sessionId, name: 'Bo', way: 'onsite', stakeholder: 'government', region: 'western_european_others' });
  await joinAs(hub, server.base, { sessionId, name: 'Kenya hub', way: 'hub', stakeholder: 'technical_community', region: 'african', hub: { name: 'Nairobi hub', headcount: 12 } });
  await display.goto(`${server.base}/s/${sessionId}/display?token=${displayInvite.token}`);
  await display.locator('.display-state', { hasText: 'Live' }).waitFor();

  // The moderator's polls come with their code when first opened.
  await moderator.getByRole('button', { name: 'New show of hands or poll' }).click();
  const form = moderator.locator('.poll-new');
  await form.waitFor();
  await form.getByLabel('Poll', { exact: true }).check();
  await form.getByLabel('Title or question').fill('What should the next session focus on?');
  await form.getByLabel('Option 1', { exact: true }).fill('Rural access');
  await form.getByLabel('Option 2', { exact: true }).fill('Cost of devices');
  await form.getByRole('button', { name: 'Add an option' }).click();
  await form.getByLabel('Option 3', { exact: true }).fill('Local content');
  await form.getByLabel('Held back until I publish them').check();
  await shootBoth(moderator, 'poll-moderator-new', 'the new-poll form');
  await form.getByRole('button', { name: 'Open the poll' }).click();
  const current = moderator.locator('.poll-current');
  await current.locator('h3', { hasText: 'Open now: Poll' }).waitFor();
  await said(moderator, 'Poll open: What should the next session focus on?');

  // Participants answer; the results are held back from them and the display.
  const anaCard = ana.locator('#poll');
  await anaCard.locator('legend', { hasText: 'What should the next session focus on?' }).waitFor();
  await said(ana, 'Poll open: What should the next session focus on?');
  await anaCard.getByLabel('Rural access').check();
  await anaCard.getByRole('button', { name: 'Send my answer' }).click();
  await anaCard.locator('.poll-said', { hasText: 'Your answer: Rural access. You can change it while it is open.' }).waitFor();
  await anaCard.getByText('The results are shown when the moderator publishes them.').waitFor();
  assert.equal(await anaCard.locator('.poll-results').isVisible(), false, 'held-back results are not shown to participants');
  await shootBoth(ana, 'poll-participant-answered', 'the participant’s answered poll');

  const boCard = bo.locator('#poll');
  await boCard.getByLabel('Local content').check();
  await boCard.getByRole('button', { name: 'Send my answer' }).click();
  await boCard.getByLabel('Cost of devices').check();
  await boCard.getByRole('button', { name: 'Change my answer' }).click();
  await boCard.locator('.poll-said', { hasText: 'Your answer: Cost of devices.' }).waitFor();

  // A hub answers for as many people as the chair confirmed it stands for:
  // until then it counts as one, and its card says so.
  const hubCard = hub.locator('#poll');
  await hubCard.getByText('How many of your 1 person chose each answer? In all at most 1.').waitFor();
  assert.equal(await hubCard.getByLabel('Rural access').getAttribute('max'), '1');
  const hubEntry = moderator.locator('.roster-entry', { hasText: 'Kenya hub' });
  await hubEntry.getByRole('button', { name: 'Confirm 12 for Kenya hub' }).click();
  await hubEntry.locator('.roster-meta', { hasText: 'hub of 12' }).waitFor();
  // Then it enters how many of its people chose each answer, up to its headcount.
  await hubCard.getByText('How many of your 12 people chose each answer? In all at most 12.').waitFor();
  await hubCard.getByLabel('Rural access').fill('9');
  await hubCard.getByLabel('Cost of devices').fill('2');
  await hubCard.getByLabel('Local content').fill('3');
  await hubCard.getByRole('button', { name: 'Send the hub’s count' }).click();
  await hubCard.locator('.poll-said', { hasText: 'The counts add up to more than 12, the hub’s headcount.' }).waitFor();
  await hubCard.getByLabel('Local content').fill('0');
  await hubCard.getByRole('button', { name: 'Send the hub’s count' }).click();
  await hubCard.locator('.poll-said', { hasText: 'Sent: 9 Rural access, 2 Cost of devices, 0 Local content.' }).waitFor();
  await shootBoth(hub, 'poll-hub-count', 'the hub’s count');

  // The moderator follows the tally live: by mode, with those present who did not answer.
  await row(moderator, '.poll-current', 'Rural access').locator('.poll-count', { hasText: /^10$/ }).waitFor();
  await row(moderator, '.poll-current', 'Rural access').locator('.poll-modes', { hasText: '1 online · 9 in remote hubs' }).waitFor();
  await row(moderator, '.poll-current', 'Cost of devices').locator('.poll-modes', { hasText: '1 in the room · 2 in remote hubs' }).waitFor();
  await current.locator('.poll-summary', { hasText: '13 of 14 present answered' }).waitFor();
  await row(moderator, '.poll-current', 'Present, not answered').locator('.poll-count', { hasText: /^1$/ }).waitFor();
  await moderator.locator('#poll-current-heading').scrollIntoViewIfNeeded();
  await shootBoth(moderator, 'poll-moderator-live', 'the moderator’s live tally');
  assert.equal(await display.locator('.display-poll .poll-results').isVisible(), false, 'the display holds back the results too');
  await display.locator('.display-poll-title', { hasText: 'What should the next session focus on?' }).waitFor();
  await shootBoth(display, 'poll-display-open', 'the display with an open poll');

  // Closed: final, still held back; published: everyone sees it.
  await current.getByRole('button', { name: 'Close' }).click();
  const past = moderator.locator('.poll-past-item').first();
  await past.locator('.poll-meta', { hasText: 'results held back' }).waitFor();
  await said(ana, 'Poll closed: What should the next session focus on?');
  await past.locator('.poll-breakdown summary').click();
  await past.locator('.poll-table', { hasText: 'Civil society' }).waitFor();
  await past.locator('.poll-table', { hasText: 'Western European and other States' }).waitFor();
  await shootBoth(moderator, 'poll-moderator-closed', 'the moderator’s closed poll, with the breakdown');
  await past.getByRole('button', { name: 'Publish the results: What should the next session focus on?' }).click();
  await said(ana, 'Results published: What should the next session focus on?');
  await row(ana, '#poll', 'Rural access').locator('.poll-count', { hasText: /^10$/ }).waitFor();
  await anaCard.locator('.poll-said', { hasText: 'Your answer: Rural access.' }).waitFor();
  await shootBoth(ana, 'poll-participant-published', 'the participant’s published results');

  await display.locator('.display-poll .poll-state', { hasText: 'Final result' }).waitFor();
  await row(display, '.display-poll', 'Rural access').locator('.poll-modes', { hasText: '1 online · 9 in remote hubs' }).waitFor();
  await row(display, '.display-poll', 'Cost of devices').locator('.poll-count', { hasText: /^3$/ }).waitFor();
  await display.locator('.display-poll .poll-summary', { hasText: '13 of 14 present answered' }).waitFor();
  await shootBoth(display, 'poll-display-published', 'the display with published results');
  for (const context of contexts) assertNoProblems(context, 'poll');
  await Promise.all(contexts.map((context) => context.close()));
});

test('a show of hands: raise or not, no default; the chair’s count of the room shown apart, on the display too', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const contexts = await Promise.all([DESKTOP, PHONE, DESKTOP, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, ana, bo, display] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana', way: 'remote' });
  await joinAs(bo, server.base, { sessionId, name: 'Bo', way: 'onsite', stakeholder: 'academia', region: 'asia_pacific' });
  await display.goto(`${server.base}/s/${sessionId}/display?token=${moderatorInvite.token}`);
  await display.locator('.display-state', { hasText: 'Live' }).waitFor();

  await moderator.getByRole('button', { name: 'New show of hands or poll' }).click();
  await moderator.getByLabel('Title or question').fill('Who here has deployed IPv6?');
  await moderator.getByRole('button', { name: 'Open the show of hands' }).click();
  await moderator.locator('.poll-current h3', { hasText: 'Open now: Show of hands' }).waitFor();

  // Neither answer is chosen until the participant chooses.
  const card = ana.locator('#poll');
  await card.locator('legend', { hasText: 'Who here has deployed IPv6?' }).waitFor();
  assert.equal(await card.getByLabel('Raise hand', { exact: true }).isChecked(), false);
  assert.equal(await card.getByLabel('Do not raise hand').isChecked(), false);
  await card.getByRole('button', { name: 'Send my answer' }).click();
  await card.locator('.poll-said', { hasText: 'Choose an answer first.' }).waitFor();
  await shootBoth(ana, 'hands-participant-open', 'the participant’s open show of hands');
  await card.getByLabel('Raise hand', { exact: true }).check();
  await card.getByRole('button', { name: 'Send my answer' }).click();
  await card.locator('.poll-said', { hasText: 'Your answer: Raise hand.' }).waitFor();
  await bo.locator('#poll').getByLabel('Do not raise hand').check();
  await bo.locator('#poll').getByRole('button', { name: 'Send my answer' }).click();

  // The chair counts the hands in the room without a device.
  const chair = moderator.locator('.chair-count');
  await chair.getByLabel('Raise hand', { exact: true }).fill('12');
  await chair.getByLabel('Do not raise hand').fill('3');
  await chair.getByRole('button', { name: 'Save the count' }).click();
  const raised = row(moderator, '.poll-current', 'Raise hand');
  await raised.locator('.poll-chair', { hasText: 'Counted in the room by the moderator: 12' }).waitFor();
  // Apart: the counted answers stay as they were.
  await raised.locator('.poll-count', { hasText: /^1$/ }).waitFor();
  await shootBoth(moderator, 'hands-moderator-live', 'the moderator’s show of hands with the chair’s count');

  // Live results: participants and the display see them as they come.
  await row(ana, '#poll', 'Raise hand').locator('.poll-chair', { hasText: 'Counted in the room by the moderator: 12' }).waitFor();
  await row(display, '.display-poll', 'Raise hand').locator('.poll-chair', { hasText: 'Counted in the room by the moderator: 12' }).waitFor();
  await row(display, '.display-poll', 'Do not raise hand').locator('.poll-modes', { hasText: '1 in the room' }).waitFor();
  await shootBoth(display, 'hands-display-live', 'the display with a live show of hands');
  await moderator.locator('.poll-current').getByRole('button', { name: 'Close' }).click();
  await display.locator('.display-poll .poll-state', { hasText: 'Final result' }).waitFor();
  await card.locator('.poll-state', { hasText: 'Closed' }).waitFor();
  await shootBoth(ana, 'hands-participant-closed', 'the participant’s closed show of hands');
  for (const context of contexts) assertNoProblems(context, 'show of hands');
  await Promise.all(contexts.map((context) => context.close()));
});

test('a point of order jumps the queue for the chair and on the display; kinds, topics and first contributions are shown, and the chair can refuse the priority', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const contexts = await Promise.all([DESKTOP, DESKTOP, DESKTOP, PHONE, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, ana, bo, cy, display] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana', way: 'remote' });
  await joinAs(bo, server.base, { sessionId, name: 'Bo', way: 'onsite' });
  await joinAs(cy, server.base, { sessionId, name: 'Cy', way: 'remote', stakeholder: 'government' });
  await display.goto(`${server.base}/s/${sessionId}/display?token=${moderatorInvite.token}`);
  await display.locator('.display-state', { hasText: 'Live' }).waitFor();

  await ana.getByRole('button', { name: 'Raise my hand' }).click();
  await ana.locator('#hand-mine', { hasText: 'Your request: Speak' }).waitFor();
  await bo.getByLabel('Topic (optional)').fill('Funding for community networks');
  await bo.getByRole('button', { name: 'Raise my hand' }).click();
  await bo.locator('#hand-mine', { hasText: 'Your request: Speak · Funding for community networks' }).waitFor();
  await display.locator('.display-next', { hasText: 'Next: Ana (online), then Bo (in the room) · Funding for community networks' }).waitFor();

  // Cy, on a phone, raises a point of order with a topic.
  await cy.getByRole('tab', { name: /^Hand/ }).click();
  await cy.getByLabel('What for').selectOption('point_of_order');
  await cy.getByLabel('Topic (optional)').fill('The speaking time was not kept');
  await shootBoth(cy, 'floor-participant-kind', 'the participant choosing a point of order');
  await cy.getByRole('button', { name: 'Raise my hand' }).click();
  await cy.locator('#hand-mine', { hasText: 'Your request: Point of order (priority) · The speaking time was not kept' }).waitFor();
  await cy.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();

  // First in the chair's queue, marked; everyone is a first contribution so far.
  const first = moderator.locator('.queue-entry').first();
  await first.locator('.entry-name', { hasText: 'Cy' }).waitFor();
  await first.locator('.entry-kind', { hasText: 'Point of order (priority)' }).waitFor();
  await first.locator('.entry-topic', { hasText: 'The speaking time was not kept' }).waitFor();
  assert.equal(await moderator.locator('.queue-entry .entry-first', { hasText: 'First contribution' }).count(), 3);
  await display.locator('.display-next', { hasText: 'Next: Point of order (priority) Cy (online) · The speaking time was not kept, then Ana (online)' }).waitFor();
  await display.locator('.display-who[data-kind="point_of_order"] .kind-badge').waitFor();
  await shootBoth(moderator, 'floor-moderator-point-of-order', 'the moderator’s queue with a point of order');
  await shootBoth(display, 'floor-display-point-of-order', 'the display with a point of order next');

  // Ana has spoken: no longer a first contribution when she raises her hand again.
  await moderator.getByRole('button', { name: 'Give floor: Cy' }).click();
  await moderator.getByRole('button', { name: 'End this turn' }).click();
  await moderator.getByRole('button', { name: 'Give floor: Ana' }).click();
  await moderator.getByRole('button', { name: 'End this turn' }).click();
  await ana.getByLabel('What for').selectOption('reply');
  await ana.getByRole('button', { name: 'Raise my hand' }).click();
  const anaEntry = moderator.locator('.queue-entry', { has: moderator.locator('.entry-name', { hasText: 'Ana' }) });
  await anaEntry.locator('.entry-spoken', { hasText: /spoke once/ }).waitFor();
  assert.equal(await anaEntry.locator('.entry-first').isVisible(), false);
  // A reply goes first while replies are allowed; the chair refuses its priority.
  await moderator.getByText('Queue settings').click();
  await moderator.getByLabel('Replies go right after the current turn').check();
  await ana.getByRole('button', { name: 'Lower my hand' }).click();
  await ana.getByLabel('What for').selectOption('reply');
  await ana.getByRole('button', { name: 'Raise my hand' }).click();
  await moderator.locator('.queue-entry').first().locator('.entry-kind', { hasText: 'Reply to the speaker (priority)' }).waitFor();
  await moderator.getByRole('button', { name: 'Refuse priority: Ana' }).click();
  await moderator.locator('.queue-entry').first().locator('.entry-name', { hasText: 'Bo' }).waitFor();
  await ana.locator('#hand-mine', { hasText: 'Your request: Reply to the speaker' }).waitFor();
  // The queue's settings: who has spoken least first, a turn limit.
  await moderator.locator('#queue-policy').selectOption('least_spoken');
  await moderator.locator('#queue-max-turns').selectOption('1');
  await moderator.getByLabel('Participant', { exact: true }).waitFor();
  await shootBoth(moderator, 'floor-moderator-settings', 'the queue’s settings');
  await ana.locator('#hand-status').waitFor();
  for (const context of contexts) assertNoProblems(context, 'point of order');
  await Promise.all(contexts.map((context) => context.close()));
});

test('the captioner sees who has the floor, lines take that speaker, and the captioner corrects one; the transcript names the correction', async () => {
  const sessionId = await liveSession({ chair: 'Amina Diallo' });
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const contexts = await Promise.all([DESKTOP, DESKTOP, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, ana, captioner] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana Silva', way: 'remote' });
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await captioner.locator('[data-view="captioner"]').waitFor();

  const now = captioner.locator('#speaker-now');
  await now.getByText('Nobody has the floor: lines begun now are said by the chair, Amina Diallo.').waitFor();
  const write = async (text) => {
    await captioner.locator('#caption-input').fill(text);
    await captioner.locator('#caption-input').press('Enter');
  };
  await write('Welcome to this session on community networks.');

  await ana.getByRole('button', { name: 'Raise my hand' }).click();
  await moderator.getByRole('button', { name: 'Give floor: Ana Silva' }).click();
  await now.getByText('Lines begun now are said by Ana Silva (online).').waitFor();
  await write('Thank you, Chair. In rural Kenya the cost is the barrier.');
  await write('Excuse me, could the speaker use the microphone?');

  const lines = captioner.locator('.speaker-line');
  const line = (text) => captioner.locator('.speaker-line', { hasText: text });
  await line('Welcome to this session').locator('.speaker-line-who', { hasText: 'Amina Diallo (chair)' }).waitFor();
  await line('In rural Kenya').locator('.speaker-line-who', { hasText: 'Ana Silva (online)' }).waitFor();
  assert.equal(await lines.count(), 3);
  await shootBoth(captioner, 'captioner-speakers', 'the captioner’s speakers');

  // A voice from the floor, said during Ana's turn, is corrected.
  await captioner.getByRole('button', { name: 'Change speaker: Excuse me, could the speaker use the microphone?' }).click();
  await captioner.getByLabel('Said by').selectOption({ label: 'Someone else…' });
  await captioner.getByLabel('Name', { exact: true }).fill('Voice from the floor');
  await captioner.getByLabel('Taking part').selectOption('onsite');
  await shootBoth(captioner, 'captioner-correct-speaker', 'the captioner correcting a speaker');
  await captioner.getByRole('button', { name: 'Save' }).click();
  await line('Excuse me').locator('.speaker-line-who', { hasText: 'Voice from the floor (in the room)' }).waitFor();
  // Focus returns to the line's button.
  await captioner.waitForFunction(() => document.activeElement?.classList.contains('speaker-change'));

  await moderator.getByRole('button', { name: 'End this turn' }).click();
  await now.getByText('Nobody has the floor: lines begun now are said by the chair, Amina Diallo.').waitFor();
  const transcript = await (await fetch(`${server.base}/api/sessions/${sessionId}/transcript.txt`)).text();
  assert.match(transcript, />> Ana Silva \(Civil society, online\):\n\[[\d:]+\] Thank you, Chair/);
  assert.match(transcript, />> Voice from the floor \(in the room\):\n\[[\d:]+\] Excuse me/);
  for (const context of contexts) assertNoProblems(context, 'caption speakers');
  await Promise.all(contexts.map((context) => context.close()));
});

test('once someone has spoken, the moderator sees the balance: each mode’s and group’s share of the speaking time over its share of the people, and the session’s figure', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const contexts = await Promise.all([DESKTOP, DESKTOP, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, ana, bo] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana', way: 'remote', stakeholder: 'civil_society', region: 'african' });
  await joinAs(bo, server.base, { sessionId, name: 'Bo', way: 'onsite', stakeholder: 'government', region: 'asia_pacific' });
  const balance = moderator.locator('#equity .balance');
  // Nobody has spoken: there is no balance to show.
  await moderator.locator('#equity tbody tr').first().waitFor();
  assert.equal(await balance.count(), 0);

  await ana.getByRole('button', { name: 'Raise my hand' }).click();
  await moderator.getByRole('button', { name: 'Give floor: Ana' }).click();
  await moderator.waitForTimeout(1500);
  await moderator.getByRole('button', { name: 'End this turn' }).click();
  // Ana (online, civil society) spoke for both: twice her share, Bo's groups none.
  await balance.locator('.balance-figure', { hasText: 'Balance across stakeholder groups: 0.5 ' }).waitFor();
  await balance.getByText('By how people take part: In the room 0 · Online 2').waitFor();
  await balance.getByText('By stakeholder group: Civil society 2 · Government 0').waitFor();
  await balance.getByText('By regional group: African States 2 · Asia-Pacific States 0').waitFor();
  await moderator.locator('#equity').scrollIntoViewIfNeeded();
  await shootBoth(moderator, 'equity-balance', 'the equity panel with the balance');
  for (const context of contexts) assertNoProblems(context, 'balance');
  await Promise.all(contexts.map((context) => context.close()));
});
