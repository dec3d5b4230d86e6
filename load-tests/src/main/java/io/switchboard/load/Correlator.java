package io.switchboard.load;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins the two halves of a ticket's first routing, which may arrive in either order: the POST
 * answer (ticket id and whether it was routed at intake or queued) and the first offer or
 * assignment received by an agent (ticket id, the intended send time read back from the ticket,
 * arrival time). When both are known the latency goes to {@link Metrics.Kind#OFFER} (routed at
 * intake: an idle agent was found) or {@link Metrics.Kind#QUEUE_WAIT} (it waited in line).
 *
 * <p>Thread-safe; an entry lives only while one half is missing, so the map holds at most the
 * tickets in flight plus those waiting in the server's queues. A push whose POST never gets an
 * answer (an error) stays unmatched and is not counted.
 */
final class Correlator {
    private static final Object ROUTED = new Object();
    private static final Object QUEUED = new Object();

    private record Push(long intended, long arrived) {}

    private final ConcurrentHashMap<String, Object> halves = new ConcurrentHashMap<>();
    private final AtomicInteger awaitingPush = new AtomicInteger();
    private final Metrics metrics;

    Correlator(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The POST answer: {@code routed} when the ticket came back offered or assigned. */
    void created(String ticketId, boolean routed) {
        Object mine = routed ? ROUTED : QUEUED;
        Object other = exchange(ticketId, mine);
        if (other instanceof Push push) {
            record(routed, push);
        } else {
            awaitingPush.incrementAndGet();
        }
    }

    /** An agent received its first offer (or direct assignment) of this ticket. */
    void firstPush(String ticketId, long intended, long arrived) {
        Push mine = new Push(intended, arrived);
        Object other = exchange(ticketId, mine);
        if (other != null) {
            awaitingPush.decrementAndGet();
            record(other == ROUTED, mine);
        }
    }

    /** Tickets the server has answered for but no agent has received yet: in line, or a push in flight. */
    int awaitingPush() {
        return awaitingPush.get();
    }

    /** Stores {@code mine} if the other half is missing (returns null), else removes and returns the other half. */
    private Object exchange(String ticketId, Object mine) {
        Object[] other = new Object[1];
        halves.compute(ticketId, (id, existing) -> {
            if (existing == null) {
                return mine;
            }
            other[0] = existing;
            return null;
        });
        return other[0];
    }

    private void record(boolean routed, Push push) {
        metrics.record(routed ? Metrics.Kind.OFFER : Metrics.Kind.QUEUE_WAIT, push.intended(), push.arrived());
    }
}
