// Display preferences: theme, captions-only, and how captions read (text
// size, line spacing, lines shown, top or bottom in captions-only mode).
// They are kept on the device and applied as attributes and custom
// properties on <html>, so the style sheet does the rest. The controls
// that change them are views/parts/settings.js.
import { loadPreferences } from './storage.js';

export function applyPreferences() {
  const preferences = loadPreferences();
  const root = document.documentElement;
  const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = preferences.theme || (prefersDark ? 'dark' : 'light');
  root.style.setProperty('--caption-scale', preferences.captionScale || '1');
  root.style.setProperty('--caption-leading', preferences.captionLeading || '1.45');
  root.style.setProperty('--caption-rows', preferences.captionRows || '0');
  root.dataset.captionRows = preferences.captionRows ? 'some' : 'all';
  root.dataset.captionPosition = preferences.captionPosition || 'bottom';
  root.dataset.captionsOnly = preferences.captionsOnly ? 'true' : 'false';
}
