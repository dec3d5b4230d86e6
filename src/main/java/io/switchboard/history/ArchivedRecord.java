package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import java.util.List;

/**
 * An archived ticket as the history store holds it: its final state and its whole timeline in
 * journal order, the {@code TicketArchived} event last. Immutable; safe to cache and share.
 */
public record ArchivedRecord(ArchivedTicket ticket, List<TicketEvent> timeline) {
    public ArchivedRecord {
        timeline = List.copyOf(timeline);
    }
}
