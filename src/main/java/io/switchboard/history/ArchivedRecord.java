package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import java.util.List;

/**
 * An archived ticket as the history store holds it: its final state and its timeline in journal
 * order (without the {@code TicketArchived} event, whose content is {@code ticket}), as
 * {@code engine.ArchivedViews#ticket} takes them. Immutable; safe to cache and share.
 */
public record ArchivedRecord(ArchivedTicket ticket, List<TicketEvent> timeline) {
    public ArchivedRecord {
        timeline = List.copyOf(timeline);
    }
}
