package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Projects durable journal batches into the {@link HistoryStore}, off the engine thread.
 *
 * <p>How: the engine thread hands each durable batch to {@link #offer}, which only appends it to
 * an in-memory buffer and wakes the projection's own thread ({@code switchboard-history}). That
 * thread drains what piled up, merges contiguous batches (up to {@code maxBatchEvents}) and writes
 * them in position order, one store transaction each. The store skips positions it already has,
 * so overlaps (catch-up racing new batches, a retried write that had committed) are harmless.
 *
 * <p>Faults: a failed write is retried with capped exponential backoff; routing never waits. The
 * buffer is bounded ({@code bufferLimitEvents}); past the bound it is dropped whole and the
 * thread later reads the missing positions back through the {@link JournalTail}, which it also
 * does at {@link #start} for everything after the store's committed position (catch-up after a
 * crash or an outage). The journal keeps what the store has not confirmed, so nothing is lost;
 * {@link #committedPosition()} tells the engine how far it may forget.
 *
 * <p>Trade-off: one writer thread and one transaction per drained chunk favours throughput under
 * load (large chunks) while idle latency stays one transaction. While busy (the last
 * transaction carried at least {@value #LINGER_ABOVE_EVENTS} events) the thread starts a
 * transaction at most every {@code lingerMillis} (unless a full chunk is waiting): a transaction
 * has a fixed cost of a dozen statements whatever its size, so chunks of a tenth of a second cost
 * a fraction of the CPU of the small chunks that pile up during one transaction
 * (docs/BENCHMARKS.md, branch {@code hist-cpu}). Light traffic (and an idle spell) is written at
 * once, as before: what waits on the store's position (snapshots, a read of a just-archived
 * ticket) waits no longer then.
 *
 * <p>Threading: {@link #offer} is for one producer (the engine thread) and never blocks on I/O
 * (the lock guards O(1) deque operations only); the getters are safe from any thread.
 */
public final class HistoryProjection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryProjection.class.getName());
    private static final int MAX_MARKS = 4096;
    /** A transaction this large means the stream is steady: the next one lingers. */
    static final int LINGER_ABOVE_EVENTS = 100;

    /** Health of the projection, as {@code /health/ready} shows it. */
    public enum Status {
        /** Caught up within {@code laggingAfterMillis}. */
        OK,
        /** The store answers but the projection is behind (catching up, or a burst). */
        LAGGING,
        /** The store (or the journal tail during catch-up) failed its last attempt; retrying. */
        DOWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Tunables. {@code bufferLimitEvents}: events held in memory before the buffer is dropped;
     * {@code maxBatchEvents}: events per store transaction and per tail read; backoff bounds in
     * millis; {@code laggingAfterMillis}: lag above which {@link Status#LAGGING} is reported;
     * {@code lingerMillis}: while busy, the least time from one transaction's start to the next
     * one's while less than a chunk waits (0: write whatever is there at once).
     */
    public record Options(int bufferLimitEvents, int maxBatchEvents, long minBackoffMillis, long maxBackoffMillis,
            long laggingAfterMillis, long tailTimeoutMillis, long lingerMillis) {
        /**
         * 50k events is seconds of peak traffic; beyond that the journal is the better buffer. 100 ms
         * of linger is 500 tickets at 5k/s (about 4,000 events, under a chunk) and far below the lag
         * that reads as lagging.
         */
        public static final Options DEFAULTS = new Options(50_000, 5_000, 100, 5_000, 5_000, 30_000, 100);

        /** Without linger: each drain is written at once. */
        public Options(int bufferLimitEvents, int maxBatchEvents, long minBackoffMillis, long maxBackoffMillis,
                long laggingAfterMillis, long tailTimeoutMillis) {
            this(bufferLimitEvents, maxBatchEvents, minBackoffMillis, maxBackoffMillis, laggingAfterMillis,
                    tailTimeoutMillis, 0);
        }
    }

    private record Batch(long first, List<DomainEvent> events) {
        long last() {
            return first + events.size() - 1;
        }
    }

    private final HistoryStore store;
    private final JournalTail tail;
    private final LongSupplier clock;
    private final Options options;
    private final Thread worker;

    private final Object lock = new Object();
    // guarded by lock
    private ArrayDeque<Batch> buffer = new ArrayDeque<>();
    private long bufferedEvents;
    private final ArrayDeque<long[]> marks = new ArrayDeque<>(); // {last position, offered at millis}

    private volatile long head;
    private volatile long committed;
    private volatile boolean down = true;
    private volatile boolean closed;
    private volatile long catchUpSince;
    private volatile long droppedBuffers;
    /** System.nanoTime() when the last transaction started (0: none yet); the projection thread's. */
    private long lastWriteNanos;
    /** Events the last transaction carried; the projection thread's. */
    private int lastWriteEvents;

    /**
     * @param clock epoch millis, for the lag in seconds (the engine's clock in production)
     */
    public HistoryProjection(HistoryStore store, JournalTail tail, LongSupplier clock, Options options) {
        this.store = store;
        this.tail = tail;
        this.clock = clock;
        this.options = options;
        this.worker = new Thread(this::run, "switchboard-history");
        this.worker.setDaemon(true);
    }

    /** Starts the projection thread: it reads the committed position, then catches up from the tail. */
    public void start() {
        worker.start();
    }

    /**
     * A durable batch: {@code events} are journaled at {@code firstPosition} (1-based) and the
     * following positions. Called on the engine thread after the group commit; returns at once.
     * The list is kept, not copied: the caller must not change it afterwards. Batches may be
     * offered before {@link #start}, and may overlap or skip ahead (the gap is read from the tail).
     *
     * @throws IllegalArgumentException for a position below 1
     */
    public void offer(long firstPosition, List<DomainEvent> events) {
        if (firstPosition < 1) {
            throw new IllegalArgumentException("journal positions start at 1, not " + firstPosition);
        }
        if (events.isEmpty()) {
            return;
        }
        Batch batch = new Batch(firstPosition, events);
        long now = clock.getAsLong();
        synchronized (lock) {
            if (bufferedEvents + events.size() > options.bufferLimitEvents()) {
                // The store is not keeping up (down or full): forget the buffer, not the events;
                // they are in the journal and the worker reads them back through the tail.
                buffer = new ArrayDeque<>();
                bufferedEvents = 0;
                droppedBuffers++;
            } else {
                buffer.addLast(batch);
                bufferedEvents += events.size();
            }
            if (marks.size() < MAX_MARKS) {
                marks.addLast(new long[] {batch.last(), now});
            } else {
                marks.peekLast()[0] = batch.last(); // keeps the oldest times, which set the lag
            }
            if (batch.last() > head) {
                head = batch.last();
            }
        }
        LockSupport.unpark(worker);
    }

    /** The highest position offered so far (durable in the journal); the store catches up to it. */
    public long offeredPosition() {
        return head;
    }

    /** The highest position the store has committed: everything at or below it is in the store. */
    public long committedPosition() {
        return committed;
    }

    /** Durable events not yet in the store (as far as the projection knows). */
    public long lagEvents() {
        return Math.max(0, head - committed);
    }

    /** How long the oldest event not yet in the store has waited, in seconds; 0 when caught up. */
    public double lagSeconds() {
        long c = committed;
        if (head <= c) {
            return 0;
        }
        long since;
        synchronized (lock) {
            while (!marks.isEmpty() && marks.peekFirst()[0] <= c) {
                marks.pollFirst();
            }
            since = marks.isEmpty() ? catchUpSince : marks.peekFirst()[1];
        }
        return since == 0 ? 0 : Math.max(0, clock.getAsLong() - since) / 1000.0;
    }

    /** {@link Status#DOWN} also before the thread first reached the store after {@link #start}. */
    public Status status() {
        if (down) {
            return Status.DOWN;
        }
        return lagSeconds() * 1000 >= options.laggingAfterMillis() ? Status.LAGGING : Status.OK;
    }

    /** Times the buffer was dropped because the store fell too far behind (each one a tail catch-up). */
    public long droppedBuffers() {
        return droppedBuffers;
    }

    /**
     * Stops the thread after its current attempt (waits up to 10 s). Batches not yet written stay
     * in the journal; the next start reads them back. Does not close the store: its owner does,
     * after this.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(worker);
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the projection thread

    private void run() {
        try {
            loadCommitted();
            catchUp(Long.MAX_VALUE);
            while (!closed) {
                linger();
                List<Batch> work = drain();
                if (work.isEmpty()) {
                    if (head > committed) {
                        catchUp(head); // the buffer was dropped: read the gap back
                    } else {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(500));
                    }
                    continue;
                }
                for (Batch batch : merge(work)) {
                    if (closed) {
                        return;
                    }
                    if (batch.last() <= committed) {
                        continue;
                    }
                    if (batch.first() > committed + 1) {
                        catchUp(batch.first() - 1);
                    }
                    write(batch);
                }
            }
        } catch (RuntimeException | Error e) {
            down = true;
            LOG.log(Level.SEVERE, "history projection stopped: " + e, e);
        }
    }

    /**
     * After a transaction of at least {@value #LINGER_ABOVE_EVENTS} events, waits until
     * {@code lingerMillis} after its start, unless a chunk's worth is buffered or the projection
     * closes ({@link #offer} wakes the thread; the loop looks again).
     */
    private void linger() {
        if (options.lingerMillis() <= 0 || lastWriteNanos == 0 || lastWriteEvents < LINGER_ABOVE_EVENTS) {
            return;
        }
        long until = lastWriteNanos + TimeUnit.MILLISECONDS.toNanos(options.lingerMillis());
        while (!closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            synchronized (lock) {
                if (bufferedEvents >= options.maxBatchEvents()) {
                    return;
                }
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Takes batches from the front of the buffer, about maxBatchEvents worth (at least one), so
     * that what this thread holds while retrying stays small: memory is bounded by
     * bufferLimitEvents plus one chunk.
     */
    private List<Batch> drain() {
        synchronized (lock) {
            List<Batch> out = new ArrayList<>();
            int taken = 0;
            while (!buffer.isEmpty() && (out.isEmpty() || taken + buffer.peekFirst().events().size()
                    <= options.maxBatchEvents())) {
                Batch b = buffer.pollFirst();
                taken += b.events().size();
                bufferedEvents -= b.events().size();
                out.add(b);
            }
            return out;
        }
    }

    /** Joins contiguous batches into chunks of at most maxBatchEvents (a larger single batch stays whole). */
    private List<Batch> merge(List<Batch> work) {
        List<Batch> out = new ArrayList<>();
        long first = -1;
        List<DomainEvent> events = new ArrayList<>();
        for (Batch b : work) {
            boolean contiguous = first >= 0 && first + events.size() == b.first();
            if (!contiguous || events.size() + b.events().size() > options.maxBatchEvents()) {
                if (first >= 0) {
                    out.add(new Batch(first, events));
                }
                first = b.first();
                events = new ArrayList<>();
            }
            events.addAll(b.events());
        }
        if (first >= 0) {
            out.add(new Batch(first, events));
        }
        return out;
    }

    private void loadCommitted() {
        long backoff = options.minBackoffMillis();
        while (!closed) {
            try {
                committed = store.committedPosition();
                raiseHead(committed);
                recovered();
                return;
            } catch (HistoryUnavailableException e) {
                backoff = failed("read the committed position of " + store.describe(), e, backoff);
            }
        }
    }

    /** Reads positions committed+1.. from the journal and writes them, until {@code upTo} or the tail's end. */
    private void catchUp(long upTo) {
        catchUpSince = clock.getAsLong();
        try {
            long backoff = options.minBackoffMillis();
            while (!closed && committed < upTo) {
                List<DomainEvent> chunk;
                try {
                    chunk = tail.after(committed, options.maxBatchEvents()).toCompletionStage().toCompletableFuture()
                            .get(options.tailTimeoutMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    backoff = failed("read the journal after position " + committed, e, backoff);
                    continue;
                }
                if (chunk.isEmpty()) {
                    return; // the journal has nothing more; newer batches come through offer()
                }
                Batch batch = new Batch(committed + 1, chunk);
                raiseHead(batch.last());
                write(batch);
                backoff = options.minBackoffMillis();
            }
        } finally {
            catchUpSince = 0;
        }
    }

    /** Writes one batch, retrying until it commits or the projection closes. */
    private void write(Batch batch) {
        long backoff = options.minBackoffMillis();
        while (!closed) {
            try {
                lastWriteNanos = System.nanoTime();
                lastWriteEvents = batch.events().size();
                store.write(batch.first(), batch.events());
                committed = Math.max(committed, batch.last());
                recovered();
                return;
            } catch (IllegalArgumentException e) {
                // The store is behind what this thread believed (restored from an older backup?):
                // re-read its position; the caller's loop reads the gap back from the journal.
                LOG.warning("history store " + store.describe() + ": " + e.getMessage() + "; catching up from the journal");
                loadCommitted();
                catchUp(batch.first() - 1);
            } catch (HistoryUnavailableException e) {
                backoff = failed("write positions " + batch.first() + ".." + batch.last(), e, backoff);
            }
        }
    }

    /** head only grows; the engine thread raises it too, hence the lock. */
    private void raiseHead(long position) {
        synchronized (lock) {
            if (position > head) {
                head = position;
            }
        }
    }

    private void recovered() {
        if (down) {
            down = false;
            LOG.info("history store " + store.describe() + " is writable; committed position " + committed);
        }
    }

    /** Marks the projection down (logging the first failure of an outage), waits, returns the next backoff. */
    private long failed(String what, Exception e, long backoff) {
        if (!down) {
            LOG.warning("history projection could not " + what + " (" + e.getMessage() + "); retrying every "
                    + options.minBackoffMillis() + ".." + options.maxBackoffMillis() + " ms, routing goes on");
        }
        down = true;
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoff));
        return Math.min(options.maxBackoffMillis(), backoff * 2);
    }
}
