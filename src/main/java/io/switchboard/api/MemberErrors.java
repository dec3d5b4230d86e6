package io.switchboard.api;

import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad members of one JSON payload, one {@link FieldError} per member (its JSON pointer), so a
 * caller learns every problem at once instead of the first. Shared by the request-body reader and
 * the chatbot platforms' payload readers, which must word the same problem the same way. Not
 * thread-safe: one per request.
 */
public final class MemberErrors {
    private final List<FieldError> errors = new ArrayList<>();

    public List<FieldError> list() {
        return errors;
    }

    public boolean none() {
        return errors.isEmpty();
    }

    public void add(String pointer, String message) {
        errors.add(new FieldError(pointer, message));
    }

    /**
     * A member's value as text: null, and an error named by {@code pointer}, when it is absent
     * but required, not a string, blank but required, or longer than {@code maxLength}.
     */
    public String string(Object value, String pointer, boolean required, int maxLength) {
        if (value == null) {
            if (required) {
                add(pointer, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            add(pointer, "must be a string");
            return null;
        }
        if (required && text.isBlank()) {
            add(pointer, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            add(pointer, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /**
     * A member that must be of {@code type} (a nested object, say): null, and the error
     * {@code mustBe} named by {@code pointer}, when it is of another type; null, and "is required"
     * when absent but required.
     */
    public <T> T typed(Object value, Class<T> type, String pointer, boolean required, String mustBe) {
        if (value == null) {
            if (required) {
                add(pointer, "is required");
            }
            return null;
        }
        if (!type.isInstance(value)) {
            add(pointer, mustBe);
            return null;
        }
        return type.cast(value);
    }

    /**
     * An optional array member of at most {@code maxItems} items: an empty array when absent, and
     * an empty array with an error when it is not an array or too long, so a reader can go on and
     * report the payload's other members.
     */
    public JsonArray array(Object value, String pointer, int maxItems) {
        JsonArray list = typed(value, JsonArray.class, pointer, false, "must be an array");
        if (list == null) {
            return new JsonArray();
        }
        if (list.size() > maxItems) {
            add(pointer, "must have at most " + maxItems + " items");
            return new JsonArray();
        }
        return list;
    }

    /** RFC 6901 escaping of one JSON pointer token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
