// The client in the six UN languages, right to left included: every view in
// each language with no English left (user text aside), axe in Arabic and
// Chinese, screenshots in Arabic, Chinese and English at phone and desktop
// sizes; mixed-direction text and bidi controls in names; the language
// chosen, remembered and linked; errors in the reader's words; and the
// caption reading settings, which survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, newContext, joinAs, screenshot, hubCommands, repoRoot, expectNoAxeViolations } from './harness.mjs';
import { parse } from '../../web/lib/i18n.js';

const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let server;
let browser;
let counter = 0;

/** Every message of one language's catalog, by key. */
async function catalog(lang) {
  const directory = join(repoRoot, 'web', 'i18n', lang);
  const messages = {};
  for (const file of readdirSync(directory)) parse((await import(pathToFileURL(join(directory, file)))).default, messages);
  return messages;
}
const catalogs = Object.fromEntries(await Promise.all(LANGUAGES.map(async (lang) => [lang, await catalog(lang)])));

/** The pieces of a message between its placeholders, trimmed of spaces and punctuation. */
const piecesOf = (message) => message.split(/\{\w+\}/).map((piece) => piece.trim().replace(/^[(,.:;·–\s]+|[),.:;·–\s]+$/g, ''));

/**
 * The English words that must not show in `lang`: the pieces of every
 * English message the language words differently, of three letters or
 * more, unless the language has the same piece of its own (French "Large").
 */
function englishPieces(lang) {
  const own = new Set(Object.values(catalogs[lang]).flatMap(piecesOf));
  const pieces = new Set();
  for (const [key, english] of Object.entries(catalogs.en)) {
    if (catalogs[lang][key] === english) continue;
    for (const piece of piecesOf(english)) if ((piece.match(/[A-Za-z]/g) || []).length >= 3 && !own.has(piece)) pieces.add(piece);
  }
  return [...pieces];
}

/**
 * What the page shows and says, user text aside: visible text outside
 * `<bdi>` and `dir="auto"` elements, the options of visible menus, the
 * labels, placeholders and titles of visible elements, and the page's title
 * without its isolated (user) part.
 */
function shownText(page) {
  return page.evaluate(() => {
    const texts = [];
    const isUser = (element) => element.closest('bdi, [dir="auto"]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || isUser(parent) || parent.closest('script, noscript')) continue;
      if (parent.closest('option') ? parent.closest('select').checkVisibility() : parent.checkVisibility()) texts.push(node.textContent.trim());
    }
    for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (!element.checkVisibility() || isUser(element)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) if (element.getAttribute(name)) texts.push(element.getAttribute(name));
    }
    texts.push(document.title.replace(/\u2068[^\u2069]*\u2069/g, ''));
    return texts;
  });
}

async function assertNoEnglish(page, lang, label) {
  if (lang === 'en') return;
  const texts = await shownText(page);
  const found = [];
  for (const piece of englishPieces(lang)) {
    const pattern = new RegExp(`(^|[^A-Za-z])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`);
    const where = texts.find((text) => pattern.test(text));
    if (where) found.push(`"${piece}" in "${where}"`);
  }
  assert.deepEqual(found, [], `${label} in ${lang} shows English`);
}

/** Screenshots at phone and desktop sizes; the page is left at desktop size. */
async function screenshots(page, name) {
  for (const [size, viewport] of [['390x844', PHONE], ['1280x800', DESKTOP]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await screenshot(page, `i18n-${name}-${size}`);
  }
}

async function liveSession(extra = {}) {
  counter += 1;
  const id = `i18n-${counter}`;
  await server.createSession({ id, title: `IGF 2026 · ${counter}`, room: 'B-12', languages: ['en', 'ar', 'zh', 'fr', 'ru', 'es'], state: 'live', time_zone: 'Asia/Riyadh', ...extra });
  return id;
}

/** A context whose browser prefers `lang`, with a device profile and, if given, an invite. */
async function contextIn(lang, { sessionId, name, token = null, viewport = DESKTOP, way = 'remote', options = {} }) {
  const context = await newContext(browser, { locale: lang, viewport, ...options });
  await context.addInitScript(([profile, key, invite]) => {
    if (location.protocol !== 'http:') return;
    localStorage.setItem('hybridhub.profile', JSON.stringify(profile));
    if (invite) localStorage.setItem(key, JSON.stringify(invite));
  }, [{ name, way, stakeholder: 'academia', region: 'african', hub: null }, `hybridhub.token.${sessionId}`, token]);
  return context;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('every view in each of the six languages, with no English left; axe in Arabic and Chinese; screenshots in Arabic, Chinese and English', async () => {
  for (const lang of LANGUAGES) {
    const sessionId = await liveSession();
    const moderatorInvite = await server.invite(sessionId, 'moderator');
    const captionerInvite = await server.invite(sessionId, 'captioner');
    const displayInvite = await server.invite(sessionId, 'display');
    const looked = lang === 'ar' || lang === 'zh' || lang === 'en';
    const check = async (page, name) => {
      assert.equal(await page.evaluate(() => document.documentElement.lang.split('-')[0]), lang, `${name}: <html lang>`);
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', `${name}: <html dir>`);
      await assertNoEnglish(page, lang, name);
      if (lang === 'ar' || lang === 'zh') await expectNoAxeViolations(page, `${name} in ${lang}`);
      if (looked) await screenshots(page, `${name}-${lang}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${name} in ${lang}: no sideways scrolling`);
    };

    // The join page, from the browser's preference alone.
    const joinContext = await newContext(browser, { locale: lang, viewport: DESKTOP });
    const joining = await joinContext.newPage();
    await joining.goto(`${server.base}/?session=${sessionId}`);
    await joining.locator('.join-form').waitFor();
    await check(joining, 'join');
    await joining.locator('#join-name').fill('Amina');
    await joining.locator('#way-remote').check();
    await joining.locator('#join-stakeholder').selectOption('civil_society');
    await joining.locator('.join-form button[type="submit"]').click();
    await joining.waitForURL(`**/s/${sessionId}`);
    await joining.locator('[data-view="participant"]').waitFor();

    // The moderator and the captioner, then the room display (its language from its link).
    const moderatorContext = await contextIn(lang, { sessionId, name: 'Wei', token: moderatorInvite.token, way: 'onsite' });
    const moderator = await moderatorContext.newPage();
    await moderator.goto(`${server.base}/s/${sessionId}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    const captionerContext = await contextIn(lang, { sessionId, name: 'Oleg', token: captionerInvite.token });
    const captioner = await captionerContext.newPage();
    await captioner.goto(`${server.base}/s/${sessionId}`);
    await captioner.locator('[data-view="captioner"]').waitFor();
    const displayContext = await newContext(browser, { viewport: DESKTOP });
    const display = await displayContext.newPage();
    await display.goto(`${server.base}/s/${sessionId}/display?token=${displayInvite.token}&lang=${lang}`);
    await display.locator('.display-state:not([hidden])').waitFor();

    // A session in full swing: a hand up, a question, chat, a caption, an announcement, the floor.
    await joining.locator('#hand-button').click();
    await moderator.locator('.queue-entry').waitFor();
    await joining.locator('#question-input').fill('¿Cuándo? 何时? متى؟');
    await joining.locator('#question-input').press('Enter');
    await joining.locator('#chat-input').fill('Salam · 你好');
    await joining.locator('#chat-input').press('Enter');
    await captioner.locator('#caption-input').pressSequentially('Amina 2026');
    await captioner.locator('#caption-input').press('Enter');
    await moderator.locator('#announcement-text').fill('B-12 · 14:00');
    await moderator.locator('#controls form.inline-form button[type="submit"]').click();
    await moderator.locator('.queue-entry button[data-action="grant"]').click();
    await joining.locator('.floor-banner[data-mine="true"]').waitFor();
    await display.locator('.display-speaker bdi').waitFor();
    await moderator.locator('#equity tbody tr').first().waitFor();
    await joining.locator('.chat-list .chat-message').waitFor();
    await joining.locator('.caption-lines .caption-line').waitFor();

    await check(joining, 'participant');
    await check(moderator, 'moderator');
    await check(captioner, 'captioner');
    await check(display, 'display');
    // The settings, opened, in the language too.
    await moderator.locator('.settings summary').click();
    await moderator.locator('#pref-theme').waitFor();
    await assertNoEnglish(moderator, lang, 'settings');
    if (lang === 'ar' || lang === 'zh') await expectNoAxeViolations(moderator, `the settings in ${lang}`);
    for (const context of [joinContext, moderatorContext, captionerContext, displayContext]) {
      assert.deepEqual(context.problems, [], `${lang}: console or page errors`);
      await context.close();
    }
  }
});

test('every view in Arabic at 360 px and at 200% zoom: right to left, in one column, nothing spills sideways', async () => {
  const sessionId = await liveSession();
  const moderatorInvite = await server.invite(sessionId, 'moderator');
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const displayInvite = await server.invite(sessionId, 'display');
  for (const [size, options] of [
    ['360x740', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ['zoom-200', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
  ]) {
    for (const [view, token, path] of [
      ['join', null, `/?session=${sessionId}`],
      ['participant', null, `/s/${sessionId}`],
      ['moderator', moderatorInvite.token, `/s/${sessionId}`],
      ['captioner', captionerInvite.token, `/s/${sessionId}`],
      ['display', null, `/s/${sessionId}/display?token=${displayInvite.token}&lang=ar`],
    ]) {
      const context = await contextIn('ar', { sessionId, name: `عرض ${view}`, token, viewport: options.viewport, options });
      const page = await context.newPage();
      if (view === 'join') await context.clearCookies();
      await page.goto(`${server.base}${path}`);
      await page.locator(view === 'join' ? '.join-form' : view === 'display' ? '.display-state:not([hidden])' : `[data-view="${view}"]`).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl', `${view} at ${size}`);
      await screenshot(page, `i18n-rtl-${view}-${size}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${view} at ${size}: no sideways scrolling`);
      assert.deepEqual(context.problems, [], `${view} at ${size}`);
      await context.close();
    }
  }
});

test('mixed Arabic and English chat reads in its own direction, and a name with U+202E cannot move the time beside it', async () => {
  const sessionId = await liveSession();
  const senderContext = await newContext(browser);
  const sender = await senderContext.newPage();
  // A name that tries to reverse what follows it (the time): U+202E, RIGHT-TO-LEFT OVERRIDE.
  await joinAs(sender, server.base, { sessionId, name: 'Eve\u202E (admin)' });
  for (const text of ['مرحبا بالجميع from Nairobi 2026!', 'Hello from Cairo, مرحبا!']) {
    await sender.locator('#chat-input').fill(text);
    await sender.locator('#chat-input').press('Enter');
  }
  for (const lang of ['en', 'ar']) {
    const context = await newContext(browser, { locale: lang });
    const reader = await context.newPage();
    await joinAs(reader, server.base, { sessionId, name: `Reader ${lang}` });
    const messages = reader.locator('.chat-list .chat-message');
    await messages.nth(1).waitFor();
    // Each message takes the direction of its first strong letter, whatever the page's.
    const directions = await messages.locator('.chat-text').evaluateAll((texts) => texts.map((text) => [text.getAttribute('dir'), text.matches(':dir(rtl)') ? 'rtl' : 'ltr']));
    assert.deepEqual(directions, [['auto', 'rtl'], ['auto', 'ltr']], `${lang}: messages in their own direction`);
    // The name is isolated, without its override.
    const from = messages.first().locator('.chat-from bdi');
    assert.equal(await from.textContent(), 'Eve (admin)', `${lang}: the override is taken out`);
    // The time stays after the name: to its right left to right, to its left right to left.
    const name = await messages.first().locator('.chat-from').boundingBox();
    const time = await messages.first().locator('.chat-time').boundingBox();
    if (lang === 'en') assert.ok(time.x >= name.x + name.width - 1, `en: the time (${time.x}) is right of the name (${name.x}+${name.width})`);
    else assert.ok(time.x + time.width <= name.x + 1, `ar: the time (${time.x}+${time.width}) is left of the name (${name.x})`);
    // The Arabic message's Latin run keeps its order: "Nairobi" comes before "2026" reading left to right.
    const order = await messages.first().locator('.chat-text').evaluate((element) => {
      const text = element.firstChild;
      const box = (word) => {
        const range = document.createRange();
        const at = text.textContent.indexOf(word);
        range.setStart(text, at);
        range.setEnd(text, at + word.length);
        return range.getBoundingClientRect().x;
      };
      return { nairobi: box('Nairobi'), year: box('2026'), greeting: box('مرحبا') };
    });
    assert.ok(order.nairobi < order.year && order.year < order.greeting, `${lang}: the Arabic greeting first (rightmost), then "from Nairobi 2026" in order: ${JSON.stringify(order)}`);
    await screenshot(reader, `i18n-bidi-chat-${lang}`);
    assert.deepEqual(context.problems, []);
    await context.close();
  }
  await senderContext.close();
});

test('a participant whose browser prefers Arabic reads the client right to left and an English caption track left to right', async () => {
  const sessionId = await liveSession();
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const captionerContext = await newContext(browser);
  const captioner = await captionerContext.newPage();
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await captioner.locator('[data-view="captioner"]').waitFor();
  await captioner.locator('#write-track').selectOption('en');
  const context = await newContext(browser, { locale: 'ar-EG', viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${server.base}/?session=${sessionId}`);
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl']);
  await page.locator('#join-name').fill('أمينة');
  await page.locator('#join-stakeholder').selectOption('government');
  await page.locator('.join-form button[type="submit"]').click();
  await page.locator('[data-view="participant"]').waitFor();
  await page.locator('#captions-track').selectOption('en');
  await captioner.locator('#caption-input').pressSequentially('Good morning, Addis Ababa.');
  await captioner.locator('#caption-input').press('Enter');
  const line = page.locator('.caption-lines .caption-line', { hasText: 'Good morning' });
  await line.waitFor();
  assert.equal(await line.evaluate((element) => element.matches(':dir(ltr)')), true, 'the English caption reads left to right');
  const [lineBox, boxBox] = [await line.boundingBox(), await page.locator('.caption-scroll').boundingBox()];
  assert.ok(lineBox.x - boxBox.x < 40, 'the English caption starts at the left of its box');
  assert.equal(await page.locator('#hand-button').textContent(), 'ارفع يدي');
  await screenshot(page, 'i18n-arabic-reader-english-captions-390x844');
  assert.deepEqual(context.problems, []);
  await context.close();
  await captionerContext.close();
});

test('the language: the browser’s, changed from the menu in any view and remembered; the room display takes its link’s', async () => {
  const sessionId = await liveSession();
  const displayInvite = await server.invite(sessionId, 'display');
  // A browser preferring a language the client does not have falls back to the next, then English.
  const germanContext = await newContext(browser, { locale: 'de-DE' });
  const german = await germanContext.newPage();
  await german.goto(`${server.base}/?session=${sessionId}`);
  assert.equal(await german.evaluate(() => document.documentElement.lang), 'en-GB');
  await germanContext.close();

  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Ana' });
  const menu = page.locator('.session-header .language-menu');
  assert.deepEqual(await menu.locator('option').allTextContents(), ['العربية', '中文', 'English', 'Français', 'Русский', 'Español']);
  assert.deepEqual(await menu.locator('option').evaluateAll((options) => options.map((option) => option.lang)), ['ar', 'zh', 'en', 'fr', 'ru', 'es']);
  await Promise.all([page.waitForEvent('load'), menu.selectOption('zh')]);
  await page.locator('#hand-button', { hasText: '举手' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  // Remembered on this device: a new page, the join page included, is in Chinese.
  const again = await context.newPage();
  await again.goto(`${server.base}/?session=${sessionId}`);
  await again.getByRole('heading', { name: '加入会议' }).waitFor();
  // The room display's link says its language, whatever this device chose.
  await again.goto(`${server.base}/s/${sessionId}/display?token=${displayInvite.token}&lang=fr`);
  await again.locator('.display-state', { hasText: 'En direct' }).waitFor();
  assert.equal(new URL(again.url()).search, '?lang=fr', 'the invite leaves the address, the language stays');
  assert.equal(await again.evaluate(() => document.documentElement.lang), 'fr');
  await Promise.all([again.waitForEvent('load'), again.locator('.language-menu').selectOption('es')]);
  await again.locator('.display-state', { hasText: 'En directo' }).waitFor();
  assert.equal(new URL(again.url()).search, '?lang=es');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('errors are said in the reader’s language from their code; an unknown code falls back to the server’s message', async () => {
  const sessionId = await liveSession();
  const invite = await server.invite(sessionId, 'moderator');
  const context = await newContext(browser, { locale: 'fr-FR' });
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Léa' });
  await page.locator('[data-view="participant"]').waitFor();
  await hubCommands(page, sessionId, { name: 'Chair', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: invite.token },
    [{ type: 'chat.configure', mode: 'slow', slow_seconds: 30 }]);
  await page.locator('#chat-rules', { hasText: 'Mode lent' }).waitFor();
  for (const text of ['Bonjour', 'Encore']) {
    await page.locator('#chat-input').fill(text);
    await page.locator('#chat-input').press('Enter');
  }
  const problem = page.locator('#problem');
  await problem.locator('.problem-text', { hasText: /^Le mode lent est activé\u00a0: vous pourrez écrire à nouveau dans \d+ secondes\.$/ }).waitFor();
  await page.locator('#chat .unsent-state', { hasText: /^Non envoyé\u00a0: Le mode lent/ }).waitFor();
  // A code this client has no words for: the server's message.
  const fallback = await page.evaluate(async () => (await import('/lib/labels.js')).problemText({ code: 'made_up_code', message: 'Something new from the server.' }));
  assert.equal(fallback, 'Something new from the server.');
  assert.deepEqual(context.problems, []);
  await context.close();
});

test('caption reading settings (lines shown, line spacing, size, position) survive a reload; Pause holds the lines and counts new ones', async () => {
  const sessionId = await liveSession();
  const captionerInvite = await server.invite(sessionId, 'captioner');
  const captionerContext = await newContext(browser);
  const captioner = await captionerContext.newPage();
  await joinAs(captioner, server.base, { sessionId, name: 'Writer', token: captionerInvite.token });
  await captioner.locator('[data-view="captioner"]').waitFor();
  const write = async (text) => {
    await captioner.locator('#caption-input').fill(text);
    await captioner.locator('#caption-input').press('Enter');
  };
  for (let line = 1; line <= 6; line += 1) await write(`Line ${line} before the pause`);

  const context = await newContext(browser, { viewport: DESKTOP });
  const page = await context.newPage();
  await joinAs(page, server.base, { sessionId, name: 'Reader' });
  await page.locator('.caption-lines .caption-line', { hasText: 'Line 6 before' }).waitFor();
  await page.locator('.settings summary').click();
  await page.locator('#pref-rows').selectOption('3');
  await page.locator('#pref-spacing').selectOption('1.8');
  await page.locator('#pref-size').selectOption('1.35');
  await page.locator('#pref-position').selectOption('top');
  await page.reload();
  await page.locator('.caption-lines .caption-line', { hasText: 'Line 6 before' }).waitFor();
  await page.locator('.settings summary').click();
  assert.deepEqual(await Promise.all(['#pref-rows', '#pref-spacing', '#pref-size', '#pref-position'].map((id) => page.locator(id).inputValue())), ['3', '1.8', '1.35', 'top']);
  const box = await page.locator('.caption-scroll').evaluate((element) => {
    const style = getComputedStyle(element);
    return { height: element.clientHeight, lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize) };
  });
  assert.equal(box.lineHeight / box.fontSize, 1.8, 'the line spacing');
  assert.ok(Math.abs(box.fontSize - 1.35 * 1.35 * 16) < 0.5, `the size: ${box.fontSize}`);
  assert.ok(box.height > 3 * box.lineHeight && box.height < 4 * box.lineHeight + 24, `three lines high: ${JSON.stringify(box)}`);
  // Captions only: the three lines at the top of the screen, or at the bottom.
  await page.locator('#pref-captions-only').check();
  const panel = page.locator('#captions');
  const header = await page.locator('.session-header').boundingBox();
  const top = await panel.boundingBox();
  assert.ok(top.y - (header.y + header.height) < 40, `captions only, at the top: ${JSON.stringify(top)}`);
  await screenshot(page, 'i18n-captions-only-top');
  await page.locator('#pref-position').selectOption('bottom');
  const bottom = await panel.boundingBox();
  assert.ok(bottom.y + bottom.height > DESKTOP.height - 40, `captions only, at the bottom: ${JSON.stringify(bottom)}`);
  await screenshot(page, 'i18n-captions-only-bottom');
  await page.locator('#pref-captions-only').uncheck();
  await page.locator('.settings summary').click();

  // Pause: new lines are counted, not shown, until Resume.
  await page.getByRole('button', { name: 'Pause' }).click();
  await write('Line 7 while paused');
  await page.locator('.caption-waiting', { hasText: '1 new line' }).waitFor();
  await write('Line 8 while paused');
  await page.locator('.caption-waiting', { hasText: '2 new lines' }).waitFor();
  assert.equal(await page.locator('.caption-lines .caption-line', { hasText: 'while paused' }).count(), 0, 'paused lines are not shown');
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.locator('.caption-lines .caption-line', { hasText: 'Line 8 while paused' }).waitFor();
  assert.equal(await page.locator('.caption-waiting').isVisible(), false);
  await screenshot(page, 'i18n-caption-settings');
  assert.deepEqual(context.problems, []);
  await context.close();
  await captionerContext.close();
});
