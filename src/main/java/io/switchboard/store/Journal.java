package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The durable, ordered record of every {@link DomainEvent} the engine applied. Event number
 * {@code n} (1-based) is the n-th event ever applied; a snapshot at position {@code p} stands for
 * events 1..p in compacted form.
 *
 * <p>Contract: {@link #open} once, then {@link #append} with at most one append in flight (the
 * group-commit writer guarantees this); an append's future completes only when its events are as
 * durable as the backend's policy promises ({@link #acknowledgement()}). A failed append may have
 * written a prefix; appending the same batch again must not duplicate it.
 */
public interface Journal {
    /** Reads the latest snapshot and the tail behind it, in order; prepares for appends. */
    Future<List<DomainEvent>> open();

    /**
     * Opens for appends after a caller replayed events 1..{@code position} itself (a warm standby
     * that followed the journal): returns only the events after {@code position}, in order. Fails,
     * having opened nothing, when this backend cannot (the default) or when those events were
     * compacted into a snapshot meanwhile; the caller then uses {@link #open}.
     */
    default Future<List<DomainEvent>> openAfter(long position) {
        return Future.failedFuture(new UnsupportedOperationException(getClass().getSimpleName()
                + " opens only from the start"));
    }

    Future<Void> append(List<DomainEvent> events);

    /**
     * Compacts what was journaled up to at most {@code limit} (the position the history store has
     * committed: nothing it has not confirmed is compacted away) into a snapshot and drops the
     * journal behind it; archived tickets leave the snapshots ({@link Compaction}). Runs beside
     * appends; the future completes when the snapshot is durable. A backend may stop short of the
     * limit (the file journal compacts whole segments).
     */
    Future<Void> snapshot(long limit);

    /** A snapshot of everything journaled so far (no history store holds anything back). */
    default Future<Void> snapshot() {
        return snapshot(Long.MAX_VALUE);
    }

    /**
     * Up to {@code max} journaled events after {@code position}, in order (the first has position
     * {@code position + 1}): how a follower that fell behind (the history projection after an
     * outage or a crash) catches up. Fails with {@link JournalCorruptException} when those events
     * were already compacted into a snapshot, which {@link #snapshot(long)}'s limit prevents for
     * the history store. Runs beside appends.
     */
    Future<List<DomainEvent>> readAfter(long position, int max);

    /** Number of events journaled so far (the position of the last one). */
    long position();

    /** What "acknowledged" means for this backend and policy, in one sentence (logged at start). */
    String acknowledgement();

    /** False while the backing store cannot be written (readiness and fail-closed intake use it). */
    boolean writable();

    Future<Void> close();

    /** False for the in-memory journal: outcomes are then released at once. */
    default boolean durable() {
        return true;
    }
}
