package io.switchboard.api.ws;

import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a socket could not write yet because the client reads too slowly. Messages keep their
 * order; an informational message with a coalescing key (the latest state of one ticket, the
 * agent's presence) replaces the waiting one with the same key and moves to the end, so a slow
 * client gets the latest state once instead of every intermediate one. Messages without a key
 * (offers, assignments, acks, errors, alerts) are never dropped; {@link #critical()} counts them
 * so the socket can give up on a client that stays too slow.
 *
 * <p>Not thread-safe: owned by the socket's event loop. Time is passed in (epoch millis).
 * {@code M} is the socket's message type (a JSON object, or one already encoded).
 */
final class Outbox<M> {
    private final Map<Object, M> pending = new LinkedHashMap<>();
    private int critical;
    private long backlogSince = -1;

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Queues {@code message}; {@code coalesceKey} null = must be delivered as is. */
    void add(M message, String coalesceKey, long now) {
        if (pending.isEmpty()) {
            backlogSince = now;
        }
        if (coalesceKey == null) {
            pending.put(new Object(), message);
            critical++;
        } else {
            pending.remove(coalesceKey);
            pending.put(coalesceKey, message);
        }
    }

    /** The oldest waiting message, removed; null when empty. */
    M poll() {
        Iterator<Map.Entry<Object, M>> it = pending.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<Object, M> first = it.next();
        it.remove();
        if (!(first.getKey() instanceof String)) {
            critical--;
        }
        if (pending.isEmpty()) {
            backlogSince = -1;
        }
        return first.getValue();
    }

    int size() {
        return pending.size();
    }

    /** Waiting messages that cannot be coalesced. */
    int critical() {
        return critical;
    }

    /** Since when messages have been waiting (epoch millis), or -1 when none are. */
    long backlogSince() {
        return backlogSince;
    }

    /** The coalescing key of a {@code ticket_updated} message about ticket {@code id}. */
    static String ticketKey(String id) {
        return "ticket:" + id;
    }

    /**
     * The coalescing key of a server message: {@code ticket_updated} per ticket,
     * {@code presence_changed} per socket; null for every other type.
     */
    static String coalesceKey(JsonObject message) {
        String type = message.getString("type");
        if ("ticket_updated".equals(type) && message.getValue("ticket") instanceof JsonObject ticket) {
            return ticketKey(ticket.getString("id"));
        }
        return "presence_changed".equals(type) ? "presence" : null;
    }
}
