// The supervisor board (/board/), for a wall screen: queues (waiting, longest wait against the
// first-response SLA of the waiting tickets, agents available), agents in scope by presence and
// load, today's service level, and a live feed of the SLA notifications of the supervisor stream;
// one click on an alert opens the ticket and its timeline. Reads are polled every 2 s with the
// supervisor's own token, so the server's scope rules decide what is shown.

import { h, fill, $ } from './dom.js';
import { t, when, span, languageSelect, onLangChange } from './i18n.js';
import { api, useToken } from './api.js';
import { signIn, clear } from './session.js';
import { LiveSocket } from './socket.js';
import { showTicket } from './ticket-view.js';

const FEED = new Set(['sla_warning', 'sla_breached', 'follow_up', 'follow_up_overdue', 'escalation', 'compensation',
  'reminder', 'handoff_overdue', 'idle_escalation', 'ticket_unroutable']);
const PRESENCE = ['available', 'busy', 'away', 'offline'];
const root = $('#app');
let state;
let socket = null;
let timers = [];

async function main(message) {
  const session = await signIn(root, ['supervisor'], message);
  state = { session, scope: null, queues: [], waiting: {}, agents: [], level: null, feed: [], conn: 'connecting', retry: 0 };
  useToken(session.token, () => signOut(t('signin.expired')));
  layout();
  socket = new LiveSocket(`/v1/supervisors/${encodeURIComponent(session.sub)}/ws`, receive, connection);
  socket.start();
  poll();
  serviceLevel();
  timers = [setInterval(poll, 2000), setInterval(serviceLevel, 30000), setInterval(renderQueues, 1000)];
}

function signOut(message) {
  if (socket) socket.stop();
  timers.forEach(clearInterval);
  socket = null;
  clear();
  main(message);
}

function connection(conn, detail) {
  if (conn === 'auth') { signOut(t('signin.expired')); return; }
  state.conn = conn;
  state.retry = detail && detail.seconds;
  renderConn();
}

function receive(msg) {
  if (msg.type === 'welcome') {
    state.scope = msg.supervisor;
    renderScope();
  } else if (FEED.has(msg.type)) {
    state.feed.unshift({ type: msg.type, ticket: msg.ticket, event: msg.event, notify: msg.notify });
    state.feed.length = Math.min(state.feed.length, 100);
    renderFeed();
    poll();
  }
}

async function poll() {
  try {
    const [queues, agents, waiting] = await Promise.all([api('GET', '/v1/queues'), api('GET', '/v1/agents'),
      api('GET', '/v1/tickets?status=queued&limit=200')]);
    state.queues = queues.queues;
    state.agents = agents.agents;
    state.waiting = {};
    for (const tk of waiting.tickets) {
      const due = tk.sla && tk.sla.firstResponse && tk.sla.firstResponse.dueAt;
      if (due && (!state.waiting[tk.queue] || Date.parse(due) < state.waiting[tk.queue])) state.waiting[tk.queue] = Date.parse(due);
    }
    state.polledAt = Date.now();
    renderQueues();
    renderAgents();
  } catch (e) {
    // the connection state shows outages; a 401 signs out through useToken
  }
}

/** Today's first responses within SLA, over the tickets created since local midnight in scope. */
async function serviceLevel() {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  let met = 0, decided = 0, cursor = null;
  try {
    for (let page = 0; page < 10; page++) {
      const q = `/v1/tickets?createdFrom=${encodeURIComponent(midnight.toISOString())}&limit=200`
        + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      const answer = await api('GET', q);
      for (const tk of answer.tickets) {
        const fr = tk.sla && tk.sla.firstResponse;
        if (!fr) continue;
        if (fr.breached) decided++;
        else if (fr.stoppedAt) { decided++; met++; }
      }
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    state.level = { met, decided };
    renderLevel();
  } catch (e) {
    // keep the last figure
  }
}

function open(id) {
  showTicket($('#board-ticket'), id, { actions: false, onClose: () => fill($('#board-ticket')) })
    .then(() => { const title = $('#ticket-title'); if (title) title.focus(); });
}

// ---- rendering ----

function layout() {
  fill(root,
    h('header', { class: 'bar' },
      h('h1', {}, t('app.board')),
      h('span', { id: 'who' }, state.session.sub),
      h('a', { href: '/reports/', id: 'nav-reports' }, t('nav.reports')),
      h('span', { id: 'scope', class: 'muted' }),
      h('span', { id: 'conn', role: 'status', 'aria-live': 'polite' }),
      languageSelect(h),
      h('button', { id: 'signout', onclick: () => signOut() }, t('signin.out'))),
    h('main', { class: 'board' },
      h('section', { class: 'card', 'aria-labelledby': 'queues-title' },
        h('div', { class: 'row spread' }, h('h2', { id: 'queues-title' }, t('board.queues')),
          h('p', { id: 'level', class: 'level', title: t('board.serviceLevelHelp') })),
        h('table', { id: 'queues' })),
      h('section', { class: 'card', 'aria-labelledby': 'agents-title' },
        h('h2', { id: 'agents-title' }, t('board.agents')), h('table', { id: 'agents' })),
      h('section', { class: 'card', 'aria-labelledby': 'feed-title' },
        h('h2', { id: 'feed-title' }, t('board.feed')), h('ul', { id: 'feed', role: 'log', 'aria-live': 'polite' })),
      h('section', { id: 'board-ticket', class: 'card wide', 'aria-label': t('ticket.timeline') })));
  renderConn(); renderScope(); renderQueues(); renderAgents(); renderLevel(); renderFeed();
}

function renderConn() {
  const el = $('#conn');
  if (!el) return;
  el.dataset.state = state.conn;
  el.className = 'conn ' + state.conn;
  el.textContent = state.conn === 'open' ? t('conn.open') : state.conn === 'retry' ? t('conn.retry', { s: state.retry })
    : t('conn.connecting');
}

function renderScope() {
  const s = state.scope;
  const el = $('#scope');
  if (!el || !s) return;
  const list = a => (a.length ? a.join(', ') : t('board.none'));
  el.textContent = t('board.scope', { leads: list(s.leads), manages: list(s.manages), queues: list(s.queues) });
}

function renderQueues() {
  const el = $('#queues');
  if (!el) return;
  const mine = new Set((state.scope && state.scope.queues) || []);
  const now = Date.now();
  fill(el, h('thead', {}, h('tr', {}, [t('board.queue'), t('board.waiting'), t('board.longest'), t('board.available')]
    .map(x => h('th', { scope: 'col' }, x)))),
  h('tbody', {}, state.queues.map(q => {
    const due = state.waiting[q.name];
    const waited = q.oldestWaitSeconds * 1000 + (q.waiting > 0 && state.polledAt ? now - state.polledAt : 0);
    const cls = due ? (now >= due ? 'breached' : due - now < 60000 ? 'warning' : 'ok') : '';
    return h('tr', { dataset: { queue: q.name }, class: mine.has(q.name) ? 'mine' : '' },
      h('th', { scope: 'row' }, q.name),
      h('td', { class: 'num waiting' }, q.waiting),
      h('td', { class: 'num ' + cls }, q.waiting > 0 ? span(waited) : t('board.none'),
        due ? h('small', {}, ' / ' + (now < due ? t('sla.in', { d: span(due - now) }) : t('sla.over', { d: span(now - due) }))) : null),
      h('td', { class: 'num' }, `${q.availableAgents}/${q.eligibleAgents}`));
  })));
}

function renderAgents() {
  const el = $('#agents');
  if (!el) return;
  const sorted = [...state.agents].sort((a, b) => PRESENCE.indexOf(a.presence) - PRESENCE.indexOf(b.presence)
    || a.id.localeCompare(b.id));
  fill(el, h('thead', {}, h('tr', {}, [t('board.agent'), t('board.presence'), t('board.load')].map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, sorted.map(a => {
      const channels = Object.keys(a.capacity).filter(ch => a.capacity[ch] > 0 || (a.load[ch] || 0) > 0);
      return h('tr', { dataset: { agent: a.id } },
        h('th', { scope: 'row' }, a.name || a.id),
        h('td', {}, h('span', { class: 'presence ' + a.presence }, t('presence.' + a.presence))),
        h('td', {}, channels.map(ch => h('span', { class: 'chip' + ((a.load[ch] || 0) >= a.capacity[ch] ? ' full' : '') },
          `${ch} ${a.load[ch] || 0}/${a.capacity[ch]}`))));
    })));
}

function renderLevel() {
  const el = $('#level');
  if (!el) return;
  const l = state.level;
  el.textContent = `${t('board.serviceLevel')}: ` + (l && l.decided ? `${Math.round(100 * l.met / l.decided)} % (${l.met}/${l.decided})`
    : t('board.none'));
}

function renderFeed() {
  const el = $('#feed');
  if (!el) return;
  if (state.feed.length === 0) { fill(el, h('li', { class: 'muted' }, t('board.feedNone'))); return; }
  fill(el, state.feed.map(f => h('li', { class: 'note ' + f.type, dataset: { type: f.type, ticket: f.ticket.id } },
    h('button', { class: 'link', onclick: () => open(f.ticket.id), 'aria-label': t('board.open', { id: f.ticket.id }) },
      h('strong', {}, t('note.' + f.type)), ` · ${f.ticket.id} · ${f.ticket.queue || ''}`),
    ' ', h('time', { datetime: f.event.at }, when(f.event.at)),
    f.notify ? h('span', { class: 'muted' }, ` → ${f.notify}`) : null)));
}

onLangChange(() => { if (state) layout(); });

main();
