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
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }
}
