package io.switchboard.history;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;

/**
 * Filters of {@link HistoryStore#list}: each null member matches everything. {@code createdFrom}
 * is inclusive, {@code createdTo} exclusive, both epoch millis (null = open).
 */
public record HistoryFilter(TicketStatus status, String queue, String assignee, String customerId, Channel channel,
        Long createdFrom, Long createdTo) {

    public static final HistoryFilter ALL = new HistoryFilter(null, null, null, null, null, null, null);
}
