package io.switchboard.engine;

import java.util.List;

/**
 * Why the engine refused a command; nothing changed. {@code code} is a stable machine word
 * (adapters derive problem types and WebSocket error codes from it).
 */
public record Rejection(Kind kind, String code, String detail, List<FieldError> errors) {
    public enum Kind { NOT_FOUND, CONFLICT, INVALID, IDEMPOTENCY_MISMATCH, GONE }

    /** One invalid member of the request; {@code pointer} is a JSON pointer into the body. */
    public record FieldError(String pointer, String message) {}

    public Rejection {
        errors = List.copyOf(errors);
    }

    public static Rejection notFound(String what, String id) {
        return new Rejection(Kind.NOT_FOUND, "not_found", what + " " + id + " does not exist", List.of());
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Kind.CONFLICT, code, detail, List.of());
    }

    public static Rejection invalid(List<FieldError> errors) {
        return new Rejection(Kind.INVALID, "validation", "the request has invalid members", errors);
    }
}
