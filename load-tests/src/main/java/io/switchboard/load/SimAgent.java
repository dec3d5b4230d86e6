package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated agent desktop speaking the Switchboard protocol (docs/websocket-protocol.md):
 * connects, waits for {@code welcome}, optionally says {@code presence: available}, accepts every
 * offer after an exponential think time (or gets {@code assigned} directly when auto-accepting),
 * holds each ticket for an exponential handle time and resolves it with
 * {@code POST /v1/tickets/{id}/resolve}. It reports the first push of each ticket to the
 * {@link Correlator}, the assignment latency and the resolve latency (from the moment the resolve
 * was due).
 *
 * <p>Threading: every callback runs on {@code context}, the event loop that owns the socket.
 */
final class SimAgent {
    private static final Buffer RESOLVE_BODY = Buffer.buffer("{\"reason\":\"load_test\"}");

    private final Fleet fleet;
    private final String id;
    private final Context context;
    private final SplittableRandom random;
    private final Promise<Void> welcomed = Promise.promise();
    private WebSocket ws;
    private int held;

    SimAgent(Fleet fleet, String id, Context context, long seed) {
        this.fleet = fleet;
        this.id = id;
        this.context = context;
        this.random = new SplittableRandom(seed);
    }

    /** Completes once the welcome arrived and, if {@code available}, the presence message was written. */
    Future<Void> connect(boolean available) {
        return fleet.clients.connect(fleet.target.socketPath(id)).compose(socket -> {
            ws = socket;
            ws.textMessageHandler(this::onText);
            ws.closeHandler(v -> onClosed());
            return welcomed.future();
        }).compose(v -> available
                ? ws.writeTextMessage(new JsonObject().put("type", "presence").put("status", "available").encode())
                : Future.succeededFuture());
    }

    private void onText(String text) {
        long arrived = System.nanoTime();
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException e) {
            error("ws_unparseable", arrived);
            return;
        }
        switch (msg.getString("type", "")) {
            case "welcome":
                welcomed.tryComplete();
                break;
            case "offer":
                onOffer(msg, arrived);
                break;
            case "assigned":
                onAssigned(msg.getJsonObject("ticket"), arrived);
                break;
            case "offer_revoked":
                count(Metrics.Count.REVOKED, arrived);
                release();
                break;
            case "presence_changed":
                ws.writeTextMessage(new JsonObject().put("type", "presence").put("status", "available").encode());
                break;
            case "error":
                error("ws_error_" + msg.getString("code", "unknown"), arrived);
                break;
            default:
                break;
        }
    }

    private void onOffer(JsonObject msg, long arrived) {
        JsonObject ticket = msg.getJsonObject("ticket");
        firstPush(ticket, arrived);
        String accept = new JsonObject().put("type", "accept").put("offerId", msg.getString("offerId")).encode();
        long think = Arrivals.exponentialNanos(random, fleet.spec.thinkMeanNanos());
        if (think < TimeUnit.MILLISECONDS.toNanos(1)) {
            ws.writeTextMessage(accept);
        } else {
            context.owner().setTimer(TimeUnit.NANOSECONDS.toMillis(think), t -> ws.writeTextMessage(accept));
        }
    }

    private void onAssigned(JsonObject ticket, long arrived) {
        long intended = Stamp.read(ticket);
        Fleet.Sink sink = fleet.sink();
        if (fleet.spec.autoAccept()) {
            firstPush(ticket, arrived);
        }
        if (sink != null && intended != Long.MIN_VALUE) {
            sink.metrics().record(Metrics.Kind.ASSIGNED, intended, arrived);
            sink.metrics().count(Metrics.Count.ASSIGNED, intended);
            if (sink.sla() != null) {
                sink.sla().assigned(ticket, intended, arrived);
            }
        }
        long handle = Arrivals.exponentialNanos(random, fleet.spec.handleMeanNanos(ticket.getString("channel")));
        long due = System.nanoTime() + handle;
        String ticketId = ticket.getString("id");
        // A ticket left over from an earlier run is worked like any other, but not measured.
        Fleet.Sink recordTo = intended == Long.MIN_VALUE ? null : sink;
        context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(handle)),
                t -> resolve(ticketId, due, recordTo));
    }

    private void firstPush(JsonObject ticket, long arrived) {
        long intended = Stamp.read(ticket);
        if (held++ == 0) {
            fleet.busy.incrementAndGet();
        }
        fleet.held.incrementAndGet();
        Fleet.Sink sink = fleet.sink();
        if (sink != null && intended != Long.MIN_VALUE) {
            sink.metrics().count(Metrics.Count.FIRST_PUSH, intended);
            sink.correlator().firstPush(ticket.getString("id"), intended, arrived);
        }
    }

    /** Resolves the ticket; the outcome is recorded into {@code sink} if it is still the current run's. */
    private void resolve(String ticketId, long due, Fleet.Sink sink) {
        fleet.clients.agentPost(fleet.target.resolvePath(ticketId), RESOLVE_BODY).onComplete(ar -> {
            long now = System.nanoTime();
            release();
            if (sink == null || fleet.sink() != sink) {
                return; // the run this ticket belonged to is over
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

    private void release() {
        if (held > 0) {
            held--;
            fleet.held.decrementAndGet();
            if (held == 0) {
                fleet.busy.decrementAndGet();
            }
        }
    }

    private void onClosed() {
        welcomed.tryFail("agent " + id + " socket closed before welcome");
        error("ws_closed", System.nanoTime());
    }

    private void count(Metrics.Count count, long at) {
        Fleet.Sink sink = fleet.sink();
        if (sink != null) {
            sink.metrics().count(count, at);
        }
    }

    private void error(String cause, long at) {
        Fleet.Sink sink = fleet.sink();
        if (sink != null) {
            sink.metrics().error(cause, at);
        }
    }
}
