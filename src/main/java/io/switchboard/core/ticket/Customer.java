package io.switchboard.core.ticket;

import java.util.Objects;

/** The customer behind a ticket. {@code name} may be null. */
public record Customer(String id, CustomerTier tier, String name) {
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
    }
}
