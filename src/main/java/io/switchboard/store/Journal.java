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

    Future<Void> append(List<DomainEvent> events);

    /**
     * Compacts everything up to the current position into a new snapshot and drops the journal
     * behind it. Runs beside appends; the future completes when the snapshot is durable.
     */
    Future<Void> snapshot();

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
