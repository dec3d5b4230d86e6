package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Read-only commands; they never emit events. */
final class Queries {
    private final EngineState state;

    Queries(EngineState state) {
        this.state = state;
    }

    /** The answer to a query, or null if {@code command} is not a query. */
    Outcome answer(Command command, long now) {
        if (command instanceof Command.GetTicket c) {
            Ticket ticket = state.tickets.peek(c.ticketId());
            return ticket == null ? notFound("ticket", c.ticketId()) : ok(Views.ticket(state, ticket));
        }
        if (command instanceof Command.GetTimeline c) {
            Ticket ticket = state.tickets.peek(c.ticketId());
            return ticket == null ? notFound("ticket", c.ticketId()) : ok(List.copyOf(ticket.timeline()));
        }
        if (command instanceof Command.ListTickets c) {
            return ok(list(c));
        }
        if (command instanceof Command.GetAgent c) {
            Agent agent = state.agents.get(c.agentId());
            return agent == null ? notFound("agent", c.agentId()) : ok(Views.agent(agent));
        }
        if (command instanceof Command.GetPerson c) {
            return person(c.personId());
        }
        if (command instanceof Command.ListAgents) {
            List<AgentView> agents = new ArrayList<>();
            state.agents.values().forEach(a -> agents.add(Views.agent(a)));
            return ok(agents);
        }
        if (command instanceof Command.ListQueues) {
            List<QueueView> queues = new ArrayList<>();
            state.config.queues().values().forEach(q -> queues.add(queue(q, now)));
            return ok(queues);
        }
        return null;
    }

    /** Tickets in creation order after the cursor. A filtered page may walk past non-matching tickets. */
    private TicketPage list(Command.ListTickets c) {
        List<TicketView> page = new ArrayList<>();
        long[] last = {0};
        boolean[] more = {false};
        state.tickets.walk(c.afterSeq(), c::matches, t -> {
            if (page.size() == c.limit()) {
                more[0] = true;
                return false;
            }
            page.add(Views.ticket(state, t));
            last[0] = t.seq();
            return true;
        });
        return new TicketPage(page, more[0] ? last[0] : 0);
    }

    /** Scans agents and queues: called once per supervisor connection, not on a routing path. */
    private Outcome person(String id) {
        List<String> leads = new ArrayList<>();
        List<String> manages = new ArrayList<>();
        for (Agent agent : state.agents.values()) {
            if (id.equals(agent.profile().teamLeadId())) {
                leads.add(agent.id());
            }
            if (id.equals(agent.profile().managerId())) {
                manages.add(agent.id());
            }
        }
        List<String> queues = new ArrayList<>();
        state.config.queues().values().forEach(q -> {
            if (q.supervisors().contains(id)) {
                queues.add(q.name());
            }
        });
        if (leads.isEmpty() && manages.isEmpty() && queues.isEmpty() && !state.agents.containsKey(id)) {
            return notFound("person", id);
        }
        return ok(new PersonView(id, leads, manages, queues));
    }

    private QueueView queue(QueueDefinition definition, long now) {
        var waiting = state.waitingByQueue.get(definition.name());
        long oldest = waiting.isEmpty() ? 0 : Math.max(0, (now - waiting.first().queuedAt()) / 1000);
        // The channel is irrelevant here: qualification looks at skills, teams, tiers only.
        Demand base = new Demand(Channel.WEB, null, definition.requiredSkills(), Set.copyOf(definition.teams()), null);
        List<Agent> qualified = state.dispatcher.qualifiedAgents(base);
        int available = (int) qualified.stream().filter(EngineState::hasFreeCapacity).count();
        return new QueueView(definition, waiting.size(), oldest, qualified.size(), available);
    }

    private static Outcome ok(Object value) {
        return Outcome.of(value);
    }

    private static Outcome notFound(String what, String id) {
        return Outcome.rejected(Rejection.notFound(what, id));
    }
}
