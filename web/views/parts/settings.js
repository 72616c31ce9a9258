// The display settings (theme, captions-only, and how captions read),
// fetched with their words the first time the settings are opened.
import { h, field, select } from '../../lib/dom.js';
import { loadPreferences, savePreference } from '../../lib/storage.js';
import { applyPreferences } from '../../lib/preferences.js';
import { t, number } from '../../lib/i18n.js';

/** The settings controls: theme, captions-only, and the caption reading settings. */
export function settingsControls() {
  const preferences = loadPreferences();
  const choice = (id, name, options, selected) => select({ id, onchange: (event) => change(name, event.target.value) }, options, selected);
  const rows = [['', t('prefs.rows_all')]];
  for (let count = 2; count <= 10; count += 1) rows.push([String(count), number(count)]);
  const captionsOnly = h('input', {
    type: 'checkbox', id: 'pref-captions-only', checked: Boolean(preferences.captionsOnly),
    onchange: (event) => change('captionsOnly', event.target.checked),
  });
  return h('div', { class: 'preferences' },
    field(t('prefs.theme'), choice('pref-theme', 'theme', [['light', t('prefs.light')], ['dark', t('prefs.dark')], ['contrast', t('prefs.contrast')]], document.documentElement.dataset.theme)),
    field(t('prefs.size'), choice('pref-size', 'captionScale', [['1', t('prefs.normal')], ['1.35', t('prefs.large')], ['1.75', t('prefs.larger')], ['2.25', t('prefs.largest')]], preferences.captionScale || '1')),
    field(t('prefs.spacing'), choice('pref-spacing', 'captionLeading', [['1.25', t('prefs.tight')], ['1.45', t('prefs.normal')], ['1.8', t('prefs.wide')], ['2.2', t('prefs.wider')]], preferences.captionLeading || '1.45')),
    field(t('prefs.rows'), choice('pref-rows', 'captionRows', rows, preferences.captionRows || '')),
    field(t('prefs.position'), choice('pref-position', 'captionPosition', [['bottom', t('prefs.bottom')], ['top', t('prefs.top')]], preferences.captionPosition || 'bottom')),
    h('div', { class: 'field checkbox' }, captionsOnly, h('label', { for: 'pref-captions-only', text: t('prefs.captions_only') })));
}

function change(name, value) {
  savePreference(name, value);
  applyPreferences();
}
