package io.switchboard.app;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.ArchivedViews;
import io.switchboard.engine.TicketView;
import io.switchboard.history.ArchivedRecord;
import io.switchboard.history.HistoryFilter;
import io.switchboard.history.HistoryReads;
import io.switchboard.history.HistoryUnavailableException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * {@link ArchivedTickets} over the history store's {@link HistoryReads}: archived tickets as the
 * engine's views ({@link ArchivedViews}), a store that cannot answer as
 * {@link ArchivedTickets.Unavailable}. Threading as {@link HistoryReads}: never blocks the caller.
 */
final class HistoryArchive implements ArchivedTickets {
    private final HistoryReads reads;

    HistoryArchive(HistoryReads reads) {
        this.reads = reads;
    }

    @Override
    public Future<Optional<Archived>> find(String ticketId) {
        return unavailableAs(reads.ticket(ticketId).map(found -> found.map(HistoryArchive::archived)));
    }

    @Override
    public Future<List<TicketView>> list(TicketStatus status, String queue, String assignee, long afterSeq, int limit) {
        HistoryFilter filter = new HistoryFilter(status, queue, assignee, null, null, null, null);
        return unavailableAs(reads.list(filter, afterSeq, limit).map(page -> page.tickets().stream()
                .map(r -> ArchivedViews.ticket(r.ticket(), r.timeline())).toList()));
    }

    private static Archived archived(ArchivedRecord r) {
        return new Archived(ArchivedViews.ticket(r.ticket(), r.timeline()), r.timeline());
    }

    private static <T> Future<T> unavailableAs(Future<T> future) {
        return future.recover(e -> Future.failedFuture(e instanceof HistoryUnavailableException
                ? new Unavailable(e.getMessage(), e) : e));
    }
}
