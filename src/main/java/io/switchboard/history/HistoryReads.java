package io.switchboard.history;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Optional;

/**
 * Reads of archived tickets for the HTTP layer: futures completed off the event loop, through a
 * bounded cache of archived tickets by id (an archived ticket never changes, so entries never go
 * stale; only hits are cached, since an id not archived yet may be archived later).
 *
 * <p>Queries run on a worker pool of their own ({@code switchboard-history-reads}, a few threads),
 * so a slow or hung store ties up only those threads, never the shared worker pool the journal's
 * fsyncs use.
 *
 * <p>Errors: a future fails with {@link HistoryUnavailableException} when the store cannot answer
 * (map to 503 with Retry-After), with {@link IllegalArgumentException} for a limit the store
 * refuses (map to 400).
 *
 * <p>Threading: every method may be called from any thread, typically an event loop; callbacks run
 * on the caller's context when it has one (Vert.x executeBlocking semantics), at once on a cache hit.
 */
public final class HistoryReads implements AutoCloseable {
    /** Default cache size: a timeline is a few KB, so this stays within tens of MB of heap. */
    public static final int DEFAULT_CACHE_TICKETS = 5_000;
    private static final int READ_THREADS = 4;

    private final HistoryStore store;
    private final WorkerExecutor executor;
    private final Cache<String, ArchivedRecord> cache;

    public HistoryReads(Vertx vertx, HistoryStore store, int cacheTickets) {
        this.store = store;
        this.executor = vertx.createSharedWorkerExecutor("switchboard-history-reads", READ_THREADS);
        this.cache = Caffeine.newBuilder().maximumSize(cacheTickets).build();
    }

    /** The archived ticket and its timeline; empty when the store has no archive of it. */
    public Future<Optional<ArchivedRecord>> ticket(String ticketId) {
        ArchivedRecord cached = cache.getIfPresent(ticketId);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return executor.executeBlocking(() -> {
            Optional<ArchivedRecord> found = store.ticket(ticketId);
            found.ifPresent(r -> cache.put(ticketId, r));
            return found;
        }, false);
    }

    /** A page of archived tickets (see {@link HistoryStore#list}); not cached. */
    public Future<HistoryPage> list(HistoryFilter filter, long afterSeq, int limit) {
        return executor.executeBlocking(() -> store.list(filter, afterSeq, limit), false);
    }

    /** SLA advice (see {@link HistoryStore#advice}); not cached. */
    public Future<ReportTable> advice(AdviceQuery query) {
        return executor.executeBlocking(() -> store.advice(query), false);
    }

    /** The staffing check (see {@link HistoryStore#staffing}); not cached. */
    public Future<ReportTable> staffing(StaffingQuery query) {
        return executor.executeBlocking(() -> store.staffing(query), false);
    }

    /** The SLA dry-run (see {@link HistoryStore#dryRun}); not cached. */
    public Future<ReportTable> dryRun(DryRunQuery query) {
        return executor.executeBlocking(() -> store.dryRun(query), false);
    }

    /** A report (see {@link HistoryStore#report}); not cached. */
    public Future<ReportTable> report(ReportQuery query) {
        return executor.executeBlocking(() -> store.report(query), false);
    }

    /** Closes the read pool (not the store: its owner closes it after the projection). */
    @Override
    public void close() {
        executor.close();
    }
}
