package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import org.junit.jupiter.api.Test;

/** Markers taken apart into slot arrays and built again; what is kept whole; slots reused within the bound. */
class MarkerSlotsTest {
    private static final long T0 = 1_000_000;

    @Test
    void put_markerTheEngineWrote_keptCompactAndBuiltAgainEqual() {
        MarkerSlots slots = new MarkerSlots(10);
        StreamAppended marker = new StreamAppended(T0, "agent:alice", 7, "offer", Ids.ticket(123_456_789_012L),
                Ids.offer(0), T0 + 30_000, "away", "declined", "SlaBreached", T0 - 1);

        int slot = slots.put(marker, 3, null);

        assertThat(slots.kept()).isZero();
        assertThat(slots.marker(slot, "agent:alice")).isEqualTo(marker);
        assertThat(slots.stream(slot)).isEqualTo(3);
        assertThat(slots.seq(slot)).isEqualTo(7);
        assertThat(slots.at(slot)).isEqualTo(T0);
    }

    @Test
    void put_idTheEngineDidNotMintOrWordTooLong_markerKeptWhole() {
        MarkerSlots slots = new MarkerSlots(10);
        StreamAppended foreignTicket = marker(1, "tkt_01", null, "timeout");
        StreamAppended foreignOffer = marker(2, null, "ofr_x", "timeout");
        StreamAppended longReason = marker(3, "tkt_1", "ofr_1", "r".repeat(65));

        int a = slots.put(foreignTicket, 0, null);
        int b = slots.put(foreignOffer, 0, null);
        int c = slots.put(longReason, 0, null);

        assertThat(slots.kept()).isEqualTo(3);
        assertThat(slots.marker(a, "agent:alice")).isSameAs(foreignTicket);
        assertThat(slots.marker(b, "agent:alice")).isSameAs(foreignOffer);
        assertThat(slots.marker(c, "agent:alice")).isSameAs(longReason);
    }

    @Test
    void free_slotHeldAMarkerAndMessage_dropsBothAndIsTakenNext() {
        MarkerSlots slots = new MarkerSlots(10);
        int kept = slots.put(marker(1, "ext-1", null, null), 0, new Object());
        slots.put(marker(2, "tkt_2", null, null), 0, null);

        slots.free(kept);

        assertThat(slots.kept()).isZero();
        assertThat(slots.message(kept)).isNull();
        assertThat(slots.put(marker(3, "tkt_3", null, null), 0, null)).isEqualTo(kept);
    }

    @Test
    void put_moreThanTheBound_refusedAndArraysNeverLarger() {
        MarkerSlots slots = new MarkerSlots(300);
        for (int i = 0; i < 300; i++) {
            slots.put(marker(i + 1, "tkt_1", null, null), 0, null);
        }

        assertThat(slots.capacity()).isEqualTo(300);
        assertThatThrownBy(() -> slots.put(marker(301, "tkt_1", null, null), 0, null))
                .isInstanceOf(IllegalStateException.class);
    }

    private static StreamAppended marker(long seq, String ticketId, String offerId, String reason) {
        return new StreamAppended(T0, "agent:alice", seq, "offer_revoked", ticketId, offerId, 0, null, reason, null, 0);
    }
}
