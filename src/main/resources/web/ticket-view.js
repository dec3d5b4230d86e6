// One ticket in full: customer, transcript, timeline and (on the desk) the agent's actions. The
// ticket is fetched with the user's own token; when the server refuses (403/404) only a notice is
// shown, never any of the ticket's data.

import { h, fill } from './dom.js';
import { t, when, span } from './i18n.js';
import { api } from './api.js';
import { clock } from './sla.js';

/**
 * Shows ticket `id` in `root`. options: {actions: boolean (reply/pending/resolve/transfer),
 * queues: names for transfer, onChange(ticket), onClose()}. Returns the ticket, or null if hidden.
 */
export async function showTicket(root, id, options = {}) {
  let ticket, timeline;
  try {
    [ticket, timeline] = await Promise.all([api('GET', `/v1/tickets/${encodeURIComponent(id)}`),
      api('GET', `/v1/tickets/${encodeURIComponent(id)}/timeline`)]);
  } catch (e) {
    fill(root, h('p', { class: 'notice', role: 'status', id: 'ticket-hidden' }, t('ticket.hidden')));
    return null;
  }
  render(root, ticket, timeline.timeline, options);
  return ticket;
}

function render(root, ticket, timeline, options) {
  const c = clock(ticket);
  const customer = ticket.customer || {};
  const transcript = [];
  if (ticket.description) transcript.push({ who: 'customer', at: ticket.createdAt, text: ticket.description });
  for (const e of timeline) {
    if (e.details && typeof e.details.message === 'string') {
      transcript.push({ who: e.type === 'customer_messaged' ? 'customer' : 'agent', at: e.at, text: e.details.message,
        actor: e.actor });
    }
  }
  fill(root,
    h('header', { class: 'row spread' },
      h('h2', { id: 'ticket-title', tabindex: '-1' }, `${ticket.id} · ${ticket.subject || ticket.type || ''}`),
      options.onClose ? h('button', { onclick: options.onClose, 'aria-label': t('ticket.close') }, '×') : null),
    h('dl', { class: 'facts' },
      fact(t('ticket.status'), ticket.status, 'ticket-status'),
      fact(t('ticket.customer'), `${customer.name || ''} (${customer.id}) · ${customer.tier}`),
      fact(t('ticket.channel'), ticket.channel), fact(t('ticket.priority'), ticket.priority),
      fact(t('ticket.queue'), ticket.queue || '—'),
      fact('SLA', c && c.dueAt ? `${c.metric} · ${t('sla.due', { t: when(c.dueIso) })}` : c ? t('sla.paused') : t('sla.none'))),
    h('section', { 'aria-labelledby': 'transcript-title' },
      h('h3', { id: 'transcript-title' }, t('ticket.transcript')),
      h('ol', { class: 'transcript', id: 'transcript' }, transcript.map(m =>
        h('li', { class: m.who }, h('span', { class: 'meta' }, `${when(m.at)} · ${m.actor || t('ticket.customer')}`),
          h('p', {}, m.text))))),
    options.actions ? actions(root, ticket, options) : null,
    h('section', { 'aria-labelledby': 'timeline-title' },
      h('h3', { id: 'timeline-title' }, t('ticket.timeline')),
      h('ol', { class: 'timeline', id: 'timeline' }, timeline.map(e =>
        h('li', { dataset: { type: e.type } }, h('time', { datetime: e.at }, when(e.at)), ' ',
          h('strong', {}, e.type), ` · ${e.actor} · ${e.reason}`)))));
}

function fact(label, value, id) {
  return [h('dt', {}, label), h('dd', { id }, value)];
}

function actions(root, ticket, options) {
  const open = ['assigned', 'pending_customer', 'pending_internal'].includes(ticket.status);
  const reply = h('textarea', { id: 'reply-text', rows: 3, required: true });
  const queue = h('select', { id: 'transfer-queue' }, (options.queues || []).map(q => h('option', { value: q }, q)));
  const reason = h('input', { id: 'transfer-reason', required: true, maxlength: 500 });
  const status = h('p', { class: 'error', role: 'alert' });
  const act = (action, body) => async event => {
    if (event) event.preventDefault();
    try {
      const updated = await api('POST', `/v1/tickets/${encodeURIComponent(ticket.id)}/${action}`, body());
      if (options.onChange) options.onChange(updated);
      await showTicket(root, ticket.id, options);
    } catch (e) {
      status.textContent = e.message;
    }
  };
  return h('section', { class: 'actions', 'aria-label': t('ticket.reply') },
    h('form', { onsubmit: act('reply', () => ({ message: reply.value })) },
      h('label', { for: 'reply-text' }, t('ticket.replyLabel')), reply,
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary', id: 'reply-send', disabled: !open }, t('ticket.send')),
        h('button', { type: 'button', id: 'pending', disabled: ticket.status !== 'assigned',
          onclick: act('pending', () => ({ on: 'customer', reason: 'awaiting_customer' })) }, t('ticket.pending')),
        h('button', { type: 'button', id: 'resolve', disabled: !open,
          onclick: act('resolve', () => ({ reason: 'resolved_by_agent' })) }, t('ticket.resolve')))),
    h('form', { class: 'row', onsubmit: act('transfer', () => ({ queue: queue.value, reason: reason.value })) },
      h('label', { for: 'transfer-queue' }, t('ticket.transferTo')), queue,
      h('label', { for: 'transfer-reason' }, t('ticket.transferReason')), reason,
      h('button', { type: 'submit', id: 'transfer', disabled: !open }, t('ticket.transfer'))),
    status);
}

/** A short live SLA label and its state class, for lists. */
export function slaBadge(ticket, now = Date.now()) {
  const c = clock(ticket, now);
  if (!c) return h('span', { class: 'sla none' }, t('sla.none'));
  if (!c.dueAt) return h('span', { class: 'sla paused' }, t('sla.paused'));
  const left = c.dueAt - now;
  return h('span', { class: `sla ${c.state}`, dataset: { state: c.state } },
    left >= 0 ? t('sla.in', { d: span(left) }) : t('sla.over', { d: span(-left) }));
}
