// Tabs for a narrow screen (WAI-ARIA tabs pattern): one panel shown at a
// time under the captions, one tap away. Arrow keys (mirrored right to
// left), Home and End move focus and selection along the tabs; only the
// selected tab is in the Tab order. On a wide screen every panel shows and
// the tabs are gone: the panels are plain regions with their headings.
import { h, setText } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';

export const NARROW = '(max-width: 47.99rem)';

/** `tabs`: `[{id, label, panel}]`, `panel` being the panel's element. */
export function panelTabs(tabs, { label, onSelect = () => {} }) {
  const media = matchMedia(NARROW);
  let selected = tabs[0].id;
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label, hidden: true });
  const buttons = new Map();
  for (const tab of tabs) {
    tab.headingId = tab.panel.getAttribute('aria-labelledby');
    const badge = h('span', { class: 'tab-badge', 'aria-hidden': 'true', hidden: true });
    const spoken = h('span', { class: 'visually-hidden' });
    const button = h('button', {
      type: 'button', role: 'tab', id: `tab-${tab.id}`, class: 'tab', 'aria-controls': tab.panel.id,
      onclick: () => select(tab.id),
    }, h('span', { class: 'tab-label', text: tab.label }), badge, spoken);
    button.badge = badge;
    button.spoken = spoken;
    buttons.set(tab.id, button);
    list.append(button);
  }
  list.addEventListener('keydown', (event) => {
    const ids = tabs.map((tab) => tab.id);
    const index = ids.indexOf(selected);
    const rtl = getComputedStyle(list).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    let next = null;
    if (step) next = ids[(index + step + ids.length) % ids.length];
    else if (event.key === 'Home') next = ids[0];
    else if (event.key === 'End') next = ids[ids.length - 1];
    if (next === null) return;
    event.preventDefault();
    select(next);
    buttons.get(next).focus();
  });

  function apply() {
    const narrow = media.matches;
    list.hidden = !narrow;
    for (const tab of tabs) {
      const button = buttons.get(tab.id);
      const isSelected = tab.id === selected;
      button.setAttribute('aria-selected', isSelected ? 'true' : 'false');
      button.tabIndex = isSelected ? 0 : -1;
      if (narrow) {
        tab.panel.setAttribute('role', 'tabpanel');
        tab.panel.setAttribute('aria-labelledby', button.id);
        tab.panel.hidden = !isSelected;
      } else {
        tab.panel.removeAttribute('role');
        tab.panel.setAttribute('aria-labelledby', tab.headingId);
        tab.panel.hidden = false;
      }
    }
  }

  function select(id) {
    const changed = id !== selected;
    selected = id;
    apply();
    if (changed) onSelect(id);
  }

  media.addEventListener('change', () => {
    apply();
    onSelect(selected);
  });
  apply();

  return {
    element: list,
    get narrow() { return media.matches; },
    /** The panel in view: the selected one on a narrow screen. */
    shows: (id) => !media.matches || id === selected,
    select,
    /** A badge on a tab: `text` shown (none when empty), `spoken` in its name. */
    badge(id, text, spoken = text, kind = 'count') {
      const button = buttons.get(id);
      button.badge.hidden = !text;
      button.badge.dataset.kind = kind;
      setText(button.badge, text || '');
      // The tab's name carries the badge's meaning, not just its number.
      setText(button.spoken, text ? t('tabs.spoken', { spoken }) : '');
    },
  };
}
