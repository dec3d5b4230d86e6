package io.switchboard.core.routing;

import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import java.util.EnumMap;
import java.util.Map;

/**
 * Tier and priority weights with linear aging. A ticket's effective priority is
 * {@code weight + (now - createdAt)}, with weights expressed as a head start in milliseconds.
 * Ordering by that is the same as ordering by the static key {@code createdAt - weight}, so the
 * key never changes while the ticket waits, and a low-priority ticket is overtaken only by tickets
 * that arrive less than the weight difference after it: it is never starved.
 */
public final class LinearAgingOrdering implements TicketOrdering {
    private final EnumMap<CustomerTier, Long> tierHeadStart;
    private final EnumMap<Priority, Long> priorityHeadStart;

    public LinearAgingOrdering(Map<CustomerTier, Long> tierHeadStartMillis, Map<Priority, Long> priorityHeadStartMillis) {
        this.tierHeadStart = new EnumMap<>(CustomerTier.class);
        this.tierHeadStart.putAll(tierHeadStartMillis);
        this.priorityHeadStart = new EnumMap<>(Priority.class);
        this.priorityHeadStart.putAll(priorityHeadStartMillis);
    }

    @Override
    public long key(Ticket ticket) {
        return ticket.createdAt()
                - tierHeadStart.getOrDefault(ticket.tier(), 0L)
                - priorityHeadStart.getOrDefault(ticket.priority(), 0L);
    }
}
