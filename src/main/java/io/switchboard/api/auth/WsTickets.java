package io.switchboard.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Single-use WebSocket connection tickets: a browser cannot set {@code Authorization} on a
 * WebSocket, so it trades its credential over HTTPS for a random ticket valid for a few seconds
 * and passes that as {@code ?ticket=}. A ticket leaked through a URL log is useless once redeemed
 * or expired. Shared by every event loop of the node (tickets are node-local).
 *
 * <p>Unredeemed tickets sit in a bounded Caffeine cache: each is dropped once its TTL has passed,
 * and beyond {@code maxOpen} unredeemed tickets the least useful go first. Both only ever make a
 * ticket unusable (the client asks for a new one), never one usable longer: the expiry written in
 * the entry is checked on redemption whatever the cache still holds.
 */
final class WsTickets {
    /** Unredeemed tickets at once; issuing is authenticated and rate-limited, so this is a backstop. */
    static final long DEFAULT_MAX_OPEN = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cache<String, Entry> open;
    private final long ttlMillis;

    WsTickets(long ttlMillis) {
        this(ttlMillis, DEFAULT_MAX_OPEN, Ticker.systemTicker());
    }

    WsTickets(long ttlMillis, long maxOpen, Ticker ticker) {
        this.ttlMillis = ttlMillis;
        this.open = Caffeine.newBuilder()
                .maximumSize(maxOpen)
                .expireAfterWrite(Duration.ofMillis(ttlMillis))
                .ticker(ticker)
                .build();
    }

    private record Entry(Principal principal, long expiresAt) {}

    /** A new ticket for {@code principal}, redeemable once until {@code now + ttl}. */
    String issue(Principal principal, long now) {
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
        Entry entry = ticket == null ? null : open.asMap().remove(ticket);
        return entry == null || entry.expiresAt() <= now ? null : entry.principal();
    }

    /** Unredeemed tickets held now (after pending evictions are applied). */
    long held() {
        open.cleanUp();
        return open.estimatedSize();
    }
}
