package io.switchboard.engine;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.HandoffOverdue;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.PendingReminder;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.sla.TicketSla;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The timers that look after a ticket beyond its SLA clocks: a handoff not accepted in time, a
 * ticket pending on the customer too long (remind the agent), an assigned ticket left idle
 * (escalate to the supervisors), a resolved ticket the customer never answers (close it). Each
 * timer's token is the instant that armed it; a ticket that moved on since ignores it. The idle
 * check is one timer per ticket, re-armed from the latest activity, so a busy ticket does not
 * leave a stale timer behind per reply.
 */
final class CareTimers {
    private final EngineState state;
    private final SlaDecisions decisions;

    CareTimers(EngineState state, SlaDecisions decisions) {
        this.state = state;
        this.decisions = decisions;
    }

    void fire(Run run, TimerQueue.Timer timer) {
        Ticket ticket = state.tickets.get(timer.ref());
        if (ticket == null) {
            return;
        }
        switch (timer.kind()) {
            case HANDOFF:
                if (ticket.status().isRouting() && ticket.sla().handoffDeadline() == timer.token()
                        && ticket.sla().handoffAlertedFor() != timer.token()) {
                    emit(run, ticket, new HandoffOverdue(run.now, ticket.id(), ticket.sla().handoffTeam(),
                            timer.token(), DomainEvent.ROUTER, "handoff_not_accepted"), supervisors(ticket));
                }
                break;
            case PENDING_REMINDER:
                if (ticket.status() == TicketStatus.PENDING_CUSTOMER && ticket.sla().pendingSince() == timer.token()
                        && ticket.sla().remindedFor() != timer.token()) {
                    emit(run, ticket, new PendingReminder(run.now, ticket.id(), ticket.assignee(), timer.token(),
                            DomainEvent.ROUTER, "contact_customer"), Set.of(ticket.assignee()));
                }
                break;
            case IDLE:
                idle(run, ticket, timer);
                break;
            case UNROUTABLE:
                if (ticket.status() == TicketStatus.QUEUED && ticket.queuedAt() == timer.token()
                        && ticket.sla().unroutableAlertedFor() != timer.token()
                        && !state.dispatcher.anyQualified(state.demandOf(ticket))) {
                    emit(run, ticket, new DomainEvent.TicketUnroutable(run.now, ticket.id(), ticket.queue(),
                            timer.token(), DomainEvent.ROUTER, "no_agent_can_take"), decisions.queueSupervisors(ticket));
                }
                break;
            case FOLLOW_UP:
                if (ticket.status() != TicketStatus.CLOSED && ticket.sla().followUpDueAt() == timer.token()
                        && ticket.sla().followUpOverdueFor() != timer.token()) {
                    emit(run, ticket, new DomainEvent.FollowUpOverdue(run.now, ticket.id(), ticket.assignee(),
                            timer.token(), DomainEvent.ROUTER, "follow_up_overdue"), overdueAudience(ticket));
                }
                break;
            case AUTO_CLOSE:
                if (ticket.status() == TicketStatus.RESOLVED && ticket.sla().resolvedAt() == timer.token()) {
                    run.emit(new TicketClosed(run.now, ticket.id(), DomainEvent.ROUTER, "no_customer_reply"));
                    run.pushUpdate(ticket, ticket.assignee());
                }
                break;
            default:
                throw new IllegalArgumentException("not a care timer: " + timer);
        }
    }

    /** The one idle timer of a ticket: escalate a quiet spell once, or wait for the latest activity. */
    private void idle(Run run, Ticket ticket, TimerQueue.Timer timer) {
        TicketSla sla = ticket.sla();
        if (sla.idleTimerAt() != timer.token()) {
            return;
        }
        sla.idleTimerAt(0);
        if (ticket.status() != TicketStatus.ASSIGNED) {
            return;
        }
        long due = sla.lastActivityAt() + state.sla.config().idleEscalationMillis();
        // Activity since this timer was armed: wait for the latest, at its own place in time (re-armed
        // at or before now, it fires later in this same tick). Comparing with the timer's due, not
        // with now, keeps the order of a late tick's events independent of when the timer was re-armed,
        // which the journal does not record: a restarted engine fires them as the live one does.
        if (due > timer.due()) {
            state.sla.armIdle(ticket, due);
        } else if (sla.idleEscalatedFor() != sla.lastActivityAt()) {
            emit(run, ticket, new IdleEscalated(run.now, ticket.id(), ticket.assignee(), sla.lastActivityAt(),
                    DomainEvent.ROUTER, "no_activity"), supervisors(ticket));
        }
    }

    /**
     * An overdue follow-up goes to whoever had to do it and the next rung up: the assignee and its
     * team lead; the queue's supervisors when the ticket has no assignee or the assignee names no lead.
     */
    private Set<String> overdueAudience(Ticket ticket) {
        Set<String> people = decisions.frontLine(ticket);
        Agent owner = ticket.assignee() == null ? null : state.agents.get(ticket.assignee());
        if (owner != null && owner.profile().teamLeadId() != null) {
            people.add(owner.profile().teamLeadId());
        } else {
            people.addAll(decisions.queueSupervisors(ticket));
        }
        return people;
    }

    /** The owner's lead and manager and the queue's supervisors: whoever supervises this ticket. */
    private Set<String> supervisors(Ticket ticket) {
        Set<String> people = new LinkedHashSet<>();
        Agent owner = ticket.assignee() == null ? null : state.agents.get(ticket.assignee());
        if (owner != null) {
            addIfPresent(people, owner.profile().teamLeadId());
            addIfPresent(people, owner.profile().managerId());
        }
        state.config.queue(ticket.queue()).ifPresent(queue -> people.addAll(queue.supervisors()));
        if (owner != null) {
            people.remove(owner.id());
        }
        return people;
    }

    private static void addIfPresent(Set<String> people, String id) {
        if (id != null) {
            people.add(id);
        }
    }

    private static void emit(Run run, Ticket ticket, DomainEvent.AlertEvent event, Set<String> recipients) {
        run.emit(event);
        run.notify(ticket, event, recipients, null);
    }
}
