// Browser tests of UI defects, one test each: every one of them failed on
// the client before its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, joinAs, screenshot, hubCommands, expectNoAxeViolations } from './harness.mjs';

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

async function liveSession(languages = ['en'], state = 'live') {
  sessionCounter += 1;
  const id = `defect-${sessionCounter}`;
  // A scheduled session must say when it starts: tomorrow, so it does not go live by itself mid-test.
  const startsAt = state === 'scheduled' ? { starts_at: new Date(Date.now() + 86_400_000).toISOString() } : {};
  await server.createSession({ id, title: `Defect test ${sessionCounter}`, room: 'Room 5', languages, state, ...startsAt });
  return id;
}

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Shows the panel of a phone tab if the view has tabs (the desktop has none). */
async function showTab(page, name) {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  if (await tab.count()) await tab.click();
}

/** Opens the display with a display invite. */
async function openDisplay(context, sessionId) {
  const invite = await server.invite(sessionId, 'display');
  const page = await context.newPage();
  await page.goto(invite.url.replace(/^http:\/\/[^/]+/, server.base));
  await page.locator('.display-header').waitFor();
  return page;
}

/** Number of lines an element's text takes. */
function textLines(locator) {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    return tops.size;
  });
}

test('the equity panel shows its figures as soon as the moderator view starts', async () => {
  const sessionId = await liveSession();
  const invite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Chair', way: 'onsite', token: invite.token });
  await page.locator('[data-view="moderator"]').waitFor();
  // The figures come well before the 15 s refresh.
  await page.locator('#equity tbody tr').first().waitFor({ timeout: 4000 });
  assert.equal(await page.locator('#equity tbody tr').count(), 8);
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('changing the caption size keeps the captions at the newest line, and they keep following', async () => {
  const sessionId = await liveSession();
  const captioner = await server.invite(sessionId, 'captioner');
  const lines = Array.from({ length: 30 }, (_, index) => `Caption line ${index + 1}`);
  await server.postCaptions(captioner.caption_url, 1, `${lines.join('\n')}\n`);
  const context = await newContext(browser);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Reader' });
  await page.locator('.caption-lines .caption-line', { hasText: 'Caption line 30' }).waitFor();
  const scroller = page.locator('#captions .caption-scroll');
  const atBottom = () => scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 48);
  assert.ok(await atBottom(), 'at the newest line before');

  await page.locator('.settings summary').click();
  await page.locator('#pref-size').selectOption('2.25');
  await page.waitForTimeout(300);
  assert.ok(await atBottom(), 'still at the newest line after the size changed');
  assert.equal(await page.getByRole('button', { name: 'Jump to live captions' }).isVisible(), false);

  await server.postCaptions(captioner.caption_url, 2, 'A line after the change\n');
  await page.locator('.caption-lines .caption-line', { hasText: 'A line after the change' }).waitFor();
  await page.waitForTimeout(200);
  assert.ok(await atBottom(), 'follows new lines after the size changed');
  await page.locator('#pref-size').selectOption('1');
  await server.postCaptions(captioner.caption_url, 3, 'And after going back\n');
  await page.locator('.caption-lines .caption-line', { hasText: 'And after going back' }).waitFor();
  await page.waitForTimeout(200);
  assert.ok(await atBottom(), 'follows after the size went back');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('the room display shows the session state, not the connection, and keeps it after a reload', async () => {
  const sessionId = await liveSession(['en'], 'scheduled');
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const display = await openDisplay(context, sessionId);
  const header = display.locator('.display-header');
  await header.getByText('Scheduled', { exact: true }).waitFor();
  assert.doesNotMatch(await header.textContent(), /Live/);
  await server.patchSession(sessionId, { state: 'live' });
  await header.getByText('Live', { exact: true }).waitFor();
  await server.patchSession(sessionId, { state: 'ended' });
  await header.getByText('Ended', { exact: true }).waitFor();
  assert.doesNotMatch(await header.textContent(), /Live/);
  assert.doesNotMatch(await display.locator('.display-speaker').textContent(), /floor is open/);
  await display.locator('.display-speaker', { hasText: 'This session has ended' }).waitFor();
  await screenshot(display, 'display-ended-1280x800');
  await expectNoAxeViolations(display, 'the ended display');
  await display.reload();
  await header.getByText('Ended', { exact: true }).waitFor();
  assert.doesNotMatch(await header.textContent(), /Live/);
  await display.locator('.display-speaker', { hasText: 'This session has ended' }).waitFor();
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('after the session ends, Raise my hand and Ask are disabled and say why', async () => {
  const sessionId = await liveSession();
  const context = await newContext(browser);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Late asker' });
  assert.equal(await page.locator('#hand-button').isDisabled(), false);
  await server.patchSession(sessionId, { state: 'ended' });
  await page.locator('.session-room', { hasText: 'This session has ended' }).waitFor();
  assert.equal(await page.locator('#hand-button').isDisabled(), true, 'the hand button is disabled');
  await page.locator('#hand-status', { hasText: 'The session has ended' }).waitFor();
  assert.equal(await page.locator('#question-input').isDisabled(), true, 'the question box is disabled');
  assert.equal(await page.locator('#questions').getByRole('button', { name: 'Ask' }).isDisabled(), true);
  await page.locator('#questions', { hasText: 'The session has ended' }).getByText(/The session has ended/).first().waitFor();
  await screenshot(page, 'participant-ended-1280x800');
  await expectNoAxeViolations(page, 'the participant view of an ended session');
  assert.deepEqual(context.problems, []);
  await context.close();
});

/** A participant on a phone whose second chat message comes too soon in slow mode. */
async function slowModeRefusal(slowSeconds) {
  const sessionId = await liveSession();
  const invite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Quick typist with a long name' });
  await hubCommands(page, sessionId, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: invite.token },
    [{ type: 'chat.configure', mode: 'slow', slow_seconds: slowSeconds }]);
  await showTab(page, 'Chat');
  await page.locator('#chat-rules', { hasText: 'Slow mode' }).waitFor();
  await page.locator('#chat-input').fill('First');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.chat-list .chat-message', { hasText: 'First' }).waitFor();
  await page.locator('#chat-input').fill('Second, too soon');
  await page.locator('#chat-input').press('Enter');
  const problem = page.locator('#problem');
  await problem.waitFor();
  return { context, page, problem };
}

test('the slow-mode notice reads as a sentence', async () => {
  const { context, problem } = await slowModeRefusal(30);
  const text = (await problem.locator('span').first().textContent()).trim();
  assert.match(text, /^Slow mode[^:]*[.:]/, `starts as a sentence: ${text}`);
  assert.match(text, /\d+ seconds?\.$/, `ends as a sentence: ${text}`);
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('the slow-mode notice goes away when the wait is over', async () => {
  const { context, problem } = await slowModeRefusal(3);
  await problem.waitFor({ state: 'hidden', timeout: 6000 });
  await context.close();
});

test('the notice’s Dismiss button keeps to one line on a phone', async () => {
  const { context, page, problem } = await slowModeRefusal(30);
  const dismiss = problem.getByRole('button', { name: 'Dismiss' });
  assert.equal(await textLines(dismiss), 1, 'Dismiss is on one line');
  await screenshot(page, 'slow-mode-notice-390x844');
  await expectNoAxeViolations(page, 'the slow-mode notice');
  await context.close();
});

test('the room display at 390 px keeps its badge on one line', async () => {
  sessionCounter += 1;
  const sessionId = `defect-${sessionCounter}`;
  await server.createSession({ id: sessionId, title: 'Main session: building digital trust in a fragmented world', room: 'Plenary Hall', state: 'live' });
  const context = await newContext(browser, PHONE);
  const display = await openDisplay(context, sessionId);
  const badge = display.locator('.display-header').getByText('Live', { exact: true });
  await badge.waitFor();
  assert.equal(await textLines(badge), 1, '"Live" is on one line');
  const overflow = await display.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling');
  await screenshot(display, 'display-390x844');
  await context.close();
});

/** A live session with its display open at 1280×800, and a page to send commands from. */
async function displayScene() {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const moderatorJoin = { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: moderatorInvite.token };
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const display = await openDisplay(context, sessionId);
  const sender = await context.newPage();
  await sender.goto(`${server.base}/healthz`);
  return { sessionId, context, display, sender, moderatorJoin };
}

test('the room display keeps question numbers inside its margin', async () => {
  const { sessionId, context, display, sender } = await displayScene();
  for (const text of ['How is rural access funded?', 'What about community networks?', 'Who checks the data?']) {
    await hubCommands(sender, sessionId, { name: `Asker ${text.length}`, mode: 'remote', stakeholder: 'academia', region: 'african' }, [{ type: 'question.ask', text }]);
  }
  await display.locator('.display-questions li').nth(2).waitFor();
  const outside = await display.evaluate(() => {
    const main = document.querySelector('main.display');
    const style = getComputedStyle(main);
    const left = main.getBoundingClientRect().left + parseFloat(style.paddingLeft);
    const right = main.getBoundingClientRect().right - parseFloat(style.paddingRight);
    const problems = [];
    for (const item of document.querySelectorAll('.display-questions li')) {
      const itemStyle = getComputedStyle(item);
      const box = item.getBoundingClientRect();
      if (itemStyle.listStyleType !== 'none' && itemStyle.listStylePosition === 'outside') {
        // An outside marker is drawn before the item: measure it.
        const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = `${itemStyle.fontWeight} ${itemStyle.fontSize} ${itemStyle.fontFamily}`;
        const markerLeft = box.left - canvas.measureText('3. ').width;
        if (markerLeft < left - 0.5) problems.push(`marker at ${markerLeft} < ${left}`);
      }
      for (const number of item.querySelectorAll('.question-number')) {
        const numberBox = number.getBoundingClientRect();
        if (numberBox.left < left - 0.5 || numberBox.right > right + 0.5) problems.push(`number at ${numberBox.left}`);
      }
      if (box.left < left - 0.5 || box.right > right + 0.5) problems.push(`item at ${box.left}–${box.right}`);
    }
    return problems;
  });
  assert.deepEqual(outside, [], 'question numbers stay inside the margin');
  await screenshot(display, 'display-questions-1280x800');
  await context.close();
});

test('the room display names a room speaker once: "Speaking: Delegate of Kenya (in the room)"', async () => {
  const { sessionId, context, display, sender, moderatorJoin } = await displayScene();
  await hubCommands(sender, sessionId, moderatorJoin, [
    { type: 'queue.add_onsite', name: 'Delegate of Kenya' },
    { type: 'floor.grant', entry: '$lastEntry' },
  ]);
  await display.locator('.display-speaker', { hasText: 'Delegate of Kenya' }).waitFor();
  assert.equal((await display.locator('.display-speaker').textContent()).trim(), 'Speaking: Delegate of Kenya (in the room)');
  await context.close();
});

test('the room display shows the pinned announcement', async () => {
  const { sessionId, context, display, sender, moderatorJoin } = await displayScene();
  await hubCommands(sender, sessionId, moderatorJoin, [{ type: 'announcement.pin', text: 'Coffee break at 11:00 in the foyer' }]);
  await display.getByText('Coffee break at 11:00 in the foyer').waitFor();
  await expectNoAxeViolations(display, 'the display with an announcement');
  await context.close();
});

test('the room display highlights "Time is up"', async () => {
  const { sessionId, context, display, sender, moderatorJoin } = await displayScene();
  await hubCommands(sender, sessionId, moderatorJoin, [
    { type: 'queue.add_onsite', name: 'Delegate of Kenya' },
    { type: 'floor.grant', entry: '$lastEntry', limit_seconds: 1 },
  ]);
  const timer = display.locator('.display-timer');
  await timer.getByText('Time is up').waitFor();
  const background = await timer.evaluate((element) => getComputedStyle(element).backgroundColor);
  assert.ok(background !== 'rgba(0, 0, 0, 0)' && background !== 'transparent', `highlighted: ${background}`);
  await expectNoAxeViolations(display, 'the display with time up');
  await context.close();
});

test('the room display’s captions are large on a 1920×1080 screen', async () => {
  const { sessionId, context, display } = await displayScene();
  const captioner = await server.invite(sessionId, 'captioner');
  await server.postCaptions(captioner.caption_url, 1, 'Welcome to the hall.\n');
  await display.setViewportSize({ width: 1920, height: 1080 });
  await display.locator('.display-captions .caption-line', { hasText: 'Welcome to the hall.' }).waitFor();
  const size = await display.locator('.display-captions').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  assert.ok(size >= 56, `captions at 1920×1080 are ${size}px`);
  await context.close();
});

test('transcripts are offered as text, WebVTT and SRT', async () => {
  const sessionId = await liveSession();
  const invite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser);
  const moderator = await context.newPage();
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: invite.token });
  await moderator.locator('[data-view="moderator"]').waitFor();
  const participant = await (await newContext(browser)).newPage();
  await joinAs(participant, server.base, { sessionId, name: 'Reader' });
  for (const page of [moderator, participant]) {
    for (const extension of ['txt', 'vtt', 'srt']) {
      const link = page.locator(`a[href^="/api/sessions/${sessionId}/transcript.${extension}"]`);
      // The transcripts part comes with the view's later parts: wait for it.
      await link.first().waitFor({ state: 'attached' });
      assert.equal(await link.count(), 1, `a .${extension} link`);
      const response = await fetch(`${server.base}${await link.getAttribute('href')}`);
      assert.equal(response.status, 200, `.${extension} is served`);
    }
  }
  await context.close();
  await participant.context().close();
});

test('the join form pre-selects no stakeholder group and offers Prefer not to say', async () => {
  const sessionId = await liveSession();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.base}/?session=${sessionId}`);
  const group = page.getByLabel('Stakeholder group');
  await group.waitFor();
  assert.equal(await group.inputValue(), '', 'nothing chosen');
  assert.equal(await group.locator('option', { hasText: 'Prefer not to say' }).count(), 1);
  await page.getByLabel('Your name').fill('Undecided');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('.join-form .error', { hasText: 'stakeholder group' }).waitFor();
  await expectNoAxeViolations(page, 'the join page asking for a group');
  await group.selectOption({ label: 'Prefer not to say' });
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL(`**/s/${sessionId}`);
  await page.locator('#connection-state[data-state="open"]').waitFor();
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('staff are listed apart from participants, and a display has no Remove or Ban', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const contexts = await Promise.all([0, 1, 2].map(() => newContext(browser)));
  const [moderator, captioner, participant] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await joinAs(participant, server.base, { sessionId, name: 'Ana' });
  await openDisplay(contexts[2], sessionId);
  const staff = moderator.getByRole('list', { name: 'Staff' });
  const people = moderator.getByRole('list', { name: 'Participants' });
  await staff.locator('li', { hasText: 'Room display' }).waitFor();
  await staff.locator('li', { hasText: 'Writer' }).waitFor();
  await staff.locator('li', { hasText: 'Chair' }).waitFor();
  await people.locator('li', { hasText: 'Ana' }).waitFor();
  assert.equal(await people.locator('li', { hasText: /Writer|Chair|Room display/ }).count(), 0, 'no staff among participants');
  const display = staff.locator('li', { hasText: 'Room display' });
  assert.equal(await display.getByRole('button').count(), 0, 'a display has no Remove or Ban');
  // A promotion moves a participant to the staff, keeping focus on the role.
  await moderator.getByLabel('Role of Ana').focus();
  await moderator.getByLabel('Role of Ana').selectOption('captioner');
  await staff.locator('li', { hasText: 'Ana' }).waitFor();
  await moderator.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Role of Ana');
  await screenshot(moderator, 'moderator-staff-1280x900');
  await expectNoAxeViolations(moderator, 'the roster with staff apart');
  for (const context of contexts) await context.close();
});
