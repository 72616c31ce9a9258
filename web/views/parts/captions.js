// Live captions: the track choice, finished lines in a polite live region,
// the line being written below them (not announced, so a screen reader is
// not interrupted by every keystroke), and scroll-back that stays put while
// the reader is looking at earlier lines.
import { h, syncList, select, field, setText } from '../../lib/dom.js';
import { captionLines } from '../../lib/session-model.js';
import { languageName } from '../../lib/labels.js';
import { saveCaptionTracks } from '../../lib/storage.js';

/** The options of a caption-language choice, `selected` chosen. */
export function languageOptions(languages, selected) {
  return languages.map((lang) => h('option', { value: lang, selected: lang === selected, text: languageName(lang) }));
}

/** How close to the bottom (in pixels) still counts as following live. */
export const FOLLOW_SLACK_PX = 48;

export function captionsPanel(context, { title = 'Captions', idPrefix = 'captions' } = {}) {
  const { model } = context;
  let track = null;
  const trackSelect = select({ id: `${idPrefix}-track`, onchange: (event) => chooseTrack(event.target.value) }, [], null);
  const log = h('div', { class: 'caption-lines', role: 'log', 'aria-live': 'polite', 'aria-label': 'Caption lines' });
  const partial = h('div', { class: 'caption-partial', 'aria-live': 'off' });
  const empty = h('p', { class: 'caption-empty' });
  const scroller = h('div', { class: 'caption-scroll', role: 'region', tabindex: '0', 'aria-label': 'Captions, scrollable' }, empty, log, partial);
  const jump = h('button', { type: 'button', class: 'jump-live', hidden: true, text: 'Jump to live captions', onclick: () => follow() });
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
      field('Caption language', trackSelect)),
    scroller, jump);

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

  function render() {
    const lines = captionLines(model, track);
    syncList(log, lines.filter((line) => line.final), (line) => line.line,
      () => h('p', { class: 'caption-line' }),
      (element, line) => setText(element, line.text));
    syncList(partial, lines.filter((line) => !line.final), (line) => line.line,
      () => h('p', { class: 'caption-line writing' }),
      (element, line) => setText(element, line.text));
    empty.hidden = lines.length > 0;
    setText(empty, model.session.state === 'scheduled' ? 'Captions start when the session is live.' : 'Captions appear here when the captioner starts writing.');
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
