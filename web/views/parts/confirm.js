// A button that asks for a second press before a destructive action. The
// question is in the button itself, so keyboard and screen-reader users meet
// it where their focus already is.
import { h, announce } from '../../lib/dom.js';

const CONFIRM_WINDOW_MS = 5000;

export function confirmButton(label, confirmLabel, action, props = {}) {
  let armed = false;
  let timer = null;
  const ariaLabel = props['aria-label'] || null;
  const button = h('button', { type: 'button', ...props, text: label, onclick: () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel;
      // The question must be heard too, not only seen.
      if (ariaLabel) button.setAttribute('aria-label', confirmLabel);
      announce(confirmLabel);
      button.classList.add('armed');
      timer = setTimeout(disarm, CONFIRM_WINDOW_MS);
      return;
    }
    disarm();
    action();
  } });
  // Leaving the button takes the question back.
  button.addEventListener('blur', () => { if (armed) disarm(); });
  function disarm() {
    armed = false;
    clearTimeout(timer);
    button.textContent = label;
    if (ariaLabel) button.setAttribute('aria-label', ariaLabel);
    button.classList.remove('armed');
  }
  return button;
}
