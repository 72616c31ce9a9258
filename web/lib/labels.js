// Plain-language labels for the protocol's codes.

export const STAKEHOLDERS = [
  ['government', 'Government'],
  ['private_sector', 'Private sector (business)'],
  ['civil_society', 'Civil society (NGOs, community groups)'],
  ['technical_community', 'Technical community (engineers, standards bodies)'],
  ['intergovernmental', 'International organisation'],
  ['academia', 'Academia (universities, research)'],
  ['other', 'Other'],
  ['unspecified', 'Prefer not to say'],
];

/**
 * The stakeholder value sent to the server: the choice as it is, so
 * "Prefer not to say" goes as `unspecified`, which the server counts apart
 * from `other` (a group not in the list). A value this client does not
 * know (a profile saved by another version) goes as `unspecified` too.
 */
export function wireStakeholder(choice) {
  return STAKEHOLDERS.some(([value]) => value === choice) ? choice : 'unspecified';
}

export const REGIONS = [
  ['african', 'Africa'],
  ['asia_pacific', 'Asia-Pacific'],
  ['eastern_european', 'Eastern Europe'],
  ['latin_american_caribbean', 'Latin America and the Caribbean'],
  ['western_european_others', 'Western Europe, North America and others'],
  ['unspecified', 'Prefer not to say'],
];

/** What a session's state is called on its badge. */
export const SESSION_STATE_TEXT = { scheduled: 'Scheduled', live: 'Live', ended: 'Ended' };

export const MODES = [['onsite', 'In the room'], ['remote', 'Online']];

const LANGUAGE_NAMES = {
  en: 'English', fr: 'Français', es: 'Español', ar: 'العربية', zh: '中文', ru: 'Русский',
  pt: 'Português', de: 'Deutsch', sw: 'Kiswahili', hi: 'हिन्दी',
};

export function languageName(tag) {
  const primary = tag.split('-')[0].toLowerCase();
  const name = LANGUAGE_NAMES[primary];
  return name ? `${name} (${tag})` : tag;
}

export function stakeholderLabel(code) {
  return (STAKEHOLDERS.find(([value]) => value === code) || [code, code])[1];
}

export function regionLabel(code) {
  return (REGIONS.find(([value]) => value === code) || [code, code])[1];
}

export function modeLabel(mode) {
  return mode === 'onsite' ? 'in the room' : 'online';
}

/** "Ana (online)" or "Mr Diallo (in the room)". */
export function speakerLabel(entry) {
  if (!entry) return '';
  return `${entry.name} (${modeLabel(entry.mode)})`;
}

export function ordinal(number) {
  const tens = number % 100;
  if (tens >= 11 && tens <= 13) return `${number}th`;
  return `${number}${{ 1: 'st', 2: 'nd', 3: 'rd' }[number % 10] || 'th'}`;
}

/** "2:05" from seconds; negative values clamp to 0:00. */
export function clock(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** What an error code means to a person, for codes a user can cause. */
export const ERROR_TEXT = {
  chat_locked: 'Chat is locked by the moderator.',
  queue_closed: 'The queue is closed for now.',
  already_in_queue: 'Your hand is already up.',
  already_voted: 'You already upvoted this question.',
  session_ended: 'The session has ended.',
  session_not_live: 'The session is not live yet.',
  rate_limited: 'Too fast: wait a moment and try again.',
  too_large: 'That text is too long.',
  forbidden: 'You are not allowed to do that.',
  banned: 'A moderator removed you from this session.',
  offline: 'You are offline.',
  slow_mode: (error) => {
    const seconds = slowModeSeconds(error);
    return seconds ? `Slow mode is on: you can write again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.` : 'Slow mode is on: wait a little before writing again.';
  },
};

/** The seconds a `slow_mode` refusal asks to wait, from its message ("… in 27 s"). */
export function slowModeSeconds(error) {
  const match = /(\d+)\s*s\b/.exec(error.message || '');
  return match ? Number(match[1]) : null;
}
