package io.switchboard.load;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A receiving socket on the bare relay baseline: parses each pushed frame like an agent desktop
 * would, reports its arrival, holds the ticket for the same exponential handle time as a
 * {@link SimAgent} and resolves it ({@code POST /relay/{id}/resolve}, answered 200), so the relay
 * carries the same request mix as Switchboard. It never answers on the socket (the relay's frames
 * are final, like Switchboard's {@code assigned} to an auto-accepting agent). Callbacks run on the
 * socket's event loop.
 */
final class RelayAgent {
    private static final Buffer RESOLVE_BODY = Buffer.buffer("{\"reason\":\"load_test\"}");

    private final Fleet fleet;
    private final String id;
    private final SplittableRandom random;
    private int held;

    RelayAgent(Fleet fleet, String id, long seed) {
        this.fleet = fleet;
        this.id = id;
        this.random = new SplittableRandom(seed);
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
        if (intended == Long.MIN_VALUE) {
            return;
        }
        sink.metrics().count(Metrics.Count.FIRST_PUSH, intended);
        sink.correlator().firstPush(ticket.getString("id"), intended, arrived);
        if (held++ == 0) {
            fleet.busy.incrementAndGet();
        }
        fleet.held.incrementAndGet();
        long handle = Arrivals.exponentialNanos(random, fleet.spec.handleMeanNanos(ticket.getString("channel")));
        long due = System.nanoTime() + handle;
        String ticketId = ticket.getString("id");
        fleet.clients.vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(handle)), t -> resolve(ticketId, due, sink));
    }

    private void resolve(String ticketId, long due, Fleet.Sink sink) {
        fleet.clients.agentPost(fleet.target.resolvePath(ticketId), RESOLVE_BODY).onComplete(ar -> {
            long now = System.nanoTime();
            if (--held == 0) {
                fleet.busy.decrementAndGet();
            }
            fleet.held.decrementAndGet();
            if (fleet.sink() != sink) {
                return;
            }
            if (ar.succeeded() && ar.result().ok()) {
                sink.metrics().record(Metrics.Kind.RESOLVE, due, now);
                sink.metrics().count(Metrics.Count.RESOLVED, due);
            } else {
                sink.metrics().error(ar.succeeded() ? "resolve_http_" + ar.result().status()
                        : "resolve_" + ar.cause().getClass().getSimpleName(), due);
            }
        });
    }
}
