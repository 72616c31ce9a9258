// Links to the session's transcript in the three formats the server makes
// (plain text, WebVTT, SubRip), in the viewer's caption language.
import { h } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';

// The formats' own names (WebVTT, SRT) are the same in every language.
const FORMATS = [['txt', null], ['vtt', 'WebVTT'], ['srt', 'SRT']];

export function transcriptLinks(sessionId) {
  const links = FORMATS.map(([extension, label]) => h('a', { href: `/api/sessions/${sessionId}/transcript.${extension}`, text: label || t('transcript.text'), 'data-extension': extension }));
  const element = h('p', { class: 'transcripts' }, h('span', { text: `${t('transcript.title')} ` }),
    ...links.flatMap((link, index) => (index ? [' · ', link] : [link])));
  let current = null;
  return {
    element,
    /** Points the links at one caption track (the floor language when null). */
    setLanguage(lang) {
      if (lang === current) return;
      current = lang;
      for (const link of links) {
        const base = `/api/sessions/${sessionId}/transcript.${link.dataset.extension}`;
        link.href = lang ? `${base}?lang=${encodeURIComponent(lang)}` : base;
      }
    },
  };
}
