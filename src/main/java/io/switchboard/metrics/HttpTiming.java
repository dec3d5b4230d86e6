package io.switchboard.metrics;

import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP request timers ({@code switchboard_http_server_requests_seconds}, the requests in
 * flight, the rejections by reason) for a router's first handler that ends the request's
 * bookkeeping in an end handler of its own: {@link #begin} when the request's headers are in,
 * {@link #end} once from the routing context's end handler.
 *
 * <p>Threading: any HTTP event loop.
 */
public interface HttpTiming {
    /** Counts the request in flight; returns its start ({@link System#nanoTime}). */
    long begin();

    /** Records the ended request against its route, method and status class (a 101 upgrade is not timed). */
    void end(RoutingContext rc, long startNanos);
}
