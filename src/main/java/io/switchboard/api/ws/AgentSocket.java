package io.switchboard.api.ws;

import io.switchboard.api.JsonViews;
import io.switchboard.api.TicketJson;
import io.switchboard.config.ServerSettings;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.switchboard.metrics.SocketMeter;
import io.switchboard.port.EnginePort;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One agent's WebSocket session (protocol in docs/websocket-protocol.md). Translates client
 * messages into engine commands and engine pushes into numbered server messages; pings the client
 * and treats a socket silent past the idle timeout as disconnected.
 *
 * <p>A socket opened with {@code ?resume=<seq>} is resumable: its messages carry the numbers of the
 * agent's stream ({@code agent:<id>}), and after the welcome it gets what it missed since that seq,
 * from the engine's replay window (docs/websocket-protocol.md, "Resume").
 *
 * <p>Threading: every callback runs on the event loop that accepted the socket. The session id is
 * the principal the engine knows it by; {@link SocketRoutes} has authenticated the agent.
 */
final class AgentSocket {
    static final short CLOSE_REPLACED = 4409;

    private final Vertx vertx;
    private final String agentId;
    private final EnginePort engine;
    private final NumberedSocket socket;
    private final String sessionId = UUID.randomUUID().toString();
    /** The last seq the client processed; -1 = not resumable (per-connection numbering). */
    private final long resumeAfter;
    /** Open offers sent again at connect, held until the welcome says whether the client needs them. */
    private final List<AgentPush> resent = new ArrayList<>();
    private Runnable pushes;
    private Runnable leadership = () -> { };
    private MessageConsumer<Sequenced> notifications;

    AgentSocket(Vertx vertx, NumberedSocket.Upgraded ws, String agentId, EnginePort engine, ServerSettings settings,
            SocketMeter meter) {
        this(vertx, ws, agentId, engine, settings, meter, -1);
    }

    /** {@code resumeAfter}: the seq from {@code ?resume=}, or -1 for a socket that does not resume. */
    AgentSocket(Vertx vertx, NumberedSocket.Upgraded ws, String agentId, EnginePort engine, ServerSettings settings,
            SocketMeter meter, long resumeAfter) {
        this.resumeAfter = resumeAfter;
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
        if (resumeAfter >= 0) {
            socket.resumable();
        }
        pushes = engine.onPushes(sessionId, this::onPush);
        Runnable lost = engine.onLeadershipLost(() -> socket.close(NumberedSocket.CLOSE_NOT_LEADER,
                NumberedSocket.NOT_LEADER_REASON));
        Runnable stopping = engine.onStopping(() -> socket.close(NumberedSocket.CLOSE_GOING_AWAY,
                NumberedSocket.GOING_AWAY_REASON));
        leadership = () -> {
            lost.run();
            stopping.run();
        };
        notifications = vertx.eventBus().localConsumer(EnginePort.personAddress(agentId), m -> {
            if (resumeAfter < 0) {
                socket.send(JsonViews.notification((Notification) m.body().message()));
            } else if (m.body().agentSeq() > 0) {
                socket.sendNumbered(JsonViews.notification((Notification) m.body().message()), m.body().agentSeq());
            }
        });
        return notifications.completion()
                .compose(v -> engine.send(new Command.Connect(agentId, sessionId)))
                .compose(outcome -> resumeAfter < 0 || !outcome.ok() ? Future.succeededFuture(new Object[] {outcome, null})
                        : engine.resume(StreamNames.agent(agentId), resumeAfter)
                                .map(replay -> new Object[] {outcome, replay}))
                .onFailure(e -> socket.close((short) 1013, "unavailable, reconnect with backoff"))
                .compose(answers -> {
                    Outcome outcome = (Outcome) answers[0];
                    if (!outcome.ok()) {
                        socket.close((short) 1008, outcome.rejection().code());
                        return Future.failedFuture(outcome.rejection().detail());
                    }
                    JsonObject welcome = new JsonObject().put("type", "welcome")
                            .put("agent", JsonViews.agent((AgentView) outcome.value()));
                    if (answers[1] == null) {
                        socket.welcome(welcome);
                    } else {
                        welcomeResumed(welcome, (StreamReplay) answers[1]);
                    }
                    return Future.succeededFuture();
                });
    }

    /**
     * A resumable welcome: replayed, at the client's seq followed by what it missed; otherwise at the
     * stream's position, followed by the offers still open (the agent object has the rest).
     */
    private void welcomeResumed(JsonObject welcome, StreamReplay replay) {
        welcome.put("resumed", replay.resumed());
        if (replay.resumed()) {
            welcome.put("upTo", replay.position()); // messages numbered up to here are the replay
        }
        List<Object[]> missed = new ArrayList<>(replay.messages().size());
        for (Sequenced message : replay.messages()) {
            missed.add(new Object[] {render(message.message()), message.agentSeq()});
        }
        socket.welcome(welcome, replay.resumed() ? resumeAfter : replay.position(), missed);
        if (!replay.resumed()) {
            resent.forEach(offer -> socket.send((NumberedSocket.Prepared) render(offer)));
        }
        resent.clear();
    }

    private void onText(String text) {
        socket.heard();
        ClientMessages.Decoded msg = ClientMessages.decode(text, agentId, sessionId);
        Object id = msg.id();
        Command command = msg.command();
        if (command == null) {
            error(id, "bad_message", msg.problem());
            return;
        }
        engine.send(command).onComplete(done -> {
            if (done.failed()) {
                error(id, "unavailable", done.cause() instanceof ReplyException refused
                        && refused.failureCode() == EngineRefusals.UNAVAILABLE
                        ? "the journal cannot be written; nothing was changed; retry"
                        : "the routing engine did not answer; retry");
            } else {
                reply(id, done.result());
            }
        });
    }

    private void reply(Object id, Outcome outcome) {
        if (outcome.ok() && (id == null || id instanceof String)) {
            socket.send(new NumberedSocket.Prepared(TicketJson.idMessage("ack", (String) id), null)); // no tree per ack
        } else if (outcome.ok()) {
            socket.send(new JsonObject().put("type", "ack").put("id", id));
        } else {
            Rejection r = outcome.rejection();
            error(id, r.code(), r.detail());
        }
    }

    private void onPush(Sequenced sequenced) {
        AgentPush push = (AgentPush) sequenced.message();
        if (push.kind() == AgentPush.Kind.REPLACED) {
            socket.close(CLOSE_REPLACED, "replaced by a newer connection");
        } else if (resumeAfter < 0) {
            Object message = render(push);
            if (message instanceof NumberedSocket.Prepared p) {
                socket.send(p);
            } else {
                socket.send((JsonObject) message);
            }
        } else if (push.kind() == AgentPush.Kind.OFFER_RESENT) {
            resent.add(push);
        } else {
            socket.sendNumbered(render(push), sequenced.agentSeq());
        }
    }

    /** A push or notification as a server message without its seq ({@link JsonObject} or prepared). */
    private static Object render(Object message) {
        if (message instanceof Notification n) {
            return JsonViews.notification(n);
        }
        AgentPush push = (AgentPush) message;
        switch (push.kind()) {
            case OFFER:
            case OFFER_RESENT:
                return new NumberedSocket.Prepared(TicketJson.openMessage("offer", push.offerId(), push.ticket(),
                        push.expiresAt()), null);
            case ASSIGNED:
                return new NumberedSocket.Prepared(TicketJson.openMessage("assigned", null, push.ticket(), 0), null);
            case OFFER_REVOKED:
                return new JsonObject().put("type", "offer_revoked").put("offerId", push.offerId())
                        .put("reason", push.reason());
            case TICKET_UPDATED:
                return new NumberedSocket.Prepared(TicketJson.openMessage("ticket_updated", null, push.ticket(), 0),
                        Outbox.ticketKey(push.ticket().id()));
            case PRESENCE_CHANGED:
                return new JsonObject().put("type", "presence_changed").put("status", push.presence().wire())
                        .put("reason", push.reason());
            default:
                throw new IllegalStateException("not a message: " + push.kind());
        }
    }

    private void error(Object id, String code, String message) {
        socket.send(new JsonObject().put("type", "error").put("id", id).put("code", code).put("message", message));
    }

    /** Runs once: unsubscribes, and tells the engine this session ended. */
    private void onClosed() {
        pushes.run();
        leadership.run();
        notifications.unregister();
        engine.send(new Command.Disconnect(agentId, sessionId));
    }
}
