// The agent desk (/desk/): presence and load, offers with a countdown, my tickets by SLA due time
// with live clocks, a ticket view, notifications and the connection state. All state arrives over
// the agent's WebSocket (welcome, offer, assigned, ticket_updated, notifications) or from REST
// reads with the agent's own token; the page keeps nothing beyond the tab (sessionStorage).

import { h, fill, $ } from './dom.js';
import { t, when, span, languageSelect, onLangChange } from './i18n.js';
import { api, useToken } from './api.js';
import { signIn, clear } from './session.js';
import { LiveSocket } from './socket.js';
import { dueKey } from './sla.js';
import { showTicket, slaBadge } from './ticket-view.js';

const NOTES = new Set(['sla_warning', 'sla_breached', 'follow_up', 'follow_up_overdue', 'escalation', 'compensation',
  'reminder', 'handoff_overdue', 'idle_escalation', 'ticket_unroutable']);
const OPEN = new Set(['assigned', 'pending_customer', 'pending_internal', 'resolved']);
/** Timeline entry type (a ticket's `alerts`) → the notification that carries it. */
const ALERT_NOTE = { sla_warning: 'sla_warning', sla_breached: 'sla_breached', follow_up_requested: 'follow_up',
  follow_up_overdue: 'follow_up_overdue', sla_escalated: 'escalation', compensation_issued: 'compensation',
  pending_reminder: 'reminder', handoff_overdue: 'handoff_overdue', idle_escalated: 'idle_escalation',
  ticket_unroutable: 'ticket_unroutable' };
const root = $('#app');
let state;
let socket = null;

function fresh(session) {
  return { session, agent: null, offers: new Map(), tickets: new Map(), notes: [], selected: null,
    conn: 'connecting', retry: 0, queues: [], pending: new Map(),
    seenAlerts: new Set(), welcomed: false };
}

async function main(message) {
  const session = await signIn(root, ['agent'], message);
  state = fresh(session);
  useToken(session.token, () => signOut(t('signin.expired')));
  layout();
  api('GET', '/v1/queues').then(r => { state.queues = r.queues.map(q => q.name); }).catch(() => {});
  socket = new LiveSocket(`/v1/agents/${encodeURIComponent(session.sub)}/ws`, receive, connection);
  socket.start();
}

function signOut(message) {
  if (socket) socket.stop();
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

function receive(msg, receivedAt, replayed) {
  switch (msg.type) {
    case 'welcome':
      state.resumed = msg.resumed === true;
      renderConn();
      if (msg.resumed === true) { // the server replays what was missed: keep what we have
        // a replay after an earlier welcome is what this page missed; a fresh page's is just history
        state.replayMissed = state.welcomed;
        state.welcomed = true;
        if (msg.agent) state.agent = msg.agent;
        renderPresence(); renderLoad();
      } else {
        welcome(msg.agent);
      }
      break;
    case 'offer':
      state.offers.set(msg.offerId, { offerId: msg.offerId, ticket: msg.ticket, expiresAt: Date.parse(msg.expiresAt) });
      renderOffers();
      renderLoad();
      onScreen(msg.offerId, receivedAt);
      break;
    case 'offer_revoked':
      state.offers.delete(msg.offerId);
      note({ type: 'offer_revoked', text: t('note.offer_revoked', { reason: msg.reason }) });
      renderOffers();
      renderLoad();
      break;
    case 'assigned':
      for (const [id, o] of state.offers) if (o.ticket.id === msg.ticket.id) state.offers.delete(id);
      keep(msg.ticket);
      renderOffers();
      select(msg.ticket.id);
      break;
    case 'ticket_updated':
      keep(msg.ticket);
      if (state.selected === msg.ticket.id) select(msg.ticket.id);
      break;
    case 'presence_changed':
      state.agent.presence = msg.status;
      note({ type: 'presence_changed', text: t('note.presence_changed', { status: t('presence.' + msg.status), reason: msg.reason }) });
      renderPresence();
      break;
    case 'ack': {
      const done = state.pending.get(msg.id);
      state.pending.delete(msg.id);
      if (done) done();
      break;
    }
    case 'error':
      state.pending.delete(msg.id);
      note({ type: 'error', text: t('note.error', { message: msg.message }) });
      break;
    default:
      if (NOTES.has(msg.type)) {
        if (msg.event) state.seenAlerts.add(alertKey(msg.ticket.id, msg.event));
        if (msg.ticket && msg.ticket.assignee === state.session.sub) keep(msg.ticket);
        // an alert in a resumed socket's replay was sent while the socket was down: shown as missed
        note({ type: msg.type, ticket: msg.ticket, event: msg.event, notify: msg.notify, missed: replayed === true && state.replayMissed });
      }
  }
}

/**
 * A full state from the server: offers come again as `offer` messages right after it. After a
 * reconnect, alerts recorded on the agent's tickets while the socket was down (the server does not
 * queue notifications for a closed socket) are shown as notifications, marked as missed.
 */
function welcome(agent) {
  const catchUp = state.welcomed;
  state.welcomed = true;
  state.agent = agent;
  state.offers.clear();
  const ids = new Set(agent.tickets);
  for (const id of [...state.tickets.keys()]) if (!ids.has(id)) state.tickets.delete(id);
  renderPresence();
  renderOffers();
  renderTickets();
  renderLoad();
  for (const id of ids) {
    api('GET', `/v1/tickets/${encodeURIComponent(id)}`).then(ticket => {
      const missed = (ticket.alerts || []).filter(a => !state.seenAlerts.has(alertKey(ticket.id, a)) && ALERT_NOTE[a.type]);
      keep(ticket);
      if (catchUp) missed.forEach(a => note({ type: ALERT_NOTE[a.type], ticket, event: a, missed: true }));
      if (state.selected === ticket.id) select(ticket.id);
    }).catch(() => {});
  }
}

function alertKey(ticketId, entry) {
  return `${ticketId} ${entry.type} ${entry.at}`;
}

function keep(ticket) {
  (ticket.alerts || []).forEach(a => state.seenAlerts.add(alertKey(ticket.id, a)));
  if (ticket.assignee === state.session.sub && OPEN.has(ticket.status)) state.tickets.set(ticket.id, ticket);
  else state.tickets.delete(ticket.id);
  renderTickets();
  renderLoad();
}

function send(message, onAck) {
  const id = socket && socket.send(message);
  if (id && onAck) state.pending.set(id, onAck);
  return id;
}

/** Records how long an offer took from its frame arriving to being painted (performance marks). */
function onScreen(offerId, receivedAt) {
  requestAnimationFrame(() => setTimeout(() => {
    performance.measure('offer-on-screen', { start: receivedAt, end: performance.now(), detail: offerId });
  }, 0));
}

function note(n) {
  const at = (n.event && n.event.at) || new Date().toISOString();
  state.notes.unshift({ ...n, at, key: Math.random().toString(36).slice(2) });
  state.notes.length = Math.min(state.notes.length, 50);
  renderNotes();
}

function select(id) {
  state.selected = id;
  const view = $('#ticket-view');
  showTicket(view, id, { actions: true, queues: state.queues, onChange: keep,
    onClose: () => { state.selected = null; fill(view, h('p', { class: 'muted' }, t('ticket.select'))); } });
}

// ---- rendering ----

function layout() {
  fill(root,
    h('header', { class: 'bar' },
      h('h1', {}, t('app.desk')),
      h('span', { id: 'who' }, state.session.sub),
      h('a', { href: '/reports/', id: 'nav-reports' }, t('nav.reports')),
      h('span', { id: 'conn', role: 'status', 'aria-live': 'polite' }),
      h('button', { id: 'reconnect', hidden: true, onclick: () => socket && socket.start() }, t('conn.useHere')),
      h('label', { for: 'presence' }, t('presence.label')),
      h('select', { id: 'presence', onchange: e => send({ type: 'presence', status: e.target.value },
        () => { state.agent.presence = e.target.value; }) },
        ['available', 'away', 'busy', 'offline'].map(p => h('option', { value: p }, t('presence.' + p)))),
      languageSelect(h),
      h('button', { id: 'signout', onclick: () => signOut() }, t('signin.out'))),
    h('main', { class: 'desk' },
      h('div', { class: 'column' },
        h('section', { class: 'card', 'aria-labelledby': 'load-title' }, h('h2', { id: 'load-title' }, t('load.title')),
          h('ul', { id: 'load', class: 'chips' })),
        h('section', { class: 'card', 'aria-labelledby': 'offers-title' }, h('h2', { id: 'offers-title' }, t('offers.title')),
          h('ul', { id: 'offers', 'aria-live': 'assertive' })),
        h('section', { class: 'card', 'aria-labelledby': 'tickets-title' }, h('h2', { id: 'tickets-title' }, t('tickets.title')),
          h('ul', { id: 'my-tickets' }))),
      h('section', { id: 'ticket-view', class: 'card wide', 'aria-label': t('ticket.timeline') },
        h('p', { class: 'muted' }, t('ticket.select'))),
      h('section', { class: 'card', 'aria-labelledby': 'notes-title' }, h('h2', { id: 'notes-title' }, t('notes.title')),
        h('ul', { id: 'notes', role: 'log', 'aria-live': 'polite' }))));
  renderConn();
  renderNotes();
}

function renderConn() {
  const el = $('#conn');
  if (!el) return;
  el.dataset.state = state.conn;
  // whether the last welcome resumed the stream (replay) or brought the full state (tests read it)
  el.dataset.resumed = state.resumed === undefined ? '' : String(state.resumed);
  el.className = 'conn ' + state.conn;
  el.textContent = state.conn === 'open' ? t('conn.open') : state.conn === 'retry' ? t('conn.retry', { s: state.retry })
    : state.conn === 'replaced' ? t('conn.replaced') : t('conn.connecting');
  const again = $('#reconnect');
  again.hidden = state.conn !== 'replaced';
}

function renderPresence() {
  const el = $('#presence');
  if (el && state.agent) el.value = state.agent.presence;
}

function renderLoad() {
  const el = $('#load');
  if (!el || !state.agent) return;
  const load = {};
  for (const o of state.offers.values()) load[o.ticket.channel] = (load[o.ticket.channel] || 0) + 1;
  for (const tk of state.tickets.values()) if (tk.status === 'assigned') load[tk.channel] = (load[tk.channel] || 0) + 1;
  const capacity = state.agent.capacity || {};
  fill(el, Object.keys(capacity).filter(ch => capacity[ch] > 0 || load[ch]).map(ch =>
    h('li', { class: (load[ch] || 0) >= capacity[ch] ? 'full' : '', dataset: { channel: ch } },
      `${ch} ${load[ch] || 0}/${capacity[ch]}`)));
}

function renderOffers() {
  const el = $('#offers');
  if (!el) return;
  if (state.offers.size === 0) { fill(el, h('li', { class: 'muted' }, t('offers.none'))); return; }
  fill(el, [...state.offers.values()].map(o => {
    const reason = h('input', { id: 'reason-' + o.offerId, placeholder: 'busy', maxlength: 500 });
    const tk = o.ticket;
    return h('li', { class: 'offer', dataset: { offer: o.offerId, ticket: tk.id } },
      h('div', { class: 'row spread' }, h('strong', {}, `${tk.id} · ${tk.subject || tk.type || ''}`),
        h('span', { class: 'countdown', dataset: { expires: o.expiresAt } }, countdown(o.expiresAt))),
      h('div', { class: 'muted' }, `${(tk.customer && (tk.customer.name || tk.customer.id)) || ''} · ${tk.channel} · ${tk.priority} · ${tk.customer && tk.customer.tier}`),
      h('div', { class: 'row' },
        h('button', { class: 'primary accept', onclick: () => send({ type: 'accept', offerId: o.offerId }) }, t('offer.accept')),
        h('label', { for: 'reason-' + o.offerId, class: 'sr-only' }, t('offer.reason')), reason,
        h('button', { class: 'reject', onclick: () => send({ type: 'reject', offerId: o.offerId, reason: reason.value || 'busy' },
          () => { state.offers.delete(o.offerId); renderOffers(); renderLoad(); }) }, t('offer.reject'))));
  }));
}

function countdown(expiresAt) {
  const left = expiresAt - Date.now();
  return left > 0 ? t('offer.expiresIn', { s: Math.ceil(left / 1000) }) : t('offer.expired');
}

function renderTickets() {
  const el = $('#my-tickets');
  if (!el) return;
  const list = [...state.tickets.values()].sort((a, b) => dueKey(a) - dueKey(b));
  if (list.length === 0) { fill(el, h('li', { class: 'muted' }, t('tickets.none'))); return; }
  fill(el, list.map(tk => h('li', { dataset: { ticket: tk.id } },
    h('button', { class: 'link', onclick: () => select(tk.id) }, `${tk.id} · ${tk.subject || tk.type || ''}`),
    h('span', { class: 'muted' }, ` ${tk.status} · ${tk.channel} `), slaBadge(tk))));
}

function renderNotes() {
  const el = $('#notes');
  if (!el) return;
  if (state.notes.length === 0) { fill(el, h('li', { class: 'muted' }, t('notes.none'))); return; }
  fill(el, state.notes.map(n => h('li', { class: 'note ' + n.type, dataset: { type: n.type, missed: n.missed ? 'yes' : null } },
    h('strong', {}, n.text || t('note.' + n.type)), ' ',
    n.missed ? h('span', { class: 'missed' }, t('notes.missed') + ' ') : null,
    h('time', {}, when(n.at)), ' ',
    n.ticket && (n.ticket.assignee === state.session.sub)
      ? h('button', { class: 'link', onclick: () => select(n.ticket.id) }, n.ticket.id) : n.ticket ? n.ticket.id : null,
    n.notify ? h('span', { class: 'muted' }, ` → ${n.notify}`) : null,
    h('button', { class: 'dismiss', 'aria-label': t('notes.dismiss'),
      onclick: () => { state.notes = state.notes.filter(x => x.key !== n.key); renderNotes(); } }, '×'))));
}

/** Once a second: offer countdowns and SLA clocks, updated in place (focus stays where it is). */
setInterval(() => {
  if (!state) return;
  document.querySelectorAll('#offers .countdown').forEach(el => { el.textContent = countdown(Number(el.dataset.expires)); });
  document.querySelectorAll('#my-tickets li[data-ticket]').forEach(li => {
    const tk = state.tickets.get(li.dataset.ticket);
    const old = li.querySelector('.sla');
    if (tk && old) old.replaceWith(slaBadge(tk));
  });
}, 1000);

onLangChange(() => {
  if (!state || !state.agent) return;
  layout();
  renderPresence(); renderOffers(); renderTickets(); renderLoad();
  if (state.selected) select(state.selected);
});

main();
