package io.switchboard.api.ws;

import io.switchboard.api.JsonViews;
import io.switchboard.app.EngineClient;
import io.switchboard.app.config.ServerSettings;
import io.switchboard.engine.Notification;
import io.switchboard.engine.PersonView;
import io.switchboard.metrics.SocketMeter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A supervisor's read-only stream (docs/websocket-protocol.md): the SLA warnings, breaches,
 * escalations and other alerts for the agents that person leads or manages and the queues they
 * supervise. Several streams per person are fine; each gets every notification.
 */
final class SupervisorSocket {
    private final Vertx vertx;
    private final PersonView person;
    private final NumberedSocket socket;
    private MessageConsumer<Notification> notifications;

    SupervisorSocket(Vertx vertx, NumberedSocket.Upgraded ws, Object person, ServerSettings settings,
            SocketMeter meter) {
        this.vertx = vertx;
        this.person = (PersonView) person;
        this.socket = new NumberedSocket(vertx, ws, settings, this::onClosed, meter);
    }

    Future<Void> start() {
        socket.start();
        socket.ws().textMessageHandler(text -> readOnly());
        socket.ws().binaryMessageHandler(bytes -> readOnly());
        notifications = vertx.eventBus().localConsumer(EngineClient.personAddress(person.id()),
                m -> socket.send(JsonViews.notification(m.body())));
        return notifications.completion().onSuccess(v -> socket.welcome(new JsonObject().put("type", "welcome")
                .put("supervisor", new JsonObject().put("id", person.id())
                        .put("leads", new JsonArray(person.leads()))
                        .put("manages", new JsonArray(person.manages()))
                        .put("queues", new JsonArray(person.queues())))));
    }

    private void readOnly() {
        socket.heard();
        socket.send(new JsonObject().put("type", "error").putNull("id").put("code", "read_only")
                .put("message", "the supervisor stream only sends; use the REST API to act"));
    }

    private void onClosed() {
        notifications.unregister();
    }
}
