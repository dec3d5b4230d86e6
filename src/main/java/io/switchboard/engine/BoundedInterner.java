package io.switchboard.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shared instance per distinct value, for immutable values that many long-lived objects hold
 * equal copies of (a routing demand is equal for most tickets of a queue, and the engine keeps
 * every ticket for days): {@link #intern} returns the instance already held for an equal value, or
 * holds and returns the one given. At most {@code capacity} values are held; beyond that the least
 * recently interned or matched one is dropped, so values that come from requests (a demand's
 * language) cannot grow it without bound. A dropped value is only no longer shared: callers rely
 * on equality, never on identity.
 *
 * <p>Threading: owned by the single-writer engine; not thread-safe.
 */
final class BoundedInterner<T> {
    private final int capacity;
    private final LinkedHashMap<T, T> held;

    BoundedInterner(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, T> eldest) {
                return size() > BoundedInterner.this.capacity;
            }
        };
    }

    /** The held instance equal to {@code value}, else {@code value} itself, now held. Null stays null. */
    T intern(T value) {
        if (value == null) {
            return null;
        }
        T shared = held.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }

    /** How many values are held (at most the capacity). */
    int size() {
        return held.size();
    }
}
