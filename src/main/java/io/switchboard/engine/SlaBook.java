package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.CompensationLevel;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaClock;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.SlaTargets;
import io.switchboard.core.sla.TicketSla;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state side of SLA: how each applied event moves a ticket's clocks (start, pause in
 * pending_customer, stop on reply or resolution, re-target on a new policy) and which timers it
 * arms. Called only from {@link EngineState#apply}, so replay rebuilds the same clocks. The policy
 * comes from the events ({@link SlaDecision}), never from today's configuration, except for legacy
 * tickets journaled before decisions were recorded (their decision is null). Timers
 * carry a token (the time that armed them) and are ignored when the ticket has moved on.
 */
final class SlaBook {
    /** The metrics in order, copied once (values() copies on every call). */
    private static final SlaMetric[] METRICS = SlaMetric.values();

    private final SlaConfig config;
    private final TimerQueue timers;
    /** Stand-ins for removed calendars, one per name, so every ticket on it shares one instance. */
    private final Map<String, BusinessCalendar> fallbackCalendars = new HashMap<>();

    SlaBook(SlaConfig config, TimerQueue timers) {
        this.config = config;
        this.timers = timers;
    }

    SlaConfig config() {
        return config;
    }

    /** Adjusts the ticket's SLA state after {@code event} was applied; {@code before} is the old status. */
    void afterEvent(Ticket ticket, TicketStatus before, TicketEvent event) {
        long at = event.at();
        TicketSla sla = ticket.sla();
        TicketStatus now = ticket.status();
        if (event instanceof TicketCreated created) {
            if (created.sla() != null) {
                applyDecision(ticket, created.sla(), at);
            } else {
                choosePolicy(ticket, at);
            }
        } else if (event instanceof SlaPolicyApplied applied) {
            applyDecision(ticket, applied.decision(), at);
        } else if (event instanceof TicketReplied) {
            stop(sla, SlaMetric.FIRST_RESPONSE, at);
            stop(sla, SlaMetric.NEXT_RESPONSE, at);
        } else if (event instanceof CustomerMessaged) {
            SlaClock first = sla.clock(SlaMetric.FIRST_RESPONSE);
            SlaClock next = sla.clock(SlaMetric.NEXT_RESPONSE);
            // Measured from the first unanswered message: a second message does not restart it.
            if (next != null && !next.isRunning() && !next.isPaused() && (first == null || first.stoppedAt() != 0)) {
                next.start(at);
            }
        } else if (event instanceof TicketResolved) {
            sla.forEachClock(c -> c.stop(at));
            sla.resolvedAt(at);
            arm(config.autoCloseMillis(), at, TimerQueue.Kind.AUTO_CLOSE, ticket);
        } else if (event instanceof TicketReopened) {
            restart(sla, SlaMetric.RESOLUTION, at);
            sla.resolvedAt(0);
        } else if (event instanceof TicketClosed) {
            sla.forEachClock(c -> c.stop(at));
        } else if (sla.decision() == null && SlaChoice.mayChangePolicy(event) && (!(event instanceof TicketQueued)
                || policyChanges(ticket))) {
            // A legacy ticket (decision not recorded): chosen again from the configuration, as the
            // build that journaled it did. Recorded tickets get a SlaPolicyApplied event instead.
            choosePolicy(ticket, at);
        } else if (event instanceof TicketTransferred transferred && transferred.team() != null) {
            long limit = config.handoffLimitMillis().getOrDefault(transferred.team(), 0L);
            if (limit > 0) {
                sla.handoff(transferred.team(), at + limit);
                timers.schedule(at + limit, TimerQueue.Kind.HANDOFF, ticket.id(), at + limit);
            }
        } else if (event instanceof TicketAssigned) {
            sla.handoff(null, 0);
        } else if (event instanceof SlaWarning e) {
            sla.clock(e.metric()).markWarningFired();
        } else if (event instanceof SlaBreached e) {
            sla.clock(e.metric()).markBreached(e.dueAt());
        } else if (event instanceof SlaEscalated e) {
            sla.clock(e.metric()).markStepFired();
        } else if (event instanceof CompensationIssued e) {
            sla.markCompensationIssued(e.level());
        }
        if (before != TicketStatus.PENDING_CUSTOMER && now == TicketStatus.PENDING_CUSTOMER) {
            sla.forEachClock(c -> c.pause(at));
            sla.pendingSince(at);
            arm(config.pendingReminderMillis(), at, TimerQueue.Kind.PENDING_REMINDER, ticket);
        } else if (before == TicketStatus.PENDING_CUSTOMER && now != TicketStatus.PENDING_CUSTOMER) {
            sla.forEachClock(c -> c.resume(at));
            sla.pendingSince(0);
        }
        // Alerts change no routing state, but they happened: a replay must not raise them again.
        if (event instanceof IdleEscalated e) {
            sla.idleEscalatedFor(e.idleSince());
        } else if (event instanceof DomainEvent.HandoffOverdue e) {
            sla.handoffAlertedFor(e.deadline());
        } else if (event instanceof DomainEvent.PendingReminder e) {
            sla.remindedFor(e.pendingSince());
        } else if (event instanceof DomainEvent.FollowUpRequested e && sla.followUpDueAt() == 0) {
            // One open follow-up at a time: a breach while one is open is covered by the same contact,
            // due by the earlier deadline.
            sla.followUpDueAt(e.dueAt());
            timers.schedule(e.dueAt(), TimerQueue.Kind.FOLLOW_UP, ticket.id(), e.dueAt());
        } else if (event instanceof DomainEvent.FollowUpDone) {
            sla.followUpDueAt(0);
        } else if (event instanceof DomainEvent.FollowUpOverdue e) {
            sla.followUpOverdueFor(e.dueAt());
        } else if (event instanceof DomainEvent.TicketUnroutable e) {
            sla.unroutableAlertedFor(e.waitingSince());
        }
        if (!DomainEvent.ROUTER.equals(event.actor()) || event instanceof TicketAssigned) {
            sla.lastActivityAt(at);
            if (now == TicketStatus.ASSIGNED && config.idleEscalationMillis() > 0 && sla.idleTimerAt() == 0) {
                armIdle(ticket, at + config.idleEscalationMillis());
            }
        }
        scheduleWake(ticket);
    }

    /**
     * Legacy tickets only: picks the first matching policy for the ticket as it is now from the
     * configuration and moves the clocks over, keeping time already spent.
     */
    private void choosePolicy(Ticket ticket, long at) {
        SlaPolicy policy = config.policyFor(ticket.tier(), ticket.priority(), ticket.channel(), ticket.draft().type(),
                ticket.queue()).orElse(null);
        ticket.sla().policy(policy);
        setClocks(ticket, policy == null ? SlaDecision.NONE.targets() : SlaChoice.targets(policy),
                policy == null ? null : policy.calendar(), at);
    }

    /**
     * Applies a recorded decision: its targets and calendar, never today's policy definition. The
     * policy (looked up by name) contributes only its warnings and escalation ladder; a removed
     * policy leaves a stand-in without them, so the recorded deadlines and breaches still hold. A
     * removed calendar falls back to 24x7 (the restart's log names both, see {@link ConfigChanges}).
     */
    private void applyDecision(Ticket ticket, SlaDecision decision, long at) {
        TicketSla sla = ticket.sla();
        sla.decision(decision);
        if (decision.policy() == null) {
            sla.policy(null);
            setClocks(ticket, decision.targets(), null, at);
            return;
        }
        sla.policy(policyFor(decision));
        setClocks(ticket, decision.targets(), calendarFor(decision), at);
    }

    /**
     * The policy a recorded decision naming a policy stands for: today's definition of that name,
     * or a stand-in with the recorded targets and no warnings or ladder when it was removed. The
     * same decision always yields an equal policy (a ticket rebuilt from its parked form relies on it).
     */
    SlaPolicy policyFor(SlaDecision decision) {
        SlaPolicy live = config.policy(decision.policy()).orElse(null);
        if (live == null) {
            live = new SlaPolicy(decision.policy(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                    new SlaTargets(decision.target(SlaMetric.FIRST_RESPONSE), decision.target(SlaMetric.NEXT_RESPONSE),
                            decision.target(SlaMetric.RESOLUTION)), calendarFor(decision), List.of(), List.of());
        }
        return live;
    }

    /** The calendar a recorded decision naming a policy counts in (a removed one falls back to 24x7). */
    BusinessCalendar calendarFor(SlaDecision decision) {
        BusinessCalendar calendar = config.calendar(decision.calendar()).orElse(null);
        if (calendar == null) {
            calendar = fallbackCalendars.computeIfAbsent(String.valueOf(decision.calendar()),
                    name -> BusinessCalendar.alwaysOpen(name, ZoneOffset.UTC));
        }
        return calendar;
    }

    /** Moves the clocks to {@code targets}; a clock new to the ticket counts from its creation. */
    private static void setClocks(Ticket ticket, Map<SlaMetric, Long> targets, BusinessCalendar calendar, long at) {
        TicketSla sla = ticket.sla();
        for (SlaMetric metric : SlaMetric.values()) {
            long target = targets.getOrDefault(metric, 0L);
            SlaClock clock = sla.clock(metric);
            if (target <= 0) {
                sla.removeClock(metric);
            } else if (clock != null) {
                clock.retarget(target, calendar, at);
            } else {
                clock = new SlaClock(metric, target, calendar);
                sla.putClock(clock);
                if (metric != SlaMetric.NEXT_RESPONSE && startsWithTicket(ticket, metric)) {
                    clock.start(ticket.createdAt());
                    if (ticket.status() == TicketStatus.PENDING_CUSTOMER) {
                        clock.pause(at);
                    }
                }
            }
        }
    }

    /** Legacy tickets: true when the ticket, as it is now (e.g. in a new queue), matches another policy. */
    private boolean policyChanges(Ticket ticket) {
        return config.policyFor(ticket.tier(), ticket.priority(), ticket.channel(), ticket.draft().type(),
                ticket.queue()).orElse(null) != ticket.sla().policy();
    }

    /** A clock added after creation counts from creation unless its stopping event already happened. */
    static boolean startsWithTicket(Ticket ticket, SlaMetric metric) {
        boolean replied = ticket.timeline().stream().anyMatch(e -> e instanceof TicketReplied);
        boolean resolved = ticket.status() == TicketStatus.RESOLVED || ticket.status() == TicketStatus.CLOSED;
        return metric == SlaMetric.FIRST_RESPONSE ? !replied && !resolved : !resolved;
    }

    /** Arms the wake-up for the ticket's earliest pending SLA threshold, if it moved. */
    void scheduleWake(Ticket ticket) {
        long next = nextThreshold(ticket.sla());
        if (next != Long.MAX_VALUE && next != ticket.sla().wakeAt()) {
            ticket.sla().wakeAt(next);
            timers.schedule(next, TimerQueue.Kind.SLA_WAKE, ticket.id(), next);
        }
    }

    /** The earliest instant at which a warning, breach, escalation step or compensation falls due. */
    long nextThreshold(TicketSla sla) {
        SlaPolicy policy = sla.policy();
        long earliest = Long.MAX_VALUE;
        if (policy == null) {
            return earliest;
        }
        for (SlaMetric metric : METRICS) {
            SlaClock clock = sla.clock(metric);
            if (clock == null || !clock.isRunning()) {
                continue;
            }
            long target = clock.targetMillis();
            if (clock.warningsFired() < policy.warnings().size()) {
                earliest = Math.min(earliest, clock.instantAtElapsed(warningAt(policy, clock)));
            }
            EscalationStep step = nextStep(policy, clock);
            if (step != null && step.beforeBreach()) {
                earliest = Math.min(earliest, clock.instantAtElapsed(target + step.afterMillis()));
            }
            if (!clock.isBreached()) {
                earliest = Math.min(earliest, clock.dueAt());
                continue;
            }
            if (step != null && !step.beforeBreach()) {
                earliest = Math.min(earliest, clock.breachedAt() + step.afterMillis());
            }
            List<CompensationLevel> levels = config.compensation();
            for (int i = 0; i < levels.size(); i++) {
                if (!sla.compensationIssued(i)) {
                    earliest = Math.min(earliest, clock.breachedAt() + levels.get(i).overdueMillis());
                    break;
                }
            }
        }
        return earliest;
    }

    /** Business millis at which the clock's next warning falls due. */
    static long warningAt(SlaPolicy policy, SlaClock clock) {
        return (long) Math.ceil(policy.warnings().get(clock.warningsFired()) * clock.targetMillis());
    }

    static EscalationStep nextStep(SlaPolicy policy, SlaClock clock) {
        return clock.stepsFired() < policy.escalation().size() ? policy.escalation().get(clock.stepsFired()) : null;
    }

    /**
     * Arms the ticket's single idle check. When it fires, {@link CareTimers} escalates if the
     * ticket has been quiet long enough, or re-arms it for the latest activity.
     */
    void armIdle(Ticket ticket, long due) {
        ticket.sla().idleTimerAt(due);
        timers.schedule(due, TimerQueue.Kind.IDLE, ticket.id(), due);
    }

    private void arm(long delay, long at, TimerQueue.Kind kind, Ticket ticket) {
        if (delay > 0) {
            timers.schedule(at + delay, kind, ticket.id(), at);
        }
    }

    private static void stop(TicketSla sla, SlaMetric metric, long at) {
        SlaClock clock = sla.clock(metric);
        if (clock != null) {
            clock.stop(at);
        }
    }

    private static void restart(TicketSla sla, SlaMetric metric, long at) {
        SlaClock clock = sla.clock(metric);
        if (clock != null) {
            clock.restartStopped(at);
        }
    }
}
