// Invites as the organiser revokes them: a moderator holding a leaked link
// loses the role at once and is told; a room display is told and stops;
// the onsite link ("join from your phone") opens the join page with "in
// the room" chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, screenshot, expectNoAxeViolations, PHONE, DESKTOP } from './harness.mjs';

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

async function revoke(sessionId, inviteId) {
  const response = await fetch(`${server.base}/api/sessions/${sessionId}/invites/${inviteId}`, {
    method: 'DELETE', headers: { authorization: `Bearer ${server.adminToken}` },
  });
  assert.equal(response.status, 200, await response.text());
}

async function openWithInvite(context, sessionId, token, profile) {
  await context.addInitScript(([storedProfile, key, storedToken]) => {
    if (location.protocol !== 'http:') return;
    localStorage.setItem('hybridhub.profile', JSON.stringify(storedProfile));
    localStorage.setItem(key, JSON.stringify(storedToken));
  }, [{ stakeholder: 'civil_society', region: 'african', hub: null, ...profile }, `hybridhub.token.${sessionId}`, token]);
  const page = await context.newPage();
  await page.goto(`${server.base}/s/${sessionId}`);
  await page.locator('#connection-state[data-state="open"]').waitFor();
  return page;
}

test('a revoked moderator link: its holder becomes a participant at once and is told', async () => {
  await server.createSession({ id: 'revoke-1', title: 'Revocation', room: 'Room 1', languages: ['en'], state: 'live' });
  for (const [size, options] of [['1280x800', DESKTOP], ['390x844', PHONE]]) {
    const invite = await server.invite('revoke-1', 'moderator');
    const context = await newContext(browser, options);
    const page = await openWithInvite(context, 'revoke-1', invite.token, { name: `Leaked chair ${size}`, way: 'remote' });
    await page.locator('[data-view="moderator"]').waitFor();
    await revoke('revoke-1', invite.invite_id);
    await page.locator('[data-view="participant"]').waitFor();
    await page.getByText('The organiser revoked your invite link. You are now a participant.').waitFor();
    await screenshot(page, `invite-revoked-${size}`);
    await expectNoAxeViolations(page, `the revoked holder at ${size}`);
    // A reload joins as a participant: the token was forgotten.
    await page.reload();
    await page.locator('[data-view="participant"]').waitFor();
    assert.deepEqual(context.problems, []);
    await context.close();
  }
});

test('a revoked room display is told and stops', async () => {
  await server.createSession({ id: 'revoke-2', title: 'Display revocation', room: 'Room 2', languages: ['en'], state: 'live' });
  const invite = await server.invite('revoke-2', 'display');
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await page.goto(invite.url.replace(/^http:\/\/[^/]+/, server.base));
  await page.locator('main[data-session-state="live"]').waitFor();
  await revoke('revoke-2', invite.invite_id);
  await page.getByText("The organiser revoked this display's link. Ask the organiser for a new one.").waitFor();
  await screenshot(page, 'display-revoked-1280x800');
  await context.close();
});

test('the onsite link opens the join page with "in the room" chosen', async () => {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/?session=main-session&way=onsite`);
  await page.locator('#join-name').waitFor();
  assert.equal(await page.locator('#way-onsite').isChecked(), true);
  assert.equal(await page.locator('#way-remote').isChecked(), false);
  await expectNoAxeViolations(page, 'the join page from the onsite link');
  await screenshot(page, 'join-onsite-link-390x844');
  const qr = await fetch(`${server.base}/api/sessions/main-session/onsite-qr.svg`);
  assert.equal(qr.status, 200);
  assert.match(await qr.text(), /<svg/);
  await context.close();
});
