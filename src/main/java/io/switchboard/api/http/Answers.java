package io.switchboard.api.http;

import io.netty.buffer.Unpooled;
import io.switchboard.api.TicketJson;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TicketView;
import io.switchboard.port.EngineOverloaded;
import io.switchboard.port.EnginePort;
import io.switchboard.port.EngineRefusals;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a command and answers the request: the rendered value as JSON, a rejection as its problem,
 * an engine that is overloaded or silent as 503 with {@code Retry-After}.
 */
final class Answers {
    private static final Logger LOG = Logger.getLogger(Answers.class.getName());
    private static final String JSON = "application/json";

    private final EnginePort engine;

    Answers(EnginePort engine) {
        this.engine = engine;
    }

    void answer(RoutingContext rc, Command command, int status, Function<Object, JsonObject> render) {
        answerEncoded(rc, command, status, value -> render.apply(value).encode());
    }

    /** As {@link #answer}, with a renderer that writes the JSON text itself. */
    void answerEncoded(RoutingContext rc, Command command, int status, Function<Object, String> render) {
        engine.trySend(command).onComplete(done -> {
            if (done.failed()) {
                unavailable(rc, done.cause());
                return;
            }
            Outcome outcome = done.result();
            if (!outcome.ok()) {
                Problem.from(outcome.rejection()).send(rc.response());
            } else {
                json(rc, outcome.created() ? 201 : status, render.apply(outcome.value()));
            }
        });
    }

    /** As {@link #answer}, with a ticket view as the value: its shared UTF-8 bytes ({@link TicketJson#bytes}). */
    void answerTicket(RoutingContext rc, Command command, int status) {
        engine.trySend(command).onComplete(done -> {
            if (done.failed()) {
                unavailable(rc, done.cause());
            } else if (!done.result().ok()) {
                Problem.from(done.result().rejection()).send(rc.response());
            } else {
                json(rc, done.result().created() ? 201 : status, TicketJson.bytes((TicketView) done.result().value()));
            }
        });
    }

    /** Runs a command; the outcome, or the engine's failure (for {@link #unavailable}). */
    io.vertx.core.Future<Outcome> send(Command command) {
        return engine.trySend(command);
    }

    /** Runs a command and hands its value on; a rejection or an engine failure is answered here. */
    void then(RoutingContext rc, Command command, java.util.function.Consumer<Object> onValue) {
        engine.trySend(command).onComplete(done -> {
            if (done.failed()) {
                unavailable(rc, done.cause());
            } else if (!done.result().ok()) {
                Problem.from(done.result().rejection()).send(rc.response());
            } else {
                onValue.accept(done.result().value());
            }
        });
    }

    static void json(RoutingContext rc, int status, JsonObject body) {
        json(rc, status, body.encode());
    }

    /** {@code body} is JSON text already. */
    static void json(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    /** The history store could not answer a read of an archived ticket. */
    /**
     * {@code body} is UTF-8 JSON, possibly shared with other answers and pushes: Vert.x writes
     * it from a wrapping buffer, without copying it (and never modifies it).
     */
    static void json(RoutingContext rc, int status, byte[] body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", JSON)
                .end(BufferInternal.buffer(Unpooled.wrappedBuffer(body)));
    }

    static void archiveUnavailable(RoutingContext rc, Throwable cause) {
        LOG.log(Level.WARNING, "history store did not answer: {0}", cause.toString());
        rc.response().putHeader("Retry-After", "5");
        Problem.of(503, "history-unavailable", "History unavailable", "this ticket is archived and the history store"
                + " cannot be read right now; retry shortly").send(rc.response());
    }

    /** The history store could not run a report (or this server keeps none). */
    static void reportUnavailable(RoutingContext rc, Throwable cause) {
        LOG.log(Level.WARNING, "history store did not answer a report: {0}", cause.toString());
        rc.response().putHeader("Retry-After", "5");
        Problem.of(503, "history-unavailable", "History unavailable", "reports read the history store, which"
                + " cannot answer right now; retry shortly").send(rc.response());
    }

    static void unavailable(RoutingContext rc, Throwable cause) {
        if (cause instanceof EngineOverloaded) {
            rc.response().putHeader("Retry-After", "1");
            Problem.of(503, "overloaded", "Overloaded", "the routing engine has too many requests waiting; retry shortly")
                    .send(rc.response());
            return;
        }
        if (cause instanceof ReplyException reply && reply.failureCode() == EngineRefusals.INTERNAL_ERROR) {
            Problem.of(500, "internal", "Internal error", "the server failed; the error was logged")
                    .send(rc.response());
            return;
        }
        rc.response().putHeader("Retry-After", "1");
        if (cause instanceof ReplyException reply && reply.failureCode() == EngineRefusals.NOT_LEADER) {
            Problem.of(503, "not-leader", "Not the leader", "this node is a standby and routes nothing; retry shortly"
                    + " (through the load balancer, which sends it to the active node)").send(rc.response());
            return;
        }
        if (cause instanceof ReplyException reply && reply.failureCode() == EngineRefusals.SHUTTING_DOWN) {
            Problem.of(503, "shutting-down", "Shutting down", "the server is stopping and took nothing new, so nothing"
                    + " was changed; retry once it is back").send(rc.response());
            return;
        }
        if (cause instanceof ReplyException reply && reply.failureCode() == EngineRefusals.UNAVAILABLE) {
            Problem.of(503, "unavailable", "Service unavailable",
                    "the journal cannot be written, so nothing was changed; retry shortly").send(rc.response());
            return;
        }
        LOG.log(Level.WARNING, "engine did not answer: {0}", cause.toString());
        Problem.of(503, "unavailable", "Service unavailable", "the routing engine did not answer in time, so the"
                + " outcome is unknown; retry with the same Idempotency-Key").send(rc.response());
    }
}
