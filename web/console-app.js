// Entry point of the organisers' console at /admin, apart from app.js so
// that no participant's page carries a byte of it.
import { applyPreferences } from './lib/preferences.js';
import { chooseLanguage, setLanguage, loadMessages, t } from './lib/i18n.js';
import { loadStyle } from './lib/dom.js';

applyPreferences();
setLanguage(chooseLanguage());
const [view] = await Promise.all([import('./views/console.js'), loadMessages('common', 'console'), loadStyle('console')]);
document.querySelector('.skip-link').textContent = t('common.skip');
view.showConsole(document.getElementById('app'));
