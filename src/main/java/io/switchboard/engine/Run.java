package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The working area of one command: collects the events (applying each at once) and pushes, and
 * holds the two routing triggers.
 */
final class Run {
    /** Timeline reason of a ticket moved out of a queue the configuration no longer has. */
    static final String QUEUE_REMOVED = "queue_removed";

    final EngineState state;
    final long now;
    private final List<DomainEvent> events = new ArrayList<>();
    private final List<AgentPush> pushes = new ArrayList<>();
    // The three below are rarely filled: made on their first element (List.of() until then).
    private List<Agent> freed = List.of();
    private List<Notification> notifications = List.of();
    /** Tickets whose exclusion did not yield only because the excluded free agent had other work first. */
    private List<Ticket> yieldLater = List.of();
    /** The last view made, of {@link #viewed} when {@link #viewedAt} events had been applied. */
    private TicketView view;
    private Ticket viewed;
    private int viewedAt = -1;

    Run(EngineState state, long now) {
        this.state = state;
        this.now = now;
    }

    /**
     * Applies and records {@code event}. After an event that may change the ticket's SLA policy,
     * the policy is chosen again here (the decision side) and, when the choice differs, recorded
     * as {@link SlaPolicyApplied} right after it. Legacy tickets (decision not recorded) are left
     * to {@link SlaBook}, which chooses for them while applying, as the build that wrote them did.
     */
    void emit(DomainEvent event) {
        state.apply(event);
        events.add(event);
        if (event instanceof DomainEvent.TicketEvent trigger && SlaChoice.mayChangePolicy(trigger)) {
            Ticket ticket = state.tickets.get(trigger.ticketId());
            SlaDecision current = ticket.sla().decision();
            if (current != null) {
                SlaPolicy policy = SlaChoice.policyFor(state.sla.config(), ticket);
                if (!SlaChoice.sameChoice(policy, current)) {
                    emit(new SlaPolicyApplied(now, ticket.id(), SlaChoice.applying(policy, ticket, now),
                            DomainEvent.ROUTER, SlaChoice.reasonAfter(trigger)));
                }
            }
        }
    }

    /**
     * The ticket as it is now. The same instance as the last call's while no event has been
     * applied since (every state change is an applied event): the answer and the pushes of one
     * change then share one view, which the adapters encode once.
     */
    TicketView view(Ticket ticket) {
        if (ticket != viewed || viewedAt != events.size()) {
            view = Views.ticket(state, ticket);
            viewed = ticket;
            viewedAt = events.size();
        }
        return view;
    }

    void push(Agent agent, AgentPush.Kind kind, String offerId, Ticket ticket, String reason) {
        push(agent, kind, offerId, ticket, 0, reason);
    }

    void push(Agent agent, AgentPush.Kind kind, String offerId, Ticket ticket, long expiresAt, String reason) {
        if (agent != null) {
            pushes.add(new AgentPush(agent.id(), agent.sessionId(), kind, offerId,
                    ticket == null ? null : view(ticket), expiresAt, agent.presence(), reason));
        }
    }

    /** Tells the ticket's owner (if connected) that it changed. */
    void pushUpdate(Ticket ticket, String agentId) {
        if (agentId != null) {
            push(state.agents.get(agentId), AgentPush.Kind.TICKET_UPDATED, null, ticket, null);
        }
    }

    /** Tells {@code recipients} about an SLA event on the ticket (as the ticket is now). */
    void notify(Ticket ticket, DomainEvent.AlertEvent event, java.util.Set<String> recipients, String mustAct) {
        if (!recipients.isEmpty()) {
            if (notifications.isEmpty()) {
                notifications = new ArrayList<>(2);
            }
            notifications.add(new Notification(recipients, mustAct, event, view(ticket)));
        }
    }

    Outcome done(Object value) {
        settleYields();
        return new Outcome(value, null, false, events, pushes, notifications);
    }

    Outcome created(Object value) {
        settleYields();
        return new Outcome(value, null, true, events, pushes, notifications);
    }

    /**
     * Routes again, once the command's other routing is done, the tickets an excluded free agent
     * passed over for other work: if that agent is still free with nothing else to take, the
     * exclusion yields now. Without this the outcome depended on the order tickets were routed in.
     */
    private void settleYields() {
        for (int round = 0; round < 4 && !yieldLater.isEmpty(); round++) {
            List<Ticket> again = yieldLater;
            yieldLater = List.of();
            again.forEach(this::routeTicket);
        }
        yieldLater = List.of();
    }

    /** Trigger one: a ticket is in line; offer it to the best eligible agent, if any is free. */
    void routeTicket(Ticket ticket) {
        if (ticket.status() != TicketStatus.QUEUED) {
            return;
        }
        if (ticket.preferredAgent() != null) {
            Agent preferred = state.agents.get(ticket.preferredAgent());
            if (preferred != null && eligible(preferred, ticket)) {
                offerOrAssign(ticket, preferred);
            }
            return;
        }
        QueueDefinition queue = state.config.queues().get(ticket.queue());
        if (queue == null) {
            // Its queue was removed from the configuration (e.g. an assigned ticket released after a
            // restart): it waits in the default queue instead, journaled with the reason.
            emit(new DomainEvent.TicketQueued(now, ticket.id(), state.config.defaultQueue(), null, 0, DomainEvent.ROUTER,
                    QUEUE_REMOVED));
            queue = state.config.queues().get(state.config.defaultQueue());
        }
        Agent best = state.dispatcher.bestAgentFor(ticket, queue.strategy());
        if (best == null) {
            best = yieldOldestExclusion(ticket);
        }
        if (best != null) {
            offerOrAssign(ticket, best);
        }
    }

    /**
     * No agent that may take the ticket is free, unless one the ticket excludes: an exclusion never
     * leaves a ticket waiting while an eligible agent sits idle. Among the excluded agents that are
     * free, qualify and have nothing else to take (no other waiting ticket, nothing held for them),
     * the oldest exclusion yields (ties by agent id, so replay decides alike), recorded as
     * {@link DomainEvent.ExclusionLifted}; null when there is none. An excluded agent with other
     * work waiting takes that instead (trigger two), so a rejected ticket goes back to the agent
     * that rejected it only as a last resort.
     */
    private Agent yieldOldestExclusion(Ticket ticket) {
        if (ticket.excludedAgents().isEmpty()) {
            return null;
        }
        Demand demand = state.demandOf(ticket);
        Agent oldest = null;
        long oldestSince = Long.MAX_VALUE;
        for (Map.Entry<String, Long> exclusion : ticket.exclusions().entrySet()) {
            Agent agent = state.agents.get(exclusion.getKey());
            if (agent == null || !agent.canTake(ticket.channel()) || !state.dispatcher.qualifies(agent, demand)) {
                continue;
            }
            if (reservedFor(agent) != null || state.dispatcher.bestTicketFor(agent) != null) {
                if (yieldLater.isEmpty()) {
                    yieldLater = new ArrayList<>(2);
                }
                yieldLater.add(ticket);
                continue;
            }
            long since = exclusion.getValue();
            if (since < oldestSince || since == oldestSince && agent.id().compareTo(oldest.id()) < 0) {
                oldest = agent;
                oldestSince = since;
            }
        }
        if (oldest != null) {
            emit(new DomainEvent.ExclusionLifted(now, ticket.id(), oldest.id(), DomainEvent.ROUTER,
                    "no_other_agent_free"));
        }
        return oldest;
    }

    /** Trigger two: an agent gained capacity or presence; fill its free capacity from the line. */
    void routeAgent(Agent agent) {
        int guard = agent.profile().capacity().values().stream().mapToInt(Integer::intValue).sum();
        while (agent.presence() == Presence.AVAILABLE && guard-- > 0) {
            Ticket next = reservedFor(agent);
            if (next == null) {
                next = state.dispatcher.bestTicketFor(agent);
            }
            if (next == null) {
                // Everything this agent could take excludes it: route the first such ticket, so the
                // oldest exclusion among the free agents yields (see routeTicket).
                Ticket kept = state.dispatcher.bestExcludingTicketFor(agent);
                if (kept == null) {
                    return;
                }
                routeTicket(kept);
                if (kept.status() == TicketStatus.QUEUED) {
                    return;
                }
                continue;
            }
            offerOrAssign(next, agent);
        }
    }

    /**
     * Withdraws the ticket's open offer and tells the agent; the agent's freed capacity is filled
     * by {@link #routeFreedAgents()} once the ticket itself has been dealt with.
     */
    void revokeOffer(Ticket ticket, String reason) {
        EngineState.Offer offer = state.offers.get(ticket.offerId());
        Agent agent = state.agents.get(offer.agentId());
        emit(new OfferWithdrawn(now, ticket.id(), agent.id(), offer.offerId(), OfferWithdrawn.Outcome.REVOKED,
                DomainEvent.ROUTER, reason));
        push(agent, AgentPush.Kind.OFFER_REVOKED, offer.offerId(), null, reason);
        if (freed.isEmpty()) {
            freed = new ArrayList<>(2);
        }
        freed.add(agent);
    }

    /** Trigger two for every agent whose offer was revoked during this command. */
    void routeFreedAgents() {
        List<Agent> agents = freed;
        freed = List.of();
        agents.forEach(this::routeAgent);
    }

    private Ticket reservedFor(Agent agent) {
        var reserved = state.reservations.get(agent.id());
        if (reserved == null) {
            return null;
        }
        for (String ticketId : reserved) {
            Ticket ticket = state.tickets.get(ticketId);
            if (eligible(agent, ticket)) {
                return ticket;
            }
        }
        return null;
    }

    private boolean eligible(Agent agent, Ticket ticket) {
        return agent.canTake(ticket.channel()) && !ticket.excludedAgents().contains(agent.id())
                && state.dispatcher.qualifies(agent, state.demandOf(ticket));
    }

    private void offerOrAssign(Ticket ticket, Agent agent) {
        if (agent.profile().autoAccept()) {
            emit(new TicketAssigned(now, ticket.id(), agent.id(), null, DomainEvent.ROUTER, "auto_accept"));
            push(agent, AgentPush.Kind.ASSIGNED, null, ticket, null);
            return;
        }
        String offerId = Ids.offer(state.offerSeq + 1);
        long expiresAt = now + state.config.offerTimeout(ticket.channel());
        emit(new TicketOffered(now, ticket.id(), agent.id(), offerId, expiresAt, DomainEvent.ROUTER, "routed"));
        push(agent, AgentPush.Kind.OFFER, offerId, ticket, expiresAt, null);
    }
}
