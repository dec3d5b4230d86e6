package io.switchboard.core.routing;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.ticket.Channel;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a waiting ticket asks of an agent: a channel with free capacity, every skill at its
 * minimum level, the language (null = any), one of the teams (empty = any) and at least the
 * support tier (null = any). Tickets with equal demands share one dispatcher bucket.
 */
public record Demand(Channel channel, String language, SortedMap<String, Integer> skills, Set<String> teams,
        SupportTier minTier) {

    public Demand {
        Objects.requireNonNull(channel, "channel");
        skills = Collections.unmodifiableSortedMap(new TreeMap<>(skills));
        teams = teams.isEmpty() ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(teams));
    }

    /** True when an agent with this profile meets every condition except channel capacity. */
    boolean isMetBy(ProfileKey profile) {
        if (language != null && !profile.languages().contains(language)) {
            return false;
        }
        if (!teams.isEmpty() && !teams.contains(profile.team())) {
            return false;
        }
        if (minTier != null && !profile.tier().atLeast(minTier)) {
            return false;
        }
        for (var required : skills.entrySet()) {
            if (profile.skills().getOrDefault(required.getKey(), 0) < required.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Sum of the profile's levels over this demand's skills: the most_skilled score. */
    int proficiency(ProfileKey profile) {
        int sum = 0;
        for (String skill : skills.keySet()) {
            sum += profile.skills().getOrDefault(skill, 0);
        }
        return sum;
    }
}
