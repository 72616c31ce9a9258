// Where remote participants hear, watch and speak: the session's webcast
// and meeting (its `links`), as a compact row at the top of the view, each
// opening in a new tab. The meeting is for those online: in the room one
// speaks at the microphone. Nothing shows when there is nothing to link.
import { h } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';

/** A link to another site, opened in a new tab that gets no hold on this one; it says so. */
export function outsideLink(text, props = {}) {
  return h('a', { ...props, target: '_blank', rel: 'noopener noreferrer' },
    text, h('span', { class: 'visually-hidden', text: ` ${t('links.new_tab')}` }),
    h('span', { class: 'outside-mark', 'aria-hidden': 'true', text: '↗' }));
}

/** Points a link at `url`, or hides it when there is none. */
export function setHref(link, url) {
  link.hidden = !url;
  if (url && link.getAttribute('href') !== url) link.setAttribute('href', url);
}

/** The meeting where the viewer speaks once given the floor: online only. */
export function meetingOf(model) {
  return model.me.mode === 'remote' ? model.session.links?.meeting || null : null;
}

export function sessionLinks(context) {
  const { model } = context;
  const watch = outsideLink(t('where.watch'), { class: 'session-link', id: 'webcast-link' });
  const speak = outsideLink(t('where.speak'), { class: 'session-link', id: 'meeting-link' });
  const element = h('nav', { class: 'session-links', 'aria-label': t('where.nav'), hidden: true }, watch, speak);
  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('session') && !changed.includes('role')) return;
      setHref(watch, model.session.links?.webcast);
      setHref(speak, meetingOf(model));
      element.hidden = watch.hidden && speak.hidden;
    },
  };
}
