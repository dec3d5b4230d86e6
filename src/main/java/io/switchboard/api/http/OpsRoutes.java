package io.switchboard.api.http;

import io.switchboard.health.Readiness;
import io.switchboard.metrics.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Operations endpoints, outside {@code /v1} and meant for probes and scrapers on the private
 * network: {@code GET /metrics} (Prometheus text), {@code GET /health/live} (the process answers)
 * and {@code GET /health/ready} (every {@link Readiness} check passes: 200, else 503; the body
 * names each check either way).
 */
final class OpsRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private OpsRoutes() {
    }

    static void mount(Router router, Metrics metrics, Readiness readiness) {
        router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "up")));
        router.get("/health/ready").handler(rc -> ready(rc, readiness));
        router.get("/metrics").handler(rc -> scrape(rc, metrics));
    }

    /**
     * {@code GET /problems/<slug>}, public (authentication lets {@code /problems/} through), mounted
     * after every API route: its path parameter costs each request that reaches the route a regex
     * match, which the API's requests, answered before, no longer pay.
     */
    static void mountProblemPages(Router router) {
        router.get(ProblemPages.PATH + ":slug").handler(ProblemPages.packaged()::serve);
    }

    private static void ready(RoutingContext rc, Readiness readiness) {
        Readiness.Report report = readiness.evaluate();
        JsonObject checks = new JsonObject();
        report.checks().forEach((name, ok) -> checks.put(name, ok ? "up" : "down"));
        report.states().forEach(checks::put);
        json(rc, report.ready() ? 200 : 503,
                new JsonObject().put("status", report.ready() ? "up" : "down").put("checks", checks));
    }

    /** The scrape formats every meter: a few ms for a large registry, so off the event loop. */
    private static void scrape(RoutingContext rc, Metrics metrics) {
        if (!metrics.enabled()) {
            Problem.of(404, "metrics-disabled", "Metrics disabled",
                    "metrics are turned off (SWITCHBOARD_METRICS=false)").send(rc.response());
            return;
        }
        rc.vertx().executeBlocking(metrics::scrape, false).onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
            } else {
                rc.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(done.result());
            }
        });
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
