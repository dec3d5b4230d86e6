package io.switchboard.app;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this node owns the engine now (high availability), and who must hear when it stops:
 * each open socket registers an action, run on the socket's own context when the lease is lost.
 * A single node leads from start to stop.
 *
 * <p>Threading: any thread; {@link #leading()} is a volatile read (HTTP loops and readiness read it).
 */
final class Leadership {
    private record Listener(Context context, Runnable action) {}

    private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
    private volatile boolean leading;

    boolean leading() {
        return leading;
    }

    void lead() {
        leading = true;
    }

    /** Stops leading and runs every registered action once, each on its context. */
    void lose() {
        leading = false;
        for (Object key : listeners.keySet()) {
            Listener listener = listeners.remove(key);
            if (listener != null) {
                listener.context().runOnContext(v -> listener.action().run());
            }
        }
    }

    /** Registers {@code action} on the calling context; run the returned action to unregister. */
    Runnable onLost(Vertx vertx, Runnable action) {
        Object key = new Object();
        listeners.put(key, new Listener(vertx.getOrCreateContext(), action));
        return () -> listeners.remove(key);
    }

    /** Registered actions (tests, metrics). */
    int listeners() {
        return listeners.size();
    }
}
