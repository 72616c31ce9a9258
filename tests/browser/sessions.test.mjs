// Sessions as a remote participant meets them: where to hear, watch and
// speak (the session's links), what to do when given the floor, times in
// the venue's zone and the reader's own, a scheduled session that goes
// live by itself or is started early by a moderator, and staff kept out of
// the participants' counts.
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

const SIZES = [['390x844', PHONE], ['1280x800', DESKTOP]];
const LINKS = {
  webcast: 'https://webcast.example.org/igf/plenary',
  meeting: 'https://meet.example.org/igf-plenary-room',
  instructions: 'Join with the name you use here, stay muted, and unmute when the chair calls you.',
};
const HOUR = 3_600_000;

/** Creates a session; `fields` go into the `POST /api/sessions` body. */
async function newSession(fields = {}) {
  sessionCounter += 1;
  const id = `sessions-${sessionCounter}`;
  await server.createSession({ id, title: `Session test ${sessionCounter}`, room: 'Plenary Hall', languages: ['en', 'fr'], state: 'live', ...fields });
  return id;
}

/** The page did not scroll and cannot: it fits the viewport. */
async function assertPageFits(page, label) {
  const { scrollHeight, innerHeight } = await page.evaluate(() => ({ scrollHeight: document.scrollingElement.scrollHeight, innerHeight }));
  assert.ok(scrollHeight <= innerHeight, `${label}: the page is ${scrollHeight}px tall in a ${innerHeight}px viewport`);
}

/** The element's box lies inside the viewport. */
async function assertInViewport(page, locator, label) {
  const box = await locator.boundingBox();
  assert.ok(box, `${label} is rendered`);
  const { width, height } = page.viewportSize();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height,
    `${label} is inside the ${width}×${height} viewport: ${JSON.stringify(box)}`);
}

/** `inner`'s box lies inside `outer`'s: nothing spills out of its frame. */
async function assertInside(inner, outer, label) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  assert.ok(a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5,
    `${label}: ${JSON.stringify(a)} inside ${JSON.stringify(b)}`);
}

/** A context in a theme, with the browser in a time zone if given. */
async function themedContext(options, theme = 'light') {
  const context = await newContext(browser, options);
  await context.addInitScript((chosen) => { if (location.protocol === 'http:') localStorage.setItem('hybridhub.preferences', JSON.stringify({ theme: chosen })); }, theme);
  return context;
}

/** Opens a session page with a stored profile (and invite), skipping the join form. */
async function openSession(context, sessionId, profile, token = null) {
  await context.addInitScript(([storedProfile, key, storedToken]) => {
    if (location.protocol !== 'http:') return;
    localStorage.setItem('hybridhub.profile', JSON.stringify(storedProfile));
    if (storedToken) localStorage.setItem(key, JSON.stringify(storedToken));
  }, [{ stakeholder: 'civil_society', region: 'african', hub: null, ...profile }, `hybridhub.token.${sessionId}`, token]);
  const page = await context.newPage();
  await page.goto(`${server.base}/s/${sessionId}`);
  await page.locator('#connection-state[data-state="open"]').waitFor();
  return page;
}

/** Shows the panel of a phone tab if the view has tabs (the desktop has none). */
async function showTab(page, name) {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  if (await tab.count()) await tab.click();
}

test('the participant finds where to watch and listen and where to speak, in view on a phone, opening in a new tab', async () => {
  const sessionId = await newSession({ links: LINKS });
  for (const [size, options] of SIZES) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await joinAs(page, server.base, { sessionId, name: `Remote reader ${size}` });
    const links = page.getByRole('navigation', { name: 'Hear, watch and speak' });
    const watch = links.getByRole('link', { name: /^Watch and listen/ });
    const speak = links.getByRole('link', { name: /^Speak in the meeting/ });
    await watch.waitFor();
    assert.equal(await watch.getAttribute('href'), LINKS.webcast);
    assert.equal(await speak.getAttribute('href'), LINKS.meeting);
    for (const link of [watch, speak]) {
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.match(await link.evaluate((element) => element.textContent), /opens in a new tab/, 'says it opens a new tab');
    }
    await assertInViewport(page, watch, `the webcast link at ${size}`);
    await assertInViewport(page, speak, `the meeting link at ${size}`);
    await assertInViewport(page, page.locator('#captions .caption-scroll'), `the captions at ${size}`);
    await assertPageFits(page, `links at ${size}`);
    // How to speak is told beside the hand.
    await showTab(page, 'Hand');
    await page.locator('#hand', { hasText: LINKS.instructions }).waitFor();
    await screenshot(page, `links-participant-${size}`);
    await expectNoAxeViolations(page, `the session links at ${size}`);
    assert.deepEqual(context.problems, []);
    await context.close();
  }

  // In the room, the meeting is not where one speaks: only the webcast shows.
  const onsiteContext = await newContext(browser, PHONE);
  const onsite = await onsiteContext.newPage();
  await joinAs(onsite, server.base, { sessionId, name: 'In the hall', way: 'onsite' });
  await onsite.getByRole('link', { name: /^Watch and listen/ }).waitFor();
  assert.equal(await onsite.locator(`a[href="${LINKS.meeting}"]`).count(), 0, 'no meeting link for someone in the room');
  await onsiteContext.close();

  // Without links, nothing shows.
  const plain = await newSession();
  const plainContext = await newContext(browser, PHONE);
  const page = await plainContext.newPage();
  await joinAs(page, server.base, { sessionId: plain, name: 'Plain' });
  await page.locator('[data-view="participant"]').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Hear, watch and speak' }).count(), 0, 'no links, no row');
  await plainContext.close();
});

test('given the floor, a remote participant is told to unmute in the meeting, a hub too; someone in the room goes to the microphone', async () => {
  const sessionId = await newSession({ links: LINKS });
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  // A co-chair gives and ends the floor with an invite of their own: a
  // moderator invite seats one person at a time.
  const coChairInvite = await server.invite(sessionId, 'moderator');
  const chair = { name: 'Co-chair', mode: 'onsite', stakeholder: 'intergovernmental', region: 'unspecified', token: coChairInvite.token };
  const moderatorContext = await newContext(browser, DESKTOP);
  const moderator = await moderatorContext.newPage();
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await moderator.locator('[data-view="moderator"]').waitFor();

  const people = [
    ['remote', { name: 'Ana', way: 'remote' }, PHONE],
    ['hub', { name: 'Ben', way: 'hub', hub: { name: 'Dhaka hub', headcount: 12 } }, DESKTOP],
    ['onsite', { name: 'Delegate', way: 'onsite' }, PHONE],
  ];
  for (const [kind, join, options] of people) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await joinAs(page, server.base, { sessionId, ...join });
    await showTab(page, 'Hand');
    await page.locator('#hand-button').click();
    await page.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
    if (kind === 'remote') {
      // The moderator gives the floor from the queue.
      await moderator.getByRole('button', { name: `Give floor: ${join.name}` }).click();
    } else {
      await hubCommands(moderator, sessionId, chair, [{ type: 'floor.grant', entry: '$lastEntry' }]);
    }
    const banner = page.locator('.floor-banner[data-mine="true"]');
    await banner.locator('.floor-who', { hasText: 'You have the floor' }).waitFor();
    if (kind === 'onsite') {
      await banner.getByText('Go to the microphone in the room.').waitFor();
      await assertInside(banner.locator('.floor-action'), banner, 'the instruction is inside the floor banner (onsite)');
      assert.equal(await page.locator(`a[href="${LINKS.meeting}"]`).count(), 0, 'no meeting link in the room');
      assert.doesNotMatch(await banner.textContent(), /Unmute in the meeting/);
    } else {
      await banner.getByText('Unmute in the meeting:').waitFor();
      const link = banner.getByRole('link', { name: /^Open the meeting/ });
      assert.equal(await link.getAttribute('href'), LINKS.meeting);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      await banner.getByText(LINKS.instructions).waitFor();
      await assertInViewport(page, link, `the meeting link (${kind})`);
      await assertInside(banner.locator('.floor-action'), banner, `the instruction is inside the floor banner (${kind})`);
      // Said once, at once, to a screen reader.
      await page.locator('#announce-assertive', { hasText: 'Unmute in the meeting' }).waitFor({ state: 'attached' });
      assert.match(await page.locator('#announce-assertive').textContent(), new RegExp(LINKS.instructions.slice(0, 30)));
    }
    if (options === PHONE) await assertPageFits(page, `given the floor (${kind})`);
    await screenshot(page, `floor-given-${kind}-${options === PHONE ? '390x844' : '1280x800'}`);
    await expectNoAxeViolations(page, `the floor given to a ${kind} participant`);
    await hubCommands(moderator, sessionId, chair, [{ type: 'floor.end' }]);
    await page.locator('.floor-who', { hasText: 'Nobody has the floor' }).waitFor();
    assert.equal(await page.locator('.floor-action').isVisible(), false, 'the instruction goes with the turn');
    assert.deepEqual(context.problems, [], kind);
    await context.close();
  }

  // No meeting link: today's message, nothing more.
  const plain = await newSession();
  const plainInvite = await server.invite(plain, 'moderator');
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId: plain, name: 'Ola' });
  await page.locator('#hand-button').click();
  await page.locator('#hand-status', { hasText: 'You are 1st in the queue' }).waitFor();
  await hubCommands(moderator, plain, { ...chair, token: plainInvite.token }, [{ type: 'floor.grant', entry: '$lastEntry' }]);
  await page.locator('.floor-banner[data-mine="true"] .floor-who', { hasText: 'You have the floor' }).waitFor();
  assert.equal(await page.getByText('Unmute in the meeting').count(), 0);
  await context.close();
  await moderatorContext.close();
});

test('session times show the venue’s zone and the reader’s own', async () => {
  // Fixed instants: 09:00 in Tokyo is 02:00 in Paris; 06:00 in Tokyo is 23:00 the day before.
  const tokyo = await newSession({ state: 'scheduled', time_zone: 'Asia/Tokyo', starts_at: '2027-06-22T00:00:00Z', ends_at: '2027-06-22T01:30:00Z', links: LINKS });
  const early = await newSession({ state: 'scheduled', time_zone: 'Asia/Tokyo', starts_at: '2027-06-21T21:00:00Z', ends_at: '2027-06-21T22:30:00Z' });
  const zoneless = await newSession({ state: 'scheduled', starts_at: '2027-06-22T00:00:00Z', ends_at: '2027-06-22T01:30:00Z' });
  const paris = await newSession({ state: 'scheduled', time_zone: 'Europe/Paris', starts_at: '2027-06-22T00:00:00Z', ends_at: '2027-06-22T01:30:00Z' });
  const expected = {
    [tokyo]: 'Tue 22 June, 09:00–10:30 in Asia/Tokyo (02:00–03:30 your time)',
    [early]: 'Tue 22 June, 06:00–07:30 in Asia/Tokyo (Mon 21 June, 23:00 – Tue 22 June, 00:30 your time)',
    [zoneless]: 'Tue 22 June, 02:00–03:30 your time (Europe/Paris)',
    [paris]: 'Tue 22 June, 02:00–03:30 in Europe/Paris',
  };
  for (const [size, options] of SIZES) {
    const context = await newContext(browser, { ...options, timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await page.goto(`${server.base}/?session=${tokyo}`);
    for (const [id, text] of Object.entries(expected)) {
      const when = page.locator(`.session-choice:has(#session-${id}) .session-when`);
      await when.waitFor();
      assert.equal(await when.textContent(), text, `the join list's time of ${id}`);
    }
    await screenshot(page, `times-join-${size}`);
    await expectNoAxeViolations(page, `the join list with times at ${size}`);
    await context.close();
  }

  const context = await newContext(browser, { ...PHONE, timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId: tokyo, name: 'Reader in Paris' });
  // Before it is live, the floor banner says when it starts.
  await page.locator('.floor-who', { hasText: 'Starts on Tue 22 June at 09:00 in Asia/Tokyo (02:00 your time)' }).waitFor();
  await showTab(page, 'People');
  await page.locator('#people-when', { hasText: expected[tokyo] }).waitFor();
  await screenshot(page, 'times-people-390x844');
  await expectNoAxeViolations(page, 'the People panel with times');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('a scheduled session goes live by itself: the participant and the moderator see it without a reload', async () => {
  const startsAt = new Date(Date.now() + 5000);
  const sessionId = await newSession({ state: 'scheduled', time_zone: 'Europe/Oslo', starts_at: startsAt.toISOString(), links: LINKS });
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const [participantContext, moderatorContext] = await Promise.all([newContext(browser, PHONE), newContext(browser, DESKTOP)]);
  const [participant, moderator] = await Promise.all([
    openSession(participantContext, sessionId, { name: 'Early bird', way: 'remote' }),
    openSession(moderatorContext, sessionId, { name: 'Chair', way: 'onsite' }, moderatorInvite.token),
  ]);
  await moderator.locator('[data-view="moderator"]').waitFor();
  // Before: not live, and both say so.
  const osloTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Oslo' }).format(startsAt);
  const notLive = moderator.locator('#not-live');
  await notLive.getByText(`This session has not started. It goes live by itself at ${osloTime} (in Europe/Oslo`).waitFor();
  await notLive.getByText('Until then chat, questions and raised hands work; captions start when it is live.').waitFor();
  assert.equal(await participant.locator('.state-badge').getAttribute('data-session-state'), 'scheduled');
  await participant.locator('.floor-who', { hasText: `Starts at ${osloTime} in Europe/Oslo` }).waitFor();
  await participant.locator('.caption-empty', { hasText: 'Captions start when the session is live.' }).waitFor();
  // After: live by itself, no reload.
  const markers = await Promise.all([participant, moderator].map((page) => page.evaluate(() => { window.notReloaded = true; })));
  assert.equal(markers.length, 2);
  await participant.locator('.state-badge[data-session-state="live"]').waitFor({ timeout: 15_000 });
  await moderator.locator('.state-badge[data-session-state="live"]').waitFor({ timeout: 15_000 });
  await notLive.waitFor({ state: 'hidden' });
  await participant.locator('.floor-who', { hasText: 'Nobody has the floor' }).waitFor();
  await participant.locator('.caption-empty', { hasText: 'Captions appear here when the captioner starts writing.' }).waitFor();
  await participant.locator('#announce-polite', { hasText: 'The session is live.' }).waitFor({ state: 'attached' });
  for (const page of [participant, moderator]) assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload');
  await expectNoAxeViolations(participant, 'the participant once live');
  assert.deepEqual(participantContext.problems, []);
  assert.deepEqual(moderatorContext.problems, []);
  await participantContext.close();
  await moderatorContext.close();
});

test('a moderator starts a session that is due tomorrow with Start now, pressed twice; a participant sees it live', async () => {
  const sessionId = await newSession({ state: 'scheduled', time_zone: 'Europe/Oslo', starts_at: new Date(Date.now() + 24 * HOUR).toISOString() });
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const participantContext = await newContext(browser, PHONE);
  const participant = await participantContext.newPage();
  await joinAs(participant, server.base, { sessionId, name: 'Waiting participant' });
  await participant.locator('.floor-who', { hasText: /^Starts (at|on) / }).waitFor();
  const moderatorContext = await newContext(browser, DESKTOP);
  const moderator = await moderatorContext.newPage();
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  const notLive = moderator.locator('#not-live');
  await notLive.getByText(/It goes live by itself on \w{3} \d+ \w+ at \d\d:\d\d \(in Europe\/Oslo/).waitFor();
  await moderator.getByRole('button', { name: 'End the session' }).waitFor();
  const start = notLive.getByRole('button', { name: 'Start now' });
  await start.click();
  await notLive.getByRole('button', { name: 'Press again to start the session for everyone' }).waitFor();
  assert.equal(await participant.locator('.state-badge').getAttribute('data-session-state'), 'scheduled', 'one press starts nothing');
  await expectNoAxeViolations(moderator, 'the moderator asked to confirm Start now');
  await notLive.getByRole('button', { name: 'Press again to start the session for everyone' }).click();
  await participant.locator('.state-badge[data-session-state="live"]').waitFor();
  await participant.locator('.floor-who', { hasText: 'Nobody has the floor' }).waitFor();
  await notLive.waitFor({ state: 'hidden' });
  assert.deepEqual(participantContext.problems, []);
  assert.deepEqual(moderatorContext.problems, []);
  await participantContext.close();
  await moderatorContext.close();
});

test('staff are kept out of the participants’ counts and shown apart', async () => {
  const sessionId = await newSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const contexts = await Promise.all([DESKTOP, DESKTOP, PHONE, DESKTOP].map((options) => newContext(browser, options)));
  const [moderator, captioner, ana, ben] = await Promise.all(contexts.map((context) => context.newPage()));
  await joinAs(moderator, server.base, { sessionId, name: 'Chair', way: 'onsite', token: moderatorInvite.token });
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await joinAs(ana, server.base, { sessionId, name: 'Ana' });
  await joinAs(ben, server.base, { sessionId, name: 'Ben', way: 'onsite', stakeholder: 'unspecified' });
  for (const page of [ana, ben]) {
    await showTab(page, 'People');
    const figures = page.locator('#people .figures');
    await figures.locator('.figure', { hasText: 'Taking part' }).locator('dd', { hasText: /^2$/ }).waitFor();
    await figures.locator('.figure', { hasText: 'In the room' }).locator('dd', { hasText: /^1$/ }).waitFor();
    await figures.locator('.figure', { hasText: 'Online' }).locator('dd', { hasText: /^1$/ }).waitFor();
    await page.locator('#people-staff', { hasText: '2 staff (moderators and captioners) are here too, not counted above.' }).waitFor();
  }
  // "Prefer not to say" is said as such, not as "Other".
  await ben.locator('#people-you', { hasText: 'Prefer not to say' }).waitFor();
  await screenshot(ana, 'people-staff-390x844');
  await screenshot(ben, 'people-staff-1280x800');
  await expectNoAxeViolations(ana, 'the People panel with staff');
  for (const context of contexts) {
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});

test('every new state in each theme at phone and desktop sizes passes axe', async () => {
  const scheduled = await newSession({ title: 'Main session: building digital trust in a fragmented world', state: 'scheduled', time_zone: 'Asia/Tokyo', starts_at: new Date(Date.now() + 24 * HOUR).toISOString(), links: LINKS });
  const live = await newSession({ title: 'Main session: building digital trust in a fragmented world', time_zone: 'Europe/Oslo', links: LINKS });
  const scheduledInvite = await server.invite(scheduled, 'moderator');
  const liveInvite = await server.invite(live, 'moderator');
  for (const theme of ['light', 'dark', 'contrast']) {
    for (const [size, options] of SIZES) {
      const context = await themedContext(options, theme);
      const participant = await openSession(context, scheduled, { name: `Amina ${theme}`, way: 'remote' });
      await participant.locator('.floor-who', { hasText: /^Starts (at|on) / }).waitFor();
      await screenshot(participant, `new-participant-scheduled-${size}-${theme}`);
      await expectNoAxeViolations(participant, `the scheduled participant at ${size}, ${theme}`);
      await context.close();

      const moderatorContext = await themedContext(options, theme);
      const moderator = await openSession(moderatorContext, scheduled, { name: 'Chair', way: 'onsite' }, scheduledInvite.token);
      await moderator.locator('#not-live').waitFor();
      await screenshot(moderator, `new-moderator-scheduled-${size}-${theme}`);
      await expectNoAxeViolations(moderator, `the scheduled moderator at ${size}, ${theme}`);
      await moderatorContext.close();

      const speakerContext = await themedContext(options, theme);
      const speaker = await openSession(speakerContext, live, { name: `Speaker ${theme} ${size}`, way: 'remote' });
      await showTab(speaker, 'Hand');
      await speaker.locator('#hand-button').click();
      await speaker.locator('#hand-status', { hasText: /You are \d+(st|nd|rd|th) in the queue/ }).waitFor();
      await hubCommands(speaker, live, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: liveInvite.token },
        [{ type: 'floor.grant', entry: '$lastEntry', limit_seconds: 180 }]);
      await speaker.getByText('Unmute in the meeting:').waitFor();
      await speaker.waitForTimeout(500);
      await screenshot(speaker, `new-participant-floor-${size}-${theme}`);
      await expectNoAxeViolations(speaker, `the floor instruction at ${size}, ${theme}`);
      if (options === PHONE) await assertPageFits(speaker, `the floor instruction at ${size}, ${theme}`);
      assert.deepEqual(speakerContext.problems, []);
      await speakerContext.close();
    }
  }

  // Right to left, the links, the banner and the instruction mirror, and nothing spills sideways.
  const rtlContext = await themedContext(PHONE);
  await rtlContext.addInitScript(() => document.addEventListener('DOMContentLoaded', () => { document.documentElement.dir = 'rtl'; }));
  const rtl = await openSession(rtlContext, live, { name: 'Right to left', way: 'remote' });
  await rtl.locator('#hand-button').click();
  await rtl.locator('#hand-status', { hasText: /You are \d+(st|nd|rd|th) in the queue/ }).waitFor();
  await hubCommands(rtl, live, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: liveInvite.token },
    [{ type: 'floor.grant', entry: '$lastEntry' }]);
  await rtl.getByText('Unmute in the meeting:').waitFor();
  const [watchBox, speakBox] = [await rtl.locator('#webcast-link').boundingBox(), await rtl.locator('#meeting-link').boundingBox()];
  assert.ok(watchBox.x > speakBox.x, 'the first link is on the right, right to left');
  const overflow = await rtl.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling right to left');
  await screenshot(rtl, 'new-participant-floor-390x844-rtl');
  await expectNoAxeViolations(rtl, 'the floor instruction right to left');
  await rtlContext.close();
});

test('a session’s address on a device that never joined shows the join form with that session chosen', async () => {
  const sessionId = await newSession({ time_zone: 'Europe/Oslo' });
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/s/${sessionId}`);
  await page.getByRole('heading', { name: 'Join a session' }).waitFor();
  assert.equal(await page.locator(`#session-${sessionId}`).isChecked(), true);
  await page.locator(`.session-choice:has(#session-${sessionId}) .session-when`, { hasText: 'Europe/Oslo' }).waitFor();
  assert.deepEqual(context.problems, []);
  await context.close();
});
