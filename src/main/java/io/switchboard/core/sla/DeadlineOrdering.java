package io.switchboard.core.sla;

import io.switchboard.core.routing.TicketOrdering;
import io.switchboard.core.ticket.Ticket;

/**
 * Earliest first-response deadline first: a VIP ticket created later but due sooner is served
 * first (priority breaks ties, see the dispatcher). The deadline does not move while a ticket
 * waits, so the key stays static; the engine re-keys a ticket when its policy changes. Tickets
 * whose first-response clock is not running (no policy, or already answered) keep the
 * {@code fallback} order, whose keys are effective arrival times on the same epoch-millis scale.
 */
public final class DeadlineOrdering implements TicketOrdering {
    private final TicketOrdering fallback;

    public DeadlineOrdering(TicketOrdering fallback) {
        this.fallback = fallback;
    }

    @Override
    public long key(Ticket ticket) {
        SlaClock first = ticket.sla().clock(SlaMetric.FIRST_RESPONSE);
        return first != null && first.isRunning() ? first.dueAt() : fallback.key(ticket);
    }
}
