package io.switchboard.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cases of journaled state referring to configuration that is gone, collected so a restart can
 * name each removed item once: one line per item and effect, with the tickets (or agents) it
 * concerns, at most {@value #IDS_SHOWN} of them by id and the rest as a count.
 */
final class ConfigDrift {
    private static final int IDS_SHOWN = 10;

    private record Key(String kind, String name, String effect) {}

    private final Map<Key, Set<String>> cases = new LinkedHashMap<>();

    /** {@code subject} (ticket ids, or an agent's tickets) refers to the removed {@code kind} {@code name}. */
    void note(String kind, String name, String subject, String effect) {
        cases.computeIfAbsent(new Key(kind, name, effect), k -> new LinkedHashSet<>()).add(subject);
    }

    /** One line per removed item and effect, in the order first met. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        cases.forEach((key, subjects) -> {
            List<String> ids = new ArrayList<>(subjects);
            String shown = String.join(", ", ids.subList(0, Math.min(IDS_SHOWN, ids.size())))
                    + (ids.size() > IDS_SHOWN ? " and " + (ids.size() - IDS_SHOWN) + " more" : "");
            lines.add(key.kind() + " '" + key.name() + "' is no longer configured: tickets " + shown + " "
                    + key.effect());
        });
        return List.copyOf(lines);
    }
}
