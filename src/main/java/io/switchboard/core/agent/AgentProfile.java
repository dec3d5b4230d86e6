package io.switchboard.core.agent;

import io.switchboard.core.ticket.Channel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an administrator configures about an agent (the body of {@code PUT /v1/agents/{id}}).
 * Skills map a skill name to a proficiency 1–5; capacity maps a channel to the number of tickets
 * the agent handles at once on it (absent = 0). {@code teamLeadId} and {@code managerId} may be
 * null. Collections are copied into sorted, immutable form so equal profiles compare equal.
 */
public record AgentProfile(
        String id,
        String name,
        String team,
        SupportTier tier,
        SortedMap<String, Integer> skills,
        SortedSet<String> languages,
        Map<Channel, Integer> capacity,
        boolean autoAccept,
        String teamLeadId,
        String managerId) {

    public AgentProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(tier, "tier");
        skills = Collections.unmodifiableSortedMap(new TreeMap<>(skills));
        languages = Collections.unmodifiableSortedSet(new TreeSet<>(languages));
        EnumMap<Channel, Integer> cap = new EnumMap<>(Channel.class);
        cap.putAll(capacity);
        capacity = Collections.unmodifiableMap(cap);
    }

    public static AgentProfile of(String id, String name, String team, SupportTier tier, Map<String, Integer> skills,
            Set<String> languages, Map<Channel, Integer> capacity, boolean autoAccept, String teamLeadId,
            String managerId) {
        return new AgentProfile(id, name, team, tier, new TreeMap<>(skills), new TreeSet<>(languages), capacity,
                autoAccept, teamLeadId, managerId);
    }

    public int capacityOn(Channel channel) {
        return capacity.getOrDefault(channel, 0);
    }

    public int skillLevel(String skill) {
        return skills.getOrDefault(skill, 0);
    }
}
