package io.switchboard.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Closes HTTP connections that do not deliver a complete request line and headers in time:
 * counted from the moment the connection opens, and again from the end of each response (the
 * next request on a kept-alive connection). Vert.x 5 has no header-read timeout of its own, and
 * its idle timeout does not catch a client that trickles a byte now and then, so a few thousand
 * such sockets would otherwise hold file descriptors for ever (slowloris).
 *
 * <p>A connection whose request was upgraded to a WebSocket is no longer watched: the WebSocket
 * heartbeat decides when it is dead. A request whose headers have arrived is not watched either;
 * the request timeout answers it.
 *
 * <p>One instance per HTTP verticle, confined to its event loop: connections and requests of a
 * verticle arrive on its loop, and the sweep runs there. Deadlines are checked by one periodic
 * sweep instead of a timer per connection, so a request costs a map lookup and a field write.
 */
final class HeaderDeadlines {
    private static final long NOT_WAITING = Long.MAX_VALUE;

    private final Vertx vertx;
    private final long timeoutNanos;
    private final Runnable onTimeout;
    private final Map<HttpConnection, Watch> watched = new HashMap<>();
    private long sweepTimer = -1;

    /** A connection and when its awaited headers are due ({@link #NOT_WAITING} while a request is in progress). */
    static final class Watch {
        long dueNanos;
    }

    /** {@code onTimeout} runs once per connection closed by this (for a metric). */
    HeaderDeadlines(Vertx vertx, long timeoutMillis, Runnable onTimeout) {
        this.vertx = vertx;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.onTimeout = onTimeout;
    }

    /** Starts the sweep: a quarter of the timeout, between 50 ms and 1 s, so a deadline is late by at most that. */
    void start() {
        long period = Math.max(50, Math.min(1000, timeoutNanos / 4_000_000L));
        sweepTimer = vertx.setPeriodic(period, id -> sweep());
    }

    void stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** For {@code HttpServer.connectionHandler}: a new connection owes its first request's headers. */
    void opened(HttpConnection connection) {
        Watch watch = new Watch();
        watch.dueNanos = System.nanoTime() + timeoutNanos;
        watched.put(connection, watch);
        connection.closeHandler(v -> watched.remove(connection));
    }

    /**
     * From the router's first handler ({@link RequestFront}): the request's headers are complete.
     * (The response's end is seen through a RoutingContext end handler, because vertx-web takes the
     * response's single {@code endHandler} slot for itself.) Returns its connection's watch, to be handed to
     * {@link #ended} when the response ends, or null when the connection is not watched.
     */
    Watch started(RoutingContext rc) {
        Watch watch = watched.get(rc.request().connection());
        if (watch != null) {
            watch.dueNanos = NOT_WAITING;
        }
        return watch;
    }

    /**
     * The response to the request {@link #started} returned {@code watch} for has ended: the next
     * request's headers are due. A refused WebSocket upgrade ends a normal response and is watched
     * again; an accepted one (101) never is: no further request can come on that connection.
     */
    void ended(Watch watch, RoutingContext rc) {
        if (rc.response().getStatusCode() != 101) {
            watch.dueNanos = System.nanoTime() + timeoutNanos;
        }
    }

    /** Open connections being watched (tests, and a sanity bound: it is the open connection count). */
    int watched() {
        return watched.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<HttpConnection, Watch>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<HttpConnection, Watch> entry = it.next();
            Watch watch = entry.getValue();
            if (watch.dueNanos != NOT_WAITING && now - watch.dueNanos >= 0) {
                it.remove();
                onTimeout.run();
                entry.getKey().close();
            }
        }
    }
}
