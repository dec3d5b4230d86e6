package io.switchboard.store.legacy;

import io.switchboard.core.event.DomainEvent.TicketReplied;

/**
 * Test-only legacy shape: a pretend version 1 of {@link TicketReplied} that had no {@code reason}.
 * Proves the upcasting path end to end (EventCodecTest) the way a real legacy record in
 * src/main/java/io/switchboard/store/legacy/ would be used.
 */
public record TicketRepliedWithoutReasonV1(long at, String ticketId, String message, String actor) {
    /** Version 1 had no reason: replies then were always agent replies. */
    public TicketReplied upcast() {
        return new TicketReplied(at, ticketId, message, actor, "agent_reply");
    }
}
