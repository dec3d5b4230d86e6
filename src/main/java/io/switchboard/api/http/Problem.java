package io.switchboard.api.http;

import io.switchboard.engine.Rejection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem ({@code application/problem+json}). {@code type} is a stable URI under
 * {@code https://switchboard.dev/problems/}, explained by each server at {@code /problems/<slug>}
 * (docs/problems.md, linked from every answer with {@code rel="help"}); validation problems list {@code errors[{pointer, message}]}. Never carries a
 * stack trace or internal exception text.
 */
public record Problem(int status, String type, String title, String detail, List<Rejection.FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://switchboard.dev/problems/";

    public Problem {
        errors = List.copyOf(errors);
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail, List.of());
    }

    public static Problem validation(List<Rejection.FieldError> errors) {
        return new Problem(422, "validation", "Invalid request", "the request has invalid members", errors);
    }

    /** The HTTP problem for an engine rejection. */
    public static Problem from(Rejection r) {
        switch (r.kind()) {
            case NOT_FOUND:
                return of(404, "not-found", "Not found", r.detail());
            case CONFLICT:
                return of(409, r.code().replace('_', '-'), "Conflict", r.detail());
            case IDEMPOTENCY_MISMATCH:
                return of(422, "idempotency-key-reused", "Idempotency-Key reused", r.detail());
            case GONE:
                return of(409, r.code().replace('_', '-'), "Gone", r.detail());
            default:
                return new Problem(422, "validation", "Invalid request", r.detail(), r.errors());
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", TYPE_BASE + type).put("title", title).put("status", status)
                .put("detail", detail);
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.forEach(e -> list.add(new JsonObject().put("pointer", e.pointer()).put("message", e.message())));
            json.put("errors", list);
        }
        return json;
    }

    public void send(HttpServerResponse response) {
        if (response.ended()) {
            return;
        }
        // the type is a stable name on switchboard.dev; this server explains it at /problems/<slug>
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE)
                .putHeader("Link", "<" + ProblemPages.PATH + type + ">; rel=\"help\"").end(toJson().encode());
    }
}
