package io.switchboard.api.http;

import io.switchboard.api.MemberErrors;
import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads members of a JSON request body, collecting one {@link FieldError} per bad member (with a
 * JSON pointer) instead of stopping at the first. Unknown members are ignored (tolerant reader).
 * Each getter returns null (or an empty collection) when the member is absent or invalid.
 */
final class BodyReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}");
    static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    static final int MAX_TRANSCRIPT = 20_000;
    static final String TRUNCATED = "\n[truncated by Switchboard, ";

    private final MemberErrors errors = new MemberErrors();

    List<FieldError> errors() {
        return errors.list();
    }

    void error(String pointer, String message) {
        errors.add(pointer, message);
    }

    String string(JsonObject obj, String key, String pointer, boolean required, int maxLength) {
        return string(obj.getValue(key), pointer, required, maxLength);
    }

    /** As {@link #string(JsonObject, String, String, boolean, int)}, for a member's value read already. */
    String string(Object value, String pointer, boolean required, int maxLength) {
        return errors.string(value, pointer, required, maxLength);
    }

    /**
     * Free text of a conversation (description, replies, customer messages): longer than
     * {@link #MAX_TRANSCRIPT} characters is kept, cut at that length (never inside a surrogate
     * pair) with {@link #TRUNCATED} and the number of characters left out appended, instead of
     * being rejected: a chatbot hand-over must not fail because the customer talked a lot.
     */
    String transcript(JsonObject obj, String key, String pointer, boolean required) {
        return transcript(obj.getValue(key), pointer, required);
    }

    String transcript(Object value, String pointer, boolean required) {
        if (!(value instanceof String text) || text.length() <= MAX_TRANSCRIPT) {
            return string(value, pointer, required, MAX_TRANSCRIPT);
        }
        if (required && text.isBlank()) {
            error(pointer, "must not be blank");
            return null;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_TRANSCRIPT - 1)) ? MAX_TRANSCRIPT - 1 : MAX_TRANSCRIPT;
        return text.substring(0, cut) + TRUNCATED + (text.length() - cut) + " characters]";
    }

    /**
     * {@code pattern.matcher(text).matches()}, checked by hand for {@link #NAME} and {@link #ID}
     * (every intake request checks several): a {@code Matcher} per check was ~300 B and most of the
     * check's CPU. Both patterns are ASCII classes, so counting chars is counting code points.
     */
    static boolean fits(Pattern pattern, String text) {
        if (pattern == NAME) {
            return fits(text, 64, false);
        }
        if (pattern == ID) {
            return fits(text, 128, true);
        }
        return pattern.matcher(text).matches();
    }

    /** NAME ({@code id} false) or ID: a letter or digit first, then up to {@code max - 1} of the class. */
    private static boolean fits(String text, int max, boolean id) {
        int length = text.length();
        if (length == 0 || length > max) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || id && c >= 'A' && c <= 'Z';
            if (!alnum && (i == 0 || !(c == '_' || c == '.' || c == '-' || id && (c == '@' || c == ':')))) {
                return false;
            }
        }
        return true;
    }

    String matching(JsonObject obj, String key, String pointer, boolean required, Pattern pattern, String what) {
        return matching(obj.getValue(key), pointer, required, pattern, what);
    }

    String matching(Object value, String pointer, boolean required, Pattern pattern, String what) {
        String text = string(value, pointer, required, 128);
        if (text != null && !fits(pattern, text)) {
            error(pointer, "must be " + what);
            return null;
        }
        return text;
    }

    <E extends Enum<E>> E enumValue(JsonObject obj, String key, String pointer, E fallback,
            Function<String, Optional<E>> parse, String allowed) {
        return enumValue(obj.getValue(key), pointer, fallback, parse, allowed);
    }

    <E extends Enum<E>> E enumValue(Object value, String pointer, E fallback, Function<String, Optional<E>> parse,
            String allowed) {
        if (value == null) {
            if (fallback == null) {
                error(pointer, "is required; one of " + allowed);
            }
            return fallback;
        }
        Optional<E> parsed = value instanceof String text ? parse.apply(text) : Optional.empty();
        if (parsed.isEmpty()) {
            error(pointer, "must be one of " + allowed);
            return fallback;
        }
        return parsed.get();
    }

    Integer integer(Object value, String pointer, int min, int max) {
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            error(pointer, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return ((Number) value).intValue();
    }

    boolean bool(JsonObject obj, String key, String pointer) {
        Object value = obj.getValue(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            error(pointer, "must be true or false");
            return false;
        }
        return b;
    }

    JsonObject object(JsonObject obj, String key, String pointer, boolean required) {
        return errors.typed(obj.getValue(key), JsonObject.class, pointer, required, "must be an object");
    }

    /** A nested object read by {@link StreamedBody}: null (with an error if required) when absent or not an object. */
    StreamedBody.Members members(Object value, String pointer, boolean required) {
        return errors.typed(value, StreamedBody.Members.class, pointer, required, "must be an object");
    }

    JsonArray array(JsonObject obj, String key, String pointer, int maxItems) {
        return errors.array(obj.getValue(key), pointer, maxItems);
    }

    List<String> strings(JsonObject obj, String key, String pointer, int maxItems, Pattern pattern, String what) {
        return strings(array(obj, key, pointer, maxItems).getList(), pattern, pointer, what);
    }

    /** As {@link #strings(JsonObject, String, String, int, Pattern, String)}, for an array read by {@link StreamedBody}. */
    List<String> strings(Object value, String pointer, int maxItems, Pattern pattern, String what) {
        List<?> list = List.of();
        if (value instanceof List<?> items && items.size() <= maxItems) {
            list = items;
        } else if (value instanceof List<?>) {
            error(pointer, "must have at most " + maxItems + " items");
        } else if (value != null) {
            error(pointer, "must be an array");
        }
        return strings(list, pattern, pointer, what);
    }

    private List<String> strings(List<?> list, Pattern pattern, String pointer, String what) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String text) || !fits(pattern, text)) {
                error(pointer + "/" + i, "must be " + what);
            } else {
                out.add(text);
            }
        }
        return out;
    }

    /** An object of string keys to scalar values, kept as strings. */
    Map<String, String> scalars(JsonObject obj, String key, String pointer, int maxEntries, int maxLength) {
        JsonObject map = object(obj, key, pointer, false);
        return map == null ? new LinkedHashMap<>() : scalars(map.getMap(), pointer, maxEntries, maxLength);
    }

    /** As {@link #scalars(JsonObject, String, String, int, int)}, for an object read whole by {@link StreamedBody}. */
    Map<String, String> scalars(Object members, String pointer, int maxEntries, int maxLength) {
        if (members == null) {
            return new LinkedHashMap<>();
        }
        if (!(members instanceof Map<?, ?> map)) {
            error(pointer, "must be an object");
            return new LinkedHashMap<>();
        }
        return scalars(map, pointer, maxEntries, maxLength);
    }

    private Map<String, String> scalars(Map<?, ?> map, String pointer, int maxEntries, int maxLength) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map.size() > maxEntries) {
            error(pointer, "must have at most " + maxEntries + " members");
            return out;
        }
        for (Map.Entry<?, ?> member : map.entrySet()) {
            String name = (String) member.getKey();
            Object value = member.getValue();
            String where = pointer + "/" + MemberErrors.escape(name);
            if (name.length() > 64) {
                error(where, "member names must be at most 64 characters");
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                String text = String.valueOf(value);
                if (text.length() > maxLength) {
                    error(where, "must be at most " + maxLength + " characters");
                } else {
                    out.put(name, text);
                }
            } else {
                error(where, "must be a string, number or boolean");
            }
        }
        return out;
    }

}
