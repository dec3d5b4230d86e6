package io.switchboard.api.ws;

import io.switchboard.api.auth.AuthFailure;
import io.switchboard.api.auth.Principal;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Security;
import io.switchboard.api.http.Problem;
import io.switchboard.config.ServerSettings;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.metrics.Metrics;
import io.switchboard.metrics.SocketMeter;
import io.switchboard.port.EnginePort;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/**
 * The WebSocket upgrade routes: {@code GET /v1/agents/{id}/ws} (an {@link AgentSocket}) and
 * {@code GET /v1/supervisors/{id}/ws} (a {@link SupervisorSocket}). Before the upgrade: the
 * {@code Origin} must be allowed (403), the caller must authenticate (401) with a connection
 * ticket ({@code ?ticket=}), a JWT offered as subprotocol {@code bearer.JWT} beside
 * {@code switchboard}, or an {@code Authorization}/{@code X-Api-Key} header; an agent may open only
 * its own stream and a supervisor only its own (admins any) (403); then the id is looked up (404).
 * A plain GET gets 400. The socket is closed with {@link NumberedSocket#CLOSE_EXPIRED} when the
 * credential expires.
 */
public final class SocketRoutes {
    private static final String AGENTS = "/v1/agents/";
    private static final String SUPERVISORS = "/v1/supervisors/";

    /**
     * True for exactly the requests the two upgrade routes take: a GET whose normalised path is
     * {@code /v1/agents/<id>/ws} or {@code /v1/supervisors/<id>/ws} (Vert.x's patterns for them:
     * one non-empty segment without {@code /}, trailing slash allowed). The routes are mounted
     * after the API's, so that ticket requests never try their patterns (a regex {@code Matcher}
     * each, and the path-parameter map the first one makes); the handlers before them pass these
     * requests on untouched (no body read, no request deadline, no authentication: the upgrade
     * checks its own credentials). Allocates nothing; a path outside both prefixes costs two
     * {@code startsWith}.
     */
    public static boolean isUpgradePath(HttpMethod method, String normalizedPath) {
        if (method != HttpMethod.GET || normalizedPath == null) {
            return false;
        }
        int idStart;
        if (normalizedPath.startsWith(AGENTS)) {
            idStart = AGENTS.length();
        } else if (normalizedPath.startsWith(SUPERVISORS)) {
            idStart = SUPERVISORS.length();
        } else {
            return false;
        }
        int idEnd = normalizedPath.indexOf('/', idStart);
        if (idEnd <= idStart) { // no further slash, or an empty id
            return false;
        }
        int rest = normalizedPath.length() - idEnd;
        return (rest == 3 || rest == 4 && normalizedPath.charAt(idEnd + 3) == '/')
                && normalizedPath.startsWith("/ws", idEnd);
    }

    /** The subprotocol the server selects; browsers must offer it beside {@code bearer.JWT}. */
    public static final String SUBPROTOCOL = "switchboard";
    private static final String BEARER_PROTOCOL = "bearer.";

    private final EnginePort engine;
    private final ServerSettings settings;
    private final Security security;
    private final SocketMeter meter;

    /** {@code meter} counts open sessions and dropped messages. */
    public SocketRoutes(EnginePort engine, ServerSettings settings, Security security, SocketMeter meter) {
        this.engine = engine;
        this.settings = settings;
        this.security = security;
        this.meter = meter;
    }

    public Handler<RoutingContext> agents() {
        return rc -> upgrade(rc, Role.AGENT, new Command.GetAgent(rc.pathParam("id")), "agent",
                (up, found) -> new AgentSocket(rc.vertx(), up, rc.pathParam("id"), engine, settings, meter,
                        resumeAfter(rc)).start());
    }

    public Handler<RoutingContext> supervisors() {
        return rc -> upgrade(rc, Role.SUPERVISOR, new Command.GetPerson(rc.pathParam("id")), "supervisor",
                (up, found) -> new SupervisorSocket(rc.vertx(), up, found.value(), settings, meter, engine,
                        resumeAfter(rc)).start());
    }

    /** {@code ?resume=<seq>}: the last seq the client processed (0: none yet); -1 when absent. */
    private static long resumeAfter(RoutingContext rc) {
        String resume = rc.request().getParam("resume");
        return resume == null ? -1 : Long.parseLong(resume);
    }

    /** A {@code resume} parameter that is not a whole number from 0 up, or null when it is fine or absent. */
    private static String badResume(HttpServerRequest request) {
        String resume = request.getParam("resume");
        if (resume == null) {
            return null;
        }
        if (resume.length() > 0 && resume.length() <= 18 && resume.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return "resume must be the last seq the client processed: a whole number from 0 up";
    }

    private void upgrade(RoutingContext rc, Role owner, Command lookup, String what,
            BiConsumer<NumberedSocket.Upgraded, Outcome> start) {
        HttpServerRequest request = rc.request();
        if (!request.canUpgradeToWebSocket()) {
            Problem.of(400, "websocket-required", "WebSocket required",
                    "this endpoint only accepts WebSocket upgrades").send(rc.response());
            return;
        }
        String badResume = badResume(request);
        if (badResume != null) {
            Problem.of(400, "invalid-resume", "Invalid resume position", badResume).send(rc.response());
            return;
        }
        if (!security.originAllowed(request.getHeader("Origin"), request.getHeader("Host"))) {
            Metrics.rejecting(rc, "forbidden_origin");
            Problem.of(403, "forbidden-origin", "Origin not allowed",
                    "this Origin may not open WebSockets here; see security.allowedOrigins").send(rc.response());
            return;
        }
        request.pause();
        authenticate(request).onComplete(auth -> {
            if (auth.failed()) {
                boolean missing = auth.cause() instanceof AuthFailure f && f.missing();
                Metrics.rejecting(rc, auth.cause() instanceof AuthFailure f ? f.reason() : "other");
                Problem.of(401, missing ? "unauthenticated" : "invalid-credentials",
                        missing ? "Authentication required" : "Invalid credentials",
                        auth.cause() instanceof AuthFailure ? auth.cause().getMessage() : "not accepted")
                        .send(rc.response());
                return;
            }
            Principal p = auth.result();
            if (!p.is(Role.ADMIN) && !(p.is(owner) && p.id().equals(rc.pathParam("id")))) {
                Metrics.rejecting(rc, "out_of_scope");
                Problem.of(403, "forbidden", "Forbidden", "you may open only your own " + what + " stream")
                        .send(rc.response());
                return;
            }
            long wait = security.rateLimit(p);
            if (wait > 0) {
                rc.response().putHeader("Retry-After", Long.toString(wait));
                Metrics.rejecting(rc, "rate_limited");
                Problem.of(429, "rate-limited", "Too many requests", "retry after " + wait + " s").send(rc.response());
                return;
            }
            lookupAndUpgrade(rc, p, lookup, what, start);
        });
    }

    private void lookupAndUpgrade(RoutingContext rc, Principal p, Command lookup, String what,
            BiConsumer<NumberedSocket.Upgraded, Outcome> start) {
        engine.send(lookup).onComplete(found -> {
            if (found.failed() && found.cause() instanceof ReplyException refused
                    && refused.failureCode() == EngineRefusals.NOT_LEADER) {
                rc.response().putHeader("Retry-After", "1");
                Problem.of(503, "not-leader", "Not the leader", "this node is a standby; connect to the active node"
                        + " (through the load balancer) shortly").send(rc.response());
                return;
            }
            if (found.failed() && found.cause() instanceof ReplyException refused
                    && refused.failureCode() == EngineRefusals.SHUTTING_DOWN) {
                rc.response().putHeader("Retry-After", "1");
                Problem.of(503, "shutting-down", "Shutting down", "the server is stopping; reconnect once it is back")
                        .send(rc.response());
                return;
            }
            if (found.failed()) {
                rc.response().putHeader("Retry-After", "1");
                Problem.of(503, "unavailable", "Service unavailable", "the routing engine did not answer; retry shortly")
                        .send(rc.response());
                return;
            }
            if (!found.result().ok()) {
                Problem.of(404, "not-found", "Not found", what + " " + rc.pathParam("id") + " does not exist")
                        .send(rc.response());
                return;
            }
            rc.request().resume();
            rc.request().toWebSocket().onSuccess(ws -> start.accept(new NumberedSocket.Upgraded(ws, p.expiresAt()),
                    found.result()));
        });
    }

    /** A connection ticket, a bearer subprotocol, or the usual headers, in that order. */
    private Future<Principal> authenticate(HttpServerRequest request) {
        String ticket = request.getParam("ticket");
        if (ticket != null) {
            Principal p = security.redeemWsTicket(ticket, System.currentTimeMillis());
            return p == null ? Future.failedFuture(new AuthFailure(AuthFailure.INVALID_TICKET,
                    "the connection ticket is unknown, used or expired"))
                    : Future.succeededFuture(p);
        }
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String offered : protocols.split(",")) {
                String trimmed = offered.trim();
                if (trimmed.startsWith(BEARER_PROTOCOL)) {
                    return security.bearer(trimmed.substring(BEARER_PROTOCOL.length()));
                }
            }
        }
        return security.authenticate(request);
    }
}
