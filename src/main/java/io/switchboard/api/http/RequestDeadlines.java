package io.switchboard.api.http;

import io.switchboard.api.ws.SocketRoutes;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fails a request with {@code status} when it is not answered within the timeout, as Vert.x Web's
 * {@code TimeoutHandler} does (an unfinished request body is resumed first, then
 * {@code RoutingContext.fail(status)} runs on the request's context), but without a timer, its
 * promise and an end handler per request: each event loop keeps the requests it started in one
 * array, and one periodic sweep per event loop (every {@link #sweepMillis} ms) drops the answered
 * ones and fails the overdue ones. A timeout thus fires up to one sweep period late; an answered
 * request stays referenced for at most one period. A request whose connection closed before it
 * was answered is dropped, not failed: no answer can reach it.
 *
 * <p>Threading: {@link #handle} runs on an event loop (HTTP requests always do); each event
 * loop's list is touched only by that loop's thread.
 */
final class RequestDeadlines implements Handler<RoutingContext> {
    private final long timeoutNanos;
    private final long sweepMillis;
    private final int status;
    private final Map<Thread, Pending> byLoop = new ConcurrentHashMap<>();

    RequestDeadlines(long timeoutMillis, int status) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutMillis);
        }
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.sweepMillis = Math.max(10, Math.min(100, timeoutMillis / 10));
        this.status = status;
    }

    /** How often overdue requests are looked for, and so how late a timeout may fire. */
    long sweepMillis() {
        return sweepMillis;
    }

    @Override
    public void handle(RoutingContext rc) {
        if (SocketRoutes.isUpgradePath(rc.request().method(), rc.normalizedPath())) {
            rc.next(); // an upgraded request never ends: not watched
            return;
        }
        watch(rc);
        rc.next();
    }

    /**
     * {@link #handle} without the upgrade check and without {@code rc.next()}, for a first handler
     * that has made the check ({@link RequestFront}): {@code rc} is failed if not answered in time.
     */
    void watch(RoutingContext rc) {
        Pending pending = byLoop.get(Thread.currentThread());
        if (pending == null) {
            pending = new Pending();
            byLoop.put(Thread.currentThread(), pending);
            Pending sweeping = pending;
            // Set from the request's context, so the sweep runs on this event loop and ends with
            // the server's deployment.
            rc.vertx().setPeriodic(sweepMillis, id -> sweeping.sweep(System.nanoTime()));
        }
        pending.add(rc, Vertx.currentContext(), System.nanoTime() + timeoutNanos);
    }

    private void expire(RoutingContext rc) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        if (!rc.request().isEnded()) {
            rc.request().resume();
        }
        rc.fail(status);
    }

    /** One event loop's requests in the order started, which is the order of their deadlines. */
    private final class Pending {
        private RoutingContext[] requests = new RoutingContext[64];
        private Context[] contexts = new Context[64];
        private long[] deadlines = new long[64];
        private int size;
        private final List<RoutingContext> overdue = new ArrayList<>();
        private final List<Context> overdueContexts = new ArrayList<>();

        void add(RoutingContext rc, Context context, long deadline) {
            if (size == requests.length) {
                requests = java.util.Arrays.copyOf(requests, size * 2);
                contexts = java.util.Arrays.copyOf(contexts, size * 2);
                deadlines = java.util.Arrays.copyOf(deadlines, size * 2);
            }
            requests[size] = rc;
            contexts[size] = context;
            deadlines[size] = deadline;
            size++;
        }

        /** Drops answered requests, keeps the waiting ones in order, then fails the overdue ones. */
        void sweep(long now) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                RoutingContext rc = requests[i];
                if (rc.response().ended() || rc.response().closed()) {
                    continue;
                }
                if (deadlines[i] - now <= 0) {
                    overdue.add(rc);
                    overdueContexts.add(contexts[i]);
                    continue;
                }
                requests[kept] = rc;
                contexts[kept] = contexts[i];
                deadlines[kept] = deadlines[i];
                kept++;
            }
            java.util.Arrays.fill(requests, kept, size, null);
            java.util.Arrays.fill(contexts, kept, size, null);
            size = kept;
            for (int i = 0; i < overdue.size(); i++) {
                ((ContextInternal) overdueContexts.get(i)).dispatch(overdue.get(i), RequestDeadlines.this::expire);
            }
            overdue.clear();
            overdueContexts.clear();
        }
    }
}
