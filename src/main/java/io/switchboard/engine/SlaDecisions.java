package io.switchboard.engine;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.FollowUpRequested;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.sla.CompensationLevel;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaClock;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decision side of SLA: when a ticket's wake-up fires, every threshold that has passed is
 * turned into its event (warning, breach and follow-up, escalation step, compensation level) in
 * order, with notifications to the people who must act. Thresholds already fired are skipped, so
 * evaluating again is harmless. An escalation that changes the ticket (priority, tier, owner)
 * ends the evaluation; the next wake-up, armed at once, continues from the new state.
 */
final class SlaDecisions {
    private final EngineState state;

    SlaDecisions(EngineState state) {
        this.state = state;
    }

    void onWake(Run run, TimerQueue.Timer timer) {
        Ticket ticket = state.tickets.get(timer.ref());
        if (ticket == null || ticket.sla().wakeAt() != timer.token()) {
            return;
        }
        ticket.sla().wakeAt(0);
        SlaPolicy policy = ticket.sla().policy();
        if (policy != null) {
            for (SlaMetric metric : SlaMetric.values()) {
                SlaClock clock = ticket.sla().clock(metric);
                if (clock != null && clock.isRunning() && !evaluate(run, ticket, policy, clock)) {
                    break;
                }
            }
        }
        state.sla.scheduleWake(ticket);
    }

    /** Fires what is due on one clock; false when an escalation changed the ticket. */
    private boolean evaluate(Run run, Ticket ticket, SlaPolicy policy, SlaClock clock) {
        long now = run.now;
        while (clock.warningsFired() < policy.warnings().size()
                && clock.elapsed(now) >= SlaBook.warningAt(policy, clock)) {
            double threshold = policy.warnings().get(clock.warningsFired());
            emit(run, ticket, new SlaWarning(now, ticket.id(), clock.metric(), threshold, clock.dueAt(),
                    DomainEvent.ROUTER, "sla_warning"), null);
        }
        EscalationStep step = SlaBook.nextStep(policy, clock);
        while (step != null && step.beforeBreach() && clock.elapsed(now) >= clock.targetMillis() + step.afterMillis()) {
            if (!escalate(run, ticket, clock, step)) {
                return false;
            }
            step = SlaBook.nextStep(policy, clock);
        }
        if (!clock.isBreached() && clock.elapsed(now) >= clock.targetMillis()) {
            long due = clock.dueAt();
            emit(run, ticket, new SlaBreached(now, ticket.id(), clock.metric(), due, DomainEvent.ROUTER, "sla_breached"),
                    null);
            long followUp = state.sla.config().followUpMillis();
            if (followUp > 0) {
                emit(run, ticket, new FollowUpRequested(now, ticket.id(), ticket.assignee(), due + followUp,
                        DomainEvent.ROUTER, "contact_customer_after_breach"), ticket.assignee());
            }
        }
        if (!clock.isBreached()) {
            return true;
        }
        while (step != null && !step.beforeBreach() && now >= clock.breachedAt() + step.afterMillis()) {
            if (!escalate(run, ticket, clock, step)) {
                return false;
            }
            step = SlaBook.nextStep(policy, clock);
        }
        List<CompensationLevel> levels = state.sla.config().compensation();
        for (int level = 0; level < levels.size(); level++) {
            CompensationLevel compensation = levels.get(level);
            if (!ticket.sla().compensationIssued(level) && now >= clock.breachedAt() + compensation.overdueMillis()) {
                emit(run, ticket, new CompensationIssued(now, ticket.id(), level, compensation.amount(),
                        compensation.currency(), clock.metric(), now - clock.breachedAt(), DomainEvent.ROUTER,
                        "sla_compensation"), null);
            }
        }
        return true;
    }

    /** Records the step and carries out its action; false when the action changed the ticket. */
    private boolean escalate(Run run, Ticket ticket, SlaClock clock, EscalationStep step) {
        AgentProfile owner = ticket.assignee() == null ? null : state.agents.get(ticket.assignee()).profile();
        Set<String> audience = frontLine(ticket);
        String notify = null;
        if (step.action() == EscalationAction.NOTIFY_TEAM_LEAD || step.action() == EscalationAction.ESCALATE_MANAGER) {
            String lead = owner == null ? null : owner.teamLeadId();
            String rung = owner == null ? null
                    : step.action() == EscalationAction.NOTIFY_TEAM_LEAD ? lead : owner.managerId();
            if (rung != null) {
                // The rung's person hears it, with everyone below on the ladder (assignee, and the
                // lead once the manager is reached); nobody above hears it before their own rung.
                if (step.action() == EscalationAction.ESCALATE_MANAGER) {
                    addIfPresent(audience, lead);
                }
                audience.add(rung);
                notify = rung;
            } else {
                // Nobody owns the ticket, or the owner names nobody for this rung: the queue's
                // supervisors take it, by name.
                Set<String> supervisors = queueSupervisors(ticket);
                audience.addAll(supervisors);
                notify = supervisors.isEmpty() ? null : String.join(",", supervisors);
            }
        }
        SlaEscalated escalated = new SlaEscalated(run.now, ticket.id(), clock.metric(), clock.stepsFired(),
                step.action(), notify, DomainEvent.ROUTER, "sla_escalation");
        run.emit(escalated);
        run.notify(ticket, escalated, audience, notify);
        switch (step.action()) {
            case RAISE_PRIORITY:
                if (ticket.priority() == Priority.URGENT) {
                    return true;
                }
                run.emit(new TicketReprioritized(run.now, ticket.id(), ticket.priority().raised(), ticket.tier(),
                        DomainEvent.ROUTER, "sla_escalation"));
                run.routeTicket(ticket);
                return false;
            case MOVE_TO_HIGHER_TIER:
                return !moveUp(run, ticket, owner);
            case REASSIGN:
                if (!ticket.status().isWithAgent()) {
                    return true;
                }
                String former = ticket.assignee();
                run.emit(new TicketReleased(run.now, ticket.id(), former, true, DomainEvent.ROUTER, "sla_escalation"));
                run.pushUpdate(ticket, former);
                run.routeTicket(ticket);
                run.routeAgent(state.agents.get(former));
                return false;
            default:
                return true;
        }
    }

    /** Requires one tier above the owner's (or the current minimum); false if already at the top. */
    private boolean moveUp(Run run, Ticket ticket, AgentProfile owner) {
        SupportTier current = owner != null ? owner.tier() : ticket.minTier();
        if (ticket.status() == TicketStatus.OFFERED) {
            current = state.agents.get(state.offers.get(ticket.offerId()).agentId()).profile().tier();
        }
        if (current == SupportTier.L4) {
            return false;
        }
        SupportTier next = current == null ? SupportTier.L2 : SupportTier.values()[current.ordinal() + 1];
        String former = ticket.assignee();
        if (ticket.status() == TicketStatus.OFFERED) {
            run.revokeOffer(ticket, "sla_escalation");
        } else if (ticket.status().isWithAgent()) {
            run.emit(new TicketReleased(run.now, ticket.id(), former, true, DomainEvent.ROUTER, "sla_escalation"));
            run.pushUpdate(ticket, former);
        } else if (!ticket.status().isRouting()) {
            return false;
        }
        run.emit(new TicketTransferred(run.now, ticket.id(), ticket.queue(), ticket.queue(), null, next,
                DomainEvent.ROUTER, "sla_escalation"));
        run.emit(new TicketQueued(run.now, ticket.id(), ticket.queue(), null, 0, DomainEvent.ROUTER, "sla_escalation"));
        run.routeTicket(ticket);
        run.routeFreedAgents();
        if (former != null) {
            run.routeAgent(state.agents.get(former));
        }
        return true;
    }

    private void emit(Run run, Ticket ticket, DomainEvent.AlertEvent event, String mustAct) {
        run.emit(event);
        run.notify(ticket, event, frontLine(ticket), mustAct);
    }

    /**
     * Who hears a ticket's SLA alerts below the escalation ladder (warnings, breaches, follow-ups,
     * compensation): its assignee; the queue's supervisors while nobody owns it. Team leads and
     * managers hear only their own rung of the ladder ({@link #escalate}); the rest stays on the
     * timeline. Mutable, in a stable order.
     */
    Set<String> frontLine(Ticket ticket) {
        Set<String> people = new LinkedHashSet<>();
        if (ticket.assignee() != null) {
            people.add(ticket.assignee());
        } else {
            people.addAll(queueSupervisors(ticket));
        }
        return people;
    }

    /**
     * The supervisors of the ticket's queue, sorted; of the default queue when the ticket's queue
     * names none (or was removed from the configuration), so an escalation always reaches someone
     * named, as long as the configuration names a supervisor there.
     */
    Set<String> queueSupervisors(Ticket ticket) {
        Set<String> people = new TreeSet<>();
        state.config.queue(ticket.queue()).ifPresent(queue -> people.addAll(queue.supervisors()));
        if (people.isEmpty()) {
            state.config.queue(state.config.defaultQueue()).ifPresent(queue -> people.addAll(queue.supervisors()));
        }
        return people;
    }

    private static void addIfPresent(Set<String> people, String id) {
        if (id != null) {
            people.add(id);
        }
    }
}
