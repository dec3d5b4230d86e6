package io.switchboard.follow;

import io.switchboard.core.event.DomainEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine side of every journal follower: hands each durable batch to all of them, and tells
 * the snapshot/trim path how far it may compact ({@link #holdBack()}: the lowest position any
 * follower still needs). Followers register before the engine starts.
 *
 * <p>Threading: {@link #offer} on the engine thread (each follower only takes the batch over);
 * {@link #holdBack} and {@link #lag} from any thread.
 */
public final class FollowerRegistry {
    private static final Logger LOG = Logger.getLogger(FollowerRegistry.class.getName());

    /** Takes a durable batch over at once (the list is shared: it must not be changed). */
    public interface Sink {
        void offer(long firstPosition, List<DomainEvent> events);
    }

    private record Entry(String name, Sink sink, LongSupplier holdBack) {}

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Registers a follower that keeps its own buffer and cursor (the history projection). */
    public FollowerRegistry register(String name, Sink sink, LongSupplier holdBack) {
        if (entries.stream().anyMatch(e -> e.name().equals(name))) {
            throw new IllegalArgumentException("a journal follower named " + name + " is registered already");
        }
        entries.add(new Entry(name, sink, holdBack));
        return this;
    }

    public FollowerRegistry register(JournalFollower follower) {
        return register(follower.name(), follower::offer, follower::holdBack);
    }

    /** Hands a durable batch at {@code firstPosition} to every follower; one that throws does not stop the rest. */
    public void offer(long firstPosition, List<DomainEvent> events) {
        for (Entry e : entries) {
            try {
                e.sink().offer(firstPosition, events);
            } catch (RuntimeException failure) {
                LOG.log(Level.SEVERE, "journal follower " + e.name() + " failed to take a durable batch", failure);
            }
        }
    }

    /** The highest position a snapshot may compact: the lowest hold-back ({@link Long#MAX_VALUE} with no follower). */
    public long holdBack() {
        long min = Long.MAX_VALUE;
        for (Entry e : entries) {
            min = Math.min(min, e.holdBack().getAsLong());
        }
        return min;
    }

    /** Names in registration order, with a supplier of each one's lag behind {@code head} (for gauges). */
    public Map<String, LongSupplier> lagGauges(LongSupplier head) {
        Map<String, LongSupplier> out = new java.util.LinkedHashMap<>();
        entries.forEach(e -> out.put(e.name(), () -> lagOf(e.holdBack().getAsLong(), head.getAsLong())));
        return out;
    }

    private static long lagOf(long holdBack, long head) {
        return holdBack == Long.MAX_VALUE ? 0 : Math.max(0, head - holdBack);
    }
}
