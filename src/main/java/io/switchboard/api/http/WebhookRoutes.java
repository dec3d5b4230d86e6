package io.switchboard.api.http;

import io.switchboard.api.auth.Principal;
import io.switchboard.config.Role;
import io.switchboard.engine.Rejection;
import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.hooks.WebhookRejection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /v1/webhooks} (docs/openapi.yaml, tag {@code webhooks}; docs/webhooks.md): subscriptions,
 * their delivery log, dead letters and replays. Admins manage every subscription; an integration
 * manages only the ones it made (others answer 404), which only ever get its own tickets. Secrets
 * appear only in the answers to create and rotate.
 */
final class WebhookRoutes {
    private static final Logger LOG = Logger.getLogger(WebhookRoutes.class.getName());
    private static final int DEFAULT_DELIVERIES_PAGE = 200;
    private final WebhookAdmin admin;

    WebhookRoutes(WebhookAdmin admin) {
        this.admin = admin;
    }

    void mount(Router router, Handler<RoutingContext> guard) {
        router.get("/v1/webhooks").handler(guard).handler(rc -> answer(rc, 200, admin.list(owner(rc)),
                list -> new JsonObject().put("subscriptions", new JsonArray(List.copyOf(list)))));
        router.post("/v1/webhooks").handler(guard).handler(rc -> JsonBodies.read(rc, false, body ->
                answer(rc, 201, admin.create(body, owner(rc)), created -> {
                    rc.response().putHeader("Location", "/v1/webhooks/" + created.getString("id"));
                    return created;
                })));
        router.get("/v1/webhooks/:webhookId").handler(guard).handler(rc -> answer(rc, 200,
                admin.get(rc.pathParam("webhookId"), owner(rc)), json -> json));
        router.patch("/v1/webhooks/:webhookId").handler(guard).handler(rc -> JsonBodies.read(rc, false, body ->
                answer(rc, 200, admin.update(rc.pathParam("webhookId"), body, owner(rc)), json -> json)));
        router.delete("/v1/webhooks/:webhookId").handler(guard).handler(rc -> admin.delete(rc.pathParam("webhookId"), owner(rc))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        rc.response().setStatusCode(204).end();
                    } else {
                        fail(rc, done.cause());
                    }
                }));
        router.post("/v1/webhooks/:webhookId/rotate").handler(guard).handler(rc -> JsonBodies.read(rc, true, body -> {
            Object keep = body.getValue("keepPrevious", Boolean.TRUE);
            if (!(keep instanceof Boolean keepPrevious) || body.size() > (body.containsKey("keepPrevious") ? 1 : 0)) {
                Problem.validation(List.of(new Rejection.FieldError("/keepPrevious",
                        "the only member is keepPrevious, true or false"))).send(rc.response());
                return;
            }
            answer(rc, 200, admin.rotate(rc.pathParam("webhookId"), keepPrevious, owner(rc)), json -> json);
        }));
        router.get("/v1/webhooks/:webhookId/deliveries").handler(guard).handler(this::deliveries);
        router.get("/v1/webhooks/:webhookId/dead-letters").handler(guard).handler(rc -> answer(rc, 200,
                admin.deadLetters(rc.pathParam("webhookId"), owner(rc)), list -> new JsonObject().put("deadLetters", list)));
        router.post("/v1/webhooks/:webhookId/dead-letters/:messageId/replay").handler(guard).handler(rc ->
                admin.replay(rc.pathParam("webhookId"), rc.pathParam("messageId"), owner(rc)).onComplete(done -> {
                    if (done.succeeded()) {
                        rc.response().setStatusCode(202).end();
                    } else {
                        fail(rc, done.cause());
                    }
                }));
    }

    /**
     * A page of the delivery log: {@code limit} (1–{@value WebhookAdmin#MAX_DELIVERIES_PAGE}, default
     * {@value #DEFAULT_DELIVERIES_PAGE}) attempts, newest first, older than {@code cursor} (the
     * previous page's {@code nextCursor}, which is null on the last page).
     */
    private void deliveries(RoutingContext rc) {
        List<Rejection.FieldError> errors = new java.util.ArrayList<>();
        int limit = DEFAULT_DELIVERIES_PAGE;
        String limitText = rc.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > WebhookAdmin.MAX_DELIVERIES_PAGE) {
                errors.add(new Rejection.FieldError("/limit", "must be a whole number from 1 to "
                        + WebhookAdmin.MAX_DELIVERIES_PAGE));
            }
        }
        long before = Cursors.decode(rc.queryParams().get("cursor"));
        if (before < 0) {
            errors.add(new Rejection.FieldError("/cursor", "is not a cursor this server issued"));
        }
        if (!errors.isEmpty()) {
            Problem.validation(errors).send(rc.response());
            return;
        }
        answer(rc, 200, admin.deliveries(rc.pathParam("webhookId"), owner(rc), before, limit), page -> {
            Long olderThan = page.getLong("olderThan");
            return new JsonObject().put("deliveries", page.getJsonArray("deliveries"))
                    .put("nextCursor", olderThan == null ? null : Cursors.encode(olderThan));
        });
    }

    /** Null for an admin (every subscription), the caller's actor for an integration. */
    private static String owner(RoutingContext rc) {
        Principal p = Access.principal(rc);
        return p.role() == Role.ADMIN ? null : p.actor();
    }

    /** The answer to a refused request: the hooks name the slug, this layer owns the catalogue. */
    private static Problem problem(WebhookRejection r) {
        List<Rejection.FieldError> at = r.pointer() == null ? List.of()
                : List.of(new Rejection.FieldError(r.pointer(), r.getMessage()));
        switch (r.slug()) {
            case "validation":
                return new Problem(422, "validation", "Invalid request", r.getMessage(), at);
            case "webhook-url-refused":
                return new Problem(422, "webhook-url-refused", "Refused", r.getMessage(), at);
            case "webhook-exists":
                return new Problem(409, "webhook-exists", "Conflict", r.getMessage(), List.of());
            case "webhook-read-only":
                return new Problem(409, "webhook-read-only", "Conflict", r.getMessage(), List.of());
            case "not-found":
                return new Problem(404, "not-found", "Not found", r.getMessage(), List.of());
            case "not-leader":
                return new Problem(503, "not-leader", "Not the leader", r.getMessage(), List.of());
            default:
                return new Problem(503, "webhooks-starting", "Unavailable", r.getMessage(), List.of());
        }
    }

    private static <T> void answer(RoutingContext rc, int status, Future<T> result, Function<T, JsonObject> render) {
        result.onComplete(done -> {
            if (done.failed()) {
                fail(rc, done.cause());
            } else if (!rc.response().ended()) {
                rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store").end(render.apply(done.result()).encode());
            }
        });
    }

    private static void fail(RoutingContext rc, Throwable cause) {
        if (cause instanceof WebhookRejection r) {
            if (r.status() == 503) {
                rc.response().putHeader("Retry-After", "1");
            }
            problem(r).send(rc.response());
            return;
        }
        LOG.log(Level.SEVERE, "webhook request failed", cause);
        Problem.of(500, "internal", "Internal error", "the server failed; the error was logged").send(rc.response());
    }
}
