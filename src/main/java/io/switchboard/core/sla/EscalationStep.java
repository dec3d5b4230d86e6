package io.switchboard.core.sla;

import java.util.Objects;

/**
 * One rung of an escalation ladder. {@code afterMillis} counts from the breach in wall-clock
 * time ({@code 0} = at the breach); a negative value fires that much business time before the
 * deadline instead.
 */
public record EscalationStep(long afterMillis, EscalationAction action) {
    public EscalationStep {
        Objects.requireNonNull(action, "action");
    }

    public boolean beforeBreach() {
        return afterMillis < 0;
    }
}
