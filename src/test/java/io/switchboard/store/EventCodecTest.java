package io.switchboard.store;

import static io.switchboard.store.EventTypes.event;
import static io.switchboard.store.EventTypes.legacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.store.legacy.TicketRepliedWithoutReasonV1;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final EventCodec CODEC = EventCodec.instance();
    private static final int REPLIED = 25;

    @Test
    void encode_anyEvent_writesFormat2WithTagAndVersion() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));

        assertThat(Arrays.copyOf(bytes, 6)).containsExactly(0, 2, 0, REPLIED, 0, 1);
    }

    @Test
    void decode_longUnicodeTranscript_roundTrips() {
        String transcript = "客户: 我的退款在哪里？\n".repeat(10_000);
        DomainEvent event = new TicketReplied(1, "tkt_1", transcript, "agent:alice", null);

        assertThat(CODEC.decode(CODEC.encode(event))).isEqualTo(event);
    }

    @Test
    void decode_oneOfEveryEventType_roundTripsInFormat2() {
        List<DomainEvent> every = EverySample.events();
        assertThat(every.stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrderElementsOf(EventTypes.CURRENT.types().stream().map(t -> t.type()).toList());

        for (DomainEvent event : every) {
            byte[] bytes = CODEC.encode(event);
            assertThat(bytes[1]).isEqualTo((byte) 2);
            assertThat(CODEC.decode(bytes)).isEqualTo(event);
            assertThat(CODEC.typeOf(bytes)).isEqualTo(event.getClass());
        }
    }

    @Test
    void decode_format1Bytes_readsEveryTypeAtVersion1() {
        DomainEvent event = new TicketOverflowed(5, "tkt_2", 1, new OverflowStep.MoveToQueue(60_000, "general"), "router",
                "overflow");

        assertThat(CODEC.decode(format1(CODEC.encode(event)))).isEqualTo(event);
    }

    @Test
    void decode_format1BytesAsTheSchema1BuildWroteThem_decodes() {
        // OfferWithdrawn (tag 10) exactly as 225d425 encoded it: [1][tag][present][at][strings...][enum ordinal]...
        byte[] schema1 = bytes(out -> {
            out.writeShort(1);
            out.writeShort(10);
            out.writeBoolean(true);
            out.writeLong(7);
            string(out, "tkt_3");
            string(out, "alice");
            string(out, "ofr_1");
            out.writeBoolean(true);
            out.writeShort(1);
            string(out, "router");
            string(out, "offer_timeout");
        });

        assertThat(CODEC.decode(schema1)).isEqualTo(new OfferWithdrawn(7, "tkt_3", "alice", "ofr_1",
                OfferWithdrawn.Outcome.EXPIRED, "router", "offer_timeout"));
    }

    @Test
    void decode_olderVersionWithAnUpcaster_returnsTodaysRecord() {
        EventCodec codec = new EventCodec(repliedAtVersion2());
        byte[] v1Body = bytes(out -> {
            out.writeBoolean(true);
            out.writeLong(9);
            string(out, "tkt_4");
            string(out, "on it");
            string(out, "agent:bob");
        });
        TicketReplied expected = new TicketReplied(9, "tkt_4", "on it", "agent:bob", "agent_reply");

        assertThat(codec.decode(concat(header(2, REPLIED, 1), v1Body))).isEqualTo(expected);
        assertThat(codec.decode(concat(new byte[] {0, 1, 0, REPLIED}, v1Body))).as("format 1 = version 1")
                .isEqualTo(expected);
    }

    @Test
    void decode_wechatReceivedVersion1_upcastWithoutCreateTime() {
        byte[] v1Body = bytes(out -> {
            out.writeBoolean(true);
            out.writeLong(9);
            for (String s : new String[] {"tkt_4", "shop", "oUser1", "1234567890123456", "text", "wechat:shop",
                    "wechat_new"}) {
                string(out, s);
            }
        });

        int tag = EventTypes.CURRENT.types().stream().filter(t -> t.type() == DomainEvent.WechatReceived.class)
                .findFirst().orElseThrow().tag();
        assertThat(CODEC.decode(concat(header(2, tag, 1), v1Body))).isEqualTo(new DomainEvent.WechatReceived(9, "tkt_4",
                "shop", "oUser1", "1234567890123456", "text", 0, "wechat:shop", "wechat_new"));
    }

    @Test
    void encode_typeAtVersion2_writesVersion2AndDecodesWithoutUpcasting() {
        EventCodec codec = new EventCodec(repliedAtVersion2());
        TicketReplied event = new TicketReplied(9, "tkt_4", "on it", "agent:bob", "customer_asked");

        byte[] bytes = codec.encode(event);

        assertThat(Arrays.copyOf(bytes, 6)).containsExactly(0, 2, 0, REPLIED, 0, 2);
        assertThat(codec.decode(bytes)).isEqualTo(event);
    }

    @Test
    void shapes_typeAtVersion2_describesEachVersionByItsOwnRecordsStructure() {
        // shapes are structural (no class names), so a verbatim legacy copy keeps its pinned v1 line
        EventCodec.Shape original = CODEC.shapes().stream().filter(s -> s.tag() == REPLIED).findFirst().orElseThrow();
        EventCodec.Shape v1 = new EventCodec(repliedAtVersion2()).shapes().stream()
                .filter(s -> s.tag() == REPLIED && s.version() == 1).findFirst().orElseThrow();

        assertThat(original.description()).isEqualTo("(at:long;ticketId:String;message:String;actor:String;reason:String;)");
        assertThat(v1.description()).isEqualTo("(at:long;ticketId:String;message:String;actor:String;)");
    }

    @Test
    void decode_unknownFormat_namesTheNewerBuildAndTheRollBack() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[1] = 3;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("journal format 3 is unknown to this build (it reads formats 1 and 2)")
                .hasMessageContaining("newer Switchboard build").hasMessageContaining("restore");
    }

    @Test
    void decode_unknownTypeTag_failsLoudly() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[2] = 0x7f;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("unknown event type tag 32537 (this build knows tags 0.."
                        + EventTypes.CURRENT.types().stream().mapToInt(EventTypes.EventType::tag).max().getAsInt() + ")")
                .hasMessageContaining("newer Switchboard build");
    }

    @Test
    void decode_unknownVersion_namesTheTypeAndTheVersionsRead() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[5] = 2;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("unknown version 2 of event TicketReplied (tag 25; this build reads versions 1..1)");
    }

    @Test
    void decode_unknownEnumCode_failsLoudly() {
        byte[] bytes = CODEC.encode(new OfferWithdrawn(7, "t", "a", "o", OfferWithdrawn.Outcome.REVOKED, "r", "x"));
        int codeAt = 6 + 1 + 8 + 3 * (1 + 4 + 1) + 1; // header, present, at, three 1-char strings, enum present
        assertThat(bytes[codeAt + 1]).isEqualTo((byte) 2);
        bytes[codeAt + 1] = 9;

        assertThatThrownBy(() -> CODEC.decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("unknown Outcome code 9");
    }

    @Test
    void decode_truncatedEvent_failsLoudly() {
        byte[] bytes = CODEC.encode(new TicketReplied(1, "tkt_1", "hello", "api", null));

        assertThatThrownBy(() -> CODEC.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(JournalCorruptException.class);
    }

    @Test
    void typeOf_format1AndFormat2_nameTheSameType() {
        byte[] format2 = CODEC.encode(new TicketReplied(1, "tkt_1", "hi", "api", null));

        assertThat(CODEC.typeOf(format2)).isEqualTo(TicketReplied.class);
        assertThat(CODEC.typeOf(format1(format2))).isEqualTo(TicketReplied.class);
    }

    /** The registry as it would be once TicketReplied moved to version 2 (the test-only shape is v1). */
    private static EventTypes repliedAtVersion2() {
        EventTypes current = EventTypes.CURRENT;
        List<EventTypes.EventType> types = new ArrayList<>();
        for (EventTypes.EventType type : current.types()) {
            types.add(type.tag() != REPLIED ? type : event(REPLIED, TicketReplied.class, 2,
                    legacy(1, TicketRepliedWithoutReasonV1.class, TicketRepliedWithoutReasonV1::upcast)));
        }
        List<EventTypes.EnumCodes> enums = new ArrayList<>();
        current.enumCodes().forEach((type, names) -> enums.add(enumCodes(type, names)));
        return new EventTypes(types, current.retired(), current.subtypes(), enums);
    }

    @SuppressWarnings("unchecked")
    private static EventTypes.EnumCodes enumCodes(Class<?> type, List<String> names) {
        return new EventTypes.EnumCodes((Class<? extends Enum<?>>) type, names);
    }

    /** Format-2 bytes of a version-1 type as format 1 wrote them: the version short removed. */
    static byte[] format1(byte[] format2) {
        assertThat(format2[5]).as("version 1").isEqualTo((byte) 1);
        byte[] old = new byte[format2.length - 2];
        old[1] = 1;
        old[2] = format2[2];
        old[3] = format2[3];
        System.arraycopy(format2, 6, old, 4, format2.length - 6);
        return old;
    }

    private static byte[] header(int format, int tag, int version) {
        return new byte[] {0, (byte) format, (byte) (tag >> 8), (byte) tag, (byte) (version >> 8), (byte) version};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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

    /** A present (non-null) string as the codec writes it: [true][int length][UTF-8]. */
    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeBoolean(true);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
