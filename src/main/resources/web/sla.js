// The SLA clock of a ticket as the desk shows it: the running clock (not stopped, with a due time)
// that is due first. Its state is `breached` once the server says so or its due time has passed,
// `warning` once the server sent an sla_warning for that very deadline (the thresholds are the
// server's configuration), else `ok`. A paused ticket's clocks have no due time and show `paused`.

const METRICS = { firstResponse: 'first_response', nextResponse: 'next_response', resolution: 'resolution' };

/** {metric, dueAt (ms), state} of the clock due first, or null when none runs. */
export function clock(ticket, now = Date.now()) {
  const sla = ticket && ticket.sla;
  if (!sla) return null;
  let best = null;
  for (const [key, metric] of Object.entries(METRICS)) {
    const c = sla[key];
    if (!c || !c.dueAt || c.stoppedAt) continue;
    const dueAt = Date.parse(c.dueAt);
    if (!best || dueAt < best.dueAt) best = { metric, dueAt, dueIso: c.dueAt, breached: c.breached };
  }
  if (!best) return sla.paused ? { state: 'paused' } : null;
  const alerts = ticket.alerts || [];
  const warned = alerts.some(a => a.type === 'sla_warning' && a.details && a.details.metric === best.metric
    && Date.parse(a.details.dueAt) === best.dueAt);
  best.state = best.breached || now >= best.dueAt ? 'breached' : warned ? 'warning' : 'ok';
  return best;
}

/** Sort key: the due time of the clock due first; tickets without a running clock last. */
export function dueKey(ticket) {
  const c = clock(ticket);
  return c && c.dueAt ? c.dueAt : Number.MAX_SAFE_INTEGER;
}
