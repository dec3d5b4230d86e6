package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots keep the WebSocket stream markers a replay window can still reach (the newest
 * {@link Compaction#STREAM_KEEP_COUNT} per stream, none older than {@link Compaction#STREAM_KEEP_MILLIS}
 * before the newest) and always a stream's last marker, which carries its number.
 */
class StreamMarkerCompactionTest {
    private static final long HOUR = Compaction.STREAM_KEEP_MILLIS;

    @Test
    void compact_markersOlderThanTheWindowCanReach_droppedButEachStreamKeepsItsLast() {
        List<DomainEvent> events = List.of(marker("agent:alice", 1, 0), marker("agent:alice", 2, 10),
                marker("person:lead", 1, 20), marker("agent:alice", 3, 2 * HOUR), marker("agent:alice", 4, 2 * HOUR + 1));

        assertThat(Compaction.compact(events)).containsExactly(events.get(2), events.get(3), events.get(4));
    }

    @Test
    void compact_moreMarkersThanTheCountBound_newestKept() {
        List<DomainEvent> events = new ArrayList<>();
        for (int seq = 1; seq <= Compaction.STREAM_KEEP_COUNT + 5; seq++) {
            events.add(marker("agent:alice", seq, seq));
        }

        List<DomainEvent> kept = Compaction.compact(events);

        assertThat(kept).hasSize(Compaction.STREAM_KEEP_COUNT);
        assertThat(((StreamAppended) kept.get(0)).seq()).isEqualTo(6);
    }

    private static StreamAppended marker(String stream, long seq, long at) {
        return new StreamAppended(at, stream, seq, "ticket_updated", "tkt_1", null, 0, null, null, null, 0);
    }
}
