package io.switchboard.core.routing;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing configuration, already validated (the YAML loader names the key of any error).
 * Durations are milliseconds. {@code skills} and {@code teams} are the catalogues the config
 * declares; agents may add skills of their own.
 *
 * @param exclusionTtlMillis    how long an agent that rejected a ticket, let its offer expire or
 *                              handed it off is kept from that ticket (0 = until a free agent is missing)
 * @param unroutableAfterMillis how long a ticket no known agent can take waits before its queue's
 *                              supervisors are alerted ({@code ticket_unroutable}; 0 = never)
 */
public record RoutingConfig(
        Set<String> skills,
        Set<String> teams,
        Map<String, QueueDefinition> queues,
        List<RoutingRule> rules,
        String defaultQueue,
        Map<Channel, Long> offerTimeoutMillis,
        boolean offerTimeoutSetsAway,
        long disconnectGraceMillis,
        long preferredAgentWindowMillis,
        Map<CustomerTier, Long> tierHeadStartMillis,
        Map<Priority, Long> priorityHeadStartMillis,
        List<AgentProfile> agents,
        long exclusionTtlMillis,
        long unroutableAfterMillis) {

    public static final long DEFAULT_OFFER_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_GRACE_MILLIS = 120_000;
    public static final long DEFAULT_PREFERRED_WINDOW_MILLIS = 30_000;
    public static final long DEFAULT_EXCLUSION_TTL_MILLIS = 5 * 60_000;
    public static final long DEFAULT_UNROUTABLE_AFTER_MILLIS = 5 * 60_000;

    /** Exclusions and the unroutable alert at their defaults. */
    public RoutingConfig(Set<String> skills, Set<String> teams, Map<String, QueueDefinition> queues,
            List<RoutingRule> rules, String defaultQueue, Map<Channel, Long> offerTimeoutMillis,
            boolean offerTimeoutSetsAway, long disconnectGraceMillis, long preferredAgentWindowMillis,
            Map<CustomerTier, Long> tierHeadStartMillis, Map<Priority, Long> priorityHeadStartMillis,
            List<AgentProfile> agents) {
        this(skills, teams, queues, rules, defaultQueue, offerTimeoutMillis, offerTimeoutSetsAway,
                disconnectGraceMillis, preferredAgentWindowMillis, tierHeadStartMillis, priorityHeadStartMillis, agents,
                DEFAULT_EXCLUSION_TTL_MILLIS, DEFAULT_UNROUTABLE_AFTER_MILLIS);
    }

    public RoutingConfig {
        skills = Set.copyOf(skills);
        teams = Set.copyOf(teams);
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
        rules = List.copyOf(rules);
        EnumMap<Channel, Long> timeouts = new EnumMap<>(Channel.class);
        timeouts.putAll(offerTimeoutMillis);
        offerTimeoutMillis = Collections.unmodifiableMap(timeouts);
        tierHeadStartMillis = Map.copyOf(tierHeadStartMillis);
        priorityHeadStartMillis = Map.copyOf(priorityHeadStartMillis);
        agents = List.copyOf(agents);
        if (exclusionTtlMillis < 0 || unroutableAfterMillis < 0) {
            throw new IllegalArgumentException("exclusionTtl and unroutableAfter must not be negative");
        }
        if (!queues.containsKey(defaultQueue)) {
            throw new IllegalArgumentException("defaultQueue names no queue: " + defaultQueue);
        }
    }

    public long offerTimeout(Channel channel) {
        return offerTimeoutMillis.getOrDefault(channel, DEFAULT_OFFER_TIMEOUT_MILLIS);
    }

    /** The queue of the first matching rule, else the default queue. */
    public String queueFor(TicketDraft draft) {
        for (RoutingRule rule : rules) {
            if (rule.matches(draft)) {
                return rule.queue();
            }
        }
        return defaultQueue;
    }

    public Optional<QueueDefinition> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    public TicketOrdering ordering() {
        return new LinearAgingOrdering(tierHeadStartMillis, priorityHeadStartMillis);
    }
}
