package io.switchboard.app;

import io.switchboard.api.JsonViews;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Notification;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Sequenced;
import io.switchboard.engine.StreamReplay;
import io.switchboard.engine.StreamWindows;
import io.switchboard.engine.TicketView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbers every push and notification in its resumable stream ({@code agent:<id>}: the agent's
 * pushes and notifications; {@code person:<id>}: the notifications of a supervisor stream) and keeps
 * the replay windows (docs/websocket-protocol.md, "Resume").
 *
 * <p>Why journaled markers: the engine decides pushes while it runs a command, and a replay of the
 * journal rebuilds state without deciding them again, so pushes are not a function of the journal.
 * Each stream message is therefore recorded as a small {@link StreamAppended} marker journaled in
 * the same batch as the events behind it (never without them, never later), which makes the numbers
 * and the window survive {@code kill -9}: a restart reads the markers back, in journal order, and
 * continues every stream where it stopped. Markers name what the message said (type, ticket, offer,
 * reason, the alert) rather than holding its JSON, so the journal grows by ~100 bytes per push.
 * The window holds the markers only (and, for a notification, its alert event), never the ticket
 * snapshot that was pushed: a replayed message is rebuilt from the current state, so it carries
 * the ticket as it is at resume time (as a coalesced update would), and a kept message costs about
 * 80 bytes of heap, in arrays (StreamWindows). One path for a reconnect and a restart alike.
 *
 * <p>Threading: the engine's context only. A message enters the window once durable, so a resume
 * never replays what a crash could still take back.
 */
final class StreamBook {
    static final String AGENT = "agent:";
    static final String PERSON = "person:";

    /**
     * Where one message goes: to a session ({@code publish} false, {@code to} its id) or to
     * everyone listening for a person ({@code to} the person's event-bus address).
     */
    record Delivery(String to, boolean publish, Sequenced message) {}

    /** One outcome's events with its markers appended, and what to deliver once they are durable. */
    record Marked(List<DomainEvent> journaled, List<StreamAppended> markers, List<Object> messages,
            List<Delivery> deliveries) {}

    private final StreamWindows windows;
    /** Stream names by id, so a push does not build its stream's name again (bounded by the people known). */
    private final Map<String, String> agentStreams = new HashMap<>();
    private final Map<String, String> personStreams = new HashMap<>();
    private Engine engine;
    /**
     * The alerts of the previous {@link #restore} call: a warm standby restores piece by piece, and
     * a marker's alert is journaled in the same batch, so at worst in the piece before.
     */
    private Map<String, DomainEvent.AlertEvent> previousAlerts = Map.of();

    StreamBook(StreamWindows.Limits limits) {
        this.windows = new StreamWindows(limits);
    }

    /**
     * Continues every stream from the markers in {@code history} (journal order) and refills the
     * windows; alerts are found by the members the markers name. May be called again with what
     * followed (a warm standby follows the journal in pieces), with the same engine.
     */
    void restore(Engine engine, List<DomainEvent> history, long now) {
        this.engine = engine;
        Map<String, DomainEvent.AlertEvent> alerts = new HashMap<>();
        for (DomainEvent event : history) {
            if (event instanceof DomainEvent.AlertEvent alert) {
                alerts.put(alertKey(alert.ticketId(), alert.getClass().getSimpleName(), alert.at()), alert);
            } else if (event instanceof StreamAppended marker) {
                Object message = null;
                if (marker.alertType() != null) {
                    String key = alertKey(marker.ticketId(), marker.alertType(), marker.alertAt());
                    DomainEvent.AlertEvent alert = alerts.getOrDefault(key, previousAlerts.get(key));
                    message = alert == null ? null : new Notification(Set.of(), marker.reason(), alert, null);
                }
                windows.append(marker, message, now);
            }
        }
        previousAlerts = alerts;
    }

    /** Numbers the outcome's messages; the returned events (the outcome's, then the markers) are what to journal. */
    Marked mark(Outcome outcome, long now) {
        if (outcome.pushes().isEmpty() && outcome.notifications().isEmpty()) {
            return new Marked(outcome.events(), List.of(), List.of(), List.of());
        }
        int expected = outcome.pushes().size() + 2 * outcome.notifications().size();
        List<StreamAppended> markers = new ArrayList<>(expected);
        List<Object> messages = new ArrayList<>(expected);
        List<Delivery> deliveries = new ArrayList<>(expected);
        List<AgentPush> pushes = outcome.pushes();
        for (int p = 0; p < pushes.size(); p++) { // indexed: no iterator per outcome
            AgentPush push = pushes.get(p);
            long seq = 0;
            if (push.kind() != AgentPush.Kind.REPLACED && push.kind() != AgentPush.Kind.OFFER_RESENT) {
                String stream = agentStreams.computeIfAbsent(push.agentId(), id -> AGENT + id);
                seq = windows.assign(stream);
                markers.add(new StreamAppended(now, stream, seq, wireKind(push.kind()),
                        push.ticket() == null ? null : push.ticket().id(), push.offerId(), push.expiresAt(),
                        push.kind() == AgentPush.Kind.PRESENCE_CHANGED ? push.presence().wire() : null,
                        push.reason(), null, 0));
                messages.add(null);
            }
            if (push.sessionId() != null) {
                deliveries.add(new Delivery(push.sessionId(), false,
                        new Sequenced(seq, 0, push)));
            }
        }
        for (Notification n : outcome.notifications()) {
            String type = JsonViews.NOTIFICATION_TYPES.get(n.event().getClass());
            String alertType = n.event().getClass().getSimpleName();
            Notification kept = new Notification(Set.of(), n.mustAct(), n.event(), null);
            for (String person : n.recipients()) {
                String personStream = personStreams.computeIfAbsent(person, id -> PERSON + id);
                long personSeq = windows.assign(personStream);
                markers.add(new StreamAppended(now, personStream, personSeq, type, n.event().ticketId(), null, 0,
                        null, n.mustAct(), alertType, n.event().at()));
                messages.add(kept);
                long agentSeq = 0;
                if (engine.knowsAgent(person)) {
                    String agentStream = agentStreams.computeIfAbsent(person, id -> AGENT + id);
                    agentSeq = windows.assign(agentStream);
                    markers.add(new StreamAppended(now, agentStream, agentSeq, type, n.event().ticketId(), null,
                            0, null, n.mustAct(), alertType, n.event().at()));
                    messages.add(kept);
                }
                deliveries.add(new Delivery(EngineClient.personAddress(person), true,
                        new Sequenced(agentSeq, personSeq, n)));
            }
        }
        // Added one by one: addAll copies each list into a temporary array first.
        List<DomainEvent> events = outcome.events();
        List<DomainEvent> journaled = new ArrayList<>(events.size() + markers.size());
        for (int i = 0; i < events.size(); i++) {
            journaled.add(events.get(i));
        }
        for (int i = 0; i < markers.size(); i++) {
            journaled.add(markers.get(i));
        }
        return new Marked(journaled, markers, messages, deliveries);
    }

    /** The marked messages are durable: they enter the windows (before they are delivered). */
    void durable(Marked marked, long now) {
        for (int i = 0; i < marked.markers().size(); i++) {
            windows.append(marked.markers().get(i), marked.messages().get(i), now);
        }
    }

    /**
     * What a client that processed {@code after} on {@code stream} missed, if the window still
     * holds all of it and every message can still be told (the ticket of a message rebuilt after a
     * restart may have left the engine); offers no longer open are left out.
     */
    StreamReplay resume(String stream, long after, long now) {
        StreamWindows.Range range = windows.since(stream, after, now);
        if (!range.complete()) {
            return new StreamReplay(range.position(), false, List.of());
        }
        boolean agentStream = stream.startsWith(AGENT);
        List<Sequenced> replay = new ArrayList<>(range.entries().size());
        for (StreamWindows.Entry entry : range.entries()) {
            StreamAppended m = entry.marker();
            if ("offer".equals(m.kind()) && !engine.isOfferOpen(m.offerId())) {
                continue;
            }
            Object message = rebuild(m, entry.message(), now);
            if (message == null) {
                return new StreamReplay(range.position(), false, List.of());
            }
            replay.add(agentStream ? new Sequenced(m.seq(), 0, message) : new Sequenced(0, m.seq(), message));
        }
        return new StreamReplay(range.position(), true, replay);
    }

    /** Messages windowed over all streams. */
    int windowed() {
        return windows.size();
    }

    /**
     * A message told again from its marker (and, for a notification, the kept alert), with the
     * ticket as it is now; null when it cannot be told (the ticket left the engine).
     */
    private Object rebuild(StreamAppended m, Object restored, long now) {
        TicketView ticket = null;
        if (m.ticketId() != null) {
            Outcome found = engine.handle(new Command.GetTicket(m.ticketId()), now);
            if (!found.ok() || !(found.value() instanceof TicketView view)) {
                return null;
            }
            ticket = view;
        }
        String agentId = m.stream().substring(m.stream().indexOf(':') + 1);
        if (m.alertType() != null) {
            return restored instanceof Notification n ? new Notification(Set.of(agentId), n.mustAct(), n.event(), ticket)
                    : null;
        }
        switch (m.kind()) {
            case "offer":
                return new AgentPush(agentId, null, AgentPush.Kind.OFFER, m.offerId(), ticket, m.expiresAt(), null, null);
            case "assigned":
                return new AgentPush(agentId, null, AgentPush.Kind.ASSIGNED, null, ticket, 0, null, null);
            case "ticket_updated":
                return new AgentPush(agentId, null, AgentPush.Kind.TICKET_UPDATED, null, ticket, 0, null, null);
            case "offer_revoked":
                return new AgentPush(agentId, null, AgentPush.Kind.OFFER_REVOKED, m.offerId(), null, 0, null,
                        m.reason());
            case "presence_changed":
                return new AgentPush(agentId, null, AgentPush.Kind.PRESENCE_CHANGED, null, null, 0,
                        Presence.parse(m.status()).orElse(Presence.OFFLINE), m.reason());
            default:
                return null;
        }
    }

    private static String wireKind(AgentPush.Kind kind) {
        switch (kind) {
            case OFFER:
                return "offer";
            case ASSIGNED:
                return "assigned";
            case OFFER_REVOKED:
                return "offer_revoked";
            case TICKET_UPDATED:
                return "ticket_updated";
            case PRESENCE_CHANGED:
                return "presence_changed";
            default:
                throw new IllegalArgumentException("not a stream message: " + kind);
        }
    }

    private static String alertKey(String ticketId, String type, long at) {
        return ticketId + '|' + type + '|' + at;
    }
}
