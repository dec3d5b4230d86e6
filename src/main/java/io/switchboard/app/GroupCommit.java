package io.switchboard.app;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.store.FencedOutException;
import io.switchboard.store.Journal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit on the engine's context: the events of every command run in one event-loop turn go
 * to the journal as one batch, with at most one batch in flight, and each command's reply (and its
 * pushes and notifications) is released only once its events are durable. A failed batch is
 * retried, in order, before anything newer; nothing behind it is released meanwhile.
 * A snapshot is asked for every {@code snapshotEvents} events or {@code snapshotMillis}.
 *
 * <p>A batch refused by fencing (another node took the lease: {@link FencedOutException}) is not
 * retried: this writer closes, every waiting command's refusal runs (nothing of theirs was
 * acknowledged), and {@link #onFencedOut} is told once.
 *
 * <p>Threading: engine context only.
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 2_000;

    private final Vertx vertx;
    private final Context context;
    private final Journal journal;
    private final long snapshotEvents;
    private final long snapshotMillis;
    private final Meter meter;
    private List<DomainEvent> batch = new ArrayList<>();
    private List<Runnable> waiting = new ArrayList<>();
    /** What to run instead of each waiting action if its batch is fenced out (same order as waiting). */
    private List<Runnable> refusals = new ArrayList<>();
    private Runnable fencedOut = () -> { };
    private boolean inFlight;
    private boolean flushScheduled;
    private boolean snapshotting;
    private long sinceSnapshot;
    private long lastSnapshot = System.currentTimeMillis();
    private boolean closed;
    private long snapshotTimer = -1;
    /** Set by {@link #drain}: completed once nothing is in flight, waiting or snapshotting. */
    private Promise<Void> drained;

    /** What the metrics see of the journal: each durable batch's append time, and each failed attempt. */
    interface Meter {
        void appended(long nanos);

        void failed();
    }

    /**
     * Who follows the journal in-process (the history projection): each durable batch, in order,
     * with the journal position of its first event; called on the engine context before the
     * batch's replies are released, so it must only hand the batch over.
     */
    interface Follower {
        Follower NONE = (first, events) -> { };

        void durable(long firstPosition, List<DomainEvent> events);
    }

    private final Follower follower;
    private final java.util.function.LongSupplier snapshotLimit;
    /** Positions for a journal that is not durable (memory mode), where batches skip the journal. */
    private long memoryPosition;

    GroupCommit(Vertx vertx, Journal journal, long snapshotEvents, long snapshotMillis, Meter meter) {
        this(vertx, journal, snapshotEvents, snapshotMillis, meter, Follower.NONE, () -> Long.MAX_VALUE);
    }

    /**
     * {@code snapshotLimit}: the highest position a snapshot may compact (what the history store
     * has committed), read on the engine context at each snapshot.
     */
    GroupCommit(Vertx vertx, Journal journal, long snapshotEvents, long snapshotMillis, Meter meter,
            Follower follower, java.util.function.LongSupplier snapshotLimit) {
        this.follower = follower;
        this.snapshotLimit = snapshotLimit;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.journal = journal;
        this.snapshotEvents = snapshotEvents;
        this.snapshotMillis = snapshotMillis;
        this.meter = meter;
        if (snapshotMillis > 0) {
            snapshotTimer = vertx.setPeriodic(Math.max(1_000, snapshotMillis / 4), id -> maybeSnapshot());
        }
    }

    /** Journals {@code events} after everything submitted before; runs {@code then} once they are durable. */
    void submit(List<DomainEvent> events, Runnable then) {
        submit(events, then, () -> { });
    }

    /** Runs once, on the engine context, when a batch is refused by fencing (see the class comment). */
    void onFencedOut(Runnable action) {
        this.fencedOut = action;
    }

    /** As above; {@code refused} runs instead of {@code then} if the journal refuses the batch by fencing. */
    void submit(List<DomainEvent> events, Runnable then, Runnable refused) {
        if (closed) {
            refused.run();
            return;
        }
        if (!journal.durable()) {
            if (!events.isEmpty()) {
                follower.durable(memoryPosition + 1, events);
                memoryPosition += events.size();
            }
            then.run();
            return;
        }
        if (events.isEmpty() && batch.isEmpty() && !inFlight) {
            then.run();
            return;
        }
        batch.addAll(events);
        waiting.add(then);
        refusals.add(refused);
        if (!inFlight && !flushScheduled) {
            // runs after the messages already queued on this event loop: they join the batch
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
    }

    /**
     * A graceful stop: what was submitted is still written (the batch in flight, then what waits,
     * each released as usual), no snapshot starts; the future completes once nothing is in flight,
     * waiting or snapshotting, and this writer is then closed. A journal that keeps failing keeps
     * this from completing: the owner bounds the wait and closes.
     */
    Future<Void> drain() {
        if (drained == null) {
            drained = Promise.promise();
        }
        settle();
        return drained.future();
    }

    private void settle() {
        if (drained != null && !inFlight && !flushScheduled && !snapshotting && waiting.isEmpty()) {
            close();
            drained.tryComplete();
        }
    }

    /** Shutting down: nothing more is written; unfinished work stays unacknowledged. */
    void close() {
        closed = true;
        if (snapshotTimer >= 0) {
            vertx.cancelTimer(snapshotTimer);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (closed || inFlight || waiting.isEmpty()) {
            settle();
            return;
        }
        List<DomainEvent> events = batch;
        List<Runnable> released = waiting;
        List<Runnable> refused = refusals;
        batch = new ArrayList<>();
        waiting = new ArrayList<>();
        refusals = new ArrayList<>();
        inFlight = true;
        write(events, released, refused, FIRST_RETRY_MILLIS);
    }

    private void write(List<DomainEvent> events, List<Runnable> released, List<Runnable> refused, long retryMillis) {
        if (events.isEmpty()) {
            finish(events, released);
            return;
        }
        long started = System.nanoTime();
        journal.append(events).onComplete(result -> {
            if (result.succeeded()) {
                meter.appended(System.nanoTime() - started);
                finish(events, released);
            } else if (FencedOutException.is(result.cause())) {
                fenced(refused, result.cause());
            } else if (!closed) {
                meter.failed();
                LOG.log(Level.WARNING, "journal append of " + events.size() + " events failed, retrying in "
                        + retryMillis + " ms: " + result.cause());
                vertx.setTimer(retryMillis, id -> write(events, released, refused, nextRetryMillis(retryMillis)));
            }
        });
    }

    /** Nothing in flight or waiting is acknowledged: the owner is told (once), then each is refused. */
    private void fenced(List<Runnable> inFlightRefusals, Throwable cause) {
        boolean first = !closed;
        close();
        inFlight = false;
        List<Runnable> all = new ArrayList<>(inFlightRefusals);
        all.addAll(refusals);
        batch = new ArrayList<>();
        waiting = new ArrayList<>();
        refusals = new ArrayList<>();
        if (first) {
            LOG.severe("the journal refused a batch by fencing (" + cause.getMessage() + "): another node owns the"
                    + " engine; " + all.size() + " waiting commands refused, none acknowledged");
            fencedOut.run();
        }
        for (Runnable refusal : all) {
            try {
                refusal.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "refusing a fenced-out command failed", e);
            }
        }
        settle();
    }

    /** Backoff between attempts at the same batch: doubling from 100 ms, capped at 2 s. */
    static long nextRetryMillis(long retryMillis) {
        return Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
    }

    private void finish(List<DomainEvent> events, List<Runnable> released) {
        inFlight = false;
        sinceSnapshot += events.size();
        if (!events.isEmpty()) {
            try {
                follower.durable(journal.position() - events.size() + 1, events);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "the journal follower failed on a durable batch", e);
            }
        }
        for (Runnable then : released) {
            try {
                then.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "delivering a durable outcome failed", e);
            }
        }
        flush();
        maybeSnapshot();
        settle();
    }

    private void maybeSnapshot() {
        if (closed || drained != null || snapshotting || sinceSnapshot == 0 || !journal.writable()) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean due = (snapshotEvents > 0 && sinceSnapshot >= snapshotEvents)
                || (snapshotMillis > 0 && now - lastSnapshot >= snapshotMillis);
        if (!due) {
            return;
        }
        snapshotting = true;
        sinceSnapshot = 0;
        lastSnapshot = now;
        journal.snapshot(snapshotLimit.getAsLong()).onComplete(result -> {
            snapshotting = false;
            if (result.failed()) {
                LOG.log(Level.WARNING, "snapshot failed; the journal is intact and the next one will retry",
                        result.cause());
            }
            settle();
        });
    }
}
