package io.switchboard.api.http;

import io.switchboard.api.auth.AuthFailure;
import io.switchboard.api.auth.Principal;
import io.switchboard.api.auth.Security;
import io.switchboard.api.web.WebUi;
import io.switchboard.api.ws.SocketRoutes;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Authenticates every request outside {@link #PUBLIC} (401 problem with {@code WWW-Authenticate}),
 * then takes a token from the caller's bucket (429 with {@code Retry-After}), and leaves the
 * {@link Principal} in the context under {@link #PRINCIPAL}. Problem details never echo a credential.
 */
final class AuthHandler implements Handler<RoutingContext> {
    /**
     * Paths anyone may read: the contracts, and the probes and scrape endpoint of the platform (and
     * the problem type pages under /problems/ and the browser clients' assets, whose routes come after
     * this handler's).
     */
    static final Set<String> PUBLIC = Set.of("/openapi.yaml", "/asyncapi.yaml", "/health/live", "/health/ready", "/metrics");
    static final String PRINCIPAL = "switchboard.principal";

    private final Security security;

    AuthHandler(Security security) {
        this.security = security;
    }

    @Override
    public void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (PUBLIC.contains(path) || path.startsWith(ProblemPages.PATH) || WebUi.isAsset(rc.request().method(), path)
                || SocketRoutes.isUpgradePath(rc.request().method(), path)) { // the upgrade authenticates itself
            rc.next();
            return;
        }
        security.authenticate(rc.request()).onComplete(done -> {
            if (done.failed()) {
                unauthorized(rc, done.cause());
                return;
            }
            long wait = security.rateLimit(done.result());
            if (wait > 0) {
                rc.response().putHeader("Retry-After", Long.toString(wait));
                Metrics.rejecting(rc, "rate_limited");
                Problem.of(429, "rate-limited", "Too many requests",
                        "this caller's rate limit is exhausted; retry after " + wait + " s").send(rc.response());
                return;
            }
            rc.put(PRINCIPAL, done.result());
            rc.next();
        });
    }

    static void unauthorized(RoutingContext rc, Throwable cause) {
        boolean missing = cause instanceof AuthFailure f && f.missing();
        Metrics.rejecting(rc, cause instanceof AuthFailure f ? f.reason() : "other");
        String detail = cause instanceof AuthFailure ? cause.getMessage() : "the credentials were not accepted";
        rc.response().putHeader("WWW-Authenticate", missing ? "Bearer realm=\"switchboard\""
                : "Bearer realm=\"switchboard\", error=\"invalid_token\"");
        Problem.of(401, missing ? "unauthenticated" : "invalid-credentials",
                missing ? "Authentication required" : "Invalid credentials", detail).send(rc.response());
    }
}
