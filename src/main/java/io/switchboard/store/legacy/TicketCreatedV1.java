package io.switchboard.store.legacy;

import io.switchboard.core.ticket.TicketDraft;

/**
 * {@code TicketCreated} as journaled by schema 1 (builds up to commit 225d425), before SLA
 * decisions were recorded: a frozen copy of that record's components, in their order, so the
 * codec can decode old journals after today's record gained components. Never change it; convert
 * with {@link TicketCreatedUpcaster#upcast}.
 */
public record TicketCreatedV1(long at, String ticketId, long seq, TicketDraft draft, String queue, String actor,
        String reason, String idempotencyKey, String fingerprint) {}
