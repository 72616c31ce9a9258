// What this device remembers: the join profile, a stable client id, each
// session's invite token and resume secret, display preferences, and
// messages typed while offline. Storage may be unavailable (private modes):
// every read falls back to a default and every write may silently fail.

function read(key, fallback) {
  try {
    const text = localStorage.getItem(`hybridhub.${key}`);
    return text === null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(`hybridhub.${key}`);
    else localStorage.setItem(`hybridhub.${key}`, JSON.stringify(value));
  } catch {
    // Storage is full or disabled: the client still works for this visit.
  }
}

export const loadProfile = () => read('profile', null);
export const saveProfile = (profile) => write('profile', profile);

/** A random id per browser: groups one device's tabs in presence. */
export function clientId() {
  let id = read('client_id', null);
  if (!id) {
    id = crypto.getRandomValues(new Uint32Array(4)).reduce((text, word) => text + word.toString(36), 'b');
    write('client_id', id);
  }
  return id;
}

export const loadToken = (sessionId) => read(`token.${sessionId}`, null);
export const saveToken = (sessionId, token) => write(`token.${sessionId}`, token);
// The display's token is kept apart, so opening a display on a moderator's
// laptop never replaces the moderator's own invite.
export const loadDisplayToken = (sessionId) => read(`display-token.${sessionId}`, null);
export const saveDisplayToken = (sessionId, token) => write(`display-token.${sessionId}`, token);
export const loadResumeSecret = (sessionId) => read(`secret.${sessionId}`, null);
export const saveResumeSecret = (sessionId, secret) => write(`secret.${sessionId}`, secret);

export const loadPreferences = () => read('preferences', {});
export function savePreference(name, value) {
  write('preferences', { ...loadPreferences(), [name]: value });
}

export const loadOutbox = (sessionId) => read(`outbox.${sessionId}`, []);
export const saveOutbox = (sessionId, items) => write(`outbox.${sessionId}`, items.length ? items : null);
