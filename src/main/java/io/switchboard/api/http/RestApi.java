package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.JsonViews;
import io.switchboard.api.TicketJson;
import io.switchboard.api.web.WebAssets;
import io.switchboard.api.web.WebUi;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Security;
import io.switchboard.channels.ChannelSettings;
import io.switchboard.config.ServerSettings;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.CreatedThenArchived;
import io.switchboard.engine.QueueView;
import io.switchboard.engine.TicketView;
import io.switchboard.health.Readiness;
import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.metrics.Metrics;
import io.switchboard.port.EnginePort;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
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
 * trace. Routes and their schemas are listed in docs/openapi.yaml (served at /openapi.yaml); the
 * WebSocket protocols in docs/asyncapi.yaml (served at /asyncapi.yaml).
 */
public final class RestApi {
    private static final Logger LOG = Logger.getLogger(RestApi.class.getName());
    private static final int MAX_PAGE = 200;
    /**
     * Ticket actions of the people working the ticket (agent, supervisor, admin), the ones every
     * ticket takes first: Vert.x tries each route's path pattern before its method, so every route
     * with a path parameter registered before a request's own costs it a regex match (a
     * {@code Matcher}, ~300 B, and its CPU).
     */
    private static final String[] STAFF_ACTIONS = {"resolve", "reply", "pending", "transfer", "follow-up"};
    /**
     * Ticket actions an integration may also take on the tickets it created (the customer's side).
     * A customer message sent by anyone but the customer's channel is recorded as that caller on
     * behalf of the customer; {@code confirm} is mounted apart, see {@link #confirmRoute}.
     */
    private static final String[] CUSTOMER_ACTIONS = {"reopen", "close", "messages"};

    private final EnginePort engine;
    private final ServerSettings settings;
    private final Contracts contracts;
    private final Security security;
    private final Metrics metrics;
    private final Readiness readiness;
    private final Access access;
    private final Answers answers;
    private final ScopedReads reads;
    private final TicketReads ticketReads;
    private final ArchivedTickets archive;
    private final WebhookRoutes webhooks;
    private final IntakeGate intake;
    private final ChannelSettings channels;

    /** {@code metrics} is served at /metrics, {@code readiness} at /health/ready. */
    public RestApi(EnginePort engine, ServerSettings settings, Contracts contracts, Security security, Metrics metrics,
            Readiness readiness, ArchivedTickets archive) {
        this(engine, settings, contracts, security, metrics, readiness, archive, WebhookAdmin.NONE, ChannelSettings.DEFAULT);
    }

    /** As above, with {@code /v1/webhooks} served by {@code webhooks}. */
    public RestApi(EnginePort engine, ServerSettings settings, Contracts contracts, Security security, Metrics metrics,
            Readiness readiness, ArchivedTickets archive, WebhookAdmin webhooks) {
        this(engine, settings, contracts, security, metrics, readiness, archive, webhooks, ChannelSettings.DEFAULT);
    }

    /** {@code channels}: the fields per ticket type checked (and extracted) on creation, and e-mail intake. */
    public RestApi(EnginePort engine, ServerSettings settings, Contracts contracts, Security security, Metrics metrics,
            Readiness readiness, ArchivedTickets archive, ChannelSettings channels) {
        this(engine, settings, contracts, security, metrics, readiness, archive, WebhookAdmin.NONE, channels);
    }

    /** With {@code /v1/webhooks} served by {@code webhooks} and the channels' intake by {@code channels}. */
    public RestApi(EnginePort engine, ServerSettings settings, Contracts contracts, Security security, Metrics metrics,
            Readiness readiness, ArchivedTickets archive, WebhookAdmin webhooks, ChannelSettings channels) {
        this.webhooks = new WebhookRoutes(webhooks);
        this.intake = new IntakeGate(channels.intake());
        this.channels = channels;
        this.engine = engine;
        this.settings = settings;
        this.contracts = contracts;
        this.security = security;
        this.metrics = metrics;
        this.readiness = readiness;
        this.access = new Access(engine, archive);
        this.answers = new Answers(engine);
        this.reads = new ScopedReads(answers, access, security, archive);
        this.ticketReads = new TicketReads(answers, archive);
        this.archive = archive;
    }

    /** Builds the router; the two socket handlers take the WebSocket upgrade routes. */
    public Router router(Vertx vertx, Handler<RoutingContext> agentSocket, Handler<RoutingContext> supervisorSocket) {
        return router(vertx, null, agentSocket, supervisorSocket);
    }

    /** As above, with the header deadlines of the HTTP verticle's connections ({@code headers}, null for none). */
    Router router(Vertx vertx, HeaderDeadlines headers, Handler<RoutingContext> agentSocket,
            Handler<RoutingContext> supervisorSocket) {
        Router router = Router.router(vertx);
        // Preallocated: a body's buffer is its Content-Length (at most the limit and 64 KiB), not
        // 1 KiB grown as it arrives; a ticket body is ~0.5 KB and an action's a few bytes.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes())
                .setPreallocateBodyBuffer(true);
        // First, for every request (401s and 429s included): the header deadline lifted, the
        // request timed, and unless it is a WebSocket upgrade (SocketRoutes.isUpgradePath) the
        // request deadline and the body. An upgrade passes the handlers below untouched and reaches
        // its route, mounted last: it never ends, so the deadline sweep must not see it, and its
        // body is not read.
        router.route().handler(new RequestFront(headers, metrics.httpTiming().orElse(null),
                new RequestDeadlines(settings.requestTimeout().toMillis(), 503), bodies));
        router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml")
                .end(contracts.openApi()));
        router.get("/asyncapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml")
                .end(contracts.asyncApi()));
        OpsRoutes.mount(router, metrics, readiness);
        SignInRoute.mountWithWebUi(router, security);

        // Signed by the WeChat platform, not by an API key: before authentication.
        new WeChatRoute(vertx, engine, intake, channels.wechat()).mount(router);
        router.route().handler(new AuthHandler(security));

        router.post("/v1/tickets").handler(access.roles(Role.INTEGRATION, Role.SUPERVISOR, Role.ADMIN))
                .handler(this::createTicket);
        router.get("/v1/tickets").handler(reads::listTickets);
        // The ticket actions before the reads of one ticket: an action is the more frequent request (see STAFF_ACTIONS).
        for (String action : STAFF_ACTIONS) {
            ticketAction(router, action, access.ticket(Role.AGENT, Role.SUPERVISOR, Role.ADMIN));
        }
        router.get("/v1/tickets/:id").handler(access.ticket(Role.INTEGRATION, Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(ticketReads::ticket);
        router.get("/v1/tickets/:id/attachments/:attachmentId")
                .handler(access.ticket(Role.INTEGRATION, Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(new AttachmentRoute(vertx, answers, archive,
                        new io.switchboard.channels.email.AttachmentStore(channels.email().attachments()))::handle);
        router.get("/v1/tickets/:id/timeline")
                .handler(access.ticket(Role.INTEGRATION, Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(ticketReads::timeline);
        router.patch("/v1/tickets/:id").handler(access.ticket(Role.INTEGRATION, Role.SUPERVISOR, Role.ADMIN))
                .handler(rc -> JsonBodies.read(rc, false, body -> {
                    Requests.Parsed parsed = Requests.reprioritize(rc.pathParam("id"), body, actor(rc));
                    runTicket(rc, parsed);
                }));
        for (String action : CUSTOMER_ACTIONS) {
            ticketAction(router, action, access.ticket(Role.INTEGRATION, Role.AGENT, Role.SUPERVISOR, Role.ADMIN));
        }
        confirmRoute(router);
        feedbackRoute(router);
        new HandoffRoutes(engine, intake).mount(router, access);
        router.post("/v1/intake/email").handler(access.roles(Role.INTEGRATION, Role.ADMIN))
                .handler(new MailIntakeRoute(vertx, engine, intake, channels.email()));

        router.put("/v1/agents/:id").handler(access.roles(Role.ADMIN)).handler(rc -> JsonBodies.read(rc, false, body -> {
            Requests.Parsed parsed = Requests.upsertAgent(rc.pathParam("id"), body);
            run(rc, parsed, 200, v -> JsonViews.agent((AgentView) v));
        }));
        router.get("/v1/agents").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN)).handler(reads::listAgents);
        router.get("/v1/agents/:id").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(reads::getAgent);
        router.get("/v1/queues").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(rc -> answers.answer(rc, new Command.ListQueues(), 200,
                        v -> listOf(v, q -> JsonViews.queue((QueueView) q), "queues")));
        new ReportRoutes(access, archive).mount(router);
        new SlaAdviceRoutes(access, archive).mount(router);
        new SlaDryRunRoute(access, archive).mount(router);
        router.post("/v1/ws-tickets").handler(access.roles(Role.AGENT, Role.SUPERVISOR, Role.ADMIN))
                .handler(reads::wsTicket);
        webhooks.mount(router, access.roles(Role.INTEGRATION, Role.ADMIN));
        // Public routes with path parameters last, so that the API's requests never try their patterns.
        OpsRoutes.mountProblemPages(router);
        WebUi.mountAssets(router, WebAssets.packaged());
        router.get("/v1/agents/:id/ws").handler(agentSocket);
        router.get("/v1/supervisors/:id/ws").handler(supervisorSocket);

        // Vert.x reports 404 rather than 405 when a catch-all route (auth) matched after the route
        // whose method differed, so both codes go through the same check of the path's methods.
        AllowedMethods allowed = new AllowedMethods(router);
        router.errorHandler(404, rc -> notFoundOrNotAllowed(rc, allowed));
        router.errorHandler(405, rc -> notFoundOrNotAllowed(rc, allowed));
        router.route().failureHandler(this::failure);
        return router;
    }

    /** 405 with {@code Allow} when the path exists under other methods, else 404. */
    private static void notFoundOrNotAllowed(RoutingContext rc, AllowedMethods allowed) {
        String allow = allowed.allow(rc.normalizedPath());
        if (allow.isEmpty()) {
            Problem.of(404, "not-found", "Not found", "no resource at " + rc.request().method() + " "
                    + rc.normalizedPath()).send(rc.response());
            return;
        }
        rc.response().putHeader("Allow", allow);
        Problem.of(405, "method-not-allowed", "Method not allowed", rc.request().method()
                + " is not supported on this resource; it supports " + allow).send(rc.response());
    }

    /**
     * Only the customer closes a resolved ticket by confirming it, so only the customer's channel
     * (an integration, or an admin acting for it) may relay the confirmation, recorded as that caller
     * on behalf of the customer. Staff close a resolved ticket with {@code /close}, under their own
     * name: an agent or supervisor confirming is refused (403), never recorded as the customer.
     */
    private void confirmRoute(Router router) {
        router.post("/v1/tickets/:id/confirm").handler(rc -> {
            Role role = Access.principal(rc).role();
            if (role == Role.AGENT || role == Role.SUPERVISOR) {
                Access.forbidden(rc, "forbidden_role", "only the customer confirms a resolved ticket, through an integration; staff use "
                        + "POST /v1/tickets/{id}/close");
            } else {
                rc.next();
            }
        });
        ticketAction(router, "confirm", access.ticket(Role.INTEGRATION, Role.ADMIN));
    }

    /**
     * The customer's rating, relayed like a confirmation by the integration that owns the ticket
     * (or an admin): staff never rate their own work (403).
     */
    private void feedbackRoute(Router router) {
        router.post("/v1/tickets/:id/feedback").handler(rc -> {
            Role role = Access.principal(rc).role();
            if (role == Role.AGENT || role == Role.SUPERVISOR) {
                Access.forbidden(rc, "forbidden_role", "only the customer rates a ticket, through the integration"
                        + " that created it");
            } else {
                rc.next();
            }
        });
        ticketAction(router, "feedback", access.ticket(Role.INTEGRATION, Role.ADMIN));
    }

    private void ticketAction(Router router, String action, Handler<RoutingContext> guard) {
        router.post("/v1/tickets/:id/" + action).handler(guard).handler(rc -> JsonBodies.stream(rc, true,
                Requests.ACTION, body -> {
            IdempotencyKeyHeader.Parsed key = idempotencyKey(rc);
            if (key == null) {
                return;
            }
            Requests.Parsed parsed = Requests.action(action, rc.pathParam("id"), body, actor(rc));
            if (key.key() != null && parsed.command() instanceof Command.TicketAction keyed) {
                // scoped to the caller like a create's key; the fingerprint covers the path's action and ticket
                parsed = new Requests.Parsed(new Command.Idempotent(actor(rc) + " " + key.key(),
                        Requests.fingerprint(keyed), keyed), List.of());
            }
            runTicket(rc, parsed);
        }));
    }

    /** The request's Idempotency-Key (its key null when absent), or null once a 400 has been sent. */
    private static IdempotencyKeyHeader.Parsed idempotencyKey(RoutingContext rc) {
        IdempotencyKeyHeader.Parsed key = IdempotencyKeyHeader.parse(rc.request().getHeader(IdempotencyKeyHeader.NAME));
        if (key.error() != null) {
            Problem.of(400, "bad-idempotency-key", "Bad Idempotency-Key", "Idempotency-Key must be a structured-field"
                    + " string such as \"k1\" (or the bare token k1) of 1-" + IdempotencyKeyHeader.MAX_LENGTH
                    + " printable ASCII characters: " + key.error()).send(rc.response());
            return null;
        }
        return key;
    }

    private static String actor(RoutingContext rc) {
        return Access.principal(rc).actor();
    }

    private void createTicket(RoutingContext rc) {
        JsonBodies.stream(rc, false, Requests.TICKET, body -> {
            IdempotencyKeyHeader.Parsed header = idempotencyKey(rc);
            if (header == null) {
                return;
            }
            String key = header.key();
            // Idempotency keys are per caller: another caller's key neither collides nor reveals a ticket.
            Requests.Parsed parsed = Requests.createTicket(body, key == null ? null : actor(rc) + " " + key,
                    actor(rc));
            if (parsed.command() == null) {
                Problem.validation(parsed.errors()).send(rc.response());
                return;
            }
            IntakeGate.Gated gated = intake.apply((Command.CreateTicket) parsed.command());
            if (gated.problem() != null) {
                gated.problem().send(rc.response());
                return;
            }
            engine.trySend(gated.command()).onComplete(done -> {
                if (done.failed()) {
                    Answers.unavailable(rc, done.cause());
                } else if (!done.result().ok()) {
                    Problem.from(done.result().rejection()).send(rc.response());
                } else if (done.result().value() instanceof CreatedThenArchived earlier) {
                    answerArchived(rc, earlier.ticketId());
                } else {
                    TicketView ticket = (TicketView) done.result().value();
                    rc.response().putHeader("Location", "/v1/tickets/" + ticket.id());
                    Answers.json(rc, done.result().created() ? 201 : 200, TicketJson.bytes(ticket));
                }
            });
        });
    }

    /** A retried creation whose ticket has been archived since: the archived ticket, as a retry's 200. */
    private void answerArchived(RoutingContext rc, String ticketId) {
        archive.find(ticketId).onComplete(found -> {
            if (found.failed()) {
                Answers.archiveUnavailable(rc, found.cause());
            } else if (found.result().isEmpty()) {
                // archived events not yet in the history store (it follows the journal): ask again shortly
                rc.response().putHeader("Retry-After", "1");
                Problem.of(503, "unavailable", "Service Unavailable",
                        "ticket " + ticketId + " was created with this Idempotency-Key and is being archived; retry")
                        .send(rc.response());
            } else {
                rc.response().putHeader("Location", "/v1/tickets/" + ticketId);
                Answers.json(rc, 200, JsonViews.ticket(found.result().get().ticket()));
            }
        });
    }

    private void run(RoutingContext rc, Requests.Parsed parsed, int status, Function<Object, JsonObject> render) {
        if (parsed.command() == null) {
            Problem.validation(parsed.errors()).send(rc.response());
            return;
        }
        answers.answer(rc, parsed.command(), status, render);
    }

    /** A ticket command answered with the ticket as it is after it. */
    private void runTicket(RoutingContext rc, Requests.Parsed parsed) {
        if (parsed.command() == null) {
            Problem.validation(parsed.errors()).send(rc.response());
            return;
        }
        answers.answerTicket(rc, parsed.command(), 200);
    }

    private static JsonObject listOf(Object value, Function<Object, JsonObject> render, String name) {
        JsonArray items = new JsonArray();
        ((List<?>) value).forEach(item -> items.add(render.apply(item)));
        return new JsonObject().put(name, items);
    }

    private void failure(RoutingContext rc) {
        int status = rc.statusCode();
        if (status == 503) {
            rc.response().putHeader("Retry-After", "1");
            Problem.of(503, "timeout", "Request timeout", "the request was not answered within "
                    + settings.requestTimeout().toMillis() + " ms; retry shortly").send(rc.response());
        } else if (status == 413) {
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
