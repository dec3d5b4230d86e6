package io.switchboard.app;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.history.HistoryProjection;
import io.switchboard.history.HistoryReads;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.HistoryStores;
import io.switchboard.store.Journal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Owns the history store for the life of the server: opens it at deploy (off the event loop; a
 * store that cannot be opened fails the start with the message that names the setting or the
 * file), runs the projection that follows the journal into it, serves archived reads, and closes
 * all three at undeploy so a restart in the same process can open the store again.
 *
 * <p>The projection starts once {@link #follow} is called, after the journal has been opened by
 * the engine; batches offered before that wait in its buffer.
 */
final class HistoryVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(HistoryVerticle.class.getName());

    private final Supplier<HistoryStore> opener;
    private final Journal journal;
    private HistoryStore store;
    private HistoryProjection projection;
    private HistoryReads reads;
    private boolean started;

    /** {@code opener} is blocking (it runs on a worker). */
    HistoryVerticle(Supplier<HistoryStore> opener, Journal journal) {
        this.opener = opener;
        this.journal = journal;
    }

    /** The store for the deployment's settings: PostgreSQL, the DuckDB file, or in memory. */
    static Supplier<HistoryStore> opener(HistorySettings settings, DurabilitySettings durability) {
        if (settings.postgres() != null) {
            return settings::open;
        }
        if (durability.store() == DurabilitySettings.Store.MEMORY || settings.dataDir() == null) {
            return HistoryStores::duckDbInMemory;
        }
        return settings::open;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            store = opener.get();
            projection = new HistoryProjection(store, journal::readAfter, System::currentTimeMillis,
                    HistoryProjection.Options.DEFAULTS);
            reads = new HistoryReads(vertx, store, HistoryReads.DEFAULT_CACHE_TICKETS);
            LOG.info("history store " + store.describe() + " open at journal position " + store.committedPosition());
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (projection != null) {
                projection.close();
            }
            if (reads != null) {
                reads.close();
            }
            if (store != null) {
                store.close();
            }
            return null;
        });
    }

    /** Starts following the journal (call once it is open). */
    void follow() {
        if (!started) {
            started = true;
            projection.start();
        }
    }

    void offer(long firstPosition, List<DomainEvent> events) {
        projection.offer(firstPosition, events);
    }

    long committedPosition() {
        return projection.committedPosition();
    }

    HistoryProjection projection() {
        return projection;
    }

    ArchivedTickets archive(java.util.Map<String, java.time.ZoneId> calendarZones) {
        return new HistoryArchive(vertx, reads, projection, calendarZones);
    }

    /** As above, knowing the SLA configuration in force (SLA advice and dry-runs read it). */
    ArchivedTickets archive(java.util.Map<String, java.time.ZoneId> calendarZones, ArchivedTickets.LiveSla live) {
        return new HistoryArchive(vertx, reads, projection, calendarZones, live);
    }

    /** {@code up} when caught up; {@code lagging} while behind or unable to write (routing goes on). */
    String state() {
        return projection.status() == HistoryProjection.Status.OK ? "up" : "lagging";
    }
}
