package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Immutable copies of live state, for handing across threads. */
final class Views {
    private Views() {
    }

    static TicketView ticket(EngineState state, Ticket t) {
        Demand demand = state.demandOf(t);
        List<SkillRequirement> skills = new ArrayList<>();
        demand.skills().forEach((name, level) -> skills.add(new SkillRequirement(name, level)));
        return new TicketView(t.id(), t.seq(), t.status(), t.channel(), t.priority(), t.customer(), t.draft().type(),
                t.draft().subject(), t.draft().description(), List.copyOf(skills), t.draft().language(),
                t.draft().tags(), t.draft().fields(), t.queue(), t.assignee(), t.team(), t.minTier(), t.createdAt(),
                t.updatedAt());
    }

    static AgentView agent(Agent a) {
        Map<Channel, Integer> load = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            if (a.profile().capacityOn(channel) > 0 || a.load(channel) > 0) {
                load.put(channel, a.load(channel));
            }
        }
        return new AgentView(a.profile(), a.presence(), a.sessionId() != null, Map.copyOf(load),
                List.copyOf(a.tickets()));
    }
}
