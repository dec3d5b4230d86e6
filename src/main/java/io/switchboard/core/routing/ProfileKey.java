package io.switchboard.core.routing;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.SupportTier;
import java.util.SortedMap;
import java.util.SortedSet;

/** The part of an agent profile routing looks at; agents with equal keys share one group. */
record ProfileKey(String team, SupportTier tier, SortedMap<String, Integer> skills, SortedSet<String> languages) {
    static ProfileKey of(AgentProfile profile) {
        return new ProfileKey(profile.team(), profile.tier(), profile.skills(), profile.languages());
    }
}
