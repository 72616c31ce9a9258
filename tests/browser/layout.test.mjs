// Layouts: the participant's phone tabs (keyboard, roles, unread counts,
// everything one tap away without scrolling the page), the desktop with
// chat's input in view, the moderator on a phone, folded questions, and
// screenshots of every view at phone and desktop sizes, in each theme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, joinAs, screenshot, hubCommands, expectNoAxeViolations, PHONE, DESKTOP } from './harness.mjs';

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

async function liveSession(title = null) {
  sessionCounter += 1;
  const id = `layout-${sessionCounter}`;
  await server.createSession({ id, title: title || `Layout test ${sessionCounter}`, room: 'Plenary Hall', languages: ['en', 'fr'], state: 'live' });
  return id;
}

/** The page did not scroll and cannot: it fits the viewport. */
async function assertPageFits(page, label) {
  const { scrollHeight, innerHeight, scrollY } = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement.scrollHeight, innerHeight, scrollY,
  }));
  assert.ok(scrollHeight <= innerHeight, `${label}: the page is ${scrollHeight}px tall in a ${innerHeight}px viewport`);
  assert.equal(scrollY, 0, `${label}: the page did not scroll`);
}

/** The element's box lies inside the viewport. */
async function assertInViewport(page, locator, label) {
  const box = await locator.boundingBox();
  assert.ok(box, `${label} is rendered`);
  const { width, height } = page.viewportSize();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height,
    `${label} is inside the ${width}×${height} viewport: ${JSON.stringify(box)}`);
}

test('phone tabs: roles, keyboard, and one panel at a time', async () => {
  const sessionId = await liveSession();
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Phone user' });
  const tablist = page.getByRole('tablist', { name: 'Take part' });
  await tablist.waitFor();
  const tabs = tablist.getByRole('tab');
  assert.deepEqual(await tabs.evaluateAll((list) => list.map((tab) => tab.querySelector('.tab-label').textContent)), ['Hand', 'Questions', 'Chat', 'People']);

  // Each tab controls a tab panel labelled by the tab; only the selected one shows.
  for (const name of ['Hand', 'Questions', 'Chat', 'People']) {
    const tab = tablist.getByRole('tab', { name, exact: true });
    const panelId = await tab.getAttribute('aria-controls');
    const panel = page.locator(`#${panelId}`);
    assert.equal(await panel.getAttribute('role'), 'tabpanel', `${name} controls a tab panel`);
    assert.equal(await panel.getAttribute('aria-labelledby'), await tab.getAttribute('id'), `${name}'s panel is labelled by its tab`);
    assert.equal(await page.getByRole('tabpanel', { name, exact: true }).count(), name === 'Hand' ? 1 : 0);
  }
  assert.deepEqual(await tabs.evaluateAll((list) => list.map((tab) => [tab.getAttribute('aria-selected'), tab.tabIndex])),
    [['true', 0], ['false', -1], ['false', -1], ['false', -1]], 'only the selected tab is in the Tab order');

  // Arrow keys move focus and selection; they wrap; Home and End.
  await tablist.getByRole('tab', { name: 'Hand' }).focus();
  const state = () => page.evaluate(() => ({
    focused: document.activeElement?.querySelector('.tab-label')?.textContent,
    selected: document.querySelector('[role="tab"][aria-selected="true"] .tab-label')?.textContent,
    panel: document.querySelector('[role="tabpanel"]:not([hidden])')?.id,
  }));
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { focused: 'Questions', selected: 'Questions', panel: 'questions' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { focused: 'Chat', selected: 'Chat', panel: 'chat' });
  await page.keyboard.press('End');
  assert.deepEqual(await state(), { focused: 'People', selected: 'People', panel: 'people' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { focused: 'Hand', selected: 'Hand', panel: 'hand' });
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await state(), { focused: 'People', selected: 'People', panel: 'people' });
  await page.keyboard.press('Home');
  assert.deepEqual(await state(), { focused: 'Hand', selected: 'Hand', panel: 'hand' });
  // Tab leaves the tab list for the panel; Enter and Space on a tab select it.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), null, 'Tab leaves the tab list');
  await tablist.getByRole('tab', { name: 'Chat' }).focus();
  await page.keyboard.press('Enter');
  assert.equal((await state()).selected, 'Chat');
  await tablist.getByRole('tab', { name: 'People' }).focus();
  await page.keyboard.press('Space');
  assert.equal((await state()).selected, 'People');

  // The captions live region is as it was.
  assert.equal(await page.locator('#captions .caption-lines').getAttribute('role'), 'log');
  assert.equal(await page.locator('#captions .caption-lines').getAttribute('aria-live'), 'polite');
  await expectNoAxeViolations(page, 'the phone tabs');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('on a 390×844 phone, hand, question, chat and people are one tap away, in view, without scrolling the page', async () => {
  const sessionId = await liveSession('Main session: building digital trust in a fragmented world');
  const captioner = await server.invite(sessionId, 'captioner');
  await server.postCaptions(captioner.caption_url, 1, `${Array.from({ length: 12 }, (_, n) => `Line ${n + 1} of what the panel says.`).join('\n')}\n`);
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Amina from Nairobi' });
  const sender = await context.newPage();
  await sender.goto(`${server.base}/healthz`);
  await hubCommands(sender, sessionId, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: moderatorInvite.token }, [
    { type: 'announcement.pin', text: 'Welcome! Raise your hand to speak; questions are upvoted.' },
    ...Array.from({ length: 15 }, (_, n) => ({ type: 'chat.send', text: `Message ${n + 1} from the chair` })),
  ]);
  await page.bringToFront();
  await page.locator('#announcement', { hasText: 'Welcome!' }).waitFor();
  const caption = page.locator('#captions .caption-line', { hasText: 'Line 12 of' });
  await caption.waitFor();

  const targets = [
    ['Hand', page.locator('#hand-button'), 'the hand button'],
    ['Questions', page.locator('#question-input'), 'the question input'],
    ['Chat', page.locator('#chat-input'), 'the chat input'],
    ['People', page.locator('#people'), 'the people panel'],
  ];
  for (const [tab, target, label] of targets) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).tap();
    await target.waitFor();
    await assertInViewport(page, target, label);
    await assertInViewport(page, caption, `the newest caption, with ${tab} shown`);
    await assertPageFits(page, `with ${tab} shown`);
    await screenshot(page, `phone-participant-${tab.toLowerCase()}-390x844`);
  }
  // The hand goes up with one more tap, and the chat can be used there.
  await page.getByRole('tab', { name: /^Hand/ }).tap();
  await page.locator('#hand-button').tap();
  await page.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  await page.getByRole('tab', { name: /^Hand\W+your hand is up, 1st in the queue$/ }).waitFor();
  // Given the floor: the banner says so at a glance, with the time left.
  await hubCommands(sender, sessionId, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: moderatorInvite.token },
    [{ type: 'floor.grant', entry: '$lastEntry', limit_seconds: 120 }]);
  await page.bringToFront();
  await page.locator('.floor-banner[data-mine="true"]', { hasText: 'You have the floor' }).waitFor();
  await assertPageFits(page, 'with the floor');
  await screenshot(page, 'phone-participant-your-turn-390x844');
  await expectNoAxeViolations(page, 'the phone with the floor');
  await page.getByRole('tab', { name: /^Chat/ }).tap();
  await page.locator('#chat-input').fill('Hello from my phone');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.chat-list .chat-message', { hasText: 'Hello from my phone' }).waitFor();
  await assertInViewport(page, page.locator('.chat-list .chat-message', { hasText: 'Hello from my phone' }), 'my newest message');
  await assertPageFits(page, 'after chatting');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('unread counts on the phone tabs: chat messages and new questions that arrive while another tab is shown', async () => {
  const sessionId = await liveSession();
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Reader' });
  const other = await context.newPage();
  await other.goto(`${server.base}/healthz`);
  const otherJoin = { name: 'Ola', mode: 'remote', stakeholder: 'academia', region: 'african' };
  await page.bringToFront();
  await page.getByRole('tab', { name: /^Hand/ }).waitFor();
  await hubCommands(other, sessionId, otherJoin, [
    { type: 'chat.send', text: 'One' }, { type: 'chat.send', text: 'Two' }, { type: 'question.ask', text: 'What about rural schools?' },
  ]);
  const chatTab = page.getByRole('tab', { name: /^Chat\W+2 new messages$/ });
  await chatTab.waitFor();
  assert.equal(await chatTab.locator('.tab-badge').textContent(), '2');
  await page.getByRole('tab', { name: /^Questions\W+1 new question$/ }).waitFor();
  // The hidden chat log cannot speak: its messages are said through the page's polite region.
  await page.locator('#announce-polite', { hasText: 'Chat, Ola: Two' }).waitFor({ state: 'attached' });
  await screenshot(page, 'phone-participant-unread-390x844');
  await expectNoAxeViolations(page, 'tabs with unread counts');
  await chatTab.tap();
  await page.getByRole('tab', { name: 'Chat', exact: true }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Chat', exact: true }).locator('.tab-badge').isVisible(), false, 'seen: no count');
  // A message arriving while chat is shown is not counted.
  await hubCommands(other, sessionId, otherJoin, [{ type: 'chat.send', text: 'Three' }]);
  await page.locator('.chat-list .chat-message', { hasText: 'Three' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Chat', exact: true }).count(), 1);
  // Questions still counts until it is shown.
  await page.getByRole('tab', { name: /^Questions\W+1 new question$/ }).tap();
  await page.getByRole('tab', { name: 'Questions', exact: true }).waitFor();
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('desktop at 1280×800: chat input in view without scrolling the page, participant and moderator', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Desk participant' });
  await hubCommands(page, sessionId, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: moderatorInvite.token }, [
    { type: 'announcement.pin', text: 'Coffee break at 11:00' },
    ...Array.from({ length: 8 }, (_, n) => ({ type: 'question.ask', text: `Question number ${n + 1} about the digital divide?` })),
    ...Array.from({ length: 20 }, (_, n) => ({ type: 'chat.send', text: `Chat message ${n + 1}` })),
  ]);
  await page.locator('.chat-list .chat-message', { hasText: 'Chat message 20' }).waitFor();
  assert.equal(await page.getByRole('tablist').count(), 0, 'no tabs on a desktop');
  await assertInViewport(page, page.locator('#chat-input'), 'the participant chat input');
  await assertInViewport(page, page.locator('#hand-button'), 'the hand button');
  await assertInViewport(page, page.locator('#question-input'), 'the question input');
  await assertPageFits(page, 'participant desktop');
  await expectNoAxeViolations(page, 'the participant desktop');

  const moderatorContext = await newContext(browser, DESKTOP);
  const moderator = await moderatorContext.newPage();
  await joinAs(moderator, server.base, { sessionId, name: 'Chair two', way: 'onsite', token: moderatorInvite.token });
  await moderator.locator('[data-view="moderator"]').waitFor();
  await moderator.locator('.chat-list .chat-message', { hasText: 'Chat message 20' }).waitFor();
  await assertInViewport(moderator, moderator.locator('#chat-input'), 'the moderator chat input');
  assert.equal(await moderator.evaluate(() => scrollY), 0);
  assert.deepEqual(context.problems, []);
  await context.close();
  await moderatorContext.close();
});

test('the moderator on a phone meets the floor and the queue first', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await page.locator('[data-view="moderator"]').waitFor();
  const order = await page.evaluate(() => [...document.querySelectorAll('.moderator-view .panel, .moderator-view .floor-banner')]
    .filter((element) => element.getClientRects().length).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .slice(0, 2).map((element) => element.id || element.className));
  assert.deepEqual(order, ['floor-banner', 'queue']);
  await assertInViewport(page, page.locator('#queue h2'), 'the queue heading');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling');
  await expectNoAxeViolations(page, 'the moderator on a phone');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('answered and dismissed questions fold away from the open ones, for participants and moderators', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const contexts = [await newContext(browser, DESKTOP), await newContext(browser, DESKTOP)];
  const [participant, moderator] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(participant, server.base, { sessionId, name: 'Ana' });
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  const asker = await contexts[0].newPage();
  await asker.goto(`${server.base}/healthz`);
  await hubCommands(asker, sessionId, { name: 'Ola', mode: 'remote', stakeholder: 'academia', region: 'african' }, [
    { type: 'question.ask', text: 'First, to be answered?' },
    { type: 'question.ask', text: 'Second, to be dismissed?' },
    { type: 'question.ask', text: 'Third, still open?' },
  ]);
  await moderator.getByRole('button', { name: 'Answered: First, to be answered?' }).click();
  await moderator.getByLabel('Reason for dismissing: Second, to be dismissed?').fill('Covered earlier');
  await moderator.getByRole('button', { name: 'Dismiss: Second, to be dismissed?' }).click();
  for (const [page, name] of [[participant, 'participant'], [moderator, 'moderator']]) {
    const fold = page.locator('#questions details.question-fold');
    await fold.locator('summary', { hasText: 'Answered and dismissed (2)' }).waitFor();
    assert.equal(await fold.evaluate((details) => details.open), false, `${name}: folded`);
    const openTexts = await page.locator('#questions > ol.question-list .question-text').allTextContents();
    assert.deepEqual(openTexts, ['Third, still open?'], `${name}: only the open question stays in view`);
    assert.equal(await page.getByText('First, to be answered?').isVisible(), false);
    await expectNoAxeViolations(page, `folded questions (${name})`);
    await fold.locator('summary').click();
    await page.getByText('Second, to be dismissed?').waitFor();
    await page.locator('.question', { hasText: 'Second, to be dismissed?' }).locator('.question-reason', { hasText: 'Covered earlier' }).waitFor();
    await expectNoAxeViolations(page, `unfolded questions (${name})`);
    await screenshot(page, `questions-folded-${name}-1280x800`);
  }
  for (const context of contexts) {
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});

test('screenshots of every view at phone and desktop sizes, in each theme, pass axe', async () => {
  const sessionId = await liveSession('Main session: building digital trust in a fragmented world');
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const displayInvite = await server.invite(sessionId, 'display');
  await server.postCaptions(captionerInvite.caption_url, 1, 'Good morning and welcome to the main session.\nOur first speaker joins us from Nairobi.\nThe floor is now open for questions from the room and online.\n');
  const setup = await (await newContext(browser)).newPage();
  await setup.goto(`${server.base}/healthz`);
  const chair = { name: 'Chair', mode: 'onsite', stakeholder: 'intergovernmental', region: 'western_european_others', token: moderatorInvite.token };
  await hubCommands(setup, sessionId, { name: 'Ola', mode: 'remote', stakeholder: 'academia', region: 'african' }, [
    { type: 'question.ask', text: 'How will rural schools get connected?' },
    { type: 'question.ask', text: 'What is the role of community networks?' },
    { type: 'chat.send', text: 'Greetings from Accra!' },
  ]);
  await hubCommands(setup, sessionId, chair, [
    { type: 'announcement.pin', text: 'Coffee break at 11:00 in the foyer.' },
    { type: 'queue.add_onsite', name: 'Delegate of Kenya', stakeholder: 'government', region: 'african' },
    { type: 'floor.grant', entry: '$lastEntry', limit_seconds: 180 },
    { type: 'queue.add_onsite', name: 'Ms Okafor', stakeholder: 'civil_society', region: 'african' },
    { type: 'chat.send', text: 'Welcome, everyone. Please keep questions short.' },
  ]);
  const sizes = [['390x844', PHONE], ['1280x800', DESKTOP]];

  for (const [size, options] of sizes) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.base}/?session=${sessionId}`);
    await page.locator('.session-list li').first().waitFor();
    await screenshot(page, `view-join-${size}`);
    await context.close();
  }

  const people = [
    ['participant', { name: 'Amina', way: 'remote', region: 'african' }],
    ['moderator', { name: 'Second chair', way: 'onsite', token: moderatorInvite.token }],
    ['captioner', { name: 'CART writer', token: captionerInvite.token }],
  ];
  for (const [view, join] of people) {
    for (const [size, options] of sizes) {
      for (const theme of view === 'participant' ? ['light', 'dark', 'contrast'] : ['light']) {
        const context = await newContext(browser, options);
        await context.addInitScript((chosen) => { if (location.protocol === 'http:') localStorage.setItem('hybridhub.preferences', JSON.stringify({ theme: chosen })); }, theme);
        const page = await context.newPage();
        await joinAs(page, server.base, { sessionId, ...join });
        await page.locator(`[data-view="${view}"]`).waitFor();
        await page.locator('.caption-lines .caption-line', { hasText: 'Our first speaker' }).first().waitFor();
        await page.waitForTimeout(300);
        await screenshot(page, `view-${view}-${size}-${theme}`);
        await expectNoAxeViolations(page, `the ${view} view at ${size}, ${theme}`);
        assert.deepEqual(context.problems, [], `${view} ${size} ${theme}`);
        await context.close();
      }
    }
  }

  for (const [size, options] of [...sizes, ['1920x1080', { viewport: { width: 1920, height: 1080 } }]]) {
    for (const theme of ['light', 'dark', 'contrast']) {
      const context = await newContext(browser, options);
      await context.addInitScript((chosen) => { if (location.protocol === 'http:') localStorage.setItem('hybridhub.preferences', JSON.stringify({ theme: chosen })); }, theme);
      const page = await context.newPage();
      await page.goto(displayInvite.url.replace(/^http:\/\/[^/]+/, server.base));
      await page.locator('.display-captions .caption-line', { hasText: 'Our first speaker' }).waitFor();
      await page.locator('.display-speaker', { hasText: 'Delegate of Kenya' }).waitFor();
      await screenshot(page, `view-display-${size}-${theme}`);
      await expectNoAxeViolations(page, `the display at ${size}, ${theme}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `display ${size}: no sideways scrolling`);
      await context.close();
    }
  }
  await setup.context().close();
});
