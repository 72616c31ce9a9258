// Test harness: the real hybridhub binary on an ephemeral loopback port,
// Debian's Chromium driven by playwright-core, axe-core, screenshots, and a
// loopback TCP proxy that can cut a browser's network and restore it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const artifacts = join(repoRoot, 'target', 'browser-artifacts');
mkdirSync(artifacts, { recursive: true });

const ADMIN_TOKEN = 'browser-test-admin-token-long-enough';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts `hybridhub serve --demo` on 127.0.0.1:0; resolves once it listens. */
export async function startServer() {
  const binary = process.env.HYBRIDHUB_BIN || join(repoRoot, 'target', 'debug', 'hybridhub');
  const dataDir = mkdtempSync(join(tmpdir(), 'hybridhub-browser-'));
  const child = spawn(binary, ['serve', '--demo', '--no-demo-scene', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--admin-token', ADMIN_TOKEN], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' },
  });
  const base = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return {
    base,
    adminToken: ADMIN_TOKEN,
    async invite(sessionId, role) {
      const response = await fetch(`${base}/api/sessions/${sessionId}/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role }),
      });
      if (response.status !== 201) throw new Error(`invite: ${response.status} ${await response.text()}`);
      return response.json();
    },
    async createSession(body) {
      const response = await fetch(`${base}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** Changes a session as the organiser does (`PATCH`), e.g. `{state: 'ended'}`. */
    async patchSession(sessionId, body) {
      const response = await fetch(`${base}/api/sessions/${sessionId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`patch: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** Posts caption text through a captioner invite's caption URL (Zoom's API). */
    async postCaptions(captionUrl, seq, text) {
      const url = `${captionUrl.replace(/^http:\/\/[^/]+/, base)}&seq=${seq}`;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
      if (response.status !== 200) throw new Error(`captions: ${response.status} ${await response.text()}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve); });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * A browser context whose console errors, page errors and CSP violations
 * are collected, so a test can assert there were none. The browser prefers
 * British English unless `locale` says otherwise, so the client is in
 * English whatever the machine's language.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
  context.problems = [];
  context.on('page', (page) => watchPage(page, context.problems));
  return context;
}

function watchPage(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/WebSocket|ERR_CONNECTION|Failed to load resource/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
}

/** Saves what a participant fills in on the join page, then opens the session. */
export async function joinAs(page, base, { sessionId = 'main-session', name, way = 'remote', stakeholder = 'civil_society', region = 'african', token = null, hub = null }) {
  const query = new URLSearchParams({ session: sessionId });
  if (token) query.set('token', token);
  await page.goto(`${base}/?${query}`);
  // By the fields' ids, so it joins in any language.
  await page.locator('#join-name').fill(name);
  await page.locator(`#way-${way}`).check();
  if (hub) {
    await page.locator('#join-hub-name').fill(hub.name);
    await page.locator('#join-headcount').fill(String(hub.headcount));
  }
  await page.locator('#join-stakeholder').selectOption(stakeholder);
  await page.locator('#join-region').selectOption(region);
  await page.locator('.join-form button[type="submit"]').click();
  await page.waitForURL(`**/s/${sessionId}`);
  await page.locator('#connection-state[data-state="open"]').waitFor();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) and returns its violations. */
/** The viewport sizes every view is looked at in: a phone and a desktop. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** Fails the test, naming `label`, if axe-core finds any violation on the page. */
export async function expectNoAxeViolations(page, label) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core violations on ${label}: ${JSON.stringify(violations, null, 2)}`);
}

export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return result.violations.map((violation) => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }));
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * A loopback TCP proxy in front of the server. `cut()` drops every open
 * connection and refuses new ones (a network outage, as the browser sees
 * it); `restore()` lets traffic through again.
 */
export async function startProxy(targetBase) {
  const target = new URL(targetBase);
  const sockets = new Set();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() { down = false; },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Joins `sessionId` over a WebSocket of its own, from a page of the
 * server's origin, sends `commands` one by one (each must be acked), and
 * closes. For what the web client offers no control for, such as a
 * one-second speaking limit. `$lastEntry` in a command's field is the entry
 * of the latest `hand.raised` this socket saw, or else the last one waiting
 * when it joined.
 */
export async function hubCommands(page, sessionId, join, commands) {
  return page.evaluate(async ([id, joinFields, list]) => {
    const socket = new WebSocket(`ws://${location.host}/ws/sessions/${id}`);
    const frames = [];
    const next = (test) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer: ${JSON.stringify(frames.slice(-3))}`)), 5000);
      const check = () => {
        const found = frames.find(test);
        if (found) { clearTimeout(timer); resolve(found); } else setTimeout(check, 20);
      };
      check();
    });
    socket.onmessage = (message) => frames.push(JSON.parse(message.data));
    await new Promise((resolve) => { socket.onopen = resolve; });
    socket.send(JSON.stringify({ type: 'join', ...joinFields }));
    await next((frame) => frame.type === 'welcome');
    let n = 0;
    for (const command of list) {
      n += 1;
      // `$lastEntry` stands for the entry of the latest hand.raised seen.
      const raised = frames.filter((frame) => frame.type === 'hand.raised').pop();
      const waiting = frames.find((frame) => frame.type === 'welcome').snapshot.floor.entries || [];
      const last = raised ? raised.entry.entry : waiting[waiting.length - 1]?.entry;
      const sent = Object.fromEntries(Object.entries(command).map(([key, value]) => [key, value === '$lastEntry' ? last : value]));
      socket.send(JSON.stringify({ ...sent, id: `t${n}` }));
      const answer = await next((frame) => frame.id === `t${n}`);
      if (answer.type === 'error') throw new Error(`${command.type}: ${answer.code} ${answer.message}`);
      // The events of a command reach us before its ack; give them a moment.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    socket.close();
  }, [sessionId, join, commands]);
}
