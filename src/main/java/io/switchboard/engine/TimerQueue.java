package io.switchboard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

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

    private PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long seq;
    /** While replaying: the latest timer per subject, heaped once at the end. */
    private Map<Subject, Timer> replaying;

    public void schedule(long due, Kind kind, String ref, long token) {
        Timer timer = new Timer(due, seq++, kind, ref, token);
        if (replaying != null) {
            replaying.put(new Subject(kind, ref), timer);
        } else {
            heap.add(timer);
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
        List<Timer> all = new ArrayList<>(heap);
        all.addAll(replaying.values());
        replaying = null;
        heap = new PriorityQueue<>(all);
    }

    /**
     * Drops every timer {@code live} refuses, in O(n): used to shed the timers of archived
     * tickets, which would otherwise stay in the heap (and in memory) until their due time.
     */
    void retain(java.util.function.Predicate<Timer> live) {
        if (replaying != null) {
            replaying.values().removeIf(live.negate());
        }
        List<Timer> kept = new ArrayList<>(heap.size());
        for (Timer timer : heap) {
            if (live.test(timer)) {
                kept.add(timer);
            }
        }
        heap = new PriorityQueue<>(kept);
    }

    /** The next timer due at or before {@code now}, removed; null if none. */
    public Timer pollDue(long now) {
        Timer head = heap.peek();
        if (head == null || head.due > now) {
            return null;
        }
        return heap.poll();
    }

    /** Epoch millis of the earliest timer, or {@code Long.MAX_VALUE}. */
    public long nextDue() {
        Timer head = heap.peek();
        return head == null ? Long.MAX_VALUE : head.due;
    }

    public int size() {
        return heap.size();
    }
}
