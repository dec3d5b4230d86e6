package io.switchboard.api;

import io.switchboard.engine.Rejection.FieldError;
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
}
