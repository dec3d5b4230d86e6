package io.switchboard.app;

import java.util.Map;

/**
 * Jackson read limits for every JSON document Vert.x parses (request bodies, WebSocket messages).
 * Vert.x builds its {@code JsonFactory} once, from these system properties, when JSON is first
 * used, so {@link #apply()} runs first thing in {@link Main}; an explicit {@code -D} wins. The
 * body limit (413) bounds the document; these bound what fits inside it: nesting 32 (a ticket
 * needs 4), numbers of 64 digits, member names of 256 characters.
 */
final class JsonLimits {
    static final Map<String, String> DEFAULTS = Map.of(
            "vertx.jackson.defaultReadMaxNestingDepth", "32",
            "vertx.jackson.defaultReadMaxNumberLength", "64",
            "vertx.jackson.defaultReadMaxNameLength", "256",
            "vertx.jackson.defaultReadMaxStringLength", "1048576",
            "vertx.jackson.defaultReadMaxDocumentLength", "16777216");

    private JsonLimits() {
    }

    static void apply() {
        DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
