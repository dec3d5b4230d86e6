package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.store.legacy.TicketCreatedUpcaster;
import io.switchboard.store.legacy.TicketCreatedV1;
import java.util.ArrayList;
import java.util.List;

/**
 * Journals as the build before recorded decisions (schema 1) wrote them: the same events without
 * {@link SlaPolicyApplied}, and every {@link TicketCreated} in its schema-1 shape read back through
 * the upcaster (so its decision is null). Under an unchanged configuration the old build decided
 * exactly what today's does, so this is the journal it would have written.
 */
final class LegacyJournals {
    private LegacyJournals() {
    }

    static List<DomainEvent> strip(List<DomainEvent> journal) {
        List<DomainEvent> legacy = new ArrayList<>(journal.size());
        for (DomainEvent event : journal) {
            if (event instanceof SlaPolicyApplied) {
                continue;
            }
            if (event instanceof TicketCreated e) {
                legacy.add(TicketCreatedUpcaster.upcast(new TicketCreatedV1(e.at(), e.ticketId(), e.seq(), e.draft(),
                        e.queue(), e.actor(), e.reason(), e.idempotencyKey(), e.fingerprint())));
            } else {
                legacy.add(event);
            }
        }
        return legacy;
    }
}
