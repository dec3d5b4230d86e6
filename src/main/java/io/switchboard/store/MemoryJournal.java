package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import java.util.List;

/** No journal at all: state lives only in memory (benchmark baseline, throwaway trials). */
public final class MemoryJournal implements Journal {
    private long position;

    @Override
    public Future<List<DomainEvent>> open() {
        return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> append(List<DomainEvent> events) {
        position += events.size();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> snapshot(long limit) {
        return Future.succeededFuture();
    }

    /** Nothing is kept: a follower of the in-memory journal gets each batch as it happens, or nothing. */
    @Override
    public Future<List<DomainEvent>> readAfter(long after, int max) {
        return after >= position ? Future.succeededFuture(List.of())
                : Future.failedFuture(new JournalCorruptException("the in-memory journal keeps no events to read again"));
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public String acknowledgement() {
        return "in-memory mode: acknowledged at once, nothing survives a restart";
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    @Override
    public boolean durable() {
        return false;
    }
}
