package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
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
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Binary form of {@link DomainEvent}s for the journal and snapshots. The body is the record's
 * components in declaration order, derived from the records themselves (strings, numbers, enums,
 * decimals, collections, nested records and sealed interfaces of records), so the codec needs no
 * per-event code; what is written is pinned by {@link EventTypes}: each event type's stable tag
 * and version, the tags of nested sealed subtypes and the codes of enum constants.
 *
 * <p>Wire formats (all numbers big-endian):
 * <ul>
 * <li>format 2 (written): {@code [short 2][short tag][short typeVersion][body]};
 * <li>format 1 (read only; the schema-1 build 225d425 wrote it): {@code [short 1][short tag][body]},
 *     every type at version 1.
 * </ul>
 * An old version is decoded into its frozen legacy record with the same reflective codec and
 * converted by its upcaster ({@link EventTypes}), so the engine only ever sees today's records.
 * An unknown format, tag or version is a {@link JournalCorruptException} naming what this build
 * reads: such a journal was written by a newer build and is never guessed at.
 *
 * <p>Speed: all reflection happens once at construction. Each record gets one method handle that
 * writes all its components and one that reads them and calls its constructor, with accessors and
 * readers typed as the components are, so a primitive is never boxed and no argument array is
 * made; the JIT inlines each record's handle as a whole. Encoding and decoding an event are then a
 * hash lookup (by class) or an array lookup (by tag) and that record's handle.
 *
 * <p>Threading: immutable after construction; safe to share.
 */
public final class EventCodec {
    /** The format this build writes. */
    static final int FORMAT = 2;
    /** The format of the schema-1 build: no per-type version, every type at version 1. */
    static final int FORMAT_1 = 1;

    private static final EventCodec INSTANCE = new EventCodec(EventTypes.CURRENT);

    private final EventTypes registry;
    private final Map<Type, Codec> codecs = new HashMap<>();
    /** Encoding by the event's class: tag, current version and body codec. */
    private final Map<Class<?>, Writer> writers = new HashMap<>();
    /** Decoding by tag, then by version (index 0 unused); null = unknown. */
    private final Reader[][] readers;
    private final Class<?>[] typesByTag;
    private final int maxTag;

    EventCodec(EventTypes registry) {
        this.registry = registry;
        Set<Class<?>> registered = new HashSet<>();
        int highest = -1;
        for (EventTypes.EventType type : registry.types()) {
            highest = Math.max(highest, type.tag());
            registered.add(type.type());
        }
        this.maxTag = highest;
        List<Class<?>> leaves = new ArrayList<>();
        collectRecords(DomainEvent.class, leaves);
        for (Class<?> leaf : leaves) {
            if (!registered.contains(leaf)) {
                throw new IllegalStateException(leaf.getName() + " has no tag in EventTypes: add event(<next free tag>, "
                        + leaf.getSimpleName() + ".class, 1) at the end of EventTypes.CURRENT");
            }
        }
        this.readers = new Reader[highest + 1][];
        this.typesByTag = new Class<?>[highest + 1];
        for (EventTypes.EventType type : registry.types()) {
            typesByTag[type.tag()] = type.type();
            Reader[] byVersion = new Reader[type.version() + 1];
            for (Map.Entry<Integer, Class<?>> version : type.versions()) {
                int v = version.getKey();
                Codec body = codecFor(version.getValue());
                EventTypes.Legacy<?> legacy = type.legacyOf(v);
                byVersion[v] = new Reader(body, legacy);
            }
            readers[type.tag()] = byVersion;
            writers.put(type.type(), new Writer(type.tag(), type.version(), codecFor(type.type())));
        }
    }

    public static EventCodec instance() {
        return INSTANCE;
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
        Writer writer = writers.get(event.getClass());
        if (writer == null) {
            throw new IllegalArgumentException("not a journaled event type: " + event.getClass());
        }
        out.writeShort(FORMAT);
        out.writeShort(writer.tag);
        out.writeShort(writer.version);
        writer.body.write(out, event);
    }

    /**
     * An encoder for a caller that encodes many events, one at a time: the bytes of
     * {@link #encode(DomainEvent)}, written into one array it keeps (no stream, no copy of each
     * string), so only the returned array is new.
     */
    public Encoder encoder() {
        return new Encoder(this);
    }

    /** See {@link #encoder()}. Threading: one caller at a time. */
    public static final class Encoder {
        private final EventCodec codec;
        private final FrameBuffer buffer = new FrameBuffer();

        private Encoder(EventCodec codec) {
            this.codec = codec;
        }

        public byte[] encode(DomainEvent event) {
            try {
                return buffer.payload(codec, event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Decodes one event; fails with {@link JournalCorruptException} on any unknown format, tag or version. */
    public DomainEvent decode(byte[] bytes) {
        try {
            return decode(new PayloadInput(bytes));
        } catch (IOException | RuntimeException e) {
            if (e instanceof JournalCorruptException corrupt) {
                throw corrupt;
            }
            throw new JournalCorruptException("undecodable event: " + e, e);
        }
    }

    /**
     * Decodes one event from {@code in}, reading exactly the bytes {@link #encode(DomainEvent, DataOutput)}
     * wrote; fails as {@link #decode(byte[])} does.
     */
    public DomainEvent decode(DataInput in) throws IOException {
        int format = in.readUnsignedShort();
        if (format != FORMAT && format != FORMAT_1) {
            throw new JournalCorruptException("journal format " + format + " is unknown to this build (it reads formats "
                    + FORMAT_1 + " and " + FORMAT + "): the journal was written by a newer Switchboard build. Run that"
                    + " build or a later one, or restore the data directory / Redis keys backed up before the upgrade"
                    + " (docs/operations.md, Compatibility). This build does not write to it.");
        }
        int tag = in.readUnsignedShort();
        int version = format == FORMAT_1 ? 1 : in.readUnsignedShort();
        Reader[] byVersion = tag < readers.length ? readers[tag] : null;
        if (byVersion == null) {
            throw new JournalCorruptException(registry.retired().contains(tag)
                    ? "event type tag " + tag + " was retired; this build no longer reads it (a build from before its"
                            + " removal does, or add an upcaster for it)"
                    : "unknown event type tag " + tag + " (this build knows tags 0.." + maxTag + "): the event was"
                            + " written by a newer Switchboard build that added its type. Run that build or a later one"
                            + " (docs/operations.md, Compatibility). This build does not write to the journal.");
        }
        if (version < 1 || version >= byVersion.length) {
            throw new JournalCorruptException("unknown version " + version + " of event " + typesByTag[tag].getSimpleName()
                    + " (tag " + tag + "; this build reads versions 1.." + (byVersion.length - 1) + "): the event was"
                    + " written by a newer Switchboard build. Run that build or a later one (docs/operations.md,"
                    + " Compatibility). This build does not write to the journal.");
        }
        Reader reader = byVersion[version];
        Object body = reader.body.read(in);
        return reader.legacy == null ? (DomainEvent) body : upcast(reader.legacy, body, version);
    }

    private static DomainEvent upcast(EventTypes.Legacy<?> legacy, Object old, int version) {
        try {
            return legacy.apply(old);
        } catch (RuntimeException e) {
            throw new JournalCorruptException("cannot upcast " + legacy.shape().getSimpleName() + " (version " + version
                    + "): " + e, e);
        }
    }

    /** The event's record type (today's class, whatever version) from an encoded event, without decoding the rest. */
    public Class<?> typeOf(byte[] encoded) {
        // the tag sits at bytes 2-3 in format 1 and 2 alike
        int tag = ((encoded[2] & 0xff) << 8) | (encoded[3] & 0xff);
        return tag < typesByTag.length ? typesByTag[tag] : null;
    }

    /**
     * The shape of every (tag, version) this build reads, in tag then version order: a stable
     * description of what the body's bytes are (component names and types in order, nested records
     * by structure, sealed subtypes by tag, enums by name), and its fingerprint. A shape that changes
     * under the same (tag, version) would misread old journals; {@code EventTypesTest} pins them.
     */
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        List<EventTypes.EventType> types = new ArrayList<>(registry.types());
        types.sort(Comparator.comparingInt(EventTypes.EventType::tag));
        for (EventTypes.EventType type : types) {
            for (Map.Entry<Integer, Class<?>> version : type.versions()) {
                StringBuilder description = new StringBuilder();
                describeRecord(version.getValue(), description, new HashSet<>());
                String text = description.toString();
                shapes.add(new Shape(type.tag(), version.getKey(), type.type().getSimpleName(),
                        sha256(text).substring(0, 16), text));
            }
        }
        return shapes;
    }

    /** One (tag, version): the type's simple name, the fingerprint of its body and the description hashed. */
    public record Shape(int tag, int version, String type, String fingerprint, String description) {
        /** The line of {@code event-shapes.txt}. */
        public String line() {
            return tag + " " + version + " " + type + " " + fingerprint;
        }
    }

    private record Writer(int tag, int version, Codec body) {}

    private record Reader(Codec body, EventTypes.Legacy<?> legacy) {}

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
                return nullable(enumeration(cls));
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
                parameterTypes[i] = components[i].getType();
                parts[i] = codecFor(components[i].getGenericType());
                getters[i] = lookup.unreflect(components[i].getAccessor());
            }
            Constructor<?> constructor = cls.getDeclaredConstructor(parameterTypes);
            MethodHandle create = reading(lookup.unreflectConstructor(constructor), parameterTypes, parts);
            MethodHandle write = writing(getters, parameterTypes, parts);
            self[0] = new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    try {
                        write.invokeExact(out, v);
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }

                public Object read(DataInput in) throws IOException {
                    try {
                        return (Object) create.invokeExact(in);
                    } catch (IOException | JournalCorruptException e) {
                        throw e; // a component's, as it was
                    } catch (ComponentFailure e) {
                        throw e.failure; // a component's, as it was
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

    /**
     * {@code (DataInput)Object}: reads the components in declaration order and then calls the
     * canonical constructor with them, a {@code long} read as a {@code long} (and so on) and passed
     * as one, so no component is boxed and no argument array is made. Built as nested folds, the
     * outermost reading the first component: for k = n-1 down to 0, the handle taking
     * {@code (in, c0..ck)} becomes one taking {@code (in, c0..c(k-1))} that reads ck first.
     * A component codec's runtime failure arrives as a {@link ComponentFailure}, so that only the
     * constructor's are reported as the record's ("invalid X").
     */
    private static MethodHandle reading(MethodHandle constructor, Class<?>[] types, Codec[] parts)
            throws ReflectiveOperationException {
        MethodHandles.Lookup own = MethodHandles.lookup();
        MethodHandle read = MethodHandles.dropArguments(
                constructor.asType(constructor.type().changeReturnType(Object.class)), 0, DataInput.class);
        for (int k = types.length - 1; k >= 0; k--) {
            // (in, c0..ck) -> (ck, in, c0..c(k-1)), then fold ck's reader in at position 0
            Class<?>[] permuted = new Class<?>[k + 2];
            permuted[0] = types[k];
            permuted[1] = DataInput.class;
            System.arraycopy(types, 0, permuted, 2, k);
            int[] order = new int[k + 2];
            order[0] = 1;
            for (int i = 0; i < k; i++) {
                order[i + 1] = i + 2;
            }
            order[k + 1] = 0;
            read = MethodHandles.permuteArguments(read, MethodType.methodType(Object.class, permuted), order);
            read = MethodHandles.foldArguments(read, 0, componentReader(own, types[k], parts[k]));
        }
        return read;
    }

    /**
     * {@code (DataOutput, Object)void}: writes the record's components in declaration order, each
     * read through its accessor typed as the component is, so a {@code long} goes to
     * {@code writeLong} unboxed (int, boolean, double alike), a string or an enum is written in
     * place and anything else through its codec; the same bytes as the codecs of {@link #build}.
     * One handle for the whole record (folds: the outermost writes the first component), so that
     * the JIT can inline it per record type instead of calling per component.
     */
    private static MethodHandle writing(MethodHandle[] getters, Class<?>[] types, Codec[] parts)
            throws ReflectiveOperationException {
        MethodType writes = MethodType.methodType(void.class, DataOutput.class, Object.class);
        if (getters.length == 0) {
            return MethodHandles.empty(writes);
        }
        MethodHandles.Lookup own = MethodHandles.lookup();
        MethodHandle write = componentWriter(own, getters[getters.length - 1], types[types.length - 1],
                parts[parts.length - 1]);
        for (int k = getters.length - 2; k >= 0; k--) {
            write = MethodHandles.foldArguments(write, componentWriter(own, getters[k], types[k], parts[k]));
        }
        return write;
    }

    /** {@code (DataOutput, Object)void}: one component of the record, as its codec writes it. */
    private static MethodHandle componentWriter(MethodHandles.Lookup own, MethodHandle getter, Class<?> type,
            Codec codec) throws ReflectiveOperationException {
        MethodHandle write;
        Class<?> value;
        if (type == long.class || type == int.class || type == boolean.class || type == double.class) {
            String name = "write" + Character.toUpperCase(type.getName().charAt(0)) + type.getName().substring(1);
            write = own.findVirtual(DataOutput.class, name, MethodType.methodType(void.class, type));
            value = type;
        } else if (type == String.class) {
            write = own.findStatic(EventCodec.class, "writeNullableString",
                    MethodType.methodType(void.class, DataOutput.class, String.class));
            value = String.class;
        } else if (codec instanceof Nullable nullable && nullable.codec instanceof EnumCodes codes) {
            write = own.findVirtual(EnumCodes.class, "writeNullable",
                    MethodType.methodType(void.class, DataOutput.class, Enum.class)).bindTo(codes);
            value = Enum.class;
        } else {
            write = own.findVirtual(Codec.class, "write",
                    MethodType.methodType(void.class, DataOutput.class, Object.class)).bindTo(codec);
            value = Object.class;
        }
        return MethodHandles.filterArguments(write, 1, getter.asType(MethodType.methodType(value, Object.class)));
    }

    private static void writeNullableString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            writeString(out, value);
        }
    }

    /** {@code (DataInput)type}: a primitive straight from the input, anything else through its codec. */
    private static MethodHandle componentReader(MethodHandles.Lookup own, Class<?> type, Codec codec)
            throws ReflectiveOperationException {
        if (type == long.class || type == int.class || type == boolean.class || type == double.class) {
            String name = "read" + Character.toUpperCase(type.getName().charAt(0)) + type.getName().substring(1);
            return own.findVirtual(DataInput.class, name, MethodType.methodType(type));
        }
        return own.findVirtual(ComponentReader.class, "read", MethodType.methodType(Object.class, DataInput.class))
                .bindTo(new ComponentReader(codec))
                .asType(MethodType.methodType(type, DataInput.class));
    }

    /** A component's codec; its runtime failures (but a corrupt journal's) leave as a {@link ComponentFailure}. */
    private static final class ComponentReader {
        private final Codec codec;

        ComponentReader(Codec codec) {
            this.codec = codec;
        }

        Object read(DataInput in) throws IOException {
            try {
                return codec.read(in);
            } catch (JournalCorruptException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ComponentFailure(e);
            }
        }
    }

    /** Carries a component codec's runtime failure past the record's constructor call unchanged. */
    private static final class ComponentFailure extends RuntimeException {
        private final RuntimeException failure;

        ComponentFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /** Enum constants by their stable code ({@link EventTypes}), never by ordinal. */
    private Codec enumeration(Class<?> cls) {
        List<String> names = registry.codesOf(cls);
        if (names == null) {
            throw new IllegalStateException("enum " + cls.getName() + " has no codes in EventTypes: add codes("
                    + cls.getSimpleName() + ".class, <its constants in order>)");
        }
        Object[] constants = cls.getEnumConstants();
        Object[] byCode = new Object[names.size()];
        int[] codeByOrdinal = new int[constants.length];
        Arrays.fill(codeByOrdinal, -1);
        for (int code = 0; code < names.size(); code++) {
            Enum<?> constant = constantNamed(constants, names.get(code));
            if (constant == null) {
                throw new IllegalStateException(cls.getName() + "." + names.get(code) + " (code " + code + ") was removed,"
                        + " but journals may hold it: keep the constant, or give every event containing it a new version");
            }
            byCode[code] = constant;
            codeByOrdinal[constant.ordinal()] = code;
        }
        for (Object constant : constants) {
            if (codeByOrdinal[((Enum<?>) constant).ordinal()] < 0) {
                throw new IllegalStateException(cls.getName() + "." + constant + " has no code in EventTypes: append it to"
                        + " the codes of " + cls.getSimpleName());
            }
        }
        return new EnumCodes(cls, byCode, codeByOrdinal);
    }

    /** An enum's constants as {@code [short code]}. */
    private static final class EnumCodes implements Codec {
        private final Class<?> type;
        private final Object[] byCode;
        private final int[] codeByOrdinal;

        EnumCodes(Class<?> type, Object[] byCode, int[] codeByOrdinal) {
            this.type = type;
            this.byCode = byCode;
            this.codeByOrdinal = codeByOrdinal;
        }

        public void write(DataOutput out, Object v) throws IOException {
            out.writeShort(codeByOrdinal[((Enum<?>) v).ordinal()]);
        }

        void writeNullable(DataOutput out, Enum<?> value) throws IOException {
            if (value == null) {
                out.writeBoolean(false);
            } else {
                out.writeBoolean(true);
                out.writeShort(codeByOrdinal[value.ordinal()]);
            }
        }

        public Object read(DataInput in) throws IOException {
            int code = in.readUnsignedShort();
            if (code >= byCode.length) {
                throw new JournalCorruptException("unknown " + type.getSimpleName() + " code " + code + " (this build"
                        + " knows 0.." + (byCode.length - 1) + "): written by a newer build");
            }
            return byCode[code];
        }
    }

    private static Enum<?> constantNamed(Object[] constants, String name) {
        for (Object constant : constants) {
            if (((Enum<?>) constant).name().equals(name)) {
                return (Enum<?>) constant;
            }
        }
        return null;
    }

    /** A sealed interface of records: {@code [short subtype tag][record]}, tags from {@link EventTypes}. */
    private Codec sealed(Class<?> parent) {
        List<Class<?>> subtypes = registeredSubtypes(parent);
        Codec[] parts = new Codec[subtypes.size()];
        Map<Class<?>, Integer> tagOf = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            parts[i] = codecFor(subtypes.get(i));
            tagOf.put(subtypes.get(i), i);
        }
        return new Codec() {
            public void write(DataOutput out, Object v) throws IOException {
                int tag = tagOf.get(v.getClass());
                out.writeShort(tag);
                parts[tag].write(out, v);
            }

            public Object read(DataInput in) throws IOException {
                int tag = in.readUnsignedShort();
                if (tag >= parts.length) {
                    throw new JournalCorruptException("unknown " + parent.getSimpleName() + " tag " + tag + " (this build"
                            + " knows 0.." + (parts.length - 1) + "): written by a newer build");
                }
                return parts[tag].read(in);
            }
        };
    }

    /** The registered subtypes of {@code parent} (tag = position); every permitted record must be listed. */
    private List<Class<?>> registeredSubtypes(Class<?> parent) {
        List<Class<?>> subtypes = registry.subtypesOf(parent);
        if (subtypes == null) {
            throw new IllegalStateException("sealed " + parent.getName() + " has no subtype tags in EventTypes: register"
                    + " its records (append only)");
        }
        List<Class<?>> permitted = new ArrayList<>();
        collectRecords(parent, permitted);
        for (Class<?> record : permitted) {
            if (!subtypes.contains(record)) {
                throw new IllegalStateException(record.getName() + " has no tag among the subtypes of "
                        + parent.getSimpleName() + " in EventTypes: append it");
            }
        }
        for (Class<?> listed : subtypes) {
            if (!permitted.contains(listed)) {
                throw new IllegalStateException(listed.getName() + " is registered under " + parent.getSimpleName()
                        + " but is not one of its records");
            }
        }
        return subtypes;
    }

    private Codec collection(ParameterizedType type) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] args = type.getActualTypeArguments();
        if (List.class == raw || Set.class == raw || SortedSet.class == raw) {
            Codec element = codecFor(args[0]);
            return new Codec() {
                public void write(DataOutput out, Object v) throws IOException {
                    java.util.Collection<?> items = (java.util.Collection<?>) v;
                    int size = items.size();
                    out.writeInt(size);
                    if (items instanceof List<?> list && items instanceof RandomAccess) {
                        for (int i = 0; i < size; i++) { // by index: no iterator per list written
                            element.write(out, list.get(i));
                        }
                        return;
                    }
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
                    // forEach visits the entries in entrySet's order (the JDK's maps and MetricMillis
                    // alike), without the iterator and the entry objects (TreeMap's, an unmodifiable
                    // wrapper's, MetricMillis's boxed ones) that entrySet makes
                    try {
                        map.forEach((entryKey, entryValue) -> {
                            try {
                                key.write(out, entryKey);
                                value.write(out, entryValue);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
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
        return new Nullable(codec);
    }

    /** {@code [boolean present][value if present]}. */
    private static final class Nullable implements Codec {
        private final Codec codec;

        Nullable(Codec codec) {
            this.codec = codec;
        }

        public void write(DataOutput out, Object v) throws IOException {
            out.writeBoolean(v != null);
            if (v != null) {
                codec.write(out, v);
            }
        }

        public Object read(DataInput in) throws IOException {
            return in.readBoolean() ? codec.read(in) : null;
        }
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
        if (out instanceof FrameBuffer frames) {
            frames.writeUtf8(value); // the same bytes, without the copy
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new JournalCorruptException("implausible string length " + length);
        }
        String text;
        if (in instanceof PayloadInput payload) {
            text = payload.readUtf8(length); // the same string, without copying the bytes out first
        } else {
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
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

    /**
     * A record's wire shape by structure only (component names and types), so that a legacy copy
     * ({@code TicketCreatedV1}) describes exactly as the record it froze did.
     */
    private void describeRecord(Class<?> cls, StringBuilder out, Set<Class<?>> seen) {
        out.append('(');
        for (RecordComponent component : cls.getRecordComponents()) {
            out.append(component.getName()).append(':');
            describe(component.getGenericType(), out, seen);
            out.append(';');
        }
        out.append(')');
    }

    private void describe(Type type, StringBuilder out, Set<Class<?>> seen) {
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
        if (cls.isEnum()) {
            // codes are pinned per enum, beside the shapes; a constant appended changes no shape
            out.append("enum ").append(cls.getSimpleName());
        } else if (cls.isRecord()) {
            if (!seen.add(cls)) {
                out.append("(recursive)");
                return;
            }
            describeRecord(cls, out, seen);
            seen.remove(cls);
        } else if (cls.isSealed()) {
            if (!seen.add(cls)) {
                out.append("{recursive}");
                return;
            }
            List<Class<?>> subtypes = registeredSubtypes(cls);
            out.append('{');
            for (int tag = 0; tag < subtypes.size(); tag++) {
                out.append(tag).append('=');
                describeRecord(subtypes.get(tag), out, seen);
                out.append('|');
            }
            out.append('}');
            seen.remove(cls);
        } else {
            out.append(cls.getSimpleName());
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
