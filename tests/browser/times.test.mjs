// Session times in plain Node: the venue's zone and the reader's own, by
// Intl, at fixed instants, in English (the catalog's words) and, at the
// end, in the other languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionTimes, startsText, startTime, zoneName } from '../../web/lib/times.js';
import { setLanguage } from '../../web/lib/i18n.js';

const inLanguage = async (lang) => setLanguage(lang, [(await import(`../../web/i18n/${lang}/common.js`)).default]);
await inLanguage('en');

const session = (fields) => ({ starts_at: '2027-06-22T00:00:00.000Z', ends_at: '2027-06-22T01:30:00.000Z', ...fields });
const BEFORE = Date.parse('2027-06-01T00:00:00Z');

test('the venue’s time with the reader’s own when it differs', () => {
  assert.equal(sessionTimes(session({ time_zone: 'Asia/Tokyo' }), 'Europe/Paris'), 'Tue 22 June, 09:00–10:30 in Asia/Tokyo (02:00–03:30 your time)');
  assert.equal(sessionTimes(session({ time_zone: 'Europe/Oslo' }), 'America/New_York'), 'Tue 22 June, 02:00–03:30 in Europe/Oslo (Mon 21 June, 20:00–21:30 your time)');
});

test('the reader’s day is said when it is another, across midnight too', () => {
  const early = session({ time_zone: 'Asia/Tokyo', starts_at: '2027-06-21T21:00:00Z', ends_at: '2027-06-21T22:30:00Z' });
  assert.equal(sessionTimes(early, 'Europe/Paris'), 'Tue 22 June, 06:00–07:30 in Asia/Tokyo (Mon 21 June, 23:00 – Tue 22 June, 00:30 your time)');
});

test('the same clock in both zones is said once', () => {
  assert.equal(sessionTimes(session({ time_zone: 'Europe/Oslo' }), 'Europe/Paris'), 'Tue 22 June, 02:00–03:30 in Europe/Oslo');
});

test('without a venue zone, the reader’s own time with its name', () => {
  assert.equal(sessionTimes(session({}), 'America/New_York'), 'Mon 21 June, 20:00–21:30 your time (America/New York)');
  assert.equal(zoneName('America/Argentina/Buenos_Aires'), 'America/Argentina/Buenos Aires');
});

test('when a scheduled session starts: the day only when it is not today', () => {
  const tokyo = session({ time_zone: 'Asia/Tokyo' });
  assert.deepEqual(startTime(tokyo, BEFORE, 'Europe/Paris'), { at: 'on Tue 22 June at 09:00', zone: 'Asia/Tokyo', venue: true, yours: '02:00' });
  assert.deepEqual(startTime(tokyo, Date.parse('2027-06-21T23:00:00Z'), 'Europe/Paris'), { at: 'at 09:00', zone: 'Asia/Tokyo', venue: true, yours: '02:00' });
  assert.deepEqual(startTime(tokyo, BEFORE, 'Asia/Tokyo').yours, null);
  assert.deepEqual(startTime(session({ time_zone: 'Asia/Tokyo', starts_at: '2027-06-21T21:00:00Z' }), BEFORE, 'Europe/Paris').yours, 'Mon 21 June, 23:00');
});

test('a session whose slot has passed does not say it will start', () => {
  assert.match(startsText(session({ time_zone: 'Asia/Tokyo' }), Date.parse('2027-06-23T00:00:00Z')), /^Not started: it was planned for Tue 22 June/);
  assert.match(startsText(session({ time_zone: 'Asia/Tokyo' }), BEFORE), /^Starts on Tue 22 June at 09:00 in Asia\/Tokyo \(\d\d:\d\d your time\)$/);
});

test('in another language, Intl says the days and the catalog the words; a zone stays left to right in Arabic', async () => {
  const tokyo = session({ time_zone: 'Asia/Tokyo' });
  try {
    await inLanguage('fr');
    assert.equal(sessionTimes(tokyo, 'Asia/Tokyo'), 'mar. 22 juin, 09:00–10:30 (Asia/Tokyo)');
    assert.equal(startsText(tokyo, BEFORE).startsWith('Début le mar. 22 juin à 09:00 (Asia/Tokyo'), true);
    await inLanguage('zh');
    assert.match(sessionTimes(tokyo, 'Asia/Tokyo'), /^6月22日周二 09:00–10:30（Asia\/Tokyo）$/);
    await inLanguage('ar');
    assert.match(sessionTimes(tokyo, 'Asia/Tokyo'), /\u2066Asia\/Tokyo\u2069/);
    assert.doesNotMatch(sessionTimes(tokyo, 'Asia/Tokyo'), /[A-Za-z]{3,} 22|June/);
  } finally {
    await inLanguage('en');
  }
});
