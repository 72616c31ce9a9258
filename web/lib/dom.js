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

/** Replaces an element's text only when it changed (no needless mutations). */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Brings `container`'s children in line with `items`, reusing the element of
 * each key, so focus, selection and scroll position survive an update.
 */
export function syncList(container, items, keyOf, create, update) {
  const focused = container.contains(document.activeElement) ? document.activeElement : null;
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let element = existing.get(key);
    if (element) existing.delete(key);
    else {
      element = create(item);
      element.dataset.key = key;
    }
    update(element, item);
    const expectedPosition = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expectedPosition !== element) container.insertBefore(element, expectedPosition);
    previous = element;
  }
  for (const stale of existing.values()) {
    // Focus inside a removed item moves to its neighbour, not to the page.
    if (focused && stale.contains(focused)) focusNear(container, stale);
    stale.remove();
  }
  // Moving a node blurs what is focused inside it; give it back.
  if (focused && focused.isConnected && document.activeElement !== focused) focused.focus();
}

function focusNear(container, leaving) {
  const neighbour = leaving.nextElementSibling || leaving.previousElementSibling;
  const target = neighbour && (neighbour.querySelector('button, input, select, textarea') || neighbour);
  if (target && target !== leaving) {
    if (!target.matches('button, input, select, textarea, [tabindex]')) target.tabIndex = -1;
    target.focus();
    return;
  }
  const panel = container.closest('section') || container;
  const heading = panel.querySelector('h2') || panel;
  heading.tabIndex = -1;
  heading.focus();
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
export function announce(text, { assertive = false } = {}) {
  if (announcementsPaused) return;
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
 * Runs `tick` every second while `element` is on the page. It stops by
 * itself once the element has been removed (a view replaced after a role
 * change), so timers never outlive their view.
 */
export function everySecondWhileShown(element, tick) {
  let shown = false;
  const timer = setInterval(() => {
    if (element.isConnected) shown = true;
    else if (shown) return clearInterval(timer);
    tick();
  }, 1000);
}
