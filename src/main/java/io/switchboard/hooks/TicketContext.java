package io.switchboard.hooks;

import java.util.Map;

/**
 * What a webhook needs to know about a ticket beyond the event at hand: the filters' inputs
 * ({@code queue} now, {@code channel}, {@code createdBy} — the creating caller's actor, e.g.
 * {@code key:chatbot}) and the ticket's references for the system that created it
 * ({@code customerId}, the {@code Idempotency-Key} it was created with — often the bot's
 * conversation id — and its {@code fields}) and, for a chatbot handoff, the platform's
 * {@code conversation} a reply must be delivered to ({@code platform}, {@code conversationId} and
 * the platform's references, e.g. a Bot Framework service URL). {@code idempotencyKey} and
 * {@code conversation} are nullable.
 */
record TicketContext(String channel, String queue, String createdBy, String customerId, String idempotencyKey,
        Map<String, String> fields, Map<String, String> conversation) {
    TicketContext {
        fields = Map.copyOf(fields);
        conversation = conversation == null ? null : Map.copyOf(conversation);
    }

    TicketContext(String channel, String queue, String createdBy, String customerId, String idempotencyKey,
            Map<String, String> fields) {
        this(channel, queue, createdBy, customerId, idempotencyKey, fields, null);
    }

    TicketContext inQueue(String moved) {
        return new TicketContext(channel, moved, createdBy, customerId, idempotencyKey, fields, conversation);
    }

    /** Field values a later customer message supplied join the ticket's fields (one already set stays). */
    TicketContext filled(Map<String, String> supplied) {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        supplied.forEach(all::putIfAbsent);
        return new TicketContext(channel, queue, createdBy, customerId, idempotencyKey, all, conversation);
    }

    /** This ticket came from a chatbot handoff: {@code handoff}'s platform, conversation and references. */
    TicketContext handedOver(io.switchboard.core.ticket.Handoff handoff) {
        Map<String, String> c = new java.util.LinkedHashMap<>(handoff.reference());
        c.put("platform", handoff.platform());
        c.put("conversationId", handoff.conversationId());
        return new TicketContext(channel, queue, createdBy, customerId, idempotencyKey, fields, c);
    }
}
