package io.switchboard.core.routing;

import io.switchboard.core.ticket.Ticket;

/**
 * Orders waiting tickets: the dispatcher serves the lowest key first (ties by arrival). The key
 * must not depend on the current time, so waiting tickets never need re-sorting; it is computed
 * when a ticket enters the queue and again only when the ticket itself changes (e.g. priority).
 * The SLA engine will plug in a deadline-first ordering here.
 */
@FunctionalInterface
public interface TicketOrdering {
    long key(Ticket ticket);
}
