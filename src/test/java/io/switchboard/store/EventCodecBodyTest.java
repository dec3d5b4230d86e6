package io.switchboard.store;

import static io.switchboard.store.EventTypes.codes;
import static io.switchboard.store.EventTypes.event;
import static io.switchboard.store.EventTypes.legacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.store.legacy.EveryComponentV1;
import io.switchboard.store.legacy.UnjournalableV1;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The codec's body format component by component, decoded from bytes written by hand as the wire
 * format says (EventCodec's class comment), through a test-only legacy shape that holds every kind
 * of component; and the registry mistakes the codec refuses when it is built.
 */
class EventCodecBodyTest {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final int REPLIED = 25;
    private static final TicketReplied UPCAST = new TicketReplied(1, "tkt_1", "upcast", "test", "test");

    private final AtomicReference<Object> decoded = new AtomicReference<>();

    @Test
    void decode_everyComponentKind_readsEachAsTheWireFormatSays() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        DomainEvent event = codec.decode(version1(out -> {
            out.writeBoolean(true); // the record is present
            out.writeInt(-7); // int
            out.writeBoolean(true); // Integer
            out.writeInt(42);
            out.writeLong(Long.MIN_VALUE); // long
            out.writeBoolean(true); // Long
            out.writeLong(9_000_000_000L);
            out.writeBoolean(true); // boolean
            out.writeDouble(0.75); // double
            string(out, "文本"); // String
            string(out, "-12.50"); // BigDecimal, as its text
            out.writeBoolean(true); // List<String>
            out.writeInt(2);
            string(out, "b");
            string(out, "a");
            out.writeBoolean(true); // Set<String>: kept in written order
            out.writeInt(2);
            string(out, "b");
            string(out, "a");
            out.writeBoolean(true); // SortedSet<String>: sorted
            out.writeInt(2);
            string(out, "b");
            string(out, "a");
            out.writeBoolean(true); // Map<String, Integer>: kept in written order, null values allowed
            out.writeInt(2);
            string(out, "z");
            out.writeBoolean(true);
            out.writeInt(1);
            string(out, "a");
            out.writeBoolean(false);
            out.writeBoolean(true); // SortedMap<String, Long>: sorted
            out.writeInt(2);
            string(out, "z");
            out.writeBoolean(true);
            out.writeLong(26);
            string(out, "a");
            out.writeBoolean(true);
            out.writeLong(1);
            out.writeBoolean(true); // Priority by code: 3 = LOW
            out.writeShort(3);
            out.writeBoolean(true); // OverflowStep: subtype tag 1 = MoveToQueue, then that record
            out.writeShort(1);
            out.writeBoolean(true);
            out.writeLong(60_000);
            string(out, "general");
            out.writeBoolean(true); // SkillRequirement
            string(out, "billing");
            out.writeInt(5);
        }));

        assertThat(event).as("the upcaster's result is what decode returns").isEqualTo(UPCAST);
        EveryComponentV1 every = (EveryComponentV1) decoded.get();
        assertThat(every).isEqualTo(new EveryComponentV1(-7, 42, Long.MIN_VALUE, 9_000_000_000L, true, 0.75, "文本",
                new BigDecimal("-12.50"), List.of("b", "a"), new LinkedHashSet<>(List.of("b", "a")),
                new TreeSet<>(List.of("a", "b")), mapOf("z", 1, "a", null), new TreeMap<>(Map.of("a", 1L, "z", 26L)),
                Priority.LOW, new OverflowStep.MoveToQueue(60_000, "general"), new SkillRequirement("billing", 5)));
        assertThat(every.amount().scale()).as("a decimal keeps its scale").isEqualTo(2);
        assertThat(every.list()).containsExactly("b", "a");
        assertThatThrownBy(() -> every.list().add("c")).as("lists decode immutable")
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(every.set()).isInstanceOf(LinkedHashSet.class).containsExactly("b", "a");
        assertThat(every.sortedSet()).isInstanceOf(TreeSet.class).containsExactly("a", "b");
        assertThat(every.map()).isInstanceOf(LinkedHashMap.class).containsExactly(Map.entry("z", 1),
                new java.util.AbstractMap.SimpleEntry<>("a", null));
        assertThat(every.sortedMap()).isInstanceOf(TreeMap.class).containsExactly(Map.entry("a", 1L),
                Map.entry("z", 26L));
    }

    @Test
    void decode_everyNullableComponentAbsent_readsNulls() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        codec.decode(version1(out -> {
            primitivesAndBoxesAbsent(out);
            for (int i = 0; i < 10; i++) {
                out.writeBoolean(false); // String .. SkillRequirement
            }
        }));

        assertThat(decoded.get()).isEqualTo(new EveryComponentV1(0, null, 0, null, false, 0, null, null, null, null,
                null, null, null, null, null, null));
    }

    @Test
    void decode_componentItsCodecCannotRead_failsAsUndecodableNotAsTheRecordsConstructor() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        assertThatThrownBy(() -> codec.decode(version1(out -> {
            primitivesAndBoxesAbsent(out);
            out.writeBoolean(false); // String
            string(out, "twelve"); // BigDecimal, as a text it cannot parse
        }))).isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("undecodable event: java.lang.NumberFormatException")
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void decode_nestedRecordItsConstructorRejects_failsNamingTheRecordAndTheReason() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        assertThatThrownBy(() -> codec.decode(version1(out -> {
            nullsUpToSkill(out);
            out.writeBoolean(true);
            string(out, "billing");
            out.writeInt(9);
        }))).isInstanceOf(JournalCorruptException.class)
                .hasMessage("invalid SkillRequirement: skill level must be 1..5: 9");
    }

    @Test
    void decode_unknownSubtypeTag_namesTheSealedTypeAndTheTagsRead() {
        byte[] bytes = CODEC.encode(new TicketOverflowed(5, "t", 1, new OverflowStep.MoveToQueue(1, "q"), "r", "x"));
        int tagAt = 6 + 1 + 8 + (1 + 4 + 1) + 4 + 1; // header, present, at, "t", step (int), applied present
        assertThat(bytes[tagAt + 1]).as("MoveToQueue").isEqualTo((byte) 1);
        bytes[tagAt + 1] = 4; // one past WidenTeams (3), the last subtype

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("unknown OverflowStep tag 4 (this build knows 0..3): written by a newer build");
    }

    @Test
    void decode_enumCodeOnePastTheLast_namesTheEnumAndTheCodesRead() {
        byte[] bytes = CODEC.encode(new OfferWithdrawn(7, "t", "a", "o", OfferWithdrawn.Outcome.REVOKED, "r", "x"));
        int codeAt = 6 + 1 + 8 + 3 * (1 + 4 + 1) + 1;
        bytes[codeAt + 1] = 3; // REJECTED, EXPIRED, REVOKED are 0..2

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("unknown Outcome code 3 (this build knows 0..2): written by a newer build");
    }

    @Test
    void decode_negativeCollectionSize_failsAsImplausible() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        assertThatThrownBy(() -> codec.decode(version1(out -> {
            nullsUpToList(out);
            out.writeBoolean(true);
            out.writeInt(-1);
        }))).isInstanceOf(JournalCorruptException.class).hasMessage("implausible collection size -1");
    }

    @Test
    void decode_collectionSizeAboveTenMillion_failsAsImplausibleButTenMillionIsRead() {
        EventCodec codec = codecReadingVersion1As(EveryComponentV1.class);

        assertThatThrownBy(() -> codec.decode(version1(out -> {
            nullsUpToList(out);
            out.writeBoolean(false); // list
            out.writeBoolean(true); // set
            out.writeInt(10_000_001);
        }))).isInstanceOf(JournalCorruptException.class).hasMessage("implausible collection size 10000001");
        assertThatThrownBy(() -> codec.decode(version1(out -> {
            nullsUpToList(out);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeInt(10_000_000);
        }))).as("the largest size allowed is read until the bytes end").isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("undecodable event: java.io.EOFException");
    }

    @Test
    void decode_implausibleStringLengths_failAndTheLargestAllowedIsRead() {
        byte[] negative = stringOfLength(-1);
        byte[] tooLong = stringOfLength(64 * 1024 * 1024 + 1);
        byte[] largest = stringOfLength(64 * 1024 * 1024);

        assertThatThrownBy(() -> CODEC.decode(negative)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("implausible string length -1");
        assertThatThrownBy(() -> CODEC.decode(tooLong)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("implausible string length 67108865");
        assertThatThrownBy(() -> CODEC.decode(largest)).isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("undecodable event: java.io.EOFException");
    }

    @Test
    void decode_versionZero_isUnknown() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[5] = 0;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("unknown version 0 of event TicketReplied (tag 25; this build reads versions 1..1)");
    }

    /** The newest tag of today's registry; the tests below go one past it. */
    private static final int LAST_TAG = EventTypes.CURRENT.types().stream().mapToInt(EventTypes.EventType::tag).max()
            .orElseThrow();
    private static final int NEXT_TAG = LAST_TAG + 1;

    @Test
    void decode_tagOnePastTheLast_isUnknownAndWrittenByANewerBuild() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[3] = (byte) NEXT_TAG;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("unknown event type tag " + NEXT_TAG + " (this build knows tags 0.." + LAST_TAG
                        + "): the event was written by a newer"
                        + " Switchboard build that added its type. Run that build or a later one (docs/operations.md,"
                        + " Compatibility). This build does not write to the journal.");
    }

    @Test
    void decode_retiredTag_saysItWasRetiredNotNewer() {
        EventTypes current = EventTypes.CURRENT;
        EventCodec codec = new EventCodec(new EventTypes(current.types(), java.util.Set.of(NEXT_TAG),
                current.subtypes(), enums(current)));
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[3] = (byte) NEXT_TAG;

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessage("event type tag " + NEXT_TAG + " was retired; this build no longer reads it (a build from before its"
                        + " removal does, or add an upcaster for it)");
    }

    @Test
    void decode_upcasterThatThrows_failsNamingTheLegacyShapeAndVersion() {
        EventCodec codec = new EventCodec(replyVersion1As(EveryComponentV1.class, v -> {
            throw new IllegalArgumentException("no reply without text");
        }));

        assertThatThrownBy(() -> codec.decode(version1(EventCodecBodyTest::allNulls)))
                .isInstanceOf(JournalCorruptException.class)
                .hasMessage("cannot upcast EveryComponentV1 (version 1): java.lang.IllegalArgumentException: no reply"
                        + " without text");
    }

    @Test
    void decode_truncatedBody_failsAsUndecodableNamingTheCause() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hello", "api", null));

        assertThatThrownBy(() -> CODEC.decode(java.util.Arrays.copyOf(bytes, 10)))
                .isInstanceOf(JournalCorruptException.class).hasMessage("undecodable event: java.io.EOFException")
                .hasCauseInstanceOf(java.io.EOFException.class);
    }

    @Test
    void typeOf_tagsAtAndPastTheEnd_nameTheLastTypeThenNothing() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[3] = (byte) LAST_TAG;
        assertThat(CODEC.typeOf(bytes)).isEqualTo(EventTypes.CURRENT.types().stream()
                .filter(t -> t.tag() == LAST_TAG).findFirst().orElseThrow().type());
        bytes[3] = (byte) NEXT_TAG;
        assertThat(CODEC.typeOf(bytes)).isNull();
        bytes[2] = 1;
        bytes[3] = 18;
        assertThat(CODEC.typeOf(bytes)).as("tag 274: the high byte counts").isNull();
    }

    @Test
    void decodeAll_shortStringsRepeatedAcrossEvents_decodeToOneInstanceButLongOnesDoNot() {
        String short48 = "q".repeat(48);
        String long49 = "l".repeat(49);
        List<byte[]> payloads = List.of(CODEC.encode(new TicketReplied(1, short48, long49, "api", null)),
                CODEC.encode(new TicketReplied(2, short48, long49, "api", null)));

        List<DomainEvent> events = CODEC.decodeAll(payloads, "test journal");

        TicketReplied first = (TicketReplied) events.get(0);
        TicketReplied second = (TicketReplied) events.get(1);
        assertThat(second.ticketId()).isEqualTo(short48).isSameAs(first.ticketId());
        assertThat(second.actor()).isSameAs(first.actor());
        assertThat(second.message()).isEqualTo(long49).isNotSameAs(first.message());
        TicketReplied alone = (TicketReplied) CODEC.decode(payloads.get(0));
        assertThat(alone.ticketId()).as("sharing ends with decodeAll").isEqualTo(short48)
                .isNotSameAs(((TicketReplied) CODEC.decode(payloads.get(1))).ticketId());
    }

    @Test
    void decodeAll_oneBadEvent_failsNamingTheSourceAndTheProblem() {
        byte[] bad = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bad[5] = 7;
        List<byte[]> payloads = List.of(CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null)), bad);

        assertThatThrownBy(() -> CODEC.decodeAll(payloads, "journal /data")).isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("journal /data: unknown version 7 of event TicketReplied");
    }

    @Test
    void encode_toADataOutput_writesTheSameBytesAsToAnArray() throws IOException {
        TicketReplied event = new TicketReplied(1, "tkt_1", "hi", "api", null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            CODEC.encode(event, out);
        }

        assertThat(bytes.toByteArray()).isEqualTo(CODEC.encode(event));
    }

    @Test
    void codec_componentTypeWithoutEncoding_failsAtConstructionNamingTheType() {
        assertThatThrownBy(() -> new EventCodec(replyVersion1As(UnjournalableV1.WithOptional.class, v -> UPCAST)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no journal codec for java.util.Optional<java.lang.String>; extend EventCodec");
        assertThatThrownBy(() -> new EventCodec(replyVersion1As(UnjournalableV1.WithChar.class, v -> UPCAST)))
                .isInstanceOf(IllegalStateException.class).hasMessage("no journal codec for char; extend EventCodec");
    }

    @Test
    void codec_recordItCannotReach_failsAtConstructionNamingTheRecord() {
        assertThatThrownBy(() -> new EventCodec(replyVersion1As(Hidden.class, v -> UPCAST)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot journal class " + Hidden.class.getName() + ": ");
    }

    private record Hidden(long at) {}

    @Test
    void codec_enumWithoutCodes_failsAtConstructionAskingForThem() {
        EventTypes current = EventTypes.CURRENT;
        List<EventTypes.EnumCodes> enums = new ArrayList<>(enums(current));
        enums.removeIf(e -> e.type() == Priority.class);

        assertThatThrownBy(() -> new EventCodec(new EventTypes(current.types(), current.retired(), current.subtypes(),
                enums))).isInstanceOf(IllegalStateException.class)
                .hasMessage("enum io.switchboard.core.ticket.Priority has no codes in EventTypes: add codes(Priority.class,"
                        + " <its constants in order>)");
    }

    @Test
    void codec_sealedTypeWithoutSubtypeTags_failsAtConstruction() {
        assertThatThrownBy(() -> new EventCodec(withOverflowSteps(null))).isInstanceOf(IllegalStateException.class)
                .hasMessage("sealed io.switchboard.core.routing.OverflowStep has no subtype tags in EventTypes: register"
                        + " its records (append only)");
    }

    @Test
    void codec_sealedSubtypeMissingItsTag_failsAtConstructionAskingToAppendIt() {
        assertThatThrownBy(() -> new EventCodec(withOverflowSteps(List.of(OverflowStep.LowerSkillLevel.class,
                OverflowStep.MoveToQueue.class, OverflowStep.RaisePriority.class))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("io.switchboard.core.routing.OverflowStep$WidenTeams has no tag among the subtypes of"
                        + " OverflowStep in EventTypes: append it");
    }

    @Test
    void codec_recordRegisteredUnderAnotherSealedType_failsAtConstruction() {
        assertThatThrownBy(() -> new EventCodec(withOverflowSteps(List.of(OverflowStep.LowerSkillLevel.class,
                OverflowStep.MoveToQueue.class, OverflowStep.RaisePriority.class, OverflowStep.WidenTeams.class,
                SkillRequirement.class)))).isInstanceOf(IllegalStateException.class)
                .hasMessage("io.switchboard.core.ticket.SkillRequirement is registered under OverflowStep but is not one"
                        + " of its records");
    }

    @Test
    void shapes_recursiveAndRepeatedRecords_describeEachOccurrenceAndStopAtRecursion() {
        EventCodec codec = new EventCodec(replyVersion1As(UnjournalableV1.TwoNodes.class, v -> UPCAST));

        EventCodec.Shape shape = codec.shapes().stream().filter(s -> s.tag() == REPLIED && s.version() == 1)
                .findFirst().orElseThrow();

        String node = "(name:String;children:List<(recursive),>;)";
        assertThat(shape.description()).isEqualTo("(at:long;left:" + node + ";right:" + node + ";)");
        assertThat(shape.type()).isEqualTo("TicketReplied");
        assertThat(shape.fingerprint()).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(shape.line()).isEqualTo("25 1 TicketReplied " + shape.fingerprint());
    }

    @Test
    void shapes_currentRegistry_listEveryTagInOrderAndDescribeSealedAndEnumComponents() {
        List<EventCodec.Shape> shapes = CODEC.shapes();

        assertThat(shapes.stream().map(s -> s.tag() + "/" + s.version())).startsWith("0/1", "1/1")
                .contains("18/1", "18/2", "29/1", "30/1").endsWith(LAST_TAG + "/1");
        EventCodec.Shape overflowed = shapes.stream().filter(s -> s.tag() == 20).findFirst().orElseThrow();
        assertThat(overflowed.description()).isEqualTo("(at:long;ticketId:String;step:int;applied:{0=(afterMillis:long;"
                + "levels:int;)|1=(afterMillis:long;queue:String;)|2=(afterMillis:long;to:enum Priority;)|3=(afterMillis:"
                + "long;teams:List<String,>;)|};actor:String;reason:String;)");
    }

    /** A codec that reads TicketReplied version 1 bytes as {@code shape}, capturing what it decoded. */
    private <L extends Record> EventCodec codecReadingVersion1As(Class<L> shape) {
        return new EventCodec(replyVersion1As(shape, v -> {
            decoded.set(v);
            return UPCAST;
        }));
    }

    /** The registry with TicketReplied at version 2 and {@code shape} as its version 1. */
    private static <L extends Record> EventTypes replyVersion1As(Class<L> shape, Function<L, DomainEvent> upcast) {
        EventTypes current = EventTypes.CURRENT;
        List<EventTypes.EventType> types = new ArrayList<>();
        for (EventTypes.EventType type : current.types()) {
            types.add(type.tag() != REPLIED ? type : event(REPLIED, TicketReplied.class, 2, legacy(1, shape, upcast)));
        }
        return new EventTypes(types, current.retired(), current.subtypes(), enums(current));
    }

    private static EventTypes withOverflowSteps(List<Class<?>> steps) {
        EventTypes current = EventTypes.CURRENT;
        Map<Class<?>, List<Class<?>>> subtypes = new HashMap<>(current.subtypes());
        if (steps == null) {
            subtypes.remove(OverflowStep.class);
        } else {
            subtypes.put(OverflowStep.class, steps);
        }
        return new EventTypes(current.types(), current.retired(), subtypes, enums(current));
    }

    @SuppressWarnings("unchecked")
    private static List<EventTypes.EnumCodes> enums(EventTypes registry) {
        List<EventTypes.EnumCodes> enums = new ArrayList<>();
        registry.enumCodes().forEach((type, names) -> enums.add(codes((Class<? extends Enum<?>>) type,
                names.toArray(String[]::new))));
        return enums;
    }

    /** Every component of EveryComponentV1 before {@code list}, with nullable ones absent. */
    private static void nullsUpToList(DataOutputStream out) throws IOException {
        out.writeBoolean(true);
        out.writeInt(0);
        out.writeBoolean(false);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeDouble(0);
        out.writeBoolean(false); // text
        out.writeBoolean(false); // amount
    }

    /** Every component of EveryComponentV1 before {@code skill}, with nullable ones absent. */
    private static void nullsUpToSkill(DataOutputStream out) throws IOException {
        nullsUpToList(out);
        for (int i = 0; i < 7; i++) {
            out.writeBoolean(false); // list .. step
        }
    }

    /** An EveryComponentV1 with every nullable component absent. */
    private static void allNulls(DataOutputStream out) throws IOException {
        nullsUpToSkill(out);
        out.writeBoolean(false);
    }

    /** Format-2 bytes of TicketReplied at version 1 with {@code body}. */
    private static byte[] version1(Body body) {
        return bytes(out -> {
            out.writeShort(EventCodec.FORMAT);
            out.writeShort(REPLIED);
            out.writeShort(1);
            body.write(out);
        });
    }

    /** TicketReplied bytes whose ticket id declares {@code length} bytes and holds none. */
    private static byte[] stringOfLength(int length) {
        return bytes(out -> {
            out.writeShort(EventCodec.FORMAT);
            out.writeShort(REPLIED);
            out.writeShort(1);
            out.writeBoolean(true);
            out.writeLong(1);
            out.writeBoolean(true);
            out.writeInt(length);
        });
    }

    private static Map<String, Integer> mapOf(String k1, Integer v1, String k2, Integer v2) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** A present string: [true][int length][UTF-8]. */
    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeBoolean(true);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /**
     * {@code EveryComponentV1}'s components before its first {@code String}: the presence flag, the
     * primitives as zero and false, the boxed {@code Integer} and {@code Long} absent.
     */
    private static void primitivesAndBoxesAbsent(DataOutputStream out) throws IOException {
        out.writeBoolean(true);
        out.writeInt(0);
        out.writeBoolean(false); // Integer
        out.writeLong(0);
        out.writeBoolean(false); // Long
        out.writeBoolean(false);
        out.writeDouble(0);
    }
}
