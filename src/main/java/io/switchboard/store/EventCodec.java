package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Binary form of {@link DomainEvent}s for the journal and snapshots: a version, a type tag, then
 * the record's components in declaration order. The codec is derived from the records themselves
 * (strings, numbers, enums, decimals, collections, nested records and sealed interfaces of
 * records), so an event added to the sealed hierarchy is journaled without codec code.
 *
 * <p>The layout depends on the records' shapes, which {@link #schemaFingerprint()} hashes; a test
 * pins the fingerprint to {@link DomainEvent#SCHEMA_VERSION}, so a change of shape without a
 * version bump fails the build, and {@link #decode} refuses any version it does not know.
 *
 * <p>Threading: immutable after construction; safe to share.
 */
public final class EventCodec {
    private static final EventCodec INSTANCE = new EventCodec();

    private final List<Class<?>> eventTypes;
    private final Map<Class<?>, Integer> tags = new HashMap<>();
    private final Map<Type, Codec> codecs = new HashMap<>();
    private final Codec[] eventCodecs;
    private final String fingerprint;

    private EventCodec() {
        List<Class<?>> leaves = new ArrayList<>();
        collectRecords(DomainEvent.class, leaves);
        leaves.sort(Comparator.comparing(Class::getName));
        this.eventTypes = List.copyOf(leaves);
        this.eventCodecs = new Codec[leaves.size()];
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < leaves.size(); i++) {
            tags.put(leaves.get(i), i);
            eventCodecs[i] = codecFor(leaves.get(i));
            describe(leaves.get(i), shape, new HashSet<>());
            shape.append('\n');
        }
        this.fingerprint = sha256(shape.toString()).substring(0, 16);
    }

    public static EventCodec instance() {
        return INSTANCE;
    }

    /** A hash of every event record's shape (names, component types, enum constants, in order). */
    public String schemaFingerprint() {
        return fingerprint;
    }

    public byte[] encode(DomainEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public void encode(DomainEvent event, DataOutput out) throws IOException {
        Integer tag = tags.get(event.getClass());
        if (tag == null) {
            throw new IllegalArgumentException("not a journaled event type: " + event.getClass());
        }
        out.writeShort(DomainEvent.SCHEMA_VERSION);
        out.writeShort(tag);
        eventCodecs[tag].write(out, event);
    }

    /** Decodes one event; fails with {@link JournalCorruptException} on any unknown version or tag. */
    public DomainEvent decode(byte[] bytes) {
        try {
            return decode(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof JournalCorruptException corrupt) {
                throw corrupt;
            }
            throw new JournalCorruptException("undecodable event: " + e, e);
        }
    }

    private DomainEvent decode(DataInput in) throws IOException {
        int version = in.readUnsignedShort();
        if (version != DomainEvent.SCHEMA_VERSION) {
            throw new JournalCorruptException("event schema version " + version + " is unknown to this build (it reads "
                    + DomainEvent.SCHEMA_VERSION + "); refusing to guess. Run the build that wrote the journal or"
                    + " migrate it.");
        }
        int tag = in.readUnsignedShort();
        if (tag >= eventCodecs.length) {
            throw new JournalCorruptException("unknown event type tag " + tag);
        }
        return (DomainEvent) eventCodecs[tag].read(in);
    }

    /** The event's record type from an encoded event, without decoding the rest. */
    public Class<?> typeOf(byte[] encoded) {
        int tag = ((encoded[2] & 0xff) << 8) | (encoded[3] & 0xff);
        return tag < eventTypes.size() ? eventTypes.get(tag) : null;
    }

    private interface Codec {
        void write(DataOutput out, Object value) throws IOException;

        Object read(DataInput in) throws IOException;
    }

    private Codec codecFor(Type type) {
        Codec known = codecs.get(type);
        if (known != null) {
            return known;
        }
        Codec codec = build(type);
        codecs.put(type, codec);
        return codec;
    }

    private Codec build(Type type) {
        if (type == long.class) {
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException { out.writeLong((Long) v); }
                public Object read(DataInput in) throws IOException { return in.readLong(); }
            };
        }
        if (type == int.class) {
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException { out.writeInt((Integer) v); }
                public Object read(DataInput in) throws IOException { return in.readInt(); }
            };
        }
        if (type == boolean.class) {
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException { out.writeBoolean((Boolean) v); }
                public Object read(DataInput in) throws IOException { return in.readBoolean(); }
            };
        }
        if (type == double.class) {
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException { out.writeDouble((Double) v); }
                public Object read(DataInput in) throws IOException { return in.readDouble(); }
            };
        }
        if (type == String.class) {
            return nullable(new Codec() {
                public void write(DataOutput out, Object v) throws IOException { writeString(out, (String) v); }
                public Object read(DataInput in) throws IOException { return readString(in); }
            });
        }
        if (type == Integer.class || type == Long.class) {
            Codec primitive = build(type == Integer.class ? int.class : long.class);
            return nullable(primitive);
        }
        if (type == BigDecimal.class) {
            return nullable(new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    writeString(out, ((BigDecimal) v).toString());
                }
                public Object read(DataInput in) throws IOException { return new BigDecimal(readString(in)); }
            });
        }
        if (type instanceof ParameterizedType parameterized) {
            return nullable(collection(parameterized));
        }
        if (type instanceof Class<?> cls) {
            if (cls.isEnum()) {
                Object[] constants = cls.getEnumConstants();
                return nullable(new Codec() {
                    public void write(DataOutput out, Object v) throws IOException { out.writeShort(((Enum<?>) v).ordinal()); }
                    public Object read(DataInput in) throws IOException {
                        int ordinal = in.readUnsignedShort();
                        if (ordinal >= constants.length) {
                            throw new JournalCorruptException("unknown " + cls.getSimpleName() + " #" + ordinal);
                        }
                        return constants[ordinal];
                    }
                });
            }
            if (cls.isRecord()) {
                return nullable(record(cls));
            }
            if (cls.isSealed()) {
                return nullable(sealed(cls));
            }
        }
        throw new IllegalStateException("no journal codec for " + type + "; extend EventCodec");
    }

    private Codec record(Class<?> cls) {
        RecordComponent[] components = cls.getRecordComponents();
        MethodHandle[] getters = new MethodHandle[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Codec[] parts = new Codec[components.length];
        // Placeholder first so a record that refers to itself through a sealed parent terminates.
        Codec[] self = new Codec[1];
        codecs.put(cls, new Codec() {
            public void write(DataOutput out, Object v) throws IOException { self[0].write(out, v); }
            public Object read(DataInput in) throws IOException { return self[0].read(in); }
        });
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            for (int i = 0; i < components.length; i++) {
                // adapted to (Object)Object once, so each call is an invokeExact without boxing of the handle
                getters[i] = lookup.unreflect(components[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
                parameterTypes[i] = components[i].getType();
                parts[i] = codecFor(components[i].getGenericType());
            }
            Constructor<?> constructor = cls.getDeclaredConstructor(parameterTypes);
            MethodHandle create = lookup.unreflectConstructor(constructor)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            self[0] = new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    for (int i = 0; i < parts.length; i++) {
                        Object part;
                        try {
                            part = (Object) getters[i].invokeExact(v);
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                        parts[i].write(out, part);
                    }
                }

                public Object read(DataInput in) throws IOException {
                    Object[] args = new Object[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        args[i] = parts[i].read(in);
                    }
                    try {
                        return (Object) create.invokeExact(args);
                    } catch (RuntimeException e) {
                        throw new JournalCorruptException("invalid " + cls.getSimpleName() + ": " + e.getMessage(), e);
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            return self[0];
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot journal " + cls + ": " + e, e);
        }
    }

    private Codec sealed(Class<?> parent) {
        List<Class<?>> subtypes = new ArrayList<>();
        collectRecords(parent, subtypes);
        subtypes.sort(Comparator.comparing(Class::getName));
        Codec[] parts = new Codec[subtypes.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = codecFor(subtypes.get(i));
        }
        return new Codec() {
            public void write(DataOutput out, Object v) throws IOException {
                int index = subtypes.indexOf(v.getClass());
                out.writeShort(index);
                parts[index].write(out, v);
            }

            public Object read(DataInput in) throws IOException {
                int index = in.readUnsignedShort();
                if (index >= parts.length) {
                    throw new JournalCorruptException("unknown " + parent.getSimpleName() + " #" + index);
                }
                return parts[index].read(in);
            }
        };
    }

    private Codec collection(ParameterizedType type) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] args = type.getActualTypeArguments();
        if (List.class == raw || Set.class == raw || SortedSet.class == raw) {
            Codec element = codecFor(args[0]);
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    java.util.Collection<?> items = (java.util.Collection<?>) v;
                    out.writeInt(items.size());
                    for (Object item : items) {
                        element.write(out, item);
                    }
                }

                public Object read(DataInput in) throws IOException {
                    int size = readSize(in);
                    java.util.Collection<Object> items = raw == List.class ? new ArrayList<>(size)
                            : raw == SortedSet.class ? new TreeSet<>() : new LinkedHashSet<>();
                    for (int i = 0; i < size; i++) {
                        items.add(element.read(in));
                    }
                    return raw == List.class ? List.copyOf(items) : items;
                }
            };
        }
        if (Map.class == raw || SortedMap.class == raw) {
            Codec key = codecFor(args[0]);
            Codec value = codecFor(args[1]);
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    Map<?, ?> map = (Map<?, ?>) v;
                    out.writeInt(map.size());
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        key.write(out, entry.getKey());
                        value.write(out, entry.getValue());
                    }
                }

                public Object read(DataInput in) throws IOException {
                    int size = readSize(in);
                    Map<Object, Object> map = raw == SortedMap.class ? new TreeMap<>() : new LinkedHashMap<>();
                    for (int i = 0; i < size; i++) {
                        map.put(key.read(in), value.read(in));
                    }
                    return map;
                }
            };
        }
        throw new IllegalStateException("no journal codec for " + type + "; extend EventCodec");
    }

    private static Codec nullable(Codec codec) {
        return new Codec() {
            public void write(DataOutput out, Object v) throws IOException {
                out.writeBoolean(v != null);
                if (v != null) {
                    codec.write(out, v);
                }
            }

            public Object read(DataInput in) throws IOException {
                return in.readBoolean() ? codec.read(in) : null;
            }
        };
    }

    private static int readSize(DataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 10_000_000) {
            throw new JournalCorruptException("implausible collection size " + size);
        }
        return size;
    }

    /** Length-prefixed UTF-8 (DataOutput.writeUTF stops at 64 KiB, transcripts can be longer). */
    private static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new JournalCorruptException("implausible string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        return length <= SHARED_MAX_LENGTH ? share(text) : text;
    }

    /**
     * Short strings (ids, actors, reasons, queue names) repeat across a ticket's events; in the live
     * engine they are one object. Replay shares them the same way, so a recovered state costs the
     * heap what the live one did instead of one copy per event.
     */
    private static String share(String text) {
        Map<String, String> shared = SHARED.get();
        if (shared == null) {
            return text;
        }
        String known = shared.putIfAbsent(text, text);
        return known != null ? known : text;
    }

    private static final int SHARED_MAX_LENGTH = 48;
    private static final ThreadLocal<Map<String, String>> SHARED = new ThreadLocal<>();

    /** Decodes a whole journal in order, sharing repeated short strings among the events. */
    public List<DomainEvent> decodeAll(List<byte[]> payloads, String source) {
        List<DomainEvent> events = new ArrayList<>(payloads.size());
        SHARED.set(new HashMap<>());
        try {
            for (byte[] payload : payloads) {
                try {
                    events.add(decode(payload));
                } catch (JournalCorruptException e) {
                    throw new JournalCorruptException(source + ": " + e.getMessage(), e);
                }
            }
        } finally {
            SHARED.remove();
        }
        return events;
    }

    private static void collectRecords(Class<?> type, List<Class<?>> into) {
        if (type.isRecord()) {
            into.add(type);
        } else if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectRecords(sub, into);
            }
        }
    }

    private static void describe(Type type, StringBuilder out, Set<Type> seen) {
        if (type instanceof ParameterizedType parameterized) {
            out.append(((Class<?>) parameterized.getRawType()).getSimpleName()).append('<');
            for (Type arg : parameterized.getActualTypeArguments()) {
                describe(arg, out, seen);
                out.append(',');
            }
            out.append('>');
            return;
        }
        Class<?> cls = (Class<?>) type;
        out.append(cls.getSimpleName());
        if (!seen.add(cls)) {
            return;
        }
        if (cls.isEnum()) {
            out.append(Arrays.toString(cls.getEnumConstants()));
        } else if (cls.isRecord()) {
            out.append('(');
            for (RecordComponent component : cls.getRecordComponents()) {
                out.append(component.getName()).append(':');
                describe(component.getGenericType(), out, seen);
                out.append(';');
            }
            out.append(')');
        } else if (cls.isSealed()) {
            List<Class<?>> subtypes = new ArrayList<>();
            collectRecords(cls, subtypes);
            subtypes.sort(Comparator.comparing(Class::getName));
            out.append('{');
            for (Class<?> sub : subtypes) {
                describe(sub, out, seen);
                out.append('|');
            }
            out.append('}');
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
