package io.switchboard.core.routing;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A queue (技能组): the skills its tickets need (name → minimum level), the teams allowed to serve
 * it (empty = any team), how it picks an agent, its overflow steps (ordered by time) and the
 * supervisors who watch it.
 */
public record QueueDefinition(
        String name,
        SortedMap<String, Integer> requiredSkills,
        List<String> teams,
        SelectionStrategy strategy,
        List<OverflowStep> overflow,
        List<String> supervisors) {

    public QueueDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        requiredSkills = Collections.unmodifiableSortedMap(new TreeMap<>(requiredSkills));
        teams = List.copyOf(teams);
        overflow = List.copyOf(overflow);
        supervisors = List.copyOf(supervisors);
    }
}
