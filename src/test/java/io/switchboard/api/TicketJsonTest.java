package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.SlaView;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streamed ticket JSON is the tree's JSON, byte for byte; the cached time text is Instant's. */
class TicketJsonTest {
    private static final long AT = 1_796_000_000_123L;

    private static TicketView full() {
        Map<SlaMetric, SlaView.Clock> clocks = new EnumMap<>(SlaMetric.class);
        clocks.put(SlaMetric.FIRST_RESPONSE, new SlaView.Clock(AT + 60_000, 0, false, 59L));
        clocks.put(SlaMetric.RESOLUTION, new SlaView.Clock(-1, AT + 5, true, null));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderId", "A-1");
        fields.put("note", "引号 \" 反斜杠 \\ 换行 \n tab \t \u0001 emoji \uD83D\uDE00 </script>");
        fields.put("empty", "");
        return new TicketView("t-1", 7, TicketStatus.OFFERED, Channel.CHAT, Priority.HIGH,
                new Customer("c-1", CustomerTier.VIP, "王 \"Wang\""), "billing", "Double charge",
                "顾客反映订单确认邮件未收到", List.of(new SkillRequirement("billing", 2), new SkillRequirement("general", 1)),
                "zh", new LinkedHashSet<>(List.of("vip", "load_test")), fields, "billing", "alice", "support",
                SupportTier.L2, AT, AT + 1000, new SlaView("vip-chat", clocks, false),
                List.of(new DomainEvent.SlaWarning(AT + 2, "t-1", SlaMetric.FIRST_RESPONSE, 0.8, AT + 60_000,
                        "router", "sla_warning")),
                List.of(new DomainEvent.CompensationIssued(AT + 3, "t-1", 1, new BigDecimal("10.00"), "CNY",
                        SlaMetric.RESOLUTION, 3_600_000, "router", "compensation")), "key:load");
    }

    private static TicketView bare() {
        return new TicketView("t-2", 1, TicketStatus.QUEUED, Channel.EMAIL, Priority.NORMAL,
                new Customer("c-2", CustomerTier.STANDARD, null), null, null, null, List.of(), null,
                new LinkedHashSet<>(), Map.of(), "general", null, null, null, 0, 1000,
                new SlaView(null, new EnumMap<>(SlaMetric.class), true), List.of(), List.of(), null);
    }

    @Test
    void encode_fullAndBareTickets_sameTextAsTheJsonTree() {
        for (TicketView t : List.of(full(), bare())) {
            assertThat(TicketJson.encode(t)).isEqualTo(JsonViews.ticket(t).encode());
        }
    }

    @Test
    void openMessage_withSeqAppended_sameTextAsTheJsonObjectMessage() {
        TicketView t = full();
        JsonObject offer = new JsonObject().put("type", "offer").put("offerId", "o-9").put("ticket", JsonViews.ticket(t))
                .put("expiresAt", JsonViews.time(AT + 600_000)).put("seq", 42L);
        JsonObject assigned = new JsonObject().put("type", "assigned").put("ticket", JsonViews.ticket(t)).put("seq", 3L);

        assertThat(utf8(TicketJson.openMessage("offer", "o-9", t, AT + 600_000).withSeq(42))).isEqualTo(offer.encode());
        assertThat(utf8(TicketJson.openMessage("assigned", null, t, 0).withSeq(3))).isEqualTo(assigned.encode());
    }

    @Test
    void idMessage_stringNullAndEscapedIds_sameTextAsTheJsonObjectAck() {
        for (String id : java.util.Arrays.asList("accept-ofr_1", null, "", "引号 \" \\ \n \u0001 😀")) {
            for (long seq : new long[] {0, 9, 10, 99, 100, 1_234_567, Long.MAX_VALUE}) {
                JsonObject ack = new JsonObject().put("type", "ack").put("id", id).put("seq", seq);
                assertThat(utf8(TicketJson.idMessage("ack", id).withSeq(seq))).isEqualTo(ack.encode());
            }
        }
    }

    @Test
    void bytes_fullAndBareTickets_theTextInUtf8() {
        for (TicketView t : List.of(full(), bare())) {
            assertThat(TicketJson.bytes(t)).isEqualTo(JsonViews.ticket(t).encode().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void bytes_loneSurrogatesInText_sameBytesAsTheTextGives() {
        TicketView t = full();
        Map<String, String> fields = new LinkedHashMap<>(t.fields());
        fields.put("broken", "high \uD83D alone, low \uDE00 alone, \uDE00\uD83D reversed");
        TicketView broken = new TicketView(t.id(), t.seq(), t.status(), t.channel(), t.priority(), t.customer(), t.type(),
                t.subject(), t.description(), t.requiredSkills(), t.language(), t.tags(), fields, t.queue(), t.assignee(),
                t.team(), t.minTier(), t.createdAt(), t.updatedAt(), t.sla(), t.alerts(), t.compensations(), t.createdBy());

        assertThat(TicketJson.bytes(broken)).isEqualTo(TicketJson.encode(broken).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytes_manyTicketsOnOneThreadAfterALoneSurrogate_eachExactlyItsOwnText() {
        TicketView t = full();
        Map<String, String> fields = new LinkedHashMap<>(t.fields());
        fields.put("broken", "high \uD83D alone");
        TicketView broken = new TicketView(t.id(), t.seq(), t.status(), t.channel(), t.priority(), t.customer(), t.type(),
                t.subject(), t.description(), t.requiredSkills(), t.language(), t.tags(), fields, t.queue(), t.assignee(),
                t.team(), t.minTier(), t.createdAt(), t.updatedAt(), t.sla(), t.alerts(), t.compensations(), t.createdBy());
        // the thread's generator is reused: no bytes of one ticket may leak into the next
        for (TicketView next : List.of(full(), bare(), broken, bare(), full(), broken, full())) {
            assertThat(TicketJson.bytes(next)).isEqualTo((next == broken ? TicketJson.encode(broken)
                    : JsonViews.ticket(next).encode()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mayHoldLoneSurrogate_markAtEveryOffsetOfShortAndLongTexts_foundOnlyForSurrogates() {
        for (int length = 2; length <= 40; length++) {
            for (int at = 0; at + 1 < length; at++) {
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, 0xED, 0xA0))).as("0xED 0xA0 at %d of %d", at, length).isTrue();
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, 0xED, 0xBF))).as("0xED 0xBF at %d of %d", at, length).isTrue();
                // U+D000..U+D7FF (Hangul) start with 0xED too, followed by 0x80..0x9F: not a surrogate
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, 0xED, 0x9F))).as("0xED 0x9F at %d of %d", at, length).isFalse();
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, '\\', 'n'))).as("\\n at %d of %d", at, length).isFalse();
            }
            for (int at = 0; at + 3 < length; at++) {
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, '\\', 'u', 'D', '8'))).as("\\uD8 at %d of %d", at, length).isTrue();
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, '\\', 'u', 'd', 'f'))).as("\\udf at %d of %d", at, length).isTrue();
                assertThat(TicketJson.mayHoldLoneSurrogate(with(length, at, '\\', 'u', 'D', '7'))).as("\\uD7 at %d of %d", at, length).isFalse();
            }
            // cut off at the end: nothing to look ahead at
            assertThat(TicketJson.mayHoldLoneSurrogate(with(length, length - 1, 0xED))).isFalse();
            assertThat(TicketJson.mayHoldLoneSurrogate(with(length, length - 2, '\\', 'u'))).isFalse();
        }
        assertThat(TicketJson.mayHoldLoneSurrogate(new byte[0])).isFalse();
        assertThat(TicketJson.mayHoldLoneSurrogate(TicketJson.bytes(full()))).isFalse();
    }

    /** {@code length} bytes of 'a' with {@code marks} written from {@code at}. */
    private static byte[] with(int length, int at, int... marks) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 'a');
        for (int i = 0; i < marks.length; i++) {
            bytes[at + i] = (byte) marks[i];
        }
        return bytes;
    }

    @Test
    void bytes_sameViewAgain_sameArrayWithoutEncodingTwice() {
        TicketView t = full();
        byte[] first = TicketJson.bytes(t);

        assertThat(TicketJson.bytes(t)).isSameAs(first);
        assertThat(TicketJson.bytes(full())).isNotSameAs(first).isEqualTo(first);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void time_manyInstants_sameTextAsInstant() {
        SplittableRandom random = new SplittableRandom(12);
        long[] fixed = {0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, AT, AT - 123, 253_402_300_799_999L};
        for (long millis : fixed) {
            assertThat(JsonViews.time(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
        for (int i = 0; i < 20_000; i++) {
            long millis = AT + random.nextLong(-3_000_000, 3_000_000);
            assertThat(JsonViews.time(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }

    @Test
    void timeIntoChars_manyInstantsAndYearsPast9999_sameTextAsInstant() {
        SplittableRandom random = new SplittableRandom(13);
        long[] fixed = {0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, AT, AT - 123, 253_402_300_799_999L,
                253_402_300_800_000L, 253_402_300_800_007L, -62_167_219_200_001L};
        char[] into = new char[JsonViews.TIME_CHARS];
        for (long millis : fixed) {
            assertThat(new String(into, 0, JsonViews.time(millis, into))).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
        for (int i = 0; i < 20_000; i++) {
            long millis = AT + random.nextLong(-3_000_000, 3_000_000);
            assertThat(new String(into, 0, JsonViews.time(millis, into))).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }
}
