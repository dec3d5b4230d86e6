package io.switchboard.api.ws;

import io.switchboard.api.JsonViews;
import io.switchboard.api.TicketJson;
import io.switchboard.app.EngineClient;
import io.switchboard.app.config.ServerSettings;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Rejection;
import io.switchboard.app.EngineVerticle;
import io.switchboard.metrics.SocketMeter;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One agent's WebSocket session (protocol in docs/websocket-protocol.md). Translates client
 * messages into engine commands and engine pushes into numbered server messages; pings the client
 * and treats a socket silent past the idle timeout as disconnected.
 *
 * <p>Threading: every callback runs on the event loop that accepted the socket. The session id is
 * the principal the engine knows it by; {@link SocketRoutes} has authenticated the agent.
 */
final class AgentSocket {
    static final short CLOSE_REPLACED = 4409;

    private final Vertx vertx;
    private final String agentId;
    private final EngineClient engine;
    private final NumberedSocket socket;
    private final String sessionId = UUID.randomUUID().toString();
    private MessageConsumer<AgentPush> pushes;
    private MessageConsumer<Notification> notifications;

    AgentSocket(Vertx vertx, NumberedSocket.Upgraded ws, String agentId, EngineClient engine, ServerSettings settings,
            SocketMeter meter) {
        this.vertx = vertx;
        this.agentId = agentId;
        this.engine = engine;
        this.socket = new NumberedSocket(vertx, ws, settings, this::onClosed, meter);
    }

    /** Subscribes to pushes and notifications, claims the agent in the engine, then greets the client. */
    Future<Void> start() {
        socket.start();
        socket.ws().textMessageHandler(this::onText);
        socket.ws().binaryMessageHandler(b -> error(null, "bad_message", "send JSON text messages"));
        pushes = vertx.eventBus().localConsumer(EngineClient.sessionAddress(sessionId), m -> onPush(m.body()));
        notifications = vertx.eventBus().localConsumer(EngineClient.personAddress(agentId),
                m -> socket.send(JsonViews.notification(m.body())));
        return Future.all(pushes.completion(), notifications.completion())
                .compose(v -> engine.send(new Command.Connect(agentId, sessionId)))
                .onFailure(e -> socket.close((short) 1013, "unavailable, reconnect with backoff"))
                .compose(outcome -> {
                    if (!outcome.ok()) {
                        socket.close((short) 1008, outcome.rejection().code());
                        return Future.failedFuture(outcome.rejection().detail());
                    }
                    socket.welcome(new JsonObject().put("type", "welcome")
                            .put("agent", JsonViews.agent((AgentView) outcome.value())));
                    return Future.succeededFuture();
                });
    }

    private void onText(String text) {
        socket.heard();
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error(null, "bad_message", "messages must be JSON objects");
            return;
        }
        Object rawId = msg.getValue("id");
        Object id = rawId instanceof String s && s.length() <= 128 || rawId instanceof Number ? rawId : null;
        Command command = ClientMessages.toCommand(msg, agentId, sessionId);
        if (command == null) {
            error(id, "bad_message", ClientMessages.describeProblem(msg));
            return;
        }
        engine.send(command).onComplete(done -> {
            if (done.failed()) {
                error(id, "unavailable", done.cause() instanceof ReplyException refused
                        && refused.failureCode() == EngineVerticle.UNAVAILABLE
                        ? "the journal cannot be written; nothing was changed; retry"
                        : "the routing engine did not answer; retry");
            } else {
                reply(id, done.result());
            }
        });
    }

    private void reply(Object id, Outcome outcome) {
        if (outcome.ok()) {
            socket.send(new JsonObject().put("type", "ack").put("id", id));
        } else {
            Rejection r = outcome.rejection();
            error(id, r.code(), r.detail());
        }
    }

    private void onPush(AgentPush push) {
        switch (push.kind()) {
            case OFFER:
                socket.send(new NumberedSocket.Prepared(TicketJson.openMessage("offer", push.offerId(), push.ticket(),
                        push.expiresAt()), null));
                break;
            case ASSIGNED:
                socket.send(new NumberedSocket.Prepared(TicketJson.openMessage("assigned", null, push.ticket(), 0),
                        null));
                break;
            case OFFER_REVOKED:
                socket.send(new JsonObject().put("type", "offer_revoked").put("offerId", push.offerId())
                        .put("reason", push.reason()));
                break;
            case TICKET_UPDATED:
                socket.send(new NumberedSocket.Prepared(TicketJson.openMessage("ticket_updated", null, push.ticket(), 0),
                        Outbox.ticketKey(push.ticket().id())));
                break;
            case PRESENCE_CHANGED:
                socket.send(new JsonObject().put("type", "presence_changed").put("status", push.presence().wire())
                        .put("reason", push.reason()));
                break;
            case REPLACED:
                socket.close(CLOSE_REPLACED, "replaced by a newer connection");
                break;
            default:
                throw new IllegalStateException("unknown push " + push.kind());
        }
    }

    private void error(Object id, String code, String message) {
        socket.send(new JsonObject().put("type", "error").put("id", id).put("code", code).put("message", message));
    }

    /** Runs once: unsubscribes, and tells the engine this session ended. */
    private void onClosed() {
        pushes.unregister();
        notifications.unregister();
        engine.send(new Command.Disconnect(agentId, sessionId));
    }
}
