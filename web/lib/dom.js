// Small DOM helpers. Every user text goes in as a text node (textContent),
// never as HTML: nothing here calls innerHTML or insertAdjacentHTML.

/**
 * Creates an element. `props` keys: `class`, `text`, `on<event>` handlers,
 * `hidden`, `disabled`, `checked`, `value`; any other key is an attribute
 * (skipped when null, undefined or false). Children are nodes or strings.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'hidden' || key === 'disabled' || key === 'checked' || key === 'value') element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  appendChildren(element, children);
  return element;
}

function appendChildren(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

/** Adds a view's style sheet (`/join.css`…) once; resolves when it applies. */
export function loadStyle(name) {
  const href = `/${name}.css`;
  let link = document.querySelector(`link[href="${href}"]`);
  if (!link) document.head.append(link = h('link', { rel: 'stylesheet', href }));
  return link.sheet ? Promise.resolve() : new Promise((resolve) => { link.onload = link.onerror = resolve; });
}

/** Replaces an element's text only when it changed (no needless mutations). */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Brings `container`'s children in line with `items`, reusing the element of
 * each key, so focus, selection and scroll position survive an update. When
 * the focused element's item goes, focus moves to the nearest item that
 * stays, never to the page.
 */
export function syncList(container, items, keyOf, create, update) {
  let focused = container.contains(document.activeElement) ? document.activeElement : null;
  const wanted = new Set(items.map((item) => String(keyOf(item))));
  // Stale items go first, in their places, so a neighbour is a true one.
  for (const child of [...container.children]) {
    if (wanted.has(child.dataset.key)) continue;
    if (focused && child.contains(focused)) focused = focusNear(container, child, wanted);
    child.remove();
  }
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let element = existing.get(key);
    if (!element) {
      element = create(item);
      element.dataset.key = key;
    }
    update(element, item);
    const expectedPosition = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expectedPosition !== element) container.insertBefore(element, expectedPosition);
    previous = element;
  }
  // Moving a node blurs what is focused inside it; give it back.
  if (focused && focused.isConnected && document.activeElement !== focused) focused.focus();
}

function isUsable(control) {
  return !control.disabled && !control.hidden && control.getClientRects().length > 0;
}

/** Focuses the closest staying item's first usable control; returns what got focus. */
function focusNear(container, leaving, staying) {
  const stays = (element) => element && staying.has(element.dataset.key);
  let neighbour = leaving.nextElementSibling;
  while (neighbour && !stays(neighbour)) neighbour = neighbour.nextElementSibling;
  if (!neighbour) {
    neighbour = leaving.previousElementSibling;
    while (neighbour && !stays(neighbour)) neighbour = neighbour.previousElementSibling;
  }
  let target = neighbour && [...neighbour.querySelectorAll('button, input, select, textarea')].find(isUsable);
  if (!target && neighbour) {
    neighbour.tabIndex = -1;
    target = neighbour;
  }
  if (!target) {
    const panel = container.closest('section') || container;
    target = panel.querySelector('h2') || panel;
    target.tabIndex = -1;
  }
  target.focus();
  return target;
}

let announcementsPaused = false;
const queuedAnnouncements = { polite: [], assertive: [] };

/** While paused (a replay of missed events), nothing is announced. */
export function setAnnouncementsPaused(paused) {
  announcementsPaused = paused;
}

/**
 * Says `text` through the page's screen-reader live regions. Messages that
 * come together are said together, not one over the other.
 */
export function announce(text, { assertive = false, evenWhilePaused = false } = {}) {
  if (announcementsPaused && !evenWhilePaused) return;
  const kind = assertive ? 'assertive' : 'polite';
  const queue = queuedAnnouncements[kind];
  queue.push(text);
  if (queue.length > 1) return;
  const region = document.getElementById(`announce-${kind}`);
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = queue.join(' ');
    queue.length = 0;
  }, 100);
}

/** A labelled form field: the label, the control, and an optional hint. */
export function field(labelText, control, hintText) {
  const id = control.id || `field-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hint = hintText ? h('p', { class: 'hint', id: `${id}-hint`, text: hintText }) : null;
  if (hint) control.setAttribute('aria-describedby', hint.id);
  return h('div', { class: 'field' }, h('label', { for: id, text: labelText }), hint, control);
}

/** A `<select>` from `[value, label]` pairs. */
export function select(props, options, selected) {
  return h('select', props, options.map(([value, label]) =>
    h('option', { value, selected: value === selected ? true : null, text: label })));
}

/** A section with a heading, used for every panel. */
export function panel(id, title, ...children) {
  const headingId = `${id}-heading`;
  return h('section', { class: 'panel', id, 'aria-labelledby': headingId },
    h('h2', { id: headingId, text: title }), ...children);
}

/**
 * Runs `tick` every second while `element` is on the page. Views are put on
 * the page as soon as they are built, so an element that is not there at a
 * tick has been replaced (after a role change): the timer stops for good.
 */
export function everySecondWhileShown(element, tick) {
  const timer = setInterval(() => {
    if (!element.isConnected) return clearInterval(timer);
    tick();
  }, 1000);
}
