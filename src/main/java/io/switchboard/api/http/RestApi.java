package io.switchboard.api.http;

import io.switchboard.api.JsonViews;
import io.switchboard.app.EngineClient;
import io.switchboard.app.EngineVerticle;
import io.switchboard.app.config.ServerSettings;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.QueueView;
import io.switchboard.engine.TicketPage;
import io.switchboard.engine.TicketView;
import io.switchboard.health.Readiness;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The REST API under {@code /v1}: translates HTTP to engine commands and outcomes to JSON. Every
 * error is {@code application/problem+json}; nothing a client sends can produce a 500 or a stack
 * trace. Routes and their schemas are listed in docs/openapi.yaml (served at /openapi.yaml).
 */
public final class RestApi {
    private static final Logger LOG = Logger.getLogger(RestApi.class.getName());
    private static final String JSON = "application/json";
    private static final int MAX_PAGE = 200;
    private static final String[] ACTIONS =
            {"reply", "pending", "resolve", "reopen", "close", "transfer", "messages", "confirm"};

    private final EngineClient engine;
    private final ServerSettings settings;
    private final Buffer openApi;
    private final Metrics metrics;
    private final Readiness readiness;

    public RestApi(EngineClient engine, ServerSettings settings, Buffer openApi) {
        this(engine, settings, openApi, Metrics.disabled(), new Readiness());
    }

    /** {@code metrics} is served at /metrics, {@code readiness} at /health/ready. */
    public RestApi(EngineClient engine, ServerSettings settings, Buffer openApi, Metrics metrics,
            Readiness readiness) {
        this.engine = engine;
        this.settings = settings;
        this.openApi = openApi;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /** Builds the router; the two socket handlers take the WebSocket upgrade routes. */
    public Router router(Vertx vertx, Handler<RoutingContext> agentSocket, Handler<RoutingContext> supervisorSocket) {
        Router router = Router.router(vertx);
        metrics.httpHandler().ifPresent(handler -> router.route().handler(handler));
        router.get("/v1/agents/:id/ws").handler(agentSocket);
        router.get("/v1/supervisors/:id/ws").handler(supervisorSocket);
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml")
                .end(openApi));
        OpsRoutes.mount(router, metrics, readiness);

        router.post("/v1/tickets").handler(this::createTicket);
        router.get("/v1/tickets").handler(this::listTickets);
        router.get("/v1/tickets/:id").handler(rc -> answer(rc, new Command.GetTicket(rc.pathParam("id")), 200,
                v -> JsonViews.ticket((TicketView) v)));
        router.get("/v1/tickets/:id/timeline").handler(rc -> answer(rc, new Command.GetTimeline(rc.pathParam("id")),
                200, RestApi::timeline));
        router.patch("/v1/tickets/:id").handler(rc -> JsonBodies.read(rc, false, body -> {
            Requests.Parsed parsed = Requests.reprioritize(rc.pathParam("id"), body);
            run(rc, parsed, 200, v -> JsonViews.ticket((TicketView) v));
        }));
        for (String action : ACTIONS) {
            router.post("/v1/tickets/:id/" + action).handler(rc -> JsonBodies.read(rc, true, body -> {
                Requests.Parsed parsed = Requests.action(action, rc.pathParam("id"), body);
                run(rc, parsed, 200, v -> JsonViews.ticket((TicketView) v));
            }));
        }

        router.put("/v1/agents/:id").handler(rc -> JsonBodies.read(rc, false, body -> {
            Requests.Parsed parsed = Requests.upsertAgent(rc.pathParam("id"), body);
            run(rc, parsed, 200, v -> JsonViews.agent((AgentView) v));
        }));
        router.get("/v1/agents").handler(rc -> answer(rc, new Command.ListAgents(), 200,
                v -> listOf(v, a -> JsonViews.agent((AgentView) a), "agents")));
        router.get("/v1/agents/:id").handler(rc -> answer(rc, new Command.GetAgent(rc.pathParam("id")), 200,
                v -> JsonViews.agent((AgentView) v)));
        router.get("/v1/queues").handler(rc -> answer(rc, new Command.ListQueues(), 200,
                v -> listOf(v, q -> JsonViews.queue((QueueView) q), "queues")));

        router.errorHandler(404, rc -> Problem.of(404, "not-found", "Not found",
                "no resource at " + rc.request().method() + " " + rc.normalizedPath()).send(rc.response()));
        router.errorHandler(405, rc -> Problem.of(405, "method-not-allowed", "Method not allowed",
                rc.request().method() + " is not supported on this resource").send(rc.response()));
        router.route().failureHandler(RestApi::failure);
        return router;
    }

    private void createTicket(RoutingContext rc) {
        JsonBodies.read(rc, false, body -> {
            String key = rc.request().getHeader("Idempotency-Key");
            if (key != null && (key.isBlank() || key.length() > 255)) {
                Problem.of(400, "bad-idempotency-key", "Bad Idempotency-Key",
                        "Idempotency-Key must be 1-255 characters").send(rc.response());
                return;
            }
            Requests.Parsed parsed = Requests.createTicket(body, key);
            if (parsed.command() == null) {
                Problem.validation(parsed.errors()).send(rc.response());
                return;
            }
            engine.send(parsed.command()).onComplete(done -> {
                if (done.failed()) {
                    unavailable(rc, done.cause());
                } else if (!done.result().ok()) {
                    Problem.from(done.result().rejection()).send(rc.response());
                } else {
                    TicketView ticket = (TicketView) done.result().value();
                    rc.response().putHeader("Location", "/v1/tickets/" + ticket.id());
                    json(rc, done.result().created() ? 201 : 200, JsonViews.ticket(ticket));
                }
            });
        });
    }

    private void listTickets(RoutingContext rc) {
        BodyReader r = new BodyReader();
        String statusText = rc.queryParams().get("status");
        TicketStatus status = null;
        if (statusText != null) {
            status = TicketStatus.parse(statusText).orElse(null);
            if (status == null) {
                r.error("/status", "unknown status '" + statusText + "'");
            }
        }
        int limit = 50;
        String limitText = rc.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                r.error("/limit", "must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        long after = Cursors.decode(rc.queryParams().get("cursor"));
        if (after < 0) {
            r.error("/cursor", "is not a cursor this server issued");
        }
        if (!r.errors().isEmpty()) {
            Problem.validation(r.errors()).send(rc.response());
            return;
        }
        answer(rc, new Command.ListTickets(status, rc.queryParams().get("queue"), rc.queryParams().get("assignee"),
                limit, after), 200, v -> {
                    TicketPage page = (TicketPage) v;
                    JsonArray items = new JsonArray();
                    page.tickets().forEach(t -> items.add(JsonViews.ticket(t)));
                    return new JsonObject().put("tickets", items)
                            .put("nextCursor", page.nextAfterSeq() == 0 ? null : Cursors.encode(page.nextAfterSeq()));
                });
    }

    private void run(RoutingContext rc, Requests.Parsed parsed, int status, Function<Object, JsonObject> render) {
        if (parsed.command() == null) {
            Problem.validation(parsed.errors()).send(rc.response());
            return;
        }
        answer(rc, parsed.command(), status, render);
    }

    private void answer(RoutingContext rc, Command command, int status, Function<Object, JsonObject> render) {
        engine.send(command).onComplete(done -> {
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

    @SuppressWarnings("unchecked")
    private static JsonObject timeline(Object value) {
        JsonArray entries = new JsonArray();
        ((List<DomainEvent.TicketEvent>) value).forEach(e -> entries.add(JsonViews.timelineEntry(e)));
        return new JsonObject().put("timeline", entries);
    }

    private static JsonObject listOf(Object value, Function<Object, JsonObject> render, String name) {
        JsonArray items = new JsonArray();
        ((List<?>) value).forEach(item -> items.add(render.apply(item)));
        return new JsonObject().put(name, items);
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
    }

    private static void unavailable(RoutingContext rc, Throwable cause) {
        if (cause instanceof ReplyException reply && reply.failureCode() == EngineVerticle.INTERNAL_ERROR) {
            Problem.of(500, "internal", "Internal error", "the server failed; the error was logged")
                    .send(rc.response());
            return;
        }
        LOG.log(Level.WARNING, "engine did not answer: {0}", cause.toString());
        rc.response().putHeader("Retry-After", "1");
        Problem.of(503, "unavailable", "Service unavailable", "the routing engine did not answer; retry shortly")
                .send(rc.response());
    }

    private static void failure(RoutingContext rc) {
        int status = rc.statusCode();
        if (status == 413) {
            Problem.of(413, "payload-too-large", "Payload too large", "the body exceeds the limit").send(rc.response());
        } else if (status >= 400 && status < 500) {
            Problem.of(status, "bad-request", "Bad request", "the request could not be processed").send(rc.response());
        } else {
            LOG.log(Level.SEVERE, "unhandled failure on " + rc.request().method() + " " + rc.normalizedPath(),
                    rc.failure());
            Problem.of(500, "internal", "Internal error", "the server failed; the error was logged")
                    .send(rc.response());
        }
    }
}
