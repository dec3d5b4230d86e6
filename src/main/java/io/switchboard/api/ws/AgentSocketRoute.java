package io.switchboard.api.ws;

import io.switchboard.api.http.Problem;
import io.switchboard.app.EngineClient;
import io.switchboard.app.config.ServerSettings;
import io.switchboard.engine.Command;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/agents/{id}/ws}: refuses the handshake with a 404 problem for an unknown agent,
 * otherwise upgrades and starts an {@link AgentSocket}.
 */
public final class AgentSocketRoute implements Handler<RoutingContext> {
    private final EngineClient engine;
    private final ServerSettings settings;

    public AgentSocketRoute(EngineClient engine, ServerSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext rc) {
        String agentId = rc.pathParam("id");
        if (!rc.request().canUpgradeToWebSocket()) {
            Problem.of(400, "websocket-required", "WebSocket required",
                    "this endpoint only accepts WebSocket upgrades").send(rc.response());
            return;
        }
        rc.request().pause();
        engine.send(new Command.GetAgent(agentId)).onComplete(found -> {
            if (found.failed()) {
                rc.response().putHeader("Retry-After", "1");
                Problem.of(503, "unavailable", "Service unavailable", "the routing engine did not answer; retry shortly")
                        .send(rc.response());
                return;
            }
            if (!found.result().ok()) {
                Problem.of(404, "not-found", "Not found", "agent " + agentId + " does not exist").send(rc.response());
                return;
            }
            rc.request().resume();
            rc.request().toWebSocket().onSuccess(ws ->
                    new AgentSocket(rc.vertx(), ws, agentId, engine, settings).start());
        });
    }
}
