// Display preferences: theme, caption size, captions-only. They are kept on
// the device and applied as attributes and custom properties on <html>, so
// the style sheet does the rest.
import { loadPreferences, savePreference } from './storage.js';
import { h, field, select } from './dom.js';

export const THEMES = [['light', 'Light'], ['dark', 'Dark'], ['contrast', 'High contrast']];
export const CAPTION_SIZES = [['1', 'Normal'], ['1.35', 'Large'], ['1.75', 'Larger'], ['2.25', 'Largest']];

export function applyPreferences() {
  const preferences = loadPreferences();
  const root = document.documentElement;
  const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = preferences.theme || (prefersDark ? 'dark' : 'light');
  root.style.setProperty('--caption-scale', preferences.captionScale || '1');
  root.dataset.captionsOnly = preferences.captionsOnly ? 'true' : 'false';
}

/** The settings controls: theme, caption size, and captions-only. */
export function preferenceControls() {
  const preferences = loadPreferences();
  const theme = select({ id: 'pref-theme', onchange: (event) => change('theme', event.target.value) }, THEMES, document.documentElement.dataset.theme);
  const size = select({ id: 'pref-size', onchange: (event) => change('captionScale', event.target.value) }, CAPTION_SIZES, preferences.captionScale || '1');
  const captionsOnly = h('input', {
    type: 'checkbox', id: 'pref-captions-only', checked: Boolean(preferences.captionsOnly),
    onchange: (event) => change('captionsOnly', event.target.checked),
  });
  return h('div', { class: 'preferences' },
    field('Theme', theme),
    field('Caption size', size),
    h('div', { class: 'field checkbox' }, captionsOnly, h('label', { for: 'pref-captions-only', text: 'Captions only' })));
}

function change(name, value) {
  savePreference(name, value);
  applyPreferences();
}
