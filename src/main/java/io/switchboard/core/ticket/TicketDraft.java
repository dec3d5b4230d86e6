package io.switchboard.core.ticket;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an intake channel submits: syntactically valid (checked by the adapter), not yet checked
 * against the configuration. Optional members are null ({@code language}, {@code queue},
 * {@code subject}, {@code description}, {@code type}); collections are never null.
 */
public record TicketDraft(
        Channel channel,
        Priority priority,
        Customer customer,
        String type,
        String subject,
        String description,
        List<SkillRequirement> requiredSkills,
        String language,
        Set<String> tags,
        Map<String, String> fields,
        String queue) {

    public TicketDraft {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(customer, "customer");
        requiredSkills = List.copyOf(requiredSkills);
        // the engine keeps every ticket's draft: an empty set or map costs nothing, not ~170 bytes
        tags = tags.isEmpty() ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        fields = fields.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }
}
