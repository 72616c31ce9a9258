// Session times people can read: the date and the time in the venue's time
// zone (the session's `time_zone`), and in the reader's own when it differs,
// e.g. "Tue 23 June, 09:00–10:30 in Europe/Oslo (14:00–15:30 your time)".
// Intl does the zone arithmetic; days and months are in English, as the
// rest of the interface, and times on the 24-hour clock.

const DAY = { weekday: 'short', day: 'numeric', month: 'long' };
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const formats = new Map();

function format(options, zone, date) {
  const key = `${options === DAY ? 'day' : 'time'} ${zone}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone }));
  return formats.get(key).format(date);
}

/** The reader's own IANA time zone, e.g. "Europe/Paris". */
export function readerZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A zone's name as people read it: "America/New York". */
export function zoneName(zone) {
  return zone.replace(/_/g, ' ');
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
  if (start.day !== end.day) return `${start.day}, ${start.time} – ${end.day}, ${end.time}`;
  return `${start.day === knownDay ? '' : `${start.day}, `}${start.time}–${end.time}`;
}

/** When a session takes place, in the venue's zone and the reader's. */
export function sessionTimes(session, reader = readerZone()) {
  const venue = session.time_zone;
  if (!venue) return `${span(session, reader)} your time (${zoneName(reader)})`;
  const startDay = local(session.starts_at, venue).day;
  const yours = span(session, reader, startDay);
  const here = `${span(session, venue)} in ${zoneName(venue)}`;
  return yours === span(session, venue, startDay) ? here : `${here} (${yours} your time)`;
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
  const at = start.day === local(now, zone).day ? `at ${start.time}` : `on ${start.day} at ${start.time}`;
  const mine = local(session.starts_at, reader);
  const yours = !venue || (mine.day === start.day && mine.time === start.time) ? null
    : mine.day === start.day ? mine.time : `${mine.day}, ${mine.time}`;
  return { at, zone: zoneName(zone), venue: Boolean(venue), yours };
}

/** "Starts at 09:00 in Europe/Oslo (14:00 your time)", for a scheduled session. */
export function startsText(session, now = Date.now()) {
  if (Date.parse(session.ends_at) <= now) return `Not started: it was planned for ${sessionTimes(session)}`;
  const { at, zone, venue, yours } = startTime(session, now);
  if (!venue) return `Starts ${at} your time (${zone})`;
  return `Starts ${at} in ${zone}${yours ? ` (${yours} your time)` : ''}`;
}
