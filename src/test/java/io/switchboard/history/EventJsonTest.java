package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.sla.SlaMetric;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history store's event JSON: numbers and strings as JSON; a reused scratch changes nothing. */
class EventJsonTest {
    @Test
    void of_scratchReusedAcrossEvents_sameTextAsAFreshBuilderEachTime() {
        StringBuilder scratch = new StringBuilder(4);
        List<DomainEvent> events = List.of(
                new DomainEvent.SlaWarning(1_796_000_000_123L, "t-1", SlaMetric.FIRST_RESPONSE, 0.8, 1_796_000_060_123L,
                        "router", "sla_warning"),
                new DomainEvent.CompensationIssued(1_796_000_000_124L, "t-1", 1, new BigDecimal("10.00"), "CNY",
                        SlaMetric.RESOLUTION, 3_600_000, "router", "compensation"));
        for (DomainEvent event : events) {
            assertThat(EventJson.of(event, scratch)).isEqualTo(EventJson.of(event));
        }
        assertThat(EventJson.of(events.get(0), scratch)).isEqualTo("{\"@type\":\"SlaWarning\",\"at\":1796000000123,"
                + "\"ticketId\":\"t-1\",\"metric\":\"first_response\",\"threshold\":0.8,\"dueAt\":1796000060123,"
                + "\"actor\":\"router\",\"reason\":\"sla_warning\"}");
        assertThat(EventJson.of(events.get(1), scratch)).contains("\"level\":1,\"amount\":10.00,\"currency\":\"CNY\","
                + "\"metric\":\"resolution\",\"overdueMillis\":3600000");
    }

    @Test
    void utf8_textOfEveryWidthAndALoneSurrogate_sameBytesAsTheTextInUtf8() {
        StringBuilder scratch = new StringBuilder(4);
        List<Object> values = List.of(
                "ascii, é (2 bytes), 工单 (3 bytes), 😀 (a surrogate pair, 4 bytes), \uD800 lone, \uDC00 lone, end \uD83D",
                new DomainEvent.SlaWarning(1_796_000_000_123L, "工单-1", SlaMetric.FIRST_RESPONSE, 0.8, 1_796_000_060_123L,
                        "router", "客户 😀"),
                java.util.Map.of("k\u0001", "\t"));
        for (Object value : values) {
            assertThat(EventJson.utf8(value, scratch))
                    .isEqualTo(EventJson.of(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
