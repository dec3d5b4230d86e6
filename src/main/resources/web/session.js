// Sign-in for both pages. The token lives in this tab only (sessionStorage, gone with the tab) and
// never in a URL: a one-time link carries a short-lived code in its fragment (#code=...), which the
// page removes from the address bar at once and trades for a token at POST /v1/sign-in.

import { h, fill } from './dom.js';
import { t, languageSelect, onLangChange } from './i18n.js';
import { api, ApiError } from './api.js';

const KEY = 'sb.session';

/** {token, sub, role, exp} from a JWT's payload (not verified here: the server does that). */
export function decode(token) {
  const part = String(token).trim().split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
    return { token: String(token).trim(), sub: json.sub, role: json.role, exp: json.exp };
  } catch (e) {
    return null;
  }
}

export function load() {
  const s = decode(sessionStorage.getItem(KEY) || '');
  return s && s.exp * 1000 > Date.now() ? s : null;
}

export function clear() { sessionStorage.removeItem(KEY); }

/** The code of a sign-in link, removed from the address bar (and history) before anything else. */
function takeLinkCode() {
  const match = /(?:^#|&)code=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(match[1]);
}

/**
 * Resolves with a session for a role in `roles`: the tab's own, or one from a sign-in link, or
 * from the form shown in `root` (with `message` above it, e.g. why the user was signed out).
 */
export async function signIn(root, roles, message) {
  const code = takeLinkCode();
  if (code) {
    fill(root, h('p', { class: 'notice', role: 'status' }, t('signin.exchanging')));
    try {
      const answer = await api('POST', '/v1/sign-in', { code }, null);
      const s = decode(answer.token);
      if (s && roles.includes(s.role)) {
        sessionStorage.setItem(KEY, s.token);
        return s;
      }
      message = t('signin.wrongRole', { role: s && s.role, need: roles.join('/') });
    } catch (e) {
      message = t('signin.badLink');
    }
  }
  const saved = message ? null : load();
  if (saved && roles.includes(saved.role)) return saved;
  return new Promise(resolve => form(root, roles, message, resolve));
}

// A link opened on a tab already showing the page changes only the fragment: start over with it.
addEventListener('hashchange', () => { if (/(?:^#|&)code=/.test(location.hash)) location.reload(); });

let shown = null; // the form on screen, redrawn in the new language when it changes
onLangChange(() => { if (shown && shown[0].isConnected) form(...shown.slice(1)); });

function form(root, roles, message, resolve) {
  shown = [root.firstElementChild, root, roles, message, resolve];
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' }, message || '');
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'signin-help signin-error' });
  const submit = async event => {
    event.preventDefault();
    const s = decode(input.value);
    if (!s || !roles.includes(s.role)) {
      error.textContent = s ? t('signin.wrongRole', { role: s.role, need: roles.join('/') })
        : t('signin.bad', { detail: 'not a JWT' });
      return;
    }
    try {
      await api('POST', '/v1/ws-tickets', undefined, s.token); // the server checks the token
      sessionStorage.setItem(KEY, s.token);
      shown = null;
      resolve(s);
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? t('signin.bad', { detail: e.message })
        : String(e.message || e);
    }
  };
  fill(root, h('form', { class: 'signin card', onsubmit: submit, 'aria-labelledby': 'signin-title' },
    h('div', { class: 'row spread' }, h('h2', { id: 'signin-title' }, t('signin.title')), languageSelect(h)),
    h('p', { id: 'signin-help' }, t('signin.help')),
    error,
    h('label', { for: 'token' }, t('signin.token')), input,
    h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, t('signin.submit'))));
  shown[0] = root.firstElementChild;
  input.focus();
}
