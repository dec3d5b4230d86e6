package io.switchboard.api.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use WebSocket connection tickets: a browser cannot set {@code Authorization} on a
 * WebSocket, so it trades its credential over HTTPS for a random ticket valid for a few seconds
 * and passes that as {@code ?ticket=}. A ticket leaked through a URL log is useless once redeemed
 * or expired. Shared by every event loop of the node (tickets are node-local).
 */
final class WsTickets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final long ttlMillis;

    WsTickets(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    private record Entry(Principal principal, long expiresAt) {}

    /** A new ticket for {@code principal}, redeemable once until {@code now + ttl}. */
    String issue(Principal principal, long now) {
        if (open.size() > SWEEP_ABOVE) {
            open.values().removeIf(e -> e.expiresAt() <= now);
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String ticket = "wst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        open.put(ticket, new Entry(principal, Math.min(now + ttlMillis, principal.expiresAt())));
        return ticket;
    }

    long ttlMillis() {
        return ttlMillis;
    }

    /** The ticket's principal, or null when unknown, used or expired; the ticket is gone after this. */
    Principal redeem(String ticket, long now) {
        Entry entry = ticket == null ? null : open.remove(ticket);
        return entry == null || entry.expiresAt() <= now ? null : entry.principal();
    }
}
