package io.switchboard.app;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.engine.Command;
import io.switchboard.engine.ArchivedViews;
import io.switchboard.engine.TicketView;
import io.switchboard.history.ArchivedRecord;
import io.switchboard.history.HistoryFilter;
import io.switchboard.history.HistoryReads;
import io.switchboard.history.HistoryUnavailableException;
import io.switchboard.history.HistoryProjection;
import io.switchboard.history.ReportQuery;
import io.switchboard.history.ReportTable;
import java.time.ZoneId;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/**
 * {@link ArchivedTickets} over the history store's {@link HistoryReads}: archived tickets as the
 * engine's views ({@link ArchivedViews}), a store that cannot answer as
 * {@link ArchivedTickets.Unavailable}. Threading as {@link HistoryReads}: never blocks the caller.
 */
final class HistoryArchive implements ArchivedTickets {
    /** How long a miss waits for the store to commit what was durable when it was asked. */
    private static final long CATCH_UP_WAIT_MILLIS = 2_000;
    private static final long CATCH_UP_POLL_MILLIS = 5;

    private final Vertx vertx;
    private final HistoryReads reads;
    private final HistoryProjection projection;

    private final Map<String, ZoneId> calendarZones;
    /** The SLA configuration in force, or null when not told (advice then shows no configured target). */
    private final LiveSla live;

    HistoryArchive(Vertx vertx, HistoryReads reads, HistoryProjection projection) {
        this(vertx, reads, projection, Map.of("24x7", java.time.ZoneOffset.UTC));
    }

    /** {@code calendarZones}: the configured business calendars' zones by name, for reports' ranges. */
    HistoryArchive(Vertx vertx, HistoryReads reads, HistoryProjection projection, Map<String, ZoneId> calendarZones) {
        this(vertx, reads, projection, calendarZones, null);
    }

    /** As above, with the SLA configuration in force ({@code live}, nullable) for advice and dry-runs. */
    HistoryArchive(Vertx vertx, HistoryReads reads, HistoryProjection projection, Map<String, ZoneId> calendarZones,
            LiveSla live) {
        this.vertx = vertx;
        this.reads = reads;
        this.projection = projection;
        this.calendarZones = Map.copyOf(calendarZones);
        this.live = live;
    }

    @Override
    public Optional<LiveSla> liveSla() {
        return Optional.ofNullable(live);
    }

    @Override
    public Future<ReportTable> dryRun(io.switchboard.history.DryRunQuery query) {
        return unavailableAs(reads.dryRun(query));
    }

    /** Reports count what the store has committed; they do not wait for the projection to catch up. */
    @Override
    public Future<ReportTable> report(ReportQuery query) {
        return unavailableAs(reads.report(query));
    }

    @Override
    public Future<ReportTable> advice(io.switchboard.history.AdviceQuery query) {
        return unavailableAs(reads.advice(live == null ? query : query.withConfigured(live.sla())));
    }

    @Override
    public Future<ReportTable> staffing(io.switchboard.history.StaffingQuery query) {
        return unavailableAs(reads.staffing(query));
    }

    @Override
    public Optional<ZoneId> calendarZone(String name) {
        return Optional.ofNullable(calendarZones.get(name));
    }

    /**
     * A miss is final only once the store has committed every event that was durable when the
     * read came in: a ticket archived a moment ago may not be in the store yet. So a miss waits
     * (up to 2 s) for the projection to reach that position and asks again; a store still behind
     * after that answers {@link ArchivedTickets.Unavailable} (503, retry) rather than a false 404.
     */
    @Override
    public Future<Optional<Archived>> find(String ticketId) {
        long durable = projection.offeredPosition();
        // read before the lookup: a commit landing between the lookup and a later check would make
        // a stale miss look final
        long committedBefore = projection.committedPosition();
        return unavailableAs(reads.ticket(ticketId).compose(found -> {
            if (found.isPresent() || committedBefore >= durable) {
                return Future.succeededFuture(found);
            }
            return committed(durable, System.currentTimeMillis() + CATCH_UP_WAIT_MILLIS)
                    .compose(v -> reads.ticket(ticketId));
        }).map(found -> found.map(HistoryArchive::archived)));
    }

    /** Completes once the store committed {@code position}; fails as unavailable after {@code deadline}. */
    private Future<Void> committed(long position, long deadline) {
        if (projection.committedPosition() >= position) {
            return Future.succeededFuture();
        }
        if (System.currentTimeMillis() >= deadline) {
            return Future.failedFuture(new HistoryUnavailableException("the history store is "
                    + projection.lagEvents() + " events behind the journal", null));
        }
        Promise<Void> next = Promise.promise();
        vertx.setTimer(CATCH_UP_POLL_MILLIS, id -> committed(position, deadline).onComplete(next));
        return next.future();
    }

    @Override
    public Future<List<TicketView>> list(Command.ListTickets q) {
        HistoryFilter filter = new HistoryFilter(q.status(), q.queue(), q.assignee(), q.customer(), q.channel(),
                q.createdFrom(), q.createdTo());
        // A page should include what was archived before it was asked for: wait (briefly) for the
        // store to commit that, then list what it has; a store that cannot answer fails the page.
        long durable = projection.offeredPosition();
        return unavailableAs(committed(durable, System.currentTimeMillis() + CATCH_UP_WAIT_MILLIS)
                .otherwiseEmpty().compose(v -> reads.list(filter, q.afterSeq(), q.limit())).map(page -> page.tickets()
                        .stream().map(r -> ArchivedViews.ticket(r.ticket(), r.timeline())).toList()));
    }

    private static Archived archived(ArchivedRecord r) {
        return new Archived(ArchivedViews.ticket(r.ticket(), r.timeline()), r.timeline());
    }

    private static <T> Future<T> unavailableAs(Future<T> future) {
        return future.recover(e -> Future.failedFuture(e instanceof HistoryUnavailableException
                ? new Unavailable(e.getMessage(), e) : e));
    }
}
