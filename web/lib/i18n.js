// The interface language, one of the six UN languages: the room display's
// link's, else the device's choice, else the browser's. A view fetches its
// parts of one catalog (web/i18n/<lang>/<part>.js): a message a line, "key
// text", under [namespace] lines; key.one, key.few… are a message's forms
// by number. Numbers, plurals, dates and waits go through Intl; user text is
// isolated, so it cannot reorder the text around it.
import { loadPreferences, savePreference } from './storage.js';

/** Code: [name in itself, Intl locale], in the UN's order. */
export const LANGUAGES = {
  ar: ['العربية', 'ar'], zh: ['中文', 'zh-Hans'], en: ['English', 'en-GB'],
  fr: ['Français', 'fr'], ru: ['Русский', 'ru'], es: ['Español', 'es'],
};

let code = 'en';
const messages = {};
const loaded = new Map();
const cache = new Map();

/** A part's messages by key: "[chat]" then "title Chat" is chat.title. */
export function parse(source, into = {}) {
  let space = '';
  for (const line of source.split('\n')) {
    const gap = line.indexOf(' ');
    if (line[0] === '[') space = `${line.slice(1, -1)}.`;
    else if (gap > 0) into[space + line.slice(0, gap)] = line.slice(gap + 1);
  }
  return into;
}

/** The first supported language of `tags` (BCP 47, best first), else en. */
export const pickLanguage = (tags) => tags.map((tag) => String(tag).split('-')[0].toLowerCase()).find((tag) => LANGUAGES[tag]) || 'en';

export const chooseLanguage = (linked = null) =>
  pickLanguage([linked, loadPreferences().language, ...(globalThis.navigator?.languages || [])]);

/** Uses `lang` (and the parts' `sources`, in tests); `<html lang dir>` follow. */
export function setLanguage(lang, sources = []) {
  code = LANGUAGES[lang] ? lang : 'en';
  if (sources.length) for (const key of Object.keys(messages)) delete messages[key];
  for (const source of sources) parse(source, messages);
  const root = globalThis.document?.documentElement;
  if (root) [root.lang, root.dir] = [locale(), rtl() ? 'rtl' : 'ltr'];
}

export const language = () => code;
export const locale = () => LANGUAGES[code][1];
export const rtl = () => code === 'ar';
export const hasMessages = (part) => loaded.get(part) === true;

/** Fetches the parts (`common`, `join`…) not yet here. */
export const loadMessages = (...parts) => Promise.all(parts.map((part) => {
  if (!loaded.has(part)) loaded.set(part, import(`../i18n/${code}/${part}.js`).then((module) => loaded.set(part, parse(module.default, messages) && true)));
  return loaded.get(part);
}));

function intl(kind, options = {}) {
  const key = kind + code + JSON.stringify(options);
  if (!cache.has(key)) cache.set(key, new Intl[kind](locale(), options));
  return cache.get(key);
}

export const number = (value, options) => intl('NumberFormat', options).format(value);

/** A wait: "in 27 seconds", or for a negative one "2 minutes ago". */
export function relative(seconds) {
  const whole = Math.round(seconds);
  const minutes = Math.abs(whole) >= 60;
  return intl('RelativeTimeFormat', { numeric: 'auto' }).format(minutes ? Math.trunc(whole / 60) : whole, minutes ? 'minute' : 'second');
}

/** The message of `key`; of a plural one, the form for `params.count` (common.ordinal: by ordinal rules). */
function template(key, params) {
  if (key in messages || !(`${key}.other` in messages)) return messages[key] ?? key;
  const form = intl('PluralRules', { type: key === 'common.ordinal' ? 'ordinal' : 'cardinal' }).select(params.count ?? params.n);
  return messages[`${key}.${form}`] ?? messages[`${key}.other`];
}

const text = (param) => (typeof param === 'number' ? number(param) : param?.nodeType ? param.textContent : String(param ?? ''));

/** The message of `key` with its `{name}` placeholders filled in. */
export const t = (key, params = {}) =>
  template(key, params).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? text(params[name]) : whole));

/** "1st", "2e", "3-й": an ordinal by the language's rules. */
export const ordinal = (n) => t('common.ordinal', { n });

/** Fills `element` with a message whose node parameters (a name in a `<bdi>`) go in as nodes; the same text is left alone. */
export function fill(element, key, params = {}) {
  const nodes = template(key, params).split(/\{(\w+)\}/).map((piece, index) => (index % 2 ? (piece in params ? params[piece] : `{${piece}}`) : piece));
  if (element.textContent !== nodes.map(text).join('')) element.replaceChildren(...nodes.map((node) => (node?.nodeType ? node : text(node))));
}

/** User text without embeddings, overrides and isolates (U+202A–E, U+2066–9). */
export const clean = (value) => String(value ?? '').replace(/[\u202a-\u202e\u2066-\u2069]/g, '');

/** User text in a shown string (a title): cleaned and isolated (FSI … PDI). */
export const isolate = (value) => `\u2068${clean(value)}\u2069`;

/** User text as a `<bdi>`: its own direction, isolated from what is around it. */
export function bdi(value) {
  const element = document.createElement('bdi');
  element.textContent = clean(value);
  return element;
}

/** The language menu, each language named in itself; a choice reloads the page in it. */
export function languageMenu(choose = (lang) => { savePreference('language', lang); location.reload(); }) {
  const menu = document.createElement('select');
  menu.className = 'language-menu';
  menu.setAttribute('aria-label', t('common.language'));
  for (const [lang, [name]] of Object.entries(LANGUAGES)) {
    const option = new Option(name, lang, false, lang === code);
    option.lang = lang;
    menu.append(option);
  }
  menu.onchange = () => choose(menu.value);
  return menu;
}
