package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import java.util.List;

/** The store's sample events for perf tools in other packages (test sources only). */
public final class JournalSamples {
    private JournalSamples() {
    }

    /** {@link LifecycleSample}'s ten events of one ticket lifecycle, in order. */
    public static List<DomainEvent> lifecycle() {
        return LifecycleSample.events();
    }

    /** The bytes {@code events} take in a journal segment, record headers included. */
    public static long framedBytes(List<DomainEvent> events) {
        long bytes = 0;
        for (DomainEvent event : events) {
            bytes += Records.framedSize(EventCodec.instance().encode(event));
        }
        return bytes;
    }
}
