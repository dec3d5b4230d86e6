package io.switchboard.app;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Retention;
import io.switchboard.engine.StreamWindows;
import io.switchboard.store.EventTimelineCodec;
import io.switchboard.store.RedisJournal;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.logging.Logger;

/**
 * A standby's engine, kept current (docs/operations.md, "High availability"): it reads the
 * journal once (snapshots and tail, replayed off the event loop), then follows the active's
 * appends every {@link #FOLLOW_MILLIS} and replays them as they come. It decides nothing: no
 * commands, no timers, no writes; the replayed engine and its stream windows wait for a takeover,
 * which {@link #handOff takes them over} and replays only the tail after {@link Warm#position}
 * before making a restart's decisions ({@link Engine#resume}). The same state as a cold recovery
 * of the same journal, for a fraction of the read and replay (the takeover's cost no longer grows
 * with the journal). When the follower falls behind a snapshot that compacted what it had not
 * read yet, it reads the journal again from the start.
 *
 * <p>Threading: one context (the node's, where {@link #start} is called); a standby is handed off
 * once, then done (a node that steps down makes a new one).
 */
final class WarmStandby {
    private static final Logger LOG = Logger.getLogger(WarmStandby.class.getName());
    /** How often the standby reads what the active appended: well inside a takeover's budget. */
    static final long FOLLOW_MILLIS = 100;
    /** Events replayed per step on the context: a few milliseconds of work at most. */
    private static final int FOLLOW_MAX = 4_096;

    /** What a takeover takes over: the engine and stream windows replayed up to {@code position}, nothing decided. */
    record Warm(Engine engine, StreamBook streams, long position) {}

    private final Vertx vertx;
    private final RoutingConfig config;
    private final SlaConfig sla;
    private final Retention retention;
    private final StreamWindows.Limits resume;
    private final RedisJournal journal;
    private Engine engine;
    private StreamBook streams;
    private long position;
    private long timer = -1;
    private boolean reading;
    private boolean handedOff;
    private Promise<Void> idle;

    WarmStandby(Vertx vertx, RoutingConfig config, SlaConfig sla, Retention retention, StreamWindows.Limits resume,
            String redisUrl) {
        this.vertx = vertx;
        this.config = config;
        this.sla = sla;
        this.retention = retention;
        this.resume = resume;
        this.journal = new RedisJournal(vertx, redisUrl, false);
    }

    /** Reads and replays the journal, then follows it; the future tells how many events were replayed at first. */
    Future<Integer> start() {
        return load().onSuccess(n -> timer = vertx.setPeriodic(FOLLOW_MILLIS, id -> follow()));
    }

    private Future<Integer> load() {
        reading = true;
        return journal.open().compose(history -> {
            long at = journal.position();
            return vertx.executeBlocking(() -> {
                Engine replayed = Engine.replayed(config, sla, retention, new EventTimelineCodec(), history);
                StreamBook book = new StreamBook(resume);
                book.restore(replayed, history, System.currentTimeMillis());
                return new Warm(replayed, book, at);
            }, false).map(warm -> {
                engine = warm.engine();
                streams = warm.streams();
                position = warm.position();
                return history.size();
            });
        }).onComplete(done -> settle());
    }

    private void follow() {
        if (reading || handedOff) {
            return;
        }
        reading = true;
        journal.follow(position, FOLLOW_MAX).onComplete(read -> {
            if (read.succeeded() && !handedOff) {
                List<DomainEvent> events = read.result();
                if (!events.isEmpty()) {
                    engine.replay(events);
                    streams.restore(engine, events, System.currentTimeMillis());
                    position += events.size();
                }
                settle();
            } else if (read.failed() && read.cause() instanceof io.switchboard.store.JournalCorruptException
                    && !handedOff) {
                LOG.warning("high availability: the standby fell behind a snapshot (" + read.cause().getMessage()
                        + "); reading the journal again");
                load();
            } else {
                settle(); // Redis unreachable: the next round tries again
            }
        });
    }

    private void settle() {
        reading = false;
        if (idle != null) {
            Promise<Void> waiting = idle;
            idle = null;
            waiting.complete();
        }
    }

    /**
     * Stops following and gives the replayed state to a takeover (once a read under way ended), or
     * null when there is none (the first read has not finished, or failed): the takeover then
     * recovers cold.
     */
    Future<Warm> handOff() {
        handedOff = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        Future<Void> settled = Future.succeededFuture();
        if (reading) {
            idle = Promise.promise();
            settled = idle.future();
        }
        return settled.map(v -> engine == null ? null : new Warm(engine, streams, position))
                .eventually(journal::close);
    }

    /** True once the journal was read and replayed (until handed off). */
    boolean ready() {
        return engine != null && !handedOff;
    }

    /** Stops following without handing anything off (the node stops). */
    Future<Void> close() {
        return handOff().mapEmpty();
    }
}
