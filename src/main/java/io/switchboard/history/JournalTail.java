package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Reads durable events back from the journal, for the projection's catch-up (after a start, a
 * crash, or a dropped buffer during a store outage).
 *
 * <p>Contract: {@code after(p, max)} completes with the events at positions {@code p + 1},
 * {@code p + 2}, ... (at most {@code max}, at least one when the journal holds position
 * {@code p + 1}), in order and without gaps; an empty list means the journal holds nothing after
 * {@code p} (yet). It fails when the journal cannot be read, or when it no longer holds
 * {@code p + 1} (compacted away: the store missed events for good; the projection reports it and
 * stays down rather than skip them silently). It may be called from any thread; it must not block
 * the caller's thread until done (the projection waits on the future from its own thread).
 */
public interface JournalTail {
    Future<List<DomainEvent>> after(long position, int max);

    /** A tail with nothing in it: for tests and for a store that starts with the journal's start. */
    JournalTail EMPTY = (position, max) -> Future.succeededFuture(List.of());
}
