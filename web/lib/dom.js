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
  for (const stale of existing.values()) stale.remove();
}

/** Says `text` through the page's screen-reader live regions. */
export function announce(text, { assertive = false } = {}) {
  const region = document.getElementById(assertive ? 'announce-assertive' : 'announce-polite');
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
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
