package io.switchboard.history;

import java.util.List;

/**
 * One page of archived tickets with their timelines, in seq order; {@code more} when further
 * tickets match (the next page starts after the last ticket's seq).
 */
public record HistoryPage(List<ArchivedRecord> tickets, boolean more) {
    public HistoryPage {
        tickets = List.copyOf(tickets);
    }
}
