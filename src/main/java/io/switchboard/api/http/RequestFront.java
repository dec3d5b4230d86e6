package io.switchboard.api.http;

import io.switchboard.api.ws.SocketRoutes;
import io.switchboard.metrics.HttpTiming;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The router's first handler: the per-request bookkeeping every request needs, in one route and
 * one end handler instead of four routes and two end handlers (each route Vert.x Web dispatches
 * to costs a request its match, its iteration step and a frame; each end handler a list entry
 * and a lambda). In order: the connection's header deadline is lifted ({@link HeaderDeadlines},
 * when given), the request timers start ({@link HttpTiming}, when metrics are on), then, unless
 * the request is a WebSocket upgrade ({@link SocketRoutes#isUpgradePath}: it never ends, so it
 * is neither watched nor read), the request deadline watches it ({@link RequestDeadlines}) and
 * the body handler reads its body and calls the next route. When the response ends, the header
 * deadline is re-armed before the timers record, as the two end handlers did in that order.
 *
 * <p>Threading: an HTTP event loop; {@code headers} belongs to that loop's verticle.
 */
final class RequestFront implements Handler<RoutingContext> {
    private final HeaderDeadlines headers;
    private final HttpTiming timing;
    private final RequestDeadlines deadlines;
    private final BodyHandler bodies;

    /** {@code headers} and {@code timing} may be null (not watched; metrics off). */
    RequestFront(HeaderDeadlines headers, HttpTiming timing, RequestDeadlines deadlines, BodyHandler bodies) {
        this.headers = headers;
        this.timing = timing;
        this.deadlines = deadlines;
        this.bodies = bodies;
    }

    @Override
    public void handle(RoutingContext rc) {
        HeaderDeadlines.Watch watch = headers == null ? null : headers.started(rc);
        if (timing != null) {
            long start = timing.begin();
            rc.addEndHandler(watch == null ? done -> timing.end(rc, start) : done -> {
                headers.ended(watch, rc);
                timing.end(rc, start);
            });
        } else if (watch != null) {
            rc.addEndHandler(done -> headers.ended(watch, rc));
        }
        if (SocketRoutes.isUpgradePath(rc.request().method(), rc.normalizedPath())) {
            rc.next();
            return;
        }
        deadlines.watch(rc);
        bodies.handle(rc);
    }
}
