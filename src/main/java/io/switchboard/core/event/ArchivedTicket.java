package io.switchboard.core.event;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import java.util.Map;

/**
 * A closed ticket as the engine last held it, recorded in {@link DomainEvent.TicketArchived} when
 * the ticket leaves memory: everything a read of the ticket shows that its timeline alone does not
 * (effective required skills, final queue, assignee, team, tier, SLA outcome). The history store
 * keeps it as the ticket's row; the timeline events are stored beside it.
 *
 * <p>{@code requiredSkills} are the effective requirements at archive time; {@code assignee},
 * {@code team}, {@code minTier}, {@code slaPolicy} and {@code createdBy} are nullable. {@code clocks}
 * holds one entry per SLA clock the policy set.
 */
public record ArchivedTicket(String id, long seq, TicketStatus status, Priority priority, CustomerTier tier,
        TicketDraft draft, List<SkillRequirement> requiredSkills, String queue, String assignee, String team,
        SupportTier minTier, long createdAt, long updatedAt, String createdBy, String slaPolicy,
        Map<SlaMetric, ClockOutcome> clocks) {
    public ArchivedTicket {
        requiredSkills = List.copyOf(requiredSkills);
        clocks = Map.copyOf(clocks);
    }

    /**
     * One SLA clock's outcome: its business-time target, deadline ({@code -1} when stopped or
     * paused), when it stopped ({@code 0} = never), when it was breached ({@code 0} = met so far),
     * the business millis it ran, and the business seconds that were left when it stopped
     * (negative when overdue; null if it never started).
     */
    public record ClockOutcome(long targetMillis, long dueAt, long stoppedAt, long breachedAt, long elapsedMillis,
            Long remainingSeconds) {
        public boolean breached() {
            return breachedAt != 0;
        }
    }
}
