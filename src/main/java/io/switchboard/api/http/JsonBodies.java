package io.switchboard.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Request bodies: must be a JSON object sent as {@code application/json} (or a {@code +json}
 * type). Answers 415 for another media type and 400 for anything that is not a JSON object;
 * the size limit (413) is the BodyHandler's.
 */
final class JsonBodies {
    private static final String JSON = "application/json";

    private JsonBodies() {
    }

    /** Parses a JSON object body; an empty body counts as {} when {@code emptyAllowed}. */
    static void read(RoutingContext rc, boolean emptyAllowed, Handler<JsonObject> next) {
        Buffer raw = rc.body().buffer();
        if (raw == null || raw.length() == 0) {
            if (emptyAllowed) {
                next.handle(new JsonObject());
            } else {
                missing(rc);
            }
            return;
        }
        if (!jsonMediaType(rc)) {
            return;
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(raw);
        } catch (DecodeException | IllegalStateException e) {
            Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid JSON").send(rc.response());
            return;
        }
        if (!(parsed instanceof JsonObject body)) {
            Problem.of(400, "malformed-json", "Malformed JSON", "the body must be a JSON object").send(rc.response());
            return;
        }
        next.handle(body);
    }

    /**
     * As {@link #read}, with the same answers for a missing, mistyped or malformed body, but the
     * body is streamed straight into the members of {@code shape} (no JSON tree); an empty body
     * has every member absent when {@code emptyAllowed}.
     */
    static void stream(RoutingContext rc, boolean emptyAllowed, StreamedBody.Shape shape,
            Handler<StreamedBody.Members> next) {
        Buffer raw = rc.body().buffer();
        if (raw == null || raw.length() == 0) {
            if (emptyAllowed) {
                next.handle(shape.empty());
            } else {
                missing(rc);
            }
            return;
        }
        if (!jsonMediaType(rc)) {
            return;
        }
        StreamedBody.Members body;
        try {
            body = StreamedBody.read(raw, shape);
        } catch (StreamedBody.NotAnObject e) {
            Problem.of(400, "malformed-json", "Malformed JSON", e.getMessage()).send(rc.response());
            return;
        }
        next.handle(body);
    }

    private static void missing(RoutingContext rc) {
        Problem.of(400, "malformed-json", "Malformed JSON", "a JSON object body is required").send(rc.response());
    }

    /** True for application/json or application/*+json; otherwise answers 415 and returns false. */
    private static boolean jsonMediaType(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON) && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json").send(rc.response());
            return false;
        }
        return true;
    }
}
