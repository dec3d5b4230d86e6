package io.switchboard.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Who a caller is to Switchboard (docs/security.md has the full table): an {@code integration}
 * creates tickets and handles the ones it created; an {@code agent} works its own tickets over its
 * own WebSocket; a {@code supervisor} sees the tickets, agents and alerts of the people it leads or
 * manages and the queues it supervises; an {@code admin} may do everything.
 */
public enum Role {
    INTEGRATION, AGENT, SUPERVISOR, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
