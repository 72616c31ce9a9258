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

/** The role an invite token grants, read from its (signed, base64url) claims. */
export function inviteRole(token) {
  try {
    const claims = JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof claims.role === 'string' ? claims.role : null;
  } catch {
    return null;
  }
}
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

// The outbox belongs to one tab (session storage): two tabs never send each
// other's texts. It survives a reload of the tab, not its closing.
export function loadOutbox(sessionId) {
  try {
    return JSON.parse(sessionStorage.getItem(`hybridhub.outbox.${sessionId}`) || '[]');
  } catch {
    return [];
  }
}
export function saveOutbox(sessionId, items) {
  try {
    if (items.length) sessionStorage.setItem(`hybridhub.outbox.${sessionId}`, JSON.stringify(items));
    else sessionStorage.removeItem(`hybridhub.outbox.${sessionId}`);
  } catch {
    // Storage is full or disabled: the outbox lives in memory for this visit.
  }
}

/** The caption tracks chosen for one session (sessions differ in languages). */
export const loadCaptionTracks = (sessionId) => read(`tracks.${sessionId}`, null);
export const saveCaptionTracks = (sessionId, tracks) => write(`tracks.${sessionId}`, tracks);

/** Forgets everything this device remembers: for shared computers. */
export function forgetThisDevice() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith('hybridhub.')) localStorage.removeItem(key);
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('hybridhub.')) sessionStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
