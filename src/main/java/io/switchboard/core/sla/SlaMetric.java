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

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
