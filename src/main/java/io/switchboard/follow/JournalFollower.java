package io.switchboard.follow;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One side effect's view of the journal (webhooks, the mail outbox, WeChat replies): the batches
 * the engine hands over as they become durable, kept in a bounded buffer, and the journal itself
 * for whatever the buffer does not reach back to (catch-up after a start, or after a burst that
 * overflowed the buffer). The owner reads with {@link #read} from its own position, on its own
 * context, and is woken there when a batch arrives: no polling.
 *
 * <p>Hold-back: {@link #holdBack()} is the highest position the journal may compact for this
 * follower, the position its cursor is saved at ({@link CursorStore}); the owner raises it with
 * {@link #saved} once a save is durable. It is 0 until then, so nothing is compacted before the
 * cursor is loaded; {@link FollowerRegistry} gives the snapshot path the minimum over followers.
 *
 * <p>Gaps: a read the journal cannot serve fails (the owner retries), except on a journal that
 * keeps nothing ({@code gapsAllowed}, in-memory mode), where the read goes on from the oldest
 * buffered batch and the skipped positions are logged.
 *
 * <p>Threading: {@link #offer}, {@link #head}, {@link #holdBack} and {@link #saved} from any
 * thread; {@link #start}, {@link #read}, {@link #release} and {@link #keep} on the owner's context; {@link #reopen}
 * only while no owner runs.
 */
public final class JournalFollower {
    private static final Logger LOG = Logger.getLogger(JournalFollower.class.getName());
    /** Events buffered at most: seconds of peak traffic; beyond that the journal is the better buffer. */
    public static final int BUFFER_LIMIT = 50_000;

    /** The journal's {@code readAfter}: up to {@code max} events from {@code position + 1} on. */
    public interface JournalReader {
        Future<List<DomainEvent>> readAfter(long position, int max);
    }

    /** Events from position {@code first} on (empty: nothing after the position asked, yet). */
    public record Chunk(long first, List<DomainEvent> events) {
        public long last() {
            return first + events.size() - 1;
        }
    }

    private final String name;
    private final JournalReader journal;
    private final LongSupplier journalHead;
    private final boolean gapsAllowed;
    private final int bufferLimit;
    private final ConcurrentLinkedQueue<Chunk> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicLong head = new AtomicLong();
    private final ArrayDeque<Chunk> buffered = new ArrayDeque<>();
    private long bufferedEvents;
    private volatile Context context;
    private volatile Runnable wake;
    private volatile long holdBack;
    private volatile boolean closed;
    /** False while the owner has no reader: batches are not kept and the owner is not woken. */
    private volatile boolean keeping = true;

    /**
     * {@code journalHead}: the journal's position once it is open (read at {@link #start});
     * {@code gapsAllowed}: the journal keeps nothing to read again (in-memory mode).
     */
    public JournalFollower(String name, JournalReader journal, LongSupplier journalHead, boolean gapsAllowed) {
        this(name, journal, journalHead, gapsAllowed, BUFFER_LIMIT);
    }

    JournalFollower(String name, JournalReader journal, LongSupplier journalHead, boolean gapsAllowed,
            int bufferLimit) {
        this.name = name;
        this.journal = journal;
        this.journalHead = journalHead;
        this.gapsAllowed = gapsAllowed;
        this.bufferLimit = bufferLimit;
    }

    public String name() {
        return name;
    }

    /**
     * Starts handing batches to the owner: {@code wake} runs on {@code context} after batches
     * arrive (several may share one wake), and once now. Call once the journal is open.
     */
    public void start(Context context, Runnable wake) {
        head.accumulateAndGet(journalHead.getAsLong(), Math::max);
        this.wake = wake;
        this.context = context;
        schedule(context);
    }

    /**
     * A durable batch at {@code firstPosition}: called on the engine thread after the group
     * commit; returns at once (the list is kept, not copied). Batches offered before
     * {@link #start} are kept too.
     */
    public void offer(long firstPosition, List<DomainEvent> events) {
        if (events.isEmpty() || closed) {
            return;
        }
        Chunk batch = new Chunk(firstPosition, events);
        head.accumulateAndGet(batch.last(), Math::max); // first: a reader that starts now begins after it
        if (!keeping) {
            return;
        }
        inbox.add(batch);
        Context c = context;
        if (c != null) {
            schedule(c);
        }
    }

    private void schedule(Context c) {
        if (wakeScheduled.compareAndSet(false, true)) {
            c.runOnContext(v -> {
                wakeScheduled.set(false);
                if (!closed) {
                    take(); // keeps the buffer bounded while the owner is busy elsewhere
                    wake.run();
                }
            });
        }
    }

    /** The last durable position known (offered, or the journal's at start). */
    public long head() {
        return head.get();
    }

    /**
     * Up to {@code max} events after {@code after}: from the buffer when it reaches back to
     * {@code after + 1}, else from the journal. The chunk starts at {@code after + 1}, or later
     * only when {@code gapsAllowed} (logged).
     */
    public Future<Chunk> read(long after, int max) {
        take();
        List<DomainEvent> fromBuffer = buffered(after, max);
        if (!fromBuffer.isEmpty()) {
            return Future.succeededFuture(new Chunk(after + 1, fromBuffer));
        }
        if (after >= head()) {
            return Future.succeededFuture(new Chunk(after + 1, List.of()));
        }
        return onOwner(journal.readAfter(after, max)).map(events -> new Chunk(after + 1, events)).recover(failure -> {
            Chunk next = null;
            for (Chunk b : buffered) {
                if (b.first() > after + 1) {
                    next = b;
                    break;
                }
            }
            if (!gapsAllowed || next == null) {
                return Future.failedFuture(failure);
            }
            LOG.warning(name + ": journal positions " + (after + 1) + ".." + (next.first() - 1)
                    + " cannot be read again (" + failure.getMessage() + "); going on from " + next.first());
            return read(next.first() - 1, max);
        });
    }

    /**
     * Completes on the owner's context: a journal may answer on another (the Redis client answers
     * on the context its connection was made on, often the engine's).
     */
    private <T> Future<T> onOwner(Future<T> answer) {
        Context c = context;
        if (c == null) {
            return answer;
        }
        Promise<T> back = Promise.promise();
        answer.onComplete(result -> {
            if (Vertx.currentContext() == c) {
                back.handle(result);
            } else {
                c.runOnContext(v -> back.handle(result));
            }
        });
        return back.future();
    }

    /**
     * Up to {@code max} buffered events from {@code after + 1} on, contiguous; empty when the buffer
     * lacks {@code after + 1}. The buffer is walked from its nearer end: a slow reader (a failing
     * webhook endpoint) keeps it full, thousands of batches, while a healthy one reads a few new
     * batches at its tail many times a second; walking from the oldest made each such read cost
     * the whole buffer.
     */
    private List<DomainEvent> buffered(long after, int max) {
        List<DomainEvent> out = new ArrayList<>();
        long next = after + 1;
        for (Chunk b : fromNearerEnd(next)) {
            if (b.last() < next) {
                continue;
            }
            if (b.first() > next) {
                break; // a gap (dropped batches, or none offered yet): the journal serves it
            }
            int from = (int) (next - b.first());
            int to = (int) Math.min(b.events().size(), from + (long) (max - out.size()));
            out.addAll(b.events().subList(from, to));
            next += to - from;
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /** The buffered chunks that may hold {@code next} and later, oldest first, found from whichever end is nearer. */
    private Iterable<Chunk> fromNearerEnd(long next) {
        Chunk oldest = buffered.peekFirst();
        Chunk newest = buffered.peekLast();
        if (oldest == null || next - oldest.first() <= newest.last() - next) {
            return buffered;
        }
        ArrayDeque<Chunk> newer = new ArrayDeque<>();
        for (Iterator<Chunk> back = buffered.descendingIterator(); back.hasNext(); ) {
            Chunk b = back.next();
            if (b.last() < next) {
                break;
            }
            newer.addFirst(b);
        }
        return newer;
    }

    /** Forgets buffered events at or below {@code position}: the owner has read past them. */
    public void release(long position) {
        take();
        while (!buffered.isEmpty() && buffered.peekFirst().last() <= position) {
            bufferedEvents -= buffered.pollFirst().events().size();
        }
    }

    /** Moves what the engine offered into the buffer, dropping the oldest past the limit. */
    private void take() {
        Chunk batch;
        while ((batch = inbox.poll()) != null) {
            buffered.addLast(batch);
            bufferedEvents += batch.events().size();
        }
        while (bufferedEvents > bufferLimit && !buffered.isEmpty()) {
            bufferedEvents -= buffered.pollFirst().events().size();
        }
    }

    /**
     * Whether the owner has a reader now (webhooks: at least one subscription). While it has none,
     * an offered batch only moves {@link #head()}: it is not kept and the owner is not woken (no
     * wake-up of the owner's thread per batch for nothing). A reader that starts later begins at
     * {@link #head()} read after {@code keep(true)}, or reads what it needs from the journal.
     * {@code keep(false)} also forgets what is buffered (no reader will release it). On the owner's
     * context; true until told otherwise.
     */
    public void keep(boolean keep) {
        keeping = keep;
        if (!keep) {
            inbox.clear();
            buffered.clear();
            bufferedEvents = 0;
        }
    }

    /**
     * The owner stopped, or has nothing to do (no WeChat account to send with): batches are no
     * longer kept. The hold-back stays (a snapshot during shutdown must not pass the saved cursor).
     */
    public void close() {
        closed = true;
        inbox.clear();
    }

    /**
     * Ready for a new owner after {@link #close} (high availability: a node's side effects stop
     * when it steps down and start again, as new owners, when it leads again): nothing buffered,
     * and the hold-back 0 until the new owner has loaded and saved its cursor.
     */
    public void reopen() {
        holdBack = 0;
        inbox.clear();
        buffered.clear();
        bufferedEvents = 0;
        context = null;
        wake = null;
        closed = false;
    }

    /** The highest position the journal may compact for this follower (see the class comment). */
    public long holdBack() {
        return holdBack;
    }

    /**
     * The owner's cursor is durable at {@code position} (in a store that does not outlive the
     * process, pass {@link Long#MAX_VALUE}: such a follower holds nothing back).
     */
    public void saved(long position) {
        holdBack = position;
    }
}
