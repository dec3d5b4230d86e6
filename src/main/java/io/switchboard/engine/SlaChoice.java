package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaClock;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * The decision side of SLA policy choice: which policy applies to a ticket now (first match of
 * today's configuration), as an {@link SlaDecision} to record in the journal. Only commands and
 * timers call this; applying events never does (except for legacy tickets, see {@link SlaBook}).
 */
final class SlaChoice {
    private SlaChoice() {
    }

    /** True for the events after which a ticket may match another policy. */
    static boolean mayChangePolicy(TicketEvent event) {
        return event instanceof TicketReprioritized
                || event instanceof TicketOverflowed overflowed && overflowed.applied() instanceof OverflowStep.RaisePriority
                || event instanceof TicketQueued;
    }

    /** The timeline reason of a re-choice after {@code trigger}. */
    static String reasonAfter(TicketEvent trigger) {
        if (trigger instanceof TicketReprioritized) {
            return "priority_changed";
        }
        return trigger instanceof TicketOverflowed ? "priority_raised" : "queue_changed";
    }

    /** The decision for a new ticket created at {@code createdAt}: clocks other than next response start then. */
    static SlaDecision atCreation(SlaConfig config, CustomerTier tier, Priority priority, Channel channel, String type,
            String queue, long createdAt) {
        SlaPolicy policy = config.policyFor(tier, priority, channel, type, queue).orElse(null);
        if (policy == null) {
            return SlaDecision.NONE;
        }
        Map<SlaMetric, Long> targets = targets(policy);
        Map<SlaMetric, Long> deadlines = new EnumMap<>(SlaMetric.class);
        targets.forEach((metric, target) -> {
            if (metric != SlaMetric.NEXT_RESPONSE) {
                deadlines.put(metric, policy.calendar().addBusinessMillis(createdAt, target));
            }
        });
        return new SlaDecision(policy.name(), policy.calendar().name(), targets, deadlines);
    }

    /** The first policy of today's configuration that matches the ticket as it is now, or null. */
    static SlaPolicy policyFor(SlaConfig config, Ticket ticket) {
        return config.policyFor(ticket.tier(), ticket.priority(), ticket.channel(), ticket.draft().type(),
                ticket.queue()).orElse(null);
    }

    /** True when {@code policy} (nullable) sets the clocks {@code decision} set: nothing to record. */
    static boolean sameChoice(SlaPolicy policy, SlaDecision decision) {
        if (policy == null || decision.policy() == null) {
            return policy == null && decision.policy() == null;
        }
        if (!policy.name().equals(decision.policy()) || !policy.calendar().name().equals(decision.calendar())) {
            return false;
        }
        for (SlaMetric metric : SlaMetric.values()) {
            if (Math.max(0, policy.targets().of(metric)) != decision.target(metric)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decision to record for {@code policy} (nullable) on {@code ticket} at {@code now}; its
     * deadlines are what the clocks will show once it is applied (time already spent is kept, a
     * breach stays at its deadline).
     */
    static SlaDecision applying(SlaPolicy policy, Ticket ticket, long now) {
        if (policy == null) {
            return SlaDecision.NONE;
        }
        BusinessCalendar calendar = policy.calendar();
        Map<SlaMetric, Long> targets = targets(policy);
        Map<SlaMetric, Long> deadlines = new EnumMap<>(SlaMetric.class);
        targets.forEach((metric, target) -> {
            SlaClock clock = ticket.sla().clock(metric);
            if (clock != null) {
                if (clock.isRunning()) {
                    deadlines.put(metric, clock.isBreached() ? clock.breachedAt()
                            : calendar.addBusinessMillis(now, Math.max(0, target - clock.elapsed(now))));
                }
            } else if (metric != SlaMetric.NEXT_RESPONSE && SlaBook.startsWithTicket(ticket, metric)
                    && ticket.status() != TicketStatus.PENDING_CUSTOMER) {
                deadlines.put(metric, calendar.addBusinessMillis(ticket.createdAt(), target));
            }
        });
        return new SlaDecision(policy.name(), calendar.name(), targets, deadlines);
    }

    /** The policy's targets, clocks without a target left out. */
    static Map<SlaMetric, Long> targets(SlaPolicy policy) {
        Map<SlaMetric, Long> targets = new EnumMap<>(SlaMetric.class);
        for (SlaMetric metric : SlaMetric.values()) {
            long target = policy.targets().of(metric);
            if (target > 0) {
                targets.put(metric, target);
            }
        }
        return targets;
    }
}
