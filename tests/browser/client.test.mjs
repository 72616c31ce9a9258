// End-to-end tests of the web client: real hybridhub, real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, joinAs, screenshot, startProxy, hubCommands, expectNoAxeViolations } from './harness.mjs';

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

/** A fresh live session per test, so tests never see each other's queue. */
async function liveSession(languages = ['en', 'fr']) {
  sessionCounter += 1;
  const id = `browser-test-${sessionCounter}`;
  await server.createSession({ id, title: `Browser test ${sessionCounter}`, room: 'Room 3', languages, state: 'live' });
  return id;
}

function assertNoProblems(context, label) {
  assert.deepEqual(context.problems, [], `${label}: console or page errors`);
}

test('participant, moderator and captioner work one session together', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');

  const participantContext = await newContext(browser);
  const moderatorContext = await newContext(browser);
  const captionerContext = await newContext(browser);
  const otherContext = await newContext(browser);
  const displayContext = await newContext(browser);
  const participant = await participantContext.newPage();
  const moderator = await moderatorContext.newPage();
  const captioner = await captionerContext.newPage();
  const other = await otherContext.newPage();

  await joinAs(participant, server.base, { sessionId, name: 'Ana', way: 'remote', region: 'african' });
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', stakeholder: 'intergovernmental', region: 'western_european_others', token: moderatorInvite.token });
  await joinAs(captioner, server.base, { sessionId, name: 'CART writer', way: 'remote', stakeholder: 'other', region: 'unspecified', token: captionerInvite.token });
  await joinAs(other, server.base, { sessionId, name: 'Ben', way: 'hub', stakeholder: 'academia', region: 'asia_pacific', hub: { name: 'Dhaka hub', headcount: 12 } });

  await moderator.locator('[data-view="moderator"]').waitFor();
  await captioner.locator('[data-view="captioner"]').waitFor();
  await participant.locator('[data-view="participant"]').waitFor();

  // Captions: a partial shows while it is written, the finished line stays.
  const captionInput = captioner.locator('#caption-input');
  await captionInput.pressSequentially('Good morning from Addis');
  await participant.locator('.caption-line.writing', { hasText: 'Good morning from Addis' }).waitFor();
  await captionInput.press('Enter');
  await participant.locator('.caption-lines .caption-line', { hasText: 'Good morning from Addis' }).waitFor();
  await captioner.locator('#preview .caption-lines .caption-line', { hasText: 'Good morning from Addis' }).waitFor();
  assert.equal(await participant.locator('.caption-line.writing').count(), 0, 'the finished line is no longer shown as being written');

  // The floor: a remote hand, a room speaker added by the moderator.
  await participant.getByRole('button', { name: 'Raise my hand' }).click();
  await participant.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  await moderator.locator('#onsite-name').fill('Mr Diallo');
  await moderator.locator('#onsite-stakeholder').selectOption('government');
  await moderator.getByRole('button', { name: 'Add to queue' }).click();
  await moderator.locator('.queue-entry', { hasText: 'Room: Mr Diallo' }).waitFor();
  const names = await moderator.locator('.queue-entry .entry-name').allTextContents();
  assert.deepEqual(names, ['Ana', 'Room: Mr Diallo']);
  await participant.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();

  // Presence counts a hub as one until the moderator confirms its
  // headcount, then as its people; staff (the moderator and the captioner)
  // are at work, not taking part.
  await participant.locator('#presence', { hasText: /2 taking part: 0 in the room, 2 online/ }).waitFor();
  await moderator.getByRole('button', { name: 'Confirm 12 for Ben' }).click();
  await participant.locator('#presence', { hasText: /13 taking part: 0 in the room, 13 online/ }).waitFor();

  // The room display, opened from the moderator's link on the moderator's
  // computer, names who is next; its address carries no invite.
  const displayHref = await moderator.getByRole('link', { name: 'Open the room display' }).getAttribute('href');
  assert.equal(displayHref, `/s/${sessionId}/display`);
  const display = await moderatorContext.newPage();
  await display.goto(`${server.base}${displayHref}`);
  await display.locator('.display-next', { hasText: 'Next: Ana (online), then Mr Diallo (in the room)' }).waitFor();
  await display.locator('.display-captions .caption-line', { hasText: 'Good morning from Addis' }).waitFor();
  await display.locator('.display-state', { hasText: 'Live' }).waitFor();
  // The display is a screen, not a person: presence does not count it.
  await moderator.locator('.roster-entry', { hasText: 'Room display' }).locator('.roster-meta', { hasText: 'display' }).waitFor();
  assert.match(await participant.locator('#presence').textContent(), /13 taking part: 0 in the room, 13 online/);

  // The speaking time of every turn is one of the queue's settings.
  await moderator.getByText('Queue settings').click();
  await moderator.locator('#turn-limit').selectOption('120');
  await moderator.getByRole('button', { name: 'Give floor: Ana' }).click();
  // Ana's entry leaves the queue; focus moves to the next entry, not to the page.
  await moderator.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Give floor: Mr Diallo');
  await participant.locator('.floor-who', { hasText: 'You have the floor' }).waitFor();
  await participant.locator('.floor-timer', { hasText: /^[12]:\d\d left$/ }).waitFor();
  await other.locator('.floor-who', { hasText: 'Ana (online) has the floor' }).waitFor();
  await display.locator('.display-speaker', { hasText: 'Speaking: Ana (online)' }).waitFor();
  await display.locator('.display-next', { hasText: 'Next: Mr Diallo (in the room)' }).waitFor();
  assert.match(await participant.locator('#hand-status').textContent(), /waiting to speak/);

  // Questions, pre-moderated: asked, approved, upvoted, answered.
  await moderator.getByLabel('Approve questions before they are shown').check();
  await participant.locator('#question-input').fill('How will rural schools get connected?');
  await participant.getByRole('button', { name: 'Ask' }).click();
  const asked = participant.locator('.question', { hasText: 'How will rural schools get connected?' });
  await asked.locator('.question-meta', { hasText: 'Waiting for a moderator' }).waitFor();
  await moderator.getByRole('button', { name: 'Approve: How will rural schools get connected?' }).click();
  const seenByOther = other.locator('.question', { hasText: 'How will rural schools get connected?' });
  await seenByOther.getByRole('button', { name: /^Upvote/ }).click();
  await asked.locator('.question-meta', { hasText: '1 vote · Open' }).waitFor();
  await seenByOther.getByRole('button', { name: /^Upvoted/ }).waitFor();
  await display.locator('.display-questions', { hasText: 'How will rural schools get connected?' }).waitFor();
  await moderator.getByRole('button', { name: 'Answered: How will rural schools get connected?' }).click();
  // An answered question folds away below the open ones.
  await participant.locator('.question-fold summary', { hasText: 'Answered and dismissed (1)' }).click();
  await asked.locator('.question-meta', { hasText: 'Answered' }).waitFor();

  // A dismissal is never silent: the asker sees the reason.
  await participant.locator('#question-input').fill('Can we talk about football?');
  await participant.getByRole('button', { name: 'Ask' }).click();
  await moderator.getByRole('button', { name: 'Approve: Can we talk about football?' }).waitFor();
  await moderator.getByLabel('Reason for dismissing: Can we talk about football?').fill('Out of scope for this session');
  await moderator.getByRole('button', { name: 'Dismiss: Can we talk about football?' }).click();
  await participant.locator('.question', { hasText: 'Can we talk about football?' }).locator('.question-reason', { hasText: 'Reason: Out of scope for this session' }).waitFor();

  // Equity figures: one remote turn so far.
  await moderator.locator('#equity tbody tr', { hasText: 'Given the floor' }).waitFor();
  await moderator.waitForFunction(() => {
    const row = [...document.querySelectorAll('#equity tbody tr')].find((tr) => tr.textContent.startsWith('Given the floor'));
    return row && row.querySelectorAll('.bar-value')[1].textContent === '1';
  });


  // An organiser's display invite works on another computer, and the
  // invite leaves the address bar at once.
  const displayInvite = await server.invite(sessionId, 'display');
  const projector = await displayContext.newPage();
  await projector.goto(displayInvite.url.replace(/^http:\/\/[^/]+/, server.base));
  await projector.locator('.display-next', { hasText: 'Next: Mr Diallo (in the room)' }).waitFor();
  assert.equal(new URL(projector.url()).search, '', 'no token left in the address');

  // The moderator downloads the equity report with the invite in a header.
  const [download] = await Promise.all([
    moderator.waitForEvent('download'),
    moderator.getByRole('button', { name: 'Download the equity report (CSV)' }).click(),
  ]);
  const csv = await (await download.createReadStream()).toArray();
  assert.match(Buffer.concat(csv).toString(), /^section,group,key,metric,value/);

  for (const [page, name] of [[participant, 'participant'], [moderator, 'moderator'], [captioner, 'captioner'], [display, 'display'], [other, 'participant-hub']]) {
    await screenshot(page, `view-${name}`);
    await expectNoAxeViolations(page, `the ${name} view`);
  }
  for (const context of [participantContext, moderatorContext, captionerContext, otherContext, displayContext]) {
    assertNoProblems(context, 'three roles');
    await context.close();
  }
});

test('moderator controls reach participants; caption scroll-back stays put while reading', async () => {
  const sessionId = await liveSession(['en']);
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const contexts = await Promise.all([0, 1, 2, 3].map(() => newContext(browser)));
  const [moderator, amina, bo, captioner] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(amina, server.base, { sessionId, name: 'Amina' });
  await joinAs(bo, server.base, { sessionId, name: 'Bo', region: 'latin_american_caribbean' });
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await captioner.locator('[data-view="captioner"]').waitFor();

  // Scroll-back: a reader who scrolled up is not pulled down by new lines.
  for (let line = 1; line <= 25; line += 1) {
    await captioner.locator('#caption-input').fill(`Caption line number ${line}`);
    await captioner.locator('#caption-input').press('Enter');
  }
  await amina.locator('.caption-lines .caption-line', { hasText: 'Caption line number 25' }).waitFor();
  const scroller = amina.locator('#captions .caption-scroll');
  await scroller.evaluate((element) => { element.scrollTop = 0; element.dispatchEvent(new Event('scroll')); });
  await captioner.locator('#caption-input').fill('A line while Amina reads back');
  await captioner.locator('#caption-input').press('Enter');
  await amina.locator('.caption-lines .caption-line', { hasText: 'A line while Amina reads back' }).waitFor({ state: 'attached' });
  assert.equal(await scroller.evaluate((element) => element.scrollTop), 0, 'the view did not jump');
  await amina.getByRole('button', { name: 'Jump to live captions' }).click();
  assert.ok(await scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 48), 'back at the live line');

  // An announcement, pinned and unpinned.
  await moderator.locator('#announcement-text').fill('Coffee break at 11:00');
  await moderator.getByRole('button', { name: 'Pin', exact: true }).click();
  await amina.locator('#announcement', { hasText: 'Announcement: Coffee break at 11:00' }).waitFor();

  // The queue: move and lower.
  await amina.getByRole('button', { name: 'Raise my hand' }).click();
  await amina.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  await bo.getByRole('button', { name: 'Raise my hand' }).click();
  await bo.locator('#hand-status', { hasText: 'You are 2nd in the queue' }).waitFor();
  await moderator.getByRole('button', { name: 'Down: Amina' }).click();
  await amina.locator('#hand-status', { hasText: 'You are 2nd in the queue' }).waitFor();
  await bo.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  await moderator.getByRole('button', { name: 'Lower: Amina' }).click();
  await amina.getByRole('button', { name: 'Raise my hand' }).waitFor();
  await moderator.getByRole('button', { name: 'Lower all hands' }).click();
  await bo.getByRole('button', { name: 'Raise my hand' }).waitFor();
  await moderator.locator('#queue-open').uncheck();
  await amina.locator('#hand-status', { hasText: 'The queue is closed' }).waitFor();
  assert.equal(await amina.locator('#hand-button').isDisabled(), true);

  // Slow mode: a refused message is kept, marked with the reason, and can be discarded.
  await moderator.locator('#chat-mode').selectOption('slow');
  await amina.locator('#chat-rules', { hasText: 'Slow mode' }).waitFor();
  await amina.locator('#chat-input').fill('First in slow mode');
  await amina.locator('#chat-input').press('Enter');
  await amina.locator('.chat-list .chat-message', { hasText: 'First in slow mode' }).waitFor();
  await amina.locator('#chat-input').fill('Second too soon');
  await amina.locator('#chat-input').press('Enter');
  const refused = amina.locator('#chat .unsent', { hasText: 'Second too soon' });
  await refused.locator('.unsent-state', { hasText: /^Not sent: / }).waitFor();
  await refused.getByRole('button', { name: 'Retry: Second too soon' }).click();
  // Still too soon: refused again, still kept, and focus stayed on the item.
  await refused.locator('.unsent-state', { hasText: /^Not sent: / }).waitFor();
  assert.equal(await amina.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Discard: Second too soon');
  await refused.getByRole('button', { name: 'Discard: Second too soon' }).click();
  await refused.waitFor({ state: 'detached' });

  // A promotion turns Bo's page into the moderator's view, and back.
  await moderator.getByLabel('Role of Bo').selectOption('moderator');
  await bo.locator('[data-view="moderator"]').waitFor();
  await bo.locator('.roster-entry', { hasText: 'Chair' }).waitFor();
  await moderator.getByLabel('Role of Bo').selectOption('participant');
  await bo.locator('[data-view="participant"]').waitFor();
  // A demoted invite holder stays demoted: the invite is not used to climb back.
  await moderator.getByLabel('Role of Writer').selectOption('participant');
  await captioner.locator('[data-view="participant"]').waitFor();
  await captioner.reload();
  await captioner.locator('#connection-state[data-state="open"]').waitFor();
  await captioner.waitForTimeout(500);
  assert.equal(await captioner.locator('[data-view="participant"]').count(), 1, 'still a participant after a reload');

  // Chat locked to moderators.
  await moderator.locator('#chat-mode').selectOption('locked');
  await amina.locator('#chat-rules', { hasText: 'Chat is locked' }).waitFor();
  assert.equal(await amina.locator('#chat-input').isDisabled(), true);
  await screenshot(amina, 'view-participant-controlled');
  await expectNoAxeViolations(amina, 'the participant view under moderator controls');

  // Removal with a ban: Bo is told, and is not let back in.
  await moderator.getByRole('button', { name: 'Remove and ban Bo' }).click();
  await moderator.getByRole('button', { name: 'Press again to ban Bo' }).click();
  await bo.locator('#connection-state[data-state="closed"]', { hasText: 'A moderator removed you' }).waitFor();
  await bo.reload();
  await bo.locator('#connection-state[data-state="closed"]', { hasText: 'cannot join again' }).waitFor();

  // Ending the session makes everything read-only.
  await moderator.getByRole('button', { name: 'End the session' }).click();
  await moderator.getByRole('button', { name: 'Press again to end the session for everyone' }).click();
  await amina.locator('.session-room', { hasText: 'This session has ended' }).waitFor();
  await amina.locator('#chat-rules', { hasText: 'The session has ended' }).waitFor();
  await screenshot(moderator, 'view-moderator-ended');
  await expectNoAxeViolations(moderator, 'the moderator view after the session ended');

  for (const context of contexts) {
    assertNoProblems(context, 'moderator controls');
    await context.close();
  }
});

test('chat text is shown as text, never as HTML', async () => {
  const sessionId = await liveSession();
  const senderContext = await newContext(browser);
  const readerContext = await newContext(browser);
  const sender = await senderContext.newPage();
  const reader = await readerContext.newPage();
  const dialogs = [];
  for (const page of [sender, reader]) page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  await joinAs(sender, server.base, { sessionId, name: '<b>Mallory</b>' });
  await joinAs(reader, server.base, { sessionId, name: 'Reader' });

  const payload = '<img src=x onerror=alert(1)>';
  await sender.locator('#chat-input').fill(payload);
  await sender.locator('#chat-input').press('Enter');
  const message = reader.locator('.chat-message', { hasText: payload });
  await message.waitFor();
  assert.equal(await message.locator('.chat-text').textContent(), payload);
  assert.equal(await message.locator('.chat-from').textContent(), '<b>Mallory</b>');
  assert.equal(await reader.locator('.chat-list img, .chat-list b').count(), 0, 'no element was made from the text');
  await reader.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no script ran');
  assertNoProblems(senderContext, 'xss sender');
  assertNoProblems(readerContext, 'xss reader');
  await senderContext.close();
  await readerContext.close();
});

test('a network cut: missed captions and chat arrive once, and chat typed offline is sent on reconnect', async () => {
  const sessionId = await liveSession();
  const proxy = await startProxy(server.base);
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const remoteContext = await newContext(browser);
  const moderatorContext = await newContext(browser);
  const captionerContext = await newContext(browser);
  const remote = await remoteContext.newPage();
  const moderator = await moderatorContext.newPage();
  const captioner = await captionerContext.newPage();
  const moderatorInvite = await server.invite(sessionId, 'moderator');

  await joinAs(remote, proxy.base, { sessionId, name: 'Kofi', way: 'remote' });
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await captioner.locator('[data-view="captioner"]').waitFor();

  await captioner.locator('#caption-input').fill('Line before the cut');
  await captioner.locator('#caption-input').press('Enter');
  await remote.locator('.caption-lines .caption-line', { hasText: 'Line before the cut' }).waitFor();
  await remote.getByRole('button', { name: 'Raise my hand' }).click();
  await remote.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();

  proxy.cut();
  await remote.locator('#connection-state[data-state="reconnecting"]').waitFor();
  await screenshot(remote, 'network-cut-offline');

  for (const line of ['First line during the cut', 'Second line during the cut']) {
    await captioner.locator('#caption-input').fill(line);
    await captioner.locator('#caption-input').press('Enter');
    await captioner.locator('#preview .caption-lines .caption-line', { hasText: line }).waitFor();
  }
  await moderator.locator('#chat-input').fill('Chat during the cut');
  await moderator.locator('#chat-input').press('Enter');
  await moderator.locator('.chat-list .chat-message', { hasText: 'Chat during the cut' }).waitFor();

  await remote.locator('#chat-input').fill('Typed while offline');
  await remote.locator('#chat-input').press('Enter');
  await remote.locator('#chat .unsent', { hasText: 'Typed while offline' }).locator('.unsent-state', { hasText: 'Not sent yet' }).waitFor();

  proxy.restore();
  await remote.locator('#connection-state[data-state="open"]').waitFor({ timeout: 30_000 });
  await remote.locator('.caption-lines .caption-line', { hasText: 'Second line during the cut' }).waitFor();
  await remote.locator('.chat-list .chat-message', { hasText: 'Typed while offline' }).waitFor();
  await moderator.locator('.chat-list .chat-message', { hasText: 'Typed while offline' }).waitFor();
  await remote.waitForTimeout(500);

  const captions = await remote.locator('.caption-lines .caption-line').allTextContents();
  assert.deepEqual(captions, ['Line before the cut', 'First line during the cut', 'Second line during the cut']);
  const chat = await remote.locator('.chat-list .chat-text').allTextContents();
  assert.deepEqual(chat, ['Chat during the cut', 'Typed while offline']);
  assert.equal(await remote.locator('#chat .unsent').count(), 0);
  const moderatorChat = await moderator.locator('.chat-list .chat-text').allTextContents();
  assert.deepEqual(moderatorChat, ['Chat during the cut', 'Typed while offline']);
  // The hand was held over the cut and is back in place.
  await remote.locator('#hand-status', { hasText: 'You are 1st in the queue (your place was kept while you were offline)' }).waitFor();
  await screenshot(remote, 'network-cut-restored');

  for (const context of [remoteContext, moderatorContext, captionerContext]) {
    assertNoProblems(context, 'network cut');
    await context.close();
  }
  await proxy.close();
});

test('the join page and settings pass axe, and the client works from the keyboard', async () => {
  const sessionId = await liveSession();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await page.locator('.session-list li').first().waitFor();
  const firstSession = await page.locator('.session-list li').first().textContent();
  assert.match(firstSession, /Live now/, 'live sessions come first');
  await screenshot(page, 'view-join');
  await expectNoAxeViolations(page, 'the join page');

  // An empty name is refused with a message.
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('.join-form .error', { hasText: 'Enter your name.' }).waitFor();
  await expectNoAxeViolations(page, 'the join page with an error');

  await joinAs(page, server.base, { sessionId, name: 'Keyboard user' });
  // Tab to the hand button and raise the hand with the keyboard alone.
  let reached = false;
  for (let presses = 0; presses < 60 && !reached; presses += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'hand-button');
  }
  assert.ok(reached, 'the hand button is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Space');
  await page.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  const transition = await page.evaluate(() => getComputedStyle(document.querySelector('.floor-banner')).transitionDuration);
  assert.doesNotMatch(transition, /^0s(, 0s)*$/, 'without reduced motion the banner eases');
  await page.locator('#chat-input').focus();
  await page.keyboard.type('Sent with Enter');
  await page.keyboard.press('Enter');
  await page.locator('.chat-list .chat-message', { hasText: 'Sent with Enter' }).waitFor();

  // The remembered profile fills the form next time.
  await page.goto(`${server.base}/`);
  assert.equal(await page.getByLabel('Your name').inputValue(), 'Keyboard user');

  // Themes and captions-only, each checked by axe.
  await page.goto(`${server.base}/s/${sessionId}`);
  await page.locator('#connection-state[data-state="open"]').waitFor();
  for (const theme of ['dark', 'contrast']) {
    await page.locator('.settings summary').click();
    await page.locator('#pref-theme').selectOption(theme);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    await screenshot(page, `view-participant-${theme}`);
    await expectNoAxeViolations(page, `the participant view, ${theme} theme`);
    await page.locator('.settings summary').click();
  }
  await page.locator('.settings summary').click();
  await page.locator('#pref-size').selectOption('2.25');
  await page.getByLabel('Captions only').check();
  assert.equal(await page.locator('#chat').isVisible(), false, 'captions-only hides chat');
  assert.equal(await page.locator('#captions').isVisible(), true);
  await screenshot(page, 'view-participant-captions-only');
  await expectNoAxeViolations(page, 'captions-only');
  assertNoProblems(context, 'keyboard');
  await context.close();
});

test('a phone-sized viewport and 200% zoom keep the layout in one column without sideways scrolling', async () => {
  const sessionId = await liveSession();
  for (const [name, options] of [
    ['phone', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ['zoom-200', { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }],
  ]) {
    const context = await newContext(browser, { ...options, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await joinAs(page, server.base, { sessionId, name: `Small screen ${name}` });
    await page.locator('[data-view="participant"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${name}: no horizontal scrolling`);
    const transition = await page.evaluate(() => getComputedStyle(document.querySelector('.floor-banner')).transitionDuration);
    assert.match(transition, /^0s(, 0s)*$/, `${name}: reduced motion turns transitions off`);
    await screenshot(page, `view-participant-${name}`);
    await expectNoAxeViolations(page, `the participant view (${name})`);
    assertNoProblems(context, name);
    await context.close();
  }
});

test('each view transfers under 150 KB in every language, compressed assets, one language’s catalog, a strict CSP, and nothing from elsewhere', async () => {
  const sessionId = await liveSession();
  const invite = await server.invite(sessionId, 'moderator');
  const profile = { name: 'Sizer', way: 'onsite', stakeholder: 'government', region: 'african', hub: null };
  const views = [
    ['join', `${server.base}/?session=${sessionId}`],
    ['participant', `${server.base}/s/${sessionId}`],
    ['moderator', `${server.base}/s/${sessionId}`, invite.token],
    ['display', `${server.base}/s/${sessionId}/display?token=${invite.token}`],
    // The organisers' console, as it first opens: the sign-in form.
    ['console', `${server.base}/admin`],
  ];
  for (const lang of ['en', 'ar', 'zh', 'fr', 'ru', 'es']) for (const [name, url, token] of views) {
    // A new context per view: an empty cache, so every byte is counted.
    const context = await newContext(browser, { locale: lang });
    await context.addInitScript(([storedProfile, sessionKey, storedToken]) => {
      if (location.protocol !== 'http:') return;
      localStorage.setItem('hybridhub.profile', JSON.stringify(storedProfile));
      if (storedToken) localStorage.setItem(sessionKey, JSON.stringify(storedToken));
    // A name per view: a participant may not take a moderator's name.
    }, [{ ...profile, name: `Sizer ${name}` }, `hybridhub.token.${sessionId}`, token || null]);
    const page = await context.newPage();
    const responses = [];
    // Bodies are read as they arrive: after a navigation they are gone.
    page.on('response', (response) => responses.push({ response, body: response.status() === 200 ? response.body().catch(() => Buffer.alloc(0)) : Promise.resolve(Buffer.alloc(0)) }));
    await page.goto(url, { waitUntil: 'networkidle' });
    if (name === 'moderator') await page.locator('[data-view="moderator"]').waitFor();
    if (name === 'participant') await page.locator('[data-view="participant"]').waitFor();
    let bytes = 0;
    let transferred = 0;
    for (const { response, body } of responses) {
      assert.ok(response.url().startsWith(server.base), `${name}: ${response.url()} comes from hybridhub itself`);
      bytes += (await body).length;
      transferred += (await response.request().sizes()).responseBodySize;
      if (response.url().endsWith('.js') && response.status() === 200) {
        assert.equal((await response.allHeaders())['content-encoding'], 'gzip', `${response.url()} is served compressed`);
      }
    }
    assert.equal(await page.evaluate(() => document.documentElement.lang.split('-')[0]), lang, `${name} in ${lang}`);
    const catalogs = responses.map(({ response }) => new URL(response.url()).pathname).filter((path) => path.startsWith('/i18n/'));
    assert.ok(catalogs.length > 0 && catalogs.every((path) => path.startsWith(`/i18n/${lang}/`)), `${name} in ${lang} fetches its own language's catalog only: ${catalogs}`);
    assert.ok(bytes > 10_000 && bytes < 150_000, `${name} in ${lang}: ${bytes} bytes before compression`);
    assert.ok(transferred < bytes / 2, `${name} in ${lang}: gzip at least halves the transfer (${transferred} of ${bytes})`);
    console.log(`# ${name} view in ${lang}: ${responses.length} responses, ${bytes} bytes before compression, ${transferred} bytes on the wire`);
    const html = responses.map(({ response }) => response).find((response) => response.request().resourceType() === 'document');
    const csp = (await html.allHeaders())['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assertNoProblems(context, `sizes (${name} in ${lang})`);
    await context.close();
  }
});

test('a session with more questions than a welcome carries lists them all, fetched page by page', async () => {
  const sessionId = await liveSession(['en']);
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  // 22 people ask 5 questions each: 110, more than the 100 a welcome holds.
  for (let person = 0; person < 22; person += 1) {
    const asks = Array.from({ length: 5 }, (_, n) => ({ type: 'question.ask', text: `Question ${person}-${n}` }));
    await hubCommands(page, sessionId, { name: `Asker ${person}`, mode: 'remote', stakeholder: 'academia', region: 'african' }, asks);
  }
  await joinAs(page, server.base, { sessionId, name: 'Reader' });
  await page.locator('.question-list .question').nth(109).waitFor();
  assert.equal(await page.locator('.question-list .question').count(), 110);
  // The oldest question, which only a page after the welcome carried.
  await page.getByText('Question 0-0', { exact: true }).waitFor();
  assertNoProblems(context, 'questions paged');
  await context.close();
});

test('a hub counts as one until the moderator confirms its headcount from the roster', async () => {
  const sessionId = await liveSession(['en']);
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const moderatorContext = await newContext(browser);
  const hubContext = await newContext(browser);
  const moderator = await moderatorContext.newPage();
  const hub = await hubContext.newPage();
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', stakeholder: 'intergovernmental', region: 'african', token: moderatorInvite.token });
  await joinAs(hub, server.base, { sessionId, name: 'Kibera', way: 'hub', hub: { name: 'Kibera hub', headcount: 12 } });
  const entry = moderator.locator('.roster-entry', { hasText: 'Kibera' });
  await entry.locator('.roster-meta', { hasText: 'counted as 1 until confirmed' }).waitFor();
  const confirm = entry.getByRole('button', { name: 'Confirm 12 for Kibera' });
  await expectNoAxeViolations(moderator, 'the roster with an unconfirmed hub');
  await screenshot(moderator, 'roster-unconfirmed-hub');
  await confirm.click();
  await entry.locator('.roster-meta', { hasText: 'hub of 12' }).waitFor();
  assert.equal(await confirm.isHidden(), true, 'a confirmed hub has nothing left to confirm');
  assertNoProblems(moderatorContext, 'moderator');
  await moderatorContext.close();
  await hubContext.close();
});
