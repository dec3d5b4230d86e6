package io.switchboard.core.routing;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.TicketDraft;
import java.util.Objects;
import java.util.Set;

/**
 * A routing rule: if every non-empty condition holds, the ticket goes to {@code queue}. Within a
 * condition any listed value matches (for tags: any tag of the ticket). Rules are tried in config
 * order and the first match wins.
 */
public record RoutingRule(
        String name,
        Set<String> types,
        Set<Channel> channels,
        Set<String> tags,
        Set<CustomerTier> tiers,
        Set<String> languages,
        String queue) {

    public RoutingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        types = Set.copyOf(types);
        channels = Set.copyOf(channels);
        tags = Set.copyOf(tags);
        tiers = Set.copyOf(tiers);
        languages = Set.copyOf(languages);
    }

    public boolean matches(TicketDraft draft) {
        return matchesOptional(types, draft.type())
                && (channels.isEmpty() || channels.contains(draft.channel()))
                && (tags.isEmpty() || draft.tags().stream().anyMatch(tags::contains))
                && (tiers.isEmpty() || tiers.contains(draft.customer().tier()))
                && matchesOptional(languages, draft.language());
    }

    /** An absent value (null) matches only an empty condition; {@code Set.copyOf} sets reject null lookups. */
    private static boolean matchesOptional(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }
}
