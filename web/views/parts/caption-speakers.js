// The captioner's side of who said what. A line records its speaker when it
// begins, so the captioner sees who that is now: whoever has the floor, or
// between turns the session's chair. Below, the writing track's recent
// finished lines with their speakers, each one correctable (a voice from
// the floor, the chair speaking during a turn): to someone seen with the
// floor or speaking in this session, to the chair, or to anyone else by
// name, in the room or online (`caption.set_speaker`).
import { h, setText, syncList, panel, select, field } from '../../lib/dom.js';
import { captionLines } from '../../lib/session-model.js';
import { modeLabel } from '../../lib/labels.js';
import { t, clean } from '../../lib/i18n.js';

const LINES_SHOWN = 8;

/** "Ana (online)", "Amina Diallo (chair)" or a name alone, as plain text. */
function speakerName(speaker) {
  const name = clean(speaker.name);
  if (speaker.chair) return t('captioner.chair_named', { name });
  return speaker.mode ? t('common.speaker', { name, mode: modeLabel(speaker.mode) }) : name;
}

/** The same speaker said the same way, whichever frame it came in. */
const speakerKey = (speaker) => (speaker.chair ? 'chair' : speaker.participant ? `p:${speaker.participant}` : `n:${speaker.name}|${speaker.mode || ''}`);

export function captionSpeakers(context, trackOf) {
  const { model } = context;
  const now = h('p', { class: 'speaker-now', id: 'speaker-now' });
  const list = h('ol', { class: 'speaker-lines' });
  const empty = h('p', { class: 'hint', text: t('captioner.no_lines') });
  const element = panel('speakers', t('captioner.speakers'), h('p', { class: 'hint', text: t('captioner.speakers_hint') }), empty, list);
  // Who a line can be given to, by key: everyone seen with the floor or as a line's speaker.
  const known = new Map();

  // One correction at a time: the form moves into the line being corrected.
  const who = select({ id: 'speaker-who', onchange: () => arrange() }, [], '');
  const name = h('input', { id: 'speaker-name', maxlength: 80, dir: 'auto', autocomplete: 'off' });
  const mode = select({ id: 'speaker-mode' }, [['', t('captioner.mode_unsaid')], ['onsite', t('common.onsite')], ['remote', t('common.remote')]], '');
  const other = h('div', { class: 'speaker-other' }, field(t('captioner.name'), name), field(t('captioner.mode'), mode));
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const cancel = h('button', { type: 'button', class: 'small', text: t('captioner.cancel'), onclick: () => close() });
  const form = h('form', { class: 'speaker-form', onsubmit: (event) => { event.preventDefault(); save(); } },
    field(t('captioner.said_by'), who), other, problem,
    h('div', { class: 'speaker-actions' }, h('button', { type: 'submit', class: 'small primary', text: t('captioner.save') }), cancel));
  let editing = null;

  function arrange() {
    other.hidden = who.value !== 'other';
  }

  function open(item) {
    close();
    editing = Number(item.dataset.key);
    const options = [...known.entries()].map(([key, speaker]) => [key, speakerName(speaker)]);
    if (model.session.chair && !known.has('chair')) options.push(['chair', t('captioner.chair_named', { name: clean(model.session.chair) })]);
    options.push(['other', t('captioner.someone_else')]);
    who.replaceChildren(...options.map(([value, label]) => h('option', { value, text: label })));
    who.value = options[0][0];
    name.value = '';
    mode.value = '';
    problem.hidden = true;
    arrange();
    item.querySelector('.speaker-change').hidden = true;
    item.append(form);
    who.focus();
  }

  function close() {
    if (editing === null) return;
    const item = form.closest('li');
    form.remove();
    editing = null;
    if (item) {
      const button = item.querySelector('.speaker-change');
      button.hidden = false;
      button.focus();
    }
  }

  function save() {
    let speaker;
    if (who.value === 'other') {
      const text = name.value.trim();
      problem.hidden = Boolean(text);
      if (!text) return setText(problem, t('captioner.need_name'));
      speaker = { name: text };
      if (mode.value) speaker.mode = mode.value;
    } else {
      const chosen = who.value === 'chair' ? { chair: true } : known.get(who.value);
      speaker = chosen.chair ? { chair: true } : chosen.participant ? { participant: chosen.participant } : { name: chosen.name, ...(chosen.mode ? { mode: chosen.mode } : {}) };
    }
    context.command({ type: 'caption.set_speaker', lang: trackOf(), line: editing, speaker }).then(close, () => {});
  }

  function createLine() {
    const change = h('button', { type: 'button', class: 'small speaker-change', text: t('captioner.change') });
    const item = h('li', { class: 'speaker-line' },
      h('p', { class: 'speaker-line-who' }), h('p', { class: 'speaker-line-text', dir: 'auto' }), change);
    change.addEventListener('click', () => open(item));
    return item;
  }

  function updateLine(item, line) {
    setText(item.querySelector('.speaker-line-who'), line.speaker ? speakerName(line.speaker) : t('captioner.unknown'));
    item.dataset.known = line.speaker ? 'true' : 'false';
    setText(item.querySelector('.speaker-line-text'), clean(line.text));
    item.querySelector('.speaker-change').setAttribute('aria-label', t('captioner.change_of', { text: clean(line.text.slice(0, 60)) }));
  }

  function render() {
    const speaker = model.floor.speaker;
    if (speaker) known.set(speakerKey(speaker), speaker);
    const chair = model.session.chair;
    if (speaker) setText(now, t('captioner.now', { who: speakerName(speaker) }));
    else setText(now, chair ? t('captioner.now_chair', { name: clean(chair) }) : t('captioner.now_nobody'));
    const lines = captionLines(model, trackOf()).filter((line) => line.final);
    for (const line of lines) if (line.speaker) known.set(speakerKey(line.speaker), line.speaker);
    const shown = lines.slice(-LINES_SHOWN).reverse();
    // The line being corrected stays while its form is open.
    if (editing !== null && !shown.some((line) => line.line === editing)) close();
    empty.hidden = shown.length > 0;
    syncList(list, shown, (line) => line.line, createLine, updateLine);
  }

  return {
    /** "Lines begun now are said by …": for the writing panel. */
    now,
    element,
    update(changed) {
      if (['all', 'floor', 'speaker', 'session', 'captions', 'track'].some((part) => changed.includes(part))) render();
    },
  };
}
