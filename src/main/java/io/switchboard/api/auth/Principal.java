package io.switchboard.api.auth;

import io.switchboard.config.RateLimit;
import io.switchboard.config.Role;

/**
 * An authenticated caller. {@code id} is the agent/person id for tokens (the JWT {@code sub}) and
 * {@code key:NAME} for API keys; it is recorded as the actor of what the caller does.
 * {@code expiresAt} is epoch millis ({@link Long#MAX_VALUE} for API keys); {@code rateKey} names
 * the caller's token bucket.
 */
public record Principal(String id, Role role, long expiresAt, String rateKey, RateLimit rate, String actor) {
    public Principal(String id, Role role, long expiresAt, String rateKey, RateLimit rate) {
        this(id, role, expiresAt, rateKey, rate, actorOf(id, role));
    }

    /**
     * How the timeline names this caller: {@code key:NAME}, or {@code ROLE:SUB} (e.g. {@code agent:alice});
     * made once with the principal (every request that changes a ticket records it).
     */
    private static String actorOf(String id, Role role) {
        return id.startsWith("key:") ? id : role.wire() + ":" + id;
    }

    public boolean is(Role other) {
        return role == other;
    }
}
