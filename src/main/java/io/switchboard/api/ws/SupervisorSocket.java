package io.switchboard.api.ws;

import io.switchboard.api.JsonViews;
import io.switchboard.config.ServerSettings;
import io.switchboard.engine.Notification;
import io.switchboard.engine.PersonView;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.switchboard.metrics.SocketMeter;
import io.switchboard.port.EnginePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A supervisor's read-only stream (docs/websocket-protocol.md): the SLA warnings, breaches,
 * escalations and other alerts for the agents that person leads or manages and the queues they
 * supervise. Several streams per person are fine; each gets every notification. Opened with
 * {@code ?resume=<seq>}, it numbers by the person's stream ({@code person:<id>}) and replays what the
 * client missed (docs/websocket-protocol.md, "Resume").
 */
final class SupervisorSocket {
    private final Vertx vertx;
    private final PersonView person;
    private final NumberedSocket socket;
    private final EnginePort engine;
    private final long resumeAfter;
    private MessageConsumer<Sequenced> notifications;
    private Runnable leadership = () -> { };

    /** {@code resumeAfter}: the seq from {@code ?resume=}, or -1 for a stream that does not resume. */
    SupervisorSocket(Vertx vertx, NumberedSocket.Upgraded ws, Object person, ServerSettings settings,
            SocketMeter meter, EnginePort engine, long resumeAfter) {
        this.engine = engine;
        this.resumeAfter = resumeAfter;
        this.vertx = vertx;
        this.person = (PersonView) person;
        this.socket = new NumberedSocket(vertx, ws, settings, this::onClosed, meter);
    }

    Future<Void> start() {
        socket.start();
        socket.ws().textMessageHandler(text -> readOnly());
        socket.ws().binaryMessageHandler(bytes -> readOnly());
        if (resumeAfter >= 0) {
            socket.resumable();
        }
        Runnable lost = engine.onLeadershipLost(() -> socket.close(NumberedSocket.CLOSE_NOT_LEADER,
                NumberedSocket.NOT_LEADER_REASON));
        Runnable stopping = engine.onStopping(() -> socket.close(NumberedSocket.CLOSE_GOING_AWAY,
                NumberedSocket.GOING_AWAY_REASON));
        leadership = () -> {
            lost.run();
            stopping.run();
        };
        notifications = vertx.eventBus().localConsumer(EnginePort.personAddress(person.id()), m -> {
            JsonObject message = JsonViews.notification((Notification) m.body().message());
            if (resumeAfter < 0) {
                socket.send(message);
            } else {
                socket.sendNumbered(message, m.body().personSeq());
            }
        });
        JsonObject welcome = new JsonObject().put("type", "welcome")
                .put("supervisor", new JsonObject().put("id", person.id())
                        .put("leads", new JsonArray(person.leads()))
                        .put("manages", new JsonArray(person.manages()))
                        .put("queues", new JsonArray(person.queues())));
        if (resumeAfter < 0) {
            return notifications.completion().onSuccess(v -> socket.welcome(welcome));
        }
        return notifications.completion()
                .compose(v -> engine.resume(StreamNames.person(person.id()), resumeAfter))
                .onFailure(e -> socket.close((short) 1013, "unavailable, reconnect with backoff"))
                .map(replay -> {
                    welcome.put("resumed", replay.resumed());
                    if (replay.resumed()) {
                        welcome.put("upTo", replay.position()); // messages numbered up to here are the replay
                    }
                    List<Object[]> missed = new ArrayList<>(replay.messages().size());
                    for (Sequenced message : replay.messages()) {
                        missed.add(new Object[] {JsonViews.notification((Notification) message.message()),
                            message.personSeq()});
                    }
                    socket.welcome(welcome, replay.resumed() ? resumeAfter : replay.position(), missed);
                    return null;
                });
    }

    private void readOnly() {
        socket.heard();
        socket.send(new JsonObject().put("type", "error").putNull("id").put("code", "read_only")
                .put("message", "the supervisor stream only sends; use the REST API to act"));
    }

    private void onClosed() {
        notifications.unregister();
        leadership.run();
    }
}
