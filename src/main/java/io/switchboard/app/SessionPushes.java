package io.switchboard.app;

import io.switchboard.engine.Sequenced;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the engine hands each WebSocket session its pushes: one task on the session's context per
 * push. Replaces a local event-bus consumer per session, whose every push cost a message object,
 * its delivery context and the session's address string. The guarantees are the local event
 * bus's: pushes to one session arrive on its context in the order handed over, and a push to a
 * session that is gone (or not yet registered) is dropped.
 *
 * <p>Threading: every method may be called from any thread; handlers run on the context that
 * registered them.
 */
final class SessionPushes implements Shareable {
    private record Target(Context context, Handler<Sequenced> handler) {
    }

    private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();

    /** The instance's registry, made on first use. */
    static SessionPushes of(Vertx vertx) {
        return vertx.sharedData().<String, SessionPushes>getLocalMap("switchboard.session.pushes")
                .computeIfAbsent("pushes", k -> new SessionPushes());
    }

    /**
     * From now on {@code sessionId}'s pushes run {@code handler} on {@code context}; the returned
     * action ends that (and only that registration: a newer one for the same session stays).
     */
    Runnable register(String sessionId, Context context, Handler<Sequenced> handler) {
        Target target = new Target(context, handler);
        targets.put(sessionId, target);
        return () -> targets.remove(sessionId, target);
    }

    /** Hands {@code message} to the session's context, or drops it when no session listens. */
    void deliver(String sessionId, Sequenced message) {
        Target target = targets.get(sessionId);
        if (target != null) {
            target.context.runOnContext(v -> target.handler.handle(message));
        }
    }
}
