package io.switchboard.api.handoff;

import io.switchboard.core.ticket.Handoff;
import io.switchboard.core.ticket.TicketDraft;
import java.util.Map;

/**
 * A handoff read from a platform's payload: the ticket to open, the conversation to record on it,
 * and, for the engine's own checks (a language no agent speaks, ...), where each draft member came
 * from in the platform's payload ({@code pointers}: draft pointer such as {@code /language} to
 * payload pointer such as {@code /languageCode}).
 */
public record HandoffRequest(TicketDraft draft, Handoff handoff, Map<String, String> pointers) {
    public HandoffRequest {
        pointers = Map.copyOf(pointers);
    }

    /** The payload pointer of a draft pointer; the draft pointer itself when unknown. */
    public String payloadPointer(String draftPointer) {
        return pointers.getOrDefault(draftPointer, draftPointer);
    }
}
