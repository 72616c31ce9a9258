// For moderators, before the session is live: that it has not started, when
// it goes live by itself (the server starts it at `starts_at`), what works
// until then, and "Start now" (pressed twice) to start it early. It goes
// when the session is live.
import { h, setText } from '../../lib/dom.js';
import { startTime } from '../../lib/times.js';
import { confirmButton } from './confirm.js';

export function notLiveBanner(context) {
  const { model } = context;
  const when = h('span');
  const start = confirmButton('Start now', 'Press again to start the session for everyone',
    () => context.command({ type: 'session.start' }).catch(() => {}), { class: 'primary' });
  const element = h('section', { class: 'not-live', id: 'not-live', 'aria-label': 'Session not started', hidden: true },
    h('p', {}, h('strong', { text: 'This session has not started.' }), ' ', when),
    h('p', { text: 'Until then chat, questions and raised hands work; captions start when it is live.' }),
    start);

  function render() {
    const session = model.session;
    element.hidden = session.state !== 'scheduled';
    if (element.hidden) return;
    if (Date.parse(session.ends_at) <= Date.now()) {
      setText(when, 'Its planned time has passed, so it will not go live by itself.');
      return;
    }
    const { at, zone, venue, yours } = startTime(session);
    const where = venue ? `in ${zone}${yours ? `; ${yours} your time` : ''}` : `your time, ${zone}`;
    setText(when, `It goes live by itself ${at} (${where}).`);
  }

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('session')) render();
    },
  };
}
