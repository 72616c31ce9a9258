// The organisers' console at /admin: sign in with the token once (a
// cookie, nothing in storage), every session live with counts that follow
// people joining and leaving, an invite minted, opened elsewhere and
// revoked (its holder loses the role), a silent caption track flagged,
// the event's figures with the CSV, a schedule imported from an .ics
// file (its bad row with its reason), a session that never went live
// deleted,
// axe-core clean in every state, at phone and desktop sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, screenshot, joinAs, expectNoAxeViolations, PHONE, DESKTOP } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page) {
  await page.goto(`${server.base}/admin`);
  await page.locator('#console-token').waitFor();
  await page.locator('#console-token').fill(server.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#console-live tbody tr').first().waitFor();
}

const row = (page, sessionId) => page.locator(`#console-live tbody tr[data-key="${sessionId}"]`);

test('signing in: a wrong token is refused, the right one gives a cookie and nothing in storage', async () => {
  for (const [size, options] of [['1280x800', DESKTOP], ['390x844', PHONE]]) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.base}/admin`);
    await page.locator('#console-token').waitFor();
    await screenshot(page, `console-sign-in-${size}`);
    await expectNoAxeViolations(page, `the sign-in form at ${size}`);
    await page.locator('#console-token').fill('not-the-admin-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('wrong admin token').waitFor();
    await expectNoAxeViolations(page, `a refused sign-in at ${size}`);
    await page.locator('#console-token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await row(page, 'main-session').waitFor();
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!storage.includes(server.adminToken), 'the token is kept in no storage');
    const cookies = await context.cookies();
    assert.ok(cookies.some((cookie) => cookie.name === 'hybridhub_admin' && cookie.httpOnly), 'an HttpOnly cookie');
    await screenshot(page, `console-sessions-${size}`);
    await expectNoAxeViolations(page, `the console at ${size}`);
    // A reload stays signed in (the cookie), then signing out ends it.
    await page.reload();
    await row(page, 'main-session').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.reload();
    await page.locator('#console-token').waitFor();
    assert.deepEqual(context.problems.filter((problem) => !problem.includes('401') && !problem.includes('403')), []);
    await context.close();
  }
});

test('the live table follows people joining and leaving', async () => {
  await server.createSession({ id: 'live-counts', title: 'Live counts', room: 'Room 7', languages: ['en', 'fr'], state: 'live' });
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  const counts = row(page, 'live-counts');
  await counts.locator('td[data-column="online"]', { hasText: /^0$/ }).waitFor();
  // Two people, two browsers: one in the room, one online.
  const ana = await newContext(browser, PHONE);
  const onsite = await ana.newPage();
  await joinAs(onsite, server.base, { sessionId: 'live-counts', name: 'Ana', way: 'onsite' });
  const bo = await newContext(browser, PHONE);
  const remote = await bo.newPage();
  await joinAs(remote, server.base, { sessionId: 'live-counts', name: 'Bo', way: 'remote' });
  await counts.locator('td[data-column="in_room"]', { hasText: /^1$/ }).waitFor();
  await counts.locator('td[data-column="online"]', { hasText: /^1$/ }).waitFor();
  await screenshot(page, 'console-live-counts-1280x800');
  await expectNoAxeViolations(page, 'the live table with people');
  await ana.close();
  await counts.locator('td[data-column="in_room"]', { hasText: /^0$/ }).waitFor({ timeout: 40_000 });
  await counts.locator('td[data-column="online"]', { hasText: /^1$/ }).waitFor();
  await bo.close();
  await context.close();
});

test('a live caption track silent for over a minute is flagged, and a new line clears it', async () => {
  await server.createSession({ id: 'quiet', title: 'Quiet captions', room: 'Room 9', languages: ['en', 'fr'], state: 'live' });
  const captioner = await server.invite('quiet', 'captioner');
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  const quiet = row(page, 'quiet');
  await quiet.locator('.track', { hasText: 'EN: no line yet' }).waitFor();
  assert.equal(await quiet.locator('.track.silent').count(), 0, 'not silent in its first minute');
  // Live since it was made, with no line: silent once a minute has passed.
  await quiet.locator('.track.silent', { hasText: 'FR: silent' }).waitFor({ timeout: 75_000 });
  await page.locator('.silent-alert', { hasText: /Quiet captions\W*\([a-z, ]*fr\)/ }).waitFor();
  await server.postCaptions(captioner.caption_url, 1, 'Good morning, everyone.');
  await quiet.locator('.track:not(.silent)', { hasText: /^EN: (writing|\d+ s ago)$/ }).waitFor({ timeout: 20_000 });
  assert.equal(await quiet.locator('.track.silent').count(), 1, 'French is still silent');
  await screenshot(page, 'console-silent-track-1280x800');
  await expectNoAxeViolations(page, 'a silent caption track');
  const phone = await newContext(browser, PHONE);
  const small = await phone.newPage();
  await signIn(small);
  await small.locator('.silent-alert', { hasText: /Quiet captions\W*\([a-z, ]*fr\)/ }).waitFor();
  await screenshot(small, 'console-silent-track-390x844');
  await expectNoAxeViolations(small, 'a silent caption track on a phone');
  await phone.close();
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('an invite minted in the console, opened elsewhere and revoked: its holder loses the role', async () => {
  await server.createSession({ id: 'leaky', title: 'Leaky link', room: 'Room 2', languages: ['en'], state: 'live' });
  for (const [size, options] of [['1280x800', DESKTOP], ['390x844', PHONE]]) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    page.on('dialog', (dialog) => dialog.accept());
    await signIn(page);
    await row(page, 'leaky').getByRole('button', { name: /^Manage\W+Leaky link\W*$/ }).click();
    await page.locator('#console-session').waitFor();
    await page.locator('#invite-role').selectOption('moderator');
    await page.locator('#invite-label').fill(`Chair ${size}`);
    await page.getByRole('button', { name: 'Make an invite' }).click();
    const inviteRow = page.locator('.invite-table tbody tr', { hasText: `Chair ${size}` });
    await inviteRow.waitFor();
    await inviteRow.getByRole('button', { name: 'Show QR code' }).click();
    await inviteRow.locator('img.qr').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('img.qr')].every((image) => image.hidden || image.complete && image.naturalWidth > 0));
    await screenshot(page, `console-invites-${size}`);
    await expectNoAxeViolations(page, `the session's invites at ${size}`);
    const link = await inviteRow.locator('input.invite-link').inputValue();

    const holder = await newContext(browser, PHONE);
    const chair = await holder.newPage();
    const token = new URL(link).searchParams.get('token');
    await joinAs(chair, server.base, { sessionId: 'leaky', name: `Leaked chair ${size}`, token });
    await chair.locator('[data-view="moderator"]').waitFor();
    await inviteRow.getByRole('button', { name: 'Revoke' }).click();
    await inviteRow.locator('td[data-column="status"]', { hasText: 'Revoked' }).waitFor();
    await chair.locator('[data-view="participant"]').waitFor();
    await chair.getByText('The organiser revoked your invite link. You are now a participant.').waitFor();
    await expectNoAxeViolations(page, `a revoked invite at ${size}`);
    await holder.close();
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});

test("the event's figures: charts with the same numbers in tables, and the CSV", async () => {
  for (const [size, options] of [['1280x800', DESKTOP], ['390x844', PHONE]]) {
    const context = await newContext(browser, { ...options, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page);
    await page.locator('#console-figures .bar-chart').first().waitFor();
    assert.equal(await page.locator('#console-figures .bar-chart').count(), 3);
    assert.equal(await page.locator('#console-figures table caption', { hasText: 'By stakeholder group' }).count(), 1, 'each chart has its numbers in a table');
    await page.locator('#console-figures').scrollIntoViewIfNeeded();
    await screenshot(page, `console-figures-${size}`);
    await expectNoAxeViolations(page, `the figures at ${size}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the figures (CSV)' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(path, 'utf8'), /^section,key,metric,value\n/);
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});

// A calendar of three events: two good ones and one in a time zone that
// does not exist, in a size-specific id so that each run imports its own.
const calendar = (size) => `BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//IGF//Programme//EN\r
BEGIN:VEVENT\r
UID:day1-opening-${size}\r
SUMMARY:Opening ceremony ${size}\r
LOCATION:Plenary Hall\r
DTSTART;TZID=Europe/Oslo:20990623T090000\r
DTEND;TZID=Europe/Oslo:20990623T103000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:day1-ws-42-${size}\r
SUMMARY:Workshop 42: Rural access ${size}\r
LOCATION:Room 3\r
DTSTART:20990623T110000Z\r
DTEND:20990623T123000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:day1-mars-${size}\r
SUMMARY:On Mars time ${size}\r
DTSTART;TZID=Mars/Olympus_Mons:20990623T110000\r
END:VEVENT\r
END:VCALENDAR\r
`;

test('a schedule imported from an .ics file: its bad row says why, the good ones appear, one is deleted', async () => {
  for (const [size, options] of [['1280x800', DESKTOP], ['390x844', PHONE]]) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await signIn(page);
    await page.locator('#import-file').setInputFiles({ name: `igf-day-1-${size}.ics`, mimeType: 'text/calendar', buffer: Buffer.from(calendar(size)) });
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.locator('.preview-table');
    await preview.waitFor();
    await page.locator('.import-summary', { hasText: 'Rows: 3. Can be imported: 2. Refused: 1.' }).waitFor();
    const refused = preview.locator('tbody tr.refused');
    assert.equal(await refused.count(), 1);
    assert.match(await refused.textContent(), /Refused: DTSTART: unknown time zone Mars\/Olympus_Mons/);
    assert.equal(await preview.locator('tbody tr.good').count(), 2);
    assert.equal(await preview.locator('thead th[scope="col"]').count(), 6, 'every column has a header');
    await page.locator('#console-import').scrollIntoViewIfNeeded();
    await screenshot(page, `console-import-preview-${size}`);
    await expectNoAxeViolations(page, `the schedule preview at ${size}`);
    await page.getByRole('button', { name: 'Import the good rows (2)' }).click();
    await row(page, `day1-opening-${size}`).waitFor();
    await row(page, `day1-ws-42-${size}`).waitFor();
    assert.equal(await row(page, `day1-mars-${size}`).count(), 0, 'the refused row made nothing');
    assert.equal(await preview.count(), 0, 'the preview is gone once imported');
    await expectNoAxeViolations(page, `an imported schedule at ${size}`);

    // A session that never went live can be deleted, after a confirmation.
    page.once('dialog', (dialog) => dialog.accept());
    await row(page, `day1-ws-42-${size}`).getByRole('button', { name: /^Manage\W+Workshop 42/ }).click();
    await page.locator('#console-session').waitFor();
    await screenshot(page, `console-delete-${size}`);
    await expectNoAxeViolations(page, `a session that can be deleted at ${size}`);
    await page.getByRole('button', { name: 'Delete session' }).click();
    // The live feed may drop the row before the answer closes the panel.
    await row(page, `day1-ws-42-${size}`).waitFor({ state: 'detached' });
    await page.locator('#console-session').waitFor({ state: 'detached' });
    await page.locator('#announce-polite', { hasText: new RegExp(`Rural access ${size}\\W* deleted\\.`) }).waitFor({ state: 'attached' });
    assert.equal((await fetch(`${server.base}/api/sessions/day1-ws-42-${size}`)).status, 404);
    // A live one offers no delete.
    await row(page, 'main-session').getByRole('button', { name: /^Manage/ }).click();
    await page.locator('#console-session').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Delete session' }).count(), 0, 'no delete for a live session');
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});
