package io.switchboard.api.handoff;

import io.switchboard.api.MemberErrors;
import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads a platform's payload member by member, collecting one {@link FieldError} per bad member
 * (its JSON pointer into the platform's payload) instead of stopping at the first. Members this
 * build does not use are ignored, as the platforms ask of their consumers. Getters return null (or
 * an empty array) when the member is absent or invalid. Not thread-safe: one per request.
 */
final class Payload {
    /** Longest transcript line kept; a longer one is cut with a marker, never rejected. */
    static final int MAX_TEXT = 4_000;

    private final MemberErrors errors = new MemberErrors();

    List<FieldError> errors() {
        return errors.list();
    }

    boolean ok() {
        return errors.none();
    }

    void error(String pointer, String message) {
        errors.add(pointer, message);
    }

    String string(JsonObject obj, String key, String pointer, boolean required, int maxLength) {
        return errors.string(obj == null ? null : obj.getValue(key), pointer, required, maxLength);
    }

    /** An id the platform sends as a string or a whole number (Chatwoot uses both), as text. */
    String id(JsonObject obj, String key, String pointer, boolean required) {
        Object value = obj == null ? null : obj.getValue(key);
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value != null && !(value instanceof String)) {
            error(pointer, "must be a string or a whole number");
            return null;
        }
        return string(obj, key, pointer, required, 256);
    }

    JsonObject object(JsonObject obj, String key, String pointer, boolean required) {
        return errors.typed(obj == null ? null : obj.getValue(key), JsonObject.class, pointer, required, "must be an object");
    }

    JsonArray array(JsonObject obj, String key, String pointer, int maxItems) {
        return errors.array(obj == null ? null : obj.getValue(key), pointer, maxItems);
    }

    /** An array item that must be an object, or null (with an error) when it is not. */
    JsonObject item(JsonArray list, int i, String pointer) {
        Object value = list.getValue(i);
        if (!(value instanceof JsonObject item)) {
            error(pointer, "must be an object");
            return null;
        }
        return item;
    }

    /**
     * A time as epoch millis (0 when absent): an ISO-8601 instant ({@code 2021-07-23T18:02:48.000Z}),
     * Ruby's UTC form ({@code 2020-03-03 13:05:57 UTC}, in Chatwoot's documented sample) or a
     * number of seconds since 1970.
     */
    long instant(JsonObject obj, String key, String pointer) {
        Object value = obj == null ? null : obj.getValue(key);
        if (value instanceof Number) {
            return epochSeconds(obj, key, pointer);
        }
        String text = string(obj, key, pointer, false, 64);
        if (text == null) {
            return 0;
        }
        try {
            return text.endsWith(" UTC")
                    ? java.time.LocalDateTime.parse(text.substring(0, text.length() - 4).replace(' ', 'T'))
                            .toInstant(java.time.ZoneOffset.UTC).toEpochMilli()
                    : Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            error(pointer, "must be an ISO-8601 UTC time such as 2021-07-23T18:02:48.000Z");
            return 0;
        }
    }

    /** Epoch seconds, whole or fractional (Rasa: {@code 1627063369.123}), as epoch millis; 0 when absent. */
    long epochSeconds(JsonObject obj, String key, String pointer) {
        Object value = obj == null ? null : obj.getValue(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 1e11) {
            error(pointer, "must be a time in seconds since 1970");
            return 0;
        }
        return Math.round(number.doubleValue() * 1000);
    }

    /** Free text of a transcript line: cut at {@link #MAX_TEXT} characters with a marker, never rejected. */
    static String text(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return text.substring(0, cut) + "\n[truncated by Switchboard, " + (text.length() - cut) + " characters]";
    }
}
