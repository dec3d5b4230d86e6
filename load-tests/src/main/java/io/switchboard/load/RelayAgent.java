package io.switchboard.load;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A receiving socket on the bare relay baseline: parses each pushed frame like an agent desktop
 * would and reports its arrival; it does not answer. Callbacks run on the socket's event loop.
 */
final class RelayAgent {
    private final Fleet fleet;
    private final String id;

    RelayAgent(Fleet fleet, String id) {
        this.fleet = fleet;
        this.id = id;
    }

    Future<Void> connect() {
        return fleet.clients.connect(fleet.target.socketPath(id)).map(ws -> {
            ws.textMessageHandler(this::onText);
            return null;
        });
    }

    private void onText(String text) {
        long arrived = System.nanoTime();
        Fleet.Sink sink = fleet.sink();
        if (sink == null) {
            return;
        }
        JsonObject ticket = new JsonObject(text).getJsonObject("ticket");
        long intended = Stamp.read(ticket);
        if (intended != Long.MIN_VALUE) {
            sink.metrics().count(Metrics.Count.FIRST_PUSH, intended);
            sink.correlator().firstPush(ticket.getString("id"), intended, arrived);
        }
    }
}
