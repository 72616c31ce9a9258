// The message catalogs, in plain Node: every language has every part and
// every key of the English source, with its placeholders and every plural
// form its language needs; every key is used by the client and every key
// the client uses exists; errors, stakeholder groups and regions follow
// docs/PROTOCOL.md; each catalog says whether it was reviewed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { LANGUAGES, parse } from '../../web/lib/i18n.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(repoRoot, 'web');
const catalogs = join(web, 'i18n');
const FORMS = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const placeholders = (text) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));

/** `{part: {review, messages: {key: text | {form: text}}}}` of one language. */
async function catalog(lang) {
  const parts = {};
  for (const file of readdirSync(join(catalogs, lang)).filter((name) => name.endsWith('.js'))) {
    const module = await import(pathToFileURL(join(catalogs, lang, file)));
    const flat = parse(module.default);
    const messages = {};
    for (const [key, text] of Object.entries(flat)) {
      // namespace.key.form: a form of a plural message.
      const [space, name, form] = key.split('.');
      const base = `${space}.${name}`;
      if (form && FORMS.has(form)) messages[base] = { ...messages[base], [form]: text };
      else messages[key] = text;
    }
    parts[file.replace(/\.js$/, '')] = { review: module.review, messages, source: module.default };
  }
  return parts;
}

const all = Object.fromEntries(await Promise.all(Object.keys(LANGUAGES).map(async (lang) => [lang, await catalog(lang)])));
const english = all.en;
const englishKeys = new Set(Object.values(english).flatMap((part) => Object.keys(part.messages)));

/** Every JavaScript file of the client but the catalogs. */
function sources(directory = web) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return path === catalogs ? [] : sources(path);
    return name.endsWith('.js') ? [[path, readFileSync(path, 'utf8')]] : [];
  });
}
const code = sources();
const literals = new Set(code.flatMap(([, text]) => [...text.matchAll(/['`]([a-z_]+(?:\.[a-z_]+)+)['`]/g)].map((match) => match[1])));
// Families of keys the code builds from a protocol code, e.g. t(`group.${code}`).
const families = new Set(code.flatMap(([, text]) => [...text.matchAll(/\bt\(`([a-z_]+)\.\$\{/g)].map((match) => match[1])));

const protocol = readFileSync(join(repoRoot, 'docs', 'PROTOCOL.md'), 'utf8');
const errorTable = protocol.slice(protocol.indexOf('### Error codes'), protocol.indexOf('### Close codes'));
const ERROR_CODES = [...errorTable.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]).filter((name) => name !== 'code');
const listed = (field) => [...protocol.match(new RegExp(`^\\| \`${field}\` \\|.*$`, 'm'))[0].matchAll(/`(\w+)`/g)].map((match) => match[1]).slice(1);
// Frame types and other dotted names of the protocol (`chat.send`, `hand.raised`…).
const FRAME_TYPES = new Set([...protocol.matchAll(/[`"]([a-z_]+\.[a-z_.]+)[`"]/g)].map((match) => match[1]));

test('the six UN languages, each with every part of the English catalog', () => {
  assert.deepEqual(Object.keys(LANGUAGES).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
  assert.deepEqual(readdirSync(catalogs).sort(), Object.keys(LANGUAGES).sort());
  for (const [lang, parts] of Object.entries(all)) assert.deepEqual(Object.keys(parts).sort(), Object.keys(english).sort(), lang);
});

test('every key of the English catalog is in every language, and no other', () => {
  for (const [lang, parts] of Object.entries(all)) {
    for (const [name, part] of Object.entries(english)) {
      const theirs = Object.keys(parts[name].messages).sort();
      const missing = Object.keys(part.messages).filter((key) => !theirs.includes(key));
      const extra = theirs.filter((key) => !(key in part.messages));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${lang}/${name}.js`);
    }
  }
});

test('translations keep the placeholders and have every plural form of their language', () => {
  for (const [lang, parts] of Object.entries(all)) {
    const [, locale] = LANGUAGES[lang];
    for (const [name, part] of Object.entries(parts)) {
      for (const [key, message] of Object.entries(part.messages)) {
        const source = english[name].messages[key];
        if (source === undefined) continue;
        const wanted = new Set([...Object.values(typeof source === 'string' ? { other: source } : source)].flatMap((text) => [...placeholders(text)]));
        const forms = typeof message === 'string' ? { other: message } : message;
        const found = new Set(Object.values(forms).flatMap((text) => [...placeholders(text)]));
        for (const placeholder of found) assert.ok(wanted.has(placeholder), `${lang} ${key}: {${placeholder}} is not a placeholder of the English`);
        // A form for one may say the number in words; every other placeholder is kept.
        for (const placeholder of wanted) if (placeholder !== 'count' && placeholder !== 'n') assert.ok(found.has(placeholder), `${lang} ${key}: {${placeholder}} is missing`);
        if (typeof message !== 'string') {
          const categories = new Intl.PluralRules(locale, { type: key === 'common.ordinal' ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories;
          assert.deepEqual(Object.keys(message).filter((form) => !categories.includes(form)), [], `${lang} ${key}: forms its language does not have`);
          assert.deepEqual(categories.filter((form) => !(form in message)), [], `${lang} ${key}: forms missing`);
        }
        for (const text of Object.values(forms)) {
          assert.ok(text === text.trim() && text.length > 0, `${lang} ${key}: blank or padded`);
          assert.doesNotMatch(text, /`|\$\{|\\/, `${lang} ${key}: no backquote, \${ or backslash in a message`);
        }
      }
    }
  }
});

// Words spelled alike in English and the language, so a message may be the same.
const SAME_WORDS = {
  fr: ['Pause', 'Questions', 'vote', 'votes', 'Session', 'minute', 'minutes', 'Participant', 'Participants', 'participant', 'participants'],
  es: ['Chat', 'Normal'],
};

test('no message is left in English: one the same as the English is made of words the language spells alike', () => {
  const englishMessages = Object.assign({}, ...Object.values(english).map((part) => part.messages));
  for (const [lang, parts] of Object.entries(all)) {
    if (lang === 'en') continue;
    for (const part of Object.values(parts)) {
      for (const [key, message] of Object.entries(part.messages)) {
        if (JSON.stringify(message) !== JSON.stringify(englishMessages[key])) continue;
        const words = JSON.stringify(message).replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g) || [];
        const english = words.filter((word) => word !== 'hybridhub' && !(SAME_WORDS[lang] || []).includes(word));
        assert.deepEqual(english, [], `${lang} ${key} is the English: ${JSON.stringify(message)}`);
      }
    }
  }
});

test('no namespace is in two parts (the parts of a language are merged)', () => {
  for (const [lang, parts] of Object.entries(all)) {
    const seen = new Map();
    for (const [name, part] of Object.entries(parts)) {
      for (const space of new Set(Object.keys(part.messages).map((key) => key.split('.')[0]))) {
        assert.ok(!seen.has(space), `${lang}: [${space}] is in ${seen.get(space)}.js and ${name}.js`);
        seen.set(space, name);
      }
    }
  }
});

test('each catalog says its review status: the English is the source, the others need a native speaker’s review', () => {
  for (const [lang, parts] of Object.entries(all)) {
    for (const [name, part] of Object.entries(parts)) {
      assert.equal(typeof part.review, 'string', `${lang}/${name}.js exports its review status`);
      if (lang === 'en') assert.equal(part.review, 'source text');
      else assert.match(part.review, /review/, `${lang}/${name}.js: ${part.review}`);
    }
  }
});

test('every key is used by the client, and every key the client uses exists', () => {
  assert.deepEqual([...families].sort(), ['error', 'group', 'region', 'state'], 'keys built from a code are only those of the protocol’s codes');
  const unused = [...englishKeys].filter((key) => !literals.has(key) && !families.has(key.split('.')[0]));
  assert.deepEqual(unused, [], 'keys no source file names');
  const spaces = new Set([...englishKeys].map((key) => key.split('.')[0]));
  const missing = [...literals].filter((key) => spaces.has(key.split('.')[0]) && !FRAME_TYPES.has(key) && !englishKeys.has(key));
  assert.deepEqual(missing, [], 'keys the client names that no catalog has');
  // A key spelled like a frame type would be taken for used wherever that type is.
  assert.deepEqual([...englishKeys].filter((key) => FRAME_TYPES.has(key)), [], 'no key is also a frame type');
});

test('the families of keys follow the protocol: every error code, stakeholder group and regional group has its words', () => {
  assert.ok(ERROR_CODES.length >= 20, `error codes read from PROTOCOL.md: ${ERROR_CODES}`);
  const keys = (space) => [...englishKeys].filter((key) => key.startsWith(`${space}.`)).map((key) => key.slice(space.length + 1)).sort();
  const clientCodes = ['offline', 'report_download', 'slow_mode_wait'];
  assert.deepEqual(keys('error'), [...ERROR_CODES, ...clientCodes].sort());
  assert.deepEqual(keys('group'), listed('stakeholder').sort());
  assert.deepEqual(keys('region'), listed('region').sort());
  assert.deepEqual(keys('state'), ['ended', 'live', 'scheduled']);
});
