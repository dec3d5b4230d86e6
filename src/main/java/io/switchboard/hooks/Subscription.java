package io.switchboard.hooks;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One webhook endpoint and what it wants. Empty {@code types}, {@code queues}, {@code channels} or
 * {@code createdBy} mean "any". {@code owner} is the integration that manages the subscription
 * ({@code key:NAME}; null for the admin's and the configuration's): an owned subscription only ever
 * gets events of tickets that owner created, and no agent events. {@code secrets} holds the current
 * secret first and, during a rotation, the previous one (every message is signed with both).
 * {@code source} is {@code config} (from the YAML, read-only through the API) or {@code api}.
 * {@code disabledReason} is null while enabled ({@code gone}: the endpoint answered 410).
 */
public record Subscription(String id, String url, Set<String> types, Set<String> queues, Set<String> channels,
        Set<String> createdBy, String owner, List<String> secrets, String source, String disabledReason,
        long createdAt) {
    /** Every webhook event type, in the order docs/webhooks.md lists them. */
    public static final List<String> TYPES = List.of("ticket.created", "ticket.offered", "ticket.assigned",
            "ticket.replied", "ticket.pending", "ticket.resolved", "ticket.reopened", "ticket.closed",
            "ticket.transferred", "customer.message", "sla.warning", "sla.breach", "sla.escalation",
            "sla.compensation", "agent.presence", "ticket.fields_requested", "ticket.fields_supplied");

    public Subscription {
        types = new TreeSet<>(types);
        queues = new TreeSet<>(queues);
        channels = new TreeSet<>(channels);
        createdBy = new TreeSet<>(createdBy);
        secrets = List.copyOf(secrets);
    }

    public boolean enabled() {
        return disabledReason == null;
    }

    public Subscription withSecrets(List<String> replaced) {
        return new Subscription(id, url, types, queues, channels, createdBy, owner, replaced, source, disabledReason,
                createdAt);
    }

    public Subscription disabled(String reason) {
        return new Subscription(id, url, types, queues, channels, createdBy, owner, secrets, source, reason,
                createdAt);
    }

    /** Whether an event of {@code type} about a ticket (null for agent events) goes to this endpoint. */
    boolean wants(String type, TicketContext ticket) {
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        if (ticket == null) {
            return owner == null && queues.isEmpty() && channels.isEmpty() && createdBy.isEmpty();
        }
        if (owner != null && !owner.equals(ticket.createdBy())) {
            return false;
        }
        return (queues.isEmpty() || queues.contains(ticket.queue()))
                && (channels.isEmpty() || channels.contains(ticket.channel()))
                && (createdBy.isEmpty() || createdBy.contains(ticket.createdBy()));
    }
}
