// The protocol's codes in the reader's language: stakeholder groups and UN
// regional groups (by the names the UN and the IGF use), modes, session
// states and error codes, all from the catalog.
import { t, bdi, clean, number, relative, loadMessages, LANGUAGES } from './i18n.js';

export const STAKEHOLDER_CODES = ['government', 'private_sector', 'civil_society', 'technical_community', 'intergovernmental', 'academia', 'other', 'unspecified'];
export const REGION_CODES = ['african', 'asia_pacific', 'eastern_european', 'latin_american_caribbean', 'western_european_others', 'unspecified'];

export const stakeholderLabel = (code) => t(`group.${code}`);
export const regionLabel = (code) => t(`region.${code}`);
export const modeLabel = (mode) => t(mode === 'onsite' ? 'mode.onsite' : 'mode.remote');
export const stateLabel = (state) => t(`state.${state}`);

/** `[value, label]` pairs for a `<select>`. */
export const stakeholders = () => STAKEHOLDER_CODES.map((code) => [code, stakeholderLabel(code)]);
export const regions = () => REGION_CODES.map((code) => [code, regionLabel(code)]);

/**
 * The stakeholder value sent to the server: the choice as it is, so
 * "Prefer not to say" goes as `unspecified`, which the server counts apart
 * from `other` (a group not in the list). A value this client does not
 * know (a profile saved by another version) goes as `unspecified` too.
 */
export function wireStakeholder(choice) {
  return STAKEHOLDER_CODES.includes(choice) ? choice : 'unspecified';
}

// Caption tracks are named in their own language, whatever the interface's.
const MORE_NAMES = { pt: 'Português', de: 'Deutsch', sw: 'Kiswahili', hi: 'हिन्दी' };

export function languageName(tag) {
  const primary = tag.split('-')[0].toLowerCase();
  const name = LANGUAGES[primary]?.[0] || MORE_NAMES[primary];
  return name ? `${name} (${tag})` : tag;
}

/** "Ana (online)": the name isolated in a `<bdi>`, for `fill`. */
export function speaker(entry) {
  return { name: bdi(entry.name), mode: modeLabel(entry.mode) };
}

/** The same as one string (for announcements and labels). */
export const speakerText = (entry) => (entry ? t('common.speaker', { name: clean(entry.name), mode: modeLabel(entry.mode) }) : '');

/** "2:05" from seconds; negative values clamp to 0:00. */
export function clock(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  return t('common.clock', { m: Math.floor(whole / 60), s: number(whole % 60, { minimumIntegerDigits: 2 }) });
}

/**
 * An error in the reader's words: the catalog's for a known code, else the
 * server's message. Errors have a part of the catalog of their own, fetched
 * when one is first shown (`whenErrors`).
 */
export function problemText(error) {
  if (error.code === 'slow_mode') {
    const seconds = slowModeSeconds(error);
    return seconds ? t('error.slow_mode_wait', { wait: relative(seconds) }) : t('error.slow_mode');
  }
  const text = t(`error.${error.code}`);
  return text !== `error.${error.code}` ? text : error.message || error.code;
}

/** The seconds a `slow_mode` refusal asks to wait, from its message ("… in 27 s"). */
export function slowModeSeconds(error) {
  const match = /(\d+)\s*s\b/.exec(error.message || '');
  return match ? Number(match[1]) : null;
}

/** Runs `show` once the errors' words are here. */
export const whenErrors = (show) => loadMessages('errors').then(show);

/** What the connection's state says; `detail` is a wait in seconds, or why it closed (words from `whenErrors`). */
export function connectionText(state, detail) {
  if (state === 'reconnecting') return t('connection.reconnecting', { wait: relative(detail) });
  if (state !== 'closed') return t(state === 'connecting' ? 'connection.connecting' : 'connection.open');
  if (detail === 'removed') return t('closed.removed');
  if (detail === 'banned') return t('closed.banned');
  if (detail === 'display_revoked') return t('closed.display_revoked');
  if (detail?.code === 'display_link') return t('closed.display_link');
  return t('closed.reason', { reason: problemText(detail || {}) });
}
