package io.switchboard.hooks;

import java.util.Map;

/**
 * What a webhook needs to know about a ticket beyond the event at hand: the filters' inputs
 * ({@code queue} now, {@code channel}, {@code createdBy} — the creating caller's actor, e.g.
 * {@code key:chatbot}) and the ticket's references for the system that created it
 * ({@code customerId}, the {@code Idempotency-Key} it was created with — often the bot's
 * conversation id — and its {@code fields}). {@code idempotencyKey} is nullable.
 */
record TicketContext(String channel, String queue, String createdBy, String customerId, String idempotencyKey,
        Map<String, String> fields) {
    TicketContext {
        fields = Map.copyOf(fields);
    }

    TicketContext inQueue(String moved) {
        return new TicketContext(channel, moved, createdBy, customerId, idempotencyKey, fields);
    }
}
