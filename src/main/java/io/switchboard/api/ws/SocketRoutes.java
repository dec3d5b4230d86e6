package io.switchboard.api.ws;

import io.switchboard.api.http.Problem;
import io.switchboard.app.EngineClient;
import io.switchboard.app.config.ServerSettings;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.metrics.SocketMeter;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/**
 * The WebSocket upgrade routes: {@code GET /v1/agents/{id}/ws} (an {@link AgentSocket}) and
 * {@code GET /v1/supervisors/{id}/ws} (a {@link SupervisorSocket}). The id is looked up first;
 * an unknown one refuses the handshake with a 404 problem, a plain GET with 400.
 */
public final class SocketRoutes {
    private final EngineClient engine;
    private final ServerSettings settings;
    private final SocketMeter meter;

    public SocketRoutes(EngineClient engine, ServerSettings settings) {
        this(engine, settings, SocketMeter.NOOP);
    }

    /** {@code meter} counts open sessions and dropped messages. */
    public SocketRoutes(EngineClient engine, ServerSettings settings, SocketMeter meter) {
        this.engine = engine;
        this.settings = settings;
        this.meter = meter;
    }

    public Handler<RoutingContext> agents() {
        return rc -> upgrade(rc, new Command.GetAgent(rc.pathParam("id")), "agent",
                (ws, found) -> new AgentSocket(rc.vertx(), ws, rc.pathParam("id"), engine, settings, meter).start());
    }

    public Handler<RoutingContext> supervisors() {
        return rc -> upgrade(rc, new Command.GetPerson(rc.pathParam("id")), "supervisor",
                (ws, found) -> new SupervisorSocket(rc.vertx(), ws, found.value(), settings, meter).start());
    }

    private void upgrade(RoutingContext rc, Command lookup, String what, BiConsumer<ServerWebSocket, Outcome> start) {
        if (!rc.request().canUpgradeToWebSocket()) {
            Problem.of(400, "websocket-required", "WebSocket required",
                    "this endpoint only accepts WebSocket upgrades").send(rc.response());
            return;
        }
        rc.request().pause();
        engine.send(lookup).onComplete(found -> {
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
            rc.request().toWebSocket().onSuccess(ws -> start.accept(ws, found.result()));
        });
    }
}
