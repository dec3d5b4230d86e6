// REST calls with the signed-in user's token. The server is this page's origin unless the page
// names another in <meta name="switchboard-server"> (a desk hosted elsewhere; the server must list
// that origin in security.allowedOrigins for CORS and the WebSocket).

const meta = document.querySelector('meta[name="switchboard-server"]');
export const SERVER = (meta && meta.content) || location.origin;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let token = null;
let unauthorized = () => {};

/** Every later call sends this token; a 401 answer calls onUnauthorized (sign in again). */
export function useToken(value, onUnauthorized) {
  token = value;
  unauthorized = onUnauthorized || (() => {});
}

export async function api(method, path, body, bearer = token) {
  const headers = { Accept: 'application/json' };
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(SERVER + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit',
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && bearer === token && token) unauthorized();
    throw new ApiError(response.status, json);
  }
  return json;
}

/** A single-use WebSocket ticket (POST /v1/ws-tickets) for the caller's own stream. */
export async function wsTicket() {
  return (await api('POST', '/v1/ws-tickets')).ticket;
}

/**
 * GET `path` as `accept` (e.g. text/csv) with the user's token: the answer's text, or an ApiError
 * carrying the problem+json the server sent instead.
 */
export async function apiText(path, accept) {
  const headers = { Accept: accept + ', application/problem+json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(SERVER + path, { headers, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 401 && token) unauthorized();
    let problem = null;
    try { problem = JSON.parse(text); } catch (e) { problem = null; }
    throw new ApiError(response.status, problem);
  }
  return text;
}
