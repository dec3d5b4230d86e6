package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The restart decisions for configuration removed since the journal was written, and the list of
 * every such case for the log. Replay itself never fails on a missing queue, policy, calendar,
 * team or agent (see {@link EngineState#demandOf}, {@link SlaBook}); this is where a restart
 * settles what replay left behind:
 *
 * <ul>
 *   <li>queue: tickets waiting in it (queued, or offered before the restart revoked the offer)
 *       move to {@code routing.defaultQueue} by a journaled {@link TicketQueued} with reason
 *       {@value Run#QUEUE_REMOVED}, keeping a preferred agent's hold; tickets with an agent keep
 *       it, and move when they wait again ({@link Run#routeTicket}); the queue's overflow stops;
 *   <li>SLA policy: recorded targets and deadlines stay, breaches still fire, no warnings or
 *       escalations (they were the policy's); calendar: the clocks count 24x7 (UTC) from now on;
 *   <li>team: a ticket transferred to it is routed by its queue as if no team had been named;
 *   <li>agent: kept with its profile and tickets: the journal cannot tell an agent removed from
 *       the YAML from one created through the API, so it stays a normal agent (it may connect
 *       and be routed to); named while it holds tickets and the configuration lists agents.
 * </ul>
 *
 * Only open tickets are examined; closed ones need nothing.
 */
final class ConfigChanges {
    private ConfigChanges() {
    }

    /** Emits the restart's moves into {@code run} and returns one log line per removed item. */
    static List<String> settle(EngineState state, Run run) {
        RoutingConfig config = state.config;
        ConfigDrift drift = new ConfigDrift();
        List<Ticket> open = new ArrayList<>();
        state.tickets.walk(Long.MIN_VALUE,
                (status, queue, assignee, customer, channel, createdAt) -> status != TicketStatus.CLOSED, open::add);
        for (Ticket ticket : open) {
            if (!config.queues().containsKey(ticket.queue())) {
                if (ticket.status() == TicketStatus.QUEUED) {
                    drift.note("queue", ticket.queue(), ticket.id(), "moved to the default queue '"
                            + config.defaultQueue() + "' (timeline reason " + Run.QUEUE_REMOVED + ")");
                    run.emit(new TicketQueued(run.now, ticket.id(), config.defaultQueue(), ticket.preferredAgent(),
                            ticket.preferredUntil(), DomainEvent.ROUTER, Run.QUEUE_REMOVED));
                } else {
                    drift.note("queue", ticket.queue(), ticket.id(), "keep their agent and move to the default queue '"
                            + config.defaultQueue() + "' if they wait again; its overflow steps stop");
                }
            }
            if (ticket.team() != null && state.teamRemoved(ticket.team())) {
                drift.note("team", ticket.team(), ticket.id(), "are routed by their queue as if no team had been named");
            }
            SlaDecision decision = ticket.sla().decision();
            if (decision != null && decision.policy() != null) {
                if (state.sla.config().policy(decision.policy()).isEmpty()) {
                    drift.note("SLA policy", decision.policy(), ticket.id(),
                            "keep their recorded targets and deadlines; breaches still fire, no warnings or escalations");
                }
                if (state.sla.config().calendar(decision.calendar()).isEmpty()) {
                    drift.note("calendar", decision.calendar(), ticket.id(), "count their SLA clocks 24x7 (UTC)");
                }
            }
        }
        // The journal does not say whether an agent came from the YAML or the API, so an agent
        // missing from a configuration that lists agents is named only while it holds tickets.
        Set<String> configured = new HashSet<>();
        for (AgentProfile profile : config.agents()) {
            configured.add(profile.id());
        }
        for (Agent agent : state.agents.values()) {
            if (!configured.isEmpty() && !configured.contains(agent.id()) && !agent.tickets().isEmpty()) {
                drift.note("agent", agent.id(), String.join(", ", agent.tickets()),
                        "stay with it (kept as if created through the API; removed from the YAML or created there)");
            }
        }
        return drift.lines();
    }
}
