package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bodies' timestamps are {@code Instant.toString()}'s text, whatever the millisecond. */
class WebhookTimeTest {

    @Test
    void body_timestamps_sameTextAsInstantToString() throws Exception {
        Random random = new Random(7);
        List<Long> times = new ArrayList<>(List.of(0L, 1L, 10L, 100L, 999L, 1_000L, 1_001L, 1_700_000_000_000L,
                1_700_000_000_120L, 253_402_300_799_999L, 253_402_300_800_000L, -1L, -1_000L, -1_001L));
        for (int i = 0; i < 2_000; i++) {
            long base = 1_600_000_000_000L + random.nextLong(1_000_000_000_000L);
            times.add(base);
            times.add(base + 1); // the same second, mostly: the cached path
            times.add(base / 1000 * 1000); // a whole second
        }
        WebhookBodies bodies = new WebhookBodies();
        long position = 1;
        for (long at : times) {
            DomainEvent.TicketResolved event = new DomainEvent.TicketResolved(at, "T-1", "agent-1", "done");
            TicketContext ticket = new TicketContext("chat", "general", "key:bot", "cust-1", null, java.util.Map.of());
            byte[] body = bodies.body(position++, "ticket.resolved", event, ticket);
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text).as("at %d", at).contains("\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\"");
        }
    }
}
