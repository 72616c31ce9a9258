// The captioner's view: a large writing area. Typing sends the line so far
// (a partial, a few times a second at most); Enter finishes the line;
// Escape withdraws it. Above it, who the lines begun now are said by; below
// it, the recent lines with their speakers, to correct; beside it, what
// participants currently see.
import { h, panel, select, field } from '../lib/dom.js';
import { captionsPanel, languageOptions } from './parts/captions.js';
import { floorBanner } from './parts/floor.js';
import { unsentList } from './parts/unsent.js';
import { captionSpeakers } from './parts/caption-speakers.js';
import { t } from '../lib/i18n.js';

/** Partials are sent at most this often; the last keystroke always goes out. */
const PARTIAL_EVERY_MS = 150;

export function captionerView(context) {
  const { model, client } = context;
  const preview = captionsPanel(context, { title: t('captioner.preview'), idPrefix: 'preview' });
  const floor = floorBanner(context);
  let track = null;
  let timer = null;
  let lastSent = 0;
  let lastText = '';

  const trackSelect = select({ id: 'write-track', onchange: (event) => { track = event.target.value; preview.setTrack(track); speakers.update(['track']); } }, [], null);
  const speakers = captionSpeakers(context, () => track);
  const writing = h('textarea', {
    id: 'caption-input', class: 'caption-input', rows: 4, maxlength: 500, spellcheck: 'false',
    'aria-describedby': 'caption-help', 'aria-label': t('captioner.line'), dir: 'auto',
  });
  const help = h('p', { class: 'hint', id: 'caption-help', text: t('captioner.help') });
  const unsent = unsentList(context, 'caption.push', t('captioner.unsent'));
  writing.addEventListener('input', schedulePartial);
  writing.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      finishLine();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      writing.value = '';
      sendPartial();
    }
  });
  const element = h('div', { class: 'layout captioner-view', 'data-view': 'captioner' },
    h('div', { class: 'column-main' },
      panel('write', t('captioner.title'), field(t('captioner.track'), trackSelect), speakers.now, writing, help, h('div', { 'aria-live': 'polite' }, unsent.element)),
      speakers.element),
    h('div', { class: 'column-side' }, floor.element, preview.element));

  function schedulePartial() {
    clearTimeout(timer);
    const wait = PARTIAL_EVERY_MS - (Date.now() - lastSent);
    if (wait <= 0) sendPartial();
    else timer = setTimeout(sendPartial, wait);
  }

  function sendPartial() {
    clearTimeout(timer);
    const text = writing.value.replace(/\s+/g, ' ');
    if (text === lastText) return;
    lastSent = Date.now();
    lastText = text;
    // A partial lost offline is replaced by the next one; no need to queue it.
    if (client.isReady()) context.command({ type: 'caption.push', lang: track, text, final: false }).catch(() => {});
  }

  function finishLine() {
    clearTimeout(timer);
    const text = writing.value.replace(/\s+/g, ' ').trim();
    if (!text) return;
    writing.value = '';
    lastText = '';
    // Refused or offline, the line stays in the unsent list below.
    context.command({ type: 'caption.push', lang: track, text, final: true }).catch(() => {});
  }

  return {
    element,
    outbox: () => unsent.render(),
    update(changed) {
      preview.update(changed);
      floor.update(changed);
      if (changed.includes('all') || changed.includes('session')) {
        const languages = model.session.languages;
        if (!track || !languages.includes(track)) track = preview.track || languages[0];
        trackSelect.replaceChildren(...languageOptions(languages, track));
      }
      if (changed.includes('all')) unsent.render();
      speakers.update(changed);
    },
  };
}
