package io.switchboard.store;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which journaled events a snapshot must keep. Ticket events are kept (they are the tickets'
 * timelines) unless the ticket was archived: a ticket whose creation and {@code TicketArchived}
 * are both in the compacted range leaves the snapshot whole, except the range's last archive event,
 * which carries the engine's id counters. (A range that holds only a ticket's archive keeps its
 * events: the creation lies in an earlier snapshot, and dropping only the tail would bring the
 * ticket back on replay.) Callers compact only what the history store has committed, so an
 * archived ticket is never dropped before the store holds it. Agent profile changes are kept; of
 * an agent's presence and connection churn only the events that still determine its state
 * survive: the last presence change, the last change to {@code available} (its "idle since"), and
 * the last connect, disconnect and grace expiry. Kept events stay in their original order, so
 * replaying them yields the same state as replaying all.
 *
 * <p>WebSocket stream markers ({@link DomainEvent.StreamAppended}) are kept only as far as a replay
 * window can reach: per stream the newest {@link #STREAM_KEEP_COUNT}, of those only the ones at most
 * {@link #STREAM_KEEP_MILLIS} older than the range's newest marker, and always the stream's last one
 * (it carries the stream's sequence number across the snapshot).
 *
 * <p>Use: {@link #observe} every event in order (index from 0), then ask {@link #keeps}.
 *
 * <p>Cost: a snapshot plans every journaled event, so the plan holds no boxed index: indexes are
 * dense ints, the sets over them are {@link BitSet}s, tickets and streams are numbered in order of
 * appearance by their names' bytes ({@link NameNumbers}, no {@code String} per event),
 * an agent's last churn events are ints in one holder per agent, and a stream's newest markers are
 * an int ring of at most {@link #STREAM_KEEP_COUNT}.
 */
public final class Compaction {
    /** The most stream messages a replay window may hold per stream (the cap of the configured count). */
    public static final int STREAM_KEEP_COUNT = 1_000;
    /** The oldest a replayed message may be (the cap of the configured age): one hour. */
    public static final long STREAM_KEEP_MILLIS = 3_600_000;
    private final NameNumbers streamNames = new NameNumbers();
    /** By stream number. */
    private final List<StreamMarkers> streams = new ArrayList<>();
    /** Every marker's index, kept or not. */
    private final BitSet markers = new BitSet();
    private long newestMarker = Long.MIN_VALUE;
    private final Map<String, AgentChurn> agents = new HashMap<>();
    private final BitSet churn = new BitSet();
    /** Per index, 1 + the number of its event's ticket; 0 = not an observed ticket event. */
    private int[] ticketOf = new int[0];
    private final NameNumbers tickets = new NameNumbers();
    private final BitSet created = new BitSet();
    private final BitSet archived = new BitSet();
    private int lastArchive = -1;
    /** True when the range starts at the journal's first event: every ticket's creation is in it, or long purged. */
    private boolean complete;
    private BitSet kept;

    public void observe(int index, DomainEvent event) {
        if (event instanceof DomainEvent.TicketEvent e) {
            observeTicket(index, e.getClass(), tickets.number(e.ticketId()));
        } else if (event instanceof AgentPresenceChanged e) {
            churn.set(index);
            AgentChurn agent = agent(e.agentId());
            agent.presence = index;
            if (e.presence() == Presence.AVAILABLE) {
                agent.available = index;
            }
        } else if (event instanceof AgentConnected e) {
            churn.set(index);
            agent(e.agentId()).connect = index;
        } else if (event instanceof AgentDisconnected e) {
            churn.set(index);
            agent(e.agentId()).disconnect = index;
        } else if (event instanceof AgentGraceExpired e) {
            churn.set(index);
            agent(e.agentId()).graceExpiry = index;
        } else if (event instanceof DomainEvent.StreamAppended e) {
            observeMarker(index, streamNames.number(e.stream()), e.at());
        }
    }

    /** A ticket event of class {@code type}, as {@link #observe} sees it, from its type and ticket number alone. */
    private void observeTicket(int index, Class<?> type, int ticket) {
        if (index >= ticketOf.length) {
            ticketOf = Arrays.copyOf(ticketOf, Math.max(index + 1, 2 * ticketOf.length));
        }
        ticketOf[index] = ticket + 1;
        if (type == DomainEvent.TicketCreated.class) {
            created.set(ticket);
        } else if (type == DomainEvent.TicketArchived.class) {
            archived.set(ticket);
            lastArchive = index;
        }
    }

    /** A {@code StreamAppended}, as {@link #observe} sees it, from its stream's number and {@code at} alone. */
    private void observeMarker(int index, int streamNumber, long at) {
        if (streamNumber == streams.size()) {
            streams.add(new StreamMarkers());
        }
        StreamMarkers stream = streams.get(streamNumber);
        stream.add(index, at);
        markers.set(index);
        newestMarker = Math.max(newestMarker, at);
    }

    public boolean keeps(int index) {
        if (kept == null) {
            kept = keptChurnAndMarkers();
        }
        if (markers.get(index)) {
            return kept.get(index);
        }
        int ticket = index < ticketOf.length ? ticketOf[index] - 1 : -1;
        if (ticket >= 0) {
            return index == lastArchive || !(archived.get(ticket) && (complete || created.get(ticket)));
        }
        return !churn.get(index) || kept.get(index);
    }

    /** The churn events that still determine an agent's state, and the markers a replay window can reach. */
    private BitSet keptChurnAndMarkers() {
        BitSet keep = new BitSet();
        for (AgentChurn agent : agents.values()) {
            agent.keepInto(keep);
        }
        long oldestAt = newestMarker - STREAM_KEEP_MILLIS;
        for (StreamMarkers stream : streams) {
            stream.keepInto(keep, oldestAt);
        }
        return keep;
    }

    private AgentChurn agent(String agentId) {
        AgentChurn agent = agents.get(agentId);
        if (agent == null) {
            agent = new AgentChurn();
            agents.put(agentId, agent);
        }
        return agent;
    }

    /** One agent's last churn events by kind, as indexes; -1 = none in the range. */
    private static final class AgentChurn {
        int presence = -1;
        int available = -1;
        int connect = -1;
        int disconnect = -1;
        int graceExpiry = -1;

        void keepInto(BitSet keep) {
            mark(keep, presence);
            mark(keep, available);
            mark(keep, connect);
            mark(keep, disconnect);
            mark(keep, graceExpiry);
        }

        private static void mark(BitSet keep, int index) {
            if (index >= 0) {
                keep.set(index);
            }
        }
    }

    /** Tickets that leave the snapshot whole (archived, and created within the range). */
    public int purgedTickets() {
        if (complete) {
            return archived.cardinality();
        }
        BitSet purged = (BitSet) archived.clone();
        purged.and(created);
        return purged.cardinality();
    }

    /**
     * The plan for journal payloads in order. Agent events are decoded; of stream markers only the
     * stream and {@code at} are read, of ticket events only the ticket id, and only when the range
     * archives a ticket (the plan then needs each event's ticket) ({@link EventPeek}; an event it
     * cannot read is decoded).
     */
    static Compaction ofEncoded(List<byte[]> payloads, EventCodec codec) {
        return ofEncoded(payloads, codec, false);
    }

    /**
     * As {@link #ofEncoded(List, EventCodec)}; {@code complete} when the payloads start at the
     * journal's first event (a merge into a base), so an archived ticket without its creation in
     * the range is the counter carrier of an earlier merge and may go too.
     */
    static Compaction ofEncoded(List<byte[]> payloads, EventCodec codec, boolean complete) {
        return ofEncoded(EncodedEvents.of(payloads), codec, complete);
    }

    /** As {@link #ofEncoded(List, EventCodec, boolean)}, for events left in the bytes they were read into. */
    static Compaction ofEncoded(EncodedEvents payloads, EventCodec codec, boolean complete) {
        EventPeek peek = EventPeek.instance();
        boolean archives = false;
        for (int i = 0; i < payloads.size(); i++) {
            if (peek.typeOf(payloads.bytes(i), payloads.offset(i)) == DomainEvent.TicketArchived.class) {
                archives = true;
                break;
            }
        }
        Compaction plan = new Compaction();
        plan.complete = complete;
        if (archives) {
            plan.ticketOf = new int[payloads.size()]; // most events are ticket events
        }
        for (int i = 0; i < payloads.size(); i++) {
            byte[] bytes = payloads.bytes(i);
            int offset = payloads.offset(i);
            int length = payloads.length(i);
            Class<?> type = peek.typeOf(bytes, offset);
            if (type == null) {
                plan.observe(i, decode(codec, bytes, offset, length)); // fails naming the unknown tag
                continue;
            }
            boolean ticket = archives && DomainEvent.TicketEvent.class.isAssignableFrom(type);
            if (type == DomainEvent.StreamAppended.class || ticket) {
                // the bulk of a range: only the stream and at, or the ticket id, matter
                if (!peek.peekable(bytes, offset, length)) {
                    plan.observe(i, decode(codec, bytes, offset, length));
                } else if (ticket) {
                    plan.observeTicket(i, type,
                            plan.tickets.number(bytes, peek.idOffset(offset), peek.idLength(bytes, offset)));
                } else {
                    plan.observeMarker(i,
                            plan.streamNames.number(bytes, peek.idOffset(offset), peek.idLength(bytes, offset)),
                            peek.at(bytes, offset));
                }
            } else if (DomainEvent.AgentEvent.class.isAssignableFrom(type)) {
                plan.observe(i, decode(codec, bytes, offset, length));
            }
        }
        return plan;
    }

    private static DomainEvent decode(EventCodec codec, byte[] bytes, int offset, int length) {
        return codec.decode(offset == 0 && length == bytes.length ? bytes
                : Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** The compacted form of {@code events}, for tests and small journals. */
    public static List<DomainEvent> compact(List<DomainEvent> events) {
        Compaction plan = new Compaction();
        for (int i = 0; i < events.size(); i++) {
            plan.observe(i, events.get(i));
        }
        java.util.ArrayList<DomainEvent> out = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (plan.keeps(i)) {
                out.add(events.get(i));
            }
        }
        return out;
    }
}
