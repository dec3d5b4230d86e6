package io.switchboard.store;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 */
public final class Compaction {
    /** The most stream messages a replay window may hold per stream (the cap of the configured count). */
    public static final int STREAM_KEEP_COUNT = 1_000;
    /** The oldest a replayed message may be (the cap of the configured age): one hour. */
    public static final long STREAM_KEEP_MILLIS = 3_600_000;
    private final Map<String, java.util.ArrayDeque<Integer>> streamMarkers = new HashMap<>();
    private final Map<Integer, Long> markerAt = new HashMap<>();
    private long newestMarker = Long.MIN_VALUE;
    private Set<Integer> markerIndexes;
    private final Map<String, Integer> lastPresence = new HashMap<>();
    private final Map<String, Integer> lastAvailable = new HashMap<>();
    private final Map<String, Integer> lastConnect = new HashMap<>();
    private final Map<String, Integer> lastDisconnect = new HashMap<>();
    private final Map<String, Integer> lastGraceExpiry = new HashMap<>();
    private final Set<Integer> churn = new HashSet<>();
    private final Map<Integer, String> ticketOf = new HashMap<>();
    private final Set<String> created = new HashSet<>();
    private final Set<String> archived = new HashSet<>();
    private int lastArchive = -1;
    /** True when the range starts at the journal's first event: every ticket's creation is in it, or long purged. */
    private boolean complete;
    private Set<Integer> kept;

    public void observe(int index, DomainEvent event) {
        if (event instanceof DomainEvent.TicketEvent e) {
            ticketOf.put(index, e.ticketId());
            if (e instanceof DomainEvent.TicketCreated) {
                created.add(e.ticketId());
            } else if (e instanceof DomainEvent.TicketArchived) {
                archived.add(e.ticketId());
                lastArchive = index;
            }
        } else if (event instanceof AgentPresenceChanged e) {
            churn.add(index);
            lastPresence.put(e.agentId(), index);
            if (e.presence() == Presence.AVAILABLE) {
                lastAvailable.put(e.agentId(), index);
            }
        } else if (event instanceof AgentConnected e) {
            churn.add(index);
            lastConnect.put(e.agentId(), index);
        } else if (event instanceof AgentDisconnected e) {
            churn.add(index);
            lastDisconnect.put(e.agentId(), index);
        } else if (event instanceof AgentGraceExpired e) {
            churn.add(index);
            lastGraceExpiry.put(e.agentId(), index);
        } else if (event instanceof DomainEvent.StreamAppended e) {
            java.util.ArrayDeque<Integer> markers = streamMarkers.computeIfAbsent(e.stream(),
                    k -> new java.util.ArrayDeque<>());
            markers.addLast(index);
            markerAt.put(index, e.at());
            if (markerIndexes == null) {
                markerIndexes = new HashSet<>();
            }
            markerIndexes.add(index);
            if (markers.size() > STREAM_KEEP_COUNT) {
                markerAt.remove(markers.removeFirst());
            }
            newestMarker = Math.max(newestMarker, e.at());
        }
    }

    public boolean keeps(int index) {
        if (kept == null) {
            kept = new HashSet<>();
            for (Map<String, Integer> last : List.of(lastPresence, lastAvailable, lastConnect, lastDisconnect,
                    lastGraceExpiry)) {
                kept.addAll(last.values());
            }
            for (java.util.ArrayDeque<Integer> markers : streamMarkers.values()) {
                kept.add(markers.getLast());
                for (int marker : markers) {
                    if (markerAt.get(marker) >= newestMarker - STREAM_KEEP_MILLIS) {
                        kept.add(marker);
                    }
                }
            }
        }
        if (markerAt.containsKey(index) || isDroppedMarker(index)) {
            return kept.contains(index);
        }
        String ticket = ticketOf.get(index);
        if (ticket != null) {
            return index == lastArchive || !(archived.contains(ticket) && (complete || created.contains(ticket)));
        }
        return !churn.contains(index) || kept.contains(index);
    }

    /** A marker pushed out of its stream's newest {@link #STREAM_KEEP_COUNT}. */
    private boolean isDroppedMarker(int index) {
        return markerIndexes != null && markerIndexes.contains(index);
    }

    /** Tickets that leave the snapshot whole (archived, and created within the range). */
    public int purgedTickets() {
        int purged = 0;
        for (String ticket : archived) {
            if (complete || created.contains(ticket)) {
                purged++;
            }
        }
        return purged;
    }

    /**
     * The plan for journal payloads in order. Agent events are decoded; ticket events only when the
     * range archives a ticket (the plan then needs each event's ticket).
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
        boolean archives = false;
        for (byte[] payload : payloads) {
            if (codec.typeOf(payload) == DomainEvent.TicketArchived.class) {
                archives = true;
                break;
            }
        }
        Compaction plan = new Compaction();
        plan.complete = complete;
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            Class<?> type = codec.typeOf(payload);
            if (DomainEvent.AgentEvent.class.isAssignableFrom(type) || type == DomainEvent.StreamAppended.class
                    || archives && DomainEvent.TicketEvent.class.isAssignableFrom(type)) {
                plan.observe(i, codec.decode(payload));
            }
        }
        return plan;
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
