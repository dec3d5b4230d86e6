package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * A {@link JournalTail} over an in-memory journal (position = index + 1), completing at once.
 * Only the first {@link #durable} events are visible, as a real journal holds only what was
 * appended so far.
 */
final class ListTail implements JournalTail {
    private final List<DomainEvent> journal;
    volatile int reads;
    volatile int durable;

    ListTail(List<DomainEvent> journal) {
        this.journal = journal;
        this.durable = journal.size();
    }

    @Override
    public Future<List<DomainEvent>> after(long position, int max) {
        reads++;
        int end = durable;
        int from = (int) Math.min(position, end);
        int to = (int) Math.min(end, position + max);
        return Future.succeededFuture(List.copyOf(journal.subList(from, to)));
    }
}
