package io.switchboard.config;

import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.ticket.Priority;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The {@code queues} section: queue definitions and their overflow steps, validated. */
final class QueueSection {
    private QueueSection() {
    }

    static Map<String, QueueDefinition> read(ConfigNode node, Set<String> skills, Set<String> teams) {
        Map<String, QueueDefinition> queues = new LinkedHashMap<>();
        Map<String, ConfigNode> moveTargets = new LinkedHashMap<>();
        for (ConfigNode q : node.items()) {
            q.onlyKeys(Set.of("name", "requiredSkills", "teams", "strategy", "overflow", "supervisors"));
            String name = q.get("name").string();
            if (!ConfigLoader.NAME.matcher(name).matches()) {
                throw q.get("name").error("'" + name + "' is not a valid queue name");
            }
            if (queues.containsKey(name)) {
                throw q.get("name").error("queue '" + name + "' is defined twice");
            }
            Map<String, Integer> required = ConfigLoader.skillLevels(q.get("requiredSkills"), skills);
            List<String> queueTeams = q.get("teams").strings();
            for (int i = 0; i < queueTeams.size(); i++) {
                ConfigLoader.requireKnown(q.get("teams").items().get(i), queueTeams.get(i), teams, "team");
            }
            SelectionStrategy strategy = ConfigLoader.enumValue(q.get("strategy"), SelectionStrategy.parse(
                    q.get("strategy").string("least_loaded")), SelectionStrategy.values());
            List<OverflowStep> steps = new ArrayList<>();
            long previous = -1;
            for (ConfigNode s : q.get("overflow").items()) {
                OverflowStep step = overflowStep(s, teams, moveTargets);
                if (step.afterMillis() <= previous) {
                    throw s.get("after").error("overflow steps must be in increasing order of 'after'");
                }
                previous = step.afterMillis();
                steps.add(step);
            }
            queues.put(name, new QueueDefinition(name, new TreeMap<>(required), queueTeams, strategy, steps,
                    q.get("supervisors").strings()));
        }
        moveTargets.forEach((target, at) -> ConfigLoader.requireQueue(at, target, queues));
        return queues;
    }

    private static OverflowStep overflowStep(ConfigNode s, Set<String> teams, Map<String, ConfigNode> moveTargets) {
        s.onlyKeys(Set.of("after", "lowerSkillLevel", "widenToTeams", "moveToQueue", "raisePriority"));
        long after = s.get("after").duration(null) == null ? -1 : s.get("after").duration(null).toMillis();
        if (after < 0) {
            throw s.get("after").error("is required (e.g. 60s)");
        }
        List<OverflowStep> actions = new ArrayList<>();
        if (!s.get("lowerSkillLevel").isMissing()) {
            actions.add(new OverflowStep.LowerSkillLevel(after, s.get("lowerSkillLevel").integer(1, 4, 1)));
        }
        if (!s.get("widenToTeams").isMissing()) {
            List<String> widen = s.get("widenToTeams").strings();
            for (int i = 0; i < widen.size(); i++) {
                ConfigLoader.requireKnown(s.get("widenToTeams").items().get(i), widen.get(i), teams, "team");
            }
            actions.add(new OverflowStep.WidenTeams(after, widen));
        }
        if (!s.get("moveToQueue").isMissing()) {
            String target = s.get("moveToQueue").string();
            moveTargets.put(target, s.get("moveToQueue"));
            actions.add(new OverflowStep.MoveToQueue(after, target));
        }
        if (!s.get("raisePriority").isMissing()) {
            ConfigNode p = s.get("raisePriority");
            actions.add(new OverflowStep.RaisePriority(after, ConfigLoader.enumValue(p, Priority.parse(p.string()),
                    Priority.values())));
        }
        if (actions.size() != 1) {
            throw s.error("each overflow step needs exactly one of lowerSkillLevel, widenToTeams, moveToQueue, "
                    + "raisePriority");
        }
        return actions.get(0);
    }
}
