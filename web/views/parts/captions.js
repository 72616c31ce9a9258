// Live captions: the track choice, finished lines in a polite live region,
// the line being written below them (not announced, so a screen reader is
// not interrupted by every keystroke), scroll-back that stays put while
// the reader is looking at earlier lines, and Pause, which freezes the lines
// for reading back while new ones are counted, until Resume.
import { h, syncList, select, field, setText } from '../../lib/dom.js';
import { captionLines } from '../../lib/session-model.js';
import { languageName } from '../../lib/labels.js';
import { saveCaptionTracks } from '../../lib/storage.js';
import { t, clean } from '../../lib/i18n.js';

/** The options of a caption-language choice, `selected` chosen. */
export function languageOptions(languages, selected) {
  return languages.map((lang) => h('option', { value: lang, lang, selected: lang === selected, text: languageName(lang) }));
}

/** How close to the bottom (in pixels) still counts as following live. */
export const FOLLOW_SLACK_PX = 48;

export function captionsPanel(context, { title = t('captions.title'), idPrefix = 'captions' } = {}) {
  const { model } = context;
  let track = null;
  const trackSelect = select({ id: `${idPrefix}-track`, onchange: (event) => chooseTrack(event.target.value) }, [], null);
  const log = h('div', { class: 'caption-lines', role: 'log', 'aria-live': 'polite', 'aria-label': t('captions.lines') });
  const partial = h('div', { class: 'caption-partial', 'aria-live': 'off' });
  const empty = h('p', { class: 'caption-empty' });
  const scroller = h('div', { class: 'caption-scroll', role: 'region', tabindex: '0', 'aria-label': t('captions.scrollable') }, empty, log, partial);
  const jump = h('button', { type: 'button', class: 'jump-live', hidden: true, text: t('captions.jump'), onclick: () => follow() });
  // Paused: the lines shown stay as they are; `paused` is the last finished
  // line shown, and what came after it is counted.
  let paused = null;
  const pause = h('button', { type: 'button', class: 'small caption-pause', text: t('captions.pause'), onclick: () => setPaused(paused === null) });
  const waiting = h('span', { class: 'caption-waiting', hidden: true });
  // Whether the reader follows the newest line. Only the reader's own
  // scrolling changes it: a change of size (the caption size, the window, a
  // longer line) keeps a follower at the newest line.
  let following = true;
  let ownScroll = false;
  let geometry = '';
  // Whether the box or its content changed size since last asked.
  function resized() {
    const now = `${scroller.scrollHeight}x${scroller.clientHeight}`;
    const changed = now !== geometry;
    geometry = now;
    return changed;
  }
  scroller.addEventListener('scroll', () => {
    if (ownScroll) {
      ownScroll = false;
      return;
    }
    // A scroll that comes with a change of size is the browser's, not the reader's.
    if (resized() && following) return follow();
    following = atBottom();
    if (following) jump.hidden = true;
  });
  const sizes = new ResizeObserver(() => {
    resized();
    if (following) follow();
  });
  sizes.observe(scroller);
  sizes.observe(log);

  const element = h('section', { class: 'panel captions-panel', id: idPrefix, 'aria-labelledby': `${idPrefix}-heading` },
    h('div', { class: 'panel-head' },
      h('h2', { id: `${idPrefix}-heading`, text: title }),
      field(t('captions.language'), trackSelect)),
    scroller, h('div', { class: 'caption-tools' }, pause, waiting, jump));

  function setPaused(on) {
    const finals = captionLines(model, track).filter((line) => line.final);
    paused = on ? (finals.length ? finals[finals.length - 1].line : -1) : null;
    setText(pause, t(on ? 'captions.resume' : 'captions.pause'));
    scroller.dataset.paused = on ? 'true' : 'false';
    if (!on) follow();
    render();
  }

  function atBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_SLACK_PX;
  }

  function follow() {
    following = true;
    const top = scroller.scrollHeight - scroller.clientHeight;
    if (Math.abs(scroller.scrollTop - top) >= 1) {
      ownScroll = true;
      scroller.scrollTop = top;
    }
    resized();
    jump.hidden = true;
  }

  function chooseTrack(lang) {
    track = lang;
    saveCaptionTracks(context.sessionId, [lang]);
    context.command({ type: 'captions.subscribe', langs: [lang] }).catch(() => {});
    if (paused !== null) setPaused(false);
    render();
  }

  function renderTrackChoice() {
    const languages = model.session.languages;
    // The server says which track this connection receives.
    track = model.captionTracks[0] || languages[0];
    const signature = `${languages.join()}|${track}`;
    if (trackSelect.dataset.signature === signature) return;
    trackSelect.dataset.signature = signature;
    trackSelect.replaceChildren(...languageOptions(languages, track));
  }

  // A caption is user text: its own direction, isolated.
  const line = (writing) => () => h('p', { class: writing ? 'caption-line writing' : 'caption-line', dir: 'auto' });
  const show = (element, caption) => setText(element, clean(caption.text));

  function render() {
    const lines = captionLines(model, track);
    const finals = lines.filter((caption) => caption.final);
    const shown = paused === null ? finals : finals.filter((caption) => caption.line <= paused);
    const arrived = finals.length - shown.length;
    waiting.hidden = paused === null;
    setText(waiting, paused === null ? '' : t('captions.new_lines', { count: arrived }));
    syncList(log, shown, (caption) => caption.line, line(false), show);
    if (paused === null) syncList(partial, lines.filter((caption) => !caption.final), (caption) => caption.line, line(true), show);
    else partial.replaceChildren();
    empty.hidden = lines.length > 0;
    setText(empty, model.session.state === 'scheduled' ? t('captions.not_live') : t('captions.empty'));
    if (paused !== null) return;
    if (following) follow();
    else jump.hidden = false;
  }

  return {
    element,
    get track() { return track; },
    /** Follows another control's choice (the captioner's writing track). */
    setTrack(lang) {
      if (lang === track) return;
      trackSelect.value = lang;
      chooseTrack(lang);
    },
    update(changed) {
      if (changed.includes('all') || changed.includes('session')) renderTrackChoice();
      if (changed.includes('all') || changed.includes('captions') || changed.includes('session')) render();
    },
  };
}
