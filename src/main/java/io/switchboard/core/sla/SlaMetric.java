package io.switchboard.core.sla;

import java.util.Locale;

/** The three clocks of a ticket. */
public enum SlaMetric {
    /** From creation to the first agent reply. */
    FIRST_RESPONSE,
    /** From each customer message to the next agent reply. */
    NEXT_RESPONSE,
    /** From creation to resolution. */
    RESOLUTION;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
