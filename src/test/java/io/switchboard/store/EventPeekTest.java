package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What {@link EventPeek} reads is what {@link EventCodec} decodes, or it declines. */
class EventPeekTest {
    private final EventCodec codec = EventCodec.instance();
    private final EventPeek peek = EventPeek.instance();

    @Test
    void peek_everySampleTypeTheCompactionReads_readsTheDecodedAtAndId() {
        int read = 0;
        for (DomainEvent event : EverySample.events()) {
            String id = event instanceof TicketEvent t ? t.ticketId()
                    : event instanceof StreamAppended m ? m.stream() : null;
            if (id == null) {
                continue;
            }
            byte[] encoded = codec.encode(event);

            assertThat(peek.peekable(encoded)).as(event.getClass().getSimpleName()).isTrue();
            assertThat(peek.at(encoded)).as(event.getClass().getSimpleName()).isEqualTo(event.at());
            assertThat(peek.id(encoded)).as(event.getClass().getSimpleName()).isEqualTo(id);
            read++;
        }
        assertThat(read).isGreaterThan(40);
    }

    @Test
    void peek_nonAsciiIdAndNegativeAt_readsThemAsDecoded() {
        StreamAppended marker = new StreamAppended(-5, "person:李雷", 1, "sla_warning", "tkt_1", null, 0, null, null,
                null, 0);
        byte[] encoded = codec.encode(marker);

        assertThat(peek.peekable(encoded)).isTrue();
        assertThat(peek.at(encoded)).isEqualTo(-5);
        assertThat(peek.id(encoded)).isEqualTo("person:李雷");
    }

    @Test
    void peekable_olderVersionFormatOneOrCutShort_declines() {
        byte[] encoded = codec.encode(new DomainEvent.TicketResolved(1, "tkt_1", "api", "fixed"));
        byte[] olderVersion = encoded.clone();
        olderVersion[5] = 0; // version 0 is never current
        byte[] formatOne = encoded.clone();
        formatOne[1] = 1;
        byte[] cutShort = Arrays.copyOf(encoded, 22); // the id claims more bytes than remain

        assertThat(peek.peekable(olderVersion)).isFalse();
        assertThat(peek.peekable(formatOne)).isFalse();
        assertThat(peek.peekable(cutShort)).isFalse();
        assertThat(peek.peekable(codec.encode(new DomainEvent.AgentGraceExpired(1, "alice")))).isTrue();
    }

    @Test
    void peekable_agentUpserted_declinesForItsLayout() {
        DomainEvent upserted = EverySample.events().stream().filter(e -> e instanceof DomainEvent.AgentUpserted)
                .findFirst().orElseThrow();

        assertThat(peek.peekable(codec.encode(upserted))).isFalse();
    }
}
