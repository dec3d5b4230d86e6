package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;

/** Agent administration and the commands an agent's WebSocket session sends. */
final class AgentCommands {
    private final EngineState state;

    AgentCommands(EngineState state) {
        this.state = state;
    }

    Outcome run(Command command, Run run) {
        if (command instanceof Command.UpsertAgent c) {
            return upsert(c, run);
        }
        String agentId = agentIdOf(command);
        Agent agent = state.agents.get(agentId);
        if (agent == null) {
            return Outcome.rejected(Rejection.notFound("agent", agentId));
        }
        if (command instanceof Command.Connect c) {
            String replaced = agent.sessionId();
            if (replaced != null) {
                run.push(agent, AgentPush.Kind.REPLACED, null, null, "replaced_by_new_connection");
            }
            run.emit(new AgentConnected(run.now, agent.id(), c.sessionId(), replaced));
            // Open offers follow the agent to its new connection.
            for (String ticketId : agent.tickets()) {
                Ticket ticket = state.tickets.get(ticketId);
                if (ticket.status() == TicketStatus.OFFERED) {
                    EngineState.Offer offer = state.offers.get(ticket.offerId());
                    run.push(agent, AgentPush.Kind.OFFER_RESENT, offer.offerId(), ticket, offer.expiresAt(), null);
                }
            }
            return run.done(Views.agent(agent));
        }
        if (command instanceof Command.Disconnect c) {
            return disconnect(agent, c.sessionId(), run);
        }
        String sessionId = sessionIdOf(command);
        if (sessionId == null || !sessionId.equals(agent.sessionId())) {
            return Outcome.rejected(Rejection.conflict("session_replaced",
                    "this connection no longer speaks for agent " + agent.id()));
        }
        if (command instanceof Command.SetPresence c) {
            if (agent.presence() != c.presence()) {
                run.emit(new AgentPresenceChanged(run.now, agent.id(), c.presence(), "agent"));
            }
            run.routeAgent(agent);
            return run.done(Views.agent(agent));
        }
        if (command instanceof Command.Accept c) {
            return accept(agent, c.offerId(), run);
        }
        Command.Reject c = (Command.Reject) command;
        EngineState.Offer offer = state.offers.get(c.offerId());
        if (offer == null || !offer.agentId().equals(agent.id())) {
            return offerGone(c.offerId());
        }
        Ticket ticket = state.tickets.get(offer.ticketId());
        run.emit(new OfferWithdrawn(run.now, ticket.id(), agent.id(), offer.offerId(),
                OfferWithdrawn.Outcome.REJECTED, "agent:" + agent.id(), c.reason()));
        run.routeTicket(ticket);
        run.routeAgent(agent);
        return run.done(null);
    }

    private Outcome upsert(Command.UpsertAgent c, Run run) {
        if (!state.config.teams().isEmpty() && !state.config.teams().contains(c.profile().team())) {
            return Outcome.rejected(Rejection.invalid(List.of(new Rejection.FieldError("/team",
                    "unknown team '" + c.profile().team() + "'; known: "
                            + String.join(", ", new java.util.TreeSet<>(state.config.teams()))))));
        }
        boolean created = !state.agents.containsKey(c.profile().id());
        run.emit(new AgentUpserted(run.now, c.profile()));
        Agent agent = state.agents.get(c.profile().id());
        run.routeAgent(agent);
        AgentView view = Views.agent(agent);
        return created ? run.created(view) : run.done(view);
    }

    /**
     * A repeated accept of the offer that made the ticket this agent's is acknowledged again; any
     * other accept of a closed offer is refused, so a ticket is never assigned twice.
     */
    private Outcome accept(Agent agent, String offerId, Run run) {
        EngineState.Offer offer = state.offers.get(offerId);
        if (offer == null || !offer.agentId().equals(agent.id())) {
            for (String ticketId : agent.tickets()) {
                Ticket owned = state.tickets.get(ticketId);
                if (owned.status().isWithAgent() && offerId.equals(owned.offerId())) {
                    return run.done(run.view(owned));
                }
            }
            return offerGone(offerId);
        }
        Ticket ticket = state.tickets.get(offer.ticketId());
        run.emit(new TicketAssigned(run.now, ticket.id(), agent.id(), offerId, "agent:" + agent.id(), "accepted"));
        run.push(agent, AgentPush.Kind.ASSIGNED, null, ticket, null);
        return run.done(run.view(ticket));
    }

    /** Revokes open offers at once; owned tickets wait out the grace period. Stale sessions are ignored. */
    private Outcome disconnect(Agent agent, String sessionId, Run run) {
        if (sessionId == null || !sessionId.equals(agent.sessionId())) {
            return run.done(null);
        }
        List<Ticket> revoked = new ArrayList<>();
        for (String ticketId : List.copyOf(agent.tickets())) {
            Ticket ticket = state.tickets.get(ticketId);
            if (ticket.status() == TicketStatus.OFFERED) {
                String offerId = ticket.offerId();
                run.emit(new OfferWithdrawn(run.now, ticketId, agent.id(), offerId,
                        OfferWithdrawn.Outcome.REVOKED, "agent:" + agent.id(), "agent_disconnected"));
                // The socket is gone; the push goes to the agent's stream, replayed on resume.
                run.push(agent, AgentPush.Kind.OFFER_REVOKED, offerId, null, "agent_disconnected");
                revoked.add(ticket);
            }
        }
        run.emit(new AgentDisconnected(run.now, agent.id(), sessionId,
                run.now + state.config.disconnectGraceMillis()));
        revoked.forEach(run::routeTicket);
        return run.done(null);
    }

    private static Outcome offerGone(String offerId) {
        return Outcome.rejected(new Rejection(Rejection.Kind.GONE, "offer_expired",
                "offer " + offerId + " is no longer open", List.of()));
    }

    private static String agentIdOf(Command command) {
        if (command instanceof Command.Connect c) {
            return c.agentId();
        } else if (command instanceof Command.Disconnect c) {
            return c.agentId();
        } else if (command instanceof Command.SetPresence c) {
            return c.agentId();
        } else if (command instanceof Command.Accept c) {
            return c.agentId();
        } else if (command instanceof Command.Reject c) {
            return c.agentId();
        }
        throw new IllegalArgumentException("not an agent command: " + command);
    }

    private static String sessionIdOf(Command command) {
        if (command instanceof Command.SetPresence c) {
            return c.sessionId();
        } else if (command instanceof Command.Accept c) {
            return c.sessionId();
        } else if (command instanceof Command.Reject c) {
            return c.sessionId();
        }
        throw new IllegalArgumentException("not a session command: " + command);
    }
}
