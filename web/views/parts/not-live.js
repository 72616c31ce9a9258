// For moderators, before the session is live: that it has not started, when
// it goes live by itself (the server starts it at `starts_at`), what works
// until then, and "Start now" (pressed twice) to start it early. It goes
// when the session is live.
import { h, setText } from '../../lib/dom.js';
import { startTime } from '../../lib/times.js';
import { confirmButton } from './confirm.js';
import { t } from '../../lib/i18n.js';

export function notLiveBanner(context) {
  const { model } = context;
  const when = h('span');
  const start = confirmButton(t('notlive.start'), t('notlive.start_confirm'),
    () => context.command({ type: 'session.start' }).catch(() => {}), { class: 'primary' });
  const element = h('section', { class: 'not-live', id: 'not-live', 'aria-label': t('notlive.label'), hidden: true },
    h('p', {}, h('strong', { text: t('notlive.title') }), ' ', when),
    h('p', { text: t('notlive.until') }),
    start);

  function render() {
    const session = model.session;
    element.hidden = session.state !== 'scheduled';
    if (element.hidden) return;
    if (Date.parse(session.ends_at) <= Date.now()) {
      setText(when, t('notlive.passed'));
      return;
    }
    const { at, zone, venue, yours } = startTime(session);
    setText(when, t(!venue ? 'notlive.auto_yours' : yours ? 'notlive.auto_both' : 'notlive.auto', { at, zone, yours }));
  }

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('session')) render();
    },
  };
}
