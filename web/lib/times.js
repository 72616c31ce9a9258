// Session times people can read: the date and the time in the venue's time
// zone (the session's `time_zone`), and in the reader's own when it differs,
// e.g. "Tue 23 June, 09:00–10:30 in Europe/Oslo (14:00–15:30 your time)".
// Intl does the zone arithmetic and the reader's language the days, months
// and digits; the wording is the catalog's; times are on the 24-hour clock.
import { t, locale, rtl } from './i18n.js';

const DAY = { weekday: 'short', day: 'numeric', month: 'long' };
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const formats = new Map();

function format(options, zone, date) {
  const key = `${options === DAY ? 'day' : 'time'} ${zone} ${locale()}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone }));
  return formats.get(key).format(date);
}

/** The reader's own IANA time zone, e.g. "Europe/Paris". */
export function readerZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A zone's name as people read it: "America/New York" (kept left to right in right-to-left text). */
export function zoneName(zone) {
  const name = zone.replace(/_/g, ' ');
  return rtl() ? `\u2066${name}\u2069` : name;
}

/** `{day: "Tue 23 June", time: "09:00"}` of an instant in a zone. */
function local(instant, zone) {
  const date = new Date(instant);
  return { day: format(DAY, zone, date), time: format(TIME, zone, date) };
}

/**
 * "Tue 23 June, 09:00–10:30", or across midnight "Mon 22 June, 23:00 –
 * Tue 23 June, 00:30"; the day is left out when it is `knownDay`.
 */
function span(session, zone, knownDay = null) {
  const start = local(session.starts_at, zone);
  const end = local(session.ends_at, zone);
  if (start.day !== end.day) return t('times.span_days', { day: start.day, start: start.time, endDay: end.day, end: end.time });
  if (start.day === knownDay) return t('times.span_hours', { start: start.time, end: end.time });
  return t('times.span', { day: start.day, start: start.time, end: end.time });
}

/** When a session takes place, in the venue's zone and the reader's. */
export function sessionTimes(session, reader = readerZone()) {
  const venue = session.time_zone;
  if (!venue) return t('times.yours_only', { span: span(session, reader), zone: zoneName(reader) });
  const startDay = local(session.starts_at, venue).day;
  const yours = span(session, reader, startDay);
  const here = t('times.in_zone', { span: span(session, venue), zone: zoneName(venue) });
  return yours === span(session, venue, startDay) ? here : t('times.and_yours', { here, yours });
}

/**
 * When a session starts: `at` ("at 09:00" today in that zone, else "on Tue
 * 23 June at 09:00"), `zone` (the venue's, or the reader's when the session
 * has none), `venue` (whether the zone is the venue's) and `yours` (the time
 * in the reader's zone, with its day when that is another, or null when it
 * is the same).
 */
export function startTime(session, now = Date.now(), reader = readerZone()) {
  const venue = session.time_zone;
  const zone = venue || reader;
  const start = local(session.starts_at, zone);
  const at = start.day === local(now, zone).day ? t('times.at', { time: start.time }) : t('times.on_at', { day: start.day, time: start.time });
  const mine = local(session.starts_at, reader);
  const yours = !venue || (mine.day === start.day && mine.time === start.time) ? null
    : mine.day === start.day ? mine.time : t('times.day_time', { day: mine.day, time: mine.time });
  return { at, zone: zoneName(zone), venue: Boolean(venue), yours };
}

/** "Starts at 09:00 in Europe/Oslo (14:00 your time)", for a scheduled session. */
export function startsText(session, now = Date.now()) {
  if (Date.parse(session.ends_at) <= now) return t('times.not_started', { when: sessionTimes(session) });
  const { at, zone, venue, yours } = startTime(session, now);
  if (!venue) return t('times.starts_yours', { at, zone });
  return yours ? t('times.starts_both', { at, zone, yours }) : t('times.starts', { at, zone });
}
