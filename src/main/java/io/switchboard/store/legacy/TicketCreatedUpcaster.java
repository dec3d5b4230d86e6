package io.switchboard.store.legacy;

import io.switchboard.core.event.DomainEvent.TicketCreated;

/**
 * Reads a schema-1 {@code TicketCreated} as today's record. Schema 1 did not record the SLA
 * decision, so {@code sla} is null, which the engine reads as "not recorded: legacy ticket" and
 * chooses the policy from the configuration while replaying, exactly as the build that wrote the
 * journal did. Everything else is carried over unchanged.
 *
 * <p>Register as the upcaster of {@code TicketCreated} version 1 → 2.
 */
public final class TicketCreatedUpcaster {
    private TicketCreatedUpcaster() {
    }

    public static TicketCreated upcast(TicketCreatedV1 v1) {
        return new TicketCreated(v1.at(), v1.ticketId(), v1.seq(), v1.draft(), v1.queue(), v1.actor(), v1.reason(),
                v1.idempotencyKey(), v1.fingerprint(), null);
    }
}
