package io.switchboard.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body read with Jackson's streaming parser straight into the few members a command
 * needs, instead of a {@code JsonObject} tree of everything sent. What it keeps is exactly what the
 * tree would have answered for those members, so validation and its messages are unchanged:
 * scalars as Vert.x decodes them ({@code String}, the parser's {@code Number}, {@code Boolean},
 * null), a nested object the command reads as {@link Members}, a nested array it reads as a
 * {@code List}, an object of scalars it reads whole as a {@code LinkedHashMap}; any other nested
 * value as {@link #OBJECT} or {@link #ARRAY} (skipped, but still checked for syntax). A repeated
 * member keeps its last value, as the tree did. The parser is Vert.x's own
 * ({@link JacksonCodec#createParser(Buffer)}: same features and read limits), and trailing tokens
 * are refused as {@code Json.decodeValue} refuses them.
 */
final class StreamedBody {
    /** A nested object that is not read (only its kind matters to validation). */
    static final Object OBJECT = new Marker("object");
    /** A nested array that is not read. */
    static final Object ARRAY = new Marker("array");

    private record Marker(String kind) {
    }

    /** The members of one JSON object that a reader asked for, by name; the others are skipped. */
    static final class Members {
        private final Shape shape;
        private final Object[] values;

        private Members(Shape shape) {
            this.shape = shape;
            this.values = new Object[shape.names.length];
        }

        /** The member's value (see the class comment), or null when absent or JSON null. */
        Object get(String name) {
            for (int i = 0; i < shape.names.length; i++) {
                if (shape.names[i].equals(name)) {
                    return values[i];
                }
            }
            throw new IllegalArgumentException(name + " was not asked for");
        }
    }

    /** How a nested value of a member is read, the parser on its START_OBJECT or START_ARRAY. */
    interface Nested {
        Object read(JsonParser p) throws IOException;
    }

    /** The members to keep of an object, and how to read each one's nested value (null: skip it). */
    static final class Shape {
        private final String[] names;
        private final Nested[] nested;

        private Shape(String[] names, Nested[] nested) {
            this.names = names;
            this.nested = nested;
        }

        /** Members read as scalars; a nested value becomes {@link #OBJECT} or {@link #ARRAY}. */
        static Shape scalars(String... names) {
            return new Shape(names, new Nested[names.length]);
        }

        /** This shape, with {@code name}'s nested value read by {@code reader}. */
        Shape with(String name, Nested reader) {
            String[] names = this.names.clone();
            Nested[] nested = this.nested.clone();
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    nested[i] = reader;
                    return new Shape(names, nested);
                }
            }
            throw new IllegalArgumentException(name + " is not a member of this shape");
        }

        /** An empty body's members: every one absent. */
        Members empty() {
            return new Members(this);
        }
    }

    /** The body is not a JSON object: {@code detail} is what a 400 {@code malformed-json} says. */
    static final class NotAnObject extends Exception {
        NotAnObject(String detail) {
            super(detail, null, false, false);
        }
    }

    private StreamedBody() {
    }

    /**
     * Reads {@code raw} as one JSON object of {@code shape}. Fails with the same 400 details as the
     * tree did: "the body is not valid JSON" or "the body must be a JSON object".
     */
    static Members read(Buffer raw, Shape shape) throws NotAnObject {
        try (JsonParser p = JacksonCodec.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                // Rare: which of the two answers applies depends on the whole text, as the tree read it.
                return notAnObject(raw);
            }
            Members body = object(p, shape);
            if (p.nextToken() != null) {
                throw new NotAnObject("the body is not valid JSON");
            }
            return body;
        } catch (IOException | DecodeException | IllegalStateException e) {
            throw new NotAnObject("the body is not valid JSON");
        }
    }

    private static Members notAnObject(Buffer raw) throws NotAnObject {
        try {
            Json.decodeValue(raw);
        } catch (DecodeException | IllegalStateException e) {
            throw new NotAnObject("the body is not valid JSON");
        }
        throw new NotAnObject("the body must be a JSON object");
    }

    /** The parser on START_OBJECT: reads to its END_OBJECT. */
    static Members object(JsonParser p, Shape shape) throws IOException {
        Members members = new Members(shape);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            int at = indexOf(shape.names, name);
            if (at < 0) {
                p.skipChildren();
            } else if (shape.nested[at] != null && (p.currentToken() == JsonToken.START_OBJECT
                    || p.currentToken() == JsonToken.START_ARRAY)) {
                members.values[at] = shape.nested[at].read(p);
            } else {
                members.values[at] = scalar(p);
            }
        }
        return members;
    }

    /** A nested reader: an object kept whole, member by member, each value a scalar (or a marker). */
    static Object scalarsByName(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return scalar(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            out.put(name, scalar(p));
        }
        return out;
    }

    /** A nested reader: an array whose items are read by {@code item} (the parser on each item's token). */
    static Nested listOf(Nested item) {
        return p -> {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return scalar(p);
            }
            List<Object> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(item.read(p));
            }
            return out;
        };
    }

    /** A nested reader (and list item reader): an object of {@code shape}, anything else as a scalar or marker. */
    static Nested objectOf(Shape shape) {
        return p -> p.currentToken() == JsonToken.START_OBJECT ? object(p, shape) : scalar(p);
    }

    /** The current value as Vert.x decodes a scalar; a nested value is skipped and marked. */
    static Object scalar(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT:
                p.skipChildren();
                return OBJECT;
            case START_ARRAY:
                p.skipChildren();
                return ARRAY;
            default:
                throw new DecodeException("Unexpected token");
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
