package io.switchboard.history;

import io.switchboard.core.event.ArchivedTicket;
import java.util.List;

/** One page of archived tickets; {@code nextCursor} is null on the last page. */
public record HistoryPage(List<ArchivedTicket> tickets, String nextCursor) {
    public HistoryPage {
        tickets = List.copyOf(tickets);
    }
}
