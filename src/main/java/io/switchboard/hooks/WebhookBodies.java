package io.switchboard.hooks;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Each event's webhook body encoded once for every subscription that sends it, not once per
 * subscription: a body depends only on the event and the ticket's context (the subscription shows
 * up in the {@code webhook-id} header, not the body), and subscriptions read the same events from
 * the same buffer within moments of each other.
 *
 * <p>How: a direct-mapped table of the latest {@link #SLOTS} positions. A hit needs the same
 * position, the same event instance and an equal ticket context (a subscription restarted from an
 * older saved context may see a ticket differently; it then encodes its own). A miss encodes and
 * takes the slot. Trade-off: a subscription far behind the others misses and encodes, as before.
 *
 * <p>Threading: confined to the dispatcher's context (every worker of one dispatcher shares one).
 */
final class WebhookBodies {
    static final int SLOTS = 1 << 13;

    private final long[] positions = new long[SLOTS];
    private final DomainEvent[] events = new DomainEvent[SLOTS];
    private final TicketContext[] tickets = new TicketContext[SLOTS];
    private final byte[][] bodies = new byte[SLOTS][];

    WebhookBodies() {
        java.util.Arrays.fill(positions, -1);
    }

    /** The UTF-8 body of {@code event} at {@code position} ({@link WebhookPayloads#body}), or null when it has none. */
    byte[] body(long position, String type, DomainEvent event, TicketContext ticket) {
        int slot = (int) (position & (SLOTS - 1));
        if (positions[slot] == position && events[slot] == event && Objects.equals(tickets[slot], ticket)) {
            return bodies[slot];
        }
        JsonObject json = WebhookPayloads.body(type, event, ticket);
        byte[] body = json == null ? null : json.toBuffer().getBytes();
        positions[slot] = position;
        events[slot] = event;
        tickets[slot] = ticket;
        bodies[slot] = body;
        return body;
    }
}
