package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    /**
     * The journal's layout follows the event records' shapes. Changing a record (a component, an
     * enum constant) changes the fingerprint: bump {@link DomainEvent#SCHEMA_VERSION}, teach the
     * decoder the old version if old journals must still load, and add the new fingerprint here.
     */
    private static final Map<Integer, String> FINGERPRINTS = Map.of(1, "00add7a639705eb8");

    @Test
    void fingerprint_currentRecordShapes_matchesTheSchemaVersion() {
        assertThat(EventCodec.instance().schemaFingerprint())
                .as("event records changed: bump DomainEvent.SCHEMA_VERSION and record the new fingerprint")
                .isEqualTo(FINGERPRINTS.get(DomainEvent.SCHEMA_VERSION));
    }

    @Test
    void decode_longUnicodeTranscript_roundTrips() {
        String transcript = "客户: 我的退款在哪里？\n".repeat(10_000);
        DomainEvent event = new TicketReplied(1, "tkt_1", transcript, "agent:alice", null);

        assertThat(EventCodec.instance().decode(EventCodec.instance().encode(event))).isEqualTo(event);
    }

    @Test
    void decode_unknownTypeTag_failsLoudly() {
        byte[] bytes = EventCodec.instance().encode(new TicketReplied(1, "tkt_1", "hi", "api", null));
        bytes[2] = 0x7f;

        assertThatThrownBy(() -> EventCodec.instance().decode(bytes)).isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("unknown event type tag");
    }

    @Test
    void decode_truncatedEvent_failsLoudly() {
        byte[] bytes = EventCodec.instance().encode(new TicketReplied(1, "tkt_1", "hello", "api", null));

        assertThatThrownBy(() -> EventCodec.instance().decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(JournalCorruptException.class);
    }
}
