package io.switchboard.history;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON text of an event for ad-hoc queries ({@code json_extract} in DuckDB, {@code ::jsonb} in
 * PostgreSQL): records become objects of their components plus {@code "@type"} (the simple class
 * name), enums their lower-case names, maps objects, collections arrays. Derived from the
 * records, like the codec, so a new event needs no code here. Not a contract: the encoded bytes
 * are the source of truth; this text may change with the records.
 *
 * <p>Threading: stateless.
 */
final class EventJson {
    /** Per record class: its opening with {@code "@type"}, component names (pre-quoted) and accessors, looked up once. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Component[] out = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    // adapted to (Object)Object once: each read is an invokeExact, not an invoke that adapts per call
                    out[i] = new Component(",\"" + components[i].getName() + "\":",
                            MethodHandles.publicLookup().unreflect(components[i].getAccessor())
                                    .asType(MethodType.methodType(Object.class, Object.class)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + components[i], e);
                }
            }
            StringBuilder opening = new StringBuilder("{\"@type\":");
            string(opening, type.getSimpleName());
            return new Shape(opening.toString(), out);
        }
    };

    private record Shape(String opening, Component[] components) {}

    private record Component(String prefix, MethodHandle accessor) {}

    private EventJson() {}

    static String of(Object value) {
        return of(value, new StringBuilder(256));
    }

    /** As {@link #of(Object)}, writing through {@code scratch} (cleared first; reused by a caller that writes many). */
    static String of(Object value, StringBuilder scratch) {
        scratch.setLength(0);
        write(scratch, value);
        return scratch.toString();
    }

    /**
     * The same text as {@link #of(Object, StringBuilder)}, as the bytes {@code getBytes(UTF_8)}
     * would give (a lone surrogate becomes {@code '?'}), without the String between: for DuckDB's
     * appender, which takes a VARCHAR's UTF-8 bytes and would otherwise encode the String again
     * (the text and its copy were half of the history thread's allocation, docs/BENCHMARKS.md,
     * branch {@code hist-cpu2}).
     */
    static byte[] utf8(Object value, StringBuilder scratch) {
        scratch.setLength(0);
        write(scratch, value);
        int length = scratch.length();
        int size = 0;
        for (int i = 0; i < length; i++) {
            char ch = scratch.charAt(i);
            if (ch < 0x80) {
                size++;
            } else if (ch < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < length
                    && Character.isLowSurrogate(scratch.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += Character.isSurrogate(ch) ? 1 : 3;
            }
        }
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < length; i++) {
            char ch = scratch.charAt(i);
            if (ch < 0x80) {
                out[at++] = (byte) ch;
            } else if (ch < 0x800) {
                out[at++] = (byte) (0xC0 | ch >> 6);
                out[at++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < length
                    && Character.isLowSurrogate(scratch.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, scratch.charAt(++i));
                out[at++] = (byte) (0xF0 | cp >> 18);
                out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(ch)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | ch >> 12);
                out[at++] = (byte) (0x80 | ch >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | ch & 0x3F);
            }
        }
        return out;
    }

    private static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            out.append(((Number) v).longValue()); // digits written in place, no String per number
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (v instanceof Enum<?> e) {
            string(out, e.name().toLowerCase(Locale.ROOT));
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                Object key = entry.getKey();
                string(out, key instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(key));
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (v.getClass().isRecord()) {
            record(out, v);
        } else {
            string(out, v.toString());
        }
    }

    private static void record(StringBuilder out, Object r) {
        Shape shape = SHAPES.get(r.getClass());
        out.append(shape.opening());
        for (Component c : shape.components()) {
            out.append(c.prefix());
            Object value;
            try {
                value = (Object) c.accessor().invokeExact(r);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + c.prefix() + " of " + r.getClass(), e);
            }
            write(out, value);
        }
        out.append('}');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        if (plain == s.length()) { // the usual text has nothing to escape: appended whole, not char by char
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
