package io.switchboard.core.sla;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An SLA policy: when every non-empty condition holds (first matching policy wins), the ticket's
 * clocks get these targets, counted in {@code calendar}'s open hours, with warnings at the given
 * fractions of each target (ascending) and the escalation ladder after a breach.
 */
public record SlaPolicy(
        String name,
        Set<CustomerTier> tiers,
        Set<Priority> priorities,
        Set<Channel> channels,
        Set<String> types,
        Set<String> queues,
        SlaTargets targets,
        BusinessCalendar calendar,
        List<Double> warnings,
        List<EscalationStep> escalation) {

    public SlaPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(calendar, "calendar");
        tiers = Set.copyOf(tiers);
        priorities = Set.copyOf(priorities);
        channels = Set.copyOf(channels);
        types = Set.copyOf(types);
        queues = Set.copyOf(queues);
        warnings = List.copyOf(warnings);
        escalation = List.copyOf(escalation);
    }

    /** A ticket without a type matches only policies with no type condition. */
    public boolean matches(CustomerTier tier, Priority priority, Channel channel, String type, String queue) {
        return (tiers.isEmpty() || tiers.contains(tier))
                && (priorities.isEmpty() || priorities.contains(priority))
                && (channels.isEmpty() || channels.contains(channel))
                && (types.isEmpty() || (type != null && types.contains(type)))
                && (queues.isEmpty() || (queue != null && queues.contains(queue)));
    }
}
