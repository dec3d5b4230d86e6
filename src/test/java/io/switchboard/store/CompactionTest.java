package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.ticket.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the kept set of a mixed range, event by event: ticket timelines with archives (purged,
 * kept for lack of their creation, the range's last archive carrying the counters), presence and
 * connection churn of several agents, and the stream markers of many streams beyond
 * {@link Compaction#STREAM_KEEP_COUNT} and older than {@link Compaction#STREAM_KEEP_MILLIS}. The
 * decoded plan ({@link Compaction#compact}) and the encoded one ({@link Compaction#ofEncoded}) must
 * agree with it.
 */
class CompactionTest {
    private static final long HOUR = Compaction.STREAM_KEEP_MILLIS;
    private static final long NOW = 10 * HOUR;

    /** The range and, per event, whether a partial range (not from the journal's start) keeps it. */
    private final List<DomainEvent> events = new ArrayList<>();
    private final List<Boolean> keptPartial = new ArrayList<>();
    /** The same when the range starts at the journal's first event (a merge into a base). */
    private final List<Boolean> keptComplete = new ArrayList<>();

    @Test
    void compact_mixedRange_keepsExactlyThePinnedEvents() {
        mixedRange();

        assertThat(Compaction.compact(events)).containsExactlyElementsOf(expected(keptPartial));
    }

    @Test
    void ofEncoded_mixedRange_keepsWhatTheDecodedPlanKeeps() {
        mixedRange();
        EventCodec codec = EventCodec.instance();
        List<byte[]> payloads = events.stream().map(codec::encode).toList();

        assertThat(keptBy(Compaction.ofEncoded(payloads, codec))).containsExactlyElementsOf(expected(keptPartial));
        assertThat(keptBy(Compaction.ofEncoded(payloads, codec, true)))
                .containsExactlyElementsOf(expected(keptComplete));
    }

    @Test
    void ofEncoded_noArchiveInTheRange_keepsEveryTicketEvent() {
        EventCodec codec = EventCodec.instance();
        List<DomainEvent> range = new ArrayList<>(ArchivedSnapshotTest.openTicket(1, NOW));
        range.add(new TicketAssigned(NOW + 5, "tkt_1", "alice", null, "router", "auto_accept"));
        range.add(presence(NOW + 6, "alice", Presence.BUSY));
        range.add(presence(NOW + 7, "alice", Presence.AWAY));
        List<byte[]> payloads = range.stream().map(codec::encode).toList();

        Compaction plan = Compaction.ofEncoded(payloads, codec, true);

        assertThat(keptBy(plan, range)).containsExactly(range.get(0), range.get(1), range.get(2), range.get(4));
        assertThat(plan.purgedTickets()).isZero();
    }

    private void mixedRange() {
        long at = NOW;
        // tkt_1: created and archived in the range: leaves whole
        for (DomainEvent e : ArchivedSnapshotTest.lifecycle(1, at)) {
            add(e, false, false);
        }
        // tkt_2: open, never archived: kept
        for (DomainEvent e : ArchivedSnapshotTest.openTicket(2, at + 10)) {
            add(e, true, true);
        }
        // tkt_3: only its close and archive here (created in an earlier snapshot): kept, unless complete
        List<DomainEvent> third = ArchivedSnapshotTest.lifecycle(3, at + 20);
        add(third.get(2), true, false);
        add(third.get(3), true, false);
        // presence churn of alice: the last change and the last change to available stay
        add(presence(at + 30, "alice", Presence.AVAILABLE), false, false);
        add(presence(at + 31, "alice", Presence.BUSY), false, false);
        add(presence(at + 32, "alice", Presence.AVAILABLE), true, true);
        add(presence(at + 33, "alice", Presence.AWAY), false, false);
        // bob's connections: the last connect, disconnect and grace expiry stay
        add(new AgentConnected(at + 40, "bob", "s-1", null), false, false);
        add(new AgentDisconnected(at + 41, "bob", "s-1", at + 1_000), false, false);
        add(new AgentConnected(at + 42, "bob", "s-2", null), false, false);
        add(new AgentGraceExpired(at + 43, "bob"), false, false);
        add(new AgentConnected(at + 44, "bob", "s-3", "s-2"), true, true);
        add(new AgentGraceExpired(at + 45, "bob"), true, true);
        add(new AgentDisconnected(at + 46, "bob", "s-3", at + 2_000), true, true);
        // carol: her profile always stays, her only presence change is both her last and last available
        add(new AgentUpserted(at + 50, AgentProfile.of("carol", "Carol", "support", SupportTier.L1, Map.of("billing", 2),
                Set.of("en"), Map.of(Channel.CHAT, 2), true, null, null)), true, true);
        add(presence(at + 51, "carol", Presence.AVAILABLE), true, true);
        add(presence(at + 52, "alice", Presence.BUSY), true, true);
        // tkt_4: created and archived here, its archive the range's last: only the archive stays
        List<DomainEvent> fourth = ArchivedSnapshotTest.lifecycle(4, at + 60);
        for (int i = 0; i < 3; i++) {
            add(fourth.get(i), false, false);
        }
        // agent:dave: more markers than the count bound (with his last one below), all recent: the
        // newest STREAM_KEEP_COUNT stay
        for (int seq = 1; seq <= Compaction.STREAM_KEEP_COUNT + 3; seq++) {
            add(marker("agent:dave", seq, NOW + seq), seq > 4, seq > 4);
        }
        // many streams, each with an old marker, a recent one and an old one again at its end
        for (int s = 0; s < 40; s++) {
            String stream = "person:lead-" + s;
            add(marker(stream, 1, NOW - 2 * HOUR + s), false, false); // older than the window: dropped
            add(marker(stream, 2, NOW - HOUR + 100 + s), true, true); // within an hour of the newest: kept
        }
        // agent:erin: every marker too old, so only her last one (her sequence number) stays
        add(marker("agent:erin", 1, NOW - 3 * HOUR), false, false);
        add(marker("agent:erin", 2, NOW - 3 * HOUR + 1), false, false);
        add(marker("agent:erin", 3, NOW - 2 * HOUR), true, true);
        add(fourth.get(3), true, true);
        // the newest marker, 1 h + 100 ms after the oldest kept person marker
        add(marker("agent:dave", Compaction.STREAM_KEEP_COUNT + 4, NOW + 200), true, true);
        add(new TicketAssigned(at + 300, "tkt_2", "alice", null, "router", "auto_accept"), true, true);
    }

    private void add(DomainEvent event, boolean partial, boolean complete) {
        events.add(event);
        keptPartial.add(partial);
        keptComplete.add(complete);
    }

    private List<DomainEvent> expected(List<Boolean> kept) {
        List<DomainEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (kept.get(i)) {
                out.add(events.get(i));
            }
        }
        return out;
    }

    private List<DomainEvent> keptBy(Compaction plan) {
        return keptBy(plan, events);
    }

    private static List<DomainEvent> keptBy(Compaction plan, List<DomainEvent> range) {
        List<DomainEvent> out = new ArrayList<>();
        for (int i = 0; i < range.size(); i++) {
            if (plan.keeps(i)) {
                out.add(range.get(i));
            }
        }
        return out;
    }

    private static AgentPresenceChanged presence(long at, String agent, Presence presence) {
        return new AgentPresenceChanged(at, agent, presence, "manual");
    }

    private static StreamAppended marker(String stream, long seq, long at) {
        return new StreamAppended(at, stream, seq, "ticket_updated", "tkt_2", null, 0, null, null, null, 0);
    }
}
