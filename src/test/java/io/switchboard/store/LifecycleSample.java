package io.switchboard.store;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events one ticket's lifecycle journals at 5k/s, shaped as the server writes them (the load
 * generator's draft, the SLA decision with its targets and deadlines, the stream markers the
 * pushes leave): created, queued, offered, accepted (assigned), resolved, and an agent's presence
 * change. The mix the codec spends its time on, for {@link EncodeCost} and the pinned bytes.
 */
final class LifecycleSample {
    private LifecycleSample() {}

    static List<DomainEvent> events() {
        long t = 1_765_000_000_000L;
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c-1042", CustomerTier.STANDARD,
                "Load Test"), "general", "Order not confirmed", "The customer says the order confirmation mail never"
                + " arrived and the card shows a double charge; please call back in the afternoon.",
                List.of(new SkillRequirement("billing", 2)), null, Set.of("load_test"),
                Map.of("orderId", "A-1", "lt_run", "abcdefgh", "lt_intended", "123456789"), null);
        SlaDecision sla = new SlaDecision("standard-chat", "24x7",
                Map.of(SlaMetric.FIRST_RESPONSE, 60_000L, SlaMetric.RESOLUTION, 86_400_000L),
                Map.of(SlaMetric.FIRST_RESPONSE, t + 60_000, SlaMetric.RESOLUTION, t + 86_400_000));
        String ticket = "tkt_1042";
        return List.of(
                new TicketCreated(t, ticket, 1042, draft, "general", "key:load", "intake", null, null, sla),
                new TicketQueued(t, ticket, "general", null, 0, "router", "routing_rule"),
                new TicketOffered(t + 1, ticket, "agent-7", "ofr_1042", t + 30_001, "router", "routed"),
                new StreamAppended(t + 1, "agent:agent-7", 4_711, "offer", ticket, "ofr_1042", t + 30_001, null,
                        "routed", null, 0),
                new TicketAssigned(t + 900, ticket, "agent-7", "ofr_1042", "agent:agent-7", "offer_accepted"),
                new StreamAppended(t + 900, "agent:agent-7", 4_712, "assigned", ticket, "ofr_1042", 0, null,
                        "offer_accepted", null, 0),
                new TicketResolved(t + 5_000, ticket, "agent:agent-7", "resolved"),
                new StreamAppended(t + 5_000, "agent:agent-7", 4_713, "ticket_updated", ticket, null, 0, null,
                        "resolved", null, 0),
                new AgentPresenceChanged(t + 6_000, "agent-7", Presence.AWAY, "manual"),
                new StreamAppended(t + 6_000, "agent:agent-7", 4_714, "presence_changed", null, null, 0, "away",
                        "manual", null, 0));
    }
}
