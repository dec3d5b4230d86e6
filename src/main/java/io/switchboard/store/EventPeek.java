package io.switchboard.store;

import java.nio.charset.StandardCharsets;

/**
 * Reads the two leading members of an encoded event, {@code long at} and the {@code String} after
 * it (a ticket's id, a stream's name, an agent's id), without decoding the rest: for compaction,
 * which needs only those of most events. It reads what {@link EventCodec} writes today: format 2,
 * {@code [short 2][short tag][short version]}, the body's present flag {@code [byte 1]}, then
 * {@code at} as 8 bytes and the string as {@code [byte present][int length][UTF-8]}. It answers only for an event at its type's current
 * version whose record starts with {@code (long, String)}; for anything else (format 1, an older
 * version read through an upcaster, another layout, an absent or cut-short string) it says no and
 * the caller decodes in full, which also reports a damaged event as such.
 *
 * <p>Threading: immutable after construction; safe to share.
 */
final class EventPeek {
    private static final int HEADER = 6;
    /** The body is written as a nullable record: a present flag, then its members. */
    private static final int AT = HEADER + 1;
    private static final int ID_FLAG = AT + Long.BYTES;
    private static final int ID_LENGTH = ID_FLAG + 1;
    private static final int ID = ID_LENGTH + Integer.BYTES;

    private static final EventPeek INSTANCE = new EventPeek(EventTypes.CURRENT);

    /** By tag: the current version when its record starts with (long, String), else 0. */
    private final int[] peekableVersion;
    private final Class<?>[] typesByTag;

    EventPeek(EventTypes registry) {
        int highest = 0;
        for (EventTypes.EventType type : registry.types()) {
            highest = Math.max(highest, type.tag());
        }
        peekableVersion = new int[highest + 1];
        typesByTag = new Class<?>[highest + 1];
        for (EventTypes.EventType type : registry.types()) {
            typesByTag[type.tag()] = type.type();
            var components = type.type().getRecordComponents();
            if (components.length >= 2 && components[0].getType() == long.class
                    && components[1].getType() == String.class) {
                peekableVersion[type.tag()] = type.version();
            }
        }
    }

    static EventPeek instance() {
        return INSTANCE;
    }

    /** True when {@link #at} and {@link #id} can read {@code encoded}; false = decode it instead. */
    boolean peekable(byte[] encoded) {
        return peekable(encoded, 0, encoded.length);
    }

    /** As {@link #peekable(byte[])} for the event in {@code length} bytes from {@code offset}. */
    boolean peekable(byte[] bytes, int offset, int length) {
        if (length < ID || readShort(bytes, offset) != EventCodec.FORMAT) {
            return false;
        }
        int tag = readShort(bytes, offset + 2);
        if (tag >= peekableVersion.length || peekableVersion[tag] == 0
                || readShort(bytes, offset + 4) != peekableVersion[tag] || bytes[offset + HEADER] != 1
                || bytes[offset + ID_FLAG] != 1) {
            return false;
        }
        int idLength = readInt(bytes, offset + ID_LENGTH);
        return idLength >= 0 && idLength <= length - ID;
    }

    /** The event's {@code at}; only after {@link #peekable} said yes. */
    long at(byte[] encoded) {
        return at(encoded, 0);
    }

    /** The {@code at} of the event starting at {@code offset}; only after {@link #peekable} said yes. */
    long at(byte[] bytes, int offset) {
        return ((long) readInt(bytes, offset + AT) << 32) | (readInt(bytes, offset + AT + 4) & 0xffffffffL);
    }

    /** The event's leading string (ticket id, stream, agent id); only after {@link #peekable} said yes. */
    String id(byte[] encoded) {
        return id(encoded, 0);
    }

    /** The leading string of the event starting at {@code offset}; only after {@link #peekable} said yes. */
    String id(byte[] bytes, int offset) {
        return new String(bytes, idOffset(offset), idLength(bytes, offset), StandardCharsets.UTF_8);
    }

    /** Where the leading string of the event starting at {@code offset} starts (its UTF-8 bytes). */
    int idOffset(int offset) {
        return offset + ID;
    }

    /** How many UTF-8 bytes the leading string of the event at {@code offset} takes; only after {@link #peekable}. */
    int idLength(byte[] bytes, int offset) {
        return readInt(bytes, offset + ID_LENGTH);
    }

    /**
     * The record type (today's class, whatever version) of the event starting at {@code offset}, as
     * {@link EventCodec#typeOf} says for a payload of its own; null for an unknown tag.
     */
    Class<?> typeOf(byte[] bytes, int offset) {
        int tag = readShort(bytes, offset + 2); // the tag sits at bytes 2-3 in format 1 and 2 alike
        return tag < typesByTag.length ? typesByTag[tag] : null;
    }

    private static int readShort(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }
}
