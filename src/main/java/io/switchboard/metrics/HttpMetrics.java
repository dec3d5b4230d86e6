package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP server request metrics, recorded by the first handler of the router: one timer per route
 * template, method and status class ({@code switchboard_http_server_requests_seconds}), and the
 * requests in flight.
 *
 * <p>Why not Vert.x's own HTTP server metrics: vertx-micrometer-metrics looks its meters up per
 * request (tags built, a meter id hashed, a histogram config validated, for four meters), which
 * cost ~15 % of the server's CPU on ticket intake (docs/BENCHMARKS.md). Here each timer is looked
 * up once and cached per route object; labels are the same kind (route template, never the
 * raw path; unknown paths get {@code route=""}).
 *
 * <p>Threading: {@link #begin} and {@link #end} run on any HTTP event loop; the cache is concurrent.
 */
final class HttpMetrics implements HttpTiming {
    private static final String[] STATUS = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private final MeterRegistry registry;
    private final Duration[] buckets;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** Key for requests that matched no route (unknown paths). */
    private static final Object NO_ROUTE = new Object();
    /** Per route object (one router per HTTP verticle), timers by method and status class. */
    private final ConcurrentHashMap<Object, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();

    /** Routing-context key of the rejection reason ({@link Metrics#rejecting}). */
    static final String REJECTION_REASON = "switchboard.rejection.reason";
    /** Every reason by status; each list ends with {@code other}, for a refusal nobody named. */
    static final Map<Integer, List<String>> REASONS = Map.of(
            401, List.of("missing_credentials", "invalid_api_key", "expired_token", "invalid_token", "invalid_ticket",
                    "other"),
            403, List.of("forbidden_role", "out_of_scope", "forbidden_origin", "other"),
            429, List.of("rate_limited", "other"));
    /** Counters by status then reason, registered up front so every series exists at 0 (rate() works from the start). */
    private final Map<Integer, Map<String, Counter>> rejections = new HashMap<>();

    HttpMetrics(MeterRegistry registry, Duration[] buckets) {
        this.registry = registry;
        this.buckets = buckets;
        Gauge.builder("switchboard.http.server.active.requests", active, AtomicLong::get)
                .description("HTTP requests received and not yet answered").register(registry);
        REASONS.forEach((status, reasons) -> {
            Map<String, Counter> byReason = new HashMap<>();
            for (String reason : reasons) {
                byReason.put(reason, Counter.builder("switchboard.http.rejections")
                        .description("Requests and WebSocket upgrades refused with 401, 403 or 429, by reason")
                        .tags("status", Integer.toString(status), "reason", reason).register(registry));
            }
            rejections.put(status, Map.copyOf(byReason));
        });
    }

    @Override
    public long begin() {
        active.incrementAndGet();
        return System.nanoTime();
    }

    @Override
    public void end(RoutingContext rc, long startNanos) {
        active.decrementAndGet();
        countRejection(rc);
        if (rc.response().getStatusCode() != 101) { // a WebSocket upgrade: counted as a connection instead
            record(rc, System.nanoTime() - startNanos);
        }
    }

    /** Read-only after construction, so any event loop may count. */
    private void countRejection(RoutingContext rc) {
        int status = rc.response().getStatusCode();
        if (status != 401 && status != 403 && status != 429) {
            return; // the statuses of REASONS; and no Integer boxed for a 200 or 201
        }
        Map<String, Counter> byReason = rejections.get(status);
        if (byReason != null) {
            Object reason = rc.get(REJECTION_REASON);
            byReason.getOrDefault(reason instanceof String r ? r : "other", byReason.get("other")).increment();
        }
    }

    private void record(RoutingContext rc, long nanos) {
        Route route = rc.currentRoute();
        int status = rc.response().getStatusCode();
        int statusIndex = status >= 100 && status < 600 ? status / 100 - 1 : STATUS.length;
        String method = rc.request().method().name();
        int methodIndex = METHODS.indexOf(method);
        if (methodIndex < 0) {
            methodIndex = METHODS.size();
            method = "other";
        }
        AtomicReferenceArray<Timer> byMethodAndStatus = timers.computeIfAbsent(route == null ? NO_ROUTE : route,
                r -> new AtomicReferenceArray<>((METHODS.size() + 1) * (STATUS.length + 1)));
        int slot = methodIndex * (STATUS.length + 1) + statusIndex;
        Timer timer = byMethodAndStatus.get(slot);
        if (timer == null) {
            String path = route == null || route.getPath() == null ? "" : route.getPath();
            timer = Timer.builder("switchboard.http.server.requests")
                    .description("HTTP requests by route template, method and status class")
                    .tags("route", path, "method", method,
                            "status", statusIndex < STATUS.length ? STATUS[statusIndex] : "other")
                    .serviceLevelObjectives(buckets).register(registry);
            // Two loops may both register: the registry returns the same timer to both.
            byMethodAndStatus.set(slot, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
