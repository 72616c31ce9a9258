// The balance of a session's speaking time against its attendance, from
// the equity report: the session's one figure (the Gini coefficient over
// the stakeholder groups: how evenly they spoke for their numbers), and
// each mode's, group's and region's share of the speaking time over its
// share of the people. Fetched with its words (the catalog's `chair` part)
// once someone has spoken.
import { h, setText } from '../../lib/dom.js';
import { stakeholderLabel, regionLabel } from '../../lib/labels.js';
import { t, number } from '../../lib/i18n.js';

const modeLabel = (mode) => t(mode === 'onsite' ? 'common.onsite' : 'common.remote');

/** "By stakeholder group: Government 1.4 · Civil society 0.6"; a null ratio (nobody attended from the group) is left out. */
const ratioList = (key, ratios, label) => t(key, {
  list: Object.entries(ratios).filter(([, ratio]) => ratio !== null)
    .map(([code, ratio]) => t('balance.ratio', { group: label(code), ratio: number(ratio) })).join(' · ') || '—',
});

export function balancePart() {
  const gini = h('p', { class: 'balance-figure' });
  const ratios = h('ul', { class: 'balance-ratios' });
  const element = h('div', { class: 'balance' },
    h('h3', { text: t('balance.title') }), gini, h('p', { class: 'hint', text: t('balance.ratio_hint') }), ratios);
  return {
    element,
    render(balance) {
      const g = balance.gini_over_stakeholders;
      setText(gini, g === null ? t('balance.gini_none') : t('balance.gini', { g: number(g) }));
      const { by_mode: modes, by_stakeholder: groups, by_region: regions } = balance.share_ratio;
      ratios.replaceChildren(h('li', { text: ratioList('balance.by_mode', modes, modeLabel) }),
        h('li', { text: ratioList('balance.by_group', groups, stakeholderLabel) }),
        h('li', { text: ratioList('balance.by_region', regions, regionLabel) }));
    },
  };
}
