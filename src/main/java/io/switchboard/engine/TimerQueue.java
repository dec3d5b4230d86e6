package io.switchboard.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every engine deadline in one heap, driven by one host timer: no timer per ticket. Timers are
 * never cancelled; when one fires the engine checks it still applies (the offer is still open,
 * the ticket still on the same overflow step, ...), which keeps scheduling O(log n) and
 * cancellation free. Public so the deadline benchmark can drive it on its own.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
public final class TimerQueue {
    /** What a timer is for; the engine dispatches on it when the timer fires. */
    public enum Kind {
        OFFER_EXPIRY, OVERFLOW, PREFERRED_WINDOW, GRACE, IDEMPOTENCY_EXPIRY,
        SLA_WAKE, HANDOFF, PENDING_REMINDER, IDLE, AUTO_CLOSE, ARCHIVE,
        // appended (the order of kinds orders same-due timers, so it never changes):
        FOLLOW_UP, EXCLUSION_EXPIRY, UNROUTABLE
    }

    /**
     * A deadline: {@code ref} names the ticket, agent, offer or key; {@code token} what armed it.
     * Timers due at the same millisecond fire in an order given by what they are (kind, then ref
     * with shorter ids first, so {@code tkt_9} before {@code tkt_10}, then token), never by when they
     * were armed: a replayed or compacted journal arms them in another order than the live engine
     * did, and a restarted engine must decide exactly what the live one would have.
     */
    public record Timer(long due, long seq, Kind kind, String ref, long token) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            if (due != other.due) {
                return Long.compare(due, other.due);
            }
            if (kind != other.kind) {
                return kind.compareTo(other.kind);
            }
            if (ref.length() != other.ref.length()) {
                return Integer.compare(ref.length(), other.ref.length());
            }
            int byRef = ref.compareTo(other.ref);
            if (byRef != 0) {
                return byRef;
            }
            return token != other.token ? Long.compare(token, other.token) : Long.compare(seq, other.seq);
        }
    }

    private record Subject(Kind kind, String ref) {}

    private static final Kind[] KINDS = Kind.values();
    private static final int FIRST_CAPACITY = 64;

    /*
     * The heap, in parallel arrays (slot 0 the earliest): no object per timer. The engine keeps a
     * few timers per ticket for days (idle checks, auto-close, archive), and a Timer object with its
     * ref string per timer kept every young GC copying them; six arrays are six objects however
     * many timers they hold, and once large they are allocated in the old generation (humongous).
     * A ref that is the engine's own ticket id ("tkt_" and digits) is kept as its number; any other
     * ref as its string.
     */
    private long[] dues = new long[FIRST_CAPACITY];
    private long[] seqs = new long[FIRST_CAPACITY];
    private long[] tokens = new long[FIRST_CAPACITY];
    private byte[] kinds = new byte[FIRST_CAPACITY];
    /** The ticket number of a ticket-id ref, or -1 when the ref is in {@link #refs}. */
    private long[] ticketRefs = new long[FIRST_CAPACITY];
    private String[] refs = new String[FIRST_CAPACITY];
    private int size;
    private long seq;
    /** While replaying: the latest timer per subject, heaped once at the end. */
    private Map<Subject, Timer> replaying;

    public void schedule(long due, Kind kind, String ref, long token) {
        long timerSeq = seq++;
        if (replaying != null) {
            replaying.put(new Subject(kind, ref), new Timer(due, timerSeq, kind, ref, token));
        } else {
            append(due, timerSeq, kind, ref, token);
            siftUp(size - 1);
        }
    }

    /**
     * Replay mode: a journal re-arms every timer its history ever armed, almost all long
     * superseded. Each subject (a ticket's SLA wake-up, an offer's expiry, an agent's grace, ...)
     * has one current deadline, and every handler ignores a timer whose token is not the current
     * one, so only the latest timer per kind and subject can still fire. Replay keeps just those
     * and builds the heap once at {@link #endReplay()}: O(n) instead of O(n log n) plus a
     * backlog of dead timers to pop.
     */
    void beginReplay() {
        replaying = new HashMap<>();
    }

    void endReplay() {
        Map<Subject, Timer> replayed = replaying;
        replaying = null;
        for (Timer timer : replayed.values()) {
            append(timer.due(), timer.seq(), timer.kind(), timer.ref(), timer.token());
        }
        heapify();
    }

    /**
     * Drops every timer {@code live} refuses, in O(n): used to shed the timers of archived
     * tickets, which would otherwise stay in the heap (and in memory) until their due time.
     */
    void retain(java.util.function.Predicate<Timer> live) {
        if (replaying != null) {
            replaying.values().removeIf(live.negate());
        }
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (live.test(timerAt(i))) {
                move(i, kept++);
            }
        }
        Arrays.fill(refs, kept, size, null);
        size = kept;
        heapify();
    }

    /** The next timer due at or before {@code now}, removed; null if none. */
    public Timer pollDue(long now) {
        if (size == 0 || dues[0] > now) {
            return null;
        }
        Timer head = timerAt(0);
        size--;
        if (size > 0) {
            move(size, 0);
            siftDown(0);
        }
        refs[size] = null;
        return head;
    }

    /** Epoch millis of the earliest timer, or {@code Long.MAX_VALUE}. */
    public long nextDue() {
        return size == 0 ? Long.MAX_VALUE : dues[0];
    }

    public int size() {
        return size;
    }

    private void append(long due, long timerSeq, Kind kind, String ref, long token) {
        if (size == dues.length) {
            int capacity = size * 2;
            dues = Arrays.copyOf(dues, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            tokens = Arrays.copyOf(tokens, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            ticketRefs = Arrays.copyOf(ticketRefs, capacity);
            refs = Arrays.copyOf(refs, capacity);
        }
        long ticket = Ids.mintedTicketSeq(ref);
        dues[size] = due;
        seqs[size] = timerSeq;
        tokens[size] = token;
        kinds[size] = (byte) kind.ordinal();
        ticketRefs[size] = ticket;
        refs[size] = ticket >= 0 ? null : ref;
        size++;
    }

    private Timer timerAt(int i) {
        return new Timer(dues[i], seqs[i], KINDS[kinds[i]], refAt(i), tokens[i]);
    }

    private String refAt(int i) {
        return refs[i] != null ? refs[i] : Ids.ticket(ticketRefs[i]);
    }

    private void move(int from, int to) {
        dues[to] = dues[from];
        seqs[to] = seqs[from];
        tokens[to] = tokens[from];
        kinds[to] = kinds[from];
        ticketRefs[to] = ticketRefs[from];
        refs[to] = refs[from];
    }

    private void swap(int a, int b) {
        long due = dues[a];
        long timerSeq = seqs[a];
        long token = tokens[a];
        byte kind = kinds[a];
        long ticket = ticketRefs[a];
        String ref = refs[a];
        move(b, a);
        dues[b] = due;
        seqs[b] = timerSeq;
        tokens[b] = token;
        kinds[b] = kind;
        ticketRefs[b] = ticket;
        refs[b] = ref;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(i, parent) >= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && compare(left + 1, left) < 0 ? left + 1 : left;
            if (compare(child, i) >= 0) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private void heapify() {
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** {@link Timer#compareTo} on two slots, without making either timer or its ref. */
    private int compare(int a, int b) {
        if (dues[a] != dues[b]) {
            return Long.compare(dues[a], dues[b]);
        }
        if (kinds[a] != kinds[b]) {
            return Integer.compare(kinds[a], kinds[b]);
        }
        int byRef;
        if (refs[a] == null && refs[b] == null) {
            // both "tkt_" and digits without leading zeros: the strings' order (shorter first, then
            // lexical) is the numbers' order, since more digits always means a larger number
            byRef = Long.compare(ticketRefs[a], ticketRefs[b]);
        } else {
            String x = refAt(a);
            String y = refAt(b);
            byRef = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (byRef != 0) {
            return byRef;
        }
        return tokens[a] != tokens[b] ? Long.compare(tokens[a], tokens[b]) : Long.compare(seqs[a], seqs[b]);
    }
}
