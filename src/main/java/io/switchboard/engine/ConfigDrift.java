package io.switchboard.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journal refers to that the configuration no longer has (a queue, SLA policy, calendar,
 * team or agent removed between restarts), gathered while the engine is rebuilt so a restart can
 * name every such case once. Each case is one item with what happens to it and the tickets or
 * agents it concerns. Collecting stops once the restart has taken the findings, so a long-running
 * engine keeps no list.
 *
 * <p>Threading: single-writer, like the rest of the engine state.
 */
final class ConfigDrift {
    /** Cases listed per item; beyond this many ids only a count is kept. */
    private static final int IDS_SHOWN = 10;

    private record Key(String kind, String name, String effect) {}

    private final Map<Key, Set<String>> cases = new LinkedHashMap<>();
    private boolean collecting = true;

    /** Notes that {@code subject} (a ticket or agent id) refers to the removed {@code kind} {@code name}. */
    void note(String kind, String name, String subject, String effect) {
        if (collecting) {
            cases.computeIfAbsent(new Key(kind, name, effect), k -> new LinkedHashSet<>()).add(subject);
        }
    }

    /** One line per removed item and effect, in the order first met; stops collecting. */
    List<String> take() {
        collecting = false;
        List<String> lines = new ArrayList<>();
        cases.forEach((key, subjects) -> {
            List<String> ids = new ArrayList<>(subjects);
            String shown = String.join(", ", ids.subList(0, Math.min(IDS_SHOWN, ids.size())))
                    + (ids.size() > IDS_SHOWN ? " and " + (ids.size() - IDS_SHOWN) + " more" : "");
            lines.add(key.kind() + " '" + key.name() + "' is no longer configured: " + shown + " "
                    + key.effect());
        });
        cases.clear();
        return List.copyOf(lines);
    }
}
