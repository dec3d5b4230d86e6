package io.switchboard.metrics;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;

/**
 * What {@link EngineMetrics} knows of one ticket it tracks: the labels its events are counted
 * under and what was already counted. {@code createdAt}, {@code channel} and {@code type} never
 * change after creation (so a resolved ticket's can be read back from the engine); the rest follow
 * the ticket's events as the metrics see them. Confined to the engine loop.
 */
final class TicketLabels {
    final long createdAt;
    final Channel channel;
    final String type;
    CustomerTier tier;
    Priority priority;
    String queue;
    String policy;
    boolean assigned;
    boolean resolved;
    boolean firstResponseCounted;

    TicketLabels(long createdAt, Channel channel, CustomerTier tier, Priority priority, String type, String queue) {
        this.createdAt = createdAt;
        this.channel = channel;
        this.tier = tier;
        this.priority = priority;
        this.type = type;
        this.queue = queue;
    }
}
