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
}
