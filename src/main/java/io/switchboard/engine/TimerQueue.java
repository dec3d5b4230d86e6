package io.switchboard.engine;

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
        SLA_WAKE, HANDOFF, PENDING_REMINDER, IDLE, AUTO_CLOSE
    }

    /** A deadline: {@code ref} names the ticket, agent, offer or key; {@code token} what armed it. */
    public record Timer(long due, long seq, Kind kind, String ref, long token) {}

    private final PriorityQueue<Timer> heap = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;

    public void schedule(long due, Kind kind, String ref, long token) {
        heap.add(new Timer(due, seq++, kind, ref, token));
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
