package io.switchboard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP server request metrics, recorded by the first handler of the router: one timer per route
 * template, method and status class ({@code switchboard_http_server_requests_seconds}), and the
 * requests in flight.
 *
 * <p>Why not Vert.x's own HTTP server metrics: vertx-micrometer-metrics looks its meters up per
 * request (tags built, a meter id hashed, a histogram config validated, for four meters), which
 * cost ~15 % of the server's CPU on ticket intake (docs/BENCHMARKS.md). Here each timer is looked
 * up once by a short string key and cached; labels are the same kind (route template, never the
 * raw path; unknown paths get {@code route=""}).
 *
 * <p>Threading: the handler runs on any HTTP event loop; the cache is concurrent.
 */
final class HttpMetrics implements Handler<RoutingContext> {
    private static final String[] STATUS = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();

    HttpMetrics(MeterRegistry registry, Duration[] buckets) {
        this.registry = registry;
        this.buckets = buckets;
        Gauge.builder("switchboard.http.server.active.requests", active, AtomicLong::get)
                .description("HTTP requests received and not yet answered").register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        active.incrementAndGet();
        rc.addEndHandler(done -> {
            active.decrementAndGet();
            if (rc.response().getStatusCode() != 101) { // a WebSocket upgrade: counted as a connection instead
                record(rc, System.nanoTime() - start);
            }
        });
        rc.next();
    }

    private void record(RoutingContext rc, long nanos) {
        Route route = rc.currentRoute();
        String path = route == null || route.getPath() == null ? "" : route.getPath();
        int status = rc.response().getStatusCode();
        String statusClass = status >= 100 && status < 600 ? STATUS[status / 100 - 1] : "other";
        String method = rc.request().method().name();
        String key = method + ' ' + statusClass + ' ' + path;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("switchboard.http.server.requests")
                    .description("HTTP requests by route template, method and status class")
                    .tags("route", path, "method", method, "status", statusClass)
                    .serviceLevelObjectives(buckets).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
