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
 * Which journaled events a snapshot must keep. Ticket events are all kept (they are the tickets'
 * timelines) and so are agent profile changes; of an agent's presence and connection churn only
 * the events that still determine its state survive: the last presence change, the last change to
 * {@code available} (its "idle since"), and the last connect, disconnect and grace expiry. Kept
 * events stay in their original order, so replaying them yields the same state as replaying all.
 *
 * <p>Use: {@link #observe} every event in order (index from 0), then ask {@link #keeps}.
 */
public final class Compaction {
    private final Map<String, Integer> lastPresence = new HashMap<>();
    private final Map<String, Integer> lastAvailable = new HashMap<>();
    private final Map<String, Integer> lastConnect = new HashMap<>();
    private final Map<String, Integer> lastDisconnect = new HashMap<>();
    private final Map<String, Integer> lastGraceExpiry = new HashMap<>();
    private final Set<Integer> churn = new HashSet<>();
    private Set<Integer> kept;

    public void observe(int index, DomainEvent event) {
        if (event instanceof AgentPresenceChanged e) {
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
        }
    }

    public boolean keeps(int index) {
        if (kept == null) {
            kept = new HashSet<>();
            for (Map<String, Integer> last : List.of(lastPresence, lastAvailable, lastConnect, lastDisconnect,
                    lastGraceExpiry)) {
                kept.addAll(last.values());
            }
        }
        return !churn.contains(index) || kept.contains(index);
    }

    /** The plan for journal payloads in order; only agent events are decoded. */
    static Compaction ofEncoded(List<byte[]> payloads, EventCodec codec) {
        Compaction plan = new Compaction();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            if (DomainEvent.AgentEvent.class.isAssignableFrom(codec.typeOf(payload))) {
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
