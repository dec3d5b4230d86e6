package io.switchboard.api.handoff;

import io.switchboard.engine.Rejection.FieldError;
import java.util.List;

/** What a platform's payload means: a handoff, invalid members, or a delivery that is no handoff. */
public sealed interface HandoffMapping {
    record Mapped(HandoffRequest request) implements HandoffMapping {}

    /** Every bad member, each with its JSON pointer into the platform's payload. */
    record Invalid(List<FieldError> errors) implements HandoffMapping {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * A well-formed delivery of the platform that hands nothing over (Chatwoot sends every message
     * of a conversation, a bot's own included): acknowledged, nothing changes.
     */
    record Ignored(String reason) implements HandoffMapping {}
}
